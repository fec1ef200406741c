//! Command latency at national scale: `Bot::handle` for `prochaine`, `livraisons`, `totaux` (as
//! a referent) and `absence` (a write) from random members of a `panier bench-data` dataset,
//! with 1 and with 64 concurrent conversations. Prints p50 / p99 and throughput.
//!
//! cargo run --release -p panier-bench --bin latency -- --db URL [--ops 2000] [--today DATE]

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use chrono::{Days, NaiveDate, Utc};
use clap::Parser;
use panier_bench::{Samples, weekday_of};
use panier_conversation::{Bot, Incoming, Transport};
use panier_core::benchdata::{contract_dates, season_dates};
use panier_core::store::{Store, bulk};
use panier_core::usecases::Panier;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[derive(Debug, Parser)]
struct Args {
    /// The database holding a `panier bench-data` dataset.
    #[arg(long, env = "PANIER_DATABASE_URL")]
    db: String,
    /// The `--today` the dataset was generated with (default: today, UTC).
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Measured commands per (command, concurrency) run.
    #[arg(long, default_value_t = 2000)]
    ops: usize,
    /// Concurrent conversations (comma-separated).
    #[arg(long, value_delimiter = ',', default_values_t = [1usize, 64])]
    concurrency: Vec<usize>,
    /// Commands to run (comma-separated): prochaine, livraisons, totaux, absence.
    #[arg(long, value_delimiter = ',', default_values_t = ["prochaine".to_owned(), "livraisons".to_owned(), "totaux".to_owned(), "absence".to_owned()])]
    commands: Vec<String>,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Warm-up commands (8 conversations) before measuring each command.
    #[arg(long, default_value_t = 200)]
    warmup: usize,
    /// Log every SQL statement with its time (sqlx at DEBUG) to stderr: run with a few `--ops`
    /// and `--concurrency 1` to see what one command costs.
    #[arg(long)]
    trace_sql: bool,
}

/// Who may send what: members (Telegram id, weekday), referents (Telegram id, contract, weekday).
struct Population {
    members: Vec<(String, i64)>,
    referents: Vec<(String, String, i64)>,
    today: NaiveDate,
}

impl Population {
    /// One message of `command` from a random sender.
    fn message(&self, command: &str, rng: &mut StdRng) -> Incoming {
        let (sender, text) = match command {
            "totaux" => {
                let (id, slug, weekday) = &self.referents[rng.random_range(0..self.referents.len())];
                let dates: Vec<NaiveDate> =
                    contract_dates(&season_dates(self.today, weekday_of(*weekday)), slug)
                        .into_iter()
                        .filter(|d| *d >= self.today)
                        .collect();
                let date = dates.get(rng.random_range(0..dates.len().max(1))).copied().unwrap_or(self.today);
                (id.clone(), format!("/totaux {slug} {date}"))
            }
            "absence" => {
                let (id, weekday) = &self.members[rng.random_range(0..self.members.len())];
                // A distribution after the 2-day modification deadline.
                let dates: Vec<NaiveDate> = season_dates(self.today, weekday_of(*weekday))
                    .into_iter()
                    .filter(|d| *d > self.today + Days::new(3))
                    .collect();
                let date = dates.get(rng.random_range(0..dates.len().max(1))).copied().unwrap_or(self.today);
                (id.clone(), format!("/absence {date} laisser"))
            }
            other => {
                let (id, _) = &self.members[rng.random_range(0..self.members.len())];
                (id.clone(), format!("/{other}"))
            }
        };
        Incoming::private(Transport::Telegram, &sender, &text)
    }
}

/// Whether the replies are the command's normal answer (not a refusal or an error).
fn succeeded(command: &str, texts: &[String]) -> bool {
    let all = texts.join("\n");
    match command {
        "absence" => all.contains("C'est noté"),
        _ => !texts.is_empty() && !all.contains("⚠️") && !all.contains("Je ne connais pas"),
    }
}

struct RunResult {
    samples: Samples,
    wall: Duration,
    ok: usize,
    first_failure: Option<String>,
}

async fn run(
    bot: Arc<Bot>,
    pop: Arc<Population>,
    command: &str,
    ops: usize,
    conc: usize,
    seed: u64,
) -> RunResult {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..conc {
        let (bot, pop, command) = (bot.clone(), pop.clone(), command.to_owned());
        let n = ops / conc + usize::from(t < ops % conc);
        tasks.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(1000).wrapping_add(t as u64));
            let mut samples = Samples::default();
            let mut ok = 0;
            let mut first_failure = None;
            for _ in 0..n {
                let msg = pop.message(&command, &mut rng);
                let t0 = Instant::now();
                let replies = bot.handle(&msg, Utc::now()).await;
                samples.push(t0.elapsed());
                let texts: Vec<String> = replies.iter().map(|r| r.text.plain()).collect();
                if succeeded(&command, &texts) {
                    ok += 1;
                } else if first_failure.is_none() {
                    first_failure = Some(format!("{} -> {}", msg.text, texts.join(" | ")));
                }
            }
            (samples, ok, first_failure)
        }));
    }
    let mut result =
        RunResult { samples: Samples::default(), wall: Duration::ZERO, ok: 0, first_failure: None };
    for task in tasks {
        if let Ok((samples, ok, failure)) = task.await {
            result.samples.extend(samples);
            result.ok += ok;
            result.first_failure = result.first_failure.or(failure);
        }
    }
    result.wall = started.elapsed();
    result
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
    let (members, referents) = {
        let mut conn = store.conn().await?;
        (bulk::bench_members(&mut conn).await?, bulk::bench_referents(&mut conn).await?)
    };
    if members.is_empty() || referents.is_empty() {
        bail!("no bench-data dataset in this database: run `panier --db URL bench-data` first");
    }
    let today = args.today.unwrap_or_else(|| Utc::now().date_naive());
    println!(
        "backend {:?}: {} members with Telegram, {} referents, today {today}, {} ops per run",
        store.backend(),
        members.len(),
        referents.len(),
        args.ops
    );
    let pop = Arc::new(Population { members, referents, today });
    let bot = Arc::new(Bot::new(Panier::new(store.clone())));
    println!(
        "{:<11} {:>5} {:>7} {:>9} {:>9} {:>9} {:>9} {:>10} {:>8}",
        "command", "conc", "ops", "p50 ms", "p99 ms", "mean ms", "max ms", "ops/s", "ok %"
    );
    for command in &args.commands {
        // Warm the pool, every pooled connection's statement cache and the catalog for this
        // command (8 conversations: the SQLite pool's size), so the figures are steady state.
        if args.warmup > 0 {
            let _ = run(bot.clone(), pop.clone(), command, args.warmup, 8, args.seed ^ 0xfeed).await;
        }
        for &conc in &args.concurrency {
            let r = run(bot.clone(), pop.clone(), command, args.ops, conc.max(1), args.seed).await;
            println!(
                "{:<11} {:>5} {:>7} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>10.0} {:>8.1}",
                command,
                conc,
                r.samples.len(),
                r.samples.percentile_ms(50.0),
                r.samples.percentile_ms(99.0),
                r.samples.mean_ms(),
                r.samples.percentile_ms(100.0),
                r.samples.len() as f64 / r.wall.as_secs_f64().max(1e-9),
                100.0 * r.ok as f64 / r.samples.len().max(1) as f64,
            );
            if let Some(failure) = r.first_failure {
                let short: String = failure.chars().take(200).collect();
                println!("    first non-ok reply: {short}");
            }
        }
    }
    store.close().await;
    Ok(())
}
