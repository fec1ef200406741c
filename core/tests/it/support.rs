//! Test databases: a fresh SQLite file per test, and a fresh PostgreSQL database per test
//! when PANIER_TEST_POSTGRES_URL is set, so every test runs on both backends in parallel.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use panier_core::store::Store;

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

/// A fresh, migrated SQLite database in a temporary file.
pub async fn sqlite() -> Store {
    let path = std::env::temp_dir().join(format!("{}.db", unique("panier_test")));
    Store::open(&path.to_string_lossy()).await.expect("open sqlite")
}

/// A fresh, migrated PostgreSQL database, or None when the variable is not set.
pub async fn postgres() -> Option<Store> {
    let admin_url = std::env::var("PANIER_TEST_POSTGRES_URL").ok()?;
    let name = unique("panier_test");
    let admin = Store::connect(&admin_url).await.expect("connect to PANIER_TEST_POSTGRES_URL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(admin.pool())
        .await
        .expect("create test database");
    admin.close().await;
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
    Some(Store::open(&format!("{base}/{name}")).await.expect("open postgres test database"))
}

/// Every backend available to this run: SQLite, then PostgreSQL if configured.
pub async fn stores() -> Vec<(&'static str, Store)> {
    let mut all = vec![("sqlite", sqlite().await)];
    if let Some(pg) = postgres().await {
        all.push(("postgres", pg));
    }
    all
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("test instant").with_timezone(&Utc)
}

/// The repository root (examples, docs).
pub fn repo_path(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)
}
