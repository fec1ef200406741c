//! The fake Telegram Bot API server as a process of its own (for `bench/scripts/memory.sh`:
//! `panier serve` talks to it like to Telegram, so the server's memory is not counted in
//! Panier's). Enforces Telegram's limits (30 msg/s overall, 1 msg/s per chat, 429 with
//! retry_after above) unless `--no-limits`; writes its base URL to `--url-file`; prints what
//! it accepted every 10 s and a summary when stopped (SIGTERM or Ctrl-C).
//!
//! cargo run --release -p panier-bench --bin fake_telegram -- --url-file /tmp/fake-url

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use clap::Parser;
use panier_telegram::fake::FakeBotApi;
use tokio::signal::unix::{SignalKind, signal};

#[derive(Debug, Parser)]
struct Args {
    /// Where to write the server's base URL (`telegram.api_url`).
    #[arg(long)]
    url_file: PathBuf,
    /// Do not enforce Telegram's rate limits.
    #[arg(long)]
    no_limits: bool,
}

fn report(fake: &FakeBotApi, label: &str) {
    let sent = fake.sent();
    let mut per_chat: HashMap<i64, usize> = HashMap::new();
    for call in &sent {
        *per_chat.entry(call.chat_id().unwrap_or(0)).or_default() += 1;
    }
    let span = match (sent.first(), sent.last()) {
        (Some(a), Some(b)) => (b.at - a.at).as_secs_f64(),
        _ => 0.0,
    };
    let rate = if span > 0.0 { (sent.len().saturating_sub(1)) as f64 / span } else { 0.0 };
    println!(
        "{label}: accepted {} messages to {} chats ({} chats got more than one), {rate:.2} msg/s \
         between the first and the last, 429 answered {}, calls {}",
        sent.len(),
        per_chat.len(),
        per_chat.values().filter(|k| **k > 1).count(),
        fake.rate_limited(),
        fake.calls().len()
    );
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let fake = FakeBotApi::start().await?;
    fake.enforce_limits(!args.no_limits);
    fake.set_poll_cap(Duration::from_secs(5));
    std::fs::write(&args.url_file, fake.url())?;
    println!("fake Bot API on {}", fake.url());
    let mut term = signal(SignalKind::terminate())?;
    let mut tick = tokio::time::interval(Duration::from_secs(10));
    loop {
        tokio::select! {
            _ = term.recv() => break,
            _ = tokio::signal::ctrl_c() => break,
            _ = tick.tick() => report(&fake, "progress"),
        }
    }
    report(&fake, "final");
    Ok(())
}
