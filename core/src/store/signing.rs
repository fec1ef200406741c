//! Online signing: one-time links (hashed), the working grid of the signing page, signed
//! document versions and the append-only evidence log (UPDATE and DELETE are refused by
//! triggers on both backends).

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use super::codec::{corrupt, date_from_sql, date_to_sql, instant_from_sql, instant_to_sql};
use crate::error::CoreResult;
use crate::rules::money::GridCell;
use crate::signature::{EvidenceRecord, Purpose};
use crate::types::{ContractId, MemberId, ProductId, Quantity, SubscriptionId};

/// A link as stored (the token itself is never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    pub token_hash: String,
    pub purpose: Purpose,
    pub member_id: MemberId,
    pub contract_id: ContractId,
    pub transport: String,
    pub account: String,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_link(conn: &mut Conn, link: &LinkRow) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO signing_link (token_hash, purpose, member_id, contract_id, transport, account, csrf,
                                   expires_at, used_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)",
    )
    .bind(&link.token_hash)
    .bind(link.purpose.as_str())
    .bind(link.member_id.0)
    .bind(link.contract_id.0)
    .bind(&link.transport)
    .bind(&link.account)
    .bind(&link.csrf)
    .bind(instant_to_sql(link.expires_at))
    .bind(instant_to_sql(link.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn link_from_row(r: &AnyRow) -> Result<LinkRow, sqlx::Error> {
    let purpose: String = r.try_get("purpose")?;
    Ok(LinkRow {
        token_hash: r.try_get("token_hash")?,
        purpose: Purpose::parse(&purpose).ok_or_else(|| corrupt("signing_link.purpose"))?,
        member_id: MemberId(r.try_get("member_id")?),
        contract_id: ContractId(r.try_get("contract_id")?),
        transport: r.try_get("transport")?,
        account: r.try_get("account")?,
        csrf: r.try_get("csrf")?,
        expires_at: instant_from_sql(r.try_get("expires_at")?),
        used_at: r.try_get::<Option<i64>, _>("used_at")?.map(instant_from_sql),
        created_at: instant_from_sql(r.try_get("created_at")?),
    })
}

/// The link whose token hashes to `token_hash` (an equality on the digest).
pub async fn link_by_hash(conn: &mut Conn, token_hash: &str) -> CoreResult<Option<LinkRow>> {
    let row = sqlx::query(
        "SELECT token_hash, purpose, member_id, contract_id, transport, account, csrf, expires_at, used_at,
                created_at
         FROM signing_link WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.as_ref().map(link_from_row).transpose()?)
}

/// Spends the link if it is still unused and valid, atomically; false otherwise.
pub async fn use_link(conn: &mut Conn, token_hash: &str, now: DateTime<Utc>) -> CoreResult<bool> {
    let done = sqlx::query(
        "UPDATE signing_link SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(instant_to_sql(now))
    .bind(token_hash)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes links expired for more than `before` (housekeeping; evidence keeps what matters).
pub async fn delete_links_expired_before(conn: &mut Conn, before: DateTime<Utc>) -> CoreResult<u64> {
    let done = sqlx::query("DELETE FROM signing_link WHERE expires_at < $1")
        .bind(instant_to_sql(before))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// The working grid and cheque count chosen on the page, not signed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub grid: Vec<GridCell>,
    pub cheque_count: u32,
}

pub async fn draft_of(conn: &mut Conn, contract: ContractId, member: MemberId) -> CoreResult<Option<Draft>> {
    let row =
        sqlx::query("SELECT grid, cheque_count FROM signing_draft WHERE contract_id = $1 AND member_id = $2")
            .bind(contract.0)
            .bind(member.0)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(row) = row else { return Ok(None) };
    let raw: String = row.try_get("grid")?;
    let cells: Vec<(i64, String, i64)> =
        serde_json::from_str(&raw).map_err(|_| corrupt("signing_draft.grid"))?;
    let mut grid = Vec::with_capacity(cells.len());
    for (product, date, quantity) in cells {
        grid.push(GridCell {
            product: ProductId(product),
            date: date_from_sql(&date)?,
            quantity: Quantity::new(quantity).map_err(|_| corrupt("signing_draft.grid"))?,
        });
    }
    let cheque_count = u32::try_from(row.try_get::<i64, _>("cheque_count")?)
        .map_err(|_| corrupt("signing_draft.cheque_count"))?;
    Ok(Some(Draft { grid, cheque_count }))
}

pub async fn save_draft(
    conn: &mut Conn,
    contract: ContractId,
    member: MemberId,
    draft: &Draft,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let cells: Vec<(i64, String, i64)> = draft
        .grid
        .iter()
        .filter(|c| !c.quantity.is_zero())
        .map(|c| (c.product.0, date_to_sql(c.date), i64::from(c.quantity)))
        .collect();
    let grid = serde_json::to_string(&cells).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO signing_draft (contract_id, member_id, grid, cheque_count, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (contract_id, member_id) DO UPDATE SET grid = excluded.grid,
             cheque_count = excluded.cheque_count, updated_at = excluded.updated_at",
    )
    .bind(contract.0)
    .bind(member.0)
    .bind(grid)
    .bind(i64::from(draft.cheque_count))
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn delete_draft(conn: &mut Conn, contract: ContractId, member: MemberId) -> CoreResult<()> {
    sqlx::query("DELETE FROM signing_draft WHERE contract_id = $1 AND member_id = $2")
        .bind(contract.0)
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One signed version of a subscription: the canonical JSON and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub subscription_id: SubscriptionId,
    pub version: u32,
    pub contract_id: ContractId,
    pub member_id: MemberId,
    pub document: String,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

const DOCUMENT_COLUMNS: &str =
    "subscription_id, version, contract_id, member_id, document, sha256, created_at";

fn document_from_row(r: &AnyRow) -> Result<DocumentRow, sqlx::Error> {
    Ok(DocumentRow {
        subscription_id: SubscriptionId(r.try_get("subscription_id")?),
        version: u32::try_from(r.try_get::<i64, _>("version")?).map_err(|_| corrupt("document.version"))?,
        contract_id: ContractId(r.try_get("contract_id")?),
        member_id: MemberId(r.try_get("member_id")?),
        document: r.try_get("document")?,
        sha256: r.try_get("sha256")?,
        created_at: instant_from_sql(r.try_get("created_at")?),
    })
}

pub async fn insert_document(conn: &mut Conn, d: &DocumentRow) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO subscription_document (subscription_id, version, contract_id, member_id, document, sha256,
                                            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(d.subscription_id.0)
    .bind(i64::from(d.version))
    .bind(d.contract_id.0)
    .bind(d.member_id.0)
    .bind(&d.document)
    .bind(&d.sha256)
    .bind(instant_to_sql(d.created_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The latest signed version of a subscription.
pub async fn latest_document(conn: &mut Conn, sub: SubscriptionId) -> CoreResult<Option<DocumentRow>> {
    let row = sqlx::query(sql!(
        "SELECT {DOCUMENT_COLUMNS} FROM subscription_document WHERE subscription_id = $1
         ORDER BY version DESC LIMIT 1"
    ))
    .bind(sub.0)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.as_ref().map(document_from_row).transpose()?)
}

pub async fn documents_of(conn: &mut Conn, sub: SubscriptionId) -> CoreResult<Vec<DocumentRow>> {
    let rows = sqlx::query(sql!(
        "SELECT {DOCUMENT_COLUMNS} FROM subscription_document WHERE subscription_id = $1 ORDER BY version"
    ))
    .bind(sub.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(document_from_row).collect::<Result<_, _>>()?)
}

const EVIDENCE_COLUMNS: &str = "seq, kind, subscription_id, contract_id, document_version, document_sha256, \
     member_id, member_name, transport, account, signed_at, consent_text, ip, user_agent, prev_hash, hash";

fn evidence_from_row(r: &AnyRow) -> Result<EvidenceRecord, sqlx::Error> {
    Ok(EvidenceRecord {
        seq: r.try_get("seq")?,
        kind: r.try_get("kind")?,
        subscription_id: r.try_get("subscription_id")?,
        contract_id: r.try_get("contract_id")?,
        document_version: r.try_get("document_version")?,
        document_sha256: r.try_get("document_sha256")?,
        member_id: r.try_get("member_id")?,
        member_name: r.try_get("member_name")?,
        transport: r.try_get("transport")?,
        account: r.try_get("account")?,
        signed_at: r.try_get("signed_at")?,
        consent_text: r.try_get("consent_text")?,
        ip: r.try_get("ip")?,
        user_agent: r.try_get("user_agent")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// Appends a record at the end of the chain: takes the table's write lock (PostgreSQL; SQLite
/// write transactions already hold the database's), reads the last record, seals and inserts.
/// Must run inside the caller's write transaction.
pub async fn append_evidence(conn: &mut Conn, record: EvidenceRecord) -> CoreResult<EvidenceRecord> {
    if conn.backend_name().eq_ignore_ascii_case("postgresql") {
        sqlx::query("LOCK TABLE signature_evidence IN SHARE ROW EXCLUSIVE MODE").execute(&mut *conn).await?;
    }
    let last = sqlx::query("SELECT seq, hash FROM signature_evidence ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut *conn)
        .await?;
    let previous = match &last {
        Some(r) => Some((r.try_get::<i64, _>("seq")?, r.try_get::<String, _>("hash")?)),
        None => None,
    };
    let sealed = record.seal(previous.as_ref().map(|(s, h)| (*s, h.as_str())));
    sqlx::query(sql!(
        "INSERT INTO signature_evidence ({EVIDENCE_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    ))
    .bind(sealed.seq)
    .bind(&sealed.kind)
    .bind(sealed.subscription_id)
    .bind(sealed.contract_id)
    .bind(sealed.document_version)
    .bind(&sealed.document_sha256)
    .bind(sealed.member_id)
    .bind(&sealed.member_name)
    .bind(&sealed.transport)
    .bind(&sealed.account)
    .bind(sealed.signed_at)
    .bind(&sealed.consent_text)
    .bind(&sealed.ip)
    .bind(&sealed.user_agent)
    .bind(&sealed.prev_hash)
    .bind(&sealed.hash)
    .execute(&mut *conn)
    .await?;
    Ok(sealed)
}

/// The whole log, in chain order.
pub async fn all_evidence(conn: &mut Conn) -> CoreResult<Vec<EvidenceRecord>> {
    let rows = sqlx::query(sql!("SELECT {EVIDENCE_COLUMNS} FROM signature_evidence ORDER BY seq"))
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.iter().map(evidence_from_row).collect::<Result<_, _>>()?)
}

/// The records about one version of a subscription, in chain order.
pub async fn evidence_of(
    conn: &mut Conn,
    sub: SubscriptionId,
    version: u32,
) -> CoreResult<Vec<EvidenceRecord>> {
    let rows = sqlx::query(sql!(
        "SELECT {EVIDENCE_COLUMNS} FROM signature_evidence WHERE subscription_id = $1 AND document_version = $2
         ORDER BY seq"
    ))
    .bind(sub.0)
    .bind(i64::from(version))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(evidence_from_row).collect::<Result<_, _>>()?)
}
