//! Shared helpers of the benchmark binaries (`latency`, `planner`, `fanout`): latency
//! statistics, the dataset's dates, and the busy day. See docs/performance.md.

use std::time::Duration;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Paris;

/// Latency samples of one run.
#[derive(Debug, Default, Clone)]
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Samples) {
        self.0.extend(other.0);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `p`-th percentile (0..=100) in milliseconds, nearest rank.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        let i = rank.clamp(1, sorted.len()) - 1;
        sorted[i].as_secs_f64() * 1000.0
    }

    pub fn mean_ms(&self) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        self.0.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / self.0.len() as f64
    }
}

/// Weekday from the store's number (0 = Monday).
pub fn weekday_of(n: i64) -> Weekday {
    Weekday::try_from(u8::try_from(n.rem_euclid(7)).unwrap_or(0)).unwrap_or(Weekday::Mon)
}

/// The first `weekday` on or after `from`.
pub fn next_weekday(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Days::new(u64::from(ahead))
}

/// A local Paris time on `date` as UTC.
pub fn paris(date: NaiveDate, hh: u32, mm: u32, ss: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hh, mm, ss).unwrap_or_default();
    Paris
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map_or_else(|| date.and_time(time).and_utc(), |t| t.with_timezone(&Utc))
}

/// Process CPU time (user + system) from /proc/self/stat, in seconds; 0 when unavailable.
pub fn process_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name (which is in parentheses and may hold spaces).
    let Some(rest) = stat.rfind(')').map(|i| &stat[i + 2..]) else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // CLK_TCK is 100 on Linux for x86_64 and arm64.
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident set size of this process in MB (VmHWM), 0 when unavailable.
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles() {
        let mut s = Samples::default();
        for ms in 1..=100 {
            s.push(Duration::from_millis(ms));
        }
        assert!((s.percentile_ms(50.0) - 50.0).abs() < 1e-9);
        assert!((s.percentile_ms(99.0) - 99.0).abs() < 1e-9);
        assert!((s.percentile_ms(100.0) - 100.0).abs() < 1e-9);
    }

    #[test]
    fn weekdays() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default(); // a Saturday
        assert_eq!(next_weekday(d, Weekday::Tue), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default());
        assert_eq!(next_weekday(d, Weekday::Sat), d);
        assert_eq!(weekday_of(1), Weekday::Tue);
    }
}
