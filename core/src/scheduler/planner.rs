//! The planner: from the database and an instant, the messages that are due, each with its
//! dedupe key (kind, subject, recipient, transport). Planning is read-only; `queue` inserts
//! the rows with insert-or-ignore, so planning twice queues nothing new.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

use super::closeout;
use super::schedule::{Cron, Scheduled};
use crate::error::CoreResult;
use crate::model::{Amap, NotificationKind, Role};
use crate::rules::deadlines::{duty_slots_left, local_instant};
use crate::rules::season::Collector;
use crate::rules::state::{ContractState, SubscriptionState};
use crate::store::accounts::{self, Recipient};
use crate::store::outbox::{self, NewMessage};
use crate::store::{Conn, contracts, directory, duty, events, subscriptions};
use crate::types::{AmapId, ContractId, MemberId};
use crate::usecases::loaded::{
    LoadedContract, LoadedSubscription, load_committed_subscriptions, load_contract,
};

/// How far back the planner looks for jobs it has not run (a process that was down).
pub const DEFAULT_LOOKBACK_HOURS: i64 = 26;
/// Signature reminders go out every this many days while a contract is open.
pub const SIGNATURE_REMINDER_DAYS: i64 = 7;

/// One message the planner wants sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Planned {
    pub kind: String,
    pub member_id: MemberId,
    /// The member's e-mail: how admins recognise the row.
    pub recipient: String,
    /// `telegram`, `matrix`, or None when the member has no linked chat account (reported,
    /// not queued).
    pub transport: Option<String>,
    #[serde(skip)]
    pub chat_id: Option<String>,
    pub amap_id: AmapId,
    pub payload: serde_json::Value,
    pub due_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub dedupe_key: String,
}

/// Which opt-out covers a message kind; None for messages people cannot turn off.
pub fn opt_out_kind(kind: &str) -> Option<NotificationKind> {
    Some(match kind {
        "distribution_reminder" => NotificationKind::DistributionReminder,
        "farmer_totals" | "closeout_summary" => NotificationKind::FarmerTotals,
        "duty_reminder" => NotificationKind::DutyReminder,
        "duty_alert" | "duty_urgent" => NotificationKind::DutyAlert,
        "signature_request" | "signature_reminder" | "countersign_request" => {
            NotificationKind::SignatureRequest
        }
        "event_reminder" => NotificationKind::EventReminder,
        "announcement" => NotificationKind::Announcement,
        _ => return None,
    })
}

/// Builds the row for one recipient, or None when they opted out of this kind.
pub fn message_for(
    r: &Recipient,
    kind: &str,
    subject: &str,
    amap: AmapId,
    payload: serde_json::Value,
    due_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
) -> Option<Planned> {
    if opt_out_kind(kind).is_some_and(|k| r.opt_outs.iter().any(|o| o == k.as_str())) {
        return None;
    }
    let transport = r.target.as_ref().map(|(t, _)| t.clone());
    let dedupe_key = format!("{kind}:{subject}:{}:{}", r.member_id, transport.as_deref().unwrap_or("none"));
    Some(Planned {
        kind: kind.to_owned(),
        member_id: r.member_id,
        recipient: r.email.clone(),
        transport,
        chat_id: r.target.as_ref().map(|(_, c)| c.clone()),
        amap_id: amap,
        payload,
        due_at,
        expires_at,
        dedupe_key,
    })
}

/// Per-AMAP data loaded once per planning run.
struct AmapPlan<'a> {
    amap: &'a Amap,
    recipients: Vec<Recipient>,
    contracts: Vec<(LoadedContract, Vec<LoadedSubscription>)>,
    out: Vec<Planned>,
}

impl AmapPlan<'_> {
    fn push(
        &mut self,
        member: MemberId,
        kind: &str,
        subject: &str,
        payload: serde_json::Value,
        due: DateTime<Utc>,
        expires: Option<DateTime<Utc>>,
    ) {
        if let Some(r) = self.recipients.iter().find(|r| r.member_id == member)
            && let Some(p) = message_for(r, kind, subject, self.amap.id, payload, due, expires)
        {
            self.out.push(p);
        }
    }

    fn start_of(&self, date: NaiveDate) -> DateTime<Utc> {
        local_instant(self.amap.timezone, date, self.amap.window.start)
    }

    /// Everyone who takes a basket home on `date` (owners and those collecting for others).
    fn collectors(&self, date: NaiveDate) -> BTreeSet<MemberId> {
        let mut who = BTreeSet::new();
        for (loaded, subs) in &self.contracts {
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

    fn is_distribution(&self, date: NaiveDate) -> bool {
        self.contracts.iter().any(|(c, _)| c.delivery_on(date).is_some())
    }
}

/// What is due: messages, and distributions to close out (record unaccounted baskets).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub messages: Vec<Planned>,
    pub closeouts: Vec<(ContractId, NaiveDate)>,
}

/// Every message due in `(now - lookback, now]` and not yet expired, for every AMAP.
pub async fn plan(conn: &mut Conn, now: DateTime<Utc>, lookback: Duration) -> CoreResult<Plan> {
    let from = now - lookback;
    let mut all = Plan::default();
    for amap_id in accounts::all_amap_ids(conn).await? {
        let Some(amap) = directory::amap_by_id(conn, amap_id).await? else { continue };
        plan_amap(conn, &amap, from, now, &mut all).await?;
    }
    Ok(all)
}

async fn plan_amap(
    conn: &mut Conn,
    amap: &Amap,
    from: DateTime<Utc>,
    now: DateTime<Utc>,
    all: &mut Plan,
) -> CoreResult<()> {
    let custom: HashMap<String, String> = accounts::schedules_of(conn, amap.id).await?.into_iter().collect();
    let mut fires: HashMap<Scheduled, Vec<(NaiveDate, DateTime<Utc>)>> = HashMap::new();
    for kind in Scheduled::ALL {
        let raw = custom.get(kind.as_str()).map(String::as_str).unwrap_or(kind.default_cron());
        let cron = Cron::parse(raw).or_else(|_| Cron::parse(kind.default_cron()))?;
        fires.insert(kind, cron.fires_between(amap.timezone, from, now));
    }
    let closing = closeout::dates_closing(amap, from, now);
    if fires.values().all(Vec::is_empty) && closing.is_empty() {
        return Ok(());
    }
    let mut contracts_loaded = Vec::new();
    for contract in contracts::contracts_of_amap(conn, amap.id).await? {
        if contract.state.is_visible() {
            let loaded = load_contract(conn, contract.id).await?;
            let subs = load_committed_subscriptions(conn, contract.id).await?;
            contracts_loaded.push((loaded, subs));
        }
    }
    let mut p = AmapPlan {
        amap,
        recipients: accounts::recipients_of_amap(conn, amap.id).await?,
        contracts: contracts_loaded,
        out: Vec::new(),
    };
    let get = |k: Scheduled| fires.get(&k).cloned().unwrap_or_default();

    for (fired, at) in get(Scheduled::DistributionReminder) {
        let date = fired + Days::new(Scheduled::DistributionReminder.days_ahead());
        if !p.is_distribution(date) || p.start_of(date) <= now {
            continue;
        }
        let mut who = p.collectors(date);
        if let Some(shift) = duty::shift(conn, amap.id, date).await? {
            who.extend(duty::team_of(conn, shift.id).await?);
        }
        let subject = format!("amap{}:{date}", amap.id);
        for m in who {
            p.push(
                m,
                "distribution_reminder",
                &subject,
                json!({"amap": amap.id, "date": date}),
                at,
                Some(p.start_of(date)),
            );
        }
    }
    for (fired, at) in get(Scheduled::DutyReminder) {
        let date = fired + Days::new(Scheduled::DutyReminder.days_ahead());
        let Some(shift) = duty::shift(conn, amap.id, date).await? else { continue };
        if p.start_of(date) <= now {
            continue;
        }
        let subject = format!("amap{}:{date}", amap.id);
        for m in duty::team_of(conn, shift.id).await? {
            p.push(
                m,
                "duty_reminder",
                &subject,
                json!({"amap": amap.id, "date": date}),
                at,
                Some(p.start_of(date)),
            );
        }
    }
    for (fired, at) in get(Scheduled::DutyAlert) {
        let date = fired + Days::new(Scheduled::DutyAlert.days_ahead());
        if !p.is_distribution(date) || p.start_of(date) <= now {
            continue;
        }
        let (slots, taken, team) = match duty::shift(conn, amap.id, date).await? {
            Some(s) => (s.slots, s.taken, duty::team_of(conn, s.id).await?),
            None => (amap.duty_slots, 0, Vec::new()),
        };
        let left = duty_slots_left(slots, taken);
        if left == 0 {
            continue;
        }
        let subject = format!("amap{}:{date}", amap.id);
        let members: Vec<MemberId> = p
            .recipients
            .iter()
            .filter(|r| r.is_member && !team.contains(&r.member_id))
            .map(|r| r.member_id)
            .collect();
        for m in members {
            p.push(
                m,
                "duty_alert",
                &subject,
                json!({"amap": amap.id, "date": date, "slots_left": left}),
                at,
                Some(p.start_of(date)),
            );
        }
    }
    plan_farmer_totals(conn, &mut p, &get(Scheduled::FarmerTotals), now).await?;
    plan_signatures(conn, &mut p, &get(Scheduled::Signature)).await?;
    for (fired, at) in get(Scheduled::EventReminder) {
        let day = fired + Days::new(Scheduled::EventReminder.days_ahead());
        let day_start = local_instant(amap.timezone, day, chrono::NaiveTime::MIN);
        for event in events::upcoming_events(conn, amap.id, day_start.max(now)).await? {
            if event.starts_at.with_timezone(&amap.timezone).date_naive() != day {
                continue;
            }
            let declined: Vec<MemberId> = events::rsvps_of(conn, event.id)
                .await?
                .into_iter()
                .filter(|(_, a)| a == "no")
                .map(|(m, _)| m)
                .collect();
            let members: Vec<MemberId> = p
                .recipients
                .iter()
                .filter(|r| r.is_member && !declined.contains(&r.member_id))
                .map(|r| r.member_id)
                .collect();
            let subject = format!("event{}", event.id);
            for m in members {
                p.push(m, "event_reminder", &subject, json!({"event": event.id}), at, Some(event.starts_at));
            }
        }
    }
    for (date, at) in closing {
        for (contract, _) in closeout::summarize(&p.contracts, date) {
            all.closeouts.push((contract, date));
            let subject = format!("contract{contract}:{date}");
            let payload = json!({"contract": contract, "date": date});
            for m in directory::holders_of(conn, Role::Referent(contract)).await?.iter().map(|m| m.id) {
                p.push(m, "closeout_summary", &subject, payload.clone(), at, None);
            }
        }
    }
    all.messages.extend(p.out);
    Ok(())
}

async fn plan_farmer_totals(
    conn: &mut Conn,
    p: &mut AmapPlan<'_>,
    fires: &[(NaiveDate, DateTime<Utc>)],
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let mut jobs: Vec<(ContractId, NaiveDate, DateTime<Utc>, Vec<MemberId>)> = Vec::new();
    for (fired, at) in fires {
        for (loaded, _) in &p.contracts {
            let c = &loaded.contract;
            if !c.state.delivers() {
                continue;
            }
            let days = u64::from(c.rules.modification_deadline_days);
            for delivery in
                loaded.deliveries.iter().filter(|d| d.state == crate::rules::season::DeliveryState::Planned)
            {
                if delivery.date.checked_sub_days(Days::new(days)) != Some(*fired)
                    || p.start_of(delivery.date) <= now
                {
                    continue;
                }
                let mut who: Vec<MemberId> = directory::holders_of(conn, Role::Farmer(c.farm_id))
                    .await?
                    .iter()
                    .map(|m| m.id)
                    .collect();
                who.extend(directory::holders_of(conn, Role::Referent(c.id)).await?.iter().map(|m| m.id));
                who.sort();
                who.dedup();
                jobs.push((c.id, delivery.date, *at, who));
            }
        }
    }
    for (contract, date, at, who) in jobs {
        let subject = format!("contract{contract}:{date}");
        let expires = p.start_of(date);
        for m in who {
            p.push(
                m,
                "farmer_totals",
                &subject,
                json!({"contract": contract, "date": date}),
                at,
                Some(expires),
            );
        }
    }
    Ok(())
}

async fn plan_signatures(
    conn: &mut Conn,
    p: &mut AmapPlan<'_>,
    fires: &[(NaiveDate, DateTime<Utc>)],
) -> CoreResult<()> {
    let mut jobs: Vec<(&'static str, ContractId, NaiveDate, DateTime<Utc>, Vec<MemberId>)> = Vec::new();
    for (fired, at) in fires {
        for (loaded, _) in &p.contracts {
            let c = &loaded.contract;
            let rules = &c.rules;
            let all_subs = subscriptions::subscriptions_of_contract(conn, c.id).await?;
            let signed: Vec<MemberId> =
                all_subs.iter().filter(|s| s.state.is_committed()).map(|s| s.member_id).collect();
            // The farm's own farmers are not asked to subscribe to their contract.
            let farmers: Vec<MemberId> =
                directory::holders_of(conn, Role::Farmer(c.farm_id)).await?.iter().map(|m| m.id).collect();
            let unsigned: Vec<MemberId> = p
                .recipients
                .iter()
                .filter(|r| r.is_member && !signed.contains(&r.member_id) && !farmers.contains(&r.member_id))
                .map(|r| r.member_id)
                .collect();
            let since_open = (*fired - rules.subscription_opens).num_days();
            if c.state == ContractState::Open && since_open == 0 {
                jobs.push(("signature_request", c.id, *fired, *at, unsigned));
            } else if c.state == ContractState::Open
                && since_open > 0
                && *fired <= rules.subscription_closes
                && since_open % SIGNATURE_REMINDER_DAYS == 0
            {
                jobs.push(("signature_reminder", c.id, *fired, *at, unsigned));
            } else if matches!(c.state, ContractState::Open | ContractState::Closed)
                && rules.subscription_closes.checked_add_days(Days::new(1)) == Some(*fired)
                && all_subs.iter().any(|s| s.state == SubscriptionState::MemberSigned)
            {
                let farmers = directory::holders_of(conn, Role::Farmer(c.farm_id))
                    .await?
                    .iter()
                    .map(|m| m.id)
                    .collect();
                jobs.push(("countersign_request", c.id, *fired, *at, farmers));
            }
        }
    }
    for (kind, contract, day, at, who) in jobs {
        let subject = format!("contract{contract}:{day}");
        for m in who {
            p.push(m, kind, &subject, json!({"contract": contract}), at, None);
        }
    }
    Ok(())
}

/// Inserts the planned rows that have a transport; returns how many were new.
pub async fn queue(conn: &mut Conn, planned: &[Planned], now: DateTime<Utc>) -> CoreResult<usize> {
    let mut inserted = 0;
    for p in planned {
        let (Some(transport), Some(chat_id)) = (&p.transport, &p.chat_id) else { continue };
        let message = NewMessage {
            dedupe_key: p.dedupe_key.clone(),
            kind: p.kind.clone(),
            member_id: Some(p.member_id),
            transport: transport.clone(),
            chat_id: chat_id.clone(),
            amap_id: Some(p.amap_id),
            payload: p.payload.to_string(),
            due_at: p.due_at,
            expires_at: p.expires_at,
        };
        if outbox::enqueue(conn, &message, now).await? {
            inserted += 1;
        }
    }
    Ok(inserted)
}
