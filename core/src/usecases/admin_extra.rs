//! Use cases behind the referent, farmer and admin chat commands that the first set of use
//! cases did not cover: a contract's dates, a farmer's orders, the sign-in sheet per member,
//! dry runs of a cancelled or moved delivery, the member directory, invitations.
//!
//! Every function checks the actor's rights here, like the other use cases.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::Connection;

use super::baskets::BasketItem;
use super::collection::{self, SheetRow};
use super::deliveries::{self, DeliveryChanged};
use super::linking;
use super::loaded::load_contract;
use super::rights::Rights;
use super::totals::{self, DeliveryTotals};
use crate::error::{CoreError, CoreResult, Forbidden, Invalid, Missing};
use crate::model::{Member, Role};
use crate::rules::deadlines::local_today;
use crate::rules::season::DeliveryState;
use crate::store::directory::MemberFields;
use crate::store::{Conn, accounts, contracts, directory, subscriptions};
use crate::types::{AmapId, ContractId, Email, MemberId};

/// A contract as its managers see it when choosing a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContractDates {
    pub contract: ContractId,
    pub slug: String,
    pub name: String,
    pub amap_name: String,
    /// Planned delivery dates on or after the given day, in order.
    pub upcoming: Vec<NaiveDate>,
    /// The season's first and last scheduled delivery.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

async fn amap_name(conn: &mut Conn, amap: AmapId) -> CoreResult<String> {
    Ok(directory::amap_by_id(conn, amap)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap.to_string())))?
        .name)
}

/// The coming delivery dates of a contract, for its referents, farmers and AMAP admins.
pub async fn contract_dates(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    from: NaiveDate,
    limit: usize,
) -> CoreResult<ContractDates> {
    let rights = Rights::load(conn, actor).await?;
    let loaded = load_contract(conn, contract).await?;
    rights.require_manager_of(&loaded.contract)?;
    totals::dates_of_loaded(conn, &loaded, from, limit).await
}

/// Who to ask about a contract: its referents (first name and initial), for members of its
/// AMAP and its managers; nobody for others.
pub async fn contract_referents(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
) -> CoreResult<Vec<String>> {
    let rights = Rights::load(conn, actor).await?;
    let Some(k) = contracts::contract_by_id(conn, contract).await? else {
        return Ok(Vec::new());
    };
    if !(rights.is_member_of(k.amap_id) || rights.manages(&k)) {
        return Ok(Vec::new());
    }
    Ok(directory::holders_of(conn, Role::Referent(contract)).await?.iter().map(Member::short_name).collect())
}

/// One contract's order for one date, with the AMAP it goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FarmOrder {
    pub amap_name: String,
    pub totals: DeliveryTotals,
}

/// A farmer's orders: for each delivering contract of their farms, the totals of `date`, or of
/// the contract's next delivery when no date is given. Contracts without a delivery that day
/// are left out.
pub async fn farmer_orders(
    conn: &mut Conn,
    actor: MemberId,
    date: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> CoreResult<Vec<FarmOrder>> {
    let rights = Rights::load(conn, actor).await?;
    let farms: Vec<_> = rights
        .roles
        .iter()
        .filter_map(|r| match r {
            Role::Farmer(f) => Some(*f),
            _ => None,
        })
        .collect();
    if farms.is_empty() {
        return Err(CoreError::Forbidden(Forbidden::FarmersOnly));
    }
    let mut out = Vec::new();
    for farm in farms {
        for contract in contracts::contracts_of_farm(conn, farm).await? {
            if !contract.state.delivers() {
                continue;
            }
            let amap = directory::amap_by_id(conn, contract.amap_id)
                .await?
                .ok_or_else(|| CoreError::NotFound(Missing::Amap(contract.amap_id.to_string())))?;
            let day = match date {
                Some(d) => d,
                None => {
                    let today = local_today(now, amap.timezone);
                    let next = contracts::deliveries_of(conn, contract.id)
                        .await?
                        .into_iter()
                        .filter(|d| d.state == DeliveryState::Planned && d.date >= today)
                        .map(|d| d.date)
                        .min();
                    match next {
                        Some(d) => d,
                        None => continue,
                    }
                }
            };
            match totals::delivery_totals(conn, contract.id, day).await {
                Ok(t) => out.push(FarmOrder { amap_name: amap.name.clone(), totals: t }),
                Err(CoreError::NotFound(Missing::Delivery(_))) => {}
                Err(e) => return Err(e),
            }
        }
    }
    out.sort_by(|a, b| {
        a.totals.date.cmp(&b.totals.date).then(a.totals.contract_name.cmp(&b.totals.contract_name))
    });
    Ok(out)
}

/// The dates of the next distributions of an AMAP, for its members.
pub async fn distribution_dates(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    from: NaiveDate,
    limit: i64,
) -> CoreResult<Vec<NaiveDate>> {
    Rights::load(conn, actor).await?.require_member_of(amap)?;
    contracts::distribution_dates(conn, amap, from, limit).await
}

/// How a member's line of the sign-in sheet stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetStatus {
    /// Still to tick.
    Pending,
    /// Collected by them or by the person they named.
    Collected,
    NotCollected,
    /// Every basket is left to the volunteers: nothing to tick.
    Donated,
}

/// One contract's part of a member's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetPart {
    pub items: Vec<BasketItem>,
    pub collector: Option<String>,
    pub donated: bool,
}

/// One member on the sign-in sheet, all contracts merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberSheetRow {
    pub member: MemberId,
    pub full_name: String,
    pub short_name: String,
    pub parts: Vec<SheetPart>,
    pub status: SheetStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberSheet {
    pub amap_name: String,
    pub date: NaiveDate,
    pub rows: Vec<MemberSheetRow>,
}

fn status_of(rows: &[&SheetRow]) -> SheetStatus {
    let outcomes: Vec<&str> =
        rows.iter().filter(|r| !r.donated).map(|r| r.outcome.as_deref().unwrap_or("")).collect();
    if outcomes.is_empty() {
        SheetStatus::Donated
    } else if outcomes.contains(&"not_collected") {
        SheetStatus::NotCollected
    } else if outcomes.iter().all(|o| matches!(*o, "collected" | "handed_over")) {
        SheetStatus::Collected
    } else {
        SheetStatus::Pending
    }
}

/// The sign-in sheet of a distribution, one line per member (same access as
/// `collection::signin_sheet`: the duty team of the day, the referents, the admins).
pub async fn signin_sheet_by_member(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    date: NaiveDate,
) -> CoreResult<MemberSheet> {
    let sheet = collection::signin_sheet(conn, actor, amap, date).await?;
    merge_by_member(conn, sheet).await
}

/// One line per member from the per-subscription sheet.
pub(crate) async fn merge_by_member(
    conn: &mut Conn,
    sheet: collection::SignInSheet,
) -> CoreResult<MemberSheet> {
    let mut owners: Vec<(MemberId, Vec<&SheetRow>)> = Vec::new();
    for row in &sheet.rows {
        let Some(sub) = subscriptions::subscription_by_id(conn, row.subscription).await? else {
            continue;
        };
        match owners.iter_mut().find(|(m, _)| *m == sub.member_id) {
            Some((_, rows)) => rows.push(row),
            None => owners.push((sub.member_id, vec![row])),
        }
    }
    let mut rows = Vec::new();
    for (member, parts) in owners {
        let Some(m) = directory::member_by_id(conn, member).await? else {
            continue;
        };
        rows.push(MemberSheetRow {
            member,
            full_name: m.full_name(),
            short_name: m.short_name(),
            status: status_of(&parts),
            parts: parts
                .iter()
                .map(|r| SheetPart {
                    items: r.items.clone(),
                    collector: r.collector.clone(),
                    donated: r.donated,
                })
                .collect(),
        });
    }
    rows.sort_by_cached_key(|r| crate::text::fold(&r.full_name));
    Ok(MemberSheet { amap_name: sheet.amap_name, date: sheet.date, rows })
}

/// Runs `cancel_delivery` and rolls it back: the same checks and the same answer, nothing
/// written. Lets the chat ask for confirmation with the real figures.
pub async fn dry_run_cancel(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<DeliveryChanged> {
    let mut savepoint = conn.begin().await?;
    let outcome = deliveries::cancel_delivery(&mut savepoint, actor, contract, date, now).await;
    savepoint.rollback().await?;
    outcome
}

/// Runs `move_delivery` and rolls it back (see `dry_run_cancel`).
pub async fn dry_run_move(
    conn: &mut Conn,
    actor: MemberId,
    contract: ContractId,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> CoreResult<DeliveryChanged> {
    let mut savepoint = conn.begin().await?;
    let outcome = deliveries::move_delivery(&mut savepoint, actor, contract, from, to, now).await;
    savepoint.rollback().await?;
    outcome
}

/// The AMAP the actor administers (the first one when several); refused for non-admins.
pub async fn admin_amap(conn: &mut Conn, actor: MemberId) -> CoreResult<AmapId> {
    let rights = Rights::load(conn, actor).await?;
    rights
        .roles
        .iter()
        .find_map(|r| match r {
            Role::Admin(a) => Some(*a),
            _ => None,
        })
        .ok_or(CoreError::Forbidden(Forbidden::AdminsOnly))
}

/// A role as the directory shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum RoleLabel {
    Admin,
    Referent(String),
    Farmer(String),
}

/// A member as an admin sees them in the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberCard {
    pub id: MemberId,
    pub full_name: String,
    pub short_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub roles: Vec<RoleLabel>,
    /// Transports of the linked chat accounts ("telegram", "matrix", "console").
    pub linked: Vec<String>,
}

/// Members of the AMAP whose name or e-mail contains `query` (accents and case ignored),
/// for its admins. Returns the total number found and the first `limit` cards.
pub async fn search_members(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    query: &str,
    limit: usize,
) -> CoreResult<(usize, Vec<MemberCard>)> {
    Rights::load(conn, actor).await?.require_admin_of(amap)?;
    let needle = crate::text::fold(query);
    let mut found: Vec<Member> = directory::members_of_amap(conn, amap)
        .await?
        .into_iter()
        .filter(|m| crate::text::fold(&m.full_name()).contains(&needle) || m.email.as_str().contains(&needle))
        .collect();
    found.sort_by_cached_key(|m| crate::text::fold(&m.full_name()));
    let total = found.len();
    let mut cards = Vec::new();
    for m in found.into_iter().take(limit) {
        let mut roles = Vec::new();
        for role in directory::roles_of(conn, m.id).await? {
            match role {
                Role::Admin(a) if a == amap => roles.push(RoleLabel::Admin),
                Role::Referent(c) => {
                    if let Some(k) = contracts::contract_by_id(conn, c).await?
                        && k.amap_id == amap
                    {
                        roles.push(RoleLabel::Referent(k.name));
                    }
                }
                Role::Farmer(f) => {
                    if let Some(farm) = directory::farm_by_id(conn, f).await? {
                        roles.push(RoleLabel::Farmer(farm.name));
                    }
                }
                _ => {}
            }
        }
        let mut linked: Vec<String> =
            accounts::accounts_of(conn, m.id).await?.into_iter().map(|a| a.transport).collect();
        linked.dedup();
        cards.push(MemberCard {
            id: m.id,
            full_name: m.full_name(),
            short_name: m.short_name(),
            email: m.email.to_string(),
            phone: m.phone.clone(),
            roles,
            linked,
        });
    }
    Ok((total, cards))
}

/// The result of an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum InviteOutcome {
    /// Nobody has this e-mail yet: ask for their first and last name, then call again.
    NeedName,
    Invited(Invitation),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invitation {
    pub member: MemberId,
    pub full_name: String,
    pub amap_name: String,
    /// The person did not exist before.
    pub created: bool,
    /// The person already belonged to this AMAP (only a new code was made).
    pub already_member: bool,
    /// One-time linking code, shown once.
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

const MAX_NAME_CHARS: usize = 80;

fn valid_name(name: &str) -> CoreResult<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(Invalid::Name.into());
    }
    Ok(name)
}

/// An admin invites someone to their AMAP by e-mail: creates the member when new (then
/// `name` = first and last name is required), makes them a member of the AMAP, and returns a
/// one-time linking code. Run in a write transaction.
pub async fn invite_member(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    email: &str,
    name: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> CoreResult<InviteOutcome> {
    Rights::load(conn, actor).await?.require_admin_of(amap)?;
    let email = Email::parse(email)?;
    let (member, created) = match directory::member_by_email(conn, &email).await? {
        Some(m) => (m, false),
        None => {
            let Some((first, last)) = name else {
                return Ok(InviteOutcome::NeedName);
            };
            let fields = MemberFields {
                email: email.clone(),
                first_name: valid_name(first)?,
                last_name: valid_name(last)?,
                phone: None,
            };
            let id = directory::upsert_member(conn, &fields, now).await?;
            let m = directory::member_by_id(conn, id)
                .await?
                .ok_or_else(|| CoreError::NotFound(Missing::Member(id.to_string())))?;
            (m, true)
        }
    };
    let already_member = Rights::load(conn, member.id).await?.is_member_of(amap);
    if !already_member {
        directory::grant_role(conn, member.id, Role::Member(amap), Some(amap)).await?;
    }
    let code = linking::create_link_code(conn, Some(actor), amap, member.id, now, linking::DEFAULT_CODE_DAYS)
        .await?;
    Ok(InviteOutcome::Invited(Invitation {
        member: member.id,
        full_name: member.full_name(),
        amap_name: amap_name(conn, amap).await?,
        created,
        already_member,
        code,
        expires_at: now + chrono::Duration::days(linking::DEFAULT_CODE_DAYS),
    }))
}
