//! `panier export signin-sheet | contract | members` through the binary, on the documented
//! examples: files written where asked, read back, and usage errors for unknown slugs.

use super::{TempDir, import_examples, ok, panier};

fn read_csv(path: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).expect("read");
    let text = text.strip_prefix('\u{feff}').expect("byte-order mark");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn exports_write_files_that_read_back() {
    let tmp = TempDir::new("exports");
    let db = tmp.0.join("panier.db").to_string_lossy().into_owned();
    import_examples(&tmp.0, &db);
    let base = ["--db", db.as_str(), "export"];
    let run = |extra: &[&str]| ok(&panier(&tmp.0, &[&base[..], extra].concat()));

    run(&["signin-sheet", "--amap", "capucins", "--date", "2027-06-15", "--format", "csv", "--out", "s.csv"]);
    let sheet = read_csv(&tmp.0.join("s.csv"));
    assert_eq!(sheet[0], ["Nom", "Récupère", "Remarque", "Émargement"]);
    let thomas = sheet.iter().find(|r| r[0] == "Thomas Petit").expect("Thomas on the sheet");
    assert!(thomas[1].contains("2 × Grand panier de légumes"), "{thomas:?}");

    run(&["signin-sheet", "--amap", "capucins", "--date", "2027-06-15", "--out", "s.pdf", "--lang", "en"]);
    assert!(std::fs::read(tmp.0.join("s.pdf")).expect("pdf").starts_with(b"%PDF-"));

    run(&[
        "contract",
        "--amap",
        "capucins",
        "--contract",
        "legumes-2027",
        "--format",
        "csv",
        "--out",
        "c.csv",
    ]);
    let rows = read_csv(&tmp.0.join("c.csv"));
    let total = rows.iter().find(|r| r[0] == "2027-06-15" && r[1] == "Total").expect("totals line");
    // The same figures as `panier totals`: 5 large and 5 small baskets, 140,00 €.
    assert_eq!(&total[3..5], ["5", "5"]);
    assert!(total[5].starts_with("140,00"), "{total:?}");
    run(&["contract", "--amap", "capucins", "--contract", "legumes-2027", "--out", "c.xlsx"]);
    assert!(std::fs::read(tmp.0.join("c.xlsx")).expect("xlsx").starts_with(b"PK"), "a zip container");

    run(&["members", "--amap", "capucins", "--out", "m.csv"]);
    let members = read_csv(&tmp.0.join("m.csv"));
    assert_eq!(members[0], ["email", "first_name", "last_name", "phone", "roles"]);
    let again = ok(&panier(&tmp.0, &["--db", &db, "import", "members", "--amap", "capucins", "m.csv"]));
    assert!(again.contains("0 new, 0 updated"), "{again}");

    let out = panier(&tmp.0, &[&base[..], &["members", "--amap", "nope", "--out", "x.csv"]].concat());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: no AMAP with slug \"nope\"\n");
    assert!(!tmp.0.join("x.csv").exists());
    let args = ["contract", "--amap", "capucins", "--contract", "nope", "--out", "x.csv"];
    let out = panier(&tmp.0, &[&base[..], &args].concat());
    assert_eq!(out.status.code(), Some(2));
}
