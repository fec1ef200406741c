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
    /// Every planned row (empty from `tick_lean`).
    pub planned: Vec<Planned>,
    /// How many rows were planned (with or without a chat account).
    pub planned_rows: usize,
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
/// tick would cap a fan-out at 50 messages per `tick_seconds`. Later rounds run at `now` plus
/// the time spent, so leases and retry times stay on the real clock.
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

/// AMAPs planned and queued together by a tick: a national evening is ~400 AMAPs and 40,000
/// rows; a slice of 100 keeps `serve`'s memory to a tenth of that, for ~10 more statements
/// per slice.
pub const AMAPS_PER_PLAN: usize = 100;

/// Plans, queues and dispatches once. With `dry_run` nothing is written nor sent.
/// Rows for a transport without a deliverer here stay queued for a process that has one.
/// The report lists every planned row (`panier tick` prints them).
pub async fn tick(
    store: &Store,
    now: DateTime<Utc>,
    dry_run: bool,
    deliverers: &[&dyn Deliver],
    cfg: &DispatchConfig,
) -> CoreResult<TickReport> {
    run_tick(store, now, dry_run, deliverers, cfg, true).await
}

/// `tick` for a long-running process: the planned rows are dropped once queued (`planned`
/// stays empty, `planned_rows` counts them), so a busy evening is never held in memory while
/// its messages are being sent.
pub async fn tick_lean(
    store: &Store,
    now: DateTime<Utc>,
    deliverers: &[&dyn Deliver],
    cfg: &DispatchConfig,
) -> CoreResult<TickReport> {
    run_tick(store, now, false, deliverers, cfg, false).await
}

async fn run_tick(
    store: &Store,
    now: DateTime<Utc>,
    dry_run: bool,
    deliverers: &[&dyn Deliver],
    cfg: &DispatchConfig,
    keep_planned: bool,
) -> CoreResult<TickReport> {
    let lookback = Duration::hours(planner::DEFAULT_LOOKBACK_HOURS);
    let due = {
        let mut conn = store.conn().await?;
        planner::amaps_due(&mut conn, now, lookback).await?
    };
    let (mut planned, mut planned_rows, mut queued) = (Vec::new(), 0, 0);
    // Each slice is queued in its own transaction: a crash between two slices leaves the
    // rest to the next tick (the lookback plans it again; dedupe keys keep what was queued).
    for slice in due.chunks(AMAPS_PER_PLAN) {
        let plan = {
            let mut conn = store.conn().await?;
            planner::plan_amaps(&mut conn, now, lookback, Some(slice)).await?
        };
        planned_rows += plan.messages.len();
        if !dry_run {
            let mut tx = store.write_tx().await?;
            queued += planner::queue(&mut tx, &plan.messages, now).await?;
            for (contract, date) in &plan.closeouts {
                closeout::record(&mut tx, *contract, *date, now).await?;
            }
            tx.commit().await?;
        }
        if keep_planned {
            planned.extend(plan.messages);
        }
    }
    let mut report = DispatchReport::default();
    if !dry_run {
        for d in deliverers {
            report.add(&dispatch(store, *d, cfg, now).await?);
        }
    }
    Ok(TickReport {
        planned,
        planned_rows,
        queued,
        sent: report.sent,
        failed: report.failed,
        expired: report.expired,
        retried: report.retried,
        rate_limited: report.rate_limited,
    })
}
