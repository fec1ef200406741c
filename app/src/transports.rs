//! The chat transports of `panier serve`, each under a leader lease: when several processes
//! share one database, exactly one polls Telegram (or syncs Matrix) and sends its outbox rows;
//! when that process dies, its lease expires and another one takes over within the TTL.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::Utc;
use panier_conversation::Bot;
use panier_core::scheduler::dispatcher::Deliver;
use panier_core::store::{Store, leader};
use panier_web::Health;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How long a leader's lease lasts without renewal; the takeover bound after a crash.
pub const LEASE_TTL_SECONDS: i64 = 20;
/// How often leadership is renewed or tried.
pub const RENEW_EVERY: Duration = Duration::from_secs(5);

/// The deliverers of the transports this process currently runs, read by the scheduler.
pub type Deliverers = Arc<RwLock<Vec<(String, Arc<dyn Deliver>)>>>;

/// A configured transport.
pub enum Adapter {
    Telegram(panier_telegram::TelegramConfig),
    Matrix(panier_matrix::MatrixConfig),
}

impl Adapter {
    pub fn name(&self) -> &'static str {
        match self {
            Adapter::Telegram(_) => "telegram",
            Adapter::Matrix(_) => "matrix",
        }
    }

    /// Parses the `[telegram]` / `[matrix]` tables of the configuration.
    pub fn from_config(config: &crate::config::Config) -> Result<Vec<Adapter>> {
        let mut adapters = Vec::new();
        if let Some(table) = &config.telegram {
            let cfg: panier_telegram::TelegramConfig =
                toml::Value::Table(table.clone()).try_into().context("configuration [telegram]")?;
            adapters.push(Adapter::Telegram(cfg));
        }
        if let Some(table) = &config.matrix {
            let cfg: panier_matrix::MatrixConfig =
                toml::Value::Table(table.clone()).try_into().context("configuration [matrix]")?;
            adapters.push(Adapter::Matrix(cfg));
        }
        Ok(adapters)
    }

    async fn start(&self, bot: &Bot) -> Result<Running> {
        let (stop, stopped) = watch::channel(false);
        match self {
            Adapter::Telegram(cfg) => {
                let tg = Arc::new(panier_telegram::Telegram::new(cfg)?);
                let deliver: Arc<dyn Deliver> = Arc::new(tg.deliverer(bot.clone()));
                let bot = bot.clone();
                let task = tokio::spawn(async move { tg.run(bot, stopped).await });
                Ok(Running { deliver, stop, task })
            }
            Adapter::Matrix(cfg) => {
                let mx = Arc::new(panier_matrix::MatrixBot::connect(bot.clone(), cfg).await?);
                let deliver: Arc<dyn Deliver> = Arc::new(mx.deliverer());
                let task = tokio::spawn(async move { mx.run(stopped).await });
                Ok(Running { deliver, stop, task })
            }
        }
    }
}

struct Running {
    deliver: Arc<dyn Deliver>,
    stop: watch::Sender<bool>,
    task: JoinHandle<Result<()>>,
}

async fn stop_running(name: &str, running: Running, deliverers: &Deliverers) {
    if let Ok(mut list) = deliverers.write() {
        list.retain(|(n, _)| n != name);
    }
    let _ = running.stop.send(true);
    match running.task.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::error!(transport = name, error = %e, "transport stopped with an error"),
        Err(e) => tracing::error!(transport = name, error = %e, "transport task failed"),
    }
}

/// Runs `adapter` whenever this process holds its lease, until `shutdown`.
pub async fn supervise(
    adapter: Adapter,
    bot: Bot,
    store: Store,
    owner: String,
    health: Health,
    deliverers: Deliverers,
    mut shutdown: watch::Receiver<bool>,
) {
    let name = adapter.name();
    let ttl = chrono::Duration::seconds(LEASE_TTL_SECONDS);
    let mut running: Option<Running> = None;
    loop {
        let leading = match store.conn().await {
            Ok(mut conn) => leader::try_lead(&mut conn, name, &owner, Utc::now(), ttl).await.unwrap_or(false),
            Err(_) => false,
        };
        if let Some(r) = &running
            && r.task.is_finished()
        {
            health.set(name, "stopped, restarting");
            if let Some(r) = running.take() {
                stop_running(name, r, &deliverers).await;
            }
        }
        match (leading, running.is_some()) {
            (true, false) => match adapter.start(&bot).await {
                Ok(r) => {
                    if let Ok(mut list) = deliverers.write() {
                        list.push((name.to_owned(), r.deliver.clone()));
                    }
                    health.set(name, "running");
                    tracing::info!(transport = name, "transport started (this process leads it)");
                    running = Some(r);
                }
                Err(e) => {
                    health.set(name, "cannot start");
                    tracing::error!(transport = name, error = %e, "transport could not start");
                }
            },
            (false, true) => {
                if let Some(r) = running.take() {
                    stop_running(name, r, &deliverers).await;
                }
                health.set(name, "standby: another process leads");
            }
            (false, false) => health.set(name, "standby: another process leads"),
            (true, true) => {}
        }
        tokio::select! {
            _ = tokio::time::sleep(RENEW_EVERY) => {}
            _ = shutdown.wait_for(|s| *s) => break,
        }
    }
    if let Some(r) = running.take() {
        stop_running(name, r, &deliverers).await;
    }
    if let Ok(mut conn) = store.conn().await {
        let _ = leader::resign(&mut conn, name, &owner).await;
    }
    health.set(name, "stopped");
}
