//! `panier --db URL evidence verify`: an intact chain exits 0 with the count; a tampered one
//! exits non-zero naming the first broken record.

use chrono::Utc;
use panier_core::demo;
use panier_core::rules::deadlines::local_today;
use panier_core::store::{Store, contracts};
use panier_core::types::Quantity;
use panier_core::usecases::Panier;
use panier_core::usecases::signing::{self, DeliveredTo, QuantityChange, SignatureContext};

use super::{TempDir, ok, panier};

/// Seeds the demo and has members 3 and 7 sign the bread contract online.
async fn two_signatures(db: &str) {
    let store = Store::open(db).await.expect("open");
    let now = Utc::now();
    let info = demo::seed(&store, local_today(now, chrono_tz::Europe::Paris), now).await.expect("seed");
    let panier = Panier::new(store.clone());
    let bread = info.bread;
    let miche = panier.read(async |c| contracts::products_of(c, bread).await).await.expect("products")[0].id;
    for member in [info.members[3], info.members[7]] {
        let to = DeliveredTo { transport: "console".into(), account: "cli-test".into() };
        let token = panier
            .write(async |c| signing::issue_member_link(c, member, bread, &to, now).await)
            .await
            .expect("link")
            .token;
        let page = panier.read(async |c| signing::member_page(c, &token, now).await).await.expect("page");
        let csrf = page.link.csrf.clone();
        let change = QuantityChange::EveryDate(vec![(miche, Quantity::new(1).expect("q"))]);
        panier
            .write(async |c| signing::save_quantities(c, &token, &csrf, &change, now).await)
            .await
            .expect("save");
        let doc = panier
            .read(async |c| signing::member_page(c, &token, now).await)
            .await
            .expect("page")
            .document_sha256;
        let ctx = SignatureContext {
            consent: true,
            consent_text: "Je m'engage.".into(),
            ip: "127.0.0.1".into(),
            user_agent: "cli-test".into(),
        };
        panier.write(async |c| signing::sign(c, &token, &csrf, &doc, &ctx, now).await).await.expect("sign");
    }
    store.close().await;
}

#[test]
fn evidence_verify_reports_the_chain_and_names_a_broken_record() {
    let tmp = TempDir::new("evidence");
    let db = tmp.0.join("panier.db").to_string_lossy().into_owned();
    let empty = ok(&panier(&tmp.0, &["--db", &db, "evidence", "verify"]));
    assert_eq!(empty.trim(), "chain intact, 0 records");

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(two_signatures(&db));
    let intact = ok(&panier(&tmp.0, &["--db", &db, "evidence", "verify"]));
    assert_eq!(intact.trim(), "chain intact, 2 records");

    // Someone with write access drops the trigger and edits the second record.
    runtime.block_on(async {
        let store = Store::open(&db).await.expect("open");
        sqlx::query("DROP TRIGGER signature_evidence_no_update").execute(store.pool()).await.expect("drop");
        sqlx::query("UPDATE signature_evidence SET ip = '203.0.113.66' WHERE seq = 2")
            .execute(store.pool())
            .await
            .expect("tamper");
        store.close().await;
    });
    let out = panier(&tmp.0, &["--db", &db, "evidence", "verify"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a broken chain fails");
    assert!(stderr.contains("record 2"), "{stderr}");
}
