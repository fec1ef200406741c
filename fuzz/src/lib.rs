//! The fuzzing harness shared by the targets: one seeded demo AMAP per process (a temporary
//! SQLite file), a runtime to drive the async code, and one entry point per target. The same
//! entry points replay the kept crashing inputs (`fuzz/regressions/`) in the workspace tests.

use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, Utc};
use panier_conversation::{Bot, Incoming, Transport};
use panier_core::store::{Store, accounts};
use panier_core::usecases::Panier;
use tokio::runtime::Runtime;

pub struct World {
    runtime: Runtime,
    store: Store,
    bot: Bot,
    now: DateTime<Utc>,
    amap_slug: String,
}

/// Console accounts the inputs are sent from: a stranger, a member, an admin and referent.
const SENDERS: [&str; 3] = ["stranger@fuzz", "member@fuzz", "admin@fuzz"];

pub fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let path = std::env::temp_dir().join(format!("panier_fuzz_{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let now = DateTime::parse_from_rfc3339("2027-05-05T10:00:00+02:00").expect("now").with_timezone(&Utc);
        let (store, amap_slug) = runtime.block_on(async {
            let store = Store::open(&path.to_string_lossy()).await.expect("store");
            let info = panier_core::demo::seed(&store, now.date_naive(), now).await.expect("seed");
            let mut c = store.conn().await.expect("conn");
            for (sender, member) in SENDERS[1..].iter().zip([info.demo_member, info.admin]) {
                accounts::link_account(&mut c, member, "console", sender, sender, now).await.expect("link");
            }
            (store, info.amap_slug)
        });
        let bot = Bot::new(Panier::new(store.clone())).with_public_url("https://panier.example");
        World { runtime, store, bot, now, amap_slug }
    })
}

/// A message typed by one of the senders (the first byte picks who).
pub fn command(data: &[u8]) {
    let Some((&who, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let w = world();
    let sender = SENDERS[usize::from(who) % SENDERS.len()];
    let replies =
        w.runtime.block_on(w.bot.handle(&Incoming::private(Transport::Console, sender, text), w.now));
    for reply in replies {
        // Rendering must hold too: the adapters call these on every reply.
        let _ = (reply.text.plain(), reply.text.html());
    }
}

/// A date as people type it, relative to a few different days.
pub fn date(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for today in [(2027, 5, 5), (2026, 12, 31), (2028, 2, 29)] {
        let today = NaiveDate::from_ymd_opt(today.0, today.1, today.2).expect("day");
        if let Ok(date) = panier_conversation::parse::parse_date(text, today) {
            // What was read must read back the same in ISO form.
            let iso = date.format("%Y-%m-%d").to_string();
            assert_eq!(panier_conversation::parse::parse_date(&iso, today), Ok(date), "{text:?}");
        }
    }
}

/// A season file, imported into the demo database (all-or-nothing).
pub fn season_toml(data: &[u8]) {
    let (text, _) = panier_core::import::decode_text(data);
    let w = world();
    let _ = w.runtime.block_on(panier_core::import::import_season(&w.store, "season.toml", &text, w.now));
}

/// A members CSV or a subscriptions CSV (the first byte picks which).
pub fn csv_import(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else { return };
    let (text, _) = panier_core::import::decode_text(rest);
    let w = world();
    let slug = w.amap_slug.as_str();
    let _ = w.runtime.block_on(async {
        if which % 2 == 0 {
            panier_core::import::import_members(&w.store, slug, "members.csv", &text, w.now).await.map(|_| ())
        } else {
            panier_core::import::import_subscriptions(&w.store, None, Some(slug), "subs.csv", &text, w.now)
                .await
                .map(|_| ())
        }
    });
}
