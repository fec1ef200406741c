//! A network's directory (CSV): one AMAP or farm a row, with its public fields and location.
//! `kind,slug,name,place,address,latitude,longitude,day,start,end,contact,products`; `kind` is
//! `amap` or `farm`; AMAPs need their distribution day and times, farms leave them empty.
//! Every AMAP is put in the network and every farm made known to it. All or nothing.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::csv_in::{Row, Table};
use super::error::{At, ImportError, Problem};
use super::records::OrStore;
use super::{Change, Tally, change_of, clean_text};
use crate::error::Invalid;
use crate::model::{TimeWindow, parse_weekday};
use crate::network::{DirectoryEdit, MAX_FIELD, check_location};
use crate::store::directory::{self, AmapFields, FarmFields};
use crate::store::{Conn, Store, network};
use crate::types::{Email, Slug};

const KNOWN: &[&str] = &[
    "kind",
    "slug",
    "name",
    "place",
    "address",
    "latitude",
    "longitude",
    "day",
    "start",
    "end",
    "contact",
    "products",
];
const REQUIRED: &[&str] = &["kind", "slug", "name"];

/// What a directory import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DirectoryReport {
    pub network: String,
    pub amaps: Tally,
    pub farms: Tally,
}

impl fmt::Display for DirectoryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "directory of network {}:", self.network)?;
        writeln!(f, "  AMAPs: {}", self.amaps)?;
        write!(f, "  farms: {}", self.farms)
    }
}

/// The distribution of an AMAP row.
struct Distribution {
    place: String,
    weekday: chrono::Weekday,
    window: TimeWindow,
}

struct EntryIn {
    is_amap: bool,
    slug: Slug,
    name: String,
    address: String,
    location: Option<(f64, f64)>,
    contact: Option<Email>,
    products: String,
    distribution: Option<Distribution>,
}

/// A text cell that may be empty.
fn optional(table: &Table, row: &Row, column: &str) -> Result<String, ImportError> {
    match table.cell(row, column) {
        "" => Ok(String::new()),
        raw => clean_text(raw, MAX_FIELD).map_err(|p| table.err(row, column, p)),
    }
}

fn parse_row(table: &Table, row: &Row) -> Result<EntryIn, ImportError> {
    let is_amap = match table.cell(row, "kind").to_lowercase().as_str() {
        "amap" => true,
        "farm" | "ferme" => false,
        _ => return Err(table.err(row, "kind", Problem::NotOneOf("amap, farm"))),
    };
    let slug = table.parse(row, "slug", Slug::parse)?;
    let name = table.parse(row, "name", |s| clean_text(s, MAX_FIELD))?;
    if name.is_empty() {
        return Err(table.err(row, "name", Problem::Empty));
    }
    let address = optional(table, row, "address")?;
    let products = optional(table, row, "products")?;
    let number = |column: &str| -> Result<Option<f64>, ImportError> {
        let raw = table.cell(row, column).replace(',', ".");
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<f64>().map(Some).map_err(|_| table.err(row, column, Invalid::Location))
    };
    let location = match (number("latitude")?, number("longitude")?) {
        (Some(lat), Some(lon)) => {
            check_location(lat, lon).map_err(|e| table.err(row, "latitude", e))?;
            Some((lat, lon))
        }
        (None, None) => None,
        (None, Some(_)) => return Err(table.err(row, "latitude", Problem::Empty)),
        (Some(_), None) => return Err(table.err(row, "longitude", Problem::Empty)),
    };
    let contact = match table.cell(row, "contact") {
        "" => None,
        raw => Some(Email::parse(raw).map_err(|e| table.err(row, "contact", e))?),
    };
    let distribution = if is_amap {
        for column in ["day", "start", "end"] {
            if table.cell(row, column).is_empty() {
                return Err(table.err(row, column, Problem::Empty));
            }
        }
        let weekday = table.parse(row, "day", parse_weekday)?;
        let window = TimeWindow::parse(table.cell(row, "start"), table.cell(row, "end"))
            .map_err(|e| table.err(row, "end", e))?;
        let place = optional(table, row, "place")?;
        Some(Distribution { place, weekday, window })
    } else {
        None
    };
    Ok(EntryIn { is_amap, slug, name, address, location, contact, products, distribution })
}

/// Imports the directory of the network `network_slug`, in one transaction.
pub async fn import_directory(
    store: &Store,
    network_slug: &str,
    file_name: &str,
    csv_text: &str,
    now: DateTime<Utc>,
) -> Result<DirectoryReport, ImportError> {
    let table = Table::read(file_name, csv_text, KNOWN, REQUIRED)?;
    let mut entries = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<(bool, Slug), u64> = HashMap::new();
    for row in &table.rows {
        let entry = parse_row(&table, row)?;
        if seen.insert((entry.is_amap, entry.slug.clone()), row.line).is_some() {
            return Err(table.err(row, "slug", Problem::Duplicate(entry.slug.to_string())));
        }
        entries.push(entry);
    }
    let mut tx = store.write_tx().await.or_store(file_name)?;
    let net =
        directory::network_by_slug(&mut tx, network_slug).await.or_store(file_name)?.ok_or_else(|| {
            ImportError::new(file_name, At::File, "network", Problem::UnknownNetwork(network_slug.to_owned()))
        })?;
    let mut report = DirectoryReport { network: net.slug.to_string(), ..DirectoryReport::default() };
    for entry in &entries {
        if entry.is_amap {
            report.amaps.count(write_amap(&mut tx, net.id, entry, now).await.or_store(file_name)?);
        } else {
            report.farms.count(write_farm(&mut tx, net.id, entry, now).await.or_store(file_name)?);
        }
    }
    tx.commit().await.or_store(file_name)?;
    Ok(report)
}

/// Contact, products and location are written through the network store, which binds
/// coordinates without NULLs (see `store::network::edit_amap`).
fn edit_of(e: &EntryIn) -> DirectoryEdit {
    DirectoryEdit {
        location: Some(e.location),
        contact_email: Some(e.contact.clone()),
        products: Some(e.products.clone()),
        ..DirectoryEdit::default()
    }
}

async fn write_amap(
    c: &mut Conn,
    net: crate::types::NetworkId,
    e: &EntryIn,
    now: DateTime<Utc>,
) -> crate::error::CoreResult<Change> {
    let Some(d) = &e.distribution else { return Ok(Change::Unchanged) };
    let existing = directory::amap_by_slug(c, e.slug.as_str()).await?;
    let before = match &existing {
        Some(a) => network::directory_amap(c, a.id).await?.map(|d| (a.network_id, d)),
        None => None,
    };
    let fields = AmapFields {
        slug: e.slug.clone(),
        name: e.name.clone(),
        network_id: Some(net),
        timezone: existing.as_ref().map_or(chrono_tz::Europe::Paris, |a| a.timezone),
        place_name: d.place.clone(),
        address: e.address.clone(),
        // Set right after by `edit_of` (always NULL here, see there).
        latitude: None,
        longitude: None,
        weekday: d.weekday,
        window: d.window,
        duty_slots: existing.as_ref().map_or(3, |a| a.duty_slots),
        default_language: existing.as_ref().map_or_else(|| "fr".to_owned(), |a| a.default_language.clone()),
        contact_email: e.contact.clone(),
    };
    let id = directory::upsert_amap(c, &fields, now).await?;
    network::edit_amap(c, id, &edit_of(e)).await?;
    let after = network::directory_amap(c, id).await?.map(|d| (Some(net), d));
    Ok(change_of(before, |b| Some(b) == after))
}

async fn write_farm(
    c: &mut Conn,
    net: crate::types::NetworkId,
    e: &EntryIn,
    now: DateTime<Utc>,
) -> crate::error::CoreResult<Change> {
    let existing = directory::farm_by_slug(c, e.slug.as_str()).await?;
    let before = match &existing {
        Some(f) => {
            let known = network::networks_of_farm(c, f.id).await?.contains(&net);
            network::directory_farm(c, f.id).await?.map(|d| (known, d))
        }
        None => None,
    };
    let fields = FarmFields {
        slug: e.slug.clone(),
        name: e.name.clone(),
        address: e.address.clone(),
        latitude: None,
        longitude: None,
    };
    let id = directory::upsert_farm(c, &fields, now).await?;
    network::edit_farm(c, id, &edit_of(e)).await?;
    network::attach_farm(c, net, id).await?;
    let after = network::directory_farm(c, id).await?.map(|d| (true, d));
    Ok(change_of(before, |b| Some(b) == after))
}
