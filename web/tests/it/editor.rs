//! The contract editor over HTTP, in process, on SQLite and PostgreSQL: a new contract through
//! the forms (two products, a skipped date, a product on some dates only), publishing it, the
//! member's signing page afterwards, editing an open contract (text passes, prices refused),
//! renewal, and every refusal (unknown, expired, other browser, forged CSRF, missing session,
//! bad fields, another farm, lost rights).

use crate::support;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, header};
use chrono::{Datelike, Days, NaiveDate, Utc};
use panier_core::demo::DemoInfo;
use panier_core::model::Role;
use panier_core::rules::state::ContractState;
use panier_core::store::{Store, contracts, directory};
use panier_core::types::{ContractId, MemberId};
use panier_core::usecases::Panier;
use panier_core::usecases::contract_editor;
use panier_core::usecases::editor;
use panier_core::usecases::signing::{self, DeliveredTo};
use panier_web::{Health, WebState};

use support::{demo, send, stores, text};

pub fn app(store: &Store) -> Router {
    panier_web::router(WebState { store: store.clone(), health: Health::default() })
}

pub fn to() -> DeliveredTo {
    DeliveredTo { transport: "console".into(), account: "editor-test".into() }
}

/// A contract editor link for `member` (`contract`: None for a new one), issued `hours_ago`.
pub async fn link(store: &Store, member: MemberId, contract: Option<ContractId>, hours_ago: i64) -> String {
    let panier = Panier::new(store.clone());
    let now = Utc::now() - chrono::Duration::hours(hours_ago);
    panier
        .write(async |c| editor::issue_contract_link(c, member, contract, &to(), now).await)
        .await
        .expect("editor link")
        .token
}

fn request(
    method: &str,
    uri: &str,
    cookie: Option<&str>,
    form: Option<&[(String, String)]>,
) -> Request<Body> {
    let addr: std::net::SocketAddr = support::CLIENT.parse().expect("addr");
    let mut r = Request::builder().method(method).uri(uri).extension(ConnectInfo(addr));
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, format!("panier_session={c}"));
    }
    match form {
        Some(form) => {
            let body = form
                .iter()
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect::<Vec<_>>()
                .join("&");
            r.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(body))
        }
        None => r.body(Body::empty()),
    }
    .expect("request")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Opens the link: the page, the session cookie it set, the CSRF value.
pub async fn open(router: &Router, token: &str) -> (String, String, String) {
    let (status, response, body) = send(router, request("GET", &format!("/e/{token}"), None, None)).await;
    let html = text(&body);
    assert_eq!(status, 200, "{html}");
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie")
        .to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains(&format!("Path=/e/{token}")), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP (tests, a local try): a Secure cookie would be dropped");
    let secret = cookie.trim_start_matches("panier_session=").split(';').next().unwrap_or("").to_owned();
    let csrf = support::input_value(&html, "csrf");
    (html, secret, csrf)
}

pub async fn get_page(router: &Router, token: &str, cookie: Option<&str>) -> (u16, String) {
    let (status, _, body) = send(router, request("GET", &format!("/e/{token}"), cookie, None)).await;
    (status, text(&body))
}

pub async fn save(
    router: &Router,
    token: &str,
    cookie: Option<&str>,
    form: &[(String, String)],
) -> (u16, String, String) {
    let (status, response, body) =
        send(router, request("POST", &format!("/e/{token}/save"), cookie, Some(form))).await;
    let location =
        response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (status, location, text(&body))
}

/// The dates of a new contract: 6 weekly deliveries from the first Tuesday 5 weeks ahead.
pub fn season(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let mut first = today + Days::new(35);
    while first.weekday() != chrono::Weekday::Tue {
        first = first + Days::new(1);
    }
    (first, first + Days::new(35))
}

fn kv(k: &str, v: impl ToString) -> (String, String) {
    (k.to_owned(), v.to_string())
}

/// The editor's form for "Fromages": two products, the third date skipped, the second product
/// (yoghurts) not on the last date; subscriptions open today.
pub fn cheese_form(csrf: &str, farm: i64, today: NaiveDate, action: &str) -> Vec<(String, String)> {
    let (first, last) = season(today);
    let d = |n: u64| first + Days::new(7 * n);
    let mut f = vec![
        kv("csrf", csrf),
        kv("action", action),
        kv("farm", farm),
        kv("name", "Fromages"),
        kv("season", first.year()),
        kv("p0-slug", ""),
        kv("p0-name", "Tomme"),
        kv("p0-unit", "pièce"),
        kv("p0-price", "8,50"),
        kv("p1-slug", ""),
        kv("p1-name", "Yaourts"),
        kv("p1-unit", ""),
        kv("p1-price", "3"),
        kv("p2-slug", ""),
        kv("p2-name", ""),
        kv("p2-unit", ""),
        kv("p2-price", ""),
        kv("first", first),
        kv("last", last),
        kv("every_weeks", 1),
        kv("opens", today),
        kv("closes", first - Days::new(3)),
        kv("late", "yes"),
        kv("notice_days", 7),
        kv("max_absences", 2),
        kv("modes", "postpone"),
        kv("modes", "donate"),
        kv("deadline_days", 2),
        kv("max_cheques", 3),
        kv("min_cheque", "5"),
        kv("payee", ""),
        kv("shifts", 1),
        kv("commitment", "Je m'engage pour la saison."),
    ];
    for n in 0..6 {
        f.push(kv("cal-shown", d(n)));
        if n != 2 {
            f.push(kv("cal-day", d(n)));
        }
    }
    for n in [0, 1, 3, 4, 5] {
        for p in 0..2 {
            f.push(kv(&format!("p{p}-shown"), d(n)));
            if !(p == 1 && n == 5) {
                f.push(kv(&format!("p{p}-day"), d(n)));
            }
        }
    }
    f
}

pub fn set(form: &mut Vec<(String, String)>, key: &str, value: &str) {
    form.retain(|(k, _)| k != key);
    form.push(kv(key, value));
}

pub async fn contract_by_name(
    store: &Store,
    amap: panier_core::types::AmapId,
    name: &str,
) -> Option<panier_core::model::Contract> {
    let mut conn = store.conn().await.expect("conn");
    contracts::contracts_of_amap(&mut conn, amap)
        .await
        .expect("contracts")
        .into_iter()
        .find(|c| c.name == name)
}

fn today(info: &DemoInfo, store_now: chrono::DateTime<Utc>) -> NaiveDate {
    let _ = info;
    panier_core::rules::deadlines::local_today(store_now, chrono_tz::Europe::Paris)
}

#[tokio::test]
async fn an_admin_creates_publishes_and_a_member_signs_the_new_contract() {
    for (backend, store) in stores().await {
        let (info, now) = demo(&store).await;
        let router = app(&store);
        let today = today(&info, now);
        let farms = {
            let mut conn = store.conn().await.expect("conn");
            panier_core::store::editor::farms_of_amap(&mut conn, info.amap).await.expect("farms")
        };
        let farm = farms[0].id.0;
        let token = link(&store, info.admin, None, 0).await;
        let (html, cookie, csrf) = open(&router, &token).await;
        assert!(html.contains("<form method=\"post\""), "{backend}");
        assert!(!html.contains("<script"), "{backend}: no script");
        for label in ["for=\"name\"", "for=\"first\"", "for=\"p0-price\"", "for=\"commitment\""] {
            assert!(html.contains(label), "{backend}: label {label}");
        }

        let (status, location, body) =
            save(&router, &token, Some(&cookie), &cheese_form(&csrf, farm, today, "save")).await;
        assert_eq!(status, 303, "{backend}: {body}");
        assert_eq!(location, format!("/e/{token}?ok=saved"), "{backend}");
        let c = contract_by_name(&store, info.amap, "Fromages").await.expect("saved");
        assert_eq!(c.state, ContractState::Draft, "{backend}");
        let mut conn = store.conn().await.expect("conn");
        let dates: Vec<NaiveDate> = contracts::deliveries_of(&mut conn, c.id)
            .await
            .expect("dates")
            .iter()
            .map(|d| d.scheduled)
            .collect();
        let (first, _) = season(today);
        assert_eq!(dates.len(), 5, "{backend}: the third Tuesday is skipped");
        assert!(!dates.contains(&(first + Days::new(14))), "{backend}");
        let products = contracts::products_of(&mut conn, c.id).await.expect("products");
        assert_eq!(products.len(), 2, "{backend}");
        assert_eq!(products[0].price.0, 850, "{backend}");
        assert_eq!(products[0].unit.as_deref(), Some("pièce"), "{backend}");
        assert_eq!(products[1].only_dates.as_ref().map(Vec::len), Some(4), "{backend}: yoghurts on 4 dates");
        assert_eq!(c.rules.payee, farms[0].name, "{backend}: payee defaults to the farm");
        assert_eq!(c.rules.max_cheques, 3, "{backend}");
        drop(conn);

        // The saved page shows the contract and the preview: (8.50 × 5) + (3 × 4) = 54.50.
        let (status, page) = get_page(&router, &format!("{token}?ok=saved"), Some(&cookie)).await;
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.contains("Fromages") && page.contains("brouillon"), "{backend}");
        assert!(page.contains("54,50"), "{backend}: sample total in the preview");
        assert!(page.contains("18,16") && page.contains("18,18"), "{backend}: 3 cheques of the sample");

        // Publish: the contract opens; members get a signing link and see the dates and total.
        let (status, location, body) =
            save(&router, &token, Some(&cookie), &cheese_form(&csrf, farm, today, "publish")).await;
        assert_eq!(status, 303, "{backend}: {body}");
        assert!(location.ends_with("?ok=published"), "{backend}");
        let c = contract_by_name(&store, info.amap, "Fromages").await.expect("saved");
        assert_eq!(c.state, ContractState::Open, "{backend}");
        let panier = Panier::new(store.clone());
        let member = info.demo_member;
        let cid = c.id;
        let member_link = panier
            .write(async |x| signing::issue_member_link(x, member, cid, &to(), Utc::now()).await)
            .await
            .expect("the member can subscribe");
        let (status, _, body) = send(&router, support::get(&format!("/s/{}", member_link.token))).await;
        let signing_page = text(&body);
        assert_eq!(status, 200, "{backend}");
        assert!(signing_page.contains("Tomme") && signing_page.contains("Yaourts"), "{backend}");
        assert!(
            signing_page.contains("5 livraisons") || signing_page.contains("5 livraison"),
            "{backend}: {signing_page}"
        );
    }
}

#[tokio::test]
async fn bad_fields_are_explained_next_to_them_and_change_nothing() {
    for (backend, store) in stores().await {
        let (info, now) = demo(&store).await;
        let router = app(&store);
        let today = today(&info, now);
        let farm = {
            let mut conn = store.conn().await.expect("conn");
            panier_core::store::editor::farms_of_amap(&mut conn, info.amap).await.expect("farms")[0].id.0
        };
        let token = link(&store, info.admin, None, 0).await;
        let (_, cookie, csrf) = open(&router, &token).await;
        let good = cheese_form(&csrf, farm, today, "save");
        let (first, _) = season(today);
        let cases: Vec<(&str, Box<dyn Fn(&mut Vec<(String, String)>)>, &str, &str)> = vec![
            (
                "last before first",
                Box::new(move |f| set(f, "last", &(first - Days::new(7)).to_string())),
                "last-error",
                "avant la première",
            ),
            ("zero price", Box::new(|f| set(f, "p0-price", "0")), "p0-price-error", "supérieur à zéro"),
            ("not an amount", Box::new(|f| set(f, "p1-price", "trois")), "p1-price-error", "pas un montant"),
            (
                "empty calendar",
                Box::new(|f| f.retain(|(k, _)| k != "cal-day")),
                "calendar-error",
                "aucune livraison",
            ),
            (
                "no product",
                Box::new(|f| {
                    for k in ["p0-name", "p0-price", "p0-unit", "p1-name", "p1-price"] {
                        set(f, k, "");
                    }
                }),
                "products",
                "au moins un produit",
            ),
            ("no name", Box::new(|f| set(f, "name", "  ")), "name-error", "à remplir"),
            ("bad number", Box::new(|f| set(f, "max_cheques", "0")), "max_cheques-error", "entre 1 et 24"),
            (
                "closes before opens",
                Box::new(move |f| set(f, "closes", &(today - Days::new(1)).to_string())),
                "closes-error",
                "ferment avant",
            ),
            (
                "product on no date",
                Box::new(|f| f.retain(|(k, _)| k != "p1-day")),
                "p1-dates-error",
                "aucune date",
            ),
            ("duplicate product", Box::new(|f| set(f, "p1-name", "tomme")), "p1-name-error", "déjà ce nom"),
        ];
        for (what, change, id, words) in cases {
            let mut form = good.clone();
            change(&mut form);
            let (status, _, html) = save(&router, &token, Some(&cookie), &form).await;
            assert_eq!(status, 400, "{backend}: {what}");
            assert!(html.contains(&format!("id=\"{id}")), "{backend}: {what}: error next to the field {id}");
            assert!(html.contains(words), "{backend}: {what}: {words}");
            assert!(html.contains("role=\"alert\""), "{backend}: {what}");
            assert!(
                contract_by_name(&store, info.amap, "Fromages").await.is_none(),
                "{backend}: {what}: nothing written"
            );
        }
        // The typed values stay in the form after a refusal.
        let mut form = good.clone();
        set(&mut form, "p0-price", "0");
        let (_, _, html) = save(&router, &token, Some(&cookie), &form).await;
        assert!(html.contains("value=\"Yaourts\""), "{backend}: typed values are kept");
    }
}

#[tokio::test]
async fn links_are_refused_when_unknown_expired_elsewhere_or_forged() {
    for (backend, store) in stores().await {
        let (info, now) = demo(&store).await;
        let router = app(&store);
        let today = today(&info, now);
        let (status, _) = get_page(&router, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", None).await;
        assert_eq!(status, 404, "{backend}: unknown");
        let (status, _) = get_page(&router, "../../etc/passwd", None).await;
        assert_eq!(status, 404, "{backend}: not a token");
        let old = link(&store, info.admin, None, 49).await;
        let (status, html) = get_page(&router, &old, None).await;
        assert_eq!(status, 410, "{backend}: expired");
        assert!(html.contains("expiré"), "{backend}");

        let token = link(&store, info.admin, None, 0).await;
        let (_, cookie, csrf) = open(&router, &token).await;
        let (status, html) = get_page(&router, &token, None).await;
        assert_eq!(status, 409, "{backend}: another browser");
        assert!(html.contains("autre navigateur"), "{backend}");
        let (status, _) = get_page(&router, &token, Some("forged-session-value-000000000000")).await;
        assert_eq!(status, 409, "{backend}: a forged cookie");
        let (status, _) = get_page(&router, &token, Some(&cookie)).await;
        assert_eq!(status, 200, "{backend}: the first browser keeps it");
        // Behind the TLS proxy, a first visit's cookie is Secure.
        let proxied = link(&store, info.admin, None, 0).await;
        let mut request = request("GET", &format!("/e/{proxied}"), None, None);
        request.headers_mut().insert("x-forwarded-proto", header::HeaderValue::from_static("https"));
        let (status, response, _) = send(&router, request).await;
        assert_eq!(status, 200, "{backend}");
        let secure = response.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(secure.contains("; Secure") && secure.contains("HttpOnly"), "{backend}: {secure}");

        let farm = {
            let mut conn = store.conn().await.expect("conn");
            panier_core::store::editor::farms_of_amap(&mut conn, info.amap).await.expect("farms")[0].id.0
        };
        let form = cheese_form(&csrf, farm, today, "save");
        let (status, _, _) = save(&router, &token, None, &form).await;
        assert_eq!(status, 409, "{backend}: a form without the session");
        let forged = cheese_form("forged", farm, today, "save");
        let (status, _, _) = save(&router, &token, Some(&cookie), &forged).await;
        assert_eq!(status, 403, "{backend}: forged CSRF");
        assert!(
            contract_by_name(&store, info.amap, "Fromages").await.is_none(),
            "{backend}: nothing written"
        );

        // A link never opened cannot take a form either.
        let fresh = link(&store, info.admin, None, 0).await;
        let (status, _, _) = save(&router, &fresh, None, &form).await;
        assert_eq!(status, 403, "{backend}: no session bound yet");

        // Rights are checked at every use: an admin who is no longer one is refused.
        let mut conn = store.conn().await.expect("conn");
        directory::revoke_role(&mut conn, info.admin, Role::Admin(info.amap)).await.expect("revoke");
        directory::revoke_role(&mut conn, info.admin, Role::Referent(info.vegetables)).await.expect("revoke");
        drop(conn);
        let (status, html) = get_page(&router, &token, Some(&cookie)).await;
        assert_eq!(status, 403, "{backend}: rights lost: {html}");
        let (status, _, _) = save(&router, &token, Some(&cookie), &form).await;
        assert_eq!(status, 403, "{backend}: rights lost");
    }
}

#[tokio::test]
async fn who_may_get_an_editor_link() {
    for (backend, store) in stores().await {
        let (info, now) = demo(&store).await;
        let panier = Panier::new(store.clone());
        let plain = info.demo_member;
        let refused =
            panier.write(async |c| editor::issue_contract_link(c, plain, None, &to(), now).await).await;
        assert!(matches!(refused, Err(panier_core::error::CoreError::Forbidden(_))), "{backend}: a member");
        let eggs = info.eggs;
        let refused =
            panier.write(async |c| editor::issue_contract_link(c, plain, Some(eggs), &to(), now).await).await;
        assert!(matches!(refused, Err(panier_core::error::CoreError::Forbidden(_))), "{backend}");
        let farmer = info.farmers[1];
        let refused = panier
            .write(async |c| editor::issue_contract_link(c, farmer, Some(eggs), &to(), now).await)
            .await;
        assert!(matches!(refused, Err(panier_core::error::CoreError::Forbidden(_))), "{backend}: a farmer");
        let referent = info.members[1];
        let ok = panier
            .write(async |c| editor::issue_contract_link(c, referent, Some(eggs), &to(), now).await)
            .await;
        assert!(ok.is_ok(), "{backend}: the eggs référent");
        let bread = info.bread;
        let refused = panier
            .write(async |c| editor::issue_contract_link(c, referent, Some(bread), &to(), now).await)
            .await;
        assert!(
            matches!(refused, Err(panier_core::error::CoreError::Forbidden(_))),
            "{backend}: not their contract"
        );
        assert!(ok.expect("link").token.len() >= 43, "{backend}: 256-bit token");
    }
}

#[tokio::test]
async fn a_referent_creates_only_for_their_farm_and_becomes_referent_of_it() {
    for (backend, store) in stores().await {
        let (info, now) = demo(&store).await;
        let router = app(&store);
        let today = today(&info, now);
        let referent = info.members[1];
        let (eggs_farm, other_farm) = {
            let mut conn = store.conn().await.expect("conn");
            let eggs = contracts::contract_by_id(&mut conn, info.eggs).await.expect("c").expect("eggs");
            let veg = contracts::contract_by_id(&mut conn, info.vegetables).await.expect("c").expect("veg");
            (eggs.farm_id.0, veg.farm_id.0)
        };
        let token = link(&store, referent, None, 0).await;
        let (html, cookie, csrf) = open(&router, &token).await;
        assert!(!html.contains("value=\"new\""), "{backend}: référent·es do not create farms");
        let (status, _, html) =
            save(&router, &token, Some(&cookie), &cheese_form(&csrf, other_farm, today, "save")).await;
        assert_eq!(status, 400, "{backend}: another farm");
        assert!(html.contains("farm-error"), "{backend}");
        let mut form = cheese_form(&csrf, eggs_farm, today, "save");
        set(&mut form, "farm", "new");
        set(&mut form, "new_farm", "Ferme pirate");
        let (status, _, _) = save(&router, &token, Some(&cookie), &form).await;
        assert_eq!(status, 400, "{backend}: a new farm");
        let (status, _, body) =
            save(&router, &token, Some(&cookie), &cheese_form(&csrf, eggs_farm, today, "save")).await;
        assert_eq!(status, 303, "{backend}: {body}");
        let c = contract_by_name(&store, info.amap, "Fromages").await.expect("saved");
        let mut conn = store.conn().await.expect("conn");
        let roles = directory::roles_of(&mut conn, referent).await.expect("roles");
        assert!(roles.contains(&Role::Referent(c.id)), "{backend}: the creator refers the new contract");
    }
}

#[tokio::test]
async fn an_open_contract_takes_text_and_favourable_rules_but_not_prices_or_dates() {
    for (backend, store) in stores().await {
        let (info, _now) = demo(&store).await;
        let router = app(&store);
        let bread_referent = info.members[4];
        let token = link(&store, bread_referent, Some(info.bread), 0).await;
        let (html, cookie, _csrf) = open(&router, &token).await;
        assert!(html.contains("Ce contrat est publié"), "{backend}: the page says what can change");
        // Re-send the page's own values, as a browser would.
        let form = form_from_page(&html);
        let mut text_change = form.clone();
        set(&mut text_change, "commitment", "Nouveau texte d'engagement.");
        set(&mut text_change, "max_absences", "9");
        let (status, _, body) = save(&router, &token, Some(&cookie), &text_change).await;
        assert_eq!(status, 303, "{backend}: {body}");
        let mut conn = store.conn().await.expect("conn");
        let bread = contracts::contract_by_id(&mut conn, info.bread).await.expect("c").expect("bread");
        assert_eq!(bread.rules.commitment_text, "Nouveau texte d'engagement.", "{backend}");
        assert_eq!(bread.rules.max_absences, 9, "{backend}");
        assert_eq!(bread.state, ContractState::Open, "{backend}");
        drop(conn);
        for (key, value, id) in [
            ("p0-price", "9,99", "products"),
            ("max_absences", "0", "max_absences-error"),
            ("deadline_days", "9", "deadline_days-error"),
            ("name", "Pain bis", "name-error"),
        ] {
            let mut change = form.clone();
            set(&mut change, "commitment", "Nouveau texte d'engagement.");
            set(&mut change, "max_absences", "9");
            set(&mut change, key, value);
            let (status, _, html) = save(&router, &token, Some(&cookie), &change).await;
            assert_eq!(status, 400, "{backend}: {key}");
            assert!(html.contains(&format!("id=\"{id}")), "{backend}: {key}: {id}");
        }
        let mut conn = store.conn().await.expect("conn");
        let products = contracts::products_of(&mut conn, info.bread).await.expect("p");
        assert_eq!(products[0].price.0, 520, "{backend}: price unchanged");
    }
}

#[tokio::test]
async fn renewal_copies_into_next_season_on_the_same_weekdays() {
    for (backend, store) in stores().await {
        let (info, now) = demo(&store).await;
        let panier = Panier::new(store.clone());
        let admin = info.admin;
        let eggs = info.eggs;
        let saved =
            panier.write(async |c| contract_editor::renew(c, admin, eggs, now).await).await.expect("renew");
        assert_eq!(saved.state, ContractState::Draft, "{backend}");
        let mut conn = store.conn().await.expect("conn");
        let old = contracts::deliveries_of(&mut conn, eggs).await.expect("d");
        let new = contracts::deliveries_of(&mut conn, saved.contract).await.expect("d");
        let planned: Vec<NaiveDate> = old
            .iter()
            .filter(|d| d.state == panier_core::rules::season::DeliveryState::Planned)
            .map(|d| d.scheduled)
            .collect();
        assert_eq!(new.len(), planned.len(), "{backend}");
        for (o, n) in planned.iter().zip(&new) {
            assert_eq!(n.scheduled.weekday(), o.weekday(), "{backend}");
            assert_eq!((n.scheduled - *o).num_days(), 364, "{backend}");
        }
        let c = contracts::contract_by_id(&mut conn, saved.contract).await.expect("c").expect("new");
        let o = contracts::contract_by_id(&mut conn, eggs).await.expect("c").expect("old");
        assert_ne!(c.season, o.season, "{backend}: next season");
        assert_eq!(contracts::products_of(&mut conn, saved.contract).await.expect("p").len(), 1, "{backend}");
        let referents = directory::holders_of(&mut conn, Role::Referent(saved.contract)).await.expect("r");
        assert!(referents.iter().any(|m| m.id == info.members[1]), "{backend}: same référent·es");
        let plain = info.demo_member;
        drop(conn);
        let refused = panier.write(async |c| contract_editor::renew(c, plain, eggs, now).await).await;
        assert!(refused.is_err(), "{backend}: members cannot renew");
    }
}

/// The values a browser would send back from the page: text inputs, checked boxes, selected
/// option, textarea.
pub fn form_from_page(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<input ") {
        rest = &rest[i..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let attr = |name: &str| {
            let needle = format!(" {name}=\"");
            tag.find(&needle).map(|s| {
                let v = &tag[s + needle.len()..];
                unescape(&v[..v.find('"').unwrap_or(v.len())])
            })
        };
        let kind = attr("type").unwrap_or_default();
        if let (Some(name), value) = (attr("name"), attr("value").unwrap_or_default())
            && (kind != "checkbox" || tag.contains(" checked"))
        {
            out.push((name, value));
        }
        rest = &rest[end..];
    }
    if let Some(s) = html.find("<select id=\"farm\"") {
        let sel = &html[s..];
        let sel = &sel[..sel.find("</select>").unwrap_or(sel.len())];
        if let Some(o) = sel.find(" selected") {
            let before = &sel[..o];
            let v = before.rfind("value=\"").map(|i| &before[i + 7..]).unwrap_or("");
            out.push(("farm".into(), v[..v.find('"').unwrap_or(0)].to_owned()));
        }
    }
    if let Some(s) = html.find("name=\"commitment\"") {
        let t = &html[s..];
        let start = t.find('>').map_or(0, |i| i + 1);
        let end = t.find("</textarea>").unwrap_or(start);
        out.push(("commitment".into(), unescape(&t[start..end])));
    }
    out.push(("action".into(), "save".into()));
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
