//! Who the planned jobs go to: farmers and referents by role, then the recipients (chat
//! account, opt-outs) — of the whole AMAP only where a job goes to all its members (duty
//! alerts, events, signature reminders), else only of the people the jobs name (distribution
//! and duty reminders, farmer totals): 20,000 rows instead of 64,000 on the national evening.

use std::collections::{BTreeSet, HashMap};

use super::jobs::{Job, Who};
use crate::error::CoreResult;
use crate::store::accounts::Recipient;
use crate::store::{Conn, planning, recipients};
use crate::types::{AmapId, ContractId, FarmId, MemberId};

/// The recipients of each AMAP with jobs, enough to resolve every job's `Who` against them
/// as if every person of the AMAP had been read.
pub(super) async fn load_recipients(
    conn: &mut Conn,
    due: &[(AmapId, Vec<Job>)],
    roles: &Roles,
) -> CoreResult<HashMap<AmapId, Vec<Recipient>>> {
    let mut whole = Vec::new();
    let mut named: HashMap<AmapId, BTreeSet<MemberId>> = HashMap::new();
    for (amap, jobs) in due {
        if jobs.iter().any(|j| matches!(j.who, Who::AllMembersExcept(_) | Who::Unsigned { .. })) {
            whole.push(*amap);
        } else {
            let people = named.entry(*amap).or_default();
            for job in jobs {
                people.extend(roles.resolve(&job.who, &[]));
            }
        }
    }
    let mut out = recipients::recipients_of(conn, &whole).await?;
    out.extend(recipients::recipients_named(conn, &named).await?);
    Ok(out)
}

/// Farmers per farm and referents per contract, for the jobs that go to them.
#[derive(Default)]
pub(super) struct Roles {
    farmers: HashMap<i64, Vec<MemberId>>,
    referents: HashMap<ContractId, Vec<MemberId>>,
}

pub(super) async fn load_roles(conn: &mut Conn, due: &[(AmapId, Vec<Job>)]) -> CoreResult<Roles> {
    let mut farms = BTreeSet::new();
    let mut of = BTreeSet::new();
    for job in due.iter().flat_map(|(_, jobs)| jobs) {
        match &job.who {
            Who::FarmersAndReferents(f, c) => {
                farms.insert(f.0);
                of.insert(*c);
            }
            Who::Referents(c) => {
                of.insert(*c);
            }
            Who::Farmers(f) | Who::Unsigned { farm: f, .. } => {
                farms.insert(f.0);
            }
            Who::Members(_) | Who::AllMembersExcept(_) => {}
        }
    }
    let mut roles = Roles::default();
    if farms.is_empty() && of.is_empty() {
        return Ok(roles);
    }
    let farms: Vec<i64> = farms.into_iter().collect();
    let of: Vec<ContractId> = of.into_iter().collect();
    for (kind, scope, member) in planning::farmers_and_referents(conn, &farms, &of).await? {
        if kind == "farmer" {
            roles.farmers.entry(scope).or_default().push(member);
        } else {
            roles.referents.entry(ContractId(scope)).or_default().push(member);
        }
    }
    for list in roles.farmers.values_mut().chain(roles.referents.values_mut()) {
        list.sort();
        list.dedup();
    }
    Ok(roles)
}

impl Roles {
    fn farmers_of(&self, farm: FarmId) -> &[MemberId] {
        self.farmers.get(&farm.0).map_or(&[], Vec::as_slice)
    }

    fn referents_of(&self, contract: ContractId) -> &[MemberId] {
        self.referents.get(&contract).map_or(&[], Vec::as_slice)
    }

    /// The people a job goes to, before opt-outs.
    pub(super) fn resolve(&self, who: &Who, people: &[Recipient]) -> Vec<MemberId> {
        let members_except = |skip: &dyn Fn(MemberId) -> bool| -> Vec<MemberId> {
            people.iter().filter(|r| r.is_member && !skip(r.member_id)).map(|r| r.member_id).collect()
        };
        match who {
            Who::Members(list) => list.clone(),
            Who::AllMembersExcept(skip) => members_except(&|m| skip.contains(&m)),
            Who::FarmersAndReferents(farm, contract) => {
                let mut all: Vec<MemberId> =
                    self.farmers_of(*farm).iter().chain(self.referents_of(*contract)).copied().collect();
                all.sort();
                all.dedup();
                all
            }
            Who::Referents(contract) => self.referents_of(*contract).to_vec(),
            Who::Farmers(farm) => self.farmers_of(*farm).to_vec(),
            Who::Unsigned { farm, signed } => {
                let farmers = self.farmers_of(*farm);
                members_except(&|m| signed.contains(&m) || farmers.contains(&m))
            }
        }
    }
}
