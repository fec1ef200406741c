//! Telegram updates to the conversation layer's `Incoming`, and `Reply`s to what Telegram's
//! sendMessage takes (HTML text in chunks of at most 4096 characters, inline keyboards).
//! No business rule here: only the shape of messages changes.

use panier_conversation::markup::{Rich, Span};
use panier_conversation::message::{Document, MAX_BUTTON_DATA};
use panier_conversation::{Button, ChatKind, Incoming, Reply, Transport};
use teloxide::types::{
    CallbackQueryId, ChatId, InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup, Message,
    MessageId, Update, UpdateKind, User, UserId,
};

/// Telegram's limit on a message's text.
pub const MAX_TEXT_CHARS: usize = 4096;

/// Who the bot is (from getMe or the configuration), to tell which group messages are for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub id: Option<UserId>,
    pub username: Option<String>,
}

/// A button press: the query to answer and the message whose keyboard to remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Press {
    pub query: CallbackQueryId,
    /// The message carrying the keyboard (absent for inline-mode messages).
    pub message: Option<(ChatId, MessageId)>,
    /// Whether that message still shows a button with this data (false: an old press).
    pub still_offered: bool,
}

/// An update the conversation layer should see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound {
    pub incoming: Incoming,
    /// The sender's private chat (where `Audience::Private` replies go).
    pub private_chat: ChatId,
    pub press: Option<Press>,
}

/// Converts an update; `None` for what the bot ignores (edits, channel posts, other bots,
/// media without text, group chatter not addressed to the bot).
pub fn inbound(update: &Update, me: &Identity) -> Option<Inbound> {
    match &update.kind {
        UpdateKind::Message(msg) => from_message(msg, me),
        UpdateKind::CallbackQuery(q) => {
            let data = q.data.as_deref()?;
            if q.from.is_bot {
                return None;
            }
            let (chat, message, still_offered) = match &q.message {
                Some(m) => {
                    let offered = match m.regular_message() {
                        Some(regular) => offers(regular, data),
                        // Too old to be read: Telegram no longer tells; let the press through.
                        None => true,
                    };
                    (Some(m.chat()), Some((m.chat().id, m.id())), offered)
                }
                None => (None, None, true),
            };
            let chat_kind = match chat {
                Some(c) if !c.is_private() => ChatKind::Group,
                _ => ChatKind::Private,
            };
            let chat_id = chat.map(|c| c.id).unwrap_or_else(|| private_chat_of(&q.from));
            Some(Inbound {
                incoming: incoming(&q.from, chat_id, chat_kind, data, true),
                private_chat: private_chat_of(&q.from),
                press: Some(Press { query: q.id.clone(), message, still_offered }),
            })
        }
        _ => None,
    }
}

fn from_message(msg: &Message, me: &Identity) -> Option<Inbound> {
    let from = msg.from.as_ref()?;
    if from.is_bot {
        return None;
    }
    let text = msg.text()?;
    let chat_kind = if msg.chat.is_private() {
        ChatKind::Private
    } else if msg.chat.is_group() || msg.chat.is_supergroup() {
        ChatKind::Group
    } else {
        return None;
    };
    if chat_kind == ChatKind::Group && !addressed_to_bot(msg, text, me) {
        return None;
    }
    Some(Inbound {
        incoming: incoming(from, msg.chat.id, chat_kind, text, false),
        private_chat: private_chat_of(from),
        press: None,
    })
}

/// In a group the bot only takes commands meant for it, and answers to its own messages.
fn addressed_to_bot(msg: &Message, text: &str, me: &Identity) -> bool {
    if let Some(command) = text.trim_start().strip_prefix('/') {
        let name = command.split_whitespace().next().unwrap_or("");
        return match (name.split_once('@'), me.username.as_deref()) {
            (Some((_, target)), Some(mine)) => target.eq_ignore_ascii_case(mine),
            _ => true,
        };
    }
    match (msg.reply_to_message().and_then(|r| r.from.as_ref()), me.id) {
        (Some(author), Some(id)) => author.id == id,
        _ => false,
    }
}

fn incoming(from: &User, chat: ChatId, chat_kind: ChatKind, text: &str, is_button: bool) -> Incoming {
    Incoming {
        transport: Transport::Telegram,
        chat_id: chat.0.to_string(),
        sender: from.id.0.to_string(),
        text: text.to_owned(),
        lang_hint: from.language_code.clone(),
        chat_kind,
        is_button,
    }
}

/// A user's private chat with the bot has the user's id.
pub fn private_chat_of(user: &User) -> ChatId {
    ChatId(i64::try_from(user.id.0).unwrap_or(i64::MAX))
}

fn offers(msg: &Message, data: &str) -> bool {
    msg.reply_markup().is_some_and(|markup| {
        markup
            .inline_keyboard
            .iter()
            .flatten()
            .any(|b| matches!(&b.kind, InlineKeyboardButtonKind::CallbackData(d) if d == data))
    })
}

/// The inline keyboard for a reply's buttons: two short ones per row, long ones alone.
/// Buttons whose data Telegram would refuse (empty, over 64 bytes) are left out.
pub fn keyboard(buttons: &[Button]) -> Option<InlineKeyboardMarkup> {
    const ROW_CHARS: usize = 36;
    let mut rows: Vec<Vec<InlineKeyboardButton>> = Vec::new();
    let mut row_chars = 0;
    for b in buttons {
        if b.data.is_empty() || b.data.len() > MAX_BUTTON_DATA || b.label.trim().is_empty() {
            tracing::warn!(bytes = b.data.len(), "button left out: Telegram would refuse its data");
            continue;
        }
        let chars = b.label.chars().count();
        let button = InlineKeyboardButton::callback(b.label.clone(), b.data.clone());
        match rows.last_mut() {
            Some(row) if row.len() == 1 && row_chars + chars <= ROW_CHARS => {
                row.push(button);
                row_chars += chars;
            }
            _ => {
                rows.push(vec![button]);
                row_chars = chars;
            }
        }
    }
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// Telegram's limit on a document's caption.
pub const MAX_CAPTION_CHARS: usize = 1024;

/// One Bot API message of a reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// sendMessage with HTML text.
    Text { html: String, keyboard: Option<InlineKeyboardMarkup> },
    /// sendDocument, with the reply's text as caption when it fits.
    Document { document: Document, caption: Option<String>, keyboard: Option<InlineKeyboardMarkup> },
}

/// The messages a reply takes, in order: its text (in chunks), then its file if any; the
/// buttons go under the last one. A text short enough becomes the file's caption.
pub fn pieces(reply: &Reply) -> Vec<Piece> {
    let chunks = html_chunks(&reply.text);
    let keyboard = keyboard(&reply.buttons);
    let Some(document) = reply.document.clone() else {
        let last = chunks.len().saturating_sub(1);
        return chunks
            .into_iter()
            .enumerate()
            .map(|(i, html)| Piece::Text { html, keyboard: if i == last { keyboard.clone() } else { None } })
            .collect();
    };
    match chunks.as_slice() {
        [] => vec![Piece::Document { document, caption: None, keyboard }],
        [one] if one.chars().count() <= MAX_CAPTION_CHARS => {
            vec![Piece::Document { document, caption: Some(one.clone()), keyboard }]
        }
        _ => {
            let mut out: Vec<Piece> =
                chunks.into_iter().map(|html| Piece::Text { html, keyboard: None }).collect();
            out.push(Piece::Document { document, caption: None, keyboard });
            out
        }
    }
}

/// The reply as Telegram HTML, split at line breaks into messages Telegram accepts.
pub fn html_chunks(rich: &Rich) -> Vec<String> {
    let mut lines: Vec<Rich> = vec![Rich::default()];
    for span in &rich.spans {
        for (i, part) in span.text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Rich::default());
            }
            if !part.is_empty()
                && let Some(line) = lines.last_mut()
            {
                line.spans.push(Span { text: part.to_owned(), bold: span.bold });
            }
        }
    }
    let mut chunks: Vec<String> = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for piece in lines.iter().flat_map(line_pieces) {
        let chars = piece.chars().count();
        match &mut current {
            Some((text, n)) if *n + 1 + chars <= MAX_TEXT_CHARS => {
                text.push('\n');
                text.push_str(&piece);
                *n += 1 + chars;
            }
            _ => {
                chunks.extend(current.take().map(|(text, _)| text));
                current = Some((piece, chars));
            }
        }
    }
    chunks.extend(current.map(|(text, _)| text));
    chunks.into_iter().map(|c| c.trim_matches('\n').to_owned()).filter(|c| !c.trim().is_empty()).collect()
}

/// One line as HTML; a line too long for one message is cut into pieces that fit.
fn line_pieces(line: &Rich) -> Vec<String> {
    let html = line.html();
    if html.chars().count() <= MAX_TEXT_CHARS {
        return vec![html];
    }
    // Escaping makes a character at most 6 long ("&quot;"), tags add 7: 600 characters fit.
    const PIECE: usize = 600;
    let mut pieces = Vec::new();
    let mut current = Rich::default();
    let mut current_len = 0;
    for span in &line.spans {
        let chars: Vec<char> = span.text.chars().collect();
        for part in chars.chunks(PIECE) {
            if current_len + part.len() > PIECE {
                pieces.push(std::mem::take(&mut current).html());
                current_len = 0;
            }
            current.spans.push(Span { text: part.iter().collect(), bold: span.bold });
            current_len += part.len();
        }
    }
    if !current.spans.is_empty() {
        pieces.push(current.html());
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_buttons_share_a_row() {
        let b = |l: &str, d: &str| Button { label: l.into(), data: d.into() };
        let kb = keyboard(&[
            b("Mardi 11 mai", "/absence 2027-05-11"),
            b("Mardi 18 mai", "/absence 2027-05-18"),
            b("Le reporter à la livraison suivante", "/absence 2027-05-11 reporter"),
            b("Trop", &"x".repeat(65)),
            b("Voir mes livraisons", "/livraisons"),
        ])
        .expect("keyboard");
        let rows: Vec<usize> = kb.inline_keyboard.iter().map(Vec::len).collect();
        assert_eq!(rows, [2, 1, 1]);
        assert!(keyboard(&[]).is_none());
    }

    #[test]
    fn a_file_takes_a_short_text_as_caption() {
        let doc =
            Document { file_name: "export.json".into(), mime: "application/json".into(), bytes: vec![1] };
        let button = Button { label: "Voir".into(), data: "/moi".into() };
        let short =
            Reply::new(Rich::parse("Vos **données**")).with_buttons(vec![button]).with_document(doc.clone());
        match pieces(&short).as_slice() {
            [Piece::Document { caption: Some(c), keyboard: Some(_), .. }] => {
                assert_eq!(c, "Vos <b>données</b>")
            }
            other => panic!("{other:?}"),
        }
        let long = Reply::new(Rich::plain_text(&"x".repeat(2000))).with_document(doc);
        assert!(matches!(
            pieces(&long).as_slice(),
            [Piece::Text { keyboard: None, .. }, Piece::Document { caption: None, .. }]
        ));
        let text = Reply::new(Rich::plain_text("a"));
        assert!(matches!(pieces(&text).as_slice(), [Piece::Text { .. }]));
        assert!(pieces(&Reply::new(Rich::default())).is_empty());
    }

    #[test]
    fn html_is_escaped_and_split() {
        let rich = Rich::parse("📅 **Mardi <11> mai**\nA & B\n\nfin");
        assert_eq!(html_chunks(&rich), ["📅 <b>Mardi &lt;11&gt; mai</b>\nA &amp; B\n\nfin"]);
        let long_line = "ligne assez longue pour remplir un message\n".repeat(200);
        let chunks = html_chunks(&Rich::plain_text(&long_line));
        assert!(chunks.len() >= 2, "{}", chunks.len());
        assert!(chunks.iter().all(|c| c.chars().count() <= MAX_TEXT_CHARS));
        let total: usize = chunks.iter().map(|c| c.lines().count()).sum();
        assert_eq!(total, 200);
        let huge = Rich::plain_text(&"<".repeat(5000));
        let chunks = html_chunks(&huge);
        assert!(chunks.iter().all(|c| c.chars().count() <= MAX_TEXT_CHARS));
        assert_eq!(chunks.concat().matches("&lt;").count(), 5000);
        assert!(html_chunks(&Rich::default()).is_empty());
    }
}
