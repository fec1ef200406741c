//! Console adapter: talk to Panier in a terminal, or pipe a scripted conversation through it
//! (like Hubot's shell adapter).
//!
//! One line read is one message; each reply is printed as text for a terminal, its choice
//! buttons as numbered options (answering with the number presses the button: the engine
//! maps numbers to the choices it offered), then a blank line. The console account of a
//! member is their e-mail address on the `console` transport. No business rule and no
//! sentence is built here: the texts come from the conversation layer and its catalog.

use chrono::Utc;
use panier_conversation::i18n::{Arg, Lang};
use panier_conversation::{Bot, ChatKind, Incoming, Reply, Transport};
use panier_core::CoreError;
use panier_core::model::Member;
use panier_core::store::{accounts, directory};
use panier_core::types::Email;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};

/// Why the console could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    /// Nobody has this e-mail address in the database.
    #[error("no member has the e-mail address {0}")]
    UnknownMember(String),
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("terminal: {0}")]
    Io(#[from] std::io::Error),
}

/// The transport name of console accounts.
pub const TRANSPORT: &str = "console";

/// Links the console account of the member with this e-mail (once), and returns the member.
pub async fn console_member(bot: &Bot, member_email: &str) -> Result<Member, ConsoleError> {
    let email =
        Email::parse(member_email).map_err(|_| ConsoleError::UnknownMember(member_email.to_owned()))?;
    let now = Utc::now();
    let member = bot
        .panier()
        .write(async |c| {
            let Some(member) = directory::member_by_email(c, &email).await? else {
                return Ok(None);
            };
            if accounts::member_by_account(c, TRANSPORT, email.as_str()).await? != Some(member.id) {
                accounts::link_account(c, member.id, TRANSPORT, email.as_str(), email.as_str(), now).await?;
            }
            Ok(Some(member))
        })
        .await?;
    member.ok_or_else(|| ConsoleError::UnknownMember(email.to_string()))
}

/// The language the console speaks to this member before any reply: their own, else their
/// AMAP's, else French (the engine makes the same choice for replies).
async fn language(bot: &Bot, member: &Member) -> Lang {
    if let Some(lang) = member.language.as_deref().and_then(Lang::parse) {
        return lang;
    }
    match bot.panier().amaps_of(member.id).await {
        Ok(amaps) => amaps.first().and_then(|a| Lang::parse(&a.default_language)).unwrap_or_default(),
        Err(_) => Lang::default(),
    }
}

/// A reply for a terminal: the text (ANSI bold when `ansi`), the numbered choices, a blank line.
pub fn render(reply: &Reply, ansi: bool) -> String {
    let mut out = reply.text.terminal(ansi);
    out.push('\n');
    for (i, button) in reply.buttons.iter().enumerate() {
        out.push_str(&format!("  {}. {}\n", i + 1, button.label));
    }
    out.push('\n');
    out
}

/// Talks with Panier as the member with this e-mail: links their console account if needed,
/// then answers each line of `input` on `output` until the end of the input.
///
/// `interactive` (a person at a terminal) adds a welcome line, a prompt and bold text;
/// otherwise only the replies are written, so conversations can be scripted.
pub async fn run_chat(
    bot: Bot,
    member_email: &str,
    input: impl AsyncBufRead,
    output: impl AsyncWrite,
    interactive: bool,
) -> Result<(), ConsoleError> {
    let member = console_member(&bot, member_email).await?;
    let account = member.email.to_string();
    let lang = language(&bot, &member).await;
    let catalog = bot.catalog();
    let prompt = format!("{}> ", catalog.text(lang, "console-prompt", &[]));
    let mut output = std::pin::pin!(output);
    let input = std::pin::pin!(input);
    let mut lines = input.lines();
    if interactive {
        let welcome = catalog.text(lang, "console-welcome", &[("name", Arg::from(&member.first_name))]);
        output.write_all(format!("{welcome}\n\n").as_bytes()).await?;
    }
    loop {
        if interactive {
            output.write_all(prompt.as_bytes()).await?;
        }
        output.flush().await?;
        let Some(line) = lines.next_line().await? else {
            if interactive {
                output.write_all(b"\n").await?;
            }
            break;
        };
        // A blank line is not a message (sending it would also forget the offered choices).
        if line.trim().is_empty() {
            continue;
        }
        let message = Incoming {
            transport: Transport::Console,
            chat_id: account.clone(),
            sender: account.clone(),
            text: line,
            lang_hint: None,
            chat_kind: ChatKind::Private,
            is_button: false,
        };
        for reply in bot.handle(&message, Utc::now()).await {
            output.write_all(render(&reply, interactive).as_bytes()).await?;
            if let Some(document) = &reply.document {
                let path = save_document(document).await?;
                let line = catalog.text(lang, "console-document-saved", &[("path", Arg::from(path))]);
                output.write_all(format!("{line}\n\n").as_bytes()).await?;
            }
        }
    }
    output.flush().await?;
    Ok(())
}

/// Writes a file sent by the bot into the working directory (never over an existing file).
async fn save_document(document: &panier_conversation::Document) -> std::io::Result<String> {
    let safe: String = document
        .file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .collect();
    let safe = safe.trim_start_matches('.').to_owned();
    let mut path =
        std::path::PathBuf::from(if safe.is_empty() { "panier-document".to_owned() } else { safe.clone() });
    let mut n = 1;
    while tokio::fs::try_exists(&path).await.unwrap_or(false) {
        path = std::path::PathBuf::from(format!("{n}-{safe}"));
        n += 1;
    }
    tokio::fs::write(&path, &document.bytes).await?;
    Ok(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use panier_conversation::markup::Rich;
    use panier_conversation::message::Button;
    use panier_core::store::Store;
    use panier_core::usecases::Panier;

    #[test]
    fn renders_text_choices_and_a_blank_line() {
        let reply = Reply::new(Rich::parse("📅 **Mardi 11 mai**, 18h30")).with_buttons(vec![
            Button { label: "Je serai absent·e".into(), data: "/absence 2027-05-11".into() },
            Button { label: "Voir mes livraisons".into(), data: "/livraisons".into() },
        ]);
        assert_eq!(
            render(&reply, false),
            "📅 Mardi 11 mai, 18h30\n  1. Je serai absent·e\n  2. Voir mes livraisons\n\n"
        );
        assert_eq!(render(&reply, true).lines().next(), Some("📅 \x1b[1mMardi 11 mai\x1b[0m, 18h30"));
    }

    async fn demo_bot() -> (Bot, Store, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!(
            "panier_console_{}_{}.db",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let store = Store::open(&path.to_string_lossy()).await.expect("store");
        let now = Utc::now();
        let today = now.with_timezone(&chrono_tz::Europe::Paris).date_naive();
        panier_core::demo::seed(&store, today, now).await.expect("seed");
        (Bot::new(Panier::new(store.clone())), store, path)
    }

    async fn chat(bot: &Bot, email: &str, script: &str, interactive: bool) -> Result<String, ConsoleError> {
        let mut out = Vec::new();
        run_chat(bot.clone(), email, script.as_bytes(), &mut out, interactive).await?;
        Ok(String::from_utf8(out).expect("utf-8"))
    }

    #[tokio::test]
    async fn a_scripted_conversation() {
        let (bot, store, path) = demo_bot().await;
        let out = chat(&bot, panier_core::demo::DEMO_MEMBER, "/prochaine\n\n1\n", false).await.expect("chat");
        assert!(!out.contains("vous>"), "{out}");
        assert!(
            out.contains(
                "\n  1. Je serai absent·e\n  2. Quelqu'un d'autre viendra\n  3. Voir mes livraisons\n\n"
            ),
            "{out}"
        );
        // "1" answered the first choice: not "I did not understand".
        assert!(!out.contains("Je n'ai pas compris"), "{out}");
        // Linking twice is harmless; an interactive session greets and prompts.
        let out = chat(&bot, "Camille.Petit@example.org", "/aide\n", true).await.expect("chat");
        assert!(out.starts_with("Bonjour Camille"), "{out}");
        assert!(out.contains("vous> "), "{out}");
        assert!(out.contains("\x1b[1m"), "{out}");
        let unknown = chat(&bot, "nobody@example.org", "/aide\n", false).await;
        assert!(matches!(unknown, Err(ConsoleError::UnknownMember(_))), "{unknown:?}");
        let invalid = chat(&bot, "not an address", "/aide\n", false).await;
        assert!(matches!(invalid, Err(ConsoleError::UnknownMember(_))), "{invalid:?}");
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}
