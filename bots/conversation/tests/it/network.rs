//! Network announcements end to end through the conversation layer: a farmer writes one in the
//! dialogue, the network's coordinator approves it from chat, the outbox rows go to the AMAP
//! admins of the network, and `BotDeliver` renders them; members list it; expiry ends it all.
//! `setup` also prepares the network used by the `@setup network` transcripts.

use chrono::{DateTime, Duration, Utc};
use panier_conversation::notify::{BotDeliver, RecordingTransport};
use panier_conversation::{Bot, ChatKind, Incoming, Reply, Transport};
use panier_core::demo::{self, DemoInfo};
use panier_core::model::{Role, TimeWindow};
use panier_core::scheduler::dispatcher::{self, DispatchConfig};
use panier_core::store::directory::{self, AmapFields, MemberFields};
use panier_core::store::{Store, accounts, import_support};
use panier_core::types::{Email, MemberId, Slug};
use panier_core::usecases::{Panier, network};

use crate::transcript::render;

/// The network's coordinator (no AMAP of their own).
pub const COORDINATION: &str = "coordination@reseau-rhone.example.org";
/// The admin of the network's second AMAP.
pub const VOISINS_ADMIN: &str = "bureau@amap-voisins.example.org";

/// Puts the demo AMAP in « Réseau AMAP Rhône » with a second AMAP, and names a coordinator.
pub async fn setup(store: &Store, now: DateTime<Utc>) -> (MemberId, MemberId) {
    let mut c = store.conn().await.expect("conn");
    let slug = Slug::parse("rhone").expect("slug");
    network::create_network(&mut c, &slug, "Réseau AMAP Rhône", now).await.expect("network");
    network::attach_amap(&mut c, "rhone", demo::DEMO_AMAP).await.expect("attach");
    let mut people = Vec::new();
    for (email, first, last) in [(COORDINATION, "Nadia", "Benali"), (VOISINS_ADMIN, "Hélène", "Morel")] {
        let fields = MemberFields {
            email: Email::parse(email).expect("email"),
            first_name: first.into(),
            last_name: last.into(),
            phone: None,
        };
        people.push(directory::upsert_member(&mut c, &fields, now).await.expect("member"));
    }
    let voisins = directory::upsert_amap(
        &mut c,
        &AmapFields {
            slug: Slug::parse("voisins").expect("slug"),
            name: "AMAP des Voisins".into(),
            network_id: None,
            timezone: chrono_tz::Europe::Paris,
            place_name: "Préau de l'école".into(),
            address: "2 rue Neuve, Lyon".into(),
            latitude: Some(45.76),
            longitude: Some(4.88),
            weekday: chrono::Weekday::Thu,
            window: TimeWindow::parse("18:00", "19:30").expect("window"),
            duty_slots: 2,
            default_language: "fr".into(),
            contact_email: None,
        },
        now,
    )
    .await
    .expect("amap");
    network::attach_amap(&mut c, "rhone", "voisins").await.expect("attach");
    directory::grant_role(&mut c, people[1], Role::Admin(voisins), Some(voisins)).await.expect("role");
    directory::grant_role(&mut c, people[1], Role::Member(voisins), Some(voisins)).await.expect("role");
    network::grant_network_admin(&mut c, "rhone", &Email::parse(COORDINATION).expect("e"))
        .await
        .expect("grant");
    (people[0], people[1])
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
}

fn say(sender: &str, text: &str) -> Incoming {
    Incoming {
        transport: Transport::Telegram,
        chat_id: sender.to_owned(),
        sender: sender.to_owned(),
        text: text.to_owned(),
        lang_hint: None,
        chat_kind: ChatKind::Private,
        is_button: text.starts_with('/'),
    }
}

fn shown(replies: &[Reply]) -> String {
    render(replies).join("\n")
}

struct World {
    store: Store,
    bot: Bot,
    info: DemoInfo,
}

impl World {
    async fn new(now: DateTime<Utc>) -> World {
        let path = std::env::temp_dir().join(format!(
            "panier_network_{}_{}.db",
            std::process::id(),
            now.timestamp_subsec_nanos()
                ^ std::time::UNIX_EPOCH.elapsed().map(|d| d.subsec_nanos()).unwrap_or(0)
        ));
        let store = Store::open(&path.to_string_lossy()).await.expect("open");
        let info = demo::seed(&store, now.date_naive(), now).await.expect("seed");
        let (coordination, voisins_admin) = setup(&store, now).await;
        let mut c = store.conn().await.expect("conn");
        for (member, id) in [
            (info.farmers[0], "2001"),
            (info.admin, "1000"),
            (info.members[3], "1003"),
            (coordination, "3001"),
            (voisins_admin, "3002"),
        ] {
            accounts::link_account(&mut c, member, "telegram", id, id, now).await.expect("link");
        }
        drop(c);
        let bot = Bot::new(Panier::new(store.clone()));
        World { store, bot, info }
    }

    async fn say(&self, who: &str, text: &str, now: DateTime<Utc>) -> String {
        shown(&self.bot.handle(&say(who, text), now).await)
    }

    /// (member, chat, state) of the announcement rows in the outbox, by chat.
    async fn rows(&self, kind: &str) -> Vec<(i64, String, String)> {
        let mut c = self.store.conn().await.expect("conn");
        let tables = import_support::dump(&mut c).await.expect("dump");
        // Columns: id, dedupe_key, kind, member_id, transport, chat_id, amap_id, payload, due_at,
        // expires_at, state, …
        let mut rows: Vec<(i64, String, String)> = tables["outbox"]
            .iter()
            .map(|r| r.split('|').map(str::to_owned).collect::<Vec<_>>())
            .filter(|f| f[2] == kind)
            .map(|f| (f[3].parse().expect("member id"), f[5].clone(), f[10].clone()))
            .collect();
        rows.sort_by(|a, b| a.1.cmp(&b.1));
        rows
    }
}

#[tokio::test]
async fn a_farmer_announcement_is_moderated_then_pushed_to_amap_admins() {
    let now = at("2027-05-05T08:00:00Z");
    let w = World::new(now).await;
    // The farmer writes it: kind, product, area, text.
    let asked = w.say("2001", "/annonce", now).await;
    assert!(asked.contains("Quel type d'annonce") && asked.contains("/annonce type paysan"), "{asked}");
    assert!(w.say("2001", "/annonce type paysan", now).await.contains("Quel produit"));
    assert!(w.say("2001", "Légumes", now).await.contains("Dans quel secteur"));
    assert!(w.say("2001", "Monts du Lyonnais", now).await.contains("Votre texte"));
    let sent =
        w.say("2001", "Nous cherchons une AMAP à Lyon, livraison le jeudi. <b>Écrivez-nous</b> !", now).await;
    assert!(sent.contains("n°1") && sent.contains("relecture"), "{sent}");
    assert!(w.rows("announcement").await.is_empty(), "nothing goes out before moderation");
    // The coordinator is told it waits for review, with the two buttons.
    let pending = w.rows("announcement_pending").await;
    assert_eq!(pending.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), ["3001"], "{pending:?}");
    let telegram = BotDeliver::new(w.bot.clone(), RecordingTransport::new("telegram"));
    let cfg = DispatchConfig::new("test");
    let report = dispatcher::run_once(&w.store, &telegram, &cfg, now).await.expect("send");
    assert_eq!(report.sent, 1, "{report:?}");
    let told = telegram.transport_ref().to_chat("3001");
    assert!(told[0].markup.starts_with("⚠️ **Une annonce attend votre relecture**"), "{}", told[0].markup);
    assert!(told[0].buttons.iter().any(|b| b.data == "/annonce valider 1"));

    // A member reads nothing yet and may not write nor moderate.
    assert!(w.say("1003", "/annonces", now).await.contains("Aucune annonce en cours"));
    assert!(w.say("1003", "/annonce", now).await.contains("sont écrites par les paysan·nes"));
    assert!(w.say("1003", "/annonce valider 1", now).await.contains("réservée à la coordination"));

    // The coordinator's help lists the network commands; a member's does not.
    let help = w.say("3001", "/aide", now).await;
    assert!(help.contains("Réseau et annuaire") && help.contains("/annonces —"), "{help}");
    assert!(help.contains("/reseau —") && help.contains("/fiche —"), "{help}");
    let farmer_help = w.say("2001", "/aide", now).await;
    assert!(farmer_help.contains("/annonce —") && farmer_help.contains("/fiche —"), "{farmer_help}");
    assert!(!farmer_help.contains("/reseau"), "the directory view is the coordination's: {farmer_help}");
    assert!(!farmer_help.contains("/contrat "), "farmers countersign, they do not write contracts");
    assert!(!w.say("1003", "/aide", now).await.contains("/annonce"));
    // The coordinator sees it waiting, with its buttons, and approves it.
    let listed = w.say("3001", "/annonces", now).await;
    assert!(listed.contains("1 annonce à relire") && listed.contains("/annonce valider 1"), "{listed}");
    assert!(listed.contains("&lt;b&gt;") || listed.contains("<b>Écrivez-nous</b>"), "{listed}");
    let approved = w.say("3001", "/annonce valider 1", now).await;
    assert!(approved.contains("Annonce n°1 validée") && approved.contains("2 personnes"), "{approved}");
    assert!(w.say("3001", "/annonce valider 1", now).await.contains("déjà été traitée"));
    assert!(w.say("3001", "/annonce refuser 99", now).await.contains("Je ne trouve pas d'annonce n°99"));
    assert!(w.say("3001", "/annonce valider", now).await.contains("/annonce valider 12"));

    // Queued to the admins of both AMAPs of the network, not to plain members.
    let rows = w.rows("announcement").await;
    let chats: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(chats, ["1000", "3002"], "{rows:?}");
    assert_eq!(rows[0].0, w.info.admin.0);

    // Sent through the bot: rendered in the recipient's language, with the list button.
    let telegram = BotDeliver::new(w.bot.clone(), RecordingTransport::new("telegram"));
    let report =
        dispatcher::run_once(&w.store, &telegram, &DispatchConfig::new("test"), now).await.expect("send");
    assert_eq!(report.sent, 2, "{report:?}");
    let got = telegram.transport_ref().to_chat("1000");
    assert_eq!(got.len(), 1);
    assert!(got[0].markup.starts_with("📰 **Paysan cherche AMAP** — Réseau AMAP Rhône"), "{}", got[0].markup);
    assert!(got[0].markup.contains("Ferme des Saules") && got[0].markup.contains("Monts du Lyonnais"));
    assert!(got[0].buttons.iter().any(|b| b.data == "/annonces"));

    // Everyone in the network lists it; after its expiry nobody does.
    assert!(w.say("1003", "/annonces", now).await.contains("n°1 · Paysan cherche AMAP"));
    let later = now + Duration::days(61);
    assert!(w.say("1003", "/annonces", later).await.contains("Aucune annonce en cours"));
    w.store.close().await;
}

#[tokio::test]
async fn network_news_goes_out_at_once_and_expired_rows_are_not_sent() {
    let now = at("2027-05-05T08:00:00Z");
    let w = World::new(now).await;
    assert!(w.say("3001", "/announce news", now).await.contains("Votre texte"));
    let sent = w.say("3001", "Assemblée générale du réseau le samedi 12 juin à Villeurbanne.", now).await;
    assert!(sent.contains("Annonce n°1 publiée"), "{sent}");
    // News reach every reachable member of the network's AMAPs (the author excepted).
    let chats: Vec<String> = w.rows("announcement").await.into_iter().map(|r| r.1).collect();
    assert_eq!(chats, ["1000", "1003", "2001", "3002"]);
    // Sent after the announcement expired: nothing goes out.
    let telegram = BotDeliver::new(w.bot.clone(), RecordingTransport::new("telegram"));
    let later = now + Duration::days(61);
    let report =
        dispatcher::run_once(&w.store, &telegram, &DispatchConfig::new("test"), later).await.expect("send");
    assert_eq!(report.sent, 0, "{report:?}");
    assert!(telegram.transport_ref().to_chat("1003").is_empty());
    w.store.close().await;
}
