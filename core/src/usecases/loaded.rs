//! Loading a contract's season (products, deliveries, grids, absences) to run the pure rules.

use std::collections::HashMap;

use crate::error::{CoreError, CoreResult, Missing};
use crate::model::{Contract, Product};
use crate::rules::money::GridCell;
use crate::rules::season::{Absence, Delivery, Pickup, SubscriptionSeason, pickups};
use crate::store::subscriptions::SubscriptionRow;
use crate::store::{Conn, contracts, subscriptions};
use crate::types::{ContractId, SubscriptionId};

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
