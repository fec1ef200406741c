//! `annonce` / `announce`: a farmer, an AMAP's admin or a network's coordinator writes a
//! network announcement in a short dialogue (kind, product, area, text); the coordination
//! reviews it with `annonce valider N` / `annonce refuser N`. `annonces` / `announcements`
//! lists the live announcements of the member's networks, and what waits for review.

use chrono::{DateTime, Utc};
use panier_core::error::{Conflict, CoreError, Forbidden, Invalid, Missing};
use panier_core::network::{
    Announcement, AnnouncementDraft, AnnouncementId, AnnouncementKind, MAX_BODY, MAX_SHORT,
};
use panier_core::usecases::announcements;

use crate::commands::cancel::is_stop_word;
use crate::commands::totals::cmd;
use crate::context::Ctx;
use crate::dialogue::Pending;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::markup::{Rich, escape};
use crate::message::Reply;
use crate::parse::normalize;

/// The word for a kind in button data ("/annonce type paysan").
fn word(kind: AnnouncementKind) -> &'static str {
    match kind {
        AnnouncementKind::FarmSeeksAmap => "paysan",
        AnnouncementKind::AmapSeeksFarm => "amap",
        AnnouncementKind::News => "info",
    }
}

fn kind_of(raw: &str) -> Option<AnnouncementKind> {
    match normalize(raw).as_str() {
        "paysan" | "farm" | "farmer" | "ferme" => Some(AnnouncementKind::FarmSeeksAmap),
        "amap" => Some(AnnouncementKind::AmapSeeksFarm),
        "info" | "news" | "nouvelle" | "actualite" => Some(AnnouncementKind::News),
        other => AnnouncementKind::parse(other),
    }
}

pub(crate) fn kind_label(ctx: &Ctx<'_>, kind: AnnouncementKind) -> String {
    ctx.label(&format!("network-kind-{}", kind.as_str().replace('_', "-")), &[])
}

/// `annonce`, `annonce type K`, `annonce valider N`, `annonce refuser N`.
pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let words: Vec<String> = args.split_whitespace().map(normalize).collect();
    match words.first().map(String::as_str) {
        Some("valider" | "approve" | "accepter" | "ok") => return moderate(ctx, words.get(1), true).await,
        Some("refuser" | "reject" | "rejeter") => return moderate(ctx, words.get(1), false).await,
        Some("attente" | "pending" | "relire" | "review") => return pending_reply(ctx).await,
        _ => {}
    }
    let kinds = ctx.panier.read(async |c| announcements::kinds_for(c, member).await).await?;
    if kinds.is_empty() {
        return Ok(vec![ctx.reply("network-cannot-write", &[])]);
    }
    let chosen = match words.as_slice() {
        [t, k, ..] if matches!(t.as_str(), "type" | "kind") => kind_of(k),
        [k] => kind_of(k),
        _ => None,
    };
    match chosen {
        Some(kind) if kinds.contains(&kind) => Ok(vec![start(ctx, kind)]),
        other => {
            let key = if other.is_some() || !words.is_empty() {
                "network-unknown-kind"
            } else {
                "network-ask-kind"
            };
            let buttons = kinds
                .iter()
                .map(|k| {
                    let label = kind_label(ctx, *k);
                    crate::message::Button { label, data: format!("/annonce type {}", word(*k)) }
                })
                .collect();
            Ok(vec![ctx.reply(key, &[]).with_buttons(buttons)])
        }
    }
}

/// First question for this kind: the product, or the text directly for news.
fn start(ctx: &mut Ctx<'_>, kind: AnnouncementKind) -> Reply {
    let kind = kind.as_str().to_owned();
    if kind == AnnouncementKind::News.as_str() {
        ctx.dialogue.pending =
            Some(Pending::AnnounceBody { kind, product: String::new(), area: String::new() });
        ctx.reply("network-ask-body", &[])
    } else {
        ctx.dialogue.pending = Some(Pending::AnnounceProduct { kind });
        ctx.reply("network-ask-product", &[])
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
        return Ok(vec![ctx.reply("network-empty-answer", &[])]);
    }
    let limit = match &pending {
        Pending::AnnounceProduct { .. } | Pending::AnnounceArea { .. } => MAX_SHORT,
        _ => MAX_BODY,
    };
    if text.chars().count() > limit {
        ctx.dialogue.pending = Some(pending);
        return Ok(vec![ctx.reply("network-too-long", &[("max", Arg::from(limit))])]);
    }
    match pending {
        Pending::AnnounceProduct { kind } => {
            ctx.dialogue.pending = Some(Pending::AnnounceArea { kind, product: text.to_owned() });
            Ok(vec![ctx.reply("network-ask-area", &[])])
        }
        Pending::AnnounceArea { kind, product } => {
            let area = if matches!(normalize(text).as_str(), "-" | "non" | "no" | "rien" | "none") {
                String::new()
            } else {
                text.to_owned()
            };
            ctx.dialogue.pending = Some(Pending::AnnounceBody { kind, product, area });
            Ok(vec![ctx.reply("network-ask-body", &[])])
        }
        Pending::AnnounceBody { kind, product, area } => {
            let Some(kind) = AnnouncementKind::parse(&kind) else {
                return Err(Failure::Core(CoreError::Invalid(Invalid::Name)));
            };
            let draft = AnnouncementDraft { kind, product, area, body: text.to_owned() };
            create(ctx, &draft).await
        }
        other => {
            ctx.dialogue.pending = Some(other);
            Err(Failure::NotYet)
        }
    }
}

async fn create(ctx: &mut Ctx<'_>, draft: &AnnouncementDraft) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let now = ctx.now;
    let created = ctx.panier.write(async |c| announcements::create(c, member, draft, now).await).await;
    let created = match created {
        Ok(created) => created,
        Err(CoreError::Forbidden(_)) => return Ok(vec![ctx.reply("network-cannot-write", &[])]),
        Err(e) => return Err(e.into()),
    };
    let a = &created.announcement;
    let id = Arg::from(a.id.0);
    Ok(vec![match &created.queued {
        None => ctx.reply("network-sent-pending", &[("id", id), ("network", Arg::from(&a.network_name))]),
        Some(q) => ctx.reply(
            "network-sent-published",
            &[
                ("id", id),
                ("count", Arg::from(q.queued)),
                ("cmd", Arg::from(cmd(ctx, "annonces", "announcements"))),
            ],
        ),
    }])
}

async fn moderate(ctx: &mut Ctx<'_>, raw: Option<&String>, approve: bool) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let verb = match (ctx.lang, approve) {
        (crate::i18n::Lang::En, true) => "announce approve 12",
        (crate::i18n::Lang::En, false) => "announce reject 12",
        (_, true) => "annonce valider 12",
        (_, false) => "annonce refuser 12",
    };
    let Some(id) = raw.and_then(|r| r.trim_start_matches(['n', '°', '#']).parse::<i64>().ok()) else {
        let example = format!("{}{verb}", ctx.prefix());
        return Ok(vec![ctx.reply("network-moderate-usage", &[("cmd", Arg::from(example))])]);
    };
    let now = ctx.now;
    let done = ctx
        .panier
        .write(async |c| announcements::moderate(c, member, AnnouncementId(id), approve, now).await)
        .await;
    let list = cmd(ctx, "annonces", "announcements");
    Ok(vec![match done {
        Ok(m) => match m.queued {
            Some(q) => ctx.reply(
                "network-approved",
                &[("id", Arg::from(id)), ("count", Arg::from(q.queued)), ("cmd", Arg::from(list))],
            ),
            None => ctx.reply("network-rejected", &[("id", Arg::from(id))]),
        },
        Err(CoreError::Forbidden(Forbidden::NetworkAdminsOnly)) => ctx.reply("network-moderators-only", &[]),
        Err(CoreError::NotFound(Missing::Announcement)) => {
            ctx.reply("network-unknown-announcement", &[("id", Arg::from(id)), ("cmd", Arg::from(list))])
        }
        Err(CoreError::Conflict(Conflict::Transition { .. })) => {
            ctx.reply("network-already-decided", &[("id", Arg::from(id))])
        }
        Err(e) => return Err(e.into()),
    }])
}

/// One announcement as a block of markup lines.
pub(crate) fn item(ctx: &Ctx<'_>, a: &Announcement) -> String {
    let mut lines = vec![ctx.raw(
        "network-item-title",
        &[
            ("id", Arg::from(a.id.0)),
            ("kind", Arg::from(kind_label(ctx, a.kind))),
            ("from", Arg::from(&a.from)),
        ],
    )];
    if !a.product.is_empty() {
        lines.push(ctx.raw("network-item-product", &[("product", Arg::from(&a.product))]));
    }
    if !a.area.is_empty() {
        lines.push(ctx.raw("network-item-area", &[("area", Arg::from(&a.area))]));
    }
    lines.push(escape(&a.body));
    lines.push(ctx.raw("network-item-until", &[("date", Arg::from(until(ctx, a.expires_at)))]));
    lines.join("\n")
}

fn until(ctx: &Ctx<'_>, at: DateTime<Utc>) -> String {
    ctx.date(at.with_timezone(&ctx.tz).date_naive())
}

/// The pending announcements with their buttons, for the network's coordinators.
async fn pending_reply(ctx: &mut Ctx<'_>) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let now = ctx.now;
    match ctx.panier.read(async |c| announcements::pending(c, member, now).await).await {
        Ok(list) => Ok(vec![pending_block(ctx, &list)]),
        Err(CoreError::Forbidden(_)) => Ok(vec![ctx.reply("network-moderators-only", &[])]),
        Err(e) => Err(e.into()),
    }
}

fn pending_block(ctx: &Ctx<'_>, list: &[Announcement]) -> Reply {
    if list.is_empty() {
        return ctx.reply("network-pending-none", &[]);
    }
    let mut blocks = vec![ctx.raw("network-pending-header", &[("count", Arg::from(list.len()))])];
    let mut buttons = Vec::new();
    for a in list {
        blocks.push(item(ctx, a));
        buttons.push(ctx.button(
            "network-button-approve",
            &[("id", Arg::from(a.id.0))],
            format!("/annonce valider {}", a.id),
        ));
        buttons.push(ctx.button(
            "network-button-reject",
            &[("id", Arg::from(a.id.0))],
            format!("/annonce refuser {}", a.id),
        ));
    }
    Reply::new(Rich::parse(&blocks.join("\n\n"))).with_buttons(buttons)
}

/// `annonces` / `announcements`: what is live in the member's networks; for coordinators,
/// what waits for review too.
pub async fn run_list(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let now = ctx.now;
    let listed = ctx.panier.read(async |c| announcements::listed(c, member, now).await).await?;
    let write = cmd(ctx, "annonce", "announce");
    let mut replies = Vec::new();
    if listed.is_empty() {
        replies.push(ctx.reply("network-list-empty", &[("cmd", Arg::from(write))]));
    } else {
        let mut blocks = vec![ctx.raw("network-list-header", &[])];
        blocks.extend(listed.iter().map(|a| item(ctx, a)));
        blocks.push(ctx.raw("network-write-hint", &[("cmd", Arg::from(write))]));
        replies.push(Reply::new(Rich::parse(&blocks.join("\n\n"))));
    }
    if ctx.rights.as_ref().is_some_and(|r| !panier_core::usecases::network::administered(r).is_empty()) {
        let pending = ctx.panier.read(async |c| announcements::pending(c, member, now).await).await?;
        if !pending.is_empty() {
            replies.push(pending_block(ctx, &pending));
        }
    }
    Ok(replies)
}
