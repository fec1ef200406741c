//! The planner's pure part: what fired for one AMAP in the planning window, which dates that
//! makes interesting (so the planner loads only those), and, once the data is loaded, the jobs
//! due: which message goes to whom, before the recipients' accounts are looked up.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use serde_json::{Value, json};

use super::closeout;
use super::planner::SIGNATURE_REMINDER_DAYS;
use super::schedule::{Cron, Scheduled};
use crate::error::CoreResult;
use crate::model::{Amap, Contract};
use crate::rules::deadlines::{duty_slots_left, local_instant};
use crate::rules::season::{Collector, Delivery};
use crate::rules::state::{ContractState, SubscriptionState};
use crate::store::duty::Shift;
use crate::store::events::Event;
use crate::store::subscriptions::SubscriptionRow;
use crate::types::{AmapId, ContractId, FarmId, MemberId};
use crate::usecases::loaded::{LoadedContract, LoadedSubscription};

/// Who a job is for; resolved against the AMAP's recipients and roles by the planner.
#[derive(Debug, Clone)]
pub(super) enum Who {
    /// These people, in this order.
    Members(Vec<MemberId>),
    /// Every member (or admin) of the AMAP except these.
    AllMembersExcept(Vec<MemberId>),
    /// The farm's farmers and the contract's referents, by id, once each.
    FarmersAndReferents(FarmId, ContractId),
    Referents(ContractId),
    Farmers(FarmId),
    /// Members who have not signed (`signed`), the farm's own farmers excepted.
    Unsigned {
        farm: FarmId,
        signed: Vec<MemberId>,
    },
}

/// One message to send to several people.
#[derive(Debug, Clone)]
pub(super) struct Job {
    pub kind: &'static str,
    pub subject: String,
    pub payload: Value,
    pub due: DateTime<Utc>,
    pub expires: Option<DateTime<Utc>>,
    pub who: Who,
}

/// What fired in the window per (kind, cron expression, timezone).
pub(super) type FiresCache = HashMap<(Scheduled, String, chrono_tz::Tz), Vec<(NaiveDate, DateTime<Utc>)>>;

/// What fired for one AMAP in `(from, now]`.
pub(super) struct Fired<'a> {
    pub amap: &'a Amap,
    fires: HashMap<Scheduled, Vec<(NaiveDate, DateTime<Utc>)>>,
    closing: Vec<(NaiveDate, DateTime<Utc>)>,
}

/// The data of one AMAP loaded for the whole run.
pub(super) struct AmapData<'a> {
    /// Its visible contracts.
    pub contracts: &'a [Contract],
    /// Planned deliveries (of every contract) on the dates `Fired::delivery_dates` asked for.
    pub on: &'a HashMap<ContractId, Vec<Delivery>>,
    /// Contracts with baskets on the dates of `Fired::basket_dates`, with the grid cells of
    /// those dates only.
    pub seasons: &'a [(LoadedContract, Vec<LoadedSubscription>)],
    pub shifts: &'a HashMap<(AmapId, NaiveDate), (Shift, Vec<MemberId>)>,
    /// Events starting in the window, with who declined.
    pub events: &'a [(Event, Vec<MemberId>)],
    /// Subscriptions of the contracts with a signature job (`Fired::signature_contracts`).
    pub subscriptions: &'a HashMap<ContractId, Vec<SubscriptionRow>>,
}

impl<'a> Fired<'a> {
    /// `cache` keeps what each (kind, expression, timezone) fired: most AMAPs share them.
    pub fn new(
        amap: &'a Amap,
        custom: Option<&HashMap<String, String>>,
        from: DateTime<Utc>,
        now: DateTime<Utc>,
        cache: &mut FiresCache,
    ) -> CoreResult<Fired<'a>> {
        let mut fires = HashMap::new();
        for kind in Scheduled::ALL {
            let raw = custom.and_then(|c| c.get(kind.as_str())).map_or(kind.default_cron(), String::as_str);
            let key = (kind, raw.to_owned(), amap.timezone);
            let at = match cache.get(&key) {
                Some(at) => at.clone(),
                None => {
                    let cron = Cron::parse(raw).or_else(|_| Cron::parse(kind.default_cron()))?;
                    let at = cron.fires_between(amap.timezone, from, now);
                    cache.insert(key, at.clone());
                    at
                }
            };
            if !at.is_empty() {
                fires.insert(kind, at);
            }
        }
        Ok(Fired { amap, fires, closing: closeout::dates_closing(amap, from, now) })
    }

    pub fn is_empty(&self) -> bool {
        self.fires.is_empty() && self.closing.is_empty()
    }

    fn get(&self, kind: Scheduled) -> &[(NaiveDate, DateTime<Utc>)] {
        self.fires.get(&kind).map_or(&[], Vec::as_slice)
    }

    pub fn start_of(&self, date: NaiveDate) -> DateTime<Utc> {
        local_instant(self.amap.timezone, date, self.amap.window.start)
    }

    /// Subject dates of `kind` still to come: (subject date, fire instant).
    fn coming(&self, kind: Scheduled, now: DateTime<Utc>) -> Vec<(NaiveDate, DateTime<Utc>)> {
        self.get(kind)
            .iter()
            .map(|(fired, at)| (*fired + Days::new(kind.days_ahead()), *at))
            .filter(|(date, _)| self.start_of(*date) > now)
            .collect()
    }

    /// Dates whose deliveries decide a job: distributions reminded or alerted, closed out,
    /// and the deliveries whose modification deadline passed when the farmer totals fired.
    pub fn delivery_dates(&self, now: DateTime<Utc>, contracts: &[Contract]) -> BTreeSet<NaiveDate> {
        let mut out: BTreeSet<NaiveDate> = self.basket_dates(now);
        out.extend(self.coming(Scheduled::DutyAlert, now).into_iter().map(|(d, _)| d));
        for (fired, _) in self.get(Scheduled::FarmerTotals) {
            for c in contracts.iter().filter(|c| c.state.delivers()) {
                out.extend(fired.checked_add_days(Days::new(u64::from(c.rules.modification_deadline_days))));
            }
        }
        out
    }

    /// Dates on which who collects what matters: reminded distributions and close-outs.
    pub fn basket_dates(&self, now: DateTime<Utc>) -> BTreeSet<NaiveDate> {
        let mut out: BTreeSet<NaiveDate> =
            self.coming(Scheduled::DistributionReminder, now).into_iter().map(|(d, _)| d).collect();
        out.extend(self.closing.iter().map(|(d, _)| *d));
        out
    }

    /// Dates whose duty shift a job reads.
    pub fn shift_dates(&self, now: DateTime<Utc>) -> BTreeSet<NaiveDate> {
        [Scheduled::DistributionReminder, Scheduled::DutyReminder, Scheduled::DutyAlert]
            .into_iter()
            .flat_map(|k| self.coming(k, now))
            .map(|(d, _)| d)
            .collect()
    }

    /// The local days whose events are reminded, as (day, earliest start that counts).
    pub fn event_days(&self, now: DateTime<Utc>) -> Vec<(NaiveDate, DateTime<Utc>)> {
        self.get(Scheduled::EventReminder)
            .iter()
            .map(|(fired, _)| {
                let day = *fired + Days::new(Scheduled::EventReminder.days_ahead());
                (day, local_instant(self.amap.timezone, day, NaiveTime::MIN).max(now))
            })
            .collect()
    }

    /// The signature job a contract may have on the day `fired` (before reading who signed).
    fn signature_kind(c: &Contract, fired: NaiveDate) -> Option<&'static str> {
        let rules = &c.rules;
        let since_open = (fired - rules.subscription_opens).num_days();
        if c.state == ContractState::Open && since_open == 0 {
            Some("signature_request")
        } else if c.state == ContractState::Open
            && since_open > 0
            && fired <= rules.subscription_closes
            && since_open % SIGNATURE_REMINDER_DAYS == 0
        {
            Some("signature_reminder")
        } else if matches!(c.state, ContractState::Open | ContractState::Closed)
            && rules.subscription_closes.checked_add_days(Days::new(1)) == Some(fired)
        {
            Some("countersign_request")
        } else {
            None
        }
    }

    /// Contracts with a signature job today: their subscriptions must be read.
    pub fn signature_contracts(&self, contracts: &[Contract]) -> Vec<ContractId> {
        let mut out = Vec::new();
        for (fired, _) in self.get(Scheduled::Signature) {
            out.extend(contracts.iter().filter(|c| Self::signature_kind(c, *fired).is_some()).map(|c| c.id));
        }
        out
    }

    fn is_distribution(&self, d: &AmapData<'_>, date: NaiveDate) -> bool {
        d.contracts.iter().any(|c| d.on.get(&c.id).is_some_and(|ds| ds.iter().any(|x| x.date == date)))
    }

    /// Everyone who takes a basket home on `date` (owners and those collecting for others).
    fn collectors(d: &AmapData<'_>, date: NaiveDate) -> BTreeSet<MemberId> {
        let mut who = BTreeSet::new();
        for (loaded, subs) in d.seasons {
            for sub in subs {
                for p in loaded.pickups(sub).iter().filter(|p| p.date == date) {
                    match p.collector {
                        Collector::Owner => {
                            who.insert(sub.row.member_id);
                        }
                        Collector::Member(m) => {
                            who.insert(m);
                        }
                        Collector::Guest(_) | Collector::Donated => {}
                    }
                }
            }
        }
        who
    }

    /// The jobs due, in the order they were always planned; close-outs are added to `closeouts`.
    pub fn jobs(
        &self,
        d: &AmapData<'_>,
        now: DateTime<Utc>,
        closeouts: &mut Vec<(ContractId, NaiveDate)>,
    ) -> Vec<Job> {
        let amap = self.amap;
        let mut jobs = Vec::new();
        let mut job = |kind, subject: String, payload, due, expires, who| {
            jobs.push(Job { kind, subject, payload, due, expires, who });
        };
        for (date, at) in self.coming(Scheduled::DistributionReminder, now) {
            if !self.is_distribution(d, date) {
                continue;
            }
            let mut who = Self::collectors(d, date);
            if let Some((_, team)) = d.shifts.get(&(amap.id, date)) {
                who.extend(team.iter().copied());
            }
            let payload = json!({"amap": amap.id, "date": date});
            let subject = format!("amap{}:{date}", amap.id);
            let expires = Some(self.start_of(date));
            job(
                "distribution_reminder",
                subject,
                payload,
                at,
                expires,
                Who::Members(who.into_iter().collect()),
            );
        }
        for (date, at) in self.coming(Scheduled::DutyReminder, now) {
            let Some((_, team)) = d.shifts.get(&(amap.id, date)) else { continue };
            let payload = json!({"amap": amap.id, "date": date});
            let subject = format!("amap{}:{date}", amap.id);
            job("duty_reminder", subject, payload, at, Some(self.start_of(date)), Who::Members(team.clone()));
        }
        for (date, at) in self.coming(Scheduled::DutyAlert, now) {
            if !self.is_distribution(d, date) {
                continue;
            }
            let (slots, taken, team) = match d.shifts.get(&(amap.id, date)) {
                Some((s, team)) => (s.slots, s.taken, team.clone()),
                None => (amap.duty_slots, 0, Vec::new()),
            };
            let left = duty_slots_left(slots, taken);
            if left == 0 {
                continue;
            }
            let payload = json!({"amap": amap.id, "date": date, "slots_left": left});
            let subject = format!("amap{}:{date}", amap.id);
            job("duty_alert", subject, payload, at, Some(self.start_of(date)), Who::AllMembersExcept(team));
        }
        for (fired, at) in self.get(Scheduled::FarmerTotals) {
            for c in d.contracts.iter().filter(|c| c.state.delivers()) {
                let days = Days::new(u64::from(c.rules.modification_deadline_days));
                for delivery in d.on.get(&c.id).map_or(&[][..], Vec::as_slice) {
                    if delivery.date.checked_sub_days(days) != Some(*fired)
                        || self.start_of(delivery.date) <= now
                    {
                        continue;
                    }
                    let date = delivery.date;
                    let payload = json!({"contract": c.id, "date": date});
                    let who = Who::FarmersAndReferents(c.farm_id, c.id);
                    job(
                        "farmer_totals",
                        format!("contract{}:{date}", c.id),
                        payload,
                        *at,
                        Some(self.start_of(date)),
                        who,
                    );
                }
            }
        }
        for (fired, at) in self.get(Scheduled::Signature) {
            for c in d.contracts {
                let Some(kind) = Self::signature_kind(c, *fired) else { continue };
                let subs = d.subscriptions.get(&c.id).map_or(&[][..], Vec::as_slice);
                let who = if kind == "countersign_request" {
                    if !subs.iter().any(|s| s.state == SubscriptionState::MemberSigned) {
                        continue;
                    }
                    Who::Farmers(c.farm_id)
                } else {
                    let signed =
                        subs.iter().filter(|s| s.state.is_committed()).map(|s| s.member_id).collect();
                    Who::Unsigned { farm: c.farm_id, signed }
                };
                job(kind, format!("contract{}:{fired}", c.id), json!({"contract": c.id}), *at, None, who);
            }
        }
        for (fired, at) in self.get(Scheduled::EventReminder) {
            let day = *fired + Days::new(Scheduled::EventReminder.days_ahead());
            let earliest = local_instant(amap.timezone, day, NaiveTime::MIN).max(now);
            for (event, declined) in d.events {
                if event.starts_at < earliest
                    || event.starts_at.with_timezone(&amap.timezone).date_naive() != day
                {
                    continue;
                }
                let who = Who::AllMembersExcept(declined.clone());
                let subject = format!("event{}", event.id);
                job("event_reminder", subject, json!({"event": event.id}), *at, Some(event.starts_at), who);
            }
        }
        for (date, at) in &self.closing {
            for (contract, _) in closeout::summarize(d.seasons, *date) {
                closeouts.push((contract, *date));
                let payload = json!({"contract": contract, "date": date});
                job(
                    "closeout_summary",
                    format!("contract{contract}:{date}"),
                    payload,
                    *at,
                    None,
                    Who::Referents(contract),
                );
            }
        }
        jobs
    }
}
