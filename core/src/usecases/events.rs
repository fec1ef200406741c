//! Events of an AMAP and members' RSVPs.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::rights::Rights;
use crate::error::{CoreError, CoreResult, Invalid, Missing};
use crate::store::{Conn, events};
use crate::types::{AmapId, EventId, MemberId};

/// A member's answer to an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rsvp {
    Yes,
    No,
    Maybe,
}

impl Rsvp {
    pub fn as_str(self) -> &'static str {
        match self {
            Rsvp::Yes => "yes",
            Rsvp::No => "no",
            Rsvp::Maybe => "maybe",
        }
    }

    pub fn parse(raw: &str) -> Result<Rsvp, Invalid> {
        match raw.trim().to_lowercase().as_str() {
            "yes" | "oui" | "o" | "y" => Ok(Rsvp::Yes),
            "no" | "non" | "n" => Ok(Rsvp::No),
            "maybe" | "peut-etre" | "peut-être" | "pe" => Ok(Rsvp::Maybe),
            _ => Err(Invalid::Rsvp),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventView {
    pub id: EventId,
    pub amap_id: AmapId,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub place: String,
    pub body: String,
    pub my_answer: Option<String>,
    pub yes: usize,
}

pub async fn upcoming(conn: &mut Conn, actor: MemberId, now: DateTime<Utc>) -> CoreResult<Vec<EventView>> {
    let rights = Rights::load(conn, actor).await?;
    let mut out = Vec::new();
    for amap in rights.amaps() {
        for e in events::upcoming_events(conn, amap, now).await? {
            let answers = events::rsvps_of(conn, e.id).await?;
            out.push(EventView {
                my_answer: answers.iter().find(|(m, _)| *m == actor).map(|(_, a)| a.clone()),
                yes: answers.iter().filter(|(_, a)| a == "yes").count(),
                id: e.id,
                amap_id: e.amap_id,
                title: e.title,
                starts_at: e.starts_at,
                place: e.place,
                body: e.body,
            });
        }
    }
    out.sort_by_key(|e| e.starts_at);
    Ok(out)
}

pub async fn rsvp(
    conn: &mut Conn,
    actor: MemberId,
    event: EventId,
    answer: Rsvp,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let rights = Rights::load(conn, actor).await?;
    let e = events::event_by_id(conn, event).await?.ok_or(CoreError::NotFound(Missing::Event))?;
    rights.require_member_of(e.amap_id)?;
    if e.starts_at <= now {
        return Err(Invalid::InThePast.into());
    }
    events::set_rsvp(conn, event, actor, answer.as_str(), now).await
}

/// An AMAP admin creates an event.
pub async fn create(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    title: &str,
    starts_at: DateTime<Utc>,
    place: &str,
    body: &str,
    now: DateTime<Utc>,
) -> CoreResult<EventId> {
    Rights::load(conn, actor).await?.require_admin_of(amap)?;
    let title = title.trim();
    if title.is_empty()
        || title.chars().count() > 120
        || place.chars().count() > 200
        || body.chars().count() > 2000
    {
        return Err(Invalid::Name.into());
    }
    if starts_at <= now {
        return Err(Invalid::InThePast.into());
    }
    events::create_event(conn, amap, title, starts_at, place.trim(), body.trim(), actor, now).await
}
