//! Criterion benchmarks of the hot pure rules (`cargo bench -p panier-core --bench rules`):
//! what a member collects over a season (`season::pickups`), a farmer's totals for one
//! delivery over a whole contract, who collects on a date (the planner's reminder list),
//! a subscription's total and its cheque split (`money`). Figures: docs/performance.md.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use panier_core::model::{AbsenceMode, Product};
use panier_core::rules::money::{GridCell, payment_schedule, subscription_total};
use panier_core::rules::season::{
    Absence, Collector, Delivery, DeliveryState, SubscriptionSeason, pickups, sum_items,
};
use panier_core::types::{Cents, MemberId, ProductId, Quantity, Slug};

const WEEKS: u64 = 26;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 4, 6).unwrap_or_default()
}

fn week(n: u64) -> NaiveDate {
    start() + Days::new(7 * n)
}

fn product(id: i64, slug: &str, price: i64, only: Option<Vec<NaiveDate>>) -> Product {
    Product {
        id: ProductId(id),
        slug: Slug::parse(slug).expect("a valid slug"),
        name: slug.to_owned(),
        unit: None,
        price: Cents(price),
        only_dates: only,
        excluded_dates: vec![week(10)],
    }
}

/// A weekly vegetables contract with two basket sizes and eggs every other week; one
/// delivery moved, one cancelled.
fn contract() -> (Vec<Product>, Vec<Delivery>) {
    let even: Vec<NaiveDate> = (0..WEEKS).step_by(2).map(week).collect();
    let products = vec![
        product(1, "petit-panier", 1200, None),
        product(2, "grand-panier", 1900, None),
        product(3, "oeufs", 40, Some(even)),
    ];
    let deliveries = (0..WEEKS)
        .map(|n| {
            let scheduled = week(n);
            let date = if n == 12 { scheduled + Days::new(1) } else { scheduled };
            let state = if n == 20 { DeliveryState::Cancelled } else { DeliveryState::Planned };
            Delivery { scheduled, date, state }
        })
        .collect();
    (products, deliveries)
}

fn quantity(n: i64) -> Quantity {
    Quantity::new(n).expect("a valid quantity")
}

/// Subscription `i`: a basket size, eggs for two in three, an absence for one in three
/// (postponed, handed over, or given up), as in the national dataset.
fn subscription(i: i64) -> (Vec<GridCell>, Vec<Absence>) {
    let basket = ProductId(1 + i % 2);
    let mut grid = Vec::new();
    for n in 0..WEEKS {
        grid.push(GridCell { product: basket, date: week(n), quantity: quantity(1) });
        if i % 3 != 0 {
            grid.push(GridCell { product: ProductId(3), date: week(n), quantity: quantity(6) });
        }
    }
    let on = week(u64::try_from(5 + i % 15).unwrap_or(5));
    let absence = |mode, postpone_to, handover_member| Absence {
        scheduled: on,
        mode,
        postpone_to,
        handover_member,
        handover_guest: None,
    };
    let absences = match i % 9 {
        0 => vec![absence(AbsenceMode::Postpone, Some(on + Days::new(7)), None)],
        3 => vec![absence(AbsenceMode::Handover, None, Some(MemberId(1000 + i)))],
        6 => vec![absence(AbsenceMode::Donate, None, None)],
        _ => Vec::new(),
    };
    (grid, absences)
}

fn season_of<'a>(
    products: &'a [Product],
    deliveries: &'a [Delivery],
    (grid, absences): &'a (Vec<GridCell>, Vec<Absence>),
) -> SubscriptionSeason<'a> {
    SubscriptionSeason { products, deliveries, grid, absences }
}

fn benches(c: &mut Criterion) {
    let (products, deliveries) = contract();
    let subs: Vec<(Vec<GridCell>, Vec<Absence>)> = (0..60).map(subscription).collect();
    let season = |s| season_of(&products, &deliveries, s);
    let one = &subs[0];

    c.bench_function("pickups: one subscription, 26-week season", |b| {
        b.iter(|| pickups(black_box(&season(one))));
    });
    let day = week(6);
    c.bench_function("farmer totals: one delivery, 60 subscriptions", |b| {
        b.iter(|| {
            let all: Vec<_> = subs.iter().flat_map(|s| pickups(&season(s))).collect();
            sum_items(all.iter().filter(|p| p.date == black_box(day)))
        });
    });
    c.bench_function("collectors: one date, 60 subscriptions", |b| {
        b.iter(|| {
            let mut who = std::collections::BTreeSet::new();
            for (i, s) in subs.iter().enumerate() {
                for p in pickups(&season(s)).iter().filter(|p| p.date == black_box(day)) {
                    match p.collector {
                        Collector::Owner => {
                            who.insert(MemberId(i64::try_from(i).unwrap_or(0)));
                        }
                        Collector::Member(m) => {
                            who.insert(m);
                        }
                        Collector::Guest(_) | Collector::Donated => {}
                    }
                }
            }
            who
        });
    });
    c.bench_function("subscription total: 26 weeks x 2 products", |b| {
        b.iter(|| subscription_total(black_box(&products), black_box(&one.0)));
    });
    let total = subscription_total(&products, &one.0).unwrap_or(Cents(0));
    c.bench_function("payment split: 10 cheques", |b| {
        b.iter(|| payment_schedule(black_box(total), 10, 10, Cents(1000), start()));
    });
}

criterion_group!(rules, benches);
criterion_main!(rules);
