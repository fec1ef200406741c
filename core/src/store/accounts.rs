//! Chat accounts linked to members, one-time linking codes, notification opt-outs.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::Conn;
use super::codec::{corrupt, flag, instant_to_sql};
use crate::error::CoreResult;
use crate::model::{Member, Role};
use crate::types::{AmapId, MemberId};

/// A member's account on one transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatAccount {
    pub member_id: MemberId,
    pub transport: String,
    pub external_id: String,
    pub chat_id: String,
    pub unreachable: bool,
}

pub async fn insert_link_code(
    conn: &mut Conn,
    code_hash: &str,
    member: MemberId,
    amap: AmapId,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    sqlx::query("INSERT INTO link_code (code_hash, member_id, amap_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(code_hash)
        .bind(member.0)
        .bind(amap.0)
        .bind(instant_to_sql(expires_at))
        .bind(instant_to_sql(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks the code used if it is valid now, atomically: a code links at most one account.
pub async fn consume_link_code(
    conn: &mut Conn,
    code_hash: &str,
    now: DateTime<Utc>,
) -> CoreResult<Option<(MemberId, AmapId)>> {
    let row = sqlx::query(
        "UPDATE link_code SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING member_id, amap_id",
    )
    .bind(instant_to_sql(now))
    .bind(code_hash)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| Ok((MemberId(r.try_get("member_id")?), AmapId(r.try_get("amap_id")?)))).transpose()
}

/// Links (or re-points) a transport account to a member.
pub async fn link_account(
    conn: &mut Conn,
    member: MemberId,
    transport: &str,
    external_id: &str,
    chat_id: &str,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO chat_account (member_id, transport, external_id, chat_id, unreachable, linked_at)
         VALUES ($1, $2, $3, $4, 0, $5)
         ON CONFLICT (transport, external_id) DO UPDATE SET member_id = excluded.member_id,
             chat_id = excluded.chat_id, unreachable = 0, linked_at = excluded.linked_at",
    )
    .bind(member.0)
    .bind(transport)
    .bind(external_id)
    .bind(chat_id)
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn member_by_account(
    conn: &mut Conn,
    transport: &str,
    external_id: &str,
) -> CoreResult<Option<MemberId>> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT member_id FROM chat_account WHERE transport = $1 AND external_id = $2")
            .bind(transport)
            .bind(external_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(id.map(MemberId))
}

/// The member behind a chat account with their roles (by grant order) and when they were
/// last active (unix seconds), in one statement: what every chat message reads first.
pub async fn member_and_roles(
    conn: &mut Conn,
    transport: &str,
    external_id: &str,
) -> CoreResult<Option<(Member, Vec<Role>, i64)>> {
    let rows = sqlx::query(
        "SELECT m.id, m.email, m.first_name, m.last_name, m.phone, m.language, m.status,
                m.last_active_at, r.kind, r.scope_id
         FROM chat_account ca JOIN member m ON m.id = ca.member_id
         LEFT JOIN role r ON r.member_id = m.id
         WHERE ca.transport = $1 AND ca.external_id = $2 ORDER BY r.id",
    )
    .bind(transport)
    .bind(external_id)
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let member = super::directory::member_from_row(first)?;
    let last_active: i64 = first.try_get("last_active_at")?;
    let mut roles = Vec::with_capacity(rows.len());
    for r in &rows {
        let (Some(kind), Some(scope)) =
            (r.try_get::<Option<String>, _>("kind")?, r.try_get::<Option<i64>, _>("scope_id")?)
        else {
            continue;
        };
        roles.push(Role::from_parts(&kind, scope).ok_or_else(|| corrupt("role.kind"))?);
    }
    Ok(Some((member, roles, last_active)))
}

pub async fn accounts_of(conn: &mut Conn, member: MemberId) -> CoreResult<Vec<ChatAccount>> {
    let rows = sqlx::query(
        "SELECT member_id, transport, external_id, chat_id, unreachable FROM chat_account WHERE member_id = $1 ORDER BY id",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ChatAccount {
                member_id: MemberId(r.try_get("member_id")?),
                transport: r.try_get("transport")?,
                external_id: r.try_get("external_id")?,
                chat_id: r.try_get("chat_id")?,
                unreachable: flag(r.try_get("unreachable")?),
            })
        })
        .collect()
}

pub async fn set_unreachable(
    conn: &mut Conn,
    transport: &str,
    external_id: &str,
    unreachable: bool,
) -> CoreResult<()> {
    sqlx::query("UPDATE chat_account SET unreachable = $1 WHERE transport = $2 AND external_id = $3")
        .bind(i64::from(unreachable))
        .bind(transport)
        .bind(external_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_opt_out(conn: &mut Conn, member: MemberId, kind: &str, opted_out: bool) -> CoreResult<()> {
    let sql = if opted_out {
        "INSERT INTO notification_optout (member_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM notification_optout WHERE member_id = $1 AND kind = $2"
    };
    sqlx::query(sql).bind(member.0).bind(kind).execute(&mut *conn).await?;
    Ok(())
}

pub async fn opt_outs_of(conn: &mut Conn, member: MemberId) -> CoreResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT kind FROM notification_optout WHERE member_id = $1 ORDER BY kind")
        .bind(member.0)
        .fetch_all(&mut *conn)
        .await?)
}

/// A person to push a message to: where (the most recently linked reachable Telegram or
/// Matrix account; none when they only used the console or blocked the bot) and what they
/// opted out of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub member_id: MemberId,
    pub email: String,
    pub target: Option<(String, String)>,
    pub opt_outs: Vec<String>,
    /// A member (or admin) of the AMAP, not only one of its farmers.
    pub is_member: bool,
}

/// Every active person with a role in the AMAP (members, admins, its farmers and referents).
pub async fn recipients_of_amap(conn: &mut Conn, amap: AmapId) -> CoreResult<Vec<Recipient>> {
    let rows = sqlx::query(
        "SELECT m.id, m.email, ca.transport, ca.chat_id,
                (SELECT COUNT(*) FROM role r WHERE r.member_id = m.id AND r.kind IN ('member', 'admin')
                   AND r.scope_id = $1) AS memberships
         FROM member m
         LEFT JOIN chat_account ca ON ca.member_id = m.id AND ca.unreachable = 0
              AND ca.transport IN ('telegram', 'matrix')
         WHERE m.status = 'active' AND m.id IN (
             SELECT member_id FROM role WHERE amap_id = $1
             UNION
             SELECT member_id FROM role WHERE kind = 'farmer'
               AND scope_id IN (SELECT farm_id FROM contract WHERE amap_id = $1))
         ORDER BY m.id, ca.linked_at DESC, ca.id DESC",
    )
    .bind(amap.0)
    .fetch_all(&mut *conn)
    .await?;
    let opt_outs = sqlx::query(
        "SELECT member_id, kind FROM notification_optout
         WHERE member_id IN (SELECT member_id FROM role WHERE amap_id = $1)",
    )
    .bind(amap.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<Recipient> = Vec::new();
    for r in rows {
        let id = MemberId(r.try_get("id")?);
        if out.last().is_some_and(|last| last.member_id == id) {
            continue;
        }
        out.push(recipient_from_row(&r, id)?);
    }
    for r in opt_outs {
        let id = MemberId(r.try_get("member_id")?);
        if let Some(rec) = out.iter_mut().find(|x| x.member_id == id) {
            rec.opt_outs.push(r.try_get("kind")?);
        }
    }
    Ok(out)
}

/// One recipient from a row of the recipients queries (id, email, transport, chat_id,
/// memberships); opt-outs are added by the caller.
pub(super) fn recipient_from_row(r: &sqlx::any::AnyRow, id: MemberId) -> Result<Recipient, sqlx::Error> {
    let transport: Option<String> = r.try_get("transport")?;
    let chat: Option<String> = r.try_get("chat_id")?;
    Ok(Recipient {
        member_id: id,
        email: r.try_get("email")?,
        target: transport.zip(chat),
        opt_outs: Vec::new(),
        is_member: r.try_get::<i64, _>("memberships")? > 0,
    })
}

/// The bot was blocked or the chat is gone: stop pushing there until the member relinks.
pub async fn set_chat_unreachable(conn: &mut Conn, transport: &str, chat_id: &str) -> CoreResult<()> {
    sqlx::query("UPDATE chat_account SET unreachable = 1 WHERE transport = $1 AND chat_id = $2")
        .bind(transport)
        .bind(chat_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// All AMAP ids, for the planner.
pub async fn all_amap_ids(conn: &mut Conn) -> CoreResult<Vec<AmapId>> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM amap ORDER BY id").fetch_all(&mut *conn).await?;
    Ok(ids.into_iter().map(AmapId).collect())
}

/// The AMAP's reminder schedules that differ from the defaults: (kind, cron).
pub async fn schedules_of(conn: &mut Conn, amap: AmapId) -> CoreResult<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT kind, cron FROM amap_schedule WHERE amap_id = $1")
        .bind(amap.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("kind")?, r.try_get("cron")?))).collect()
}

pub async fn set_schedule(conn: &mut Conn, amap: AmapId, kind: &str, cron: &str) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO amap_schedule (amap_id, kind, cron) VALUES ($1, $2, $3)
         ON CONFLICT (amap_id, kind) DO UPDATE SET cron = excluded.cron",
    )
    .bind(amap.0)
    .bind(kind)
    .bind(cron)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
