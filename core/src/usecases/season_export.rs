//! Writes an AMAP's season in the TOML format `import_season` reads (docs/season-format.md):
//! the AMAP, its farms and farmers, every contract with its rules, its delivery dates (as a
//! list) and its products with their date subsets and exclusions. Importing the text into an
//! empty database gives the same AMAP, farms, contracts, products and dates.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::error::{CoreError, CoreResult, Missing};
use crate::model::{Amap, Role};
use crate::rules::season::DeliveryState;
use crate::store::{Conn, contracts, directory, editor};
use crate::types::Cents;

/// A TOML string literal (basic string, escaped).
fn s(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn amount(c: Cents) -> String {
    s(&format!("{}.{:02}", c.0 / 100, c.0 % 100))
}

fn dates(list: &[NaiveDate]) -> String {
    let items: Vec<String> = list.iter().map(|d| d.format("%Y-%m-%d").to_string()).collect();
    format!("[{}]", items.join(", "))
}

fn weekday(w: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match w {
        Mon => "monday",
        Tue => "tuesday",
        Wed => "wednesday",
        Thu => "thursday",
        Fri => "friday",
        Sat => "saturday",
        Sun => "sunday",
    }
}

fn amap_table(out: &mut String, a: &Amap, network: Option<(String, String)>) {
    let _ = writeln!(out, "[amap]");
    let _ = writeln!(out, "slug = {}", s(a.slug.as_str()));
    let _ = writeln!(out, "name = {}", s(&a.name));
    let _ = writeln!(out, "timezone = {}", s(a.timezone.name()));
    let _ = writeln!(out, "place = {}", s(&a.place_name));
    let _ = writeln!(out, "address = {}", s(&a.address));
    if let Some(lat) = a.latitude {
        let _ = writeln!(out, "latitude = {lat:?}");
    }
    if let Some(lon) = a.longitude {
        let _ = writeln!(out, "longitude = {lon:?}");
    }
    let _ = writeln!(out, "weekday = {}", s(weekday(a.weekday)));
    let _ = writeln!(out, "start = {}", s(&a.window.start.format("%H:%M").to_string()));
    let _ = writeln!(out, "end = {}", s(&a.window.end.format("%H:%M").to_string()));
    let _ = writeln!(out, "duty_slots = {}", a.duty_slots);
    let _ = writeln!(out, "language = {}", s(&a.default_language));
    if let Some(e) = &a.contact_email {
        let _ = writeln!(out, "contact_email = {}", s(e.as_str()));
    }
    if let Some((slug, name)) = network {
        let _ = writeln!(out, "network = {}", s(&slug));
        let _ = writeln!(out, "network_name = {}", s(&name));
    }
}

/// The season file of the AMAP `amap_slug`.
pub async fn export_season(conn: &mut Conn, amap_slug: &str) -> CoreResult<String> {
    let amap = directory::amap_by_slug(conn, amap_slug)
        .await?
        .ok_or_else(|| CoreError::NotFound(Missing::Amap(amap_slug.to_owned())))?;
    let network = match amap.network_id {
        Some(id) => editor::network_of(conn, id).await?,
        None => None,
    };
    let mut out =
        format!("# Season of {} exported by Panier; `panier import season` reads it back.\n\n", amap.name);
    amap_table(&mut out, &amap, network);
    for farm in editor::farms_of_amap(conn, amap.id).await? {
        let _ = writeln!(out, "\n[[farm]]");
        let _ = writeln!(out, "slug = {}", s(farm.slug.as_str()));
        let _ = writeln!(out, "name = {}", s(&farm.name));
        let _ = writeln!(out, "address = {}", s(&farm.address));
        if let Some(lat) = farm.latitude {
            let _ = writeln!(out, "latitude = {lat:?}");
        }
        if let Some(lon) = farm.longitude {
            let _ = writeln!(out, "longitude = {lon:?}");
        }
        for m in directory::holders_of(conn, Role::Farmer(farm.id)).await? {
            let roles = directory::roles_of(conn, m.id).await?;
            if !roles.contains(&Role::Member(amap.id)) && !roles.contains(&Role::Admin(amap.id)) {
                continue;
            }
            let _ = writeln!(out, "\n[[farm.farmer]]");
            let _ = writeln!(out, "email = {}", s(m.email.as_str()));
            let _ = writeln!(out, "first_name = {}", s(&m.first_name));
            let _ = writeln!(out, "last_name = {}", s(&m.last_name));
            if let Some(p) = &m.phone {
                let _ = writeln!(out, "phone = {}", s(p));
            }
        }
    }
    let mut all = contracts::contracts_of_amap(conn, amap.id).await?;
    all.sort_by_key(|c| c.id);
    for c in all {
        let farm = directory::farm_by_id(conn, c.farm_id)
            .await?
            .ok_or_else(|| CoreError::NotFound(Missing::Farm(c.farm_id.to_string())))?;
        let r = &c.rules;
        let _ = writeln!(out, "\n[[contract]]");
        let _ = writeln!(out, "slug = {}", s(c.slug.as_str()));
        let _ = writeln!(out, "name = {}", s(&c.name));
        let _ = writeln!(out, "farm = {}", s(farm.slug.as_str()));
        let _ = writeln!(out, "season = {}", s(&c.season));
        let _ = writeln!(out, "state = {}", s(c.state.as_str()));
        let _ = writeln!(out, "subscription_opens = {}", r.subscription_opens.format("%Y-%m-%d"));
        let _ = writeln!(out, "subscription_closes = {}", r.subscription_closes.format("%Y-%m-%d"));
        let _ = writeln!(out, "late_subscription = {}", r.late_subscription);
        let _ = writeln!(out, "farmer_notice_days = {}", r.farmer_notice_days);
        let _ = writeln!(out, "max_absences = {}", r.max_absences);
        let modes: Vec<String> = r.absence_modes.iter().map(|m| s(m.as_str())).collect();
        let _ = writeln!(out, "absence_modes = [{}]", modes.join(", "));
        let _ = writeln!(out, "modification_deadline_days = {}", r.modification_deadline_days);
        let _ = writeln!(out, "max_cheques = {}", r.max_cheques);
        let _ = writeln!(out, "min_cheque = {}", amount(r.min_cheque));
        let _ = writeln!(out, "payee = {}", s(&r.payee));
        let _ = writeln!(out, "required_shifts = {}", r.required_shifts);
        let _ = writeln!(out, "commitment_text = {}", s(&r.commitment_text));
        let planned: Vec<NaiveDate> = contracts::deliveries_of(conn, c.id)
            .await?
            .iter()
            .filter(|d| d.state == DeliveryState::Planned)
            .map(|d| d.scheduled)
            .collect();
        let _ = writeln!(out, "\n[contract.deliveries]");
        let _ = writeln!(out, "dates = {}", dates(&planned));
        for p in contracts::products_of(conn, c.id).await? {
            let _ = writeln!(out, "\n[[contract.product]]");
            let _ = writeln!(out, "slug = {}", s(p.slug.as_str()));
            let _ = writeln!(out, "name = {}", s(&p.name));
            if let Some(u) = &p.unit {
                let _ = writeln!(out, "unit = {}", s(u));
            }
            let _ = writeln!(out, "price = {}", amount(p.price));
            if let Some(only) = &p.only_dates {
                let only: Vec<NaiveDate> = only.iter().copied().filter(|d| planned.contains(d)).collect();
                let _ = writeln!(out, "dates = {}", dates(&only));
            }
            let excluded: Vec<NaiveDate> =
                p.excluded_dates.iter().copied().filter(|d| planned.contains(d)).collect();
            if !excluded.is_empty() {
                let _ = writeln!(out, "exclude = {}", dates(&excluded));
            }
        }
    }
    Ok(out)
}
