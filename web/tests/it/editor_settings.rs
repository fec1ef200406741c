//! The AMAP settings page over HTTP on SQLite and PostgreSQL: an admin changes the place, day,
//! times, duty slots, a reminder time chosen in words (stored as a cron expression), the
//! language and the privacy notice; bad values are explained next to their field and change
//! nothing; members are refused a link; forged forms and other browsers are refused.

use crate::editor::{app, form_from_page, set, to};
use crate::support;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, header};
use chrono::{NaiveTime, Utc, Weekday};
use panier_core::store::editor::EditorPurpose;
use panier_core::store::{Store, accounts, directory};
use panier_core::types::MemberId;
use panier_core::usecases::Panier;
use panier_core::usecases::editor;

use support::{demo, send, stores, text};

async fn link(store: &Store, member: MemberId) -> Result<String, panier_core::error::CoreError> {
    let panier = Panier::new(store.clone());
    let now = Utc::now();
    panier
        .write(async |c| editor::issue_admin_link(c, member, EditorPurpose::Settings, &to(), now).await)
        .await
        .map(|l| l.token)
}

fn request(
    method: &str,
    uri: &str,
    cookie: Option<&str>,
    form: Option<&[(String, String)]>,
) -> Request<Body> {
    let addr: std::net::SocketAddr = support::CLIENT.parse().expect("addr");
    let mut r = Request::builder().method(method).uri(uri).extension(ConnectInfo(addr));
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, format!("panier_session={c}"));
    }
    match form {
        Some(form) => {
            let body =
                form.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
            r.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(body))
        }
        None => r.body(Body::empty()),
    }
    .expect("request")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn open(router: &Router, token: &str) -> (String, String) {
    let (status, response, body) = send(router, request("GET", &format!("/a/{token}"), None, None)).await;
    let html = text(&body);
    assert_eq!(status, 200, "{html}");
    let cookie =
        response.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("cookie").to_owned();
    assert!(cookie.contains(&format!("Path=/a/{token}")), "{cookie}");
    (html, cookie.trim_start_matches("panier_session=").split(';').next().unwrap_or("").to_owned())
}

/// The values a browser sends: inputs, the selected option of each select, the textarea.
fn browser_form(html: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> =
        form_from_page(html).into_iter().filter(|(k, _)| k != "action" && k != "commitment").collect();
    let mut rest = html;
    while let Some(i) = rest.find("<select id=\"") {
        rest = &rest[i + 12..];
        let id = &rest[..rest.find('"').unwrap_or(0)];
        let sel = &rest[..rest.find("</select>").unwrap_or(rest.len())];
        if let Some(o) = sel.find(" selected") {
            let before = &sel[..o];
            let v = before.rfind("value=\"").map(|i| &before[i + 7..]).unwrap_or("");
            form.push((id.to_owned(), v[..v.find('"').unwrap_or(0)].to_owned()));
        }
    }
    if let Some(s) = html.find("name=\"privacy_notice\"") {
        let t = &html[s..];
        let start = t.find('>').map_or(0, |i| i + 1);
        let end = t.find("</textarea>").unwrap_or(start);
        form.push(("privacy_notice".into(), t[start..end].to_owned()));
    }
    form
}

#[tokio::test]
async fn an_admin_changes_the_amap_settings() {
    for (backend, store) in stores().await {
        let (info, _) = demo(&store).await;
        let router = app(&store);
        let token = link(&store, info.admin).await.expect("admin link");
        let (html, cookie) = open(&router, &token).await;
        assert!(html.contains("la veille") && html.contains("à 18h"), "{backend}: reminder times in words");
        assert!(!html.contains("<script"), "{backend}");
        let mut form = browser_form(&html);
        assert!(
            form.iter().any(|(k, v)| k == "reminder-distribution_reminder" && v == "18:00"),
            "{backend}: {form:?}"
        );
        set(&mut form, "place", "Salle des fêtes");
        set(&mut form, "weekday", "4");
        set(&mut form, "start", "18:00");
        set(&mut form, "end", "19:30");
        set(&mut form, "duty_slots", "4");
        set(&mut form, "language", "en");
        set(&mut form, "privacy_notice", "Responsable : le bureau de l'AMAP.");
        set(&mut form, "reminder-distribution_reminder", "19:30");
        let (status, response, body) =
            send(&router, request("POST", &format!("/a/{token}/save"), Some(&cookie), Some(&form))).await;
        assert_eq!(status, 303, "{backend}: {}", text(&body));
        assert_eq!(
            response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()),
            Some(format!("/a/{token}?ok=saved").as_str())
        );
        let mut conn = store.conn().await.expect("conn");
        let amap = directory::amap_by_id(&mut conn, info.amap).await.expect("amap").expect("amap");
        assert_eq!(amap.place_name, "Salle des fêtes", "{backend}");
        assert_eq!(amap.weekday, Weekday::Thu, "{backend}");
        assert_eq!(amap.window.end, NaiveTime::from_hms_opt(19, 30, 0).expect("t"), "{backend}");
        assert_eq!(amap.duty_slots, 4, "{backend}");
        assert_eq!(amap.default_language, "en", "{backend}");
        let schedules = accounts::schedules_of(&mut conn, info.amap).await.expect("schedules");
        assert!(
            schedules.contains(&("distribution_reminder".to_owned(), "0 30 19 * * *".to_owned())),
            "{backend}: {schedules:?}"
        );
        assert!(panier_core::scheduler::schedule::Cron::parse("0 30 19 * * *").is_ok());
        let notice =
            panier_core::usecases::privacy::privacy_notice(&mut conn, info.amap).await.expect("notice");
        assert_eq!(notice.as_deref(), Some("Responsable : le bureau de l'AMAP."), "{backend}");
        drop(conn);

        // Bad values: explained next to the field, nothing written.
        for (key, value, id) in [
            ("end", "17:00", "end-error"),
            ("duty_slots", "99", "duty_slots-error"),
            ("place", " ", "place-error"),
            ("reminder-duty_alert", "25:00", "reminder-duty_alert-error"),
        ] {
            let mut bad = form.clone();
            set(&mut bad, "place", "Ailleurs");
            set(&mut bad, key, value);
            let (status, _, body) =
                send(&router, request("POST", &format!("/a/{token}/save"), Some(&cookie), Some(&bad))).await;
            let html = text(&body);
            assert_eq!(status, 400, "{backend}: {key}");
            assert!(html.contains(&format!("id=\"{id}\"")), "{backend}: {key}: {id}");
            let mut conn = store.conn().await.expect("conn");
            let amap = directory::amap_by_id(&mut conn, info.amap).await.expect("amap").expect("amap");
            assert_eq!(amap.place_name, "Salle des fêtes", "{backend}: {key}: nothing written");
        }
        // Forged form, other browser.
        let mut forged = form.clone();
        set(&mut forged, "csrf", "forged");
        let (status, _, _) =
            send(&router, request("POST", &format!("/a/{token}/save"), Some(&cookie), Some(&forged))).await;
        assert_eq!(status, 403, "{backend}: forged CSRF");
        let (status, _, _) = send(&router, request("GET", &format!("/a/{token}"), None, None)).await;
        assert_eq!(status, 409, "{backend}: another browser");
        // A contract editor link does not open the settings.
        let contract_token = crate::editor::link(&store, info.admin, None, 0).await;
        let (status, _, _) = send(&router, request("GET", &format!("/a/{contract_token}"), None, None)).await;
        assert_eq!(status, 404, "{backend}: purpose is checked");
    }
}

#[tokio::test]
async fn only_admins_get_a_settings_link() {
    for (backend, store) in stores().await {
        let (info, _) = demo(&store).await;
        for who in [info.demo_member, info.members[1], info.farmers[0]] {
            let refused = link(&store, who).await;
            assert!(matches!(refused, Err(panier_core::error::CoreError::Forbidden(_))), "{backend}");
        }
    }
}
