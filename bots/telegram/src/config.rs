//! The `telegram` table of Panier's configuration. The token is a secret: it never appears
//! in logs, in `Debug` output, nor in error messages (reqwest errors carry the request URL,
//! which holds the token, so they are never printed either).

use std::net::SocketAddr;

use serde::Deserialize;

/// Telegram's public Bot API server.
pub const DEFAULT_API_URL: &str = "https://api.telegram.org";

/// How the bot reaches Telegram. Env: `PANIER_TELEGRAM__TOKEN`, `PANIER_TELEGRAM__API_URL`,
/// `PANIER_TELEGRAM__BOT_USERNAME`.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TelegramConfig {
    /// The bot token from @BotFather.
    pub token: String,
    /// A self-hosted Bot API server (or a test server); Telegram's by default.
    #[serde(default)]
    pub api_url: Option<String>,
    /// The bot's username without `@` (for invitation links); asked with getMe when absent.
    #[serde(default)]
    pub bot_username: Option<String>,
    /// Receive updates by webhook instead of long polling.
    #[serde(default)]
    pub webhook: Option<WebhookConfig>,
}

/// Webhook mode, for deployments reachable over HTTPS.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// The HTTPS URL Telegram posts updates to (its path is the route served).
    pub public_url: String,
    /// The local address to listen on, e.g. `127.0.0.1:8443` behind a reverse proxy.
    pub listen: SocketAddr,
    /// The secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token`; random when absent.
    #[serde(default)]
    pub secret: Option<String>,
}

fn redacted(secret: &str) -> &'static str {
    if secret.is_empty() { "(empty)" } else { "(redacted)" }
}

impl std::fmt::Debug for TelegramConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramConfig")
            .field("token", &redacted(&self.token))
            .field("api_url", &self.api_url)
            .field("bot_username", &self.bot_username)
            .field("webhook", &self.webhook)
            .finish()
    }
}

impl std::fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("public_url", &self.public_url)
            .field("listen", &self.listen)
            .field("secret", &self.secret.as_deref().map(redacted))
            .finish()
    }
}

impl TelegramConfig {
    /// A configuration with only a token (Telegram's server, long polling).
    pub fn new(token: impl Into<String>) -> TelegramConfig {
        TelegramConfig { token: token.into(), ..TelegramConfig::default() }
    }

    /// Points the bot at another Bot API server (self-hosted, or a test server).
    pub fn with_api_url(mut self, url: impl Into<String>) -> TelegramConfig {
        self.api_url = Some(url.into());
        self
    }

    /// The API URL to use, parsed; an error names the setting, never the token.
    pub fn api_url(&self) -> anyhow::Result<reqwest::Url> {
        let raw = self.api_url.as_deref().unwrap_or(DEFAULT_API_URL);
        let url = reqwest::Url::parse(raw)
            .map_err(|e| anyhow::anyhow!("telegram.api_url is not a valid URL ({e})"))?;
        if !matches!(url.scheme(), "http" | "https") {
            anyhow::bail!("telegram.api_url must be an http:// or https:// URL");
        }
        Ok(url)
    }

    /// Checks what can be checked without the network.
    pub fn validate(&self) -> anyhow::Result<()> {
        let token = self.token.trim();
        if token.is_empty() {
            anyhow::bail!("telegram.token is empty");
        }
        if token.chars().any(|c| c.is_whitespace() || c == '/' || c == '?' || c == '#') {
            anyhow::bail!("telegram.token has characters a bot token never has");
        }
        self.api_url()?;
        if let Some(name) = &self.bot_username
            && !valid_username(name.trim_start_matches('@'))
        {
            anyhow::bail!("telegram.bot_username is not a Telegram username");
        }
        if let Some(webhook) = &self.webhook {
            let url = reqwest::Url::parse(&webhook.public_url)
                .map_err(|e| anyhow::anyhow!("telegram.webhook.public_url is not a valid URL ({e})"))?;
            if !matches!(url.scheme(), "http" | "https") {
                anyhow::bail!("telegram.webhook.public_url must be an https:// URL");
            }
            if let Some(secret) = &webhook.secret
                && !valid_secret(secret)
            {
                anyhow::bail!(
                    "telegram.webhook.secret must be 1-256 characters among A-Z, a-z, 0-9, _ and -"
                );
            }
        }
        Ok(())
    }

    /// The bot's username as configured, without a leading `@`.
    pub fn username(&self) -> Option<&str> {
        self.bot_username.as_deref().map(|n| n.trim().trim_start_matches('@')).filter(|n| !n.is_empty())
    }
}

/// Telegram usernames: 5-32 characters among a-z, A-Z, 0-9 and `_`.
pub fn valid_username(name: &str) -> bool {
    (5..=32).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What Telegram accepts as a webhook secret token.
pub fn valid_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len())
        && secret.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let mut cfg = TelegramConfig::new("123456:SECRET-token");
        cfg.webhook = Some(WebhookConfig {
            public_url: "https://panier.example.org/tg".into(),
            listen: "127.0.0.1:8443".parse().expect("addr"),
            secret: Some("webhook-SECRET".into()),
        });
        let shown = format!("{cfg:?} {cfg:#?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("(redacted)"));
    }

    #[test]
    fn validates_settings() {
        assert!(TelegramConfig::new("123:abc").validate().is_ok());
        assert!(TelegramConfig::new("").validate().is_err());
        assert!(TelegramConfig::new("12 3").validate().is_err());
        assert!(TelegramConfig::new("123:abc").with_api_url("ftp://x").validate().is_err());
        assert!(TelegramConfig::new("123:abc").with_api_url("not a url").validate().is_err());
        let mut cfg = TelegramConfig::new("123:abc");
        cfg.bot_username = Some("@panier_bot".into());
        assert_eq!(cfg.username(), Some("panier_bot"));
        assert!(cfg.validate().is_ok());
        cfg.bot_username = Some("a b".into());
        assert!(cfg.validate().is_err());
    }

    #[test]
    fn deserializes_from_toml_like_json() {
        let cfg: TelegramConfig = serde_json::from_value(serde_json::json!({
            "token": "1:x",
            "api_url": "http://127.0.0.1:8081",
            "webhook": {"public_url": "https://a.example.org/hook", "listen": "0.0.0.0:8443"}
        }))
        .expect("config");
        assert_eq!(cfg.api_url.as_deref(), Some("http://127.0.0.1:8081"));
        assert_eq!(cfg.webhook.as_ref().map(|w| w.listen.port()), Some(8443));
        assert!(
            serde_json::from_value::<TelegramConfig>(serde_json::json!({"token": "1:x", "tokn": 1})).is_err()
        );
    }
}
