//! Networks: attaching AMAPs and farms, the public directory, directory edits, the
//! per-season figures (counts only), which networks a member belongs to, who hears of an
//! announcement.

use chrono::Weekday;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use super::codec::corrupt;
use crate::error::CoreResult;
use crate::model::{Network, TimeWindow, parse_time};
use crate::network::{AmapFigures, DirectoryAmap, DirectoryEdit, DirectoryFarm};
use crate::types::{AmapId, Email, FarmId, MemberId, NetworkId, Slug};

pub async fn network_by_id(conn: &mut Conn, id: NetworkId) -> CoreResult<Option<Network>> {
    let row = sqlx::query("SELECT id, slug, name FROM network WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok(Network {
            id: NetworkId(r.try_get("id")?),
            slug: Slug::parse(r.try_get("slug")?).map_err(|_| corrupt("network.slug"))?,
            name: r.try_get("name")?,
        })
    })
    .transpose()
}

/// Puts an AMAP in a network (an AMAP belongs to one network at most).
pub async fn attach_amap(conn: &mut Conn, network: NetworkId, amap: AmapId) -> CoreResult<()> {
    sqlx::query("UPDATE amap SET network_id = $1 WHERE id = $2")
        .bind(network.0)
        .bind(amap.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Makes a farm known to a network; twice changes nothing.
pub async fn attach_farm(conn: &mut Conn, network: NetworkId, farm: FarmId) -> CoreResult<()> {
    sqlx::query("INSERT INTO network_farm (network_id, farm_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(network.0)
        .bind(farm.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

const DIR_AMAP_COLUMNS: &str = "id, slug, name, place_name, address, latitude, longitude, weekday, start_time, end_time, contact_email, products";

fn dir_amap_from_row(r: &AnyRow) -> Result<DirectoryAmap, sqlx::Error> {
    let weekday: i64 = r.try_get("weekday")?;
    let start: String = r.try_get("start_time")?;
    let end: String = r.try_get("end_time")?;
    let contact: Option<String> = r.try_get("contact_email")?;
    Ok(DirectoryAmap {
        id: AmapId(r.try_get("id")?),
        slug: Slug::parse(r.try_get("slug")?).map_err(|_| corrupt("amap.slug"))?,
        name: r.try_get("name")?,
        place_name: r.try_get("place_name")?,
        address: r.try_get("address")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        weekday: u8::try_from(weekday)
            .ok()
            .and_then(|d| Weekday::try_from(d).ok())
            .ok_or_else(|| corrupt("amap.weekday"))?,
        window: TimeWindow::new(
            parse_time(&start).map_err(|_| corrupt("amap.start_time"))?,
            parse_time(&end).map_err(|_| corrupt("amap.end_time"))?,
        )
        .map_err(|_| corrupt("amap.end_time"))?,
        contact_email: contact.and_then(|c| Email::parse(&c).ok()),
        products: r.try_get("products")?,
    })
}

fn dir_farm_from_row(r: &AnyRow) -> Result<DirectoryFarm, sqlx::Error> {
    let contact: Option<String> = r.try_get("contact_email")?;
    Ok(DirectoryFarm {
        id: FarmId(r.try_get("id")?),
        slug: Slug::parse(r.try_get("slug")?).map_err(|_| corrupt("farm.slug"))?,
        name: r.try_get("name")?,
        address: r.try_get("address")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
        contact_email: contact.and_then(|c| Email::parse(&c).ok()),
        products: r.try_get("products")?,
    })
}

/// The network's AMAPs by name.
pub async fn directory_amaps(conn: &mut Conn, network: NetworkId) -> CoreResult<Vec<DirectoryAmap>> {
    let rows =
        sqlx::query(sql!("SELECT {DIR_AMAP_COLUMNS} FROM amap WHERE network_id = $1 ORDER BY name, id"))
            .bind(network.0)
            .fetch_all(&mut *conn)
            .await?;
    let mut amaps: Vec<DirectoryAmap> = rows.iter().map(dir_amap_from_row).collect::<Result<_, _>>()?;
    amaps.sort_by_cached_key(|a| (crate::text::fold(&a.name), a.id));
    Ok(amaps)
}

pub async fn directory_amap(conn: &mut Conn, amap: AmapId) -> CoreResult<Option<DirectoryAmap>> {
    let row = sqlx::query(sql!("SELECT {DIR_AMAP_COLUMNS} FROM amap WHERE id = $1"))
        .bind(amap.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(dir_amap_from_row).transpose()?)
}

const DIR_FARM_COLUMNS: &str = "id, slug, name, address, latitude, longitude, contact_email, products";

/// The farms a network knows: attached to it, or delivering to one of its AMAPs.
pub async fn directory_farms(conn: &mut Conn, network: NetworkId) -> CoreResult<Vec<DirectoryFarm>> {
    let rows = sqlx::query(sql!(
        "SELECT {DIR_FARM_COLUMNS} FROM farm WHERE id IN (
             SELECT farm_id FROM network_farm WHERE network_id = $1
             UNION
             SELECT c.farm_id FROM contract c JOIN amap a ON a.id = c.amap_id WHERE a.network_id = $1)
         ORDER BY name, id"
    ))
    .bind(network.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut farms: Vec<DirectoryFarm> = rows.iter().map(dir_farm_from_row).collect::<Result<_, _>>()?;
    farms.sort_by_cached_key(|f| (crate::text::fold(&f.name), f.id));
    Ok(farms)
}

pub async fn directory_farm(conn: &mut Conn, farm: FarmId) -> CoreResult<Option<DirectoryFarm>> {
    let row = sqlx::query(sql!("SELECT {DIR_FARM_COLUMNS} FROM farm WHERE id = $1"))
        .bind(farm.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(dir_farm_from_row).transpose()?)
}

/// The networks that know a farm (attached, or through an AMAP it delivers to).
pub async fn networks_of_farm(conn: &mut Conn, farm: FarmId) -> CoreResult<Vec<NetworkId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT network_id FROM network_farm WHERE farm_id = $1
         UNION
         SELECT a.network_id FROM contract c JOIN amap a ON a.id = c.amap_id
         WHERE c.farm_id = $1 AND a.network_id IS NOT NULL
         ORDER BY 1",
    )
    .bind(farm.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(NetworkId).collect())
}

/// Applies the fields that are set. The caller has checked the edit and the right.
pub async fn edit_amap(conn: &mut Conn, amap: AmapId, e: &DirectoryEdit) -> CoreResult<()> {
    let Some(cur) = directory_amap(conn, amap).await? else { return Ok(()) };
    let (lat, lon, located) = location(e, cur.latitude, cur.longitude);
    sqlx::query(
        "UPDATE amap SET name = $1, place_name = $2, address = $3, contact_email = $4,
             latitude = CASE WHEN $9 = 1 THEN $5 END, longitude = CASE WHEN $9 = 1 THEN $6 END, products = $7
         WHERE id = $8",
    )
    .bind(e.name.as_deref().map(str::trim).unwrap_or(&cur.name))
    .bind(e.place_name.as_deref().map(str::trim).unwrap_or(&cur.place_name))
    .bind(e.address.as_deref().map(str::trim).unwrap_or(&cur.address))
    .bind(contact(e, cur.contact_email.as_ref()))
    .bind(lat)
    .bind(lon)
    .bind(e.products.as_deref().map(str::trim).unwrap_or(&cur.products))
    .bind(amap.0)
    .bind(located)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Applies the fields that are set (a farm has no distribution place: `place_name` is ignored).
pub async fn edit_farm(conn: &mut Conn, farm: FarmId, e: &DirectoryEdit) -> CoreResult<()> {
    let Some(cur) = directory_farm(conn, farm).await? else { return Ok(()) };
    let (lat, lon, located) = location(e, cur.latitude, cur.longitude);
    sqlx::query(
        "UPDATE farm SET name = $1, address = $2, contact_email = $3, latitude = CASE WHEN $8 = 1 THEN $4 END,
             longitude = CASE WHEN $8 = 1 THEN $5 END, products = $6
         WHERE id = $7",
    )
    .bind(e.name.as_deref().map(str::trim).unwrap_or(&cur.name))
    .bind(e.address.as_deref().map(str::trim).unwrap_or(&cur.address))
    .bind(contact(e, cur.contact_email.as_ref()))
    .bind(lat)
    .bind(lon)
    .bind(e.products.as_deref().map(str::trim).unwrap_or(&cur.products))
    .bind(farm.0)
    .bind(located)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Latitude, longitude and whether there is a location. Coordinates are always bound as
/// numbers (0 when absent, ignored through the flag): a NULL bound first would fix the
/// parameter's type in PostgreSQL's cached statement and break the next real number.
fn location(e: &DirectoryEdit, lat: Option<f64>, lon: Option<f64>) -> (f64, f64, i64) {
    let (lat, lon) = match e.location {
        Some(Some((la, lo))) => (Some(la), Some(lo)),
        Some(None) => (None, None),
        None => (lat, lon),
    };
    match (lat, lon) {
        (Some(la), Some(lo)) => (la, lo, 1),
        _ => (0.0, 0.0, 0),
    }
}

fn contact(e: &DirectoryEdit, cur: Option<&Email>) -> Option<String> {
    match &e.contact_email {
        Some(c) => c.as_ref().map(|m| m.as_str().to_owned()),
        None => cur.map(|m| m.as_str().to_owned()),
    }
}

/// Per AMAP of the network, for each season of its contracts: counts only.
pub async fn figures(conn: &mut Conn, network: NetworkId) -> CoreResult<Vec<AmapFigures>> {
    let rows = sqlx::query(
        "SELECT a.id, a.name, c.season,
             CAST((SELECT COUNT(DISTINCT r.member_id) FROM role r JOIN member m ON m.id = r.member_id
                   WHERE r.scope_id = a.id AND r.kind IN ('member', 'admin') AND m.status = 'active')
                  AS BIGINT) AS members,
             CAST(COUNT(DISTINCT c.id) AS BIGINT) AS contracts,
             CAST((SELECT COUNT(*) FROM subscription s JOIN contract k ON k.id = s.contract_id
                   WHERE k.amap_id = a.id AND k.season = c.season AND s.state <> 'cancelled') AS BIGINT)
                  AS subscriptions,
             CAST((SELECT COUNT(*) FROM delivery d JOIN contract k ON k.id = d.contract_id
                   WHERE k.amap_id = a.id AND k.season = c.season AND d.state <> 'cancelled') AS BIGINT)
                  AS deliveries
         FROM amap a JOIN contract c ON c.amap_id = a.id
         WHERE a.network_id = $1
         GROUP BY a.id, a.name, c.season
         ORDER BY c.season DESC, a.name, a.id",
    )
    .bind(network.0)
    .fetch_all(&mut *conn)
    .await?;
    let count = |r: &AnyRow, col: &str| -> Result<u64, sqlx::Error> {
        Ok(u64::try_from(r.try_get::<i64, _>(col)?).unwrap_or(0))
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(AmapFigures {
            amap: AmapId(r.try_get("id")?),
            name: r.try_get("name")?,
            season: r.try_get("season")?,
            members: count(r, "members")?,
            contracts: count(r, "contracts")?,
            subscriptions: count(r, "subscriptions")?,
            deliveries: count(r, "deliveries")?,
        });
    }
    Ok(out)
}

/// The networks a member takes part in: as network admin, through an AMAP, or as a farmer.
pub async fn networks_of_member(conn: &mut Conn, member: MemberId) -> CoreResult<Vec<NetworkId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT scope_id FROM role WHERE member_id = $1 AND kind = 'network_admin'
         UNION
         SELECT a.network_id FROM amap a JOIN role r ON r.scope_id = a.id AND r.kind IN ('member', 'admin')
         WHERE r.member_id = $1 AND a.network_id IS NOT NULL
         UNION
         SELECT nf.network_id FROM network_farm nf JOIN role r ON r.kind = 'farmer' AND r.scope_id = nf.farm_id
         WHERE r.member_id = $1
         UNION
         SELECT a.network_id FROM contract c JOIN amap a ON a.id = c.amap_id
              JOIN role r ON r.kind = 'farmer' AND r.scope_id = c.farm_id
         WHERE r.member_id = $1 AND a.network_id IS NOT NULL
         ORDER BY 1",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(NetworkId).collect())
}

/// Members holding the farmer role for a farm that delivers to this AMAP.
pub async fn farmers_of_amap(conn: &mut Conn, amap: AmapId) -> CoreResult<Vec<MemberId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT member_id FROM role
         WHERE kind = 'farmer' AND scope_id IN (SELECT farm_id FROM contract WHERE amap_id = $1)
         ORDER BY 1",
    )
    .bind(amap.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(MemberId).collect())
}

/// Active members (members and admins) of an AMAP.
pub async fn people_of_amap(conn: &mut Conn, amap: AmapId) -> CoreResult<Vec<MemberId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT member_id FROM role WHERE scope_id = $1 AND kind IN ('member', 'admin') ORDER BY 1",
    )
    .bind(amap.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(MemberId).collect())
}

/// Admins of an AMAP.
pub async fn admins_of_amap(conn: &mut Conn, amap: AmapId) -> CoreResult<Vec<MemberId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT member_id FROM role WHERE scope_id = $1 AND kind = 'admin' ORDER BY 1",
    )
    .bind(amap.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(MemberId).collect())
}
