//! Shared by the web tests: fresh databases (SQLite always, PostgreSQL when
//! PANIER_TEST_POSTGRES_URL is set), the demo AMAP around today, requests to the router.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, header};
use chrono::{DateTime, Utc};
use panier_core::demo::{self, DemoInfo};
use panier_core::rules::deadlines::local_today;
use panier_core::store::Store;
use tower::ServiceExt;

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

pub async fn sqlite() -> Store {
    let path = std::env::temp_dir().join(format!("{}.db", unique("panier_web_test")));
    Store::open(&path.to_string_lossy()).await.expect("open sqlite")
}

pub async fn postgres() -> Option<Store> {
    let admin_url = std::env::var("PANIER_TEST_POSTGRES_URL").ok()?;
    let name = unique("panier_test_web");
    let admin = Store::connect(&admin_url).await.expect("connect to PANIER_TEST_POSTGRES_URL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(admin.pool())
        .await
        .expect("create test database");
    admin.close().await;
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
    Some(Store::open(&format!("{base}/{name}")).await.expect("open postgres test database"))
}

pub async fn stores() -> Vec<(&'static str, Store)> {
    let mut all = vec![("sqlite", sqlite().await)];
    if let Some(pg) = postgres().await {
        all.push(("postgres", pg));
    }
    all
}

/// The demo AMAP around today (the web handlers use the real clock).
pub async fn demo(store: &Store) -> (DemoInfo, DateTime<Utc>) {
    let now = Utc::now();
    let info = demo::seed(store, local_today(now, chrono_tz::Europe::Paris), now).await.expect("seed");
    (info, now)
}

pub const CLIENT: &str = "198.51.100.23:50000";

pub fn get(uri: &str) -> Request<Body> {
    let addr: SocketAddr = CLIENT.parse().expect("addr");
    Request::builder().uri(uri).extension(ConnectInfo(addr)).body(Body::empty()).expect("request")
}

pub fn post(uri: &str, form: &[(&str, &str)]) -> Request<Body> {
    let addr: SocketAddr = CLIENT.parse().expect("addr");
    let body: String =
        form.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
    Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::USER_AGENT, "panier-http-test/1.0")
        .extension(ConnectInfo(addr))
        .body(Body::from(body))
        .expect("request")
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub async fn send(router: &Router, request: Request<Body>) -> (u16, Response<Body>, Vec<u8>) {
    let response = router.clone().oneshot(request).await.expect("response");
    let status = response.status().as_u16();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 20 * 1024 * 1024).await.expect("body").to_vec();
    (status, Response::from_parts(parts, Body::empty()), bytes)
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The value of the first `<input … name="NAME" value="…">` in the page.
pub fn input_value(html: &str, name: &str) -> String {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html.find(&needle).unwrap_or_else(|| panic!("no input {name}")) + needle.len();
    let end = html[start..].find('"').expect("end of value") + start;
    html[start..end].to_owned()
}
