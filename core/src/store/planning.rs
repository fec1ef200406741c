//! Batched reads for the scheduler's planner: everything one planning run needs for all AMAPs
//! in a few queries (not a few queries per AMAP), so a national day plans in well under the
//! 2 s goal (docs/performance.md). Lists of ids and dates are written into the SQL as
//! integers and ISO dates formatted here (never from input), in chunks, not bound one by one:
//! SQLite binds `$N` parameters in time quadratic in their number.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use super::codec::{date_from_sql, date_to_sql, instant_to_sql};
use super::contracts::{CONTRACT_COLUMNS, contract_from_row, delivery_from_row};
use super::directory::{AMAP_COLUMNS, amap_from_row};
use super::duty::Shift;
use super::events::{Event, event_from_row};
use super::subscriptions::{
    ABSENCE_COLUMNS, SUB_COLUMNS, SubscriptionRow, absence_from_row, cell_from_row, sub_from_row,
};
use crate::error::CoreResult;
use crate::model::{Amap, Contract, Product};
use crate::rules::money::GridCell;
use crate::rules::season::{Absence, Delivery};
use crate::types::{AmapId, ContractId, MemberId, ShiftId, SubscriptionId};

/// Ids or dates per statement.
pub(super) const CHUNK: usize = 500;

pub(super) fn ids<T: Copy>(items: &[T], id: impl Fn(T) -> i64) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(out, "{sep}{}", id(*item));
    }
    out
}

fn dates(items: &[NaiveDate]) -> String {
    let mut out = String::new();
    for (i, d) in items.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(out, "{sep}'{}'", date_to_sql(*d));
    }
    out
}

/// Runs `make(list)` for each chunk of `items` and concatenates the rows.
pub(super) async fn chunked<T: Copy>(
    conn: &mut Conn,
    items: &[T],
    list: impl Fn(&[T]) -> String,
    make: impl Fn(&str) -> String,
) -> CoreResult<Vec<AnyRow>> {
    let mut rows = Vec::new();
    for chunk in items.chunks(CHUNK) {
        let sql = make(&list(chunk));
        rows.extend(sqlx::query(sql!("{sql}")).persistent(false).fetch_all(&mut *conn).await?);
    }
    Ok(rows)
}

/// `chunked` over the ids of `of`, with the dates of `on` written into every statement as
/// well (`make(ids, dates)`); no statement when `on` is empty.
async fn chunked_on<T: Copy>(
    conn: &mut Conn,
    of: &[T],
    id: impl Fn(T) -> i64,
    on: &[NaiveDate],
    make: impl Fn(&str, &str) -> String,
) -> CoreResult<Vec<AnyRow>> {
    if on.is_empty() {
        return Ok(Vec::new());
    }
    let on = dates(on);
    chunked(conn, of, |c| ids(c, &id), |l| make(l, &on)).await
}

/// Every AMAP (or only those of `only`), by id.
pub async fn amaps(conn: &mut Conn, only: Option<&[AmapId]>) -> CoreResult<Vec<Amap>> {
    let rows = match only {
        None => {
            sqlx::query(sql!("SELECT {AMAP_COLUMNS} FROM amap ORDER BY id")).fetch_all(&mut *conn).await?
        }
        Some(only) => {
            chunked(
                conn,
                only,
                |c| ids(c, |a| a.0),
                |l| format!("SELECT {AMAP_COLUMNS} FROM amap WHERE id IN ({l})"),
            )
            .await?
        }
    };
    let mut amaps = rows.iter().map(amap_from_row).collect::<Result<Vec<_>, _>>()?;
    amaps.sort_by_key(|a| a.id);
    Ok(amaps)
}

/// Custom schedules of every AMAP (or only those of `only`): (AMAP, kind, cron).
pub async fn schedules(
    conn: &mut Conn,
    only: Option<&[AmapId]>,
) -> CoreResult<Vec<(AmapId, String, String)>> {
    let rows = match only {
        None => sqlx::query("SELECT amap_id, kind, cron FROM amap_schedule").fetch_all(&mut *conn).await?,
        Some(only) => {
            chunked(
                conn,
                only,
                |c| ids(c, |a| a.0),
                |l| format!("SELECT amap_id, kind, cron FROM amap_schedule WHERE amap_id IN ({l})"),
            )
            .await?
        }
    };
    rows.iter().map(|r| Ok((AmapId(r.try_get("amap_id")?), r.try_get("kind")?, r.try_get("cron")?))).collect()
}

/// Every contract of the given AMAPs, by AMAP then name.
pub async fn contracts_of(conn: &mut Conn, amaps: &[AmapId]) -> CoreResult<Vec<Contract>> {
    let rows = chunked(
        conn,
        amaps,
        |c| ids(c, |a| a.0),
        |l| {
            format!(
                "SELECT {CONTRACT_COLUMNS} FROM contract WHERE amap_id IN ({l}) ORDER BY amap_id, name, id"
            )
        },
    )
    .await?;
    Ok(rows.iter().map(contract_from_row).collect::<Result<_, _>>()?)
}

/// Deliveries of the given contracts that happen on one of `on` (after moves), with their contract.
pub async fn deliveries_on(
    conn: &mut Conn,
    of: &[ContractId],
    on: &[NaiveDate],
) -> CoreResult<Vec<(ContractId, Delivery)>> {
    let rows = chunked_on(
        conn,
        of,
        |c| c.0,
        on,
        |l, on| {
            format!(
                "SELECT contract_id, scheduled, date, state FROM delivery
             WHERE contract_id IN ({l}) AND date IN ({on})"
            )
        },
    )
    .await?;
    rows.iter().map(|r| Ok((ContractId(r.try_get("contract_id")?), delivery_from_row(r)?))).collect()
}

/// Every delivery of the given contracts, in contract order then date.
pub async fn deliveries_of(conn: &mut Conn, of: &[ContractId]) -> CoreResult<Vec<(ContractId, Delivery)>> {
    let rows = chunked(
        conn,
        of,
        |c| ids(c, |x| x.0),
        |l| {
            format!(
                "SELECT contract_id, scheduled, date, state FROM delivery WHERE contract_id IN ({l})
                 ORDER BY contract_id, scheduled"
            )
        },
    )
    .await?;
    rows.iter().map(|r| Ok((ContractId(r.try_get("contract_id")?), delivery_from_row(r)?))).collect()
}

/// The products of the given contracts (with their date subsets and exclusions), in order.
pub async fn products_of(
    conn: &mut Conn,
    of: &[ContractId],
) -> CoreResult<HashMap<ContractId, Vec<Product>>> {
    let list = |c: &[ContractId]| ids(c, |x| x.0);
    let rows = chunked(conn, of, list, |l| {
        format!(
            "SELECT contract_id, id, slug, name, unit, price_cents, has_date_subset FROM product
             WHERE contract_id IN ({l}) ORDER BY contract_id, position, id"
        )
    })
    .await?;
    let dated = chunked(conn, of, list, |l| {
        format!(
            "SELECT 'only' AS which, product_id, scheduled FROM product_date
               WHERE product_id IN (SELECT id FROM product WHERE contract_id IN ({l}))
             UNION ALL
             SELECT 'excluded' AS which, product_id, scheduled FROM product_exclusion
               WHERE product_id IN (SELECT id FROM product WHERE contract_id IN ({l}))"
        )
    })
    .await?;
    super::seasons::products_from_rows(&rows, &dated)
}

/// Every subscription of the given contracts, by id.
pub async fn subscriptions_of(conn: &mut Conn, of: &[ContractId]) -> CoreResult<Vec<SubscriptionRow>> {
    let rows = chunked(
        conn,
        of,
        |c| ids(c, |x| x.0),
        |l| format!("SELECT {SUB_COLUMNS} FROM subscription WHERE contract_id IN ({l}) ORDER BY id"),
    )
    .await?;
    Ok(rows.iter().map(sub_from_row).collect::<Result<_, _>>()?)
}

/// The grid cells of the given contracts' subscriptions, only for deliveries scheduled on
/// one of `scheduled` (the planner needs a day's baskets, not the season's).
pub async fn grid_cells(
    conn: &mut Conn,
    of: &[ContractId],
    scheduled: &[NaiveDate],
) -> CoreResult<Vec<(SubscriptionId, GridCell)>> {
    let rows = chunked_on(
        conn,
        of,
        |c| c.0,
        scheduled,
        |l, on| {
            format!(
                "SELECT l.subscription_id, l.product_id, l.scheduled, l.quantity FROM subscription_line l
             JOIN subscription s ON s.id = l.subscription_id
             WHERE s.contract_id IN ({l}) AND l.scheduled IN ({on})"
            )
        },
    )
    .await?;
    rows.iter().map(|r| Ok((SubscriptionId(r.try_get("subscription_id")?), cell_from_row(r)?))).collect()
}

/// The grid cells of the given subscriptions (all their dates).
pub async fn grids_of(
    conn: &mut Conn,
    subs: &[SubscriptionId],
) -> CoreResult<Vec<(SubscriptionId, GridCell)>> {
    let rows = chunked(
        conn,
        subs,
        |c| ids(c, |x| x.0),
        |l| {
            format!(
                "SELECT subscription_id, product_id, scheduled, quantity FROM subscription_line
                 WHERE subscription_id IN ({l})"
            )
        },
    )
    .await?;
    rows.iter().map(|r| Ok((SubscriptionId(r.try_get("subscription_id")?), cell_from_row(r)?))).collect()
}

/// Every absence declared on the given contracts' subscriptions.
pub async fn absences_of(conn: &mut Conn, of: &[ContractId]) -> CoreResult<Vec<(SubscriptionId, Absence)>> {
    let rows = chunked(
        conn,
        of,
        |c| ids(c, |x| x.0),
        |l| {
            format!(
                "SELECT {ABSENCE_COLUMNS} FROM absence WHERE subscription_id IN
                   (SELECT id FROM subscription WHERE contract_id IN ({l}))"
            )
        },
    )
    .await?;
    rows.iter().map(|r| Ok((SubscriptionId(r.try_get("subscription_id")?), absence_from_row(r)?))).collect()
}

/// Duty shifts of the given AMAPs on the given dates, with their team in sign-up order.
pub async fn shifts_on(
    conn: &mut Conn,
    of: &[AmapId],
    on: &[NaiveDate],
) -> CoreResult<Vec<(Shift, Vec<MemberId>)>> {
    let rows = chunked_on(conn, of, |a| a.0, on, |l, on| {
        format!("SELECT id, amap_id, date, slots, taken FROM duty_shift WHERE amap_id IN ({l}) AND date IN ({on})")
    })
    .await?;
    let mut shifts = Vec::with_capacity(rows.len());
    for r in &rows {
        shifts.push(Shift {
            id: ShiftId(r.try_get("id")?),
            amap_id: AmapId(r.try_get("amap_id")?),
            date: date_from_sql(r.try_get("date")?)?,
            slots: u32::try_from(r.try_get::<i64, _>("slots")?).unwrap_or(0),
            taken: u32::try_from(r.try_get::<i64, _>("taken")?).unwrap_or(0),
        });
    }
    let ids_of: Vec<ShiftId> = shifts.iter().map(|s| s.id).collect();
    let team_rows = chunked(
        conn,
        &ids_of,
        |c| ids(c, |x| x.0),
        |l| {
            format!(
                "SELECT shift_id, member_id FROM duty_signup WHERE shift_id IN ({l})
                 ORDER BY shift_id, created_at, member_id"
            )
        },
    )
    .await?;
    let mut teams: HashMap<i64, Vec<MemberId>> = HashMap::new();
    for r in &team_rows {
        teams.entry(r.try_get("shift_id")?).or_default().push(MemberId(r.try_get("member_id")?));
    }
    Ok(shifts.into_iter().map(|s| (s.clone(), teams.remove(&s.id.0).unwrap_or_default())).collect())
}

/// Events of every AMAP starting in `[from, to)`, by start.
pub async fn events_between(
    conn: &mut Conn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> CoreResult<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT id, amap_id, title, starts_at, place, body FROM event
         WHERE starts_at >= $1 AND starts_at < $2 ORDER BY starts_at, id",
    )
    .bind(instant_to_sql(from))
    .bind(instant_to_sql(to))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(event_from_row).collect::<Result<_, _>>()?)
}

/// Holders of farmer roles (scope: farm) and referent roles (scope: contract):
/// (kind, scope, member), for the given farms and contracts.
pub async fn farmers_and_referents(
    conn: &mut Conn,
    farms: &[i64],
    contracts: &[ContractId],
) -> CoreResult<Vec<(String, i64, MemberId)>> {
    let mut rows = chunked(
        conn,
        farms,
        |c| ids(c, |x| x),
        |l| format!("SELECT kind, scope_id, member_id FROM role WHERE kind = 'farmer' AND scope_id IN ({l})"),
    )
    .await?;
    rows.extend(
        chunked(
            conn,
            contracts,
            |c| ids(c, |x| x.0),
            |l| {
                format!(
                    "SELECT kind, scope_id, member_id FROM role WHERE kind = 'referent' AND scope_id IN ({l})"
                )
            },
        )
        .await?,
    );
    rows.iter()
        .map(|r| Ok((r.try_get("kind")?, r.try_get("scope_id")?, MemberId(r.try_get("member_id")?))))
        .collect()
}
