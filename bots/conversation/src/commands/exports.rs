//! `exporter` / `export`: the files of the people who run the AMAP, sent privately — a
//! contract's quantities per member and date (XLSX or CSV, the shape Clic'AMAP exports) for
//! its référent·es, farmers and the AMAP's admins, and the members list (CSV) for the admins.
//! The sign-in sheet has its own command (`emargement pdf|csv`). Rights are checked in core.

use panier_core::model::{Amap, Contract};
use panier_core::usecases::exports::{self, Viewer};

use crate::commands::totals::{ContractArg, Scope, Step, ask_contract, cmd, contract_arg, finish, guard};
use crate::context::Ctx;
use crate::failure::Failure;
use crate::i18n::Arg;
use crate::message::{Button, Reply};
use crate::parse::normalize;

const COMMAND: &str = "exporter";

pub async fn run(ctx: &mut Ctx<'_>, args: &str) -> Result<Vec<Reply>, Failure> {
    let first = normalize(args.split_whitespace().next().unwrap_or(""));
    if first.is_empty() {
        return finish(menu(ctx).await);
    }
    if matches!(first.as_str(), "membres" | "members" | "adherents") {
        let rest = args.trim()[args.split_whitespace().next().map_or(0, str::len)..].trim().to_owned();
        return finish(members(ctx, &rest).await);
    }
    finish(contract(ctx, args).await)
}

/// The AMAPs the member administers, by name.
async fn administered(ctx: &Ctx<'_>) -> Step<Vec<Amap>> {
    let member = ctx.member()?.id;
    let rights = ctx.rights()?;
    let mut amaps = ctx.panier.amaps_of(member).await?;
    amaps.retain(|a| rights.is_admin_of(a.id));
    Ok(amaps)
}

/// What can be exported, as buttons: each managed contract, the members list for admins.
async fn menu(ctx: &Ctx<'_>) -> Step<Vec<Reply>> {
    let member = ctx.member()?.id;
    let contracts = ctx.panier.managed_contracts(member).await?;
    let amaps = administered(ctx).await?;
    if contracts.is_empty() && amaps.is_empty() {
        return Err(
            Failure::Core(panier_core::CoreError::Forbidden(panier_core::Forbidden::ReferentsOnly)).into()
        );
    }
    let mut buttons: Vec<Button> = contracts
        .iter()
        .map(|k| {
            ctx.button(
                "export-button-contract",
                &[("contract", Arg::from(&k.name))],
                format!("/{COMMAND} {}", k.slug),
            )
        })
        .collect();
    for amap in &amaps {
        let data = if amaps.len() > 1 {
            format!("/{COMMAND} membres {}", amap.slug)
        } else {
            format!("/{COMMAND} membres")
        };
        buttons.push(ctx.button("export-button-members", &[("amap", Arg::from(&amap.name))], data));
    }
    let name = cmd(ctx, "exporter", "export");
    let example =
        contracts.first().map_or_else(|| format!("{name} membres"), |k| format!("{name} {} csv", k.slug));
    let signin = format!("{} pdf", cmd(ctx, "emargement", "signin"));
    Ok(vec![
        ctx.reply("export-menu", &[("example", Arg::from(example)), ("signin", Arg::from(signin))])
            .with_buttons(buttons),
    ])
}

/// "xlsx" (the default) or "csv"; anything else is named back.
fn table_format(rest: &str) -> Result<&'static str, String> {
    match normalize(rest.trim()).as_str() {
        "" | "xlsx" | "excel" | "tableur" | "spreadsheet" | "xls" => Ok("xlsx"),
        "csv" => Ok("csv"),
        _ => Err(rest.trim().chars().take(20).collect()),
    }
}

async fn contract(ctx: &Ctx<'_>, args: &str) -> Step<Vec<Reply>> {
    let member = ctx.member()?.id;
    let (contract, rest): (Contract, String) = match contract_arg(ctx, args, COMMAND, false).await? {
        ContractArg::Given(contract, rest) => (contract, rest),
        ContractArg::Ask(contracts, rest) => {
            let suffix = if rest.is_empty() { String::new() } else { format!(" {rest}") };
            return Err(ask_contract(ctx, &contracts, COMMAND, &suffix));
        }
    };
    let format = match table_format(&rest) {
        Ok(format) => format,
        Err(input) => {
            let name = format!("{} {}", cmd(ctx, "exporter", "export"), contract.slug);
            let args = [
                ("input", Arg::from(input)),
                ("xlsx", Arg::from(format!("{name} xlsx"))),
                ("csv", Arg::from(format!("{name} csv"))),
            ];
            return Ok(vec![ctx.reply("export-table-format", &args)]);
        }
    };
    let id = contract.id;
    let found =
        ctx.panier.read(async |c| exports::contract_quantities(c, Viewer::Member(member), id).await).await;
    let quantities = guard(ctx, &contract, Scope::Manage, found).await?;
    let document = if format == "csv" {
        crate::export::contract::csv(&quantities, ctx.lang)
    } else {
        crate::export::contract::xlsx(&quantities, ctx.lang)
    };
    let subscribers: std::collections::BTreeSet<_> =
        quantities.dates.iter().flat_map(|d| d.rows.iter().map(|r| r.member)).collect();
    let reply = ctx.reply(
        "export-contract-sent",
        &[
            ("contract", Arg::from(&contract.name)),
            ("format", Arg::from(format)),
            ("dates", Arg::from(quantities.dates.len())),
            ("members", Arg::from(subscribers.len())),
        ],
    );
    Ok(vec![reply.with_document(document).private()])
}

async fn members(ctx: &Ctx<'_>, rest: &str) -> Step<Vec<Reply>> {
    let member = ctx.member()?.id;
    let amaps = administered(ctx).await?;
    let wanted = normalize(rest);
    let amap = match amaps.as_slice() {
        [] => {
            return Err(
                Failure::Core(panier_core::CoreError::Forbidden(panier_core::Forbidden::AdminsOnly)).into()
            );
        }
        [only] if wanted.is_empty() || wanted == only.slug.as_str() => only.clone(),
        _ => match amaps.iter().find(|a| a.slug.as_str() == wanted) {
            Some(a) => a.clone(),
            None => {
                let buttons = amaps
                    .iter()
                    .map(|a| Button {
                        label: crate::markup::clean(&a.name),
                        data: format!("/{COMMAND} membres {}", a.slug),
                    })
                    .collect();
                return Ok(vec![ctx.reply("export-ask-amap", &[]).with_buttons(buttons)]);
            }
        },
    };
    let id = amap.id;
    let list = ctx.panier.read(async |c| exports::members_list(c, Viewer::Member(member), id).await).await?;
    let document = crate::export::members::csv(&amap.name, &list);
    let page = if ctx.lang == crate::i18n::Lang::En { "link" } else { "lien" };
    let import = format!("{} {page}", cmd(ctx, "membres", "members"));
    let reply = ctx.reply(
        "export-members-sent",
        &[("amap", Arg::from(&amap.name)), ("n", Arg::from(list.len())), ("import", Arg::from(import))],
    );
    Ok(vec![reply.with_document(document).private()])
}
