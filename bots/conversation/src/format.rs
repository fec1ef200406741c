//! French-first formatting of typed values (dates, times, money) for people, per [`Lang`].
//!
//! Rules come from `shared/voice.md`: "mardi 12 mai" (year only outside the current season),
//! "18h30", "18h30–19h45", "1 234,50 €" from integer cents, never floating point.

use chrono::{Datelike, Months, NaiveDate, NaiveTime, Timelike, Weekday};

use crate::i18n::Lang;

/// U+202F NARROW NO-BREAK SPACE: French thousands separator.
pub const NARROW_NBSP: char = '\u{202F}';
/// U+00A0 NO-BREAK SPACE: French space before the currency sign.
pub const NBSP: char = '\u{00A0}';

/// How far from `today` a date may be and still be shown without its year (the current season).
const SEASON_MONTHS: u32 = 10;

const WEEKDAYS_FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Name of a weekday: "mardi" (lower case) in French, "Tuesday" in English.
pub fn weekday_name(lang: Lang, weekday: Weekday) -> &'static str {
    let index = weekday.num_days_from_monday() as usize;
    match lang {
        Lang::Fr => WEEKDAYS_FR[index % 7],
        Lang::En => WEEKDAYS_EN[index % 7],
    }
}

/// Name of a month (1 = January): "mai" (lower case) in French, "May" in English.
/// Out-of-range months give an empty string rather than a panic.
pub fn month_name(lang: Lang, month: u32) -> &'static str {
    let table = match lang {
        Lang::Fr => &MONTHS_FR,
        Lang::En => &MONTHS_EN,
    };
    month.checked_sub(1).and_then(|i| table.get(i as usize)).copied().unwrap_or("")
}

/// Whether `date` is far enough from `today` that its year must be shown.
fn needs_year(date: NaiveDate, today: NaiveDate) -> bool {
    let months = Months::new(SEASON_MONTHS);
    let too_early = today.checked_sub_months(months).is_some_and(|low| date < low);
    let too_late = today.checked_add_months(months).is_some_and(|high| date > high);
    too_early || too_late
}

/// A date in words: fr "mardi 12 mai", "vendredi 1er mai"; en "Tuesday 12 May".
///
/// The year is appended ("mardi 12 mai 2026") only when the date is more than ten months away
/// from `today` in either direction. French output is lower case; use [`capitalize`] at the
/// start of a sentence.
pub fn date_long(lang: Lang, date: NaiveDate, today: NaiveDate) -> String {
    let weekday = weekday_name(lang, date.weekday());
    let month = month_name(lang, date.month());
    let day = date.day();
    let mut out = match lang {
        Lang::Fr if day == 1 => format!("{weekday} 1er {month}"),
        Lang::Fr | Lang::En => format!("{weekday} {day} {month}"),
    };
    if needs_year(date, today) {
        out.push(' ');
        out.push_str(&date.year().to_string());
    }
    out
}

/// A time of day: fr "18h30", "18h" for a full hour, "9h05"; en "18:30", "09:05".
pub fn time(lang: Lang, t: NaiveTime) -> String {
    let (hour, minute) = (t.hour(), t.minute());
    match lang {
        Lang::Fr if minute == 0 => format!("{hour}h"),
        Lang::Fr => format!("{hour}h{minute:02}"),
        Lang::En => format!("{hour:02}:{minute:02}"),
    }
}

/// A time window with an en dash: fr "18h30–19h45", en "18:30–19:45".
pub fn time_range(lang: Lang, start: NaiveTime, end: NaiveTime) -> String {
    format!("{}\u{2013}{}", time(lang, start), time(lang, end))
}

/// Groups the decimal digits of `n` by three with `separator`: 1234567 -> "1,234,567".
pub fn group_digits(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3 * separator.len_utf8());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// An amount from integer cents, always with two decimals.
///
/// fr "1 234,50 €" (U+202F between thousands, U+00A0 before €), "-12,00 €";
/// en "€1,234.50", "-€12.00". Works for the whole `i64` range.
pub fn money(lang: Lang, cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (units, rest) = (abs / 100, abs % 100);
    match lang {
        Lang::Fr => format!("{sign}{},{rest:02}{NBSP}€", group_digits(units, NARROW_NBSP)),
        Lang::En => format!("{sign}€{}.{rest:02}", group_digits(units, ',')),
    }
}

/// An integer count with the language's thousands separator: fr "1 234", en "1,234".
pub fn integer(lang: Lang, n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let separator = match lang {
        Lang::Fr => NARROW_NBSP,
        Lang::En => ',',
    };
    format!("{sign}{}", group_digits(n.unsigned_abs(), separator))
}

/// Upper-cases the first letter, for a date at the start of a line: "mardi" -> "Mardi".
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
    }

    #[test]
    fn long_dates() {
        let today = d(2026, 5, 5);
        let cases = [
            (Lang::Fr, d(2026, 5, 12), "mardi 12 mai"),
            (Lang::Fr, d(2026, 5, 1), "vendredi 1er mai"),
            (Lang::Fr, d(2026, 8, 1), "samedi 1er août"),
            (Lang::Fr, d(2026, 2, 3), "mardi 3 février"),
            (Lang::Fr, d(2026, 12, 25), "vendredi 25 décembre"),
            // Within ten months: no year, even across the new year.
            (Lang::Fr, d(2027, 3, 1), "lundi 1er mars"),
            (Lang::Fr, d(2026, 3, 5), "jeudi 5 mars"),
            // Outside the season: year shown.
            (Lang::Fr, d(2027, 5, 12), "mercredi 12 mai 2027"),
            (Lang::Fr, d(2025, 5, 12), "lundi 12 mai 2025"),
            (Lang::Fr, d(2030, 1, 1), "mardi 1er janvier 2030"),
            (Lang::En, d(2026, 5, 12), "Tuesday 12 May"),
            (Lang::En, d(2026, 5, 1), "Friday 1 May"),
            (Lang::En, d(2027, 5, 12), "Wednesday 12 May 2027"),
        ];
        for (lang, date, expected) in cases {
            assert_eq!(date_long(lang, date, today), expected, "{lang:?} {date}");
        }
    }

    #[test]
    fn season_bounds() {
        let today = d(2026, 5, 5);
        assert!(!needs_year(d(2027, 3, 5), today));
        assert!(needs_year(d(2027, 3, 6), today));
        assert!(!needs_year(d(2025, 7, 5), today));
        assert!(needs_year(d(2025, 7, 4), today));
        // Extreme dates do not panic.
        let _ = date_long(Lang::Fr, NaiveDate::MAX, NaiveDate::MIN);
        let _ = date_long(Lang::En, NaiveDate::MIN, NaiveDate::MAX);
    }

    #[test]
    fn times() {
        let cases = [
            (Lang::Fr, t(18, 30), "18h30"),
            (Lang::Fr, t(18, 0), "18h"),
            (Lang::Fr, t(9, 5), "9h05"),
            (Lang::Fr, t(0, 0), "0h"),
            (Lang::En, t(18, 30), "18:30"),
            (Lang::En, t(18, 0), "18:00"),
            (Lang::En, t(9, 5), "09:05"),
        ];
        for (lang, time_of_day, expected) in cases {
            assert_eq!(time(lang, time_of_day), expected);
        }
    }

    #[test]
    fn time_ranges() {
        assert_eq!(time_range(Lang::Fr, t(18, 30), t(19, 45)), "18h30\u{2013}19h45");
        assert_eq!(time_range(Lang::Fr, t(18, 0), t(20, 0)), "18h–20h");
        assert_eq!(time_range(Lang::En, t(18, 30), t(19, 45)), "18:30–19:45");
    }

    #[test]
    fn amounts() {
        let cases = [
            (Lang::Fr, 0, "0,00\u{a0}€"),
            (Lang::Fr, 5, "0,05\u{a0}€"),
            (Lang::Fr, 50, "0,50\u{a0}€"),
            (Lang::Fr, 39_100, "391,00\u{a0}€"),
            (Lang::Fr, 100_000, "1\u{202f}000,00\u{a0}€"),
            (Lang::Fr, 123_450, "1\u{202f}234,50\u{a0}€"),
            (Lang::Fr, 123_456_789, "1\u{202f}234\u{202f}567,89\u{a0}€"),
            (Lang::Fr, -1_200, "-12,00\u{a0}€"),
            (Lang::Fr, -5, "-0,05\u{a0}€"),
            (Lang::En, 0, "€0.00"),
            (Lang::En, 5, "€0.05"),
            (Lang::En, 123_450, "€1,234.50"),
            (Lang::En, 123_456_789, "€1,234,567.89"),
            (Lang::En, -1_200, "-€12.00"),
        ];
        for (lang, cents, expected) in cases {
            assert_eq!(money(lang, cents), expected, "{lang:?} {cents}");
        }
    }

    #[test]
    fn amounts_at_the_limits() {
        assert_eq!(money(Lang::En, i64::MAX), "€92,233,720,368,547,758.07");
        assert_eq!(money(Lang::En, i64::MIN), "-€92,233,720,368,547,758.08");
        assert!(money(Lang::Fr, i64::MIN).starts_with("-92\u{202f}233"));
        assert!(money(Lang::Fr, i64::MAX).ends_with(",07\u{a0}€"));
    }

    #[test]
    fn grouping_and_integers() {
        let cases = [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1,000"),
            (12_345, "12,345"),
            (123_456, "123,456"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ];
        for (n, expected) in cases {
            assert_eq!(group_digits(n, ','), expected);
        }
        assert_eq!(integer(Lang::Fr, 1234), "1\u{202f}234");
        assert_eq!(integer(Lang::En, -1234), "-1,234");
        assert_eq!(integer(Lang::En, i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn names_and_capitals() {
        assert_eq!(month_name(Lang::Fr, 0), "");
        assert_eq!(month_name(Lang::Fr, 13), "");
        assert_eq!(month_name(Lang::Fr, 8), "août");
        assert_eq!(weekday_name(Lang::En, Weekday::Sun), "Sunday");
        assert_eq!(capitalize("mardi 12 mai"), "Mardi 12 mai");
        assert_eq!(capitalize("écrire"), "Écrire");
        assert_eq!(capitalize(""), "");
    }
}
