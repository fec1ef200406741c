//! The AMAP settings page behind an admin's one-time link (`reglages`): distribution place,
//! weekday and time window, duty slots, reminder times chosen in plain words (each becomes
//! the 6-field cron expression the scheduler reads), default language and privacy notice.
//! Checks every field, reports problems by field, writes all or nothing.

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use serde::Serialize;

use super::contract_form::Problem;
use super::editor::{self, EditorAccess};
use crate::error::CoreResult;
use crate::model::parse_time;
use crate::scheduler::schedule::{Cron, Scheduled};
use crate::store::directory::{self, AmapFields};
use crate::store::editor::EditorPurpose;
use crate::store::{Conn, accounts};

/// The settings form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SettingsForm {
    pub place: String,
    pub address: String,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: String,
    pub start: String,
    pub end: String,
    pub duty_slots: String,
    pub language: String,
    pub privacy_notice: String,
    /// Reminder time per scheduled kind ("18:00"), or "custom" to keep a hand-written cron.
    pub reminders: Vec<(Scheduled, String)>,
}

/// A refused field: its input id and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingsError {
    pub field: String,
    pub problem: Problem,
}

/// What the settings page shows.
#[derive(Debug, Clone, Serialize)]
pub struct SettingsPage {
    pub access: EditorAccess,
    pub form: SettingsForm,
    /// Hand-written cron expressions that no time of day describes, by kind.
    pub custom: Vec<(Scheduled, String)>,
}

/// "0 30 18 * * *" -> 18:30; None for anything else (a hand-written schedule).
pub fn time_of_cron(cron: &str) -> Option<NaiveTime> {
    let parts: Vec<&str> = cron.split_whitespace().collect();
    match parts.as_slice() {
        ["0", m, h, "*", "*", "*"] => NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0),
        _ => None,
    }
}

/// The cron expression of "every day at `t`".
pub fn cron_at(t: NaiveTime) -> String {
    use chrono::Timelike;
    format!("0 {} {} * * *", t.minute(), t.hour())
}

async fn schedules(conn: &mut Conn, amap: crate::types::AmapId) -> CoreResult<Vec<(Scheduled, String)>> {
    let custom = accounts::schedules_of(conn, amap).await?;
    Ok(Scheduled::ALL
        .iter()
        .map(|k| {
            let cron =
                custom.iter().find(|(x, _)| x == k.as_str()).map_or(k.default_cron(), |(_, c)| c.as_str());
            (*k, cron.to_owned())
        })
        .collect())
}

pub async fn page(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    now: DateTime<Utc>,
) -> CoreResult<SettingsPage> {
    let access = editor::open(conn, token, EditorPurpose::Settings, session, true, now).await?;
    let a = &access.amap;
    let crons = schedules(conn, a.id).await?;
    let notice = super::privacy::privacy_notice(conn, a.id).await?;
    let form = SettingsForm {
        place: a.place_name.clone(),
        address: a.address.clone(),
        weekday: a.weekday.number_from_monday().to_string(),
        start: a.window.start.format("%H:%M").to_string(),
        end: a.window.end.format("%H:%M").to_string(),
        duty_slots: a.duty_slots.to_string(),
        language: a.default_language.clone(),
        privacy_notice: notice.unwrap_or_default(),
        reminders: crons
            .iter()
            .map(|(k, c)| {
                (*k, time_of_cron(c).map_or_else(|| "custom".to_owned(), |t| t.format("%H:%M").to_string()))
            })
            .collect(),
    };
    let custom = crons.into_iter().filter(|(_, c)| time_of_cron(c).is_none()).collect();
    Ok(SettingsPage { access, form, custom })
}

fn text(raw: &str, max: usize, required: bool) -> Result<String, Problem> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| (!c.is_control() || *c == '\n') && !crate::types::is_bidi_control(*c))
        .collect();
    if required && cleaned.is_empty() {
        Err(Problem::Required)
    } else if cleaned.chars().count() > max {
        Err(Problem::TooLong { max })
    } else {
        Ok(cleaned)
    }
}

/// Saves the settings. Refused fields come back as `Ok(Err(..))` and nothing is written.
pub async fn save(
    conn: &mut Conn,
    token: &str,
    session: Option<&str>,
    csrf: &str,
    form: &SettingsForm,
    now: DateTime<Utc>,
) -> CoreResult<Result<(), Vec<SettingsError>>> {
    let access = editor::open_for_form(conn, token, EditorPurpose::Settings, session, csrf, now).await?;
    let mut errors = Vec::new();
    let mut put =
        |field: &str, problem: Problem| errors.push(SettingsError { field: field.to_owned(), problem });
    let place = text(&form.place, 120, true).map_err(|p| put("place", p)).ok();
    let address = text(&form.address, 200, true).map_err(|p| put("address", p)).ok();
    let weekday = match form.weekday.trim().parse::<u8>() {
        Ok(n @ 1..=7) => Weekday::try_from(n - 1).ok(),
        _ => None,
    };
    if weekday.is_none() {
        put("weekday", Problem::Required);
    }
    let start = parse_time(&form.start).map_err(|_| put("start", Problem::NotATime)).ok();
    let end = parse_time(&form.end).map_err(|_| put("end", Problem::NotATime)).ok();
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        put("end", Problem::EndBeforeStart);
    }
    let slots = match form.duty_slots.trim().parse::<u32>() {
        Ok(n) if n <= 50 => Some(n),
        _ => {
            put("duty_slots", Problem::NotANumber { min: 0, max: 50 });
            None
        }
    };
    let language = match form.language.trim() {
        l @ ("fr" | "en") => Some(l.to_owned()),
        _ => {
            put("language", Problem::Required);
            None
        }
    };
    let notice = text(&form.privacy_notice, super::privacy::PRIVACY_NOTICE_MAX_CHARS, false)
        .map_err(|p| put("privacy_notice", p))
        .ok();
    let mut crons = Vec::new();
    for (kind, raw) in &form.reminders {
        if raw == "custom" {
            continue;
        }
        match parse_time(raw) {
            Ok(t) if Cron::parse(&cron_at(t)).is_ok() => crons.push((*kind, cron_at(t))),
            _ => put(&format!("reminder-{}", kind.as_str()), Problem::NotATime),
        }
    }
    let (
        Some(place),
        Some(address),
        Some(weekday),
        Some(start),
        Some(end),
        Some(slots),
        Some(language),
        Some(notice),
    ) = (place, address, weekday, start, end, slots, language, notice)
    else {
        return Ok(Err(errors));
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let a = &access.amap;
    let window = match crate::model::TimeWindow::new(start, end) {
        Ok(w) => w,
        Err(_) => {
            return Ok(Err(vec![SettingsError { field: "end".into(), problem: Problem::EndBeforeStart }]));
        }
    };
    let fields = AmapFields {
        slug: a.slug.clone(),
        name: a.name.clone(),
        network_id: a.network_id,
        timezone: a.timezone,
        place_name: place,
        address,
        latitude: a.latitude,
        longitude: a.longitude,
        weekday,
        window,
        duty_slots: slots,
        default_language: language,
        contact_email: a.contact_email.clone(),
    };
    directory::upsert_amap(conn, &fields, now).await?;
    for (kind, cron) in crons {
        accounts::set_schedule(conn, a.id, kind.as_str(), &cron).await?;
    }
    super::privacy::set_privacy_notice(conn, Some(access.member), a.id, Some(&notice)).await?;
    Ok(Ok(()))
}
