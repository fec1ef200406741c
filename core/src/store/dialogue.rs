//! Conversation state kept between two messages, so a restart loses no dialogue.

use chrono::{DateTime, Duration, Utc};

use super::Conn;
use super::codec::instant_to_sql;
use crate::error::CoreResult;

/// A dialogue older than this is forgotten: the person has moved on.
pub const DIALOGUE_TTL_HOURS: i64 = 24;

/// The stored state (opaque JSON owned by the conversation layer), if fresh.
pub async fn load(
    conn: &mut Conn,
    transport: &str,
    external_id: &str,
    now: DateTime<Utc>,
) -> CoreResult<Option<String>> {
    let oldest = instant_to_sql(now - Duration::hours(DIALOGUE_TTL_HOURS));
    Ok(sqlx::query_scalar(
        "SELECT state FROM dialogue WHERE transport = $1 AND external_id = $2 AND updated_at >= $3",
    )
    .bind(transport)
    .bind(external_id)
    .bind(oldest)
    .fetch_optional(&mut *conn)
    .await?)
}

pub async fn save(
    conn: &mut Conn,
    transport: &str,
    external_id: &str,
    state: &str,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO dialogue (transport, external_id, state, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (transport, external_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
    )
    .bind(transport)
    .bind(external_id)
    .bind(state)
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn clear(conn: &mut Conn, transport: &str, external_id: &str) -> CoreResult<()> {
    sqlx::query("DELETE FROM dialogue WHERE transport = $1 AND external_id = $2")
        .bind(transport)
        .bind(external_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
