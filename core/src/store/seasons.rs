//! A member's own seasons (subscriptions, contracts, products, deliveries, grids, absences) in a
//! fixed number of prepared statements, whatever the number of contracts: each statement
//! selects through `subscription.member_id` (indexed) instead of one query per contract and per
//! subscription. The chat commands of a member (`prochaine`, `livraisons`, `absence`) read it.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use super::codec::{corrupt, date_from_sql, flag};
use super::contracts::{CONTRACT_COLUMNS, contract_from_row, delivery_from_row};
use super::subscriptions::{ABSENCE_COLUMNS, SubscriptionRow, absence_from_row, cell_from_row};
use crate::error::CoreResult;
use crate::model::{Contract, Product};
use crate::rules::money::GridCell;
use crate::rules::season::{Absence, Delivery};
use crate::types::{Cents, ContractId, MemberId, ProductId, Slug, SubscriptionId};

/// Everything about the subscriptions of one member, as stored (no state filtered out).
#[derive(Debug, Default)]
pub struct MemberSeasons {
    /// By id, as `subscriptions::subscriptions_of_member`.
    pub subscriptions: Vec<SubscriptionRow>,
    pub contracts: HashMap<ContractId, Contract>,
    /// In display order, as `contracts::products_of`.
    pub products: HashMap<ContractId, Vec<Product>>,
    /// By scheduled date, as `contracts::deliveries_of`.
    pub deliveries: HashMap<ContractId, Vec<Delivery>>,
    /// By date then product, as `subscriptions::grid_of`.
    pub grids: HashMap<SubscriptionId, Vec<GridCell>>,
    /// By scheduled date, as `subscriptions::absences_of`.
    pub absences: HashMap<SubscriptionId, Vec<Absence>>,
}

/// The contracts a member subscribes to, as a subquery on `member_id = $1`.
const OF_MEMBER: &str = "SELECT contract_id FROM subscription WHERE member_id = $1";

/// Seven statements (subscriptions, contracts, products, product dates, deliveries, grid cells,
/// absences), one when the member subscribes to nothing.
pub async fn member_seasons(conn: &mut Conn, member: MemberId) -> CoreResult<MemberSeasons> {
    let subscriptions = super::subscriptions::subscriptions_of_member(conn, member).await?;
    if subscriptions.is_empty() {
        return Ok(MemberSeasons::default());
    }
    let mut out = MemberSeasons { subscriptions, ..MemberSeasons::default() };
    let rows = sqlx::query(sql!("SELECT {CONTRACT_COLUMNS} FROM contract WHERE id IN ({OF_MEMBER})"))
        .bind(member.0)
        .fetch_all(&mut *conn)
        .await?;
    for r in &rows {
        let c = contract_from_row(r)?;
        out.contracts.insert(c.id, c);
    }
    let products = sqlx::query(sql!(
        "SELECT contract_id, id, slug, name, unit, price_cents, has_date_subset FROM product
         WHERE contract_id IN ({OF_MEMBER}) ORDER BY contract_id, position, id"
    ))
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    let dated = sqlx::query(sql!(
        "SELECT 'only' AS which, product_id, scheduled FROM product_date
           WHERE product_id IN (SELECT id FROM product WHERE contract_id IN ({OF_MEMBER}))
         UNION ALL
         SELECT 'excluded' AS which, product_id, scheduled FROM product_exclusion
           WHERE product_id IN (SELECT id FROM product WHERE contract_id IN ({OF_MEMBER}))"
    ))
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    out.products = products_from_rows(&products, &dated)?;
    let rows = sqlx::query(sql!(
        "SELECT contract_id, scheduled, date, state FROM delivery WHERE contract_id IN ({OF_MEMBER})
         ORDER BY contract_id, scheduled"
    ))
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    for r in &rows {
        out.deliveries.entry(ContractId(r.try_get("contract_id")?)).or_default().push(delivery_from_row(r)?);
    }
    let rows = sqlx::query(
        "SELECT subscription_id, product_id, scheduled, quantity FROM subscription_line
         WHERE subscription_id IN (SELECT id FROM subscription WHERE member_id = $1)
         ORDER BY subscription_id, scheduled, product_id",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    for r in &rows {
        out.grids.entry(SubscriptionId(r.try_get("subscription_id")?)).or_default().push(cell_from_row(r)?);
    }
    let rows = sqlx::query(sql!(
        "SELECT {ABSENCE_COLUMNS} FROM absence
         WHERE subscription_id IN (SELECT id FROM subscription WHERE member_id = $1)
         ORDER BY subscription_id, scheduled"
    ))
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await?;
    for r in &rows {
        out.absences
            .entry(SubscriptionId(r.try_get("subscription_id")?))
            .or_default()
            .push(absence_from_row(r)?);
    }
    Ok(out)
}

/// Products (with `contract_id`) and their dated rows (`which`, `product_id`, `scheduled`) as
/// products per contract, in the order of the rows.
pub(crate) fn products_from_rows(
    rows: &[AnyRow],
    dated: &[AnyRow],
) -> CoreResult<HashMap<ContractId, Vec<Product>>> {
    let mut only: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
    let mut excluded: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
    for d in dated {
        let which: String = d.try_get("which")?;
        let into = if which == "only" { &mut only } else { &mut excluded };
        into.entry(d.try_get("product_id")?).or_default().push(date_from_sql(d.try_get("scheduled")?)?);
    }
    let mut out: HashMap<ContractId, Vec<Product>> = HashMap::new();
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let mut only_dates = only.remove(&id).unwrap_or_default();
        let mut excluded_dates = excluded.remove(&id).unwrap_or_default();
        only_dates.sort();
        excluded_dates.sort();
        out.entry(ContractId(r.try_get("contract_id")?)).or_default().push(Product {
            id: ProductId(id),
            slug: Slug::parse(r.try_get("slug")?).map_err(|_| corrupt("product.slug"))?,
            name: r.try_get("name")?,
            unit: r.try_get("unit")?,
            price: Cents(r.try_get("price_cents")?),
            only_dates: flag(r.try_get("has_date_subset")?).then_some(only_dates),
            excluded_dates,
        });
    }
    Ok(out)
}
