//! Writes one imported subscription: its grid, state and payment schedule, each only when it
//! differs from what the database holds, so a second import changes nothing.

use chrono::{DateTime, NaiveDate, Utc};

use super::error::{At, ImportError, Problem};
use super::records::OrStore;
use super::subscriptions::{Loaded, SubscriptionsReport};
use crate::error::Invalid;
use crate::rules::money::{self, Cheque, GridCell};
use crate::rules::state::SubscriptionState;
use crate::store::Conn;
use crate::store::subscriptions as subs;
use crate::types::{MemberId, ProductId, Quantity};

/// One row of the file: a quantity for a product, on all its dates or on one.
pub(crate) struct Line {
    pub line: u64,
    pub product: ProductId,
    pub date: Option<NaiveDate>,
    pub quantity: Quantity,
}

/// All rows of one member for one contract.
pub(crate) struct Group {
    /// Index of the contract in the import's loaded contracts.
    pub contract: usize,
    pub member: MemberId,
    pub first_line: u64,
    /// The number of cheques and the line giving it.
    pub cheques: Option<(u32, u64)>,
    pub lines: Vec<Line>,
}

impl Group {
    pub fn new(contract: usize, member: MemberId, first_line: u64) -> Self {
        Self { contract, member, first_line, cheques: None, lines: Vec::new() }
    }

    /// The line already giving this product (on this date, or on all dates).
    pub fn line_of(&self, product: ProductId, date: Option<NaiveDate>) -> Option<u64> {
        self.lines.iter().find(|l| l.product == product && l.date == date).map(|l| l.line)
    }

    /// The whole grid: each product's quantity on every date it is delivered, then the
    /// per-date overrides. Zero cells are left out; sorted by date then product.
    pub fn grid(&self, c: &Loaded) -> Vec<GridCell> {
        let mut cells: Vec<GridCell> = Vec::new();
        for line in self.lines.iter().filter(|l| l.date.is_none()) {
            let Some(product) = c.products.iter().find(|p| p.id == line.product) else {
                continue;
            };
            for date in c.dates.iter().filter(|d| product.offered_on(**d)) {
                cells.push(GridCell { product: line.product, date: *date, quantity: line.quantity });
            }
        }
        for line in self.lines.iter() {
            let Some(date) = line.date else { continue };
            cells.retain(|c| !(c.product == line.product && c.date == date));
            cells.push(GridCell { product: line.product, date, quantity: line.quantity });
        }
        cells.retain(|c| !c.quantity.is_zero());
        cells.sort_by_key(|c| (c.date, c.product));
        cells
    }
}

pub(crate) async fn write_group(
    conn: &mut Conn,
    file: &str,
    c: &Loaded,
    group: &Group,
    now: DateTime<Utc>,
    report: &mut SubscriptionsReport,
) -> Result<(), ImportError> {
    let at_line =
        |line: u64, field: &str, problem: Problem| ImportError::new(file, At::Line(line), field, problem);
    let contract = &c.contract;
    let rules = &contract.rules;
    let cells = group.grid(c);
    let total = money::subscription_total(&c.products, &cells)
        .ok_or_else(|| at_line(group.first_line, "quantity", Invalid::Amount.into()))?;
    let (count, count_line) = group.cheques.unwrap_or((1, group.first_line));
    let first_delivery = c.dates.first().copied().unwrap_or(rules.subscription_opens);
    let schedule = money::payment_schedule(total, count, rules.max_cheques, rules.min_cheque, first_delivery)
        .map_err(|_| {
            let allowed = money::allowed_cheque_counts(total, rules.max_cheques, rules.min_cheque);
            at_line(count_line, "cheques", Problem::ChequeCount { allowed })
        })?;

    let state = SubscriptionState::Countersigned;
    let old = subs::subscription_for(conn, contract.id, group.member).await.or_store(file)?;
    if let Some(old) = &old
        && !old.on_paper
        && old.state.is_committed()
    {
        return Err(at_line(group.first_line, "email", Problem::SignedOnline));
    }
    let same_row = old.as_ref().is_some_and(|o| o.state == state && o.on_paper && o.cheque_count == count);
    if !same_row {
        subs::upsert_subscription(conn, contract.id, group.member, state, true, count, now)
            .await
            .or_store(file)?;
    }
    let Some(sub) = subs::subscription_for(conn, contract.id, group.member).await.or_store(file)? else {
        return Err(at_line(group.first_line, "email", Problem::ConcurrentChange));
    };

    let mut changed = !same_row;
    if subs::grid_of(conn, sub.id).await.or_store(file)? != cells {
        let done = subs::replace_grid(conn, sub.id, sub.version, &cells, now).await.or_store(file)?;
        if !done {
            return Err(at_line(group.first_line, "email", Problem::ConcurrentChange));
        }
        changed = true;
    }
    let old_cheques: Vec<Cheque> =
        subs::cheques_of(conn, sub.id).await.or_store(file)?.into_iter().map(|row| row.cheque).collect();
    if old_cheques != schedule {
        subs::replace_cheques(conn, sub.id, &schedule, now).await.or_store(file)?;
        changed = true;
    }

    report.subscriptions.count(match (&old, changed) {
        (None, _) => super::Change::Created,
        (Some(_), true) => super::Change::Updated,
        (Some(_), false) => super::Change::Unchanged,
    });
    report.cells += cells.len() as u32;
    report.cheques += schedule.len() as u32;
    Ok(())
}
