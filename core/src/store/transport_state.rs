//! Key-value state of the transport adapters (Telegram update offset, Matrix sync token),
//! kept in the database so a restart neither repeats nor skips an update.

use chrono::{DateTime, Utc};

use super::Conn;
use super::codec::instant_to_sql;
use crate::error::CoreResult;

pub async fn get(conn: &mut Conn, key: &str) -> CoreResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT value FROM transport_state WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?)
}

pub async fn set(conn: &mut Conn, key: &str, value: &str, now: DateTime<Utc>) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO transport_state (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
