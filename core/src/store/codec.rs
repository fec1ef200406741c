//! Conversions between domain values and their portable SQL representation.

use chrono::{DateTime, NaiveDate, Utc};

pub fn date_to_sql(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn date_from_sql(raw: &str) -> Result<NaiveDate, sqlx::Error> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub fn instant_to_sql(at: DateTime<Utc>) -> i64 {
    at.timestamp()
}

pub fn instant_from_sql(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

pub fn flag(value: i64) -> bool {
    value != 0
}

pub fn corrupt(what: &'static str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unexpected value in column {what}").into())
}
