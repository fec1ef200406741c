//! Personal data rights (CNIL / GDPR): a member's export of everything Panier holds about
//! them, erasure on request, and the retention job for members inactive for years.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use super::loaded::load_contract;
use crate::error::{Conflict, CoreError, CoreResult, Invalid, Missing};
use crate::rules::state::ContractState;
use crate::store::{Conn, accounts, contracts, directory, duty, subscriptions};
use crate::types::{AmapId, MemberId};

/// The reference promise: data kept 3 years after the last activity.
pub const DEFAULT_RETENTION_YEARS: i64 = 3;

/// Days an expired signing or editor link is kept before the retention job removes it.
pub const LINK_GRACE_DAYS: i64 = 7;

/// Everything about the member, as JSON (the readable summary is the conversation layer's).
pub async fn my_data(conn: &mut Conn, actor: MemberId, now: DateTime<Utc>) -> CoreResult<Value> {
    let member = directory::member_by_id(conn, actor)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Member(actor.to_string())))?;
    let roles = directory::roles_of(conn, actor).await?;
    let chat_accounts: Vec<Value> = accounts::accounts_of(conn, actor)
        .await?
        .into_iter()
        .map(|a| json!({"transport": a.transport, "account": a.external_id, "reachable": !a.unreachable}))
        .collect();
    let mut subs = Vec::new();
    for row in subscriptions::subscriptions_of_member(conn, actor).await? {
        let contract = contracts::contract_by_id(conn, row.contract_id).await?;
        let grid: Vec<Value> = subscriptions::grid_of(conn, row.id)
            .await?
            .into_iter()
            .map(|c| json!({"product": c.product, "date": c.date, "quantity": c.quantity}))
            .collect();
        let cheques = subscriptions::cheques_of(conn, row.id).await?;
        let absences: Vec<Value> = subscriptions::absences_of(conn, row.id)
            .await?
            .into_iter()
            .map(|a| json!({"date": a.scheduled, "mode": a.mode, "postpone_to": a.postpone_to, "handover_guest": a.handover_guest}))
            .collect();
        let outcomes: Vec<Value> = subscriptions::outcomes_of(conn, row.id)
            .await?
            .into_iter()
            .map(|(d, o, s)| json!({"date": d, "outcome": o, "source": s}))
            .collect();
        subs.push(json!({
            "contract": contract.as_ref().map(|c| c.name.clone()),
            "state": row.state,
            "signed_on_paper": row.on_paper,
            "quantities": grid,
            "cheques": cheques,
            "absences": absences,
            "baskets": outcomes,
        }));
    }
    let mut shifts = Vec::new();
    for amap in directory::amaps_of_member(conn, actor).await? {
        let from = chrono::NaiveDate::MIN;
        for date in duty::duties_of(conn, actor, amap.id, from).await? {
            shifts.push(json!({"amap": amap.name, "date": date}));
        }
    }
    let rsvps: Vec<Value> = sqlx_rsvps(conn, actor).await?;
    let announcements: Vec<Value> = crate::store::announcements::written_by(conn, actor)
        .await?
        .into_iter()
        .map(|a| {
            json!({
                "network": a.network_name, "kind": a.kind, "published_as": a.from, "product": a.product,
                "area": a.area, "text": a.body, "state": a.state, "written_at": a.created_at,
                "expires_at": a.expires_at,
            })
        })
        .collect();
    Ok(json!({
        "exported_at": now,
        "identity": {
            "email": member.email, "first_name": member.first_name, "last_name": member.last_name,
            "phone": member.phone, "language": member.language, "status": member.status,
        },
        "roles": roles,
        "chat_accounts": chat_accounts,
        "subscriptions": subs,
        "duty_shifts": shifts,
        "event_answers": rsvps,
        "announcements": announcements,
        "notifications_turned_off": accounts::opt_outs_of(conn, actor).await?,
    }))
}

async fn sqlx_rsvps(conn: &mut Conn, actor: MemberId) -> CoreResult<Vec<Value>> {
    Ok(crate::store::events::rsvps_of_member(conn, actor)
        .await?
        .into_iter()
        .map(|(title, at, answer)| json!({"event": title, "starts_at": at, "answer": answer}))
        .collect())
}

/// Whether the member has a committed subscription in a contract still running.
pub async fn has_running_contract(conn: &mut Conn, member: MemberId) -> CoreResult<bool> {
    for row in subscriptions::subscriptions_of_member(conn, member).await? {
        if !row.state.is_committed() {
            continue;
        }
        let loaded = load_contract(conn, row.contract_id).await?;
        if matches!(
            loaded.contract.state,
            ContractState::Open | ContractState::Closed | ContractState::Running
        ) {
            return Ok(true);
        }
    }
    Ok(false)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forgotten {
    pub member: MemberId,
    /// Signed contracts kept in the archive for the farmer's accounting.
    pub contracts_kept: usize,
}

/// Erases the member's personal data. Refused while a contract runs (the farmer still
/// delivers and the référent still needs to reach them). Signed contracts stay with the name
/// and amounts only; everything else is removed or replaced by a pseudonym.
pub async fn forget(conn: &mut Conn, actor: MemberId, now: DateTime<Utc>) -> CoreResult<Forgotten> {
    if has_running_contract(conn, actor).await? {
        return Err(CoreError::Conflict(Conflict::RunningContract));
    }
    let kept = subscriptions::subscriptions_of_member(conn, actor)
        .await?
        .iter()
        .filter(|s| s.state.is_committed())
        .count();
    crate::store::privacy::erase_member(conn, actor, kept > 0, now).await?;
    Ok(Forgotten { member: actor, contracts_kept: kept })
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RetentionReport {
    /// Members inactive for longer than the retention period, erased (or to erase).
    pub members: Vec<MemberId>,
    /// Members past the period but with a running contract: kept for now.
    pub kept_running: Vec<MemberId>,
    /// Ended contracts past the period, archived (or to archive).
    pub contracts_archived: Vec<crate::types::ContractId>,
}

/// The daily retention job; with `dry_run` it only reports.
pub async fn retention(
    conn: &mut Conn,
    now: DateTime<Utc>,
    years: i64,
    dry_run: bool,
) -> CoreResult<RetentionReport> {
    let cutoff = now - Duration::days(365 * years);
    let mut report = RetentionReport::default();
    for member in crate::store::privacy::inactive_members(conn, cutoff).await? {
        if has_running_contract(conn, member).await? {
            report.kept_running.push(member);
            continue;
        }
        if !dry_run {
            forget(conn, member, now).await?;
        }
        report.members.push(member);
    }
    if !dry_run {
        // Lockout counters only matter for an hour; nobody needs them the next day.
        crate::store::guard::purge_before(conn, now - Duration::days(1)).await?;
        // Expired links name the chat account they went to. A week's grace keeps the "this
        // link expired" page (rather than "unknown link") for someone who clicks late.
        let links_cutoff = now - Duration::days(LINK_GRACE_DAYS);
        crate::store::signing::delete_links_expired_before(conn, links_cutoff).await?;
        crate::store::editor::delete_links_expired_before(conn, links_cutoff).await?;
    }
    for contract in crate::store::privacy::ended_contracts(conn).await? {
        let last = contracts::deliveries_of(conn, contract).await?.iter().map(|d| d.date).max();
        let done_long_ago = last.is_none_or(|d| d < cutoff.date_naive());
        if done_long_ago {
            if !dry_run {
                contracts::set_contract_state(conn, contract, ContractState::Archived).await?;
            }
            report.contracts_archived.push(contract);
        }
    }
    Ok(report)
}

/// Longest AMAP privacy notice: a few paragraphs, read in a chat.
pub const PRIVACY_NOTICE_MAX_CHARS: usize = 2000;

/// Sets (or with `None` / blank text, removes) the AMAP's own privacy notice, shown at linking
/// and by `confidentialite` after the common text. `actor` None is the server admin (CLI).
pub async fn set_privacy_notice(
    conn: &mut Conn,
    actor: Option<MemberId>,
    amap: AmapId,
    notice: Option<&str>,
) -> CoreResult<()> {
    if let Some(actor) = actor {
        super::rights::Rights::load(conn, actor).await?.require_admin_of(amap)?;
    }
    let notice = notice.map(str::trim).filter(|t| !t.is_empty());
    if let Some(text) = notice {
        let control = text.chars().any(|c| c.is_control() && c != '\n' && c != '\t');
        if control || text.chars().count() > PRIVACY_NOTICE_MAX_CHARS {
            return Err(Invalid::PrivacyNotice.into());
        }
    }
    directory::amap_by_id(conn, amap)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap.to_string())))?;
    crate::store::guard::set_privacy_notice(conn, amap, notice).await
}

/// The AMAP's own privacy notice, if it wrote one.
pub async fn privacy_notice(conn: &mut Conn, amap: AmapId) -> CoreResult<Option<String>> {
    crate::store::guard::privacy_notice(conn, amap).await
}
