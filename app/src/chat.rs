//! `panier chat --as EMAIL` and `panier demo [--db PATH]`: talk to Panier in the terminal,
//! through the console adapter.
//!
//! `demo` creates (or refreshes) a demo AMAP around today in its own database file,
//! `panier-demo.db` in the working directory unless `--db` is given on the command line (the
//! `PANIER_DATABASE_URL` variable is ignored, so the demo never writes into a real database),
//! then opens the chat as the demo member.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::Utc;
use clap::CommandFactory;
use clap::parser::ValueSource;
use panier_console::ConsoleError;
use panier_conversation::Bot;
use panier_conversation::i18n::{Arg, Lang};
use panier_core::demo::{self, DEMO_AMAP, DEMO_MEMBER};
use panier_core::rules::deadlines::local_today;
use panier_core::store::{Store, directory};
use panier_core::types::Email;
use panier_core::usecases::Panier;
use tokio::io::BufReader;
use tokio::runtime::Runtime;

use crate::cli::{Cli, Command};

/// The demo's database file when `--db` is not given.
pub const DEMO_DB: &str = "panier-demo.db";

/// Runs `chat` or `demo` and returns the exit code; `None` for the other commands.
pub fn run(cli: &Cli, runtime: &Runtime) -> Option<ExitCode> {
    let outcome = match &cli.command {
        Command::Chat { email } => runtime.block_on(chat(&cli.db, email)),
        Command::Demo => {
            let db = if db_on_command_line() { cli.db.as_str() } else { DEMO_DB };
            runtime.block_on(demo(db))
        }
        _ => return None,
    };
    Some(match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => match e.downcast_ref::<ConsoleError>() {
            Some(ConsoleError::UnknownMember(email)) => {
                eprintln!("error: no member has the e-mail address {email} in this database");
                ExitCode::from(2)
            }
            _ => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        },
    })
}

/// Whether `--db` was typed (not taken from the default or the environment).
fn db_on_command_line() -> bool {
    let Ok(matches) = Cli::command().try_get_matches_from(std::env::args_os()) else {
        return false;
    };
    let sub = matches.subcommand().and_then(|(_, m)| m.value_source("db"));
    sub.or_else(|| matches.value_source("db")) == Some(ValueSource::CommandLine)
}

async fn talk(store: Store, email: &str) -> Result<()> {
    // Signing links point at `web.public_url` (PANIER_WEB__PUBLIC_URL), as `panier serve` serves them.
    let env: std::collections::BTreeMap<String, String> = std::env::vars().collect();
    let public_url = crate::config::load(None, &env).map(|c| c.web.public_url).unwrap_or_default();
    let bot = Bot::new(Panier::new(store.clone()));
    let bot = if public_url.is_empty() { bot } else { bot.with_public_url(&public_url) };
    let interactive = std::io::stdin().is_terminal();
    let input = BufReader::new(tokio::io::stdin());
    let outcome = panier_console::run_chat(bot, email, input, tokio::io::stdout(), interactive).await;
    store.close().await;
    Ok(outcome?)
}

async fn chat(db: &str, email: &str) -> Result<()> {
    let store = Store::open(db).await.context("cannot open the database")?;
    talk(store, email).await
}

async fn demo(db: &str) -> Result<()> {
    let store = Store::open(db).await.with_context(|| format!("cannot open the demo database {db}"))?;
    let now = Utc::now();
    demo::seed(&store, local_today(now, chrono_tz::Europe::Paris), now)
        .await
        .context("cannot seed the demo")?;
    let mut conn = store.conn().await?;
    let amap = directory::amap_by_slug(&mut conn, DEMO_AMAP).await?.map(|a| a.name).unwrap_or_default();
    let email = Email::parse(DEMO_MEMBER)?;
    let name =
        directory::member_by_email(&mut conn, &email).await?.map(|m| m.full_name()).unwrap_or_default();
    drop(conn);
    let catalog = Bot::new(Panier::new(store.clone())).catalog();
    let banner = [
        catalog.text(
            Lang::Fr,
            "demo-banner-amap",
            &[("amap", Arg::from(amap)), ("name", Arg::from(name)), ("email", Arg::from(DEMO_MEMBER))],
        ),
        catalog.text(Lang::Fr, "demo-banner-quit", &[]),
    ];
    println!("{}\n{}\n", banner[0], banner[1]);
    talk(store, DEMO_MEMBER).await
}
