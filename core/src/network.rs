//! Records of the network side: public directory entries of AMAPs and farms, the aggregated
//! figures a network sees (counts only), and announcements with their kinds and states.

use std::fmt;

use chrono::{DateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::model::TimeWindow;
use crate::types::{AmapId, Email, FarmId, MemberId, NetworkId, Slug};

/// An announcement of a network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnouncementId(pub i64);

impl fmt::Display for AnnouncementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Longest name, place, address or product line accepted in the directory.
pub const MAX_FIELD: usize = 200;
/// Longest announcement text.
pub const MAX_BODY: usize = 1000;
/// Longest product or area of an announcement.
pub const MAX_SHORT: usize = 80;
/// How long an announcement stays listed and sendable.
pub const ANNOUNCEMENT_DAYS: i64 = 60;

/// An AMAP as the directory shows it: public fields only, no member.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirectoryAmap {
    pub id: AmapId,
    pub slug: Slug,
    pub name: String,
    pub place_name: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[serde(serialize_with = "serialize_weekday")]
    pub weekday: Weekday,
    pub window: TimeWindow,
    /// The AMAP's public contact address.
    pub contact_email: Option<Email>,
    pub products: String,
}

fn serialize_weekday<S: serde::Serializer>(day: &Weekday, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&day.to_string())
}

/// A farm as the directory shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DirectoryFarm {
    pub id: FarmId,
    pub slug: Slug,
    pub name: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub contact_email: Option<Email>,
    pub products: String,
}

/// A network's public directory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Directory {
    pub network: crate::model::Network,
    pub amaps: Vec<DirectoryAmap>,
    pub farms: Vec<DirectoryFarm>,
}

/// What one AMAP amounts to in one season: counts, never names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmapFigures {
    pub amap: AmapId,
    pub name: String,
    pub season: String,
    /// Active members (members and admins) of the AMAP.
    pub members: u64,
    pub contracts: u64,
    /// Subscriptions to the season's contracts (signed or not).
    pub subscriptions: u64,
    /// Delivery dates of the season's contracts, cancelled ones excluded.
    pub deliveries: u64,
}

/// A change to the directory fields; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DirectoryEdit {
    pub name: Option<String>,
    pub place_name: Option<String>,
    pub address: Option<String>,
    /// `Some(None)` clears the contact.
    pub contact_email: Option<Option<Email>>,
    /// `Some(None)` clears the location.
    pub location: Option<Option<(f64, f64)>>,
    pub products: Option<String>,
}

impl DirectoryEdit {
    /// Refuses empty names, over-long text and coordinates off the globe.
    pub fn check(&self) -> Result<(), Invalid> {
        if let Some(name) = &self.name
            && (name.trim().is_empty() || name.chars().count() > MAX_FIELD)
        {
            return Err(Invalid::Name);
        }
        for text in [&self.place_name, &self.address, &self.products].into_iter().flatten() {
            if text.chars().count() > MAX_FIELD {
                return Err(Invalid::Name);
            }
        }
        if let Some(Some((lat, lon))) = self.location {
            check_location(lat, lon)?;
        }
        Ok(())
    }
}

/// Latitude in [-90, 90], longitude in [-180, 180], both finite.
pub fn check_location(lat: f64, lon: f64) -> Result<(), Invalid> {
    if lat.is_finite() && lon.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
    {
        Ok(())
    } else {
        Err(Invalid::Location)
    }
}

/// What an announcement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnouncementKind {
    /// « Paysan cherche AMAP »: a farm looking for AMAPs to deliver.
    FarmSeeksAmap,
    /// « AMAP cherche paysan »: an AMAP looking for a farmer of a product.
    AmapSeeksFarm,
    /// General news of the network.
    News,
}

impl AnnouncementKind {
    pub const ALL: [AnnouncementKind; 3] = [Self::FarmSeeksAmap, Self::AmapSeeksFarm, Self::News];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::FarmSeeksAmap => "farm_seeks_amap",
            Self::AmapSeeksFarm => "amap_seeks_farm",
            Self::News => "news",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// Where an announcement is in moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnouncementState {
    Pending,
    Approved,
    Rejected,
}

impl AnnouncementState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Pending, Self::Approved, Self::Rejected].into_iter().find(|s| s.as_str() == raw)
    }
}

/// What the author typed, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementDraft {
    pub kind: AnnouncementKind,
    pub product: String,
    pub area: String,
    pub body: String,
}

impl AnnouncementDraft {
    pub fn check(&self) -> Result<(), Invalid> {
        let body = self.body.trim();
        if body.is_empty() || body.chars().count() > MAX_BODY {
            return Err(Invalid::Name);
        }
        if self.product.chars().count() > MAX_SHORT || self.area.chars().count() > MAX_SHORT {
            return Err(Invalid::Name);
        }
        Ok(())
    }
}

/// A stored announcement, with the name it is published under (the farm's, the AMAP's or
/// the network's; never the author's own name).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Announcement {
    pub id: AnnouncementId,
    pub network_id: NetworkId,
    pub network_name: String,
    pub kind: AnnouncementKind,
    pub product: String,
    pub area: String,
    pub body: String,
    #[serde(skip)]
    pub author: Option<MemberId>,
    pub amap_id: Option<AmapId>,
    pub farm_id: Option<FarmId>,
    /// The farm's or AMAP's name, or the network's for its own news.
    pub from: String,
    pub state: AnnouncementState,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Announcement {
    /// Approved and not yet expired: listed and sent.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.state == AnnouncementState::Approved && self.expires_at > now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        assert!(check_location(45.76, 4.84).is_ok());
        assert_eq!(check_location(91.0, 0.0), Err(Invalid::Location));
        assert_eq!(check_location(0.0, f64::NAN), Err(Invalid::Location));
        assert_eq!(check_location(0.0, -181.0), Err(Invalid::Location));
    }

    #[test]
    fn drafts() {
        let mut d = AnnouncementDraft {
            kind: AnnouncementKind::News,
            product: String::new(),
            area: String::new(),
            body: "Assemblée du réseau".into(),
        };
        assert!(d.check().is_ok());
        d.body = "  ".into();
        assert_eq!(d.check(), Err(Invalid::Name));
        d.body = "x".repeat(MAX_BODY + 1);
        assert_eq!(d.check(), Err(Invalid::Name));
        assert_eq!(AnnouncementKind::parse("amap_seeks_farm"), Some(AnnouncementKind::AmapSeeksFarm));
        assert_eq!(AnnouncementKind::parse("other"), None);
    }

    #[test]
    fn edits() {
        assert!(DirectoryEdit { name: Some(" ".into()), ..Default::default() }.check().is_err());
        assert!(DirectoryEdit { location: Some(Some((120.0, 2.0))), ..Default::default() }.check().is_err());
        assert!(DirectoryEdit { location: Some(None), ..Default::default() }.check().is_ok());
    }
}
