//! Deadlines and clocks: modification and absence cut-offs, late subscriptions, duty slots,
//! and the conversion of an AMAP's local dates and times to UTC instants.

use chrono::{DateTime, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The UTC instant of a local wall-clock time. On the autumn DST day an ambiguous time is its
/// first occurrence; on the spring day a time inside the gap moves to the end of the gap, so a
/// local schedule is never skipped nor doubled.
pub fn local_instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = NaiveDateTime::new(date, time);
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Walk forward minute by minute until the wall clock exists again (gaps are < 2h).
            let mut probe = naive;
            for _ in 0..180 {
                probe += chrono::Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&naive)
        }
    }
}

/// Midnight at the start of `date` in the AMAP's timezone.
pub fn local_midnight(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    local_instant(tz, date, NaiveTime::MIN)
}

/// Today's date in the AMAP's timezone.
pub fn local_today(now: DateTime<Utc>, tz: Tz) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// Changes to a delivery (quantities, absences) are accepted until the end of the day that
/// lies `days` full days before it: "2 days before a Tuesday" closes on Sunday at 00:00.
pub fn change_deadline(tz: Tz, delivery: NaiveDate, days: u32) -> DateTime<Utc> {
    let last = delivery.checked_sub_days(Days::new(u64::from(days))).unwrap_or(delivery);
    local_midnight(tz, last)
}

pub fn can_still_change(now: DateTime<Utc>, tz: Tz, delivery: NaiveDate, days: u32) -> bool {
    now < change_deadline(tz, delivery, days)
}

/// The delivery dates a late subscriber still gets: those at least `notice_days` after today.
pub fn late_subscription_dates(dates: &[NaiveDate], today: NaiveDate, notice_days: u32) -> Vec<NaiveDate> {
    let first = today.checked_add_days(Days::new(u64::from(notice_days))).unwrap_or(today);
    dates.iter().copied().filter(|d| *d >= first).collect()
}

/// Volunteer places still open on a distribution.
pub fn duty_slots_left(slots: u32, taken: u32) -> u32 {
    slots.saturating_sub(taken)
}

/// A withdrawal this close to the distribution triggers an urgent call for a replacement.
pub const LATE_WITHDRAWAL_HOURS: i64 = 48;

pub fn is_late_withdrawal(now: DateTime<Utc>, distribution_start: DateTime<Utc>) -> bool {
    distribution_start - now < chrono::Duration::hours(LATE_WITHDRAWAL_HOURS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }
    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").expect("time")
    }
    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
    }
    const PARIS: Tz = chrono_tz::Europe::Paris;

    #[test]
    fn local_instants_across_dst() {
        let cases = [
            ("2027-05-11", "18:30", "2027-05-11T16:30:00Z"),
            ("2027-01-12", "18:30", "2027-01-12T17:30:00Z"),
            // spring forward: 02:30 does not exist, it runs at 03:00 local (01:00Z)
            ("2027-03-28", "02:30", "2027-03-28T01:00:00Z"),
            // fall back: 02:30 happens twice, the first one counts
            ("2027-10-31", "02:30", "2027-10-31T00:30:00Z"),
        ];
        for (date, time, expected) in cases {
            assert_eq!(local_instant(PARIS, d(date), t(time)), utc(expected), "{date} {time}");
        }
    }

    #[test]
    fn change_deadlines() {
        // Tuesday 2027-05-11, 2 days: open until Saturday night, closed from Sunday 00:00 Paris
        let delivery = d("2027-05-11");
        assert_eq!(change_deadline(PARIS, delivery, 2), utc("2027-05-08T22:00:00Z"));
        let cases = [
            ("2027-05-08T21:59:59Z", true),
            ("2027-05-08T22:00:00Z", false),
            ("2027-05-10T12:00:00Z", false),
            ("2027-05-01T12:00:00Z", true),
        ];
        for (now, allowed) in cases {
            assert_eq!(can_still_change(utc(now), PARIS, delivery, 2), allowed, "{now}");
        }
        assert!(!can_still_change(utc("2027-05-11T00:00:00Z"), PARIS, delivery, 0));
    }

    #[test]
    fn late_dates_and_slots() {
        let dates = [d("2027-05-04"), d("2027-05-11"), d("2027-05-18")];
        assert_eq!(late_subscription_dates(&dates, d("2027-05-05"), 7), [d("2027-05-18")]);
        assert_eq!(late_subscription_dates(&dates, d("2027-05-04"), 0), dates);
        assert_eq!(duty_slots_left(3, 1), 2);
        assert_eq!(duty_slots_left(3, 5), 0);
        let start = utc("2027-05-11T16:30:00Z");
        assert!(is_late_withdrawal(utc("2027-05-10T12:00:00Z"), start));
        assert!(!is_late_withdrawal(utc("2027-05-08T12:00:00Z"), start));
    }

    #[test]
    fn today_in_paris() {
        assert_eq!(local_today(utc("2027-05-10T22:30:00Z"), PARIS), d("2027-05-11"));
    }
}
