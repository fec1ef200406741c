//! Declaring an absence on a distribution: postpone, hand over or give up the basket.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::loaded::{LoadedContract, LoadedSubscription, load_member_seasons};
use super::rights::Rights;
use crate::error::{Conflict, CoreError, CoreResult, Invalid, Missing};
use crate::model::{AbsenceMode, Amap};
use crate::rules::deadlines::can_still_change;
use crate::rules::season::{Absence, DeliveryState};
use crate::store::{Conn, directory, subscriptions};
use crate::types::{AmapId, ContractId, MemberId};

/// Who takes the basket when it is handed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandoverTo {
    Member(MemberId),
    Guest(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbsenceRequest {
    /// The distribution date the member will miss (after moves).
    pub date: NaiveDate,
    /// Only this contract; all contracts delivering that day when None.
    pub contract: Option<ContractId>,
    pub mode: AbsenceMode,
    /// Postponement target (a distribution date); the next delivery when None.
    pub postpone_to: Option<NaiveDate>,
    pub handover_to: Option<HandoverTo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AbsenceRecorded {
    pub contract: String,
    pub mode: AbsenceMode,
    pub postponed_to: Option<NaiveDate>,
    /// Absences left on this contract after this one.
    pub absences_left: u32,
}

fn check_mode(loaded: &LoadedContract, mode: AbsenceMode) -> CoreResult<()> {
    if loaded.contract.rules.absence_modes.contains(&mode) {
        Ok(())
    } else {
        Err(Invalid::AbsenceModeNotAllowed.into())
    }
}

/// Records the absence on every matching contract, all or nothing. Runs in the caller's
/// write transaction.
pub async fn declare_absence(
    conn: &mut Conn,
    actor: MemberId,
    request: &AbsenceRequest,
    now: DateTime<Utc>,
) -> CoreResult<Vec<AbsenceRecorded>> {
    declare_absences(conn, actor, request, &[request.contract], now).await
}

/// `declare_absence` once per entry of `contracts` (each replacing `request.contract`), in
/// order, reading the member's rights and seasons once. Runs in the caller's write transaction;
/// the first error stops (the caller rolls back).
pub async fn declare_absences(
    conn: &mut Conn,
    actor: MemberId,
    request: &AbsenceRequest,
    contracts: &[Option<ContractId>],
    now: DateTime<Utc>,
) -> CoreResult<Vec<AbsenceRecorded>> {
    let rights = Rights::load(conn, actor).await?;
    if let Some(HandoverTo::Member(to)) = &request.handover_to
        && *to == actor
    {
        return Err(Invalid::HandoverToSelf.into());
    }
    let seasons = load_member_seasons(conn, actor).await?;
    let mut amaps: HashMap<AmapId, Amap> = HashMap::new();
    let mut all = Vec::new();
    for contract in contracts {
        let one = AbsenceRequest { contract: *contract, ..request.clone() };
        all.extend(declare_in(conn, &rights, &seasons, &mut amaps, &one, now).await?);
    }
    Ok(all)
}

async fn declare_in(
    conn: &mut Conn,
    rights: &Rights,
    seasons: &[(LoadedContract, LoadedSubscription)],
    amaps: &mut HashMap<AmapId, Amap>,
    request: &AbsenceRequest,
    now: DateTime<Utc>,
) -> CoreResult<Vec<AbsenceRecorded>> {
    let mut recorded = Vec::new();
    let mut already_absent = 0;
    for (loaded, sub) in seasons {
        let row = &sub.row;
        if !row.state.is_committed() || request.contract.is_some_and(|c| c != row.contract_id) {
            continue;
        }
        let Some(delivery) = loaded.delivery_on(request.date).copied() else {
            continue;
        };
        let has_basket = loaded.pickups(sub).iter().any(|p| p.from == delivery.scheduled);
        if !has_basket {
            continue;
        }
        rights.require_member_of(loaded.contract.amap_id)?;
        let amap_id = loaded.contract.amap_id;
        let amap = match amaps.entry(amap_id) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(
                directory::amap_by_id(conn, amap_id)
                    .await?
                    .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap_id.to_string())))?,
            ),
        };
        check_mode(loaded, request.mode)?;
        let rules = &loaded.contract.rules;
        // A handover changes nothing for the farmer: it stays possible until the distribution
        // starts. Postponing or giving up changes the order, so it closes with the deadline.
        let open = if request.mode == AbsenceMode::Handover {
            crate::rules::deadlines::local_instant(amap.timezone, delivery.date, amap.window.start) > now
        } else {
            can_still_change(now, amap.timezone, delivery.date, rules.modification_deadline_days)
        };
        if !open {
            return Err(Invalid::DeadlinePassed.into());
        }
        if sub.absences.iter().any(|a| a.scheduled == delivery.scheduled) {
            if request.contract.is_some() {
                return Err(CoreError::Conflict(Conflict::AlreadyAbsent));
            }
            // All contracts of the day were asked: this one is already settled.
            already_absent += 1;
            continue;
        }
        let used = sub.absences.iter().filter(|a| a.mode.counts_as_absence()).count() as u32;
        if request.mode.counts_as_absence() && used >= rules.max_absences {
            return Err(Invalid::TooManyAbsences.into());
        }
        let mut absence = Absence {
            scheduled: delivery.scheduled,
            mode: request.mode,
            postpone_to: None,
            handover_member: None,
            handover_guest: None,
        };
        let mut postponed_to = None;
        match request.mode {
            AbsenceMode::Postpone => {
                let target = loaded
                    .deliveries
                    .iter()
                    .filter(|d| d.state == DeliveryState::Planned && d.date > delivery.date)
                    // Not onto a date the member is away too.
                    .filter(|d| !sub.absences.iter().any(|a| a.scheduled == d.scheduled))
                    .find(|d| request.postpone_to.is_none_or(|want| d.date == want))
                    .ok_or(Invalid::NotADeliveryDate)?;
                absence.postpone_to = Some(target.scheduled);
                postponed_to = Some(target.date);
            }
            AbsenceMode::Handover => match &request.handover_to {
                Some(HandoverTo::Member(m)) => {
                    let target = Rights::load(conn, *m).await?;
                    if !target.is_member_of(loaded.contract.amap_id) {
                        return Err(CoreError::NotFound(Missing::Member(m.to_string())));
                    }
                    absence.handover_member = Some(*m);
                }
                Some(HandoverTo::Guest(name)) => {
                    absence.handover_guest = Some(crate::types::PersonName::parse(name)?.to_string());
                }
                None => return Err(CoreError::NotFound(Missing::Member(String::new()))),
            },
            AbsenceMode::Donate => {}
        }
        if !subscriptions::insert_absence(conn, sub.row.id, &absence, now).await? {
            return Err(CoreError::Conflict(Conflict::AlreadyAbsent));
        }
        let used_after = used + u32::from(request.mode.counts_as_absence());
        recorded.push(AbsenceRecorded {
            contract: loaded.contract.name.clone(),
            mode: request.mode,
            postponed_to,
            absences_left: rules.max_absences.saturating_sub(used_after),
        });
    }
    if recorded.is_empty() {
        return Err(if already_absent > 0 {
            CoreError::Conflict(Conflict::AlreadyAbsent)
        } else {
            Invalid::NothingToCollect.into()
        });
    }
    Ok(recorded)
}
