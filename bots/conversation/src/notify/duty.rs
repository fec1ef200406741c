//! Duty shifts: the team's reminder, the alert when slots are still empty, the urgent call
//! after a late withdrawal.

use chrono::NaiveDate;
use panier_core::types::AmapId;
use panier_core::usecases::notify_extra::{self, ShiftState};
use serde::Deserialize;

use super::{Push, Rendered, join_and, lines, payload};
use crate::dates::iso;
use crate::format;
use crate::i18n::Arg;
use crate::message::Reply;

#[derive(Deserialize)]
struct AmapDate {
    amap: AmapId,
    date: NaiveDate,
}

/// The shift as it stands, with the AMAP's place and hours; None when no distribution.
async fn shift_of(
    push: &Push<'_>,
    p: &AmapDate,
) -> Result<Option<(ShiftState, String, String, String)>, panier_core::CoreError> {
    let Some(amap) = push.amap_of(p.amap) else { return Ok(None) };
    let date = p.date;
    let Some(state) = push.ctx.panier.read(async |c| notify_extra::shift_state(c, amap, date).await).await?
    else {
        return Ok(None);
    };
    let hours = format::time_range(push.ctx.lang, amap.window.start, amap.window.end);
    Ok(Some((state, hours, amap.place_name.clone(), amap.address.clone())))
}

/// Two days before, to the team: when, where, with whom. None when the member is no longer
/// on the team.
pub(super) async fn reminder(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<AmapDate>(raw, "duty_reminder") else { return Ok(None) };
    let Some((state, hours, place, address)) = shift_of(push, &p).await? else { return Ok(None) };
    if !state.team.iter().any(|(m, _)| *m == push.member) {
        return Ok(None);
    }
    let ctx = &push.ctx;
    let others: Vec<String> =
        state.team.iter().filter(|(m, _)| *m != push.member).map(|(_, name)| name.clone()).collect();
    let mut out = vec![
        ctx.raw(
            "notify-duty-reminder",
            &[("date", Arg::from(ctx.date(p.date))), ("hours", Arg::from(hours))],
        ),
        ctx.raw("next-where", &[("place", Arg::from(place)), ("address", Arg::from(address))]),
    ];
    if others.is_empty() {
        out.push(ctx.raw("notify-duty-team-alone", &[]));
    } else {
        out.push(ctx.raw("notify-duty-team", &[("names", Arg::from(join_and(ctx, &others)))]));
    }
    if state.slots_left > 0 {
        out.push(ctx.raw("notify-duty-slots-left", &[("n", Arg::from(state.slots_left))]));
    }
    out.push(ctx.raw("notify-duty-withdraw", &[("cmd", Arg::from(push.cmd("permanences", "shifts")))]));
    let button = ctx.button("notify-button-shifts", &[], "/permanences");
    Ok(Some(Reply::new(lines(&out)).with_buttons(vec![button])))
}

/// Empty slots a few days before (`urgent`: someone withdrew late), to members not on the
/// team. None once the slots are filled or the member signed up.
pub(super) async fn alert(push: &Push<'_>, raw: &str, urgent: bool) -> Rendered {
    let kind = if urgent { "duty_urgent" } else { "duty_alert" };
    let Some(p) = payload::<AmapDate>(raw, kind) else { return Ok(None) };
    let Some((state, hours, _, _)) = shift_of(push, &p).await? else { return Ok(None) };
    if state.slots_left == 0 || state.team.iter().any(|(m, _)| *m == push.member) {
        return Ok(None);
    }
    let ctx = &push.ctx;
    let args = [
        ("n", Arg::from(state.slots_left)),
        ("date", Arg::from(ctx.date(p.date))),
        ("hours", Arg::from(hours)),
    ];
    let out = if urgent {
        vec![ctx.raw("notify-duty-urgent", &args), ctx.raw("notify-duty-urgent-ask", &[])]
    } else {
        vec![ctx.raw("notify-duty-alert", &args)]
    };
    let buttons = vec![
        ctx.button("notify-button-duty-sign-up", &[], format!("/permanences inscrire {}", iso(p.date))),
        ctx.button("notify-button-shifts", &[], "/permanences"),
    ];
    Ok(Some(Reply::new(lines(&out)).with_buttons(buttons)))
}
