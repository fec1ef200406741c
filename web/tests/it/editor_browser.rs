//! The contract editor in a real browser (headless Chromium through chromedriver): an admin
//! opens the bot's link, names the contract, adds two products, sets a five-week calendar,
//! unticks one date in the month calendar, saves the draft and publishes it; a member's
//! signing page then shows the four remaining dates and the right total. Screenshots of the
//! editor at phone (390x844) and desktop (1280x900) sizes go to target/screenshots/.
//!
//! Runs when PANIER_TEST_CHROMEDRIVER is set (tests/browser/ci.sh); skipped otherwise.

use crate::support;
use crate::webdriver::{browser, shot, wait_for_text};

use chrono::{Datelike, Days, Utc};
use fantoccini::{Client, Locator};
use panier_core::rules::state::ContractState;
use panier_core::store::contracts;
use panier_core::usecases::Panier;
use panier_core::usecases::editor;
use panier_core::usecases::signing::{self, DeliveredTo};
use panier_web::{Health, WebState};
use serde_json::json;

async fn type_into(client: &Client, id: &str, value: &str) {
    let el = client.find(Locator::Id(id)).await.unwrap_or_else(|_| panic!("field {id}"));
    el.clear().await.expect("clear");
    el.send_keys(value).await.expect("type");
}

/// Date inputs take keys in the browser's locale order: set their value directly.
async fn set_value(client: &Client, id: &str, value: &str) {
    client
        .execute("document.getElementById(arguments[0]).value = arguments[1];", vec![json!(id), json!(value)])
        .await
        .expect("set value");
}

async fn scroll_to(client: &Client, css: &str) {
    let el = client.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("{css}"));
    client.execute("arguments[0].scrollIntoView({block: 'start'});", vec![json!(el)]).await.expect("scroll");
}

#[tokio::test]
async fn an_admin_builds_and_publishes_a_contract_in_a_real_browser() {
    let Some(driver) = crate::webdriver::driver() else { return };
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
    let to = DeliveredTo { transport: "telegram".into(), account: "4243".into() };
    let admin = info.admin;
    let token = panier
        .write(async |c| editor::issue_contract_link(c, admin, None, &to, now).await)
        .await
        .expect("link")
        .token;
    let today = panier_core::rules::deadlines::local_today(now, chrono_tz::Europe::Paris);
    let (first, _) = crate::editor::season(today);
    let last = first + Days::new(28);
    let skipped = first + Days::new(14);
    let money = |cents: i64| {
        panier_conversation::format::money(panier_conversation::i18n::Lang::Fr, cents)
            .replace(['\u{a0}', '\u{202f}'], " ")
    };

    let client = browser(&driver).await;
    client.set_window_size(390, 844).await.expect("phone size");
    client.goto(&format!("http://{addr}/e/{token}")).await.expect("open link");
    let title = client.title().await.expect("title");
    assert!(title.contains("Nouveau contrat"), "{title}");
    shot(&client, "editor-phone-1-new").await;

    let farm = client.find(Locator::Id("farm")).await.expect("farm select");
    let options = farm.find_all(Locator::Css("option")).await.expect("options");
    let mut farm_value = String::new();
    for o in options {
        let v = o.attr("value").await.expect("attr").unwrap_or_default();
        if !v.is_empty() && v != "new" {
            farm_value = v;
            break;
        }
    }
    farm.select_by_value(&farm_value).await.expect("pick a farm");
    type_into(&client, "name", "Fromages").await;
    type_into(&client, "season", &first.year().to_string()).await;
    type_into(&client, "p0-name", "Tomme").await;
    type_into(&client, "p0-unit", "pièce").await;
    type_into(&client, "p0-price", "8,50").await;
    type_into(&client, "p1-name", "Yaourts").await;
    type_into(&client, "p1-price", "3").await;
    set_value(&client, "first", &first.to_string()).await;
    set_value(&client, "last", &last.to_string()).await;
    type_into(&client, "max_cheques", "2").await;
    // Without script, the calendar follows the new dates after a save.
    scroll_to(&client, "#calendar").await;
    client
        .find(Locator::Css("#calendar button[type=submit]"))
        .await
        .expect("refresh button")
        .click()
        .await
        .expect("refresh");
    wait_for_text(&client, ".notice[role=status]", "Enregistré").await;
    let boxes = client.find_all(Locator::Css("input[name='cal-day']")).await.expect("calendar boxes");
    assert_eq!(boxes.len(), 5, "five Tuesdays");
    let day = client
        .find(Locator::Css(&format!("input[name='cal-day'][value='{skipped}']")))
        .await
        .expect("the third Tuesday");
    client
        .execute("arguments[0].scrollIntoView({block: 'center'});", vec![json!(day)])
        .await
        .expect("scroll");
    day.click().await.expect("untick");
    assert!(!day.is_selected().await.expect("state"));
    shot(&client, "editor-phone-2-calendar").await;
    client.find(Locator::Id("save")).await.expect("save").click().await.expect("save");
    wait_for_text(&client, ".notice[role=status]", "Enregistré").await;
    // 4 dates: (8,50 + 3) × 4 = 46,00 € in two cheques of 23,00 €.
    let sample = wait_for_text(&client, "#sample-total", &money(4600)).await;
    assert!(sample.contains(&money(4600)), "{sample}");
    let cheques = wait_for_text(&client, "#preview-cheques", &money(2300)).await;
    assert!(cheques.contains(&money(2300)), "{cheques}");
    scroll_to(&client, "#apercu").await;
    shot(&client, "editor-phone-3-preview").await;
    client.set_window_size(1280, 900).await.expect("desktop size");
    client.execute("window.scrollTo(0, 0);", vec![]).await.expect("top");
    shot(&client, "editor-desktop-1-form").await;
    scroll_to(&client, "#calendar").await;
    shot(&client, "editor-desktop-2-calendar").await;

    client.find(Locator::Id("publish")).await.expect("publish").click().await.expect("publish");
    wait_for_text(&client, ".notice[role=status]", "Publié").await;
    shot(&client, "editor-desktop-3-published").await;

    // A member's signing page: the four dates, one of each = 46,00 €.
    let mut conn = store.conn().await.expect("conn");
    let contract = contracts::contracts_of_amap(&mut conn, info.amap)
        .await
        .expect("contracts")
        .into_iter()
        .find(|c| c.name == "Fromages")
        .expect("the new contract");
    assert_eq!(contract.state, ContractState::Open);
    drop(conn);
    let member = info.demo_member;
    let cid = contract.id;
    let sign_token = panier
        .write(async |c| signing::issue_member_link(c, member, cid, &to, Utc::now()).await)
        .await
        .expect("member link")
        .token;
    client.set_window_size(390, 844).await.expect("phone size");
    client.goto(&format!("http://{addr}/s/{sign_token}")).await.expect("signing page");
    let rows = client.find_all(Locator::Css("#quantites tbody tr")).await.expect("rows");
    assert_eq!(rows.len(), 4, "the skipped date is not offered");
    let table =
        client.find(Locator::Css("#quantites table")).await.expect("table").html(false).await.expect("html");
    let skipped_label =
        panier_conversation::format::date_long(panier_conversation::i18n::Lang::Fr, skipped, today);
    assert!(!table.contains(&panier_conversation::format::capitalize(&skipped_label)), "{table}");
    let inputs = client.find_all(Locator::Css("#quantites > form input[type=number]")).await.expect("inputs");
    assert_eq!(inputs.len(), 2, "two products");
    for input in inputs {
        input.clear().await.expect("clear");
        input.send_keys("1").await.expect("type");
    }
    client
        .find(Locator::Css("#quantites > form button[type=submit]"))
        .await
        .expect("save")
        .click()
        .await
        .expect("save");
    wait_for_text(&client, "#total", &money(4600)).await;
    shot(&client, "editor-phone-4-member-signing-page").await;
    client.close().await.expect("close browser");
    let _ = stop.send(true);
    let _ = server.await;
}
