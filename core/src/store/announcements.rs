//! Announcements of a network: written, moderated, listed while they are live.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use super::codec::{corrupt, instant_from_sql, instant_to_sql};
use crate::error::CoreResult;
use crate::network::{Announcement, AnnouncementDraft, AnnouncementId, AnnouncementKind, AnnouncementState};
use crate::types::{AmapId, FarmId, MemberId, NetworkId};

/// A new announcement, before it gets its id.
#[derive(Debug, Clone)]
pub struct NewAnnouncement<'a> {
    pub network: NetworkId,
    pub draft: &'a AnnouncementDraft,
    pub author: MemberId,
    pub amap: Option<AmapId>,
    pub farm: Option<FarmId>,
    pub state: AnnouncementState,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut Conn, a: &NewAnnouncement<'_>) -> CoreResult<AnnouncementId> {
    let moderated = (a.state == AnnouncementState::Approved).then(|| instant_to_sql(a.created_at));
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO announcement (network_id, kind, product, area, body, author_id, amap_id, farm_id, state,
                                   moderated_by, moderated_at, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(a.network.0)
    .bind(a.draft.kind.as_str())
    .bind(a.draft.product.trim())
    .bind(a.draft.area.trim())
    .bind(a.draft.body.trim())
    .bind(a.author.0)
    .bind(a.amap.map(|x| x.0))
    .bind(a.farm.map(|x| x.0))
    .bind(a.state.as_str())
    .bind(moderated.map(|_| a.author.0))
    .bind(moderated)
    .bind(instant_to_sql(a.created_at))
    .bind(instant_to_sql(a.expires_at))
    .fetch_one(&mut *conn)
    .await?;
    Ok(AnnouncementId(id))
}

const COLUMNS: &str = "n.id, n.network_id, w.name AS network_name, n.kind, n.product, n.area, n.body, \
     n.author_id, n.amap_id, n.farm_id, n.state, n.created_at, n.expires_at, \
     COALESCE(f.name, a.name, w.name) AS origin";

const FROM: &str = "announcement n JOIN network w ON w.id = n.network_id
     LEFT JOIN amap a ON a.id = n.amap_id LEFT JOIN farm f ON f.id = n.farm_id";

fn from_row(r: &AnyRow) -> Result<Announcement, sqlx::Error> {
    let kind: String = r.try_get("kind")?;
    let state: String = r.try_get("state")?;
    Ok(Announcement {
        id: AnnouncementId(r.try_get("id")?),
        network_id: NetworkId(r.try_get("network_id")?),
        network_name: r.try_get("network_name")?,
        kind: AnnouncementKind::parse(&kind).ok_or_else(|| corrupt("announcement.kind"))?,
        product: r.try_get("product")?,
        area: r.try_get("area")?,
        body: r.try_get("body")?,
        author: r.try_get::<Option<i64>, _>("author_id")?.map(MemberId),
        amap_id: r.try_get::<Option<i64>, _>("amap_id")?.map(AmapId),
        farm_id: r.try_get::<Option<i64>, _>("farm_id")?.map(FarmId),
        from: r.try_get("origin")?,
        state: AnnouncementState::parse(&state).ok_or_else(|| corrupt("announcement.state"))?,
        created_at: instant_from_sql(r.try_get("created_at")?),
        expires_at: instant_from_sql(r.try_get("expires_at")?),
    })
}

pub async fn by_id(conn: &mut Conn, id: AnnouncementId) -> CoreResult<Option<Announcement>> {
    let row = sqlx::query(sql!("SELECT {COLUMNS} FROM {FROM} WHERE n.id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(from_row).transpose()?)
}

/// Moves a pending announcement to `state`; false when it was no longer pending.
pub async fn decide(
    conn: &mut Conn,
    id: AnnouncementId,
    state: AnnouncementState,
    by: MemberId,
    now: DateTime<Utc>,
) -> CoreResult<bool> {
    let done = sqlx::query(
        "UPDATE announcement SET state = $1, moderated_by = $2, moderated_at = $3
         WHERE id = $4 AND state = 'pending'",
    )
    .bind(state.as_str())
    .bind(by.0)
    .bind(instant_to_sql(now))
    .bind(id.0)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Announcements of these networks in `state` that have not expired, oldest first.
pub async fn of_networks(
    conn: &mut Conn,
    networks: &[NetworkId],
    state: AnnouncementState,
    now: DateTime<Utc>,
) -> CoreResult<Vec<Announcement>> {
    let mut out = Vec::new();
    for network in networks {
        let rows = sqlx::query(sql!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE n.network_id = $1 AND n.state = $2 AND n.expires_at > $3
             ORDER BY n.created_at, n.id"
        ))
        .bind(network.0)
        .bind(state.as_str())
        .bind(instant_to_sql(now))
        .fetch_all(&mut *conn)
        .await?;
        for r in &rows {
            out.push(from_row(r)?);
        }
    }
    out.sort_by_key(|a| (a.created_at, a.id));
    Ok(out)
}

/// Every announcement the member wrote, expired or not, oldest first (their data export).
pub async fn written_by(conn: &mut Conn, author: MemberId) -> CoreResult<Vec<Announcement>> {
    let rows =
        sqlx::query(sql!("SELECT {COLUMNS} FROM {FROM} WHERE n.author_id = $1 ORDER BY n.created_at, n.id"))
            .bind(author.0)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}
