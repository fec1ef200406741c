//! What each subcommand does: open the store (which migrates), call core, print the result.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use chrono::Utc;
use panier_core::error::{CoreError, Missing};
use panier_core::import;
use panier_core::model::Contract;
use panier_core::rules::deadlines::local_today;
use panier_core::store::{Conn, Store, contracts, directory};
use panier_core::types::Email;
use panier_core::usecases::{baskets, totals};

use crate::cli::{Cli, Command, Format, ImportCommand, MemberCommand};
use crate::output;

pub async fn run(cli: Cli) -> Result<()> {
    let store = Store::open(&cli.db).await.context("cannot open the database")?;
    tracing::info!(backend = ?store.backend(), "database ready");
    let outcome = dispatch(&store, cli.command).await;
    store.close().await;
    outcome
}

async fn dispatch(store: &Store, command: Command) -> Result<()> {
    match command {
        Command::Migrate => {
            println!("database is up to date");
            Ok(())
        }
        Command::Import(what) => run_import(store, what).await,
        Command::Export(crate::cli::ExportCommand::Season(args)) => {
            crate::export_season::run(store, args).await
        }
        Command::Export(other) => crate::export::run(store, other).await,
        Command::Totals { contract, date, amap, format } => {
            let mut conn = store.conn().await?;
            let contract = find_contract(&mut conn, &contract, amap.as_deref()).await?;
            let totals = match totals::delivery_totals(&mut conn, contract.id, date).await {
                Err(CoreError::NotFound(Missing::Delivery(_))) => {
                    bail!("contract {} has no delivery on {date}", contract.slug)
                }
                other => other?,
            };
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&totals)?),
                Format::Text => print!("{}", output::totals(&totals)),
            }
            Ok(())
        }
        Command::Tick { now, dry_run, format } => {
            crate::ops::tick(store, now.with_timezone(&Utc), dry_run, format).await
        }
        Command::Schedule(what) => crate::ops::schedule(store, what).await,
        Command::Retention { dry_run, years, format } => {
            crate::ops::retention(store, dry_run, years, format).await
        }
        Command::PrivacyNotice { amap, file, clear: _ } => {
            crate::ops::privacy_notice(store, &amap, file.as_deref()).await
        }
        Command::Link { email, telegram, matrix } => crate::ops::link(store, &email, telegram, matrix).await,
        Command::Invite { amap, email, format } => {
            crate::invite::run(store, &amap, email.as_deref(), format, crate::invite::telegram_from_env())
                .await
        }
        Command::Serve { .. } | Command::Config(_) => bail!("serve and config are run by serve_cmd.rs"),
        Command::Chat { .. } | Command::Demo => bail!("chat and demo are run by chat.rs"),
        Command::Evidence(crate::cli::EvidenceCommand::Verify) => crate::evidence::verify(store).await,
        Command::Network(what) => crate::network::run(store, what).await,
        Command::BenchData { amaps, members, today, seed, batch, format } => {
            crate::bench_data::run(store, amaps, members, today, seed, batch, format).await
        }
        Command::Member(MemberCommand::Deliveries { email, from, limit, format }) => {
            let email = Email::parse(&email).map_err(|_| anyhow!("not an e-mail address"))?;
            let mut conn = store.conn().await?;
            let member = directory::member_by_email(&mut conn, &email)
                .await?
                .ok_or_else(|| anyhow!("no member has this e-mail address"))?;
            let from = match from {
                Some(date) => date,
                None => {
                    let amaps = directory::amaps_of_member(&mut conn, member.id).await?;
                    let tz = amaps.first().map_or(chrono_tz::Europe::Paris, |a| a.timezone);
                    local_today(Utc::now(), tz)
                }
            };
            let views = baskets::upcoming_for_member(&mut conn, member.id, from, limit).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&views)?),
                Format::Text => print!("{}", output::distributions(&views)),
            }
            Ok(())
        }
    }
}

async fn run_import(store: &Store, what: ImportCommand) -> Result<()> {
    let now = Utc::now();
    match what {
        ImportCommand::Season { file } => {
            let (name, text) = read(&file)?;
            let report = import::import_season(store, &name, &text, now).await?;
            tracing::info!(contracts = report.contracts.total(), "season imported");
            println!("{report}");
        }
        ImportCommand::Members { amap, file } => {
            let (name, text) = read(&file)?;
            let report = import::import_members(store, &amap, &name, &text, now).await?;
            tracing::info!(members = report.members.total(), "members imported");
            println!("{report}");
        }
        ImportCommand::Subscriptions { contract, amap, file } => {
            let (name, text) = read(&file)?;
            let report =
                import::import_subscriptions(store, contract.as_deref(), amap.as_deref(), &name, &text, now)
                    .await?;
            tracing::info!(subscriptions = report.subscriptions.total(), "subscriptions imported");
            println!("{report}");
        }
    }
    Ok(())
}

/// The file's name as given on the command line (for messages) and its text.
fn read(path: &Path) -> Result<(String, String)> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {name}"))?;
    let (text, guessed) = import::decode_text(&bytes);
    if guessed {
        tracing::warn!("{name} is not UTF-8 text; reading it as Windows-1252");
    }
    Ok((name, text.into_owned()))
}

/// The one contract with this slug, in `amap` when given.
async fn find_contract(conn: &mut Conn, slug: &str, amap: Option<&str>) -> Result<Contract> {
    let amap_id = match amap {
        None => None,
        Some(a) => {
            let found = directory::amap_by_slug(conn, a).await?;
            Some(found.ok_or_else(|| anyhow!("no AMAP with slug {a:?}"))?.id)
        }
    };
    let mut found = contracts::contracts_by_slug(conn, slug, amap_id).await?;
    match found.len() {
        0 => bail!("no contract with slug {slug:?}"),
        1 => Ok(found.remove(0)),
        _ => bail!("contract slug {slug:?} exists in several AMAPs; say which with --amap"),
    }
}
