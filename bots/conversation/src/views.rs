//! Renderings shared by several commands and by pushed reminders: a distribution as the
//! member sees it.

use panier_core::usecases::baskets::{BasketItem, DistributionView, GivenAway};

use crate::context::Ctx;
use crate::dates::iso;
use crate::format;
use crate::i18n::Arg;
use crate::markup::{Rich, escape};
use crate::message::Button;

/// "2 × Boîte de 6 œufs · 1 × Grand panier" (markup-escaped names).
pub fn items_line(ctx: &Ctx<'_>, items: &[BasketItem]) -> String {
    items
        .iter()
        .map(|i| {
            ctx.raw(
                "basket-item",
                &[("quantity", Arg::from(i.quantity)), ("product", Arg::from(&i.product_name))],
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The distribution block: date, place, what to collect, handovers, duty.
pub fn distribution(ctx: &Ctx<'_>, v: &DistributionView) -> Rich {
    let when = format::capitalize(&ctx.date(v.date));
    let mut lines = vec![
        ctx.raw(
            "next-when",
            &[("date", Arg::from(when)), ("hours", Arg::from(format::time_range(ctx.lang, v.start, v.end)))],
        ),
        ctx.raw("next-where", &[("place", Arg::from(&v.place_name)), ("address", Arg::from(&v.address))]),
    ];
    let (postponed, regular): (Vec<BasketItem>, Vec<BasketItem>) =
        v.items.iter().cloned().partition(|i| i.postponed_from.is_some());
    if !regular.is_empty() {
        // `items_line` is markup already: `label` inserts it without escaping it again.
        lines.push(ctx.label("next-collect", &[("items", Arg::from(items_line(ctx, &regular)))]));
    }
    for item in &postponed {
        let from = item.postponed_from.map(|d| ctx.date(d)).unwrap_or_default();
        lines.push(ctx.label(
            "next-postponed-item",
            &[("items", Arg::from(items_line(ctx, std::slice::from_ref(item)))), ("from", Arg::from(from))],
        ));
    }
    for other in &v.for_others {
        lines.push(ctx.label(
            "next-collect-for",
            &[
                ("owner", Arg::from(escape(&other.owner))),
                ("items", Arg::from(items_line(ctx, &other.items))),
            ],
        ));
    }
    for given in &v.given_away {
        lines.push(match given {
            GivenAway::HandedTo { contract, to } => {
                ctx.raw("next-given-handover", &[("contract", Arg::from(contract)), ("to", Arg::from(to))])
            }
            GivenAway::Postponed { contract, to } => ctx.raw(
                "next-given-postponed",
                &[
                    ("contract", Arg::from(contract)),
                    ("to", Arg::from(to.map(|d| ctx.date(d)).unwrap_or_default())),
                ],
            ),
            GivenAway::Donated { contract } => {
                ctx.raw("next-given-donated", &[("contract", Arg::from(contract))])
            }
        });
    }
    if v.items.is_empty() && v.for_others.is_empty() {
        lines.push(ctx.raw("next-nothing-to-collect", &[]));
    }
    if v.on_duty {
        lines.push(ctx.raw("next-on-duty", &[]));
    }
    Rich::parse(&lines.join("\n"))
}

/// The actions offered under a distribution.
pub fn distribution_buttons(ctx: &Ctx<'_>, v: &DistributionView) -> Vec<Button> {
    let mut buttons = Vec::new();
    if !v.items.is_empty() {
        buttons.push(ctx.button("button-absent", &[], format!("/absence {}", iso(v.date))));
        // Still possible after the change deadline, until the distribution starts.
        buttons.push(ctx.button("button-handover", &[], format!("/donner {}", iso(v.date))));
    }
    buttons.push(ctx.button("button-deliveries", &[], "/livraisons"));
    buttons
}
