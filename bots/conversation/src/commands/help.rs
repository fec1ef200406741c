//! `aide` / `help`: the commands this person can use, by role.

use crate::commands::{Audience, COMMANDS, visible_to};
use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::{Arg, Lang};
use crate::markup::Rich;
use crate::message::Reply;

pub async fn run(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let rights = ctx.rights.as_ref();
    let intro = if rights.is_some() { "help-intro" } else { "help-intro-unlinked" };
    let mut text = ctx.raw(intro, &[("prefix", Arg::from(ctx.prefix()))]);
    let groups = [
        (&[Audience::Anyone, Audience::Member][..], "help-section-member"),
        (&[Audience::Referent][..], "help-section-referent"),
        (&[Audience::Farmer][..], "help-section-farmer"),
        (&[Audience::Admin][..], "help-section-admin"),
        (&[Audience::Directory, Audience::Network][..], "help-section-network"),
    ];
    for (audiences, heading) in groups {
        let lines: Vec<String> = COMMANDS
            .iter()
            .filter(|c| audiences.contains(&c.audience) && visible_to(c, rights) && c.fr != "start")
            .map(|c| {
                let name = if ctx.lang == Lang::En { c.en } else { c.fr };
                ctx.raw(
                    &format!("help-cmd-{}", c.fr),
                    &[("cmd", Arg::from(format!("{}{name}", ctx.prefix())))],
                )
            })
            .collect();
        if lines.is_empty() {
            continue;
        }
        text.push_str("\n\n");
        text.push_str(&ctx.raw(heading, &[]));
        for line in lines {
            text.push('\n');
            text.push_str(&line);
        }
    }
    let mut reply = Reply::new(Rich::parse(&text));
    if rights.is_some() {
        reply = reply.with_buttons(vec![
            ctx.button("button-next", &[], "/prochaine"),
            ctx.button("button-deliveries", &[], "/livraisons"),
        ]);
    }
    Ok(vec![reply])
}
