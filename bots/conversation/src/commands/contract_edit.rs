//! `contrat nouveau|modifier NOM|renouveler NOM` / `contract new|edit NAME|renew NAME`: a
//! personal one-time link to the contract editor (référent·es of the contract, AMAP admins;
//! checked in core), or a copy of a contract into next season as a draft to review.

use chrono::{DateTime, Utc};
use panier_core::store::editor::EditorPurpose;
use panier_core::usecases::contract_editor;
use panier_core::usecases::editor::{self, IssuedEditorLink};
use panier_core::usecases::signing::DeliveredTo;

use crate::commands::totals::cmd;
use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::Reply;
use crate::parse::normalize;

/// The page of an editor link: `/e/` (contract), `/a/` (settings), `/m/` (members).
pub fn editor_url(public_url: &str, link: &IssuedEditorLink) -> String {
    let prefix = match link.purpose {
        EditorPurpose::Contract => "e",
        EditorPurpose::Settings => "a",
        EditorPurpose::Members => "m",
    };
    format!("{}/{prefix}/{}", public_url.trim_end_matches('/'), link.token)
}

pub fn delivered_to(ctx: &Ctx<'_>) -> DeliveredTo {
    DeliveredTo { transport: ctx.msg.transport.as_str().to_owned(), account: ctx.msg.sender.clone() }
}

pub fn expiry(ctx: &Ctx<'_>, at: DateTime<Utc>) -> String {
    ctx.date(at.with_timezone(&ctx.tz).date_naive())
}

fn state_label(ctx: &Ctx<'_>, state: panier_core::rules::state::ContractState) -> String {
    ctx.label(&format!("ed-state-{}", state.as_str()), &[])
}

/// The link line and the note about it, as one reply.
fn link_reply(ctx: &Ctx<'_>, first: String, link: &IssuedEditorLink) -> Reply {
    let note = ctx.raw("editor-link-note", &[("expires", Arg::from(expiry(ctx, link.expires_at)))]);
    Reply::new(crate::markup::Rich::parse(&format!("{first}\n\n{note}")))
}

async fn example(ctx: &Ctx<'_>) -> Result<String, Failure> {
    let member = ctx.member()?.id;
    let mine = ctx.panier.read(async |c| contract_editor::editable_contracts(c, member).await).await?;
    Ok(mine.first().map_or_else(|| "legumes".to_owned(), |c| c.slug.to_string()))
}

async fn usage(ctx: &Ctx<'_>) -> Result<Vec<Reply>, Failure> {
    let example = example(ctx).await?;
    Ok(vec![
        ctx.reply("editor-usage", &[("prefix", Arg::from(ctx.prefix())), ("example", Arg::from(example))])
            .with_buttons(vec![ctx.button("editor-button-new", &[], cmd_data(ctx, "nouveau", "new"))]),
    ])
}

fn cmd_data(ctx: &Ctx<'_>, fr: &str, en: &str) -> String {
    format!("{} {}", cmd(ctx, "contrat", "contract"), if ctx.lang == crate::i18n::Lang::En { en } else { fr })
}

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    match edit(ctx, args).await {
        // Farmers see the referent commands but do not edit contracts: say who can.
        Err(Failure::Core(panier_core::error::CoreError::Forbidden(_))) => {
            Ok(vec![ctx.reply("editor-refused", &[])])
        }
        other => other,
    }
}

async fn edit(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let member = ctx.member()?.id;
    let (verb, rest) = match args.trim().split_once(char::is_whitespace) {
        Some((v, r)) => (normalize(v), r.trim().to_owned()),
        None => (normalize(args), String::new()),
    };
    let (now, to) = (ctx.now, delivered_to(ctx));
    match verb.as_str() {
        "nouveau" | "nouvelle" | "creer" | "new" | "create" => {
            let link = ctx
                .panier
                .write(async |c| editor::issue_contract_link(c, member, None, &to, now).await)
                .await?;
            let line = ctx.raw("editor-new-link", &[("url", Arg::from(editor_url(ctx.public_url, &link)))]);
            Ok(vec![link_reply(ctx, line, &link)])
        }
        "modifier" | "editer" | "edit" | "modify" | "renouveler" | "renew" => {
            if rest.is_empty() {
                let example =
                    format!("{} {}", cmd_data(ctx, verb_fr(&verb), verb_en(&verb)), example(ctx).await?);
                return Ok(vec![ctx.reply("editor-which-contract", &[("example", Arg::from(example))])]);
            }
            let slug = normalize(&rest).replace(' ', "-");
            let contract =
                ctx.panier.read(async |c| contract_editor::contract_to_edit(c, member, &slug).await).await?;
            if matches!(verb.as_str(), "renouveler" | "renew") {
                let saved = ctx
                    .panier
                    .write(async |c| contract_editor::renew(c, member, contract.id, now).await)
                    .await?;
                let link = ctx
                    .panier
                    .write(async |c| {
                        editor::issue_contract_link(c, member, Some(saved.contract), &to, now).await
                    })
                    .await?;
                let renewed = ctx
                    .panier
                    .read(async |c| panier_core::usecases::loaded::load_contract(c, saved.contract).await)
                    .await?;
                let first = renewed.deliveries.first().map(|d| ctx.date(d.scheduled)).unwrap_or_default();
                let line = ctx.raw(
                    "editor-renewed",
                    &[
                        ("name", Arg::from(&renewed.contract.name)),
                        ("season", Arg::from(&renewed.contract.season)),
                        ("first", Arg::from(first)),
                        ("url", Arg::from(editor_url(ctx.public_url, &link))),
                    ],
                );
                return Ok(vec![link_reply(ctx, line, &link)]);
            }
            let link = ctx
                .panier
                .write(async |c| editor::issue_contract_link(c, member, Some(contract.id), &to, now).await)
                .await?;
            let line = ctx.raw(
                "editor-edit-link",
                &[
                    ("name", Arg::from(&contract.name)),
                    ("state", Arg::from(state_label(ctx, contract.state))),
                    ("url", Arg::from(editor_url(ctx.public_url, &link))),
                ],
            );
            Ok(vec![link_reply(ctx, line, &link)])
        }
        _ => usage(ctx).await,
    }
}

fn verb_fr(verb: &str) -> &'static str {
    if matches!(verb, "renouveler" | "renew") { "renouveler" } else { "modifier" }
}

fn verb_en(verb: &str) -> &'static str {
    if matches!(verb, "renouveler" | "renew") { "renew" } else { "edit" }
}
