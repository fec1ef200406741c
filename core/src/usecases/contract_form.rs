//! The contract editor's form, the pure part: raw values as typed by a référent, checked into
//! a contract (every problem reported with the field it belongs to) and the delivery calendar
//! (first, last, every N weeks, skipped dates). `contract_change` derives the rest.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

pub use super::contract_change::{
    Preview, form_of, locked_changes, next_season_date, next_season_name, preview,
};
use crate::model::{AbsenceMode, ContractRules};
use crate::types::{Cents, FarmId, Slug};

/// Products a form shows at most (existing ones plus empty rows to add).
pub const MAX_PRODUCTS: usize = 30;

/// A product row as typed. An empty row (no name, no price) is no product.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProductForm {
    /// The product's identifier when it exists already.
    pub slug: String,
    pub name: String,
    pub unit: String,
    pub price: String,
    /// Delivery dates of the contract this product is not delivered on.
    pub without: Vec<NaiveDate>,
}

impl ProductForm {
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.price.trim().is_empty() && self.unit.trim().is_empty()
    }
}

/// The editor form as typed: text as sent, checked by `check`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContractForm {
    /// A farm id, or "new" with `new_farm`.
    pub farm: String,
    pub new_farm: String,
    pub name: String,
    pub season: String,
    pub products: Vec<ProductForm>,
    pub first: String,
    pub last: String,
    pub every_weeks: String,
    /// Dates of the rhythm that are not delivered.
    pub skipped: Vec<NaiveDate>,
    /// Deliveries off the rhythm (kept from an imported calendar).
    pub extra: Vec<NaiveDate>,
    pub opens: String,
    pub closes: String,
    pub late: bool,
    pub notice_days: String,
    pub max_absences: String,
    pub modes: Vec<AbsenceMode>,
    pub deadline_days: String,
    pub max_cheques: String,
    pub min_cheque: String,
    /// Empty: the farm's name.
    pub payee: String,
    pub shifts: String,
    pub commitment: String,
}

/// The field a problem belongs to; `id()` is the form input's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Farm,
    NewFarm,
    Name,
    Season,
    Products,
    ProductName(usize),
    ProductUnit(usize),
    ProductPrice(usize),
    ProductDates(usize),
    First,
    Last,
    EveryWeeks,
    Calendar,
    Opens,
    Closes,
    NoticeDays,
    MaxAbsences,
    Modes,
    DeadlineDays,
    MaxCheques,
    MinCheque,
    Payee,
    Shifts,
    Commitment,
}

impl Field {
    pub fn id(self) -> String {
        match self {
            Field::Farm => "farm".into(),
            Field::NewFarm => "new_farm".into(),
            Field::Name => "name".into(),
            Field::Season => "season".into(),
            Field::Products => "products".into(),
            Field::ProductName(i) => format!("p{i}-name"),
            Field::ProductUnit(i) => format!("p{i}-unit"),
            Field::ProductPrice(i) => format!("p{i}-price"),
            Field::ProductDates(i) => format!("p{i}-dates"),
            Field::First => "first".into(),
            Field::Last => "last".into(),
            Field::EveryWeeks => "every_weeks".into(),
            Field::Calendar => "calendar".into(),
            Field::Opens => "opens".into(),
            Field::Closes => "closes".into(),
            Field::NoticeDays => "notice_days".into(),
            Field::MaxAbsences => "max_absences".into(),
            Field::Modes => "modes".into(),
            Field::DeadlineDays => "deadline_days".into(),
            Field::MaxCheques => "max_cheques".into(),
            Field::MinCheque => "min_cheque".into(),
            Field::Payee => "payee".into(),
            Field::Shifts => "shifts".into(),
            Field::Commitment => "commitment".into(),
        }
    }
}

/// Why a field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    NotADate,
    /// A whole number between `min` and `max`.
    NotANumber {
        min: u32,
        max: u32,
    },
    NotAnAmount,
    ZeroPrice,
    LastBeforeFirst,
    ClosesBeforeOpens,
    /// Subscriptions close after the last delivery.
    ClosesAfterSeason,
    /// Publishing a contract whose subscriptions closed already.
    ClosedAlready,
    EmptyCalendar,
    NoProduct,
    NoDateForProduct,
    DuplicateProduct,
    UnknownFarm,
    /// The contract is open or running: this would change what members signed.
    Locked,
    /// The contract is open or running: this change goes against members (a shorter window,
    /// a stricter rule).
    AgainstMembers,
    /// Settings: not a time of day ("18:30").
    NotATime,
    /// Settings: the distribution ends before it starts.
    EndBeforeStart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// The farm of a checked form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FarmRef {
    Existing(FarmId),
    New(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedProduct {
    pub slug: Option<Slug>,
    pub name: String,
    pub unit: Option<String>,
    pub price: Cents,
    pub only_dates: Option<Vec<NaiveDate>>,
}

/// A form that passed every check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedContract {
    pub farm: FarmRef,
    pub name: String,
    pub season: String,
    pub dates: Vec<NaiveDate>,
    pub products: Vec<CheckedProduct>,
    /// `payee` empty means the farm's name.
    pub rules: ContractRules,
}

/// `first`, then every `n` weeks up to `last` included.
pub fn rhythm(first: NaiveDate, last: NaiveDate, n: u32) -> Vec<NaiveDate> {
    let step = Days::new(7 * u64::from(n.max(1)));
    let mut out = Vec::new();
    let mut date = first;
    while date <= last && out.len() < 400 {
        out.push(date);
        match date.checked_add_days(step) {
            Some(next) => date = next,
            None => break,
        }
    }
    out
}

pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y")).ok()
}

fn number(raw: &str, min: u32, max: u32) -> Result<u32, Problem> {
    let s = raw.trim();
    match s.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(Problem::NotANumber { min, max }),
    }
}

fn text(raw: &str, max: usize, required: bool) -> Result<String, Problem> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| (!c.is_control() || *c == '\n') && !crate::types::is_bidi_control(*c))
        .collect();
    if required && cleaned.is_empty() {
        Err(Problem::Required)
    } else if cleaned.chars().count() > max {
        Err(Problem::TooLong { max })
    } else {
        Ok(cleaned)
    }
}

impl ContractForm {
    /// The dates of the rhythm (first … last every N weeks), when these three fields read.
    pub fn rhythm_dates(&self) -> Option<Vec<NaiveDate>> {
        let first = parse_date(&self.first)?;
        let last = parse_date(&self.last)?;
        let every = number(&self.every_weeks, 1, 52).ok()?;
        (last >= first).then(|| rhythm(first, last, every))
    }

    /// The delivery dates the form describes (rhythm without skipped dates, plus extra ones).
    pub fn delivery_dates(&self) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = self.rhythm_dates().unwrap_or_default();
        dates.retain(|d| !self.skipped.contains(d));
        for d in &self.extra {
            if !dates.contains(d) {
                dates.push(*d);
            }
        }
        dates.sort();
        dates
    }

    /// Checks every field; all problems at once, each with its field.
    pub fn check(&self) -> Result<CheckedContract, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut put = |field: Field, problem: Problem| errors.push(FieldError { field, problem });
        let farm = match self.farm.trim() {
            "new" => match text(&self.new_farm, 120, true) {
                Ok(name) => Some(FarmRef::New(name)),
                Err(p) => {
                    put(Field::NewFarm, p);
                    None
                }
            },
            raw => match raw.parse::<i64>() {
                Ok(id) => Some(FarmRef::Existing(FarmId(id))),
                Err(_) => {
                    put(Field::Farm, Problem::Required);
                    None
                }
            },
        };
        let name = text(&self.name, 120, true).map_err(|p| put(Field::Name, p)).ok();
        let season = text(&self.season, 40, true).map_err(|p| put(Field::Season, p)).ok();
        let first = parse_date(&self.first);
        let last = parse_date(&self.last);
        if first.is_none() {
            put(
                Field::First,
                if self.first.trim().is_empty() { Problem::Required } else { Problem::NotADate },
            );
        }
        if last.is_none() {
            put(Field::Last, if self.last.trim().is_empty() { Problem::Required } else { Problem::NotADate });
        }
        let every = number(&self.every_weeks, 1, 52).map_err(|p| put(Field::EveryWeeks, p)).ok();
        let mut dates = Vec::new();
        if let (Some(f), Some(l), Some(_)) = (first, last, every) {
            if l < f {
                put(Field::Last, Problem::LastBeforeFirst);
            } else {
                dates = self.delivery_dates();
                if dates.is_empty() {
                    put(Field::Calendar, Problem::EmptyCalendar);
                }
            }
        }
        let mut products: Vec<CheckedProduct> = Vec::new();
        for (i, p) in self.products.iter().enumerate() {
            if p.is_blank() {
                continue;
            }
            let name = text(&p.name, 120, true).map_err(|e| put(Field::ProductName(i), e)).ok();
            let unit = text(&p.unit, 20, false).map_err(|e| put(Field::ProductUnit(i), e)).ok();
            let price = match Cents::parse_euros(&p.price) {
                Ok(Cents(0)) => {
                    put(Field::ProductPrice(i), Problem::ZeroPrice);
                    None
                }
                Ok(c) => Some(c),
                Err(_) if p.price.trim().is_empty() => {
                    put(Field::ProductPrice(i), Problem::Required);
                    None
                }
                Err(_) => {
                    put(Field::ProductPrice(i), Problem::NotAnAmount);
                    None
                }
            };
            let without: Vec<NaiveDate> = p.without.iter().copied().filter(|d| dates.contains(d)).collect();
            let only_dates = if without.is_empty() {
                None
            } else {
                let only: Vec<NaiveDate> = dates.iter().copied().filter(|d| !without.contains(d)).collect();
                if only.is_empty() {
                    put(Field::ProductDates(i), Problem::NoDateForProduct);
                }
                Some(only)
            };
            if let (Some(name), Some(unit), Some(price)) = (name, unit, price) {
                let folded = crate::text::fold(&name);
                if products.iter().any(|x| crate::text::fold(&x.name) == folded) {
                    put(Field::ProductName(i), Problem::DuplicateProduct);
                    continue;
                }
                products.push(CheckedProduct {
                    slug: Slug::parse(&p.slug).ok(),
                    name,
                    unit: (!unit.is_empty()).then_some(unit),
                    price,
                    only_dates,
                });
            }
        }
        if self.products.iter().all(ProductForm::is_blank) {
            put(Field::Products, Problem::NoProduct);
        }
        let opens = parse_date(&self.opens);
        let closes = parse_date(&self.closes);
        if opens.is_none() {
            put(
                Field::Opens,
                if self.opens.trim().is_empty() { Problem::Required } else { Problem::NotADate },
            );
        }
        if closes.is_none() {
            put(
                Field::Closes,
                if self.closes.trim().is_empty() { Problem::Required } else { Problem::NotADate },
            );
        }
        if let (Some(o), Some(c)) = (opens, closes) {
            if c < o {
                put(Field::Closes, Problem::ClosesBeforeOpens);
            } else if dates.last().is_some_and(|l| c > *l) {
                put(Field::Closes, Problem::ClosesAfterSeason);
            }
        }
        let notice = number(&self.notice_days, 0, 365).map_err(|p| put(Field::NoticeDays, p)).ok();
        let max_absences = number(&self.max_absences, 0, 100).map_err(|p| put(Field::MaxAbsences, p)).ok();
        let deadline = number(&self.deadline_days, 0, 60).map_err(|p| put(Field::DeadlineDays, p)).ok();
        let max_cheques = number(&self.max_cheques, 1, 24).map_err(|p| put(Field::MaxCheques, p)).ok();
        let min_cheque = if self.min_cheque.trim().is_empty() {
            Some(Cents::ZERO)
        } else {
            Cents::parse_euros(&self.min_cheque).map_err(|_| put(Field::MinCheque, Problem::NotAnAmount)).ok()
        };
        let payee = text(&self.payee, 120, false).map_err(|p| put(Field::Payee, p)).ok();
        let shifts = number(&self.shifts, 0, 52).map_err(|p| put(Field::Shifts, p)).ok();
        let commitment = text(&self.commitment, 4000, false).map_err(|p| put(Field::Commitment, p)).ok();
        let mut modes = self.modes.clone();
        modes.sort();
        modes.dedup();
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(farm), Some(name), Some(season), Some(opens), Some(closes)) =
            (farm, name, season, opens, closes)
        else {
            return Err(vec![FieldError { field: Field::Name, problem: Problem::Required }]);
        };
        let rules = ContractRules {
            subscription_opens: opens,
            subscription_closes: closes,
            late_subscription: self.late,
            farmer_notice_days: notice.unwrap_or(7),
            max_absences: max_absences.unwrap_or(0),
            absence_modes: modes,
            modification_deadline_days: deadline.unwrap_or(2),
            max_cheques: max_cheques.unwrap_or(1),
            min_cheque: min_cheque.unwrap_or(Cents::ZERO),
            payee: payee.unwrap_or_default(),
            required_shifts: shifts.unwrap_or(0),
            commitment_text: commitment.unwrap_or_default(),
        };
        Ok(CheckedContract { farm, name, season, dates, products, rules })
    }
}

/// The form of a new contract: sensible defaults around `today` on the AMAP's weekday.
pub fn blank_form(today: NaiveDate, weekday: chrono::Weekday) -> ContractForm {
    let mut first = today + Days::new(21);
    while first.weekday() != weekday {
        first = first + Days::new(1);
    }
    let last = first + Days::new(7 * 25);
    ContractForm {
        season: first.year().to_string(),
        products: vec![ProductForm::default(), ProductForm::default()],
        first: first.to_string(),
        last: last.to_string(),
        every_weeks: "1".into(),
        opens: today.to_string(),
        closes: (first - Days::new(7)).to_string(),
        notice_days: "7".into(),
        max_absences: "0".into(),
        deadline_days: "2".into(),
        max_cheques: "1".into(),
        shifts: "0".into(),
        ..ContractForm::default()
    }
}
