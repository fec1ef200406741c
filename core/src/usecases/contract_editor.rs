//! The contract editor's use cases: the page behind an editor link, saving a draft (through
//! the same store writes as the season import), publishing it, the limited changes an open
//! or running contract accepts, finding a contract to edit by its slug, and renewing a
//! contract into next season as a draft.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::contract_form::{
    self, CheckedContract, ContractForm, FarmRef, Field, FieldError, Preview, Problem, blank_form, form_of,
    locked_changes,
};
use super::editor::{self, EditorAccess, can_edit};
use super::rights::Rights;
use crate::error::{CoreError, CoreResult, Forbidden, Missing};
use crate::model::{Contract, Farm, Role};
use crate::rules::deadlines::local_today;
use crate::rules::season::DeliveryState;
use crate::rules::state::ContractState;
use crate::store::Conn;
use crate::store::contracts::{self, ContractFields, ProductFields};
use crate::store::directory::{self, FarmFields};
use crate::store::editor::{self as store, EditorPurpose};
use crate::types::{AmapId, ContractId, FarmId, Slug};

/// What the editor page shows.
#[derive(Debug, Clone, Serialize)]
pub struct EditorPage {
    pub access: EditorAccess,
    /// The contract being edited, once saved at least once.
    pub contract: Option<Contract>,
    pub form: ContractForm,
    /// Farms the member may pick.
    pub farms: Vec<Farm>,
    /// Admins may create a farm.
    pub can_create_farm: bool,
    /// The preview of the saved contract (or of the form when it checks).
    pub preview: Option<Preview>,
    pub today: NaiveDate,
}

/// A successful save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Saved {
    pub contract: ContractId,
    pub slug: Slug,
    pub state: ContractState,
}

/// What the editor's submit button asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Save (a draft stays a draft).
    Save,
    /// Save, then open for subscription at the opening date.
    Publish,
}

async fn allowed_farms(conn: &mut Conn, rights: &Rights, amap: AmapId) -> CoreResult<Vec<Farm>> {
    let farms = store::farms_of_amap(conn, amap).await?;
    if rights.is_admin_of(amap) {
        return Ok(farms);
    }
    let mut mine = Vec::new();
    for f in farms {
        let refers = contracts::contracts_of_farm(conn, f.id)
            .await?
            .iter()
            .any(|c| c.amap_id == amap && rights.is_referent_of(c.id));
        if refers {
            mine.push(f);
        }
    }
    Ok(mine)
}

async fn scheduled_dates(conn: &mut Conn, contract: ContractId) -> CoreResult<Vec<NaiveDate>> {
    Ok(contracts::deliveries_of(conn, contract)
        .await?
        .iter()
        .filter(|d| d.state == DeliveryState::Planned)
        .map(|d| d.scheduled)
        .collect())
}

/// The form of the contract behind the link (or a blank one), with what the page needs.
pub async fn page(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    now: DateTime<Utc>,
) -> CoreResult<EditorPage> {
    let access = editor::open(conn, token, EditorPurpose::Contract, session, true, now).await?;
    let today = local_today(now, access.amap.timezone);
    let farms = allowed_farms(conn, &access.rights, access.amap.id).await?;
    let (contract, form) = match access.contract {
        Some(id) => {
            let c = contracts::contract_by_id(conn, id)
                .await?
                .ok_or_else(|| CoreError::NotFound(Missing::Contract(id.to_string())))?;
            let products = contracts::products_of(conn, id).await?;
            let dates = scheduled_dates(conn, id).await?;
            let mut form = form_of(&c, &products, &dates);
            form.products.push(Default::default());
            (Some(c), form)
        }
        None => {
            let mut form = blank_form(today, access.amap.weekday);
            if let [only] = farms.as_slice() {
                form.farm = only.id.0.to_string();
            }
            (None, form)
        }
    };
    let preview = form.check().ok().map(|c| contract_form::preview(&c));
    let can_create_farm = access.rights.is_admin_of(access.amap.id);
    Ok(EditorPage { access, contract, form, farms, can_create_farm, preview, today })
}

/// The page again, showing `form` as typed (after a refused save).
pub async fn page_with(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    form: ContractForm,
    now: DateTime<Utc>,
) -> CoreResult<EditorPage> {
    let mut page = page(conn, token, session, now).await?;
    page.preview = form.check().ok().map(|c| contract_form::preview(&c));
    page.form = form;
    Ok(page)
}

fn slugify(text: &str) -> String {
    let folded = crate::text::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(50).collect();
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "contrat".to_owned() } else { out }
}

async fn free_contract_slug(conn: &mut Conn, amap: AmapId, base: &str) -> CoreResult<Slug> {
    for n in 1..1000 {
        let candidate = if n == 1 { base.to_owned() } else { format!("{base}-{n}") };
        if let Ok(slug) = Slug::parse(&candidate)
            && contracts::contracts_by_slug(conn, slug.as_str(), Some(amap)).await?.is_empty()
        {
            return Ok(slug);
        }
    }
    Err(CoreError::Conflict(crate::error::Conflict::Duplicate(base.to_owned())))
}

async fn free_farm_slug(conn: &mut Conn, base: &str) -> CoreResult<Slug> {
    for n in 1..1000 {
        let candidate = if n == 1 { base.to_owned() } else { format!("{base}-{n}") };
        if let Ok(slug) = Slug::parse(&candidate)
            && !store::farm_slug_taken(conn, slug.as_str()).await?
        {
            return Ok(slug);
        }
    }
    Err(CoreError::Conflict(crate::error::Conflict::Duplicate(base.to_owned())))
}

fn field_error(field: Field, problem: Problem) -> Vec<FieldError> {
    vec![FieldError { field, problem }]
}

/// Writes a checked contract as `state`: the contract row, its delivery dates, its products
/// (products left out of the form are removed). The import writes through the same store.
async fn write_contract(
    conn: &mut Conn,
    amap: AmapId,
    id: Option<(ContractId, Slug)>,
    farm: (FarmId, String),
    c: &CheckedContract,
    state: ContractState,
    now: DateTime<Utc>,
) -> CoreResult<(ContractId, Slug)> {
    let slug = match id {
        Some((_, slug)) => slug,
        None => free_contract_slug(conn, amap, &slugify(&format!("{} {}", c.name, c.season))).await?,
    };
    let mut rules = c.rules.clone();
    if rules.payee.is_empty() {
        rules.payee = farm.1;
    }
    let fields = ContractFields {
        amap_id: amap,
        farm_id: farm.0,
        slug: slug.clone(),
        name: c.name.clone(),
        season: c.season.clone(),
        state,
        rules,
    };
    let contract = contracts::upsert_contract(conn, &fields, now).await?;
    contracts::set_delivery_dates(conn, contract, &c.dates).await?;
    let existing = contracts::products_of(conn, contract).await?;
    let mut kept: Vec<Slug> = Vec::new();
    for (position, p) in c.products.iter().enumerate() {
        let slug = match &p.slug {
            Some(s) if existing.iter().any(|e| e.slug == *s) && !kept.contains(s) => s.clone(),
            _ => {
                let base = slugify(&p.name);
                let mut n = 1;
                loop {
                    let candidate = if n == 1 { base.clone() } else { format!("{base}-{n}") };
                    let s = Slug::parse(&candidate).map_err(CoreError::from)?;
                    let taken = kept.contains(&s)
                        || (existing.iter().any(|e| e.slug == s)
                            && c.products.iter().any(|o| o.slug.as_ref() == Some(&s)));
                    if !taken {
                        break s;
                    }
                    n += 1;
                }
            }
        };
        let fields = ProductFields {
            slug: slug.clone(),
            name: p.name.clone(),
            unit: p.unit.clone(),
            price: p.price,
            position: position as u32,
            only_dates: p.only_dates.clone(),
            excluded_dates: Vec::new(),
        };
        contracts::upsert_product(conn, contract, &fields).await?;
        kept.push(slug);
    }
    for old in existing.iter().filter(|e| !kept.contains(&e.slug)) {
        store::delete_product(conn, contract, &old.slug).await?;
    }
    Ok((contract, slug))
}

/// Saves the editor's form (and publishes it with `Action::Publish`). A refused field comes
/// back as `Ok(Err(problems))` and nothing is written; a refused link or right is an error.
pub async fn save(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    csrf: &str,
    form: &ContractForm,
    action: Action,
    now: DateTime<Utc>,
) -> CoreResult<Result<Saved, Vec<FieldError>>> {
    let access = editor::open_for_form(conn, token, EditorPurpose::Contract, session, csrf, now).await?;
    let amap = access.amap.id;
    let today = local_today(now, access.amap.timezone);
    let checked = match form.check() {
        Ok(c) => c,
        Err(problems) => return Ok(Err(problems)),
    };
    let old = match access.contract {
        Some(id) => contracts::contract_by_id(conn, id).await?,
        None => None,
    };
    let farm = match &checked.farm {
        FarmRef::Existing(id) => {
            let farms = allowed_farms(conn, &access.rights, amap).await?;
            let keeps_own = old.as_ref().is_some_and(|o| o.farm_id == *id);
            match farms.into_iter().find(|f| f.id == *id) {
                Some(f) => (f.id, f.name),
                None if keeps_own => match directory::farm_by_id(conn, *id).await? {
                    Some(f) => (f.id, f.name),
                    None => return Ok(Err(field_error(Field::Farm, Problem::UnknownFarm))),
                },
                None => return Ok(Err(field_error(Field::Farm, Problem::UnknownFarm))),
            }
        }
        FarmRef::New(name) => {
            if !access.rights.is_admin_of(amap) {
                return Ok(Err(field_error(Field::Farm, Problem::UnknownFarm)));
            }
            let slug = free_farm_slug(conn, &slugify(name)).await?;
            let fields = FarmFields {
                slug,
                name: name.clone(),
                address: String::new(),
                latitude: None,
                longitude: None,
            };
            (directory::upsert_farm(conn, &fields, now).await?, name.clone())
        }
    };
    let saved = match old {
        Some(old) if old.state != ContractState::Draft => {
            let products = contracts::products_of(conn, old.id).await?;
            let dates = scheduled_dates(conn, old.id).await?;
            let locked = locked_changes(&old, &products, &dates, &checked);
            if !locked.is_empty() {
                return Ok(Err(locked));
            }
            if action == Action::Publish {
                return Ok(Err(field_error(Field::Opens, Problem::Locked)));
            }
            // Only the rules in the members' favour and the texts change.
            let mut rules = checked.rules.clone();
            rules.subscription_opens = old.rules.subscription_opens;
            rules.payee = old.rules.payee.clone();
            let fields = ContractFields {
                amap_id: old.amap_id,
                farm_id: old.farm_id,
                slug: old.slug.clone(),
                name: old.name.clone(),
                season: old.season.clone(),
                state: old.state,
                rules,
            };
            contracts::upsert_contract(conn, &fields, now).await?;
            Saved { contract: old.id, slug: old.slug, state: old.state }
        }
        old => {
            let state = match action {
                Action::Save => ContractState::Draft,
                Action::Publish => {
                    if checked.rules.subscription_closes < today {
                        return Ok(Err(field_error(Field::Closes, Problem::ClosedAlready)));
                    }
                    ContractState::Draft.transition(ContractState::Open)?
                }
            };
            let id = old.map(|o| (o.id, o.slug));
            let created = id.is_none();
            let (contract, slug) = write_contract(conn, amap, id, farm, &checked, state, now).await?;
            if created {
                store::set_link_contract(conn, &access.token_hash, contract).await?;
                if !access.rights.is_admin_of(amap) {
                    directory::grant_role(conn, access.member, Role::Referent(contract), Some(amap)).await?;
                }
            }
            Saved { contract, slug, state }
        }
    };
    Ok(Ok(saved))
}

/// The contract `slug` that `actor` may edit, in one of their AMAPs.
pub async fn contract_to_edit(
    conn: &mut Conn,
    actor: crate::types::MemberId,
    slug: &str,
) -> CoreResult<Contract> {
    let rights = Rights::load(conn, actor).await?;
    let found = contracts::contracts_by_slug(conn, slug.trim(), None).await?;
    let mine: Vec<&Contract> = found
        .iter()
        .filter(|c| {
            rights.is_member_of(c.amap_id) || rights.is_admin_of(c.amap_id) || rights.is_referent_of(c.id)
        })
        .collect();
    match mine.as_slice() {
        [] => Err(CoreError::NotFound(Missing::Contract(slug.trim().to_owned()))),
        [c, ..] if can_edit(&rights, c) => Ok((*c).clone()),
        _ => Err(CoreError::Forbidden(Forbidden::ReferentsOnly)),
    }
}

/// Copies `contract` into next season as a draft: same products and rules, delivery and
/// subscription dates 52 weeks later (same weekdays), the same référents.
pub async fn renew(
    conn: &mut Conn,
    actor: crate::types::MemberId,
    contract: ContractId,
    now: DateTime<Utc>,
) -> CoreResult<Saved> {
    let rights = Rights::load(conn, actor).await?;
    let old = contracts::contract_by_id(conn, contract)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Contract(contract.to_string())))?;
    if !can_edit(&rights, &old) {
        return Err(CoreError::Forbidden(Forbidden::ReferentsOnly));
    }
    let next = contract_form::next_season_date;
    let season = contract_form::next_season_name(&old.season);
    let slug = free_contract_slug(conn, old.amap_id, &slugify(&format!("{} {season}", old.name))).await?;
    let mut rules = old.rules.clone();
    rules.subscription_opens = next(rules.subscription_opens);
    rules.subscription_closes = next(rules.subscription_closes);
    let fields = ContractFields {
        amap_id: old.amap_id,
        farm_id: old.farm_id,
        slug: slug.clone(),
        name: old.name.clone(),
        season,
        state: ContractState::Draft,
        rules,
    };
    let id = contracts::upsert_contract(conn, &fields, now).await?;
    let dates: Vec<NaiveDate> = scheduled_dates(conn, old.id).await?.into_iter().map(next).collect();
    contracts::set_delivery_dates(conn, id, &dates).await?;
    for (position, p) in contracts::products_of(conn, old.id).await?.into_iter().enumerate() {
        let fields = ProductFields {
            slug: p.slug,
            name: p.name,
            unit: p.unit,
            price: p.price,
            position: position as u32,
            only_dates: p.only_dates.map(|d| d.into_iter().map(next).collect()),
            excluded_dates: p.excluded_dates.into_iter().map(next).collect(),
        };
        contracts::upsert_product(conn, id, &fields).await?;
    }
    for referent in directory::holders_of(conn, Role::Referent(old.id)).await? {
        directory::grant_role(conn, referent.id, Role::Referent(id), Some(old.amap_id)).await?;
    }
    if !rights.is_admin_of(old.amap_id) {
        directory::grant_role(conn, actor, Role::Referent(id), Some(old.amap_id)).await?;
    }
    Ok(Saved { contract: id, slug, state: ContractState::Draft })
}

/// The contracts `actor` may edit, in their AMAPs (newest first).
pub async fn editable_contracts(conn: &mut Conn, actor: crate::types::MemberId) -> CoreResult<Vec<Contract>> {
    let rights = Rights::load(conn, actor).await?;
    let mut out = Vec::new();
    let mut amaps = rights.amaps();
    for role in &rights.roles {
        if let Role::Referent(c) = role
            && let Some(c) = contracts::contract_by_id(conn, *c).await?
        {
            amaps.push(c.amap_id);
        }
    }
    amaps.sort();
    amaps.dedup();
    for amap in amaps {
        for c in contracts::contracts_of_amap(conn, amap).await? {
            if can_edit(&rights, &c) {
                out.push(c);
            }
        }
    }
    out.sort_by(|a, b| b.rules.subscription_opens.cmp(&a.rules.subscription_opens).then(a.name.cmp(&b.name)));
    Ok(out)
}
