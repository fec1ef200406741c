//! Long polling with a durable offset: the last handled update_id is written to
//! `transport_state` after each update, and getUpdates asks from the next one, so a restart
//! neither repeats nor skips an update (Telegram re-sends what was not confirmed).
//!
//! Updates are handled one at a time, in order. A stop request is honoured between two
//! updates, or at once while waiting for news (an unanswered getUpdates confirms nothing).

use std::time::Duration;

use chrono::{DateTime, Utc};
use panier_conversation::Bot;
use panier_core::store::{telegram_extra, transport_state};
use teloxide::payloads::GetUpdatesSetters;
use teloxide::requests::Requester;
use teloxide::types::AllowedUpdate;
use tokio::sync::watch;

use crate::errors::{self, Failure};
use crate::{OFFSET_KEY, Telegram};

/// An offset older than this is not used: Telegram keeps unconfirmed updates 24 hours, and
/// after a quiet week numbers new ones at random (possibly below the stored one).
pub const OFFSET_MAX_AGE_HOURS: i64 = 24;

/// The update kinds Panier reads.
pub fn allowed_updates() -> Vec<AllowedUpdate> {
    vec![AllowedUpdate::Message, AllowedUpdate::CallbackQuery]
}

/// The last handled update_id, if it was stored recently enough to be trusted.
pub async fn load_offset(bot: &Bot, now: DateTime<Utc>) -> Option<u32> {
    let stored = bot.panier().read(async |c| telegram_extra::get_stamped(c, OFFSET_KEY).await).await;
    match stored {
        Ok(Some((value, at))) if now - at < chrono::Duration::hours(OFFSET_MAX_AGE_HOURS) => {
            value.trim().parse().ok()
        }
        Ok(Some(_)) => {
            tracing::info!("stored Telegram offset is old; asking Telegram for its pending updates");
            None
        }
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the Telegram offset");
            None
        }
    }
}

/// Records `update_id` as handled.
pub async fn save_offset(bot: &Bot, update_id: u32, now: DateTime<Utc>) -> bool {
    let value = update_id.to_string();
    for attempt in 0..3u64 {
        let saved =
            bot.panier().write(async |c| transport_state::set(c, OFFSET_KEY, &value, now).await).await;
        match saved {
            Ok(()) => return true,
            Err(e) => {
                tracing::warn!(error = %e, "cannot store the Telegram offset");
                tokio::time::sleep(Duration::from_millis(100 * (attempt + 1))).await;
            }
        }
    }
    false
}

/// Polls until `shutdown` is true.
pub async fn run(tg: &Telegram, bot: Bot, mut shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
    let _ = tg.call("deleteWebhook", 3, || tg.client().delete_webhook()).await;
    let mut last = load_offset(&bot, tg.now()).await;
    let mut failures = 0u32;
    tracing::info!(resume = last.is_some(), "Telegram long polling started");
    'poll: loop {
        if *shutdown.borrow() {
            break;
        }
        let mut request = tg.poll.get_updates().timeout(tg.poll_timeout()).allowed_updates(allowed_updates());
        if let Some(l) = last {
            request = request.offset(i32::try_from(l).unwrap_or(i32::MAX).saturating_add(1));
        }
        let answer = tokio::select! {
            answer = request.into_future() => answer,
            _ = shutdown.wait_for(|stop| *stop) => break 'poll,
        };
        let updates = match answer {
            Ok(updates) => {
                failures = 0;
                updates
            }
            Err(e) => {
                let failure = errors::classify(&e);
                failures += 1;
                let pause = match &failure {
                    Failure::RetryAfter(s) => Duration::from_secs(u64::from(*s)),
                    Failure::BadToken => anyhow::bail!("Telegram refused the bot token (telegram.token)"),
                    Failure::Permanent(reason) if reason.contains("webhook is active") => {
                        let _ = tg.call("deleteWebhook", 1, || tg.client().delete_webhook()).await;
                        tg.backoff(failures)
                    }
                    _ => tg.backoff(failures),
                };
                tracing::warn!(reason = ?failure, pause_ms = pause.as_millis() as u64, "getUpdates failed");
                tokio::select! {
                    _ = tokio::time::sleep(pause) => {}
                    _ = shutdown.wait_for(|stop| *stop) => break 'poll,
                }
                continue;
            }
        };
        for update in updates {
            let id = update.id.0;
            let handled = tg.handle_isolated(&bot, update).await;
            tracing::debug!(
                update = id,
                replies = handled.replies,
                failed = handled.failed,
                "update handled"
            );
            save_offset(&bot, id, tg.now()).await;
            last = Some(id);
            if *shutdown.borrow() {
                break 'poll;
            }
        }
    }
    tracing::info!("Telegram long polling stopped");
    Ok(())
}
