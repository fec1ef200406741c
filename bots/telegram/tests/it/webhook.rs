//! Webhook mode: the fake posts updates to the adapter's server like Telegram does.

use std::time::Duration;

use panier_telegram::WebhookConfig;
use panier_telegram::fake::FakeUser;
use serde_json::json;

use crate::support::{Env, SOON};

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    listener.local_addr().expect("addr").port()
}

#[tokio::test]
async fn webhook_mode_handles_each_update_once() {
    let env = Env::new().await;
    let port = free_port();
    let mut cfg = env.config();
    cfg.webhook = Some(WebhookConfig {
        public_url: format!("http://127.0.0.1:{port}/telegram/hook"),
        listen: format!("127.0.0.1:{port}").parse().expect("addr"),
        secret: Some("s3cret-for-tests".into()),
    });
    let running = env.start_with(env.telegram_at(cfg, env.now));
    assert!(env.fake.wait_until(SOON, |f| f.webhook_url().is_some()).await, "webhook registered");
    let set = env.fake.calls_of("setWebhook");
    assert_eq!(set[0].payload["secret_token"], "s3cret-for-tests");

    let user = FakeUser::new(9001, "Wendy");
    let id = env.fake.send_text(&user, "/start");
    env.wait_sent(user.id, 1).await;
    // Telegram delivers the same update again (e.g. our answer was lost): handled once.
    let again = json!({
        "update_id": id,
        "message": {"message_id": 77, "date": 0, "chat": {"id": 9001, "type": "private", "first_name": "Wendy"},
                    "from": {"id": 9001, "is_bot": false, "first_name": "Wendy"}, "text": "/start"}
    });
    env.fake.push_update(again);
    assert!(env.fake.wait_until(SOON, |f| f.webhook_posts() >= 2 && f.pending_updates() == 0).await);

    // A post without the secret is refused.
    let client = teloxide::net::default_reqwest_settings().build().expect("client");
    let refused = client
        .post(format!("http://127.0.0.1:{port}/telegram/hook"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status().as_u16(), 401);
    tokio::time::sleep(Duration::from_millis(100)).await;
    running.stop().await;
    assert_eq!(env.fake.sent_to(user.id).len(), 1);
    assert!(env.fake.calls_of("getUpdates").is_empty(), "no polling in webhook mode");
}
