//! `panier network …`: create a network, put AMAPs in it, import its directory (CSV), name
//! its admins. Operator commands: whoever holds the database acts for the network.

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
use chrono::Utc;
use clap::Subcommand;
use panier_core::error::{CoreError, Missing};
use panier_core::import;
use panier_core::store::Store;
use panier_core::types::{Email, Slug};
use panier_core::usecases::network;

use crate::cli::Format;
use crate::ops::UsageError;

#[derive(Debug, Subcommand)]
pub enum NetworkCommand {
    /// Create a network (or rename it when the slug exists).
    Create {
        /// Short identifier: lower-case letters, digits and dashes (used in /n/SLUG).
        #[arg(long)]
        slug: String,
        /// The network's name as people read it.
        #[arg(long)]
        name: String,
    },
    /// Put an existing AMAP in the network.
    Attach {
        /// Slug of the network.
        #[arg(long)]
        network: String,
        /// Slug of the AMAP.
        #[arg(long)]
        amap: String,
    },
    /// Import the network's directory of AMAPs and farms (CSV, see docs/network.md):
    /// everything or nothing; errors name FILE:LINE: FIELD.
    Import {
        /// Slug of the network.
        #[arg(long)]
        network: String,
        /// The CSV file.
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Give an existing member the network admin role (moderates announcements, sees the
    /// network's directory and figures).
    Admin {
        /// Slug of the network.
        #[arg(long)]
        network: String,
        /// The member's e-mail address.
        #[arg(long)]
        email: String,
    },
}

fn usage(message: String) -> anyhow::Error {
    anyhow::Error::new(UsageError(message))
}

/// Not-found errors in words for the operator; the rest as they are.
fn explain(e: CoreError) -> anyhow::Error {
    match e {
        CoreError::NotFound(Missing::Network(slug)) => {
            usage(format!("no network with slug \"{slug}\" (create it with `panier network create`)"))
        }
        CoreError::NotFound(Missing::Amap(slug)) => usage(format!("no AMAP with slug \"{slug}\"")),
        CoreError::NotFound(Missing::Member(_)) => usage("no member has this e-mail address".into()),
        CoreError::Invalid(i) => usage(i.to_string()),
        other => anyhow!(other),
    }
}

pub async fn run(store: &Store, command: NetworkCommand) -> Result<()> {
    match command {
        NetworkCommand::Create { slug, name } => {
            let slug = Slug::parse(&slug).map_err(|e| usage(format!("--slug: {e}")))?;
            let mut tx = store.write_tx().await?;
            let net = network::create_network(&mut tx, &slug, &name, Utc::now()).await.map_err(explain)?;
            tx.commit().await?;
            println!("network {} ready: {}", net.slug, net.name);
        }
        NetworkCommand::Attach { network: net, amap } => {
            let mut tx = store.write_tx().await?;
            let (net, _) = network::attach_amap(&mut tx, &net, &amap).await.map_err(explain)?;
            tx.commit().await?;
            println!("AMAP {amap} is now in network {}", net.slug);
        }
        NetworkCommand::Import { network: net, file, format } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file.display().to_string();
            let (text, guessed) = import::decode_text(&bytes);
            if guessed {
                tracing::warn!("{name} is not UTF-8 text; reading it as Windows-1252");
            }
            let report = import::import_directory(store, &net, &name, &text, Utc::now()).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                Format::Text => println!("{report}"),
            }
        }
        NetworkCommand::Admin { network: net, email } => {
            let email = Email::parse(&email).map_err(|_| usage("--email: not an e-mail address".into()))?;
            let mut tx = store.write_tx().await?;
            network::grant_network_admin(&mut tx, &net, &email).await.map_err(explain)?;
            tx.commit().await?;
            println!("{email} is now an admin of network {net}");
        }
    }
    Ok(())
}
