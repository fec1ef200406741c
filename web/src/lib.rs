//! Panier's web server (axum): /healthz and /metrics for operators. The signing pages,
//! calendars and the network map plug into the same router.

pub mod calendar;
pub mod editor;
mod editor_members;
mod editor_page;
mod editor_parts;
mod editor_settings;
pub mod limiter;
mod map;
pub mod network;
mod pages;
pub mod pdf;
pub mod proxy;
pub mod signing;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::Utc;
use panier_core::store::{Store, outbox};
use serde::Serialize;

/// What the adapters report about themselves ("connected", "polling", "error: …" without secrets).
#[derive(Debug, Clone, Default)]
pub struct Health(Arc<RwLock<BTreeMap<String, String>>>);

impl Health {
    pub fn set(&self, transport: &str, state: &str) {
        if let Ok(mut map) = self.0.write() {
            map.insert(transport.to_owned(), state.to_owned());
        }
    }

    pub fn snapshot(&self) -> BTreeMap<String, String> {
        self.0.read().map(|m| m.clone()).unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct WebState {
    pub store: Store,
    pub health: Health,
}

/// The router for direct connections (and a proxy on this machine).
pub fn router(state: WebState) -> Router {
    router_behind(state, proxy::TrustedProxies::default())
}

/// The router, believing `X-Forwarded-For` from loopback and from `proxies`.
pub fn router_behind(state: WebState, proxies: proxy::TrustedProxies) -> Router {
    let signing =
        signing::routes(signing::SigningState::new(panier_core::usecases::Panier::new(state.store.clone())));
    let editors = editor::routes(panier_core::usecases::Panier::new(state.store.clone()));
    let networks = network::routes(panier_core::usecases::Panier::new(state.store.clone()));
    let calendars = calendar::routes(panier_core::usecases::Panier::new(state.store.clone()));
    // One lockout for every page behind a secret token: a guesser cannot switch kinds.
    let lockout = std::sync::Arc::new(limiter::FailureLockout::for_tokens());
    let tokens = signing
        .merge(calendars)
        .merge(editors)
        .layer(axum::middleware::from_fn_with_state(lockout, signing::token_lockout));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(state)
        .merge(tokens)
        .merge(networks)
        .layer(axum::middleware::map_response(signing::security_headers))
        .layer(axum::middleware::from_fn_with_state(std::sync::Arc::new(proxies), proxy::forwarded_client))
}

#[derive(Serialize)]
struct HealthReport {
    status: &'static str,
    database: String,
    transports: BTreeMap<String, String>,
}

async fn healthz(State(state): State<WebState>) -> impl IntoResponse {
    let database = match sqlx_ping(&state.store).await {
        Ok(()) => "ok".to_owned(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            "unreachable".to_owned()
        }
    };
    let ok = database == "ok";
    let report = HealthReport {
        status: if ok { "ok" } else { "degraded" },
        database,
        transports: state.health.snapshot(),
    };
    let code = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, axum::Json(report))
}

async fn sqlx_ping(store: &Store) -> panier_core::CoreResult<()> {
    let mut conn = store.conn().await?;
    outbox::counts(&mut conn).await.map(|_| ())
}

async fn metrics(State(state): State<WebState>) -> impl IntoResponse {
    let mut text = panier_core::metrics::render();
    let now = Utc::now();
    if let Ok(mut conn) = state.store.conn().await {
        if let Ok(counts) = outbox::counts(&mut conn).await {
            text.push_str("# TYPE panier_outbox_rows gauge\n");
            for (s, n) in counts {
                text.push_str(&format!("panier_outbox_rows{{state=\"{s}\"}} {n}\n"));
            }
        }
        if let Ok(age) = outbox::oldest_due_age(&mut conn, now).await {
            text.push_str(&format!(
                "# TYPE panier_outbox_oldest_due_seconds gauge\npanier_outbox_oldest_due_seconds {age}\n"
            ));
        }
        if let Ok(active) = outbox::active_members(&mut conn, now, 30).await {
            text.push_str(&format!("# TYPE panier_active_members gauge\npanier_active_members {active}\n"));
        }
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}

/// Serves until `shutdown` turns true.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: WebState,
    shutdown: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<()> {
    serve_behind(listener, state, proxy::TrustedProxies::default(), shutdown).await
}

/// Serves until `shutdown` turns true, behind the reverse proxies named in `proxies`.
pub async fn serve_behind(
    listener: tokio::net::TcpListener,
    state: WebState,
    proxies: proxy::TrustedProxies,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<()> {
    // Connection addresses feed the per-IP rate limit and the signature evidence.
    let app = router_behind(state, proxies);
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        })
        .await
}
