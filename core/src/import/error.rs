//! The one error an import reports: which file, where in it, which field, and what is wrong.
//!
//! Server admins read these (`FILE:LINE: FIELD: problem`), so the text is plain English and
//! carries no personal data: the line number says which row, the value itself is not repeated.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use crate::error::{CoreError, Invalid};

/// Where in the file the problem is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum At {
    /// A 1-based line (for CSV, the header is line 1).
    Line(u64),
    /// A TOML table, e.g. `contract[2].product[1]` (1-based), when no line is known.
    Table(String),
    /// The file as a whole, or an argument given with it (`--amap`, `--contract`).
    File,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Line(line) => line.fmt(f),
            At::Table(table) => f.write_str(table),
            At::File => Ok(()),
        }
    }
}

/// A failed import. Nothing was written when this is returned.
#[derive(Debug, Clone, PartialEq, Error, Serialize)]
pub struct ImportError {
    pub file: String,
    pub at: At,
    /// The key (TOML) or column (CSV) at fault; `database` for store failures.
    pub field: String,
    pub problem: Problem,
}

impl ImportError {
    pub fn new(file: &str, at: At, field: impl Into<String>, problem: Problem) -> Self {
        Self { file: file.to_owned(), at, field: field.into(), problem }
    }

    /// A database failure, not a fault of the file.
    pub fn store(file: &str, error: CoreError) -> Self {
        Self::new(file, At::File, "database", Problem::Store(error.to_string()))
    }

    /// True when the file is at fault (as opposed to the database).
    pub fn is_input(&self) -> bool {
        !matches!(self.problem, Problem::Store(_))
    }

    pub fn line(&self) -> Option<u64> {
        match self.at {
            At::Line(line) => Some(line),
            _ => None,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            At::File => write!(f, "{}: {}: {}", self.file, self.field, self.problem),
            at => write!(f, "{}:{}: {}: {}", self.file, at, self.field, self.problem),
        }
    }
}

/// What is wrong, as data; `Display` gives the English sentence.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Problem {
    #[error("{0}")]
    Toml(String),
    #[error("unknown key")]
    UnknownKey,
    #[error("missing key")]
    MissingKey,
    #[error("{0}")]
    Invalid(Invalid),
    #[error("not a date (write YYYY-MM-DD)")]
    NotADate,
    #[error("an amount must be written as text (\"17,50\") or as whole euros (17), not as a decimal number")]
    FloatAmount,
    #[error("must be between {min} and {max}")]
    OutOfRange { min: i64, max: i64 },
    #[error("must not be empty")]
    Empty,
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    #[error("not a language code (such as fr or en)")]
    Language,
    #[error("not a phone number")]
    Phone,
    #[error("unknown value, expected one of: {0}")]
    NotOneOf(&'static str),
    #[error("\"{0}\" is given twice in this file")]
    Duplicate(String),
    #[error("{0} is listed twice")]
    DuplicateDate(NaiveDate),
    #[error("this e-mail address is already on line {first_line}")]
    DuplicateEmail { first_line: u64 },
    #[error("same member, product and date as line {first_line}")]
    DuplicateRow { first_line: u64 },
    #[error("give either `dates` or `first` and `last`, not both")]
    CalendarTwice,
    #[error("the delivery calendar needs `dates`, or `first` and `last`")]
    NoCalendar,
    #[error("give either `dates` or `every_weeks`, not both")]
    SubsetTwice,
    #[error("{0} is not a delivery date of this contract")]
    NotADeliveryDate(NaiveDate),
    #[error("the product is not delivered on {0}")]
    ProductNotOffered(NaiveDate),
    #[error("no AMAP with slug \"{0}\"")]
    UnknownAmap(String),
    #[error("no farm with slug \"{0}\"")]
    UnknownFarm(String),
    #[error("no network with slug \"{0}\" (create it with `panier network create`)")]
    UnknownNetwork(String),
    #[error("no contract with slug \"{0}\"")]
    UnknownContract(String),
    #[error("no product \"{0}\" in this contract")]
    UnknownProduct(String),
    #[error("contract slug \"{0}\" exists in several AMAPs; say which AMAP (--amap)")]
    AmbiguousContract(String),
    #[error("nobody has this e-mail address (import the members file first)")]
    UnknownMember,
    #[error("this person is not a member of the contract's AMAP (import the members file first)")]
    NotAMemberOfAmap,
    #[error("unknown role \"{0}\" (expected member, admin, referent:CONTRACT or farmer:FARM)")]
    UnknownRole(String),
    #[error("unreadable CSV: {0}")]
    Csv(String),
    #[error("unknown column")]
    UnknownColumn,
    #[error("missing column")]
    MissingColumn,
    #[error("column given twice")]
    DuplicateColumn,
    #[error("the contract is given both as an argument and as a column")]
    ContractTwice,
    #[error("expected {expected} fields, found {found}")]
    FieldCount { expected: u64, found: u64 },
    #[error("a different number of cheques is given on line {first_line}")]
    ConflictingCheques { first_line: u64 },
    #[error("the contract allows 1 to {allowed} cheques for this total")]
    ChequeCount { allowed: u32 },
    #[error("this member signed this contract online; change it in Panier, not by import")]
    SignedOnline,
    #[error("the subscription changed during the import; run it again")]
    ConcurrentChange,
    #[error("database error: {0}")]
    Store(String),
}

impl From<Invalid> for Problem {
    fn from(value: Invalid) -> Self {
        Problem::Invalid(value)
    }
}
