//! The network directory: what a network admin sees of its AMAPs and farms (public fields and
//! counts, never a member), who may edit directory fields, the public page's data, and the
//! operator's actions (create a network, attach an AMAP or a farm, name a network admin).

use chrono::{DateTime, Utc};

use super::rights::Rights;
use crate::error::{CoreError, CoreResult, Forbidden, Missing};
use crate::model::{Network, Role};
use crate::network::{AmapFigures, Directory, DirectoryEdit};
use crate::store::{Conn, directory, network};
use crate::types::{AmapId, Email, FarmId, MemberId, NetworkId, Slug};

async fn network_or_missing(conn: &mut Conn, slug: &str) -> CoreResult<Network> {
    directory::network_by_slug(conn, slug)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Network(slug.into())))
}

async fn directory_of(conn: &mut Conn, net: Network) -> CoreResult<Directory> {
    let amaps = network::directory_amaps(conn, net.id).await?;
    let farms = network::directory_farms(conn, net.id).await?;
    Ok(Directory { network: net, amaps, farms })
}

/// The public directory of a network (the web page and its GeoJSON): anyone may read it.
pub async fn public_directory(conn: &mut Conn, slug: &str) -> CoreResult<Directory> {
    let net = network_or_missing(conn, slug).await?;
    directory_of(conn, net).await
}

/// The networks the actor administers.
pub fn administered(rights: &Rights) -> Vec<NetworkId> {
    rights
        .roles
        .iter()
        .filter_map(|r| match r {
            Role::NetworkAdmin(n) => Some(*n),
            _ => None,
        })
        .collect()
}

/// The directory of a network, for its admins.
pub async fn network_directory(
    conn: &mut Conn,
    actor: MemberId,
    network: NetworkId,
) -> CoreResult<Directory> {
    let rights = Rights::load(conn, actor).await?;
    if !rights.is_network_admin_of(network) {
        return Err(CoreError::Forbidden(Forbidden::NetworkAdminsOnly));
    }
    let net = network::network_by_id(conn, network)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Network(network.to_string())))?;
    directory_of(conn, net).await
}

/// Counts per AMAP and season (members, contracts, subscriptions, deliveries), for the
/// network's admins. No name, no e-mail: the figures are all a network sees of members.
pub async fn network_figures(
    conn: &mut Conn,
    actor: MemberId,
    network: NetworkId,
) -> CoreResult<Vec<AmapFigures>> {
    let rights = Rights::load(conn, actor).await?;
    if !rights.is_network_admin_of(network) {
        return Err(CoreError::Forbidden(Forbidden::NetworkAdminsOnly));
    }
    network::figures(conn, network).await
}

/// An AMAP's admins, or the admins of its network, edit its directory fields.
pub async fn edit_amap_directory(
    conn: &mut Conn,
    actor: MemberId,
    amap: AmapId,
    edit: &DirectoryEdit,
) -> CoreResult<()> {
    let rights = Rights::load(conn, actor).await?;
    let found = directory::amap_by_id(conn, amap).await?;
    let Some(found) = found else { return Err(CoreError::NotFound(Missing::Amap(amap.to_string()))) };
    let network_admin = found.network_id.is_some_and(|n| rights.is_network_admin_of(n));
    if !rights.is_admin_of(amap) && !network_admin {
        return Err(CoreError::Forbidden(Forbidden::AdminsOnly));
    }
    edit.check()?;
    network::edit_amap(conn, amap, edit).await
}

/// A farm's farmers, or the admins of a network that knows the farm, edit its directory fields.
pub async fn edit_farm_directory(
    conn: &mut Conn,
    actor: MemberId,
    farm: FarmId,
    edit: &DirectoryEdit,
) -> CoreResult<()> {
    let rights = Rights::load(conn, actor).await?;
    if directory::farm_by_id(conn, farm).await?.is_none() {
        return Err(CoreError::NotFound(Missing::Farm(farm.to_string())));
    }
    let networks = network::networks_of_farm(conn, farm).await?;
    let network_admin = networks.iter().any(|n| rights.is_network_admin_of(*n));
    if !rights.is_farmer_of(farm) && !network_admin {
        return Err(CoreError::Forbidden(Forbidden::FarmersOnly));
    }
    edit.check()?;
    network::edit_farm(conn, farm, edit).await
}

// --- operator actions (the `panier network` CLI: whoever holds the database) -------------

/// Creates the network, or renames it when the slug exists.
pub async fn create_network(
    conn: &mut Conn,
    slug: &Slug,
    name: &str,
    now: DateTime<Utc>,
) -> CoreResult<Network> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > crate::network::MAX_FIELD {
        return Err(crate::error::Invalid::Name.into());
    }
    let id = directory::upsert_network(conn, slug, name, now).await?;
    Ok(Network { id, slug: slug.clone(), name: name.to_owned() })
}

/// Puts an existing AMAP in the network.
pub async fn attach_amap(
    conn: &mut Conn,
    network_slug: &str,
    amap_slug: &str,
) -> CoreResult<(Network, AmapId)> {
    let net = network_or_missing(conn, network_slug).await?;
    let amap = directory::amap_by_slug(conn, amap_slug)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap_slug.into())))?;
    network::attach_amap(conn, net.id, amap.id).await?;
    Ok((net, amap.id))
}

/// Gives an existing member the network admin role.
pub async fn grant_network_admin(conn: &mut Conn, network_slug: &str, email: &Email) -> CoreResult<MemberId> {
    let net = network_or_missing(conn, network_slug).await?;
    let member = directory::member_by_email(conn, email)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Member(email.to_string())))?;
    directory::grant_role(conn, member.id, Role::NetworkAdmin(net.id), None).await?;
    Ok(member.id)
}
