//! Failed attempts at a secret (a linking code) per requester, for lockout: after too many
//! failures in a window, the requester is locked out for a while whatever they send.

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

use super::Conn;
use super::codec::{instant_from_sql, instant_to_sql};
use crate::error::CoreResult;

/// How many failures in which window lock a requester out, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct Lockout {
    pub max_failures: i64,
    pub window: Duration,
    pub lock: Duration,
}

/// Until when `requester` is locked out of `scope`, if they are at `now`.
pub async fn locked_until(
    conn: &mut Conn,
    scope: &str,
    requester: &str,
    now: DateTime<Utc>,
) -> CoreResult<Option<DateTime<Utc>>> {
    let row = sqlx::query("SELECT locked_until FROM attempt_guard WHERE scope = $1 AND requester = $2")
        .bind(scope)
        .bind(requester)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let until = instant_from_sql(row.try_get::<i64, _>(0)?);
    Ok((until > now).then_some(until))
}

/// Counts one failure; returns the end of the lockout when this failure starts one.
pub async fn record_failure(
    conn: &mut Conn,
    scope: &str,
    requester: &str,
    now: DateTime<Utc>,
    policy: Lockout,
) -> CoreResult<Option<DateTime<Utc>>> {
    let window_open_since = instant_to_sql(now - policy.window);
    // A failure outside the window (or after a lockout ended) starts a new count.
    let row = sqlx::query(
        "INSERT INTO attempt_guard (scope, requester, failures, window_start, locked_until)
         VALUES ($1, $2, 1, $3, 0)
         ON CONFLICT (scope, requester) DO UPDATE SET
           failures = CASE WHEN attempt_guard.window_start < $4 THEN 1 ELSE attempt_guard.failures + 1 END,
           window_start = CASE WHEN attempt_guard.window_start < $4 THEN $3 ELSE attempt_guard.window_start END
         RETURNING failures",
    )
    .bind(scope)
    .bind(requester)
    .bind(instant_to_sql(now))
    .bind(window_open_since)
    .fetch_one(&mut *conn)
    .await?;
    let failures: i64 = row.try_get(0)?;
    if failures < policy.max_failures {
        return Ok(None);
    }
    let until = now + policy.lock;
    sqlx::query(
        "UPDATE attempt_guard SET locked_until = $3, failures = 0, window_start = $4
         WHERE scope = $1 AND requester = $2",
    )
    .bind(scope)
    .bind(requester)
    .bind(instant_to_sql(until))
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(Some(until))
}

/// Forgets the failures of `requester` (after a success, which a lockout prevents).
pub async fn clear(conn: &mut Conn, scope: &str, requester: &str) -> CoreResult<()> {
    sqlx::query("DELETE FROM attempt_guard WHERE scope = $1 AND requester = $2")
        .bind(scope)
        .bind(requester)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Drops the records of requesters neither counting nor locked since `cutoff` (retention).
pub async fn purge_before(conn: &mut Conn, cutoff: DateTime<Utc>) -> CoreResult<u64> {
    let done = sqlx::query("DELETE FROM attempt_guard WHERE window_start < $1 AND locked_until < $1")
        .bind(instant_to_sql(cutoff))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// The AMAP's own addition to the privacy notice (controller, contact, host), if any.
pub async fn privacy_notice(conn: &mut Conn, amap: crate::types::AmapId) -> CoreResult<Option<String>> {
    let row = sqlx::query("SELECT privacy_notice FROM amap WHERE id = $1")
        .bind(amap.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.and_then(|r| r.try_get::<Option<String>, _>(0).ok().flatten()).filter(|t| !t.trim().is_empty()))
}

pub async fn set_privacy_notice(
    conn: &mut Conn,
    amap: crate::types::AmapId,
    notice: Option<&str>,
) -> CoreResult<()> {
    sqlx::query("UPDATE amap SET privacy_notice = $2 WHERE id = $1")
        .bind(amap.0)
        .bind(notice)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
