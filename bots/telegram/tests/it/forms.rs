//! The fake Bot API reads form-encoded calls like the real one: `application/x-www-form-urlencoded`
//! (what aiogram/aiohttp posts without a file) and `multipart/form-data`, with JSON-valued
//! fields (`reply_markup`) and percent-encoded UTF-8; its limits apply to them too.

use panier_telegram::fake::{FakeBotApi, TOKEN};
use serde_json::Value;

async fn post(fake: &FakeBotApi, method: &str, content_type: &str, body: Vec<u8>) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/bot{TOKEN}/{method}", fake.url()))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("post");
    let status = response.status().as_u16();
    let body = response.bytes().await.expect("body");
    (status, serde_json::from_slice(&body).expect("json answer"))
}

const URLENCODED: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn urlencoded_and_multipart_calls_are_read() {
    let fake = FakeBotApi::start().await.expect("fake");
    let markup = r#"{"inline_keyboard":[[{"text":"Oui","callback_data":"y"}]]}"#;
    let encoded: String = markup
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect();
    let body = format!("chat_id=42&text=Bonjour+%C3%A0+tous%20%26+co&reply_markup={encoded}");
    let (status, answer) = post(&fake, "sendMessage", URLENCODED, body.into_bytes()).await;
    assert_eq!((status, &answer["ok"]), (200, &Value::Bool(true)), "{answer}");
    let sent = fake.sent_to(42);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].text(), "Bonjour à tous & co");
    assert_eq!(sent[0].buttons(), [("Oui".to_owned(), "y".to_owned())]);

    let boundary = "XyZ123";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n43\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nSalut à toi\r\n--{boundary}--\r\n"
    );
    let (status, _) =
        post(&fake, "sendMessage", &format!("multipart/form-data; boundary={boundary}"), body.into_bytes())
            .await;
    assert_eq!(status, 200);
    assert_eq!(fake.sent_to(43).iter().map(|c| c.text()).collect::<Vec<_>>(), ["Salut à toi"]);

    // A form without a chat is refused like the real API does, and nothing is sent.
    let (status, answer) = post(&fake, "sendMessage", URLENCODED, b"text=orphan".to_vec()).await;
    assert_eq!(status, 400);
    assert_eq!(answer["description"], "Bad Request: chat_id is empty");
    assert_eq!(fake.sent().len(), 2);
}

#[tokio::test]
async fn limits_apply_to_form_calls() {
    let fake = FakeBotApi::start().await.expect("fake");
    fake.enforce_limits(true);
    let (first, _) = post(&fake, "sendMessage", URLENCODED, b"chat_id=7&text=un".to_vec()).await;
    let (second, answer) = post(&fake, "sendMessage", URLENCODED, b"chat_id=7&text=deux".to_vec()).await;
    assert_eq!((first, second), (200, 429), "{answer}");
    assert!(answer["parameters"]["retry_after"].as_u64().is_some_and(|s| s >= 1), "{answer}");
    assert_eq!(fake.rate_limited(), 1);
    assert_eq!(fake.sent_to(7).len(), 1);
}
