//! The contract editor's form, the pure part: raw values as typed by a référent, checked into
//! a contract (every problem reported with the field it belongs to), the delivery calendar
//! (first, last, every N weeks, skipped dates), the form of an existing contract, what an
//! open contract may still change, a renewal into next season, and the preview total.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::model::{AbsenceMode, Contract, ContractRules, Product};
use crate::rules::money::{Cheque, GridCell, allowed_cheque_counts, payment_schedule, subscription_total};
use crate::types::{Cents, FarmId, ProductId, Quantity, Slug};

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

/// The weeks between regular deliveries: the largest whole number of weeks dividing every gap.
fn inferred_every(dates: &[NaiveDate]) -> u32 {
    let mut g: i64 = 0;
    for w in dates.windows(2) {
        let days = (w[1] - w[0]).num_days();
        if days % 7 != 0 {
            return 1;
        }
        g = gcd(g, days / 7);
    }
    u32::try_from(g).ok().filter(|g| (1..=52).contains(g)).unwrap_or(1)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn money_text(c: Cents) -> String {
    if c.0 % 100 == 0 { format!("{}", c.0 / 100) } else { format!("{}.{:02}", c.0 / 100, c.0 % 100) }
}

/// The form of an existing contract (`dates`: its scheduled delivery dates).
pub fn form_of(contract: &Contract, products: &[Product], dates: &[NaiveDate]) -> ContractForm {
    let mut dates = dates.to_vec();
    dates.sort();
    let (first, last) = (dates.first().copied(), dates.last().copied());
    let every = inferred_every(&dates);
    let grid = match (first, last) {
        (Some(f), Some(l)) => rhythm(f, l, every),
        _ => Vec::new(),
    };
    let r = &contract.rules;
    ContractForm {
        farm: contract.farm_id.0.to_string(),
        new_farm: String::new(),
        name: contract.name.clone(),
        season: contract.season.clone(),
        products: products
            .iter()
            .map(|p| ProductForm {
                slug: p.slug.to_string(),
                name: p.name.clone(),
                unit: p.unit.clone().unwrap_or_default(),
                price: money_text(p.price),
                without: dates.iter().copied().filter(|d| !p.offered_on(*d)).collect(),
            })
            .collect(),
        first: first.map(|d| d.to_string()).unwrap_or_default(),
        last: last.map(|d| d.to_string()).unwrap_or_default(),
        every_weeks: every.to_string(),
        skipped: grid.iter().copied().filter(|d| !dates.contains(d)).collect(),
        extra: dates.iter().copied().filter(|d| !grid.contains(d)).collect(),
        opens: r.subscription_opens.to_string(),
        closes: r.subscription_closes.to_string(),
        late: r.late_subscription,
        notice_days: r.farmer_notice_days.to_string(),
        max_absences: r.max_absences.to_string(),
        modes: r.absence_modes.clone(),
        deadline_days: r.modification_deadline_days.to_string(),
        max_cheques: r.max_cheques.to_string(),
        min_cheque: if r.min_cheque == Cents::ZERO { String::new() } else { money_text(r.min_cheque) },
        payee: r.payee.clone(),
        shifts: r.required_shifts.to_string(),
        commitment: r.commitment_text.clone(),
    }
}

/// Changes an open or running contract refuses: anything a signed subscription depends on,
/// and rules made stricter for members. Text and rules in the members' favour pass.
pub fn locked_changes(
    old: &Contract,
    old_products: &[Product],
    old_dates: &[NaiveDate],
    new: &CheckedContract,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut put = |field: Field, problem: Problem| errors.push(FieldError { field, problem });
    if new.farm != FarmRef::Existing(old.farm_id) {
        put(Field::Farm, Problem::Locked);
    }
    if new.name != old.name {
        put(Field::Name, Problem::Locked);
    }
    if new.season != old.season {
        put(Field::Season, Problem::Locked);
    }
    let mut dates = old_dates.to_vec();
    dates.sort();
    if new.dates != dates {
        put(Field::Calendar, Problem::Locked);
    }
    let same_products = new.products.len() == old_products.len()
        && new.products.iter().zip(old_products).all(|(n, o)| {
            n.name == o.name
                && n.unit == o.unit
                && n.price == o.price
                && new
                    .dates
                    .iter()
                    .all(|d| n.only_dates.as_ref().is_none_or(|x| x.contains(d)) == o.offered_on(*d))
        });
    if !same_products {
        put(Field::Products, Problem::Locked);
    }
    let (o, n) = (&old.rules, &new.rules);
    if n.subscription_opens != o.subscription_opens {
        put(Field::Opens, Problem::Locked);
    }
    if n.subscription_closes < o.subscription_closes {
        put(Field::Closes, Problem::AgainstMembers);
    }
    if n.farmer_notice_days > o.farmer_notice_days || (o.late_subscription && !n.late_subscription) {
        put(Field::NoticeDays, Problem::AgainstMembers);
    }
    if n.max_absences < o.max_absences {
        put(Field::MaxAbsences, Problem::AgainstMembers);
    }
    if o.absence_modes.iter().any(|m| !n.absence_modes.contains(m)) {
        put(Field::Modes, Problem::AgainstMembers);
    }
    if n.modification_deadline_days > o.modification_deadline_days {
        put(Field::DeadlineDays, Problem::AgainstMembers);
    }
    if n.max_cheques < o.max_cheques {
        put(Field::MaxCheques, Problem::AgainstMembers);
    }
    if n.min_cheque > o.min_cheque {
        put(Field::MinCheque, Problem::AgainstMembers);
    }
    if !n.payee.is_empty() && n.payee != o.payee {
        put(Field::Payee, Problem::Locked);
    }
    if n.required_shifts > o.required_shifts {
        put(Field::Shifts, Problem::AgainstMembers);
    }
    errors
}

/// One year later on the same weekday: 52 weeks.
pub fn next_season_date(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(364)).unwrap_or(d)
}

/// "2027" -> "2028", "2027-2028" -> "2028-2029"; a season without a year gets " (suite)".
pub fn next_season_name(season: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    let mut bumped = false;
    let flush = |digits: &mut String, out: &mut String, bumped: &mut bool| {
        if digits.len() == 4
            && let Ok(y) = digits.parse::<u32>()
        {
            out.push_str(&(y + 1).to_string());
            *bumped = true;
            digits.clear();
            return;
        }
        out.push_str(digits);
        digits.clear();
    };
    for c in season.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out, &mut bumped);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out, &mut bumped);
    if bumped { out } else { format!("{season} +1") }
}

/// What a member would pay for one of each product on each of its dates: the preview's
/// sample total and its payment schedule in the most cheques allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub deliveries: usize,
    pub total: Cents,
    pub cheques: Vec<Cheque>,
}

pub fn preview(c: &CheckedContract) -> Preview {
    let products: Vec<Product> = c
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| Product {
            id: ProductId(i as i64 + 1),
            slug: p
                .slug
                .clone()
                .unwrap_or_else(|| Slug::parse("p").unwrap_or_else(|_| unreachable!("constant"))),
            name: p.name.clone(),
            unit: p.unit.clone(),
            price: p.price,
            only_dates: p.only_dates.clone(),
            excluded_dates: Vec::new(),
        })
        .collect();
    let one = Quantity::new(1).unwrap_or(Quantity::ZERO);
    let grid: Vec<GridCell> = products
        .iter()
        .flat_map(|p| {
            c.dates.iter().filter(|d| p.offered_on(**d)).map(|d| GridCell {
                product: p.id,
                date: *d,
                quantity: one,
            })
        })
        .collect();
    let total = subscription_total(&products, &grid).unwrap_or(Cents::ZERO);
    let r = &c.rules;
    let count = allowed_cheque_counts(total, r.max_cheques, r.min_cheque);
    let first = c.dates.first().copied().unwrap_or(r.subscription_closes);
    let cheques = payment_schedule(total, count, r.max_cheques, r.min_cheque, first).unwrap_or_default();
    Preview { deliveries: c.dates.len(), total, cheques }
}
