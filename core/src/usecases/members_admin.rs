//! The member list page behind an admin's `membres lien` link: search, add (with a linking
//! code), remove from the AMAP, grant or withdraw the admin and référent roles, a new linking
//! code, and the list as CSV (the members import format). The CSV upload goes through
//! `import::import_members` (same checks, all or nothing). Rights are checked here.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::admin_extra::{self, InviteOutcome, MemberCard};
use super::editor::{self, EditorAccess};
use super::exports::{self, MemberLine, Viewer};
use super::linking;
use crate::error::{Conflict, CoreError, CoreResult, Forbidden, Missing};
use crate::model::{Contract, Role};
use crate::store::editor::{self as store, EditorPurpose};
use crate::store::{Conn, contracts, directory};
use crate::types::{ContractId, MemberId};

/// Members shown at once on the page.
pub const SHOWN: usize = 300;

#[derive(Debug, Clone, Serialize)]
pub struct MembersPage {
    pub access: EditorAccess,
    pub query: String,
    pub total: usize,
    pub cards: Vec<MemberCard>,
    /// The AMAP's contracts, for the référent role.
    pub contracts: Vec<Contract>,
}

pub async fn page(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    query: &str,
    now: DateTime<Utc>,
) -> CoreResult<MembersPage> {
    let access = editor::open(conn, token, EditorPurpose::Members, session, true, now).await?;
    let query: String = query.trim().chars().take(80).collect();
    let (total, cards) =
        admin_extra::search_members(conn, access.member, access.amap.id, &query, SHOWN).await?;
    let contracts = contracts::contracts_of_amap(conn, access.amap.id).await?;
    Ok(MembersPage { access, query, total, cards, contracts })
}

/// A role the page grants or withdraws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChoice {
    Admin,
    Referent(ContractId),
}

impl RoleChoice {
    /// "admin" or "referent:ID".
    pub fn parse(raw: &str) -> Option<RoleChoice> {
        match raw.trim() {
            "admin" => Some(RoleChoice::Admin),
            other => {
                other.strip_prefix("referent:")?.parse().ok().map(|id| RoleChoice::Referent(ContractId(id)))
            }
        }
    }
}

async fn member_of_amap(conn: &mut Conn, access: &EditorAccess, member: MemberId) -> CoreResult<()> {
    let amap = access.amap.id;
    let rights = super::rights::Rights::load(conn, member).await?;
    if rights.is_member_of(amap) || rights.roles.iter().any(|r| matches!(r, Role::Admin(a) if *a == amap)) {
        Ok(())
    } else {
        Err(CoreError::NotFound(Missing::Member(member.to_string())))
    }
}

/// Adds someone by e-mail (first and last name needed when new) and returns their invitation
/// with a one-time linking code.
#[allow(clippy::too_many_arguments)]
pub async fn add(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    csrf: &str,
    email: &str,
    name: (&str, &str),
    now: DateTime<Utc>,
) -> CoreResult<InviteOutcome> {
    let access = editor::open_for_form(conn, token, EditorPurpose::Members, session, csrf, now).await?;
    let name = (!name.0.trim().is_empty() || !name.1.trim().is_empty()).then_some(name);
    admin_extra::invite_member(conn, access.member, access.amap.id, email, name, now).await
}

/// A new one-time linking code for a member of the AMAP.
pub async fn code(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    csrf: &str,
    member: MemberId,
    now: DateTime<Utc>,
) -> CoreResult<(String, String)> {
    let access = editor::open_for_form(conn, token, EditorPurpose::Members, session, csrf, now).await?;
    member_of_amap(conn, &access, member).await?;
    let code = linking::create_link_code(
        conn,
        Some(access.member),
        access.amap.id,
        member,
        now,
        linking::DEFAULT_CODE_DAYS,
    )
    .await?;
    let name = directory::member_by_id(conn, member).await?.map(|m| m.full_name()).unwrap_or_default();
    Ok((name, code))
}

/// Removes a member from the AMAP (all their roles there). Refused for oneself and while they
/// hold a signed subscription to a contract still open or running.
pub async fn deactivate(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    csrf: &str,
    member: MemberId,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let access = editor::open_for_form(conn, token, EditorPurpose::Members, session, csrf, now).await?;
    member_of_amap(conn, &access, member).await?;
    if member == access.member {
        return Err(CoreError::Forbidden(Forbidden::OwnDataOnly));
    }
    if store::has_running_subscription(conn, member, access.amap.id).await? {
        return Err(CoreError::Conflict(Conflict::RunningContract));
    }
    store::remove_from_amap(conn, member, access.amap.id).await
}

/// Grants (`grant`) or withdraws a role. An admin cannot withdraw their own admin role.
#[allow(clippy::too_many_arguments)]
pub async fn set_role(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    csrf: &str,
    member: MemberId,
    role: RoleChoice,
    grant: bool,
    now: DateTime<Utc>,
) -> CoreResult<()> {
    let access = editor::open_for_form(conn, token, EditorPurpose::Members, session, csrf, now).await?;
    member_of_amap(conn, &access, member).await?;
    let amap = access.amap.id;
    let role = match role {
        RoleChoice::Admin => {
            if !grant && member == access.member {
                return Err(CoreError::Forbidden(Forbidden::OwnDataOnly));
            }
            Role::Admin(amap)
        }
        RoleChoice::Referent(c) => {
            let contract = contracts::contract_by_id(conn, c)
                .await?
                .filter(|k| k.amap_id == amap)
                .ok_or_else(|| CoreError::NotFound(Missing::Contract(c.to_string())))?;
            Role::Referent(contract.id)
        }
    };
    if grant {
        directory::grant_role(conn, member, role, Some(amap)).await
    } else {
        directory::revoke_role(conn, member, role).await
    }
}

/// The list in the members import format.
pub async fn csv(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    now: DateTime<Utc>,
) -> CoreResult<String> {
    let access = editor::open(conn, token, EditorPurpose::Members, session, false, now).await?;
    let lines: Vec<MemberLine> =
        exports::members_list(conn, Viewer::Member(access.member), access.amap.id).await?;
    let cell = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut out = String::from("email,first_name,last_name,phone,roles\n");
    for l in lines {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            cell(&l.email),
            cell(&l.first_name),
            cell(&l.last_name),
            cell(&l.phone),
            cell(&l.roles.join(";"))
        ));
    }
    Ok(out)
}

/// The AMAP's slug for an upload, once the form is checked (the import itself runs in its
/// own transaction).
pub async fn upload_target(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    csrf: &str,
    now: DateTime<Utc>,
) -> CoreResult<String> {
    let access = editor::open_for_form(conn, token, EditorPurpose::Members, session, csrf, now).await?;
    Ok(access.amap.slug.to_string())
}
