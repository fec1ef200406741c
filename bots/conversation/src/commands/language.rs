//! `langue` / `language [fr|en]`: the language Panier answers this member in.

use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::{Arg, Lang};
use crate::message::{Button, Reply};

fn choices() -> Vec<Button> {
    vec![
        Button { label: "Français".to_owned(), data: "/langue fr".to_owned() },
        Button { label: "English".to_owned(), data: "/langue en".to_owned() },
    ]
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let wanted = args.trim();
    if wanted.is_empty() {
        return Ok(vec![ctx.reply("language-ask", &[]).with_buttons(choices())]);
    }
    let Some(lang) = Lang::parse(wanted) else {
        let shown: String = wanted.chars().take(30).collect();
        return Ok(vec![
            ctx.reply("language-unknown", &[("input", Arg::from(shown))]).with_buttons(choices()),
        ]);
    };
    let Some(member) = ctx.member.as_ref().map(|m| m.id) else {
        ctx.lang = lang;
        return Ok(vec![ctx.reply("language-unlinked", &[("prefix", Arg::from(ctx.prefix()))])]);
    };
    ctx.panier.set_language(member, Some(lang.code())).await?;
    ctx.lang = lang;
    if let Some(m) = ctx.member.as_mut() {
        m.language = Some(lang.code().to_owned());
    }
    Ok(vec![ctx.reply("language-done", &[]).with_buttons(vec![ctx.button("button-next", &[], "/prochaine")])])
}
