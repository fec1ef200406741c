//! Export files read back: the contract workbook (calamine) cell by cell against core's
//! farmer totals, the CSV files parsed again, the sign-in sheet as PDF and CSV, and the members
//! list imported back unchanged.

use calamine::{Data, Reader, Xlsx};
use chrono::{DateTime, Utc};
use panier_conversation::export;
use panier_conversation::i18n::Lang;
use panier_core::demo::{self, DemoInfo};
use panier_core::store::Store;
use panier_core::usecases::exports::{self, Viewer};
use panier_core::usecases::totals;

async fn seeded() -> (Store, DemoInfo, DateTime<Utc>) {
    let path = std::env::temp_dir().join(format!(
        "panier_exports_{}_{}.db",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
    ));
    let store = Store::open(&path.to_string_lossy()).await.expect("open store");
    let now = DateTime::parse_from_rfc3339("2027-05-05T10:00:00+02:00").expect("now").with_timezone(&Utc);
    let today = now.with_timezone(&chrono_tz::Europe::Paris).date_naive();
    let info = demo::seed(&store, today, now).await.expect("seed demo");
    (store, info, now)
}

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// The records of a `;` CSV with a byte-order mark.
fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let text = text.strip_prefix('\u{feff}').expect("starts with a byte-order mark");
    let mut reader =
        csv::ReaderBuilder::new().delimiter(b';').has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.expect("record").iter().map(str::to_owned).collect()).collect()
}

fn number(cell: Option<&Data>) -> f64 {
    match cell {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        other => panic!("not a string: {other:?}"),
    }
}

#[tokio::test]
async fn contract_workbook_matches_the_farmers_totals_cell_by_cell() {
    let (store, info, _) = seeded().await;
    let mut conn = store.conn().await.expect("conn");
    for contract in [info.vegetables, info.eggs, info.bread] {
        let q = exports::contract_quantities(&mut conn, Viewer::Operator, contract).await.expect("export");
        let doc = export::contract::xlsx(&q, Lang::Fr);
        assert!(doc.file_name.ends_with(".xlsx"), "{}", doc.file_name);
        assert_eq!(doc.mime, export::XLSX_MIME);
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(doc.bytes)).expect("an XLSX file");
        let names = book.sheet_names();
        let expected: Vec<String> = q.dates.iter().map(|d| d.date.to_string()).collect();
        assert_eq!(names, expected, "one sheet per delivery date");
        let header = export::contract::header(&q, Lang::Fr);
        assert_eq!(header[0], "Nom");
        assert_eq!(header.last().map(String::as_str), Some("Montant"));
        for day in &q.dates {
            let range = book.worksheet_range(&day.date.to_string()).expect("sheet");
            for (c, h) in header.iter().enumerate() {
                assert_eq!(text(range.get((0, c))), *h, "header of {}", day.date);
            }
            for (r, row) in day.rows.iter().enumerate() {
                assert_eq!(text(range.get((r + 1, 0))), row.last_name);
                assert_eq!(text(range.get((r + 1, 1))), row.first_name);
                for (i, qty) in row.quantities.iter().enumerate() {
                    assert_eq!(number(range.get((r + 1, i + 2))), *qty as f64);
                }
            }
            // The totals row, against core's farmer totals for that date.
            let t = day.rows.len() + 1;
            assert_eq!(text(range.get((t, 0))), "Total");
            let farmer = totals::delivery_totals(&mut conn, contract, day.date).await;
            for (i, product) in q.products.iter().enumerate() {
                let expected = match &farmer {
                    Ok(f) => f.products.iter().find(|p| p.product == product.slug).map_or(0, |p| p.quantity),
                    Err(_) => 0,
                };
                assert_eq!(number(range.get((t, i + 2))), expected as f64, "{} {}", day.date, product.slug);
            }
            let amount = farmer.map_or(0, |f| f.amount_cents);
            let cell = number(range.get((t, header.len() - 1)));
            assert_eq!((cell * 100.0).round() as i64, amount, "amount of {}", day.date);
            assert_eq!(range.height(), day.rows.len() + 2, "no stray rows on {}", day.date);
        }
    }
}

#[tokio::test]
async fn contract_csv_reads_back() {
    let (store, info, _) = seeded().await;
    let mut conn = store.conn().await.expect("conn");
    let q = exports::contract_quantities(&mut conn, Viewer::Operator, info.vegetables).await.expect("export");
    let doc = export::contract::csv(&q, Lang::En);
    let records = read_csv(&doc.bytes);
    assert_eq!(records[0][0], "Date");
    assert_eq!(records[0][1], "Last name");
    let lines: usize = q.dates.iter().map(|d| d.rows.len() + 1).sum();
    assert_eq!(records.len(), lines + 1);
    let may11 = q.dates.iter().find(|d| d.date == date("2027-05-11")).expect("11 May");
    let total = records.iter().find(|r| r[0] == "2027-05-11" && r[1] == "Total").expect("totals line");
    for (i, qty) in may11.totals.iter().enumerate() {
        assert_eq!(total[3 + i], qty.to_string());
    }
}

#[tokio::test]
async fn signin_sheet_files() {
    let (store, info, _) = seeded().await;
    let mut conn = store.conn().await.expect("conn");
    let sheet = exports::signin_sheet(&mut conn, Viewer::Operator, info.amap, date("2027-05-11"))
        .await
        .expect("sheet");
    assert!(sheet.rows.len() > 10);
    let csv = export::sheet::csv(&sheet, Lang::Fr);
    assert_eq!(csv.file_name, "emargement-amap-des-capucins-2027-05-11.csv");
    let records = read_csv(&csv.bytes);
    assert_eq!(records[0], ["Nom", "Récupère", "Remarque", "Émargement"]);
    assert_eq!(records.len(), sheet.rows.len() + 1);
    for (record, row) in records[1..].iter().zip(&sheet.rows) {
        assert_eq!(record[0], row.full_name);
        assert!(!record[1].is_empty(), "{} collects something", row.full_name);
        assert_eq!(record[3], "", "the box is left to tick");
    }
    let donated = records.iter().find(|r| r[0] == "Thomas Girard").expect("Thomas");
    assert!(donated[2].contains("laissé aux bénévoles"), "{donated:?}");

    let pdf = export::sheet::pdf(&sheet, Lang::Fr);
    assert_eq!(pdf.mime, export::PDF_MIME);
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert!(pdf.bytes.windows(5).any(|w| w == b"%%EOF"));
    let pages = pdf.bytes.windows(10).filter(|w| w == b"/Type /Pag" || w == b"/Type/Page").count();
    assert!(pages >= 1);
    // English texts too.
    let en = export::sheet::csv(&sheet, Lang::En);
    assert_eq!(read_csv(&en.bytes)[0], ["Name", "Collects", "Note", "Signed"]);
}

#[tokio::test]
async fn members_list_imports_back_unchanged() {
    let (store, info, now) = seeded().await;
    let mut conn = store.conn().await.expect("conn");
    let list = exports::members_list(&mut conn, Viewer::Operator, info.amap).await.expect("list");
    drop(conn);
    let doc = export::members::csv("AMAP des Capucins", &list);
    let records = read_csv(&doc.bytes);
    assert_eq!(records[0], export::members::COLUMNS);
    assert_eq!(records.len(), list.len() + 1);
    let text = String::from_utf8(doc.bytes).expect("utf-8");
    let report = panier_core::import::import_members(&store, &info.amap_slug, "membres.csv", &text, now)
        .await
        .expect("the export imports back");
    assert_eq!(report.members.created, 0);
    assert_eq!(report.members.updated, 0);
    assert_eq!(report.members.unchanged as usize, list.len());
    assert_eq!(report.roles.created, 0, "every role is already held");
}
