//! `[matrix]` configuration of `panier serve` (env `PANIER_MATRIX__HOMESERVER_URL`, …, read by
//! the app's loader). Secrets are redacted from `Debug` and never logged.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Whose invitations the bot accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Autojoin {
    /// Anyone on any homeserver (the default: a member not linked yet must be able to open a
    /// direct message to link with `!lier CODE`).
    #[default]
    Anyone,
    /// Only Matrix accounts already linked to a member.
    Members,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixConfig {
    /// `https://matrix.example.org` (the client-server API base, no well-known discovery).
    pub homeserver_url: String,
    /// The bot's account: `@panier:example.org` or its localpart.
    pub user: String,
    /// Used once to log in; the session is then restored from `data_dir`.
    #[serde(default)]
    pub password: Option<String>,
    /// Instead of a password: an access token of an existing device of `user`.
    #[serde(default)]
    pub access_token: Option<String>,
    /// Session (user id, device id, access token) and the SDK's SQLite state and crypto
    /// stores. Keep it: a new directory means a new device and lost encryption keys.
    pub data_dir: PathBuf,
    #[serde(default)]
    pub autojoin: Autojoin,
}

impl MatrixConfig {
    pub fn new(
        homeserver_url: impl Into<String>,
        user: impl Into<String>,
        data_dir: impl Into<PathBuf>,
    ) -> MatrixConfig {
        MatrixConfig {
            homeserver_url: homeserver_url.into(),
            user: user.into(),
            password: None,
            access_token: None,
            data_dir: data_dir.into(),
            autojoin: Autojoin::default(),
        }
    }

    pub fn with_password(mut self, password: impl Into<String>) -> MatrixConfig {
        self.password = Some(password.into());
        self
    }
}

fn redacted(secret: &Option<String>) -> &'static str {
    if secret.is_some() { "Some(<redacted>)" } else { "None" }
}

impl fmt::Debug for MatrixConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MatrixConfig")
            .field("homeserver_url", &self.homeserver_url)
            .field("user", &self.user)
            .field("password", &format_args!("{}", redacted(&self.password)))
            .field("access_token", &format_args!("{}", redacted(&self.access_token)))
            .field("data_dir", &self.data_dir)
            .field("autojoin", &self.autojoin)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets_and_toml_reads_autojoin() {
        let cfg: MatrixConfig = toml_like(
            r#"{"homeserver_url":"http://127.0.0.1:8448","user":"@panier:localhost",
                "password":"hunter2-secret","access_token":"syt_secret","data_dir":"/tmp/x",
                "autojoin":"members"}"#,
        );
        let shown = format!("{cfg:?}");
        assert!(!shown.contains("hunter2") && !shown.contains("syt_secret"), "{shown}");
        assert!(shown.contains("<redacted>"));
        assert_eq!(cfg.autojoin, Autojoin::Members);
        let minimal: MatrixConfig =
            toml_like(r#"{"homeserver_url":"http://h","user":"panier","data_dir":"d"}"#);
        assert_eq!(minimal.autojoin, Autojoin::Anyone);
        assert!(minimal.password.is_none());
    }

    fn toml_like(json: &str) -> MatrixConfig {
        match serde_json::from_str(json) {
            Ok(cfg) => cfg,
            Err(e) => panic!("config: {e}"),
        }
    }
}
