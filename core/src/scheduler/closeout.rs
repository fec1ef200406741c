//! Delivery tracking close-out: once a distribution's time window has ended, baskets nobody
//! accounted for are recorded as unconfirmed and each contract's referents get a summary.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::error::CoreResult;
use crate::model::{AbsenceMode, Amap};
use crate::rules::deadlines::local_instant;
use crate::rules::season::Collector;
use crate::store::{Conn, subscriptions};
use crate::types::ContractId;
use crate::usecases::collection::BasketOutcome;
use crate::usecases::loaded::{
    LoadedContract, LoadedSubscription, load_committed_subscriptions, load_contract,
};

/// The summary waits this long after the end of the distribution for late ticks.
pub const GRACE_MINUTES: i64 = 30;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub collected: u32,
    pub handed_over: u32,
    pub postponed: u32,
    pub donated: u32,
    pub not_collected: u32,
    pub unconfirmed: u32,
}

impl Counts {
    fn add(&mut self, outcome: &str) {
        match outcome {
            "collected" => self.collected += 1,
            "handed_over" => self.handed_over += 1,
            "postponed" => self.postponed += 1,
            "donated" => self.donated += 1,
            "not_collected" => self.not_collected += 1,
            _ => self.unconfirmed += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.collected
            + self.handed_over
            + self.postponed
            + self.donated
            + self.not_collected
            + self.unconfirmed
    }
}

/// Local dates whose close-out moment falls in `(from, to]`, with that moment.
pub fn dates_closing(amap: &Amap, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(NaiveDate, DateTime<Utc>)> {
    let first = from.with_timezone(&amap.timezone).date_naive() - Days::new(1);
    let last = to.with_timezone(&amap.timezone).date_naive();
    let mut out = Vec::new();
    let mut day = first;
    while day <= last {
        let at = local_instant(amap.timezone, day, amap.window.end) + Duration::minutes(GRACE_MINUTES);
        if at > from && at <= to {
            out.push((day, at));
        }
        day = day + Days::new(1);
    }
    out
}

/// What each basket of `date` became, as recorded or as the absences say; None = unaccounted.
fn outcomes(
    loaded: &LoadedContract,
    subs: &[LoadedSubscription],
    recorded: &[(crate::types::SubscriptionId, NaiveDate, String)],
    date: NaiveDate,
) -> Vec<(crate::types::SubscriptionId, NaiveDate, Option<&'static str>, Option<String>)> {
    let mut out = Vec::new();
    for sub in subs {
        let mine = |from: NaiveDate| {
            recorded.iter().find(|(s, d, _)| *s == sub.row.id && *d == from).map(|(_, _, o)| o.clone())
        };
        for p in loaded.pickups(sub).iter().filter(|p| p.date == date) {
            let implied = match p.collector {
                Collector::Donated => Some(BasketOutcome::Donated.as_str()),
                Collector::Member(_) | Collector::Guest(_) => Some(BasketOutcome::HandedOver.as_str()),
                Collector::Owner => None,
            };
            out.push((sub.row.id, p.from, implied, mine(p.from)));
        }
        if let Some(delivery) = loaded.delivery_on(date) {
            let postponed = sub
                .absences
                .iter()
                .any(|a| a.scheduled == delivery.scheduled && a.mode == AbsenceMode::Postpone);
            if postponed {
                out.push((
                    sub.row.id,
                    delivery.scheduled,
                    Some(BasketOutcome::Postponed.as_str()),
                    mine(delivery.scheduled),
                ));
            }
        }
    }
    out
}

/// The contracts with baskets on `date`, with counts before anything was recorded (the
/// summary sent later reads the recorded outcomes with `counts`).
pub fn summarize(
    contracts: &[(LoadedContract, Vec<LoadedSubscription>)],
    date: NaiveDate,
) -> Vec<(ContractId, Counts)> {
    let mut out = Vec::new();
    for (loaded, subs) in contracts {
        if loaded.delivery_on(date).is_none() {
            continue;
        }
        let mut counts = Counts::default();
        for (_, _, implied, _) in outcomes(loaded, subs, &[], date) {
            counts.add(implied.unwrap_or("unconfirmed"));
        }
        if counts.total() > 0 {
            out.push((loaded.contract.id, counts));
        }
    }
    out
}

/// Records the outcome of every basket of `date` nobody accounted for; returns the counts
/// with what members and the duty team recorded.
pub async fn record(
    conn: &mut Conn,
    contract: ContractId,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<Counts> {
    tally(conn, contract, date, Some(now)).await
}

/// The counts of a distribution as they stand (nothing written).
pub async fn counts(conn: &mut Conn, contract: ContractId, date: NaiveDate) -> CoreResult<Counts> {
    tally(conn, contract, date, None).await
}

async fn tally(
    conn: &mut Conn,
    contract: ContractId,
    date: NaiveDate,
    write_at: Option<DateTime<Utc>>,
) -> CoreResult<Counts> {
    let loaded = load_contract(conn, contract).await?;
    let subs = load_committed_subscriptions(conn, contract).await?;
    if loaded.delivery_on(date).is_none() {
        return Ok(Counts::default());
    }
    let recorded = subscriptions::outcomes_of_contract(conn, contract).await?;
    let mut counts = Counts::default();
    for (sub, from, implied, existing) in outcomes(&loaded, &subs, &recorded, date) {
        let outcome = match existing {
            Some(o) => o,
            None => {
                let o = implied.unwrap_or(BasketOutcome::Unconfirmed.as_str());
                if let Some(now) = write_at {
                    subscriptions::record_outcome(conn, sub, from, o, "closeout", None, now).await?;
                }
                o.to_owned()
            }
        };
        counts.add(&outcome);
    }
    Ok(counts)
}
