//! Imports from the files an AMAP keeps today: a season (TOML), members and subscriptions (CSV).
//!
//! Each import works on the text of one file plus its name (for messages), runs in one write
//! transaction, and either applies everything or nothing. Importing the same file twice
//! changes nothing: records are keyed by slug or e-mail and rewritten only when they differ.
//! The file format is described in `docs/season-format.md`.

mod calendar;
mod csv_in;
mod directory;
mod encoding;
mod error;
mod members;
mod records;
mod season;
mod season_contract;
mod season_write;
mod subscriptions;
mod subscriptions_write;
mod toml_in;

use std::fmt;

use serde::Serialize;

pub use directory::{DirectoryReport, import_directory};
pub use encoding::decode_text;
pub use error::{At, ImportError, Problem};
pub use members::{MembersReport, import_members};
pub use season::{SeasonReport, import_season};
pub use subscriptions::{SubscriptionsReport, import_subscriptions};

/// What an import did to one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Not in the database before.
    pub created: u32,
    /// In the database with other values, now those of the file.
    pub updated: u32,
    /// Already in the database exactly as in the file.
    pub unchanged: u32,
}

/// How one record compared with the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Created,
    Updated,
    Unchanged,
}

impl Tally {
    pub fn total(&self) -> u32 {
        self.created + self.updated + self.unchanged
    }

    pub(crate) fn count(&mut self, change: Change) {
        match change {
            Change::Created => self.created += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} new, {} updated, {} unchanged)",
            self.total(),
            self.created,
            self.updated,
            self.unchanged
        )
    }
}

/// Classifies an upsert: created when there was nothing, else updated unless identical.
pub(crate) fn change_of<T>(existing: Option<T>, same: impl FnOnce(T) -> bool) -> Change {
    match existing.map(same) {
        None => Change::Created,
        Some(true) => Change::Unchanged,
        Some(false) => Change::Updated,
    }
}

/// Spreadsheets often save a byte-order mark first; parsers should not see it.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Names of places, farms, contracts and products: trimmed, no control characters.
pub(crate) fn clean_text(raw: &str, max_chars: usize) -> Result<String, Problem> {
    let cleaned: String =
        raw.trim().chars().filter(|c| !c.is_control() && !crate::types::is_bidi_control(*c)).collect();
    if cleaned.is_empty() {
        Err(Problem::Empty)
    } else if cleaned.chars().count() > max_chars {
        Err(Problem::TooLong { max: max_chars })
    } else {
        Ok(cleaned)
    }
}

/// A phone number as people write it: digits, spaces, dots, dashes, parentheses, a leading +.
pub(crate) fn clean_phone(raw: &str) -> Result<Option<String>, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let chars_ok = s
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')') || (c == '+' && i == 0));
    if chars_ok && (6..=20).contains(&digits) && s.len() <= 32 {
        Ok(Some(s.to_owned()))
    } else {
        Err(Problem::Phone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        let cases = [
            ("", Ok(None)),
            (" 06 12 34 56 78 ", Ok(Some("06 12 34 56 78"))),
            ("+33 6 12 34 56 78", Ok(Some("+33 6 12 34 56 78"))),
            ("06-12", Err(Problem::Phone)),
            ("call me", Err(Problem::Phone)),
            ("06 12 + 34 56 78", Err(Problem::Phone)),
        ];
        for (raw, expected) in cases {
            let expected = expected.map(|o: Option<&str>| o.map(str::to_owned));
            assert_eq!(clean_phone(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn texts() {
        assert_eq!(clean_text("  Ferme\u{202E} des Saules\n", 80).as_deref(), Ok("Ferme des Saules"));
        assert_eq!(clean_text(" \t", 80), Err(Problem::Empty));
        assert!(clean_text("abc", 2).is_err());
    }
}
