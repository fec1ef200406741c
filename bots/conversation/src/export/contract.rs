//! A contract's quantities per member and per delivery date, as Clic'AMAP exports them: an
//! XLSX workbook with one sheet per date (one row per member, one column per product, the
//! amount, a totals row), or one CSV with a `date` column and a totals line per date.

use panier_core::usecases::exports::{ContractQuantities, DateQuantities, ProductColumn};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{CSV_MIME, Texts, XLSX_MIME, csv_bytes, csv_writer, document, file_slug};
use crate::format;
use crate::i18n::{Arg, Lang};
use crate::message::Document;

/// "Grand panier (12,50 €)": the product and its unit price, as the column header.
fn product_header(tx: Texts, p: &ProductColumn) -> String {
    let price = format::money(tx.lang, p.price_cents);
    match &p.unit {
        Some(unit) => tx.t(
            "export-col-product-unit",
            &[("product", Arg::from(&p.name)), ("price", Arg::from(price)), ("unit", Arg::from(unit))],
        ),
        None => tx.t("export-col-product", &[("product", Arg::from(&p.name)), ("price", Arg::from(price))]),
    }
}

/// Header of a date sheet: last name, first name, the products, the amount.
pub fn header(q: &ContractQuantities, lang: Lang) -> Vec<String> {
    let tx = Texts { lang };
    let mut cols = vec![tx.t("export-col-last-name", &[]), tx.t("export-col-first-name", &[])];
    cols.extend(q.products.iter().map(|p| product_header(tx, p)));
    cols.push(tx.t("export-col-amount", &[]));
    cols
}

/// Euros for a spreadsheet cell, from integer cents (converted only here, at the file's edge).
fn euros(cents: i64) -> f64 {
    cents as f64 / 100.0
}

fn write_sheet(
    workbook: &mut Workbook,
    header: &[String],
    day: &DateQuantities,
    lang: Lang,
) -> Result<(), XlsxError> {
    let tx = Texts { lang };
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00 \"€\"");
    let bold_money = Format::new().set_bold().set_num_format("#,##0.00 \"€\"");
    let sheet = workbook.add_worksheet();
    sheet.set_name(day.date.to_string())?;
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), h, &bold)?;
    }
    let amount_col = col(header.len() - 1);
    let mut r = 1u32;
    for row in &day.rows {
        sheet.write_string(r, 0, &row.last_name)?;
        sheet.write_string(r, 1, &row.first_name)?;
        for (i, q) in row.quantities.iter().enumerate() {
            sheet.write_number(r, col(i + 2), *q as f64)?;
        }
        sheet.write_number_with_format(r, amount_col, euros(row.amount_cents), &money)?;
        r += 1;
    }
    sheet.write_string_with_format(r, 0, tx.t("export-total", &[]), &bold)?;
    for (i, q) in day.totals.iter().enumerate() {
        sheet.write_number_with_format(r, col(i + 2), *q as f64, &bold)?;
    }
    sheet.write_number_with_format(r, amount_col, euros(day.amount_cents), &bold_money)?;
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_freeze_panes(1, 2)?;
    Ok(())
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// The workbook: one sheet per delivery date, named YYYY-MM-DD.
pub fn xlsx(q: &ContractQuantities, lang: Lang) -> Document {
    let header = header(q, lang);
    let mut workbook = Workbook::new();
    let built = q.dates.iter().try_for_each(|day| write_sheet(&mut workbook, &header, day, lang));
    let bytes = match built.and_then(|()| {
        if q.dates.is_empty() {
            workbook.add_worksheet();
        }
        workbook.save_to_buffer()
    }) {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "contract XLSX could not be written");
            Vec::new()
        }
    };
    document(file_name(q, "xlsx"), XLSX_MIME, bytes)
}

/// One CSV: a date column first, the same columns as a sheet, a totals line after each date.
pub fn csv(q: &ContractQuantities, lang: Lang) -> Document {
    let tx = Texts { lang };
    let mut w = csv_writer();
    let mut cols = vec![tx.t("export-col-date", &[])];
    cols.extend(header(q, lang));
    let mut ok = w.write_record(&cols).is_ok();
    let cents = |c: i64| format::money(lang, c);
    for day in &q.dates {
        let date = day.date.to_string();
        for row in &day.rows {
            let mut line = vec![date.clone(), row.last_name.clone(), row.first_name.clone()];
            line.extend(row.quantities.iter().map(u64::to_string));
            line.push(cents(row.amount_cents));
            ok &= w.write_record(&line).is_ok();
        }
        let mut total = vec![date.clone(), tx.t("export-total", &[]), String::new()];
        total.extend(day.totals.iter().map(u64::to_string));
        total.push(cents(day.amount_cents));
        ok &= w.write_record(&total).is_ok();
    }
    if !ok {
        tracing::error!("contract CSV could not be written");
    }
    document(file_name(q, "csv"), CSV_MIME, csv_bytes(w))
}

/// "amap-des-capucins-legumes-2027.xlsx".
pub fn file_name(q: &ContractQuantities, ext: &str) -> String {
    format!("{}-{}.{ext}", file_slug(&q.amap_name), file_slug(&q.contract))
}
