//! Files for the people who run an AMAP, in the reader's language: the sign-in sheet of a
//! distribution (PDF, CSV), a contract's quantities per member and date (XLSX, CSV, the shape
//! Clic'AMAP exports) and the members list (CSV that `panier import members` reads back).
//! The data and the rights come from core (`usecases::exports`); this module only writes.
//!
//! CSV files are UTF-8 with a byte-order mark and `;` between fields, as French spreadsheets
//! expect.

pub mod contract;
pub mod members;
pub mod sheet;

use chrono::{Datelike, NaiveDate};
use panier_core::usecases::baskets::BasketItem;

use crate::format;
use crate::i18n::{Arg, Catalog, Lang};
use crate::message::Document;

pub const CSV_MIME: &str = "text/csv";
pub const PDF_MIME: &str = "application/pdf";
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Texts of one language, plain (files carry no chat markup).
#[derive(Clone, Copy)]
pub(crate) struct Texts {
    pub lang: Lang,
}

impl Texts {
    pub fn t(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        Catalog::shared().text(self.lang, key, args)
    }

    /// "mardi 11 mai 2027": printed documents always carry the year.
    pub fn date(&self, date: NaiveDate) -> String {
        format!("{} {}", format::date_long(self.lang, date, date), date.year())
    }

    /// "1 × Grand panier de légumes · 6 × Œufs".
    pub fn items(&self, items: &[BasketItem]) -> String {
        items
            .iter()
            .map(|i| {
                self.t(
                    "basket-item",
                    &[("quantity", Arg::from(i.quantity)), ("product", Arg::from(&i.product_name))],
                )
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// An ASCII file name part: "AMAP des Capucins" -> "amap-des-capucins".
pub fn file_slug(text: &str) -> String {
    let folded = panier_core::text::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(40).collect()
}

/// A CSV writer with `;` between fields, after a byte-order mark.
pub(crate) fn csv_writer() -> csv::Writer<Vec<u8>> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice("\u{feff}".as_bytes());
    csv::WriterBuilder::new().delimiter(b';').from_writer(bytes)
}

pub(crate) fn csv_bytes(writer: csv::Writer<Vec<u8>>) -> Vec<u8> {
    writer.into_inner().unwrap_or_else(|e| {
        tracing::error!(error = %e.error(), "CSV export could not be flushed");
        Vec::new()
    })
}

pub(crate) fn document(file_name: String, mime: &str, bytes: Vec<u8>) -> Document {
    Document { file_name, mime: mime.to_owned(), bytes }
}
