//! No personal data in logs: a whole conversation (linking with a code, baskets, an absence
//! dialogue, a signing link, a data export, a stray message with a phone number, a refused
//! command) runs with every log event captured at TRACE level, and none of the member's
//! e-mail, phone, names, chat handle, code, token or message text appears in them.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};
use panier_conversation::{Bot, Incoming, Reply, Transport};
use panier_core::store::{Store, directory};
use panier_core::usecases::Panier;
use tracing_subscriber::fmt::MakeWriter;

/// Every log line of this test binary, from all threads (sqlx's SQLite worker included).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut all) = self.0.lock() {
            all.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

fn capture() -> &'static Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(captured.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
        captured
    })
}

fn texts(replies: &[Reply]) -> String {
    replies.iter().map(|r| r.text.plain()).collect::<Vec<_>>().join("\n")
}

#[tokio::test]
async fn a_whole_conversation_leaves_no_personal_data_in_the_logs() {
    let logs = capture();
    let path = std::env::temp_dir().join(format!("panier_logs_{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let store = Store::open(&path.to_string_lossy()).await.expect("open");
    let now: DateTime<Utc> =
        DateTime::parse_from_rfc3339("2027-05-05T10:00:00+02:00").expect("now").with_timezone(&Utc);
    let info = panier_core::demo::seed(&store, now.date_naive(), now).await.expect("seed");
    let panier = Panier::new(store.clone());
    let me = {
        let mut c = store.conn().await.expect("conn");
        // Julien has a contract to sign: the conversation includes a signing link.
        let email = panier_core::types::Email::parse("julien.roux@example.org").expect("email");
        let m = directory::member_by_email(&mut c, &email).await.expect("q").expect("member");
        let fields = directory::MemberFields {
            email: m.email.clone(),
            first_name: m.first_name.clone(),
            last_name: m.last_name.clone(),
            phone: Some("06 71 82 93 04".into()),
        };
        directory::upsert_member(&mut c, &fields, now).await.expect("phone");
        m
    };
    let code = panier.create_link_code(Some(info.admin), info.amap, me.id, now).await.expect("code");
    let bot = Bot::new(panier.clone()).with_public_url("https://panier.example");
    let handle = "julien-handle-83561";
    let stray = "Mon numero perso est le 0671829304, rappelez-moi vite";
    let mut said = String::new();
    for text in [
        "/lier WRONGCODE9".to_owned(),
        format!("/lier {code}"),
        "/prochaine".into(),
        "/livraisons".into(),
        "/absence".into(),
        "1".into(),
        "1".into(),
        "/signer".into(),
        "/mesdonnees".into(),
        "/moi".into(),
        stray.into(),
        "/totaux".into(),
        "/oubli".into(),
        "non".into(),
    ] {
        let replies = bot.handle(&Incoming::private(Transport::Console, handle, &text), now).await;
        said.push_str(&texts(&replies));
    }
    assert!(said.contains(me.first_name.as_str()), "the conversation really ran as the member: {said}");
    let tokens: Vec<&str> = said
        .split("https://panier.example/s/")
        .skip(1)
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    assert!(!tokens.is_empty(), "a signing link was sent: {said}");

    let all = String::from_utf8_lossy(&logs.0.lock().expect("logs")).into_owned();
    assert!(all.contains("message handled"), "the capture works: {} bytes", all.len());
    let mut secrets = vec![
        me.email.as_str().to_owned(),
        me.first_name.clone(),
        me.last_name.clone(),
        "06 71 82 93 04".into(),
        "0671829304".into(),
        handle.into(),
        code.clone(),
        "WRONGCODE9".into(),
        stray.into(),
        "rappelez-moi".into(),
    ];
    secrets.extend(tokens.iter().map(|t| t.trim_end_matches(['.', ')']).to_owned()));
    for secret in secrets {
        assert!(!all.contains(&secret), "the logs contain {secret:?}");
    }
}
