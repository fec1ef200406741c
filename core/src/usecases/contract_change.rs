//! The contract editor's form, the derived parts: the form of an existing contract (its
//! calendar read back as first, last, every N weeks and skipped dates), what an open contract
//! may still change, the dates and name of next season for a renewal, and the preview total.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::contract_form::{
    CheckedContract, ContractForm, FarmRef, Field, FieldError, Problem, ProductForm, rhythm,
};
use crate::model::{Contract, Product};
use crate::rules::money::{Cheque, GridCell, allowed_cheque_counts, payment_schedule, subscription_total};
use crate::types::{Cents, ProductId, Quantity, Slug};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContractRules;
    use crate::rules::state::ContractState;
    use crate::types::{AmapId, ContractId, FarmId};
    use chrono::Datelike;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn contract() -> Contract {
        Contract {
            id: ContractId(1),
            amap_id: AmapId(1),
            farm_id: FarmId(1),
            slug: Slug::parse("legumes").expect("slug"),
            name: "Légumes".into(),
            season: "2027".into(),
            state: ContractState::Open,
            rules: ContractRules {
                subscription_opens: d("2027-03-01"),
                subscription_closes: d("2027-03-31"),
                late_subscription: false,
                farmer_notice_days: 7,
                max_absences: 2,
                absence_modes: vec![crate::model::AbsenceMode::Postpone],
                modification_deadline_days: 2,
                max_cheques: 3,
                min_cheque: Cents(1000),
                payee: "Ferme".into(),
                required_shifts: 1,
                commitment_text: "Texte".into(),
            },
        }
    }

    fn product(only: Option<Vec<NaiveDate>>) -> Product {
        Product {
            id: ProductId(1),
            slug: Slug::parse("panier").expect("slug"),
            name: "Panier".into(),
            unit: None,
            price: Cents(1500),
            only_dates: only,
            excluded_dates: Vec::new(),
        }
    }

    #[test]
    fn season_names() {
        assert_eq!(next_season_name("2027"), "2028");
        assert_eq!(next_season_name("2027-2028"), "2028-2029");
        assert_eq!(next_season_name("Saison 2027"), "Saison 2028");
        assert_eq!(next_season_name("Été"), "Été +1");
        assert_eq!(next_season_date(d("2027-05-04")).weekday(), d("2027-05-04").weekday());
    }

    #[test]
    fn a_contract_reads_back_as_its_form() {
        // Every two weeks with the third one skipped, and a product on two dates only.
        let dates = [d("2027-05-04"), d("2027-05-18"), d("2027-06-15"), d("2027-06-29")];
        let form = form_of(&contract(), &[product(Some(vec![dates[0], dates[2]]))], &dates);
        assert_eq!(form.every_weeks, "2");
        assert_eq!(form.skipped, [d("2027-06-01")]);
        assert!(form.extra.is_empty());
        assert_eq!(form.products[0].without, [dates[1], dates[3]]);
        assert_eq!(form.min_cheque, "10");
        let checked = form.check().expect("a stored contract checks");
        assert_eq!(checked.dates, dates);
        assert_eq!(checked.products[0].only_dates.as_deref(), Some(&[dates[0], dates[2]][..]));
        // Nothing changed: nothing is locked.
        assert!(
            locked_changes(&contract(), &[product(Some(vec![dates[0], dates[2]]))], &dates, &checked)
                .is_empty()
        );
    }

    #[test]
    fn an_open_contract_only_changes_in_the_members_favour() {
        let dates = [d("2027-05-04"), d("2027-05-11")];
        let products = [product(None)];
        let base = form_of(&contract(), &products, &dates);
        let cases: [(fn(&mut ContractForm), Option<(Field, Problem)>); 8] = [
            (|f| f.commitment = "Autre texte".into(), None),
            (|f| f.closes = "2027-04-15".into(), None),
            (|f| f.max_absences = "5".into(), None),
            (|f| f.closes = "2027-03-20".into(), Some((Field::Closes, Problem::AgainstMembers))),
            (|f| f.deadline_days = "5".into(), Some((Field::DeadlineDays, Problem::AgainstMembers))),
            (|f| f.products[0].price = "16".into(), Some((Field::Products, Problem::Locked))),
            (|f| f.skipped = vec![d("2027-05-11")], Some((Field::Calendar, Problem::Locked))),
            (|f| f.modes.clear(), Some((Field::Modes, Problem::AgainstMembers))),
        ];
        for (change, expected) in cases {
            let mut form = base.clone();
            change(&mut form);
            let checked = form.check().expect("checks");
            let locked = locked_changes(&contract(), &products, &dates, &checked);
            match expected {
                None => assert!(locked.is_empty(), "{locked:?}"),
                Some((field, problem)) => assert_eq!(locked, [FieldError { field, problem }]),
            }
        }
    }

    #[test]
    fn preview_of_one_of_each() {
        let dates = [d("2027-05-04"), d("2027-05-11"), d("2027-05-18")];
        let mut form = form_of(&contract(), &[product(Some(vec![dates[0], dates[1]]))], &dates);
        form.products.push(ProductForm {
            name: "Œufs".into(),
            price: "2,40".into(),
            ..ProductForm::default()
        });
        let p = preview(&form.check().expect("checks"));
        // 2 × 15,00 + 3 × 2,40 = 37,20; three cheques of at least 10,00.
        assert_eq!(p.total, Cents(3720));
        let amounts: Vec<i64> = p.cheques.iter().map(|c| c.amount.0).collect();
        assert_eq!(amounts, [1240, 1240, 1240]);
    }
}
