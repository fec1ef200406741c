//! Online signing on every backend: links, the member's page and signature, the farmer's
//! countersignature, amendments, every refusal, and the evidence chain (append-only triggers,
//! tampering detected and named).

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use panier_core::demo::{self, DemoInfo};
use panier_core::error::{Conflict, CoreError, Forbidden, Invalid, Missing};
use panier_core::rules::state::{ContractState, SubscriptionState};
use panier_core::signature::BreakReason;
use panier_core::store::contracts::{self, ProductFields};
use panier_core::store::directory::{self, MemberFields};
use panier_core::store::{Backend, Store, accounts, signing as signing_store, subscriptions};
use panier_core::types::{Cents, Email, MemberId, ProductId, Quantity, Slug, SubscriptionId};
use panier_core::usecases::Panier;
use panier_core::usecases::signing::{
    self, CopyRenderer, DeliveredTo, QuantityChange, RenderedCopy, SignatureContext, SignedCopy, SigningPage,
};

use crate::support::{at, date, stores};

const NOW: &str = "2027-05-05T08:00:00Z";

struct Stub;

impl CopyRenderer for Stub {
    fn render(&self, copy: &SignedCopy, language: &str) -> RenderedCopy {
        RenderedCopy {
            filename: format!("copy-{}-v{}-{language}.pdf", copy.subscription, copy.version),
            media_type: "application/pdf".into(),
            bytes: format!("%PDF-stub {}", copy.document_sha256).into_bytes(),
        }
    }
}

async fn seeded(store: &Store) -> (Panier, DemoInfo, DateTime<Utc>) {
    let now = at(NOW);
    let info = demo::seed(store, date("2027-05-05"), now).await.expect("seed");
    (Panier::new(store.clone()), info, now)
}

fn telegram(account: &str) -> DeliveredTo {
    DeliveredTo { transport: "telegram".into(), account: account.into() }
}

fn consent() -> SignatureContext {
    SignatureContext {
        consent: true,
        consent_text: "Je m'engage à respecter ce contrat.".into(),
        ip: "192.0.2.10".into(),
        user_agent: "Mozilla/5.0 (test)".into(),
    }
}

async fn count(store: &Store, table: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(store.pool())
        .await
        .expect("count")
}

async fn page(panier: &Panier, token: &str, now: DateTime<Utc>) -> SigningPage {
    panier.read(async |c| signing::member_page(c, token, now).await).await.expect("page")
}

async fn member_link(panier: &Panier, member: MemberId, info: &DemoInfo, now: DateTime<Utc>) -> String {
    let contract = info.bread;
    panier
        .write(async |c| signing::issue_member_link(c, member, contract, &telegram("4242"), now).await)
        .await
        .expect("member link")
        .token
}

async fn first_product(panier: &Panier, info: &DemoInfo) -> ProductId {
    let bread = info.bread;
    panier.read(async |c| contracts::products_of(c, bread).await).await.expect("products")[0].id
}

/// Julien chooses two loaves every week and signs.
async fn julien_signs(panier: &Panier, info: &DemoInfo, now: DateTime<Utc>) -> (String, signing::Signed) {
    let julien = info.members[3];
    let token = member_link(panier, julien, info, now).await;
    let p = page(panier, &token, now).await;
    let miche = first_product(panier, info).await;
    let change = QuantityChange::EveryDate(vec![(miche, Quantity::new(2).expect("q"))]);
    let csrf = p.link.csrf.clone();
    panier
        .write(async |c| signing::save_quantities(c, &token, &csrf, &change, now).await)
        .await
        .expect("save");
    let p = page(panier, &token, now).await;
    let (doc, ctx) = (p.document_sha256.clone(), consent());
    let signed =
        panier.write(async |c| signing::sign(c, &token, &csrf, &doc, &ctx, now).await).await.expect("sign");
    (token, signed)
}

#[tokio::test]
async fn a_member_signs_and_the_farmer_countersigns() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        let julien = info.members[3];
        let farmer = info.farmers[2];
        let mut conn = store.conn().await.expect("conn");
        accounts::link_account(&mut conn, julien, "telegram", "4242", "4242", now).await.expect("link");
        accounts::link_account(&mut conn, farmer, "telegram", "777", "777", now).await.expect("link");
        drop(conn);

        let token = member_link(&panier, julien, &info, now).await;
        assert!(token.len() >= 22, "{backend}: at least 128 bits");
        let stored: String = sqlx::query_scalar("SELECT token_hash FROM signing_link")
            .fetch_one(store.pool())
            .await
            .expect("row");
        assert_ne!(stored, token, "{backend}: only the hash is stored");

        let p = page(&panier, &token, now).await;
        assert_eq!(p.member.id, julien, "{backend}");
        assert_eq!(p.contract.id, info.bread, "{backend}");
        assert!(p.editable && p.needs_signature && p.state.is_none(), "{backend}");
        assert_eq!(p.total, Cents(0), "{backend}");
        let dates = p.dates.len() as i64;
        assert!(dates > 0 && p.dates.iter().all(|d| d.editable), "{backend}");

        // Same quantity every date, then one date changed.
        let miche = first_product(&panier, &info).await;
        let csrf = p.link.csrf.clone();
        let every = QuantityChange::EveryDate(vec![(miche, Quantity::new(2).expect("q"))]);
        panier
            .write(async |c| signing::save_quantities(c, &token, &csrf, &every, now).await)
            .await
            .expect("save");
        let p = page(&panier, &token, now).await;
        assert_eq!(p.total, Cents(2 * 520 * dates), "{backend}");
        assert_eq!(p.uniform[0], (miche, Some(2)), "{backend}");
        let first = p.dates[0].date;
        let one = QuantityChange::PerDate(vec![(miche, first, Quantity::new(1).expect("q"))]);
        panier
            .write(async |c| signing::save_quantities(c, &token, &csrf, &one, now).await)
            .await
            .expect("save");
        let p = page(&panier, &token, now).await;
        assert_eq!(p.total, Cents(2 * 520 * dates - 520), "{backend}");
        assert_eq!(p.uniform[0], (miche, None), "{backend}: no longer the same every date");
        // Cheques within the contract's limits (4 max, 20 € minimum).
        let allowed = p.cheque_options.len() as u32;
        assert!(allowed >= 2, "{backend}");
        panier
            .write(async |c| signing::choose_cheques(c, &token, &csrf, 2, now).await)
            .await
            .expect("cheques");
        let err =
            panier.write(async |c| signing::choose_cheques(c, &token, &csrf, allowed + 1, now).await).await;
        assert!(matches!(err, Err(CoreError::Invalid(Invalid::ChequeCount))), "{backend}: {err:?}");
        let p = page(&panier, &token, now).await;
        assert_eq!(p.schedule.len(), 2, "{backend}");
        assert_eq!(p.schedule.iter().map(|c| c.amount).sum::<Cents>(), p.total, "{backend}");
        assert_eq!(p.document.payment.cheques.len(), 2, "{backend}");

        // Refusals before signing change nothing.
        let doc = p.document_sha256.clone();
        let mut no = consent();
        no.consent = false;
        let err = panier.write(async |c| signing::sign(c, &token, &csrf, &doc, &no, now).await).await;
        assert!(matches!(err, Err(CoreError::Invalid(Invalid::ConsentRequired))), "{backend}: {err:?}");
        let ctx = consent();
        let err = panier.write(async |c| signing::sign(c, &token, "forged", &doc, &ctx, now).await).await;
        assert!(matches!(err, Err(CoreError::Invalid(Invalid::FormExpired))), "{backend}: {err:?}");
        let stale = "0".repeat(64);
        let err = panier.write(async |c| signing::sign(c, &token, &csrf, &stale, &ctx, now).await).await;
        assert!(matches!(err, Err(CoreError::Conflict(Conflict::StaleVersion))), "{backend}: {err:?}");
        assert_eq!(count(&store, "signature_evidence").await, 0, "{backend}");

        let signed = panier
            .write(async |c| signing::sign(c, &token, &csrf, &doc, &ctx, now).await)
            .await
            .expect("sign");
        assert_eq!((signed.version, signed.evidence_seq), (1, 1), "{backend}");
        assert_eq!(signed.farmers.queued, 1, "{backend}: the baker is asked to countersign");
        let sub = subscriptions::subscription_for(&mut store.conn().await.expect("c"), info.bread, julien)
            .await
            .expect("sub")
            .expect("exists");
        assert_eq!(sub.state, SubscriptionState::MemberSigned, "{backend}");
        assert_eq!(sub.cheque_count, 2, "{backend}");
        let mut conn = store.conn().await.expect("conn");
        let grid = subscriptions::grid_of(&mut conn, sub.id).await.expect("grid");
        assert_eq!(grid.len() as i64, dates, "{backend}");
        let evidence = signing_store::all_evidence(&mut conn).await.expect("evidence");
        let e = &evidence[0];
        assert_eq!(
            (e.kind.as_str(), e.member_id, e.member_name.as_str()),
            ("member_signature", julien.0, "Julien Roux")
        );
        assert_eq!((e.transport.as_str(), e.account.as_str()), ("telegram", "4242"), "{backend}");
        assert_eq!((e.ip.as_str(), e.user_agent.as_str()), ("192.0.2.10", "Mozilla/5.0 (test)"), "{backend}");
        assert_eq!(e.document_sha256, doc, "{backend}: the hash of the document shown");
        assert_eq!(e.signed_at, now.timestamp(), "{backend}");
        let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM outbox ORDER BY id")
            .fetch_all(store.pool())
            .await
            .expect("outbox");
        assert_eq!(kinds, ["countersign_link"], "{backend}");
        drop(conn);

        // The link is spent.
        let again = panier.write(async |c| signing::sign(c, &token, &csrf, &doc, &ctx, now).await).await;
        assert!(matches!(again, Err(CoreError::Invalid(Invalid::SigningLinkUsed))), "{backend}: {again:?}");
        assert!(page(&panier, &token, now).await.link.used, "{backend}");

        // The farmer countersigns; a member's link never opens the farmer's page.
        let bread = info.bread;
        let wrong = panier.read(async |c| signing::farmer_page(c, &token, now).await).await;
        assert!(matches!(wrong, Err(CoreError::Invalid(Invalid::SigningLinkUnknown))), "{backend}");
        let ftoken = panier
            .write(async |c| signing::issue_farmer_link(c, farmer, bread, &telegram("777"), now).await)
            .await
            .expect("farmer link")
            .token;
        let fp =
            panier.read(async |c| signing::farmer_page(c, &ftoken, now).await).await.expect("farmer page");
        assert_eq!(fp.pending.len(), 1, "{backend}");
        assert_eq!(fp.pending[0].member_name, "Julien Roux", "{backend}");
        assert_eq!(fp.on_paper, 5, "{backend}: the demo's bread subscriptions were signed on paper");
        let which = vec![(fp.pending[0].subscription, fp.pending[0].document_sha256.clone())];
        let fcsrf = fp.link.csrf.clone();
        let done = panier
            .write(async |c| signing::countersign(c, &ftoken, &fcsrf, &which, &ctx, &Stub, now).await)
            .await
            .expect("countersign");
        assert_eq!(done.subscriptions, [sub.id], "{backend}");
        assert_eq!(done.copies.queued, 2, "{backend}: one copy each");
        let sub = subscriptions::subscription_by_id(&mut store.conn().await.expect("c"), sub.id)
            .await
            .expect("sub")
            .expect("exists");
        assert_eq!(sub.state, SubscriptionState::Countersigned, "{backend}");
        let copies: Vec<(i64, String)> = sqlx::query_as(
            "SELECT member_id, payload FROM outbox WHERE kind = 'signed_copy' ORDER BY member_id",
        )
        .fetch_all(store.pool())
        .await
        .expect("copies");
        assert_eq!(copies.iter().map(|(m, _)| *m).collect::<Vec<_>>(), [julien.0, farmer.0], "{backend}");
        let payload: serde_json::Value = serde_json::from_str(&copies[0].1).expect("json");
        let content = payload["document"]["content_base64"].as_str().expect("content");
        let bytes = base64::engine::general_purpose::STANDARD.decode(content).expect("base64");
        assert!(bytes.starts_with(b"%PDF-stub"), "{backend}");
        assert_eq!(payload["document"]["media_type"], "application/pdf", "{backend}");
        assert_eq!(payload["version"], 1, "{backend}");

        // Both signatures in the chain; the copy can be downloaded from a new member link.
        let mut conn = store.conn().await.expect("conn");
        assert_eq!(signing::verify_evidence(&mut conn).await.expect("verify"), Ok(2), "{backend}");
        drop(conn);
        let fresh = member_link(&panier, julien, &info, now).await;
        let (copy, lang) = panier
            .read(async |c| {
                signing::copy_for_link(c, &fresh, panier_core::signature::Purpose::Member, None, now).await
            })
            .await
            .expect("copy");
        assert_eq!(lang, "fr", "{backend}");
        assert_eq!(copy.member_signature.seq, 1, "{backend}");
        assert_eq!(copy.farmer_signature.seq, 2, "{backend}");
        assert_eq!(copy.farmer_signature.member_name, "Jean Moreau", "{backend}");
        let fresh_page = page(&panier, &fresh, now).await;
        assert!(fresh_page.copy_available && !fresh_page.needs_signature, "{backend}");
        // Nothing left to countersign: the farmer's link is spent.
        let fp =
            panier.read(async |c| signing::farmer_page(c, &ftoken, now).await).await.expect("farmer page");
        assert!(fp.link.used && fp.pending.is_empty(), "{backend}");
        assert_eq!(fp.countersigned.len(), 1, "{backend}");
    }
}

#[tokio::test]
async fn an_amendment_is_a_new_version_and_keeps_the_old_one() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        let (_, first) = julien_signs(&panier, &info, now).await;
        let farmer = info.farmers[2];
        let bread = info.bread;
        let ftoken = panier
            .write(async |c| signing::issue_farmer_link(c, farmer, bread, &telegram("777"), now).await)
            .await
            .expect("farmer link")
            .token;
        let fp =
            panier.read(async |c| signing::farmer_page(c, &ftoken, now).await).await.expect("farmer page");
        let which = vec![(first.subscription, fp.pending[0].document_sha256.clone())];
        let (fcsrf, ctx) = (fp.link.csrf.clone(), consent());
        panier
            .write(async |c| signing::countersign(c, &ftoken, &fcsrf, &which, &ctx, &Stub, now).await)
            .await
            .expect("countersign");

        // A new link: nothing to sign until something changes.
        let later = now + Duration::hours(2);
        let token = member_link(&panier, info.members[3], &info, later).await;
        let p = page(&panier, &token, later).await;
        assert!(!p.needs_signature, "{backend}");
        let csrf = p.link.csrf.clone();
        let doc = p.document_sha256.clone();
        let err = panier.write(async |c| signing::sign(c, &token, &csrf, &doc, &ctx, later).await).await;
        assert!(matches!(err, Err(CoreError::Conflict(Conflict::AlreadySigned))), "{backend}: {err:?}");

        let miche = first_product(&panier, &info).await;
        let change = QuantityChange::EveryDate(vec![(miche, Quantity::new(3).expect("q"))]);
        panier
            .write(async |c| signing::save_quantities(c, &token, &csrf, &change, later).await)
            .await
            .expect("save");
        let p = page(&panier, &token, later).await;
        assert!(p.needs_signature, "{backend}");
        assert_eq!(
            p.state,
            Some(SubscriptionState::Countersigned),
            "{backend}: the signed version holds meanwhile"
        );
        assert_eq!(p.document.version, 2, "{backend}");
        let doc = p.document_sha256.clone();
        let second = panier
            .write(async |c| signing::sign(c, &token, &csrf, &doc, &ctx, later).await)
            .await
            .expect("amend");
        assert_eq!(second.version, 2, "{backend}");
        assert_eq!(second.subscription, first.subscription, "{backend}");
        let mut conn = store.conn().await.expect("conn");
        let docs = signing_store::documents_of(&mut conn, first.subscription).await.expect("docs");
        assert_eq!(docs.iter().map(|d| d.version).collect::<Vec<_>>(), [1, 2], "{backend}");
        assert_eq!(docs[0].sha256, first.document_sha256, "{backend}: version 1 kept as signed");
        let v1 = signing_store::evidence_of(&mut conn, first.subscription, 1).await.expect("v1");
        assert_eq!(v1.len(), 2, "{backend}: both signatures of version 1 kept");
        let sub =
            subscriptions::subscription_by_id(&mut conn, first.subscription).await.expect("s").expect("s");
        assert_eq!(sub.state, SubscriptionState::MemberSigned, "{backend}: the farmer countersigns again");
        assert_eq!(signing::verify_evidence(&mut conn).await.expect("verify"), Ok(3), "{backend}");
    }
}

#[tokio::test]
async fn links_expire_belong_to_one_member_and_need_an_open_contract() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        let julien = info.members[3];
        let bread = info.bread;

        // Expired after 7 days.
        let old = member_link(&panier, julien, &info, now - Duration::days(8)).await;
        let err = panier.read(async |c| signing::member_page(c, &old, now).await).await;
        assert!(matches!(err, Err(CoreError::Invalid(Invalid::SigningLinkExpired))), "{backend}: {err:?}");
        // Unknown and malformed tokens.
        for bad in ["nope", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "../../etc/passwd"] {
            let err = panier.read(async |c| signing::member_page(c, bad, now).await).await;
            assert!(matches!(err, Err(CoreError::Invalid(Invalid::SigningLinkUnknown))), "{backend}: {bad}");
        }

        // Only members of the AMAP get a member link; only the farm's farmers a farmer link.
        let mut conn = store.conn().await.expect("conn");
        let stranger = directory::upsert_member(
            &mut conn,
            &MemberFields {
                email: Email::parse("stranger@example.org").expect("email"),
                first_name: "Sam".into(),
                last_name: "Stranger".into(),
                phone: None,
            },
            now,
        )
        .await
        .expect("member");
        drop(conn);
        let err = panier
            .write(async |c| signing::issue_member_link(c, stranger, bread, &telegram("1"), now).await)
            .await;
        assert!(matches!(err, Err(CoreError::Forbidden(Forbidden::NotAMember))), "{backend}: {err:?}");
        for not_farmer in [julien, info.farmers[0]] {
            let err = panier
                .write(async |c| signing::issue_farmer_link(c, not_farmer, bread, &telegram("1"), now).await)
                .await;
            assert!(matches!(err, Err(CoreError::Forbidden(Forbidden::FarmersOnly))), "{backend}: {err:?}");
        }

        // A farmer's link only countersigns its own contract's subscriptions.
        let (_, signed) = julien_signs(&panier, &info, now).await;
        let veg = info.vegetables;
        let paul = info.farmers[0];
        let vtoken = panier
            .write(async |c| signing::issue_farmer_link(c, paul, veg, &telegram("9"), now).await)
            .await
            .expect("vegetables farmer link")
            .token;
        let vp = panier.read(async |c| signing::farmer_page(c, &vtoken, now).await).await.expect("page");
        let which = vec![(signed.subscription, signed.document_sha256.clone())];
        let (csrf, ctx) = (vp.link.csrf.clone(), consent());
        let err = panier
            .write(async |c| signing::countersign(c, &vtoken, &csrf, &which, &ctx, &Stub, now).await)
            .await;
        assert!(matches!(err, Err(CoreError::NotFound(Missing::Subscription))), "{backend}: {err:?}");
        let bogus = vec![(SubscriptionId(999_999), "x".repeat(64))];
        let err = panier
            .write(async |c| signing::countersign(c, &vtoken, &csrf, &bogus, &ctx, &Stub, now).await)
            .await;
        assert!(matches!(err, Err(CoreError::NotFound(Missing::Subscription))), "{backend}: {err:?}");
        assert_eq!(count(&store, "signature_evidence").await, 1, "{backend}: refusals recorded nothing");

        // A closed contract: no new link, and an open page can no longer change anything.
        let camille = info.members[2];
        let token = member_link(&panier, camille, &info, now).await;
        let csrf = page(&panier, &token, now).await.link.csrf;
        let mut conn = store.conn().await.expect("conn");
        contracts::set_contract_state(&mut conn, bread, ContractState::Closed).await.expect("close");
        drop(conn);
        let err = panier
            .write(async |c| signing::issue_member_link(c, camille, bread, &telegram("2"), now).await)
            .await;
        assert!(matches!(err, Err(CoreError::Conflict(Conflict::ContractNotOpen))), "{backend}: {err:?}");
        let miche = first_product(&panier, &info).await;
        let change = QuantityChange::EveryDate(vec![(miche, Quantity::new(1).expect("q"))]);
        let err =
            panier.write(async |c| signing::save_quantities(c, &token, &csrf, &change, now).await).await;
        assert!(matches!(err, Err(CoreError::Conflict(Conflict::ContractNotOpen))), "{backend}: {err:?}");
        let p = page(&panier, &token, now).await;
        assert!(!p.editable && p.window.is_none(), "{backend}");
    }
}

#[tokio::test]
async fn quantities_out_of_bounds_or_not_delivered_are_refused() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        let bread = info.bread;
        let mut conn = store.conn().await.expect("conn");
        let dates: Vec<_> = contracts::deliveries_of(&mut conn, bread)
            .await
            .expect("d")
            .iter()
            .map(|d| d.scheduled)
            .collect();
        // A brioche only on the first bread date.
        let brioche = contracts::upsert_product(
            &mut conn,
            bread,
            &ProductFields {
                slug: Slug::parse("brioche").expect("slug"),
                name: "Brioche".into(),
                unit: None,
                price: Cents(650),
                position: 5,
                only_dates: Some(vec![dates[0]]),
                excluded_dates: Vec::new(),
            },
        )
        .await
        .expect("product");
        drop(conn);
        let token = member_link(&panier, info.members[3], &info, now).await;
        let p = page(&panier, &token, now).await;
        let csrf = p.link.csrf.clone();
        assert!(
            p.dates[0].products.contains(&brioche) && !p.dates[1].products.contains(&brioche),
            "{backend}"
        );

        let q = |n| Quantity::new(n).expect("q");
        let refused = [
            (QuantityChange::PerDate(vec![(brioche, dates[1], q(1))]), "not offered"),
            (QuantityChange::PerDate(vec![(brioche, date("2030-01-01"), q(1))]), "not a date"),
            (QuantityChange::EveryDate(vec![(ProductId(987_654), q(1))]), "unknown product"),
        ];
        for (change, what) in refused {
            let err =
                panier.write(async |c| signing::save_quantities(c, &token, &csrf, &change, now).await).await;
            assert!(
                matches!(
                    err,
                    Err(CoreError::Invalid(Invalid::ProductNotOffered | Invalid::NotADeliveryDate))
                        | Err(CoreError::NotFound(Missing::Product(_)))
                ),
                "{backend}: {what}: {err:?}"
            );
        }
        assert!(Quantity::new(1000).is_err() && Quantity::new(-1).is_err(), "bounds are in the type");
        assert_eq!(count(&store, "signing_draft").await, 0, "{backend}: refusals saved nothing");
        // Every date: the brioche goes only where it is delivered.
        let change = QuantityChange::EveryDate(vec![(brioche, q(1))]);
        panier
            .write(async |c| signing::save_quantities(c, &token, &csrf, &change, now).await)
            .await
            .expect("save");
        let p = page(&panier, &token, now).await;
        assert_eq!(p.total, Cents(650), "{backend}");
        // Signing an empty subscription is refused.
        let zero = QuantityChange::EveryDate(vec![(brioche, q(0))]);
        panier
            .write(async |c| signing::save_quantities(c, &token, &csrf, &zero, now).await)
            .await
            .expect("save");
        let p = page(&panier, &token, now).await;
        let (doc, ctx) = (p.document_sha256.clone(), consent());
        let err = panier.write(async |c| signing::sign(c, &token, &csrf, &doc, &ctx, now).await).await;
        assert!(matches!(err, Err(CoreError::Invalid(Invalid::Quantity))), "{backend}: {err:?}");
    }
}

#[tokio::test]
async fn late_subscription_covers_the_remaining_dates_only() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        // Hugo (index 7) has no eggs; the eggs contract runs and allows late subscriptions.
        let hugo = info.members[7];
        let eggs = info.eggs;
        let token = panier
            .write(async |c| signing::issue_member_link(c, hugo, eggs, &telegram("5"), now).await)
            .await
            .expect("late link")
            .token;
        let p = page(&panier, &token, now).await;
        let from = date("2027-05-12");
        assert_eq!(p.window, Some(signing::Window::Late { from }), "{backend}: 7 days of notice");
        assert!(!p.dates.is_empty() && p.dates.iter().all(|d| d.date >= from), "{backend}");
        assert_eq!(p.document.deliveries.len(), p.dates.len(), "{backend}");
    }
}

#[tokio::test]
async fn referents_see_who_has_not_signed() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        let (referent, bread) = (info.members[4], info.bread);
        let before =
            panier.read(async |c| signing::signature_status(c, referent, bread).await).await.expect("status");
        assert!(before.unsigned.contains(&"Julien Roux".to_owned()), "{backend}");
        assert_eq!(before.awaiting_countersignature.len(), 5, "{backend}");
        julien_signs(&panier, &info, now).await;
        let after =
            panier.read(async |c| signing::signature_status(c, referent, bread).await).await.expect("status");
        assert!(!after.unsigned.contains(&"Julien Roux".to_owned()), "{backend}");
        assert_eq!(after.awaiting_countersignature.len(), 6, "{backend}");
        let member = info.members[3];
        let err = panier.read(async |c| signing::signature_status(c, member, bread).await).await;
        assert!(matches!(err, Err(CoreError::Forbidden(_))), "{backend}");
    }
}

#[tokio::test]
async fn the_evidence_log_is_append_only_and_tampering_is_named() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        julien_signs(&panier, &info, now).await;
        // A second signature (Hugo) for a chain of two records.
        let hugo = info.members[7];
        let token = member_link(&panier, hugo, &info, now).await;
        let p = page(&panier, &token, now).await;
        let miche = first_product(&panier, &info).await;
        let csrf = p.link.csrf.clone();
        let change = QuantityChange::EveryDate(vec![(miche, Quantity::new(1).expect("q"))]);
        panier
            .write(async |c| signing::save_quantities(c, &token, &csrf, &change, now).await)
            .await
            .expect("save");
        let doc = page(&panier, &token, now).await.document_sha256;
        let ctx = consent();
        panier.write(async |c| signing::sign(c, &token, &csrf, &doc, &ctx, now).await).await.expect("sign");
        let mut conn = store.conn().await.expect("conn");
        assert_eq!(signing::verify_evidence(&mut conn).await.expect("verify"), Ok(2), "{backend}");
        drop(conn);

        // The triggers refuse edits and deletions.
        for sql in [
            "UPDATE signature_evidence SET ip = '203.0.113.9' WHERE seq = 1",
            "DELETE FROM signature_evidence WHERE seq = 2",
            "UPDATE subscription_document SET sha256 = 'x'",
            "DELETE FROM subscription_document",
        ] {
            let err = sqlx::query(sql).execute(store.pool()).await;
            assert!(err.is_err(), "{backend}: {sql} must be refused");
        }

        // Someone with database access drops the trigger and edits record 1.
        let drop_trigger = match store.backend() {
            Backend::Sqlite => "DROP TRIGGER signature_evidence_no_update",
            Backend::Postgres => "DROP TRIGGER signature_evidence_append_only ON signature_evidence",
        };
        sqlx::query(drop_trigger).execute(store.pool()).await.expect("drop trigger");
        sqlx::query("UPDATE signature_evidence SET member_name = 'Someone Else' WHERE seq = 1")
            .execute(store.pool())
            .await
            .expect("tamper");
        let mut conn = store.conn().await.expect("conn");
        let broken = signing::verify_evidence(&mut conn).await.expect("verify");
        let broken = broken.expect_err("tampering detected");
        assert_eq!((broken.seq, broken.reason.clone()), (1, BreakReason::OwnHash), "{backend}");
        assert!(broken.to_string().contains("record 1"), "{backend}: {broken}");
    }
}
