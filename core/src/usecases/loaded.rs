//! Loading a contract's season (products, deliveries, grids, absences) to run the pure rules.

use std::collections::HashMap;

use crate::error::{CoreError, CoreResult, Missing};
use crate::model::{Contract, Product};
use crate::rules::money::GridCell;
use crate::rules::season::{Absence, Delivery, Pickup, SubscriptionSeason, pickups};
use crate::store::subscriptions::SubscriptionRow;
use crate::store::{Conn, contracts, subscriptions};
use crate::types::{ContractId, MemberId, SubscriptionId};

/// A contract with what every pickup computation needs.
#[derive(Debug, Clone)]
pub struct LoadedContract {
    pub contract: Contract,
    pub products: Vec<Product>,
    pub deliveries: Vec<Delivery>,
}

/// A subscription with its grid and absences.
#[derive(Debug, Clone)]
pub struct LoadedSubscription {
    pub row: SubscriptionRow,
    pub grid: Vec<GridCell>,
    pub absences: Vec<Absence>,
}

impl LoadedContract {
    pub fn pickups(&self, sub: &LoadedSubscription) -> Vec<Pickup> {
        pickups(&SubscriptionSeason {
            products: &self.products,
            deliveries: &self.deliveries,
            grid: &sub.grid,
            absences: &sub.absences,
        })
    }

    pub fn product_name(&self, id: crate::types::ProductId) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The delivery happening on `date` (after moves), if any.
    pub fn delivery_on(&self, date: chrono::NaiveDate) -> Option<&Delivery> {
        self.deliveries
            .iter()
            .find(|d| d.date == date && d.state == crate::rules::season::DeliveryState::Planned)
    }
}

pub async fn load_contract(conn: &mut Conn, id: ContractId) -> CoreResult<LoadedContract> {
    let contract = contracts::contract_by_id(conn, id)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Contract(id.to_string())))?;
    let products = contracts::products_of(conn, id).await?;
    let deliveries = contracts::deliveries_of(conn, id).await?;
    Ok(LoadedContract { contract, products, deliveries })
}

pub async fn load_subscription(conn: &mut Conn, row: SubscriptionRow) -> CoreResult<LoadedSubscription> {
    let grid = subscriptions::grid_of(conn, row.id).await?;
    let absences = subscriptions::absences_of(conn, row.id).await?;
    Ok(LoadedSubscription { row, grid, absences })
}

/// Every subscription of a member (by id, any state) with its contract's season, in seven
/// statements whatever their number (`store::seasons`); the same data as `load_contract` and
/// `load_subscription` per subscription.
pub async fn load_member_seasons(
    conn: &mut Conn,
    member: MemberId,
) -> CoreResult<Vec<(LoadedContract, LoadedSubscription)>> {
    let mut s = crate::store::seasons::member_seasons(conn, member).await?;
    let mut out = Vec::with_capacity(s.subscriptions.len());
    for row in std::mem::take(&mut s.subscriptions) {
        let id = row.contract_id;
        // A member subscribes at most once to a contract: each contract is taken once.
        let contract =
            s.contracts.remove(&id).ok_or_else(|| CoreError::NotFound(Missing::Contract(id.to_string())))?;
        let loaded = LoadedContract {
            contract,
            products: s.products.remove(&id).unwrap_or_default(),
            deliveries: s.deliveries.remove(&id).unwrap_or_default(),
        };
        let sub = LoadedSubscription {
            grid: s.grids.remove(&row.id).unwrap_or_default(),
            absences: s.absences.remove(&row.id).unwrap_or_default(),
            row,
        };
        out.push((loaded, sub));
    }
    Ok(out)
}

/// All committed subscriptions of a contract, loaded in three queries.
pub async fn load_committed_subscriptions(
    conn: &mut Conn,
    contract: ContractId,
) -> CoreResult<Vec<LoadedSubscription>> {
    let rows = subscriptions::subscriptions_of_contract(conn, contract).await?;
    let mut grids: HashMap<SubscriptionId, Vec<GridCell>> = HashMap::new();
    for (sub, cell) in subscriptions::grids_of_contract(conn, contract).await? {
        grids.entry(sub).or_default().push(cell);
    }
    let mut absences: HashMap<SubscriptionId, Vec<Absence>> = HashMap::new();
    for (sub, absence) in subscriptions::absences_of_contract(conn, contract).await? {
        absences.entry(sub).or_default().push(absence);
    }
    Ok(rows
        .into_iter()
        .filter(|r| r.state.is_committed())
        .map(|row| LoadedSubscription {
            grid: grids.remove(&row.id).unwrap_or_default(),
            absences: absences.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// The committed subscriptions of a contract with only the grid cells whose baskets can be
/// handed out on `date`: those of the deliveries happening then and of the postponed ones
/// (which may land then). `pickups` on `date` are the same as with the whole grid, for a
/// fraction of the rows (a farmer's totals of one day).
pub async fn load_committed_subscriptions_on(
    conn: &mut Conn,
    loaded: &LoadedContract,
    date: chrono::NaiveDate,
) -> CoreResult<Vec<LoadedSubscription>> {
    let contract = loaded.contract.id;
    let rows = subscriptions::subscriptions_of_contract(conn, contract).await?;
    let mut dates: Vec<chrono::NaiveDate> =
        loaded.deliveries.iter().filter(|d| d.date == date).map(|d| d.scheduled).collect();
    let mut absences: HashMap<SubscriptionId, Vec<Absence>> = HashMap::new();
    for (sub, absence) in subscriptions::absences_of_contract(conn, contract).await? {
        if absence.mode == crate::model::AbsenceMode::Postpone {
            dates.push(absence.scheduled);
        }
        absences.entry(sub).or_default().push(absence);
    }
    dates.sort();
    dates.dedup();
    let mut grids: HashMap<SubscriptionId, Vec<GridCell>> = HashMap::new();
    for (sub, cell) in crate::store::planning::grid_cells(conn, &[contract], &dates).await? {
        grids.entry(sub).or_default().push(cell);
    }
    Ok(rows
        .into_iter()
        .filter(|r| r.state.is_committed())
        .map(|row| LoadedSubscription {
            grid: grids.remove(&row.id).unwrap_or_default(),
            absences: absences.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}
