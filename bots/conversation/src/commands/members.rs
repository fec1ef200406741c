//! `membres` / `members [recherche]`: the AMAP's admins find members by name or e-mail, with
//! their contact details, roles and whether their chat account is linked.

use panier_core::usecases::admin_extra::{self, MemberCard, RoleLabel};

use crate::commands::totals::{Step, cmd, finish, long_reply};
use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::{Button, Reply};

/// Members shown at once; more means the search should be narrowed.
const SHOWN: usize = 10;

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    // `membres lien`: the member list page (search, add, roles, CSV) instead of a search.
    if crate::commands::admin_links::wants_link(args) {
        return crate::commands::admin_links::members(ctx).await;
    }
    finish(members(ctx, args).await)
}

fn transport_name(transport: &str) -> String {
    match transport {
        "telegram" => "Telegram".into(),
        "matrix" => "Matrix".into(),
        other => other.to_owned(),
    }
}

fn card(ctx: &Ctx<'_>, m: &MemberCard) -> String {
    let phone = match &m.phone {
        Some(p) => p.clone(),
        None => ctx.label("manage-members-no-phone", &[]),
    };
    let mut roles: Vec<String> = m
        .roles
        .iter()
        .map(|r| match r {
            RoleLabel::Admin => ctx.label("manage-role-admin", &[]),
            RoleLabel::Referent(contract) => {
                ctx.label("manage-role-referent", &[("contract", Arg::from(contract))])
            }
            RoleLabel::Farmer(farm) => ctx.label("manage-role-farmer", &[("farm", Arg::from(farm))]),
        })
        .collect();
    if roles.is_empty() {
        roles.push(ctx.label("manage-role-member", &[]));
    }
    let linked = if m.linked.is_empty() {
        ctx.label("manage-members-not-linked", &[])
    } else {
        let names: Vec<String> = m.linked.iter().map(|t| transport_name(t)).collect();
        ctx.label("manage-members-linked", &[("transports", Arg::from(names.join(", ")))])
    };
    let first = ctx.raw(
        "manage-members-card",
        &[("name", Arg::from(&m.full_name)), ("email", Arg::from(&m.email)), ("phone", Arg::from(phone))],
    );
    let second = ctx.raw(
        "manage-members-details",
        &[("roles", Arg::from(roles.join(", "))), ("linked", Arg::from(linked))],
    );
    format!("{first}\n{second}")
}

async fn members(ctx: &Ctx<'_>, args: &str) -> Step<Vec<Reply>> {
    let member = ctx.member()?.id;
    let amap = ctx.panier.read(async |c| admin_extra::admin_amap(c, member).await).await?;
    let query = args.trim();
    if query.is_empty() {
        let example = format!("{} dubois", cmd(ctx, "membres", "members"));
        return Ok(vec![
            ctx.reply("manage-members-ask", &[("example", Arg::from(example))])
                .with_buttons(vec![ctx.button("manage-button-invite", &[], "/inviter")]),
        ]);
    }
    let (total, cards) =
        ctx.panier.read(async |c| admin_extra::search_members(c, member, amap, query, SHOWN).await).await?;
    if cards.is_empty() {
        let shown: String = query.chars().take(40).collect();
        return Ok(vec![
            ctx.reply(
                "manage-members-none",
                &[("input", Arg::from(shown)), ("invite", Arg::from(cmd(ctx, "inviter", "invite")))],
            )
            .with_buttons(vec![ctx.button("manage-button-invite", &[], "/inviter")]),
        ]);
    }
    let mut lines = vec![ctx.raw("manage-members-found", &[("total", Arg::from(total))])];
    for m in &cards {
        lines.push(card(ctx, m));
    }
    if total > cards.len() {
        lines.push(ctx.raw("manage-members-more", &[("more", Arg::from(total - cards.len()))]));
    }
    let buttons: Vec<Button> = cards
        .iter()
        .filter(|m| m.linked.is_empty())
        .map(|m| {
            ctx.button(
                "manage-button-invite-code",
                &[("name", Arg::from(&m.short_name))],
                format!("/inviter {}", m.email),
            )
        })
        .collect();
    Ok(long_reply(lines, buttons))
}
