//! Dispatcher fault tests against fake transports: failures, time-outs, 429, 403, crashes
//! between claim and send or between send and mark, and two processes on one database.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use panier_core::scheduler::dispatcher::{self, Deliver, DeliverFuture, DispatchConfig, SendError};
use panier_core::store::outbox::{self, NewMessage, OutboxMessage};
use panier_core::store::{Store, accounts, directory};
use panier_core::types::MemberId;

use crate::support::{at, stores};

/// A transport that answers from a script, then succeeds. With `dedupe` it behaves like a
/// Matrix homeserver: a repeated transaction id does not create a second message.
#[derive(Default)]
struct Fake {
    transport: &'static str,
    script: Mutex<Vec<SendError>>,
    delivered: Mutex<Vec<String>>,
    dedupe: bool,
}

impl Fake {
    fn new(transport: &'static str, script: Vec<SendError>) -> Fake {
        Fake { transport, script: Mutex::new(script), ..Fake::default() }
    }
    fn delivered(&self) -> Vec<String> {
        self.delivered.lock().map(|d| d.clone()).unwrap_or_default()
    }
}

impl Deliver for Fake {
    fn transport(&self) -> &str {
        self.transport
    }
    fn deliver<'a>(&'a self, m: &'a OutboxMessage) -> DeliverFuture<'a> {
        Box::pin(async move {
            if let Some(err) = self.script.lock().ok().and_then(|mut s| (!s.is_empty()).then(|| s.remove(0)))
            {
                return Err(err);
            }
            let mut delivered = self.delivered.lock().map_err(|_| SendError::Temporary("poisoned".into()))?;
            if !(self.dedupe && delivered.contains(&m.dedupe_key)) {
                delivered.push(m.dedupe_key.clone());
            }
            Ok(format!("msg-{}", m.id))
        })
    }
}

async fn member(store: &Store) -> MemberId {
    let mut c = store.conn().await.expect("conn");
    let fields = directory::MemberFields {
        email: panier_core::types::Email::parse("a@example.org").expect("email"),
        first_name: "A".into(),
        last_name: "B".into(),
        phone: None,
    };
    let id = directory::upsert_member(&mut c, &fields, at("2027-01-01T00:00:00Z")).await.expect("member");
    accounts::link_account(&mut c, id, "telegram", "42", "42", at("2027-01-01T00:00:00Z"))
        .await
        .expect("link");
    id
}

async fn queue(
    store: &Store,
    key: &str,
    transport: &str,
    due: DateTime<Utc>,
    expires: Option<DateTime<Utc>>,
    member: MemberId,
) {
    let mut c = store.conn().await.expect("conn");
    let m = NewMessage {
        dedupe_key: key.into(),
        kind: "distribution_reminder".into(),
        member_id: Some(member),
        transport: transport.into(),
        chat_id: "42".into(),
        amap_id: None,
        payload: "{}".into(),
        due_at: due,
        expires_at: expires,
    };
    assert!(outbox::enqueue(&mut c, &m, due).await.expect("enqueue"));
    assert!(!outbox::enqueue(&mut c, &m, due).await.expect("enqueue twice"), "dedupe key is unique");
}

async fn state(store: &Store, key: &str) -> (String, i64) {
    let mut c = store.conn().await.expect("conn");
    let (s, attempts, _) = outbox::state_of(&mut c, key).await.expect("state").expect("row");
    (s, attempts)
}

#[tokio::test]
async fn failures_back_off_then_give_up_and_429_does_not_count() {
    for (backend, store) in stores().await {
        let m = member(&store).await;
        let t0 = at("2027-05-10T16:00:00Z");
        queue(&store, "k1", "telegram", t0, None, m).await;
        let cfg = DispatchConfig { max_attempts: 3, ..DispatchConfig::new("p1") };
        let fake = Fake::new(
            "telegram",
            vec![
                SendError::RateLimited { retry_after: Duration::seconds(5) },
                SendError::Temporary("500".into()),
                SendError::Temporary("timeout".into()),
                SendError::Temporary("502".into()),
            ],
        );
        let r = dispatcher::run_once(&store, &fake, &cfg, t0).await.expect("run");
        assert_eq!(
            (r.rate_limited, state(&store, "k1").await),
            (1, ("queued".into(), 0)),
            "{backend}: 429 not counted"
        );
        let r = dispatcher::run_once(&store, &fake, &cfg, t0 + Duration::seconds(2)).await.expect("run");
        assert_eq!(r.sent + r.retried, 0, "{backend}: honours retry_after");
        dispatcher::run_once(&store, &fake, &cfg, t0 + Duration::seconds(5)).await.expect("run");
        assert_eq!(state(&store, "k1").await, ("queued".into(), 1), "{backend}: 5xx retried");
        // Backoff after the first failure is 30 s.
        let early = dispatcher::run_once(&store, &fake, &cfg, t0 + Duration::seconds(20)).await.expect("run");
        assert_eq!(early.retried, 0, "{backend}");
        dispatcher::run_once(&store, &fake, &cfg, t0 + Duration::seconds(36)).await.expect("run");
        assert_eq!(state(&store, "k1").await, ("queued".into(), 2), "{backend}");
        let last = dispatcher::run_once(&store, &fake, &cfg, t0 + Duration::seconds(200)).await.expect("run");
        assert_eq!(
            (last.failed, state(&store, "k1").await.0),
            (1, "failed".into()),
            "{backend}: bounded attempts"
        );
        assert!(fake.delivered().is_empty(), "{backend}");
    }
}

#[tokio::test]
async fn blocked_bot_marks_the_member_unreachable_and_stale_reminders_expire() {
    for (backend, store) in stores().await {
        let m = member(&store).await;
        let t0 = at("2027-05-10T16:00:00Z");
        queue(&store, "blocked", "telegram", t0, None, m).await;
        queue(&store, "late", "telegram", t0, Some(t0 + Duration::hours(1)), m).await;
        let fake = Fake::new("telegram", vec![SendError::Unreachable("403 blocked".into())]);
        let cfg = DispatchConfig { batch: 1, ..DispatchConfig::new("p1") };
        dispatcher::run_once(&store, &fake, &cfg, t0).await.expect("run");
        assert_eq!(state(&store, "blocked").await.0, "failed", "{backend}");
        let mut c = store.conn().await.expect("conn");
        assert!(accounts::accounts_of(&mut c, m).await.expect("accounts")[0].unreachable, "{backend}");
        drop(c);
        // The process was down until after the distribution started: the reminder expires.
        let r = dispatcher::run_once(&store, &fake, &cfg, t0 + Duration::hours(2)).await.expect("run");
        assert_eq!((r.expired, r.sent), (1, 0), "{backend}");
        assert_eq!(state(&store, "late").await.0, "expired", "{backend}");
    }
}

#[tokio::test]
async fn crashes_mid_send_are_retried_after_the_lease() {
    for (backend, store) in stores().await {
        let m = member(&store).await;
        let t0 = at("2027-05-10T16:00:00Z");
        queue(&store, "tg", "telegram", t0, None, m).await;
        queue(&store, "mx", "matrix", t0, None, m).await;
        // Process A claims both rows and dies before sending anything.
        let mut c = store.conn().await.expect("conn");
        for transport in ["telegram", "matrix"] {
            let claimed =
                outbox::claim(&mut c, store.backend(), transport, "A", t0, t0 + Duration::seconds(60), 10)
                    .await
                    .expect("claim");
            assert_eq!(claimed.len(), 1, "{backend}");
        }
        drop(c);
        let tg = Fake::new("telegram", vec![]);
        let mx = Fake { dedupe: true, ..Fake::new("matrix", vec![]) };
        let b = DispatchConfig::new("B");
        let r = dispatcher::run_once(&store, &tg, &b, t0 + Duration::seconds(30)).await.expect("run");
        assert_eq!(r.sent, 0, "{backend}: A's lease still holds");
        dispatcher::run_once(&store, &tg, &b, t0 + Duration::seconds(61)).await.expect("run");
        dispatcher::run_once(&store, &mx, &b, t0 + Duration::seconds(61)).await.expect("run");
        assert_eq!(
            (state(&store, "tg").await.0, state(&store, "mx").await.0),
            ("sent".into(), "sent".into()),
            "{backend}"
        );

        // Now process C sends but dies before marking: D sends again after the lease. On
        // Telegram the member may get it twice (at most once more); on Matrix the server
        // de-duplicates by transaction id (the dedupe key), so the room shows it once.
        queue(&store, "tg2", "telegram", t0, None, m).await;
        queue(&store, "mx2", "matrix", t0, None, m).await;
        let t1 = t0 + Duration::seconds(120);
        for fake in [&tg, &mx] {
            let mut c = store.conn().await.expect("conn");
            let claimed = outbox::claim(
                &mut c,
                store.backend(),
                fake.transport,
                "C",
                t1,
                t1 + Duration::seconds(60),
                10,
            )
            .await
            .expect("claim");
            for msg in &claimed {
                fake.deliver(msg).await.expect("sent, then C crashes");
            }
        }
        let d = DispatchConfig::new("D");
        dispatcher::run_once(&store, &tg, &d, t1 + Duration::seconds(61)).await.expect("run");
        dispatcher::run_once(&store, &mx, &d, t1 + Duration::seconds(61)).await.expect("run");
        let count = |v: Vec<String>, k: &str| v.iter().filter(|x| *x == k).count();
        assert_eq!(count(tg.delivered(), "tg2"), 2, "{backend}: at most one duplicate on Telegram");
        assert_eq!(count(mx.delivered(), "mx2"), 1, "{backend}: none on Matrix");
        assert_eq!(count(tg.delivered(), "tg"), 1, "{backend}");
    }
}

#[tokio::test]
async fn two_processes_never_send_the_same_row_twice() {
    for (backend, store) in stores().await {
        let m = member(&store).await;
        let t0 = at("2027-05-10T16:00:00Z");
        for i in 0..120 {
            queue(&store, &format!("row-{i}"), "telegram", t0, None, m).await;
        }
        let fake = Fake::new("telegram", vec![]);
        let run = |owner: &'static str| {
            let (store, fake) = (&store, &fake);
            async move {
                let cfg = DispatchConfig { batch: 7, ..DispatchConfig::new(owner) };
                let mut sent = 0;
                for _ in 0..40 {
                    sent += dispatcher::run_once(store, fake, &cfg, t0).await.expect("run").sent;
                }
                sent
            }
        };
        let (a, b) = tokio::join!(run("A"), run("B"));
        assert_eq!(a + b, 120, "{backend}: every row sent ({a} + {b})");
        let mut seen: HashMap<String, usize> = HashMap::new();
        for key in fake.delivered() {
            *seen.entry(key).or_default() += 1;
        }
        assert_eq!(seen.len(), 120, "{backend}");
        assert!(seen.values().all(|n| *n == 1), "{backend}: a row was sent twice");
    }
}

/// A tick drains what is due, batch after batch — unless the process is stopping: then it
/// ends after the batch in hand and the rest waits, queued, for the next process.
#[tokio::test]
async fn a_stopping_process_ends_its_burst_after_one_batch() {
    use std::sync::atomic::Ordering;

    for (backend, store) in stores().await {
        let now = at("2027-05-10T16:00:00Z");
        let who = member(&store).await;
        for i in 0..12 {
            queue(&store, &format!("burst-{i}"), "telegram", now, None, who).await;
        }
        let fake = Fake::new("telegram", Vec::new());
        let cfg = DispatchConfig { batch: 5, ..DispatchConfig::new("p1") };
        cfg.stopping.store(true, Ordering::Relaxed);
        let report = panier_core::scheduler::tick(&store, now, false, &[&fake], &cfg).await.expect("tick");
        assert_eq!((report.sent, fake.delivered().len()), (5, 5), "{backend}: one batch, then stop");
        assert_eq!(state(&store, "burst-11").await.0, "queued", "{backend}: the rest waits");
        cfg.stopping.store(false, Ordering::Relaxed);
        let report = panier_core::scheduler::tick(&store, now, false, &[&fake], &cfg).await.expect("tick");
        assert_eq!((report.sent, fake.delivered().len()), (7, 12), "{backend}: the next tick drains it all");
    }
}
