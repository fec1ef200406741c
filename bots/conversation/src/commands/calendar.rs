//! `calendrier` / `calendar [nouveau|new]`: the link of the member's private calendar feed
//! (distributions, duty shifts, events) to add to their phone's calendar. Only the token's
//! hash is kept, so an existing link cannot be shown again: `calendrier nouveau` makes a new
//! one and the old one stops working.

use panier_core::usecases::calendar;

use crate::commands::totals::cmd;
use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::Reply;
use crate::parse::normalize;

/// The feed's address: `{public_url}/cal/{token}.ics`.
pub fn feed_url(public_url: &str, token: &str) -> String {
    format!("{}/cal/{token}.ics", public_url.trim_end_matches('/'))
}

fn reset_command(ctx: &Ctx<'_>) -> String {
    let new = if ctx.lang == crate::i18n::Lang::En { "new" } else { "nouveau" };
    format!("{} {new}", cmd(ctx, "calendrier", "calendar"))
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let reset = match normalize(args).as_str() {
        "" => false,
        "nouveau" | "new" | "reset" | "reinitialiser" | "renouveler" | "remplacer" | "lien" => true,
        _ => {
            let reply = ctx.reply(
                "calendar-usage",
                &[
                    ("command", Arg::from(cmd(ctx, "calendrier", "calendar"))),
                    ("reset", Arg::from(reset_command(ctx))),
                ],
            );
            return Ok(vec![reply]);
        }
    };
    let now = ctx.now;
    if !reset && ctx.panier.read(async |c| calendar::has_feed(c, member).await).await? {
        let button = ctx.button("calendar-button-reset", &[], "/calendrier nouveau");
        let reply = ctx
            .reply("calendar-exists", &[("reset", Arg::from(reset_command(ctx)))])
            .with_buttons(vec![button]);
        return Ok(vec![reply.private()]);
    }
    let token = ctx.panier.write(async |c| calendar::issue_feed(c, member, now).await).await?;
    let mut text = String::new();
    if reset {
        text.push_str(&ctx.raw("calendar-renewed", &[]));
        text.push('\n');
    }
    text.push_str(&ctx.raw(
        "calendar-link",
        &[("url", Arg::from(feed_url(ctx.public_url, &token))), ("reset", Arg::from(reset_command(ctx)))],
    ));
    Ok(vec![Reply::new(crate::markup::Rich::parse(&text)).private()])
}
