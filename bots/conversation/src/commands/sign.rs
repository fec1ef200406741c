//! `signer` / `sign`: a personal one-time link to the signing page of each open contract the
//! member has not signed yet (or, when named, of a signed one still open: an amendment), and
//! for farmers a link to countersign what their members signed. The console prints the link
//! too, so the whole flow can be tried without a chat server.

use chrono::{DateTime, Utc};
use panier_core::types::ContractId;
use panier_core::usecases::member_extra;
use panier_core::usecases::signing::{self, DeliveredTo, IssuedLink};

use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::markup::Rich;
use crate::message::Reply;
use crate::parse::normalize;

/// The page of a member's link: `{public_url}/s/{token}`; a farmer's: `{public_url}/c/{token}`.
pub fn link_url(public_url: &str, link: &IssuedLink) -> String {
    let path = match link.purpose {
        panier_core::signature::Purpose::Member => "s",
        panier_core::signature::Purpose::Farmer => "c",
    };
    format!("{}/{path}/{}", public_url.trim_end_matches('/'), link.token)
}

fn delivered_to(ctx: &Ctx<'_>) -> DeliveredTo {
    DeliveredTo { transport: ctx.msg.transport.as_str().to_owned(), account: ctx.msg.sender.clone() }
}

async fn member_link(ctx: &Ctx<'_>, contract: ContractId) -> Result<IssuedLink, Failure> {
    let (member, now, to) = (ctx.member()?.id, ctx.now, delivered_to(ctx));
    Ok(ctx.panier.write(async |c| signing::issue_member_link(c, member, contract, &to, now).await).await?)
}

async fn farmer_link(ctx: &Ctx<'_>, contract: ContractId) -> Result<IssuedLink, Failure> {
    let (member, now, to) = (ctx.member()?.id, ctx.now, delivered_to(ctx));
    Ok(ctx.panier.write(async |c| signing::issue_farmer_link(c, member, contract, &to, now).await).await?)
}

fn expiry(ctx: &Ctx<'_>, at: DateTime<Utc>) -> String {
    ctx.date(at.with_timezone(&ctx.tz).date_naive())
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let now = ctx.now;
    let wanted = normalize(args);
    let matches = |name: &str, farm: &str| {
        wanted.is_empty() || normalize(name).contains(&wanted) || normalize(farm).contains(&wanted)
    };
    let mut open = ctx.panier.read(async |c| member_extra::contracts_to_sign(c, member, now).await).await?;
    open.retain(|k| matches(&k.contract, &k.farm));
    // A farmer does not subscribe to their own farm's contract.
    let own: Vec<ContractId> =
        ctx.panier.read(async |c| signing::contracts_of_own_farms(c, member).await).await?;
    open.retain(|k| !own.contains(&k.contract_id));
    // A signed contract is only reopened when the member names it: an amendment is deliberate.
    let mut amendable = if wanted.is_empty() {
        Vec::new()
    } else {
        ctx.panier.read(async |c| signing::amendable_contracts(c, member, now).await).await?
    };
    amendable.retain(|k| matches(&k.contract, &k.farm));
    let mut countersign =
        ctx.panier.read(async |c| signing::contracts_to_countersign(c, member).await).await?;
    countersign.retain(|k| matches(&k.contract, ""));

    if open.is_empty() && amendable.is_empty() && countersign.is_empty() {
        let reply = if wanted.is_empty() {
            ctx.reply("sign-nothing", &[])
        } else {
            let shown: String = args.trim().chars().take(40).collect();
            ctx.reply("sign-unknown", &[("name", Arg::from(shown))])
        };
        return Ok(vec![reply.with_buttons(vec![ctx.button("sign-button-contracts", &[], "/contrats")])]);
    }

    let mut lines = Vec::new();
    let mut expires = None;
    if !open.is_empty() {
        lines.push(ctx.raw("sign-title", &[("n", Arg::from(open.len()))]));
        for k in &open {
            lines.push(ctx.raw(
                "sign-contract",
                &[
                    ("name", Arg::from(&k.contract)),
                    ("farm", Arg::from(&k.farm)),
                    ("closes", Arg::from(ctx.date(k.closes))),
                ],
            ));
            if !k.referents.is_empty() {
                lines.push(ctx.raw(
                    "sign-referents",
                    &[("names", Arg::from(k.referents.join(", "))), ("n", Arg::from(k.referents.len()))],
                ));
            }
            let link = member_link(ctx, k.contract_id).await?;
            lines.push(ctx.raw("signing-link", &[("url", Arg::from(link_url(ctx.public_url, &link)))]));
            expires = Some(link.expires_at);
        }
    }
    if !amendable.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(ctx.raw("signing-signed-title", &[]));
        for k in &amendable {
            lines.push(ctx.raw(
                "sign-contract",
                &[
                    ("name", Arg::from(&k.contract)),
                    ("farm", Arg::from(&k.farm)),
                    ("closes", Arg::from(ctx.date(k.closes))),
                ],
            ));
            let link = member_link(ctx, k.contract_id).await?;
            lines.push(ctx.raw("signing-link-amend", &[("url", Arg::from(link_url(ctx.public_url, &link)))]));
            expires = Some(link.expires_at);
        }
    }
    if !countersign.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(ctx.raw("signing-countersign-title", &[("n", Arg::from(countersign.len()))]));
        for k in &countersign {
            lines.push(ctx.raw(
                "signing-countersign-contract",
                &[("name", Arg::from(&k.contract)), ("n", Arg::from(k.waiting))],
            ));
            let link = farmer_link(ctx, k.contract_id).await?;
            lines.push(
                ctx.raw("signing-countersign-link", &[("url", Arg::from(link_url(ctx.public_url, &link)))]),
            );
            expires = Some(link.expires_at);
        }
    }
    if let Some(at) = expires {
        lines.push(String::new());
        lines.push(ctx.raw("signing-link-note", &[("expires", Arg::from(expiry(ctx, at)))]));
    }
    Ok(vec![Reply::new(Rich::parse(&lines.join("\n"))).with_buttons(vec![ctx.button(
        "sign-button-contracts",
        &[],
        "/contrats",
    )])])
}
