//! `panier tick` and `panier link` through the real binary on the documented examples.

use serde_json::Value;

use crate::{TempDir, import_examples, ok, panier};

fn tick(dir: &std::path::Path, db: &str, extra: &[&str]) -> Value {
    let mut args = vec!["--db", db, "tick", "--now", "2027-05-10T18:00:30+02:00", "--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(&panier(dir, &args))).expect("tick prints JSON")
}

#[test]
fn tick_plans_reminders_and_queues_only_linked_members_once() {
    let dir = TempDir::new("tick");
    let db = dir.0.join("p.db").to_string_lossy().into_owned();
    import_examples(&dir.0, &db);

    let dry = tick(&dir.0, &db, &["--dry-run"]);
    let planned = dry["planned"].as_array().expect("planned list");
    let claire = planned
        .iter()
        .find(|p| p["kind"] == "distribution_reminder" && p["recipient"] == "claire.dupont@example.org")
        .expect("Claire collects on Tuesday 11 May");
    assert_eq!(claire["due_at"], "2027-05-10T16:00:00Z");
    assert_eq!(claire["transport"], Value::Null, "no chat account yet");
    assert!(claire["dedupe_key"].as_str().is_some_and(|k| k.starts_with("distribution_reminder:")));
    assert_eq!((dry["queued"].as_u64(), dry["sent"].as_u64()), (Some(0), Some(0)));
    for field in ["failed", "expired"] {
        assert_eq!(dry[field].as_u64(), Some(0), "{field}");
    }

    let linked = ok(&panier(
        &dir.0,
        &["--db", &db, "link", "--email", "claire.dupont@example.org", "--telegram", "777"],
    ));
    assert!(linked.contains("linked telegram"), "{linked}");
    let first = tick(&dir.0, &db, &[]);
    let claire = first["planned"]
        .as_array()
        .and_then(|rows| {
            rows.iter().find(|p| {
                p["recipient"] == "claire.dupont@example.org" && p["kind"] == "distribution_reminder"
            })
        })
        .expect("Claire again");
    assert_eq!(claire["transport"], "telegram");
    let queued = first["queued"].as_u64().expect("queued");
    assert!(queued >= 1, "{first}");
    let second = tick(&dir.0, &db, &[]);
    assert_eq!(second["queued"].as_u64(), Some(0), "ticking twice queues nothing new");
    assert_eq!(second["planned"].as_array().map(Vec::len), first["planned"].as_array().map(Vec::len));

    // Bad input: an unknown member, a malformed Matrix id, a bad instant.
    let unknown = panier(&dir.0, &["--db", &db, "link", "--email", "nobody@example.org", "--telegram", "1"]);
    assert_eq!(unknown.status.code(), Some(1));
    let bad_matrix =
        panier(&dir.0, &["--db", &db, "link", "--email", "claire.dupont@example.org", "--matrix", "claire"]);
    assert_eq!(bad_matrix.status.code(), Some(1));
    let bad_now = panier(&dir.0, &["--db", &db, "tick", "--now", "yesterday"]);
    assert_eq!(bad_now.status.code(), Some(2), "clap usage error");
}

#[test]
fn schedules_are_listed_changed_and_validated() {
    let dir = TempDir::new("schedule");
    let db = dir.0.join("p.db").to_string_lossy().into_owned();
    import_examples(&dir.0, &db);
    let list = ok(&panier(&dir.0, &["--db", &db, "schedule", "list", "--amap", "capucins"]));
    assert!(list.contains("distribution_reminder  0 0 18 * * *     (default)"), "{list}");
    let set = ok(&panier(
        &dir.0,
        &[
            "--db",
            &db,
            "schedule",
            "set",
            "--amap",
            "capucins",
            "--kind",
            "distribution_reminder",
            "--cron",
            "0 30 19 * * *",
        ],
    ));
    assert!(set.contains("distribution_reminder  0 30 19 * * *"), "{set}");
    // The reminder now goes at 19:30 Paris on Monday 10 May 2027.
    let out = ok(&panier(
        &dir.0,
        &["--db", &db, "tick", "--now", "2027-05-10T19:31:00+02:00", "--dry-run", "--format", "json"],
    ));
    let json: Value = serde_json::from_str(&out).expect("json");
    let due: Vec<&str> = json["planned"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter(|p| p["kind"] == "distribution_reminder")
                .filter_map(|p| p["due_at"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(!due.is_empty() && due.iter().all(|d| *d == "2027-05-10T17:30:00Z"), "{due:?}");
    for (kind, cron) in
        [("nope", "0 0 18 * * *"), ("farmer_totals", "0 18 * * *"), ("farmer_totals", "every day")]
    {
        let bad = panier(
            &dir.0,
            &["--db", &db, "schedule", "set", "--amap", "capucins", "--kind", kind, "--cron", cron],
        );
        assert_eq!(bad.status.code(), Some(2), "{kind} {cron}");
    }
}

#[test]
fn retention_dry_run_lists_and_changes_nothing() {
    let dir = TempDir::new("retention");
    let db = dir.0.join("p.db").to_string_lossy().into_owned();
    import_examples(&dir.0, &db);
    // Everybody was just imported: nobody is inactive.
    let out = ok(&panier(&dir.0, &["--db", &db, "retention", "--dry-run", "--format", "json"]));
    let json: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["members"], serde_json::json!([]));
    let bad = panier(&dir.0, &["--db", &db, "retention", "--years", "0"]);
    assert_eq!(bad.status.code(), Some(2));
}

fn stored_notice(db: &str) -> Option<String> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let store = panier_core::store::Store::open(db).await.expect("open");
        let mut c = store.conn().await.expect("conn");
        let amap =
            panier_core::store::directory::amap_by_slug(&mut c, "capucins").await.expect("q").expect("amap");
        panier_core::usecases::privacy::privacy_notice(&mut c, amap.id).await.expect("notice")
    })
}

#[test]
fn privacy_notice_is_set_from_a_file_refused_when_too_long_and_cleared() {
    let dir = TempDir::new("notice");
    let db = dir.0.join("p.db").to_string_lossy().into_owned();
    import_examples(&dir.0, &db);
    let file = dir.0.join("notice.txt");
    std::fs::write(&file, "Responsable : le bureau de l'AMAP.\nContact : bureau@capucins.example\n")
        .expect("write");
    let path = file.to_string_lossy().into_owned();
    let out = ok(&panier(&dir.0, &["--db", &db, "privacy-notice", "--amap", "capucins", "--file", &path]));
    assert!(out.contains("set"), "{out}");
    let expected = "Responsable : le bureau de l'AMAP.\nContact : bureau@capucins.example";
    assert_eq!(stored_notice(&db).as_deref(), Some(expected));

    std::fs::write(&file, "x".repeat(2001)).expect("write");
    let refused = panier(&dir.0, &["--db", &db, "privacy-notice", "--amap", "capucins", "--file", &path]);
    assert_eq!(refused.status.code(), Some(2), "a bad notice is a usage error");
    assert_eq!(stored_notice(&db).as_deref(), Some(expected), "unchanged");
    let unknown = panier(&dir.0, &["--db", &db, "privacy-notice", "--amap", "nope", "--clear"]);
    assert_eq!(unknown.status.code(), Some(2));

    ok(&panier(&dir.0, &["--db", &db, "privacy-notice", "--amap", "capucins", "--clear"]));
    assert_eq!(stored_notice(&db), None);
}
