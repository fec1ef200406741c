//! Transcript tests: each file under tests/transcripts/ is a conversation with the bot on a
//! fresh demo AMAP, one message per `>` line and the expected replies as `<` lines.
//!
//! Format:
//! ```text
//!   # comment
//!   @now 2027-05-05T10:00:00+02:00   the clock for the following messages
//!   @as EMAIL                        talk as this member (their console account is linked)
//!   @unlinked ID                     talk as an unknown account with this id
//!   @lang en                         the transport's language hint
//!   @group                           the next messages are sent in a group chat (@private to undo)
//!   @setup network                   put the demo AMAP in a network (see network.rs)
//!   > /prochaine                     a message (or a button's data)
//!   < 📅 **Mardi 11 mai**, …         expected reply text, `**` marks bold
//!   < [Je serai absent·e -> /absence 2027-05-11]   a button: label -> data
//!   < ---                            separates two replies; `< (private)` marks a DM reply
//! ```
//!
//! Run with PANIER_BLESS=1 to rewrite the files with the actual replies, then review the diff.

use chrono::{DateTime, Utc};
use panier_conversation::markup::Rich;
use panier_conversation::{Audience, Bot, ChatKind, Incoming, Reply, Transport};
use panier_core::store::Store;
use panier_core::usecases::Panier;

/// Wednesday 5 May 2027, 10:00 in Paris: the demo's season runs around it.
const DEFAULT_NOW: &str = "2027-05-05T10:00:00+02:00";

fn render_rich(rich: &Rich) -> String {
    let text: String =
        rich.spans.iter().map(|s| if s.bold { format!("**{}**", s.text) } else { s.text.clone() }).collect();
    mask_tokens(&text)
}

/// Signing and editor links carry a random token: transcripts show `/s/<token>` (or `/c/<token>`…).
fn mask_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Editor links too: `/e/` (contract), `/a/` (settings), `/m/` (members).
    // Calendar feeds: `/cal/<token>.ics`.
    while let Some((i, n)) = ["/s/", "/c/", "/e/", "/a/", "/m/", "/cal/"]
        .iter()
        .filter_map(|p| rest.find(p).map(|i| (i, p.len())))
        .min()
    {
        out.push_str(&rest[..i + n]);
        rest = &rest[i + n..];
        let len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_').count();
        if len >= 20 {
            out.push_str("<token>");
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out
}

pub fn render(replies: &[Reply]) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, r) in replies.iter().enumerate() {
        if i > 0 {
            lines.push("---".to_owned());
        }
        if r.audience == Audience::Private {
            lines.push("(private)".to_owned());
        }
        lines.extend(render_rich(&r.text).lines().map(str::to_owned));
        if let Some(d) = &r.document {
            lines.push(format!("[file {} ({})]", d.file_name, d.mime));
        }
        if !r.buttons.is_empty() {
            let buttons: Vec<String> =
                r.buttons.iter().map(|b| format!("[{} -> {}]", b.label, b.data)).collect();
            lines.push(buttons.join(" "));
        }
    }
    lines
}

async fn seeded() -> (Store, DateTime<Utc>) {
    let path = std::env::temp_dir().join(format!(
        "panier_transcript_{}_{}.db",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
    ));
    let store = Store::open(&path.to_string_lossy()).await.expect("open store");
    let now = DateTime::parse_from_rfc3339(DEFAULT_NOW).expect("now").with_timezone(&Utc);
    let today = now.with_timezone(&chrono_tz::Europe::Paris).date_naive();
    panier_core::demo::seed(&store, today, now).await.expect("seed demo");
    (store, now)
}

/// Runs one transcript; returns the file as it should be (actual replies).
async fn run_file(text: &str) -> String {
    let (store, mut now) = seeded().await;
    let bot = Bot::new(Panier::new(store.clone()));
    let mut sender = String::from("nobody");
    let mut lang: Option<String> = None;
    let mut kind = ChatKind::Private;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("< ") || line == "<" {
            continue;
        }
        out.push(line.to_owned());
        if let Some(at) = line.strip_prefix("@now ") {
            now = DateTime::parse_from_rfc3339(at.trim()).expect("@now instant").with_timezone(&Utc);
        } else if let Some(email) = line.strip_prefix("@as ") {
            sender = email.trim().to_owned();
            let mut conn = store.conn().await.expect("conn");
            let email = panier_core::types::Email::parse(&sender).expect("@as email");
            let member = panier_core::store::directory::member_by_email(&mut conn, &email)
                .await
                .expect("lookup")
                .expect("@as member exists in the demo");
            panier_core::store::accounts::link_account(
                &mut conn, member.id, "console", &sender, &sender, now,
            )
            .await
            .expect("link");
        } else if let Some(id) = line.strip_prefix("@unlinked ") {
            sender = id.trim().to_owned();
        } else if line.trim() == "@setup network" {
            crate::network::setup(&store, now).await;
        } else if let Some(l) = line.strip_prefix("@lang ") {
            lang = Some(l.trim().to_owned());
        } else if line.trim() == "@group" {
            kind = ChatKind::Group;
        } else if line.trim() == "@private" {
            kind = ChatKind::Private;
        } else if let Some(message) = line.strip_prefix("> ") {
            let incoming = Incoming {
                transport: Transport::Console,
                chat_id: if kind == ChatKind::Group { "group".to_owned() } else { sender.clone() },
                sender: sender.clone(),
                text: message.to_owned(),
                lang_hint: lang.clone(),
                chat_kind: kind,
                is_button: false,
            };
            let replies = bot.handle(&incoming, now).await;
            out.extend(
                render(&replies)
                    .into_iter()
                    .map(|l| if l.is_empty() { "<".to_owned() } else { format!("< {l}") }),
            );
        }
    }
    store.close().await;
    out.join("\n") + "\n"
}

#[tokio::test]
async fn transcripts() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let bless = std::env::var("PANIER_BLESS").is_ok();
    // PANIER_TRANSCRIPT=NAME runs (and blesses) only the files whose name contains NAME.
    let only = std::env::var("PANIER_TRANSCRIPT").ok();
    let mut failures = Vec::new();
    let mut entries: Vec<_> =
        std::fs::read_dir(&dir).expect("transcripts dir").flatten().map(|e| e.path()).collect();
    entries.sort();
    assert!(!entries.is_empty(), "no transcript found");
    let wanted = |p: &std::path::Path| {
        only.as_deref().is_none_or(|o| p.file_name().is_some_and(|n| n.to_string_lossy().contains(o)))
    };
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "txt") && wanted(p)) {
        let expected = std::fs::read_to_string(path).expect("read transcript");
        let actual = run_file(&expected).await;
        if actual != expected {
            if bless {
                std::fs::write(path, &actual).expect("bless");
            } else {
                let target =
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/transcripts");
                std::fs::create_dir_all(&target).ok();
                let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                std::fs::write(target.join(format!("{name}.actual")), &actual).ok();
                let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
                failures.push(format!(
                    "{name}: first difference at line {}\n  expected: {:?}\n  actual:   {:?}",
                    first + 1,
                    expected.lines().nth(first).unwrap_or(""),
                    actual.lines().nth(first).unwrap_or("")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "transcripts differ (actual output in target/transcripts/):\n{}",
        failures.join("\n")
    );
}
