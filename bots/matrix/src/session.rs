//! Logging in once and restoring the session afterwards: the device (user id, device id,
//! access token) is kept as JSON in `data_dir/session.json` and the SDK's SQLite state and
//! crypto stores in `data_dir/store`, so a restart is the same device with the same keys.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::config::RequestConfig;
use matrix_sdk::ruma::{OwnedDeviceId, OwnedUserId};
use matrix_sdk::store::RoomLoadSettings;
use matrix_sdk::{Client, SessionMeta, SessionTokens};
use serde::{Deserialize, Serialize};

use crate::config::MatrixConfig;

/// Shown to the member in their list of the bot's devices.
const DEVICE_NAME: &str = "Panier";

#[derive(Serialize, Deserialize)]
struct SavedSession {
    homeserver_url: String,
    user_id: OwnedUserId,
    device_id: OwnedDeviceId,
    access_token: String,
}

fn session_path(dir: &Path) -> PathBuf {
    dir.join("session.json")
}

fn store_path(dir: &Path) -> PathBuf {
    dir.join("store")
}

fn request_config() -> RequestConfig {
    RequestConfig::new().retry_limit(3).timeout(Duration::from_secs(60))
}

async fn build(cfg: &MatrixConfig) -> Result<Client> {
    Client::builder()
        .homeserver_url(&cfg.homeserver_url)
        .sqlite_store(store_path(&cfg.data_dir), None)
        .request_config(request_config())
        .build()
        .await
        .context("could not open the Matrix client store")
}

/// A logged-in client: the saved session restored, else a login with the access token or
/// the password of the configuration (saved for the next start).
pub async fn connect(cfg: &MatrixConfig) -> Result<Client> {
    create_private_dir(&cfg.data_dir)?;
    if let Some(saved) = read_session(&cfg.data_dir)? {
        if saved.homeserver_url == cfg.homeserver_url && same_user(&saved.user_id, &cfg.user) {
            match restore(cfg, &saved).await {
                Ok(client) => return Ok(client),
                Err(Restore::Invalid) => {
                    tracing::warn!("the saved Matrix session was refused by the homeserver; logging in again")
                }
                Err(Restore::Other(e)) => return Err(e),
            }
        } else {
            tracing::warn!("the saved Matrix session is for another account or homeserver; logging in again");
        }
        set_aside(&cfg.data_dir)?;
    } else if store_path(&cfg.data_dir).exists() {
        // Keys without a session belong to a device we cannot use any more.
        set_aside(&cfg.data_dir)?;
    }
    let client = if let Some(token) = &cfg.access_token {
        login_with_token(cfg, token).await?
    } else if let Some(password) = &cfg.password {
        let client = build(cfg).await?;
        client
            .matrix_auth()
            .login_username(&cfg.user, password)
            .initial_device_display_name(DEVICE_NAME)
            .send()
            .await
            .map_err(|e| anyhow!("Matrix login refused: {}", crate::errors::failure_text(&e)))?;
        client
    } else {
        bail!(
            "matrix: set `password` or `access_token` for the first start (no saved session in the data directory)"
        );
    };
    let session = client.matrix_auth().session().ok_or_else(|| anyhow!("no Matrix session after login"))?;
    write_session(
        &cfg.data_dir,
        &SavedSession {
            homeserver_url: cfg.homeserver_url.clone(),
            user_id: session.meta.user_id.clone(),
            device_id: session.meta.device_id.clone(),
            access_token: session.tokens.access_token.clone(),
        },
    )?;
    tracing::info!(device = %session.meta.device_id, "Matrix device logged in");
    Ok(client)
}

enum Restore {
    /// The homeserver no longer knows this access token.
    Invalid,
    Other(anyhow::Error),
}

async fn restore(cfg: &MatrixConfig, saved: &SavedSession) -> Result<Client, Restore> {
    let client = build(cfg).await.map_err(Restore::Other)?;
    let session = MatrixSession {
        meta: SessionMeta { user_id: saved.user_id.clone(), device_id: saved.device_id.clone() },
        tokens: SessionTokens { access_token: saved.access_token.clone(), refresh_token: None },
    };
    client
        .matrix_auth()
        .restore_session(session, RoomLoadSettings::default())
        .await
        .map_err(|e| Restore::Other(anyhow!("could not restore the Matrix session: {e}")))?;
    match client.whoami().await {
        Ok(_) => {
            tracing::info!(device = %saved.device_id, "Matrix session restored");
            Ok(client)
        }
        Err(e) => {
            let f = crate::errors::failure_of_http(&e);
            if matches!(f.errcode.as_deref(), Some("M_UNKNOWN_TOKEN" | "M_MISSING_TOKEN")) {
                Err(Restore::Invalid)
            } else {
                Err(Restore::Other(anyhow!(
                    "Matrix homeserver not reachable: {}",
                    crate::errors::describe(&f)
                )))
            }
        }
    }
}

/// An access token from the configuration: ask the homeserver which device it is.
async fn login_with_token(cfg: &MatrixConfig, token: &str) -> Result<Client> {
    let probe = Client::builder()
        .homeserver_url(&cfg.homeserver_url)
        .request_config(request_config())
        .build()
        .await
        .context("could not create a Matrix client")?;
    let placeholder: OwnedUserId = full_user_id(&cfg.user)
        .unwrap_or_else(|| "@panier:invalid".to_owned())
        .try_into()
        .map_err(|_| anyhow!("matrix.user is not a Matrix user id"))?;
    probe
        .matrix_auth()
        .restore_session(
            MatrixSession {
                meta: SessionMeta { user_id: placeholder, device_id: "PANIERPROBE".into() },
                tokens: SessionTokens { access_token: token.to_owned(), refresh_token: None },
            },
            RoomLoadSettings::default(),
        )
        .await
        .map_err(|e| anyhow!("could not use the access token: {e}"))?;
    let who = probe.whoami().await.map_err(|e| {
        anyhow!("access token refused: {}", crate::errors::describe(&crate::errors::failure_of_http(&e)))
    })?;
    let device_id = who.device_id.ok_or_else(|| anyhow!("the access token is not bound to a device"))?;
    drop(probe);
    let client = build(cfg).await?;
    client
        .matrix_auth()
        .restore_session(
            MatrixSession {
                meta: SessionMeta { user_id: who.user_id, device_id },
                tokens: SessionTokens { access_token: token.to_owned(), refresh_token: None },
            },
            RoomLoadSettings::default(),
        )
        .await
        .map_err(|e| anyhow!("could not use the access token: {e}"))?;
    Ok(client)
}

/// `@name:server` when the configured user is a full id.
fn full_user_id(user: &str) -> Option<String> {
    (user.starts_with('@') && user.contains(':')).then(|| user.to_owned())
}

fn same_user(saved: &OwnedUserId, configured: &str) -> bool {
    match full_user_id(configured) {
        Some(full) => saved.as_str() == full,
        None => saved.localpart() == configured.trim_start_matches('@'),
    }
}

fn read_session(dir: &Path) -> Result<Option<SavedSession>> {
    let path = session_path(dir);
    let raw = match std::fs::read_to_string(&path) {
        Ok(raw) => raw,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("could not read {}", path.display())),
    };
    match serde_json::from_str(&raw) {
        Ok(s) => Ok(Some(s)),
        Err(_) => {
            tracing::warn!(path = %path.display(), "unreadable Matrix session file; logging in again");
            Ok(None)
        }
    }
}

fn write_session(dir: &Path, session: &SavedSession) -> Result<()> {
    let path = session_path(dir);
    let tmp = dir.join("session.json.tmp");
    let json = serde_json::to_vec_pretty(session)?;
    write_private(&tmp, &json).with_context(|| format!("could not write {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("could not write {}", path.display()))?;
    Ok(())
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// Moves an unusable session and store aside (kept for inspection, never reused).
fn set_aside(dir: &Path) -> Result<()> {
    let stamp =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    for path in [store_path(dir), session_path(dir)] {
        if path.exists() {
            let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
            name.push(format!(".old-{stamp}"));
            std::fs::rename(&path, path.with_file_name(name))
                .with_context(|| format!("could not move {} aside", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_user_matches_full_ids_and_localparts() {
        let saved: OwnedUserId = "@panier:localhost".try_into().unwrap_or_else(|_| panic!("id"));
        assert!(same_user(&saved, "@panier:localhost"));
        assert!(same_user(&saved, "panier"));
        assert!(!same_user(&saved, "@panier:other.org"));
        assert!(!same_user(&saved, "bot"));
    }
}
