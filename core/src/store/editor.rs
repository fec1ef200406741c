//! Editor links (contract editor, AMAP settings, member list: hashed one-time tokens bound to
//! one member, one AMAP and, once opened, one browser session), and the few queries only the
//! editor needs (an AMAP's farms, removing a draft's product).

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use super::codec::{corrupt, instant_from_sql, instant_to_sql};
use crate::error::CoreResult;
use crate::model::Farm;
use crate::types::{AmapId, ContractId, FarmId, MemberId, Slug};

/// What an editor link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EditorPurpose {
    Contract,
    Settings,
    Members,
}

impl EditorPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            EditorPurpose::Contract => "contract",
            EditorPurpose::Settings => "settings",
            EditorPurpose::Members => "members",
        }
    }

    pub fn parse(raw: &str) -> Option<EditorPurpose> {
        match raw {
            "contract" => Some(EditorPurpose::Contract),
            "settings" => Some(EditorPurpose::Settings),
            "members" => Some(EditorPurpose::Members),
            _ => None,
        }
    }
}

/// A link as stored (the token itself is never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorLinkRow {
    pub token_hash: String,
    pub purpose: EditorPurpose,
    pub member_id: MemberId,
    pub amap_id: AmapId,
    pub contract_id: Option<ContractId>,
    pub transport: String,
    pub account: String,
    pub csrf: String,
    pub session_hash: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_link(conn: &mut Conn, l: &EditorLinkRow) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO editor_link (token_hash, purpose, member_id, amap_id, contract_id, transport, account,
                                  csrf, session_hash, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&l.token_hash)
    .bind(l.purpose.as_str())
    .bind(l.member_id.0)
    .bind(l.amap_id.0)
    .bind(l.contract_id.map(|c| c.0))
    .bind(&l.transport)
    .bind(&l.account)
    .bind(&l.csrf)
    .bind(l.session_hash.as_deref())
    .bind(instant_to_sql(l.expires_at))
    .bind(instant_to_sql(l.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn link_from_row(r: &AnyRow) -> Result<EditorLinkRow, sqlx::Error> {
    let purpose: String = r.try_get("purpose")?;
    Ok(EditorLinkRow {
        token_hash: r.try_get("token_hash")?,
        purpose: EditorPurpose::parse(&purpose).ok_or_else(|| corrupt("editor_link.purpose"))?,
        member_id: MemberId(r.try_get("member_id")?),
        amap_id: AmapId(r.try_get("amap_id")?),
        contract_id: r.try_get::<Option<i64>, _>("contract_id")?.map(ContractId),
        transport: r.try_get("transport")?,
        account: r.try_get("account")?,
        csrf: r.try_get("csrf")?,
        session_hash: r.try_get("session_hash")?,
        expires_at: instant_from_sql(r.try_get("expires_at")?),
        created_at: instant_from_sql(r.try_get("created_at")?),
    })
}

/// The link whose token hashes to `token_hash`.
pub async fn link_by_hash(conn: &mut Conn, token_hash: &str) -> CoreResult<Option<EditorLinkRow>> {
    let row = sqlx::query(
        "SELECT token_hash, purpose, member_id, amap_id, contract_id, transport, account, csrf, session_hash,
                expires_at, created_at
         FROM editor_link WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.as_ref().map(link_from_row).transpose()?)
}

/// Binds the link to a browser session if no session holds it yet; false when one does.
pub async fn bind_session(conn: &mut Conn, token_hash: &str, session_hash: &str) -> CoreResult<bool> {
    let done = sqlx::query(
        "UPDATE editor_link SET session_hash = $1 WHERE token_hash = $2 AND session_hash IS NULL",
    )
    .bind(session_hash)
    .bind(token_hash)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Binds a "new contract" link to the contract its first save created.
pub async fn set_link_contract(conn: &mut Conn, token_hash: &str, contract: ContractId) -> CoreResult<()> {
    sqlx::query("UPDATE editor_link SET contract_id = $1 WHERE token_hash = $2")
        .bind(contract.0)
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes links expired before `before`.
pub async fn delete_links_expired_before(conn: &mut Conn, before: DateTime<Utc>) -> CoreResult<u64> {
    let done = sqlx::query("DELETE FROM editor_link WHERE expires_at < $1")
        .bind(instant_to_sql(before))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// The farms an AMAP works with: those with a contract there or a farmer among its members.
pub async fn farms_of_amap(conn: &mut Conn, amap: AmapId) -> CoreResult<Vec<Farm>> {
    let rows = sqlx::query(
        "SELECT id, slug, name, address, latitude, longitude FROM farm
         WHERE id IN (SELECT farm_id FROM contract WHERE amap_id = $1)
            OR id IN (SELECT scope_id FROM role WHERE kind = 'farmer' AND amap_id = $1)
         ORDER BY name, id",
    )
    .bind(amap.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut farms = Vec::with_capacity(rows.len());
    for r in &rows {
        farms.push(Farm {
            id: FarmId(r.try_get("id")?),
            slug: Slug::parse(r.try_get("slug")?).map_err(|_| corrupt("farm.slug"))?,
            name: r.try_get("name")?,
            address: r.try_get("address")?,
            latitude: r.try_get("latitude")?,
            longitude: r.try_get("longitude")?,
        });
    }
    Ok(farms)
}

/// Removes a product of a contract (drafts only: callers check no subscription refers to it).
pub async fn delete_product(conn: &mut Conn, contract: ContractId, slug: &Slug) -> CoreResult<()> {
    sqlx::query("DELETE FROM product WHERE contract_id = $1 AND slug = $2")
        .bind(contract.0)
        .bind(slug.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Whether the farm slug is taken (a new farm gets the next free one).
pub async fn farm_slug_taken(conn: &mut Conn, slug: &str) -> CoreResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM farm WHERE slug = $1")
        .bind(slug)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// How many subscriptions a contract has (any state).
pub async fn subscription_count(conn: &mut Conn, contract: ContractId) -> CoreResult<i64> {
    let n: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM subscription WHERE contract_id = $1")
            .bind(contract.0)
            .fetch_one(&mut *conn)
            .await?;
    Ok(n)
}

/// The network's slug and name (for the season export).
pub async fn network_of(
    conn: &mut Conn,
    id: crate::types::NetworkId,
) -> CoreResult<Option<(String, String)>> {
    let row = sqlx::query("SELECT slug, name FROM network WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => Ok(Some((r.try_get("slug")?, r.try_get("name")?))),
        None => Ok(None),
    }
}

/// Removes every role `member` holds in `amap` (they leave its member list).
pub async fn remove_from_amap(conn: &mut Conn, member: MemberId, amap: AmapId) -> CoreResult<()> {
    sqlx::query("DELETE FROM role WHERE member_id = $1 AND amap_id = $2")
        .bind(member.0)
        .bind(amap.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Whether `member` has a signed subscription to a contract of `amap` that still runs.
pub async fn has_running_subscription(conn: &mut Conn, member: MemberId, amap: AmapId) -> CoreResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM subscription s JOIN contract c ON c.id = s.contract_id
         WHERE s.member_id = $1 AND c.amap_id = $2 AND s.state IN ('member_signed', 'countersigned')
           AND c.state IN ('open', 'closed', 'running')",
    )
    .bind(member.0)
    .bind(amap.0)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}
