//! The generator of `panier bench-data` without the rest of the `panier` binary (same code:
//! `panier_core::benchdata::generate`), for machines where building the full binary is slow.
//!
//! cargo run --release -p panier-bench --bin gen -- --db URL --amaps 2000 --members 50

use anyhow::Result;
use chrono::{NaiveDate, Utc};
use clap::Parser;
use panier_core::benchdata::{self, Spec};
use panier_core::store::Store;

#[derive(Debug, Parser)]
struct Args {
    #[arg(long, env = "PANIER_DATABASE_URL")]
    db: String,
    #[arg(long, default_value_t = 2000)]
    amaps: u32,
    #[arg(long, default_value_t = 50)]
    members: u32,
    #[arg(long)]
    today: Option<NaiveDate>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value_t = 100)]
    batch: u32,
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let now = Utc::now();
    let store = Store::open(&args.db).await?;
    let spec = Spec {
        amaps: args.amaps,
        members: args.members,
        today: args.today.unwrap_or_else(|| now.date_naive()),
        seed: args.seed,
        batch: args.batch,
    };
    let report = benchdata::generate(&store, &spec, now).await?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    println!(
        "{} rows in {:.1} s ({:.0} rows/s), peak RSS {:.0} MB",
        report.total_rows,
        report.seconds,
        report.total_rows as f64 / report.seconds.max(1e-9),
        panier_bench::peak_rss_mb()
    );
    store.close().await;
    Ok(())
}
