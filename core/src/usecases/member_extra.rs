//! Member self-service beyond the facade, for the chat commands: what a member may do about
//! one distribution (absence choices), cancelling an absence, their own record, and the open
//! contracts they have not signed yet.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::loaded::load_member_seasons;
use super::rights::Rights;
use crate::error::{CoreResult, Invalid};
use crate::model::{AbsenceMode, Amap, Member, Role};
use crate::rules::deadlines::{can_still_change, change_deadline, local_instant, local_today};
use crate::rules::state::{ContractState, SubscriptionState};
use crate::store::accounts::{self, ChatAccount};
use crate::store::{Conn, contracts, directory, member_extra, subscriptions};
use crate::types::{AmapId, ContractId, MemberId};

/// One contract delivering the member a basket on the date asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AbsenceChoice {
    pub contract_id: ContractId,
    pub contract: String,
    /// The modes the contract allows.
    pub modes: Vec<AbsenceMode>,
    pub max_absences: u32,
    /// Absences (postponed or given up) still available on this contract.
    pub absences_left: u32,
    /// Changes are accepted until this instant.
    pub deadline: DateTime<Utc>,
    /// Postponing or giving up is still possible (before the contract's deadline).
    pub before_deadline: bool,
    /// Handing over is still possible (until the distribution starts).
    pub before_start: bool,
    /// The absence already declared for this delivery, if any.
    pub declared: Option<AbsenceMode>,
    /// Full names of the contract's referents, to point the member to.
    pub referents: Vec<String>,
}

impl AbsenceChoice {
    /// Whether `mode` can still be chosen now: allowed by the contract, not declared yet,
    /// before its cut-off (the deadline; the distribution's start for a handover) and, for the
    /// modes that count, within the absence limit.
    pub fn accepts(&self, mode: AbsenceMode) -> bool {
        let in_time = if mode == AbsenceMode::Handover { self.before_start } else { self.before_deadline };
        self.modes.contains(&mode)
            && in_time
            && self.declared.is_none()
            && (!mode.counts_as_absence() || self.absences_left > 0)
    }
}

/// What the member may do about their baskets of one distribution date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AbsenceChoices {
    pub date: NaiveDate,
    pub amap_id: AmapId,
    pub contracts: Vec<AbsenceChoice>,
}

impl AbsenceChoices {
    /// The modes every contract of that day accepts now (an absence covers them all).
    pub fn common_modes(&self) -> Vec<AbsenceMode> {
        AbsenceMode::ALL.into_iter().filter(|m| self.contracts.iter().all(|c| c.accepts(*m))).collect()
    }
}

async fn referent_names(conn: &mut Conn, contract: ContractId) -> CoreResult<Vec<String>> {
    Ok(directory::holders_of(conn, Role::Referent(contract)).await?.iter().map(Member::full_name).collect())
}

/// The member's contracts delivering them a basket on `date` and, for each, the absence
/// modes allowed, absences left and the deadline. `NothingToCollect` when there is none.
pub async fn absence_choices(
    conn: &mut Conn,
    actor: MemberId,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<AbsenceChoices> {
    let rights = Rights::load(conn, actor).await?;
    let mut amap_id = None;
    let mut out = Vec::new();
    let mut amap: Option<Amap> = None;
    for (loaded, sub) in load_member_seasons(conn, actor).await? {
        if !sub.row.state.is_committed() || !loaded.contract.state.delivers() {
            continue;
        }
        let Some(delivery) = loaded.delivery_on(date).copied() else {
            continue;
        };
        if !loaded.pickups(&sub).iter().any(|p| p.from == delivery.scheduled) {
            continue;
        }
        if !rights.is_member_of(loaded.contract.amap_id) {
            continue;
        }
        // Only the first AMAP with a basket that day counts: read it once.
        if amap_id.is_some_and(|a| a != loaded.contract.amap_id) {
            continue;
        }
        if amap.is_none() {
            amap = directory::amap_by_id(conn, loaded.contract.amap_id).await?;
        }
        let Some(amap) = amap.as_ref() else {
            continue;
        };
        amap_id = Some(amap.id);
        let rules = &loaded.contract.rules;
        let used = sub.absences.iter().filter(|a| a.mode.counts_as_absence()).count() as u32;
        out.push(AbsenceChoice {
            contract_id: loaded.contract.id,
            contract: loaded.contract.name.clone(),
            modes: rules.absence_modes.clone(),
            max_absences: rules.max_absences,
            absences_left: rules.max_absences.saturating_sub(used),
            deadline: change_deadline(amap.timezone, delivery.date, rules.modification_deadline_days),
            before_deadline: can_still_change(
                now,
                amap.timezone,
                delivery.date,
                rules.modification_deadline_days,
            ),
            before_start: local_instant(amap.timezone, delivery.date, amap.window.start) > now,
            declared: sub.absences.iter().find(|a| a.scheduled == delivery.scheduled).map(|a| a.mode),
            referents: referent_names(conn, loaded.contract.id).await?,
        });
    }
    match amap_id {
        Some(amap_id) => Ok(AbsenceChoices { date, amap_id, contracts: out }),
        None => Err(Invalid::NothingToCollect.into()),
    }
}

/// One absence taken back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AbsenceCancelled {
    pub contract: String,
    pub mode: AbsenceMode,
}

/// Takes back the member's absences on the distribution of `date`, all or nothing, under the
/// same cut-off as declaring them. Empty when no absence was declared that day. Run it in a
/// write transaction.
pub async fn cancel_absence(
    conn: &mut Conn,
    actor: MemberId,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<Vec<AbsenceCancelled>> {
    let rights = Rights::load(conn, actor).await?;
    let mut cancelled = Vec::new();
    for (loaded, sub) in load_member_seasons(conn, actor).await? {
        if !sub.row.state.is_committed() {
            continue;
        }
        let Some(delivery) = loaded.delivery_on(date).copied() else {
            continue;
        };
        let Some(absence) = sub.absences.iter().find(|a| a.scheduled == delivery.scheduled) else {
            continue;
        };
        rights.require_member_of(loaded.contract.amap_id)?;
        let Some(amap) = directory::amap_by_id(conn, loaded.contract.amap_id).await? else {
            continue;
        };
        let rules = &loaded.contract.rules;
        // Same cut-off as declaring: the distribution's start for a handover, else the deadline.
        let open = if absence.mode == AbsenceMode::Handover {
            local_instant(amap.timezone, delivery.date, amap.window.start) > now
        } else {
            can_still_change(now, amap.timezone, delivery.date, rules.modification_deadline_days)
        };
        if !open {
            return Err(Invalid::DeadlinePassed.into());
        }
        if subscriptions::delete_absence(conn, sub.row.id, delivery.scheduled).await? {
            cancelled.push(AbsenceCancelled { contract: loaded.contract.name.clone(), mode: absence.mode });
        }
    }
    Ok(cancelled)
}

/// A role as the member reads it, with the name of what it applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum RoleOf {
    Member(String),
    Admin(String),
    Referent(String),
    Farmer(String),
    NetworkAdmin(String),
}

/// What Panier knows about the member, for `moi` / `me` (right of access).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub member: Member,
    pub amaps: Vec<Amap>,
    pub roles: Vec<RoleOf>,
    #[serde(skip)]
    pub accounts: Vec<ChatAccount>,
}

pub async fn my_profile(conn: &mut Conn, actor: MemberId) -> CoreResult<Profile> {
    let member = directory::member_by_id(conn, actor)
        .await?
        .ok_or_else(|| crate::error::CoreError::NotFound(crate::error::Missing::Member(actor.to_string())))?;
    let amaps = directory::amaps_of_member(conn, actor).await?;
    let mut roles = Vec::new();
    for role in directory::roles_of(conn, actor).await? {
        let named = match role {
            Role::Member(a) => directory::amap_by_id(conn, a).await?.map(|a| RoleOf::Member(a.name)),
            Role::Admin(a) => directory::amap_by_id(conn, a).await?.map(|a| RoleOf::Admin(a.name)),
            Role::Referent(c) => contracts::contract_by_id(conn, c).await?.map(|c| RoleOf::Referent(c.name)),
            Role::Farmer(f) => directory::farm_by_id(conn, f).await?.map(|f| RoleOf::Farmer(f.name)),
            Role::NetworkAdmin(n) => {
                member_extra::network_by_id(conn, n).await?.map(|n| RoleOf::NetworkAdmin(n.name))
            }
        };
        if let Some(named) = named
            && !roles.contains(&named)
        {
            roles.push(named);
        }
    }
    let accounts = accounts::accounts_of(conn, actor).await?;
    Ok(Profile { member, amaps, roles, accounts })
}

/// An open contract the member has not signed yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToSign {
    pub contract_id: ContractId,
    pub contract: String,
    pub farm: String,
    /// Last day to subscribe.
    pub closes: NaiveDate,
    /// Full names of the referents who send the signing link.
    pub referents: Vec<String>,
}

/// Contracts of the member's AMAPs open for subscription today that the member has not
/// signed (no subscription, or a draft one).
pub async fn contracts_to_sign(
    conn: &mut Conn,
    actor: MemberId,
    now: DateTime<Utc>,
) -> CoreResult<Vec<ToSign>> {
    let rights = Rights::load(conn, actor).await?;
    let mut out = Vec::new();
    for amap_id in rights.amaps() {
        let Some(amap) = directory::amap_by_id(conn, amap_id).await? else {
            continue;
        };
        let today = local_today(now, amap.timezone);
        for contract in contracts::contracts_of_amap(conn, amap_id).await? {
            let rules = &contract.rules;
            if contract.state != ContractState::Open
                || today < rules.subscription_opens
                || today > rules.subscription_closes
            {
                continue;
            }
            let sub = subscriptions::subscription_for(conn, contract.id, actor).await?;
            if sub.is_some_and(|s| s.state != SubscriptionState::Draft) {
                continue;
            }
            let farm =
                directory::farm_by_id(conn, contract.farm_id).await?.map(|f| f.name).unwrap_or_default();
            out.push(ToSign {
                contract_id: contract.id,
                contract: contract.name.clone(),
                farm,
                closes: rules.subscription_closes,
                referents: referent_names(conn, contract.id).await?,
            });
        }
    }
    Ok(out)
}

/// A member sharing an AMAP with the actor (to name who receives a basket), or None.
pub async fn fellow_member(conn: &mut Conn, actor: MemberId, other: MemberId) -> CoreResult<Option<Member>> {
    let mine = Rights::load(conn, actor).await?.amaps();
    let theirs = Rights::load(conn, other).await?.amaps();
    if !mine.iter().any(|a| theirs.contains(a)) {
        return Ok(None);
    }
    directory::member_by_id(conn, other).await
}
