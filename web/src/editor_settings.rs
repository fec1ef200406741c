//! The AMAP settings page behind an admin's `reglages` link: `GET /a/{token}` and
//! `POST /a/{token}/save`. Reminder times are offered in plain words ("la veille à 18h00");
//! core turns each into the cron expression the scheduler reads. Same protections as the
//! contract editor (session cookie, CSRF, rate limit, rights re-checked in core).

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveTime, Utc, Weekday};
use panier_conversation::format;
use panier_conversation::i18n::Arg;
use panier_core::rules::deadlines::local_today;
use panier_core::scheduler::schedule::Scheduled;
use panier_core::usecases::settings_editor::{self, SettingsError, SettingsForm, SettingsPage};
use serde::Deserialize;

use crate::editor::{
    EditorState, browser_lang, field, html, page_tx, rate_limited, refusal, session_of, with_session,
};
use crate::editor_page::problem_text;
use crate::pages::{Tx, document, esc};
use crate::signing::ClientIp;

#[derive(Deserialize)]
pub struct Shown {
    ok: Option<String>,
}

async fn tx_of(state: &EditorState, page: &SettingsPage) -> Tx {
    let member = page.access.member;
    let language = state
        .panier
        .read(async |c| panier_core::store::directory::member_by_id(c, member).await)
        .await
        .ok()
        .flatten()
        .and_then(|m| m.language);
    let today = local_today(Utc::now(), page.access.amap.timezone);
    page_tx(language.as_deref(), &page.access.amap.default_language, today)
}

pub async fn settings_get(
    State(state): State<EditorState>,
    Path(token): Path<String>,
    Query(shown): Query<Shown>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    let session = session_of(&headers);
    let now = Utc::now();
    match state.panier.write(async |c| settings_editor::page(c, &token, session.as_deref(), now).await).await
    {
        Ok(page) => {
            let tx = tx_of(&state, &page).await;
            let body = render(&tx, &page, &token, shown.ok.is_some(), &[]);
            let secret = page.access.new_session.clone();
            with_session(html(StatusCode::OK, body), "a", &token, secret.as_deref(), &headers)
        }
        Err(e) => refusal(&e, lang),
    }
}

pub fn parse_form(form: &[(String, String)]) -> SettingsForm {
    let text = |name: &str| field(form, name).to_owned();
    SettingsForm {
        place: text("place"),
        address: text("address"),
        weekday: text("weekday"),
        start: text("start"),
        end: text("end"),
        duty_slots: text("duty_slots"),
        language: text("language"),
        privacy_notice: text("privacy_notice"),
        reminders: Scheduled::ALL
            .iter()
            .filter_map(|k| {
                let v = field(form, &format!("reminder-{}", k.as_str()));
                (!v.is_empty()).then(|| (*k, v.to_owned()))
            })
            .collect(),
    }
}

pub async fn settings_save(
    State(state): State<EditorState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(raw): Form<Vec<(String, String)>>,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    let session = session_of(&headers);
    let csrf = field(&raw, "csrf").to_owned();
    let form = parse_form(&raw);
    let now = Utc::now();
    let saved = state
        .panier
        .write(async |c| settings_editor::save(c, &token, session.as_deref(), &csrf, &form, now).await)
        .await;
    match saved {
        Ok(Ok(())) => Redirect::to(&format!("/a/{token}?ok=saved")).into_response(),
        Ok(Err(errors)) => {
            match state
                .panier
                .read(async |c| settings_editor::page(c, &token, session.as_deref(), now).await)
                .await
            {
                Ok(mut page) => {
                    page.form = form;
                    let tx = tx_of(&state, &page).await;
                    html(StatusCode::BAD_REQUEST, render(&tx, &page, &token, false, &errors))
                }
                Err(e) => refusal(&e, lang),
            }
        }
        Err(e) => refusal(&e, lang),
    }
}

fn error_of(tx: &Tx, errors: &[SettingsError], id: &str) -> String {
    errors
        .iter()
        .filter(|e| e.field == id)
        .map(|e| {
            format!("<p class=\"field-error\" id=\"{id}-error\">{}</p>", esc(&problem_text(tx, e.problem)))
        })
        .collect()
}

fn aria(errors: &[SettingsError], id: &str) -> &'static str {
    if errors.iter().any(|e| e.field == id) { " aria-invalid=\"true\"" } else { "" }
}

fn input(tx: &Tx, errors: &[SettingsError], id: &str, kind: &str, value: &str, label: &str) -> String {
    format!(
        "<div class=\"field\"><label for=\"{id}\">{}</label><input type=\"{kind}\" id=\"{id}\" name=\"{id}\" value=\"{}\"{}{}>{}</div>\n",
        tx.h(label, &[]),
        esc(value),
        aria(errors, id),
        if errors.iter().any(|e| e.field == id) {
            format!(" aria-describedby=\"{id}-error\"")
        } else {
            String::new()
        },
        error_of(tx, errors, id)
    )
}

const DAYS: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// Times offered for reminders: every half hour from 6:00 to 22:00.
fn reminder_times() -> Vec<NaiveTime> {
    (12..=44).filter_map(|half| NaiveTime::from_hms_opt(half / 2, (half % 2) * 30, 0)).collect()
}

pub fn render(tx: &Tx, page: &SettingsPage, token: &str, saved: bool, errors: &[SettingsError]) -> String {
    let f = &page.form;
    let title = tx.t("st-title", &[]);
    let mut b = format!(
        "<header><h1>{}</h1><p class=\"sub\">{}</p></header>\n",
        esc(&title),
        esc(&page.access.amap.name)
    );
    if saved {
        b.push_str(&format!(
            "<div class=\"notice\" role=\"status\"><p>{}</p></div>\n",
            tx.h("st-saved", &[])
        ));
    }
    if !errors.is_empty() {
        let items: String = errors
            .iter()
            .map(|e| {
                format!("<li><a href=\"#{}\">{}</a></li>", esc(&e.field), esc(&problem_text(tx, e.problem)))
            })
            .collect();
        b.push_str(&format!(
            "<div class=\"notice error\" role=\"alert\" id=\"error\"><h2>{}</h2><ul>{items}</ul></div>\n",
            tx.h("ed-errors-heading", &[("n", Arg::from(errors.len()))])
        ));
    }
    b.push_str(&format!(
        "<form method=\"post\" action=\"/a/{}/save\" novalidate><input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(token),
        esc(&page.access.csrf)
    ));
    b.push_str(&format!("<fieldset><legend>{}</legend>", tx.h("st-distribution-legend", &[])));
    b.push_str(&input(tx, errors, "place", "text", &f.place, "st-place"));
    b.push_str(&input(tx, errors, "address", "text", &f.address, "st-address"));
    b.push_str(&format!(
        "<div class=\"field\"><label for=\"weekday\">{}</label><select id=\"weekday\" name=\"weekday\"{}>",
        tx.h("st-weekday", &[]),
        aria(errors, "weekday")
    ));
    for d in DAYS {
        let n = d.number_from_monday().to_string();
        b.push_str(&format!(
            "<option value=\"{n}\"{}>{}</option>",
            if f.weekday == n { " selected" } else { "" },
            esc(&format::capitalize(format::weekday_name(tx.lang, d)))
        ));
    }
    b.push_str(&format!("</select>{}</div>", error_of(tx, errors, "weekday")));
    b.push_str(&input(tx, errors, "start", "time", &f.start, "st-start"));
    b.push_str(&input(tx, errors, "end", "time", &f.end, "st-end"));
    b.push_str(&input(tx, errors, "duty_slots", "number", &f.duty_slots, "st-duty-slots"));
    b.push_str("</fieldset>\n");

    b.push_str(&format!(
        "<fieldset><legend>{}</legend><p class=\"hint\">{}</p>",
        tx.h("st-reminders-legend", &[]),
        tx.h("st-reminders-hint", &[])
    ));
    for (kind, value) in &f.reminders {
        let id = format!("reminder-{}", kind.as_str());
        b.push_str(&format!(
            "<div class=\"field\"><label for=\"{id}\">{}</label><select id=\"{id}\" name=\"{id}\"{}>",
            tx.h(&format!("st-reminder-{}", kind.as_str().replace('_', "-")), &[]),
            aria(errors, &id)
        ));
        if let Some((_, cron)) = page.custom.iter().find(|(k, _)| k == kind) {
            b.push_str(&format!(
                "<option value=\"custom\"{}>{}</option>",
                if value == "custom" { " selected" } else { "" },
                tx.h("st-reminder-custom", &[("cron", Arg::from(cron.as_str()))])
            ));
        }
        for t in reminder_times() {
            let v = t.format("%H:%M").to_string();
            b.push_str(&format!(
                "<option value=\"{v}\"{}>{}</option>",
                if *value == v { " selected" } else { "" },
                esc(&tx.t("st-at", &[("time", Arg::from(format::time(tx.lang, t)))]))
            ));
        }
        b.push_str(&format!("</select>{}</div>", error_of(tx, errors, &id)));
    }
    b.push_str("</fieldset>\n");

    b.push_str(&format!("<fieldset><legend>{}</legend><div class=\"field\"><label for=\"language\">{}</label><select id=\"language\" name=\"language\">", tx.h("st-language-legend", &[]), tx.h("st-language", &[])));
    for (code, key) in [("fr", "st-language-fr"), ("en", "st-language-en")] {
        b.push_str(&format!(
            "<option value=\"{code}\"{}>{}</option>",
            if f.language == code { " selected" } else { "" },
            tx.h(key, &[])
        ));
    }
    b.push_str(&format!("</select>{}</div></fieldset>\n", error_of(tx, errors, "language")));
    b.push_str(&format!(
        "<fieldset><legend>{}</legend><div class=\"field\"><label for=\"privacy_notice\">{}</label><span class=\"hint\" id=\"privacy_notice-hint\">{}</span><textarea id=\"privacy_notice\" name=\"privacy_notice\" rows=\"8\" aria-describedby=\"privacy_notice-hint\"{}>{}</textarea>{}</div></fieldset>\n",
        tx.h("st-privacy-legend", &[]),
        tx.h("st-privacy", &[]),
        tx.h("st-privacy-hint", &[]),
        aria(errors, "privacy_notice"),
        esc(&f.privacy_notice),
        error_of(tx, errors, "privacy_notice")
    ));
    b.push_str(&format!("<div class=\"actions\"><button type=\"submit\" class=\"primary\" id=\"save\">{}</button></div></form>\n", tx.h("st-save", &[])));
    b.push_str(&format!(
        "<p class=\"hint\">{}</p>\n",
        tx.h("web-expires", &[("date", Arg::from(tx.date(page.access.expires_at.date_naive())))])
    ));
    let page_html = document(tx, &format!("{title} — {}", page.access.amap.name), &b);
    page_html.replacen(
        "<link rel=\"stylesheet\" href=\"/assets/panier.css\">",
        "<link rel=\"stylesheet\" href=\"/assets/panier.css\">\n<link rel=\"stylesheet\" href=\"/assets/editor.css\">",
        1,
    )
}
