//! Delivery tracking: a member confirms pick-up, the duty team ticks the sign-in sheet.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::baskets::BasketItem;
use super::duty::is_on_duty;
use super::loaded::{LoadedContract, load_committed_subscriptions, load_contract};
use super::rights::Rights;
use crate::error::{CoreError, CoreResult, Forbidden, Invalid, Missing};
use crate::rules::deadlines::local_today;
use crate::rules::season::{Collector, Pickup};
use crate::store::{Conn, contracts, directory, subscriptions};
use crate::types::{AmapId, MemberId, SubscriptionId};

/// How a basket ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BasketOutcome {
    Collected,
    HandedOver,
    Postponed,
    Donated,
    NotCollected,
    Unconfirmed,
}

impl BasketOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Collected => "collected",
            Self::HandedOver => "handed_over",
            Self::Postponed => "postponed",
            Self::Donated => "donated",
            Self::NotCollected => "not_collected",
            Self::Unconfirmed => "unconfirmed",
        }
    }
}

/// One line of the sign-in sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetRow {
    pub subscription: SubscriptionId,
    /// Full name: the duty team checks names on site.
    pub owner: String,
    /// Who actually takes it, when not the owner.
    pub collector: Option<String>,
    pub donated: bool,
    pub items: Vec<BasketItem>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignInSheet {
    pub amap_name: String,
    pub date: NaiveDate,
    pub rows: Vec<SheetRow>,
}

fn items(loaded: &LoadedContract, pickup: &Pickup) -> Vec<BasketItem> {
    pickup
        .items
        .iter()
        .filter_map(|(id, q)| {
            let p = loaded.product_name(*id)?;
            Some(BasketItem {
                contract_id: loaded.contract.id,
                contract: loaded.contract.name.clone(),
                product: p.slug.to_string(),
                product_name: p.name.clone(),
                unit: p.unit.clone(),
                quantity: q.get(),
                postponed_from: pickup.postponed.then_some(pickup.from),
            })
        })
        .collect()
}

/// Every contract of the AMAP with a pickup on `date`, and those pickups per subscription.
async fn day_pickups(
    conn: &mut Conn,
    amap: AmapId,
    date: NaiveDate,
) -> CoreResult<Vec<(LoadedContract, Vec<(SubscriptionId, MemberId, Pickup)>)>> {
    let mut out = Vec::new();
    for contract in contracts::contracts_of_amap(conn, amap).await? {
        if !contract.state.delivers() {
            continue;
        }
        let loaded = load_contract(conn, contract.id).await?;
        let mut rows = Vec::new();
        for sub in load_committed_subscriptions(conn, contract.id).await? {
            for p in loaded.pickups(&sub).into_iter().filter(|p| p.date == date) {
                rows.push((sub.row.id, sub.row.member_id, p));
            }
        }
        if !rows.is_empty() {
            out.push((loaded, rows));
        }
    }
    Ok(out)
}

async fn require_sheet_access(
    conn: &mut Conn,
    rights: &Rights,
    amap: AmapId,
    date: NaiveDate,
    contracts: &[&LoadedContract],
) -> CoreResult<()> {
    let allowed = rights.is_admin_of(amap)
        || contracts.iter().any(|c| rights.manages(&c.contract))
        || is_on_duty(conn, rights.member, amap, date).await?;
    if allowed { Ok(()) } else { Err(CoreError::Forbidden(Forbidden::ReferentsOnly)) }
}

pub async fn signin_sheet(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    date: NaiveDate,
) -> CoreResult<SignInSheet> {
    let rights = Rights::load(conn, actor).await?;
    let a = directory::amap_by_id(conn, amap)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap.to_string())))?;
    let day = day_pickups(conn, amap, date).await?;
    require_sheet_access(conn, &rights, amap, date, &day.iter().map(|(c, _)| c).collect::<Vec<_>>()).await?;
    build_sheet(conn, a.name, date, &day).await
}

/// The sheet without a rights check: for the server's operator (the `panier export` CLI).
pub(crate) async fn signin_sheet_unchecked(
    conn: &mut Conn,
    amap: AmapId,
    date: NaiveDate,
) -> CoreResult<SignInSheet> {
    let a = directory::amap_by_id(conn, amap)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap.to_string())))?;
    let day = day_pickups(conn, amap, date).await?;
    build_sheet(conn, a.name, date, &day).await
}

async fn build_sheet(
    conn: &mut Conn,
    amap_name: String,
    date: NaiveDate,
    day: &[(LoadedContract, Vec<(SubscriptionId, MemberId, Pickup)>)],
) -> CoreResult<SignInSheet> {
    let mut rows = Vec::new();
    for (loaded, pickups) in day {
        for (sub, member, pickup) in pickups {
            let owner =
                directory::member_by_id(conn, *member).await?.map(|m| m.full_name()).unwrap_or_default();
            let collector = match &pickup.collector {
                Collector::Member(m) => directory::member_by_id(conn, *m).await?.map(|m| m.full_name()),
                Collector::Guest(g) => Some(g.clone()),
                Collector::Owner | Collector::Donated => None,
            };
            let outcome = subscriptions::outcomes_of(conn, *sub)
                .await?
                .into_iter()
                .find(|(d, _, _)| *d == pickup.from)
                .map(|(_, o, _)| o);
            rows.push(SheetRow {
                subscription: *sub,
                owner,
                collector,
                donated: pickup.collector == Collector::Donated,
                items: items(loaded, pickup),
                outcome,
            });
        }
    }
    rows.sort_by(|a, b| a.owner.cmp(&b.owner).then(a.subscription.cmp(&b.subscription)));
    Ok(SignInSheet { amap_name, date, rows })
}

/// The duty team (or a referent, an admin) ticks one member's baskets of the day.
pub async fn tick_sheet(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    date: NaiveDate,
    owner: MemberId,
    collected: bool,
    now: DateTime<Utc>,
) -> CoreResult<usize> {
    let rights = Rights::load(conn, actor).await?;
    let day = day_pickups(conn, amap, date).await?;
    require_sheet_access(conn, &rights, amap, date, &day.iter().map(|(c, _)| c).collect::<Vec<_>>()).await?;
    let outcome = if collected { BasketOutcome::Collected } else { BasketOutcome::NotCollected };
    let mut ticked = 0;
    for (_, pickups) in &day {
        for (sub, _, pickup) in
            pickups.iter().filter(|(_, m, p)| *m == owner && p.collector != Collector::Donated)
        {
            let outcome = match (&pickup.collector, collected) {
                (Collector::Member(_) | Collector::Guest(_), true) => BasketOutcome::HandedOver,
                _ => outcome,
            };
            subscriptions::record_outcome(
                conn,
                *sub,
                pickup.from,
                outcome.as_str(),
                "sheet",
                Some(actor),
                now,
            )
            .await?;
            ticked += 1;
        }
    }
    if ticked == 0 {
        return Err(Invalid::NothingToCollect.into());
    }
    Ok(ticked)
}

/// A member confirms they collected their baskets of `date` (that day or the week after).
pub async fn confirm_collection(
    conn: &mut Conn,
    actor: MemberId,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<usize> {
    let mut confirmed = 0;
    for row in subscriptions::subscriptions_of_member(conn, actor).await? {
        if !row.state.is_committed() {
            continue;
        }
        let loaded = load_contract(conn, row.contract_id).await?;
        let Some(amap) = directory::amap_by_id(conn, loaded.contract.amap_id).await? else {
            continue;
        };
        let today = local_today(now, amap.timezone);
        if date > today {
            return Err(Invalid::TooEarly.into());
        }
        if (today - date).num_days() > 7 {
            return Err(Invalid::DeadlinePassed.into());
        }
        let sub = super::loaded::load_subscription(conn, row).await?;
        for pickup in
            loaded.pickups(&sub).iter().filter(|p| p.date == date && p.collector == Collector::Owner)
        {
            subscriptions::record_outcome(
                conn,
                sub.row.id,
                pickup.from,
                BasketOutcome::Collected.as_str(),
                "member",
                Some(actor),
                now,
            )
            .await?;
            confirmed += 1;
        }
    }
    if confirmed == 0 {
        return Err(Invalid::NothingToCollect.into());
    }
    Ok(confirmed)
}
