//! Guessing links: after 20 unknown tokens from one address, on any page behind a token
//! (signing, contract editor, calendar feed), that address gets 429 on every token page — even
//! with a real token — while other addresses and the public pages are served as usual.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use chrono::Utc;
use panier_core::usecases::Panier;
use panier_core::usecases::signing::{self, DeliveredTo};
use panier_web::{Health, WebState};

use crate::support::{self, send};

fn get_from(uri: &str, client: &str) -> Request<Body> {
    let addr: SocketAddr = client.parse().expect("addr");
    Request::builder().uri(uri).extension(ConnectInfo(addr)).body(Body::empty()).expect("request")
}

#[tokio::test]
async fn an_address_guessing_tokens_is_locked_out_even_for_a_real_one() {
    let store = support::sqlite().await;
    let (info, _) = support::demo(&store).await;
    let panier = Panier::new(store.clone());
    let to = DeliveredTo { transport: "console".into(), account: "test@example.org".into() };
    let member = info.members[3];
    let bread = info.bread;
    let token = panier
        .write(async |c| signing::issue_member_link(c, member, bread, &to, Utc::now()).await)
        .await
        .expect("link")
        .token;
    let router = panier_web::router(WebState { store: store.clone(), health: Health::default() });
    let guesser = "203.0.113.7:4000";
    let neighbour = "203.0.113.8:4000";

    let (status, _, _) = send(&router, get_from(&format!("/s/{token}"), guesser)).await;
    assert_eq!(status, 200, "a real link works before");
    // Guesses spread over the kinds of token pages count together.
    for i in 0..20 {
        let uri = match i % 3 {
            0 => format!("/s/guess{i:0>40}"),
            1 => format!("/e/guess{i:0>40}"),
            _ => format!("/cal/guess{i:0>40}.ics"),
        };
        let (status, _, _) = send(&router, get_from(&uri, guesser)).await;
        assert_eq!(status, 404, "guess {i}: {uri}");
    }
    let (status, _, body) = send(&router, get_from(&format!("/s/{token}"), guesser)).await;
    assert_eq!(status, 429, "locked out: {}", support::text(&body));
    let (status, _, _) = send(&router, get_from(&format!("/c/{token}"), guesser)).await;
    assert_eq!(status, 429, "every token page");
    let (status, _, _) = send(&router, get_from(&format!("/m/{token}"), guesser)).await;
    assert_eq!(status, 429, "the editor's pages too");
    let (status, _, _) = send(&router, get_from("/healthz", guesser)).await;
    assert_eq!(status, 200, "public pages stay open");
    let (status, _, _) = send(&router, get_from(&format!("/s/{token}"), neighbour)).await;
    assert_eq!(status, 200, "another address is not affected");
}

fn via_proxy(uri: &str, proxy: &str, forwarded_for: &str) -> Request<Body> {
    let mut request = get_from(uri, proxy);
    request.headers_mut().insert("x-forwarded-for", forwarded_for.parse().expect("header"));
    request
}

/// Behind the reverse proxy every request comes from loopback: the lockout must still hit the
/// guessing browser only, and a direct client cannot dodge it with its own forwarded header.
#[tokio::test]
async fn behind_a_proxy_the_lockout_hits_the_browser_not_the_proxy() {
    let store = support::sqlite().await;
    let (info, _) = support::demo(&store).await;
    let panier = Panier::new(store.clone());
    let to = DeliveredTo { transport: "console".into(), account: "test@example.org".into() };
    let token = panier
        .write(async |c| signing::issue_member_link(c, info.members[3], info.bread, &to, Utc::now()).await)
        .await
        .expect("link")
        .token;
    let docker = panier_web::proxy::TrustedProxies::parse("172.16.0.0/12").expect("proxies");
    let router =
        panier_web::router_behind(WebState { store: store.clone(), health: Health::default() }, docker);
    let proxy = "172.18.0.1:50000";
    for i in 0..20 {
        let (status, _, _) =
            send(&router, via_proxy(&format!("/s/guess{i:0>40}"), proxy, "203.0.113.7")).await;
        assert_eq!(status, 404, "guess {i}");
    }
    let (status, _, _) = send(&router, via_proxy(&format!("/s/{token}"), proxy, "203.0.113.7")).await;
    assert_eq!(status, 429, "the guessing browser is locked out");
    let (status, _, _) = send(&router, via_proxy(&format!("/s/{token}"), proxy, "198.51.100.20")).await;
    assert_eq!(status, 200, "another browser behind the same proxy is served");

    // A direct client's own X-Forwarded-For is ignored: its guesses count against its address.
    let direct = "192.0.2.50:4000";
    for i in 0..20 {
        let spoofed = format!("198.51.100.{i}");
        let (status, _, _) = send(&router, via_proxy(&format!("/e/guess{i:0>40}"), direct, &spoofed)).await;
        assert_eq!(status, 404, "guess {i}");
    }
    let (status, _, _) = send(&router, get_from(&format!("/s/{token}"), direct)).await;
    assert_eq!(status, 429, "spoofed headers do not spread the guesses");
}
