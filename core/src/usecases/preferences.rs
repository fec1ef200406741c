//! A member's own settings: language and which reminders they receive.

use crate::error::CoreResult;
use crate::model::NotificationKind;
use crate::store::{Conn, accounts, directory};
use crate::types::MemberId;

/// Turns one kind of reminder on or off for the acting member.
pub async fn set_notification(
    conn: &mut Conn,
    actor: MemberId,
    kind: NotificationKind,
    enabled: bool,
) -> CoreResult<()> {
    accounts::set_opt_out(conn, actor, kind.as_str(), !enabled).await
}

/// Every kind with whether the member receives it.
pub async fn notifications(conn: &mut Conn, actor: MemberId) -> CoreResult<Vec<(NotificationKind, bool)>> {
    let off = accounts::opt_outs_of(conn, actor).await?;
    Ok(NotificationKind::ALL.into_iter().map(|k| (k, !off.iter().any(|o| o == k.as_str()))).collect())
}

/// Stores the preferred language ("fr", "en"), or clears it with None.
pub async fn set_language(conn: &mut Conn, actor: MemberId, language: Option<&str>) -> CoreResult<()> {
    directory::set_member_language(conn, actor, language).await
}
