//! Who may do what: the acting member's roles, loaded once per use case and checked in core.

use chrono::{DateTime, Utc};

use crate::error::{CoreError, CoreResult, Forbidden};
use crate::model::{Amap, Contract, Member, Role};
use crate::store::{Conn, accounts, directory, instant_to_sql};
use crate::types::{AmapId, ContractId, FarmId, MemberId, NetworkId};

/// The roles of the member acting now.
#[derive(Debug, Clone)]
pub struct Rights {
    pub member: MemberId,
    pub roles: Vec<Role>,
}

impl Rights {
    pub async fn load(conn: &mut Conn, member: MemberId) -> CoreResult<Rights> {
        let roles = directory::roles_of(conn, member).await?;
        Ok(Rights { member, roles })
    }

    pub fn is_member_of(&self, amap: AmapId) -> bool {
        self.roles.iter().any(|r| matches!(r, Role::Member(a) | Role::Admin(a) if *a == amap))
    }

    pub fn is_admin_of(&self, amap: AmapId) -> bool {
        self.roles.contains(&Role::Admin(amap))
    }

    pub fn is_referent_of(&self, contract: ContractId) -> bool {
        self.roles.contains(&Role::Referent(contract))
    }

    pub fn is_farmer_of(&self, farm: FarmId) -> bool {
        self.roles.contains(&Role::Farmer(farm))
    }

    pub fn is_network_admin_of(&self, network: NetworkId) -> bool {
        self.roles.contains(&Role::NetworkAdmin(network))
    }

    /// Referent of any contract, or farmer of any farm: sees the referent commands.
    pub fn has_referent_role(&self) -> bool {
        self.roles.iter().any(|r| matches!(r, Role::Referent(_)))
    }

    pub fn has_farmer_role(&self) -> bool {
        self.roles.iter().any(|r| matches!(r, Role::Farmer(_)))
    }

    pub fn has_admin_role(&self) -> bool {
        self.roles.iter().any(|r| matches!(r, Role::Admin(_)))
    }

    /// Manages a contract: its referents, the farmers of its farm, and the AMAP's admins.
    pub fn manages(&self, contract: &Contract) -> bool {
        self.is_referent_of(contract.id)
            || self.is_farmer_of(contract.farm_id)
            || self.is_admin_of(contract.amap_id)
    }

    pub fn require_member_of(&self, amap: AmapId) -> CoreResult<()> {
        if self.is_member_of(amap) || self.is_admin_of(amap) {
            Ok(())
        } else {
            Err(CoreError::Forbidden(Forbidden::NotAMember))
        }
    }

    pub fn require_admin_of(&self, amap: AmapId) -> CoreResult<()> {
        if self.is_admin_of(amap) { Ok(()) } else { Err(CoreError::Forbidden(Forbidden::AdminsOnly)) }
    }

    pub fn require_manager_of(&self, contract: &Contract) -> CoreResult<()> {
        if self.manages(contract) { Ok(()) } else { Err(CoreError::Forbidden(Forbidden::ReferentsOnly)) }
    }

    /// Referents and farmers of the contract only (cancel or move a delivery).
    pub fn require_referent_or_farmer(&self, contract: &Contract) -> CoreResult<()> {
        if self.is_referent_of(contract.id) || self.is_farmer_of(contract.farm_id) {
            Ok(())
        } else {
            Err(CoreError::Forbidden(Forbidden::ReferentsOnly))
        }
    }

    /// The AMAPs where this member has any role.
    pub fn amaps(&self) -> Vec<AmapId> {
        let mut amaps: Vec<AmapId> = self
            .roles
            .iter()
            .filter_map(|r| match r {
                Role::Member(a) | Role::Admin(a) => Some(*a),
                _ => None,
            })
            .collect();
        amaps.sort();
        amaps.dedup();
        amaps
    }
}

/// Who is talking on a chat account: the member, their rights and AMAPs (by name).
#[derive(Debug, Clone, Default)]
pub struct Identity {
    pub member: Option<Member>,
    pub rights: Option<Rights>,
    pub amaps: Vec<Amap>,
    /// Last activity more than an hour ago: `directory::touch_member` has something to write.
    pub stale: bool,
}

/// The `Identity` behind a chat account, in two statements (one for an unknown account).
pub async fn identify(
    conn: &mut Conn,
    transport: &str,
    external_id: &str,
    now: DateTime<Utc>,
) -> CoreResult<Identity> {
    let Some((member, roles, last_active)) = accounts::member_and_roles(conn, transport, external_id).await?
    else {
        return Ok(Identity::default());
    };
    let rights = Rights { member: member.id, roles };
    let amaps = if rights.amaps().is_empty() {
        Vec::new()
    } else {
        directory::amaps_of_member(conn, member.id).await?
    };
    // The same condition as `touch_member`'s UPDATE.
    let stale = last_active < instant_to_sql(now) - 3600;
    Ok(Identity { member: Some(member), rights: Some(rights), amaps, stale })
}
