//! `panier export season --amap SLUG [--out FILE]`: the AMAP's season in the TOML format that
//! `panier import season` reads (docs/season-format.md), to stdout or a file.

use std::path::PathBuf;

use anyhow::{Context, Result};
use panier_core::error::{CoreError, Missing};
use panier_core::store::Store;
use panier_core::usecases::season_export::export_season;

#[derive(Debug, clap::Args)]
pub struct SeasonArgs {
    /// Slug of the AMAP.
    #[arg(long)]
    pub amap: String,
    /// Write to this file instead of the standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub async fn run(store: &Store, args: SeasonArgs) -> Result<()> {
    let mut conn = store.conn().await?;
    let text = match export_season(&mut conn, &args.amap).await {
        Err(CoreError::NotFound(Missing::Amap(_))) => {
            return Err(crate::ops::UsageError(format!("no AMAP with slug {:?}", args.amap)).into());
        }
        other => other?,
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("season of {} written to {}", args.amap, path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}
