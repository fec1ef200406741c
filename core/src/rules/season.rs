//! Who collects what, when: a subscription's season after cancellations, moves, absences,
//! postponements and handovers. The sign-in sheet, a member's baskets and the farmer's order
//! totals are all read off the same list of pickups, so they cannot disagree.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{AbsenceMode, Product};
use crate::rules::money::GridCell;
use crate::types::{MemberId, ProductId, Quantity};

/// Whether a delivery still happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Planned,
    Cancelled,
}

/// One delivery of a contract. `scheduled` is its identity (the date in the contract);
/// `date` is where it happens now: equal unless it was moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Delivery {
    pub scheduled: NaiveDate,
    pub date: NaiveDate,
    pub state: DeliveryState,
}

/// A declared absence on the delivery scheduled on `scheduled`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Absence {
    pub scheduled: NaiveDate,
    pub mode: AbsenceMode,
    /// Postponement: the scheduled date of the delivery that carries the basket instead.
    pub postpone_to: Option<NaiveDate>,
    pub handover_member: Option<MemberId>,
    pub handover_guest: Option<String>,
}

/// Who takes a basket home.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "who", rename_all = "snake_case")]
pub enum Collector {
    Owner,
    Member(MemberId),
    Guest(String),
    /// Given up: shared by the volunteers or donated.
    Donated,
}

/// A basket handed out on `date`, coming from the delivery scheduled on `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pickup {
    pub date: NaiveDate,
    pub from: NaiveDate,
    pub collector: Collector,
    pub postponed: bool,
    pub items: Vec<(ProductId, Quantity)>,
}

/// What the rules need to know of one subscription.
#[derive(Debug, Clone, Copy)]
pub struct SubscriptionSeason<'a> {
    pub products: &'a [Product],
    pub deliveries: &'a [Delivery],
    pub grid: &'a [GridCell],
    pub absences: &'a [Absence],
}

impl SubscriptionSeason<'_> {
    fn items_of(&self, scheduled: NaiveDate) -> Vec<(ProductId, Quantity)> {
        let mut items: Vec<(ProductId, Quantity)> = self
            .grid
            .iter()
            .filter(|c| c.date == scheduled && !c.quantity.is_zero())
            .filter(|c| self.products.iter().any(|p| p.id == c.product && p.offered_on(scheduled)))
            .map(|c| (c.product, c.quantity))
            .collect();
        items.sort_by_key(|(p, _)| self.products.iter().position(|x| x.id == *p));
        items
    }

    fn absence_on(&self, scheduled: NaiveDate) -> Option<&Absence> {
        self.absences.iter().find(|a| a.scheduled == scheduled)
    }

    fn planned(&self, scheduled: NaiveDate) -> Option<&Delivery> {
        self.deliveries.iter().find(|d| d.scheduled == scheduled && d.state == DeliveryState::Planned)
    }
}

fn collector_for(absence: Option<&Absence>) -> Collector {
    match absence {
        None => Collector::Owner,
        Some(a) => match a.mode {
            AbsenceMode::Donate => Collector::Donated,
            AbsenceMode::Handover => match (&a.handover_member, &a.handover_guest) {
                (Some(m), _) => Collector::Member(*m),
                (None, Some(g)) => Collector::Guest(g.clone()),
                (None, None) => Collector::Donated,
            },
            // A basket postponed onto a date the member is also away follows that date's
            // choice without being postponed a second time.
            AbsenceMode::Postpone => Collector::Owner,
        },
    }
}

/// Every basket of the season, in delivery order.
pub fn pickups(season: &SubscriptionSeason<'_>) -> Vec<Pickup> {
    let mut out = Vec::new();
    for delivery in season.deliveries.iter().filter(|d| d.state == DeliveryState::Planned) {
        let items = season.items_of(delivery.scheduled);
        if items.is_empty() {
            continue;
        }
        let absence = season.absence_on(delivery.scheduled);
        let pickup = match absence {
            Some(a) if a.mode == AbsenceMode::Postpone => {
                let target = a.postpone_to.and_then(|to| season.planned(to));
                match target {
                    Some(target) => {
                        let target_absence = season.absence_on(target.scheduled);
                        let collector = match target_absence {
                            Some(t) if t.mode != AbsenceMode::Postpone => collector_for(Some(t)),
                            _ => Collector::Owner,
                        };
                        Pickup {
                            date: target.date,
                            from: delivery.scheduled,
                            collector,
                            postponed: true,
                            items,
                        }
                    }
                    // The target was cancelled: the basket goes to the volunteers on its own date.
                    None => Pickup {
                        date: delivery.date,
                        from: delivery.scheduled,
                        collector: Collector::Donated,
                        postponed: false,
                        items,
                    },
                }
            }
            _ => Pickup {
                date: delivery.date,
                from: delivery.scheduled,
                collector: collector_for(absence),
                postponed: false,
                items,
            },
        };
        out.push(pickup);
    }
    out.sort_by_key(|p| (p.date, p.from));
    out
}

/// Adds up quantities per product over pickups (farmer totals, sign-in sheet lines).
pub fn sum_items<'a>(pickups: impl IntoIterator<Item = &'a Pickup>) -> BTreeMap<ProductId, u64> {
    let mut totals = BTreeMap::new();
    for pickup in pickups {
        for (product, quantity) in &pickup.items {
            *totals.entry(*product).or_insert(0) += u64::from(quantity.get());
        }
    }
    totals
}

#[cfg(test)]
#[path = "season_tests.rs"]
mod tests;
