//! The member list page over HTTP on SQLite and PostgreSQL: search, add (with a linking code),
//! a new code, roles granted and withdrawn, removal from the AMAP, the CSV download, the CSV
//! upload (all or nothing, the faulty line named), and the refusals (oneself, a running
//! contract, a new person without a name, forged forms, non-admins).

use crate::editor::{app, to};
use crate::support;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, header};
use chrono::Utc;
use panier_core::model::Role;
use panier_core::store::editor::EditorPurpose;
use panier_core::store::{Store, directory};
use panier_core::types::{Email, MemberId};
use panier_core::usecases::Panier;
use panier_core::usecases::editor;

use support::{demo, input_value, send, stores, text};

async fn link(store: &Store, member: MemberId) -> Result<String, panier_core::error::CoreError> {
    let panier = Panier::new(store.clone());
    let now = Utc::now();
    panier
        .write(async |c| editor::issue_admin_link(c, member, EditorPurpose::Members, &to(), now).await)
        .await
        .map(|l| l.token)
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

fn req(method: &str, uri: &str, cookie: &str, form: &[(&str, &str)]) -> Request<Body> {
    let addr: std::net::SocketAddr = support::CLIENT.parse().expect("addr");
    let body = form.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
    Request::builder()
        .method(method)
        .uri(uri)
        .extension(ConnectInfo(addr))
        .header(header::COOKIE, format!("panier_session={cookie}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request")
}

fn upload(uri: &str, cookie: &str, csrf: &str, file: &str) -> Request<Body> {
    let addr: std::net::SocketAddr = support::CLIENT.parse().expect("addr");
    let b = "panierBOUNDARY42";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{b}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"membres.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{b}--\r\n"
    );
    Request::builder()
        .method("POST")
        .uri(uri)
        .extension(ConnectInfo(addr))
        .header(header::COOKIE, format!("panier_session={cookie}"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={b}"))
        .body(Body::from(body))
        .expect("request")
}

async fn open(router: &Router, token: &str) -> (String, String, String) {
    let addr: std::net::SocketAddr = support::CLIENT.parse().expect("addr");
    let r = Request::builder().uri(format!("/m/{token}")).extension(ConnectInfo(addr)).body(Body::empty());
    let (status, response, body) = send(router, r.expect("request")).await;
    let html = text(&body);
    assert_eq!(status, 200, "{html}");
    let cookie = response.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("cookie");
    let cookie = cookie.trim_start_matches("panier_session=").split(';').next().unwrap_or("").to_owned();
    let csrf = input_value(&html, "csrf");
    (html, cookie, csrf)
}

async fn member(store: &Store, email: &str) -> Option<MemberId> {
    let mut conn = store.conn().await.expect("conn");
    directory::member_by_email(&mut conn, &Email::parse(email).expect("email"))
        .await
        .expect("m")
        .map(|m| m.id)
}

async fn roles(store: &Store, id: MemberId) -> Vec<Role> {
    let mut conn = store.conn().await.expect("conn");
    directory::roles_of(&mut conn, id).await.expect("roles")
}

#[tokio::test]
async fn an_admin_manages_members_from_the_page() {
    for (backend, store) in stores().await {
        let (info, _) = demo(&store).await;
        let router = app(&store);
        let token = link(&store, info.admin).await.expect("admin link");
        let base = format!("/m/{token}");
        let (html, cookie, csrf) = open(&router, &token).await;
        assert!(html.contains("Camille Petit") && html.contains("Julien Roux"), "{backend}");
        assert!(!html.contains("<script"), "{backend}");
        let (status, _, body) = send(&router, req("GET", &format!("{base}?q=petit"), &cookie, &[])).await;
        let found = text(&body);
        assert_eq!(status, 200, "{backend}");
        assert!(found.contains("Camille Petit") && !found.contains("Julien Roux"), "{backend}: search");

        // Add: a new person needs a name; then they get a linking code.
        let add = |first: &'static str, last: &'static str| {
            req(
                "POST",
                &format!("{base}/add"),
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("email", "nouvelle@example.org"),
                    ("first_name", first),
                    ("last_name", last),
                ],
            )
        };
        let (status, _, body) = send(&router, add("", "")).await;
        assert_eq!(status, 200, "{backend}");
        assert!(text(&body).contains("prénom et son nom"), "{backend}: need a name");
        assert!(member(&store, "nouvelle@example.org").await.is_none(), "{backend}: nothing written");
        let (status, _, body) = send(&router, add("Nina", "Nouvelle")).await;
        let page = text(&body);
        assert_eq!(status, 200, "{backend}: {page}");
        assert!(page.contains("Nina Nouvelle fait partie de l&#39;AMAP"), "{backend}: {page}");
        let nina = member(&store, "nouvelle@example.org").await.expect("added");
        assert!(roles(&store, nina).await.contains(&Role::Member(info.amap)), "{backend}");

        // A new linking code for someone.
        let camille = info.demo_member;
        let (status, _, body) = send(
            &router,
            req(
                "POST",
                &format!("{base}/code"),
                &cookie,
                &[("csrf", &csrf), ("member", &camille.0.to_string())],
            ),
        )
        .await;
        assert_eq!(status, 200, "{backend}");
        assert!(text(&body).contains("Code de liaison de Camille Petit"), "{backend}");

        // Roles.
        let role = |member: MemberId, role: &str, op: &str| {
            req(
                "POST",
                &format!("{base}/role"),
                &cookie,
                &[("csrf", &csrf), ("member", &member.0.to_string()), ("role", role), ("op", op)],
            )
        };
        let (status, _, _) = send(&router, role(camille, "admin", "add")).await;
        assert_eq!(status, 303, "{backend}");
        assert!(roles(&store, camille).await.contains(&Role::Admin(info.amap)), "{backend}");
        let bread = format!("referent:{}", info.bread.0);
        let (status, _, _) = send(&router, role(camille, &bread, "add")).await;
        assert_eq!(status, 303, "{backend}");
        assert!(roles(&store, camille).await.contains(&Role::Referent(info.bread)), "{backend}");
        let (status, _, _) = send(&router, role(camille, "admin", "remove")).await;
        assert_eq!(status, 303, "{backend}");
        assert!(!roles(&store, camille).await.contains(&Role::Admin(info.amap)), "{backend}");
        let (status, _, body) = send(&router, role(info.admin, "admin", "remove")).await;
        assert_eq!(status, 400, "{backend}: not one's own admin role");
        assert!(text(&body).contains("pour vous-même"), "{backend}");
        assert!(roles(&store, info.admin).await.contains(&Role::Admin(info.amap)), "{backend}");
        let (status, _, _) = send(&router, role(camille, "referent:999999", "add")).await;
        assert_eq!(status, 400, "{backend}: a contract of no AMAP of ours");

        // Removal: refused while a signed contract runs, done otherwise.
        let (status, _, body) = send(
            &router,
            req(
                "POST",
                &format!("{base}/deactivate"),
                &cookie,
                &[("csrf", &csrf), ("member", &camille.0.to_string())],
            ),
        )
        .await;
        assert_eq!(status, 400, "{backend}");
        assert!(text(&body).contains("contrat signé en cours"), "{backend}");
        let (status, _, _) = send(
            &router,
            req(
                "POST",
                &format!("{base}/deactivate"),
                &cookie,
                &[("csrf", &csrf), ("member", &nina.0.to_string())],
            ),
        )
        .await;
        assert_eq!(status, 303, "{backend}");
        assert!(roles(&store, nina).await.is_empty(), "{backend}: no longer in the AMAP");

        // CSV download, in the import format.
        let (status, response, body) =
            send(&router, req("GET", &format!("{base}/membres.csv"), &cookie, &[])).await;
        let csv = text(&body);
        assert_eq!(status, 200, "{backend}");
        assert!(
            response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/csv"))
        );
        assert!(csv.starts_with("email,first_name,last_name,phone,roles\n"), "{backend}");
        assert!(csv.contains("camille.petit@example.org,Camille,Petit,,referent:pain"), "{backend}: {csv}");
        assert!(!csv.contains("nouvelle@example.org"), "{backend}");

        // CSV upload: a bad line refuses the whole file, naming the line.
        let bad = "email,first_name,last_name,phone,roles\nun@example.org,Une,Personne,,\npas-une-adresse,Deux,Personnes,,\n";
        let (status, _, body) = send(&router, upload(&format!("{base}/import"), &cookie, &csrf, bad)).await;
        let page = text(&body);
        assert_eq!(status, 400, "{backend}: {page}");
        assert!(page.contains("la ligne 3"), "{backend}: {page}");
        assert!(member(&store, "un@example.org").await.is_none(), "{backend}: all or nothing");
        let good = "email,first_name,last_name,phone,roles\nun@example.org,Une,Personne,,\ndeux@example.org,Deux,Personnes,06 12 34 56 78,admin\n";
        let (status, _, _) = send(&router, upload(&format!("{base}/import"), &cookie, &csrf, good)).await;
        assert_eq!(status, 303, "{backend}");
        let deux = member(&store, "deux@example.org").await.expect("imported");
        assert!(roles(&store, deux).await.contains(&Role::Admin(info.amap)), "{backend}");
        let (status, _, _) = send(&router, upload(&format!("{base}/import"), &cookie, "forged", good)).await;
        assert_eq!(status, 403, "{backend}: forged upload");

        // Forged forms change nothing.
        let (status, _, _) = send(
            &router,
            req(
                "POST",
                &format!("{base}/role"),
                &cookie,
                &[("csrf", "forged"), ("member", &camille.0.to_string()), ("role", "admin"), ("op", "add")],
            ),
        )
        .await;
        assert_eq!(status, 403, "{backend}");
        assert!(!roles(&store, camille).await.contains(&Role::Admin(info.amap)), "{backend}");
    }
}

#[tokio::test]
async fn only_admins_get_a_members_link() {
    for (backend, store) in stores().await {
        let (info, _) = demo(&store).await;
        for who in [info.demo_member, info.members[1], info.farmers[0]] {
            let refused = link(&store, who).await;
            assert!(matches!(refused, Err(panier_core::error::CoreError::Forbidden(_))), "{backend}");
        }
    }
}
