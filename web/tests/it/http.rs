//! The signing pages over HTTP, in process (the axum router), on SQLite and PostgreSQL: the
//! member's flow, the farmer's countersignature and PDF copies, the security headers and every
//! refusal (expired, reused, other person's link, closed contract, bad quantities, forged CSRF,
//! rate limit).

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use chrono::Utc;
use panier_core::demo::DemoInfo;
use panier_core::rules::state::{ContractState, SubscriptionState};
use panier_core::store::{Store, accounts, contracts, directory, subscriptions};
use panier_core::types::MemberId;
use panier_core::usecases::Panier;
use panier_core::usecases::signing::{self, DeliveredTo};
use panier_web::limiter::Limiter;
use panier_web::signing::SigningState;
use panier_web::{Health, WebState};

use support::{demo, get, input_value, post, send, stores, text};

fn app(store: &Store) -> Router {
    panier_web::router(WebState { store: store.clone(), health: Health::default() })
}

async fn link(store: &Store, member: MemberId, info: &DemoInfo, farmer: bool, days_ago: i64) -> String {
    let panier = Panier::new(store.clone());
    let now = Utc::now() - chrono::Duration::days(days_ago);
    let to = DeliveredTo { transport: "console".into(), account: "test@example.org".into() };
    let bread = info.bread;
    let issued = if farmer {
        panier.write(async |c| signing::issue_farmer_link(c, member, bread, &to, now).await).await
    } else {
        panier.write(async |c| signing::issue_member_link(c, member, bread, &to, now).await).await
    };
    issued.expect("link").token
}

async fn product_ids(store: &Store, info: &DemoInfo) -> Vec<i64> {
    let mut conn = store.conn().await.expect("conn");
    contracts::products_of(&mut conn, info.bread).await.expect("products").iter().map(|p| p.id.0).collect()
}

async fn evidence_count(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM signature_evidence")
        .fetch_one(store.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn a_member_fills_in_and_signs_then_the_farmer_countersigns() {
    for (backend, store) in stores().await {
        let (info, now) = demo(&store).await;
        let router = app(&store);
        let julien = info.members[3];
        let farmer = info.farmers[2];
        let mut conn = store.conn().await.expect("conn");
        accounts::link_account(&mut conn, julien, "telegram", "31", "31", now).await.expect("link");
        accounts::link_account(&mut conn, farmer, "telegram", "32", "32", now).await.expect("link");
        drop(conn);
        let token = link(&store, julien, &info, false, 0).await;
        let base = format!("/s/{token}");

        let started = std::time::Instant::now();
        let (status, response, body) = send(&router, get(&base)).await;
        eprintln!("{backend}: signing page served in {:?} ({} bytes)", started.elapsed(), body.len());
        let html = text(&body);
        assert_eq!(status, 200, "{backend}: {html}");
        let h = response.headers();
        let csp = h.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"),
            "{backend}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline") && !csp.contains("script-src"), "{backend}: no script at all");
        assert_eq!(h.get("referrer-policy").and_then(|v| v.to_str().ok()), Some("no-referrer"), "{backend}");
        assert_eq!(
            h.get("x-content-type-options").and_then(|v| v.to_str().ok()),
            Some("nosniff"),
            "{backend}"
        );
        assert_eq!(h.get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"), "{backend}");
        assert!(html.contains("<html lang=\"fr\">") && html.contains("Contrat « Pain »"), "{backend}");
        assert!(
            html.contains("Julien Roux") && !html.contains("Camille"),
            "{backend}: only this member's data"
        );
        assert!(!html.contains("<script"), "{backend}");
        assert!(html.contains("<label for=\"q-"), "{backend}: labelled inputs");
        let csrf = input_value(&html, "csrf");

        // Two loaves every week: 303 back to the page, where the total is updated.
        let miche = product_ids(&store, &info).await[0];
        let field = format!("q-{miche}");
        let (status, response, _) = send(
            &router,
            post(&format!("{base}/quantities"), &[("csrf", &csrf), ("mode", "every"), (&field, "2")]),
        )
        .await;
        assert_eq!(status, 303, "{backend}");
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(location.starts_with(&format!("{base}?ok=quantities")), "{backend}: {location}");
        let (_, _, body) = send(&router, get(location)).await;
        let html = text(&body);
        assert!(html.contains("Quantités enregistrées"), "{backend}");
        let mut conn = store.conn().await.expect("conn");
        let dates = contracts::deliveries_of(&mut conn, info.bread).await.expect("dates");
        drop(conn);
        let total = panier_conversation::format::money(
            panier_conversation::i18n::Lang::Fr,
            2 * 520 * dates.len() as i64,
        );
        assert!(html.contains(&format!("Total de la saison : {total}")), "{backend}: {total}");
        // One date changed by hand.
        let day = format!("q-{miche}-{}", dates[0].scheduled.format("%Y-%m-%d"));
        let (status, _, _) = send(
            &router,
            post(&format!("{base}/quantities"), &[("csrf", &csrf), ("mode", "dates"), (&day, "0")]),
        )
        .await;
        assert_eq!(status, 303, "{backend}");
        let (status, _, _) =
            send(&router, post(&format!("{base}/cheques"), &[("csrf", &csrf), ("cheques", "2")])).await;
        assert_eq!(status, 303, "{backend}");
        let (_, _, body) = send(&router, get(&base)).await;
        let html = text(&body);
        let total = panier_conversation::format::money(
            panier_conversation::i18n::Lang::Fr,
            2 * 520 * (dates.len() as i64 - 1),
        );
        assert!(
            html.contains(&total),
            "{backend}: {total} in {}",
            html.split("id=\"total\"").nth(1).unwrap_or("").chars().take(120).collect::<String>()
        );
        assert!(html.contains("id=\"ch-2\" name=\"cheques\" value=\"2\" checked"), "{backend}");
        let doc = input_value(&html, "doc");

        // Without the consent box: refused, nothing recorded.
        let (status, _, body) =
            send(&router, post(&format!("{base}/sign"), &[("csrf", &csrf), ("doc", &doc)])).await;
        assert_eq!(status, 400, "{backend}");
        assert!(text(&body).contains("Cochez la case"), "{backend}");
        assert_eq!(evidence_count(&store).await, 0, "{backend}");

        let started = std::time::Instant::now();
        let (status, _, body) = send(
            &router,
            post(&format!("{base}/sign"), &[("csrf", &csrf), ("doc", &doc), ("consent", "yes")]),
        )
        .await;
        eprintln!("{backend}: signature recorded in {:?}", started.elapsed());
        assert_eq!(status, 200, "{backend}: {}", text(&body));
        assert!(text(&body).contains("Merci, c&#39;est signé"), "{backend}");
        let mut conn = store.conn().await.expect("conn");
        let sub =
            subscriptions::subscription_for(&mut conn, info.bread, julien).await.expect("s").expect("s");
        assert_eq!(sub.state, SubscriptionState::MemberSigned, "{backend}");
        let (ip, ua, consent): (String, String, String) =
            sqlx::query_as("SELECT ip, user_agent, consent_text FROM signature_evidence WHERE seq = 1")
                .fetch_one(store.pool())
                .await
                .expect("evidence");
        assert_eq!((ip.as_str(), ua.as_str()), ("198.51.100.23", "panier-http-test/1.0"), "{backend}");
        assert!(
            consent.starts_with("Je m'engage à respecter ce contrat « Pain » avec Fournil de la Croix"),
            "{consent}"
        );
        assert_eq!(signing::verify_evidence(&mut conn).await.expect("verify"), Ok(1), "{backend}");
        drop(conn);

        // Reused link: the page says so, and signing again is refused.
        let (status, _, body) = send(&router, get(&base)).await;
        assert_eq!(status, 409, "{backend}");
        assert!(text(&body).contains("/signer"), "{backend}");
        let (status, _, _) = send(
            &router,
            post(&format!("{base}/sign"), &[("csrf", &csrf), ("doc", &doc), ("consent", "yes")]),
        )
        .await;
        assert_eq!(status, 409, "{backend}");
        assert_eq!(evidence_count(&store).await, 1, "{backend}");

        // The farmer's page; a member's token does not open it.
        let (status, _, _) = send(&router, get(&format!("/c/{token}"))).await;
        assert_eq!(status, 404, "{backend}");
        let ftoken = link(&store, farmer, &info, true, 0).await;
        let (status, _, body) = send(&router, get(&format!("/c/{ftoken}"))).await;
        let html = text(&body);
        assert_eq!(status, 200, "{backend}");
        assert!(html.contains("Julien Roux"), "{backend}");
        let fcsrf = input_value(&html, "csrf");
        let sub_field = input_value(&html, "sub");
        let (status, _, body) = send(
            &router,
            post(
                &format!("/c/{ftoken}/countersign"),
                &[("csrf", &fcsrf), ("sub", &sub_field), ("consent", "yes")],
            ),
        )
        .await;
        assert_eq!(status, 200, "{backend}: {}", text(&body));
        assert!(text(&body).contains("contresigné"), "{backend}");
        let mut conn = store.conn().await.expect("conn");
        let sub =
            subscriptions::subscription_for(&mut conn, info.bread, julien).await.expect("s").expect("s");
        assert_eq!(sub.state, SubscriptionState::Countersigned, "{backend}");
        assert_eq!(signing::verify_evidence(&mut conn).await.expect("verify"), Ok(2), "{backend}");
        drop(conn);
        // Both parties get a real PDF through the outbox.
        let payloads: Vec<String> =
            sqlx::query_scalar("SELECT payload FROM outbox WHERE kind = 'signed_copy' ORDER BY member_id")
                .fetch_all(store.pool())
                .await
                .expect("copies");
        assert_eq!(payloads.len(), 2, "{backend}");
        for payload in &payloads {
            let value: serde_json::Value = serde_json::from_str(payload).expect("json");
            let document = &value["document"];
            assert!(document["filename"].as_str().unwrap_or("").ends_with(".pdf"), "{backend}");
            assert!(document["size"].as_u64().unwrap_or(0) > 1000, "{backend}");
        }

        // Downloads: the farmer's page and a fresh member link.
        let (status, response, pdf) = send(&router, get(&format!("/c/{ftoken}/copie/{}", sub.id))).await;
        assert_eq!(status, 200, "{backend}");
        assert_eq!(
            response.headers().get("content-type").and_then(|v| v.to_str().ok()),
            Some("application/pdf")
        );
        assert!(
            pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n") || pdf.ends_with(b"%%EOF"),
            "{backend}"
        );
        let fresh = link(&store, julien, &info, false, 0).await;
        let (_, _, body) = send(&router, get(&format!("/s/{fresh}"))).await;
        assert!(text(&body).contains("contrat.pdf"), "{backend}: download offered");
        let started = std::time::Instant::now();
        let (status, response, pdf) = send(&router, get(&format!("/s/{fresh}/contrat.pdf"))).await;
        eprintln!("{backend}: PDF copy rendered and served in {:?} ({} bytes)", started.elapsed(), pdf.len());
        assert_eq!(status, 200, "{backend}");
        let disposition =
            response.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(disposition.contains("contrat-pain-julien-roux-v1.pdf"), "{backend}: {disposition}");
        assert!(pdf.starts_with(b"%PDF-"), "{backend}");
        // Kept for review next to the browser test's screenshots.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        if std::fs::create_dir_all(&dir).is_ok() {
            std::fs::write(dir.join(format!("signed-copy-{backend}.pdf")), &pdf).ok();
        }
        // Another member's link cannot download Julien's copy.
        let camille = link(&store, info.members[2], &info, false, 0).await;
        let (status, _, _) = send(&router, get(&format!("/s/{camille}/contrat.pdf"))).await;
        assert_eq!(status, 404, "{backend}");
    }
}

#[tokio::test]
async fn refusals_are_clear_pages_and_change_nothing() {
    for (backend, store) in stores().await {
        let (info, _) = demo(&store).await;
        let router = app(&store);
        let julien = info.members[3];
        let token = link(&store, julien, &info, false, 0).await;
        let base = format!("/s/{token}");
        let (_, _, body) = send(&router, get(&base)).await;
        let html = text(&body);
        let csrf = input_value(&html, "csrf");
        let miche = product_ids(&store, &info).await[0];
        let field = format!("q-{miche}");
        let drafts = async || -> i64 {
            sqlx::query_scalar("SELECT COUNT(*) FROM signing_draft")
                .fetch_one(store.pool())
                .await
                .expect("count")
        };

        // Forged CSRF.
        let (status, _, body) = send(
            &router,
            post(&format!("{base}/quantities"), &[("csrf", "forged"), ("mode", "every"), (&field, "2")]),
        )
        .await;
        assert_eq!(status, 403, "{backend}");
        assert!(text(&body).contains("Formulaire périmé"), "{backend}");
        let (status, _, _) =
            send(&router, post(&format!("{base}/quantities"), &[("mode", "every"), (&field, "2")])).await;
        assert_eq!(status, 403, "{backend}: missing CSRF");
        // Out of bounds and not numbers.
        for bad in ["1000", "-1", "abc", "2.5"] {
            let (status, _, body) = send(
                &router,
                post(&format!("{base}/quantities"), &[("csrf", &csrf), ("mode", "every"), (&field, bad)]),
            )
            .await;
            assert_eq!(status, 400, "{backend}: {bad}");
            let html = text(&body);
            assert!(html.contains("role=\"alert\"") && html.contains("de 0 à 999"), "{backend}: {bad}");
        }
        // A date outside the contract.
        let outside = format!("q-{miche}-2031-01-07");
        let (status, _, body) = send(
            &router,
            post(&format!("{base}/quantities"), &[("csrf", &csrf), ("mode", "dates"), (&outside, "1")]),
        )
        .await;
        assert_eq!(status, 400, "{backend}");
        assert!(text(&body).contains("ne fait pas partie"), "{backend}");
        // A number of cheques the contract does not allow.
        let (status, _, _) =
            send(&router, post(&format!("{base}/cheques"), &[("csrf", &csrf), ("cheques", "9")])).await;
        assert_eq!(status, 400, "{backend}");
        assert_eq!(drafts().await, 0, "{backend}: nothing saved");

        // Expired and unknown links.
        let old = link(&store, julien, &info, false, 8).await;
        let (status, _, body) = send(&router, get(&format!("/s/{old}"))).await;
        assert_eq!(status, 410, "{backend}");
        let html = text(&body);
        assert!(html.contains("Lien expiré") && html.contains("/signer"), "{backend}");
        let (status, _, _) = send(
            &router,
            post(&format!("/s/{old}/quantities"), &[("csrf", &csrf), ("mode", "every"), (&field, "1")]),
        )
        .await;
        assert_eq!(status, 410, "{backend}");
        let (status, _, body) = send(&router, get("/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).await;
        assert_eq!(status, 404, "{backend}");
        assert!(text(&body).contains("Lien inconnu"), "{backend}");
        // A farmer's token is not a member's, and a member's token not a farmer's.
        let ftoken = link(&store, info.farmers[2], &info, true, 0).await;
        let (status, _, _) = send(&router, get(&format!("/s/{ftoken}"))).await;
        assert_eq!(status, 404, "{backend}");

        // English for a member who speaks English.
        let mut conn = store.conn().await.expect("conn");
        directory::set_member_language(&mut conn, julien, Some("en")).await.expect("lang");
        drop(conn);
        let (_, _, body) = send(&router, get(&base)).await;
        let html = text(&body);
        assert!(html.contains("<html lang=\"en\">") && html.contains("Contract “Pain”"), "{backend}");
        assert!(
            html.contains("I commit to this contract") || html.contains("Choose at least one product"),
            "{backend}"
        );

        // The contract closes: the page shows it and refuses changes.
        let mut conn = store.conn().await.expect("conn");
        contracts::set_contract_state(&mut conn, info.bread, ContractState::Closed).await.expect("close");
        drop(conn);
        let (status, _, body) = send(
            &router,
            post(&format!("{base}/quantities"), &[("csrf", &csrf), ("mode", "every"), (&field, "1")]),
        )
        .await;
        assert_eq!(status, 409, "{backend}");
        assert!(text(&body).contains("no longer open"), "{backend}");
        let (status, _, body) = send(&router, get(&base)).await;
        assert_eq!(status, 200, "{backend}");
        assert!(!text(&body).contains("<form"), "{backend}: read-only once closed");
        assert_eq!(drafts().await, 0, "{backend}");
        assert_eq!(evidence_count(&store).await, 0, "{backend}");
    }
}

#[tokio::test]
async fn token_lookups_are_rate_limited_per_address() {
    let store = support::sqlite().await;
    let router = panier_web::signing::routes(SigningState {
        panier: Panier::new(store.clone()),
        limiter: Arc::new(Limiter::new(5, Duration::from_secs(60), 100)),
    });
    let mut statuses = Vec::new();
    for i in 0..7 {
        let (status, _, _) = send(&router, get(&format!("/s/guess{i:0>30}"))).await;
        statuses.push(status);
    }
    assert_eq!(statuses, [404, 404, 404, 404, 404, 429, 429]);
    // The stylesheet is not a token lookup.
    let (status, response, _) = send(&router, get("/assets/panier.css")).await;
    assert_eq!(status, 200);
    assert_eq!(
        response.headers().get("content-type").and_then(|v| v.to_str().ok()),
        Some("text/css; charset=utf-8")
    );
}
