//! Member commands checked against the database: what a refused absence leaves (nothing),
//! what an accepted one writes, contract rules the demo does not have, and event answers
//! (the demo seeds no event).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use panier_conversation::{Bot, Incoming, Reply, Transport};
use panier_core::demo::DemoInfo;
use panier_core::model::AbsenceMode;
use panier_core::store::contracts::{self, ContractFields};
use panier_core::store::{Store, accounts, directory, events, subscriptions};
use panier_core::types::{ContractId, Email, MemberId};
use panier_core::usecases::Panier;

const NOW: &str = "2027-05-05T10:00:00+02:00";

struct World {
    store: Store,
    bot: Bot,
    demo: DemoInfo,
    now: DateTime<Utc>,
}

async fn world() -> World {
    let path = std::env::temp_dir().join(format!(
        "panier_member_{}_{}.db",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
    ));
    let store = Store::open(&path.to_string_lossy()).await.expect("open store");
    let now = DateTime::parse_from_rfc3339(NOW).expect("now").with_timezone(&Utc);
    let today = now.with_timezone(&chrono_tz::Europe::Paris).date_naive();
    let demo = panier_core::demo::seed(&store, today, now).await.expect("seed demo");
    let bot = Bot::new(Panier::new(store.clone()));
    World { store, bot, demo, now }
}

impl World {
    /// Links the console account `email` and returns the member.
    async fn link(&self, email: &str) -> MemberId {
        let mut conn = self.store.conn().await.expect("conn");
        let member = directory::member_by_email(&mut conn, &Email::parse(email).expect("email"))
            .await
            .expect("lookup")
            .expect("demo member");
        accounts::link_account(&mut conn, member.id, "console", email, email, self.now).await.expect("link");
        member.id
    }

    async fn say(&self, email: &str, text: &str) -> Vec<Reply> {
        self.bot.handle(&Incoming::private(Transport::Console, email, text), self.now).await
    }

    async fn absences(&self, contract: ContractId, member: MemberId) -> Vec<(NaiveDate, AbsenceMode)> {
        let mut conn = self.store.conn().await.expect("conn");
        let sub = subscriptions::subscription_for(&mut conn, contract, member)
            .await
            .expect("subscription")
            .expect("subscribed");
        subscriptions::absences_of(&mut conn, sub.id)
            .await
            .expect("absences")
            .into_iter()
            .map(|a| (a.scheduled, a.mode))
            .collect()
    }
}

fn text(replies: &[Reply]) -> String {
    replies.iter().map(|r| r.text.plain()).collect::<Vec<_>>().join("\n---\n")
}

fn buttons(replies: &[Reply]) -> Vec<String> {
    replies.iter().flat_map(|r| r.buttons.iter().map(|b| b.data.clone())).collect()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

#[tokio::test]
async fn a_mode_the_contract_does_not_allow_is_refused_and_nothing_is_written() {
    let w = world().await;
    let camille = w.link("camille.petit@example.org").await;
    // The eggs contract only allows handing the basket over.
    {
        let mut conn = w.store.conn().await.expect("conn");
        let k = contracts::contract_by_id(&mut conn, w.demo.eggs).await.expect("load").expect("eggs");
        let mut rules = k.rules.clone();
        rules.absence_modes = vec![AbsenceMode::Handover];
        let fields = ContractFields {
            amap_id: k.amap_id,
            farm_id: k.farm_id,
            slug: k.slug.clone(),
            name: k.name.clone(),
            season: k.season.clone(),
            state: k.state,
            rules,
        };
        contracts::upsert_contract(&mut conn, &fields, w.now).await.expect("update rules");
    }
    // 18 May has vegetables and eggs: only the mode both contracts accept is offered.
    let asked = w.say("camille.petit@example.org", "/absence 18/05").await;
    assert_eq!(buttons(&asked), vec!["/absence 2027-05-18 donner".to_owned()], "{}", text(&asked));

    let refused = w.say("camille.petit@example.org", "/absence 18/05 reporter").await;
    let said = text(&refused);
    assert!(said.contains("Le contrat Œufs ne permet pas de reporter un panier."), "{said}");
    assert_eq!(buttons(&refused), vec!["/absence 2027-05-18 donner".to_owned()]);
    assert!(w.absences(w.demo.vegetables, camille).await.is_empty(), "vegetables must stay untouched");
    assert!(w.absences(w.demo.eggs, camille).await.is_empty(), "eggs must stay untouched");

    // 11 May has only vegetables: postponing is fine there, and written once.
    let done = w.say("camille.petit@example.org", "/absence 11/05 reporter").await;
    assert!(text(&done).contains("reporté au mardi 18 mai"), "{}", text(&done));
    assert_eq!(w.absences(w.demo.vegetables, camille).await, vec![(d("2027-05-11"), AbsenceMode::Postpone)]);
    assert!(w.absences(w.demo.eggs, camille).await.is_empty());
}

#[tokio::test]
async fn refusals_write_nothing_and_cancelling_removes_the_row() {
    let w = world().await;
    let julien = w.link("julien.roux@example.org").await;
    let email = "julien.roux@example.org";
    // Bad input and impossible dates.
    for bad in
        ["/absence 31/02 laisser", "/absence '; DROP TABLE member; -- laisser", "/absence 04/05 laisser"]
    {
        let replies = w.say(email, bad).await;
        assert!(!text(&replies).contains('✅'), "{bad}: {}", text(&replies));
    }
    assert!(w.absences(w.demo.vegetables, julien).await.is_empty());

    // Accepted, then cancelled: the row comes and goes.
    w.say(email, "/absence 18/05 laisser").await;
    assert_eq!(w.absences(w.demo.vegetables, julien).await, vec![(d("2027-05-18"), AbsenceMode::Donate)]);
    assert_eq!(w.absences(w.demo.eggs, julien).await, vec![(d("2027-05-18"), AbsenceMode::Donate)]);
    w.say(email, "/absence annuler 18/05").await;
    assert!(w.absences(w.demo.vegetables, julien).await.is_empty());
    assert!(w.absences(w.demo.eggs, julien).await.is_empty());

    // After the deadline: refused, nothing written.
    let late = World { now: w.now + Duration::days(4), ..w };
    let replies = late.say(email, "/absence 11/05 laisser").await;
    assert!(text(&replies).contains("trop tard"), "{}", text(&replies));
    assert!(late.absences(late.demo.vegetables, julien).await.is_empty());
}

#[tokio::test]
async fn events_are_listed_and_answered() {
    let w = world().await;
    let camille = w.link("camille.petit@example.org").await;
    let email = "camille.petit@example.org";
    let starts =
        DateTime::parse_from_rfc3339("2027-06-12T14:00:00+02:00").expect("start").with_timezone(&Utc);
    let panier = w.bot.panier();
    let id = panier
        .create_event(
            w.demo.admin,
            w.demo.amap,
            "Assemblée *générale*",
            starts,
            "Salle des Capucins",
            "Bilan de la saison.",
            w.now,
        )
        .await
        .expect("create event");

    let listed = w.say(email, "/evenements").await;
    let said = text(&listed);
    assert!(said.contains("Assemblée *générale*\n📅 Samedi 12 juin, 14h\n📍 Salle des Capucins"), "{said}");
    assert!(said.contains("Vous n'avez pas encore répondu."), "{said}");
    assert!(said.contains("Personne n'a encore confirmé sa venue."), "{said}");
    assert_eq!(
        buttons(&listed),
        vec![
            format!("/evenements oui {id}"),
            format!("/evenements peut-etre {id}"),
            format!("/evenements non {id}")
        ]
    );

    // Answering by number (the first button).
    let answered = w.say(email, "1").await;
    assert!(
        text(&answered).contains("vous venez à «\u{a0}Assemblée *générale*\u{a0}», le samedi 12 juin à 14h"),
        "{}",
        text(&answered)
    );
    let mut conn = w.store.conn().await.expect("conn");
    let rsvps = events::rsvps_of(&mut conn, id).await.expect("rsvps");
    assert_eq!(rsvps, vec![(camille, "yes".to_owned())]);

    let again = w.say(email, "/evenements").await;
    assert!(text(&again).contains("Votre réponse\u{202f}: vous venez."), "{}", text(&again));
    assert!(text(&again).contains("1 personne vient."), "{}", text(&again));
    assert!(!buttons(&again).contains(&format!("/evenements oui {id}")));

    let changed = w.say(email, &format!("/events maybe {id}")).await;
    assert!(
        text(&changed).contains("peut-être pour «\u{a0}Assemblée *générale*\u{a0}»"),
        "{}",
        text(&changed)
    );
    let rsvps = events::rsvps_of(&mut conn, id).await.expect("rsvps");
    assert_eq!(rsvps, vec![(camille, "maybe".to_owned())]);

    // In English, for Julien.
    w.link("julien.roux@example.org").await;
    let mut english = Incoming::private(Transport::Console, "julien.roux@example.org", "/events");
    english.lang_hint = Some("en".to_owned());
    let replies = w.bot.handle(&english, w.now).await;
    let said = text(&replies);
    assert!(said.contains("📅 Saturday 12 June, 14:00"), "{said}");
    assert!(said.contains("You haven't answered yet."), "{said}");
    english.text = format!("/events no {id}");
    let replies = w.bot.handle(&english, w.now).await;
    assert!(text(&replies).contains("you're not coming to “Assemblée *générale*”"), "{}", text(&replies));

    // Once it has started, answering is refused.
    let after = World { now: starts + Duration::hours(1), ..w };
    let replies = after.say(email, &format!("/evenements non {id}")).await;
    assert!(text(&replies).contains("Je ne trouve pas cet évènement"), "{}", text(&replies));
}

#[tokio::test]
async fn language_and_reminders_are_stored() {
    let w = world().await;
    let camille = w.link("camille.petit@example.org").await;
    let email = "camille.petit@example.org";
    let replies = w.say(email, "/langue en").await;
    assert!(text(&replies).contains("I'll answer you in English"), "{}", text(&replies));
    let mut conn = w.store.conn().await.expect("conn");
    let member = directory::member_by_id(&mut conn, camille).await.expect("load").expect("member");
    assert_eq!(member.language.as_deref(), Some("en"));
    // Refused input changes nothing.
    w.say(email, "/language klingon").await;
    let member = directory::member_by_id(&mut conn, camille).await.expect("load").expect("member");
    assert_eq!(member.language.as_deref(), Some("en"));

    w.say(email, "/notifications duty off").await;
    w.say(email, "/notifications 🥕 off").await;
    assert_eq!(
        accounts::opt_outs_of(&mut conn, camille).await.expect("opt-outs"),
        vec!["duty_reminder".to_owned()]
    );
    w.say(email, "/notifications permanences oui").await;
    assert!(accounts::opt_outs_of(&mut conn, camille).await.expect("opt-outs").is_empty());
}

#[tokio::test]
async fn a_member_in_a_group_is_answered_in_private() {
    let w = world().await;
    w.link("camille.petit@example.org").await;
    let mut msg = Incoming::private(Transport::Console, "camille.petit@example.org", "/moi");
    msg.chat_kind = panier_conversation::ChatKind::Group;
    msg.chat_id = "group".to_owned();
    let replies = w.bot.handle(&msg, w.now).await;
    assert_eq!(replies.len(), 2);
    assert!(replies[1..].iter().all(|r| r.audience == panier_conversation::Audience::Private));
    assert!(text(&replies).contains("camille.petit@example.org"));
}
