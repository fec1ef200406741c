//! Table tests of the pickups rule: one season, many situations.

use super::*;
use crate::types::{Cents, Slug};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn q(n: i64) -> Quantity {
    Quantity::new(n).expect("quantity")
}

const VEG: ProductId = ProductId(1);
const EGGS: ProductId = ProductId(2);
const FRIEND: MemberId = MemberId(7);

fn products() -> Vec<Product> {
    vec![
        Product {
            id: VEG,
            slug: Slug::parse("legumes").expect("slug"),
            name: "Légumes".into(),
            unit: None,
            price: Cents(1700),
            only_dates: None,
            excluded_dates: vec![],
        },
        Product {
            id: EGGS,
            slug: Slug::parse("oeufs").expect("slug"),
            name: "Œufs".into(),
            unit: Some("pièce".into()),
            price: Cents(40),
            only_dates: Some(vec![d("2027-05-04"), d("2027-05-18")]),
            excluded_dates: vec![],
        },
    ]
}

const DATES: [&str; 3] = ["2027-05-04", "2027-05-11", "2027-05-18"];

fn planned() -> Vec<Delivery> {
    DATES.iter().map(|s| Delivery { scheduled: d(s), date: d(s), state: DeliveryState::Planned }).collect()
}

fn grid() -> Vec<GridCell> {
    let mut cells = Vec::new();
    for s in DATES {
        cells.push(GridCell { product: VEG, date: d(s), quantity: q(1) });
        cells.push(GridCell { product: EGGS, date: d(s), quantity: q(6) });
    }
    cells
}

fn absence(on: &str, mode: AbsenceMode) -> Absence {
    Absence { scheduled: d(on), mode, postpone_to: None, handover_member: None, handover_guest: None }
}

/// (date, from, collector, postponed, items) in a compact form for comparison.
type Row = (NaiveDate, NaiveDate, Collector, bool, Vec<(ProductId, u32)>);

fn rows(deliveries: &[Delivery], absences: &[Absence]) -> Vec<Row> {
    let products = products();
    let grid = grid();
    let season = SubscriptionSeason { products: &products, deliveries, grid: &grid, absences };
    pickups(&season)
        .into_iter()
        .map(|p| {
            let items = p.items.iter().map(|(id, qty)| (*id, qty.get())).collect();
            (p.date, p.from, p.collector, p.postponed, items)
        })
        .collect()
}

fn own(date: &str, eggs: bool) -> Row {
    let mut items = vec![(VEG, 1)];
    if eggs {
        items.push((EGGS, 6));
    }
    (d(date), d(date), Collector::Owner, false, items)
}

#[test]
fn plain_season_respects_product_subsets() {
    assert_eq!(
        rows(&planned(), &[]),
        vec![own("2027-05-04", true), own("2027-05-11", false), own("2027-05-18", true)]
    );
}

#[test]
fn situations() {
    let mut cancelled = planned();
    cancelled[1].state = DeliveryState::Cancelled;

    let mut moved = planned();
    moved[1].date = d("2027-05-12");

    // the 11th moves onto the 18th: a double delivery that day
    let mut merged = planned();
    merged[1].date = d("2027-05-18");

    let postpone =
        Absence { postpone_to: Some(d("2027-05-18")), ..absence("2027-05-04", AbsenceMode::Postpone) };
    let handover = Absence { handover_member: Some(FRIEND), ..absence("2027-05-11", AbsenceMode::Handover) };
    let guest =
        Absence { handover_guest: Some("Mamie".into()), ..absence("2027-05-11", AbsenceMode::Handover) };
    let postpone_to_cancelled =
        Absence { postpone_to: Some(d("2027-05-11")), ..absence("2027-05-04", AbsenceMode::Postpone) };

    let cases: Vec<(&str, Vec<Delivery>, Vec<Absence>, Vec<Row>)> = vec![
        (
            "cancelled delivery disappears",
            cancelled.clone(),
            vec![],
            vec![own("2027-05-04", true), own("2027-05-18", true)],
        ),
        (
            "moved delivery keeps its identity",
            moved,
            vec![],
            vec![
                own("2027-05-04", true),
                (d("2027-05-12"), d("2027-05-11"), Collector::Owner, false, vec![(VEG, 1)]),
                own("2027-05-18", true),
            ],
        ),
        (
            "merged move gives a double delivery",
            merged,
            vec![],
            vec![
                own("2027-05-04", true),
                (d("2027-05-18"), d("2027-05-11"), Collector::Owner, false, vec![(VEG, 1)]),
                own("2027-05-18", true),
            ],
        ),
        (
            "donated basket goes to the volunteers",
            planned(),
            vec![absence("2027-05-11", AbsenceMode::Donate)],
            vec![
                own("2027-05-04", true),
                (d("2027-05-11"), d("2027-05-11"), Collector::Donated, false, vec![(VEG, 1)]),
                own("2027-05-18", true),
            ],
        ),
        (
            "postponed basket doubles a later one",
            planned(),
            vec![postpone],
            vec![
                own("2027-05-11", false),
                (d("2027-05-18"), d("2027-05-04"), Collector::Owner, true, vec![(VEG, 1), (EGGS, 6)]),
                own("2027-05-18", true),
            ],
        ),
        (
            "handover to a member",
            planned(),
            vec![handover],
            vec![
                own("2027-05-04", true),
                (d("2027-05-11"), d("2027-05-11"), Collector::Member(FRIEND), false, vec![(VEG, 1)]),
                own("2027-05-18", true),
            ],
        ),
        (
            "handover to a guest",
            planned(),
            vec![guest],
            vec![
                own("2027-05-04", true),
                (d("2027-05-11"), d("2027-05-11"), Collector::Guest("Mamie".into()), false, vec![(VEG, 1)]),
                own("2027-05-18", true),
            ],
        ),
        (
            "postponed onto a cancelled delivery is given to the volunteers",
            cancelled,
            vec![postpone_to_cancelled],
            vec![
                (d("2027-05-04"), d("2027-05-04"), Collector::Donated, false, vec![(VEG, 1), (EGGS, 6)]),
                own("2027-05-18", true),
            ],
        ),
    ];
    for (name, deliveries, absences, expected) in cases {
        assert_eq!(rows(&deliveries, &absences), expected, "{name}");
    }
}

#[test]
fn totals_add_every_collector() {
    let products = products();
    let grid = grid();
    let deliveries = planned();
    let absences = [absence("2027-05-04", AbsenceMode::Donate)];
    let season =
        SubscriptionSeason { products: &products, deliveries: &deliveries, grid: &grid, absences: &absences };
    let all = pickups(&season);
    let on_4th = sum_items(all.iter().filter(|p| p.date == d("2027-05-04")));
    assert_eq!(on_4th.get(&VEG), Some(&1));
    assert_eq!(on_4th.get(&EGGS), Some(&6));
    let season_total = sum_items(&all);
    assert_eq!(season_total.get(&VEG), Some(&3));
    assert_eq!(season_total.get(&EGGS), Some(&12));
}
