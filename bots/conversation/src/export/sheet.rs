//! The sign-in sheet of a distribution as a file: one line per member (all contracts merged),
//! what they collect, who collects it for them, and an empty box to tick on site.

use panier_core::usecases::admin_extra::{MemberSheet, MemberSheetRow};
use panier_pdf::{BODY, Layout, MARGIN, Op, SMALL, Style, fonts, write_pdf};

use super::{CSV_MIME, PDF_MIME, Texts, csv_bytes, csv_writer, document, file_slug};
use crate::i18n::{Arg, Lang};
use crate::message::Document;

/// The box people tick on paper.
const BOX: &str = "☐";

/// What a member's line says they collect, with who takes it when not them.
fn collects(tx: Texts, row: &MemberSheetRow) -> (String, String) {
    let mut items = Vec::new();
    let mut notes = Vec::new();
    for part in &row.parts {
        let text = tx.items(&part.items);
        if part.donated {
            notes.push(tx.t("export-note-donated", &[("items", Arg::from(&text))]));
        } else if let Some(collector) = &part.collector {
            notes.push(tx.t(
                "export-note-collector",
                &[("items", Arg::from(&text)), ("collector", Arg::from(collector))],
            ));
        }
        items.push(text);
    }
    (items.join(" · "), notes.join(" ; "))
}

fn header(tx: Texts) -> Vec<String> {
    ["export-col-name", "export-col-collects", "export-col-note", "export-col-tick"]
        .iter()
        .map(|k| tx.t(k, &[]))
        .collect()
}

/// The CSV file: name; what they collect; note; an empty column to tick.
pub fn csv(sheet: &MemberSheet, lang: Lang) -> Document {
    let tx = Texts { lang };
    let mut w = csv_writer();
    let mut ok = w.write_record(header(tx)).is_ok();
    for row in &sheet.rows {
        let (items, note) = collects(tx, row);
        ok &= w.write_record([row.full_name.as_str(), &items, &note, ""]).is_ok();
    }
    if !ok {
        tracing::error!("sign-in sheet CSV could not be written");
    }
    document(file_name(sheet, lang, "csv"), CSV_MIME, csv_bytes(w))
}

/// The A4 PDF: title, date, a table with a box per member, page numbers.
pub fn pdf(sheet: &MemberSheet, lang: Lang) -> Document {
    let tx = Texts { lang };
    let bytes = match fonts() {
        Some(fonts) => {
            let mut layout = Layout::new(&fonts);
            let title = tx.t("export-sheet-title", &[("amap", Arg::from(&sheet.amap_name))]);
            layout.heading(&title);
            layout.paragraph(
                Style::Bold,
                BODY,
                &tx.t("export-sheet-date", &[("date", Arg::from(tx.date(sheet.date)))]),
            );
            layout.gap(6.0);
            if sheet.rows.is_empty() {
                layout.paragraph(Style::Regular, BODY, &tx.t("export-sheet-empty", &[]));
            } else {
                let rows: Vec<Vec<String>> = sheet
                    .rows
                    .iter()
                    .map(|row| {
                        let (items, note) = collects(tx, row);
                        let tick = if row.parts.iter().all(|p| p.donated) { "—" } else { BOX };
                        vec![row.full_name.clone(), items, note, tick.to_owned()]
                    })
                    .collect();
                layout.table_wrapped(&[26.0, 40.0, 22.0, 12.0], &header(tx), &rows, BODY);
                layout.paragraph_at(
                    Style::Regular,
                    SMALL,
                    &tx.t("export-sheet-count", &[("n", Arg::from(sheet.rows.len()))]),
                    0.0,
                    true,
                );
            }
            let total = layout.pages.len();
            for (i, page) in layout.pages.iter_mut().enumerate() {
                let text = format!(
                    "{title} — {}",
                    tx.t("export-page", &[("n", Arg::from(i + 1)), ("total", Arg::from(total))])
                );
                page.push(Op::Text {
                    style: Style::Regular,
                    size: SMALL,
                    x: MARGIN,
                    y: 30.0,
                    text,
                    gray: true,
                });
            }
            write_pdf(&fonts, &layout.pages, &title)
        }
        None => {
            tracing::error!("embedded font unreadable");
            Vec::new()
        }
    };
    document(file_name(sheet, lang, "pdf"), PDF_MIME, bytes)
}

/// "emargement-amap-des-capucins-2027-05-11.pdf".
pub fn file_name(sheet: &MemberSheet, lang: Lang, ext: &str) -> String {
    let stem = Texts { lang }.t("export-sheet-file", &[]);
    format!("{}-{}-{}.{ext}", file_slug(&stem), file_slug(&sheet.amap_name), sheet.date)
}
