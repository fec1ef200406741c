//! `donner` / `handover [date] [name]`: someone else collects the basket (an absence with the
//! handover mode). Without a name, asks "who?" and waits for free text; a name is searched
//! among the AMAP's members and the matches are offered as buttons; `invité NAME` /
//! `guest NAME` hands it to someone outside the AMAP.

use chrono::NaiveDate;
use panier_core::Missing;
use panier_core::model::{AbsenceMode, Member, MemberStatus};
use panier_core::types::MemberId;
use panier_core::usecases::absence::HandoverTo;
use panier_core::usecases::member_extra::{self, AbsenceChoices};

use crate::commands::absence::{self, Step, Via};
use crate::context::Ctx;
use crate::dates::{date_arg, iso};
use crate::dialogue::Pending;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::{Button, MAX_BUTTON_DATA, Reply};
use crate::parse::{DateError, normalize, parse_date};

/// At most this many matching members are offered as buttons.
const MAX_MATCHES: usize = 6;
/// Longest name accepted (the core's limit for a guest's name).
const MAX_NAME_CHARS: usize = 80;

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let words: Vec<&str> = args.split_whitespace().collect();
    if words.is_empty() {
        return absence::ask_date(ctx, Via::Handover, None, "").await;
    }
    // The longest leading run of words that reads as a date; the rest is the name.
    for k in (1..=words.len().min(4)).rev() {
        let candidate = words[..k].join(" ");
        match parse_date(&candidate, ctx.today()) {
            Ok(date) => {
                let date = absence::check_not_just_passed(ctx, date)?;
                return with_date(ctx, date, &words[k..].join(" ")).await;
            }
            Err(error @ (DateError::Impossible { .. } | DateError::WeekdayMismatch { .. })) => {
                return Err(Failure::Date { input: candidate, error });
            }
            Err(_) => {}
        }
    }
    if words[0].chars().any(|c| c.is_ascii_digit()) {
        date_arg(ctx, words[0])?;
    }
    // A name without a date: ask the date, keeping the name in the buttons when it fits.
    let name = words.join(" ");
    absence::ask_date(ctx, Via::Handover, None, &name).await
}

/// Continues `Pending::HandoverName`: the person typed who takes the basket.
pub async fn answer_name(ctx: &mut Ctx<'_>, date: NaiveDate, text: &str) -> Result<Vec<Reply>, Failure> {
    with_date(ctx, date, text).await
}

/// `#12`: a member picked from the offered buttons.
fn member_ref(who: &str) -> Option<MemberId> {
    let digits = who.strip_prefix('#')?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(MemberId)
}

/// `invité Marie Dupont` / `guest Marie Dupont` -> "Marie Dupont" (maybe empty).
fn guest_name(who: &str) -> Option<String> {
    let (first, rest) = who.split_once(char::is_whitespace).unwrap_or((who, ""));
    let first = normalize(first);
    let first = first.trim_end_matches([':', ',']);
    matches!(first, "invite" | "invitee" | "invite-e" | "invite·e" | "guest").then(|| rest.trim().to_owned())
}

/// The date is known: check it, then hand over to the named person or ask who.
pub(crate) async fn with_date(ctx: &mut Ctx<'_>, date: NaiveDate, who: &str) -> Result<Vec<Reply>, Failure> {
    let choices = match absence::prepare(ctx, date, Via::Handover).await? {
        Step::Go(choices) => choices,
        Step::Answer(replies) => return Ok(replies),
    };
    if !choices.common_modes().contains(&AbsenceMode::Handover) {
        return Ok(vec![absence::refusal(ctx, &choices, Some(AbsenceMode::Handover))]);
    }
    let who = who.trim();
    if who.is_empty() {
        ctx.dialogue.pending = Some(Pending::HandoverName { date });
        return Ok(vec![ctx.reply("handover-ask-name", &[("date", Arg::from(ctx.date(date)))])]);
    }
    if let Some(id) = member_ref(who) {
        return give_to_member(ctx, &choices, id).await;
    }
    if let Some(guest) = guest_name(who) {
        return give_to_guest(ctx, &choices, &guest).await;
    }
    search(ctx, &choices, who).await
}

async fn search(ctx: &mut Ctx<'_>, choices: &AbsenceChoices, who: &str) -> Result<Vec<Reply>, Failure> {
    let date = choices.date;
    // Whatever happens, a new name typed next is still an answer to "who?".
    ctx.dialogue.pending = Some(Pending::HandoverName { date });
    if who.chars().count() > MAX_NAME_CHARS {
        return Ok(vec![ctx.reply("handover-name-too-long", &[])]);
    }
    if who.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return Ok(vec![ctx.reply("handover-name-too-short", &[])]);
    }
    let me = ctx.member()?.id;
    let all = ctx.panier.find_members(me, choices.amap_id, who).await?;
    let found: Vec<Member> =
        all.iter().filter(|m| m.id != me && m.status == MemberStatus::Active).cloned().collect();
    if found.is_empty() && all.iter().any(|m| m.id == me) {
        return Err(panier_core::CoreError::Invalid(panier_core::Invalid::HandoverToSelf).into());
    }
    let guest_button = guest_button(ctx, date, who);
    if found.is_empty() {
        let reply = ctx.reply("handover-nobody", &[("name", Arg::from(who))]);
        return Ok(vec![reply.with_buttons(guest_button.into_iter().collect())]);
    }
    if found.len() > MAX_MATCHES {
        return Ok(vec![
            ctx.reply("handover-too-many", &[("name", Arg::from(who)), ("n", Arg::from(found.len()))]),
        ]);
    }
    let mut buttons: Vec<Button> = found
        .iter()
        .map(|m| {
            let short = m.short_name();
            let clash = found.iter().filter(|o| o.short_name() == short).count() > 1;
            let label = if clash { m.full_name() } else { short };
            Button { label, data: format!("/donner {} #{}", iso(date), m.id) }
        })
        .collect();
    buttons.extend(guest_button);
    Ok(vec![
        ctx.reply("handover-pick", &[("n", Arg::from(found.len())), ("date", Arg::from(ctx.date(date)))])
            .with_buttons(buttons),
    ])
}

/// Looks like a person's name: letters, spaces and the punctuation of names, two letters or more.
fn plausible_name(name: &str) -> bool {
    name.chars().count() <= MAX_NAME_CHARS
        && name.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '\u{2019}' | '.' | '(' | ')'))
}

/// "Someone outside the AMAP: NAME", when it looks like a name and fits in a button.
fn guest_button(ctx: &Ctx<'_>, date: NaiveDate, who: &str) -> Option<Button> {
    let data = format!("/donner {} invité {}", iso(date), who);
    (data.len() <= MAX_BUTTON_DATA && plausible_name(who))
        .then(|| ctx.button("handover-button-guest", &[("name", Arg::from(who))], data))
}

async fn give_to_member(
    ctx: &mut Ctx<'_>,
    choices: &AbsenceChoices,
    id: MemberId,
) -> Result<Vec<Reply>, Failure> {
    let me = ctx.member()?.id;
    if id == me {
        return Err(panier_core::CoreError::Invalid(panier_core::Invalid::HandoverToSelf).into());
    }
    let other = ctx.panier.read(async |c| member_extra::fellow_member(c, me, id).await).await?;
    let Some(other) = other else {
        return Err(panier_core::CoreError::NotFound(Missing::Member(String::new())).into());
    };
    absence::record(ctx, choices, AbsenceMode::Handover, None, Some(HandoverTo::Member(id))).await?;
    let name = other.short_name();
    let text = format!(
        "{}\n{}",
        ctx.raw("handover-done", &done_args(ctx, choices, &name)),
        ctx.raw("handover-done-member-hint", &[("to", Arg::from(&name))])
    );
    let mut reply = Reply::new(Rich::parse(&text)).with_buttons(absence::after_buttons(ctx, choices.date));
    if let Some(warning) = absence::collecting_for_others(ctx, choices.date).await? {
        reply.text.append_line(Rich::parse(&warning));
    }
    Ok(vec![reply])
}

async fn give_to_guest(
    ctx: &mut Ctx<'_>,
    choices: &AbsenceChoices,
    guest: &str,
) -> Result<Vec<Reply>, Failure> {
    let date = choices.date;
    if guest.is_empty() {
        ctx.dialogue.pending = Some(Pending::HandoverName { date });
        return Ok(vec![ctx.reply("handover-ask-guest", &[])]);
    }
    if !plausible_name(guest) {
        ctx.dialogue.pending = Some(Pending::HandoverName { date });
        return Ok(vec![ctx.reply("handover-guest-invalid", &[])]);
    }
    absence::record(ctx, choices, AbsenceMode::Handover, None, Some(HandoverTo::Guest(guest.to_owned())))
        .await?;
    let text = format!(
        "{}\n{}",
        ctx.raw("handover-done", &done_args(ctx, choices, guest)),
        ctx.raw("handover-done-guest-hint", &[])
    );
    let mut reply = Reply::new(Rich::parse(&text)).with_buttons(absence::after_buttons(ctx, date));
    if let Some(warning) = absence::collecting_for_others(ctx, date).await? {
        reply.text.append_line(Rich::parse(&warning));
    }
    Ok(vec![reply])
}

fn done_args<'a>(ctx: &Ctx<'_>, choices: &AbsenceChoices, to: &'a str) -> Vec<(&'static str, Arg<'a>)> {
    let contracts = choices.contracts.iter().map(|c| c.contract.as_str()).collect::<Vec<_>>().join(", ");
    vec![
        ("to", Arg::from(to)),
        ("date", Arg::from(ctx.date(choices.date))),
        ("contracts", Arg::from(contracts)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_guests() {
        assert_eq!(member_ref("#12"), Some(MemberId(12)));
        assert_eq!(member_ref("#"), None);
        assert_eq!(member_ref("#1a"), None);
        assert_eq!(member_ref("12"), None);
        assert_eq!(member_ref(&format!("#{}", "9".repeat(40))), None);
        assert_eq!(guest_name("invité Marie Dupont").as_deref(), Some("Marie Dupont"));
        assert_eq!(guest_name("Guest: Bob").as_deref(), Some("Bob"));
        assert_eq!(guest_name("invitée").as_deref(), Some(""));
        assert_eq!(guest_name("Julien"), None);
        assert!(plausible_name("Marie-Hélène O'Brien"));
        assert!(!plausible_name("'; DROP TABLE member; --"));
        assert!(!plausible_name("🥕🥕"));
        assert!(!plausible_name("J"));
    }
}
