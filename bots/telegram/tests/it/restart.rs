//! The update offset survives restarts; getUpdates failures are waited out.

use std::time::Duration;

use panier_telegram::fake::{FakeUser, Fault};

use crate::support::{Env, SOON, texts};

fn stranger(i: i64) -> FakeUser {
    FakeUser::new(8000 + i, "Personne")
}

#[tokio::test]
async fn a_restart_neither_repeats_nor_skips_an_update() {
    let env = Env::new().await;
    // Slow answers, so the first adapter is stopped in the middle of its batch.
    for _ in 0..8 {
        env.fake.fail_next("sendMessage", Fault::Delay(Duration::from_millis(100)));
    }
    for i in 0..8 {
        env.fake.send_text(&stranger(i), "/start");
    }
    let first = env.start();
    assert!(env.fake.wait_until(SOON, |f| f.sent().len() >= 3).await, "first replies");
    first.stop().await;
    let after_first = env.fake.sent().len();
    assert!(after_first < 8, "stopped mid-script ({after_first} of 8 handled)");

    // More updates arrive while no adapter runs; a new one takes over on the same database.
    for i in 8..12 {
        env.fake.send_text(&stranger(i), "/start");
    }
    let second = env.start();
    assert!(env.fake.wait_until(SOON, |f| f.sent().len() >= 12 && f.pending_updates() == 0).await);
    // Let it poll once more: nothing is handled again.
    tokio::time::sleep(Duration::from_millis(300)).await;
    second.stop().await;

    for i in 0..12 {
        let sent = env.fake.sent_to(stranger(i).id);
        assert_eq!(sent.len(), 1, "update {i} answered {} times: {:?}", sent.len(), texts(&sent));
    }
    assert_eq!(env.fake.sent().len(), 12);
}

#[tokio::test]
async fn get_updates_failures_are_waited_out() {
    let env = Env::new().await;
    env.fake.fail_next("getUpdates", Fault::TooManyRequests { retry_after: 1 });
    env.fake.fail_next("getUpdates", Fault::Delay(Duration::from_millis(50)));
    let user = stranger(1);
    env.fake.send_text(&user, "/start");
    let running = env.start();
    env.wait_sent(user.id, 1).await;
    running.stop().await;
    let polls = env.fake.calls_of("getUpdates");
    assert_eq!(polls[0].status, 429);
    assert!(polls[1].at >= polls[0].at + Duration::from_millis(900), "waited retry_after");
    assert_eq!(env.fake.sent_to(user.id).len(), 1);
}

/// teloxide pauses 10 s after any 5xx: this test is slow by nature, and runs alongside others.
#[tokio::test]
async fn a_server_error_on_get_updates_is_retried() {
    let env = Env::new().await;
    env.fake.fail_next("getUpdates", Fault::ServerError { status: 502 });
    let user = stranger(2);
    env.fake.send_text(&user, "/start");
    let running = env.start();
    let reached = env.fake.wait_until(Duration::from_secs(30), |f| f.sent_to(user.id).len() == 1).await;
    running.stop().await;
    assert!(reached, "the update is handled after the 502");
    assert_eq!(env.fake.calls_of("getUpdates")[0].status, 502);
    assert_eq!(env.fake.sent_to(user.id).len(), 1);
}

#[tokio::test]
async fn a_429_on_a_reply_delays_it_without_losing_it() {
    let env = Env::new().await;
    env.fake.fail_next("sendMessage", Fault::TooManyRequests { retry_after: 1 });
    let user = stranger(3);
    env.fake.send_text(&user, "/start");
    let running = env.start();
    env.wait_sent(user.id, 1).await;
    running.stop().await;
    let tries = env.fake.calls_of("sendMessage");
    assert_eq!(tries.iter().map(|c| c.status).collect::<Vec<_>>(), [429, 200]);
    assert!(tries[1].at >= tries[0].at + Duration::from_millis(900));
}
