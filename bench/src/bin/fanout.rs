//! Fan-out against Telegram's limits: queue N distribution reminders of a `panier bench-data`
//! dataset in the outbox and send them with the scheduler's dispatcher through the real
//! Telegram deliverer to the fake Bot API server enforcing 30 msg/s overall and 1 msg/s per
//! chat (429 with retry_after above). Prints the achieved rate against 30/s, the 429s received,
//! lost and duplicated messages, and the CPU time per message. Removes its outbox rows after.
//!
//! cargo run --release -p panier-bench --bin fanout -- --db URL [--messages 10000]

use std::collections::HashMap;
use std::time::{Duration as StdDuration, Instant};

use anyhow::{Result, bail};
use chrono::{Days, Duration, NaiveDate, Utc};
use clap::Parser;
use panier_bench::{paris, peak_rss_mb, process_cpu_seconds};
use panier_conversation::Bot;
use panier_core::scheduler::dispatcher::{self, DispatchConfig, DispatchReport};
use panier_core::scheduler::planner::{self, Planned};
use panier_core::store::outbox::{self, NewMessage};
use panier_core::store::{Store, bulk};
use panier_core::usecases::Panier;
use panier_telegram::fake::{self, FakeBotApi};
use panier_telegram::{Telegram, TelegramConfig};

const PREFIX: &str = "benchfanout:";

#[derive(Debug, Parser)]
struct Args {
    #[arg(long, env = "PANIER_DATABASE_URL")]
    db: String,
    /// The `--today` the dataset was generated with (default: today, UTC).
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Reminders to send.
    #[arg(long, default_value_t = 10_000)]
    messages: usize,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 1800)]
    timeout: u64,
    /// Instead of Panier's dispatcher, run this shell command as the sender (the aiogram peer,
    /// see bench/scripts/aiogram-peer.sh) against the same fake server; it gets
    /// PANIER_FAKE_API, PANIER_FAKE_TOKEN and PANIER_FAKE_CHATS (one chat id a line).
    #[arg(long)]
    peer: Option<String>,
    /// Only queue the reminders (due now) and exit: another process sends them (`panier
    /// serve` in bench/scripts/memory.sh).
    #[arg(long)]
    queue_only: bool,
    /// Only wait until the reminders queued by `--queue-only` are all sent (or failed), print
    /// the outbox states and the time it took, and remove them.
    #[arg(long)]
    wait_sent: bool,
}

/// `--wait-sent`: polls the outbox until every benchmark row is settled.
async fn wait_sent(store: &Store, timeout: u64) -> Result<()> {
    let t0 = Instant::now();
    loop {
        let states = {
            let mut conn = store.conn().await?;
            bulk::outbox_states(&mut conn, PREFIX).await?
        };
        let total: i64 = states.iter().map(|(_, k)| *k).sum();
        let settled: i64 = states.iter().filter(|(s, _)| s == "sent" || s == "failed").map(|(_, k)| *k).sum();
        if settled >= total || t0.elapsed() > StdDuration::from_secs(timeout) {
            println!(
                "settled {settled}/{total} in {:.1} s, outbox states {states:?}",
                t0.elapsed().as_secs_f64()
            );
            break;
        }
        tokio::time::sleep(StdDuration::from_secs(1)).await;
    }
    let mut conn = store.conn().await?;
    bulk::delete_outbox(&mut conn, PREFIX).await?;
    Ok(())
}

/// Runs the peer sender over the same chats and prints what the fake server saw.
async fn run_peer(command: &str, planned: &[Planned]) -> Result<()> {
    let fake = FakeBotApi::start().await?;
    fake.enforce_limits(true);
    let chats = std::env::temp_dir().join(format!("panier_fanout_chats_{}.txt", std::process::id()));
    let list: Vec<String> = planned.iter().filter_map(|p| p.chat_id.clone()).collect();
    std::fs::write(&chats, list.join("\n"))?;
    let mut expected: HashMap<i64, usize> = HashMap::new();
    for c in &list {
        *expected.entry(c.parse().unwrap_or(0)).or_default() += 1;
    }
    let t0 = Instant::now();
    let (api, command_line, chats_file) = (fake.url(), command.to_owned(), chats.clone());
    // std::process in a blocking task: the fake server keeps running on the runtime meanwhile.
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(command_line)
            .env("PANIER_FAKE_API", api)
            .env("PANIER_FAKE_TOKEN", fake::TOKEN)
            .env("PANIER_FAKE_CHATS", chats_file)
            .output()
    })
    .await??;
    let wall = t0.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&chats);
    let mut got: HashMap<i64, usize> = HashMap::new();
    for call in fake.sent() {
        *got.entry(call.chat_id().unwrap_or(0)).or_default() += 1;
    }
    let accepted: usize = got.values().sum();
    let duplicates: usize =
        got.iter().map(|(chat, k)| k.saturating_sub(expected.get(chat).copied().unwrap_or(0))).sum();
    let lost: usize =
        expected.iter().map(|(chat, k)| k.saturating_sub(got.get(chat).copied().unwrap_or(0))).sum();
    println!("peer            {command}");
    println!("peer output     {}", String::from_utf8_lossy(&output.stdout).trim());
    if !output.status.success() {
        println!("peer stderr     {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    println!("messages        {}", list.len());
    println!("accepted        {accepted}");
    println!("wall time       {wall:.1} s (process start included)");
    println!(
        "achieved rate   {:.2} msg/s = {:.1} % of 30/s",
        accepted as f64 / wall,
        100.0 * accepted as f64 / wall / 30.0
    );
    println!("429 answered    {}", fake.rate_limited());
    println!("lost            {lost}");
    println!("duplicates      {duplicates}");
    Ok(())
}

/// Distribution reminders with a Telegram chat, from the busy days of the week after `today`.
async fn reminders(store: &Store, today: NaiveDate, wanted: usize) -> Result<Vec<Planned>> {
    let mut out = Vec::new();
    let start = today + Days::new(3);
    for offset in 0..14u64 {
        let day = start + Days::new(offset);
        let eve = day - Days::new(1);
        let mut conn = store.conn().await?;
        let plan = planner::plan(&mut conn, paris(eve, 18, 0, 30), Duration::minutes(1)).await?;
        out.extend(
            plan.messages
                .into_iter()
                .filter(|m| m.kind == "distribution_reminder" && m.transport.as_deref() == Some("telegram")),
        );
        if out.len() >= wanted {
            break;
        }
    }
    out.truncate(wanted);
    Ok(out)
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let store = Store::open(&args.db).await?;
    let today = args.today.unwrap_or_else(|| Utc::now().date_naive());
    if args.wait_sent {
        wait_sent(&store, args.timeout).await?;
        store.close().await;
        return Ok(());
    }
    {
        let mut conn = store.conn().await?;
        bulk::delete_outbox(&mut conn, PREFIX).await?;
    }
    let planned = reminders(&store, today, args.messages).await?;
    if planned.is_empty() {
        bail!("no distribution reminder to send: run `panier --db URL bench-data` first");
    }
    if let Some(peer) = &args.peer {
        run_peer(peer, &planned).await?;
        store.close().await;
        return Ok(());
    }
    let n = planned.len();
    let mut expected: HashMap<i64, usize> = HashMap::new();
    {
        let now = Utc::now();
        let mut tx = store.write_tx().await?;
        for (i, p) in planned.iter().enumerate() {
            let chat_id = p.chat_id.clone().unwrap_or_default();
            *expected.entry(chat_id.parse().unwrap_or(0)).or_default() += 1;
            outbox::enqueue(
                &mut tx,
                &NewMessage {
                    dedupe_key: format!("{PREFIX}{i}"),
                    kind: p.kind.clone(),
                    member_id: Some(p.member_id),
                    transport: "telegram".into(),
                    chat_id,
                    amap_id: Some(p.amap_id),
                    payload: p.payload.to_string(),
                    due_at: now - Duration::seconds(1),
                    expires_at: None,
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
    }
    println!(
        "backend {:?}: {n} reminders queued for {} chats{}",
        store.backend(),
        expected.len(),
        if n < args.messages {
            format!(" (only {n} available, {} asked)", args.messages)
        } else {
            String::new()
        }
    );
    if args.queue_only {
        store.close().await;
        return Ok(());
    }

    let fake = FakeBotApi::start().await?;
    fake.enforce_limits(true);
    let telegram = Telegram::new(&TelegramConfig::new(fake::TOKEN).with_api_url(fake.url()))?;
    let deliverer = telegram.deliverer(Bot::new(Panier::new(store.clone())));
    let cfg = DispatchConfig::new("bench-fanout");

    let cpu0 = process_cpu_seconds();
    let t0 = Instant::now();
    let mut report = DispatchReport::default();
    let mut last_progress = Instant::now();
    while report.sent + report.failed < n as u64 && t0.elapsed() < StdDuration::from_secs(args.timeout) {
        let r = dispatcher::run_once(&store, &deliverer, &cfg, Utc::now()).await?;
        let idle = r == DispatchReport::default();
        report.add(&r);
        if idle {
            tokio::time::sleep(StdDuration::from_millis(20)).await;
        }
        if last_progress.elapsed() > StdDuration::from_secs(30) {
            last_progress = Instant::now();
            println!(
                "  {:>6.0} s: {} sent ({:.1}/s)",
                t0.elapsed().as_secs_f64(),
                report.sent,
                report.sent as f64 / t0.elapsed().as_secs_f64()
            );
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = process_cpu_seconds() - cpu0;

    let mut got: HashMap<i64, usize> = HashMap::new();
    for call in fake.sent() {
        *got.entry(call.chat_id().unwrap_or(0)).or_default() += 1;
    }
    let duplicates: usize =
        got.iter().map(|(chat, k)| k.saturating_sub(expected.get(chat).copied().unwrap_or(0))).sum();
    let states = {
        let mut conn = store.conn().await?;
        bulk::outbox_states(&mut conn, PREFIX).await?
    };
    let sent_rows = states.iter().find(|(s, _)| s == "sent").map_or(0, |(_, k)| *k);
    let lost = n as i64 - sent_rows;
    let rate = report.sent as f64 / wall;
    println!("messages        {n}");
    println!("sent            {} ({} accepted by the fake server)", report.sent, got.values().sum::<usize>());
    println!("wall time       {wall:.1} s");
    println!("achieved rate   {rate:.2} msg/s = {:.1} % of 30/s", 100.0 * rate / 30.0);
    println!(
        "429 received    {} (fake server count {}), dispatcher retries {}",
        report.rate_limited,
        fake.rate_limited(),
        report.retried
    );
    println!("failed          {}", report.failed);
    println!("lost            {lost}  (outbox states: {states:?})");
    println!("duplicates      {duplicates}");
    println!(
        "CPU time        {cpu:.2} s = {:.3} ms/message (whole process, the fake server included)",
        1000.0 * cpu / report.sent.max(1) as f64
    );
    println!("peak RSS        {:.0} MB (whole process)", peak_rss_mb());
    {
        let mut conn = store.conn().await?;
        bulk::delete_outbox(&mut conn, PREFIX).await?;
    }
    store.close().await;
    Ok(())
}
