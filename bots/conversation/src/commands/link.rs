//! `lier CODE` / `link CODE`, and Telegram's `/start CODE` deep link: links this chat account
//! to a member with the one-time code an admin gave them.

use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::Reply;

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let code = args.trim();
    if code.is_empty() {
        return Ok(vec![ctx.reply("link-how", &[("prefix", Arg::from(ctx.prefix()))])]);
    }
    let msg = ctx.msg;
    // Reminders go to the person, never to a group: in a group, keep the sender's own id
    // (on Telegram it is their private chat with the bot; on Matrix the bot opens a DM).
    let chat = if msg.chat_kind == crate::message::ChatKind::Group { &msg.sender } else { &msg.chat_id };
    let linked = ctx.panier.link(msg.transport.as_str(), &msg.sender, chat, code, ctx.now).await?;
    let mut replies = vec![
        ctx.reply(
            "link-done",
            &[("name", Arg::from(&linked.first_name)), ("amap", Arg::from(&linked.amap_name))],
        ),
        ctx.reply(
            "privacy-notice",
            &[("amap", Arg::from(&linked.amap_name)), ("prefix", Arg::from(ctx.prefix()))],
        ),
    ];
    if let Some(notice) = ctx.panier.privacy_notice(linked.amap).await? {
        replies.push(ctx.reply(
            "privacy-amap-notice",
            &[("amap", Arg::from(&linked.amap_name)), ("notice", Arg::from(notice))],
        ));
    }
    Ok(replies)
}

/// `/start` (Telegram's first message): with a code it links; without, it explains.
pub async fn run_start(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    if !args.trim().is_empty() {
        return run(ctx, args).await;
    }
    match &ctx.member {
        Some(m) => Ok(vec![ctx.reply(
            "welcome-back",
            &[("name", Arg::from(&m.first_name)), ("prefix", Arg::from(ctx.prefix()))],
        )]),
        None => Ok(vec![ctx.reply("link-how", &[("prefix", Arg::from(ctx.prefix()))])]),
    }
}
