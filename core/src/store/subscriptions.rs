//! Subscriptions: quantity grids, cheques, absences and basket outcomes.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Conn;
use super::codec::{corrupt, date_from_sql, date_to_sql, flag, instant_to_sql};
use crate::error::CoreResult;
use crate::model::AbsenceMode;
use crate::rules::money::{Cheque, GridCell};
use crate::rules::season::Absence;
use crate::rules::state::SubscriptionState;
use crate::types::{Cents, ContractId, MemberId, ProductId, Quantity, SubscriptionId};

/// A subscription row without its grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRow {
    pub id: SubscriptionId,
    pub contract_id: ContractId,
    pub member_id: MemberId,
    pub state: SubscriptionState,
    pub on_paper: bool,
    pub cheque_count: u32,
    /// Bumped on each change of the grid, for optimistic concurrency.
    pub version: i64,
}

pub(crate) const SUB_COLUMNS: &str = "id, contract_id, member_id, state, on_paper, cheque_count, version";

pub(crate) fn sub_from_row(r: &AnyRow) -> Result<SubscriptionRow, sqlx::Error> {
    let state: String = r.try_get("state")?;
    Ok(SubscriptionRow {
        id: SubscriptionId(r.try_get("id")?),
        contract_id: ContractId(r.try_get("contract_id")?),
        member_id: MemberId(r.try_get("member_id")?),
        state: SubscriptionState::parse(&state).ok_or_else(|| corrupt("subscription.state"))?,
        on_paper: flag(r.try_get("on_paper")?),
        cheque_count: u32::try_from(r.try_get::<i64, _>("cheque_count")?)
            .map_err(|_| corrupt("cheque_count"))?,
        version: r.try_get("version")?,
    })
}

/// Creates the subscription or updates its state, paper flag and cheque count.
pub async fn upsert_subscription(
    conn: &mut Conn,
    contract: ContractId,
    member: MemberId,
    state: SubscriptionState,
    on_paper: bool,
    cheque_count: u32,
    now: DateTime<Utc>,
) -> CoreResult<SubscriptionId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO subscription (contract_id, member_id, state, on_paper, cheque_count, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (contract_id, member_id) DO UPDATE SET state = excluded.state,
             on_paper = excluded.on_paper, cheque_count = excluded.cheque_count
         RETURNING id",
    )
    .bind(contract.0)
    .bind(member.0)
    .bind(state.as_str())
    .bind(i64::from(on_paper))
    .bind(i64::from(cheque_count))
    .bind(instant_to_sql(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(SubscriptionId(id))
}

pub async fn subscription_by_id(conn: &mut Conn, id: SubscriptionId) -> CoreResult<Option<SubscriptionRow>> {
    let row = sqlx::query(sql!("SELECT {SUB_COLUMNS} FROM subscription WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.as_ref().map(sub_from_row).transpose()?)
}

pub async fn subscription_for(
    conn: &mut Conn,
    contract: ContractId,
    member: MemberId,
) -> CoreResult<Option<SubscriptionRow>> {
    let row =
        sqlx::query(sql!("SELECT {SUB_COLUMNS} FROM subscription WHERE contract_id = $1 AND member_id = $2"))
            .bind(contract.0)
            .bind(member.0)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.as_ref().map(sub_from_row).transpose()?)
}

pub async fn subscriptions_of_member(conn: &mut Conn, member: MemberId) -> CoreResult<Vec<SubscriptionRow>> {
    let rows = sqlx::query(sql!("SELECT {SUB_COLUMNS} FROM subscription WHERE member_id = $1 ORDER BY id"))
        .bind(member.0)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.iter().map(sub_from_row).collect::<Result<_, _>>()?)
}

pub async fn subscriptions_of_contract(
    conn: &mut Conn,
    contract: ContractId,
) -> CoreResult<Vec<SubscriptionRow>> {
    let rows = sqlx::query(sql!("SELECT {SUB_COLUMNS} FROM subscription WHERE contract_id = $1 ORDER BY id"))
        .bind(contract.0)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.iter().map(sub_from_row).collect::<Result<_, _>>()?)
}

/// Replaces the whole grid and bumps the version, if it still is `expected_version`.
/// Returns false when someone else changed the grid meanwhile (nothing written then).
pub async fn replace_grid(
    conn: &mut Conn,
    sub: SubscriptionId,
    expected_version: i64,
    cells: &[GridCell],
    now: DateTime<Utc>,
) -> CoreResult<bool> {
    let bumped = sqlx::query(
        "UPDATE subscription SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3",
    )
    .bind(instant_to_sql(now))
    .bind(sub.0)
    .bind(expected_version)
    .execute(&mut *conn)
    .await?;
    if bumped.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM subscription_line WHERE subscription_id = $1")
        .bind(sub.0)
        .execute(&mut *conn)
        .await?;
    for cell in cells.iter().filter(|c| !c.quantity.is_zero()) {
        sqlx::query(
            "INSERT INTO subscription_line (subscription_id, product_id, scheduled, quantity) VALUES ($1, $2, $3, $4)
             ON CONFLICT (subscription_id, product_id, scheduled) DO UPDATE SET quantity = excluded.quantity",
        )
        .bind(sub.0)
        .bind(cell.product.0)
        .bind(date_to_sql(cell.date))
        .bind(i64::from(cell.quantity))
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}

pub(crate) fn cell_from_row(r: &AnyRow) -> Result<GridCell, sqlx::Error> {
    Ok(GridCell {
        product: ProductId(r.try_get("product_id")?),
        date: date_from_sql(r.try_get("scheduled")?)?,
        quantity: Quantity::new(r.try_get("quantity")?).map_err(|_| corrupt("subscription_line.quantity"))?,
    })
}

pub async fn grid_of(conn: &mut Conn, sub: SubscriptionId) -> CoreResult<Vec<GridCell>> {
    let rows = sqlx::query(
        "SELECT product_id, scheduled, quantity FROM subscription_line WHERE subscription_id = $1 ORDER BY scheduled, product_id",
    )
    .bind(sub.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(cell_from_row).collect::<Result<_, _>>()?)
}

/// Every grid cell of a contract's subscriptions, for totals and sign-in sheets.
pub async fn grids_of_contract(
    conn: &mut Conn,
    contract: ContractId,
) -> CoreResult<Vec<(SubscriptionId, GridCell)>> {
    let rows = sqlx::query(
        "SELECT l.subscription_id, l.product_id, l.scheduled, l.quantity FROM subscription_line l
         JOIN subscription s ON s.id = l.subscription_id WHERE s.contract_id = $1",
    )
    .bind(contract.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((SubscriptionId(r.try_get("subscription_id")?), cell_from_row(r)?))).collect()
}

/// Replaces the payment schedule. A cheque whose amount and month stay the same keeps its
/// payment state (received, handed to the farmer); a changed one starts again.
pub async fn replace_cheques(
    conn: &mut Conn,
    sub: SubscriptionId,
    cheques: &[Cheque],
    now: DateTime<Utc>,
) -> CoreResult<()> {
    sqlx::query("DELETE FROM cheque WHERE subscription_id = $1 AND number > $2")
        .bind(sub.0)
        .bind(i64::try_from(cheques.len()).unwrap_or(i64::MAX))
        .execute(&mut *conn)
        .await?;
    for c in cheques {
        sqlx::query(
            "INSERT INTO cheque (subscription_id, number, amount_cents, cashing_month, state, updated_at)
             VALUES ($1, $2, $3, $4, 'to_provide', $5)
             ON CONFLICT (subscription_id, number) DO UPDATE SET
                 state = CASE WHEN cheque.amount_cents = excluded.amount_cents
                               AND cheque.cashing_month = excluded.cashing_month
                              THEN cheque.state ELSE 'to_provide' END,
                 updated_at = CASE WHEN cheque.amount_cents = excluded.amount_cents
                                    AND cheque.cashing_month = excluded.cashing_month
                                   THEN cheque.updated_at ELSE excluded.updated_at END,
                 amount_cents = excluded.amount_cents, cashing_month = excluded.cashing_month",
        )
        .bind(sub.0)
        .bind(i64::from(c.number))
        .bind(c.amount.0)
        .bind(date_to_sql(c.cashing_month))
        .bind(instant_to_sql(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A cheque with its payment state (to_provide, received, handed_to_farmer).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChequeRow {
    pub cheque: Cheque,
    pub state: String,
}

pub async fn cheques_of(conn: &mut Conn, sub: SubscriptionId) -> CoreResult<Vec<ChequeRow>> {
    let rows = sqlx::query(
        "SELECT number, amount_cents, cashing_month, state FROM cheque WHERE subscription_id = $1 ORDER BY number",
    )
    .bind(sub.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ChequeRow {
                cheque: Cheque {
                    number: u32::try_from(r.try_get::<i64, _>("number")?)
                        .map_err(|_| corrupt("cheque.number"))?,
                    amount: Cents(r.try_get("amount_cents")?),
                    cashing_month: date_from_sql(r.try_get("cashing_month")?)?,
                },
                state: r.try_get("state")?,
            })
        })
        .collect()
}

pub(crate) fn absence_from_row(r: &AnyRow) -> Result<Absence, sqlx::Error> {
    let mode: String = r.try_get("mode")?;
    let postpone_to: Option<String> = r.try_get("postpone_to")?;
    Ok(Absence {
        scheduled: date_from_sql(r.try_get("scheduled")?)?,
        mode: AbsenceMode::parse(&mode).map_err(|_| corrupt("absence.mode"))?,
        postpone_to: postpone_to.as_deref().map(date_from_sql).transpose()?,
        handover_member: r.try_get::<Option<i64>, _>("handover_member_id")?.map(MemberId),
        handover_guest: r.try_get("handover_guest")?,
    })
}

pub(crate) const ABSENCE_COLUMNS: &str =
    "subscription_id, scheduled, mode, postpone_to, handover_member_id, handover_guest";

pub async fn absences_of(conn: &mut Conn, sub: SubscriptionId) -> CoreResult<Vec<Absence>> {
    let rows = sqlx::query(sql!(
        "SELECT {ABSENCE_COLUMNS} FROM absence WHERE subscription_id = $1 ORDER BY scheduled"
    ))
    .bind(sub.0)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(absence_from_row).collect::<Result<_, _>>()?)
}

pub async fn absences_of_contract(
    conn: &mut Conn,
    contract: ContractId,
) -> CoreResult<Vec<(SubscriptionId, Absence)>> {
    let rows = sqlx::query(sql!(
        "SELECT {ABSENCE_COLUMNS} FROM absence WHERE subscription_id IN
           (SELECT id FROM subscription WHERE contract_id = $1)"
    ))
    .bind(contract.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok((SubscriptionId(r.try_get("subscription_id")?), absence_from_row(r)?))).collect()
}

/// Baskets other members hand to `member`.
pub async fn handovers_to(conn: &mut Conn, member: MemberId) -> CoreResult<Vec<(SubscriptionId, Absence)>> {
    let rows = sqlx::query(sql!("SELECT {ABSENCE_COLUMNS} FROM absence WHERE handover_member_id = $1"))
        .bind(member.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((SubscriptionId(r.try_get("subscription_id")?), absence_from_row(r)?))).collect()
}

/// Records an absence; false if one already exists for that delivery.
pub async fn insert_absence(
    conn: &mut Conn,
    sub: SubscriptionId,
    a: &Absence,
    now: DateTime<Utc>,
) -> CoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO absence (subscription_id, scheduled, mode, postpone_to, handover_member_id, handover_guest, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (subscription_id, scheduled) DO NOTHING",
    )
    .bind(sub.0)
    .bind(date_to_sql(a.scheduled))
    .bind(a.mode.as_str())
    .bind(a.postpone_to.map(date_to_sql))
    .bind(a.handover_member.map(|m| m.0))
    .bind(a.handover_guest.as_deref())
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_absence(conn: &mut Conn, sub: SubscriptionId, scheduled: NaiveDate) -> CoreResult<bool> {
    let done = sqlx::query("DELETE FROM absence WHERE subscription_id = $1 AND scheduled = $2")
        .bind(sub.0)
        .bind(date_to_sql(scheduled))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How a basket ended; see `BasketOutcome` in the use cases.
pub async fn record_outcome(
    conn: &mut Conn,
    sub: SubscriptionId,
    scheduled: NaiveDate,
    outcome: &str,
    source: &str,
    by: Option<MemberId>,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    sqlx::query(
        "INSERT INTO basket_outcome (subscription_id, scheduled, outcome, source, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (subscription_id, scheduled) DO UPDATE SET outcome = excluded.outcome,
             source = excluded.source, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
    )
    .bind(sub.0)
    .bind(date_to_sql(scheduled))
    .bind(outcome)
    .bind(source)
    .bind(by.map(|m| m.0))
    .bind(instant_to_sql(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Outcomes recorded for a subscription: (scheduled date, outcome, source).
pub async fn outcomes_of(
    conn: &mut Conn,
    sub: SubscriptionId,
) -> CoreResult<Vec<(NaiveDate, String, String)>> {
    let rows = sqlx::query(
        "SELECT scheduled, outcome, source FROM basket_outcome WHERE subscription_id = $1 ORDER BY scheduled",
    )
    .bind(sub.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((date_from_sql(r.try_get("scheduled")?)?, r.try_get("outcome")?, r.try_get("source")?)))
        .collect()
}

pub async fn mark_signed(
    conn: &mut Conn,
    sub: SubscriptionId,
    state: SubscriptionState,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let column = match state {
        SubscriptionState::Countersigned => "farmer_signed_at",
        _ => "member_signed_at",
    };
    sqlx::query(sql!("UPDATE subscription SET state = $1, {column} = $2, updated_at = $2 WHERE id = $3"))
        .bind(state.as_str())
        .bind(instant_to_sql(now))
        .bind(sub.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Every outcome recorded for a contract's baskets: (subscription, scheduled date, outcome).
pub async fn outcomes_of_contract(
    conn: &mut Conn,
    contract: ContractId,
) -> CoreResult<Vec<(SubscriptionId, NaiveDate, String)>> {
    let rows = sqlx::query(
        "SELECT o.subscription_id, o.scheduled, o.outcome FROM basket_outcome o
         JOIN subscription s ON s.id = o.subscription_id WHERE s.contract_id = $1",
    )
    .bind(contract.0)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                SubscriptionId(r.try_get("subscription_id")?),
                date_from_sql(r.try_get("scheduled")?)?,
                r.try_get("outcome")?,
            ))
        })
        .collect()
}
