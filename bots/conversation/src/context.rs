//! What a command sees: who is talking, in which language, at what time, and helpers to
//! build localized replies. Every string argument is escaped for the markup here.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use panier_core::model::Member;
use panier_core::usecases::Panier;
use panier_core::usecases::rights::Rights;

use crate::dialogue::DialogueState;
use crate::failure::Failure;
use crate::format;
use crate::i18n::{Arg, Catalog, Lang};
use crate::markup::{Rich, escape};
use crate::message::{Button, Incoming, Reply};

pub struct Ctx<'a> {
    pub panier: &'a Panier,
    pub catalog: &'a Catalog,
    pub msg: &'a Incoming,
    pub now: DateTime<Utc>,
    pub lang: Lang,
    pub tz: Tz,
    pub member: Option<Member>,
    pub rights: Option<Rights>,
    /// Dialogue to store after this message (pending question, offered choices).
    pub dialogue: DialogueState,
    /// Base of the web links (signing pages), without a trailing slash.
    pub public_url: &'a str,
}

impl Ctx<'_> {
    /// Today in the member's AMAP timezone.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.tz).date_naive()
    }

    /// The linked member, or the "please link first" failure.
    pub fn member(&self) -> Result<&Member, Failure> {
        self.member.as_ref().ok_or(Failure::NotLinked)
    }

    pub fn rights(&self) -> Result<&Rights, Failure> {
        self.rights.as_ref().ok_or(Failure::NotLinked)
    }

    /// The localized message `key` as markup, string arguments escaped.
    pub fn t(&self, key: &str, args: &[(&str, Arg<'_>)]) -> Rich {
        Rich::parse(&self.raw(key, args))
    }

    /// The localized message as a markup string (to concatenate before parsing).
    pub fn raw(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let escaped: Vec<(&str, Arg<'_>)> = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Str(s) => Arg::from(escape(s)),
                    Arg::Num(n) => Arg::Num(*n),
                };
                (*name, value)
            })
            .collect();
        self.catalog.text(self.lang, key, &escaped)
    }

    /// Plain text of a message (button labels), string arguments cleaned.
    pub fn label(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let cleaned: Vec<(&str, Arg<'_>)> = args
            .iter()
            .map(|(name, value)| match value {
                Arg::Str(s) => (*name, Arg::from(crate::markup::clean(s))),
                Arg::Num(n) => (*name, Arg::Num(*n)),
            })
            .collect();
        self.catalog.text(self.lang, key, &cleaned)
    }

    pub fn reply(&self, key: &str, args: &[(&str, Arg<'_>)]) -> Reply {
        Reply::new(self.t(key, args))
    }

    pub fn button(&self, key: &str, args: &[(&str, Arg<'_>)], data: impl Into<String>) -> Button {
        Button { label: self.label(key, args), data: data.into() }
    }

    pub fn date(&self, date: NaiveDate) -> String {
        format::date_long(self.lang, date, self.today())
    }

    pub fn money(&self, cents: i64) -> String {
        format::money(self.lang, cents)
    }

    /// "/aide" or "/help" (with the transport's prefix), in the member's language.
    pub fn help_command(&self) -> String {
        let name = if self.lang == Lang::En { "help" } else { "aide" };
        format!("{}{name}", self.prefix())
    }

    /// The command prefix people see in examples ("/" on Telegram, "!" on Matrix).
    pub fn prefix(&self) -> &'static str {
        match self.msg.transport {
            crate::message::Transport::Matrix => "!",
            _ => "/",
        }
    }
}
