//! Scheduler planning at national scale: `planner::plan` at the instants that fire the reminders
//! of one busy distribution day (one AMAP in five distributes on a given weekday): time and
//! rows, by kind; and the 26-hour plan in slices of AMAPs as `panier serve` runs it. Plans
//! only; writes nothing. Prints the peak RSS of the process at the end (`--runs` one plan to
//! see what that plan alone needs).
//!
//! cargo run --release -p panier-bench --bin planner -- --db URL [--day DATE] [--today DATE] [--runs tick-sliced]

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::Result;
use chrono::{DateTime, Days, Duration, NaiveDate, Utc, Weekday};
use clap::Parser;
use panier_bench::{next_weekday, paris, process_cpu_seconds};
use panier_core::scheduler::AMAPS_PER_PLAN;
use panier_core::scheduler::planner::{self, DEFAULT_LOOKBACK_HOURS, Plan};
use panier_core::store::Store;

#[derive(Debug, Parser)]
struct Args {
    #[arg(long, env = "PANIER_DATABASE_URL")]
    db: String,
    /// The `--today` the dataset was generated with (default: today, UTC).
    #[arg(long)]
    today: Option<NaiveDate>,
    /// The distribution day (default: the first Tuesday at least 3 days after today).
    #[arg(long)]
    day: Option<NaiveDate>,
    /// Plans to measure (comma-separated): reminders, totals, tick, tick-sliced, quiet.
    #[arg(long, value_delimiter = ',', default_values_t = ["reminders", "totals", "tick", "tick-sliced", "quiet"].map(String::from))]
    runs: Vec<String>,
    /// Repetitions of each plan (the best and the median are printed).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Log every SQL statement with its time (sqlx at DEBUG) to stderr.
    #[arg(long)]
    trace_sql: bool,
}

/// The plan `panier serve`'s tick makes: the AMAPs due, then slices of them (each slice's
/// rows dropped before the next, as once queued).
async fn plan_sliced(store: &Store, now: DateTime<Utc>, lookback: Duration) -> Result<Plan> {
    let mut conn = store.conn().await?;
    let due = planner::amaps_due(&mut conn, now, lookback).await?;
    let mut total = Plan::default();
    for slice in due.chunks(AMAPS_PER_PLAN) {
        let plan = planner::plan_amaps(&mut conn, now, lookback, Some(slice)).await?;
        // Only what the summary needs is kept: the rows themselves go, as in `serve`.
        total.messages.extend(plan.messages.into_iter().map(|mut m| {
            m.payload = serde_json::Value::Null;
            m
        }));
        total.closeouts.extend(plan.closeouts);
    }
    Ok(total)
}

async fn measure(
    store: &Store,
    label: &str,
    now: DateTime<Utc>,
    lookback: Duration,
    repeat: usize,
    sliced: bool,
) -> Result<()> {
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let (t0, c0) = (Instant::now(), process_cpu_seconds());
        let plan = if sliced {
            plan_sliced(store, now, lookback).await?
        } else {
            planner::plan(&mut *store.conn().await?, now, lookback).await?
        };
        times.push(t0.elapsed().as_secs_f64());
        cpu.push(process_cpu_seconds() - c0);
        last = Some(plan);
    }
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let plan = last.unwrap_or_default();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &plan.messages {
        *kinds.entry(m.kind.as_str()).or_default() += 1;
    }
    let with_chat = plan.messages.iter().filter(|m| m.transport.is_some()).count();
    println!(
        "{label:<44} best {:>7.3} s  median {:>7.3} s  CPU {:>6.2} s  rows {:>7} ({} with a chat account, {} closeouts)",
        times[0],
        times[times.len() / 2],
        cpu[cpu.len() / 2],
        plan.messages.len(),
        with_chat,
        plan.closeouts.len()
    );
    for (kind, n) in kinds {
        println!("    {kind:<24} {n:>7}");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    if args.trace_sql {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("sqlx::query=debug"))
            .with_writer(std::io::stderr)
            .init();
    }
    let store = Store::open(&args.db).await?;
    let today = args.today.unwrap_or_else(|| Utc::now().date_naive());
    let day = args.day.unwrap_or_else(|| next_weekday(today + Days::new(3), Weekday::Tue));
    let eve = day - Days::new(1);
    let deadline_day = day - Days::new(2);
    println!("backend {:?}: distribution day {day} (today {today})", store.backend());
    // The day-before reminders fire at 18:00 (Paris) the eve; the farmer totals at 20:00 the
    // day the modification deadline passed (2 days before at 00:00).
    let narrow = Duration::minutes(1);
    let full = Duration::hours(DEFAULT_LOOKBACK_HOURS);
    let (evening, afternoon, totals_at) =
        (paris(eve, 18, 0, 30), paris(eve, 15, 0, 30), paris(deadline_day, 20, 0, 30));
    let lookback = format!("lookback {DEFAULT_LOOKBACK_HOURS} h (default)");
    // (name for --runs, label, instant, lookback, in slices as `serve` plans)
    let runs: [(&str, String, DateTime<Utc>, Duration, bool); 5] = [
        ("reminders", format!("reminders {eve} 18:00:30, lookback 1 min"), evening, narrow, false),
        (
            "totals",
            format!("farmer totals {deadline_day} 20:00:30, lookback 1 min"),
            totals_at,
            narrow,
            false,
        ),
        ("tick", format!("tick {eve} 18:00:30, {lookback}"), evening, full, false),
        ("tick-sliced", format!("the same in slices of {AMAPS_PER_PLAN} AMAPs (serve)"), evening, full, true),
        ("quiet", format!("quiet minute {eve} 15:00:30, lookback 1 min"), afternoon, narrow, false),
    ];
    for (name, label, now, lookback, sliced) in runs {
        if args.runs.iter().any(|r| r == name) {
            measure(&store, &label, now, lookback, args.repeat, sliced).await?;
        }
    }
    println!("peak RSS of this process: {:.0} MB", panier_bench::peak_rss_mb());
    store.close().await;
    Ok(())
}
