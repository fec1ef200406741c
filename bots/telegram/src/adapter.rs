//! One update in, Bot API calls out: converts the update, answers a button press (and
//! removes the pressed keyboard so an old button cannot act twice), asks the conversation
//! layer, and sends its replies (personal ones to the sender's private chat).

use panier_conversation::{Audience, Bot, Reply};
use teloxide::RequestError;
use teloxide::payloads::{SendDocumentSetters, SendMessageSetters};
use teloxide::requests::Requester;
use teloxide::types::{ChatId, InputFile, MessageId, ParseMode, Update};

use crate::convert::{self, Inbound, Piece, Press};
use crate::errors::Failure;
use crate::{TRANSPORT, Telegram};

/// What handling one update did (for logs and tests).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handled {
    /// The update was meant for the bot (not ignored).
    pub taken: bool,
    /// Replies the conversation layer gave.
    pub replies: usize,
    /// Messages that could not be sent.
    pub failed: usize,
}

impl Telegram {
    /// Handles one update completely. Never fails: a reply that cannot be sent is logged
    /// (without its content) and the update still counts as handled.
    pub async fn handle_update(&self, bot: &Bot, update: &Update) -> Handled {
        let Some(inbound) = convert::inbound(update, &self.identity()) else {
            tracing::debug!(update = update.id.0, "update ignored");
            return Handled::default();
        };
        if let Some(press) = &inbound.press
            && !self.take_press(press).await
        {
            tracing::debug!(update = update.id.0, "button already used; nothing done");
            return Handled { taken: true, ..Handled::default() };
        }
        let replies = bot.handle(&inbound.incoming, self.now()).await;
        let mut handled = Handled { taken: true, replies: replies.len(), failed: 0 };
        let mut told_unreachable = false;
        for reply in &replies {
            let chat = self.target(&inbound, reply);
            match self.send_reply(chat, reply).await {
                Ok(_) => {}
                Err(Failure::Unreachable(_)) if self.is_redirected(&inbound, chat) => {
                    handled.failed += 1;
                    if !told_unreachable {
                        // Telegram lets a bot write privately only to people who opened a
                        // chat with it: say so where they asked, instead of going silent.
                        told_unreachable = true;
                        let link = self.private_link();
                        let notice = bot.private_unreachable(&inbound.incoming, &link, self.now()).await;
                        let group = self.target(&inbound, &notice);
                        let _ = self.send_reply(group, &notice).await;
                    }
                }
                Err(_) => handled.failed += 1,
            }
        }
        handled
    }

    /// [`Telegram::handle_update`] in its own task, so that a bug triggered by one message
    /// (a panic) is logged and the update skipped, instead of stopping the bot and failing
    /// again on the same update at every restart.
    pub async fn handle_isolated(&self, bot: &Bot, update: Update) -> Handled {
        let (tg, bot, id) = (self.clone(), bot.clone(), update.id.0);
        match tokio::spawn(async move { tg.handle_update(&bot, &update).await }).await {
            Ok(handled) => handled,
            Err(e) => {
                tracing::error!(
                    update = id,
                    panicked = e.is_panic(),
                    "handling an update failed; it is skipped"
                );
                Handled { taken: true, ..Handled::default() }
            }
        }
    }

    /// True when `chat` is the sender's private chat while they wrote somewhere else.
    fn is_redirected(&self, inbound: &Inbound, chat: ChatId) -> bool {
        chat == inbound.private_chat && inbound.incoming.chat_id != inbound.private_chat.0.to_string()
    }

    /// The link that opens a private chat with the bot.
    fn private_link(&self) -> String {
        match self.identity().username {
            Some(name) => format!("https://t.me/{name}"),
            None => "Telegram".to_owned(),
        }
    }

    fn target(&self, inbound: &Inbound, reply: &Reply) -> ChatId {
        match reply.audience {
            Audience::Private => inbound.private_chat,
            Audience::Same => inbound.incoming.chat_id.parse().map(ChatId).unwrap_or(inbound.private_chat),
        }
    }

    /// Answers the callback query, then removes the keyboard of the pressed message. False
    /// when the press must not act: the button is no longer offered, or was already pressed.
    async fn take_press(&self, press: &Press) -> bool {
        let answered = self
            .call("answerCallbackQuery", 2, || self.send.answer_callback_query(press.query.clone()))
            .await;
        if let Err(reason) = answered {
            tracing::debug!(?reason, "could not answer a callback query");
        }
        let fresh = match press.message {
            Some((chat, message)) => press.still_offered && self.first_press(chat.0, message.0),
            None => press.still_offered,
        };
        if !fresh {
            return false;
        }
        if let Some((chat, message)) = press.message {
            self.remove_keyboard(chat, message).await;
        }
        true
    }

    /// Edits a message so it shows no buttons any more.
    pub async fn remove_keyboard(&self, chat: ChatId, message: MessageId) {
        let edited = self
            .call("editMessageReplyMarkup", 2, || self.send.edit_message_reply_markup(chat, message))
            .await;
        match edited {
            Ok(_) => {}
            // Already without buttons, or too old to edit: nothing to undo.
            Err(Failure::Permanent(reason)) => tracing::debug!(%reason, "keyboard not removed"),
            Err(reason) => tracing::warn!(?reason, "keyboard not removed"),
        }
    }

    /// Sends one reply: HTML in as many messages as needed, its file if any, the buttons
    /// under the last message. Each call is retried on 429 and temporary failures. Returns
    /// the id of the last message sent.
    pub async fn send_reply(&self, chat: ChatId, reply: &Reply) -> Result<MessageId, Failure> {
        let pieces = convert::pieces(reply);
        let mut last = Err(Failure::Permanent("empty reply".into()));
        for piece in &pieces {
            last = match self.call("send", 3, || self.send_piece(chat, piece)).await {
                Err(Failure::Permanent(reason))
                    if reason.contains("can't parse entities") && reply.document.is_none() =>
                {
                    // A markup bug must not lose the reply: send it as plain text.
                    tracing::warn!("Telegram refused the HTML of a reply; sending plain text");
                    let plain: String = reply.text.plain().chars().take(convert::MAX_TEXT_CHARS).collect();
                    let keyboard = convert::keyboard(&reply.buttons);
                    self.call("sendMessage", 3, || {
                        let request = self.send.send_message(chat, plain.clone());
                        match keyboard.clone() {
                            Some(kb) => request.reply_markup(kb),
                            None => request,
                        }
                    })
                    .await
                    .map(|m| m.id)
                    .inspect_err(|r| log_send_failure(chat, r))?;
                    return Ok(MessageId(0));
                }
                other => other,
            };
            match &last {
                Ok(_) => self.limiter.record(&chat.0.to_string()),
                Err(reason) => {
                    log_send_failure(chat, reason);
                    return last;
                }
            }
        }
        last
    }

    /// One Bot API call for one piece of a reply (no retry, no limiter).
    pub(crate) async fn send_piece(&self, chat: ChatId, piece: &Piece) -> Result<MessageId, RequestError> {
        let message = match piece {
            Piece::Text { html, keyboard } => {
                let request = self.send.send_message(chat, html.clone()).parse_mode(ParseMode::Html);
                match keyboard.clone() {
                    Some(kb) => request.reply_markup(kb).await?,
                    None => request.await?,
                }
            }
            Piece::Document { document, caption, keyboard } => {
                let file = InputFile::memory(document.bytes.clone()).file_name(document.file_name.clone());
                let mut request = self.send.send_document(chat, file);
                if let Some(caption) = caption {
                    request = request.caption(caption.clone()).parse_mode(ParseMode::Html);
                }
                if let Some(kb) = keyboard.clone() {
                    request = request.reply_markup(kb);
                }
                request.await?
            }
        };
        Ok(message.id)
    }
}

fn log_send_failure(chat: ChatId, reason: &Failure) {
    let group = chat.0 < 0;
    match reason {
        Failure::Unreachable(why) => {
            tracing::info!(transport = TRANSPORT, group, %why, "reply not delivered: chat unreachable")
        }
        other => tracing::warn!(transport = TRANSPORT, group, reason = ?other, "reply not delivered"),
    }
}
