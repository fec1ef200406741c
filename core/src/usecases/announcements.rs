//! Network announcements: « paysan cherche AMAP » from a farmer, « AMAP cherche paysan » from
//! an AMAP's admin, news from either or from the network. A network admin approves or rejects
//! what others write (their own is published at once); an approved announcement is queued in
//! the outbox, in the same transaction, to the network's AMAP admins (and, for news, to every
//! member who did not turn announcements off; for « AMAP cherche paysan », to the farmers
//! delivering in the network). Announcements expire: expired ones are neither listed nor sent.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::json;

use super::rights::Rights;
use crate::error::{Conflict, CoreError, CoreResult, Forbidden, Missing};
use crate::model::Role;
use crate::network::{
    ANNOUNCEMENT_DAYS, Announcement, AnnouncementDraft, AnnouncementId, AnnouncementKind, AnnouncementState,
};
use crate::scheduler::notify::{self, Queued};
use crate::store::announcements::{self, NewAnnouncement};
use crate::store::outbox::{self, NewMessage};
use crate::store::{Conn, accounts, directory, network};
use crate::types::{AmapId, FarmId, MemberId, NetworkId};

/// The outbox kind of a broadcast announcement.
pub const KIND: &str = "announcement";
/// The outbox kind telling a network's coordinators that an announcement waits for review.
pub const PENDING_KIND: &str = "announcement_pending";

/// On whose behalf an announcement is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Origin {
    network: NetworkId,
    amap: Option<AmapId>,
    farm: Option<FarmId>,
}

impl Origin {
    /// Written by the network itself: no moderation needed.
    fn is_network(&self) -> bool {
        self.amap.is_none() && self.farm.is_none()
    }
}

async fn farm_origin(conn: &mut Conn, rights: &Rights) -> CoreResult<Option<Origin>> {
    for role in &rights.roles {
        if let Role::Farmer(farm) = role
            && let Some(network) = network::networks_of_farm(conn, *farm).await?.first()
        {
            return Ok(Some(Origin { network: *network, amap: None, farm: Some(*farm) }));
        }
    }
    Ok(None)
}

async fn amap_origin(conn: &mut Conn, rights: &Rights) -> CoreResult<Option<Origin>> {
    for role in &rights.roles {
        if let Role::Admin(amap) = role
            && let Some(network) = directory::amap_by_id(conn, *amap).await?.and_then(|a| a.network_id)
        {
            return Ok(Some(Origin { network, amap: Some(*amap), farm: None }));
        }
    }
    Ok(None)
}

fn network_origin(rights: &Rights) -> Option<Origin> {
    super::network::administered(rights).first().map(|n| Origin { network: *n, amap: None, farm: None })
}

/// Where an announcement of this kind by this person goes, or None when they may not write it.
async fn origin(conn: &mut Conn, rights: &Rights, kind: AnnouncementKind) -> CoreResult<Option<Origin>> {
    Ok(match kind {
        AnnouncementKind::FarmSeeksAmap => {
            farm_origin(conn, rights).await?.or_else(|| network_origin(rights))
        }
        AnnouncementKind::AmapSeeksFarm => {
            amap_origin(conn, rights).await?.or_else(|| network_origin(rights))
        }
        AnnouncementKind::News => match network_origin(rights) {
            Some(o) => Some(o),
            None => match amap_origin(conn, rights).await? {
                Some(o) => Some(o),
                None => farm_origin(conn, rights).await?,
            },
        },
    })
}

/// The kinds this person may write (empty: they may not write announcements).
pub async fn kinds_for(conn: &mut Conn, actor: MemberId) -> CoreResult<Vec<AnnouncementKind>> {
    let rights = Rights::load(conn, actor).await?;
    let mut kinds = Vec::new();
    for kind in AnnouncementKind::ALL {
        if origin(conn, &rights, kind).await?.is_some() {
            kinds.push(kind);
        }
    }
    Ok(kinds)
}

/// What became of a new announcement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Created {
    pub announcement: Announcement,
    /// Set when it was published at once (written by a network admin).
    pub queued: Option<Queued>,
}

/// Stores an announcement: pending moderation, or approved and queued when the network's
/// admin writes it. Must run in a write transaction.
pub async fn create(
    conn: &mut Conn,
    actor: MemberId,
    draft: &AnnouncementDraft,
    now: DateTime<Utc>,
) -> CoreResult<Created> {
    let rights = Rights::load(conn, actor).await?;
    let Some(origin) = origin(conn, &rights, draft.kind).await? else {
        return Err(CoreError::Forbidden(match draft.kind {
            AnnouncementKind::FarmSeeksAmap => Forbidden::FarmersOnly,
            _ => Forbidden::AdminsOnly,
        }));
    };
    draft.check()?;
    let state = if origin.is_network() { AnnouncementState::Approved } else { AnnouncementState::Pending };
    let new = NewAnnouncement {
        network: origin.network,
        draft,
        author: actor,
        amap: origin.amap,
        farm: origin.farm,
        state,
        created_at: now,
        expires_at: now + Duration::days(ANNOUNCEMENT_DAYS),
    };
    let id = announcements::insert(conn, &new).await?;
    let announcement =
        announcements::by_id(conn, id).await?.ok_or(CoreError::NotFound(Missing::Announcement))?;
    let queued = match state {
        AnnouncementState::Approved => Some(broadcast(conn, &announcement, now).await?),
        _ => {
            tell_moderators(conn, &announcement, now).await?;
            None
        }
    };
    Ok(Created { announcement, queued })
}

/// Queues « to review » to every reachable coordinator of the network (they may belong to no
/// AMAP, so their chat accounts are used directly). Not a reminder one can turn off.
async fn tell_moderators(conn: &mut Conn, a: &Announcement, now: DateTime<Utc>) -> CoreResult<usize> {
    let mut queued = 0;
    for admin in directory::holders_of(conn, Role::NetworkAdmin(a.network_id)).await? {
        for account in accounts::accounts_of(conn, admin.id).await? {
            if account.unreachable || !matches!(account.transport.as_str(), "telegram" | "matrix") {
                continue;
            }
            let message = NewMessage {
                dedupe_key: format!("{PENDING_KIND}:{}:{}:{}", a.id, admin.id, account.transport),
                kind: PENDING_KIND.to_owned(),
                member_id: Some(admin.id),
                transport: account.transport.clone(),
                chat_id: account.chat_id.clone(),
                amap_id: None,
                payload: json!({ "announcement": a.id }).to_string(),
                due_at: now,
                expires_at: Some(a.expires_at),
            };
            queued += usize::from(outbox::enqueue(conn, &message, now).await?);
        }
    }
    Ok(queued)
}

/// The announcement while it still waits for review (not expired).
pub async fn awaiting(
    conn: &mut Conn,
    id: AnnouncementId,
    now: DateTime<Utc>,
) -> CoreResult<Option<Announcement>> {
    Ok(announcements::by_id(conn, id)
        .await?
        .filter(|a| a.state == AnnouncementState::Pending && a.expires_at > now))
}

/// Queues the announcement to its audience in every AMAP of its network.
async fn broadcast(conn: &mut Conn, a: &Announcement, now: DateTime<Utc>) -> CoreResult<Queued> {
    let mut total = Queued::default();
    let amaps = network::directory_amaps(conn, a.network_id).await?;
    for amap in amaps {
        let mut audience = network::admins_of_amap(conn, amap.id).await?;
        match a.kind {
            AnnouncementKind::News => audience.extend(network::people_of_amap(conn, amap.id).await?),
            AnnouncementKind::AmapSeeksFarm => {
                audience.extend(network::farmers_of_amap(conn, amap.id).await?)
            }
            AnnouncementKind::FarmSeeksAmap => {}
        }
        audience.sort();
        audience.dedup();
        audience.retain(|m| Some(*m) != a.author);
        if audience.is_empty() {
            continue;
        }
        let payload = json!({ "announcement": a.id });
        let subject = a.id.to_string();
        let q =
            notify::to_members(conn, amap.id, &audience, KIND, &subject, payload, now, Some(a.expires_at))
                .await?;
        total.queued += q.queued;
        total.unreachable += q.unreachable;
    }
    Ok(total)
}

/// Pending announcements of the networks the actor administers.
pub async fn pending(conn: &mut Conn, actor: MemberId, now: DateTime<Utc>) -> CoreResult<Vec<Announcement>> {
    let rights = Rights::load(conn, actor).await?;
    let networks = super::network::administered(&rights);
    if networks.is_empty() {
        return Err(CoreError::Forbidden(Forbidden::NetworkAdminsOnly));
    }
    announcements::of_networks(conn, &networks, AnnouncementState::Pending, now).await
}

/// The outcome of a moderation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moderated {
    pub announcement: Announcement,
    /// Set when approved.
    pub queued: Option<Queued>,
}

/// Approves (and queues) or rejects a pending announcement. Must run in a write transaction.
pub async fn moderate(
    conn: &mut Conn,
    actor: MemberId,
    id: AnnouncementId,
    approve: bool,
    now: DateTime<Utc>,
) -> CoreResult<Moderated> {
    let rights = Rights::load(conn, actor).await?;
    let Some(found) = announcements::by_id(conn, id).await? else {
        return Err(CoreError::NotFound(Missing::Announcement));
    };
    if !rights.is_network_admin_of(found.network_id) {
        // Someone else's network: as if it did not exist, unless they moderate nothing at all.
        return Err(if super::network::administered(&rights).is_empty() {
            CoreError::Forbidden(Forbidden::NetworkAdminsOnly)
        } else {
            CoreError::NotFound(Missing::Announcement)
        });
    }
    let to = if approve { AnnouncementState::Approved } else { AnnouncementState::Rejected };
    let transition = || Conflict::Transition { from: found.state.as_str().into(), to: to.as_str().into() };
    if found.expires_at <= now {
        return Err(CoreError::Conflict(Conflict::Transition {
            from: "expired".into(),
            to: to.as_str().into(),
        }));
    }
    if !announcements::decide(conn, id, to, actor, now).await? {
        return Err(CoreError::Conflict(transition()));
    }
    let announcement =
        announcements::by_id(conn, id).await?.ok_or(CoreError::NotFound(Missing::Announcement))?;
    let queued = if approve { Some(broadcast(conn, &announcement, now).await?) } else { None };
    Ok(Moderated { announcement, queued })
}

/// Live announcements of the networks the actor takes part in, oldest first.
pub async fn listed(conn: &mut Conn, actor: MemberId, now: DateTime<Utc>) -> CoreResult<Vec<Announcement>> {
    let networks = network::networks_of_member(conn, actor).await?;
    announcements::of_networks(conn, &networks, AnnouncementState::Approved, now).await
}

/// The announcement to push, while it is live (approved, not expired).
pub async fn live(
    conn: &mut Conn,
    id: AnnouncementId,
    now: DateTime<Utc>,
) -> CoreResult<Option<Announcement>> {
    Ok(announcements::by_id(conn, id).await?.filter(|a| a.is_live(now)))
}
