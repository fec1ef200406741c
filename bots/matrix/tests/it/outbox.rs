//! A reminder from the outbox reaches the member's direct message exactly once, even when
//! the dispatcher dies after the send and before recording it (the resend reuses the
//! transaction id and the homeserver returns the first event).

use std::sync::{Arc, Mutex};

use chrono::Duration;
use panier_conversation::notify::PushTransport;
use panier_conversation::{Reply, markup::Rich};
use panier_core::scheduler::dispatcher::{self, Deliver, DeliverFuture, DispatchConfig, SendError};
use panier_core::store::outbox::{self, NewMessage, OutboxMessage};
use tokio::sync::Notify;

use crate::support::{Member, WAIT, bot_account, require_synapse, start, world};

/// Sends, then hangs as a process killed before `mark_sent` would.
struct DiesAfterSending<D: Deliver> {
    inner: D,
    sent: Arc<Notify>,
    event_id: Arc<Mutex<Option<String>>>,
}

impl<D: Deliver> Deliver for DiesAfterSending<D> {
    fn transport(&self) -> &str {
        self.inner.transport()
    }

    fn deliver<'a>(&'a self, message: &'a OutboxMessage) -> DeliverFuture<'a> {
        Box::pin(async move {
            let result = self.inner.deliver(message).await;
            if let (Ok(id), Ok(mut slot)) = (&result, self.event_id.lock()) {
                *slot = Some(id.clone());
            }
            self.sent.notify_one();
            std::future::pending::<()>().await;
            result
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_arrives_once_even_when_the_dispatcher_dies_mid_send() {
    let hs = require_synapse!();
    let w = world().await;
    let account = bot_account(&hs, &w).await;
    let running = start(&w, &account.cfg).await;
    let member = Member::new(&hs, "camille").await;
    // Linked from the CLI: the push target is the Matrix user id, the bot opens the DM.
    w.link_from_cli(w.demo.demo_member, &member.user_id).await;

    let now = w.now();
    let next =
        w.panier().next_distribution(w.demo.demo_member, now).await.expect("next").expect("a distribution");
    let row = NewMessage {
        dedupe_key: format!("distribution_reminder:{}:{}", w.demo.demo_member, next.date),
        kind: "distribution_reminder".into(),
        member_id: Some(w.demo.demo_member),
        transport: "matrix".into(),
        chat_id: member.user_id.to_string(),
        amap_id: Some(w.demo.amap),
        payload: serde_json::json!({ "amap": w.demo.amap, "date": next.date }).to_string(),
        due_at: now,
        expires_at: None,
    };
    let mut conn = w.store.conn().await.expect("conn");
    assert!(outbox::enqueue(&mut conn, &row, now).await.expect("enqueue"));
    drop(conn);

    // First dispatcher: sends, then is killed before recording the send.
    let sent = Arc::new(Notify::new());
    let first_id = Arc::new(Mutex::new(None));
    let dying =
        DiesAfterSending { inner: running.bot.deliverer(), sent: sent.clone(), event_id: first_id.clone() };
    let store = w.store.clone();
    let first = tokio::spawn(async move {
        let cfg = DispatchConfig::new("first-process");
        dispatcher::run_once(&store, &dying, &cfg, now).await
    });
    tokio::time::timeout(WAIT, sent.notified()).await.expect("the first dispatcher sent");
    first.abort();
    let _ = first.await;
    let first_id = first_id.lock().ok().and_then(|s| s.clone()).expect("first send returned an event id");

    // The member got it in a new encrypted DM.
    let reminder = member
        .wait_for("with the reminder", |r| r.sender == account.user_id && r.event_id.as_str() == first_id)
        .await;
    assert!(reminder.encrypted, "the reminder DM is encrypted");
    assert!(reminder.body.contains("🥕"), "{}", reminder.body);

    // Second process after the lease: same row, same transaction id, same event.
    let later = now + Duration::seconds(120);
    let report = dispatcher::run_once(
        &w.store,
        &running.bot.deliverer(),
        &DispatchConfig::new("second-process"),
        later,
    )
    .await
    .expect("second dispatch");
    assert_eq!(report.sent, 1, "{report:?}");

    // A sentinel pushed afterwards: once it is here, a duplicate would be here too.
    let push = running.bot.push_transport();
    let sentinel = Reply::new(Rich::plain_text("sentinelle"));
    let sentinel_id = push.push(member.user_id.as_str(), &sentinel, "test-sentinel").await.expect("sentinel");
    // The same transaction id again is the same event.
    let again = push.push(member.user_id.as_str(), &sentinel, "test-sentinel").await.expect("sentinel again");
    assert_eq!(sentinel_id, again, "a resend with the same transaction id is de-duplicated");
    member.wait_for("sentinel", |r| r.event_id.as_str() == sentinel_id).await;

    let reminders: Vec<_> = member
        .from(&account.user_id)
        .into_iter()
        .filter(|r| r.room_id == reminder.room_id && r.body.contains("🥕"))
        .collect();
    assert_eq!(reminders.len(), 1, "exactly one reminder: {reminders:?}");
    assert_eq!(member.from(&account.user_id).iter().filter(|r| r.body == "sentinelle").count(), 1);

    // A room the bot is not in, linked to nobody: unreachable, the dispatcher stops there.
    let lost = push.push("!inconnu:localhost", &sentinel, "test-lost").await;
    assert!(matches!(lost, Err(SendError::Unreachable(_))), "{lost:?}");
    running.stop().await;
}
