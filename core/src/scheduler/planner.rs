//! The planner: from the database and an instant, the messages that are due, each with its
//! dedupe key (kind, subject, recipient, transport). Planning is read-only; `queue` inserts
//! the rows with insert-or-ignore, so planning twice queues nothing new.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use super::jobs::{AmapData, Fired, FiresCache, Job};
use super::recipients::{load_recipients, load_roles};
use crate::error::CoreResult;
use crate::model::{AbsenceMode, Contract, NotificationKind};
use crate::rules::money::GridCell;
use crate::rules::season::{Absence, Delivery, DeliveryState};
use crate::store::accounts::Recipient;
use crate::store::events::{self, Event};
use crate::store::outbox::{self, NewMessage};
use crate::store::subscriptions::SubscriptionRow;
use crate::store::{Conn, planning};
use crate::types::{AmapId, ContractId, MemberId, SubscriptionId};
use crate::usecases::loaded::{LoadedContract, LoadedSubscription};

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

/// What is due: messages, and distributions to close out (record unaccounted baskets).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub messages: Vec<Planned>,
    pub closeouts: Vec<(ContractId, NaiveDate)>,
}

/// Every message due in `(now - lookback, now]` and not yet expired, for every AMAP.
///
/// A fixed number of batched queries whatever the number of AMAPs: what fired is computed
/// first (pure), then only the data of the dates concerned is read — the deliveries of those
/// dates, the grid cells of the distributions reminded or closed out, the duty shifts, the
/// events — and the recipients of the AMAPs with something to send.
pub async fn plan(conn: &mut Conn, now: DateTime<Utc>, lookback: Duration) -> CoreResult<Plan> {
    plan_amaps(conn, now, lookback, None).await
}

/// The AMAPs with something due in `(now - lookback, now]` (what `plan` would plan for), in
/// the order `plan` lists them; cheap: schedules only, no season is read.
pub async fn amaps_due(conn: &mut Conn, now: DateTime<Utc>, lookback: Duration) -> CoreResult<Vec<AmapId>> {
    let amaps = planning::amaps(conn, None).await?;
    let custom = custom_schedules(conn, None).await?;
    let mut cache = FiresCache::new();
    let mut due = Vec::new();
    for amap in &amaps {
        if !Fired::new(amap, custom.get(&amap.id), now - lookback, now, &mut cache)?.is_empty() {
            due.push(amap.id);
        }
    }
    Ok(due)
}

async fn custom_schedules(
    conn: &mut Conn,
    only: Option<&[AmapId]>,
) -> CoreResult<HashMap<AmapId, HashMap<String, String>>> {
    let mut custom: HashMap<AmapId, HashMap<String, String>> = HashMap::new();
    for (amap, kind, cron) in planning::schedules(conn, only).await? {
        custom.entry(amap).or_default().insert(kind, cron);
    }
    Ok(custom)
}

/// `plan` for some AMAPs only (all with None): each AMAP's rows are the same as in the whole
/// plan, so a long-running process plans a national evening a slice of AMAPs at a time and
/// never holds 40,000 rows and their seasons at once.
pub async fn plan_amaps(
    conn: &mut Conn,
    now: DateTime<Utc>,
    lookback: Duration,
    only: Option<&[AmapId]>,
) -> CoreResult<Plan> {
    let from = now - lookback;
    let amaps = planning::amaps(conn, only).await?;
    let custom = custom_schedules(conn, only).await?;
    let mut fired = Vec::new();
    let mut cache = FiresCache::new();
    for amap in &amaps {
        let f = Fired::new(amap, custom.get(&amap.id), from, now, &mut cache)?;
        if !f.is_empty() {
            fired.push(f);
        }
    }
    if fired.is_empty() {
        return Ok(Plan::default());
    }
    let amap_ids: Vec<AmapId> = fired.iter().map(|f| f.amap.id).collect();
    let mut contracts: HashMap<AmapId, Vec<Contract>> = HashMap::new();
    for c in planning::contracts_of(conn, &amap_ids).await? {
        if c.state.is_visible() {
            contracts.entry(c.amap_id).or_default().push(c);
        }
    }
    let contracts_of = |a: AmapId| contracts.get(&a).map_or(&[][..], Vec::as_slice);
    let contract_ids: Vec<ContractId> = contracts.values().flatten().map(|c| c.id).collect();

    let mut dates = BTreeSet::new();
    let mut shift_dates = BTreeSet::new();
    for f in &fired {
        dates.extend(f.delivery_dates(now, contracts_of(f.amap.id)));
        shift_dates.extend(f.shift_dates(now));
    }
    let mut on: HashMap<ContractId, Vec<Delivery>> = HashMap::new();
    for (c, d) in planning::deliveries_on(conn, &contract_ids, &dates.into_iter().collect::<Vec<_>>()).await?
    {
        if d.state == DeliveryState::Planned {
            on.entry(c).or_default().push(d);
        }
    }
    let mut shifts = HashMap::new();
    for (shift, team) in
        planning::shifts_on(conn, &amap_ids, &shift_dates.into_iter().collect::<Vec<_>>()).await?
    {
        shifts.insert((shift.amap_id, shift.date), (shift, team));
    }
    let mut seasons = load_seasons(conn, &fired, &contracts, &on, now).await?;
    let mut events = load_events(conn, &fired, now).await?;
    let signing: Vec<ContractId> =
        fired.iter().flat_map(|f| f.signature_contracts(contracts_of(f.amap.id))).collect();
    let mut subscriptions: HashMap<ContractId, Vec<SubscriptionRow>> = HashMap::new();
    for s in planning::subscriptions_of(conn, &signing).await? {
        subscriptions.entry(s.contract_id).or_default().push(s);
    }

    let mut all = Plan::default();
    let mut due: Vec<(AmapId, Vec<Job>)> = Vec::new();
    for f in &fired {
        let id = f.amap.id;
        let data = AmapData {
            contracts: contracts_of(id),
            on: &on,
            seasons: &seasons.remove(&id).unwrap_or_default(),
            shifts: &shifts,
            events: &events.remove(&id).unwrap_or_default(),
            subscriptions: &subscriptions,
        };
        let jobs = f.jobs(&data, now, &mut all.closeouts);
        if !jobs.is_empty() {
            due.push((id, jobs));
        }
    }
    if due.is_empty() {
        return Ok(all);
    }
    let roles = load_roles(conn, &due).await?;
    let recipients = load_recipients(conn, &due, &roles).await?;
    for (amap, jobs) in due {
        let people = recipients.get(&amap).map_or(&[][..], Vec::as_slice);
        for job in jobs {
            for m in roles.resolve(&job.who, people) {
                if let Some(r) = people.iter().find(|r| r.member_id == m)
                    && let Some(p) = message_for(
                        r,
                        job.kind,
                        &job.subject,
                        amap,
                        job.payload.clone(),
                        job.due,
                        job.expires,
                    )
                {
                    all.messages.push(p);
                }
            }
        }
    }
    Ok(all)
}

/// The seasons of the contracts with baskets on a reminded or closed-out date, per AMAP,
/// with only the grid cells that can end up on those dates: those of the deliveries happening
/// then, and those of postponed deliveries (which may land on them).
async fn load_seasons(
    conn: &mut Conn,
    fired: &[Fired<'_>],
    contracts: &HashMap<AmapId, Vec<Contract>>,
    on: &HashMap<ContractId, Vec<Delivery>>,
    now: DateTime<Utc>,
) -> CoreResult<HashMap<AmapId, Vec<(LoadedContract, Vec<LoadedSubscription>)>>> {
    let mut wanted: Vec<&Contract> = Vec::new();
    let mut cells: BTreeSet<NaiveDate> = BTreeSet::new();
    for f in fired {
        let days = f.basket_dates(now);
        for c in contracts.get(&f.amap.id).map_or(&[][..], Vec::as_slice) {
            let here: Vec<&Delivery> = on
                .get(&c.id)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter(|d| days.contains(&d.date))
                .collect();
            if !here.is_empty() {
                cells.extend(here.iter().map(|d| d.scheduled));
                wanted.push(c);
            }
        }
    }
    let mut out: HashMap<AmapId, Vec<(LoadedContract, Vec<LoadedSubscription>)>> = HashMap::new();
    if wanted.is_empty() {
        return Ok(out);
    }
    let ids: Vec<ContractId> = wanted.iter().map(|c| c.id).collect();
    let mut products = planning::products_of(conn, &ids).await?;
    let mut deliveries: HashMap<ContractId, Vec<Delivery>> = HashMap::new();
    for (c, d) in planning::deliveries_of(conn, &ids).await? {
        deliveries.entry(c).or_default().push(d);
    }
    let mut absences: HashMap<SubscriptionId, Vec<Absence>> = HashMap::new();
    let mut postponed: BTreeSet<(SubscriptionId, NaiveDate)> = BTreeSet::new();
    for (s, a) in planning::absences_of(conn, &ids).await? {
        if a.mode == AbsenceMode::Postpone {
            postponed.insert((s, a.scheduled));
        }
        absences.entry(s).or_default().push(a);
    }
    let mut grids: HashMap<SubscriptionId, Vec<GridCell>> = HashMap::new();
    for (s, cell) in planning::grid_cells(conn, &ids, &cells.into_iter().collect::<Vec<_>>()).await? {
        grids.entry(s).or_default().push(cell);
    }
    // A postponed basket may land on one of the dates: its cells come along (only those).
    let moved: Vec<SubscriptionId> =
        postponed.iter().map(|(s, _)| *s).collect::<BTreeSet<_>>().into_iter().collect();
    for (s, cell) in planning::grids_of(conn, &moved).await? {
        let already =
            grids.get(&s).is_some_and(|g| g.iter().any(|c| c.date == cell.date && c.product == cell.product));
        if postponed.contains(&(s, cell.date)) && !already {
            grids.entry(s).or_default().push(cell);
        }
    }
    let mut subs: HashMap<ContractId, Vec<LoadedSubscription>> = HashMap::new();
    for row in planning::subscriptions_of(conn, &ids).await? {
        if row.state.is_committed() {
            let grid = grids.remove(&row.id).unwrap_or_default();
            let absences = absences.remove(&row.id).unwrap_or_default();
            subs.entry(row.contract_id).or_default().push(LoadedSubscription { row, grid, absences });
        }
    }
    for c in wanted {
        let loaded = LoadedContract {
            contract: c.clone(),
            products: products.remove(&c.id).unwrap_or_default(),
            deliveries: deliveries.remove(&c.id).unwrap_or_default(),
        };
        out.entry(c.amap_id).or_default().push((loaded, subs.remove(&c.id).unwrap_or_default()));
    }
    Ok(out)
}

/// Events starting on a reminded day, per AMAP, with who declined.
async fn load_events(
    conn: &mut Conn,
    fired: &[Fired<'_>],
    now: DateTime<Utc>,
) -> CoreResult<HashMap<AmapId, Vec<(Event, Vec<MemberId>)>>> {
    let days: Vec<(NaiveDate, DateTime<Utc>)> = fired.iter().flat_map(|f| f.event_days(now)).collect();
    let mut out: HashMap<AmapId, Vec<(Event, Vec<MemberId>)>> = HashMap::new();
    let (Some(first), Some(last)) = (days.iter().map(|(_, t)| *t).min(), days.iter().map(|(d, _)| *d).max())
    else {
        return Ok(out);
    };
    // Each AMAP filters on its own day; the range only has to cover them all.
    let until = last.and_time(NaiveTime::MIN).and_utc() + Duration::days(2);
    for event in planning::events_between(conn, first, until).await? {
        let declined = events::rsvps_of(conn, event.id)
            .await?
            .into_iter()
            .filter(|(_, a)| a == "no")
            .map(|(m, _)| m)
            .collect();
        out.entry(event.amap_id).or_default().push((event, declined));
    }
    Ok(out)
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
