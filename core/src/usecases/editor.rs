//! One-time links to the editors (contract editor, AMAP settings, member list), with the same
//! token rules as signing links: 256-bit random tokens stored as SHA-256, an expiry, and one
//! browser session per link: the first visit binds the link to a random session secret kept
//! in a cookie, and the link then works only in that browser. Every use re-checks the
//! member's current roles here in core.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::rights::Rights;
use super::signing::DeliveredTo;
use crate::error::{CoreError, CoreResult, Forbidden, Invalid, Missing};
use crate::model::{Amap, Contract};
use crate::signature;
use crate::store::editor::{self as store, EditorLinkRow, EditorPurpose};
use crate::store::{Conn, contracts, directory};
use crate::types::{AmapId, ContractId, MemberId};

/// How long an editor link stays valid.
pub const EDITOR_LINK_HOURS: i64 = 48;

/// A link just made; the token exists only here and in the message sent to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedEditorLink {
    pub token: String,
    pub purpose: EditorPurpose,
    pub contract: Option<ContractId>,
    pub expires_at: DateTime<Utc>,
}

/// An opened link: who acts, where, and the CSRF value the forms send back.
#[derive(Debug, Clone, Serialize)]
pub struct EditorAccess {
    #[serde(skip)]
    pub token_hash: String,
    pub purpose: EditorPurpose,
    pub member: MemberId,
    pub amap: Amap,
    pub contract: Option<ContractId>,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
    #[serde(skip)]
    pub rights: Rights,
    /// Set on the first visit: the secret to keep in the browser's cookie.
    #[serde(skip)]
    pub new_session: Option<String>,
}

/// Whether `rights` may edit `contract`: its référents and the AMAP's admins.
pub fn can_edit(rights: &Rights, contract: &Contract) -> bool {
    rights.is_referent_of(contract.id) || rights.is_admin_of(contract.amap_id)
}

/// The AMAP where `rights` may create contracts: admin there, or référent of one of its
/// contracts. The first such AMAP.
pub async fn creator_amap(conn: &mut Conn, rights: &Rights) -> CoreResult<AmapId> {
    if let Some(a) = rights.amaps().into_iter().find(|a| rights.is_admin_of(*a)) {
        return Ok(a);
    }
    for role in &rights.roles {
        if let crate::model::Role::Referent(c) = role
            && let Some(c) = contracts::contract_by_id(conn, *c).await?
        {
            return Ok(c.amap_id);
        }
    }
    Err(CoreError::Forbidden(Forbidden::ReferentsOnly))
}

async fn insert(
    conn: &mut Conn,
    purpose: EditorPurpose,
    actor: MemberId,
    amap: AmapId,
    contract: Option<ContractId>,
    to: &DeliveredTo,
    now: DateTime<Utc>,
) -> CoreResult<IssuedEditorLink> {
    let token = signature::new_token();
    let expires_at = now + Duration::hours(EDITOR_LINK_HOURS);
    store::insert_link(
        conn,
        &EditorLinkRow {
            token_hash: signature::hash_token(&token),
            purpose,
            member_id: actor,
            amap_id: amap,
            contract_id: contract,
            transport: to.transport.clone(),
            account: to.account.clone(),
            csrf: signature::new_csrf(),
            session_hash: None,
            expires_at,
            created_at: now,
        },
    )
    .await?;
    Ok(IssuedEditorLink { token, purpose, contract, expires_at })
}

/// A link to the contract editor: a new contract (`None`) or an existing one.
pub async fn issue_contract_link(
    conn: &mut Conn,
    actor: MemberId,
    contract: Option<ContractId>,
    to: &DeliveredTo,
    now: DateTime<Utc>,
) -> CoreResult<IssuedEditorLink> {
    let rights = Rights::load(conn, actor).await?;
    let amap = match contract {
        Some(id) => {
            let c = contracts::contract_by_id(conn, id)
                .await?
                .ok_or_else(|| CoreError::NotFound(Missing::Contract(id.to_string())))?;
            if !can_edit(&rights, &c) {
                return Err(CoreError::Forbidden(Forbidden::ReferentsOnly));
            }
            c.amap_id
        }
        None => creator_amap(conn, &rights).await?,
    };
    insert(conn, EditorPurpose::Contract, actor, amap, contract, to, now).await
}

/// A link to the AMAP's settings or member list (admins).
pub async fn issue_admin_link(
    conn: &mut Conn,
    actor: MemberId,
    purpose: EditorPurpose,
    to: &DeliveredTo,
    now: DateTime<Utc>,
) -> CoreResult<IssuedEditorLink> {
    let rights = Rights::load(conn, actor).await?;
    let amap = rights
        .amaps()
        .into_iter()
        .find(|a| rights.is_admin_of(*a))
        .ok_or(CoreError::Forbidden(Forbidden::AdminsOnly))?;
    insert(conn, purpose, actor, amap, None, to, now).await
}

/// Opens the link behind `token` for `purpose`. `session` is the browser's cookie. With
/// `bind` (a page visit), a link no browser holds yet is bound to a new session returned in
/// `new_session`; otherwise the cookie must match the bound session. Unknown, expired, held
/// by another browser: refused before anything else is read.
pub async fn open(
    conn: &mut Conn,
    token: &str,
    purpose: EditorPurpose,
    session: Option<&str>,
    bind: bool,
    now: DateTime<Utc>,
) -> CoreResult<EditorAccess> {
    if !signature::plausible_token(token) {
        return Err(Invalid::SigningLinkUnknown.into());
    }
    let token_hash = signature::hash_token(token);
    let Some(link) = store::link_by_hash(conn, &token_hash).await?.filter(|l| l.purpose == purpose) else {
        return Err(Invalid::SigningLinkUnknown.into());
    };
    if link.expires_at <= now {
        return Err(Invalid::SigningLinkExpired.into());
    }
    let mut new_session = None;
    match &link.session_hash {
        Some(held) => {
            let sent = session.map(signature::hash_token).unwrap_or_default();
            if !signature::constant_time_eq(held.as_bytes(), sent.as_bytes()) {
                return Err(Invalid::SigningLinkUsed.into());
            }
        }
        None if bind => {
            let secret = signature::new_token();
            if !store::bind_session(conn, &token_hash, &signature::hash_token(&secret)).await? {
                return Err(Invalid::SigningLinkUsed.into());
            }
            new_session = Some(secret);
        }
        None => return Err(Invalid::FormExpired.into()),
    }
    let rights = Rights::load(conn, link.member_id).await?;
    let amap = directory::amap_by_id(conn, link.amap_id)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(link.amap_id.to_string())))?;
    let allowed = match purpose {
        EditorPurpose::Contract => match link.contract_id {
            Some(id) => match contracts::contract_by_id(conn, id).await? {
                Some(c) => can_edit(&rights, &c),
                None => false,
            },
            None => creator_amap(conn, &rights).await.ok() == Some(link.amap_id),
        },
        EditorPurpose::Settings | EditorPurpose::Members => rights.is_admin_of(link.amap_id),
    };
    if !allowed {
        return Err(CoreError::Forbidden(match purpose {
            EditorPurpose::Contract => Forbidden::ReferentsOnly,
            _ => Forbidden::AdminsOnly,
        }));
    }
    Ok(EditorAccess {
        token_hash,
        purpose,
        member: link.member_id,
        amap,
        contract: link.contract_id,
        csrf: link.csrf,
        expires_at: link.expires_at,
        rights,
        new_session,
    })
}

/// `open` for a form: the session must be bound and the CSRF value must match.
pub async fn open_for_form(
    conn: &mut Conn,
    token: &str,
    purpose: EditorPurpose,
    session: Option<&str>,
    csrf: &str,
    now: DateTime<Utc>,
) -> CoreResult<EditorAccess> {
    let access = open(conn, token, purpose, session, false, now).await?;
    if signature::constant_time_eq(access.csrf.as_bytes(), csrf.as_bytes()) {
        Ok(access)
    } else {
        Err(Invalid::FormExpired.into())
    }
}
