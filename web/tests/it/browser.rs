//! A member signs in a real browser: headless Chromium driven through WebDriver (chromedriver)
//! opens the link, changes quantities, sees the total update after submit, ticks the consent
//! box and signs; then the database and the evidence chain are checked. Screenshots at phone
//! (390x844) and desktop (1280x900) sizes go to target/screenshots/ for review.
//!
//! Runs when PANIER_TEST_CHROMEDRIVER is set (tests/browser/ci.sh starts chromedriver and sets
//! it); skipped otherwise.

use crate::support;
use crate::webdriver::{browser, shot, wait_for_text};

use fantoccini::Locator;
use panier_core::rules::state::SubscriptionState;
use panier_core::store::{contracts, subscriptions};
use panier_core::usecases::Panier;
use panier_core::usecases::signing::{self, DeliveredTo};
use panier_web::{Health, WebState};
use serde_json::json;

#[tokio::test]
async fn a_member_signs_in_a_real_browser() {
    let Some(driver) = crate::webdriver::driver() else { return };
    let started = std::time::Instant::now();
    let store = support::sqlite().await;
    let (info, now) = support::demo(&store).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let server = tokio::spawn(panier_web::serve(
        listener,
        WebState { store: store.clone(), health: Health::default() },
        stopped,
    ));

    let panier = Panier::new(store.clone());
    let julien = info.members[3];
    let bread = info.bread;
    let to = DeliveredTo { transport: "telegram".into(), account: "4242".into() };
    let token = panier
        .write(async |c| signing::issue_member_link(c, julien, bread, &to, now).await)
        .await
        .expect("link")
        .token;
    let mut conn = store.conn().await.expect("conn");
    let products = contracts::products_of(&mut conn, bread).await.expect("products");
    let dates = contracts::deliveries_of(&mut conn, bread).await.expect("dates");
    drop(conn);
    let miche = products[0].id;
    let n = dates.len() as i64;
    // WebDriver reads no-break spaces as plain spaces.
    let money = |cents: i64| {
        panier_conversation::format::money(panier_conversation::i18n::Lang::Fr, cents)
            .replace(['\u{a0}', '\u{202f}'], " ")
    };

    let client = browser(&driver).await;
    let url = format!("http://{addr}/s/{token}");
    client.set_window_size(390, 844).await.expect("phone size");
    client.goto(&url).await.expect("open link");
    let title = client.title().await.expect("title");
    assert!(title.contains("Pain"), "{title}");
    shot(&client, "sign-phone-1-opened").await;

    // Two loaves every week.
    let input = client.find(Locator::Id(&format!("q-{miche}"))).await.expect("quantity input");
    input.clear().await.expect("clear");
    input.send_keys("2").await.expect("type");
    let save = client.find(Locator::Css("#quantites form button[type=submit]")).await.expect("save button");
    save.click().await.expect("save");
    client.wait().for_element(Locator::Css(".notice[role=status]")).await.expect("saved notice");
    let total = client
        .find(Locator::Id("total"))
        .await
        .expect("total")
        .text()
        .await
        .expect("text")
        .replace(['\u{a0}', '\u{202f}'], " ");
    assert!(total.contains(&money(2 * 520 * n)), "{total}");
    shot(&client, "sign-phone-2-quantities").await;

    // One date changed by hand in the per-date table.
    client.find(Locator::Css("#par-date summary")).await.expect("summary").click().await.expect("open");
    let cell = format!("q-{miche}-{}", dates[0].scheduled.format("%Y-%m-%d"));
    let first = client.find(Locator::Css(&format!("input[name='{cell}']"))).await.expect("date input");
    first.clear().await.expect("clear");
    first.send_keys("1").await.expect("type");
    shot(&client, "sign-phone-3-per-date").await;
    client
        .find(Locator::Css("#par-date button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("save");
    // The page reloads after the POST (303): wait for the new total.
    wait_for_text(&client, "#total", &money(2 * 520 * n - 520)).await;

    // The desktop view of the same page, then the signature block on the phone.
    client.set_window_size(1280, 900).await.expect("desktop size");
    shot(&client, "sign-desktop-1-page").await;
    client.set_window_size(390, 844).await.expect("phone size");
    let consent = client.find(Locator::Id("consent")).await.expect("consent box");
    client
        .execute("arguments[0].scrollIntoView({block: 'center'});", vec![json!(consent)])
        .await
        .expect("scroll");
    consent.click().await.expect("tick");
    assert!(consent.is_selected().await.expect("selected"));
    shot(&client, "sign-phone-4-consent").await;
    client.find(Locator::Id("sign")).await.expect("sign button").click().await.expect("sign");
    // The signed page replaces the form; its heading thanks the member.
    wait_for_text(&client, "h1", "Merci").await;
    shot(&client, "sign-phone-5-signed").await;
    client.set_window_size(1280, 900).await.expect("desktop size");
    shot(&client, "sign-desktop-2-signed").await;
    client.close().await.expect("close browser");

    // What the database holds now.
    let mut conn = store.conn().await.expect("conn");
    let sub = subscriptions::subscription_for(&mut conn, bread, julien).await.expect("sub").expect("exists");
    assert_eq!(sub.state, SubscriptionState::MemberSigned);
    let grid = subscriptions::grid_of(&mut conn, sub.id).await.expect("grid");
    let loaves: i64 = grid.iter().filter(|c| c.product == miche).map(|c| i64::from(c.quantity)).sum();
    assert_eq!(loaves, 2 * n - 1);
    assert_eq!(signing::verify_evidence(&mut conn).await.expect("verify"), Ok(1));
    let (ip, user_agent, account): (String, String, String) =
        sqlx::query_as("SELECT ip, user_agent, account FROM signature_evidence WHERE seq = 1")
            .fetch_one(store.pool())
            .await
            .expect("evidence");
    assert_eq!(ip, "127.0.0.1");
    assert!(user_agent.contains("Chrome"), "{user_agent}");
    assert_eq!(account, "4242");
    drop(conn);
    let _ = stop.send(true);
    let _ = server.await;
    eprintln!("browser test took {:.1}s", started.elapsed().as_secs_f64());
}
