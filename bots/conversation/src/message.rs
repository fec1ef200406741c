//! What goes in and out of the conversation layer: incoming messages and button presses,
//! replies as light markup plus choice buttons. Adapters only convert these.

use serde::{Deserialize, Serialize};

use crate::markup::Rich;

/// The chat network a message came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    Telegram,
    Matrix,
    Console,
}

impl Transport {
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Telegram => "telegram",
            Transport::Matrix => "matrix",
            Transport::Console => "console",
        }
    }
}

/// Where the message was written: a private chat or a shared room / group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatKind {
    Private,
    Group,
}

/// A message typed by a person, or a button they pressed (its callback data as `text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub transport: Transport,
    /// The chat (DM or room) to answer in.
    pub chat_id: String,
    /// The sender's account on the transport (Telegram user id, Matrix user id, e-mail in console).
    pub sender: String,
    pub text: String,
    /// The transport's language hint (Telegram `language_code`).
    pub lang_hint: Option<String>,
    pub chat_kind: ChatKind,
    pub is_button: bool,
}

impl Incoming {
    /// A typed message in a private chat.
    pub fn private(transport: Transport, sender: &str, text: &str) -> Incoming {
        Incoming {
            transport,
            chat_id: sender.to_owned(),
            sender: sender.to_owned(),
            text: text.to_owned(),
            lang_hint: None,
            chat_kind: ChatKind::Private,
            is_button: false,
        }
    }
}

/// Telegram's callback_data limit; buttons carry a command line that fits.
pub const MAX_BUTTON_DATA: usize = 64;

/// A choice offered to the person. `data` is a command line the bot understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub data: String,
}

/// Where a reply goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The chat the message came from.
    Same,
    /// A private message to the sender (personal data asked for in a group).
    Private,
}

/// A file sent with a reply (a data export, a signed contract, a sign-in sheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub file_name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// One message the bot sends back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub text: Rich,
    pub buttons: Vec<Button>,
    pub audience: Audience,
    /// Sent as a file (Telegram sendDocument, Matrix m.file, a file on disk for the console).
    pub document: Option<Document>,
}

impl Reply {
    pub fn new(text: Rich) -> Reply {
        Reply { text, buttons: Vec::new(), audience: Audience::Same, document: None }
    }

    pub fn with_buttons(mut self, buttons: Vec<Button>) -> Reply {
        self.buttons = buttons.into_iter().filter(|b| b.data.len() <= MAX_BUTTON_DATA).collect();
        self
    }

    pub fn with_document(mut self, document: Document) -> Reply {
        self.document = Some(document);
        self
    }

    pub fn private(mut self) -> Reply {
        self.audience = Audience::Private;
        self
    }
}
