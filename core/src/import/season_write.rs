//! Applies a checked season file to the store in one transaction, rewriting only what differs.

use std::collections::HashMap;
use std::ops::Range;

use chrono::{DateTime, NaiveDate, Utc};

use super::error::{ImportError, Problem};
use super::records::{OrStore, grant, upsert_member};
use super::season::SeasonReport;
use super::toml_in::Src;
use super::{Change, change_of};
use crate::model::{Amap, ContractRules, Role};
use crate::rules::season::DeliveryState;
use crate::rules::state::ContractState;
use crate::store::contracts::{self, ContractFields, ProductFields};
use crate::store::directory::{self, AmapFields, FarmFields, MemberFields};
use crate::store::{Conn, Store};
use crate::types::{AmapId, ContractId, FarmId, NetworkId, Slug};

pub(crate) struct NetworkPlan {
    pub slug: Slug,
    pub name: Option<String>,
    pub span: Range<usize>,
}

pub(crate) struct FarmPlan {
    pub fields: FarmFields,
    pub farmers: Vec<MemberFields>,
}

pub(crate) struct ContractPlan {
    pub slug: Slug,
    pub name: String,
    pub farm: Slug,
    pub farm_span: Range<usize>,
    pub season: String,
    pub state: ContractState,
    /// Defaults to the farm's name.
    pub payee: Option<String>,
    pub rules: ContractRules,
    pub dates: Vec<NaiveDate>,
    pub products: Vec<ProductFields>,
}

pub(crate) struct SeasonPlan {
    pub network: Option<NetworkPlan>,
    pub amap: AmapFields,
    pub farms: Vec<FarmPlan>,
    pub contracts: Vec<ContractPlan>,
}

pub(crate) async fn apply(
    store: &Store,
    src: &Src<'_>,
    plan: SeasonPlan,
    now: DateTime<Utc>,
) -> Result<SeasonReport, ImportError> {
    let file = src.file;
    let mut tx = store.write_tx().await.or_store(file)?;
    let mut report = SeasonReport { amap: plan.amap.slug.to_string(), ..SeasonReport::default() };
    let mut amap = plan.amap;
    if let Some(n) = &plan.network {
        amap.network_id = Some(network(&mut tx, src, n, now, &mut report).await?);
    }
    let old = directory::amap_by_slug(&mut tx, amap.slug.as_str()).await.or_store(file)?;
    let old_id = old.as_ref().map(|a| a.id);
    let change = change_of(old, |old| same_amap(&old, &amap));
    report.amaps.count(change);
    let amap_id = match (change, old_id) {
        (Change::Unchanged, Some(id)) => id,
        _ => directory::upsert_amap(&mut tx, &amap, now).await.or_store(file)?,
    };

    let mut farms: HashMap<Slug, (FarmId, String)> = HashMap::new();
    for farm in &plan.farms {
        let id = upsert_farm(&mut tx, file, &farm.fields, now, &mut report).await?;
        for farmer in &farm.farmers {
            let (member, change) = upsert_member(&mut tx, file, farmer, now).await?;
            report.members.count(change);
            for role in [Role::Member(amap_id), Role::Farmer(id)] {
                let change = grant(&mut tx, file, member, role, amap_id).await?;
                report.roles.count(change);
            }
        }
        farms.insert(farm.fields.slug.clone(), (id, farm.fields.name.clone()));
    }

    for contract in plan.contracts {
        let (farm_id, farm_name) = match farms.get(&contract.farm) {
            Some(found) => found.clone(),
            None => {
                let found = directory::farm_by_slug(&mut tx, contract.farm.as_str()).await.or_store(file)?;
                let Some(farm) = found else {
                    let problem = Problem::UnknownFarm(contract.farm.to_string());
                    return Err(src.err(contract.farm_span.clone(), "farm", problem));
                };
                (farm.id, farm.name)
            }
        };
        let farm = (farm_id, farm_name);
        let id = upsert_contract(&mut tx, file, amap_id, farm, &contract, now, &mut report).await?;
        deliveries(&mut tx, file, id, &contract.dates, &mut report).await?;
        products(&mut tx, file, id, &contract.products, &mut report).await?;
    }
    tx.commit().await.or_store(file)?;
    Ok(report)
}

async fn network(
    conn: &mut Conn,
    src: &Src<'_>,
    n: &NetworkPlan,
    now: DateTime<Utc>,
    report: &mut SeasonReport,
) -> Result<NetworkId, ImportError> {
    let old = directory::network_by_slug(conn, n.slug.as_str()).await.or_store(src.file)?;
    let name = match (&n.name, &old) {
        (Some(name), _) => name.clone(),
        (None, Some(old)) => old.name.clone(),
        (None, None) => return Err(src.err(n.span.clone(), "network_name", Problem::MissingKey)),
    };
    let old_id = old.as_ref().map(|o| o.id);
    let change = change_of(old, |o| o.name == name);
    report.networks.count(change);
    match (change, old_id) {
        (Change::Unchanged, Some(id)) => Ok(id),
        _ => directory::upsert_network(conn, &n.slug, &name, now).await.or_store(src.file),
    }
}

fn same_amap(old: &Amap, new: &AmapFields) -> bool {
    old.name == new.name
        && old.network_id == new.network_id
        && old.timezone == new.timezone
        && old.place_name == new.place_name
        && old.address == new.address
        && old.latitude == new.latitude
        && old.longitude == new.longitude
        && old.weekday == new.weekday
        && old.window == new.window
        && old.duty_slots == new.duty_slots
        && old.default_language == new.default_language
        && old.contact_email == new.contact_email
}

async fn upsert_farm(
    conn: &mut Conn,
    file: &str,
    f: &FarmFields,
    now: DateTime<Utc>,
    report: &mut SeasonReport,
) -> Result<FarmId, ImportError> {
    let old = directory::farm_by_slug(conn, f.slug.as_str()).await.or_store(file)?;
    let old_id = old.as_ref().map(|o| o.id);
    let change = change_of(old, |o| {
        o.name == f.name && o.address == f.address && o.latitude == f.latitude && o.longitude == f.longitude
    });
    report.farms.count(change);
    match (change, old_id) {
        (Change::Unchanged, Some(id)) => Ok(id),
        _ => directory::upsert_farm(conn, f, now).await.or_store(file),
    }
}

async fn upsert_contract(
    conn: &mut Conn,
    file: &str,
    amap_id: AmapId,
    (farm_id, farm_name): (FarmId, String),
    c: &ContractPlan,
    now: DateTime<Utc>,
    report: &mut SeasonReport,
) -> Result<ContractId, ImportError> {
    let mut rules = c.rules.clone();
    rules.payee = c.payee.clone().unwrap_or(farm_name);
    let fields = ContractFields {
        amap_id,
        farm_id,
        slug: c.slug.clone(),
        name: c.name.clone(),
        season: c.season.clone(),
        state: c.state,
        rules,
    };
    let old = contracts::contracts_by_slug(conn, c.slug.as_str(), Some(amap_id))
        .await
        .or_store(file)?
        .into_iter()
        .next();
    let old_id = old.as_ref().map(|o| o.id);
    let change = change_of(old, |o| {
        o.farm_id == fields.farm_id
            && o.name == fields.name
            && o.season == fields.season
            && o.state == fields.state
            && o.rules == fields.rules
    });
    report.contracts.count(change);
    match (change, old_id) {
        (Change::Unchanged, Some(id)) => Ok(id),
        _ => contracts::upsert_contract(conn, &fields, now).await.or_store(file),
    }
}

async fn deliveries(
    conn: &mut Conn,
    file: &str,
    contract: ContractId,
    dates: &[NaiveDate],
    report: &mut SeasonReport,
) -> Result<(), ImportError> {
    let existing = contracts::deliveries_of(conn, contract).await.or_store(file)?;
    let mut added = 0;
    for date in dates {
        if existing.iter().any(|d| d.scheduled == *date) {
            report.deliveries.unchanged += 1;
        } else {
            report.deliveries.created += 1;
            added += 1;
        }
    }
    let removed = existing
        .iter()
        .filter(|d| d.state == DeliveryState::Planned && d.date == d.scheduled)
        .filter(|d| !dates.contains(&d.scheduled))
        .count() as u32;
    report.deliveries_removed += removed;
    if added > 0 || removed > 0 {
        contracts::set_delivery_dates(conn, contract, dates).await.or_store(file)?;
    }
    Ok(())
}

async fn products(
    conn: &mut Conn,
    file: &str,
    contract: ContractId,
    products: &[ProductFields],
    report: &mut SeasonReport,
) -> Result<(), ImportError> {
    let existing = contracts::products_of(conn, contract).await.or_store(file)?;
    for p in products {
        let old = existing.iter().enumerate().find(|(_, o)| o.slug == p.slug);
        let change = change_of(old, |(index, o)| {
            o.name == p.name
                && o.unit == p.unit
                && o.price == p.price
                && o.only_dates == p.only_dates
                && o.excluded_dates == p.excluded_dates
                && index == p.position as usize
        });
        report.products.count(change);
        if change != Change::Unchanged {
            contracts::upsert_product(conn, contract, p).await.or_store(file)?;
        }
    }
    Ok(())
}
