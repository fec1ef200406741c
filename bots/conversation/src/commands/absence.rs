//! `absence` / `absent [date] [mode]`: skip a distribution and say what happens to the basket
//! (postpone it, have someone collect it, leave it to the volunteers); `absence annuler DATE`
//! takes an absence back before the contract's deadline.
//!
//! Missing arguments are asked with buttons whose data is the full command line, so the
//! person can tap or answer with the number: date -> mode -> confirmation.

use chrono::{DateTime, Days, NaiveDate, Utc};
use panier_core::model::AbsenceMode;
use panier_core::usecases::absence::{AbsenceRecorded, AbsenceRequest, HandoverTo, declare_absences};
use panier_core::usecases::baskets::{self, GivenAway};
use panier_core::usecases::member_extra::{self, AbsenceChoice, AbsenceChoices};
use panier_core::{CoreError, Invalid};

use crate::context::Ctx;
use crate::dates::{date_arg, iso};
use crate::failure::Failure;
use crate::format;
use crate::i18n::Arg;
use crate::markup::{Rich, escape};
use crate::message::{Button, MAX_BUTTON_DATA, Reply};
use crate::parse::normalize;

/// Which command the member typed: the buttons we offer repeat it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    Absence,
    Handover,
}

impl Via {
    fn command(self) -> &'static str {
        match self {
            Via::Absence => "/absence",
            Via::Handover => "/donner",
        }
    }
}

/// Reads a mode word, in French or English.
pub(crate) fn mode_of(word: &str) -> Option<AbsenceMode> {
    match normalize(word).as_str() {
        "reporter" | "report" | "postpone" | "decaler" => Some(AbsenceMode::Postpone),
        "donner" | "handover" | "give" | "confier" => Some(AbsenceMode::Handover),
        "laisser" | "donate" | "leave" | "abandonner" => Some(AbsenceMode::Donate),
        _ => None,
    }
}

/// The word put in button data for a mode.
fn mode_token(mode: AbsenceMode) -> &'static str {
    match mode {
        AbsenceMode::Postpone => "reporter",
        AbsenceMode::Handover => "donner",
        AbsenceMode::Donate => "laisser",
    }
}

fn is_cancel(word: &str) -> bool {
    matches!(normalize(word).as_str(), "annuler" | "cancel" | "supprimer" | "delete")
}

/// Markup of a message whose arguments are already markup (escaped by the caller).
pub(crate) fn compose(ctx: &Ctx<'_>, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    ctx.label(key, args)
}

/// "Légumes, Œufs" (escaped).
fn contract_list(choices: &[AbsenceChoice]) -> String {
    choices.iter().map(|c| escape(&c.contract)).collect::<Vec<_>>().join(", ")
}

fn referent_list(ctx: &Ctx<'_>, choice: &AbsenceChoice) -> String {
    if choice.referents.is_empty() {
        return ctx.raw("absence-referents-unknown", &[]);
    }
    ctx.raw(
        "absence-referents",
        &[("names", Arg::from(choice.referents.join(", "))), ("contract", Arg::from(&choice.contract))],
    )
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let words: Vec<&str> = args.split_whitespace().collect();
    if let Some((first, rest)) = words.split_first()
        && is_cancel(first)
    {
        return cancel(ctx, &rest.join(" ")).await;
    }
    let split = words.iter().position(|w| mode_of(w).is_some());
    let (date_text, mode, rest) = match split {
        Some(i) => (words[..i].join(" "), mode_of(words[i]), words[i + 1..].join(" ")),
        None => (words.join(" "), None, String::new()),
    };
    if date_text.is_empty() {
        return ask_date(ctx, Via::Absence, mode, &rest).await;
    }
    let date = absence_date(ctx, &date_text)?;
    match mode {
        Some(AbsenceMode::Handover) => crate::commands::handover::with_date(ctx, date, &rest).await,
        Some(AbsenceMode::Postpone) => {
            let target = if rest.is_empty() { None } else { Some(absence_date(ctx, &rest)?) };
            declare(ctx, date, AbsenceMode::Postpone, target).await
        }
        Some(AbsenceMode::Donate) => declare(ctx, date, AbsenceMode::Donate, None).await,
        None => ask_mode(ctx, date).await,
    }
}

/// The member's next distribution dates where they collect something and may still declare
/// an absence (before the deadline, not declared yet).
async fn coming_dates(ctx: &Ctx<'_>) -> Result<Vec<NaiveDate>, Failure> {
    let member = ctx.member()?.id;
    let (today, now) = (ctx.today(), ctx.now);
    let views = ctx.panier.upcoming(member, today, 12).await?;
    let mut dates = Vec::new();
    for date in views.iter().filter(|v| v.date > today && !v.items.is_empty()).map(|v| v.date) {
        let choices =
            ctx.panier.read(async |c| member_extra::absence_choices(c, member, date, now).await).await;
        let open = match choices {
            Ok(choices) => {
                let undeclared: Vec<AbsenceChoice> =
                    choices.contracts.iter().filter(|c| c.declared.is_none()).cloned().collect();
                !undeclared.is_empty()
                    && !AbsenceChoices { contracts: undeclared, ..choices }.common_modes().is_empty()
            }
            Err(CoreError::Invalid(Invalid::NothingToCollect)) => false,
            Err(e) => return Err(e.into()),
        };
        if open {
            dates.push(date);
        }
        if dates.len() == 4 {
            break;
        }
    }
    Ok(dates)
}

/// A date typed for an absence: "04/05" typed on 9 May means the 4 May just passed, not next
/// year's, so it is refused as past instead of pointing a year ahead.
pub(crate) fn absence_date(ctx: &Ctx<'_>, input: &str) -> Result<NaiveDate, Failure> {
    check_not_just_passed(ctx, date_arg(ctx, input)?)
}

pub(crate) fn check_not_just_passed(ctx: &Ctx<'_>, date: NaiveDate) -> Result<NaiveDate, Failure> {
    let today = ctx.today();
    let year_before = date.checked_sub_months(chrono::Months::new(12));
    if year_before.is_some_and(|d| d < today && (today - d).num_days() <= 60) {
        return Err(CoreError::Invalid(Invalid::InThePast).into());
    }
    Ok(date)
}

fn date_buttons(ctx: &Ctx<'_>, dates: &[NaiveDate], via: Via, suffix: &str) -> Vec<Button> {
    dates
        .iter()
        .map(|d| {
            let full = format!("{} {}{suffix}", via.command(), iso(*d));
            // A long name typed with the command does not fit in a button: it will be asked.
            let data =
                if full.len() <= MAX_BUTTON_DATA { full } else { format!("{} {}", via.command(), iso(*d)) };
            Button { label: format::capitalize(&ctx.date(*d)), data }
        })
        .collect()
}

/// No date given: offer the next dates as buttons (and recall the absences already declared).
pub(crate) async fn ask_date(
    ctx: &mut Ctx<'_>,
    via: Via,
    mode: Option<AbsenceMode>,
    extra: &str,
) -> Result<Vec<Reply>, Failure> {
    let dates = coming_dates(ctx).await?;
    if dates.is_empty() {
        return Ok(vec![ctx.reply("absence-no-dates", &[]).with_buttons(vec![ctx.button(
            "button-deliveries",
            &[],
            "/livraisons",
        )])]);
    }
    let mut suffix = mode.map(|m| format!(" {}", mode_token(m))).unwrap_or_default();
    if !extra.is_empty() {
        suffix.push(' ');
        suffix.push_str(extra);
    }
    let key = match (via, mode) {
        (Via::Handover, _) | (_, Some(AbsenceMode::Handover)) => "handover-ask-date",
        _ => "absence-ask-date",
    };
    let mut text = ctx.raw(key, &[]);
    if via == Via::Absence {
        let declared = declared_lines(ctx).await?;
        if !declared.is_empty() {
            text.push_str("\n\n");
            text.push_str(&ctx.raw("absence-declared-title", &[]));
            for line in &declared.lines {
                text.push('\n');
                text.push_str(line);
            }
            let example = declared.first.map(|d| d.format("%d/%m").to_string()).unwrap_or_default();
            text.push('\n');
            text.push_str(&ctx.raw(
                "absence-declared-cancel-hint",
                &[("example", Arg::from(example)), ("prefix", Arg::from(ctx.prefix()))],
            ));
        }
    }
    Ok(vec![Reply::new(Rich::parse(&text)).with_buttons(date_buttons(ctx, &dates, via, &suffix))])
}

struct Declared {
    lines: Vec<String>,
    first: Option<NaiveDate>,
}

impl Declared {
    fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// "📅 Mardi 18 mai — Légumes : votre panier est reporté au mardi 25 mai." for each absence to come.
async fn declared_lines(ctx: &Ctx<'_>) -> Result<Declared, Failure> {
    let member = ctx.member()?.id;
    let views = ctx.panier.upcoming(member, ctx.today(), 12).await?;
    let mut out = Declared { lines: Vec::new(), first: None };
    for v in views.iter().filter(|v| !v.given_away.is_empty()) {
        out.first.get_or_insert(v.date);
        for given in &v.given_away {
            let what = given_line(ctx, given);
            out.lines.push(compose(
                ctx,
                "absence-declared-line",
                &[("date", Arg::from(format::capitalize(&ctx.date(v.date)))), ("what", Arg::from(what))],
            ));
        }
    }
    Ok(out)
}

/// Reuses the distribution view's sentences for a basket given away (markup).
pub(crate) fn given_line(ctx: &Ctx<'_>, given: &GivenAway) -> String {
    match given {
        GivenAway::HandedTo { contract, to } => {
            // "Julien R." ends the sentence: no second period.
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
    }
}

/// What stopped the absence before asking anything more, or the contracts still open to it.
pub(crate) enum Step {
    Go(AbsenceChoices),
    Answer(Vec<Reply>),
}

/// Checks the date: a basket that day, not already declared, distribution not started.
pub(crate) async fn prepare(ctx: &mut Ctx<'_>, date: NaiveDate, via: Via) -> Result<Step, Failure> {
    if date < ctx.today() {
        return Err(CoreError::Invalid(Invalid::InThePast).into());
    }
    let member = ctx.member()?.id;
    let now = ctx.now;
    let loaded = ctx.panier.read(async |c| member_extra::absence_choices(c, member, date, now).await).await;
    let choices = match loaded {
        Ok(choices) => choices,
        Err(CoreError::Invalid(Invalid::NothingToCollect)) => {
            let dates = coming_dates(ctx).await?;
            let key =
                if dates.is_empty() { "absence-nothing-that-day" } else { "absence-nothing-that-day-pick" };
            let reply = ctx.reply(key, &[("date", Arg::from(ctx.date(date)))]);
            return Ok(Step::Answer(vec![reply.with_buttons(date_buttons(ctx, &dates, via, ""))]));
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(late) = choices.contracts.iter().find(|c| !c.before_start) {
        return Ok(Step::Answer(vec![started_reply(ctx, date, late)]));
    }
    let (declared, open): (Vec<AbsenceChoice>, Vec<AbsenceChoice>) =
        choices.contracts.iter().cloned().partition(|c| c.declared.is_some());
    if open.is_empty() {
        let reply = ctx.reply(
            "absence-already-declared",
            &[("date", Arg::from(ctx.date(date))), ("contracts", Arg::from(plain_contracts(&declared)))],
        );
        let buttons = vec![
            ctx.button("absence-button-cancel", &[], format!("/absence annuler {}", iso(date))),
            ctx.button("button-deliveries", &[], "/livraisons"),
        ];
        return Ok(Step::Answer(vec![reply.with_buttons(buttons)]));
    }
    Ok(Step::Go(AbsenceChoices { contracts: open, ..choices }))
}

fn plain_contracts(choices: &[AbsenceChoice]) -> String {
    choices.iter().map(|c| c.contract.as_str()).collect::<Vec<_>>().join(", ")
}

/// "It is too late: changes were possible until Saturday 8 May included." (markup)
fn deadline_line(ctx: &Ctx<'_>, date: NaiveDate, late: &AbsenceChoice) -> String {
    ctx.raw(
        "absence-deadline-passed",
        &[
            ("date", Arg::from(ctx.date(date))),
            ("contract", Arg::from(&late.contract)),
            ("last", Arg::from(ctx.date(last_day_before(ctx, late.deadline)))),
        ],
    )
}

fn deadline_reply(ctx: &Ctx<'_>, date: NaiveDate, late: &AbsenceChoice) -> Reply {
    let text = format!("{}\n{}", deadline_line(ctx, date, late), referent_list(ctx, late));
    Reply::new(Rich::parse(&text))
}

/// The distribution has started: nothing can change any more.
fn started_reply(ctx: &Ctx<'_>, date: NaiveDate, late: &AbsenceChoice) -> Reply {
    let text = format!(
        "{}\n{}",
        ctx.raw("absence-started", &[("date", Arg::from(ctx.date(date)))]),
        referent_list(ctx, late)
    );
    Reply::new(Rich::parse(&text))
}

/// The last local day on which a change was accepted (the deadline is that day's midnight).
fn last_day_before(ctx: &Ctx<'_>, deadline: DateTime<Utc>) -> NaiveDate {
    let local = deadline.with_timezone(&ctx.tz).date_naive();
    local.checked_sub_days(Days::new(1)).unwrap_or(local)
}

/// The date is known, not the mode: offer the modes every contract of that day accepts.
async fn ask_mode(ctx: &mut Ctx<'_>, date: NaiveDate) -> Result<Vec<Reply>, Failure> {
    let choices = match prepare(ctx, date, Via::Absence).await? {
        Step::Go(choices) => choices,
        Step::Answer(replies) => return Ok(replies),
    };
    let modes = choices.common_modes();
    if modes.is_empty() {
        return Ok(vec![refusal(ctx, &choices, None)]);
    }
    let mut text = compose(
        ctx,
        "absence-ask-mode",
        &[("date", Arg::from(ctx.date(date))), ("contracts", Arg::from(contract_list(&choices.contracts)))],
    );
    if let Some(late) = choices.contracts.iter().find(|c| !c.before_deadline) {
        // Past the deadline, only a handover remains possible.
        text.push('\n');
        text.push_str(&ctx.raw(
            "absence-deadline-handover-only",
            &[("last", Arg::from(ctx.date(last_day_before(ctx, late.deadline))))],
        ));
    } else {
        for c in &choices.contracts {
            text.push('\n');
            text.push_str(&ctx.raw(
                "absence-left",
                &[
                    ("left", Arg::from(c.absences_left)),
                    ("max", Arg::from(c.max_absences)),
                    ("contract", Arg::from(&c.contract)),
                ],
            ));
        }
    }
    if modes.contains(&AbsenceMode::Handover) {
        text.push('\n');
        text.push_str(&ctx.raw("absence-handover-free", &[]));
    }
    Ok(vec![Reply::new(Rich::parse(&text)).with_buttons(mode_buttons(ctx, date, &modes))])
}

fn mode_buttons(ctx: &Ctx<'_>, date: NaiveDate, modes: &[AbsenceMode]) -> Vec<Button> {
    modes
        .iter()
        .map(|m| {
            let key = match m {
                AbsenceMode::Postpone => "absence-button-postpone",
                AbsenceMode::Handover => "absence-button-handover",
                AbsenceMode::Donate => "absence-button-donate",
            };
            ctx.button(key, &[], format!("/absence {} {}", iso(date), mode_token(*m)))
        })
        .collect()
}

/// Why `mode` (or any mode, when None) cannot be chosen, with the modes still possible.
pub(crate) fn refusal(ctx: &Ctx<'_>, choices: &AbsenceChoices, mode: Option<AbsenceMode>) -> Reply {
    let wanted: Vec<AbsenceMode> = match mode {
        Some(m) => vec![m],
        None => AbsenceMode::ALL.to_vec(),
    };
    let blocking = choices.contracts.iter().find(|c| wanted.iter().any(|m| !c.accepts(*m)));
    let mut lines: Vec<String> = blocking.map(|c| reason(ctx, choices.date, c, mode)).into_iter().collect();
    let modes = choices.common_modes();
    if modes.is_empty() {
        if let Some(c) = blocking {
            lines.push(referent_list(ctx, c));
        }
        return Reply::new(Rich::parse(&lines.join("\n")));
    }
    lines.push(ctx.raw("absence-other-modes", &[]));
    Reply::new(Rich::parse(&lines.join("\n"))).with_buttons(mode_buttons(ctx, choices.date, &modes))
}

/// The first reason why this contract refuses `mode` (any mode when None), in people's words.
fn reason(ctx: &Ctx<'_>, date: NaiveDate, c: &AbsenceChoice, mode: Option<AbsenceMode>) -> String {
    let contract = || Arg::from(&c.contract);
    if let Some(m) = mode
        && !c.modes.contains(&m)
    {
        let key = match m {
            AbsenceMode::Postpone => "absence-not-allowed-postpone",
            AbsenceMode::Handover => "absence-not-allowed-handover",
            AbsenceMode::Donate => "absence-not-allowed-donate",
        };
        return ctx.raw(key, &[("contract", contract())]);
    }
    let counts = mode.is_none_or(AbsenceMode::counts_as_absence);
    if counts && !c.before_deadline {
        return deadline_line(ctx, date, c);
    }
    if counts && c.absences_left == 0 {
        return ctx.raw("absence-none-left", &[("max", Arg::from(c.max_absences)), ("contract", contract())]);
    }
    if !c.before_start {
        return ctx.raw("absence-started", &[("date", Arg::from(ctx.date(date)))]);
    }
    ctx.raw("absence-no-mode", &[("contract", contract())])
}

/// Records the absence on every contract of that day not yet declared, all or nothing.
pub(crate) async fn declare(
    ctx: &mut Ctx<'_>,
    date: NaiveDate,
    mode: AbsenceMode,
    postpone_to: Option<NaiveDate>,
) -> Result<Vec<Reply>, Failure> {
    let choices = match prepare(ctx, date, Via::Absence).await? {
        Step::Go(choices) => choices,
        Step::Answer(replies) => return Ok(replies),
    };
    if !choices.common_modes().contains(&mode) {
        return Ok(vec![refusal(ctx, &choices, Some(mode))]);
    }
    if let Some(target) = postpone_to
        && target <= date
    {
        return Ok(vec![postpone_target_reply(ctx, date, target)]);
    }
    match record(ctx, &choices, mode, postpone_to, None).await {
        Ok(recorded) => {
            let mut reply = confirmation(ctx, date, &recorded);
            if let Some(warning) = collecting_for_others(ctx, date).await? {
                reply.text.append_line(Rich::parse(&warning));
            }
            Ok(vec![reply])
        }
        Err(Failure::Core(CoreError::Invalid(Invalid::NotADeliveryDate))) if postpone_to.is_some() => {
            Ok(vec![postpone_target_reply(ctx, date, postpone_to.unwrap_or(date))])
        }
        Err(e) => Err(e),
    }
}

fn postpone_target_reply(ctx: &Ctx<'_>, date: NaiveDate, target: NaiveDate) -> Reply {
    ctx.reply("absence-postpone-bad-target", &[("target", Arg::from(ctx.date(target)))]).with_buttons(vec![
        ctx.button("absence-button-postpone", &[], format!("/absence {} reporter", iso(date))),
    ])
}

/// Runs the core use case once per open contract of the day, in one transaction.
pub(crate) async fn record(
    ctx: &Ctx<'_>,
    choices: &AbsenceChoices,
    mode: AbsenceMode,
    postpone_to: Option<NaiveDate>,
    handover_to: Option<HandoverTo>,
) -> Result<Vec<AbsenceRecorded>, Failure> {
    let member = ctx.member()?.id;
    let now = ctx.now;
    let date = choices.date;
    let contracts: Vec<_> = choices.contracts.iter().map(|c| Some(c.contract_id)).collect();
    let request = AbsenceRequest { date, contract: None, mode, postpone_to, handover_to };
    ctx.panier
        .write(async |c| declare_absences(c, member, &request, &contracts, now).await)
        .await
        .map_err(Failure::from)
}

fn confirmation(ctx: &Ctx<'_>, date: NaiveDate, recorded: &[AbsenceRecorded]) -> Reply {
    let mut text = ctx.raw("absence-done-title", &[("date", Arg::from(ctx.date(date)))]);
    for r in recorded {
        let what = match r.mode {
            AbsenceMode::Postpone => ctx.raw(
                "absence-done-postponed",
                &[
                    ("contract", Arg::from(&r.contract)),
                    ("to", Arg::from(r.postponed_to.map(|d| ctx.date(d)).unwrap_or_default())),
                ],
            ),
            _ => ctx.raw("absence-done-donated", &[("contract", Arg::from(&r.contract))]),
        };
        text.push('\n');
        text.push_str(&what);
        text.push(' ');
        text.push_str(&ctx.raw("absence-done-left", &[("left", Arg::from(r.absences_left))]));
    }
    Reply::new(Rich::parse(&text)).with_buttons(after_buttons(ctx, date))
}

/// "⚠️ You were also to collect Julien R.'s basket that day: tell them." when the member
/// collects someone else's basket on a date they will miss.
pub(crate) async fn collecting_for_others(ctx: &Ctx<'_>, date: NaiveDate) -> Result<Option<String>, Failure> {
    let member = ctx.member()?.id;
    let owners = ctx.panier.read(async |c| baskets::collecting_for_on(c, member, date).await).await?;
    if owners.is_empty() {
        return Ok(None);
    }
    Ok(Some(ctx.raw("absence-also-collecting", &[("owners", Arg::from(owners.join(", ")))])))
}

pub(crate) fn after_buttons(ctx: &Ctx<'_>, date: NaiveDate) -> Vec<Button> {
    vec![
        ctx.button("button-deliveries", &[], "/livraisons"),
        ctx.button("absence-button-cancel", &[], format!("/absence annuler {}", iso(date))),
    ]
}

/// `absence annuler [date]`: takes an absence back, before the same deadline.
async fn cancel(ctx: &mut Ctx<'_>, date_text: &str) -> Result<Vec<Reply>, Failure> {
    if date_text.trim().is_empty() {
        let member = ctx.member()?.id;
        let views = ctx.panier.upcoming(member, ctx.today(), 12).await?;
        let dates: Vec<NaiveDate> =
            views.iter().filter(|v| !v.given_away.is_empty()).map(|v| v.date).take(4).collect();
        if dates.is_empty() {
            return Ok(vec![ctx.reply("absence-cancel-none", &[])]);
        }
        let buttons = dates
            .iter()
            .map(|d| Button {
                label: format::capitalize(&ctx.date(*d)),
                data: format!("/absence annuler {}", iso(*d)),
            })
            .collect();
        return Ok(vec![ctx.reply("absence-cancel-ask", &[]).with_buttons(buttons)]);
    }
    let date = absence_date(ctx, date_text)?;
    if date < ctx.today() {
        return Err(CoreError::Invalid(Invalid::InThePast).into());
    }
    let member = ctx.member()?.id;
    let now = ctx.now;
    // Say who to tell when it is too late, as when declaring.
    let choices = ctx.panier.read(async |c| member_extra::absence_choices(c, member, date, now).await).await;
    if let Ok(choices) = &choices {
        for c in choices.contracts.iter() {
            match c.declared {
                Some(AbsenceMode::Handover) if !c.before_start => {
                    return Ok(vec![started_reply(ctx, date, c)]);
                }
                Some(AbsenceMode::Postpone | AbsenceMode::Donate) if !c.before_deadline => {
                    return Ok(vec![deadline_reply(ctx, date, c)]);
                }
                _ => {}
            }
        }
    }
    let cancelled =
        ctx.panier.write(async |c| member_extra::cancel_absence(c, member, date, now).await).await?;
    if cancelled.is_empty() {
        return Ok(vec![
            ctx.reply("absence-cancel-nothing", &[("date", Arg::from(ctx.date(date)))])
                .with_buttons(vec![ctx.button("button-deliveries", &[], "/livraisons")]),
        ]);
    }
    let contracts = cancelled.iter().map(|c| c.contract.as_str()).collect::<Vec<_>>().join(", ");
    Ok(vec![
        ctx.reply(
            "absence-cancel-done",
            &[("date", Arg::from(ctx.date(date))), ("contracts", Arg::from(contracts))],
        )
        .with_buttons(vec![ctx.button("button-deliveries", &[], "/livraisons")]),
    ])
}
