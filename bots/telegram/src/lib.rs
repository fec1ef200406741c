//! Panier's Telegram adapter: I/O only. Updates become the conversation layer's `Incoming`,
//! `Reply`s become Bot API calls (HTML text, inline keyboards), and outbox rows are pushed
//! through [`TelegramPush`] with Telegram's send limits. No business rule and no text here.
//!
//! For `panier serve`:
//! ```text
//! let telegram = panier_telegram::Telegram::new(&cfg.telegram)?;
//! let deliver = telegram.deliverer(bot.clone());          // core's `Deliver` for the dispatcher
//! tokio::spawn(async move { telegram.run(bot, shutdown_rx).await });
//! ```
//! or simply [`run`] and [`deliverer`] when the two need not share a rate limiter.
//!
//! With the `fake-api` feature, [`fake::FakeBotApi`] is a fake Bot API server for tests and
//! benchmarks.

pub mod adapter;
pub mod config;
pub mod convert;
pub mod errors;
pub mod menus;
pub mod polling;
pub mod push;
pub mod webhook;

#[cfg(feature = "fake-api")]
pub mod fake;

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use panier_conversation::Bot;
use panier_conversation::notify::{BotDeliver, Clock};
use panier_core::scheduler::limiter::Limiter;
use reqwest::Url;
use tokio::sync::watch;

pub use config::{TelegramConfig, WebhookConfig};
pub use convert::Identity;
pub use errors::Failure;
pub use push::TelegramPush;

/// The `transport` name of Telegram rows and accounts.
pub const TRANSPORT: &str = "telegram";

/// The transport_state key holding the last handled update_id.
pub const OFFSET_KEY: &str = "telegram.offset";

/// The longest 429 pause a call waits out before giving up (the outbox has its own retries).
pub const MAX_INLINE_RETRY_AFTER: u32 = 30;

/// Long polling: how long Telegram holds a getUpdates call open when there is nothing new.
pub const DEFAULT_POLL_TIMEOUT_SECS: u32 = 25;

/// A connection to one bot on one Bot API server, shared by the update loop and the outbox
/// pusher (same rate limiter). Cheap to clone.
#[derive(Clone)]
pub struct Telegram {
    token: Arc<str>,
    api_url: Url,
    /// Requests other than getUpdates.
    send: teloxide::Bot,
    /// getUpdates, with a client time-out longer than the poll.
    poll: teloxide::Bot,
    poll_timeout: u32,
    request_timeout: Duration,
    retry_base: Duration,
    max_backoff: Duration,
    clock: Clock,
    limiter: Arc<SendLimiter>,
    pressed: Arc<Mutex<RecentSet<(i64, i32)>>>,
    identity: Arc<Mutex<Identity>>,
    configured_username: Option<String>,
    webhook: Option<WebhookConfig>,
}

impl std::fmt::Debug for Telegram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telegram")
            .field("token", &"(redacted)")
            .field("api_url", &self.api_url.as_str())
            .field("poll_timeout", &self.poll_timeout)
            .field("webhook", &self.webhook)
            .finish_non_exhaustive()
    }
}

/// Builds a teloxide bot whose HTTP client gives up after `timeout`.
fn client_bot(token: &str, api_url: &Url, timeout: Duration) -> anyhow::Result<teloxide::Bot> {
    let client = teloxide::net::default_reqwest_settings()
        .timeout(timeout)
        .build()
        .map_err(|_| anyhow::anyhow!("cannot build the HTTP client for Telegram"))?;
    Ok(teloxide::Bot::with_client(token, client).set_api_url(api_url.clone()))
}

impl Telegram {
    /// Checks the configuration and prepares the HTTP clients (no network call yet).
    pub fn new(cfg: &TelegramConfig) -> anyhow::Result<Telegram> {
        cfg.validate()?;
        let token: Arc<str> = Arc::from(cfg.token.trim());
        let api_url = cfg.api_url()?;
        let request_timeout = Duration::from_secs(17);
        let poll_timeout = DEFAULT_POLL_TIMEOUT_SECS;
        Ok(Telegram {
            send: client_bot(&token, &api_url, request_timeout)?,
            poll: client_bot(&token, &api_url, poll_client_timeout(poll_timeout, request_timeout))?,
            token,
            api_url,
            poll_timeout,
            request_timeout,
            retry_base: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            clock: Arc::new(chrono::Utc::now),
            limiter: Arc::new(SendLimiter::new(Limiter::telegram())),
            pressed: Arc::new(Mutex::new(RecentSet::new(10_000))),
            identity: Arc::new(Mutex::new(Identity {
                id: None,
                username: cfg.username().map(str::to_owned),
            })),
            configured_username: cfg.username().map(str::to_owned),
            webhook: cfg.webhook.clone(),
        })
    }

    /// The instant given to the conversation layer for each update (tests replay a date).
    pub fn with_clock(mut self, clock: Clock) -> Telegram {
        self.clock = clock;
        self
    }

    /// How long a getUpdates call waits for news (0: short polling, for tests).
    pub fn with_poll_timeout(mut self, seconds: u32) -> anyhow::Result<Telegram> {
        self.poll_timeout = seconds;
        self.poll =
            client_bot(&self.token, &self.api_url, poll_client_timeout(seconds, self.request_timeout))?;
        Ok(self)
    }

    /// How long any other call may take before it counts as a time-out (default 17 s).
    pub fn with_request_timeout(mut self, timeout: Duration) -> anyhow::Result<Telegram> {
        self.request_timeout = timeout;
        self.send = client_bot(&self.token, &self.api_url, timeout)?;
        self.poll = client_bot(&self.token, &self.api_url, poll_client_timeout(self.poll_timeout, timeout))?;
        Ok(self)
    }

    /// The first pause after a failed call (doubled each time, up to `max`): 1 s and 60 s by
    /// default; tests shorten them.
    pub fn with_backoff(mut self, base: Duration, max: Duration) -> Telegram {
        self.retry_base = base;
        self.max_backoff = max.max(base);
        self
    }

    /// The sends' rate limiter, to share with another `Telegram` of the same bot.
    pub fn with_limiter(mut self, limiter: Arc<SendLimiter>) -> Telegram {
        self.limiter = limiter;
        self
    }

    pub fn limiter(&self) -> Arc<SendLimiter> {
        self.limiter.clone()
    }

    /// The teloxide bot used for calls other than getUpdates (never print it: its `Debug`
    /// shows the token).
    pub fn client(&self) -> &teloxide::Bot {
        &self.send
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        (self.clock)()
    }

    /// Who the bot is, as far as known (configuration, then getMe).
    pub fn identity(&self) -> Identity {
        self.identity.lock().map(|i| i.clone()).unwrap_or_default()
    }

    /// The bot's username: from the configuration, else asked with getMe.
    pub async fn bot_username(&self) -> anyhow::Result<String> {
        if let Some(name) = &self.configured_username {
            return Ok(name.clone());
        }
        self.refresh_identity().await?;
        self.identity().username.ok_or_else(|| anyhow::anyhow!("Telegram did not give the bot's username"))
    }

    /// Calls getMe and remembers the bot's id and username.
    pub async fn refresh_identity(&self) -> Result<Identity, Failure> {
        use teloxide::requests::Requester;
        let me = self.call("getMe", 3, || self.send.get_me()).await?;
        let mut identity = self.identity();
        identity.id = Some(me.user.id);
        if self.configured_username.is_none() {
            identity.username = me.user.username.clone();
        }
        if let Ok(mut current) = self.identity.lock() {
            *current = identity.clone();
        }
        Ok(identity)
    }

    /// The outbox deliverer for the dispatcher: renders each row for its recipient and pushes
    /// it to Telegram with the shared limiter.
    pub fn deliverer(&self, bot: Bot) -> BotDeliver<TelegramPush> {
        BotDeliver::new(bot, self.push_transport()).with_clock(self.clock.clone())
    }

    /// The push half alone (for a custom `BotDeliver`).
    pub fn push_transport(&self) -> TelegramPush {
        TelegramPush::new(self.clone())
    }

    /// Receives updates until `shutdown` turns true: by webhook when configured, else by long
    /// polling. Registers the command menus first. Returns an error only when the token is
    /// refused or the webhook server cannot listen.
    pub async fn run(&self, bot: Bot, shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
        match self.refresh_identity().await {
            Ok(_) => {}
            Err(Failure::BadToken) => anyhow::bail!("Telegram refused the bot token (telegram.token)"),
            Err(e) => tracing::warn!(reason = ?e, "getMe failed; going on without the bot's identity"),
        }
        if let Err(e) = menus::register(self, bot.catalog()).await {
            tracing::warn!(reason = ?e, "could not register the command menus");
        }
        match self.webhook.clone() {
            Some(webhook) => webhook::serve(self, bot, &webhook, shutdown).await,
            None => polling::run(self, bot, shutdown).await,
        }
    }

    /// Runs a Bot API call, retrying 429s (waiting as told) and temporary failures (with
    /// backoff) up to `attempts` times in all. `what` names the method in logs.
    pub async fn call<T, F, Fut>(&self, what: &'static str, attempts: u32, mut f: F) -> Result<T, Failure>
    where
        F: FnMut() -> Fut,
        Fut: std::future::IntoFuture<Output = Result<T, teloxide::RequestError>>,
    {
        let mut tried = 0;
        loop {
            tried += 1;
            let failure = match f().into_future().await {
                Ok(value) => return Ok(value),
                Err(e) => errors::classify(&e),
            };
            let pause = match &failure {
                // Someone is waiting for this answer: wait a little, not for minutes.
                Failure::RetryAfter(s) if tried <= attempts && *s <= MAX_INLINE_RETRY_AFTER => {
                    Duration::from_secs(u64::from(*s))
                }
                Failure::Temporary(_) if tried < attempts => self.backoff(tried),
                _ => {
                    tracing::debug!(method = what, reason = ?failure, "telegram call failed");
                    return Err(failure);
                }
            };
            tracing::debug!(method = what, reason = ?failure, pause_ms = pause.as_millis() as u64, "retrying");
            tokio::time::sleep(pause).await;
        }
    }

    /// The pause after the `n`th consecutive failure.
    pub fn backoff(&self, n: u32) -> Duration {
        let factor = 1u32 << n.saturating_sub(1).min(16);
        self.retry_base.saturating_mul(factor).min(self.max_backoff)
    }

    fn poll_timeout(&self) -> u32 {
        self.poll_timeout
    }

    /// Whether this press of a button on (chat, message) is the first one seen.
    fn first_press(&self, chat: i64, message: i32) -> bool {
        self.pressed.lock().map(|mut p| p.insert((chat, message))).unwrap_or(true)
    }
}

fn poll_client_timeout(poll_secs: u32, request_timeout: Duration) -> Duration {
    Duration::from_secs(u64::from(poll_secs)) + request_timeout.max(Duration::from_secs(1))
}

/// Receives updates until `shutdown` turns true (long polling, or the webhook when configured).
pub async fn run(bot: Bot, cfg: TelegramConfig, shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
    Telegram::new(&cfg)?.run(bot, shutdown).await
}

/// The outbox deliverer for `cfg`'s bot (its own rate limiter: prefer
/// [`Telegram::deliverer`] to share one with the update loop).
pub fn deliverer(bot: Bot, cfg: &TelegramConfig) -> anyhow::Result<BotDeliver<TelegramPush>> {
    Ok(Telegram::new(cfg)?.deliverer(bot))
}

/// Telegram's send limits ([`Limiter::telegram`]) on a monotonic clock, shared by every send.
#[derive(Debug)]
pub struct SendLimiter {
    limiter: Mutex<Limiter>,
    origin: tokio::time::Instant,
}

impl SendLimiter {
    pub fn new(limiter: Limiter) -> SendLimiter {
        SendLimiter { limiter: Mutex::new(limiter), origin: tokio::time::Instant::now() }
    }

    /// Waits until a message may be sent to `chat`, and counts it.
    pub async fn acquire(&self, chat: &str, is_group: bool) {
        loop {
            let wait = match self.limiter.lock() {
                Ok(mut l) => {
                    let now = self.origin.elapsed();
                    let wait = l.wait(chat, is_group, now);
                    if wait.is_zero() {
                        l.record(chat, now);
                    }
                    wait
                }
                Err(_) => Duration::ZERO,
            };
            if wait.is_zero() {
                return;
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Counts a message sent without waiting (an answer to someone who just wrote).
    pub fn record(&self, chat: &str) {
        if let Ok(mut l) = self.limiter.lock() {
            l.record(chat, self.origin.elapsed());
        }
    }
}

/// A bounded set of recently seen keys (oldest forgotten first).
#[derive(Debug)]
pub(crate) struct RecentSet<K> {
    order: VecDeque<K>,
    seen: HashSet<K>,
    cap: usize,
}

impl<K: std::hash::Hash + Eq + Clone> RecentSet<K> {
    pub(crate) fn new(cap: usize) -> RecentSet<K> {
        RecentSet { order: VecDeque::new(), seen: HashSet::new(), cap }
    }

    pub(crate) fn contains(&self, key: &K) -> bool {
        self.seen.contains(key)
    }

    /// True when `key` was not there.
    pub(crate) fn insert(&mut self, key: K) -> bool {
        if !self.seen.insert(key.clone()) {
            return false;
        }
        self.order.push_back(key);
        while self.order.len() > self.cap {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_set_forgets_the_oldest() {
        let mut s = RecentSet::new(2);
        assert!(s.insert((1, 1)));
        assert!(!s.insert((1, 1)));
        assert!(s.insert((1, 2)));
        assert!(s.insert((1, 3)));
        assert!(s.insert((1, 1)), "forgotten");
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let t = Telegram::new(&TelegramConfig::new("1:x"))
            .expect("telegram")
            .with_backoff(Duration::from_millis(100), Duration::from_millis(500));
        let pauses: Vec<u128> = (1..=5).map(|n| t.backoff(n).as_millis()).collect();
        assert_eq!(pauses, [100, 200, 400, 500, 500]);
        assert!(!format!("{t:?}").contains("1:x"));
    }
}
