//! `panier invite --amap SLUG [--email E]`: one-time linking codes for an AMAP's members,
//! with the Telegram deep link `https://t.me/<bot>?start=<code>` and the Matrix command
//! `!lier CODE`, as text for the admin or JSON for scripts.
//!
//! The bot's username comes from `PANIER_TELEGRAM__BOT_USERNAME`, else from Telegram's getMe
//! when `PANIER_TELEGRAM__TOKEN` is set (and `PANIER_TELEGRAM__API_URL`, if any); without
//! either, the links are left out (and the admin is told so): members can still type
//! `/lier CODE` to the bot.

use anyhow::{Context, Result, anyhow};
use chrono::{DateTime, Duration, Utc};
use panier_core::model::MemberStatus;
use panier_core::store::{Store, directory};
use panier_core::types::Email;
use panier_core::usecases::linking::{self, DEFAULT_CODE_DAYS};
use panier_core::usecases::rights::Rights;
use panier_telegram::TelegramConfig;
use serde::Serialize;

use crate::cli::Format;

/// One member's invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invitation {
    pub email: String,
    pub code: String,
    /// `https://t.me/<bot>?start=<code>`; null when the bot's username is unknown.
    pub telegram_link: Option<String>,
    pub matrix_command: String,
}

/// The Telegram settings from the environment, when a token or a username is given.
pub fn telegram_from_env() -> Option<TelegramConfig> {
    let var = |name: &str| std::env::var(name).ok().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let token = var("PANIER_TELEGRAM__TOKEN");
    let username = var("PANIER_TELEGRAM__BOT_USERNAME");
    if token.is_none() && username.is_none() {
        return None;
    }
    Some(TelegramConfig {
        token: token.unwrap_or_default(),
        api_url: var("PANIER_TELEGRAM__API_URL"),
        bot_username: username,
        webhook: None,
    })
}

/// The bot's username: configured, else asked to Telegram. `Err` holds why it is unknown.
async fn bot_username(telegram: Option<&TelegramConfig>) -> std::result::Result<String, String> {
    let Some(cfg) = telegram else {
        return Err(
            "no Telegram bot is configured (PANIER_TELEGRAM__BOT_USERNAME or PANIER_TELEGRAM__TOKEN)".into(),
        );
    };
    if let Some(name) = cfg.username() {
        return Ok(name.to_owned());
    }
    let tg = panier_telegram::Telegram::new(cfg)
        .map_err(|e| format!("the Telegram settings are not usable: {e}"))?;
    tg.bot_username().await.map_err(|e| format!("Telegram did not say the bot's username: {e}"))
}

/// `https://t.me/<bot>?start=<code>`.
pub fn telegram_link(bot_username: &str, code: &str) -> String {
    format!("https://t.me/{bot_username}?start={code}")
}

pub async fn run(
    store: &Store,
    amap_slug: &str,
    email: Option<&str>,
    format: Format,
    telegram: Option<TelegramConfig>,
) -> Result<()> {
    let now = Utc::now();
    let invitations = create(store, amap_slug, email, now).await?;
    let username = bot_username(telegram.as_ref()).await;
    let invitations: Vec<Invitation> = invitations
        .into_iter()
        .map(|mut i| {
            i.telegram_link = username.as_ref().ok().map(|bot| telegram_link(bot, &i.code));
            i
        })
        .collect();
    if let Err(why) = &username {
        eprintln!("note: Telegram links left out: {why}. Members can type /lier CODE to the bot instead.");
    }
    let out = match format {
        Format::Json => {
            let json = match (email, invitations.as_slice()) {
                (Some(_), [one]) => serde_json::to_string_pretty(one)?,
                _ => serde_json::to_string_pretty(&invitations)?,
            };
            json + "\n"
        }
        Format::Text => text(&invitations, now + Duration::days(DEFAULT_CODE_DAYS)),
    };
    // The codes are created: a reader that went away (`| head`) is not an error.
    match std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Creates the codes (all in one transaction): every active member of the AMAP, or the one
/// with `email`. Links are filled in by the caller.
pub async fn create(
    store: &Store,
    amap_slug: &str,
    email: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<Invitation>> {
    let email = email.map(|e| Email::parse(e).map_err(|_| anyhow!("not an e-mail address"))).transpose()?;
    let mut tx = store.write_tx().await?;
    let amap = directory::amap_by_slug(&mut tx, amap_slug)
        .await?
        .ok_or_else(|| anyhow!("no AMAP with slug {amap_slug:?}"))?;
    let mut members = Vec::new();
    for m in directory::members_of_amap(&mut tx, amap.id).await? {
        if email.as_ref().is_some_and(|e| *e != m.email) {
            continue;
        }
        if m.status != MemberStatus::Active || !Rights::load(&mut tx, m.id).await?.is_member_of(amap.id) {
            continue;
        }
        members.push(m);
    }
    if members.is_empty() {
        anyhow::bail!(match email {
            Some(_) => format!("no active member of {amap_slug} has this e-mail address"),
            None => format!("{amap_slug} has no active member"),
        });
    }
    let mut out = Vec::with_capacity(members.len());
    for m in members {
        let code = linking::create_link_code(&mut tx, None, amap.id, m.id, now, DEFAULT_CODE_DAYS)
            .await
            .context("cannot create a linking code")?;
        out.push(Invitation {
            email: m.email.as_str().to_owned(),
            matrix_command: format!("!lier {code}"),
            code,
            telegram_link: None,
        });
    }
    tx.commit().await?;
    Ok(out)
}

fn text(invitations: &[Invitation], expires: DateTime<Utc>) -> String {
    let mut out = String::new();
    for i in invitations {
        out.push_str(&format!("{}  {}\n", i.email, i.code));
        if let Some(link) = &i.telegram_link {
            out.push_str(&format!("  Telegram: {link}\n"));
        }
        out.push_str(&format!("  Matrix:   {}\n", i.matrix_command));
    }
    out.push_str(&format!(
        "{} code{}, single use, valid until {} ({DEFAULT_CODE_DAYS} days)\n",
        invitations.len(),
        if invitations.len() == 1 { "" } else { "s" },
        expires.format("%Y-%m-%d")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_text() {
        assert_eq!(telegram_link("panier_bot", "ABC"), "https://t.me/panier_bot?start=ABC");
        let i = Invitation {
            email: "a@example.org".into(),
            code: "ABCDEFGHJK".into(),
            telegram_link: Some(telegram_link("panier_bot", "ABCDEFGHJK")),
            matrix_command: "!lier ABCDEFGHJK".into(),
        };
        let shown = text(std::slice::from_ref(&i), DateTime::from_timestamp(0, 0).expect("epoch"));
        assert!(shown.contains("Telegram: https://t.me/panier_bot?start=ABCDEFGHJK"), "{shown}");
        assert!(shown.contains("1 code, single use, valid until 1970-01-01"), "{shown}");
        let json = serde_json::to_string(&i).expect("json");
        assert_eq!(
            json,
            r#"{"email":"a@example.org","code":"ABCDEFGHJK","telegram_link":"https://t.me/panier_bot?start=ABCDEFGHJK","matrix_command":"!lier ABCDEFGHJK"}"#
        );
    }

    #[tokio::test]
    async fn codes_for_every_member_or_one() {
        let path = std::env::temp_dir().join(format!("panier_invite_{}.db", std::process::id()));
        let store = Store::open(&path.to_string_lossy()).await.expect("store");
        let now = DateTime::parse_from_rfc3339("2027-05-05T08:00:00Z").expect("now").with_timezone(&Utc);
        panier_core::demo::seed(&store, now.date_naive(), now).await.expect("seed");
        let all = create(&store, "capucins", None, now).await.expect("codes");
        assert_eq!(all.len(), 28, "25 households and the 3 farmers, members too");
        assert!(all.iter().all(|i| i.matrix_command == format!("!lier {}", i.code)));
        let one = create(&store, "capucins", Some("camille.petit@example.org"), now).await.expect("code");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].email, "camille.petit@example.org");
        let mut tx = store.write_tx().await.expect("tx");
        let linked = linking::redeem_link_code(&mut tx, "telegram", "42", "42", &one[0].code, now)
            .await
            .expect("redeem");
        tx.commit().await.expect("commit");
        assert_eq!(linked.first_name, "Camille");
        assert!(create(&store, "capucins", Some("nobody@example.org"), now).await.is_err());
        assert!(create(&store, "nowhere", None, now).await.is_err());
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}
