//! `oubli` / `forget`: erases the member's personal data after an explicit confirmation
//! (right to erasure). Refused while a contract runs, saying whom to contact.

use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::{Arg, Lang};
use crate::message::Reply;
use crate::parse::normalize;

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let confirm = if ctx.lang == Lang::En { "confirm" } else { "confirmer" };
    if !matches!(normalize(args).as_str(), "confirmer" | "confirm") {
        let reply = ctx.reply("forget-ask", &[]).with_buttons(vec![
            ctx.button("forget-button-confirm", &[], format!("/oubli {confirm}")),
            ctx.button("forget-button-keep", &[], "/aide"),
        ]);
        return Ok(vec![reply.private()]);
    }
    let amaps = ctx.panier.amaps_of(member).await?;
    let contact =
        amaps.first().and_then(|a| a.contact_email.as_ref().map(|e| e.to_string())).unwrap_or_default();
    match ctx.panier.forget(member, ctx.now).await {
        Ok(done) => Ok(vec![ctx.reply("forget-done", &[("kept", Arg::from(done.contracts_kept))]).private()]),
        Err(panier_core::CoreError::Conflict(panier_core::Conflict::RunningContract)) => {
            Ok(vec![ctx.reply("forget-running", &[("contact", Arg::from(contact))]).private()])
        }
        Err(e) => Err(e.into()),
    }
}
