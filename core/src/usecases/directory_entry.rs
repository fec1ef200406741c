//! Directory entries as the people who keep them see them: the AMAPs and farms an actor may
//! edit (their AMAP as admin, their farm as farmer, everything of their network as its admin),
//! one entry found by its slug, and an edit through the rules of `network::edit_*_directory`.

use std::collections::BTreeSet;

use super::network;
use super::rights::Rights;
use crate::error::{CoreError, CoreResult, Forbidden, Missing};
use crate::model::Role;
use crate::network::{DirectoryAmap, DirectoryEdit, DirectoryFarm};
use crate::store::{Conn, directory, network as network_store};
use crate::types::MemberId;

/// One public entry of the directory.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Amap(DirectoryAmap),
    Farm(DirectoryFarm),
}

impl Entry {
    pub fn slug(&self) -> &str {
        match self {
            Entry::Amap(a) => a.slug.as_str(),
            Entry::Farm(f) => f.slug.as_str(),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Entry::Amap(a) => &a.name,
            Entry::Farm(f) => &f.name,
        }
    }
}

/// The entries the actor may edit: AMAPs first, then farms, each by name.
pub async fn editable(conn: &mut Conn, actor: MemberId) -> CoreResult<Vec<Entry>> {
    let rights = Rights::load(conn, actor).await?;
    let mut amaps = Vec::new();
    let mut farms = Vec::new();
    for role in &rights.roles {
        match role {
            Role::Admin(a) => amaps.extend(network_store::directory_amap(conn, *a).await?),
            Role::Farmer(f) => farms.extend(network_store::directory_farm(conn, *f).await?),
            Role::NetworkAdmin(n) => {
                amaps.extend(network_store::directory_amaps(conn, *n).await?);
                farms.extend(network_store::directory_farms(conn, *n).await?);
            }
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    amaps.retain(|a| seen.insert(a.id));
    let mut seen = BTreeSet::new();
    farms.retain(|f| seen.insert(f.id));
    amaps.sort_by(|a, b| a.name.cmp(&b.name));
    farms.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(amaps.into_iter().map(Entry::Amap).chain(farms.into_iter().map(Entry::Farm)).collect())
}

/// The entry `slug` among those the actor may edit (an AMAP before a farm of the same slug).
/// An existing entry they may not edit is refused; an unknown slug is missing.
pub async fn find(conn: &mut Conn, actor: MemberId, slug: &str) -> CoreResult<Entry> {
    let mine = editable(conn, actor).await?;
    if let Some(entry) = mine.into_iter().find(|e| e.slug() == slug) {
        return Ok(entry);
    }
    if directory::amap_by_slug(conn, slug).await?.is_some() {
        return Err(CoreError::Forbidden(Forbidden::AdminsOnly));
    }
    if directory::farm_by_slug(conn, slug).await?.is_some() {
        return Err(CoreError::Forbidden(Forbidden::FarmersOnly));
    }
    Err(CoreError::NotFound(Missing::Amap(slug.into())))
}

/// Edits the entry `slug` and returns it as stored. Must run in a write transaction.
pub async fn edit(conn: &mut Conn, actor: MemberId, slug: &str, change: &DirectoryEdit) -> CoreResult<Entry> {
    match find(conn, actor, slug).await? {
        Entry::Amap(a) => {
            network::edit_amap_directory(conn, actor, a.id, change).await?;
            let stored = network_store::directory_amap(conn, a.id).await?;
            stored.map(Entry::Amap).ok_or_else(|| CoreError::NotFound(Missing::Amap(slug.into())))
        }
        Entry::Farm(f) => {
            if change.place_name.is_some() {
                return Err(crate::error::Invalid::Name.into());
            }
            network::edit_farm_directory(conn, actor, f.id, change).await?;
            let stored = network_store::directory_farm(conn, f.id).await?;
            stored.map(Entry::Farm).ok_or_else(|| CoreError::NotFound(Missing::Farm(slug.into())))
        }
    }
}
