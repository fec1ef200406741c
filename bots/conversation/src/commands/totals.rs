//! `totaux` / `totals [contrat] [date]`: the farmer's order totals of one delivery.
//!
//! This file also holds the helpers the other referent commands share (annuler, déplacer,
//! paiements, commandes): reading a contract and a date from the arguments, asking for them
//! with buttons when they are missing, and refusing with the name of whom to ask.

use chrono::NaiveDate;
use panier_core::error::{CoreError, Missing};
use panier_core::model::Contract;
use panier_core::usecases::admin_extra::{self, ContractDates};
use panier_core::usecases::totals::{self, DeliveryTotals};

use crate::context::Ctx;
use crate::dates::{date_arg, iso};
use crate::failure::Failure;
use crate::format;
use crate::i18n::{Arg, Lang};
use crate::markup::Rich;
use crate::message::{Button, Reply};
use crate::parse::{normalize, parse_date};

/// How many dates are offered as buttons when one is missing.
pub(crate) const DATE_CHOICES: usize = 4;

/// Why a referent command stops before its normal answer: a failure the engine words, or
/// replies already built (a question, a refusal naming the referents).
pub(crate) enum Stop {
    Fail(Failure),
    Reply(Vec<Reply>),
}

impl From<Failure> for Stop {
    fn from(f: Failure) -> Self {
        Stop::Fail(f)
    }
}

impl From<CoreError> for Stop {
    fn from(e: CoreError) -> Self {
        Stop::Fail(Failure::Core(e))
    }
}

impl From<Reply> for Stop {
    fn from(r: Reply) -> Self {
        Stop::Reply(vec![r])
    }
}

pub(crate) type Step<T> = Result<T, Stop>;

/// Turns a command's outcome into what `commands::run` returns.
pub(crate) fn finish(outcome: Step<Vec<Reply>>) -> Result<Vec<Reply>, Failure> {
    match outcome {
        Ok(replies) | Err(Stop::Reply(replies)) => Ok(replies),
        Err(Stop::Fail(f)) => Err(f),
    }
}

/// A command as the person would type it in their language: "/totaux" or "/totals".
pub(crate) fn cmd(ctx: &Ctx<'_>, fr: &str, en: &str) -> String {
    let name = if ctx.lang == Lang::En { en } else { fr };
    format!("{}{name}", ctx.prefix())
}

/// "12/05": a date as people type it, for examples.
pub(crate) fn short_date(date: NaiveDate) -> String {
    date.format("%d/%m").to_string()
}

/// A date as a button label: "Mardi 11 mai".
pub(crate) fn date_label(ctx: &Ctx<'_>, date: NaiveDate) -> String {
    format::capitalize(&ctx.date(date))
}

/// Joins names with commas and a final "ou" / "or".
pub(crate) fn join_or(ctx: &Ctx<'_>, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), ctx.label("manage-or", &[])),
    }
}

/// What the arguments say about the contract.
pub(crate) enum ContractArg {
    /// A contract, and the rest of the arguments.
    Given(Contract, String),
    /// None given and several possible: ask, with these contracts and the rest.
    Ask(Vec<Contract>, String),
}

/// Reads an optional contract slug at the start of `args`. Without one, the member's only
/// managed contract is taken, or they are asked to choose. `delivering` keeps only contracts
/// with deliveries to come (open, closed, running).
pub(crate) async fn contract_arg(
    ctx: &Ctx<'_>,
    args: &str,
    command: &str,
    delivering: bool,
) -> Step<ContractArg> {
    let member = ctx.member()?.id;
    let args = args.trim();
    // Read only when needed: a contract named and found does without it.
    let managed = async || -> Result<Vec<Contract>, CoreError> {
        let mut managed = ctx.panier.managed_contracts(member).await?;
        if delivering {
            managed.retain(|k| k.state.delivers());
        }
        Ok(managed)
    };
    let first = args.split_whitespace().next().unwrap_or("");
    let looks_like_date = first.is_empty()
        || first.chars().any(|c| c.is_ascii_digit())
        || parse_date(args, ctx.today()).is_ok()
        || parse_date(first, ctx.today()).is_ok();
    if !looks_like_date {
        let rest = args[first.len()..].trim().to_owned();
        return match ctx.panier.contract_for(member, &normalize(first)).await {
            Ok(contract) => Ok(ContractArg::Given(contract, rest)),
            Err(CoreError::NotFound(Missing::Contract(_))) => {
                let managed = managed().await?;
                if managed.is_empty() {
                    return Err(
                        Failure::Core(CoreError::Forbidden(panier_core::Forbidden::ReferentsOnly)).into()
                    );
                }
                let shown: String = first.chars().take(30).collect();
                let buttons = contract_buttons(&managed, command, "");
                Err(ctx
                    .reply("manage-unknown-contract", &[("input", Arg::from(shown))])
                    .with_buttons(buttons)
                    .into())
            }
            Err(e) => Err(e.into()),
        };
    }
    let mut managed = managed().await?;
    match managed.len() {
        0 => Err(Failure::Core(CoreError::Forbidden(panier_core::Forbidden::ReferentsOnly)).into()),
        1 => Ok(ContractArg::Given(managed.remove(0), args.to_owned())),
        _ => Ok(ContractArg::Ask(managed, args.to_owned())),
    }
}

/// One button per contract, each a complete command line: "/totaux legumes 2027-05-11".
pub(crate) fn contract_buttons(contracts: &[Contract], command: &str, suffix: &str) -> Vec<Button> {
    contracts
        .iter()
        .map(|k| Button { label: k.name.clone(), data: format!("/{command} {}{suffix}", k.slug.as_str()) })
        .collect()
}

/// "Pour quel contrat ?" with one button per contract.
pub(crate) fn ask_contract(ctx: &Ctx<'_>, contracts: &[Contract], command: &str, suffix: &str) -> Stop {
    let buttons = contract_buttons(contracts, command, suffix);
    ctx.reply("manage-ask-contract", &[]).with_buttons(buttons).into()
}

/// The coming dates of a contract (checks that the member manages it).
pub(crate) async fn dates_of(ctx: &Ctx<'_>, contract: &Contract, scope: Scope) -> Step<ContractDates> {
    let member = ctx.member()?.id;
    let (id, today) = (contract.id, ctx.today());
    let dates = ctx
        .panier
        .read(async |c| admin_extra::contract_dates(c, member, id, today, DATE_CHOICES).await)
        .await;
    guard(ctx, contract, scope, dates).await
}

/// One button per date: "/{command} {slug} {iso}{suffix}".
pub(crate) fn date_buttons(
    ctx: &Ctx<'_>,
    dates: &[NaiveDate],
    command: &str,
    slug: &str,
    suffix: &str,
) -> Vec<Button> {
    dates
        .iter()
        .map(|d| Button {
            label: date_label(ctx, *d),
            data: format!("/{command} {slug} {}{suffix}", iso(*d)),
        })
        .collect()
}

/// The date in `rest`, or a question offering the contract's next delivery dates.
pub(crate) async fn date_or_ask(
    ctx: &Ctx<'_>,
    contract: &Contract,
    rest: &str,
    command: (&str, &str),
    scope: Scope,
) -> Step<NaiveDate> {
    if !rest.trim().is_empty() {
        return Ok(date_arg(ctx, rest)?);
    }
    let dates = dates_of(ctx, contract, scope).await?;
    Err(ask_date(ctx, &dates, command).into())
}

/// "Légumes : pour quelle livraison ?" with the coming dates as buttons.
pub(crate) fn ask_date(ctx: &Ctx<'_>, dates: &ContractDates, command: (&str, &str)) -> Reply {
    let contract = Arg::from(&dates.name);
    let Some(example) = dates.upcoming.get(1).or(dates.upcoming.first()) else {
        return ctx.reply("manage-no-upcoming", &[("contract", contract)]);
    };
    let example = format!("{} {} {}", cmd(ctx, command.0, command.1), dates.slug, short_date(*example));
    ctx.reply("manage-ask-date", &[("contract", contract), ("example", Arg::from(example))])
        .with_buttons(date_buttons(ctx, &dates.upcoming, command.0, &dates.slug, ""))
}

/// "Légumes n'a pas de livraison le …", offering the planned dates.
pub(crate) fn no_delivery(ctx: &Ctx<'_>, dates: &ContractDates, date: NaiveDate, command: &str) -> Reply {
    let args = [("contract", Arg::from(&dates.name)), ("date", Arg::from(ctx.date(date)))];
    if dates.upcoming.is_empty() {
        return ctx.reply("manage-no-delivery-none", &args);
    }
    ctx.reply("manage-no-delivery", &args).with_buttons(date_buttons(
        ctx,
        &dates.upcoming,
        command,
        &dates.slug,
        "",
    ))
}

/// Which refusal to give when core says no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Referents, farmers and admins (totals, payments).
    Manage,
    /// Referents and farmers only (cancel, move).
    Deliveries,
}

/// Passes a core result through, turning a refusal into a polite answer that names the
/// contract's referents.
pub(crate) async fn guard<T>(
    ctx: &Ctx<'_>,
    contract: &Contract,
    scope: Scope,
    result: Result<T, CoreError>,
) -> Step<T> {
    match result {
        Ok(value) => Ok(value),
        Err(CoreError::Forbidden(_)) => Err(refusal(ctx, contract, scope).await.into()),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn refusal(ctx: &Ctx<'_>, contract: &Contract, scope: Scope) -> Reply {
    let referents = match ctx.member() {
        Ok(m) => {
            let (member, id) = (m.id, contract.id);
            ctx.panier
                .read(async |c| admin_extra::contract_referents(c, member, id).await)
                .await
                .unwrap_or_default()
        }
        Err(_) => Vec::new(),
    };
    let key = match scope {
        Scope::Manage => "manage-forbidden-manage",
        Scope::Deliveries => "manage-forbidden-deliveries",
    };
    ctx.reply(
        key,
        &[
            ("contract", Arg::from(&contract.name)),
            ("count", Arg::from(referents.len())),
            ("referents", Arg::from(join_or(ctx, &referents))),
        ],
    )
}

/// The totals block: header, one line per product, the summary line (markup).
pub(crate) fn totals_text(ctx: &Ctx<'_>, t: &DeliveryTotals, amap: &str) -> String {
    let mut lines = vec![ctx.raw(
        "manage-totals-header",
        &[
            ("date", Arg::from(ctx.date(t.date))),
            ("contract", Arg::from(&t.contract_name)),
            ("amap", Arg::from(amap)),
        ],
    )];
    for p in &t.products {
        lines.push(ctx.raw(
            "manage-totals-line",
            &[
                ("product", Arg::from(&p.name)),
                ("quantity", Arg::from(format::integer(ctx.lang, p.quantity as i64))),
            ],
        ));
    }
    let baskets: u64 = t.products.iter().map(|p| p.quantity).sum();
    if baskets == 0 {
        lines.push(ctx.raw("manage-totals-nobody", &[]));
        return lines.join("\n");
    }
    let members = Arg::from(i64::try_from(t.subscribers).unwrap_or(i64::MAX));
    let amount = Arg::from(ctx.money(t.amount_cents));
    lines.push(if t.products.iter().all(|p| p.unit.is_none()) {
        ctx.raw(
            "manage-totals-summary-baskets",
            &[
                ("baskets", Arg::from(i64::try_from(baskets).unwrap_or(i64::MAX))),
                ("members", members),
                ("amount", amount),
            ],
        )
    } else {
        ctx.raw("manage-totals-summary", &[("members", members), ("amount", amount)])
    });
    lines.join("\n")
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    finish(totals(ctx, args).await)
}

async fn totals(ctx: &Ctx<'_>, args: &str) -> Step<Vec<Reply>> {
    let (contract, rest) = match contract_arg(ctx, args, "totaux", true).await? {
        ContractArg::Given(contract, rest) => (contract, rest),
        ContractArg::Ask(contracts, rest) => {
            let suffix =
                if rest.is_empty() { String::new() } else { format!(" {}", iso(date_arg(ctx, &rest)?)) };
            return Err(ask_contract(ctx, &contracts, "totaux", &suffix));
        }
    };
    let date = date_or_ask(ctx, &contract, &rest, ("totaux", "totals"), Scope::Manage).await?;
    let member = ctx.member()?.id;
    let (id, today) = (contract.id, ctx.today());
    // The coming dates and the totals in one read (rights and contract loaded once).
    let both = ctx
        .panier
        .read(async |c| totals::farmer_totals_with_dates(c, member, id, date, today, DATE_CHOICES).await)
        .await;
    let (dates, totals) = guard(ctx, &contract, Scope::Manage, both).await?;
    let totals = match totals {
        Err(CoreError::NotFound(Missing::Delivery(_))) => {
            return Err(no_delivery(ctx, &dates, date, "totaux").into());
        }
        other => guard(ctx, &contract, Scope::Manage, other).await?,
    };
    let text = totals_text(ctx, &totals, &dates.amap_name);
    let buttons = vec![
        ctx.button("manage-button-signin", &[], format!("/emargement {}", iso(date))),
        ctx.button("manage-button-other-date", &[], format!("/totaux {}", dates.slug)),
    ];
    Ok(vec![Reply::new(Rich::parse(&text)).with_buttons(buttons)])
}

/// Telegram refuses messages over 4096 characters: longer lists go in several replies.
const MAX_REPLY_CHARS: usize = 3500;

/// Markup lines as one reply, or several when long; the buttons go under the last one.
pub(crate) fn long_reply(lines: Vec<String>, buttons: Vec<Button>) -> Vec<Reply> {
    let mut texts: Vec<String> = vec![String::new()];
    for line in lines {
        let current = texts.last_mut().map(|t| t.chars().count()).unwrap_or(0);
        if current > 0 && current + line.chars().count() + 1 > MAX_REPLY_CHARS {
            texts.push(String::new());
        }
        if let Some(text) = texts.last_mut() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&line);
        }
    }
    let mut replies: Vec<Reply> = texts.iter().map(|t| Reply::new(Rich::parse(t.trim_end()))).collect();
    if let Some(last) = replies.pop() {
        replies.push(last.with_buttons(buttons));
    }
    replies
}
