//! `paiements` / `payments [contrat]`: who has given which cheque for a contract, in
//! people's words (à remettre, reçu, remis à la ferme), with the totals at the end.

use chrono::Datelike;
use panier_core::store::subscriptions::ChequeRow;

use crate::commands::totals::{
    ContractArg, Scope, Step, ask_contract, contract_arg, finish, guard, long_reply,
};
use crate::context::Ctx;
use crate::failure::Failure;
use crate::format;
use crate::i18n::Arg;
use crate::message::Reply;
use crate::parse::normalize;

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    finish(payments(ctx, args).await)
}

fn state_key(state: &str) -> &'static str {
    match state {
        "received" => "manage-payments-state-received",
        "handed_to_farmer" => "manage-payments-state-handed",
        _ => "manage-payments-state-to-provide",
    }
}

/// "mars", or "mars 2028" outside the current year.
fn month(ctx: &Ctx<'_>, c: &ChequeRow) -> String {
    let date = c.cheque.cashing_month;
    let name = format::month_name(ctx.lang, date.month()).to_owned();
    if date.year() == ctx.today().year() { name } else { format!("{name} {}", date.year()) }
}

async fn payments(ctx: &Ctx<'_>, args: &str) -> Step<Vec<Reply>> {
    let (contract, _rest) = match contract_arg(ctx, args, "paiements", false).await? {
        ContractArg::Given(contract, rest) => (contract, rest),
        ContractArg::Ask(contracts, _) => return Err(ask_contract(ctx, &contracts, "paiements", "")),
    };
    let member = ctx.member()?.id;
    let lines = guard(ctx, &contract, Scope::Manage, ctx.panier.payments(member, contract.id).await).await?;
    if lines.is_empty() {
        return Ok(vec![ctx.reply("manage-payments-none", &[("contract", Arg::from(&contract.name))])]);
    }
    let mut text = vec![ctx.raw(
        "manage-payments-header",
        &[("contract", Arg::from(&contract.name)), ("payee", Arg::from(&contract.rules.payee))],
    )];
    let mut lines = lines;
    lines.sort_by_cached_key(|l| normalize(&l.member));
    let (mut total, mut received, mut to_provide, mut handed) = (0i64, 0i64, 0i64, 0i64);
    let mut without_cheque = 0i64;
    for line in &lines {
        total += line.total_cents;
        if line.cheques.is_empty() {
            without_cheque += line.total_cents;
        }
        for c in &line.cheques {
            match c.state.as_str() {
                "received" => received += c.cheque.amount.0,
                "handed_to_farmer" => handed += c.cheque.amount.0,
                _ => to_provide += c.cheque.amount.0,
            }
        }
        let same_state = line.cheques.windows(2).all(|w| w[0].state == w[1].state);
        let cheques = if line.cheques.is_empty() {
            ctx.label("manage-payments-no-cheque", &[])
        } else {
            line.cheques
                .iter()
                .map(|c| {
                    let amount = Arg::from(ctx.money(c.cheque.amount.0));
                    if same_state {
                        ctx.label(
                            "manage-payments-cheque",
                            &[("amount", amount), ("month", Arg::from(month(ctx, c)))],
                        )
                    } else {
                        ctx.label(
                            "manage-payments-cheque-state",
                            &[
                                ("amount", amount),
                                ("month", Arg::from(month(ctx, c))),
                                ("state", Arg::from(ctx.label(state_key(&c.state), &[]))),
                            ],
                        )
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut args = vec![
            ("name", Arg::from(&line.member)),
            ("total", Arg::from(ctx.money(line.total_cents))),
            ("cheques", Arg::from(cheques)),
        ];
        let key = match line.cheques.first() {
            Some(first) if same_state => {
                args.push(("state", Arg::from(ctx.label(state_key(&first.state), &[]))));
                "manage-payments-line-state"
            }
            _ => "manage-payments-line",
        };
        text.push(ctx.raw(key, &args));
    }
    text.push(String::new());
    text.push(ctx.raw(
        "manage-payments-total",
        &[("total", Arg::from(ctx.money(total))), ("members", Arg::from(lines.len()))],
    ));
    text.push(ctx.raw(
        "manage-payments-by-state",
        &[
            ("received", Arg::from(ctx.money(received))),
            ("to_provide", Arg::from(ctx.money(to_provide))),
            ("handed", Arg::from(ctx.money(handed))),
        ],
    ));
    if without_cheque > 0 {
        let by_state = text.pop().unwrap_or_default();
        let extra =
            ctx.raw("manage-payments-without-cheque", &[("amount", Arg::from(ctx.money(without_cheque)))]);
        text.push(format!("{by_state} · {extra}"));
    }
    Ok(long_reply(text, Vec::new()))
}
