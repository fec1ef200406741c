//! The bridge between core's dispatcher and the chat adapters: the dispatcher hands an outbox
//! row to [`BotDeliver`], which renders it with [`super::render`] and gives the reply to a
//! [`PushTransport`] (the Telegram or Matrix adapter: I/O only, no text built there).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use panier_core::scheduler::dispatcher::{Deliver, DeliverFuture, SendError};
use panier_core::store::outbox::OutboxMessage;

use crate::Bot;
use crate::message::{Button, Reply};

/// What a transport's send returns: its message id, or why it failed.
pub type PushFuture<'a> = Pin<Box<dyn Future<Output = Result<String, SendError>> + Send + 'a>>;

/// A chat network able to push a reply to a chat without being asked (adapters implement it).
pub trait PushTransport: Send + Sync {
    /// The `transport` value of the outbox rows it sends: "telegram", "matrix".
    fn name(&self) -> &str;

    /// Sends `reply` to `chat_id` and returns the transport's message id. The same
    /// `idempotency_key` is given again when a send is retried (a Matrix transaction id).
    fn push(&self, chat_id: &str, reply: &Reply, idempotency_key: &str) -> PushFuture<'_>;
}

/// The instant used to render (send time). Tests and the console replay a fixed clock.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Core's `Deliver` for one transport: render the row for its recipient, then push it.
///
/// A row with nothing to say any more is not sent and reported as delivered with the id
/// `"skipped"`, so the dispatcher marks it done. A database failure while rendering is a
/// temporary error (retried later); the reason given to the dispatcher is short and holds
/// no personal data.
pub struct BotDeliver<T: PushTransport> {
    bot: Bot,
    transport: T,
    clock: Clock,
}

/// The message id reported for a row that had nothing to say any more.
pub const SKIPPED: &str = "skipped";

impl<T: PushTransport> BotDeliver<T> {
    /// Renders at the system time.
    pub fn new(bot: Bot, transport: T) -> BotDeliver<T> {
        BotDeliver { bot, transport, clock: Arc::new(Utc::now) }
    }

    /// Renders at the instant `clock` gives (a replayed or simulated time).
    pub fn with_clock(mut self, clock: Clock) -> BotDeliver<T> {
        self.clock = clock;
        self
    }

    pub fn transport_ref(&self) -> &T {
        &self.transport
    }

    /// The idempotency key of a row: stable across retries of the same row.
    pub fn idempotency_key(message: &OutboxMessage) -> String {
        format!("panier-outbox-{}", message.id)
    }
}

impl<T: PushTransport> Deliver for BotDeliver<T> {
    fn transport(&self) -> &str {
        self.transport.name()
    }

    fn deliver<'a>(&'a self, message: &'a OutboxMessage) -> DeliverFuture<'a> {
        Box::pin(async move {
            let now = (self.clock)();
            match super::render(&self.bot, message, now).await {
                Ok(Some(reply)) => {
                    let key = Self::idempotency_key(message);
                    self.transport.push(&message.chat_id, &reply, &key).await
                }
                Ok(None) => Ok(SKIPPED.to_owned()),
                Err(e) => {
                    tracing::warn!(kind = %message.kind, id = %message.id, error = %e, "could not render a pushed message");
                    let why =
                        if e.is_store() { "render failed: database unavailable" } else { "render failed" };
                    Err(SendError::Temporary(why.to_owned()))
                }
            }
        })
    }
}

/// One message a [`RecordingTransport`] received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub chat_id: String,
    /// The text without formatting.
    pub text: String,
    /// The text with `**bold**` marks, as transcripts show it.
    pub markup: String,
    pub buttons: Vec<Button>,
    pub idempotency_key: String,
    pub message_id: String,
}

/// A transport that keeps what it is given (tests, the console's `serve --dry`). Like a
/// Matrix homeserver, a repeated idempotency key returns the first message id and records
/// nothing new.
#[derive(Debug)]
pub struct RecordingTransport {
    name: String,
    pushed: Mutex<Vec<Pushed>>,
}

impl RecordingTransport {
    pub fn new(name: impl Into<String>) -> RecordingTransport {
        RecordingTransport { name: name.into(), pushed: Mutex::new(Vec::new()) }
    }

    /// Everything pushed so far, in order.
    pub fn pushed(&self) -> Vec<Pushed> {
        self.pushed.lock().map(|p| p.clone()).unwrap_or_default()
    }

    /// Everything pushed so far, emptying the record.
    pub fn take(&self) -> Vec<Pushed> {
        self.pushed.lock().map(|mut p| std::mem::take(&mut *p)).unwrap_or_default()
    }

    /// The messages pushed to one chat.
    pub fn to_chat(&self, chat_id: &str) -> Vec<Pushed> {
        self.pushed().into_iter().filter(|p| p.chat_id == chat_id).collect()
    }
}

fn markup_of(reply: &Reply) -> String {
    reply.text.spans.iter().map(|s| if s.bold { format!("**{}**", s.text) } else { s.text.clone() }).collect()
}

impl PushTransport for RecordingTransport {
    fn name(&self) -> &str {
        &self.name
    }

    fn push(&self, chat_id: &str, reply: &Reply, idempotency_key: &str) -> PushFuture<'_> {
        let result = match self.pushed.lock() {
            Ok(mut pushed) => match pushed.iter().find(|p| p.idempotency_key == idempotency_key) {
                Some(first) => Ok(first.message_id.clone()),
                None => {
                    let message_id = format!("{}-{}", self.name, pushed.len() + 1);
                    pushed.push(Pushed {
                        chat_id: chat_id.to_owned(),
                        text: reply.text.plain(),
                        markup: markup_of(reply),
                        buttons: reply.buttons.clone(),
                        idempotency_key: idempotency_key.to_owned(),
                        message_id: message_id.clone(),
                    });
                    Ok(message_id)
                }
            },
            Err(_) => Err(SendError::Temporary("recording transport poisoned".to_owned())),
        };
        Box::pin(async move { result })
    }
}
