//! `panier bench-data`: generates a national-scale dataset and prints what it wrote and how long
//! it took (see docs/performance.md).

use anyhow::Result;
use chrono::{NaiveDate, Utc};
use panier_core::benchdata::{self, Spec};
use panier_core::store::Store;

use crate::cli::Format;

pub async fn run(
    store: &Store,
    amaps: u32,
    members: u32,
    today: Option<NaiveDate>,
    seed: u64,
    batch: u32,
    format: Format,
) -> Result<()> {
    let now = Utc::now();
    let spec = Spec { amaps, members, today: today.unwrap_or_else(|| now.date_naive()), seed, batch };
    let report = benchdata::generate(store, &spec, now).await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Text => {
            println!(
                "generated {} AMAPs, {} members ({} with Telegram), {} contracts, {} deliveries",
                report.amaps, report.members, report.chat_accounts, report.contracts, report.deliveries
            );
            println!(
                "{} subscriptions, {} grid lines, {} cheques, {} absences, {} duty shifts, {} sign-ups",
                report.subscriptions,
                report.grid_lines,
                report.cheques,
                report.absences,
                report.duty_shifts,
                report.duty_signups
            );
            println!(
                "{} rows in {:.1} s ({:.0} rows/s)",
                report.total_rows,
                report.seconds,
                report.total_rows as f64 / report.seconds.max(1e-9)
            );
        }
    }
    Ok(())
}
