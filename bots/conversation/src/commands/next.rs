//! `prochaine` / `next`: the member's next distribution.

use crate::context::Ctx;
use crate::failure::Failure;
use crate::message::Reply;
use crate::views;

pub async fn run(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let Some(view) = ctx.panier.next_distribution(member, ctx.now).await? else {
        return Ok(vec![ctx.reply("next-none", &[])]);
    };
    let buttons = views::distribution_buttons(ctx, &view);
    Ok(vec![Reply::new(views::distribution(ctx, &view)).with_buttons(buttons)])
}
