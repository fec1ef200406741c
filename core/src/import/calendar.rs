//! Delivery calendars written as a range: every N weeks from a first to a last date, and
//! a product's subset "every N weeks" of its contract's dates.

use chrono::{Days, NaiveDate};

/// `first`, then every `every_weeks` weeks, up to `last` included. Empty if `last < first`.
pub(crate) fn every_weeks(first: NaiveDate, last: NaiveDate, every_weeks: u32) -> Vec<NaiveDate> {
    let step = Days::new(7 * u64::from(every_weeks.max(1)));
    let mut out = Vec::new();
    let mut date = first;
    while date <= last {
        out.push(date);
        match date.checked_add_days(step) {
            Some(next) => date = next,
            None => break,
        }
    }
    out
}

/// The dates of `dates` falling a whole number of `n`-week periods after `origin`.
pub(crate) fn subset_every_weeks(dates: &[NaiveDate], origin: NaiveDate, n: u32) -> Vec<NaiveDate> {
    let period = 7 * i64::from(n.max(1));
    dates.iter().copied().filter(|d| (*d - origin).num_days().rem_euclid(period) == 0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn ranges() {
        let weekly = every_weeks(d("2027-05-04"), d("2027-10-26"), 1);
        // 175 days from May 4 to Oct 26 = 25 weeks, so 26 Tuesdays.
        assert_eq!(weekly.len(), 26);
        assert_eq!(weekly.last().copied(), Some(d("2027-10-26")));
        let fortnightly = every_weeks(d("2027-05-04"), d("2027-05-31"), 2);
        assert_eq!(fortnightly, [d("2027-05-04"), d("2027-05-18")]);
        assert!(every_weeks(d("2027-05-04"), d("2027-05-03"), 1).is_empty());
    }

    #[test]
    fn subsets() {
        let dates = [d("2027-05-04"), d("2027-05-11"), d("2027-05-18"), d("2027-06-01")];
        assert_eq!(
            subset_every_weeks(&dates, d("2027-05-04"), 2),
            [d("2027-05-04"), d("2027-05-18"), d("2027-06-01")]
        );
    }
}
