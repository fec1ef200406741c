//! `confidentialite` / `privacy`: the AMAP's privacy notice (what is kept, why, how long,
//! the member's rights and how to use them).

use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::Reply;

pub async fn run(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let (amap, contact) = match &ctx.member {
        Some(m) => {
            let amaps = ctx.panier.amaps_of(m.id).await?;
            let first = amaps.first();
            (
                first.map(|a| a.name.clone()).unwrap_or_default(),
                first.and_then(|a| a.contact_email.as_ref().map(|e| e.to_string())).unwrap_or_default(),
            )
        }
        None => (String::new(), String::new()),
    };
    let key = if amap.is_empty() { "privacy-full-unlinked" } else { "privacy-full" };
    let reply = ctx.reply(
        key,
        &[("amap", Arg::from(amap)), ("contact", Arg::from(contact)), ("prefix", Arg::from(ctx.prefix()))],
    );
    Ok(vec![reply])
}
