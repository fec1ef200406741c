//! The dispatcher: claims due outbox rows with a lease, hands each to its transport, marks
//! it sent with the transport's message id, or schedules a retry with exponential backoff,
//! or gives up after a bounded number of attempts (visible to the admin as `failed`).

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::error::CoreResult;
use crate::store::outbox::{self, OutboxMessage};
use crate::store::{Store, accounts};

/// Why a send did not go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// 429: try again after this delay; not counted as a failed attempt.
    RateLimited { retry_after: Duration },
    /// The member blocked the bot or the chat is gone: stop trying (403).
    Unreachable(String),
    /// A network error, a 5xx, a time-out: retry later.
    Temporary(String),
    /// The message itself is refused (400): retrying will not help.
    Permanent(String),
}

pub type DeliverFuture<'a> = Pin<Box<dyn Future<Output = Result<String, SendError>> + Send + 'a>>;

/// A transport able to send outbox rows (the Telegram or Matrix adapter, a test fake).
pub trait Deliver: Send + Sync {
    /// The `transport` value of the rows it sends.
    fn transport(&self) -> &str;
    /// Sends the message and returns the transport's message id.
    fn deliver<'a>(&'a self, message: &'a OutboxMessage) -> DeliverFuture<'a>;
}

#[derive(Debug, Clone)]
pub struct DispatchConfig {
    /// Identifies this process in leases (host + pid + random).
    pub owner: String,
    /// How long a claimed row stays reserved; after that another process may retry it.
    pub lease: Duration,
    pub batch: i64,
    pub max_attempts: u32,
    /// Set when the process is stopping: a tick then ends after the batch in hand instead of
    /// draining the whole queue (what is left stays queued for the next process).
    pub stopping: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl DispatchConfig {
    pub fn new(owner: impl Into<String>) -> DispatchConfig {
        DispatchConfig {
            owner: owner.into(),
            lease: Duration::seconds(60),
            batch: 50,
            max_attempts: 6,
            stopping: std::sync::Arc::default(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DispatchReport {
    pub sent: u64,
    pub retried: u64,
    pub rate_limited: u64,
    pub failed: u64,
    pub expired: u64,
}

impl DispatchReport {
    pub fn add(&mut self, other: &DispatchReport) {
        self.sent += other.sent;
        self.retried += other.retried;
        self.rate_limited += other.rate_limited;
        self.failed += other.failed;
        self.expired += other.expired;
    }
}

/// 30 s, 1 min, 2 min, … capped at one hour.
pub fn backoff(attempts: u32) -> Duration {
    let exp = attempts.saturating_sub(1).min(7);
    Duration::seconds(30 * (1i64 << exp)).min(Duration::hours(1))
}

/// Expires stale rows, then claims and sends one batch for this transport.
pub async fn run_once(
    store: &Store,
    deliver: &dyn Deliver,
    cfg: &DispatchConfig,
    now: DateTime<Utc>,
) -> CoreResult<DispatchReport> {
    let mut report = DispatchReport::default();
    let transport = deliver.transport().to_owned();
    let claimed = {
        let mut tx = store.write_tx().await?;
        report.expired = outbox::expire(&mut tx, now).await?;
        let rows =
            outbox::claim(&mut tx, store.backend(), &transport, &cfg.owner, now, now + cfg.lease, cfg.batch)
                .await?;
        tx.commit().await?;
        rows
    };
    let mut rest = claimed.iter();
    while let Some(message) = rest.next() {
        let result = deliver.deliver(message).await;
        let mut conn = store.conn().await?;
        match result {
            Ok(message_id) => {
                if outbox::mark_sent(&mut conn, message.id, &cfg.owner, &message_id, now).await? {
                    report.sent += 1;
                    crate::metrics::inc("panier_messages_sent_total", &transport);
                }
            }
            Err(SendError::RateLimited { retry_after }) => {
                // Put this row and the rest of the batch back without counting an attempt.
                let at = now + retry_after;
                outbox::retry_later(&mut conn, message.id, &cfg.owner, at, "rate limited", false).await?;
                for other in rest.by_ref() {
                    outbox::retry_later(&mut conn, other.id, &cfg.owner, at, "rate limited", false).await?;
                }
                report.rate_limited += 1;
            }
            Err(SendError::Unreachable(why)) => {
                outbox::mark_failed(&mut conn, message.id, &cfg.owner, &why).await?;
                accounts::set_chat_unreachable(&mut conn, &message.transport, &message.chat_id).await?;
                report.failed += 1;
            }
            Err(SendError::Permanent(why)) => {
                crate::metrics::inc("panier_send_failures_total", &transport);
                outbox::mark_failed(&mut conn, message.id, &cfg.owner, &why).await?;
                report.failed += 1;
            }
            Err(SendError::Temporary(why)) => {
                if message.attempts >= cfg.max_attempts {
                    outbox::mark_failed(&mut conn, message.id, &cfg.owner, &why).await?;
                    report.failed += 1;
                } else {
                    let at = now + backoff(message.attempts);
                    outbox::retry_later(&mut conn, message.id, &cfg.owner, at, &why, true).await?;
                    report.retried += 1;
                }
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        let secs: Vec<i64> = (1..=9).map(|a| backoff(a).num_seconds()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
