//! Leader leases: among several processes sharing one database, exactly one runs a
//! single-consumer loop (Telegram long polling, the Matrix sync). The holder renews its lease;
//! when it dies, the lease expires and another process takes over.

use chrono::{DateTime, Duration, Utc};

use super::Conn;
use super::codec::instant_to_sql;
use crate::error::CoreResult;

/// Takes or renews the lease `name` for `owner` until `now + ttl`. True when `owner` holds it.
pub async fn try_lead(
    conn: &mut Conn,
    name: &str,
    owner: &str,
    now: DateTime<Utc>,
    ttl: Duration,
) -> CoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO leader_lease (name, owner, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE leader_lease.owner = excluded.owner OR leader_lease.expires_at < $4",
    )
    .bind(name)
    .bind(owner)
    .bind(instant_to_sql(now + ttl))
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives the lease up (clean shutdown), so another process takes over at once.
pub async fn resign(conn: &mut Conn, name: &str, owner: &str) -> CoreResult<()> {
    sqlx::query("DELETE FROM leader_lease WHERE name = $1 AND owner = $2")
        .bind(name)
        .bind(owner)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
