//! Pushed messages: a reminder planned by the scheduler and delivered through Telegram, a
//! 429 that delays without losing, a blocked user marked unreachable, a time-out, files.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use panier_conversation::Reply;
use panier_conversation::markup::Rich;
use panier_conversation::message::Document;
use panier_core::scheduler::dispatcher::{self, DispatchConfig, SendError};
use panier_core::scheduler::tick;
use panier_core::store::{accounts, outbox};
use panier_telegram::fake::{FakeUser, Fault};
use panier_telegram::{Telegram, TelegramPush};

use crate::support::{Env, at, texts};

/// Monday 10 May, 18:00:30 in Paris: the distribution reminders for Tuesday 11 are due.
const REMINDER_TIME: &str = "2027-05-10T16:00:30Z";

fn julien() -> FakeUser {
    FakeUser::new(1003, "Julien")
}

/// Julien on Telegram, and a deliverer rendering at `now`.
async fn setup(
    env: &Env,
    now: DateTime<Utc>,
) -> (Telegram, panier_conversation::notify::BotDeliver<TelegramPush>) {
    env.link("julien.roux@example.org", &julien()).await;
    let tg = env.telegram_at(env.config(), now);
    let deliver = tg.deliverer(env.bot.clone()).with_clock(Arc::new(move || now));
    (tg, deliver)
}

async fn reminder_state(env: &Env) -> (String, i64, Option<String>) {
    let julien = env.info.members[3];
    let key = format!("distribution_reminder:amap{}:2027-05-11:{}:telegram", env.info.amap, julien);
    let mut c = env.store.conn().await.expect("conn");
    outbox::state_of(&mut c, &key).await.expect("state").expect("reminder queued")
}

#[tokio::test]
async fn a_reminder_is_delivered_from_the_outbox() {
    let env = Env::new().await;
    let now = at(REMINDER_TIME);
    let (_tg, deliver) = setup(&env, now).await;
    let report = tick(&env.store, now, false, &[&deliver], &DispatchConfig::new("test")).await.expect("tick");
    assert_eq!((report.sent, report.failed, report.rate_limited), (1, 0, 0), "{report:?}");
    let sent = env.fake.sent_to(1003);
    assert_eq!(sent.len(), 1, "{:?}", texts(&sent));
    assert!(sent[0].text().contains("<b>"), "{}", sent[0].text());
    assert!(sent[0].text().contains("11 mai"), "{}", sent[0].text());
    assert_eq!(sent[0].payload["parse_mode"], "HTML");
    let (state, _, message_id) = reminder_state(&env).await;
    assert_eq!(state, "sent");
    assert_eq!(message_id, sent[0].message_id().map(|id| id.to_string()));
}

#[tokio::test]
async fn a_429_delays_the_reminder_without_losing_it() {
    let env = Env::new().await;
    let now = at(REMINDER_TIME);
    let (_tg, deliver) = setup(&env, now).await;
    env.fake.fail_next("sendMessage", Fault::TooManyRequests { retry_after: 30 });
    let cfg = DispatchConfig::new("test");
    let report = tick(&env.store, now, false, &[&deliver], &cfg).await.expect("tick");
    assert_eq!((report.sent, report.rate_limited, report.failed), (0, 1, 0), "{report:?}");
    assert_eq!(reminder_state(&env).await.0, "queued");
    assert!(env.fake.sent_to(1003).is_empty());

    // Too early: still waiting. After retry_after: sent, once.
    let early = dispatcher::run_once(&env.store, &deliver, &cfg, now + chrono::Duration::seconds(10))
        .await
        .expect("run");
    assert_eq!(early.sent, 0);
    let later = dispatcher::run_once(&env.store, &deliver, &cfg, now + chrono::Duration::seconds(31))
        .await
        .expect("run");
    assert_eq!(later.sent, 1, "{later:?}");
    assert_eq!(env.fake.sent_to(1003).len(), 1);
    let (state, attempts, _) = reminder_state(&env).await;
    assert_eq!(state, "sent");
    assert!(attempts <= 1, "a 429 is not a failed attempt: {attempts}");
}

#[tokio::test]
async fn a_blocked_bot_marks_the_account_unreachable() {
    let env = Env::new().await;
    let now = at(REMINDER_TIME);
    let (_tg, deliver) = setup(&env, now).await;
    env.fake.block_chat(1003);
    let cfg = DispatchConfig::new("test");
    let report = tick(&env.store, now, false, &[&deliver], &cfg).await.expect("tick");
    assert_eq!((report.sent, report.failed), (0, 1), "{report:?}");
    assert_eq!(reminder_state(&env).await.0, "failed");
    let account = {
        let mut c = env.store.conn().await.expect("conn");
        accounts::accounts_of(&mut c, env.info.members[3]).await.expect("accounts")
    };
    assert!(account[0].unreachable, "{account:?}");
    // Not retried: nothing more is sent later.
    let again = dispatcher::run_once(&env.store, &deliver, &cfg, now + chrono::Duration::hours(1))
        .await
        .expect("run");
    assert_eq!((again.sent, again.failed, again.retried), (0, 0, 0));
    let refused: Vec<_> = env.fake.calls_of("sendMessage").into_iter().filter(|c| c.status == 403).collect();
    assert_eq!(refused.len(), 1);
}

#[tokio::test]
async fn push_errors_are_mapped() {
    let env = Env::new().await;
    let tg = env.telegram().with_request_timeout(Duration::from_millis(300)).expect("timeout");
    let reply = Reply::new(Rich::parse("Rappel : **demain**"));

    // Each case writes to its own chat, so the limiter (1 message/s per chat) never waits.
    env.fake.fail_next("sendMessage", Fault::Delay(Duration::from_secs(2)));
    assert!(matches!(tg.push("1101", &reply).await, Err(SendError::Temporary(_))), "time-out");
    env.fake.fail_next("sendMessage", Fault::BadRequest("Bad Request: message is too long".into()));
    assert!(matches!(tg.push("1102", &reply).await, Err(SendError::Permanent(_))));
    env.fake.forbid_chat(1103, "Forbidden: user is deactivated");
    assert!(matches!(tg.push("1103", &reply).await, Err(SendError::Unreachable(_))));
    env.fake.fail_next("sendMessage", Fault::TooManyRequests { retry_after: 3 });
    assert_eq!(
        tg.push("1104", &reply).await,
        Err(SendError::RateLimited { retry_after: chrono::Duration::seconds(3) })
    );
    assert!(matches!(tg.push("not-a-chat", &reply).await, Err(SendError::Permanent(_))));
    let id = tg.push("1105", &reply).await.expect("sent");
    let sent = env.fake.sent_to(1105);
    assert_eq!(sent.last().and_then(|c| c.message_id()), Some(id.0));
    assert_eq!(sent.last().map(|c| c.text()), Some("Rappel : <b>demain</b>".to_owned()));
}

#[tokio::test]
async fn documents_are_sent_with_their_caption() {
    let env = Env::new().await;
    let tg = env.telegram();
    let caption = Rich::parse("Feuille d'émargement du **mardi 11 mai**");
    let document = Document {
        file_name: "emargement-2027-05-11.pdf".into(),
        mime: "application/pdf".into(),
        bytes: b"%PDF-1.4 fake".to_vec(),
    };
    let id = tg.send_document("1003", document, Some(&caption)).await.expect("sent");
    let sent = env.fake.sent_to(1003);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "sendDocument");
    assert_eq!(sent[0].message_id(), Some(id.0));
    assert_eq!(sent[0].payload["document"]["file_name"], "emargement-2027-05-11.pdf", "{}", sent[0].payload);
    assert_eq!(sent[0].payload["caption"], "Feuille d'émargement du <b>mardi 11 mai</b>");
}

#[tokio::test]
async fn limits_mode_counts_429_and_the_limiter_avoids_them() {
    let env = Env::new().await;
    env.fake.enforce_limits(true);
    let tg = env.telegram();
    let reply = Reply::new(Rich::parse("Bonjour"));
    // Two pushes to one chat go through the limiter: one per second, no 429.
    let started = tokio::time::Instant::now();
    for _ in 0..2 {
        tg.push("1003", &reply).await.expect("sent");
    }
    assert!(started.elapsed() >= Duration::from_millis(900), "{:?}", started.elapsed());
    assert_eq!(env.fake.rate_limited(), 0);
    // Another adapter without the shared limiter collides with the fake's limits.
    let other = env.telegram();
    assert!(matches!(other.push("1003", &reply).await, Err(SendError::RateLimited { .. })));
    assert_eq!(env.fake.rate_limited(), 1);
}
