//! The member list behind an admin's `membres lien` link: `GET /m/{token}?q=` (search),
//! `POST /m/{token}/add`, `/code`, `/deactivate`, `/role`, `/import` (a members CSV file,
//! multipart; same checks and all-or-nothing as `panier import members`) and
//! `GET /m/{token}/membres.csv`. Same protections as the contract editor.

use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use panier_conversation::i18n::{Arg, Lang};
use panier_core::error::CoreError;
use panier_core::rules::deadlines::local_today;
use panier_core::types::MemberId;
use panier_core::usecases::admin_extra::{InviteOutcome, RoleLabel};
use panier_core::usecases::members_admin::{self, MembersPage, RoleChoice};
use serde::Deserialize;

use crate::editor::{
    EditorState, browser_lang, field, html, page_tx, rate_limited, refusal, session_of, with_session,
};
use crate::pages::{Tx, document, esc};
use crate::signing::ClientIp;

#[derive(Deserialize, Default)]
pub struct Params {
    q: Option<String>,
    ok: Option<String>,
}

/// What to show on top of the list after an action.
enum Notice {
    Ok(String),
    Error(String),
}

async fn tx_of(state: &EditorState, page: &MembersPage) -> Tx {
    let member = page.access.member;
    let language = state
        .panier
        .read(async |c| panier_core::store::directory::member_by_id(c, member).await)
        .await
        .ok()
        .flatten()
        .and_then(|m| m.language);
    page_tx(
        language.as_deref(),
        &page.access.amap.default_language,
        local_today(Utc::now(), page.access.amap.timezone),
    )
}

async fn show(
    state: &EditorState,
    token: &str,
    headers: &HeaderMap,
    query: &str,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let lang = browser_lang(headers);
    let session = session_of(headers);
    let now = Utc::now();
    match state
        .panier
        .write(async |c| members_admin::page(c, token, session.as_deref(), query, now).await)
        .await
    {
        Ok(page) => {
            let tx = tx_of(state, &page).await;
            let notice = notice.map(|n| match n {
                Notice::Ok(key) if key.starts_with("mb-") => Notice::Ok(tx.t(&key, &[])),
                other => other,
            });
            let body = render(&tx, &page, token, notice.as_ref());
            let secret = page.access.new_session.clone();
            with_session(html(status, body), "m", token, secret.as_deref(), headers)
        }
        Err(e) => refusal(&e, lang),
    }
}

pub async fn members_get(
    State(state): State<EditorState>,
    Path(token): Path<String>,
    Query(p): Query<Params>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Response {
    if !state.limiter.allow(ip) {
        return rate_limited(browser_lang(&headers));
    }
    let notice = p.ok.as_deref().and_then(|k| match k {
        "deactivated" | "role" | "imported" => Some(Notice::Ok(format!("mb-done-{k}"))),
        _ => None,
    });
    show(&state, &token, &headers, p.q.as_deref().unwrap_or(""), notice, StatusCode::OK).await
}

fn member_of(form: &[(String, String)]) -> Option<MemberId> {
    field(form, "member").trim().parse().ok().map(MemberId)
}

/// Refusals about the action asked (shown on the list), or None for link/right problems.
fn action_error(tx_lang: Lang, e: &CoreError) -> Option<(StatusCode, String)> {
    use panier_core::error::{Conflict, Forbidden, Invalid};
    let tx = Tx { lang: tx_lang, today: Utc::now().date_naive() };
    let key = match e {
        CoreError::Invalid(Invalid::Email) => "mb-error-email",
        CoreError::Invalid(Invalid::Name) => "mb-error-name",
        CoreError::Forbidden(Forbidden::OwnDataOnly) => "mb-error-self",
        CoreError::Conflict(Conflict::RunningContract) => "mb-error-running",
        CoreError::NotFound(_) => "mb-error-unknown",
        _ => return None,
    };
    Some((StatusCode::BAD_REQUEST, tx.t(key, &[])))
}

async fn after(
    state: &EditorState,
    token: &str,
    headers: &HeaderMap,
    outcome: Result<Notice, CoreError>,
    ok: &str,
) -> Response {
    match outcome {
        Ok(Notice::Ok(_)) if !ok.is_empty() => Redirect::to(&format!("/m/{token}?ok={ok}")).into_response(),
        Ok(notice) => show(state, token, headers, "", Some(notice), StatusCode::OK).await,
        Err(e) => match action_error(browser_lang(headers), &e) {
            Some((status, text)) => show(state, token, headers, "", Some(Notice::Error(text)), status).await,
            None => refusal(&e, browser_lang(headers)),
        },
    }
}

pub async fn members_add(
    State(state): State<EditorState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !state.limiter.allow(ip) {
        return rate_limited(browser_lang(&headers));
    }
    let session = session_of(&headers);
    let (csrf, email) = (field(&form, "csrf").to_owned(), field(&form, "email").to_owned());
    let name = (field(&form, "first_name").to_owned(), field(&form, "last_name").to_owned());
    let now = Utc::now();
    let lang = browser_lang(&headers);
    let outcome = state
        .panier
        .write(async |c| {
            members_admin::add(c, &token, session.as_deref(), &csrf, &email, (&name.0, &name.1), now).await
        })
        .await
        .map(|o| match o {
            InviteOutcome::NeedName => {
                Notice::Error(Tx { lang, today: now.date_naive() }.t("mb-error-need-name", &[]))
            }
            InviteOutcome::Invited(i) => Notice::Ok(
                Tx { lang, today: now.date_naive() }
                    .t("mb-added", &[("name", Arg::from(i.full_name)), ("code", Arg::from(i.code))]),
            ),
        });
    after(&state, &token, &headers, outcome, "").await
}

pub async fn members_code(
    State(state): State<EditorState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !state.limiter.allow(ip) {
        return rate_limited(browser_lang(&headers));
    }
    let session = session_of(&headers);
    let csrf = field(&form, "csrf").to_owned();
    let member = member_of(&form).unwrap_or(MemberId(0));
    let now = Utc::now();
    let lang = browser_lang(&headers);
    let outcome = state
        .panier
        .write(async |c| members_admin::code(c, &token, session.as_deref(), &csrf, member, now).await)
        .await
        .map(|(name, code)| {
            Notice::Ok(
                Tx { lang, today: now.date_naive() }
                    .t("mb-code", &[("name", Arg::from(name)), ("code", Arg::from(code))]),
            )
        });
    after(&state, &token, &headers, outcome, "").await
}

pub async fn members_deactivate(
    State(state): State<EditorState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !state.limiter.allow(ip) {
        return rate_limited(browser_lang(&headers));
    }
    let session = session_of(&headers);
    let csrf = field(&form, "csrf").to_owned();
    let member = member_of(&form).unwrap_or(MemberId(0));
    let now = Utc::now();
    let outcome = state
        .panier
        .write(async |c| members_admin::deactivate(c, &token, session.as_deref(), &csrf, member, now).await)
        .await
        .map(|()| Notice::Ok(String::new()));
    after(&state, &token, &headers, outcome, "deactivated").await
}

pub async fn members_role(
    State(state): State<EditorState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !state.limiter.allow(ip) {
        return rate_limited(browser_lang(&headers));
    }
    let session = session_of(&headers);
    let csrf = field(&form, "csrf").to_owned();
    let member = member_of(&form).unwrap_or(MemberId(0));
    let grant = field(&form, "op") != "remove";
    let Some(role) = RoleChoice::parse(field(&form, "role")) else {
        let text =
            Tx { lang: browser_lang(&headers), today: Utc::now().date_naive() }.t("mb-error-unknown", &[]);
        return show(&state, &token, &headers, "", Some(Notice::Error(text)), StatusCode::BAD_REQUEST).await;
    };
    let now = Utc::now();
    let outcome = state
        .panier
        .write(async |c| {
            members_admin::set_role(c, &token, session.as_deref(), &csrf, member, role, grant, now).await
        })
        .await
        .map(|()| Notice::Ok(String::new()));
    after(&state, &token, &headers, outcome, "role").await
}

pub async fn members_csv(
    State(state): State<EditorState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    let session = session_of(&headers);
    let now = Utc::now();
    match state.panier.read(async |c| members_admin::csv(c, &token, session.as_deref(), now).await).await {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"membres.csv\""),
                ),
            ],
            text,
        )
            .into_response(),
        Err(e) => refusal(&e, lang),
    }
}

/// Largest members file accepted (bytes).
const MAX_UPLOAD: usize = 2 * 1024 * 1024;

pub async fn members_import(
    State(state): State<EditorState>,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let lang = browser_lang(&headers);
    if !state.limiter.allow(ip) {
        return rate_limited(lang);
    }
    let (mut csrf, mut file) = (String::new(), Vec::new());
    while let Ok(Some(part)) = multipart.next_field().await {
        match part.name() {
            Some("csrf") => csrf = part.text().await.unwrap_or_default(),
            Some("file") => match part.bytes().await {
                Ok(bytes) if bytes.len() <= MAX_UPLOAD => file = bytes.to_vec(),
                _ => file.clear(),
            },
            _ => {}
        }
    }
    let session = session_of(&headers);
    let now = Utc::now();
    let amap = match state
        .panier
        .read(async |c| members_admin::upload_target(c, &token, session.as_deref(), &csrf, now).await)
        .await
    {
        Ok(slug) => slug,
        Err(e) => return refusal(&e, lang),
    };
    let (text, _) = panier_core::import::decode_text(&file);
    let tx = Tx { lang, today: now.date_naive() };
    if text.trim().is_empty() {
        let msg = tx.t("mb-import-empty", &[]);
        return show(&state, &token, &headers, "", Some(Notice::Error(msg)), StatusCode::BAD_REQUEST).await;
    }
    match panier_core::import::import_members(state.panier.store(), &amap, "membres.csv", &text, now).await {
        Ok(_) => Redirect::to(&format!("/m/{token}?ok=imported")).into_response(),
        Err(e) => {
            // Where the file is wrong (line and column), in the reader's language.
            let msg = match e.at {
                panier_core::import::At::Line(line) => tx.t(
                    "mb-import-refused-line",
                    &[("line", Arg::from(line.to_string())), ("field", Arg::from(e.field.as_str()))],
                ),
                _ => tx.t("mb-import-refused", &[("field", Arg::from(e.field.as_str()))]),
            };
            show(&state, &token, &headers, "", Some(Notice::Error(msg)), StatusCode::BAD_REQUEST).await
        }
    }
}

fn role_text(tx: &Tx, r: &RoleLabel) -> String {
    match r {
        RoleLabel::Admin => tx.t("manage-role-admin", &[]),
        RoleLabel::Referent(c) => tx.t("manage-role-referent", &[("contract", Arg::from(c.as_str()))]),
        RoleLabel::Farmer(f) => tx.t("manage-role-farmer", &[("farm", Arg::from(f.as_str()))]),
    }
}

fn render(tx: &Tx, page: &MembersPage, token: &str, notice: Option<&Notice>) -> String {
    let base = format!("/m/{}", esc(token));
    let csrf = format!("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", esc(&page.access.csrf));
    let title = tx.t("mb-title", &[]);
    let mut b = format!(
        "<header><h1>{}</h1><p class=\"sub\">{}</p></header>\n",
        esc(&title),
        esc(&page.access.amap.name)
    );
    match notice {
        Some(Notice::Ok(text)) => {
            b.push_str(&format!("<div class=\"notice\" role=\"status\"><p>{}</p></div>\n", esc(text)))
        }
        Some(Notice::Error(text)) => b.push_str(&format!(
            "<div class=\"notice error\" role=\"alert\" id=\"error\"><p>{}</p></div>\n",
            esc(text)
        )),
        None => {}
    }
    // Search.
    b.push_str(&format!(
        "<section aria-labelledby=\"search-h\"><h2 id=\"search-h\">{}</h2><form method=\"get\" action=\"{base}\" role=\"search\">\
         <div class=\"field\"><label for=\"q\">{}</label><input type=\"search\" id=\"q\" name=\"q\" value=\"{}\"></div>\
         <button type=\"submit\">{}</button></form><p>{}</p>\
         <p><a class=\"button\" href=\"{base}/membres.csv\" download>{}</a></p></section>\n",
        tx.h("mb-search-heading", &[]),
        tx.h("mb-search", &[]),
        esc(&page.query),
        tx.h("mb-search-button", &[]),
        tx.h("mb-found", &[("n", Arg::from(page.total))]),
        tx.h("mb-download", &[]),
    ));
    // The list.
    b.push_str("<section aria-labelledby=\"list-h\"><h2 id=\"list-h\">");
    b.push_str(&tx.h("mb-list-heading", &[]));
    b.push_str("</h2>");
    let role_options: String =
        std::iter::once(format!("<option value=\"admin\">{}</option>", tx.h("manage-role-admin", &[])))
            .chain(page.contracts.iter().map(|c| {
                format!(
                    "<option value=\"referent:{}\">{}</option>",
                    c.id.0,
                    esc(&tx.t("manage-role-referent", &[("contract", Arg::from(c.name.as_str()))]))
                )
            }))
            .collect();
    for m in &page.cards {
        let id = m.id.0;
        let roles: Vec<String> = m.roles.iter().map(|r| role_text(tx, r)).collect();
        let roles = if roles.is_empty() { tx.t("manage-role-member", &[]) } else { roles.join(", ") };
        let linked =
            if m.linked.is_empty() { tx.t("manage-members-not-linked", &[]) } else { tx.t("mb-linked", &[]) };
        b.push_str(&format!(
            "<article aria-labelledby=\"m{id}-h\"><h3 id=\"m{id}-h\">{}</h3><p>{} · {}</p><p>{} · {}</p>\
             <form method=\"post\" action=\"{base}/code\" class=\"inline-form\">{csrf}<input type=\"hidden\" name=\"member\" value=\"{id}\"><button type=\"submit\">{}</button></form> \
             <form method=\"post\" action=\"{base}/deactivate\" class=\"inline-form\">{csrf}<input type=\"hidden\" name=\"member\" value=\"{id}\"><button type=\"submit\">{}</button></form>\
             <form method=\"post\" action=\"{base}/role\">{csrf}<input type=\"hidden\" name=\"member\" value=\"{id}\">\
             <div class=\"field\"><label for=\"role-{id}\">{}</label><select id=\"role-{id}\" name=\"role\">{role_options}</select></div>\
             <button type=\"submit\" name=\"op\" value=\"add\">{}</button> <button type=\"submit\" name=\"op\" value=\"remove\">{}</button></form></article>\n",
            esc(&m.full_name),
            esc(&m.email),
            esc(m.phone.as_deref().unwrap_or("—")),
            esc(&roles),
            esc(&linked),
            tx.h("mb-code-button", &[]),
            tx.h("mb-deactivate-button", &[]),
            tx.h("mb-role-label", &[]),
            tx.h("mb-role-add", &[]),
            tx.h("mb-role-remove", &[]),
        ));
    }
    b.push_str("</section>\n");
    // Add and import.
    b.push_str(&format!(
        "<section aria-labelledby=\"add-h\"><h2 id=\"add-h\">{}</h2><form method=\"post\" action=\"{base}/add\">{csrf}\
         <div class=\"field\"><label for=\"email\">{}</label><input type=\"email\" id=\"email\" name=\"email\" autocomplete=\"off\"></div>\
         <div class=\"field\"><label for=\"first_name\">{}</label><input type=\"text\" id=\"first_name\" name=\"first_name\"></div>\
         <div class=\"field\"><label for=\"last_name\">{}</label><input type=\"text\" id=\"last_name\" name=\"last_name\"></div>\
         <button type=\"submit\" class=\"primary\">{}</button></form></section>\n",
        tx.h("mb-add-heading", &[]),
        tx.h("mb-email", &[]),
        tx.h("mb-first-name", &[]),
        tx.h("mb-last-name", &[]),
        tx.h("mb-add-button", &[]),
    ));
    b.push_str(&format!(
        "<section aria-labelledby=\"import-h\"><h2 id=\"import-h\">{}</h2><p class=\"hint\">{}</p>\
         <form method=\"post\" action=\"{base}/import\" enctype=\"multipart/form-data\">{csrf}\
         <div class=\"field\"><label for=\"file\">{}</label><input type=\"file\" id=\"file\" name=\"file\" accept=\".csv,text/csv\"></div>\
         <button type=\"submit\">{}</button></form></section>\n",
        tx.h("mb-import-heading", &[]),
        tx.h("mb-import-hint", &[]),
        tx.h("mb-import-file", &[]),
        tx.h("mb-import-button", &[]),
    ));
    b.push_str(&format!(
        "<p class=\"hint\">{}</p>\n",
        tx.h("web-expires", &[("date", Arg::from(tx.date(page.access.expires_at.date_naive())))])
    ));
    document(tx, &format!("{title} — {}", page.access.amap.name), &b).replacen(
        "<link rel=\"stylesheet\" href=\"/assets/panier.css\">",
        "<link rel=\"stylesheet\" href=\"/assets/panier.css\">\n<link rel=\"stylesheet\" href=\"/assets/editor.css\">",
        1,
    )
}
