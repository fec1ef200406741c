//! `evenement` / `event`: an admin creates an event in a short dialogue (title, date and
//! time, place, a few words), then sees it with the buttons members use to answer.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use panier_core::error::{CoreError, Invalid};
use panier_core::model::parse_time;
use panier_core::rules::deadlines::local_instant;
use panier_core::types::{AmapId, EventId};
use panier_core::usecases::admin_extra;

use crate::commands::cancel::is_stop_word;
use crate::commands::totals::cmd;
use crate::context::Ctx;
use crate::dates::date_error_reply;
use crate::dialogue::Pending;
use crate::failure::Failure;
use crate::format;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::Reply;
use crate::parse::{DateError, normalize, parse_date};

pub async fn run(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let amap = ctx.panier.read(async |c| admin_extra::admin_amap(c, member).await).await?;
    ctx.dialogue.pending = Some(Pending::EventTitle { amap: amap.0 });
    Ok(vec![ctx.reply("manage-event-ask-title", &[])])
}

/// Why "12/06 18h30" could not be read.
enum WhenError {
    Date(DateError, String),
    NoTime,
    Unrecognized,
}

/// Reads a date followed by a time: "12/06 18h30", "samedi 12 juin à 18h", "12/06 at 18:30".
fn parse_when(text: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveTime), WhenError> {
    let tokens: Vec<&str> =
        text.split_whitespace().filter(|t| !matches!(normalize(t).as_str(), "a" | "at" | "vers")).collect();
    let Some((last, rest)) = tokens.split_last() else {
        return Err(WhenError::Unrecognized);
    };
    match parse_time(last) {
        Ok(time) if !rest.is_empty() => {
            let date = rest.join(" ");
            parse_date(&date, today).map(|d| (d, time)).map_err(|e| match e {
                DateError::Unrecognized | DateError::Empty | DateError::TooLong => WhenError::Unrecognized,
                other => WhenError::Date(other, date.clone()),
            })
        }
        Ok(_) => Err(WhenError::Unrecognized),
        Err(_) => match parse_date(&tokens.join(" "), today) {
            Ok(_) => Err(WhenError::NoTime),
            Err(DateError::Unrecognized | DateError::Empty | DateError::TooLong) => {
                Err(WhenError::Unrecognized)
            }
            Err(other) => Err(WhenError::Date(other, tokens.join(" "))),
        },
    }
}

/// The next step of the dialogue, from the answer to the current one.
pub async fn answer(ctx: &mut Ctx<'_>, pending: Pending, text: &str) -> Result<Vec<Reply>, Failure> {
    if is_stop_word(text) {
        return Ok(vec![ctx.reply("manage-stop", &[])]);
    }
    let text = text.trim();
    if text.is_empty() {
        ctx.dialogue.pending = Some(pending);
        return Ok(vec![ctx.reply("manage-event-empty", &[])]);
    }
    match pending {
        Pending::EventTitle { amap } => {
            ctx.dialogue.pending = Some(Pending::EventWhen { amap, title: text.to_owned() });
            Ok(vec![ctx.reply("manage-event-ask-when", &[])])
        }
        Pending::EventWhen { amap, title } => {
            let shown: String = text.chars().take(40).collect();
            let reply = match parse_when(text, ctx.today()) {
                Ok((date, time)) => {
                    let starts_at = local_instant(ctx.tz, date, time);
                    if starts_at <= ctx.now {
                        ctx.reply("manage-event-past", &[])
                    } else {
                        ctx.dialogue.pending =
                            Some(Pending::EventPlace { amap, title, when: starts_at.to_rfc3339() });
                        return Ok(vec![ctx.reply("manage-event-ask-place", &[])]);
                    }
                }
                Err(WhenError::NoTime) => ctx.reply("manage-event-no-time", &[("input", Arg::from(shown))]),
                Err(WhenError::Unrecognized) => {
                    ctx.reply("manage-event-bad-when", &[("input", Arg::from(shown))])
                }
                Err(WhenError::Date(error, date)) => date_error_reply(ctx, &date, error),
            };
            ctx.dialogue.pending = Some(Pending::EventWhen { amap, title });
            Ok(vec![reply])
        }
        Pending::EventPlace { amap, title, when } => {
            ctx.dialogue.pending = Some(Pending::EventBody { amap, title, when, place: text.to_owned() });
            Ok(vec![ctx.reply("manage-event-ask-body", &[])])
        }
        Pending::EventBody { amap, title, when, place } => {
            let body = if matches!(normalize(text).as_str(), "-" | "rien" | "non" | "no" | "none" | "nothing")
            {
                ""
            } else {
                text
            };
            create(ctx, AmapId(amap), &title, &when, &place, body).await
        }
        other => {
            ctx.dialogue.pending = Some(other);
            Err(Failure::NotYet)
        }
    }
}

async fn create(
    ctx: &mut Ctx<'_>,
    amap: AmapId,
    title: &str,
    when: &str,
    place: &str,
    body: &str,
) -> Result<Vec<Reply>, Failure> {
    let Ok(starts_at) = DateTime::parse_from_rfc3339(when).map(|t| t.with_timezone(&Utc)) else {
        return Err(Failure::Core(CoreError::Invalid(Invalid::Date)));
    };
    let member = ctx.member()?.id;
    let created = ctx.panier.create_event(member, amap, title, starts_at, place, body, ctx.now).await;
    let id = match created {
        Ok(id) => id,
        Err(CoreError::Invalid(Invalid::Name)) => {
            return Ok(vec![
                ctx.reply("manage-event-too-long", &[("cmd", Arg::from(cmd(ctx, "evenement", "event")))]),
            ]);
        }
        Err(e) => return Err(e.into()),
    };
    Ok(vec![shown(ctx, id, title, starts_at, place, body)])
}

fn shown(
    ctx: &Ctx<'_>,
    id: EventId,
    title: &str,
    starts_at: DateTime<Utc>,
    place: &str,
    body: &str,
) -> Reply {
    let local = starts_at.with_timezone(&ctx.tz);
    let mut lines = vec![
        ctx.raw("manage-event-done", &[("events", Arg::from(cmd(ctx, "evenements", "events")))]),
        String::new(),
        ctx.raw("manage-event-title", &[("title", Arg::from(title))]),
        ctx.raw(
            "manage-event-when",
            &[
                ("date", Arg::from(format::capitalize(&ctx.date(local.date_naive())))),
                ("time", Arg::from(format::time(ctx.lang, local.time()))),
            ],
        ),
    ];
    if !place.trim().is_empty() {
        lines.push(ctx.raw("manage-event-where", &[("place", Arg::from(place.trim()))]));
    }
    if !body.trim().is_empty() {
        lines.push(crate::markup::escape(body.trim()));
    }
    let buttons = vec![
        ctx.button("manage-button-rsvp-yes", &[], format!("/evenements oui {id}")),
        ctx.button("manage-button-rsvp-maybe", &[], format!("/evenements peut-etre {id}")),
        ctx.button("manage-button-rsvp-no", &[], format!("/evenements non {id}")),
    ];
    Reply::new(Rich::parse(&lines.join("\n"))).with_buttons(buttons)
}
