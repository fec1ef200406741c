//! `confirmer` / `confirm [date]`: the member confirms they collected their baskets (by
//! default today's distribution, or the last one within the week).

use chrono::{Days, Months, NaiveDate};
use panier_core::{CoreError, Invalid};

use crate::context::Ctx;
use crate::dates::date_arg;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::Reply;
use crate::parse::normalize;

/// A collection can be confirmed up to a week later.
const CONFIRM_DAYS: u64 = 7;

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let date = if args.trim().is_empty() {
        match last_distribution(ctx).await? {
            Some(date) => date,
            None => {
                return Ok(vec![ctx.reply("confirm-nothing-recent", &[]).with_buttons(vec![ctx.button(
                    "button-next",
                    &[],
                    "/prochaine",
                )])]);
            }
        }
    } else {
        past_date(ctx, args)?
    };
    let member = ctx.member()?.id;
    let shown = ctx.date(date);
    match ctx.panier.confirm_collection(member, date, ctx.now).await {
        Ok(n) => Ok(vec![
            ctx.reply("confirm-done", &[("date", Arg::from(shown)), ("n", Arg::from(n))])
                .with_buttons(vec![ctx.button("button-next", &[], "/prochaine")]),
        ]),
        Err(CoreError::Invalid(Invalid::NothingToCollect)) => Ok(vec![
            ctx.reply("confirm-nothing-that-day", &[("date", Arg::from(shown))])
                .with_buttons(vec![ctx.button("button-deliveries", &[], "/livraisons")]),
        ]),
        Err(CoreError::Invalid(Invalid::TooEarly)) => {
            Ok(vec![ctx.reply("confirm-too-early", &[("date", Arg::from(shown))])])
        }
        Err(CoreError::Invalid(Invalid::DeadlinePassed)) => {
            Ok(vec![ctx.reply("confirm-too-late", &[("date", Arg::from(shown))])])
        }
        Err(e) => Err(e.into()),
    }
}

/// The member's latest distribution with a basket of their own, today or within the week.
async fn last_distribution(ctx: &Ctx<'_>) -> Result<Option<NaiveDate>, Failure> {
    let member = ctx.member()?.id;
    let today = ctx.today();
    let from = today.checked_sub_days(Days::new(CONFIRM_DAYS)).unwrap_or(today);
    let views = ctx.panier.upcoming(member, from, 8).await?;
    Ok(views.iter().filter(|v| v.date <= today && !v.items.is_empty()).map(|v| v.date).next_back())
}

/// A date the member collected on: "mardi" means last Tuesday here, and "12/05" last 12 May
/// when the next one is a year away.
fn past_date(ctx: &Ctx<'_>, input: &str) -> Result<NaiveDate, Failure> {
    let today = ctx.today();
    let date = date_arg(ctx, input)?;
    if date <= today {
        return Ok(date);
    }
    let folded = normalize(input);
    let relative =
        ["demain", "tomorrow", "apres", "day after", "the day after"].iter().any(|w| folded.starts_with(w));
    let weekday_only = !folded.chars().any(|c| c.is_ascii_digit()) && !relative;
    let week_before = date.checked_sub_days(Days::new(7));
    if weekday_only && let Some(d) = week_before {
        return Ok(d);
    }
    let year_before = date.checked_sub_months(Months::new(12));
    if let Some(d) = year_before.filter(|d| *d <= today && (today - *d).num_days() <= 31) {
        return Ok(d);
    }
    Ok(date)
}
