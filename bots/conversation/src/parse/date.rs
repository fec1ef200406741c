//! Dates in people's words ("12/05", "mardi", "1er mai", "demain"), relative to a given today.
//!
//! The caller passes `today` in the AMAP's timezone; this module never reads the clock.
//!
//! Accepted (case-insensitive, accents optional, surrounding whitespace ignored, optional "le"):
//! - numbers: `12/05`, `12/05/2027`, `12/5/27`, `12-05-2027`, `12.05`, ISO `2027-05-12`;
//! - words: `aujourd'hui`/`today`, `demain`/`tomorrow`, `après-demain`;
//! - a weekday alone, full or short (`mardi`, `mar`, `tuesday`, `tue`): the next such day,
//!   **today included** when today is that weekday (a member asking "mercredi" on a Wednesday
//!   about tonight's distribution means today);
//! - day and month: `12 mai`, `1er mai`, `12 mai 2027`, `12 may`, `may 12, 2027`, `12th may`,
//!   optionally led by a weekday that must agree (`mardi 12 mai`, `mercredi 12/05`);
//! - a day of the month alone: `12`, `le 12` (the next 12th on or after today).
//!
//! Without a year, a date means the next such date on or after today (next year if it has
//! already passed; `29/02` means the next 29 February that exists). With a year, the date is
//! returned as written, even if it is in the past.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::normalize;

/// Longer inputs are refused with [`DateError::TooLong`] before any other work.
pub const MAX_INPUT_CHARS: usize = 64;

/// Why a text is not a date. The caller turns it into a sentence in the member's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing but whitespace.
    #[error("no date given")]
    Empty,
    /// Not a date format we know.
    #[error("not a recognized date")]
    Unrecognized,
    /// A well-formed date that is not in the calendar: 31/02, 00/05, 13/13, 29/02/2027.
    #[error("no such date: day {day}, month {month}, year {year:?}")]
    Impossible { day: u32, month: u32, year: Option<i32> },
    /// "mardi 13 mai 2027" while 13 May 2027 is a Thursday: `date` is the date as written,
    /// `stated` the weekday the person wrote.
    #[error("{date} is not a {stated}")]
    WeekdayMismatch { date: NaiveDate, stated: Weekday },
    /// More than [`MAX_INPUT_CHARS`] characters.
    #[error("too long to be a date")]
    TooLong,
}

/// Reads a date as people type it; see the module documentation for the accepted forms.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    if input.chars().nth(MAX_INPUT_CHARS).is_some() {
        return Err(DateError::TooLong);
    }
    let normalized = normalize(input);
    if normalized.is_empty() {
        return Err(DateError::Empty);
    }
    let text = normalized.strip_prefix("le ").unwrap_or(&normalized);
    if let Some(offset) = relative_offset(text) {
        return today.checked_add_days(Days::new(offset)).ok_or(DateError::Unrecognized);
    }
    if let Some(result) = numeric(text, today) {
        return result;
    }
    words(text, today)
}

/// Days from today for "aujourd'hui", "demain", "après-demain" and their English forms.
fn relative_offset(text: &str) -> Option<u64> {
    match text {
        "aujourd'hui" | "aujourdhui" | "aujourd hui" | "today" => Some(0),
        "demain" | "tomorrow" => Some(1),
        "apres-demain" | "apres demain" | "apresdemain" | "day after tomorrow" | "the day after tomorrow" => {
            Some(2)
        }
        _ => None,
    }
}

/// Numeric forms with one separator (`/`, `-` or `.`); `None` when the text is not of that shape.
fn numeric(text: &str, today: NaiveDate) -> Option<Result<NaiveDate, DateError>> {
    let separator = text.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    if !text.chars().all(|c| c.is_ascii_digit() || c == separator) {
        return None;
    }
    let parts: Vec<&str> = text.split(separator).collect();
    Some(numeric_parts(&parts, today))
}

fn numeric_parts(parts: &[&str], today: NaiveDate) -> Result<NaiveDate, DateError> {
    match parts {
        [year, month, day] if year.len() == 4 => {
            let year = number(year, 4)?;
            exact(number(day, 2)?, number(month, 2)?, year_from(year))
        }
        [day, month] => next_day_month(number(day, 2)?, number(month, 2)?, today),
        [day, month, year] => exact(number(day, 2)?, number(month, 2)?, parse_year(year)?),
        _ => Err(DateError::Unrecognized),
    }
}

/// 1 to `max_len` ASCII digits (no sign, no spaces).
fn number(text: &str, max_len: usize) -> Result<u32, DateError> {
    if text.is_empty() || text.len() > max_len || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError::Unrecognized);
    }
    text.parse().map_err(|_| DateError::Unrecognized)
}

fn year_from(n: u32) -> i32 {
    // At most four digits, so this always fits.
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A year of four digits, or two digits meaning 20xx.
fn parse_year(text: &str) -> Result<i32, DateError> {
    match text.len() {
        2 => Ok(2000 + year_from(number(text, 2)?)),
        4 => Ok(year_from(number(text, 4)?)),
        _ => Err(DateError::Unrecognized),
    }
}

/// Forms with words: an optional weekday, then day and month in either order, optional year.
fn words(text: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let tokens: Vec<&str> = text
        .split([' ', ','])
        .map(|token| token.trim_end_matches('.'))
        .filter(|token| !token.is_empty())
        .collect();
    let (stated, rest) = match tokens.split_first() {
        Some((first, rest)) => match weekday_from_name(first) {
            Some(weekday) => (Some(weekday), rest),
            None => (None, tokens.as_slice()),
        },
        None => return Err(DateError::Unrecognized),
    };
    let date = match rest {
        [] => {
            return match stated {
                Some(weekday) => next_weekday(weekday, today),
                None => Err(DateError::Unrecognized),
            };
        }
        [single] => match numeric(single, today) {
            Some(result) => result?,
            None => next_day_of_month(parse_day(single)?, today)?,
        },
        [first, second] => match (month_from_name(first), month_from_name(second)) {
            (None, Some(month)) => next_day_month(parse_day(first)?, month, today)?,
            (Some(month), None) => next_day_month(parse_day(second)?, month, today)?,
            _ => return Err(DateError::Unrecognized),
        },
        [first, second, year] => {
            let year = parse_year(year)?;
            match (month_from_name(first), month_from_name(second)) {
                (None, Some(month)) => exact(parse_day(first)?, month, year)?,
                (Some(month), None) => exact(parse_day(second)?, month, year)?,
                _ => return Err(DateError::Unrecognized),
            }
        }
        _ => return Err(DateError::Unrecognized),
    };
    match stated {
        Some(weekday) if date.weekday() != weekday => {
            Err(DateError::WeekdayMismatch { date, stated: weekday })
        }
        _ => Ok(date),
    }
}

/// A day of the month: "12", "1er", "1re", "1st", "2nd", "3rd", "12th".
fn parse_day(token: &str) -> Result<u32, DateError> {
    let end = token.find(|c: char| !c.is_ascii_digit()).unwrap_or(token.len());
    let (digits, suffix) = token.split_at(end);
    let day = number(digits, 2)?;
    match suffix {
        "" | "st" | "nd" | "rd" | "th" => Ok(day),
        "er" | "re" | "ere" if day == 1 => Ok(day),
        _ => Err(DateError::Unrecognized),
    }
}

fn month_from_name(token: &str) -> Option<u32> {
    let month = match token {
        "janvier" | "janv" | "jan" | "january" => 1,
        "fevrier" | "fevr" | "fev" | "february" | "feb" => 2,
        // "mar" is read as a weekday (mardi) at the start of the text, as March elsewhere.
        "mars" | "march" | "mar" => 3,
        "avril" | "avr" | "april" | "apr" => 4,
        "mai" | "may" => 5,
        "juin" | "june" | "jun" => 6,
        "juillet" | "juil" | "july" | "jul" => 7,
        "aout" | "august" | "aug" => 8,
        "septembre" | "sept" | "sep" | "september" => 9,
        "octobre" | "oct" | "october" => 10,
        "novembre" | "nov" | "november" => 11,
        "decembre" | "dec" | "december" => 12,
        _ => return None,
    };
    Some(month)
}

fn weekday_from_name(token: &str) -> Option<Weekday> {
    let weekday = match token {
        "lundi" | "lun" | "monday" | "mon" => Weekday::Mon,
        "mardi" | "mar" | "tuesday" | "tue" | "tues" => Weekday::Tue,
        "mercredi" | "mer" | "wednesday" | "wed" => Weekday::Wed,
        "jeudi" | "jeu" | "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "vendredi" | "ven" | "friday" | "fri" => Weekday::Fri,
        "samedi" | "sam" | "saturday" | "sat" => Weekday::Sat,
        "dimanche" | "dim" | "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    };
    Some(weekday)
}

/// The next `weekday` on or after today.
fn next_weekday(weekday: Weekday, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let ahead = (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    today.checked_add_days(Days::new(u64::from(ahead))).ok_or(DateError::Unrecognized)
}

/// Longest month length in any year (29 for February).
fn max_day(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn exact(day: u32, month: u32, year: i32) -> Result<NaiveDate, DateError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::Impossible { day, month, year: Some(year) })
}

/// The next `day`/`month` on or after today (a later year when needed, e.g. for 29/02).
fn next_day_month(day: u32, month: u32, today: NaiveDate) -> Result<NaiveDate, DateError> {
    if !(1..=12).contains(&month) || day == 0 || day > max_day(month) {
        return Err(DateError::Impossible { day, month, year: None });
    }
    let first = today.year();
    // Eight years always contain a 29 February (2096 -> 2104 skips only 2100).
    (first..=first.saturating_add(8))
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .find(|date| *date >= today)
        .ok_or(DateError::Unrecognized)
}

/// The next `day` of a month on or after today ("le 31" skips months without a 31st).
fn next_day_of_month(day: u32, today: NaiveDate) -> Result<NaiveDate, DateError> {
    if !(1..=31).contains(&day) {
        return Err(DateError::Unrecognized);
    }
    let (mut year, mut month) = (today.year(), today.month());
    for _ in 0..13 {
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day)
            && date >= today
        {
            return Ok(date);
        }
        if month == 12 {
            month = 1;
            year = year.checked_add(1).ok_or(DateError::Unrecognized)?;
        } else {
            month += 1;
        }
    }
    Err(DateError::Unrecognized)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateError::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    /// Wednesday 5 May 2027.
    fn today() -> NaiveDate {
        d(2027, 5, 5)
    }

    /// `input = yyyy-mm-dd` pairs separated by `|`, several per line to keep the table short.
    const GOOD: &str = "
        12/05 = 2027-05-12 | 05/05 = 2027-05-05 | 04/05 = 2028-05-04 | 1/1 = 2028-01-01
        29/02 = 2028-02-29 | 12/05/2027 = 2027-05-12 | 12/5/27 = 2027-05-12
        12-05-2027 = 2027-05-12 | 2027-05-12 = 2027-05-12 | 12/05/2020 = 2020-05-12
        12.05 = 2027-05-12 | 12.05.2027 = 2027-05-12 | 29/02/2028 = 2028-02-29
        mardi = 2027-05-11 | Mardi = 2027-05-11 | mar = 2027-05-11 | mar. = 2027-05-11
        tuesday = 2027-05-11 | TUE = 2027-05-11 | jeudi = 2027-05-06 | lundi = 2027-05-10
        mercredi = 2027-05-05 | wed = 2027-05-05 | dimanche = 2027-05-09
        aujourd'hui = 2027-05-05 | Aujourd’hui = 2027-05-05 | aujourdhui = 2027-05-05
        today = 2027-05-05 | demain = 2027-05-06 | Tomorrow = 2027-05-06
        après-demain = 2027-05-07 | apres-demain = 2027-05-07 | Après demain = 2027-05-07
        12 mai = 2027-05-12 | le 12 mai = 2027-05-12 | 12 mai 2027 = 2027-05-12
        12 mai 2030 = 2030-05-12 | mercredi 12 mai = 2027-05-12 | MARDI 11 MAI 2027 = 2027-05-11
        1er mai = 2028-05-01 | 1er juin = 2027-06-01 | mardi 1er juin = 2027-06-01
        3 fevrier = 2028-02-03 | 3 Février = 2028-02-03 | 15 aout = 2027-08-15
        15 août = 2027-08-15 | 12 déc. = 2027-12-12 | 12 mar = 2028-03-12 | 12 may = 2027-05-12
        May 12 = 2027-05-12 | May 12, 2027 = 2027-05-12 | Tuesday, 11 May = 2027-05-11
        12th May = 2027-05-12 | 1st June = 2027-06-01 | mercredi 12/05 = 2027-05-12
        12 = 2027-05-12 | le 4 = 2027-06-04 | 31 = 2027-05-31 | mardi 11 = 2027-05-11";

    /// Inputs that are not dates at all, separated by `|`.
    const UNRECOGNIZED: &str = "🥕 | '; DROP TABLE member; -- | 0 | 32 | 2027 | 123/05 | 12/05/202
        | 1/2/3/4 | +1/05 | 12//05 | 12/05-2027 | 99999999999999999999/01 | / | - | le | mai
        | mardi mardi | 2er mai | 12 mai 99999 | 12 blah | mardi 12 mai 2027 18h | 12 mai 27 x";

    #[test]
    fn good_inputs() {
        assert_eq!(today().weekday(), Weekday::Wed);
        for case in GOOD.split(['|', '\n']).filter(|c| !c.trim().is_empty()) {
            let (input, expected) = case.split_once(" = ").expect("table row");
            let expected = NaiveDate::parse_from_str(expected.trim(), "%Y-%m-%d").expect("date");
            assert_eq!(parse_date(input, today()), Ok(expected), "{input:?}");
        }
        assert_eq!(parse_date("  12   MAI \n", today()), Ok(d(2027, 5, 12)));
    }

    #[test]
    fn bad_inputs() {
        for input in UNRECOGNIZED.split('|') {
            assert_eq!(parse_date(input, today()), Err(Unrecognized), "{input:?}");
        }
        let impossible = |day, month, year| Err(Impossible { day, month, year });
        let cases = [
            ("", Err(Empty)),
            ("   ", Err(Empty)),
            ("\n\t\u{a0}", Err(Empty)),
            ("31/02", impossible(31, 2, None)),
            ("32/01", impossible(32, 1, None)),
            ("00/05", impossible(0, 5, None)),
            ("13/13", impossible(13, 13, None)),
            ("31 avril", impossible(31, 4, None)),
            ("29/02/2027", impossible(29, 2, Some(2027))),
            ("2027-02-30", impossible(30, 2, Some(2027))),
            ("2027-13-01", impossible(1, 13, Some(2027))),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_date(input, today()), expected, "{input:?}");
        }
        let (date, stated) = (d(2027, 5, 13), Weekday::Tue);
        let mismatch = Err(WeekdayMismatch { date, stated });
        assert_eq!(parse_date("mardi 13 mai 2027", today()), mismatch);
        let mismatch = parse_date("mardi 12/05", today());
        assert!(matches!(mismatch, Err(WeekdayMismatch { .. })), "{mismatch:?}");
    }

    #[test]
    fn long_inputs_are_refused_early() {
        let ten_kb = "mardi ".repeat(2_000);
        assert_eq!(parse_date(&ten_kb, today()), Err(TooLong));
        assert_eq!(parse_date(&"é".repeat(65), today()), Err(TooLong));
        let padded = format!("{:>64}", "12/05");
        assert_eq!(parse_date(&padded, today()), Ok(d(2027, 5, 12)));
    }

    #[test]
    fn odd_unicode_never_panics() {
        let odd = "\u{0}|\u{feff}12/05|1\u{301}2/05|١٢/٠٥|１２/０５|İ|ß|ﬁ|\u{202e}12/05|\u{200b}|🇫🇷🥕📅
            |e\u{301}\u{301}|12/\u{10ffff}|mardi\u{0}12|ǅ|ΐ|12 ma\u{ef}|99/99/9999|9999-99-99|1er
            |..|1.|.1|le le|'|’|--|0/0/0000|31/12/9999|29/02|31|demain|dimanche|1er mai|mar 31";
        let days = [today(), NaiveDate::MIN, NaiveDate::MAX, d(2100, 1, 1)];
        for input in odd.split('|') {
            for day in days {
                let _ = parse_date(input, day);
            }
        }
        assert_eq!(parse_date("29/02", d(2097, 3, 1)), Ok(d(2104, 2, 29)));
    }
}
