//! The domain records as the store hands them out: AMAPs, members, farms, contracts, products.
//!
//! These are plain data; the rules that combine them live in `rules/`.

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::types::{AmapId, Cents, ContractId, Email, FarmId, MemberId, NetworkId, ProductId, Slug};

/// A regional federation of AMAPs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub id: NetworkId,
    pub slug: Slug,
    pub name: String,
}

/// A distribution's usual time window, start strictly before end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeWindow {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl TimeWindow {
    pub fn new(start: NaiveTime, end: NaiveTime) -> Result<Self, Invalid> {
        if start < end { Ok(Self { start, end }) } else { Err(Invalid::EndBeforeStart) }
    }

    pub fn parse(start: &str, end: &str) -> Result<Self, Invalid> {
        Self::new(parse_time(start)?, parse_time(end)?)
    }
}

/// Accepts "18:30", "18h30", "18h".
pub fn parse_time(raw: &str) -> Result<NaiveTime, Invalid> {
    let s = raw.trim().to_lowercase().replace('h', ":");
    let s = if s.ends_with(':') { format!("{s}00") } else { s };
    NaiveTime::parse_from_str(&s, "%H:%M").map_err(|_| Invalid::Time)
}

pub fn parse_timezone(raw: &str) -> Result<Tz, Invalid> {
    raw.trim().parse::<Tz>().map_err(|_| Invalid::Timezone)
}

/// Accepts French or English weekday names, full or abbreviated, with or without accents.
pub fn parse_weekday(raw: &str) -> Result<Weekday, Invalid> {
    let s = raw.trim().to_lowercase();
    let day = match s.as_str() {
        "lundi" | "lun" | "monday" | "mon" => Weekday::Mon,
        "mardi" | "mar" | "tuesday" | "tue" => Weekday::Tue,
        "mercredi" | "mer" | "wednesday" | "wed" => Weekday::Wed,
        "jeudi" | "jeu" | "thursday" | "thu" => Weekday::Thu,
        "vendredi" | "ven" | "friday" | "fri" => Weekday::Fri,
        "samedi" | "sam" | "saturday" | "sat" => Weekday::Sat,
        "dimanche" | "dim" | "sunday" | "sun" => Weekday::Sun,
        _ => return Err(Invalid::Weekday),
    };
    Ok(day)
}

/// One association and its distribution settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Amap {
    pub id: AmapId,
    pub slug: Slug,
    pub name: String,
    pub network_id: Option<NetworkId>,
    #[serde(serialize_with = "serialize_tz")]
    pub timezone: Tz,
    pub place_name: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[serde(serialize_with = "serialize_weekday")]
    pub weekday: Weekday,
    pub window: TimeWindow,
    pub duty_slots: u32,
    pub default_language: String,
    pub contact_email: Option<Email>,
}

fn serialize_tz<S: serde::Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

fn serialize_weekday<S: serde::Serializer>(day: &Weekday, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&day.to_string())
}

/// Whether a person is still part of the association.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Active,
    Inactive,
}

/// A person. E-mail is the stable key across imports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub id: MemberId,
    pub email: Email,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub language: Option<String>,
    pub status: MemberStatus,
}

impl Member {
    /// "Claire D." — how other members see this person.
    pub fn short_name(&self) -> String {
        match self.last_name.chars().next() {
            Some(initial) => format!("{} {}.", self.first_name, initial.to_uppercase()),
            None => self.first_name.clone(),
        }
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_owned()
    }
}

/// A producer; its farmers are members holding the `farmer` role for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Farm {
    pub id: FarmId,
    pub slug: Slug,
    pub name: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// How a member may skip a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceMode {
    /// Moved to a later delivery (a double basket then).
    Postpone,
    /// Someone else collects it.
    Handover,
    /// Given up: shared by the volunteers or donated.
    Donate,
}

impl AbsenceMode {
    pub const ALL: [AbsenceMode; 3] = [Self::Postpone, Self::Handover, Self::Donate];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Postpone => "postpone",
            Self::Handover => "handover",
            Self::Donate => "donate",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw.trim() {
            "postpone" | "report" | "reporter" => Ok(Self::Postpone),
            "handover" | "donner" | "give" => Ok(Self::Handover),
            "donate" | "don" | "abandon" => Ok(Self::Donate),
            _ => Err(Invalid::AbsenceMode),
        }
    }

    /// Handing a basket over costs the farmer nothing, so it does not count against the
    /// contract's absence limit; postponing or giving up does.
    pub fn counts_as_absence(self) -> bool {
        !matches!(self, Self::Handover)
    }
}

/// Parses a comma-separated list of absence modes ("postpone,donate").
pub fn parse_absence_modes(raw: &str) -> Result<Vec<AbsenceMode>, Invalid> {
    let mut modes = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mode = AbsenceMode::parse(part)?;
        if !modes.contains(&mode) {
            modes.push(mode);
        }
    }
    modes.sort();
    Ok(modes)
}

pub fn absence_modes_to_string(modes: &[AbsenceMode]) -> String {
    modes.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(",")
}

/// The rules a contract template sets for its subscribers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractRules {
    pub subscription_opens: NaiveDate,
    pub subscription_closes: NaiveDate,
    pub late_subscription: bool,
    /// Days the farmer needs between a late subscription and its first delivery.
    pub farmer_notice_days: u32,
    pub max_absences: u32,
    pub absence_modes: Vec<AbsenceMode>,
    /// Changes (quantities, absences) allowed until this many days before a delivery.
    pub modification_deadline_days: u32,
    pub max_cheques: u32,
    pub min_cheque: Cents,
    pub payee: String,
    pub required_shifts: u32,
    pub commitment_text: String,
}

/// A product of a contract, with its unit price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    pub id: ProductId,
    pub slug: Slug,
    pub name: String,
    pub unit: Option<String>,
    pub price: Cents,
    /// When set, the product is delivered only on these (scheduled) dates.
    pub only_dates: Option<Vec<NaiveDate>>,
    /// (date, product) cells the farmer does not deliver.
    pub excluded_dates: Vec<NaiveDate>,
}

impl Product {
    /// Whether this product is part of the delivery scheduled on `date`.
    pub fn offered_on(&self, date: NaiveDate) -> bool {
        let in_subset = self.only_dates.as_ref().is_none_or(|dates| dates.contains(&date));
        in_subset && !self.excluded_dates.contains(&date)
    }
}

/// One farm's offer for one season in one AMAP.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contract {
    pub id: ContractId,
    pub amap_id: AmapId,
    pub farm_id: FarmId,
    pub slug: Slug,
    pub name: String,
    pub season: String,
    pub state: crate::rules::state::ContractState,
    pub rules: ContractRules,
}

/// What a member may do, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "scope", rename_all = "snake_case")]
pub enum Role {
    Member(AmapId),
    Admin(AmapId),
    Referent(ContractId),
    Farmer(FarmId),
    NetworkAdmin(NetworkId),
}

impl Role {
    pub fn kind(self) -> &'static str {
        match self {
            Role::Member(_) => "member",
            Role::Admin(_) => "admin",
            Role::Referent(_) => "referent",
            Role::Farmer(_) => "farmer",
            Role::NetworkAdmin(_) => "network_admin",
        }
    }

    pub fn scope(self) -> i64 {
        match self {
            Role::Member(a) | Role::Admin(a) => a.0,
            Role::Referent(c) => c.0,
            Role::Farmer(f) => f.0,
            Role::NetworkAdmin(n) => n.0,
        }
    }

    pub fn from_parts(kind: &str, scope: i64) -> Option<Role> {
        Some(match kind {
            "member" => Role::Member(AmapId(scope)),
            "admin" => Role::Admin(AmapId(scope)),
            "referent" => Role::Referent(ContractId(scope)),
            "farmer" => Role::Farmer(FarmId(scope)),
            "network_admin" => Role::NetworkAdmin(NetworkId(scope)),
            _ => return None,
        })
    }
}

/// The kinds of messages Panier pushes; each can be turned off by the member, except
/// messages a referent sends by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    DistributionReminder,
    DutyReminder,
    DutyAlert,
    SignatureRequest,
    EventReminder,
    FarmerTotals,
    Announcement,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 7] = [
        Self::DistributionReminder,
        Self::DutyReminder,
        Self::DutyAlert,
        Self::SignatureRequest,
        Self::EventReminder,
        Self::FarmerTotals,
        Self::Announcement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::DistributionReminder => "distribution_reminder",
            Self::DutyReminder => "duty_reminder",
            Self::DutyAlert => "duty_alert",
            Self::SignatureRequest => "signature_request",
            Self::EventReminder => "event_reminder",
            Self::FarmerTotals => "farmer_totals",
            Self::Announcement => "announcement",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}
