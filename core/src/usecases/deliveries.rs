//! Cancelling or moving a delivery (referents and farmers of the contract).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::loaded::{load_committed_subscriptions, load_contract};
use super::rights::Rights;
use crate::error::{Conflict, CoreError, CoreResult, Invalid, Missing};
use crate::rules::deadlines::local_today;
use crate::rules::season::{Delivery, DeliveryState};
use crate::store::{Conn, contracts, directory};
use crate::types::{ContractId, MemberId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryChanged {
    pub contract: String,
    pub from: NaiveDate,
    /// None when cancelled.
    pub to: Option<NaiveDate>,
    /// The move landed on a date the farm already delivers: a double delivery.
    pub merged: bool,
    /// Subscribers to notify.
    pub members: Vec<MemberId>,
}

async fn today_for(conn: &mut Conn, amap: crate::types::AmapId, now: DateTime<Utc>) -> CoreResult<NaiveDate> {
    let a = directory::amap_by_id(conn, amap)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap.to_string())))?;
    Ok(local_today(now, a.timezone))
}

pub async fn cancel_delivery(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<DeliveryChanged> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    rights.require_referent_or_farmer(&loaded.contract)?;
    let delivery = *loaded.delivery_on(date).ok_or(CoreError::NotFound(Missing::Delivery(date)))?;
    if date < today_for(conn, loaded.contract.amap_id, now).await? {
        return Err(Invalid::InThePast.into());
    }
    contracts::update_delivery(conn, contract, &Delivery { state: DeliveryState::Cancelled, ..delivery })
        .await?;
    let members =
        load_committed_subscriptions(conn, contract).await?.iter().map(|s| s.row.member_id).collect();
    let changed = DeliveryChanged {
        contract: loaded.contract.name.clone(),
        from: date,
        to: None,
        merged: false,
        members,
    };
    announce(conn, &loaded.contract, &changed, now).await?;
    Ok(changed)
}

pub async fn move_delivery(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<DeliveryChanged> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    rights.require_referent_or_farmer(&loaded.contract)?;
    let delivery = *loaded.delivery_on(from).ok_or(CoreError::NotFound(Missing::Delivery(from)))?;
    let today = today_for(conn, loaded.contract.amap_id, now).await?;
    if from < today || to < today {
        return Err(Invalid::InThePast.into());
    }
    let first = loaded.deliveries.iter().map(|d| d.scheduled).min();
    let last = loaded.deliveries.iter().map(|d| d.scheduled).max();
    if first.is_none_or(|f| to < f) || last.is_none_or(|l| to > l) || to == from {
        return Err(Invalid::OutsideSeason.into());
    }
    let subs = load_committed_subscriptions(conn, contract).await?;
    for sub in &subs {
        let away_that_day = sub
            .absences
            .iter()
            .any(|a| loaded.deliveries.iter().any(|d| d.scheduled == a.scheduled && d.date == to));
        let absent_from_moved = sub.absences.iter().any(|a| a.scheduled == delivery.scheduled);
        if away_that_day && !absent_from_moved {
            return Err(CoreError::Conflict(Conflict::BreaksAbsence));
        }
    }
    let merged = loaded.delivery_on(to).is_some();
    contracts::update_delivery(conn, contract, &Delivery { date: to, ..delivery }).await?;
    let members = subs.iter().map(|s| s.row.member_id).collect();
    let changed =
        DeliveryChanged { contract: loaded.contract.name.clone(), from, to: Some(to), merged, members };
    announce(conn, &loaded.contract, &changed, now).await?;
    Ok(changed)
}

/// Tells the subscribers, in the same transaction as the change.
async fn announce(
    conn: &mut Conn,
    contract: &crate::model::Contract,
    changed: &DeliveryChanged,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let subject = format!("contract{}:{}:{}", contract.id, changed.from, now.timestamp());
    let payload = serde_json::json!({"contract": contract.id, "from": changed.from, "to": changed.to, "merged": changed.merged});
    crate::scheduler::notify::to_members(
        conn,
        contract.amap_id,
        &changed.members,
        "delivery_changed",
        &subject,
        payload,
        now,
        None,
    )
    .await?;
    Ok(())
}
