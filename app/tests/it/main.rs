//! The real `panier` binary on a temporary SQLite file: migrate, import the documented
//! examples, read totals as JSON, and the exit codes and messages of failures.

mod chat;
mod evidence;
mod exports;
mod instances;
mod network;
mod scheduler;
mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

/// A fresh directory under the system's temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("panier_app_{name}_{}_{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples").join(name).to_string_lossy().into_owned()
}

/// Runs `panier ARGS` in `dir` with PANIER_DATABASE_URL unset.
fn panier(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_panier"))
        .args(args)
        .current_dir(dir)
        .env_remove("PANIER_DATABASE_URL")
        .env_remove("RUST_LOG")
        .output()
        .expect("run panier")
}

fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {stdout}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn import_examples(dir: &Path, db: &str) {
    ok(&panier(dir, &["--db", db, "migrate"]));
    let season = ok(&panier(dir, &["--db", db, "import", "season", &example("season.toml")]));
    assert!(season.contains("contracts:  3 (3 new"), "{season}");
    ok(&panier(dir, &["--db", db, "import", "members", "--amap", "capucins", &example("members.csv")]));
    let subs = ok(&panier(dir, &["--db", db, "import", "subscriptions", &example("subscriptions.csv")]));
    assert!(subs.contains("16 (16 new"), "{subs}");
}

#[test]
fn imports_then_totals_as_json() {
    let tmp = TempDir::new("totals");
    let db = tmp.0.join("panier.db").to_string_lossy().into_owned();
    import_examples(&tmp.0, &db);

    let args =
        ["--db", &db, "totals", "--contract", "legumes-2027", "--date", "2027-06-15", "--format", "json"];
    let stdout = ok(&panier(&tmp.0, &args));
    let totals: Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    // grand = Claire 1 + Thomas 2 (his override) + Nicolas 1 + Antoine 1 = 5; petit = 5;
    // 8 subscribers; 5 x 1700 + 5 x 1100 = 14000 cents.
    assert_eq!(
        totals,
        json!({
            "contract": "legumes-2027",
            "date": "2027-06-15",
            "products": [
                {"product": "grand-panier", "name": "Grand panier de légumes", "quantity": 5},
                {"product": "petit-panier", "name": "Petit panier de légumes", "quantity": 5},
            ],
            "subscribers": 8,
            "amount_cents": 14000,
        })
    );

    let text =
        ok(&panier(&tmp.0, &["--db", &db, "totals", "--contract", "legumes-2027", "--date", "2027-06-15"]));
    assert!(text.contains("amount: 140,00 €"), "{text}");

    let args =
        ["--db", &db, "member", "deliveries", "--email", "thomas.petit@example.org", "--from", "2027-06-15"];
    let args = [&args[..], &["--limit", "1", "--format", "json"]].concat();
    let views: Value = serde_json::from_str(&ok(&panier(&tmp.0, &args))).expect("JSON");
    assert_eq!(views[0]["date"], "2027-06-15");
    let items = views[0]["items"].as_array().expect("items");
    assert!(items.iter().any(|i| i["product"] == "grand-panier" && i["quantity"] == 2), "{views}");

    // A second import of the same files changes nothing.
    let again = ok(&panier(&tmp.0, &["--db", &db, "import", "subscriptions", &example("subscriptions.csv")]));
    assert!(again.contains("16 (0 new, 0 updated, 16 unchanged)"), "{again}");
}

#[test]
fn a_bad_file_exits_2_with_one_line() {
    let tmp = TempDir::new("bad");
    let db = tmp.0.join("panier.db").to_string_lossy().into_owned();
    import_examples(&tmp.0, &db);
    std::fs::write(
        tmp.0.join("bad.csv"),
        "email,product,quantity\nthomas.petit@example.org,grand-panier,1\nclaire.dupont@example.org,grand-panier,-2\n",
    )
    .expect("write");
    let out =
        panier(&tmp.0, &["--db", &db, "import", "subscriptions", "--contract", "legumes-2027", "bad.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, "error: bad.csv:3: quantity: not a quantity between 0 and 999\n");
    assert!(out.stdout.is_empty());

    std::fs::write(tmp.0.join("bad.toml"), "[amap]\nslug = \"capucins\"\ncolour = \"red\"\n").expect("write");
    let out = panier(&tmp.0, &["--db", &db, "import", "season", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: bad.toml:3: colour: unknown key\n");
}

#[test]
fn other_failures_and_usage() {
    let tmp = TempDir::new("other");
    let db = tmp.0.join("panier.db").to_string_lossy().into_owned();
    ok(&panier(&tmp.0, &["--db", &db, "migrate"]));

    // Unknown contract: a plain failure, exit 1, one short line.
    let out = panier(&tmp.0, &["--db", &db, "totals", "--contract", "nope", "--date", "2027-06-15"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: no contract with slug \"nope\"\n");

    // A missing file is not a bad file: exit 1.
    let out = panier(&tmp.0, &["--db", &db, "import", "season", "missing.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: cannot read missing.toml"));

    // Bad usage is clap's: exit 2.
    let out = panier(&tmp.0, &["totals", "--date", "tomorrow"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn database_location_defaults_env_and_flag() {
    let tmp = TempDir::new("db");
    // No flag, no variable: panier.db in the working directory.
    ok(&panier(&tmp.0, &["migrate"]));
    assert!(tmp.0.join("panier.db").exists());

    // The variable overrides the default; --db overrides the variable.
    let out = Command::new(env!("CARGO_BIN_EXE_panier"))
        .arg("migrate")
        .current_dir(&tmp.0)
        .env("PANIER_DATABASE_URL", "from-env.db")
        .output()
        .expect("run");
    ok(&out);
    assert!(tmp.0.join("from-env.db").exists());
    let out = Command::new(env!("CARGO_BIN_EXE_panier"))
        .args(["--db", "from-flag.db", "migrate"])
        .current_dir(&tmp.0)
        .env("PANIER_DATABASE_URL", "from-env-2.db")
        .output()
        .expect("run");
    ok(&out);
    assert!(tmp.0.join("from-flag.db").exists());
    assert!(!tmp.0.join("from-env-2.db").exists());
}

#[test]
fn a_windows_1252_file_is_read() {
    let tmp = TempDir::new("cp1252");
    let db = tmp.0.join("panier.db").to_string_lossy().into_owned();
    ok(&panier(&tmp.0, &["--db", &db, "import", "season", &example("season.toml")]));
    // "Hélène" saved by a spreadsheet on Windows: é is the single byte 0xE9.
    let mut csv = b"email,first_name,last_name\nhelene.roy@example.org,H".to_vec();
    csv.extend([0xe9, b'l', 0xe8, b'n', b'e']);
    csv.extend(b",Roy\n");
    std::fs::write(tmp.0.join("latin.csv"), csv).expect("write");
    let out = panier(&tmp.0, &["--db", &db, "import", "members", "--amap", "capucins", "latin.csv"]);
    let stdout = ok(&out);
    assert!(stdout.contains("members: 1 (1 new"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading it as Windows-1252"));
}
