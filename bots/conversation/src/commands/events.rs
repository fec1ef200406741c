//! `evenements` / `events`: the AMAP's coming events with the member's answer, and answering:
//! `evenements oui 12` / `events yes 12` (also `non`/`no`, `peut-etre`/`maybe`, in any order).

use panier_core::types::EventId;
use panier_core::usecases::events::{EventView, Rsvp};

use crate::context::Ctx;
use crate::failure::Failure;
use crate::format;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::Reply;
use crate::parse::normalize;

/// At most this many events are listed (one message each, with its buttons).
const MAX_EVENTS: usize = 5;
/// The description is cut after this many characters in the list.
const MAX_BODY_CHARS: usize = 300;

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    if args.trim().is_empty() {
        return list(ctx).await;
    }
    let (answer, id) = parse_answer(args).ok_or(Failure::Usage("events-usage"))?;
    answer_event(ctx, answer, id).await
}

/// "oui 12", "12 oui", "peut-être 3", "maybe 3".
fn parse_answer(args: &str) -> Option<(Rsvp, EventId)> {
    let folded = normalize(args);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut answer = None;
    let mut id = None;
    let mut i = 0;
    while i < words.len() {
        let word = words[i].trim_start_matches('#');
        if word.len() <= 18 && !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
            id = Some(EventId(word.parse().ok()?));
        } else if i + 1 < words.len() && word == "peut" && words[i + 1] == "etre" {
            answer = Some(Rsvp::Maybe);
            i += 1;
        } else {
            answer = Some(Rsvp::parse(word).ok()?);
        }
        i += 1;
    }
    Some((answer?, id?))
}

fn when(ctx: &Ctx<'_>, e: &EventView) -> (String, String) {
    let local = e.starts_at.with_timezone(&ctx.tz);
    (ctx.date(local.date_naive()), format::time(ctx.lang, local.time()))
}

async fn list(ctx: &mut Ctx<'_>) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let events = ctx.panier.events(member, ctx.now).await?;
    if events.is_empty() {
        return Ok(vec![ctx.reply("events-none", &[])]);
    }
    let mut replies = Vec::new();
    for e in events.iter().take(MAX_EVENTS) {
        let (date, time) = when(ctx, e);
        let mut lines = vec![
            ctx.raw("events-title", &[("title", Arg::from(&e.title))]),
            ctx.raw(
                "events-when",
                &[("date", Arg::from(format::capitalize(&date))), ("time", Arg::from(time))],
            ),
        ];
        if !e.place.trim().is_empty() {
            lines.push(ctx.raw("events-where", &[("place", Arg::from(&e.place))]));
        }
        let body = e.body.trim();
        if !body.is_empty() {
            let mut short: String = body.chars().take(MAX_BODY_CHARS).collect();
            if body.chars().count() > MAX_BODY_CHARS {
                short.push('…');
            }
            lines.push(ctx.raw("events-body", &[("body", Arg::from(short))]));
        }
        let answer_key = match e.my_answer.as_deref() {
            Some("yes") => "events-answer-yes",
            Some("no") => "events-answer-no",
            Some("maybe") => "events-answer-maybe",
            _ => "events-answer-none",
        };
        lines.push(ctx.raw(answer_key, &[]));
        lines.push(ctx.raw("events-coming", &[("n", Arg::from(e.yes))]));
        let buttons =
            [("events-button-yes", "oui"), ("events-button-maybe", "peut-etre"), ("events-button-no", "non")]
                .into_iter()
                .filter(|(_, word)| {
                    let current = e.my_answer.as_deref();
                    !matches!(
                        (current, *word),
                        (Some("yes"), "oui") | (Some("no"), "non") | (Some("maybe"), "peut-etre")
                    )
                })
                .map(|(key, word)| ctx.button(key, &[], format!("/evenements {word} {}", e.id)))
                .collect();
        replies.push(Reply::new(Rich::parse(&lines.join("\n"))).with_buttons(buttons));
    }
    if events.len() > MAX_EVENTS {
        replies.push(ctx.reply("events-more", &[("n", Arg::from(events.len() - MAX_EVENTS))]));
    }
    Ok(replies)
}

async fn answer_event(ctx: &mut Ctx<'_>, answer: Rsvp, id: EventId) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let events = ctx.panier.events(member, ctx.now).await?;
    let Some(event) = events.into_iter().find(|e| e.id == id) else {
        return Err(panier_core::CoreError::NotFound(panier_core::Missing::Event).into());
    };
    ctx.panier.rsvp(member, id, answer, ctx.now).await?;
    let (date, time) = when(ctx, &event);
    let key = match answer {
        Rsvp::Yes => "events-done-yes",
        Rsvp::No => "events-done-no",
        Rsvp::Maybe => "events-done-maybe",
    };
    Ok(vec![
        ctx.reply(
            key,
            &[("title", Arg::from(&event.title)), ("date", Arg::from(date)), ("time", Arg::from(time))],
        )
        .with_buttons(vec![ctx.button("events-button-list", &[], "/evenements")]),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers() {
        assert_eq!(parse_answer("oui 12"), Some((Rsvp::Yes, EventId(12))));
        assert_eq!(parse_answer("12 NON"), Some((Rsvp::No, EventId(12))));
        assert_eq!(parse_answer("peut-être 3"), Some((Rsvp::Maybe, EventId(3))));
        assert_eq!(parse_answer("peut être #3"), Some((Rsvp::Maybe, EventId(3))));
        assert_eq!(parse_answer("maybe 3"), Some((Rsvp::Maybe, EventId(3))));
        assert_eq!(parse_answer("oui"), None);
        assert_eq!(parse_answer("12"), None);
        assert_eq!(parse_answer("oui 99999999999999999999999"), None);
        assert_eq!(parse_answer("'; DROP TABLE member; --"), None);
    }
}
