//! Configuration of `panier serve`: a TOML file, then PANIER_* environment variables nested
//! with `__` (PANIER_TELEGRAM__TOKEN is `telegram.token`), and secrets readable from files
//! (PANIER_TELEGRAM__TOKEN_FILE). Unknown keys are errors that name the key.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};

/// Keys whose values are secrets: redacted when printed, never logged.
const SECRET_KEYS: [&str; 4] = ["token", "password", "access_token", "secret"];

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub database: DatabaseConfig,
    #[serde(default)]
    pub web: WebConfig,
    #[serde(default)]
    pub scheduler: SchedulerConfig,
    /// Present when the Telegram bot should run.
    pub telegram: Option<toml::Table>,
    /// Present when the Matrix bot should run.
    pub matrix: Option<toml::Table>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// SQLite file path or postgres:// URL. `--db` and PANIER_DATABASE_URL override it.
    #[serde(default = "default_db")]
    pub url: String,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig { url: default_db() }
    }
}

fn default_db() -> String {
    "panier.db".into()
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WebConfig {
    #[serde(default = "default_listen")]
    pub listen: String,
    /// Base of the links the bot sends (signing pages, calendars).
    #[serde(default = "default_public_url")]
    pub public_url: String,
    /// Reverse proxies (addresses or CIDR blocks, comma-separated) whose X-Forwarded-For is
    /// believed, besides loopback: a containerised Panier sees its proxy from a bridge network.
    #[serde(default)]
    pub trusted_proxies: String,
}

impl WebConfig {
    /// The reverse proxies to believe, parsed (`load` refuses a configuration where this fails).
    pub fn proxies(&self) -> Result<panier_web::proxy::TrustedProxies> {
        panier_web::proxy::TrustedProxies::parse(&self.trusted_proxies).map_err(|entry| {
            anyhow::anyhow!(
                "configuration: web.trusted_proxies: `{entry}` is not an IP address or CIDR block"
            )
        })
    }
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            listen: default_listen(),
            public_url: default_public_url(),
            trusted_proxies: String::new(),
        }
    }
}

fn default_listen() -> String {
    "127.0.0.1:8080".into()
}

fn default_public_url() -> String {
    "http://127.0.0.1:8080".into()
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SchedulerConfig {
    /// Seconds between two planner + dispatcher runs.
    #[serde(default = "default_tick")]
    pub tick_seconds: u64,
    #[serde(default = "default_true")]
    pub enabled: bool,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig { tick_seconds: default_tick(), enabled: true }
    }
}

fn default_tick() -> u64 {
    30
}

fn default_true() -> bool {
    true
}

/// Reads the file (when given), overlays the environment, and validates.
pub fn load(file: Option<&Path>, env: &BTreeMap<String, String>) -> Result<Config> {
    let mut table = match file {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            text.parse::<toml::Table>().map_err(|e| anyhow!("{}: {}", path.display(), e.message()))?
        }
        None => toml::Table::new(),
    };
    overlay_env(&mut table, env)?;
    let config: Config = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| anyhow!("configuration: {}", e.message()))?;
    if config.scheduler.tick_seconds == 0 {
        bail!("configuration: scheduler.tick_seconds must be at least 1");
    }
    config.web.proxies()?;
    Ok(config)
}

/// PANIER_A__B=v sets `a.b = v`; PANIER_A__B_FILE=path sets it from the file's content.
fn overlay_env(table: &mut toml::Table, env: &BTreeMap<String, String>) -> Result<()> {
    for (name, value) in env {
        let Some(rest) = name.strip_prefix("PANIER_") else { continue };
        if !rest.contains("__") || rest.starts_with("TEST_") {
            continue; // PANIER_DATABASE_URL (handled by --db) and test switches
        }
        let (rest, value) = match rest.strip_suffix("_FILE") {
            Some(key) => {
                let content =
                    std::fs::read_to_string(value).with_context(|| format!("{name}: cannot read {value}"))?;
                (key, content.trim().to_owned())
            }
            None => (rest, value.clone()),
        };
        let path: Vec<String> = rest.split("__").map(str::to_lowercase).collect();
        if path.iter().any(String::is_empty) {
            bail!("{name}: malformed variable name");
        }
        set_path(table, &path, typed(&value), name)?;
    }
    Ok(())
}

fn typed(raw: &str) -> toml::Value {
    if let Ok(n) = raw.parse::<i64>() {
        return toml::Value::Integer(n);
    }
    match raw {
        "true" => toml::Value::Boolean(true),
        "false" => toml::Value::Boolean(false),
        _ => toml::Value::String(raw.to_owned()),
    }
}

fn set_path(table: &mut toml::Table, path: &[String], value: toml::Value, name: &str) -> Result<()> {
    let (last, parents) = path.split_last().ok_or_else(|| anyhow!("{name}: empty key"))?;
    let mut current = table;
    for key in parents {
        let entry = current.entry(key.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        current = entry.as_table_mut().ok_or_else(|| anyhow!("{name}: `{key}` is not a table"))?;
    }
    // Token-like values stay strings even when they look like numbers.
    let value = match value {
        toml::Value::Integer(n) if SECRET_KEYS.contains(&last.as_str()) => toml::Value::String(n.to_string()),
        other => other,
    };
    current.insert(last.clone(), value);
    Ok(())
}

/// The effective configuration as TOML, secrets replaced by "<redacted>".
pub fn redacted(config: &Config) -> Result<String> {
    let mut value = toml::Value::try_from(config)?;
    redact(&mut value);
    Ok(toml::to_string_pretty(&value)?)
}

fn redact(value: &mut toml::Value) {
    if let toml::Value::Table(t) = value {
        for (key, v) in t.iter_mut() {
            if SECRET_KEYS.contains(&key.as_str()) || key.ends_with("_secret") {
                *v = toml::Value::String("<redacted>".into());
            } else {
                redact(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_without_file() {
        let c = load(None, &env(&[])).expect("defaults");
        assert_eq!(c.web.listen, "127.0.0.1:8080");
        assert_eq!(c.scheduler.tick_seconds, 30);
        assert!(c.telegram.is_none());
    }

    #[test]
    fn environment_overrides_and_secret_files() {
        let dir = std::env::temp_dir().join(format!("panier_cfg_{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("panier.toml");
        std::fs::write(&file, "[web]\nlisten = \"0.0.0.0:80\"\n[scheduler]\ntick_seconds = 10\n")
            .expect("write");
        let secret = dir.join("token");
        std::fs::write(&secret, "123456:ABC\n").expect("write");
        let c = load(
            Some(&file),
            &env(&[
                ("PANIER_WEB__LISTEN", "127.0.0.1:9000"),
                ("PANIER_TELEGRAM__TOKEN_FILE", secret.to_str().expect("utf8")),
                ("PANIER_DATABASE_URL", "ignored-here.db"),
                ("PANIER_TEST_POSTGRES_URL", "postgres://x"),
            ]),
        )
        .expect("loads");
        assert_eq!(c.web.listen, "127.0.0.1:9000");
        assert_eq!(c.scheduler.tick_seconds, 10);
        let token = c.telegram.as_ref().and_then(|t| t.get("token")).and_then(|v| v.as_str());
        assert_eq!(token, Some("123456:ABC"));
        let shown = redacted(&c).expect("redacted");
        assert!(shown.contains("<redacted>") && !shown.contains("123456"), "{shown}");
    }

    #[test]
    fn trusted_proxies_are_addresses_or_blocks() {
        let c = load(None, &env(&[("PANIER_WEB__TRUSTED_PROXIES", "172.16.0.0/12, ::1")])).expect("loads");
        assert_eq!(c.web.trusted_proxies, "172.16.0.0/12, ::1");
        let e =
            load(None, &env(&[("PANIER_WEB__TRUSTED_PROXIES", "10.0.0.1, mon-proxy")])).expect_err("refused");
        assert!(e.to_string().contains("`mon-proxy`"), "{e}");
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = load(None, &env(&[("PANIER_WEB__LISTN", "x")])).expect_err("unknown key");
        assert!(err.to_string().contains("listn"), "{err}");
        let err = load(None, &env(&[("PANIER_SCHEDULER__TICK_SECONDS", "0")])).expect_err("zero");
        assert!(err.to_string().contains("tick_seconds"), "{err}");
    }
}
