//! `reglages` / `settings` and `membres lien` / `members link`: an AMAP admin's personal
//! one-time link to the settings page or to the member list page (admins only; checked in core).

use panier_core::store::editor::EditorPurpose;
use panier_core::usecases::editor;

use crate::commands::contract_edit::{delivered_to, editor_url, expiry};
use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::Reply;
use crate::parse::normalize;

/// Whether the `membres` arguments ask for the page rather than a search.
pub fn wants_link(args: &str) -> bool {
    matches!(normalize(args).as_str(), "lien" | "link" | "page" | "gerer" | "manage")
}

async fn link(ctx: &Ctx<'_>, purpose: EditorPurpose, key: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let (now, to) = (ctx.now, delivered_to(ctx));
    let link =
        ctx.panier.write(async |c| editor::issue_admin_link(c, member, purpose, &to, now).await).await?;
    let line = ctx.raw(key, &[("url", Arg::from(editor_url(ctx.public_url, &link)))]);
    let note = ctx.raw("editor-link-note", &[("expires", Arg::from(expiry(ctx, link.expires_at)))]);
    Ok(vec![Reply::new(Rich::parse(&format!("{line}\n\n{note}")))])
}

pub async fn settings(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    link(ctx, EditorPurpose::Settings, "editor-settings-link").await
}

pub async fn members(ctx: &Ctx<'_>) -> Result<Vec<Reply>, Failure> {
    link(ctx, EditorPurpose::Members, "editor-members-link").await
}
