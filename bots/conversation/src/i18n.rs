//! Languages and the Fluent message catalog: every sentence a person reads comes from here.
//!
//! The `.ftl` files live at the workspace root (`locales/<lang>/panier.ftl`) and are embedded at
//! compile time. French is the reference language and the fallback. Message keys are kebab-case
//! and prefixed by area: `help-…`, `next-…`, `error-…`, `date-…`, `basket-…`.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::{FluentNumber, FluentNumberStyle};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{LanguageIdentifier, langid};

use crate::format;

/// One file per area, so people working on different commands do not edit the same file.
const FR_SOURCES: &[&str] = &[
    include_str!("../../../locales/fr/panier.ftl"),
    include_str!("../../../locales/fr/member.ftl"),
    include_str!("../../../locales/fr/manage.ftl"),
    include_str!("../../../locales/fr/notify.ftl"),
    include_str!("../../../locales/fr/telegram.ftl"),
    include_str!("../../../locales/fr/sign.ftl"),
    include_str!("../../../locales/fr/privacy.ftl"),
    include_str!("../../../locales/fr/network.ftl"),
    include_str!("../../../locales/fr/calendar.ftl"),
    include_str!("../../../locales/fr/export.ftl"),
    include_str!("../../../locales/fr/editor.ftl"),
];
const EN_SOURCES: &[&str] = &[
    include_str!("../../../locales/en/panier.ftl"),
    include_str!("../../../locales/en/member.ftl"),
    include_str!("../../../locales/en/manage.ftl"),
    include_str!("../../../locales/en/notify.ftl"),
    include_str!("../../../locales/en/telegram.ftl"),
    include_str!("../../../locales/en/sign.ftl"),
    include_str!("../../../locales/en/privacy.ftl"),
    include_str!("../../../locales/en/network.ftl"),
    include_str!("../../../locales/en/calendar.ftl"),
    include_str!("../../../locales/en/export.ftl"),
    include_str!("../../../locales/en/editor.ftl"),
];

/// A language Panier speaks. French is the reference and the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Every supported language, reference first.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// Reads a language tag or name: "fr", "fr-FR", "fr_CA", "FR", "en", "en-GB", "en_US.UTF-8",
    /// "français", "english". Only the primary language subtag matters.
    pub fn parse(input: &str) -> Option<Lang> {
        let trimmed = input.trim();
        if trimmed.len() > 35 {
            return None;
        }
        let primary = trimmed.split(['-', '_', '.', '@']).next().unwrap_or("").to_lowercase();
        match primary.as_str() {
            "fr" | "fra" | "fre" | "français" | "francais" | "french" => Some(Lang::Fr),
            "en" | "eng" | "english" | "anglais" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag: "fr" or "en".
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The Unicode language identifier used by Fluent for plural rules.
    pub fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Fr => langid!("fr"),
            Lang::En => langid!("en"),
        }
    }

    fn source(self) -> String {
        let sources = match self {
            Lang::Fr => FR_SOURCES,
            Lang::En => EN_SOURCES,
        };
        sources.join("\n")
    }
}

/// A value passed into a message: text or an integer (integers drive plural selection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg<'a> {
    Str(Cow<'a, str>),
    Num(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(value: &'a str) -> Self {
        Arg::Str(Cow::Borrowed(value))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(value: &'a String) -> Self {
        Arg::Str(Cow::Borrowed(value.as_str()))
    }
}

impl From<String> for Arg<'static> {
    fn from(value: String) -> Self {
        Arg::Str(Cow::Owned(value))
    }
}

macro_rules! arg_from_integer {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'static> {
            fn from(value: $t) -> Self {
                Arg::Num(i64::from(value))
            }
        }
    )*};
}

arg_from_integer!(i64, i32, i16, u32, u16, u8);

impl From<usize> for Arg<'static> {
    fn from(value: usize) -> Self {
        Arg::Num(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl Arg<'_> {
    fn to_fluent(&self) -> FluentValue<'_> {
        match self {
            Arg::Str(text) => FluentValue::String(Cow::Borrowed(text.as_ref())),
            Arg::Num(n) => FluentValue::Number(FluentNumber::from(*n)),
        }
    }
}

/// Formats plain integers with the language's thousands separator ("1 234" / "1,234").
/// Anything with explicit NUMBER() options keeps Fluent's own formatting.
fn number_formatter<M>(lang: Lang, value: &FluentValue, _memoizer: &M) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let plain = number.options == fluent_bundle::types::FluentNumberOptions::default()
        && matches!(number.options.style, FluentNumberStyle::Decimal);
    let integral = number.value.fract() == 0.0 && number.value.abs() < 1e15;
    if !(plain && integral) {
        return None;
    }
    // Exact: the value is an integer below 2^53 in magnitude.
    let n = number.value as i64;
    Some(format::integer(lang, n))
}

fn fr_number<M>(value: &FluentValue, memoizer: &M) -> Option<String> {
    number_formatter(Lang::Fr, value, memoizer)
}

fn en_number<M>(value: &FluentValue, memoizer: &M) -> Option<String> {
    number_formatter(Lang::En, value, memoizer)
}

/// The message keys (and `-term` ids) defined in a Fluent source, read from its top-level lines.
///
/// In Fluent, entries start at column 0 and continuation lines are indented, so a line starting
/// with a letter or `-` and followed by `=` is an entry.
pub fn message_keys(source: &str) -> BTreeSet<String> {
    source
        .lines()
        .filter_map(|line| {
            let first = line.chars().next()?;
            if !(first.is_ascii_alphabetic() || first == '-') {
                return None;
            }
            let id = line.split_once('=')?.0.trim_end();
            let valid = id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            valid.then(|| id.to_string())
        })
        .collect()
}

/// The loaded messages for every [`Lang`]. Build it once ([`Catalog::shared`]) and share it:
/// it is `Send + Sync`.
pub struct Catalog {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    problems: Vec<String>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog").field("problems", &self.problems).finish_non_exhaustive()
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self::new()
    }
}

impl Catalog {
    /// Loads the embedded `.ftl` files. Never fails: syntax errors are logged, kept in
    /// [`Catalog::problems`], and the entries that did parse stay usable.
    pub fn new() -> Self {
        let mut problems = Vec::new();
        let fr = Self::load(Lang::Fr, &mut problems);
        let en = Self::load(Lang::En, &mut problems);
        for problem in &problems {
            tracing::warn!(problem = %problem, "fluent catalog problem");
        }
        Catalog { fr, en, problems }
    }

    /// A process-wide catalog, built on first use.
    pub fn shared() -> &'static Catalog {
        static SHARED: OnceLock<Catalog> = OnceLock::new();
        SHARED.get_or_init(Catalog::new)
    }

    fn load(lang: Lang, problems: &mut Vec<String>) -> FluentBundle<FluentResource> {
        let resource = match FluentResource::try_new(lang.source()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                for error in errors {
                    problems.push(format!("{}: parse error: {error:?}", lang.code()));
                }
                resource
            }
        };
        let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(match lang {
            Lang::Fr => fr_number,
            Lang::En => en_number,
        }));
        if let Err(errors) = bundle.add_resource(resource) {
            for error in errors {
                problems.push(format!("{}: {error}", lang.code()));
            }
        }
        bundle
    }

    /// Syntax errors and duplicate keys found while loading (empty when the files are sound).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    /// Whether `key` exists in `lang` (without falling back to French).
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).has_message(key)
    }

    /// The text of message `key` in `lang`, with `args` filled in.
    ///
    /// A key missing in `lang` falls back to French; a key missing everywhere returns the key
    /// itself. Both are logged with `tracing::warn!` (key and language only, never the args,
    /// which may hold personal data). Never panics.
    pub fn text(&self, lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.to_fluent());
        }
        let fluent_args = (!args.is_empty()).then_some(&fluent_args);

        let candidates: &[Lang] = if lang == Lang::Fr { &[Lang::Fr] } else { &[lang, Lang::Fr] };
        for &candidate in candidates {
            let bundle = self.bundle(candidate);
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            if candidate != lang {
                tracing::warn!(key, lang = lang.code(), "message missing, using French");
            }
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, fluent_args, &mut errors);
            for error in &errors {
                tracing::warn!(key, lang = candidate.code(), %error, "message formatting problem");
            }
            return text.into_owned();
        }
        tracing::warn!(key, lang = lang.code(), "message missing in every language");
        key.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_language_tags() {
        for tag in ["fr", "fr-FR", "FR", " fr_CA ", "fr_FR.UTF-8", "Français", "francais"] {
            assert_eq!(Lang::parse(tag), Some(Lang::Fr), "{tag:?}");
        }
        for tag in ["en", "en-GB", "en-US", "EN_us", "english"] {
            assert_eq!(Lang::parse(tag), Some(Lang::En), "{tag:?}");
        }
        for tag in ["de", "", "f", "fren", "-fr", "🥕"] {
            assert_eq!(Lang::parse(tag), None, "{tag:?}");
        }
        assert_eq!(Lang::parse(&"fr".repeat(5000)), None);
        assert_eq!(Lang::default(), Lang::Fr);
    }

    #[test]
    fn catalogs_parse_and_have_the_same_keys() {
        let catalog = Catalog::new();
        assert!(catalog.problems().is_empty(), "problems: {:#?}", catalog.problems());
        let fr = message_keys(&Lang::Fr.source());
        let en = message_keys(&Lang::En.source());
        assert!(!fr.is_empty());
        let missing_in_en: Vec<_> = fr.difference(&en).collect();
        let missing_in_fr: Vec<_> = en.difference(&fr).collect();
        assert!(
            missing_in_en.is_empty() && missing_in_fr.is_empty(),
            "missing in en/panier.ftl: {missing_in_en:?}; missing in fr/panier.ftl: {missing_in_fr:?}"
        );
        for key in fr.iter().filter(|k| !k.starts_with('-')) {
            for lang in Lang::ALL {
                assert!(catalog.has(lang, key), "{key} not loaded in {lang:?}");
            }
        }
    }

    #[test]
    fn key_naming_scheme() {
        for key in message_keys(&Lang::Fr.source()) {
            let id = key.trim_start_matches('-');
            assert!(
                id.contains('-')
                    && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "key {key:?} is not kebab-case with an area prefix"
            );
        }
    }

    #[test]
    fn plurals_follow_cldr() {
        let catalog = Catalog::new();
        let cases = [
            (Lang::Fr, 0, "0 panier"),
            (Lang::Fr, 1, "1 panier"),
            (Lang::Fr, 2, "2 paniers"),
            (Lang::Fr, 1234, "1\u{202f}234 paniers"),
            (Lang::En, 0, "0 baskets"),
            (Lang::En, 1, "1 basket"),
            (Lang::En, 2, "2 baskets"),
            (Lang::En, 1234, "1,234 baskets"),
        ];
        for (lang, n, expected) in cases {
            let text = catalog.text(lang, "basket-count", &[("n", Arg::from(n))]);
            assert_eq!(text, expected, "{lang:?} {n}");
        }
    }

    #[test]
    fn string_args_are_not_isolated() {
        let catalog = Catalog::new();
        let text = catalog.text(Lang::Fr, "error-date-unrecognized", &[("input", Arg::from("31/02"))]);
        assert!(text.contains("« 31/02 »") || text.contains("«\u{a0}31/02\u{a0}»"), "{text}");
        assert!(!text.contains('\u{2068}'));
    }

    #[test]
    fn missing_keys_and_args_do_not_panic() {
        let catalog = Catalog::shared();
        assert_eq!(catalog.text(Lang::Fr, "no-such-key", &[]), "no-such-key");
        assert_eq!(catalog.text(Lang::En, "no-such-key", &[]), "no-such-key");
        assert_eq!(catalog.text(Lang::En, "", &[]), "");
        // A missing variable is reported by Fluent and rendered as `{$n}`, not a panic.
        let text = catalog.text(Lang::Fr, "basket-count", &[]);
        assert!(text.contains("panier"), "{text}");
        let extreme = catalog.text(Lang::Fr, "basket-count", &[("n", Arg::Num(i64::MIN))]);
        assert!(extreme.contains("paniers"), "{extreme}");
    }

    #[test]
    fn catalog_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Catalog>();
    }
}
