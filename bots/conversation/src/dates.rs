//! Date arguments in commands: parse in people's words, answer clearly when it fails.

use chrono::NaiveDate;

use crate::context::Ctx;
use crate::failure::Failure;
use crate::format;
use crate::i18n::Arg;
use crate::message::Reply;
use crate::parse::{DateError, parse_date};

/// Parses a date typed by the member, relative to today in their AMAP.
pub fn date_arg(ctx: &Ctx<'_>, input: &str) -> Result<NaiveDate, Failure> {
    parse_date(input, ctx.today()).map_err(|error| Failure::Date { input: input.to_owned(), error })
}

pub fn date_error_reply(ctx: &Ctx<'_>, input: &str, error: DateError) -> Reply {
    let shown: String = input.chars().take(40).collect();
    match error {
        DateError::Empty => ctx.reply("error-date-empty", &[]),
        DateError::TooLong => ctx.reply("error-date-too-long", &[]),
        DateError::Unrecognized => ctx.reply("error-date-unrecognized", &[("input", Arg::from(shown))]),
        DateError::Impossible { .. } => ctx.reply("error-date-impossible", &[("input", Arg::from(shown))]),
        DateError::WeekdayMismatch { date, stated } => ctx.reply(
            "error-date-weekday-mismatch",
            &[
                // "11 mai", not "mardi 11 mai": the sentence names the weekday itself.
                (
                    "date",
                    Arg::from(ctx.date(date).split_once(' ').map(|(_, d)| d.to_owned()).unwrap_or_default()),
                ),
                ("weekday", Arg::from(format::weekday_name(ctx.lang, chrono::Datelike::weekday(&date)))),
                ("stated", Arg::from(format::weekday_name(ctx.lang, stated))),
            ],
        ),
    }
}

/// ISO form used inside button data ("2027-05-11"), which `parse_date` reads back.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}
