//! Duty shifts: volunteer slots per distribution, taken atomically.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::Conn;
use super::codec::{date_from_sql, date_to_sql, instant_to_sql};
use crate::error::{Conflict, CoreError, CoreResult};
use crate::types::{AmapId, MemberId, ShiftId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub id: ShiftId,
    pub amap_id: AmapId,
    pub date: NaiveDate,
    pub slots: u32,
    pub taken: u32,
}

/// The shift of a distribution, created with the AMAP's default number of slots if missing.
pub async fn ensure_shift(
    conn: &mut Conn,
    amap: AmapId,
    date: NaiveDate,
    default_slots: u32,
) -> CoreResult<Shift> {
    sqlx::query("INSERT INTO duty_shift (amap_id, date, slots, taken) VALUES ($1, $2, $3, 0) ON CONFLICT (amap_id, date) DO NOTHING")
        .bind(amap.0)
        .bind(date_to_sql(date))
        .bind(i64::from(default_slots))
        .execute(&mut *conn)
        .await?;
    shift(conn, amap, date).await?.ok_or(CoreError::Store(sqlx::Error::RowNotFound))
}

pub async fn shift(conn: &mut Conn, amap: AmapId, date: NaiveDate) -> CoreResult<Option<Shift>> {
    let row = sqlx::query(
        "SELECT id, amap_id, date, slots, taken FROM duty_shift WHERE amap_id = $1 AND date = $2",
    )
    .bind(amap.0)
    .bind(date_to_sql(date))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(Shift {
            id: ShiftId(r.try_get("id")?),
            amap_id: AmapId(r.try_get("amap_id")?),
            date: date_from_sql(r.try_get("date")?)?,
            slots: u32::try_from(r.try_get::<i64, _>("slots")?).unwrap_or(0),
            taken: u32::try_from(r.try_get::<i64, _>("taken")?).unwrap_or(0),
        })
    })
    .transpose()
}

pub async fn set_slots(conn: &mut Conn, shift: ShiftId, slots: u32) -> CoreResult<()> {
    sqlx::query("UPDATE duty_shift SET slots = $1 WHERE id = $2")
        .bind(i64::from(slots))
        .bind(shift.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Takes one slot for `member`. Must run in a write transaction: the sign-up row and the
/// counter move together, and the conditional UPDATE makes the last slot go to exactly one
/// of two concurrent callers (PostgreSQL re-checks `taken < slots` after the row lock; SQLite
/// serialises writers). On error the caller rolls back.
pub async fn take_slot(
    conn: &mut Conn,
    shift: ShiftId,
    member: MemberId,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let inserted = sqlx::query("INSERT INTO duty_signup (shift_id, member_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(shift.0)
        .bind(member.0)
        .bind(instant_to_sql(now))
        .execute(&mut *conn)
        .await?;
    if inserted.rows_affected() != 1 {
        return Err(CoreError::Conflict(Conflict::AlreadySignedUp));
    }
    let counted = sqlx::query("UPDATE duty_shift SET taken = taken + 1 WHERE id = $1 AND taken < slots")
        .bind(shift.0)
        .execute(&mut *conn)
        .await?;
    if counted.rows_affected() != 1 {
        return Err(CoreError::Conflict(Conflict::ShiftFull));
    }
    Ok(())
}

/// Gives a slot back; false when the member was not signed up.
pub async fn release_slot(conn: &mut Conn, shift: ShiftId, member: MemberId) -> CoreResult<bool> {
    let deleted = sqlx::query("DELETE FROM duty_signup WHERE shift_id = $1 AND member_id = $2")
        .bind(shift.0)
        .bind(member.0)
        .execute(&mut *conn)
        .await?;
    if deleted.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE duty_shift SET taken = taken - 1 WHERE id = $1 AND taken > 0")
        .bind(shift.0)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

pub async fn team_of(conn: &mut Conn, shift: ShiftId) -> CoreResult<Vec<MemberId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT member_id FROM duty_signup WHERE shift_id = $1 ORDER BY created_at, member_id",
    )
    .bind(shift.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(MemberId).collect())
}

/// Dates (from `from`) on which the member is on duty in this AMAP.
pub async fn duties_of(
    conn: &mut Conn,
    member: MemberId,
    amap: AmapId,
    from: NaiveDate,
) -> CoreResult<Vec<NaiveDate>> {
    let dates: Vec<String> = sqlx::query_scalar(
        "SELECT s.date FROM duty_shift s JOIN duty_signup u ON u.shift_id = s.id
         WHERE u.member_id = $1 AND s.amap_id = $2 AND s.date >= $3 ORDER BY s.date",
    )
    .bind(member.0)
    .bind(amap.0)
    .bind(date_to_sql(from))
    .fetch_all(&mut *conn)
    .await?;
    Ok(dates.iter().map(|d| date_from_sql(d)).collect::<Result<_, _>>()?)
}
