//! A demo AMAP on a temporary SQLite file, the fake Bot API server, and an adapter pointed
//! at it with the clock fixed.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use panier_conversation::Bot;
use panier_core::demo::{self, DemoInfo};
use panier_core::store::{Store, accounts, directory};
use panier_core::types::{Email, MemberId};
use panier_core::usecases::Panier;
use panier_telegram::fake::{self, FakeBotApi, FakeUser};
use panier_telegram::{Telegram, TelegramConfig};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Wednesday 5 May 2027, 10:00 in Paris: mid-season in the demo.
pub const NOW: &str = "2027-05-05T10:00:00+02:00";

/// How long a test waits for something that should happen at once.
pub const SOON: Duration = Duration::from_secs(10);

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
}

pub struct Env {
    pub store: Store,
    pub bot: Bot,
    pub fake: FakeBotApi,
    pub info: DemoInfo,
    pub now: DateTime<Utc>,
    path: PathBuf,
}

impl Drop for Env {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

impl Env {
    pub async fn new() -> Env {
        let path = std::env::temp_dir().join(format!(
            "panier_telegram_{}_{}.db",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let store = Store::open(&path.to_string_lossy()).await.expect("open store");
        let now = at(NOW);
        let today = now.with_timezone(&chrono_tz::Europe::Paris).date_naive();
        let info = demo::seed(&store, today, now).await.expect("seed demo");
        let fake = FakeBotApi::start().await.expect("fake server");
        let bot = Bot::new(Panier::new(store.clone()));
        Env { store, bot, fake, info, now, path }
    }

    pub fn config(&self) -> TelegramConfig {
        TelegramConfig::new(fake::TOKEN).with_api_url(self.fake.url())
    }

    /// An adapter on the fake server: short polls and pauses, the clock at `now`.
    pub fn telegram_at(&self, cfg: TelegramConfig, now: DateTime<Utc>) -> Telegram {
        Telegram::new(&cfg)
            .expect("telegram")
            .with_poll_timeout(1)
            .expect("poll timeout")
            .with_request_timeout(Duration::from_secs(5))
            .expect("request timeout")
            .with_backoff(Duration::from_millis(50), Duration::from_millis(200))
            .with_clock(Arc::new(move || now))
    }

    pub fn telegram(&self) -> Telegram {
        self.telegram_at(self.config(), self.now)
    }

    /// Starts the update loop in the background.
    pub fn start(&self) -> Running {
        self.start_with(self.telegram())
    }

    pub fn start_with(&self, tg: Telegram) -> Running {
        let (stop, shutdown) = watch::channel(false);
        let bot = self.bot.clone();
        let task = tokio::spawn(async move { tg.run(bot, shutdown).await });
        Running { stop, task }
    }

    pub async fn member(&self, email: &str) -> MemberId {
        let mut c = self.store.conn().await.expect("conn");
        let email = Email::parse(email).expect("email");
        directory::member_by_email(&mut c, &email).await.expect("lookup").expect("member").id
    }

    /// Links `user`'s Telegram account to the member with `email` (as `/start CODE` would).
    pub async fn link(&self, email: &str, user: &FakeUser) -> MemberId {
        let member = self.member(email).await;
        let mut c = self.store.conn().await.expect("conn");
        let id = user.id.to_string();
        accounts::link_account(&mut c, member, "telegram", &id, &id, self.now).await.expect("link");
        member
    }

    /// Waits until `chat` received `n` messages; returns them (texts as sent, HTML).
    pub async fn wait_sent(&self, chat: i64, n: usize) -> Vec<panier_telegram::fake::Call> {
        let reached = self.fake.wait_until(SOON, |f| f.sent_to(chat).len() >= n).await;
        let sent = self.fake.sent_to(chat);
        assert!(reached, "chat {chat} got {} messages, expected {n}: {:#?}", sent.len(), texts(&sent));
        sent
    }
}

pub fn texts(calls: &[panier_telegram::fake::Call]) -> Vec<String> {
    calls.iter().map(|c| c.text()).collect()
}

/// Camille, the demo member, on Telegram.
pub fn camille() -> FakeUser {
    FakeUser::new(5001, "Camille")
}

pub struct Running {
    stop: watch::Sender<bool>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Asks the loop to stop and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let ended = tokio::time::timeout(SOON, self.task).await.expect("adapter stops in time");
        ended.expect("adapter task").expect("adapter ends without error");
    }
}
