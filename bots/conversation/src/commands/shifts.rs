//! `permanences` / `shifts`: the duty rota of the next four distributions, and signing up or
//! withdrawing: `permanences inscrire DATE` / `signup`, `permanences retirer DATE` / `withdraw`.

use chrono::NaiveDate;
use panier_core::model::Amap;
use panier_core::usecases::duty::ShiftView;
use panier_core::{Conflict, CoreError, Invalid, Missing};

use crate::context::Ctx;
use crate::dates::{date_arg, iso};
use crate::failure::Failure;
use crate::format;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::{Button, Reply};
use crate::parse::normalize;

/// How many distributions the rota shows.
const COUNT: i64 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    SignUp,
    Withdraw,
}

fn action_of(word: &str) -> Option<Action> {
    match normalize(word).as_str() {
        "inscrire" | "m'inscrire" | "inscription" | "signup" | "sign-up" | "join" => Some(Action::SignUp),
        "retirer" | "me-retirer" | "desinscrire" | "desinscription" | "withdraw" | "leave" => {
            Some(Action::Withdraw)
        }
        _ => None,
    }
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let words: Vec<&str> = args.split_whitespace().collect();
    let Some((first, rest)) = words.split_first() else {
        return rota(ctx).await;
    };
    let Some(action) = action_of(first) else {
        return Err(Failure::Usage("shifts-usage"));
    };
    if rest.is_empty() {
        return ask_date(ctx, action).await;
    }
    let date = date_arg(ctx, &rest.join(" "))?;
    let amap = amap_for(ctx, date).await?;
    match action {
        Action::SignUp => sign_up(ctx, &amap, date).await,
        Action::Withdraw => withdraw(ctx, &amap, date).await,
    }
}

/// The AMAPs of the member with their coming shifts.
async fn rotas(ctx: &Ctx<'_>) -> Result<Vec<(Amap, Vec<ShiftView>)>, Failure> {
    let member = ctx.member()?.id;
    let mut out = Vec::new();
    for amap in ctx.panier.amaps_of(member).await? {
        let shifts = ctx.panier.duty_rota(member, amap.id, ctx.now, COUNT).await?;
        out.push((amap, shifts));
    }
    Ok(out)
}

/// The AMAP holding a distribution on `date` (the first one when the member has only one).
async fn amap_for(ctx: &Ctx<'_>, date: NaiveDate) -> Result<Amap, Failure> {
    let member = ctx.member()?.id;
    let mut amaps = ctx.panier.amaps_of(member).await?;
    if amaps.len() > 1 {
        for (i, amap) in amaps.iter().enumerate() {
            let shifts = ctx.panier.duty_rota(member, amap.id, ctx.now, 12).await?;
            if shifts.iter().any(|s| s.date == date) {
                return Ok(amaps.swap_remove(i));
            }
        }
    }
    amaps.into_iter().next().ok_or(Failure::Core(CoreError::Forbidden(panier_core::Forbidden::NotAMember)))
}

fn date_label(ctx: &Ctx<'_>, date: NaiveDate) -> String {
    format::capitalize(&ctx.date(date))
}

async fn rota(ctx: &mut Ctx<'_>) -> Result<Vec<Reply>, Failure> {
    let all = rotas(ctx).await?;
    let me = ctx.member()?.full_name();
    let several = all.len() > 1;
    let mut blocks = Vec::new();
    let mut buttons = Vec::new();
    for (amap, shifts) in &all {
        let mut head = ctx.raw("shifts-title", &[]);
        if several {
            head = ctx.raw("shifts-title-amap", &[("amap", Arg::from(&amap.name))]);
        }
        blocks.push(head);
        if shifts.is_empty() {
            blocks.push(ctx.raw("shifts-none", &[]));
        }
        for s in shifts {
            let date = Arg::from(date_label(ctx, s.date));
            let mut lines = vec![if s.slots_left == 0 {
                ctx.raw("shifts-full", &[("date", date)])
            } else {
                ctx.raw(
                    "shifts-open",
                    &[("date", date), ("left", Arg::from(s.slots_left)), ("slots", Arg::from(s.slots))],
                )
            }];
            if s.team.is_empty() {
                lines.push(ctx.raw("shifts-team-empty", &[]));
            } else {
                let team: Vec<String> = s
                    .team
                    .iter()
                    .map(|name| {
                        if s.me_in && *name == me {
                            ctx.label("shifts-team-you", &[("name", Arg::from(name))])
                        } else {
                            name.clone()
                        }
                    })
                    .collect();
                lines.push(ctx.raw("shifts-team", &[("names", Arg::from(team.join(", ")))]));
            }
            if s.me_in {
                buttons.push(withdraw_button(ctx, s.date));
            } else if s.slots_left > 0 {
                buttons.push(sign_up_button(ctx, s.date));
            }
            blocks.push(lines.join("\n"));
        }
    }
    buttons.truncate(4);
    Ok(vec![Reply::new(Rich::parse(&blocks.join("\n\n"))).with_buttons(buttons)])
}

fn sign_up_button(ctx: &Ctx<'_>, date: NaiveDate) -> Button {
    ctx.button(
        "shifts-button-sign-up",
        &[("date", Arg::from(ctx.date(date)))],
        format!("/permanences inscrire {}", iso(date)),
    )
}

fn withdraw_button(ctx: &Ctx<'_>, date: NaiveDate) -> Button {
    ctx.button(
        "shifts-button-withdraw",
        &[("date", Arg::from(ctx.date(date)))],
        format!("/permanences retirer {}", iso(date)),
    )
}

fn rota_button(ctx: &Ctx<'_>) -> Button {
    ctx.button("shifts-button-rota", &[], "/permanences")
}

/// `inscrire` or `retirer` without a date: offer the dates where it makes sense.
async fn ask_date(ctx: &mut Ctx<'_>, action: Action) -> Result<Vec<Reply>, Failure> {
    let all = rotas(ctx).await?;
    let shifts = all.iter().flat_map(|(_, s)| s.iter());
    let buttons: Vec<Button> = match action {
        Action::SignUp => {
            shifts.filter(|s| !s.me_in && s.slots_left > 0).map(|s| sign_up_button(ctx, s.date)).collect()
        }
        Action::Withdraw => shifts.filter(|s| s.me_in).map(|s| withdraw_button(ctx, s.date)).collect(),
    };
    let (ask, none) = match action {
        Action::SignUp => ("shifts-ask-sign-up", "shifts-nothing-open"),
        Action::Withdraw => ("shifts-ask-withdraw", "shifts-not-in-any"),
    };
    if buttons.is_empty() {
        return Ok(vec![ctx.reply(none, &[]).with_buttons(vec![rota_button(ctx)])]);
    }
    Ok(vec![ctx.reply(ask, &[]).with_buttons(buttons)])
}

async fn sign_up(ctx: &mut Ctx<'_>, amap: &Amap, date: NaiveDate) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let shown = Arg::from(ctx.date(date));
    match ctx.panier.duty_sign_up(member, amap.id, date, ctx.now).await {
        Ok(done) => {
            let text = format!(
                "{}\n{}",
                ctx.raw("shifts-signed-up", &[("date", shown)]),
                ctx.raw("shifts-signed-up-left", &[("left", Arg::from(done.slots_left))])
            );
            Ok(vec![
                Reply::new(Rich::parse(&text))
                    .with_buttons(vec![rota_button(ctx), withdraw_button(ctx, date)]),
            ])
        }
        Err(CoreError::Conflict(Conflict::ShiftFull)) => {
            let others = open_dates(ctx, date).await?;
            let key = if others.is_empty() { "shifts-full-no-other" } else { "shifts-full-others" };
            let buttons = others.iter().map(|d| sign_up_button(ctx, *d)).collect();
            Ok(vec![ctx.reply(key, &[("date", shown)]).with_buttons(buttons)])
        }
        Err(CoreError::Conflict(Conflict::AlreadySignedUp)) => Ok(vec![
            ctx.reply("shifts-already-in", &[("date", shown)]).with_buttons(vec![withdraw_button(ctx, date)]),
        ]),
        Err(CoreError::Invalid(Invalid::InThePast)) => {
            Ok(vec![ctx.reply("shifts-started", &[("date", shown)])])
        }
        Err(CoreError::NotFound(Missing::Distribution(_))) => Ok(vec![
            ctx.reply("shifts-no-distribution", &[("date", shown)]).with_buttons(vec![rota_button(ctx)]),
        ]),
        Err(e) => Err(e.into()),
    }
}

/// Coming dates with free slots, other than `except`, where the member is not in yet.
async fn open_dates(ctx: &Ctx<'_>, except: NaiveDate) -> Result<Vec<NaiveDate>, Failure> {
    let all = rotas(ctx).await?;
    Ok(all
        .iter()
        .flat_map(|(_, s)| s.iter())
        .filter(|s| s.date != except && !s.me_in && s.slots_left > 0)
        .map(|s| s.date)
        .collect())
}

async fn withdraw(ctx: &mut Ctx<'_>, amap: &Amap, date: NaiveDate) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let shown = Arg::from(ctx.date(date));
    match ctx.panier.duty_withdraw(member, amap.id, date, ctx.now).await {
        Ok(done) => {
            let mut text = ctx.raw("shifts-withdrawn", &[("date", shown)]);
            if done.late {
                text.push('\n');
                text.push_str(&ctx.raw("shifts-withdrawn-late", &[]));
            }
            Ok(vec![
                Reply::new(Rich::parse(&text))
                    .with_buttons(vec![rota_button(ctx), sign_up_button(ctx, date)]),
            ])
        }
        Err(CoreError::Invalid(Invalid::InThePast)) => {
            Ok(vec![ctx.reply("shifts-started", &[("date", shown)])])
        }
        Err(CoreError::Conflict(Conflict::NotSignedUp)) => {
            Ok(vec![ctx.reply("shifts-not-in", &[("date", shown)]).with_buttons(vec![rota_button(ctx)])])
        }
        Err(e) => Err(e.into()),
    }
}
