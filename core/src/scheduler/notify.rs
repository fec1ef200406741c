//! Messages queued by an action rather than a schedule: the urgent call after a late duty
//! withdrawal, a delivery cancelled or moved, a referent's manual reminder. They are queued
//! in the same transaction as the action, so they are never lost nor sent without it.

use chrono::{DateTime, Utc};

use super::planner::{Planned, message_for, queue};
use crate::error::CoreResult;
use crate::store::{Conn, accounts};
use crate::types::{AmapId, MemberId};

/// What was queued for a group of members.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Queued {
    pub queued: usize,
    /// Members without a linked chat account (or who opted out): nothing sent to them.
    pub unreachable: usize,
}

/// Queues `kind` about `subject` to these members of `amap` (opt-outs respected).
pub async fn to_members(
    conn: &mut Conn,
    amap: AmapId,
    members: &[MemberId],
    kind: &str,
    subject: &str,
    payload: serde_json::Value,
    now: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
) -> CoreResult<Queued> {
    let recipients = accounts::recipients_of_amap(conn, amap).await?;
    let planned: Vec<Planned> = recipients
        .iter()
        .filter(|r| members.contains(&r.member_id))
        .filter_map(|r| message_for(r, kind, subject, amap, payload.clone(), now, expires_at))
        .collect();
    let with_transport = planned.iter().filter(|p| p.transport.is_some()).count();
    let queued = queue(conn, &planned, now).await?;
    Ok(Queued { queued, unreachable: members.len().saturating_sub(with_transport) })
}
