//! Hostile input in the chat: an oversized message, control characters, right-to-left
//! overrides and markup in what is echoed back. A clear answer, nothing changed, nothing of
//! the hostile characters in any reply.

use chrono::{DateTime, Utc};
use panier_conversation::{Bot, Incoming, Reply, Transport};
use panier_core::store::{Store, accounts, subscriptions};
use panier_core::usecases::Panier;

fn all_text(replies: &[Reply]) -> String {
    replies.iter().map(|r| format!("{}\n{}", r.text.plain(), r.text.html())).collect::<Vec<_>>().join("\n")
}

fn all_html(replies: &[Reply]) -> String {
    replies.iter().map(|r| r.text.html()).collect::<Vec<_>>().join("\n")
}

fn has_hostile_chars(text: &str) -> bool {
    text.chars().any(|c| (c.is_control() && c != '\n') || panier_core::types::is_bidi_control(c))
}

#[tokio::test]
async fn hostile_messages_get_a_clear_answer_and_change_nothing() {
    let path = std::env::temp_dir().join(format!("panier_hostile_{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let store = Store::open(&path.to_string_lossy()).await.expect("open");
    let now: DateTime<Utc> =
        DateTime::parse_from_rfc3339("2027-05-05T10:00:00+02:00").expect("now").with_timezone(&Utc);
    let info = panier_core::demo::seed(&store, now.date_naive(), now).await.expect("seed");
    let who = "camille@chat";
    let mut c = store.conn().await.expect("conn");
    accounts::link_account(&mut c, info.demo_member, "console", who, who, now).await.expect("link");
    drop(c);
    let bot = Bot::new(Panier::new(store.clone()));
    let say = async |text: &str| bot.handle(&Incoming::private(Transport::Console, who, text), now).await;
    let absences = async || {
        let mut c = store.conn().await.expect("conn");
        let sub = subscriptions::subscription_for(&mut c, info.vegetables, info.demo_member)
            .await
            .expect("q")
            .expect("subscribed");
        subscriptions::absences_of(&mut c, sub.id).await.expect("absences").len()
    };
    let before = absences().await;

    let huge = format!("/absence 11/05 {}", "donner ".repeat(1000));
    let replies = say(&huge).await;
    assert_eq!(replies.len(), 1);
    assert!(replies[0].text.plain().contains("trop long"), "{}", replies[0].text.plain());

    for text in [
        "/absence \u{202E}31/02",
        "/absence 3\u{0}1/0\u{7}2",
        "/absence <b>31/02</b> **gras**",
        "/donner 31/02 Zo\u{202E}é\u{200F} <i>x</i>",
        "/prochaine\u{0}\u{1b}[31m",
        "\u{202E}\u{2066}",
    ] {
        let replies = say(text).await;
        let shown = all_text(&replies);
        assert!(!replies.is_empty(), "{text:?} gets an answer");
        assert!(!has_hostile_chars(&shown), "{text:?} -> {shown:?}");
        let html = all_html(&replies);
        assert!(!html.contains("<b>31") && !html.contains("<i>x"), "markup is escaped: {html}");
        assert!(!shown.contains("error") && !shown.contains("panic"), "{shown}");
    }
    assert_eq!(absences().await, before, "nothing was recorded");
}
