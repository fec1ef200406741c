//! Contracts, their products (with per-product date subsets and exclusions) and deliveries.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use super::codec::{corrupt, date_from_sql, date_to_sql, flag, instant_to_sql};
use crate::error::CoreResult;
use crate::model::{Contract, ContractRules, Product, absence_modes_to_string, parse_absence_modes};
use crate::rules::season::{Delivery, DeliveryState};
use crate::rules::state::ContractState;
use crate::types::{AmapId, Cents, ContractId, FarmId, ProductId, Slug};

/// A contract template as imported or edited.
#[derive(Debug, Clone)]
pub struct ContractFields {
    pub amap_id: AmapId,
    pub farm_id: FarmId,
    pub slug: Slug,
    pub name: String,
    pub season: String,
    pub state: ContractState,
    pub rules: ContractRules,
}

#[derive(Debug, Clone)]
pub struct ProductFields {
    pub slug: Slug,
    pub name: String,
    pub unit: Option<String>,
    pub price: Cents,
    pub position: u32,
    pub only_dates: Option<Vec<NaiveDate>>,
    pub excluded_dates: Vec<NaiveDate>,
}

pub async fn upsert_contract(
    conn: &mut Conn,
    c: &ContractFields,
    now: DateTime<Utc>,
) -> CoreResult<ContractId> {
    let r = &c.rules;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO contract (amap_id, farm_id, slug, name, season, state, subscription_opens,
             subscription_closes, late_subscription, farmer_notice_days, max_absences, absence_modes,
             modification_deadline_days, max_cheques, min_cheque_cents, payee, required_shifts,
             commitment_text, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (amap_id, slug) DO UPDATE SET farm_id = excluded.farm_id, name = excluded.name,
             season = excluded.season, state = excluded.state,
             subscription_opens = excluded.subscription_opens,
             subscription_closes = excluded.subscription_closes,
             late_subscription = excluded.late_subscription,
             farmer_notice_days = excluded.farmer_notice_days, max_absences = excluded.max_absences,
             absence_modes = excluded.absence_modes,
             modification_deadline_days = excluded.modification_deadline_days,
             max_cheques = excluded.max_cheques, min_cheque_cents = excluded.min_cheque_cents,
             payee = excluded.payee, required_shifts = excluded.required_shifts,
             commitment_text = excluded.commitment_text
         RETURNING id",
    )
    .bind(c.amap_id.0)
    .bind(c.farm_id.0)
    .bind(c.slug.as_str())
    .bind(&c.name)
    .bind(&c.season)
    .bind(c.state.as_str())
    .bind(date_to_sql(r.subscription_opens))
    .bind(date_to_sql(r.subscription_closes))
    .bind(i64::from(r.late_subscription))
    .bind(i64::from(r.farmer_notice_days))
    .bind(i64::from(r.max_absences))
    .bind(absence_modes_to_string(&r.absence_modes))
    .bind(i64::from(r.modification_deadline_days))
    .bind(i64::from(r.max_cheques))
    .bind(r.min_cheque.0)
    .bind(&r.payee)
    .bind(i64::from(r.required_shifts))
    .bind(&r.commitment_text)
    .bind(instant_to_sql(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(ContractId(id))
}

pub(crate) const CONTRACT_COLUMNS: &str = "id, amap_id, farm_id, slug, name, season, state, subscription_opens, \
     subscription_closes, late_subscription, farmer_notice_days, max_absences, absence_modes, \
     modification_deadline_days, max_cheques, min_cheque_cents, payee, required_shifts, commitment_text";

fn small(r: &AnyRow, column: &'static str) -> Result<u32, sqlx::Error> {
    u32::try_from(r.try_get::<i64, _>(column)?).map_err(|_| corrupt(column))
}

pub(crate) fn contract_from_row(r: &AnyRow) -> Result<Contract, sqlx::Error> {
    let state: String = r.try_get("state")?;
    let modes: String = r.try_get("absence_modes")?;
    Ok(Contract {
        id: ContractId(r.try_get("id")?),
        amap_id: AmapId(r.try_get("amap_id")?),
        farm_id: FarmId(r.try_get("farm_id")?),
        slug: Slug::parse(r.try_get("slug")?).map_err(|_| corrupt("contract.slug"))?,
        name: r.try_get("name")?,
        season: r.try_get("season")?,
        state: ContractState::parse(&state).ok_or_else(|| corrupt("contract.state"))?,
        rules: ContractRules {
            subscription_opens: date_from_sql(r.try_get("subscription_opens")?)?,
            subscription_closes: date_from_sql(r.try_get("subscription_closes")?)?,
            late_subscription: flag(r.try_get("late_subscription")?),
            farmer_notice_days: small(r, "farmer_notice_days")?,
            max_absences: small(r, "max_absences")?,
            absence_modes: parse_absence_modes(&modes).map_err(|_| corrupt("contract.absence_modes"))?,
            modification_deadline_days: small(r, "modification_deadline_days")?,
            max_cheques: small(r, "max_cheques")?,
            min_cheque: Cents(r.try_get("min_cheque_cents")?),
            payee: r.try_get("payee")?,
            required_shifts: small(r, "required_shifts")?,
            commitment_text: r.try_get("commitment_text")?,
        },
    })
}

pub async fn contract_by_id(conn: &mut Conn, id: ContractId) -> CoreResult<Option<Contract>> {
    let row = sqlx::query(sql!("SELECT {CONTRACT_COLUMNS} FROM contract WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(contract_from_row).transpose()?)
}

/// Contracts with this slug, in one AMAP or in all of them (slugs are unique per AMAP).
pub async fn contracts_by_slug(
    conn: &mut Conn,
    slug: &str,
    amap: Option<AmapId>,
) -> CoreResult<Vec<Contract>> {
    // Two shapes, not `($2 IS NULL OR amap_id = $2)`: with one AMAP the (amap_id, slug) unique
    // index finds the row, where the slug index alone reads that slug in every AMAP (2,000
    // "legumes" nationally, 4 ms).
    let rows = match amap {
        Some(amap) => {
            sqlx::query(sql!(
                "SELECT {CONTRACT_COLUMNS} FROM contract WHERE amap_id = $1 AND slug = $2 ORDER BY id"
            ))
            .bind(amap.0)
            .bind(slug)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(sql!("SELECT {CONTRACT_COLUMNS} FROM contract WHERE slug = $1 ORDER BY id"))
                .bind(slug)
                .fetch_all(&mut *conn)
                .await?
        }
    };
    Ok(rows.iter().map(contract_from_row).collect::<Result<_, _>>()?)
}

pub async fn contracts_of_amap(conn: &mut Conn, amap: AmapId) -> CoreResult<Vec<Contract>> {
    let rows =
        sqlx::query(sql!("SELECT {CONTRACT_COLUMNS} FROM contract WHERE amap_id = $1 ORDER BY name, id"))
            .bind(amap.0)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.iter().map(contract_from_row).collect::<Result<_, _>>()?)
}

pub async fn contracts_of_farm(conn: &mut Conn, farm: FarmId) -> CoreResult<Vec<Contract>> {
    let rows =
        sqlx::query(sql!("SELECT {CONTRACT_COLUMNS} FROM contract WHERE farm_id = $1 ORDER BY name, id"))
            .bind(farm.0)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.iter().map(contract_from_row).collect::<Result<_, _>>()?)
}

pub async fn set_contract_state(conn: &mut Conn, id: ContractId, state: ContractState) -> CoreResult<()> {
    sqlx::query("UPDATE contract SET state = $1 WHERE id = $2")
        .bind(state.as_str())
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Inserts or updates a product and replaces its date subset and exclusions.
pub async fn upsert_product(
    conn: &mut Conn,
    contract: ContractId,
    p: &ProductFields,
) -> CoreResult<ProductId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO product (contract_id, slug, name, unit, price_cents, position, has_date_subset)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (contract_id, slug) DO UPDATE SET name = excluded.name, unit = excluded.unit,
             price_cents = excluded.price_cents, position = excluded.position,
             has_date_subset = excluded.has_date_subset
         RETURNING id",
    )
    .bind(contract.0)
    .bind(p.slug.as_str())
    .bind(&p.name)
    .bind(p.unit.as_deref())
    .bind(p.price.0)
    .bind(i64::from(p.position))
    .bind(i64::from(p.only_dates.is_some()))
    .fetch_one(&mut *conn)
    .await?;
    for table in ["product_date", "product_exclusion"] {
        sqlx::query(sql!("DELETE FROM {table} WHERE product_id = $1")).bind(id).execute(&mut *conn).await?;
    }
    let dated = [
        ("product_date", p.only_dates.as_deref().unwrap_or_default()),
        ("product_exclusion", &p.excluded_dates),
    ];
    for (table, dates) in dated {
        for date in dates {
            sqlx::query(sql!(
                "INSERT INTO {table} (product_id, scheduled) VALUES ($1, $2) ON CONFLICT DO NOTHING"
            ))
            .bind(id)
            .bind(date_to_sql(*date))
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(ProductId(id))
}

/// The products of a contract, in their display order, with subsets and exclusions.
pub async fn products_of(conn: &mut Conn, contract: ContractId) -> CoreResult<Vec<Product>> {
    let rows = sqlx::query(
        "SELECT id, slug, name, unit, price_cents, has_date_subset FROM product
         WHERE contract_id = $1 ORDER BY position, id",
    )
    .bind(contract.0)
    .fetch_all(&mut *conn)
    .await?;
    let dated = sqlx::query(
        "SELECT 'only' AS which, product_id, scheduled FROM product_date
           WHERE product_id IN (SELECT id FROM product WHERE contract_id = $1)
         UNION ALL
         SELECT 'excluded' AS which, product_id, scheduled FROM product_exclusion
           WHERE product_id IN (SELECT id FROM product WHERE contract_id = $1)",
    )
    .bind(contract.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut products = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let mut only = Vec::new();
        let mut excluded = Vec::new();
        for d in dated.iter() {
            if d.try_get::<i64, _>("product_id")? != id {
                continue;
            }
            let date = date_from_sql(d.try_get("scheduled")?)?;
            if d.try_get::<String, _>("which")? == "only" { only.push(date) } else { excluded.push(date) }
        }
        only.sort();
        excluded.sort();
        products.push(Product {
            id: ProductId(id),
            slug: Slug::parse(r.try_get("slug")?).map_err(|_| corrupt("product.slug"))?,
            name: r.try_get("name")?,
            unit: r.try_get("unit")?,
            price: Cents(r.try_get("price_cents")?),
            only_dates: flag(r.try_get("has_date_subset")?).then_some(only),
            excluded_dates: excluded,
        });
    }
    Ok(products)
}

/// Makes the contract's planned deliveries exactly `dates`: adds the missing ones and drops
/// the planned, unmoved ones no longer listed. Moved or cancelled deliveries are kept.
pub async fn set_delivery_dates(
    conn: &mut Conn,
    contract: ContractId,
    dates: &[NaiveDate],
) -> CoreResult<()> {
    let existing = deliveries_of(conn, contract).await?;
    for d in &existing {
        let untouched = d.state == DeliveryState::Planned && d.date == d.scheduled;
        if untouched && !dates.contains(&d.scheduled) {
            // The date leaves the contract: so do the grid cells, absences and outcomes on it,
            // or members would still be charged for a delivery that no longer exists.
            for sql in [
                "DELETE FROM subscription_line WHERE scheduled = $2
                   AND subscription_id IN (SELECT id FROM subscription WHERE contract_id = $1)",
                "DELETE FROM absence WHERE scheduled = $2
                   AND subscription_id IN (SELECT id FROM subscription WHERE contract_id = $1)",
                "DELETE FROM basket_outcome WHERE scheduled = $2
                   AND subscription_id IN (SELECT id FROM subscription WHERE contract_id = $1)",
                "DELETE FROM delivery WHERE contract_id = $1 AND scheduled = $2",
            ] {
                sqlx::query(sql).bind(contract.0).bind(date_to_sql(d.scheduled)).execute(&mut *conn).await?;
            }
        }
    }
    for date in dates {
        sqlx::query(
            "INSERT INTO delivery (contract_id, scheduled, date, state) VALUES ($1, $2, $2, 'planned')
             ON CONFLICT (contract_id, scheduled) DO NOTHING",
        )
        .bind(contract.0)
        .bind(date_to_sql(*date))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub(crate) fn delivery_from_row(r: &AnyRow) -> Result<Delivery, sqlx::Error> {
    let state: String = r.try_get("state")?;
    Ok(Delivery {
        scheduled: date_from_sql(r.try_get("scheduled")?)?,
        date: date_from_sql(r.try_get("date")?)?,
        state: if state == "cancelled" { DeliveryState::Cancelled } else { DeliveryState::Planned },
    })
}

pub async fn deliveries_of(conn: &mut Conn, contract: ContractId) -> CoreResult<Vec<Delivery>> {
    let rows =
        sqlx::query("SELECT scheduled, date, state FROM delivery WHERE contract_id = $1 ORDER BY scheduled")
            .bind(contract.0)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.iter().map(delivery_from_row).collect::<Result<_, _>>()?)
}

/// Changes where and whether a delivery happens (move or cancel).
pub async fn update_delivery(conn: &mut Conn, contract: ContractId, d: &Delivery) -> CoreResult<bool> {
    let state = match d.state {
        DeliveryState::Planned => "planned",
        DeliveryState::Cancelled => "cancelled",
    };
    let done =
        sqlx::query("UPDATE delivery SET date = $1, state = $2 WHERE contract_id = $3 AND scheduled = $4")
            .bind(date_to_sql(d.date))
            .bind(state)
            .bind(contract.0)
            .bind(date_to_sql(d.scheduled))
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// The dates (from `from`, inclusive) on which an AMAP has at least one planned delivery.
pub async fn distribution_dates(
    conn: &mut Conn,
    amap: AmapId,
    from: NaiveDate,
    limit: i64,
) -> CoreResult<Vec<NaiveDate>> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT d.date FROM delivery d JOIN contract c ON c.id = d.contract_id
         WHERE c.amap_id = $1 AND d.date >= $2 AND d.state = 'planned'
           AND c.state IN ('open', 'closed', 'running')
         ORDER BY d.date LIMIT $3",
    )
    .bind(amap.0)
    .bind(date_to_sql(from))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(|s| date_from_sql(s)).collect::<Result<_, _>>()?)
}
