//! `confidentialite` / `privacy`: the AMAP's privacy notice (what is kept, why, how long,
//! the member's rights and how to use them), then each of the member's AMAPs' own notice.

use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::Reply;

pub async fn run(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let amaps = match &ctx.member {
        Some(m) => ctx.panier.amaps_of(m.id).await?,
        None => Vec::new(),
    };
    let first = amaps.first();
    let amap = first.map(|a| a.name.clone()).unwrap_or_default();
    let contact = first.and_then(|a| a.contact_email.as_ref().map(|e| e.to_string())).unwrap_or_default();
    let key = if amap.is_empty() { "privacy-full-unlinked" } else { "privacy-full" };
    let mut replies = vec![ctx.reply(
        key,
        &[("amap", Arg::from(amap)), ("contact", Arg::from(contact)), ("prefix", Arg::from(ctx.prefix()))],
    )];
    for a in &amaps {
        if let Some(notice) = ctx.panier.privacy_notice(a.id).await? {
            replies.push(ctx.reply(
                "privacy-amap-notice",
                &[("amap", Arg::from(a.name.clone())), ("notice", Arg::from(notice))],
            ));
        }
    }
    Ok(replies)
}
