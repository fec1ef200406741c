//! The contract editor behind the bot's one-time links (`contrat nouveau`, `contrat modifier`):
//!
//! - `GET /e/{token}`: the form (farm, products, calendar, rules, payment, text) and a preview
//!   of what members will see; the first visit binds the link to this browser (a cookie
//!   limited to the link's path), any other browser is refused;
//! - `POST /e/{token}/save` with `action=save` (draft) or `action=publish`.
//!
//! Same protections as the signing pages: per-IP rate limit of token lookups, CSRF value in
//! every form, constant-time checks and authorization in core, no script, no token in logs.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{NaiveDate, Utc};
use panier_conversation::i18n::Lang;
use panier_core::error::{CoreError, Invalid};
use panier_core::model::AbsenceMode;
use panier_core::rules::deadlines::local_today;
use panier_core::usecases::Panier;
use panier_core::usecases::contract_editor::{self, Action, EditorPage};
use panier_core::usecases::contract_form::{ContractForm, MAX_PRODUCTS, ProductForm, parse_date};
use serde::Deserialize;

use crate::editor_page;
use crate::limiter::Limiter;
use crate::pages::{self, Tx};
use crate::signing::ClientIp;

/// The cookie holding the browser's session secret for one link (path-limited to it).
pub const SESSION_COOKIE: &str = "panier_session";

#[derive(Clone)]
pub struct EditorState {
    pub panier: Panier,
    pub limiter: Arc<Limiter>,
}

impl std::fmt::Debug for EditorState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EditorState").finish_non_exhaustive()
    }
}

impl EditorState {
    pub fn new(panier: Panier) -> EditorState {
        EditorState { panier, limiter: Arc::new(Limiter::for_token_pages()) }
    }
}

const CSS: &str = include_str!("assets/editor.css");

/// The contract editor, the AMAP settings and the member list.
pub fn routes(panier: Panier) -> Router {
    let state = EditorState::new(panier);
    Router::new()
        .route("/assets/editor.css", get(stylesheet))
        .route("/e/{token}", get(editor_get))
        .route("/e/{token}/save", post(editor_save))
        .route("/a/{token}", get(crate::editor_settings::settings_get))
        .route("/a/{token}/save", post(crate::editor_settings::settings_save))
        .route("/m/{token}", get(crate::editor_members::members_get))
        .route("/m/{token}/membres.csv", get(crate::editor_members::members_csv))
        .route("/m/{token}/add", post(crate::editor_members::members_add))
        .route("/m/{token}/code", post(crate::editor_members::members_code))
        .route("/m/{token}/deactivate", post(crate::editor_members::members_deactivate))
        .route("/m/{token}/role", post(crate::editor_members::members_role))
        .route("/m/{token}/import", post(crate::editor_members::members_import))
        .with_state(state)
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        CSS,
    )
        .into_response()
}

/// The reader's language before the link is known: the browser's preference.
pub fn browser_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|tag| Lang::parse(tag.split(';').next().unwrap_or("")))
        .unwrap_or_default()
}

/// The session secret the browser sent for this link, if any.
pub fn session_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.trim().to_owned())
}

pub fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], body)
        .into_response()
}

/// Adds the session cookie of a first visit (HttpOnly, SameSite=Strict, limited to the link),
/// marked Secure when the page was asked for over HTTPS (the TLS proxy says so in
/// `X-Forwarded-Proto`): the cookie then never travels in clear.
pub fn with_session(
    mut response: Response,
    prefix: &str,
    token: &str,
    secret: Option<&str>,
    request: &HeaderMap,
) -> Response {
    if let Some(secret) = secret {
        let https = request.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
        let cookie = format!(
            "{SESSION_COOKIE}={secret}; Path=/{prefix}/{token}; HttpOnly; SameSite=Strict; Max-Age={}{}",
            panier_core::usecases::editor::EDITOR_LINK_HOURS * 3600,
            if https { "; Secure" } else { "" }
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

fn message(status: StatusCode, lang: Lang, title: &str, body: &str) -> Response {
    let tx = Tx { lang, today: Utc::now().date_naive() };
    let title = tx.t(title, &[]);
    let body = format!(
        "<header><h1>{}</h1></header>\n<section><p>{}</p></section>",
        pages::esc(&title),
        tx.h(body, &[])
    );
    html(status, pages::document(&tx, &title, &body))
}

pub fn rate_limited(lang: Lang) -> Response {
    message(StatusCode::TOO_MANY_REQUESTS, lang, "web-rate-limited-title", "web-rate-limited")
}

/// The page for a refused link or a failure that is not about the form's content.
pub fn refusal(e: &CoreError, lang: Lang) -> Response {
    match e {
        CoreError::Invalid(Invalid::SigningLinkUnknown) => {
            message(StatusCode::NOT_FOUND, lang, "ed-link-unknown-title", "ed-link-unknown")
        }
        CoreError::Invalid(Invalid::SigningLinkExpired) => {
            message(StatusCode::GONE, lang, "ed-link-expired-title", "ed-link-expired")
        }
        CoreError::Invalid(Invalid::SigningLinkUsed) => {
            message(StatusCode::CONFLICT, lang, "ed-link-other-browser-title", "ed-link-other-browser")
        }
        CoreError::Invalid(Invalid::FormExpired) => {
            message(StatusCode::FORBIDDEN, lang, "web-form-expired-title", "ed-form-expired")
        }
        CoreError::Forbidden(_) => {
            message(StatusCode::FORBIDDEN, lang, "web-forbidden-title", "ed-forbidden")
        }
        CoreError::NotFound(_) => {
            message(StatusCode::NOT_FOUND, lang, "web-not-found-title", "web-not-found")
        }
        CoreError::Conflict(_) => message(StatusCode::CONFLICT, lang, "ed-conflict-title", "ed-conflict"),
        e => {
            tracing::error!(error = %e, "editor page failed");
            message(StatusCode::INTERNAL_SERVER_ERROR, lang, "web-internal-title", "web-internal")
        }
    }
}

pub fn page_tx(page_lang: Option<&str>, amap_lang: &str, today: NaiveDate) -> Tx {
    let lang = page_lang.and_then(Lang::parse).or_else(|| Lang::parse(amap_lang)).unwrap_or_default();
    Tx { lang, today }
}

async fn tx_of(state: &EditorState, page: &EditorPage) -> Tx {
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

#[derive(Deserialize)]
struct Shown {
    ok: Option<String>,
}

async fn editor_get(
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
    let loaded =
        state.panier.write(async |c| contract_editor::page(c, &token, session.as_deref(), now).await).await;
    match loaded {
        Ok(page) => {
            let tx = tx_of(&state, &page).await;
            let ok = shown.ok.as_deref().filter(|k| matches!(*k, "saved" | "published"));
            let body = editor_page::render(&tx, &page, &token, ok, &[]);
            let secret = page.access.new_session.clone();
            with_session(html(StatusCode::OK, body), "e", &token, secret.as_deref(), &headers)
        }
        Err(e) => refusal(&e, lang),
    }
}

pub fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

fn dates_of(form: &[(String, String)], name: &str) -> Vec<NaiveDate> {
    form.iter().filter(|(k, _)| k == name).filter_map(|(_, v)| parse_date(v)).collect()
}

/// Reads the editor's fields into the raw form core checks.
pub fn parse_form(form: &[(String, String)]) -> ContractForm {
    let text = |name: &str| field(form, name).to_owned();
    let mut products = Vec::new();
    for i in 0..MAX_PRODUCTS {
        let key = |f: &str| format!("p{i}-{f}");
        if !form.iter().any(|(k, _)| k.starts_with(&format!("p{i}-"))) {
            continue;
        }
        let shown = dates_of(form, &key("shown"));
        let days = dates_of(form, &key("day"));
        products.push(ProductForm {
            slug: field(form, &key("slug")).to_owned(),
            name: field(form, &key("name")).to_owned(),
            unit: field(form, &key("unit")).to_owned(),
            price: field(form, &key("price")).to_owned(),
            without: shown.into_iter().filter(|d| !days.contains(d)).collect(),
        });
    }
    let shown = dates_of(form, "cal-shown");
    let days = dates_of(form, "cal-day");
    let extra: Vec<NaiveDate> =
        dates_of(form, "extra").into_iter().filter(|d| days.contains(d) || !shown.contains(d)).collect();
    ContractForm {
        farm: text("farm"),
        new_farm: text("new_farm"),
        name: text("name"),
        season: text("season"),
        products,
        first: text("first"),
        last: text("last"),
        every_weeks: text("every_weeks"),
        skipped: shown.into_iter().filter(|d| !days.contains(d) && !extra.contains(d)).collect(),
        extra,
        opens: text("opens"),
        closes: text("closes"),
        late: field(form, "late") == "yes",
        notice_days: text("notice_days"),
        max_absences: text("max_absences"),
        modes: form
            .iter()
            .filter(|(k, _)| k == "modes")
            .filter_map(|(_, v)| AbsenceMode::parse(v).ok())
            .collect(),
        deadline_days: text("deadline_days"),
        max_cheques: text("max_cheques"),
        min_cheque: text("min_cheque"),
        payee: text("payee"),
        shifts: text("shifts"),
        commitment: text("commitment"),
    }
}

async fn editor_save(
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
    let action = if field(&raw, "action") == "publish" { Action::Publish } else { Action::Save };
    let form = parse_form(&raw);
    let now = Utc::now();
    let saved = state
        .panier
        .write(async |c| {
            contract_editor::save(c, &token, session.as_deref(), &csrf, &form, action, now).await
        })
        .await;
    match saved {
        Ok(Ok(s)) => {
            let ok = if s.state == panier_core::rules::state::ContractState::Draft || action == Action::Save {
                "saved"
            } else {
                "published"
            };
            Redirect::to(&format!("/e/{token}?ok={ok}")).into_response()
        }
        Ok(Err(problems)) => {
            let loaded = state
                .panier
                .read(async |c| contract_editor::page_with(c, &token, session.as_deref(), form, now).await)
                .await;
            match loaded {
                Ok(page) => {
                    let tx = tx_of(&state, &page).await;
                    html(StatusCode::BAD_REQUEST, editor_page::render(&tx, &page, &token, None, &problems))
                }
                Err(e) => refusal(&e, lang),
            }
        }
        Err(e) => refusal(&e, lang),
    }
}
