//! A network announcement, approved by the coordination: kind, network, who wrote it, product
//! and area, the text, and how to see them all or stop receiving them; and, to the network's
//! coordinators, an announcement waiting for their review.

use panier_core::network::AnnouncementId;
use panier_core::usecases::announcements;
use serde::Deserialize;

use super::{Push, Rendered, lines, payload};
use crate::commands::announce::{item, kind_label};
use crate::i18n::Arg;
use crate::message::Reply;

#[derive(Deserialize)]
struct Payload {
    announcement: AnnouncementId,
}

/// None when the announcement expired or is no longer approved.
pub(super) async fn push(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<Payload>(raw, "announcement") else { return Ok(None) };
    let now = push.ctx.now;
    let found = push.ctx.panier.read(async |c| announcements::live(c, p.announcement, now).await).await?;
    let Some(a) = found else { return Ok(None) };
    let ctx = &push.ctx;
    let out = vec![
        ctx.raw(
            "network-push-title",
            &[("kind", Arg::from(kind_label(ctx, a.kind))), ("network", Arg::from(&a.network_name))],
        ),
        item(ctx, &a),
        ctx.raw(
            "network-push-more",
            &[
                ("cmd", Arg::from(push.cmd("annonces", "announcements"))),
                ("off", Arg::from(format!("{} annonce off", push.cmd("notifications", "notifications")))),
            ],
        ),
    ];
    let list = ctx.button("network-button-list", &[], "/annonces");
    Ok(Some(Reply::new(lines(&out)).with_buttons(vec![list])))
}

/// To a network's coordinator: an announcement waits for review, with the two buttons. None
/// once it was decided (by them or another coordinator) or expired.
pub(super) async fn pending(push: &Push<'_>, raw: &str) -> Rendered {
    let Some(p) = payload::<Payload>(raw, "announcement_pending") else { return Ok(None) };
    let now = push.ctx.now;
    let found = push.ctx.panier.read(async |c| announcements::awaiting(c, p.announcement, now).await).await?;
    let Some(a) = found else { return Ok(None) };
    let ctx = &push.ctx;
    let out =
        vec![ctx.raw("network-push-pending", &[("network", Arg::from(&a.network_name))]), item(ctx, &a)];
    let id = a.id;
    let buttons = vec![
        ctx.button("network-button-approve", &[("id", Arg::from(id.0))], format!("/annonce valider {id}")),
        ctx.button("network-button-reject", &[("id", Arg::from(id.0))], format!("/annonce refuser {id}")),
    ];
    Ok(Some(Reply::new(lines(&out)).with_buttons(buttons)))
}
