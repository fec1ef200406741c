//! When each kind of message goes out: cron expressions (6 fields: sec min hour day month
//! weekday) evaluated on the AMAP's wall clock, with daylight-saving days handled so a job
//! is never skipped nor doubled.

use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::error::Invalid;
use crate::rules::deadlines::local_instant;

/// The scheduled kinds, with their default schedule and how many days before the subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheduled {
    /// The day before at 18:00: what I collect, where, when, whether I am on duty.
    DistributionReminder,
    /// Once the contract's modification deadline has passed, at 20:00.
    FarmerTotals,
    /// The duty team, two days before at 18:00.
    DutyReminder,
    /// Empty slots five days before at 10:00, to all members.
    DutyAlert,
    /// Contract opening, reminders to those who have not signed, countersignature: 10:00.
    Signature,
    /// Events, the day before at 18:00.
    EventReminder,
}

impl Scheduled {
    pub const ALL: [Scheduled; 6] = [
        Self::DistributionReminder,
        Self::FarmerTotals,
        Self::DutyReminder,
        Self::DutyAlert,
        Self::Signature,
        Self::EventReminder,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::DistributionReminder => "distribution_reminder",
            Self::FarmerTotals => "farmer_totals",
            Self::DutyReminder => "duty_reminder",
            Self::DutyAlert => "duty_alert",
            Self::Signature => "signature",
            Self::EventReminder => "event_reminder",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    pub fn default_cron(self) -> &'static str {
        match self {
            Self::DistributionReminder | Self::DutyReminder | Self::EventReminder => "0 0 18 * * *",
            Self::FarmerTotals => "0 0 20 * * *",
            Self::DutyAlert | Self::Signature => "0 0 10 * * *",
        }
    }

    /// The subject is this many days after the day the job fires.
    pub fn days_ahead(self) -> u64 {
        match self {
            Self::DistributionReminder | Self::EventReminder => 1,
            Self::DutyReminder => 2,
            Self::DutyAlert => 5,
            // Farmer totals depend on each contract's deadline; signatures on the contract dates.
            Self::FarmerTotals | Self::Signature => 0,
        }
    }
}

/// A parsed 6-field cron expression.
#[derive(Debug, Clone)]
pub struct Cron(cron::Schedule);

impl Cron {
    pub fn parse(raw: &str) -> Result<Cron, Invalid> {
        if raw.split_whitespace().count() != 6 {
            return Err(Invalid::Cron);
        }
        cron::Schedule::from_str(raw).map(Cron).map_err(|_| Invalid::Cron)
    }

    /// Every firing in `(from, to]`, as (local date it fired on, UTC instant). The expression
    /// is matched against wall-clock times, each then placed on the timeline once: a time in
    /// the spring gap runs at the end of the gap, an ambiguous autumn time runs the first time.
    pub fn fires_between(
        &self,
        tz: Tz,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<(NaiveDate, DateTime<Utc>)> {
        // Wall-clock bounds widened by a day to catch fires moved across a DST shift.
        let wall = |t: DateTime<Utc>| t.with_timezone(&tz).naive_local();
        let start = Utc.from_utc_datetime(&(wall(from) - Duration::days(1)));
        let end: NaiveDateTime = wall(to) + Duration::days(1);
        let mut fires = Vec::new();
        for fire in self.0.after(&start) {
            let naive = fire.naive_utc();
            if naive > end {
                break;
            }
            let instant = local_instant(tz, naive.date(), naive.time());
            if instant > from && instant <= to && !fires.iter().any(|(_, t)| *t == instant) {
                fires.push((naive.date(), instant));
            }
        }
        fires
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
    }
    const PARIS: Tz = chrono_tz::Europe::Paris;

    #[test]
    fn daily_at_18_paris() {
        let cron = Cron::parse("0 0 18 * * *").expect("cron");
        let fires = cron.fires_between(PARIS, utc("2027-05-09T12:00:00Z"), utc("2027-05-11T12:00:00Z"));
        let instants: Vec<_> = fires.iter().map(|(_, t)| *t).collect();
        assert_eq!(instants, [utc("2027-05-09T16:00:00Z"), utc("2027-05-10T16:00:00Z")]);
        assert_eq!(fires[0].0, NaiveDate::from_ymd_opt(2027, 5, 9).expect("date"));
    }

    #[test]
    fn a_0230_job_runs_once_on_both_dst_days() {
        let cron = Cron::parse("0 30 2 * * *").expect("cron");
        // Spring forward: 28 March 2027, 02:00 -> 03:00 in Paris. 02:30 does not exist.
        let spring = cron.fires_between(PARIS, utc("2027-03-27T12:00:00Z"), utc("2027-03-28T12:00:00Z"));
        assert_eq!(spring.iter().map(|(_, t)| *t).collect::<Vec<_>>(), [utc("2027-03-28T01:00:00Z")]);
        // Fall back: 31 October 2027, 03:00 -> 02:00. 02:30 happens twice; it runs once.
        let autumn = cron.fires_between(PARIS, utc("2027-10-30T12:00:00Z"), utc("2027-10-31T12:00:00Z"));
        assert_eq!(autumn.iter().map(|(_, t)| *t).collect::<Vec<_>>(), [utc("2027-10-31T00:30:00Z")]);
        // Consecutive windows never double a fire either.
        let a = cron.fires_between(PARIS, utc("2027-10-30T12:00:00Z"), utc("2027-10-31T00:45:00Z"));
        let b = cron.fires_between(PARIS, utc("2027-10-31T00:45:00Z"), utc("2027-10-31T12:00:00Z"));
        assert_eq!(a.len() + b.len(), 1);
    }

    #[test]
    fn bad_expressions_are_refused() {
        for bad in ["", "0 18 * * *", "61 0 18 * * *", "not a cron", "0 0 25 * * *"] {
            assert!(Cron::parse(bad).is_err(), "{bad}");
        }
        for kind in Scheduled::ALL {
            assert!(Cron::parse(kind.default_cron()).is_ok());
            assert_eq!(Scheduled::parse(kind.as_str()), Some(kind));
        }
    }
}
