//! The store: one API over SQLite (embedded default) and PostgreSQL.
//!
//! Queries are written once in portable SQL with `$1` placeholders and run through sqlx's
//! `Any` driver; `Backend` switches the few statements where the dialects differ. Dates are
//! ISO text, instants UTC unix seconds, money integer cents, flags BIGINT 0/1.

/// SQL assembled from constants of the store (column lists, table names), never from input.
macro_rules! sql {
    ($($arg:tt)*) => {
        sqlx::AssertSqlSafe(format!($($arg)*))
    };
}

pub mod accounts;
pub mod announcements;
pub mod bulk;
pub mod calendar;
mod codec;
pub mod contracts;
pub mod dialogue;
pub mod directory;
pub mod duty;
pub mod editor;
pub mod events;
pub mod guard;
pub mod import_support;
pub mod leader;
pub mod matrix_extra;
pub mod member_extra;
pub mod network;
pub mod outbox;
pub mod planning;
pub mod privacy;
pub mod recipients;
pub mod seasons;
pub mod signing;
pub mod subscriptions;
pub mod telegram_extra;
pub mod transport_state;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Transaction};

pub use codec::{date_from_sql, date_to_sql, instant_from_sql, instant_to_sql};

use crate::error::CoreResult;

/// Which SQL dialect the store talks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle on the database; cheap to clone (a pool inside).
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

pub type Tx = Transaction<'static, sqlx::Any>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl Store {
    /// Opens `url` (`sqlite://file.db`, `sqlite::memory:`, a bare file path, or
    /// `postgres://…`) and applies pending migrations.
    pub async fn open(url: &str) -> CoreResult<Store> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens without migrating.
    pub async fn connect(url: &str) -> CoreResult<Store> {
        sqlx::any::install_default_drivers();
        let (url, backend) = normalize_url(url);
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = match backend {
            Backend::Sqlite => {
                let in_memory = url.contains(":memory:") || url.contains("mode=memory");
                AnyPoolOptions::new()
                    // No ping before each checkout (see the PostgreSQL pool below).
                    .test_before_acquire(false)
                    // An in-memory database lives in one connection; keep exactly one.
                    .max_connections(if in_memory { 1 } else { 8 })
                    .min_connections(if in_memory { 1 } else { 0 })
                    .idle_timeout(if in_memory { None } else { Some(Duration::from_secs(600)) })
                    .max_lifetime(if in_memory { None } else { Some(Duration::from_secs(3600)) })
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            use sqlx::Executor;
                            conn.execute(
                                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                                 PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    // sqlx pings a pooled connection before handing it out by default: one
                    // more round trip per checkout, and a chat command checks out 3-5 times
                    // (docs/performance.md). A connection the server dropped fails its next
                    // query instead, and the pool replaces it; idle ones are closed after
                    // 10 minutes, before most servers and proxies drop them.
                    .test_before_acquire(false)
                    .idle_timeout(Some(Duration::from_secs(600)))
                    // JIT compiling a query costs ~80 ms: more than the planner's batched
                    // reads take to run (docs/performance.md). Short queries never reach it.
                    // An AMAP's database fits in the server's cache: with the default random
                    // page cost (4, for spinning disks) PostgreSQL scans `member` and `role`
                    // whole to join a few hundred people; 1.1 is what its manual advises for
                    // SSDs and cached data (the national plan: 1.08 -> 0.87 s).
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            use sqlx::Executor;
                            conn.execute("SET jit = off; SET random_page_cost = 1.1").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
        };
        Ok(Store { pool, backend })
    }

    pub async fn migrate(&self) -> CoreResult<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn conn(&self) -> CoreResult<sqlx::pool::PoolConnection<sqlx::Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// A transaction that writes. On SQLite it takes the write lock up front (BEGIN
    /// IMMEDIATE) so two writers queue on the busy timeout instead of failing on upgrade.
    pub async fn write_tx(&self) -> CoreResult<Tx> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(tx)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Accepts a bare path as a SQLite file, and creates the file if missing.
fn normalize_url(url: &str) -> (String, Backend) {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return (url.to_owned(), Backend::Postgres);
    }
    let url = if url.starts_with("sqlite:") { url.to_owned() } else { format!("sqlite://{url}") };
    let url = if url.contains(":memory:") || url.contains("mode=") {
        url
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    };
    (url, Backend::Sqlite)
}

/// Shorthand for functions that run inside a caller's connection or transaction.
pub type Conn = AnyConnection;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(normalize_url("panier.db"), ("sqlite://panier.db?mode=rwc".into(), Backend::Sqlite));
        assert_eq!(normalize_url("sqlite::memory:").1, Backend::Sqlite);
        assert_eq!(normalize_url("postgres://u@h/db").1, Backend::Postgres);
    }
}
