//! Webhook mode: Telegram posts each update to `telegram.webhook.public_url`; a small HTTP
//! server on `telegram.webhook.listen` (behind the HTTPS reverse proxy) takes them one at a
//! time, in order, checks Telegram's secret header, and answers 200 once the update is
//! handled and its id stored. An update Telegram delivers again (no answer in time, a restart
//! between handling and answering) is recognised by its id and not handled twice.

use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use panier_conversation::Bot;
use rand::Rng;
use reqwest::Url;
use teloxide::payloads::SetWebhookSetters;
use teloxide::requests::Requester;
use teloxide::types::Update;
use tokio::sync::{Mutex, watch};

use crate::errors::Failure;
use crate::polling::{allowed_updates, load_offset, save_offset};
use crate::{RecentSet, Telegram, WebhookConfig};

/// The header Telegram sends the secret in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

struct Gate {
    recent: RecentSet<u32>,
}

struct Hook {
    tg: Telegram,
    bot: Bot,
    secret: String,
    gate: Mutex<Gate>,
}

fn random_secret() -> String {
    rand::rng().sample_iter(rand::distr::Alphanumeric).take(48).map(char::from).collect()
}

/// Serves the webhook until `shutdown` is true. Fails when the address cannot be bound or
/// Telegram refuses the token.
pub async fn serve(
    tg: &Telegram,
    bot: Bot,
    cfg: &WebhookConfig,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let url = Url::parse(&cfg.public_url).context("telegram.webhook.public_url is not a valid URL")?;
    let path = match url.path() {
        "" => "/".to_owned(),
        p => p.to_owned(),
    };
    let secret = cfg.secret.clone().unwrap_or_else(random_secret);
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .with_context(|| format!("cannot listen on {} (telegram.webhook.listen)", cfg.listen))?;
    let mut recent = RecentSet::new(10_000);
    if let Some(last) = load_offset(&bot, tg.now()).await {
        recent.insert(last);
    }
    let hook =
        Arc::new(Hook { tg: tg.clone(), bot, secret: secret.clone(), gate: Mutex::new(Gate { recent }) });
    let app = Router::new().route(&path, post(receive)).with_state(hook);
    let set = tg
        .call("setWebhook", 5, || {
            tg.client()
                .set_webhook(url.clone())
                .secret_token(secret.clone())
                .allowed_updates(allowed_updates())
                .max_connections(1)
        })
        .await;
    match set {
        Ok(_) => tracing::info!(path = %path, "Telegram webhook registered"),
        Err(Failure::BadToken) => anyhow::bail!("Telegram refused the bot token (telegram.token)"),
        Err(reason) => {
            tracing::warn!(?reason, "could not register the webhook; Telegram may not send updates")
        }
    }
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        })
        .await
        .context("the webhook server stopped")?;
    tracing::info!("Telegram webhook stopped");
    Ok(())
}

async fn receive(State(hook): State<Arc<Hook>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes());
    if given != Some(hook.secret.as_bytes()) {
        return StatusCode::UNAUTHORIZED;
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(update) => update,
        Err(e) => {
            // Answering an error would make Telegram send it again and again.
            tracing::warn!(error = %e, "unreadable webhook update ignored");
            return StatusCode::OK;
        }
    };
    let id = update.id.0;
    let mut gate = hook.gate.lock().await;
    if gate.recent.contains(&id) {
        tracing::debug!(update = id, "update delivered again; already handled");
        return StatusCode::OK;
    }
    let handled = hook.tg.handle_isolated(&hook.bot, update).await;
    tracing::debug!(update = id, replies = handled.replies, failed = handled.failed, "update handled");
    save_offset(&hook.bot, id, hook.tg.now()).await;
    gate.recent.insert(id);
    StatusCode::OK
}
