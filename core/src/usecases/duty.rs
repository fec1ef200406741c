//! Duty shifts ("permanences"): signing up for a distribution, withdrawing, the rota.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::rights::Rights;
use crate::error::{Conflict, CoreError, CoreResult, Invalid, Missing};
use crate::model::Amap;
use crate::rules::deadlines::{duty_slots_left, is_late_withdrawal, local_instant, local_today};
use crate::store::{Conn, contracts, directory, duty};
use crate::types::{AmapId, MemberId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShiftView {
    pub date: NaiveDate,
    pub slots: u32,
    pub taken: u32,
    pub slots_left: u32,
    /// Full names: the duty team needs to know who they work with.
    pub team: Vec<String>,
    pub me_in: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedUp {
    pub date: NaiveDate,
    pub slots_left: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdrawn {
    pub date: NaiveDate,
    /// Less than 48 hours before: the scheduler sends an urgent call.
    pub late: bool,
}

async fn amap_of(conn: &mut Conn, amap: AmapId) -> CoreResult<Amap> {
    directory::amap_by_id(conn, amap)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap.to_string())))
}

async fn check_distribution(
    conn: &mut Conn,
    amap: &Amap,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    if local_instant(amap.timezone, date, amap.window.start) <= now {
        return Err(Invalid::InThePast.into());
    }
    let dates = contracts::distribution_dates(conn, amap.id, date, 1).await?;
    if dates.first() != Some(&date) {
        return Err(CoreError::NotFound(Missing::Distribution(date)));
    }
    Ok(())
}

/// Takes a slot; run it in a write transaction so the last slot goes to exactly one member.
pub async fn sign_up(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<SignedUp> {
    let rights = Rights::load(conn, actor).await?;
    rights.require_member_of(amap)?;
    let a = amap_of(conn, amap).await?;
    check_distribution(conn, &a, date, now).await?;
    let shift = duty::ensure_shift(conn, amap, date, a.duty_slots).await?;
    duty::take_slot(conn, shift.id, actor, now).await?;
    Ok(SignedUp { date, slots_left: duty_slots_left(shift.slots, shift.taken + 1) })
}

pub async fn withdraw(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<Withdrawn> {
    let rights = Rights::load(conn, actor).await?;
    rights.require_member_of(amap)?;
    let a = amap_of(conn, amap).await?;
    let start = local_instant(a.timezone, date, a.window.start);
    if start <= now {
        return Err(Invalid::InThePast.into());
    }
    let shift = duty::shift(conn, amap, date).await?.ok_or(CoreError::Conflict(Conflict::NotSignedUp))?;
    if !duty::release_slot(conn, shift.id, actor).await? {
        return Err(CoreError::Conflict(Conflict::NotSignedUp));
    }
    let late = is_late_withdrawal(now, start);
    if late {
        // An urgent call to everyone not on the team, queued with the withdrawal itself.
        let team = duty::team_of(conn, shift.id).await?;
        let others: Vec<MemberId> = directory::members_of_amap(conn, amap)
            .await?
            .into_iter()
            .map(|m| m.id)
            .filter(|m| *m != actor && !team.contains(m))
            .collect();
        let subject = format!("amap{}:{date}:{}", amap, now.timestamp());
        let payload = serde_json::json!({"amap": amap, "date": date});
        crate::scheduler::notify::to_members(
            conn,
            amap,
            &others,
            "duty_urgent",
            &subject,
            payload,
            now,
            Some(start),
        )
        .await?;
    }
    Ok(Withdrawn { date, late })
}

/// The next `count` distributions of the AMAP with their teams.
pub async fn rota(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    now: DateTime<Utc>,
    count: i64,
) -> CoreResult<Vec<ShiftView>> {
    let rights = Rights::load(conn, actor).await?;
    rights.require_member_of(amap)?;
    let a = amap_of(conn, amap).await?;
    let today = local_today(now, a.timezone);
    let mut views = Vec::new();
    for date in contracts::distribution_dates(conn, amap, today, count).await? {
        let (slots, taken, team_ids) = match duty::shift(conn, amap, date).await? {
            Some(s) => (s.slots, s.taken, duty::team_of(conn, s.id).await?),
            None => (a.duty_slots, 0, Vec::new()),
        };
        let mut team = Vec::new();
        for id in &team_ids {
            if let Some(m) = directory::member_by_id(conn, *id).await? {
                team.push(m.full_name());
            }
        }
        views.push(ShiftView {
            date,
            slots,
            taken,
            slots_left: duty_slots_left(slots, taken),
            team,
            me_in: team_ids.contains(&actor),
        });
    }
    Ok(views)
}

/// Whether `member` is on the duty team of that distribution.
pub async fn is_on_duty(
    conn: &mut Conn,
    member: MemberId,
    amap: AmapId,
    date: NaiveDate,
) -> CoreResult<bool> {
    Ok(match duty::shift(conn, amap, date).await? {
        Some(s) => duty::team_of(conn, s.id).await?.contains(&member),
        None => false,
    })
}
