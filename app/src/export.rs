//! `panier export signin-sheet | contract | members`: the files the people who run an AMAP
//! need, for the server's operator (who holds the database, so sees everything; members get
//! the same files from the chat, where core checks their roles). Texts are in the AMAP's
//! language unless `--lang` says otherwise.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use panier_conversation::export;
use panier_conversation::i18n::Lang;
use panier_conversation::message::Document;
use panier_core::error::{CoreError, Missing};
use panier_core::model::Amap;
use panier_core::store::{Conn, Store};
use panier_core::usecases::exports::{self, Viewer};

use crate::cli::ExportCommand;
use crate::ops::UsageError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SheetFormat {
    Pdf,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    Xlsx,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct SigninArgs {
    /// Slug of the AMAP.
    #[arg(long)]
    pub amap: String,
    /// Date of the distribution, YYYY-MM-DD.
    #[arg(long)]
    pub date: NaiveDate,
    #[arg(long, value_enum, default_value_t = SheetFormat::Pdf)]
    pub format: SheetFormat,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Language of the texts (fr, en); default: the AMAP's.
    #[arg(long)]
    pub lang: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ContractArgs {
    /// Slug of the AMAP.
    #[arg(long)]
    pub amap: String,
    /// Slug of the contract.
    #[arg(long)]
    pub contract: String,
    #[arg(long, value_enum, default_value_t = TableFormat::Xlsx)]
    pub format: TableFormat,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Language of the texts (fr, en); default: the AMAP's.
    #[arg(long)]
    pub lang: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct MembersArgs {
    /// Slug of the AMAP.
    #[arg(long)]
    pub amap: String,
    /// The CSV file to write (the columns `panier import members` reads).
    #[arg(long)]
    pub out: PathBuf,
}

async fn amap(conn: &mut Conn, slug: &str) -> Result<Amap> {
    match exports::amap_by_slug(conn, slug).await {
        Err(CoreError::NotFound(Missing::Amap(_))) => {
            Err(UsageError(format!("no AMAP with slug {slug:?}")).into())
        }
        other => Ok(other?),
    }
}

fn lang(asked: Option<&str>, amap: &Amap) -> Result<Lang> {
    match asked {
        Some(raw) => Lang::parse(raw).ok_or_else(|| UsageError(format!("unknown language {raw:?}")).into()),
        None => Ok(Lang::parse(&amap.default_language).unwrap_or_default()),
    }
}

fn write(out: &Path, doc: &Document, what: &str) -> Result<()> {
    std::fs::write(out, &doc.bytes).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("{what} written to {} ({} bytes)", out.display(), doc.bytes.len());
    Ok(())
}

/// Runs the export variants of this file (`export season` lives in export_season.rs).
pub async fn run(store: &Store, what: ExportCommand) -> Result<()> {
    let mut conn = store.conn().await?;
    match what {
        ExportCommand::SigninSheet(a) => {
            let amap = amap(&mut conn, &a.amap).await?;
            let lang = lang(a.lang.as_deref(), &amap)?;
            let sheet = exports::signin_sheet(&mut conn, Viewer::Operator, amap.id, a.date).await?;
            let doc = match a.format {
                SheetFormat::Pdf => export::sheet::pdf(&sheet, lang),
                SheetFormat::Csv => export::sheet::csv(&sheet, lang),
            };
            write(&a.out, &doc, &format!("sign-in sheet of {} ({} members)", a.date, sheet.rows.len()))
        }
        ExportCommand::Contract(a) => {
            let amap = amap(&mut conn, &a.amap).await?;
            let lang = lang(a.lang.as_deref(), &amap)?;
            let contract = match exports::contract_by_slug(&mut conn, amap.id, &a.contract).await {
                Err(CoreError::NotFound(_)) => {
                    return Err(
                        UsageError(format!("no contract {:?} in AMAP {:?}", a.contract, a.amap)).into()
                    );
                }
                other => other?,
            };
            let q = exports::contract_quantities(&mut conn, Viewer::Operator, contract.id).await?;
            let doc = match a.format {
                TableFormat::Xlsx => export::contract::xlsx(&q, lang),
                TableFormat::Csv => export::contract::csv(&q, lang),
            };
            write(&a.out, &doc, &format!("quantities of {} ({} dates)", q.contract, q.dates.len()))
        }
        ExportCommand::Members(a) => {
            let amap = amap(&mut conn, &a.amap).await?;
            let list = exports::members_list(&mut conn, Viewer::Operator, amap.id).await?;
            let doc = export::members::csv(&amap.name, &list);
            write(&a.out, &doc, &format!("{} members", list.len()))
        }
        ExportCommand::Season(args) => crate::export_season::run(store, args).await,
    }
}
