//! Pushed messages on the demo AMAP: real outbox rows queued by the scheduler's `tick` (at the
//! instants of core's planner tests) or by actions, rendered at send time by `notify::render`
//! through `BotDeliver` into recording transports.
//!
//! Who is who (demo members): 0 Claire Dubois (admin, vegetables referent), 3 Julien Roux,
//! 6 Léa Bonnet, 10-12 Chloé Vincent, Antoine Muller, Inès Faure (duty team of Tuesday 11 May),
//! 5 Thomas Girard (gave up his basket of the 11th); farmers 0 Paul Martin (vegetables),
//! 2 Jean Moreau (bread, open for subscriptions until Monday 17 May).

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use panier_conversation::notify::{self, BotDeliver, Pushed, RecordingTransport};
use panier_conversation::{Bot, Reply};
use panier_core::demo::{self, DemoInfo};
use panier_core::model::AbsenceMode;
use panier_core::rules::season::Absence;
use panier_core::scheduler::dispatcher::{self, Deliver, DispatchConfig, DispatchReport};
use panier_core::scheduler::{TickReport, tick};
use panier_core::store::outbox::OutboxMessage;
use panier_core::store::{Store, accounts, directory, subscriptions};
use panier_core::types::{ContractId, MemberId, OutboxId};
use panier_core::usecases::Panier;
use panier_core::usecases::events::Rsvp;
use panier_core::usecases::remind::RemindAudience;

const JULIEN: &str = "1003";
const LEA: &str = "!dm-lea:example.org";
const CLAIRE: &str = "1000";
const CHLOE: &str = "1010";
const ANTOINE: &str = "1011";
const PAUL: &str = "2001";
const JEAN: &str = "2003";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// The markup of a pushed message and its buttons, as transcripts show replies.
fn show(p: &Pushed) -> String {
    let mut out = p.markup.clone();
    if !p.buttons.is_empty() {
        let buttons: Vec<String> = p.buttons.iter().map(|b| format!("[{} -> {}]", b.label, b.data)).collect();
        out.push('\n');
        out.push_str(&buttons.join(" "));
    }
    out
}

fn show_reply(r: &Reply) -> String {
    let markup: String = r
        .text
        .spans
        .iter()
        .map(|s| if s.bold { format!("**{}**", s.text) } else { s.text.clone() })
        .collect();
    show(&Pushed {
        chat_id: String::new(),
        text: r.text.plain(),
        markup,
        buttons: r.buttons.clone(),
        idempotency_key: String::new(),
        message_id: String::new(),
    })
}

struct World {
    store: Store,
    panier: Panier,
    bot: Bot,
    info: DemoInfo,
    clock: Arc<Mutex<DateTime<Utc>>>,
    telegram: BotDeliver<RecordingTransport>,
    matrix: BotDeliver<RecordingTransport>,
}

impl World {
    /// The demo seeded on Wednesday 5 May 2027, chat accounts linked for a few people, and
    /// Antoine reading English.
    async fn new() -> World {
        let path = std::env::temp_dir().join(format!(
            "panier_notify_{}_{}.db",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let store = Store::open(&path.to_string_lossy()).await.expect("open store");
        let seeded = at("2027-05-05T08:00:00Z");
        let info = demo::seed(&store, date("2027-05-05"), seeded).await.expect("seed");
        {
            let mut c = store.conn().await.expect("conn");
            let m = &info.members;
            let f = &info.farmers;
            for (member, transport, chat) in [
                (m[0], "telegram", CLAIRE),
                (m[3], "telegram", JULIEN),
                (m[6], "matrix", LEA),
                (m[10], "telegram", CHLOE),
                (m[11], "telegram", ANTOINE),
                (f[0], "telegram", PAUL),
                (f[2], "telegram", JEAN),
            ] {
                let external = if transport == "matrix" { "@lea:example.org" } else { chat };
                accounts::link_account(&mut c, member, transport, external, chat, seeded)
                    .await
                    .expect("link");
            }
            directory::set_member_language(&mut c, m[11], Some("en")).await.expect("language");
        }
        let panier = Panier::new(store.clone());
        let bot = Bot::new(panier.clone());
        let clock = Arc::new(Mutex::new(seeded));
        let read = clock.clone();
        let now: notify::Clock = Arc::new(move || read.lock().map(|t| *t).unwrap_or_else(|_| Utc::now()));
        let telegram =
            BotDeliver::new(bot.clone(), RecordingTransport::new("telegram")).with_clock(now.clone());
        let matrix = BotDeliver::new(bot.clone(), RecordingTransport::new("matrix")).with_clock(now);
        World { store, panier, bot, info, clock, telegram, matrix }
    }

    fn set_clock(&self, now: DateTime<Utc>) {
        if let Ok(mut t) = self.clock.lock() {
            *t = now;
        }
    }

    /// Plans, queues and sends as `panier serve` would at `now`.
    async fn tick(&self, now: &str) -> TickReport {
        self.set_clock(at(now));
        let deliverers: [&dyn Deliver; 2] = [&self.telegram, &self.matrix];
        tick(&self.store, at(now), false, &deliverers, &DispatchConfig::new("test")).await.expect("tick")
    }

    /// Plans and queues only (no transport up in this process).
    async fn queue_only(&self, now: &str) -> TickReport {
        tick(&self.store, at(now), false, &[], &DispatchConfig::new("test")).await.expect("queue")
    }

    /// Sends what is queued and due.
    async fn dispatch(&self, now: &str) -> DispatchReport {
        self.set_clock(at(now));
        let cfg = DispatchConfig::new("test");
        let mut report =
            dispatcher::run_once(&self.store, &self.telegram, &cfg, at(now)).await.expect("telegram");
        report.add(&dispatcher::run_once(&self.store, &self.matrix, &cfg, at(now)).await.expect("matrix"));
        report
    }

    /// What one chat received, in order.
    fn received(&self, chat: &str) -> Vec<String> {
        let mut all = self.telegram.transport_ref().to_chat(chat);
        all.extend(self.matrix.transport_ref().to_chat(chat));
        all.iter().map(show).collect()
    }

    /// What one chat received that starts with `prefix` (other kinds are due at the same tick).
    fn received_like(&self, chat: &str, prefix: &str) -> Vec<String> {
        self.received(chat).into_iter().filter(|t| t.starts_with(prefix)).collect()
    }

    fn clear(&self) {
        self.telegram.transport_ref().take();
        self.matrix.transport_ref().take();
    }

    /// Renders a row built by hand (kinds no tick produces on the demo's dates).
    async fn render(
        &self,
        kind: &str,
        member: MemberId,
        chat: &str,
        payload: serde_json::Value,
        now: &str,
    ) -> Option<String> {
        let message = OutboxMessage {
            id: OutboxId(0),
            dedupe_key: format!("test:{kind}:{member}"),
            kind: kind.to_owned(),
            member_id: Some(member),
            transport: "telegram".to_owned(),
            chat_id: chat.to_owned(),
            amap_id: Some(self.info.amap),
            payload: payload.to_string(),
            due_at: at(now),
            attempts: 1,
        };
        notify::render(&self.bot, &message, at(now)).await.expect("render").map(|r| show_reply(&r))
    }

    async fn close(self) {
        self.store.close().await;
    }
}

fn contains_all(text: &str, facts: &[&str]) {
    for fact in facts {
        assert!(text.contains(fact), "{fact:?} missing in:\n{text}");
    }
}

#[tokio::test]
async fn the_distribution_reminder_is_rendered_at_send_time() {
    let w = World::new().await;
    // Monday 10 May, 18:00 in Paris (16:00 UTC): reminders for Tuesday the 11th. The same
    // tick also catches up the duty team's reminder (Sunday 18:00) and the farmer's totals
    // (Sunday 20:00), still within its look-back.
    let first = w.tick("2027-05-10T16:00:30Z").await;
    assert_eq!(first.failed + first.retried, 0);
    assert_eq!(
        w.received(LEA),
        ["Rappel\u{202f}: la distribution, c'est demain.\n\
          📅 **Mardi 11 mai**, 18h30–19h45\n\
          📍 Salle des Capucins, 3 rue des Lilas, 69001 Lyon\n\
          🥕 Vous récupérez : **1 × Petit panier de légumes**\n\
          [Je serai absent·e -> /absence 2027-05-11] [Quelqu'un d'autre viendra -> /donner 2027-05-11] [Voir mes livraisons -> /livraisons]"]
    );
    let antoine = w.received(ANTOINE);
    assert_eq!(antoine.len(), 2, "duty reminder, then distribution reminder: {antoine:#?}");
    assert_eq!(
        antoine[1],
        "Reminder: the distribution is tomorrow.\n\
         📅 **Tuesday 11 May**, 18:30–19:45\n\
         📍 Salle des Capucins, 3 rue des Lilas, 69001 Lyon\n\
         🥕 You collect: **1 × Grand panier de légumes**\n\
         You are on duty that day, thank you!\n\
         [I'll be away -> /absence 2027-05-11] [Someone else will come -> /donner 2027-05-11] [See my deliveries -> /livraisons]"
    );
    // Ticking again (a second process, a restart) sends nothing more.
    let again = w.tick("2027-05-10T16:00:30Z").await;
    assert_eq!((again.queued, again.sent), (0, 0));
    let later = w.tick("2027-05-10T16:10:30Z").await;
    assert_eq!((later.queued, later.sent), (0, 0));
    assert_eq!(w.received(LEA).len(), 1);
    w.close().await;
}

#[tokio::test]
async fn an_absence_declared_after_planning_changes_the_reminder() {
    let w = World::new().await;
    // The rows are planned while no transport runs; then Julien gives up his basket of the
    // 11th (recorded on the sheet by a referent, the member's deadline has passed) and Léa
    // hands hers to Julien, before the bot sends.
    let queued = w.queue_only("2027-05-10T16:00:30Z").await;
    assert!(queued.queued >= 7, "{queued:?}");
    let mut c = w.store.conn().await.expect("conn");
    let info = &w.info;
    for (member, mode, to) in [
        (info.members[3], AbsenceMode::Donate, None),
        (info.members[6], AbsenceMode::Handover, Some(info.members[3])),
    ] {
        let sub =
            subscriptions::subscription_for(&mut c, info.vegetables, member).await.expect("q").expect("sub");
        let absence = Absence {
            scheduled: date("2027-05-11"),
            mode,
            postpone_to: None,
            handover_member: to,
            handover_guest: None,
        };
        subscriptions::insert_absence(&mut c, sub.id, &absence, at("2027-05-10T16:01:00Z"))
            .await
            .expect("absence");
    }
    drop(c);
    let sent = w.dispatch("2027-05-10T16:02:00Z").await;
    assert_eq!(sent.failed, 0);
    // Léa no longer collects anything and is not on duty: nothing is sent, the row is done.
    assert!(w.received(LEA).is_empty(), "{:#?}", w.received(LEA));
    // Julien collects Léa's basket instead of his own.
    let julien = w.received(JULIEN);
    let reminder =
        julien.iter().find(|t| t.starts_with("Rappel\u{202f}: la distribution")).expect("reminder");
    assert_eq!(
        reminder,
        "Rappel\u{202f}: la distribution, c'est demain.\n\
         📅 **Mardi 11 mai**, 18h30–19h45\n\
         📍 Salle des Capucins, 3 rue des Lilas, 69001 Lyon\n\
         🤝 Vous récupérez aussi le panier de Léa B. : 1 × Petit panier de légumes\n\
         Légumes : votre panier est laissé aux bénévoles.\n\
         [Voir mes livraisons -> /livraisons]"
    );
    let mut c = w.store.conn().await.expect("conn");
    let lea_row = format!("distribution_reminder:amap{}:2027-05-11:{}:matrix", info.amap, info.members[6]);
    let (state, _, id) =
        panier_core::store::outbox::state_of(&mut c, &lea_row).await.expect("state").expect("row");
    assert_eq!((state.as_str(), id.as_deref()), ("sent", Some("skipped")));
    drop(c);
    let again = w.dispatch("2027-05-10T16:05:00Z").await;
    assert_eq!(again.sent, 0);
    w.close().await;
}

#[tokio::test]
async fn the_farmer_gets_totals_and_the_sign_in_summary() {
    let w = World::new().await;
    // Sunday 9 May, 20:00 in Paris: the vegetables' 2-day deadline for the 11th has passed.
    w.tick("2027-05-09T18:00:30Z").await;
    let totals = "Commande du **mardi 11 mai** — AMAP des Capucins\n\
                  Légumes · Ferme des Saules\n\
                  • Grand panier de légumes\u{202f}: 16\n\
                  • Petit panier de légumes\u{202f}: 9\n\
                  25 paniers pour 25 amapien·nes · 371,00\u{a0}€\n\
                  Émargement\u{202f}: 24 amapien·nes viennent en personne, 1 panier laissé aux bénévoles.\n\
                  [Feuille d'émargement -> /emargement 2027-05-11]";
    assert_eq!(w.received_like(PAUL, "Commande"), [totals]);
    // The referent gets them too. (Both also got the weekly reminder to sign the bread
    // contract, due the same morning.)
    assert_eq!(w.received_like(CLAIRE, "Commande"), [totals]);
    assert_eq!(w.received(PAUL).len(), 2);
    w.close().await;
}

#[tokio::test]
async fn duty_team_reminder_and_empty_slot_alert() {
    let w = World::new().await;
    // Sunday 9 May 18:00: the team of Tuesday the 11th.
    w.tick("2027-05-09T16:00:30Z").await;
    assert_eq!(
        w.received_like(CHLOE, "Rappel\u{202f}: vous"),
        ["Rappel\u{202f}: vous êtes de permanence le **mardi 11 mai**, 18h30–19h45. Merci\u{202f}!\n\
          📍 Salle des Capucins, 3 rue des Lilas, 69001 Lyon\n\
          Avec vous\u{202f}: Antoine Muller et Inès Faure.\n\
          Un empêchement\u{202f}? Prévenez au plus vite avec /permanences.\n\
          [Voir les permanences -> /permanences]"]
    );
    assert_eq!(
        w.received_like(ANTOINE, "Reminder: you are on duty"),
        ["Reminder: you are on duty on **Tuesday 11 May**, 18:30–19:45. Thank you!\n\
          📍 Salle des Capucins, 3 rue des Lilas, 69001 Lyon\n\
          With you: Chloé Vincent and Inès Faure.\n\
          Can't make it? Let us know as soon as possible with /shifts.\n\
          [See the duty shifts -> /permanences]"]
    );
    assert!(w.received_like(JULIEN, "Rappel\u{202f}: vous").is_empty());

    // Thursday 13 May 10:00: the 18th has 2 of 3 slots empty.
    w.clear();
    w.tick("2027-05-13T08:00:30Z").await;
    assert_eq!(
        w.received(JULIEN),
        ["⚠️ Il manque encore **2 bénévoles** pour la distribution du **mardi 18 mai** (18h30–19h45). \
          Pouvez-vous donner un coup de main\u{202f}?\n\
          [Je m'inscris -> /permanences inscrire 2027-05-18] [Voir les permanences -> /permanences]"]
    );
    w.close().await;
}

#[tokio::test]
async fn an_alert_for_slots_filled_meanwhile_is_not_sent() {
    let w = World::new().await;
    w.queue_only("2027-05-13T08:00:30Z").await;
    let now = at("2027-05-13T08:01:00Z");
    w.panier.duty_sign_up(w.info.members[3], w.info.amap, date("2027-05-18"), now).await.expect("Julien");
    w.panier.duty_sign_up(w.info.members[4], w.info.amap, date("2027-05-18"), now).await.expect("Élise");
    let report = w.dispatch("2027-05-13T08:02:00Z").await;
    assert!(report.sent > 0);
    assert!(w.received(JULIEN).is_empty() && w.received(LEA).is_empty());
    w.close().await;
}

#[tokio::test]
async fn a_late_withdrawal_sends_an_urgent_call() {
    let w = World::new().await;
    // Monday 10 May, noon: Chloé withdraws from Tuesday's team (less than 48 hours before).
    let now = "2027-05-10T10:00:00Z";
    let withdrawn =
        w.panier.duty_withdraw(w.info.members[10], w.info.amap, date("2027-05-11"), at(now)).await;
    assert!(withdrawn.expect("withdraw").late);
    w.dispatch(now).await;
    assert_eq!(
        w.received(JULIEN),
        [
            "⚠️ Urgent\u{202f}: un·e bénévole s'est désisté·e pour la distribution du **mardi 11 mai** (18h30–19h45). \
          Il manque 1 personne.\n\
          Si vous pouvez venir, inscrivez-vous\u{202f}: l'équipe compte sur vous\u{202f}!\n\
          [Je m'inscris -> /permanences inscrire 2027-05-11] [Voir les permanences -> /permanences]"
        ]
    );
    // Not to the team, nor to the one who withdrew.
    assert!(w.received(CHLOE).is_empty() && w.received(ANTOINE).is_empty());
    w.close().await;
}

#[tokio::test]
async fn the_close_out_summary_counts_what_each_basket_became() {
    let w = World::new().await;
    let sheet_time = at("2027-05-11T17:00:00Z");
    let (admin, amap) = (w.info.admin, w.info.amap);
    w.panier
        .tick_sheet(admin, amap, date("2027-05-11"), w.info.members[3], true, sheet_time)
        .await
        .expect("tick");
    w.panier
        .tick_sheet(admin, amap, date("2027-05-11"), w.info.members[6], false, sheet_time)
        .await
        .expect("tick");
    // Tuesday 11 May, 19:45 + 30 min.
    w.tick("2027-05-11T18:15:30Z").await;
    assert_eq!(
        w.received(CLAIRE),
        ["Bilan de la distribution du **mardi 11 mai** — Légumes\n\
          • 1 panier récupéré\n\
          • 1 panier laissé aux bénévoles\n\
          • 1 panier non récupéré\n\
          • ⚠️ 22 paniers sans confirmation\n\
          Sans confirmation\u{202f}: ni cochés sur la feuille d'émargement, ni confirmés par l'amapien·ne. \
          Vous pouvez encore corriger la feuille.\n\
          [Feuille d'émargement -> /emargement 2027-05-11]"]
    );
    w.close().await;
}

#[tokio::test]
async fn signature_requests_reminders_and_countersignature() {
    let w = World::new().await;
    // Bread opened on Sunday 25 April: the request, at 10:00.
    w.tick("2027-04-25T08:00:30Z").await;
    let julien = w.received(JULIEN);
    assert_eq!(
        julien,
        [
            "Le contrat **Pain** (Fournil de la Croix) est ouvert\u{202f}: vous pouvez vous inscrire jusqu'au **lundi 17 mai**.\n\
          Tapez /signer pour vous inscrire.\n\
          [Signer le contrat -> /signer] [Voir les contrats -> /contrats]"
        ]
    );
    // The bread's own farmer is never asked to subscribe to his contract.
    assert!(w.received(JEAN).is_empty(), "{:#?}", w.received(JEAN));
    // A week later, the reminder.
    w.clear();
    w.tick("2027-05-02T08:00:30Z").await;
    let reminder = w.received(ANTOINE);
    assert_eq!(
        reminder,
        [
            "⚠️ You have not signed the **Pain** contract (Fournil de la Croix) yet. Subscriptions close on **Monday 17 May**.\n\
          Type /sign to subscribe.\n\
          [Sign the contract -> /signer] [See the contracts -> /contrats]"
        ]
    );
    // Members who signed get nothing (Léa: 6 % 5 != 2, Marc would; Camille did).
    // Tuesday 18 May: subscriptions closed the day before, the farmer countersigns.
    w.clear();
    w.tick("2027-05-18T08:00:30Z").await;
    assert_eq!(
        w.received(JEAN),
        [
            "Les inscriptions au contrat **Pain** sont closes\u{202f}: **5 contrats signés** attendent votre contre-signature.\n\
          Voyez avec Élise Fournier (référent·e) pour les contresigner.\n\
          [Voir les contrats signés -> /paiements pain]"
        ]
    );
    w.close().await;
}

#[tokio::test]
async fn event_reminder_with_rsvp_buttons() {
    let w = World::new().await;
    let created = at("2027-05-05T10:00:00Z");
    let event = w
        .panier
        .create_event(
            w.info.admin,
            w.info.amap,
            "Assemblée générale",
            at("2027-05-20T17:00:00Z"),
            "Salle des Capucins",
            "",
            created,
        )
        .await
        .expect("event");
    w.panier.rsvp(w.info.members[11], event, Rsvp::Yes, created).await.expect("rsvp");
    // Wednesday 19 May, 18:00: the day before.
    w.tick("2027-05-19T16:00:30Z").await;
    let julien = w.received(JULIEN);
    assert_eq!(
        julien,
        [format!(
            "Rappel\u{202f}: **Assemblée générale**\n\
             📅 **Jeudi 20 mai**, 19h\n\
             📍 Salle des Capucins\n\
             Serez-vous là\u{202f}?\n\
             [Oui -> /evenements oui {event}] [Non -> /evenements non {event}] [Peut-être -> /evenements peut-etre {event}]"
        )]
    );
    let antoine = w.received(ANTOINE);
    assert_eq!(antoine.len(), 1, "{antoine:#?}");
    contains_all(
        &antoine[0],
        &["Reminder: **Assemblée générale**", "**Thursday 20 May**, 19:00", "You said you are coming"],
    );
    w.close().await;
}

#[tokio::test]
async fn moved_and_merged_deliveries_tell_each_member_what_changes() {
    let w = World::new().await;
    let now = "2027-05-05T10:00:00Z";
    let farmer = w.info.farmers[0];
    w.panier
        .move_delivery(farmer, w.info.vegetables, date("2027-05-11"), date("2027-05-12"), at(now))
        .await
        .expect("move");
    w.panier
        .move_delivery(farmer, w.info.vegetables, date("2027-06-01"), date("2027-06-08"), at(now))
        .await
        .expect("merge");
    w.dispatch(now).await;
    let julien = w.received(JULIEN);
    assert_eq!(julien.len(), 2, "{julien:#?}");
    assert_eq!(
        julien[0],
        "⚠️ La livraison **Légumes** du mardi 11 mai est déplacée au **mercredi 12 mai**.\n\
         📅 **Mercredi 12 mai**, 18h30–19h45\n\
         📍 Salle des Capucins, 3 rue des Lilas, 69001 Lyon\n\
         🥕 Vous récupérez : **1 × Petit panier de légumes**\n\
         Une question\u{202f}? Écrivez à Claire Dubois (référent·e du contrat).\n\
         [Je serai absent·e -> /absence 2027-05-12] [Quelqu'un d'autre viendra -> /donner 2027-05-12] [Voir mes livraisons -> /livraisons]"
    );
    contains_all(
        &julien[1],
        &[
            "du mardi 1er juin est déplacée au **mardi 8 juin**",
            "les deux livraisons",
            "**2 × Petit panier de légumes",
        ],
    );
    let antoine = w.received(ANTOINE);
    contains_all(&antoine[0], &["The **Légumes** delivery of Tuesday 11 May moves to **Wednesday 12 May**."]);
    w.close().await;
}

#[tokio::test]
async fn a_cancelled_delivery_says_what_the_member_will_not_get() {
    let w = World::new().await;
    let now = "2027-05-05T10:00:00Z";
    let veg = w.info.vegetables;
    w.panier.cancel_delivery(w.info.farmers[0], veg, date("2027-06-15"), at(now)).await.expect("cancel");
    let payload = serde_json::json!({"contract": veg, "from": "2027-06-15", "to": null, "merged": false});
    let julien = w.render("delivery_changed", w.info.members[3], JULIEN, payload.clone(), now).await;
    assert_eq!(
        julien.as_deref(),
        Some(
            "⚠️ La livraison **Légumes** du **mardi 15 juin** est annulée.\n\
             Vous n'aurez donc pas\u{202f}: 1 × Petit panier de légumes.\n\
             Une question\u{202f}? Écrivez à Claire Dubois (référent·e du contrat).\n\
             [Voir mes livraisons -> /livraisons]"
        )
    );
    let antoine =
        w.render("delivery_changed", w.info.members[11], ANTOINE, payload, now).await.expect("some");
    contains_all(&antoine, &["delivery of **Tuesday 15 June** is cancelled", "1 × Grand panier de légumes"]);
    // A farmer without a subscription had nothing in it.
    let payload = serde_json::json!({"contract": veg, "from": "2027-06-15", "to": null, "merged": false});
    assert_eq!(w.render("delivery_changed", w.info.farmers[2], JEAN, payload, now).await, None);
    w.close().await;
}

#[tokio::test]
async fn a_referents_manual_reminders() {
    let w = World::new().await;
    let now = "2027-05-05T10:00:00Z";
    let queued = w
        .panier
        .remind(w.info.admin, w.info.vegetables, RemindAudience::Subscribers, at(now))
        .await
        .expect("remind");
    // Everybody subscribes to vegetables; five of them have linked a chat account.
    assert_eq!((queued.queued, queued.unreachable), (5, 20));
    w.dispatch(now).await;
    assert_eq!(
        w.received(JULIEN),
        ["Rappel envoyé par Claire Dubois, référent·e Légumes\u{202f}:\n\
          Votre prochaine livraison **Légumes**\u{202f}:\n\
          📅 **Mardi 11 mai**, 18h30–19h45\n\
          📍 Salle des Capucins, 3 rue des Lilas, 69001 Lyon\n\
          🥕 Vous récupérez : **1 × Petit panier de légumes**\n\
          [Je serai absent·e -> /absence 2027-05-11] [Quelqu'un d'autre viendra -> /donner 2027-05-11] [Voir mes livraisons -> /livraisons]"]
    );
    contains_all(
        &w.received(ANTOINE)[0],
        &["Reminder from Claire Dubois, Légumes referent:", "Your next **Légumes** delivery:"],
    );

    // Élise, the bread's referent, reminds those who have not signed.
    w.clear();
    let elise = w.info.members[4];
    let queued =
        w.panier.remind(elise, w.info.bread, RemindAudience::Unsigned, at(now)).await.expect("remind");
    assert!(queued.queued >= 5, "{queued:?}");
    w.dispatch(now).await;
    assert_eq!(
        w.received(JULIEN),
        ["Rappel envoyé par Élise Fournier, référent·e Pain\u{202f}:\n\
          ⚠️ Vous n'avez pas encore signé le contrat **Pain** (Fournil de la Croix). Les inscriptions ferment le **lundi 17 mai**.\n\
          Tapez /signer pour vous inscrire.\n\
          [Signer le contrat -> /signer] [Voir les contrats -> /contrats]"]
    );
    assert!(w.received(JEAN).is_empty(), "the bread's farmer is not asked to subscribe");
    w.close().await;
}

#[tokio::test]
async fn every_kind_renders_its_key_facts() {
    let w = World::new().await;
    let now = "2027-05-05T10:00:00Z";
    let (amap, m) = (w.info.amap, w.info.members.clone());
    let veg: ContractId = w.info.vegetables;
    let cases: Vec<(&str, MemberId, serde_json::Value, Vec<&str>)> = vec![
        (
            "distribution_reminder",
            m[3],
            serde_json::json!({"amap": amap, "date": "2027-05-11"}),
            vec!["**Mardi 11 mai**", "1 × Petit panier"],
        ),
        (
            "farmer_totals",
            w.info.farmers[0],
            serde_json::json!({"contract": veg, "date": "2027-05-11"}),
            vec!["**mardi 11 mai**", "Grand panier de légumes\u{202f}: 16", "371,00"],
        ),
        (
            "duty_reminder",
            m[10],
            serde_json::json!({"amap": amap, "date": "2027-05-11"}),
            vec!["**mardi 11 mai**", "18h30–19h45", "Antoine Muller"],
        ),
        (
            "duty_alert",
            m[3],
            serde_json::json!({"amap": amap, "date": "2027-05-18", "slots_left": 2}),
            vec!["**2 bénévoles**", "**mardi 18 mai**"],
        ),
        (
            "duty_urgent",
            m[3],
            serde_json::json!({"amap": amap, "date": "2027-05-25"}),
            vec!["Urgent", "**mardi 25 mai**", "3 personnes"],
        ),
        (
            "signature_request",
            m[3],
            serde_json::json!({"contract": w.info.bread}),
            vec!["**Pain**", "Fournil de la Croix", "**lundi 17 mai**"],
        ),
        (
            "signature_reminder",
            m[3],
            serde_json::json!({"contract": w.info.bread}),
            vec!["pas encore signé", "**lundi 17 mai**"],
        ),
        (
            "countersign_request",
            w.info.farmers[2],
            serde_json::json!({"contract": w.info.bread}),
            vec!["**5 contrats signés**"],
        ),
        (
            "closeout_summary",
            m[0],
            serde_json::json!({"contract": veg, "date": "2027-05-04"}),
            vec!["**mardi 4 mai**", "sans confirmation"],
        ),
        (
            "manual_reminder",
            m[3],
            serde_json::json!({"contract": veg, "date": "2027-05-11", "from": "Claire Dubois"}),
            vec!["Claire Dubois, référent·e Légumes", "**Mardi 11 mai**"],
        ),
        (
            "manual_signature_reminder",
            m[3],
            serde_json::json!({"contract": w.info.bread, "date": null, "from": "Paul Martin"}),
            vec!["Paul Martin\u{202f}:", "**Pain**"],
        ),
        (
            "delivery_changed",
            m[3],
            serde_json::json!({"contract": veg, "from": "2027-05-11", "to": "2027-05-11", "merged": false}),
            vec!["**Légumes**", "1 × Petit panier"],
        ),
    ];
    for (kind, member, payload, facts) in cases {
        let text = w.render(kind, member, "chat", payload, now).await;
        let text = text.unwrap_or_else(|| panic!("{kind}: rendered nothing"));
        contains_all(&text, &facts);
    }
    // Nothing to say: the member signed already, the event is unknown, the kind is unknown,
    // the payload does not fit.
    assert_eq!(
        w.render("signature_reminder", m[2], "chat", serde_json::json!({"contract": w.info.bread}), now)
            .await,
        None
    );
    assert_eq!(w.render("event_reminder", m[3], "chat", serde_json::json!({"event": 999}), now).await, None);
    assert_eq!(w.render("announcement", m[3], "chat", serde_json::json!({}), now).await, None);
    assert_eq!(w.render("duty_alert", m[3], "chat", serde_json::json!({"amap": "x"}), now).await, None);
    w.close().await;
}

#[tokio::test]
async fn the_remind_command_says_how_many_will_get_it() {
    let w = World::new().await;
    let now = at("2027-05-05T10:00:00Z");
    let say = async |text: &str| {
        let msg =
            panier_conversation::Incoming::private(panier_conversation::Transport::Telegram, CLAIRE, text);
        w.bot.handle(&msg, now).await.iter().map(show_reply).collect::<Vec<_>>()
    };
    assert_eq!(
        say("/rappel legumes membres ok").await,
        [
            "✅ Rappel envoyé\u{202f}: 5 personnes le recevront dans quelques minutes.",
            "⚠️ 20 personnes n'ont pas lié de compte de messagerie et ne le recevront pas\u{202f}: \
             prévenez-les autrement (e-mail, affichage à la distribution)."
        ]
    );
    // A second press within the minute sends nothing twice.
    assert_eq!(
        say("/rappel legumes membres ok").await,
        [
            "Ce rappel vient de partir\u{202f}: je ne l'envoie pas deux fois. Si besoin, renvoyez-le dans une minute."
        ]
    );
    w.dispatch("2027-05-05T10:00:00Z").await;
    assert_eq!(w.received(JULIEN).len(), 1);
    contains_all(&w.received(CLAIRE)[0], &["Rappel envoyé par Claire Dubois, référent·e Légumes"]);
    w.close().await;
}

#[tokio::test]
async fn an_opt_out_after_planning_is_respected_at_send_time() {
    let w = World::new().await;
    w.queue_only("2027-05-10T16:00:30Z").await;
    let lea = w.info.members[6];
    w.panier
        .set_notification(lea, panier_core::model::NotificationKind::DistributionReminder, false)
        .await
        .expect("opt out");
    w.dispatch("2027-05-10T16:01:00Z").await;
    assert!(w.received(LEA).is_empty(), "{:#?}", w.received(LEA));
    assert!(!w.received_like(JULIEN, "Rappel\u{202f}: la distribution").is_empty());
    w.close().await;
}
