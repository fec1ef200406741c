//! The season file (TOML): one AMAP, its farms and farmers, its contracts with products and
//! delivery calendars. This module reads and checks the file; `season_write` applies it.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::error::{ImportError, Problem};
use super::season_contract::{ContractIn, contract};
use super::season_write::{self, ContractPlan, FarmPlan, NetworkPlan, SeasonPlan};
use super::toml_in::Src;
use super::{Tally, strip_bom};
use crate::model::{TimeWindow, parse_time, parse_timezone, parse_weekday};
use crate::store::Store;
use crate::store::directory::{AmapFields, FarmFields, MemberFields};
use crate::types::{Email, PersonName, Slug};

type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeasonFile {
    amap: S<AmapIn>,
    #[serde(default)]
    farm: Vec<S<FarmIn>>,
    #[serde(default)]
    contract: Vec<S<ContractIn>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AmapIn {
    slug: S<String>,
    name: S<String>,
    timezone: Option<S<String>>,
    place: S<String>,
    address: S<String>,
    latitude: Option<S<f64>>,
    longitude: Option<S<f64>>,
    weekday: S<String>,
    start: S<String>,
    end: S<String>,
    duty_slots: Option<S<i64>>,
    language: Option<S<String>>,
    contact_email: Option<S<String>>,
    network: Option<S<String>>,
    network_name: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FarmIn {
    slug: S<String>,
    name: S<String>,
    address: S<String>,
    latitude: Option<S<f64>>,
    longitude: Option<S<f64>>,
    #[serde(default)]
    farmer: Vec<S<FarmerIn>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FarmerIn {
    email: S<String>,
    first_name: S<String>,
    last_name: S<String>,
    phone: Option<S<String>>,
}

/// What a season import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SeasonReport {
    pub amap: String,
    pub networks: Tally,
    pub amaps: Tally,
    pub farms: Tally,
    pub contracts: Tally,
    pub products: Tally,
    /// Planned delivery dates: created = added, unchanged = already planned.
    pub deliveries: Tally,
    /// Planned, never moved deliveries dropped because the file no longer lists them.
    pub deliveries_removed: u32,
    pub members: Tally,
    pub roles: Tally,
}

impl fmt::Display for SeasonReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "season of AMAP {}:", self.amap)?;
        writeln!(f, "  networks:   {}", self.networks)?;
        writeln!(f, "  amaps:      {}", self.amaps)?;
        writeln!(f, "  farms:      {}", self.farms)?;
        writeln!(f, "  contracts:  {}", self.contracts)?;
        writeln!(f, "  products:   {}", self.products)?;
        writeln!(f, "  deliveries: {}, {} removed", self.deliveries, self.deliveries_removed)?;
        writeln!(f, "  farmers:    {}", self.members)?;
        write!(f, "  roles:      {}", self.roles)
    }
}

/// Imports a season file: upserts the AMAP, its farms and farmers, its contracts, products
/// and delivery dates, in one transaction.
pub async fn import_season(
    store: &Store,
    file_name: &str,
    toml_text: &str,
    now: DateTime<Utc>,
) -> Result<SeasonReport, ImportError> {
    let src = Src { file: file_name, text: strip_bom(toml_text) };
    let file: SeasonFile = toml::from_str(src.text).map_err(|e| src.parse_error(&e))?;
    let plan = plan(&src, &file)?;
    season_write::apply(store, &src, plan, now).await
}

fn plan(src: &Src<'_>, file: &SeasonFile) -> Result<SeasonPlan, ImportError> {
    let (amap, network) = amap(src, file.amap.get_ref())?;
    let mut farms: Vec<FarmPlan> = Vec::new();
    for f in &file.farm {
        let farm = farm(src, f.get_ref())?;
        if farms.iter().any(|x| x.fields.slug == farm.fields.slug) {
            let slug = farm.fields.slug.to_string();
            return Err(src.err(f.get_ref().slug.span(), "slug", Problem::Duplicate(slug)));
        }
        farms.push(farm);
    }
    let mut contracts: Vec<ContractPlan> = Vec::new();
    for c in &file.contract {
        let contract = contract(src, c.get_ref())?;
        if contracts.iter().any(|x| x.slug == contract.slug) {
            let slug = contract.slug.to_string();
            return Err(src.err(c.get_ref().slug.span(), "slug", Problem::Duplicate(slug)));
        }
        contracts.push(contract);
    }
    Ok(SeasonPlan { network, amap, farms, contracts })
}

fn amap(src: &Src<'_>, a: &AmapIn) -> Result<(AmapFields, Option<NetworkPlan>), ImportError> {
    let start = src.parse(&a.start, "start", parse_time)?;
    let end = src.parse(&a.end, "end", parse_time)?;
    let window = TimeWindow::new(start, end).map_err(|e| src.err(a.end.span(), "end", e))?;
    let network = match (&a.network, &a.network_name) {
        (Some(slug), name) => Some(NetworkPlan {
            slug: src.parse(slug, "network", Slug::parse)?,
            name: name.as_ref().map(|n| src.text(n, "network_name", 120)).transpose()?,
            span: slug.span(),
        }),
        (None, Some(name)) => return Err(src.err(name.span(), "network", Problem::MissingKey)),
        (None, None) => None,
    };
    let language = match &a.language {
        Some(l) => src.parse(l, "language", language)?,
        None => "fr".to_owned(),
    };
    let fields = AmapFields {
        slug: src.parse(&a.slug, "slug", Slug::parse)?,
        name: src.text(&a.name, "name", 120)?,
        network_id: None,
        timezone: match &a.timezone {
            Some(tz) => src.parse(tz, "timezone", parse_timezone)?,
            None => chrono_tz::Europe::Paris,
        },
        place_name: src.text(&a.place, "place", 120)?,
        address: src.text(&a.address, "address", 200)?,
        latitude: src.coordinate(a.latitude.as_ref(), "latitude", 90.0)?,
        longitude: src.coordinate(a.longitude.as_ref(), "longitude", 180.0)?,
        weekday: src.parse(&a.weekday, "weekday", parse_weekday)?,
        window,
        duty_slots: src.small(a.duty_slots.as_ref(), "duty_slots", 0, 50, 3)?,
        default_language: language,
        contact_email: a
            .contact_email
            .as_ref()
            .map(|e| src.parse(e, "contact_email", Email::parse))
            .transpose()?,
    };
    Ok((fields, network))
}

/// "fr", "en", "pt-br": two or three letters, optionally a region.
fn language(raw: &str) -> Result<String, Problem> {
    let s = raw.trim().to_lowercase();
    let (lang, region) = s.split_once('-').unwrap_or((&s, "ab"));
    let letters =
        |x: &str, lens: &[usize]| lens.contains(&x.len()) && x.bytes().all(|b| b.is_ascii_lowercase());
    if letters(lang, &[2, 3]) && letters(region, &[2]) { Ok(s) } else { Err(Problem::Language) }
}

fn farm(src: &Src<'_>, f: &FarmIn) -> Result<FarmPlan, ImportError> {
    let mut farmers: Vec<MemberFields> = Vec::new();
    for farmer in &f.farmer {
        let m = farmer.get_ref();
        let email = src.parse(&m.email, "email", Email::parse)?;
        if farmers.iter().any(|x| x.email == email) {
            let problem = Problem::Duplicate(email.to_string());
            return Err(src.err(m.email.span(), "email", problem));
        }
        farmers.push(MemberFields {
            email,
            first_name: src.parse(&m.first_name, "first_name", PersonName::parse)?.into(),
            last_name: src.parse(&m.last_name, "last_name", PersonName::parse)?.into(),
            phone: match &m.phone {
                Some(p) => src.parse(p, "phone", super::clean_phone)?,
                None => None,
            },
        });
    }
    Ok(FarmPlan {
        fields: FarmFields {
            slug: src.parse(&f.slug, "slug", Slug::parse)?,
            name: src.text(&f.name, "name", 120)?,
            address: src.text(&f.address, "address", 200)?,
            latitude: src.coordinate(f.latitude.as_ref(), "latitude", 90.0)?,
            longitude: src.coordinate(f.longitude.as_ref(), "longitude", 180.0)?,
        },
        farmers,
    })
}
