//! `panier serve` and `panier config check`: load the configuration (file + environment),
//! then run or print it. The database URL comes from `--db` or PANIER_DATABASE_URL when
//! given, else from the configuration's `database.url`.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;
use clap::parser::ValueSource;
use panier_core::store::Store;
use tokio::runtime::Runtime;

use crate::cli::{Cli, Command, ConfigCommand};
use crate::config;

/// Runs `serve` or `config check`; `None` for the other commands.
pub fn run(cli: &Cli, runtime: &Runtime) -> Option<ExitCode> {
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let outcome = match &cli.command {
        Command::Serve { config } => config::load(config.as_deref(), &env).and_then(|loaded| {
            let db = database_url(cli, &loaded);
            runtime.block_on(async move {
                let store = Store::open(&db).await.context("cannot open the database")?;
                crate::serve::run(store, loaded).await
            })
        }),
        Command::Config(ConfigCommand::Check { config }) => {
            config::load(config.as_deref(), &env).and_then(|loaded| {
                let mut effective = loaded;
                effective.database.url = redact_url(&database_url(cli, &effective));
                print!("{}", config::redacted(&effective)?);
                eprintln!("configuration is valid");
                Ok(())
            })
        }
        _ => return None,
    };
    Some(match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    })
}

fn database_url(cli: &Cli, loaded: &config::Config) -> String {
    let explicit = Cli::command()
        .try_get_matches_from(std::env::args_os())
        .ok()
        .and_then(|m| {
            let sub = m.subcommand().and_then(|(_, s)| s.value_source("db"));
            sub.or_else(|| m.value_source("db"))
        })
        .is_some_and(|s| matches!(s, ValueSource::CommandLine | ValueSource::EnvVariable));
    if explicit { cli.db.clone() } else { loaded.database.url.clone() }
}

/// Hides a password in a postgres:// URL.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:<redacted>{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_lose_their_password() {
        assert_eq!(super::redact_url("postgres://u:secret@h/db"), "postgres://u:<redacted>@h/db");
        assert_eq!(super::redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact_url("panier.db"), "panier.db");
    }
}
