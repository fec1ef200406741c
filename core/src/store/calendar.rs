//! Private calendar feeds: one hashed token per member (a new one replaces, so revokes, the old).

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::Conn;
use super::codec::instant_to_sql;
use crate::error::CoreResult;
use crate::types::MemberId;

/// Stores the feed token's hash for `member`, replacing (revoking) any previous one.
pub async fn set_feed(
    conn: &mut Conn,
    member: MemberId,
    token_hash: &str,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO calendar_feed (member_id, token_hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (member_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(member.0)
    .bind(token_hash)
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The member whose feed token hashes to `token_hash` (an equality on the digest).
pub async fn member_by_feed(conn: &mut Conn, token_hash: &str) -> CoreResult<Option<MemberId>> {
    let row = sqlx::query("SELECT member_id FROM calendar_feed WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| r.try_get::<i64, _>("member_id").map(MemberId)).transpose()?)
}

/// Whether the member already has a feed.
pub async fn has_feed(conn: &mut Conn, member: MemberId) -> CoreResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM calendar_feed WHERE member_id = $1")
        .bind(member.0)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// Revokes the member's feed, if any.
pub async fn delete_feed(conn: &mut Conn, member: MemberId) -> CoreResult<bool> {
    let done = sqlx::query("DELETE FROM calendar_feed WHERE member_id = $1")
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
