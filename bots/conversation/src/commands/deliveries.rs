//! `livraisons` / `deliveries`: the member's next four distributions and what they collect.

use panier_core::usecases::baskets::{BasketItem, DistributionView};

use crate::commands::absence::{compose, given_line};
use crate::context::Ctx;
use crate::failure::Failure;
use crate::format;
use crate::i18n::Arg;
use crate::markup::{Rich, escape};
use crate::message::Reply;
use crate::views::items_line;

/// How many distributions are listed.
const COUNT: usize = 4;

pub async fn run(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let views = ctx.panier.upcoming(member, ctx.today(), COUNT).await?;
    if views.is_empty() {
        return Ok(vec![ctx.reply("deliveries-none", &[]).with_buttons(vec![ctx.button(
            "deliveries-button-contracts",
            &[],
            "/contrats",
        )])]);
    }
    let mut blocks = vec![ctx.raw("deliveries-title", &[("n", Arg::from(views.len()))])];
    let first_place = (&views[0].place_name, &views[0].address);
    for v in &views {
        let mut lines = vec![ctx.raw(
            "next-when",
            &[
                ("date", Arg::from(format::capitalize(&ctx.date(v.date)))),
                ("hours", Arg::from(format::time_range(ctx.lang, v.start, v.end))),
            ],
        )];
        if (&v.place_name, &v.address) != first_place {
            lines.push(ctx.raw(
                "next-where",
                &[("place", Arg::from(&v.place_name)), ("address", Arg::from(&v.address))],
            ));
        }
        lines.extend(basket_lines(ctx, v));
        blocks.push(lines.join("\n"));
    }
    let (place, address) = first_place;
    blocks.push(ctx.raw("next-where", &[("place", Arg::from(place)), ("address", Arg::from(address))]));
    let buttons = vec![
        ctx.button("button-absent", &[], "/absence"),
        ctx.button("deliveries-button-shifts", &[], "/permanences"),
        ctx.button("deliveries-button-contracts", &[], "/contrats"),
    ];
    Ok(vec![Reply::new(Rich::parse(&blocks.join("\n\n"))).with_buttons(buttons)])
}

/// The compact lines under one date (markup): own baskets, postponed ones, baskets collected
/// for others, baskets given away, duty.
fn basket_lines(ctx: &Ctx<'_>, v: &DistributionView) -> Vec<String> {
    let mut lines = Vec::new();
    let (postponed, regular): (Vec<BasketItem>, Vec<BasketItem>) =
        v.items.iter().cloned().partition(|i| i.postponed_from.is_some());
    if !regular.is_empty() {
        lines.push(compose(ctx, "deliveries-collect", &[("items", Arg::from(items_line(ctx, &regular)))]));
    }
    for item in &postponed {
        let from = item.postponed_from.map(|d| escape(&ctx.date(d))).unwrap_or_default();
        lines.push(compose(
            ctx,
            "deliveries-postponed-item",
            &[("items", Arg::from(items_line(ctx, std::slice::from_ref(item)))), ("from", Arg::from(from))],
        ));
    }
    for other in &v.for_others {
        lines.push(compose(
            ctx,
            "deliveries-collect-for",
            &[
                ("owner", Arg::from(escape(&other.owner))),
                ("items", Arg::from(items_line(ctx, &other.items))),
            ],
        ));
    }
    for given in &v.given_away {
        lines.push(given_line(ctx, given));
    }
    if v.items.is_empty() && v.for_others.is_empty() {
        lines.push(ctx.raw("next-nothing-to-collect", &[]));
    }
    if v.on_duty {
        lines.push(ctx.raw("deliveries-on-duty", &[]));
    }
    lines
}
