//! What a member collects at their next distributions: all contracts, after absences,
//! postponements, handovers, cancelled or moved deliveries, plus baskets others hand them.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use super::loaded::{
    LoadedContract, LoadedSubscription, load_contract, load_member_seasons, load_subscription,
};
use crate::error::CoreResult;
use crate::model::{AbsenceMode, Amap};
use crate::rules::deadlines::{local_instant, local_today};
use crate::rules::season::{Collector, Pickup};
use crate::store::{Conn, directory, duty, subscriptions};
use crate::types::{AmapId, ContractId, MemberId};

/// One line of a basket: "1 grand panier de légumes".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BasketItem {
    pub contract_id: ContractId,
    pub contract: String,
    pub product: String,
    pub product_name: String,
    pub unit: Option<String>,
    pub quantity: u32,
    /// Set when this comes from an earlier, postponed delivery.
    pub postponed_from: Option<NaiveDate>,
}

/// A basket the member collects for someone else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectFor {
    pub owner: String,
    pub items: Vec<BasketItem>,
}

/// What happens to one of the member's own deliveries they will not collect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GivenAway {
    HandedTo { contract: String, to: String },
    Postponed { contract: String, to: Option<NaiveDate> },
    Donated { contract: String },
}

/// One distribution from the member's point of view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistributionView {
    pub amap_id: AmapId,
    pub amap_name: String,
    pub place_name: String,
    pub address: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub items: Vec<BasketItem>,
    pub for_others: Vec<CollectFor>,
    pub given_away: Vec<GivenAway>,
    pub on_duty: bool,
}

impl DistributionView {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.for_others.is_empty() && self.given_away.is_empty() && !self.on_duty
    }
}

fn items_of(loaded: &LoadedContract, pickup: &Pickup) -> Vec<BasketItem> {
    pickup
        .items
        .iter()
        .filter_map(|(product, quantity)| {
            let p = loaded.product_name(*product)?;
            Some(BasketItem {
                contract_id: loaded.contract.id,
                contract: loaded.contract.name.clone(),
                product: p.slug.to_string(),
                product_name: p.name.clone(),
                unit: p.unit.clone(),
                quantity: quantity.get(),
                postponed_from: pickup.postponed.then_some(pickup.from),
            })
        })
        .collect()
}

struct Builder<'a> {
    amaps: &'a HashMap<AmapId, Amap>,
    views: BTreeMap<(NaiveDate, AmapId), DistributionView>,
}

impl Builder<'_> {
    fn view(&mut self, amap: AmapId, date: NaiveDate) -> Option<&mut DistributionView> {
        let a = self.amaps.get(&amap)?;
        Some(self.views.entry((date, amap)).or_insert_with(|| DistributionView {
            amap_id: amap,
            amap_name: a.name.clone(),
            place_name: a.place_name.clone(),
            address: a.address.clone(),
            date,
            start: a.window.start,
            end: a.window.end,
            items: Vec::new(),
            for_others: Vec::new(),
            given_away: Vec::new(),
            on_duty: false,
        }))
    }
}

/// The member's distributions from `from` on (at most `limit`), without rights checks:
/// the member is the actor here, or a server admin uses the CLI.
pub async fn upcoming_for_member(
    conn: &mut Conn,
    member: MemberId,
    from: NaiveDate,
    limit: usize,
) -> CoreResult<Vec<DistributionView>> {
    let amaps = directory::amaps_of_member(conn, member).await?;
    upcoming_in(conn, member, &amaps, from, limit).await
}

/// `upcoming_for_member` with the member's AMAPs already read.
async fn upcoming_in(
    conn: &mut Conn,
    member: MemberId,
    member_amaps: &[Amap],
    from: NaiveDate,
    limit: usize,
) -> CoreResult<Vec<DistributionView>> {
    let mut amaps: HashMap<AmapId, Amap> = HashMap::new();
    for amap in member_amaps {
        amaps.insert(amap.id, amap.clone());
    }
    let mut own: Vec<(LoadedContract, LoadedSubscription)> = Vec::new();
    for (loaded, sub) in load_member_seasons(conn, member).await? {
        if sub.row.state.is_committed() && loaded.contract.state.delivers() {
            own.push((loaded, sub));
        }
    }
    let mut received: Vec<(LoadedContract, LoadedSubscription, String)> = Vec::new();
    for (sub_id, _) in subscriptions::handovers_to(conn, member).await? {
        let Some(row) = subscriptions::subscription_by_id(conn, sub_id).await? else {
            continue;
        };
        if received.iter().any(|(_, s, _)| s.row.id == sub_id) || !row.state.is_committed() {
            continue;
        }
        let owner =
            directory::member_by_id(conn, row.member_id).await?.map(|m| m.short_name()).unwrap_or_default();
        // Usually a contract of the member's own AMAP they subscribe to as well.
        let loaded = match own.iter().find(|(l, _)| l.contract.id == row.contract_id) {
            Some((l, _)) => l.clone(),
            None => load_contract(conn, row.contract_id).await?,
        };
        received.push((loaded, load_subscription(conn, row).await?, owner));
    }
    let mut missing_amaps: Vec<AmapId> = own
        .iter()
        .map(|(l, _)| l.contract.amap_id)
        .chain(received.iter().map(|(l, _, _)| l.contract.amap_id))
        .filter(|a| !amaps.contains_key(a))
        .collect();
    missing_amaps.sort();
    missing_amaps.dedup();
    for id in missing_amaps {
        if let Some(amap) = directory::amap_by_id(conn, id).await? {
            amaps.insert(id, amap);
        }
    }

    let mut b = Builder { amaps: &amaps, views: BTreeMap::new() };
    for (loaded, sub) in &own {
        let amap = loaded.contract.amap_id;
        for pickup in loaded.pickups(sub).iter().filter(|p| p.date >= from) {
            if pickup.collector == Collector::Owner {
                let items = items_of(loaded, pickup);
                if let Some(v) = b.view(amap, pickup.date) {
                    v.items.extend(items);
                }
            }
        }
        for absence in &sub.absences {
            let Some(delivery) = loaded.deliveries.iter().find(|d| d.scheduled == absence.scheduled) else {
                continue;
            };
            if delivery.date < from {
                continue;
            }
            let contract = loaded.contract.name.clone();
            let given = match absence.mode {
                AbsenceMode::Donate => GivenAway::Donated { contract },
                AbsenceMode::Postpone => GivenAway::Postponed {
                    contract,
                    to: absence
                        .postpone_to
                        .and_then(|to| loaded.deliveries.iter().find(|d| d.scheduled == to))
                        .map(|d| d.date),
                },
                AbsenceMode::Handover => {
                    let to = match (absence.handover_member, &absence.handover_guest) {
                        (Some(m), _) => directory::member_by_id(conn, m)
                            .await?
                            .map(|m| m.short_name())
                            .unwrap_or_default(),
                        (None, Some(guest)) => guest.clone(),
                        (None, None) => String::new(),
                    };
                    GivenAway::HandedTo { contract, to }
                }
            };
            if let Some(v) = b.view(amap, delivery.date) {
                v.given_away.push(given);
            }
        }
    }
    for (loaded, sub, owner) in &received {
        for pickup in
            loaded.pickups(sub).iter().filter(|p| p.date >= from && p.collector == Collector::Member(member))
        {
            let items = items_of(loaded, pickup);
            if let Some(v) = b.view(loaded.contract.amap_id, pickup.date) {
                v.for_others.push(CollectFor { owner: owner.clone(), items });
            }
        }
    }
    for amap in amaps.keys().copied().collect::<Vec<_>>() {
        for date in duty::duties_of(conn, member, amap, from).await? {
            if let Some(v) = b.view(amap, date) {
                v.on_duty = true;
            }
        }
    }
    Ok(b.views.into_values().filter(|v| !v.is_empty()).take(limit).collect())
}

/// Whose baskets the member collects on `date` (handed over to them), as the views of
/// `upcoming_for_member(member, date, 1)` list them: one statement when nobody hands them any.
pub async fn collecting_for_on(
    conn: &mut Conn,
    member: MemberId,
    date: NaiveDate,
) -> CoreResult<Vec<String>> {
    if subscriptions::handovers_to(conn, member).await?.is_empty() {
        return Ok(Vec::new());
    }
    let views = upcoming_for_member(conn, member, date, 1).await?;
    Ok(views
        .into_iter()
        .filter(|v| v.date == date)
        .flat_map(|v| v.for_others.into_iter().map(|o| o.owner))
        .collect())
}

/// The member's next distribution that has not ended yet.
pub async fn next_distribution(
    conn: &mut Conn,
    member: MemberId,
    now: DateTime<Utc>,
) -> CoreResult<Option<DistributionView>> {
    let amaps = directory::amaps_of_member(conn, member).await?;
    let tz = amaps.first().map(|a| a.timezone).unwrap_or(chrono_tz::Europe::Paris);
    let today = local_today(now, tz);
    let views = upcoming_in(conn, member, &amaps, today, 3).await?;
    Ok(views.into_iter().find(|v| {
        let tz = amaps.iter().find(|a| a.id == v.amap_id).map(|a| a.timezone).unwrap_or(tz);
        local_instant(tz, v.date, v.end) > now
    }))
}
