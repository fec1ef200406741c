//! `deplacer` / `move [contrat] [date] [nouvelle date]`: a referent or farmer moves a
//! delivery, after a confirmation button. A move onto a date the farm already delivers makes
//! a double delivery; core refuses a move that breaks a member's declared absence.

use chrono::NaiveDate;
use panier_core::error::{Conflict, CoreError, Invalid, Missing};
use panier_core::model::Contract;
use panier_core::usecases::admin_extra;

use crate::commands::cancel::{concerned, confirmation, strip_confirm};
use crate::commands::totals::{
    ContractArg, Scope, Step, Stop, ask_contract, ask_date, cmd, contract_arg, date_buttons, dates_of,
    finish, guard, no_delivery, short_date,
};
use crate::context::Ctx;
use crate::dates::{date_arg, iso};
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::Reply;
use crate::parse::{normalize, parse_date};

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    finish(move_delivery(ctx, args).await)
}

/// Reads "11/05 25/05", "mardi 11 mai au mardi 25 mai", "11/05": the delivery's date and the
/// new one, each optional.
fn two_dates(ctx: &Ctx<'_>, text: &str) -> Step<(Option<NaiveDate>, Option<NaiveDate>)> {
    let tokens: Vec<&str> = text
        .split_whitespace()
        .filter(|t| {
            !matches!(normalize(t).as_str(), "au" | "a" | "to" | "vers" | "->" | "→" | "pour" | "until")
        })
        .collect();
    if tokens.is_empty() {
        return Ok((None, None));
    }
    let today = ctx.today();
    let parse = |part: &[&str]| parse_date(&part.join(" "), today).ok();
    if let Some(date) = parse(&tokens) {
        return Ok((Some(date), None));
    }
    for k in 1..tokens.len() {
        if let (Some(from), Some(to)) = (parse(&tokens[..k]), parse(&tokens[k..])) {
            return Ok((Some(from), Some(to)));
        }
    }
    // Say which part is wrong.
    for k in (1..tokens.len()).rev() {
        if parse(&tokens[..k]).is_some() {
            date_arg(ctx, &tokens[k..].join(" "))?;
        }
    }
    date_arg(ctx, tokens[0])?;
    Err(ctx.reply("manage-move-usage", &[("example", Arg::from(example(ctx, "legumes", None)))]).into())
}

fn example(ctx: &Ctx<'_>, slug: &str, from: Option<NaiveDate>) -> String {
    let today = ctx.today();
    let from = from.unwrap_or(today);
    let to = from + chrono::Days::new(14);
    format!("{} {slug} {} {}", cmd(ctx, "deplacer", "move"), short_date(from), short_date(to))
}

async fn move_delivery(ctx: &Ctx<'_>, args: &str) -> Step<Vec<Reply>> {
    let (args, confirmed) = strip_confirm(args);
    let (contract, rest) = match contract_arg(ctx, &args, "deplacer", true).await? {
        ContractArg::Given(contract, rest) => (contract, rest),
        ContractArg::Ask(contracts, rest) => {
            let suffix: String = match two_dates(ctx, &rest)? {
                (Some(from), Some(to)) => format!(" {} {}", iso(from), iso(to)),
                (Some(from), None) => format!(" {}", iso(from)),
                _ => String::new(),
            };
            return Err(ask_contract(ctx, &contracts, "deplacer", &suffix));
        }
    };
    let slug = contract.slug.as_str();
    let (from, to) = match two_dates(ctx, &rest)? {
        (Some(from), Some(to)) => (from, to),
        (Some(from), None) => {
            let dates = dates_of(ctx, &contract, Scope::Deliveries).await?;
            let others: Vec<NaiveDate> = dates.upcoming.iter().copied().filter(|d| *d != from).collect();
            let reply = ctx
                .reply(
                    "manage-move-ask-to",
                    &[
                        ("contract", Arg::from(&contract.name)),
                        ("date", Arg::from(ctx.date(from))),
                        ("example", Arg::from(example(ctx, slug, Some(from)))),
                    ],
                )
                .with_buttons(date_buttons(ctx, &others, "deplacer", &format!("{slug} {}", iso(from)), ""));
            return Err(reply.into());
        }
        _ => {
            let dates = dates_of(ctx, &contract, Scope::Deliveries).await?;
            return Err(ask_date(ctx, &dates, ("deplacer", "move")).into());
        }
    };
    if from == to {
        return Err(ctx.reply("manage-move-same-date", &[("date", Arg::from(ctx.date(from)))]).into());
    }
    let (member, id, now) = (ctx.member()?.id, contract.id, ctx.now);
    let outcome = if confirmed {
        ctx.panier.move_delivery(member, id, from, to, now).await
    } else {
        ctx.panier.write(async |c| admin_extra::dry_run_move(c, member, id, from, to, now).await).await
    };
    let changed = match outcome {
        Ok(changed) => changed,
        Err(e) => return Err(explain(ctx, &contract, from, to, e).await),
    };
    let args = [
        ("contract", Arg::from(&contract.name)),
        ("from", Arg::from(ctx.date(from))),
        ("to", Arg::from(ctx.date(to))),
    ];
    let members = concerned(ctx, changed.members.len());
    if confirmed {
        let key = if changed.merged { "manage-move-done-double" } else { "manage-move-done" };
        return Ok(vec![Reply::new(Rich::parse(&format!("{}\n{members}", ctx.raw(key, &args))))]);
    }
    let mut lines = vec![ctx.raw("manage-move-confirm", &args)];
    if changed.merged {
        lines.push(ctx.raw("manage-move-double", &[("to", Arg::from(ctx.date(to)))]));
    }
    lines.push(members);
    let confirm = format!("/deplacer {slug} {} {} confirmer", iso(from), iso(to));
    Ok(vec![confirmation(ctx, lines.join("\n"), "manage-button-move-yes", confirm)])
}

/// Words a refused move for the person, with the dates they can choose instead.
async fn explain(ctx: &Ctx<'_>, contract: &Contract, from: NaiveDate, to: NaiveDate, e: CoreError) -> Stop {
    let slug = contract.slug.as_str();
    match e {
        CoreError::NotFound(Missing::Delivery(_)) => match dates_of(ctx, contract, Scope::Deliveries).await {
            Ok(dates) => no_delivery(ctx, &dates, from, "deplacer").into(),
            Err(stop) => stop,
        },
        CoreError::Conflict(Conflict::BreaksAbsence) => {
            match dates_of(ctx, contract, Scope::Deliveries).await {
                Ok(dates) => {
                    let others: Vec<NaiveDate> =
                        dates.upcoming.iter().copied().filter(|d| *d != from && *d != to).collect();
                    ctx.reply("manage-move-breaks-absence", &[("to", Arg::from(ctx.date(to)))])
                        .with_buttons(date_buttons(
                            ctx,
                            &others,
                            "deplacer",
                            &format!("{slug} {}", iso(from)),
                            "",
                        ))
                        .into()
                }
                Err(stop) => stop,
            }
        }
        CoreError::Invalid(Invalid::OutsideSeason) => {
            match dates_of(ctx, contract, Scope::Deliveries).await {
                Ok(dates) => ctx
                    .reply(
                        "manage-move-outside",
                        &[
                            ("date", Arg::from(ctx.date(to))),
                            ("contract", Arg::from(&contract.name)),
                            ("first", Arg::from(dates.first.map(|d| ctx.date(d)).unwrap_or_default())),
                            ("last", Arg::from(dates.last.map(|d| ctx.date(d)).unwrap_or_default())),
                        ],
                    )
                    .into(),
                Err(stop) => stop,
            }
        }
        other => match guard::<()>(ctx, contract, Scope::Deliveries, Err(other)).await {
            Ok(()) => Stop::Reply(Vec::new()),
            Err(stop) => stop,
        },
    }
}
