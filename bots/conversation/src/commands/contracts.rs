//! `contrats` / `contracts`: the member's contracts, their state, total and cheques.

use chrono::{Datelike, NaiveDate};
use panier_core::rules::state::{ContractState, SubscriptionState};
use panier_core::usecases::contracts_view::MyContract;

use crate::commands::absence::compose;
use crate::context::Ctx;
use crate::failure::Failure;
use crate::format;
use crate::i18n::Arg;
use crate::markup::{Rich, escape};
use crate::message::Reply;

pub async fn run(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let contracts = ctx.panier.my_contracts(member).await?;
    if contracts.is_empty() {
        return Ok(vec![ctx.reply("contracts-none", &[])]);
    }
    let mut blocks = vec![ctx.raw("contracts-title", &[])];
    for k in &contracts {
        blocks.push(block(ctx, k));
    }
    let mut buttons = Vec::new();
    let to_sign = contracts.iter().any(|k| {
        k.state == ContractState::Open && k.subscription.is_none_or(|s| s == SubscriptionState::Draft)
    });
    if to_sign {
        buttons.push(ctx.button("contracts-button-sign", &[], "/signer"));
    }
    buttons.push(ctx.button("button-deliveries", &[], "/livraisons"));
    Ok(vec![Reply::new(Rich::parse(&blocks.join("\n\n"))).with_buttons(buttons)])
}

fn contract_state_key(state: ContractState) -> &'static str {
    match state {
        ContractState::Draft => "contracts-state-draft",
        ContractState::Open => "contracts-state-open",
        ContractState::Closed => "contracts-state-closed",
        ContractState::Running => "contracts-state-running",
        ContractState::Ended => "contracts-state-ended",
        ContractState::Archived => "contracts-state-archived",
    }
}

fn subscription_key(state: Option<SubscriptionState>) -> &'static str {
    match state {
        None => "contracts-sub-none",
        Some(SubscriptionState::Draft) => "contracts-sub-draft",
        Some(SubscriptionState::MemberSigned) => "contracts-sub-member-signed",
        Some(SubscriptionState::Countersigned) => "contracts-sub-countersigned",
        Some(SubscriptionState::Cancelled) => "contracts-sub-cancelled",
    }
}

fn cheque_state_key(state: &str) -> &'static str {
    match state {
        "to_provide" => "contracts-cheque-to-provide",
        "received" => "contracts-cheque-received",
        "handed_to_farmer" => "contracts-cheque-handed",
        _ => "contracts-cheque-unknown",
    }
}

/// "mars", or "mars 2028" when it is not this year.
fn month(ctx: &Ctx<'_>, date: NaiveDate) -> String {
    let name = format::month_name(ctx.lang, date.month());
    if date.year() == ctx.today().year() { name.to_owned() } else { format!("{name} {}", date.year()) }
}

fn block(ctx: &Ctx<'_>, k: &MyContract) -> String {
    let mut lines =
        vec![ctx.raw("contracts-name", &[("name", Arg::from(&k.name)), ("farm", Arg::from(&k.farm))])];
    let mut status = compose(
        ctx,
        "contracts-status",
        &[
            ("contract", Arg::from(ctx.raw(contract_state_key(k.state), &[]))),
            ("subscription", Arg::from(ctx.raw(subscription_key(k.subscription), &[]))),
        ],
    );
    if k.on_paper {
        status.push(' ');
        status.push_str(&ctx.raw("contracts-on-paper", &[]));
    }
    lines.push(status);
    let subscribed = k.subscription.is_some_and(|s| s != SubscriptionState::Cancelled);
    if !subscribed {
        return lines.join("\n");
    }
    if let Some(total) = k.total_cents {
        lines.push(ctx.raw(
            "contracts-total",
            &[("total", Arg::from(ctx.money(total))), ("n", Arg::from(k.cheques.len()))],
        ));
    }
    if k.cheques.is_empty() {
        lines.push(ctx.raw("contracts-no-cheques", &[]));
    }
    for c in &k.cheques {
        lines.push(compose(
            ctx,
            "contracts-cheque",
            &[
                ("number", Arg::from(c.cheque.number)),
                ("amount", Arg::from(escape(&ctx.money(c.cheque.amount.0)))),
                ("month", Arg::from(escape(&month(ctx, c.cheque.cashing_month)))),
                ("state", Arg::from(ctx.raw(cheque_state_key(&c.state), &[]))),
            ],
        ));
    }
    lines.join("\n")
}
