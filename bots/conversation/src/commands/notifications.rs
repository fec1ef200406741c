//! `notifications [kind] [on|off]`: which reminders the member receives, one toggle per kind.

use panier_core::model::NotificationKind;

use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::{Button, Reply};
use crate::parse::normalize;

/// The word for each kind in commands and buttons, then other accepted words.
fn words(kind: NotificationKind) -> (&'static str, &'static [&'static str]) {
    match kind {
        NotificationKind::DistributionReminder => {
            ("distribution", &["distributions", "livraison", "livraisons", "veille"])
        }
        NotificationKind::DutyReminder => ("permanence", &["permanences", "duty", "shift", "shifts"]),
        NotificationKind::DutyAlert => ("alerte", &["alertes", "alert", "alerts", "benevoles", "volunteers"]),
        NotificationKind::SignatureRequest => {
            ("signature", &["signatures", "sign", "contrat", "contrats", "contract", "contracts"])
        }
        NotificationKind::EventReminder => ("evenement", &["evenements", "event", "events"]),
        NotificationKind::FarmerTotals => ("totaux", &["total", "totals", "commandes", "orders"]),
        NotificationKind::Announcement => ("annonce", &["annonces", "announcement", "announcements", "news"]),
    }
}

fn kind_of(word: &str) -> Option<NotificationKind> {
    let word = normalize(word);
    NotificationKind::ALL.into_iter().find(|k| {
        let (main, others) = words(*k);
        main == word || others.contains(&word.as_str())
    })
}

fn switch_of(word: &str) -> Option<bool> {
    match normalize(word).as_str() {
        "on" | "oui" | "yes" | "activer" | "active" | "enable" | "marche" => Some(true),
        "off" | "non" | "no" | "desactiver" | "couper" | "disable" | "arret" | "stop" => Some(false),
        _ => None,
    }
}

fn key_part(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::DistributionReminder => "distribution",
        NotificationKind::DutyReminder => "duty",
        NotificationKind::DutyAlert => "alert",
        NotificationKind::SignatureRequest => "signature",
        NotificationKind::EventReminder => "event",
        NotificationKind::FarmerTotals => "totals",
        NotificationKind::Announcement => "announcement",
    }
}

/// Farmer totals only concern farmers and référent·es.
fn relevant(ctx: &Ctx<'_>, kind: NotificationKind) -> bool {
    kind != NotificationKind::FarmerTotals
        || ctx.rights.as_ref().is_some_and(|r| r.has_farmer_role() || r.has_referent_role())
}

fn toggle(ctx: &Ctx<'_>, kind: NotificationKind, enabled: bool) -> Button {
    let name = ctx.label(&format!("notifications-short-{}", key_part(kind)), &[]);
    let (key, word) =
        if enabled { ("notifications-button-off", "off") } else { ("notifications-button-on", "on") };
    ctx.button(key, &[("kind", Arg::from(name))], format!("/notifications {} {word}", words(kind).0))
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let parts: Vec<&str> = args.split_whitespace().collect();
    if parts.is_empty() {
        return list(ctx).await;
    }
    let (kind, switch) = match parts.as_slice() {
        [a] => (kind_of(a), None),
        // Either order: "distribution off" or "off distribution".
        [a, b] => match (kind_of(a), switch_of(b), kind_of(b), switch_of(a)) {
            (Some(k), Some(on), _, _) | (_, _, Some(k), Some(on)) => (Some(k), Some(on)),
            _ => (None, None),
        },
        _ => (None, None),
    };
    let Some(kind) = kind.filter(|k| relevant(ctx, *k)) else {
        return Err(Failure::Usage("notifications-usage"));
    };
    if parts.len() > 1 && switch.is_none() {
        return Err(Failure::Usage("notifications-usage"));
    }
    let current = ctx
        .panier
        .notifications(member)
        .await?
        .into_iter()
        .find(|(k, _)| *k == kind)
        .is_none_or(|(_, on)| on);
    let description = ctx.label(&format!("notifications-kind-{}", key_part(kind)), &[]);
    let Some(enabled) = switch else {
        let key = if current { "notifications-state-on" } else { "notifications-state-off" };
        return Ok(vec![
            ctx.reply(key, &[("kind", Arg::from(description))])
                .with_buttons(vec![toggle(ctx, kind, current)]),
        ]);
    };
    ctx.panier.set_notification(member, kind, enabled).await?;
    let key = if enabled { "notifications-done-on" } else { "notifications-done-off" };
    Ok(vec![ctx.reply(key, &[("kind", Arg::from(description))]).with_buttons(vec![
        toggle(ctx, kind, enabled),
        ctx.button("notifications-button-list", &[], "/notifications"),
    ])])
}

async fn list(ctx: &mut Ctx<'_>) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let states = ctx.panier.notifications(member).await?;
    let mut lines = vec![ctx.raw("notifications-title", &[])];
    let mut buttons = Vec::new();
    for (kind, enabled) in states.into_iter().filter(|(k, _)| relevant(ctx, *k)) {
        let description = ctx.label(&format!("notifications-kind-{}", key_part(kind)), &[]);
        let key = if enabled { "notifications-line-on" } else { "notifications-line-off" };
        lines.push(ctx.raw(key, &[("kind", Arg::from(description))]));
        buttons.push(toggle(ctx, kind, enabled));
    }
    Ok(vec![Reply::new(Rich::parse(&lines.join("\n"))).with_buttons(buttons)])
}
