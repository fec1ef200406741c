//! Networks, AMAPs, members, farms and roles.

use chrono::{DateTime, Utc, Weekday};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use super::codec::{corrupt, instant_to_sql};
use crate::error::CoreResult;
use crate::model::{Amap, Farm, Member, MemberStatus, Network, Role, TimeWindow, parse_time, parse_timezone};
use crate::types::{AmapId, Email, FarmId, MemberId, NetworkId, Slug};

/// The settings of an AMAP as imported or edited.
#[derive(Debug, Clone)]
pub struct AmapFields {
    pub slug: Slug,
    pub name: String,
    pub network_id: Option<NetworkId>,
    pub timezone: chrono_tz::Tz,
    pub place_name: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub weekday: Weekday,
    pub window: TimeWindow,
    pub duty_slots: u32,
    pub default_language: String,
    pub contact_email: Option<Email>,
}

#[derive(Debug, Clone)]
pub struct MemberFields {
    pub email: Email,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FarmFields {
    pub slug: Slug,
    pub name: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

pub async fn upsert_network(
    conn: &mut Conn,
    slug: &Slug,
    name: &str,
    now: DateTime<Utc>,
) -> CoreResult<NetworkId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO network (slug, name, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id",
    )
    .bind(slug.as_str())
    .bind(name)
    .bind(instant_to_sql(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(NetworkId(id))
}

pub async fn network_by_slug(conn: &mut Conn, slug: &str) -> CoreResult<Option<Network>> {
    let row = sqlx::query("SELECT id, slug, name FROM network WHERE slug = $1")
        .bind(slug)
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

/// Numbers that may be missing are always bound as numbers, with a flag saying whether they
/// are there (`CASE WHEN`): through sqlx's `Any` driver, PostgreSQL refused the second run of
/// this statement on a connection when the first had no coordinates ("incorrect binary data
/// format in bind parameter 7", the latitude; test `store_basics::upserts_take_…`).
pub async fn upsert_amap(conn: &mut Conn, a: &AmapFields, now: DateTime<Utc>) -> CoreResult<AmapId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO amap (slug, name, network_id, timezone, place_name, address, latitude, longitude,
                           weekday, start_time, end_time, duty_slots, default_language, contact_email, created_at)
         VALUES ($1, $2, CASE WHEN $16 = 1 THEN $3 END, $4, $5, $6, CASE WHEN $17 = 1 THEN $7 END,
                 CASE WHEN $18 = 1 THEN $8 END, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name, network_id = excluded.network_id,
             timezone = excluded.timezone, place_name = excluded.place_name, address = excluded.address,
             latitude = excluded.latitude, longitude = excluded.longitude, weekday = excluded.weekday,
             start_time = excluded.start_time, end_time = excluded.end_time, duty_slots = excluded.duty_slots,
             default_language = excluded.default_language, contact_email = excluded.contact_email
         RETURNING id",
    )
    .bind(a.slug.as_str())
    .bind(&a.name)
    .bind(a.network_id.map_or(0, |n| n.0))
    .bind(a.timezone.name())
    .bind(&a.place_name)
    .bind(&a.address)
    .bind(a.latitude.unwrap_or_default())
    .bind(a.longitude.unwrap_or_default())
    .bind(i64::from(a.weekday.num_days_from_monday()))
    .bind(a.window.start.format("%H:%M").to_string())
    .bind(a.window.end.format("%H:%M").to_string())
    .bind(i64::from(a.duty_slots))
    .bind(&a.default_language)
    .bind(a.contact_email.as_ref().map(|e| e.as_str().to_owned()))
    .bind(instant_to_sql(now))
    .bind(i64::from(a.network_id.is_some()))
    .bind(i64::from(a.latitude.is_some()))
    .bind(i64::from(a.longitude.is_some()))
    .fetch_one(&mut *conn)
    .await?;
    Ok(AmapId(id))
}

pub(crate) const AMAP_COLUMNS: &str = "id, slug, name, network_id, timezone, place_name, address, latitude, longitude, \
     weekday, start_time, end_time, duty_slots, default_language, contact_email";

pub(crate) fn amap_from_row(r: &AnyRow) -> Result<Amap, sqlx::Error> {
    let weekday: i64 = r.try_get("weekday")?;
    let start: String = r.try_get("start_time")?;
    let end: String = r.try_get("end_time")?;
    let contact: Option<String> = r.try_get("contact_email")?;
    Ok(Amap {
        id: AmapId(r.try_get("id")?),
        slug: Slug::parse(r.try_get("slug")?).map_err(|_| corrupt("amap.slug"))?,
        name: r.try_get("name")?,
        network_id: r.try_get::<Option<i64>, _>("network_id")?.map(NetworkId),
        timezone: parse_timezone(r.try_get("timezone")?).map_err(|_| corrupt("amap.timezone"))?,
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
        duty_slots: u32::try_from(r.try_get::<i64, _>("duty_slots")?).unwrap_or(0),
        default_language: r.try_get("default_language")?,
        contact_email: contact.and_then(|c| Email::parse(&c).ok()),
    })
}

pub async fn amap_by_slug(conn: &mut Conn, slug: &str) -> CoreResult<Option<Amap>> {
    let row = sqlx::query(sql!("SELECT {AMAP_COLUMNS} FROM amap WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(amap_from_row).transpose()?)
}

pub async fn amap_by_id(conn: &mut Conn, id: AmapId) -> CoreResult<Option<Amap>> {
    let row = sqlx::query(sql!("SELECT {AMAP_COLUMNS} FROM amap WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(amap_from_row).transpose()?)
}

/// The AMAPs a member belongs to, by name.
pub async fn amaps_of_member(conn: &mut Conn, member: MemberId) -> CoreResult<Vec<Amap>> {
    let rows = sqlx::query(sql!(
        "SELECT {AMAP_COLUMNS} FROM amap WHERE id IN
           (SELECT scope_id FROM role WHERE member_id = $1 AND kind IN ('member', 'admin'))
         ORDER BY name"
    ))
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(amap_from_row).collect::<Result<_, _>>()?)
}

/// Inserts a member or updates their contact details; the e-mail is the key.
pub async fn upsert_member(conn: &mut Conn, m: &MemberFields, now: DateTime<Utc>) -> CoreResult<MemberId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO member (email, first_name, last_name, phone, created_at, last_active_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (email) DO UPDATE SET first_name = excluded.first_name,
             last_name = excluded.last_name, phone = COALESCE(excluded.phone, member.phone)
         RETURNING id",
    )
    .bind(m.email.as_str())
    .bind(&m.first_name)
    .bind(&m.last_name)
    .bind(m.phone.as_deref())
    .bind(instant_to_sql(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(MemberId(id))
}

const MEMBER_COLUMNS: &str = "id, email, first_name, last_name, phone, language, status";

pub(crate) fn member_from_row(r: &AnyRow) -> Result<Member, sqlx::Error> {
    let status: String = r.try_get("status")?;
    Ok(Member {
        id: MemberId(r.try_get("id")?),
        email: Email::parse(r.try_get("email")?).map_err(|_| corrupt("member.email"))?,
        first_name: r.try_get("first_name")?,
        last_name: r.try_get("last_name")?,
        phone: r.try_get("phone")?,
        language: r.try_get("language")?,
        status: if status == "active" { MemberStatus::Active } else { MemberStatus::Inactive },
    })
}

pub async fn member_by_email(conn: &mut Conn, email: &Email) -> CoreResult<Option<Member>> {
    let row = sqlx::query(sql!("SELECT {MEMBER_COLUMNS} FROM member WHERE email = $1"))
        .bind(email.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(member_from_row).transpose()?)
}

pub async fn member_by_id(conn: &mut Conn, id: MemberId) -> CoreResult<Option<Member>> {
    let row = sqlx::query(sql!("SELECT {MEMBER_COLUMNS} FROM member WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(member_from_row).transpose()?)
}

/// Members of an AMAP (any role there), sorted by name.
pub async fn members_of_amap(conn: &mut Conn, amap: AmapId) -> CoreResult<Vec<Member>> {
    let rows = sqlx::query(sql!(
        "SELECT {MEMBER_COLUMNS} FROM member WHERE id IN
           (SELECT member_id FROM role WHERE amap_id = $1)
         ORDER BY first_name, last_name, id"
    ))
    .bind(amap.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut members: Vec<Member> = rows.iter().map(member_from_row).collect::<Result<_, _>>()?;
    // Alphabetical as people read it: "Élise" with the E's, not after "Zoé".
    members.sort_by_cached_key(|m| (crate::text::fold(&m.first_name), crate::text::fold(&m.last_name), m.id));
    Ok(members)
}

pub async fn set_member_language(
    conn: &mut Conn,
    member: MemberId,
    language: Option<&str>,
) -> CoreResult<()> {
    sqlx::query("UPDATE member SET language = $1 WHERE id = $2")
        .bind(language)
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records activity (for the retention period); writes at most once an hour per member.
pub async fn touch_member(conn: &mut Conn, member: MemberId, now: DateTime<Utc>) -> CoreResult<()> {
    sqlx::query("UPDATE member SET last_active_at = $1 WHERE id = $2 AND last_active_at < $1 - 3600")
        .bind(instant_to_sql(now))
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Missing coordinates are bound as flagged numbers, as in `upsert_amap`.
pub async fn upsert_farm(conn: &mut Conn, f: &FarmFields, now: DateTime<Utc>) -> CoreResult<FarmId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO farm (slug, name, address, latitude, longitude, created_at)
         VALUES ($1, $2, $3, CASE WHEN $7 = 1 THEN $4 END, CASE WHEN $8 = 1 THEN $5 END, $6)
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name, address = excluded.address,
             latitude = excluded.latitude, longitude = excluded.longitude
         RETURNING id",
    )
    .bind(f.slug.as_str())
    .bind(&f.name)
    .bind(&f.address)
    .bind(f.latitude.unwrap_or_default())
    .bind(f.longitude.unwrap_or_default())
    .bind(instant_to_sql(now))
    .bind(i64::from(f.latitude.is_some()))
    .bind(i64::from(f.longitude.is_some()))
    .fetch_one(&mut *conn)
    .await?;
    Ok(FarmId(id))
}

fn farm_from_row(r: &AnyRow) -> Result<Farm, sqlx::Error> {
    Ok(Farm {
        id: FarmId(r.try_get("id")?),
        slug: Slug::parse(r.try_get("slug")?).map_err(|_| corrupt("farm.slug"))?,
        name: r.try_get("name")?,
        address: r.try_get("address")?,
        latitude: r.try_get("latitude")?,
        longitude: r.try_get("longitude")?,
    })
}

pub async fn farm_by_slug(conn: &mut Conn, slug: &str) -> CoreResult<Option<Farm>> {
    let row = sqlx::query("SELECT id, slug, name, address, latitude, longitude FROM farm WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(farm_from_row).transpose()?)
}

pub async fn farm_by_id(conn: &mut Conn, id: FarmId) -> CoreResult<Option<Farm>> {
    let row = sqlx::query("SELECT id, slug, name, address, latitude, longitude FROM farm WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(farm_from_row).transpose()?)
}

/// Grants a role; granting it twice changes nothing. `amap` is the AMAP the role belongs to.
pub async fn grant_role(
    conn: &mut Conn,
    member: MemberId,
    role: Role,
    amap: Option<AmapId>,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO role (member_id, kind, scope_id, amap_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (member_id, kind, scope_id) DO NOTHING",
    )
    .bind(member.0)
    .bind(role.kind())
    .bind(role.scope())
    .bind(amap.map(|a| a.0))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn revoke_role(conn: &mut Conn, member: MemberId, role: Role) -> CoreResult<()> {
    sqlx::query("DELETE FROM role WHERE member_id = $1 AND kind = $2 AND scope_id = $3")
        .bind(member.0)
        .bind(role.kind())
        .bind(role.scope())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn roles_of(conn: &mut Conn, member: MemberId) -> CoreResult<Vec<Role>> {
    let rows = sqlx::query("SELECT kind, scope_id FROM role WHERE member_id = $1 ORDER BY id")
        .bind(member.0)
        .fetch_all(&mut *conn)
        .await?;
    let mut roles = Vec::with_capacity(rows.len());
    for r in rows {
        let kind: String = r.try_get("kind")?;
        let scope: i64 = r.try_get("scope_id")?;
        roles.push(Role::from_parts(&kind, scope).ok_or_else(|| corrupt("role.kind"))?);
    }
    Ok(roles)
}

/// Members holding exactly this role (the referents of a contract, the farmers of a farm…).
pub async fn holders_of(conn: &mut Conn, role: Role) -> CoreResult<Vec<Member>> {
    let rows = sqlx::query(sql!(
        "SELECT {MEMBER_COLUMNS} FROM member WHERE id IN
           (SELECT member_id FROM role WHERE kind = $1 AND scope_id = $2)
         ORDER BY first_name, last_name, id"
    ))
    .bind(role.kind())
    .bind(role.scope())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(member_from_row).collect::<Result<_, _>>()?)
}
