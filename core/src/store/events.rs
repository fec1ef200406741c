//! Events (general assembly, farm visit…) and members' answers.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::Conn;
use super::codec::{instant_from_sql, instant_to_sql};
use crate::error::CoreResult;
use crate::types::{AmapId, EventId, MemberId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: EventId,
    pub amap_id: AmapId,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub body: String,
}

pub async fn create_event(
    conn: &mut Conn,
    amap: AmapId,
    title: &str,
    starts_at: DateTime<Utc>,
    place: &str,
    body: &str,
    by: MemberId,
    now: DateTime<Utc>,
) -> CoreResult<EventId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO event (amap_id, title, starts_at, place, body, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(amap.0)
    .bind(title)
    .bind(instant_to_sql(starts_at))
    .bind(place)
    .bind(body)
    .bind(by.0)
    .bind(instant_to_sql(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(EventId(id))
}

pub(crate) fn event_from_row(r: &sqlx::any::AnyRow) -> Result<Event, sqlx::Error> {
    Ok(Event {
        id: EventId(r.try_get("id")?),
        amap_id: AmapId(r.try_get("amap_id")?),
        title: r.try_get("title")?,
        starts_at: instant_from_sql(r.try_get("starts_at")?),
        place: r.try_get("place")?,
        body: r.try_get("body")?,
    })
}

pub async fn event_by_id(conn: &mut Conn, id: EventId) -> CoreResult<Option<Event>> {
    let row = sqlx::query("SELECT id, amap_id, title, starts_at, place, body FROM event WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(event_from_row).transpose()?)
}

pub async fn upcoming_events(conn: &mut Conn, amap: AmapId, from: DateTime<Utc>) -> CoreResult<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT id, amap_id, title, starts_at, place, body FROM event WHERE amap_id = $1 AND starts_at >= $2 ORDER BY starts_at, id",
    )
    .bind(amap.0)
    .bind(instant_to_sql(from))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(event_from_row).collect::<Result<_, _>>()?)
}

pub async fn set_rsvp(
    conn: &mut Conn,
    event: EventId,
    member: MemberId,
    answer: &str,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO rsvp (event_id, member_id, answer, answered_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id, member_id) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at",
    )
    .bind(event.0)
    .bind(member.0)
    .bind(answer)
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Answers to an event: (member, answer).
pub async fn rsvps_of(conn: &mut Conn, event: EventId) -> CoreResult<Vec<(MemberId, String)>> {
    let rows = sqlx::query("SELECT member_id, answer FROM rsvp WHERE event_id = $1 ORDER BY member_id")
        .bind(event.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((MemberId(r.try_get("member_id")?), r.try_get("answer")?))).collect()
}

/// A member's answers: (event title, start, answer).
pub async fn rsvps_of_member(
    conn: &mut Conn,
    member: MemberId,
) -> CoreResult<Vec<(String, DateTime<Utc>, String)>> {
    let rows = sqlx::query(
        "SELECT e.title, e.starts_at, r.answer FROM rsvp r JOIN event e ON e.id = r.event_id
         WHERE r.member_id = $1 ORDER BY e.starts_at",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("title")?, instant_from_sql(r.try_get("starts_at")?), r.try_get("answer")?)))
        .collect()
}
