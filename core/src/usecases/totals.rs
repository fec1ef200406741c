//! The farmer's order totals for one delivery date of a contract.

use chrono::NaiveDate;
use serde::Serialize;

use super::admin_extra::ContractDates;
use super::loaded::{LoadedContract, load_committed_subscriptions_on, load_contract};
use super::rights::Rights;
use crate::error::{CoreError, CoreResult, Missing};
use crate::rules::season::DeliveryState;
use crate::rules::season::sum_items;
use crate::store::{Conn, directory};
use crate::types::{ContractId, MemberId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductTotal {
    pub product: String,
    pub name: String,
    #[serde(skip)]
    pub unit: Option<String>,
    pub quantity: u64,
}

/// JSON shape: `{"contract","date","products":[{"product","name","quantity"}],"subscribers","amount_cents"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryTotals {
    pub contract: String,
    #[serde(skip)]
    pub contract_name: String,
    pub date: NaiveDate,
    pub products: Vec<ProductTotal>,
    pub subscribers: u64,
    pub amount_cents: i64,
}

/// Totals for what is handed out on `date` (after moves and postponements), whoever collects.
/// Server-side: no rights checked; members go through `farmer_totals`.
pub async fn delivery_totals(
    conn: &mut Conn,
    contract: ContractId,
    date: NaiveDate,
) -> CoreResult<DeliveryTotals> {
    let loaded = load_contract(conn, contract).await?;
    totals_of(conn, &loaded, date).await
}

/// `delivery_totals` of a contract already loaded.
pub async fn totals_of(
    conn: &mut Conn,
    loaded: &LoadedContract,
    date: NaiveDate,
) -> CoreResult<DeliveryTotals> {
    let subs = load_committed_subscriptions_on(conn, loaded, date).await?;
    let mut day_pickups = Vec::new();
    let mut subscribers = 0u64;
    for sub in &subs {
        let mine: Vec<_> = loaded.pickups(sub).into_iter().filter(|p| p.date == date).collect();
        if !mine.is_empty() {
            subscribers += 1;
        }
        day_pickups.extend(mine);
    }
    if day_pickups.is_empty() && loaded.delivery_on(date).is_none() {
        return Err(CoreError::NotFound(Missing::Delivery(date)));
    }
    let sums = sum_items(&day_pickups);
    let mut amount_cents = 0i64;
    let mut products = Vec::new();
    for product in &loaded.products {
        let quantity = sums.get(&product.id).copied().unwrap_or(0);
        // A merged move puts two deliveries on one date: the product shows if either offers it.
        let offered = loaded
            .deliveries
            .iter()
            .filter(|d| d.date == date && d.state == DeliveryState::Planned)
            .any(|d| product.offered_on(d.scheduled));
        if quantity == 0 && !offered {
            continue;
        }
        let line = product.price.0.saturating_mul(i64::try_from(quantity).unwrap_or(i64::MAX));
        amount_cents = amount_cents.saturating_add(line);
        products.push(ProductTotal {
            product: product.slug.to_string(),
            name: product.name.clone(),
            unit: product.unit.clone(),
            quantity,
        });
    }
    Ok(DeliveryTotals {
        contract: loaded.contract.slug.to_string(),
        contract_name: loaded.contract.name.clone(),
        date,
        products,
        subscribers,
        amount_cents,
    })
}

/// The same totals for a referent, a farmer of the contract's farm, or an AMAP admin.
pub async fn farmer_totals(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    date: NaiveDate,
) -> CoreResult<DeliveryTotals> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    rights.require_manager_of(&loaded.contract)?;
    totals_of(conn, &loaded, date).await
}

/// What `totaux` shows: the contract's coming dates (`admin_extra::contract_dates` from `from`,
/// at most `limit`) and `farmer_totals` of `date` (`NotFound(Delivery)` when nothing is handed
/// out then), with the rights and the contract read once.
pub async fn farmer_totals_with_dates(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    date: NaiveDate,
    from: NaiveDate,
    limit: usize,
) -> CoreResult<(ContractDates, CoreResult<DeliveryTotals>)> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    rights.require_manager_of(&loaded.contract)?;
    let dates = dates_of_loaded(conn, &loaded, from, limit).await?;
    Ok((dates, totals_of(conn, &loaded, date).await))
}

/// `admin_extra::contract_dates` of a contract already loaded (rights checked by the caller).
pub(crate) async fn dates_of_loaded(
    conn: &mut Conn,
    loaded: &LoadedContract,
    from: NaiveDate,
    limit: usize,
) -> CoreResult<ContractDates> {
    let mut upcoming: Vec<NaiveDate> = loaded
        .deliveries
        .iter()
        .filter(|d| d.state == DeliveryState::Planned && d.date >= from)
        .map(|d| d.date)
        .collect();
    upcoming.sort();
    upcoming.dedup();
    upcoming.truncate(limit);
    let amap = loaded.contract.amap_id;
    let amap_name = directory::amap_by_id(conn, amap)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap.to_string())))?
        .name;
    Ok(ContractDates {
        contract: loaded.contract.id,
        slug: loaded.contract.slug.to_string(),
        name: loaded.contract.name.clone(),
        amap_name,
        upcoming,
        first: loaded.deliveries.iter().map(|d| d.scheduled).min(),
        last: loaded.deliveries.iter().map(|d| d.scheduled).max(),
    })
}
