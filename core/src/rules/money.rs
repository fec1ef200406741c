//! Subscription totals and payment schedules, in integer cents.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::Invalid;
use crate::model::Product;
use crate::types::{Cents, ProductId, Quantity};

/// One cell of a quantity grid: this product, on the delivery scheduled on this date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GridCell {
    pub product: ProductId,
    pub date: NaiveDate,
    pub quantity: Quantity,
}

/// Sum over dates and products of quantity x unit price; cells the product is not offered on
/// count zero. `None` only on overflow, which bounded quantities make impossible in practice.
pub fn subscription_total(products: &[Product], grid: &[GridCell]) -> Option<Cents> {
    let mut total = Cents::ZERO;
    for cell in grid {
        let Some(product) = products.iter().find(|p| p.id == cell.product) else {
            continue;
        };
        if !product.offered_on(cell.date) {
            continue;
        }
        total = total.checked_add(product.price.checked_mul(cell.quantity)?)?;
    }
    Some(total)
}

/// The numbers of cheques a member may choose: 1 to `max_cheques`, lowered so that no cheque
/// falls under `min_cheque` (a zero minimum means no minimum). Always at least 1.
pub fn allowed_cheque_counts(total: Cents, max_cheques: u32, min_cheque: Cents) -> u32 {
    let max = max_cheques.max(1);
    if min_cheque.0 <= 0 {
        return max;
    }
    let by_minimum = (total.0 / min_cheque.0).clamp(1, i64::from(u32::MAX)) as u32;
    max.min(by_minimum)
}

/// One cheque of a payment schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cheque {
    pub number: u32,
    pub amount: Cents,
    /// First day of the month it may be cashed.
    pub cashing_month: NaiveDate,
}

/// Splits `total` into `count` cheques: each is floor(total / count) and the last takes the
/// remainder. Cheques are cashed monthly from the month of `first_delivery`.
pub fn payment_schedule(
    total: Cents,
    count: u32,
    max_cheques: u32,
    min_cheque: Cents,
    first_delivery: NaiveDate,
) -> Result<Vec<Cheque>, Invalid> {
    if count == 0 || count > allowed_cheque_counts(total, max_cheques, min_cheque) {
        return Err(Invalid::ChequeCount);
    }
    let n = i64::from(count);
    let each = total.0 / n;
    let first_month = first_delivery.with_day(1).unwrap_or(first_delivery);
    let schedule = (0..count)
        .map(|i| {
            let amount = if i + 1 == count { total.0 - each * (n - 1) } else { each };
            Cheque {
                number: i + 1,
                amount: Cents(amount),
                cashing_month: first_month.checked_add_months(chrono::Months::new(i)).unwrap_or(first_month),
            }
        })
        .collect();
    Ok(schedule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Slug;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn product(id: i64, price: i64, only: Option<&[&str]>, excluded: &[&str]) -> Product {
        Product {
            id: ProductId(id),
            slug: Slug::parse(&format!("p{id}")).expect("slug"),
            name: format!("P{id}"),
            unit: None,
            price: Cents(price),
            only_dates: only.map(|d| d.iter().map(|s| date(s)).collect()),
            excluded_dates: excluded.iter().map(|s| date(s)).collect(),
        }
    }

    fn cell(p: i64, d: &str, q: i64) -> GridCell {
        GridCell { product: ProductId(p), date: date(d), quantity: Quantity::new(q).expect("q") }
    }

    #[test]
    fn totals() {
        let products = [product(1, 1700, None, &["2027-05-18"]), product(2, 250, Some(&["2027-05-11"]), &[])];
        let cases: [(&str, Vec<GridCell>, i64); 5] = [
            ("empty grid", vec![], 0),
            ("one cell", vec![cell(1, "2027-05-11", 1)], 1700),
            ("excluded cell counts zero", vec![cell(1, "2027-05-18", 2)], 0),
            ("date outside the product's subset", vec![cell(2, "2027-05-18", 6)], 0),
            (
                "double make-up counts real quantity",
                vec![cell(1, "2027-05-11", 2), cell(1, "2027-05-25", 1), cell(2, "2027-05-11", 6)],
                2 * 1700 + 1700 + 6 * 250,
            ),
        ];
        for (name, grid, expected) in cases {
            assert_eq!(subscription_total(&products, &grid), Some(Cents(expected)), "{name}");
        }
    }

    #[test]
    fn cheque_counts() {
        // (total, max, min, expected)
        let cases = [
            (44200, 10, 0, 10),
            (44200, 10, 5000, 8),
            (44200, 10, 50000, 1),
            (0, 3, 1000, 1),
            (44200, 0, 0, 1),
        ];
        for (total, max, min, expected) in cases {
            assert_eq!(allowed_cheque_counts(Cents(total), max, Cents(min)), expected, "{total} {max} {min}");
        }
    }

    #[test]
    fn schedules() {
        let first = date("2027-05-11");
        let cheques = payment_schedule(Cents(10000), 3, 10, Cents(0), first).expect("valid");
        let amounts: Vec<i64> = cheques.iter().map(|c| c.amount.0).collect();
        assert_eq!(amounts, [3333, 3333, 3334]);
        assert_eq!(cheques.iter().map(|c| c.amount).sum::<Cents>(), Cents(10000));
        assert_eq!(cheques[0].cashing_month, date("2027-05-01"));
        assert_eq!(cheques[2].cashing_month, date("2027-07-01"));
        assert_eq!(cheques[2].number, 3);

        let one = payment_schedule(Cents(999), 1, 10, Cents(0), first).expect("valid");
        assert_eq!(one[0].amount, Cents(999));

        assert_eq!(payment_schedule(Cents(10000), 0, 10, Cents(0), first), Err(Invalid::ChequeCount));
        assert_eq!(payment_schedule(Cents(10000), 11, 10, Cents(0), first), Err(Invalid::ChequeCount));
        // a 40 € minimum allows at most 2 cheques of 100 €
        assert_eq!(payment_schedule(Cents(10000), 3, 10, Cents(4000), first), Err(Invalid::ChequeCount));
        assert!(payment_schedule(Cents(10000), 2, 10, Cents(4000), first).is_ok());
    }
}
