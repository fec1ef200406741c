//! Reading TOML values with their position: spans to line numbers, dates, amounts, small
//! integers, and the parser's own errors turned into an `ImportError`.

use std::ops::Range;

use chrono::NaiveDate;
use toml::{Spanned, Value};

use super::error::{At, ImportError, Problem};
use crate::types::Cents;

/// The file being read, to turn byte spans into line numbers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Src<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl<'a> Src<'a> {
    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> u64 {
        let end = offset.min(self.text.len());
        let newlines = self.text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count();
        newlines as u64 + 1
    }

    pub fn err(&self, span: Range<usize>, field: &str, problem: impl Into<Problem>) -> ImportError {
        ImportError::new(self.file, At::Line(self.line(span.start)), field, problem.into())
    }

    /// The parser's error: syntax, wrong type, unknown or missing key.
    pub fn parse_error(&self, e: &toml::de::Error) -> ImportError {
        let message = e.message().trim();
        let Some(span) = e.span() else {
            return ImportError::new(self.file, At::File, "toml", Problem::Toml(message.into()));
        };
        let at = At::Line(self.line(span.start));
        let (field, problem) = if message.starts_with("unknown field") {
            let key = self.text.get(span.clone()).unwrap_or("").trim();
            (key.trim_matches('"').to_owned(), Problem::UnknownKey)
        } else if let Some(rest) = message.strip_prefix("missing field `") {
            let key = rest.split('`').next().unwrap_or("");
            (key.to_owned(), Problem::MissingKey)
        } else {
            (self.key_before(span.start), Problem::Toml(first_line(message)))
        };
        ImportError::new(self.file, at, field, problem)
    }

    /// The key of the `key = value` line holding `offset` (or of an array spanning lines).
    fn key_before(&self, offset: usize) -> String {
        let end = offset.min(self.text.len());
        let before = self.text.get(..end).unwrap_or("");
        let current = before.rsplit('\n').next().unwrap_or("");
        let candidates = std::iter::once(current).chain(before.rsplit('\n').skip(1).take(50));
        for line in candidates {
            let line = line.trim_start();
            if line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') {
                return table_name(line);
            }
            if let Some((key, _)) = line.split_once('=') {
                return key.trim().trim_matches('"').to_owned();
            }
        }
        "toml".into()
    }

    pub fn date(&self, v: &Spanned<Value>, field: &str) -> Result<NaiveDate, ImportError> {
        date_of(v.get_ref()).ok_or_else(|| self.err(v.span(), field, Problem::NotADate))
    }

    pub fn dates(&self, values: &[Spanned<Value>], field: &str) -> Result<Vec<NaiveDate>, ImportError> {
        let mut out: Vec<NaiveDate> = Vec::with_capacity(values.len());
        for v in values {
            let d = self.date(v, field)?;
            if out.contains(&d) {
                return Err(self.err(v.span(), field, Problem::DuplicateDate(d)));
            }
            out.push(d);
        }
        Ok(out)
    }

    /// Euros as text ("17,50") or whole euros as an integer; a float is refused with a hint.
    pub fn amount(&self, v: &Spanned<Value>, field: &str) -> Result<Cents, ImportError> {
        let problem = match v.get_ref() {
            Value::String(s) => match Cents::parse_euros(s) {
                Ok(c) => return Ok(c),
                Err(e) => Problem::Invalid(e),
            },
            Value::Integer(n) if (0..=9_999_999).contains(n) => return Ok(Cents(n * 100)),
            Value::Float(_) => Problem::FloatAmount,
            _ => Problem::Invalid(crate::error::Invalid::Amount),
        };
        Err(self.err(v.span(), field, problem))
    }

    /// An optional integer within bounds, or `default`.
    pub fn small(
        &self,
        v: Option<&Spanned<i64>>,
        field: &str,
        min: u32,
        max: u32,
        default: u32,
    ) -> Result<u32, ImportError> {
        let Some(v) = v else {
            return Ok(default);
        };
        u32::try_from(*v.get_ref()).ok().filter(|n| (min..=max).contains(n)).ok_or_else(|| {
            self.err(v.span(), field, Problem::OutOfRange { min: i64::from(min), max: i64::from(max) })
        })
    }

    /// Trimmed text of a name, cleaned of control characters.
    pub fn text(&self, v: &Spanned<String>, field: &str, max_chars: usize) -> Result<String, ImportError> {
        super::clean_text(v.get_ref(), max_chars).map_err(|p| self.err(v.span(), field, p))
    }

    /// A parsed value, or the parser's error at the value's line.
    pub fn parse<T, E: Into<Problem>>(
        &self,
        v: &Spanned<String>,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, ImportError> {
        parse(v.get_ref()).map_err(|e| self.err(v.span(), field, e))
    }

    /// A latitude or longitude within `limit` degrees.
    pub fn coordinate(
        &self,
        v: Option<&Spanned<f64>>,
        field: &str,
        limit: f64,
    ) -> Result<Option<f64>, ImportError> {
        let Some(v) = v else { return Ok(None) };
        let x = *v.get_ref();
        if x.is_finite() && (-limit..=limit).contains(&x) {
            Ok(Some(x))
        } else {
            let max = limit as i64;
            Err(self.err(v.span(), field, Problem::OutOfRange { min: -max, max }))
        }
    }
}

/// A TOML local date, or a "YYYY-MM-DD" string.
fn date_of(v: &Value) -> Option<NaiveDate> {
    match v {
        Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let d = dt.date?;
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
        _ => None,
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}

fn table_name(header: &str) -> String {
    let name = header.trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace());
    if name.is_empty() { "toml".into() } else { name.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_keys() {
        let text = "[amap]\nslug = \"a\"\n\nweekday = 12\n";
        let src = Src { file: "f.toml", text };
        assert_eq!(src.line(0), 1);
        assert_eq!(src.line(7), 2);
        assert_eq!(src.line(text.find("12").unwrap_or(0)), 4);
        assert_eq!(src.key_before(text.find("12").unwrap_or(0)), "weekday");
        let multi = "[x]\ndates = [\n  2027-01-01,\n  bad\n]\n";
        let src = Src { file: "f.toml", text: multi };
        assert_eq!(src.key_before(multi.find("bad").unwrap_or(0)), "dates");
    }

    #[test]
    fn dates() {
        let ok = Value::String("2027-05-04".into());
        assert_eq!(date_of(&ok), NaiveDate::from_ymd_opt(2027, 5, 4));
        assert_eq!(date_of(&Value::String("04/05/2027".into())), None);
        assert_eq!(date_of(&Value::Integer(3)), None);
    }
}
