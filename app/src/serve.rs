//! `panier serve`: runs what is configured — the scheduler (planner + dispatcher), the web
//! server (health, metrics, pages), and the chat bots — until SIGTERM or Ctrl-C, then stops
//! cleanly: in-flight sends finish and leases are released.

use std::time::Duration;

use anyhow::{Context, Result};
use chrono::Utc;
use panier_core::scheduler::dispatcher::{Deliver, DispatchConfig};
use panier_core::scheduler::{self};
use panier_core::store::{Store, outbox};
use panier_web::{Health, WebState};
use tokio::sync::watch;

use std::sync::Arc;

use panier_conversation::Bot;
use panier_core::usecases::Panier;

use crate::config::Config;
use crate::transports::{Adapter, Deliverers};

/// Resolves when the process is asked to stop.
async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

pub async fn run(store: Store, config: Config) -> Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let health = Health::default();
    let owner = crate::ops::owner_id("serve");
    let adapters = Adapter::from_config(&config)?;
    let bot = Bot::new(Panier::new(store.clone())).with_public_url(&config.web.public_url);
    let deliverers: Deliverers = Default::default();
    let mut supervisors = Vec::new();
    for adapter in adapters {
        supervisors.push(tokio::spawn(crate::transports::supervise(
            adapter,
            bot.clone(),
            store.clone(),
            owner.clone(),
            health.clone(),
            deliverers.clone(),
            stop_rx.clone(),
        )));
    }

    let listener = tokio::net::TcpListener::bind(&config.web.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.web.listen))?;
    tracing::info!(listen = %config.web.listen, "web server listening");
    let proxies = config.web.proxies()?;
    let web = tokio::spawn(panier_web::serve_behind(
        listener,
        WebState { store: store.clone(), health: health.clone() },
        proxies,
        stop_rx.clone(),
    ));

    let scheduler = if config.scheduler.enabled {
        let store = store.clone();
        let cfg = DispatchConfig::new(owner.clone());
        // A stop ends a long send burst after the batch in hand, not minutes later.
        let (stopping, mut stopped) = (cfg.stopping.clone(), stop_rx.clone());
        tokio::spawn(async move {
            let _ = stopped.wait_for(|s| *s).await;
            stopping.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        let every = Duration::from_secs(config.scheduler.tick_seconds);
        let mut stop = stop_rx.clone();
        let deliverers = deliverers.clone();
        Some(tokio::spawn(async move {
            loop {
                let current: Vec<Arc<dyn Deliver>> =
                    deliverers.read().map(|l| l.iter().map(|(_, d)| d.clone()).collect()).unwrap_or_default();
                let refs: Vec<&dyn Deliver> = current.iter().map(|d| d.as_ref()).collect();
                match scheduler::tick_lean(&store, Utc::now(), &refs, &cfg).await {
                    Ok(r) if r.queued + r.sent as usize + r.failed as usize > 0 => {
                        tracing::info!(queued = r.queued, sent = r.sent, failed = r.failed, "scheduler tick");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "scheduler tick failed"),
                }
                tokio::select! {
                    _ = tokio::time::sleep(every) => {}
                    _ = stop.wait_for(|s| *s) => break,
                }
            }
        }))
    } else {
        None
    };

    stop_signal().await;
    tracing::info!("stopping");
    let _ = stop_tx.send(true);
    if let Some(s) = scheduler {
        let _ = s.await;
    }
    for s in supervisors {
        let _ = s.await;
    }
    let mut conn = store.conn().await?;
    let released = outbox::release(&mut conn, &owner).await?;
    tracing::info!(released, "leases released");
    drop(conn);
    match web.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::error!(error = %e, "web server stopped with an error"),
        Err(e) => tracing::error!(error = %e, "web server task failed"),
    }
    store.close().await;
    Ok(())
}
