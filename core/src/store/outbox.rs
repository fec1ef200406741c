//! The durable outbox: planned rows (insert-or-ignore on a dedupe key), claims with a lease,
//! sent / retry / failed / expired marks. Claims use `FOR UPDATE SKIP LOCKED` on PostgreSQL
//! and a single `UPDATE … RETURNING` inside `BEGIN IMMEDIATE` on SQLite.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::codec::{instant_from_sql, instant_to_sql};
use super::{Backend, Conn};
use crate::error::CoreResult;
use crate::types::{AmapId, MemberId, OutboxId};

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub dedupe_key: String,
    pub kind: String,
    pub member_id: Option<MemberId>,
    pub transport: String,
    pub chat_id: String,
    pub amap_id: Option<AmapId>,
    /// Kind-specific subject, rendered at send time in the member's language.
    pub payload: String,
    pub due_at: DateTime<Utc>,
    /// Not sent after this instant (a reminder for a distribution that has started).
    pub expires_at: Option<DateTime<Utc>>,
}

/// A claimed row, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: OutboxId,
    pub dedupe_key: String,
    pub kind: String,
    pub member_id: Option<MemberId>,
    pub transport: String,
    pub chat_id: String,
    pub amap_id: Option<AmapId>,
    pub payload: String,
    pub due_at: DateTime<Utc>,
    pub attempts: u32,
}

/// Inserts the row unless its dedupe key exists; true when inserted.
pub async fn enqueue(conn: &mut Conn, m: &NewMessage, now: DateTime<Utc>) -> CoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO outbox (dedupe_key, kind, member_id, transport, chat_id, amap_id, payload, due_at,
                             expires_at, state, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', 0, $8, $10)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(&m.dedupe_key)
    .bind(&m.kind)
    .bind(m.member_id.map(|x| x.0))
    .bind(&m.transport)
    .bind(&m.chat_id)
    .bind(m.amap_id.map(|x| x.0))
    .bind(&m.payload)
    .bind(instant_to_sql(m.due_at))
    .bind(m.expires_at.map(instant_to_sql))
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks as expired what is still unsent past its expiry; returns how many.
pub async fn expire(conn: &mut Conn, now: DateTime<Utc>) -> CoreResult<u64> {
    let done = sqlx::query(
        "UPDATE outbox SET state = 'expired', lease_owner = NULL, lease_until = NULL
         WHERE expires_at IS NOT NULL AND expires_at <= $1
           AND (state = 'queued' OR (state = 'sending' AND lease_until < $1))",
    )
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

fn message_from_row(r: &AnyRow) -> Result<OutboxMessage, sqlx::Error> {
    Ok(OutboxMessage {
        id: OutboxId(r.try_get("id")?),
        dedupe_key: r.try_get("dedupe_key")?,
        kind: r.try_get("kind")?,
        member_id: r.try_get::<Option<i64>, _>("member_id")?.map(MemberId),
        transport: r.try_get("transport")?,
        chat_id: r.try_get("chat_id")?,
        amap_id: r.try_get::<Option<i64>, _>("amap_id")?.map(AmapId),
        payload: r.try_get("payload")?,
        due_at: instant_from_sql(r.try_get("due_at")?),
        attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
    })
}

/// Claims up to `limit` due rows of `transport` for `owner` until `lease_until`. Rows whose
/// lease expired (a process died mid-send) are claimed again.
pub async fn claim(
    conn: &mut Conn,
    backend: Backend,
    transport: &str,
    owner: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> CoreResult<Vec<OutboxMessage>> {
    let lock = match backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let rows = sqlx::query(sql!(
        "UPDATE outbox SET state = 'sending', lease_owner = $1, lease_until = $2, attempts = attempts + 1
         WHERE id IN (
             SELECT id FROM outbox
             WHERE transport = $3 AND next_attempt_at <= $4
               AND (state = 'queued' OR (state = 'sending' AND lease_until < $4))
               AND (expires_at IS NULL OR expires_at > $4)
             ORDER BY next_attempt_at, id LIMIT $5 {lock})
         RETURNING id, dedupe_key, kind, member_id, transport, chat_id, amap_id, payload, due_at, attempts"
    ))
    .bind(owner)
    .bind(instant_to_sql(lease_until))
    .bind(transport)
    .bind(instant_to_sql(now))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut claimed = rows.iter().map(message_from_row).collect::<Result<Vec<_>, _>>()?;
    claimed.sort_by_key(|m| (m.due_at, m.id));
    Ok(claimed)
}

/// Marks a claimed row sent, if this owner still holds it.
pub async fn mark_sent(
    conn: &mut Conn,
    id: OutboxId,
    owner: &str,
    message_id: &str,
    now: DateTime<Utc>,
) -> CoreResult<bool> {
    let done = sqlx::query(
        "UPDATE outbox SET state = 'sent', sent_at = $1, message_id = $2, lease_owner = NULL, lease_until = NULL,
             last_error = NULL
         WHERE id = $3 AND lease_owner = $4 AND state = 'sending'",
    )
    .bind(instant_to_sql(now))
    .bind(message_id)
    .bind(id.0)
    .bind(owner)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts a claimed row back in the queue for `retry_at`. `count_attempt` false for rate limits.
pub async fn retry_later(
    conn: &mut Conn,
    id: OutboxId,
    owner: &str,
    retry_at: DateTime<Utc>,
    error: &str,
    count_attempt: bool,
) -> CoreResult<()> {
    let undo = if count_attempt { "" } else { ", attempts = attempts - 1" };
    sqlx::query(sql!(
        "UPDATE outbox SET state = 'queued', next_attempt_at = $1, last_error = $2, lease_owner = NULL,
             lease_until = NULL {undo}
         WHERE id = $3 AND lease_owner = $4"
    ))
    .bind(instant_to_sql(retry_at))
    .bind(error)
    .bind(id.0)
    .bind(owner)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn mark_failed(conn: &mut Conn, id: OutboxId, owner: &str, error: &str) -> CoreResult<()> {
    sqlx::query(
        "UPDATE outbox SET state = 'failed', last_error = $1, lease_owner = NULL, lease_until = NULL
         WHERE id = $2 AND lease_owner = $3",
    )
    .bind(error)
    .bind(id.0)
    .bind(owner)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Gives back the leases of an owner shutting down cleanly.
pub async fn release(conn: &mut Conn, owner: &str) -> CoreResult<u64> {
    let done = sqlx::query(
        "UPDATE outbox SET state = 'queued', lease_owner = NULL, lease_until = NULL, attempts = attempts - 1
         WHERE lease_owner = $1 AND state = 'sending'",
    )
    .bind(owner)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Row counts per state, for metrics and the admin.
pub async fn counts(conn: &mut Conn) -> CoreResult<Vec<(String, i64)>> {
    let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state ORDER BY state")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("state")?, r.try_get("n")?))).collect()
}

/// The age in seconds of the oldest queued row due now (0 when none).
pub async fn oldest_due_age(conn: &mut Conn, now: DateTime<Utc>) -> CoreResult<i64> {
    let oldest: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'queued' AND next_attempt_at <= $1",
    )
    .bind(instant_to_sql(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(oldest.map(|t| instant_to_sql(now) - t).unwrap_or(0))
}

/// Members active in the last `days` days (a gauge for the operators).
pub async fn active_members(conn: &mut Conn, now: DateTime<Utc>, days: i64) -> CoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM member WHERE status = 'active' AND last_active_at >= $1")
        .bind(instant_to_sql(now - chrono::Duration::days(days)))
        .fetch_one(&mut *conn)
        .await?)
}

/// One row as the admin sees it (state, attempts, error), by dedupe key.
pub async fn state_of(
    conn: &mut Conn,
    dedupe_key: &str,
) -> CoreResult<Option<(String, i64, Option<String>)>> {
    let row = sqlx::query("SELECT state, attempts, message_id FROM outbox WHERE dedupe_key = $1")
        .bind(dedupe_key)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok((r.try_get("state")?, r.try_get("attempts")?, r.try_get("message_id")?))).transpose()
}
