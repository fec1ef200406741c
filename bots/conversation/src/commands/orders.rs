//! `commandes` / `orders [date]`: for farmers, the totals of each of their contracts for its
//! next delivery, or for the given date.

use crate::commands::totals::{Step, finish, totals_text};
use crate::context::Ctx;
use crate::dates::{date_arg, iso};
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::{Button, Reply};

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    finish(orders(ctx, args).await)
}

async fn orders(ctx: &Ctx<'_>, args: &str) -> Step<Vec<Reply>> {
    let member = ctx.member()?.id;
    let date = if args.trim().is_empty() { None } else { Some(date_arg(ctx, args)?) };
    let now = ctx.now;
    let orders = ctx
        .panier
        .read(async |c| panier_core::usecases::admin_extra::farmer_orders(c, member, date, now).await)
        .await?;
    if orders.is_empty() {
        return Ok(vec![match date {
            Some(d) => ctx.reply("manage-orders-none-date", &[("date", Arg::from(ctx.date(d)))]),
            None => ctx.reply("manage-orders-none", &[]),
        }]);
    }
    let blocks: Vec<String> = orders.iter().map(|o| totals_text(ctx, &o.totals, &o.amap_name)).collect();
    let mut buttons: Vec<Button> = Vec::new();
    for o in &orders {
        let signin = format!("/emargement {}", iso(o.totals.date));
        if !buttons.iter().any(|b| b.data == signin) {
            buttons.push(ctx.button("manage-button-signin", &[], signin));
        }
    }
    for o in &orders {
        buttons.push(ctx.button(
            "manage-button-contract-dates",
            &[("contract", Arg::from(&o.totals.contract_name))],
            format!("/totaux {}", o.totals.contract),
        ));
    }
    Ok(vec![Reply::new(Rich::parse(&blocks.join("\n\n"))).with_buttons(buttons)])
}
