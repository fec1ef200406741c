//! The day before an event: what, when, where, and the RSVP buttons.

use panier_core::types::EventId;
use panier_core::usecases::notify_extra;
use serde::Deserialize;

use super::{Push, Rendered, capital_date, lines, payload};
use crate::format;
use crate::i18n::Arg;
use crate::message::Reply;

#[derive(Deserialize)]
struct Payload {
    event: EventId,
}

/// None when the event is gone or past, or the member said they will not come.
pub(super) async fn reminder(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<Payload>(raw, "event_reminder") else { return Ok(None) };
    let (event, member) = (p.event, push.member);
    let found = push.ctx.panier.read(async |c| notify_extra::event_brief(c, event, member).await).await?;
    let Some(brief) = found else { return Ok(None) };
    let ctx = &push.ctx;
    let e = &brief.event;
    if e.starts_at <= ctx.now || brief.answer.as_deref() == Some("no") {
        return Ok(None);
    }
    let tz = push.amap_of(e.amap_id).map(|a| a.timezone).unwrap_or(ctx.tz);
    let local = e.starts_at.with_timezone(&tz);
    let mut out = vec![
        ctx.raw("notify-event-title", &[("title", Arg::from(&e.title))]),
        ctx.raw(
            "notify-event-when",
            &[
                ("date", Arg::from(capital_date(ctx, local.date_naive()))),
                ("time", Arg::from(format::time(ctx.lang, local.time()))),
            ],
        ),
    ];
    if !e.place.trim().is_empty() {
        out.push(ctx.raw("notify-event-where", &[("place", Arg::from(&e.place))]));
    }
    out.push(match brief.answer.as_deref() {
        Some("yes") => ctx.raw("notify-event-answered-yes", &[]),
        Some("maybe") => ctx.raw("notify-event-answered-maybe", &[]),
        _ => ctx.raw("notify-event-ask", &[]),
    });
    let id = e.id;
    let buttons = vec![
        ctx.button("notify-button-yes", &[], format!("/evenements oui {id}")),
        ctx.button("notify-button-no", &[], format!("/evenements non {id}")),
        ctx.button("notify-button-maybe", &[], format!("/evenements peut-etre {id}")),
    ];
    Ok(Some(Reply::new(lines(&out)).with_buttons(buttons)))
}
