//! Outbox delivery: the notify bridge renders a row into a `Reply`, [`TelegramPush`] sends it
//! within Telegram's limits and tells the dispatcher what a failure means (429: wait as told;
//! blocked / deactivated / chat gone: unreachable; 5xx, network, time-out: later; other 400:
//! give up). Pushes are not retried here: the dispatcher owns retries.

use panier_conversation::Reply;
use panier_conversation::message::Document;
use panier_conversation::notify::{PushFuture, PushTransport};
use panier_core::scheduler::dispatcher::SendError;
use teloxide::types::{ChatId, MessageId};

use crate::errors::{Failure, classify};
use crate::{TRANSPORT, Telegram, convert};

/// The Telegram side of `BotDeliver`.
#[derive(Debug, Clone)]
pub struct TelegramPush {
    tg: Telegram,
}

impl TelegramPush {
    pub fn new(tg: Telegram) -> TelegramPush {
        TelegramPush { tg }
    }

    pub fn telegram(&self) -> &Telegram {
        &self.tg
    }
}

impl PushTransport for TelegramPush {
    fn name(&self) -> &str {
        TRANSPORT
    }

    fn push(&self, chat_id: &str, reply: &Reply, _idempotency_key: &str) -> PushFuture<'_> {
        let chat_id = chat_id.to_owned();
        let reply = reply.clone();
        Box::pin(async move { self.tg.push(&chat_id, &reply).await.map(|id| id.0.to_string()) })
    }
}

fn parse_chat(chat_id: &str) -> Result<ChatId, SendError> {
    chat_id
        .trim()
        .parse::<i64>()
        .map(ChatId)
        .map_err(|_| SendError::Permanent("telegram: not a chat id".into()))
}

impl Telegram {
    /// Sends a pushed reply once (no retry: the dispatcher retries), each message after the
    /// limiter allows it. Returns the id of the last Telegram message (the one with the
    /// buttons).
    pub async fn push(&self, chat_id: &str, reply: &Reply) -> Result<MessageId, SendError> {
        let chat = parse_chat(chat_id)?;
        let pieces = convert::pieces(reply);
        if pieces.is_empty() {
            return Err(SendError::Permanent("empty message".into()));
        }
        let mut last = MessageId(0);
        for piece in &pieces {
            self.limiter.acquire(chat_id, chat.0 < 0).await;
            last = self.send_piece(chat, piece).await.map_err(|e| self.push_failure(classify(&e)))?;
        }
        Ok(last)
    }

    /// Sends a file (a signed contract, a sign-in sheet) with an optional caption, once,
    /// within the limits.
    pub async fn send_document(
        &self,
        chat_id: &str,
        document: Document,
        caption: Option<&panier_conversation::markup::Rich>,
    ) -> Result<MessageId, SendError> {
        let reply = Reply::new(caption.cloned().unwrap_or_default()).with_document(document);
        self.push(chat_id, &reply).await
    }

    fn push_failure(&self, failure: Failure) -> SendError {
        match &failure {
            Failure::BadToken => {
                tracing::error!("Telegram refused the bot token: pushes wait until it is fixed")
            }
            Failure::Unreachable(_) => {
                tracing::info!(transport = TRANSPORT, "chat unreachable; the account is marked so")
            }
            other => tracing::debug!(reason = ?other, "push failed"),
        }
        failure.into_send_error()
    }
}
