//! The scheduler: the planner expands what is due into outbox rows (unique dedupe keys), the
//! dispatcher sends them with leases and retries. `tick` runs both once as if it were `now`;
//! the long-running loop of `panier serve` calls the same code.

pub mod closeout;
pub mod dispatcher;
mod jobs;
pub mod limiter;
pub mod notify;
pub mod planner;
mod recipients;
pub mod schedule;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::error::CoreResult;
use crate::store::Store;
use dispatcher::{Deliver, DispatchConfig, DispatchReport};
use planner::Planned;

#[derive(Debug, Clone, Serialize)]
pub struct TickReport {
    pub planned: Vec<Planned>,
    /// Rows newly inserted in the outbox (planned rows with a transport, not queued before).
    pub queued: usize,
    pub sent: u64,
    pub failed: u64,
    pub expired: u64,
    pub retried: u64,
    pub rate_limited: u64,
}

/// How long one tick keeps sending through one transport before planning again.
pub const DISPATCH_BUDGET: std::time::Duration = std::time::Duration::from_secs(300);

/// Sends batch after batch while there is something due (the transport's limiter sets the
/// pace), for at most [`DISPATCH_BUDGET`] and until the process is stopping: one batch per
/// tick would cap a fan-out at 50 messages per `tick_seconds`. Later rounds run at `now` plus the time spent, so leases and
/// retry times stay on the real clock.
async fn dispatch(
    store: &Store,
    deliver: &dyn Deliver,
    cfg: &DispatchConfig,
    now: DateTime<Utc>,
) -> CoreResult<DispatchReport> {
    let started = std::time::Instant::now();
    let mut report = DispatchReport::default();
    loop {
        let at = now + Duration::from_std(started.elapsed()).unwrap_or_default();
        let round = dispatcher::run_once(store, deliver, cfg, at).await?;
        let idle = round == DispatchReport::default();
        report.add(&round);
        let stopping = cfg.stopping.load(std::sync::atomic::Ordering::Relaxed);
        if idle || stopping || started.elapsed() >= DISPATCH_BUDGET {
            return Ok(report);
        }
    }
}

/// Plans, queues and dispatches once. With `dry_run` nothing is written nor sent.
/// Rows for a transport without a deliverer here stay queued for a process that has one.
pub async fn tick(
    store: &Store,
    now: DateTime<Utc>,
    dry_run: bool,
    deliverers: &[&dyn Deliver],
    cfg: &DispatchConfig,
) -> CoreResult<TickReport> {
    let lookback = Duration::hours(planner::DEFAULT_LOOKBACK_HOURS);
    let planned = {
        let mut conn = store.conn().await?;
        planner::plan(&mut conn, now, lookback).await?
    };
    let mut report = DispatchReport::default();
    let mut queued = 0;
    if !dry_run {
        let mut tx = store.write_tx().await?;
        queued = planner::queue(&mut tx, &planned.messages, now).await?;
        for (contract, date) in &planned.closeouts {
            closeout::record(&mut tx, *contract, *date, now).await?;
        }
        tx.commit().await?;
        for d in deliverers {
            report.add(&dispatch(store, *d, cfg, now).await?);
        }
    }
    Ok(TickReport {
        planned: planned.messages,
        queued,
        sent: report.sent,
        failed: report.failed,
        expired: report.expired,
        retried: report.retried,
        rate_limited: report.rate_limited,
    })
}
