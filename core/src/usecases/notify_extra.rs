//! Reads behind pushed messages (reminders, alerts, farmer totals…), rendered at send time
//! from the current database, and the preview of a referent's manual reminder.
//!
//! The push reads check no rights: the recipient was chosen by the planner or by an action
//! already authorised in core. `remind_preview` is a member action and checks like `remind`.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::baskets::BasketItem;
use super::loaded::{load_committed_subscriptions, load_contract};
use super::remind::RemindAudience;
use super::rights::Rights;
use crate::error::{CoreError, CoreResult, Missing};
use crate::model::{Amap, Contract, Member, MemberStatus, Role};
use crate::rules::deadlines::local_today;
use crate::rules::season::{Collector, DeliveryState};
use crate::rules::state::{ContractState, SubscriptionState};
use crate::store::events::Event;
use crate::store::{Conn, accounts, contracts, directory, duty, events, subscriptions};
use crate::types::{AmapId, ContractId, EventId, MemberId};

/// The person a pushed message is for, with what the conversation layer needs to speak to
/// them (language, AMAP, roles, their account on the transport).
#[derive(Debug, Clone)]
pub struct PushRecipient {
    pub member: Member,
    /// The AMAP the message is about, else the member's first one.
    pub amap: Option<Amap>,
    pub rights: Rights,
    /// The member's account id on the transport of the row (None if it was unlinked since).
    pub external_id: Option<String>,
}

/// None when the member is gone or no longer active.
pub async fn push_recipient(
    conn: &mut Conn,
    member: MemberId,
    amap: Option<AmapId>,
    transport: &str,
    chat_id: &str,
) -> CoreResult<Option<PushRecipient>> {
    let Some(member) = directory::member_by_id(conn, member).await? else { return Ok(None) };
    if member.status != MemberStatus::Active {
        return Ok(None);
    }
    let amap = match amap {
        Some(id) => directory::amap_by_id(conn, id).await?,
        None => None,
    };
    let amap = match amap {
        Some(a) => Some(a),
        None => directory::amaps_of_member(conn, member.id).await?.into_iter().next(),
    };
    let rights = Rights::load(conn, member.id).await?;
    let external_id = accounts::accounts_of(conn, member.id)
        .await?
        .into_iter()
        .find(|a| a.transport == transport && a.chat_id == chat_id)
        .map(|a| a.external_id);
    Ok(Some(PushRecipient { member, amap, rights, external_id }))
}

/// The duty team of one distribution as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShiftState {
    pub slots: u32,
    pub slots_left: u32,
    /// Members on the team with their full names (the team needs to know who they work with).
    pub team: Vec<(MemberId, String)>,
}

/// None when the AMAP has no distribution that day (any more).
pub async fn shift_state(conn: &mut Conn, amap: &Amap, date: NaiveDate) -> CoreResult<Option<ShiftState>> {
    if contracts::distribution_dates(conn, amap.id, date, 1).await?.first() != Some(&date) {
        return Ok(None);
    }
    let (slots, taken, ids) = match duty::shift(conn, amap.id, date).await? {
        Some(s) => (s.slots, s.taken, duty::team_of(conn, s.id).await?),
        None => (amap.duty_slots, 0, Vec::new()),
    };
    let mut team = Vec::new();
    for id in ids {
        if let Some(m) = directory::member_by_id(conn, id).await? {
            team.push((id, m.full_name()));
        }
    }
    Ok(Some(ShiftState { slots, slots_left: slots.saturating_sub(taken), team }))
}

/// A contract as a signature request or reminder presents it, seen by one member.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractBrief {
    pub contract: Contract,
    pub farm: String,
    /// Full names of its referents.
    pub referents: Vec<String>,
    /// Subscriptions signed by their member, waiting for the farmer's countersignature.
    pub awaiting_countersignature: usize,
    /// The member has a signed (committed) subscription to it.
    pub member_signed: bool,
}

/// None when the contract no longer exists.
pub async fn contract_brief(
    conn: &mut Conn,
    contract: ContractId,
    member: MemberId,
) -> CoreResult<Option<ContractBrief>> {
    let Some(contract) = contracts::contract_by_id(conn, contract).await? else { return Ok(None) };
    let farm = directory::farm_by_id(conn, contract.farm_id).await?.map(|f| f.name).unwrap_or_default();
    let referents = directory::holders_of(conn, Role::Referent(contract.id))
        .await?
        .iter()
        .map(Member::full_name)
        .collect();
    let subs = subscriptions::subscriptions_of_contract(conn, contract.id).await?;
    let awaiting_countersignature =
        subs.iter().filter(|s| s.state == SubscriptionState::MemberSigned).count();
    let member_signed = subs.iter().any(|s| s.member_id == member && s.state.is_committed());
    Ok(Some(ContractBrief { contract, farm, referents, awaiting_countersignature, member_signed }))
}

/// How the baskets of one contract leave a distribution, read off the sign-in sheet's pickups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Handout {
    /// Baskets handed out that day (a postponed basket counts on its own).
    pub baskets: u32,
    /// Members who come for their own basket(s).
    pub owners: u32,
    /// Baskets collected by another member or a guest.
    pub handed_over: u32,
    /// Baskets given up, left to the volunteers.
    pub donated: u32,
    /// Baskets postponed from an earlier delivery (double baskets).
    pub postponed: u32,
}

pub async fn handout(conn: &mut Conn, contract: ContractId, date: NaiveDate) -> CoreResult<Handout> {
    let loaded = load_contract(conn, contract).await?;
    let subs = load_committed_subscriptions(conn, contract).await?;
    let mut out = Handout::default();
    let mut owners = BTreeSet::new();
    for sub in &subs {
        for p in loaded.pickups(sub).iter().filter(|p| p.date == date) {
            out.baskets += 1;
            out.postponed += u32::from(p.postponed);
            match p.collector {
                Collector::Owner => {
                    owners.insert(sub.row.member_id);
                }
                Collector::Member(_) | Collector::Guest(_) => out.handed_over += 1,
                Collector::Donated => out.donated += 1,
            }
        }
    }
    out.owners = u32::try_from(owners.len()).unwrap_or(u32::MAX);
    Ok(out)
}

/// In which capacity someone wrote about a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SenderRole {
    Referent,
    Farmer,
    Admin,
}

/// The role, for this contract, of the person whose full name is `name` (the manual
/// reminder's payload only keeps the name); None when nobody of that name manages it now.
pub async fn sender_role(conn: &mut Conn, contract: &Contract, name: &str) -> CoreResult<Option<SenderRole>> {
    let candidates = [
        (Role::Referent(contract.id), SenderRole::Referent),
        (Role::Farmer(contract.farm_id), SenderRole::Farmer),
        (Role::Admin(contract.amap_id), SenderRole::Admin),
    ];
    for (role, label) in candidates {
        if directory::holders_of(conn, role).await?.iter().any(|m| m.full_name() == name) {
            return Ok(Some(label));
        }
    }
    Ok(None)
}

/// What the member's subscription held for the delivery happening (or cancelled) on `date`,
/// whatever became of it since: what a cancellation takes away. Empty when nothing.
pub async fn delivery_items(
    conn: &mut Conn,
    contract: ContractId,
    member: MemberId,
    date: NaiveDate,
) -> CoreResult<Vec<BasketItem>> {
    let loaded = load_contract(conn, contract).await?;
    let Some(delivery) = loaded
        .deliveries
        .iter()
        .filter(|d| d.date == date)
        .min_by_key(|d| (d.state == DeliveryState::Planned, d.scheduled))
    else {
        return Ok(Vec::new());
    };
    let Some(sub) = subscriptions::subscription_for(conn, contract, member).await? else {
        return Ok(Vec::new());
    };
    if !sub.state.is_committed() {
        return Ok(Vec::new());
    }
    let grid = subscriptions::grid_of(conn, sub.id).await?;
    Ok(loaded
        .products
        .iter()
        .filter(|p| p.offered_on(delivery.scheduled))
        .filter_map(|p| {
            let cell = grid.iter().find(|c| c.product == p.id && c.date == delivery.scheduled)?;
            (!cell.quantity.is_zero()).then(|| BasketItem {
                contract_id: contract,
                contract: loaded.contract.name.clone(),
                product: p.slug.to_string(),
                product_name: p.name.clone(),
                unit: p.unit.clone(),
                quantity: cell.quantity.get(),
                postponed_from: None,
            })
        })
        .collect())
}

/// An event and the member's answer so far ("yes", "no", "maybe").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventBrief {
    pub event: Event,
    pub answer: Option<String>,
}

pub async fn event_brief(
    conn: &mut Conn,
    event: EventId,
    member: MemberId,
) -> CoreResult<Option<EventBrief>> {
    let Some(event) = events::event_by_id(conn, event).await? else { return Ok(None) };
    let answer =
        events::rsvps_of(conn, event.id).await?.into_iter().find(|(m, _)| *m == member).map(|(_, a)| a);
    Ok(Some(EventBrief { event, answer }))
}

/// What a manual reminder about a contract would reach, before the referent confirms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemindPreview {
    pub contract: Contract,
    /// Members with a signed subscription (the `Subscribers` audience).
    pub subscribers: usize,
    /// Members of the AMAP who have not signed it (the `Unsigned` audience).
    pub unsigned: usize,
    /// The contract's next planned delivery from today, if any.
    pub next_delivery: Option<NaiveDate>,
    /// Subscriptions are open: a signature reminder makes sense.
    pub open: bool,
}

impl RemindPreview {
    pub fn audience_size(&self, audience: RemindAudience) -> usize {
        match audience {
            RemindAudience::Subscribers => self.subscribers,
            RemindAudience::Unsigned => self.unsigned,
        }
    }
}

/// The same audiences as `remind::remind`, counted; for the contract's managers only.
pub async fn remind_preview(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    now: DateTime<Utc>,
) -> CoreResult<RemindPreview> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    rights.require_manager_of(&loaded.contract)?;
    let amap = directory::amap_by_id(conn, loaded.contract.amap_id)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(loaded.contract.amap_id.to_string())))?;
    let signed: Vec<MemberId> =
        load_committed_subscriptions(conn, contract).await?.iter().map(|s| s.row.member_id).collect();
    let unsigned =
        directory::members_of_amap(conn, amap.id).await?.iter().filter(|m| !signed.contains(&m.id)).count();
    let today = local_today(now, amap.timezone);
    let next_delivery = loaded
        .deliveries
        .iter()
        .filter(|d| d.state == DeliveryState::Planned && d.date >= today)
        .map(|d| d.date)
        .min();
    let open = loaded.contract.state == ContractState::Open;
    Ok(RemindPreview { contract: loaded.contract, subscribers: signed.len(), unsigned, next_delivery, open })
}
