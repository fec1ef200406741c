//! Erasure and retention queries: removing a member's personal data while keeping what the
//! farmer's accounting needs (committed subscriptions, amounts, evidence).

use chrono::{DateTime, Utc};

use super::Conn;
use super::codec::instant_to_sql;
use crate::error::CoreResult;
use crate::types::{ContractId, MemberId};

/// Unlinks and erases a member. With `keep_name` (signed contracts exist) the name stays on
/// the member row for the contract archive; otherwise it becomes a pseudonym.
pub async fn erase_member(
    conn: &mut Conn,
    member: MemberId,
    keep_name: bool,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let id = member.0;
    let statements = [
        "DELETE FROM dialogue WHERE EXISTS (SELECT 1 FROM chat_account a WHERE a.member_id = $1
            AND a.transport = dialogue.transport AND a.external_id = dialogue.external_id)",
        "DELETE FROM chat_account WHERE member_id = $1",
        "DELETE FROM link_code WHERE member_id = $1",
        "DELETE FROM calendar_feed WHERE member_id = $1",
        // Links carry the chat account they were sent to; signed evidence keeps its own copy.
        "DELETE FROM signing_link WHERE member_id = $1",
        "DELETE FROM signing_draft WHERE member_id = $1",
        "DELETE FROM editor_link WHERE member_id = $1",
        "DELETE FROM notification_optout WHERE member_id = $1",
        "DELETE FROM rsvp WHERE member_id = $1",
        "DELETE FROM outbox WHERE member_id = $1 AND state IN ('queued', 'sending')",
        "DELETE FROM duty_signup WHERE member_id = $1",
        "UPDATE duty_shift SET taken = (SELECT COUNT(*) FROM duty_signup u WHERE u.shift_id = duty_shift.id)",
        "DELETE FROM role WHERE member_id = $1",
        "DELETE FROM subscription WHERE member_id = $1 AND state IN ('draft', 'cancelled')",
        "UPDATE absence SET handover_member_id = NULL, handover_guest = '-' WHERE handover_member_id = $1",
        // Their own words, possibly with their phone or e-mail: pushes still queued for them
        // find nothing to send. Moderation they did stays, without their name.
        "DELETE FROM announcement WHERE author_id = $1",
        "UPDATE announcement SET moderated_by = NULL WHERE moderated_by = $1",
    ];
    for sql in statements {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    let pseudonym_email = format!("forgotten-{id}@invalid.example");
    let (first, last) =
        if keep_name { (None, None) } else { (Some("Membre".to_owned()), Some(format!("n°{id}"))) };
    sqlx::query(
        "UPDATE member SET email = $1, phone = NULL, language = NULL, status = 'inactive',
             first_name = COALESCE($2, first_name), last_name = COALESCE($3, last_name), last_active_at = $4
         WHERE id = $5",
    )
    .bind(pseudonym_email)
    .bind(first)
    .bind(last)
    .bind(instant_to_sql(now))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Members whose last activity is older than `cutoff` and who were not erased yet.
pub async fn inactive_members(conn: &mut Conn, cutoff: DateTime<Utc>) -> CoreResult<Vec<MemberId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM member WHERE last_active_at < $1 AND email NOT LIKE 'forgotten-%' ORDER BY id",
    )
    .bind(instant_to_sql(cutoff))
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(MemberId).collect())
}

pub async fn ended_contracts(conn: &mut Conn) -> CoreResult<Vec<ContractId>> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM contract WHERE state = 'ended' ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    Ok(ids.into_iter().map(ContractId).collect())
}
