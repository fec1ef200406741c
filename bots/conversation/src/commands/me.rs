//! `moi` / `me`: what Panier knows about the member (right of access): name, e-mail, phone,
//! AMAPs, roles in people's words, linked chat accounts, language.

use panier_core::usecases::member_extra::{self, RoleOf};

use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::{Arg, Lang};
use crate::markup::Rich;
use crate::message::Reply;

fn transport_name(transport: &str) -> String {
    match transport {
        "telegram" => "Telegram".to_owned(),
        "matrix" => "Matrix".to_owned(),
        "console" => "Console".to_owned(),
        other => crate::format::capitalize(other),
    }
}

pub async fn run(ctx: &mut Ctx<'_>, _args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let profile = ctx.panier.read(async |c| member_extra::my_profile(c, member).await).await?;
    let m = &profile.member;
    let mut lines = vec![ctx.raw("me-name", &[("name", Arg::from(m.full_name()))])];
    lines.push(ctx.raw("me-email", &[("email", Arg::from(m.email.as_str()))]));
    lines.push(match m.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(phone) => ctx.raw("me-phone", &[("phone", Arg::from(phone))]),
        None => ctx.raw("me-phone-none", &[]),
    });
    if !profile.amaps.is_empty() {
        let names: Vec<&str> = profile.amaps.iter().map(|a| a.name.as_str()).collect();
        lines.push(ctx.raw("me-amaps", &[("names", Arg::from(names.join(", ")))]));
    }
    // Member first, then the responsibilities; the AMAP is named only when there are several.
    let one_amap = profile.amaps.len() == 1;
    let mut ordered: Vec<&RoleOf> = profile.roles.iter().collect();
    ordered.sort_by_key(|r| match r {
        RoleOf::Member(_) => 0,
        RoleOf::Admin(_) => 1,
        RoleOf::Referent(_) => 2,
        RoleOf::Farmer(_) => 3,
        RoleOf::NetworkAdmin(_) => 4,
    });
    let roles: Vec<String> = ordered
        .into_iter()
        .map(|r| {
            let (key, of) = match r {
                RoleOf::Member(a) if one_amap => ("me-role-member-here", a),
                RoleOf::Admin(a) if one_amap => ("me-role-admin-here", a),
                RoleOf::Member(a) => ("me-role-member", a),
                RoleOf::Admin(a) => ("me-role-admin", a),
                RoleOf::Referent(c) => ("me-role-referent", c),
                RoleOf::Farmer(f) => ("me-role-farmer", f),
                RoleOf::NetworkAdmin(n) => ("me-role-network-admin", n),
            };
            ctx.label(key, &[("of", Arg::from(of))])
        })
        .collect();
    if !roles.is_empty() {
        lines.push(ctx.raw("me-roles", &[("roles", Arg::from(roles.join(" · ")))]));
    }
    let accounts: Vec<String> = profile
        .accounts
        .iter()
        .map(|a| {
            let name = transport_name(&a.transport);
            if a.transport == ctx.msg.transport.as_str() && a.external_id == ctx.msg.sender {
                ctx.label("me-account-this", &[("transport", Arg::from(name))])
            } else {
                name
            }
        })
        .collect();
    if !accounts.is_empty() {
        lines.push(ctx.raw("me-accounts", &[("accounts", Arg::from(accounts.join(", ")))]));
    }
    let language = ctx.label(if ctx.lang == Lang::En { "me-language-en" } else { "me-language-fr" }, &[]);
    let key = if m.language.is_some() { "me-language" } else { "me-language-default" };
    lines.push(ctx.raw(key, &[("language", Arg::from(language))]));
    lines.push(String::new());
    let contact = profile.amaps.iter().find_map(|a| a.contact_email.as_ref());
    lines.push(match contact {
        Some(email) => ctx.raw("me-fix-contact", &[("email", Arg::from(email.as_str()))]),
        None => ctx.raw("me-fix", &[]),
    });
    Ok(vec![Reply::new(Rich::parse(&lines.join("\n"))).with_buttons(vec![
        ctx.button("me-button-language", &[], "/langue"),
        ctx.button("me-button-notifications", &[], "/notifications"),
    ])])
}
