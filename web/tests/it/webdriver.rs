//! Headless Chromium through chromedriver for the browser tests: one way to open a browser,
//! take screenshots and wait for a page that replaces the current one.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The chromedriver URL, or `None` (with a note) when the browser tests are not set up.
pub fn driver() -> Option<String> {
    let driver = std::env::var("PANIER_TEST_CHROMEDRIVER").ok();
    if driver.is_none() {
        eprintln!("skipped: set PANIER_TEST_CHROMEDRIVER (see tests/browser/ci.sh) to run the browser test");
    }
    driver
}

pub async fn browser(driver: &str) -> Client {
    let mut caps = serde_json::Map::new();
    let mut options = json!({ "args": CHROMIUM_FLAGS });
    if let Ok(binary) = std::env::var("PANIER_TEST_CHROMIUM") {
        options["binary"] = json!(binary);
    }
    caps.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver)
        .await
        .expect("connect to chromedriver")
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshots dir");
    dir
}

/// Saves the page as target/screenshots/{name}.png for review.
pub async fn shot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(screenshots().join(format!("{name}.png")), png).expect("write screenshot");
}

/// Waits until the element matched by `css` shows `needle`. A submit replaces the page, so the
/// element found first may belong to the old page and go stale: such errors only mean "retry".
pub async fn wait_for_text(client: &Client, css: &str, needle: &str) -> String {
    let mut seen = String::new();
    for _ in 0..100 {
        if let Ok(el) = client.find(Locator::Css(css)).await {
            seen = el.text().await.unwrap_or_default().replace(['\u{a0}', '\u{202f}'], " ");
            if seen.contains(needle) {
                return seen;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} never showed {needle:?}; last: {seen}");
}
