//! The signing pages behind the bot's one-time links:
//!
//! - `GET /s/{token}`: the member's contract, quantities, payment, rules and the sign form;
//!   `POST /s/{token}/quantities`, `/cheques`, `/sign`; `GET /s/{token}/contrat.pdf`.
//! - `GET /c/{token}`: the farmer's list to countersign; `POST /c/{token}/countersign`;
//!   `GET /c/{token}/copie/{subscription}`.
//!
//! Every lookup of a token is rate limited per client address. Forms carry the link's CSRF
//! value. Authorization, validation and evidence are core's; this module parses and renders.
//! Tokens never reach the logs.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, Form, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{NaiveDate, Utc};
use panier_conversation::i18n::Lang;
use panier_core::error::{Conflict, CoreError, Invalid};
use panier_core::rules::deadlines::local_today;
use panier_core::signature::{Purpose, constant_time_eq};
use panier_core::types::{ProductId, Quantity, SubscriptionId};
use panier_core::usecases::Panier;
use panier_core::usecases::signing::{
    self, CountersignPage, QuantityChange, SignatureContext, SignedCopy, SigningPage,
};
use serde::Deserialize;

use crate::limiter::{FailureLockout, Limiter};
use crate::pages::{self, Notice, Tx};
use crate::pdf;

#[derive(Clone)]
pub struct SigningState {
    pub panier: Panier,
    pub limiter: Arc<Limiter>,
}

impl std::fmt::Debug for SigningState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningState").finish_non_exhaustive()
    }
}

impl SigningState {
    pub fn new(panier: Panier) -> SigningState {
        SigningState { panier, limiter: Arc::new(Limiter::for_token_pages()) }
    }
}

pub fn routes(state: SigningState) -> Router {
    Router::new()
        .route("/assets/panier.css", get(stylesheet))
        .route("/s/{token}", get(member_get))
        .route("/s/{token}/quantities", post(member_quantities))
        .route("/s/{token}/cheques", post(member_cheques))
        .route("/s/{token}/sign", post(member_sign))
        .route("/s/{token}/contrat.pdf", get(member_pdf))
        .route("/c/{token}", get(farmer_get))
        .route("/c/{token}/countersign", post(farmer_countersign))
        .route("/c/{token}/copie/{subscription}", get(farmer_pdf))
        .with_state(state)
}

/// Unknown tokens (404) count against the client address; a locked-out address gets 429 on
/// every token page (signing, editor, calendar), even with a valid token, until the lock ends.
/// `crate::router` puts it around all of them, so guesses on one kind count for the others.
pub async fn token_lockout(
    State(lockout): State<Arc<FailureLockout>>,
    ClientIp(ip): ClientIp,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let now = std::time::Instant::now();
    if lockout.is_locked_at(ip, now) {
        return rate_limited(browser_lang(request.headers()));
    }
    let response = next.run(request).await;
    if response.status() == StatusCode::NOT_FOUND && lockout.record_failure_at(ip, now) {
        tracing::warn!("a client address is locked out after too many unknown signing links");
    }
    response
}

const CSS: &str = include_str!("assets/panier.css");

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

/// The client's address: the TCP connection's, or the browser's as a trusted reverse proxy
/// forwarded it (`proxy::forwarded_client` rewrites the connection info first).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(ClientIp(ip))
    }
}

/// The reader's language before the link is known: the browser's preference.
fn browser_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|tag| Lang::parse(tag.split(';').next().unwrap_or("")))
        .unwrap_or_default()
}

fn tx_for(lang: Lang) -> Tx {
    Tx { lang, today: Utc::now().date_naive() }
}

fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], body)
        .into_response()
}

fn message(status: StatusCode, lang: Lang, title: &str, body: &str) -> Response {
    html(status, pages::message_page(&tx_for(lang), title, body, ""))
}

fn rate_limited(lang: Lang) -> Response {
    message(StatusCode::TOO_MANY_REQUESTS, lang, "web-rate-limited-title", "web-rate-limited")
}

/// The page for a refused link or a failure that is not about the form's content.
fn refusal(e: &CoreError, lang: Lang) -> Response {
    match e {
        CoreError::Invalid(Invalid::SigningLinkUnknown) => {
            message(StatusCode::NOT_FOUND, lang, "web-link-unknown-title", "web-link-unknown")
        }
        CoreError::Invalid(Invalid::SigningLinkExpired) => {
            message(StatusCode::GONE, lang, "web-link-expired-title", "web-link-expired")
        }
        CoreError::Invalid(Invalid::SigningLinkUsed) => {
            message(StatusCode::CONFLICT, lang, "web-link-used-title", "web-link-used")
        }
        CoreError::Invalid(Invalid::FormExpired) => {
            message(StatusCode::FORBIDDEN, lang, "web-form-expired-title", "web-form-expired")
        }
        CoreError::Forbidden(_) => {
            message(StatusCode::FORBIDDEN, lang, "web-forbidden-title", "web-forbidden")
        }
        CoreError::NotFound(_) => {
            message(StatusCode::NOT_FOUND, lang, "web-not-found-title", "web-not-found")
        }
        e => {
            tracing::error!(error = %e, "signing page failed");
            message(StatusCode::INTERNAL_SERVER_ERROR, lang, "web-internal-title", "web-internal")
        }
    }
}

/// Errors about what the form asked: shown on the page itself. None for the other errors.
fn form_error(e: &CoreError, tx: &Tx, input: &str) -> Option<(StatusCode, String)> {
    use panier_conversation::i18n::Arg;
    let (status, key) = match e {
        CoreError::Invalid(Invalid::Quantity) => (StatusCode::BAD_REQUEST, "web-error-quantity"),
        CoreError::Invalid(Invalid::ProductNotOffered) => (StatusCode::BAD_REQUEST, "web-error-not-offered"),
        CoreError::Invalid(Invalid::DeadlinePassed) => (StatusCode::BAD_REQUEST, "web-error-deadline"),
        CoreError::Invalid(Invalid::NotADeliveryDate) => (StatusCode::BAD_REQUEST, "web-error-not-a-date"),
        CoreError::Invalid(Invalid::ChequeCount) => (StatusCode::BAD_REQUEST, "web-error-cheques"),
        CoreError::Invalid(Invalid::ConsentRequired) => (StatusCode::BAD_REQUEST, "web-error-consent"),
        CoreError::Conflict(Conflict::StaleVersion) => (StatusCode::CONFLICT, "web-error-stale"),
        CoreError::Conflict(Conflict::ContractNotOpen) => (StatusCode::CONFLICT, "web-error-closed"),
        CoreError::Conflict(Conflict::AlreadySigned) => (StatusCode::CONFLICT, "web-error-already"),
        CoreError::NotFound(panier_core::error::Missing::Product(_)) => {
            (StatusCode::BAD_REQUEST, "web-error-unknown-product")
        }
        CoreError::NotFound(panier_core::error::Missing::Subscription) => {
            (StatusCode::NOT_FOUND, "web-error-nothing-selected")
        }
        _ => return None,
    };
    Some((status, tx.t(key, &[("input", Arg::from(input))])))
}

fn member_tx(page: &SigningPage) -> Tx {
    let lang = page
        .member
        .language
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| Lang::parse(&page.amap.default_language))
        .unwrap_or_default();
    Tx { lang, today: local_today(Utc::now(), page.amap.timezone) }
}

fn farmer_tx(page: &CountersignPage) -> Tx {
    let lang = page
        .farmer
        .language
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| Lang::parse(&page.amap.default_language))
        .unwrap_or_default();
    Tx { lang, today: local_today(Utc::now(), page.amap.timezone) }
}

async fn load_member(state: &SigningState, token: &str) -> Result<SigningPage, CoreError> {
    let now = Utc::now();
    state.panier.read(async |c| signing::member_page(c, token, now).await).await
}

async fn load_farmer(state: &SigningState, token: &str) -> Result<CountersignPage, CoreError> {
    let now = Utc::now();
    state.panier.read(async |c| signing::farmer_page(c, token, now).await).await
}

fn used_page(tx: &Tx, page: &SigningPage, token: &str) -> Response {
    let extra = if page.copy_available {
        format!(
            "<p><a class=\"button\" href=\"/s/{}/contrat.pdf\" download>{}</a></p>",
            pages::esc(token),
            tx.h("web-sign-download", &[])
        )
    } else {
        String::new()
    };
    html(StatusCode::CONFLICT, pages::message_page(tx, "web-link-used-title", "web-link-used", &extra))
}

#[derive(Deserialize)]
struct Shown {
    ok: Option<String>,
}

async fn member_get(
    State(state): State<SigningState>,
    Path(token): Path<String>,
    Query(shown): Query<Shown>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    match load_member(&state, &token).await {
        Ok(page) => {
            let tx = member_tx(&page);
            if page.link.used {
                return used_page(&tx, &page, &token);
            }
            let notice = match shown.ok.as_deref() {
                Some("quantities") => Some(Notice::OkIn("quantites", tx.t("web-sign-saved", &[]))),
                Some("cheques") => Some(Notice::OkIn("paiement", tx.t("web-sign-cheques-saved", &[]))),
                _ => None,
            };
            html(StatusCode::OK, pages::member_page(&tx, &page, &token, notice.as_ref()))
        }
        Err(e) => refusal(&e, lang),
    }
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Re-shows the member's page with the error, or the refusal page.
async fn member_error(state: &SigningState, token: &str, e: CoreError, input: &str, lang: Lang) -> Response {
    match load_member(state, token).await {
        Ok(page) => {
            let tx = member_tx(&page);
            match form_error(&e, &tx, input) {
                Some((status, text)) => {
                    html(status, pages::member_page(&tx, &page, token, Some(&Notice::Error(text))))
                }
                None if page.link.used => used_page(&tx, &page, token),
                None => refusal(&e, tx.lang),
            }
        }
        Err(load) => refusal(&load, lang),
    }
}

/// Checks the CSRF value against the link's before reading anything else from the form.
async fn csrf_ok(state: &SigningState, token: &str, form: &[(String, String)]) -> Result<(), CoreError> {
    let page = load_member(state, token).await?;
    let sent = field(form, "csrf").unwrap_or("");
    if constant_time_eq(page.link.csrf.as_bytes(), sent.as_bytes()) {
        Ok(())
    } else {
        Err(Invalid::FormExpired.into())
    }
}

/// Reads `q-{product}` (every date) or `q-{product}-{YYYY-MM-DD}` fields. An empty field
/// changes nothing. On a bad value, returns it for the error message.
fn parse_quantities(form: &[(String, String)]) -> Result<QuantityChange, String> {
    let per_date = field(form, "mode") == Some("dates");
    let mut every = Vec::new();
    let mut dated = Vec::new();
    for (key, value) in form {
        let Some(rest) = key.strip_prefix("q-") else { continue };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let shown: String = value.chars().take(12).collect();
        let quantity = Quantity::parse(value).map_err(|_| shown.clone())?;
        match rest.split_once('-') {
            Some((product, date)) if per_date => {
                let product: i64 = product.parse().map_err(|_| shown.clone())?;
                let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| shown.clone())?;
                dated.push((ProductId(product), date, quantity));
            }
            None if !per_date => {
                let product: i64 = rest.parse().map_err(|_| shown.clone())?;
                every.push((ProductId(product), quantity));
            }
            _ => {}
        }
    }
    Ok(if per_date { QuantityChange::PerDate(dated) } else { QuantityChange::EveryDate(every) })
}

async fn member_quantities(
    State(state): State<SigningState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    if let Err(e) = csrf_ok(&state, &token, &form).await {
        return refusal(&e, lang);
    }
    let change = match parse_quantities(&form) {
        Ok(change) => change,
        Err(input) => return member_error(&state, &token, Invalid::Quantity.into(), &input, lang).await,
    };
    let csrf = field(&form, "csrf").unwrap_or("").to_owned();
    let now = Utc::now();
    let saved =
        state.panier.write(async |c| signing::save_quantities(c, &token, &csrf, &change, now).await).await;
    match saved {
        Ok(()) => Redirect::to(&format!("/s/{token}?ok=quantities#quantites")).into_response(),
        Err(e) => member_error(&state, &token, e, "", lang).await,
    }
}

async fn member_cheques(
    State(state): State<SigningState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    if let Err(e) = csrf_ok(&state, &token, &form).await {
        return refusal(&e, lang);
    }
    let count: u32 = field(&form, "cheques").and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let csrf = field(&form, "csrf").unwrap_or("").to_owned();
    let now = Utc::now();
    let saved =
        state.panier.write(async |c| signing::choose_cheques(c, &token, &csrf, count, now).await).await;
    match saved {
        Ok(()) => Redirect::to(&format!("/s/{token}?ok=cheques#paiement")).into_response(),
        Err(e) => member_error(&state, &token, e, "", lang).await,
    }
}

fn user_agent(headers: &HeaderMap) -> String {
    headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
}

async fn member_sign(
    State(state): State<SigningState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    let page = match load_member(&state, &token).await {
        Ok(page) => page,
        Err(e) => return refusal(&e, lang),
    };
    let tx = member_tx(&page);
    let ctx = SignatureContext {
        consent: field(&form, "consent") == Some("yes"),
        consent_text: pages::member_consent(&tx, &page),
        ip: ip.to_string(),
        user_agent: user_agent(&headers),
    };
    let csrf = field(&form, "csrf").unwrap_or("").to_owned();
    let doc = field(&form, "doc").unwrap_or("").to_owned();
    let now = Utc::now();
    let signed = state.panier.write(async |c| signing::sign(c, &token, &csrf, &doc, &ctx, now).await).await;
    match signed {
        Ok(s) => html(StatusCode::OK, pages::signed_page(&tx, &page.contract.name, s.version)),
        Err(e) => member_error(&state, &token, e, "", lang).await,
    }
}

fn pdf_response(copy: &SignedCopy, language: &str) -> Response {
    let lang = Lang::parse(language).unwrap_or_default();
    let bytes = pdf::render_copy(copy, lang);
    if bytes.is_empty() {
        return message(StatusCode::INTERNAL_SERVER_ERROR, lang, "web-internal-title", "web-internal");
    }
    let disposition = format!("attachment; filename=\"{}\"", pdf::filename(copy, lang));
    let mut response = (StatusCode::OK, bytes).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

async fn member_pdf(
    State(state): State<SigningState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    let now = Utc::now();
    let copy = state
        .panier
        .read(async |c| signing::copy_for_link(c, &token, Purpose::Member, None, now).await)
        .await;
    match copy {
        Ok((copy, language)) => pdf_response(&copy, &language),
        Err(e) => refusal(&e, lang),
    }
}

async fn farmer_get(
    State(state): State<SigningState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    match load_farmer(&state, &token).await {
        Ok(page) => {
            let tx = farmer_tx(&page);
            html(StatusCode::OK, pages::farmer_page(&tx, &page, &token, None))
        }
        Err(e) => refusal(&e, lang),
    }
}

async fn farmer_countersign(
    State(state): State<SigningState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    let page = match load_farmer(&state, &token).await {
        Ok(page) => page,
        Err(e) => return refusal(&e, lang),
    };
    let tx = farmer_tx(&page);
    let sent = field(&form, "csrf").unwrap_or("");
    if !constant_time_eq(page.link.csrf.as_bytes(), sent.as_bytes()) {
        return refusal(&Invalid::FormExpired.into(), tx.lang);
    }
    let which: Vec<(SubscriptionId, String)> = form
        .iter()
        .filter(|(k, _)| k == "sub")
        .filter_map(|(_, v)| {
            let (id, hash) = v.split_once(':')?;
            Some((SubscriptionId(id.trim().parse().ok()?), hash.trim().to_owned()))
        })
        .collect();
    let contract = &page.contract.name;
    let consent_text = if field(&form, "all") == Some("yes") {
        pages::farmer_consent_all(&tx, contract, which.len())
    } else {
        match which.first().and_then(|(id, _)| page.pending.iter().find(|p| p.subscription == *id)) {
            Some(p) => {
                pages::farmer_consent_one(&tx, contract, &p.member_name, p.version, p.document.total_cents)
            }
            None => pages::farmer_consent_all(&tx, contract, which.len()),
        }
    };
    let ctx = SignatureContext {
        consent: field(&form, "consent") == Some("yes"),
        consent_text,
        ip: ip.to_string(),
        user_agent: user_agent(&headers),
    };
    let csrf = sent.to_owned();
    let now = Utc::now();
    let renderer = pdf::PdfRenderer;
    let done = state
        .panier
        .write(async |c| signing::countersign(c, &token, &csrf, &which, &ctx, &renderer, now).await)
        .await;
    match done {
        Ok(outcome) => {
            html(StatusCode::OK, pages::countersigned_page(&tx, &token, outcome.subscriptions.len()))
        }
        Err(e) => match form_error(&e, &tx, "") {
            Some((status, text)) => match load_farmer(&state, &token).await {
                Ok(page) => html(status, pages::farmer_page(&tx, &page, &token, Some(&Notice::Error(text)))),
                Err(load) => refusal(&load, tx.lang),
            },
            None => refusal(&e, tx.lang),
        },
    }
}

async fn farmer_pdf(
    State(state): State<SigningState>,
    Path((token, subscription)): Path<(String, String)>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    let Ok(id) = subscription.trim_end_matches(".pdf").parse::<i64>() else {
        return message(StatusCode::NOT_FOUND, lang, "web-not-found-title", "web-not-found");
    };
    let now = Utc::now();
    let copy = state
        .panier
        .read(async |c| {
            signing::copy_for_link(c, &token, Purpose::Farmer, Some(SubscriptionId(id)), now).await
        })
        .await;
    match copy {
        Ok((copy, language)) => pdf_response(&copy, &language),
        Err(e) => refusal(&e, lang),
    }
}

/// Security headers on every response: no script at all, no framing, no referrer (links
/// carry tokens), no MIME sniffing, no caching of personal pages.
pub async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
