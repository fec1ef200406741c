//! The calendar feed over HTTP on every backend: a member's token answers an iCalendar file
//! that parses back (RFC 5545, via the icalendar crate's parser) with their events only; an
//! unknown, malformed or replaced token is a 404. Instants are checked across the March DST
//! change on a fixed clock.

use std::str::FromStr;

use axum::Router;
use chrono::{DateTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, EventLike};
use panier_core::usecases::calendar;
use panier_core::{demo, store::Store};
use panier_web::{Health, WebState};

use crate::support::{demo as demo_today, get, send, stores, text};

fn app(store: &Store) -> Router {
    panier_web::router(WebState { store: store.clone(), health: Health::default() })
}

fn parse(ics: &str) -> Calendar {
    Calendar::from_str(ics).unwrap_or_else(|e| panic!("the feed parses back: {e}\n{ics}"))
}

fn start_of(event: &icalendar::Event) -> DateTime<Utc> {
    match event.get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(at))) => at,
        other => panic!("a UTC start: {other:?}"),
    }
}

#[tokio::test]
async fn a_members_feed_parses_back_with_their_events_only() {
    for (backend, store) in stores().await {
        let (info, now) = demo_today(&store).await;
        let router = app(&store);
        let mut c = store.conn().await.expect("conn");
        let token = calendar::issue_feed(&mut c, info.demo_member, now).await.expect("issue");
        let other = info.members[5];
        let other_token = calendar::issue_feed(&mut c, other, now).await.expect("issue");
        drop(c);

        let (status, response, body) = send(&router, get(&format!("/cal/{token}.ics"))).await;
        assert_eq!(status, 200, "{backend}");
        let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(kind.starts_with("text/calendar"), "{backend}: {kind}");
        let ics = text(&body);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{backend}: CRLF lines");
        let cal = parse(&ics);
        assert_eq!(cal.property_value("X-WR-TIMEZONE"), Some("Europe/Paris"), "{backend}");
        assert_eq!(cal.property_value("VERSION"), Some("2.0"), "{backend}");
        let events: Vec<_> = cal.events().collect();
        assert!(events.len() >= 10, "{backend}: a season of distributions, got {}", events.len());
        let mut uids = std::collections::HashSet::new();
        for e in &events {
            assert!(uids.insert(e.get_uid().expect("uid").to_owned()), "{backend}: unique UIDs");
            start_of(e);
        }
        let baskets: Vec<_> = events
            .iter()
            .filter(|e| e.get_description().is_some_and(|d| d.contains("Vous récupérez")))
            .collect();
        assert!(!baskets.is_empty(), "{backend}");
        assert!(
            baskets.iter().all(|e| e.get_summary() == Some("🥕 Distribution — AMAP des Capucins")),
            "{backend}"
        );

        // Another member's feed: their own, with no trace of the first member.
        let (status, _, body) = send(&router, get(&format!("/cal/{other_token}.ics"))).await;
        assert_eq!(status, 200, "{backend}");
        let theirs = text(&body);
        parse(&theirs);
        assert!(!theirs.contains("Camille"), "{backend}: nothing of Camille in another member's feed");
        let mine_uids: Vec<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
        assert!(mine_uids.iter().all(|u| !theirs.contains(u)), "{backend}: no shared personal UIDs");

        // Unknown, malformed, without .ics, and replaced tokens.
        let mut c = store.conn().await.expect("conn");
        calendar::issue_feed(&mut c, info.demo_member, now).await.expect("reissue");
        drop(c);
        for uri in [
            format!("/cal/{token}.ics"),
            "/cal/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics".to_owned(),
            format!("/cal/{other_token}"),
            "/cal/..%2F..%2Fetc.ics".to_owned(),
            "/cal/x.ics".to_owned(),
        ] {
            let (status, _, body) = send(&router, get(&uri)).await;
            assert_eq!(status, 404, "{backend}: {uri}");
            assert_eq!(text(&body), "not found\n", "{backend}");
        }
    }
}

#[tokio::test]
async fn distribution_times_stay_on_the_wall_clock_across_dst() {
    let store = crate::support::sqlite().await;
    let now = DateTime::parse_from_rfc3339("2027-05-05T10:00:00+02:00").expect("now").with_timezone(&Utc);
    let info =
        demo::seed(&store, chrono::NaiveDate::from_ymd_opt(2027, 5, 5).expect("d"), now).await.expect("seed");
    let mut c = store.conn().await.expect("conn");
    let token = calendar::issue_feed(&mut c, info.demo_member, now).await.expect("issue");
    let feed = calendar::feed(&mut c, &token, now).await.expect("feed");
    let cal = parse(&panier_web::calendar::render(&feed));
    let start = |day: &str| {
        cal.events()
            .find(|e| e.get_uid().is_some_and(|u| u.contains(&format!("-distribution-{}-{day}@", info.amap))))
            .map(start_of)
            .unwrap_or_else(|| panic!("a distribution on {day}"))
    };
    // 18:30 in Paris: 17:30 UTC in winter time, 16:30 UTC once summer time started (28 March).
    assert_eq!(start("2027-03-23").to_rfc3339(), "2027-03-23T17:30:00+00:00");
    assert_eq!(start("2027-03-30").to_rfc3339(), "2027-03-30T16:30:00+00:00");
    assert_eq!(start("2027-05-11").to_rfc3339(), "2027-05-11T16:30:00+00:00");
    let may11 = cal
        .events()
        .find(|e| e.get_uid().is_some_and(|u| u.ends_with(&format!("-{}-2027-05-11@panier", info.amap))))
        .expect("11 May");
    assert_eq!(may11.get_description(), Some("Vous récupérez : 1 × Grand panier de légumes"));
    assert_eq!(may11.get_location(), Some("Salle des Capucins, 3 rue des Lilas, 69001 Lyon"));
    match may11.get_end() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(end))) => {
            assert_eq!(end.to_rfc3339(), "2027-05-11T17:45:00+00:00")
        }
        other => panic!("an end: {other:?}"),
    }
}
