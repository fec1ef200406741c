//! `panier network …` through the binary: create, attach, import a directory (all or nothing,
//! FILE:LINE: FIELD errors, idempotent), name an admin.

use super::{TempDir, example, import_examples, ok, panier};

#[test]
fn network_create_attach_import_admin() {
    let tmp = TempDir::new("network");
    let db = tmp.0.join("panier.db").to_string_lossy().into_owned();
    import_examples(&tmp.0, &db);
    let out =
        ok(&panier(&tmp.0, &["--db", &db, "network", "create", "--slug", "rhone", "--name", "Réseau Rhône"]));
    assert!(out.contains("network rhone ready"), "{out}");
    let out =
        ok(&panier(&tmp.0, &["--db", &db, "network", "attach", "--network", "rhone", "--amap", "capucins"]));
    assert!(out.contains("capucins"), "{out}");

    let csv = example("network-directory.csv");
    let out = ok(&panier(&tmp.0, &["--db", &db, "network", "import", "--network", "rhone", &csv]));
    assert!(out.contains("AMAPs: 3 (2 new, 1 updated, 0 unchanged)"), "{out}");
    assert!(out.contains("farms: 2 (1 new, 1 updated, 0 unchanged)"), "{out}");
    let again = ok(&panier(&tmp.0, &["--db", &db, "network", "import", "--network", "rhone", &csv]));
    assert!(again.contains("AMAPs: 3 (0 new, 0 updated, 3 unchanged)"), "{again}");
    assert!(again.contains("farms: 2 (0 new, 0 updated, 2 unchanged)"), "{again}");

    // A bad row: one line naming the file, the line and the column; nothing written.
    let bad = tmp.0.join("bad.csv");
    std::fs::write(
        &bad,
        "kind,slug,name,latitude,longitude,day,start,end\n\
         amap,nouvelle,AMAP Nouvelle,45.7,4.8,jeudi,18:00,19:00\n\
         amap,autre,AMAP Autre,145.7,4.8,jeudi,18:00,19:00\n",
    )
    .expect("write");
    let out =
        panier(&tmp.0, &["--db", &db, "network", "import", "--network", "rhone", &bad.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim(), format!("error: {}:3: latitude: not a latitude and longitude", bad.display()));
    let out = panier(&tmp.0, &["--db", &db, "network", "attach", "--network", "rhone", "--amap", "nouvelle"]);
    assert_eq!(out.status.code(), Some(2), "the first row was not kept");

    let out = panier(&tmp.0, &["--db", &db, "network", "import", "--network", "nulle-part", &csv]);
    assert_eq!(out.status.code(), Some(2));
    let args =
        ["--db", &db, "network", "admin", "--network", "rhone", "--email", "claire.dupont@example.org"];
    let out = ok(&panier(&tmp.0, &args));
    assert!(out.contains("admin of network rhone"), "{out}");
    let args = ["--db", &db, "network", "admin", "--network", "rhone", "--email", "personne@example.org"];
    assert_eq!(panier(&tmp.0, &args).status.code(), Some(2));
}
