//! A referent's manual reminder (`rappel`): to a contract's subscribers about the next
//! delivery, or to the AMAP's members who have not signed it yet. Goes through the outbox.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::loaded::{load_committed_subscriptions, load_contract};
use super::rights::Rights;
use crate::error::{CoreError, CoreResult, Missing};
use crate::rules::deadlines::local_today;
use crate::scheduler::notify::{Queued, to_members};
use crate::store::{Conn, directory};
use crate::types::{ContractId, MemberId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RemindAudience {
    /// Everyone with a basket in the contract's next delivery.
    Subscribers,
    /// The AMAP's members who have not signed the contract.
    Unsigned,
}

pub async fn remind(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    audience: RemindAudience,
    now: DateTime<Utc>,
) -> CoreResult<Queued> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    rights.require_manager_of(&loaded.contract)?;
    let amap = directory::amap_by_id(conn, loaded.contract.amap_id)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(loaded.contract.amap_id.to_string())))?;
    let subs = load_committed_subscriptions(conn, contract).await?;
    let signed: Vec<MemberId> = subs.iter().map(|s| s.row.member_id).collect();
    let (kind, members, date) = match audience {
        RemindAudience::Subscribers => {
            let today = local_today(now, amap.timezone);
            let next = loaded.deliveries.iter().filter(|d| d.date >= today).map(|d| d.date).min();
            ("manual_reminder", signed, next)
        }
        RemindAudience::Unsigned => {
            let members = directory::members_of_amap(conn, amap.id).await?;
            let unsigned = members.into_iter().map(|m| m.id).filter(|m| !signed.contains(m)).collect();
            ("manual_signature_reminder", unsigned, None)
        }
    };
    // One reminder per minute at most: a double press of the button sends it once.
    let subject = format!("contract{}:{}", contract, now.timestamp() / 60);
    let from = directory::member_by_id(conn, actor).await?.map(|m| m.full_name()).unwrap_or_default();
    let payload = serde_json::json!({"contract": contract, "date": date, "from": from});
    to_members(conn, amap.id, &members, kind, &subject, payload, now, None).await
}
