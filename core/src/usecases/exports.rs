//! What the people who run an AMAP export as files: the sign-in sheet of a distribution, a
//! contract's quantities per member and date (Clic'AMAP's shape), and the members list.
//! Rights are checked here: a member gets only what their roles allow; the server's operator
//! (the `panier export` CLI, who holds the database) gets everything.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::admin_extra::{self, MemberSheet};
use super::collection;
use super::loaded::{load_committed_subscriptions, load_contract};
use super::rights::Rights;
use crate::error::{CoreError, CoreResult, Missing};
use crate::model::{Amap, Contract, Role};
use crate::rules::season::{DeliveryState, sum_items};
use crate::store::{Conn, contracts, directory};
use crate::types::{AmapId, MemberId};

/// Who asks for an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// A member, through the chat: their roles decide.
    Member(MemberId),
    /// The server's operator on the command line.
    Operator,
}

pub async fn amap_by_slug(conn: &mut Conn, slug: &str) -> CoreResult<Amap> {
    directory::amap_by_slug(conn, slug).await?.ok_or_else(|| CoreError::NotFound(Missing::Amap(slug.into())))
}

/// The contract `slug` of the AMAP `amap`.
pub async fn contract_by_slug(conn: &mut Conn, amap: AmapId, slug: &str) -> CoreResult<Contract> {
    contracts::contracts_by_slug(conn, slug, Some(amap))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| CoreError::NotFound(Missing::Contract(slug.into())))
}

/// The sign-in sheet of a distribution, one line per member, all contracts merged: for the
/// duty team of that day, the referents and farmers delivering, the AMAP's admins.
pub async fn signin_sheet(
    conn: &mut Conn,
    viewer: Viewer,
    amap: AmapId,
    date: NaiveDate,
) -> CoreResult<MemberSheet> {
    match viewer {
        Viewer::Member(actor) => admin_extra::signin_sheet_by_member(conn, actor, amap, date).await,
        Viewer::Operator => {
            let sheet = collection::signin_sheet_unchecked(conn, amap, date).await?;
            admin_extra::merge_by_member(conn, sheet).await
        }
    }
}

/// A product column of the contract export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductColumn {
    pub slug: String,
    pub name: String,
    pub unit: Option<String>,
    pub price_cents: i64,
}

/// One member's quantities on one date, one per product column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberQuantities {
    pub member: MemberId,
    pub last_name: String,
    pub first_name: String,
    pub quantities: Vec<u64>,
    pub amount_cents: i64,
}

/// One delivery date: a sheet of the workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateQuantities {
    pub date: NaiveDate,
    pub rows: Vec<MemberQuantities>,
    /// Per product column: the sum of the rows (what the farmer brings).
    pub totals: Vec<u64>,
    pub amount_cents: i64,
}

/// A contract's quantities per member and per delivery date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContractQuantities {
    pub amap_name: String,
    pub contract: String,
    pub contract_name: String,
    pub farm_name: String,
    pub products: Vec<ProductColumn>,
    pub dates: Vec<DateQuantities>,
}

/// For the contract's referents, the farmers of its farm and the AMAP's admins. Quantities
/// are what is handed out on each date (after moves and postponements), on the owner's line
/// whoever collects; a donated basket still counts, as in the farmer's totals.
pub async fn contract_quantities(
    conn: &mut Conn,
    viewer: Viewer,
    contract: crate::types::ContractId,
) -> CoreResult<ContractQuantities> {
    let loaded = load_contract(conn, contract).await?;
    if let Viewer::Member(actor) = viewer {
        Rights::load(conn, actor).await?.require_manager_of(&loaded.contract)?;
    }
    let amap_name =
        directory::amap_by_id(conn, loaded.contract.amap_id).await?.map(|a| a.name).unwrap_or_default();
    let farm_name =
        directory::farm_by_id(conn, loaded.contract.farm_id).await?.map(|f| f.name).unwrap_or_default();
    let products: Vec<ProductColumn> = loaded
        .products
        .iter()
        .map(|p| ProductColumn {
            slug: p.slug.to_string(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            price_cents: p.price.0,
        })
        .collect();
    let subs = load_committed_subscriptions(conn, contract).await?;
    // (date, member) -> per product quantities.
    let mut cells: BTreeMap<NaiveDate, BTreeMap<MemberId, BTreeMap<crate::types::ProductId, u64>>> =
        BTreeMap::new();
    let mut dates: BTreeSet<NaiveDate> =
        loaded.deliveries.iter().filter(|d| d.state == DeliveryState::Planned).map(|d| d.date).collect();
    for sub in &subs {
        for pickup in loaded.pickups(sub) {
            dates.insert(pickup.date);
            let line = cells.entry(pickup.date).or_default().entry(sub.row.member_id).or_default();
            for (product, q) in sum_items([&pickup]) {
                *line.entry(product).or_insert(0) += q;
            }
        }
    }
    let mut names: BTreeMap<MemberId, (String, String)> = BTreeMap::new();
    for sub in &subs {
        if let Some(m) = directory::member_by_id(conn, sub.row.member_id).await? {
            names.insert(m.id, (m.last_name, m.first_name));
        }
    }
    let amount = |quantities: &[u64]| -> i64 {
        quantities.iter().zip(&loaded.products).fold(0i64, |acc, (q, p)| {
            acc.saturating_add(p.price.0.saturating_mul(i64::try_from(*q).unwrap_or(i64::MAX)))
        })
    };
    let mut out = Vec::new();
    for date in dates {
        let mut rows: Vec<MemberQuantities> = cells
            .remove(&date)
            .unwrap_or_default()
            .into_iter()
            .map(|(member, per)| {
                let quantities: Vec<u64> =
                    loaded.products.iter().map(|p| per.get(&p.id).copied().unwrap_or(0)).collect();
                let (last_name, first_name) = names.get(&member).cloned().unwrap_or_default();
                MemberQuantities {
                    member,
                    last_name,
                    first_name,
                    amount_cents: amount(&quantities),
                    quantities,
                }
            })
            .filter(|r| r.quantities.iter().any(|q| *q > 0))
            .collect();
        rows.sort_by_cached_key(|r| {
            (crate::text::fold(&r.last_name), crate::text::fold(&r.first_name), r.member)
        });
        let totals: Vec<u64> =
            (0..products.len()).map(|i| rows.iter().map(|r| r.quantities[i]).sum()).collect();
        out.push(DateQuantities { date, amount_cents: amount(&totals), rows, totals });
    }
    Ok(ContractQuantities {
        amap_name,
        contract: loaded.contract.slug.to_string(),
        contract_name: loaded.contract.name.clone(),
        farm_name,
        products,
        dates: out,
    })
}

/// One member of the list, in the shape `panier import members` reads back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberLine {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    /// `admin`, `referent:CONTRACT`, `farmer:FARM`, for this AMAP only.
    pub roles: Vec<String>,
}

/// The AMAP's members with their roles there: for the AMAP's admins only.
pub async fn members_list(conn: &mut Conn, viewer: Viewer, amap: AmapId) -> CoreResult<Vec<MemberLine>> {
    if let Viewer::Member(actor) = viewer {
        Rights::load(conn, actor).await?.require_admin_of(amap)?;
    }
    let own_contracts = contracts::contracts_of_amap(conn, amap).await?;
    let mut farm_slugs = BTreeMap::new();
    for c in &own_contracts {
        if let std::collections::btree_map::Entry::Vacant(e) = farm_slugs.entry(c.farm_id)
            && let Some(f) = directory::farm_by_id(conn, c.farm_id).await?
        {
            e.insert(f.slug.to_string());
        }
    }
    let mut out = Vec::new();
    for m in directory::members_of_amap(conn, amap).await? {
        let mut roles = Vec::new();
        for role in directory::roles_of(conn, m.id).await? {
            match role {
                Role::Admin(a) if a == amap => roles.push("admin".to_owned()),
                Role::Referent(c) => {
                    if let Some(k) = own_contracts.iter().find(|k| k.id == c) {
                        roles.push(format!("referent:{}", k.slug));
                    }
                }
                Role::Farmer(f) => {
                    if let Some(slug) = farm_slugs.get(&f) {
                        roles.push(format!("farmer:{slug}"));
                    }
                }
                _ => {}
            }
        }
        out.push(MemberLine {
            email: m.email.as_str().to_owned(),
            first_name: m.first_name,
            last_name: m.last_name,
            phone: m.phone.unwrap_or_default(),
            roles,
        });
    }
    Ok(out)
}
