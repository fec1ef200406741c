//! Transport state read with its age, for the Telegram adapter: an update offset stored long
//! ago is worthless (Telegram keeps unconfirmed updates for 24 hours, and numbers new ones at
//! random after a week without any), so the adapter needs to know when it was written.

use chrono::{DateTime, Utc};

use super::Conn;
use super::codec::instant_from_sql;
use crate::error::CoreResult;

/// The value stored under `key` and the instant it was last written.
pub async fn get_stamped(conn: &mut Conn, key: &str) -> CoreResult<Option<(String, DateTime<Utc>)>> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT value, updated_at FROM transport_state WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(value, at)| (value, instant_from_sql(at))))
}
