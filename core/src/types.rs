//! Newtypes that parse: ids, e-mail addresses, slugs, money in cents, quantities.
//!
//! Everything that reaches the domain from the outside (a file, a chat message, a form) goes
//! through one of these constructors, so the rest of the code never re-checks its input.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Invalid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A regional network of AMAPs.
    NetworkId,
    /// One AMAP (association).
    AmapId,
    /// A person; may belong to several AMAPs.
    MemberId,
    /// A farm.
    FarmId,
    /// A contract template (one farm's offer for one season in one AMAP).
    ContractId,
    /// A product of a contract.
    ProductId,
    /// One member's commitment to one contract.
    SubscriptionId,
    /// A duty shift (the volunteer team of one distribution).
    ShiftId,
    /// An event (general assembly, farm visit…).
    EventId,
    /// An outbox message.
    OutboxId,
);

/// A lower-cased e-mail address with a plausible shape (`local@domain.tld`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let email = raw.trim().to_lowercase();
        let Some((local, domain)) = email.split_once('@') else {
            return Err(Invalid::Email);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        let chars_ok = email.chars().all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>');
        if local.is_empty() || !domain_ok || !chars_ok || email.len() > 254 || domain.contains('@') {
            return Err(Invalid::Email);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Invalid> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A short identifier people type: lower-case ASCII letters, digits and dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim();
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if ok { Ok(Self(s.to_owned())) } else { Err(Invalid::Slug) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Invalid> {
        Self::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> Self {
        value.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An amount of money in integer euro cents. Never a float.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// Parses "12", "12.5", "12,50" (euros) into cents; refuses negatives and more than 2 decimals.
    pub fn parse_euros(raw: &str) -> Result<Self, Invalid> {
        let s = raw.trim().trim_end_matches('€').trim().replace(',', ".");
        let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || whole.len() > 9
        {
            return Err(Invalid::Amount);
        }
        let whole: i64 = whole.parse().map_err(|_| Invalid::Amount)?;
        let frac: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| Invalid::Amount)? * 10,
            _ => frac.parse().map_err(|_| Invalid::Amount)?,
        };
        Ok(Cents(whole * 100 + frac))
    }

    pub fn checked_mul(self, quantity: Quantity) -> Option<Cents> {
        self.0.checked_mul(i64::from(quantity.0)).map(Cents)
    }

    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Self {
        Cents(iter.map(|c| c.0).sum())
    }
}

/// A number of units of a product (baskets, eggs, kilos). Bounded so totals cannot overflow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Quantity(u32);

impl Quantity {
    pub const ZERO: Quantity = Quantity(0);
    /// Nobody takes a thousand baskets a week; anything above is a typo.
    pub const MAX: u32 = 999;

    pub fn new(value: i64) -> Result<Self, Invalid> {
        if (0..=i64::from(Self::MAX)).contains(&value) {
            Ok(Quantity(value as u32))
        } else {
            Err(Invalid::Quantity)
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value: i64 = raw.trim().parse().map_err(|_| Invalid::Quantity)?;
        Self::new(value)
    }

    pub fn get(self) -> u32 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Adds two quantities; totals over many members may exceed `MAX`, so this returns a u64.
    pub fn sum(values: impl IntoIterator<Item = Quantity>) -> u64 {
        values.into_iter().map(|q| u64::from(q.0)).sum()
    }
}

impl TryFrom<i64> for Quantity {
    type Error = Invalid;
    fn try_from(value: i64) -> Result<Self, Invalid> {
        Self::new(value)
    }
}

impl From<Quantity> for i64 {
    fn from(value: Quantity) -> Self {
        i64::from(value.0)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A person's name as shown to others; trimmed, without control characters, bounded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let cleaned: String =
            raw.trim().chars().filter(|c| !c.is_control() && !is_bidi_control(*c)).collect();
        if cleaned.is_empty() || cleaned.chars().count() > 80 {
            return Err(Invalid::Name);
        }
        Ok(Self(cleaned))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Invalid> {
        Self::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Right-to-left overrides and isolates let a name reorder the text around it.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        let cases = [
            ("Claire@Example.org", Some("claire@example.org")),
            (" a.b@c.fr ", Some("a.b@c.fr")),
            ("no-at-sign", None),
            ("@x.fr", None),
            ("a@localhost", None),
            ("a@b@c.fr", None),
            ("a b@c.fr", None),
            ("a@.fr", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(Email::parse(raw).ok().map(|e| e.0), expected.map(str::to_owned), "{raw}");
        }
    }

    #[test]
    fn slugs() {
        for ok in ["legumes", "oeufs-2027", "a1"] {
            assert!(Slug::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Légumes", "a b", "-a", "a-", "a_b", &"x".repeat(65)] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn euros() {
        let cases = [
            ("17", Some(1700)),
            ("17,5", Some(1750)),
            ("17.05", Some(1705)),
            ("0,99 €", Some(99)),
            ("-1", None),
            ("1.234", None),
            ("abc", None),
            ("", None),
            ("1e3", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(Cents::parse_euros(raw).ok().map(|c| c.0), expected, "{raw}");
        }
    }

    #[test]
    fn quantities() {
        assert_eq!(Quantity::parse("3").map(Quantity::get), Ok(3));
        assert!(Quantity::parse("-1").is_err());
        assert!(Quantity::parse("1000").is_err());
        assert!(Quantity::parse("2.5").is_err());
        assert_eq!(Quantity::sum([Quantity(999), Quantity(999)]), 1998);
    }

    #[test]
    fn names_drop_controls_and_bidi() {
        let name = PersonName::parse(" Ann\u{202E}e\n ").map(String::from);
        assert_eq!(name.as_deref(), Ok("Anne"));
        assert!(PersonName::parse("\u{202E}").is_err());
    }
}
