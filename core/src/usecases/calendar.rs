//! A member's private calendar feed: their distributions (what they collect), duty shifts and
//! the events of their AMAPs, reached through a random 256-bit token stored hashed. A new
//! token replaces the old one, which stops working at once.

use chrono::{DateTime, Days, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::baskets::{DistributionView, upcoming_for_member};
use super::events::EventView;
use super::rights::Rights;
use crate::error::{CoreError, CoreResult, Forbidden, Missing};
use crate::model::MemberStatus;
use crate::rules::deadlines::{local_instant, local_today};
use crate::signature::{hash_token, new_token, plausible_token};
use crate::store::{Conn, calendar, directory, events};
use crate::types::MemberId;

/// How far back the feed goes, so that calendars keep the recent past.
pub const PAST_DAYS: u64 = 56;
/// At most this many distributions in a feed (a season is about 52).
pub const MAX_DISTRIBUTIONS: usize = 400;

/// One distribution with its UTC instants (computed on the AMAP's wall clock, DST-safe).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedDistribution {
    pub view: DistributionView,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The member collects something (own baskets or others').
    pub collects: bool,
}

/// Everything the calendar of one member shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarFeed {
    pub member: MemberId,
    /// The member's language, else their first AMAP's.
    pub language: String,
    /// The timezone of the member's (first) AMAP, as an IANA name.
    pub timezone: Tz,
    /// The name of the member's (first) AMAP, for the calendar's title.
    pub amap_name: String,
    pub distributions: Vec<FeedDistribution>,
    pub events: Vec<EventView>,
}

/// A new feed token for the actor; any previous one stops working. Members of an AMAP only.
pub async fn issue_feed(conn: &mut Conn, actor: MemberId, now: DateTime<Utc>) -> CoreResult<String> {
    let rights = Rights::load(conn, actor).await?;
    if rights.amaps().is_empty() {
        return Err(CoreError::Forbidden(Forbidden::NotAMember));
    }
    let token = new_token();
    calendar::set_feed(conn, actor, &hash_token(&token), now).await?;
    Ok(token)
}

pub async fn has_feed(conn: &mut Conn, actor: MemberId) -> CoreResult<bool> {
    calendar::has_feed(conn, actor).await
}

fn unknown() -> CoreError {
    CoreError::NotFound(Missing::Member(String::new()))
}

/// The feed behind `token`, as of `now`. An unknown, malformed or revoked token, or a member
/// who left, is `NotFound` (nothing tells them apart).
pub async fn feed(conn: &mut Conn, token: &str, now: DateTime<Utc>) -> CoreResult<CalendarFeed> {
    if !plausible_token(token) {
        return Err(unknown());
    }
    let member_id = calendar::member_by_feed(conn, &hash_token(token)).await?.ok_or_else(unknown)?;
    let member = directory::member_by_id(conn, member_id).await?.ok_or_else(unknown)?;
    if member.status != MemberStatus::Active {
        return Err(unknown());
    }
    feed_of(conn, member_id, member.language, now).await
}

async fn feed_of(
    conn: &mut Conn,
    member: MemberId,
    language: Option<String>,
    now: DateTime<Utc>,
) -> CoreResult<CalendarFeed> {
    let rights = Rights::load(conn, member).await?;
    let amaps = directory::amaps_of_member(conn, member).await?;
    let timezone = amaps.first().map_or(chrono_tz::Europe::Paris, |a| a.timezone);
    let amap_name = amaps.first().map(|a| a.name.clone()).unwrap_or_default();
    let language = language
        .or_else(|| amaps.first().map(|a| a.default_language.clone()))
        .unwrap_or_else(|| "fr".to_owned());
    let from = local_today(now, timezone).checked_sub_days(Days::new(PAST_DAYS)).unwrap_or_default();
    let mut distributions = Vec::new();
    for view in upcoming_for_member(conn, member, from, MAX_DISTRIBUTIONS).await? {
        let tz = amaps.iter().find(|a| a.id == view.amap_id).map_or(timezone, |a| a.timezone);
        let collects = !view.items.is_empty() || !view.for_others.is_empty();
        if !collects && !view.on_duty {
            continue;
        }
        distributions.push(FeedDistribution {
            starts_at: local_instant(tz, view.date, view.start),
            ends_at: local_instant(tz, view.date, view.end),
            collects,
            view,
        });
    }
    let since = now - chrono::Duration::days(i64::try_from(PAST_DAYS).unwrap_or(56));
    let mut out_events = Vec::new();
    for amap in rights.amaps() {
        for e in events::upcoming_events(conn, amap, since).await? {
            let answers = events::rsvps_of(conn, e.id).await?;
            out_events.push(EventView {
                my_answer: answers.iter().find(|(m, _)| *m == member).map(|(_, a)| a.clone()),
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
    out_events.sort_by_key(|e| (e.starts_at, e.id));
    Ok(CalendarFeed { member, language, timezone, amap_name, distributions, events: out_events })
}
