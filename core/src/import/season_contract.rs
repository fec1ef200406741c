//! The contracts of a season file: rules, delivery calendar (a list of dates or a range),
//! and products with their date subsets and exclusions, checked into a `ContractPlan`.

use chrono::NaiveDate;
use serde::Deserialize;
use toml::{Spanned, Value};

use super::calendar;
use super::error::{ImportError, Problem};
use super::season_write::ContractPlan;
use super::toml_in::Src;
use crate::error::Invalid;
use crate::model::{AbsenceMode, ContractRules};
use crate::rules::state::ContractState;
use crate::store::contracts::ProductFields;
use crate::types::{Cents, Slug};

type S<T> = Spanned<T>;
type Date = NaiveDate;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContractIn {
    pub slug: S<String>,
    name: S<String>,
    farm: S<String>,
    season: S<String>,
    state: Option<S<String>>,
    subscription_opens: S<Value>,
    subscription_closes: S<Value>,
    late_subscription: Option<bool>,
    farmer_notice_days: Option<S<i64>>,
    max_absences: Option<S<i64>>,
    absence_modes: Option<Vec<S<String>>>,
    modification_deadline_days: Option<S<i64>>,
    max_cheques: Option<S<i64>>,
    min_cheque: Option<S<Value>>,
    payee: Option<S<String>>,
    required_shifts: Option<S<i64>>,
    commitment_text: Option<String>,
    deliveries: S<DeliveriesIn>,
    #[serde(default)]
    product: Vec<S<ProductIn>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeliveriesIn {
    dates: Option<S<Vec<S<Value>>>>,
    first: Option<S<Value>>,
    last: Option<S<Value>>,
    every_weeks: Option<S<i64>>,
    skip: Option<Vec<S<Value>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductIn {
    slug: S<String>,
    name: S<String>,
    unit: Option<S<String>>,
    price: S<Value>,
    dates: Option<S<Vec<S<Value>>>>,
    every_weeks: Option<S<i64>>,
    exclude: Option<Vec<S<Value>>>,
}

const STATES: &str = "draft, open, closed, running, ended, archived";

pub(crate) fn contract(src: &Src<'_>, c: &ContractIn) -> Result<ContractPlan, ImportError> {
    let slug = src.parse(&c.slug, "slug", Slug::parse)?;
    let name = src.text(&c.name, "name", 120)?;
    let farm = src.parse(&c.farm, "farm", Slug::parse)?;
    let season = src.text(&c.season, "season", 40)?;
    let opens = src.date(&c.subscription_opens, "subscription_opens")?;
    let closes = src.date(&c.subscription_closes, "subscription_closes")?;
    if closes < opens {
        let span = c.subscription_closes.span();
        return Err(src.err(span, "subscription_closes", Invalid::EndBeforeStart));
    }
    let state = match &c.state {
        Some(s) => {
            src.parse(s, "state", |raw| ContractState::parse(raw.trim()).ok_or(Problem::NotOneOf(STATES)))?
        }
        None => ContractState::Open,
    };
    let mut absence_modes = Vec::new();
    for m in c.absence_modes.iter().flatten() {
        let mode = src.parse(m, "absence_modes", |raw| match raw.trim() {
            "postpone" | "handover" | "donate" => AbsenceMode::parse(raw),
            _ => Err(Invalid::AbsenceMode),
        })?;
        if !absence_modes.contains(&mode) {
            absence_modes.push(mode);
        }
    }
    absence_modes.sort();
    let min_cheque = match &c.min_cheque {
        Some(v) => src.amount(v, "min_cheque")?,
        None => Cents::ZERO,
    };
    let rules = ContractRules {
        subscription_opens: opens,
        subscription_closes: closes,
        late_subscription: c.late_subscription.unwrap_or(false),
        farmer_notice_days: src.small(c.farmer_notice_days.as_ref(), "farmer_notice_days", 0, 365, 7)?,
        max_absences: src.small(c.max_absences.as_ref(), "max_absences", 0, 100, 0)?,
        absence_modes,
        modification_deadline_days: src.small(
            c.modification_deadline_days.as_ref(),
            "modification_deadline_days",
            0,
            60,
            2,
        )?,
        max_cheques: src.small(c.max_cheques.as_ref(), "max_cheques", 1, 24, 1)?,
        min_cheque,
        payee: String::new(),
        required_shifts: src.small(c.required_shifts.as_ref(), "required_shifts", 0, 52, 0)?,
        commitment_text: c.commitment_text.as_deref().unwrap_or("").trim().to_owned(),
    };
    let dates = deliveries(src, &c.deliveries)?;
    let mut products: Vec<ProductFields> = Vec::new();
    for (position, p) in c.product.iter().enumerate() {
        let product = product(src, p.get_ref(), &dates, position as u32)?;
        if products.iter().any(|x| x.slug == product.slug) {
            let problem = Problem::Duplicate(product.slug.to_string());
            return Err(src.err(p.get_ref().slug.span(), "slug", problem));
        }
        products.push(product);
    }
    Ok(ContractPlan {
        slug,
        name,
        farm,
        farm_span: c.farm.span(),
        season,
        state,
        payee: c.payee.as_ref().map(|p| src.text(p, "payee", 120)).transpose()?,
        rules,
        dates,
        products,
    })
}

/// The contract's delivery dates, sorted.
fn deliveries(src: &Src<'_>, d: &S<DeliveriesIn>) -> Result<Vec<Date>, ImportError> {
    let table = d.get_ref();
    let mut dates = match (&table.dates, &table.first, &table.last) {
        (Some(list), None, None) => {
            if let Some(x) = &table.every_weeks {
                return Err(src.err(x.span(), "every_weeks", Problem::CalendarTwice));
            }
            if let Some(x) = table.skip.as_ref().and_then(|s| s.first()) {
                return Err(src.err(x.span(), "skip", Problem::CalendarTwice));
            }
            src.dates(list.get_ref(), "dates")?
        }
        (None, Some(first), Some(last)) => {
            let first_date = src.date(first, "first")?;
            let last_date = src.date(last, "last")?;
            if last_date < first_date {
                return Err(src.err(last.span(), "last", Invalid::EndBeforeStart));
            }
            let every = src.small(table.every_weeks.as_ref(), "every_weeks", 1, 52, 1)?;
            let mut dates = calendar::every_weeks(first_date, last_date, every);
            let skip = src.dates(table.skip.as_deref().unwrap_or_default(), "skip")?;
            for (date, v) in skip.iter().zip(table.skip.iter().flatten()) {
                if !dates.contains(date) {
                    return Err(src.err(v.span(), "skip", Problem::NotADeliveryDate(*date)));
                }
            }
            dates.retain(|x| !skip.contains(x));
            dates
        }
        (Some(_), Some(x), _) | (Some(_), None, Some(x)) => {
            return Err(src.err(x.span(), "dates", Problem::CalendarTwice));
        }
        (None, None, Some(_)) => return Err(src.err(d.span(), "first", Problem::MissingKey)),
        (None, Some(_), None) => return Err(src.err(d.span(), "last", Problem::MissingKey)),
        (None, None, None) => return Err(src.err(d.span(), "dates", Problem::NoCalendar)),
    };
    if dates.is_empty() {
        return Err(src.err(d.span(), "dates", Invalid::NoDeliveryDate));
    }
    dates.sort();
    Ok(dates)
}

fn product(
    src: &Src<'_>,
    p: &ProductIn,
    contract_dates: &[Date],
    position: u32,
) -> Result<ProductFields, ImportError> {
    let slug = src.parse(&p.slug, "slug", Slug::parse)?;
    let name = src.text(&p.name, "name", 120)?;
    let unit = p.unit.as_ref().map(|u| src.text(u, "unit", 20)).transpose()?;
    let price = src.amount(&p.price, "price")?;
    if price == Cents::ZERO {
        return Err(src.err(p.price.span(), "price", Invalid::ZeroPrice));
    }
    let only_dates = match (&p.dates, &p.every_weeks) {
        (Some(_), Some(every)) => {
            return Err(src.err(every.span(), "every_weeks", Problem::SubsetTwice));
        }
        (Some(list), None) => {
            let dates = src.dates(list.get_ref(), "dates")?;
            for (date, v) in dates.iter().zip(list.get_ref()) {
                if !contract_dates.contains(date) {
                    return Err(src.err(v.span(), "dates", Problem::NotADeliveryDate(*date)));
                }
            }
            let mut dates = dates;
            dates.sort();
            Some(dates)
        }
        (None, Some(every)) => {
            let n = src.small(Some(every), "every_weeks", 1, 52, 1)?;
            match (n, contract_dates.first()) {
                (1, _) | (_, None) => None,
                (n, Some(origin)) => Some(calendar::subset_every_weeks(contract_dates, *origin, n)),
            }
        }
        (None, None) => None,
    };
    let excluded = src.dates(p.exclude.as_deref().unwrap_or_default(), "exclude")?;
    for (date, v) in excluded.iter().zip(p.exclude.iter().flatten()) {
        if !contract_dates.contains(date) {
            return Err(src.err(v.span(), "exclude", Problem::NotADeliveryDate(*date)));
        }
        if only_dates.as_ref().is_some_and(|only| !only.contains(date)) {
            return Err(src.err(v.span(), "exclude", Problem::ProductNotOffered(*date)));
        }
    }
    let mut excluded_dates = excluded;
    excluded_dates.sort();
    Ok(ProductFields { slug, name, unit, price, position, only_dates, excluded_dates })
}
