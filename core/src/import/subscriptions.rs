//! The subscriptions file (CSV): paper contracts already signed by members and farmer.
//!
//! `email,product,quantity` rows give a product's quantity on every date it is delivered; an
//! optional `date` column overrides one cell; an optional leading `contract` column replaces
//! the contract argument; an optional `cheques` column gives the number of cheques.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Tally;
use super::csv_in::{Row, Table};
use super::error::{At, ImportError, Problem};
use super::records::OrStore;
use super::subscriptions_write::{Group, Line, write_group};
use crate::error::Invalid;
use crate::model::{Contract, Product, Role};
use crate::store::directory;
use crate::store::{Conn, Store, contracts};
use crate::types::{AmapId, ContractId, Email, MemberId, Quantity, Slug};

const KNOWN: &[&str] = &["contract", "email", "product", "quantity", "date", "cheques"];
const REQUIRED: &[&str] = &["email", "product", "quantity"];

/// What a subscriptions import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubscriptionsReport {
    pub subscriptions: Tally,
    /// Non-zero (product, date) cells of the imported subscriptions.
    pub cells: u32,
    /// Cheques of their payment schedules.
    pub cheques: u32,
}

impl fmt::Display for SubscriptionsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "subscriptions: {}", self.subscriptions)?;
        write!(f, "  {} grid cells, {} cheques", self.cells, self.cheques)
    }
}

/// A contract with what the grid needs.
pub(crate) struct Loaded {
    pub contract: Contract,
    pub products: Vec<Product>,
    /// Scheduled delivery dates, sorted.
    pub dates: Vec<NaiveDate>,
}

/// Imports paper subscriptions (countersigned, on paper) in one transaction. The contract is
/// `contract_slug` or the file's `contract` column; `amap_slug` picks among AMAPs sharing a
/// contract slug.
pub async fn import_subscriptions(
    store: &Store,
    contract_slug: Option<&str>,
    amap_slug: Option<&str>,
    file_name: &str,
    csv_text: &str,
    now: DateTime<Utc>,
) -> Result<SubscriptionsReport, ImportError> {
    let table = Table::read(file_name, csv_text, KNOWN, REQUIRED)?;
    let header_error = |problem| ImportError::new(file_name, At::Line(1), "contract", problem);
    match (contract_slug, table.has("contract")) {
        (Some(_), true) => return Err(header_error(Problem::ContractTwice)),
        (None, false) => return Err(header_error(Problem::MissingColumn)),
        _ => {}
    }
    let rows = parse(&table)?;

    let mut tx = store.write_tx().await.or_store(file_name)?;
    let amap = match amap_slug {
        None => None,
        Some(slug) => {
            let found = directory::amap_by_slug(&mut tx, slug).await.or_store(file_name)?;
            let amap = found.ok_or_else(|| {
                let problem = Problem::UnknownAmap(slug.to_owned());
                ImportError::new(file_name, At::File, "amap", problem)
            })?;
            Some(amap.id)
        }
    };
    let mut loaded: Vec<Loaded> = Vec::new();
    let mut by_slug: HashMap<Slug, usize> = HashMap::new();
    let argument = match contract_slug {
        Some(slug) => {
            let fail = |p| ImportError::new(file_name, At::File, "contract", p);
            let slug = Slug::parse(slug).map_err(|_| fail(Problem::UnknownContract(slug.into())))?;
            let contract = find_contract(&mut tx, &slug, amap).await.or_store(file_name)?;
            loaded.push(contract.map_err(fail)?);
            Some(0)
        }
        None => None,
    };

    let mut members: HashMap<(Email, AmapId), MemberId> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<(ContractId, MemberId), usize> = HashMap::new();
    for r in &rows {
        let index = match (&r.contract, argument) {
            (_, Some(index)) => index,
            (Some(slug), None) => match by_slug.get(slug) {
                Some(index) => *index,
                None => {
                    let found = find_contract(&mut tx, slug, amap).await.or_store(file_name)?;
                    loaded.push(found.map_err(|p| table.err(r.row, "contract", p))?);
                    by_slug.insert(slug.clone(), loaded.len() - 1);
                    loaded.len() - 1
                }
            },
            (None, None) => return Err(table.err(r.row, "contract", Problem::Empty)),
        };
        let c = &loaded[index];
        let amap_id = c.contract.amap_id;
        let member = match members.get(&(r.email.clone(), amap_id)) {
            Some(id) => *id,
            None => {
                let id = find_member(&mut tx, &table, r, amap_id).await?;
                members.insert((r.email.clone(), amap_id), id);
                id
            }
        };
        let Some(product) = c.products.iter().find(|p| p.slug == r.product) else {
            let problem = Problem::UnknownProduct(r.product.to_string());
            return Err(table.err(r.row, "product", problem));
        };
        if let Some(date) = r.date {
            if !c.dates.contains(&date) {
                return Err(table.err(r.row, "date", Problem::NotADeliveryDate(date)));
            }
            if !product.offered_on(date) {
                return Err(table.err(r.row, "date", Problem::ProductNotOffered(date)));
            }
        }
        let key = (c.contract.id, member);
        let group = match group_of.get(&key) {
            Some(g) => &mut groups[*g],
            None => {
                group_of.insert(key, groups.len());
                groups.push(Group::new(index, member, r.row.line));
                let last = groups.len() - 1;
                &mut groups[last]
            }
        };
        if let Some(first_line) = group.line_of(product.id, r.date) {
            return Err(table.err(r.row, "product", Problem::DuplicateRow { first_line }));
        }
        if let Some(count) = r.cheques {
            match group.cheques {
                Some((other, first_line)) if other != count => {
                    let problem = Problem::ConflictingCheques { first_line };
                    return Err(table.err(r.row, "cheques", problem));
                }
                Some(_) => {}
                None => group.cheques = Some((count, r.row.line)),
            }
        }
        group.lines.push(Line { line: r.row.line, product: product.id, date: r.date, quantity: r.quantity });
    }

    let mut report = SubscriptionsReport::default();
    for group in &groups {
        write_group(&mut tx, file_name, &loaded[group.contract], group, now, &mut report).await?;
    }
    tx.commit().await.or_store(file_name)?;
    Ok(report)
}

struct RowIn<'r> {
    row: &'r Row,
    contract: Option<Slug>,
    email: Email,
    product: Slug,
    quantity: Quantity,
    date: Option<NaiveDate>,
    cheques: Option<u32>,
}

fn parse(table: &Table) -> Result<Vec<RowIn<'_>>, ImportError> {
    let mut rows = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let optional =
            |column: &str| -> Option<&str> { Some(table.cell(row, column)).filter(|c| !c.is_empty()) };
        rows.push(RowIn {
            row,
            contract: match table.has("contract") {
                true => Some(table.parse(row, "contract", Slug::parse)?),
                false => None,
            },
            email: table.parse(row, "email", Email::parse)?,
            product: table.parse(row, "product", Slug::parse)?,
            quantity: table.parse(row, "quantity", Quantity::parse)?,
            date: match optional("date") {
                None => None,
                Some(raw) => Some(
                    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                        .map_err(|_| table.err(row, "date", Problem::NotADate))?,
                ),
            },
            cheques: match optional("cheques") {
                None => None,
                Some(raw) => Some(
                    raw.parse::<u32>()
                        .ok()
                        .filter(|n| (1..=24).contains(n))
                        .ok_or_else(|| table.err(row, "cheques", Invalid::ChequeCount))?,
                ),
            },
        });
    }
    Ok(rows)
}

/// The one contract with this slug (in `amap` if given), with its products and dates.
async fn find_contract(
    conn: &mut Conn,
    slug: &Slug,
    amap: Option<AmapId>,
) -> Result<Result<Loaded, Problem>, crate::error::CoreError> {
    let mut found = contracts::contracts_by_slug(conn, slug.as_str(), amap).await?;
    if found.len() > 1 {
        return Ok(Err(Problem::AmbiguousContract(slug.to_string())));
    }
    let Some(contract) = found.pop() else {
        return Ok(Err(Problem::UnknownContract(slug.to_string())));
    };
    let products = contracts::products_of(conn, contract.id).await?;
    let mut dates: Vec<NaiveDate> =
        contracts::deliveries_of(conn, contract.id).await?.iter().map(|d| d.scheduled).collect();
    dates.sort();
    Ok(Ok(Loaded { contract, products, dates }))
}

/// The member with this e-mail, who must belong to the contract's AMAP.
async fn find_member(
    conn: &mut Conn,
    table: &Table,
    r: &RowIn<'_>,
    amap: AmapId,
) -> Result<MemberId, ImportError> {
    let file = &table.file;
    let Some(member) = directory::member_by_email(conn, &r.email).await.or_store(file)? else {
        return Err(table.err(r.row, "email", Problem::UnknownMember));
    };
    let roles = directory::roles_of(conn, member.id).await.or_store(file)?;
    if !roles.contains(&Role::Member(amap)) {
        return Err(table.err(r.row, "email", Problem::NotAMemberOfAmap));
    }
    Ok(member.id)
}
