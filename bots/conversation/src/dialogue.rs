//! Dialogue state between two messages, stored in the database (not in memory) so a restart
//! or a second process continues the conversation: the choices last offered (answerable by
//! number) and the question waiting for a free-text answer.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::message::Button;

/// A question the bot asked that expects free text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Pending {
    /// Who receives the basket of that date (a name to search).
    HandoverName {
        date: NaiveDate,
    },
    /// Event creation, one field at a time.
    EventTitle {
        amap: i64,
    },
    EventWhen {
        amap: i64,
        title: String,
    },
    EventPlace {
        amap: i64,
        title: String,
        when: String,
    },
    EventBody {
        amap: i64,
        title: String,
        when: String,
        place: String,
    },
    /// Inviting a member: e-mail, then first and last name when they are new.
    InviteEmail {
        amap: i64,
    },
    InviteName {
        amap: i64,
        email: String,
    },
    /// A network announcement: product, area, then text (kind as `AnnouncementKind::as_str`).
    AnnounceProduct {
        kind: String,
    },
    AnnounceArea {
        kind: String,
        product: String,
    },
    AnnounceBody {
        kind: String,
        product: String,
        area: String,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialogueState {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Button>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
}

impl DialogueState {
    pub fn is_empty(&self) -> bool {
        self.choices.is_empty() && self.pending.is_none()
    }

    pub fn from_json(raw: &str) -> DialogueState {
        serde_json::from_str(raw).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The command a numbered answer stands for ("2" -> the second button's data).
    pub fn choice(&self, text: &str) -> Option<&str> {
        let n: usize = text.trim().trim_end_matches(['.', ')']).parse().ok()?;
        self.choices.get(n.checked_sub(1)?).map(|b| b.data.as_str())
    }
}
