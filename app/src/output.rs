//! Plain-text renderings of command results for a server admin's terminal.

use std::fmt::Write;

use panier_core::usecases::baskets::{BasketItem, DistributionView, GivenAway};
use panier_core::usecases::totals::DeliveryTotals;

/// "140,00 €" from cents.
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{},{:02} €", cents / 100, cents % 100)
}

pub fn totals(t: &DeliveryTotals) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}) — {}", t.contract_name, t.contract, t.date);
    let width = t.products.iter().map(|p| p.name.chars().count()).max().unwrap_or(0);
    for p in &t.products {
        let unit = p.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
        let _ = writeln!(out, "  {:<width$}  {:>4}{unit}", p.name, p.quantity);
    }
    let _ = writeln!(out, "  subscribers: {}", t.subscribers);
    let _ = writeln!(out, "  amount: {}", euros(t.amount_cents));
    out
}

fn item(i: &BasketItem) -> String {
    let from = i.postponed_from.map(|d| format!(", postponed from {d}")).unwrap_or_default();
    format!("{} × {} ({}{from})", i.quantity, i.product_name, i.contract)
}

pub fn distributions(views: &[DistributionView]) -> String {
    if views.is_empty() {
        return "no upcoming distribution\n".into();
    }
    let mut out = String::new();
    for v in views {
        let _ = writeln!(
            out,
            "{} {}–{}, {} ({})",
            v.date,
            v.start.format("%H:%M"),
            v.end.format("%H:%M"),
            v.amap_name,
            v.place_name
        );
        for i in &v.items {
            let _ = writeln!(out, "  {}", item(i));
        }
        for other in &v.for_others {
            for i in &other.items {
                let _ = writeln!(out, "  for {}: {}", other.owner, item(i));
            }
        }
        for given in &v.given_away {
            let line = match given {
                GivenAway::HandedTo { contract, to } => format!("{contract}: handed to {to}"),
                GivenAway::Postponed { contract, to: Some(to) } => format!("{contract}: postponed to {to}"),
                GivenAway::Postponed { contract, to: None } => format!("{contract}: postponed"),
                GivenAway::Donated { contract } => format!("{contract}: given up"),
            };
            let _ = writeln!(out, "  {line}");
        }
        if v.on_duty {
            let _ = writeln!(out, "  on duty");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(euros(14000), "140,00 €");
        assert_eq!(euros(5), "0,05 €");
        assert_eq!(euros(-250), "-2,50 €");
    }
}
