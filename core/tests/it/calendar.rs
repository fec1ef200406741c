//! Calendar feeds on every backend: the token is random and stored hashed, a new one revokes
//! the old, an unknown token finds nothing, and the feed holds the member's own distributions
//! (instants right across the March DST change), duty shifts and events.

use chrono::NaiveTime;
use panier_core::demo;
use panier_core::error::{CoreError, Forbidden};
use panier_core::signature::hash_token;
use panier_core::store::privacy as store_privacy;
use panier_core::store::{directory, duty, events};
use panier_core::usecases::calendar;

use crate::support::{at, date, stores};

const NOW: &str = "2027-05-05T08:00:00Z";

#[tokio::test]
async fn tokens_are_hashed_and_a_new_one_revokes_the_old() {
    for (backend, store) in stores().await {
        let now = at(NOW);
        let info = demo::seed(&store, date("2027-05-05"), now).await.expect("seed");
        let me = info.demo_member;
        let mut c = store.conn().await.expect("conn");
        assert!(!calendar::has_feed(&mut c, me).await.expect("has"), "{backend}");
        let first = calendar::issue_feed(&mut c, me, now).await.expect("issue");
        assert_eq!(first.len(), 43, "{backend}: 256 bits in URL-safe base64");
        let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM calendar_feed")
            .fetch_all(store.pool())
            .await
            .expect("q");
        assert_eq!(stored, [hash_token(&first)], "{backend}: only the hash is stored");
        assert!(calendar::feed(&mut c, &first, now).await.is_ok(), "{backend}");

        let second = calendar::issue_feed(&mut c, me, now).await.expect("reissue");
        assert_ne!(first, second, "{backend}");
        let old = calendar::feed(&mut c, &first, now).await;
        assert!(matches!(old, Err(CoreError::NotFound(_))), "{backend}: old token revoked: {old:?}");
        assert_eq!(calendar::feed(&mut c, &second, now).await.expect("feed").member, me, "{backend}");

        for bad in
            ["", "short", "../../etc/passwd", &"a".repeat(200), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]
        {
            let r = calendar::feed(&mut c, bad, now).await;
            assert!(matches!(r, Err(CoreError::NotFound(_))), "{backend}: {bad:?} -> {r:?}");
        }
        // Someone outside every AMAP gets no feed.
        let stranger = directory::upsert_member(
            &mut c,
            &directory::MemberFields {
                email: panier_core::types::Email::parse("nobody@elsewhere.example.org").expect("email"),
                first_name: "No".into(),
                last_name: "Body".into(),
                phone: None,
            },
            now,
        )
        .await
        .expect("member");
        let refused = calendar::issue_feed(&mut c, stranger, now).await;
        assert!(
            matches!(refused, Err(CoreError::Forbidden(Forbidden::NotAMember))),
            "{backend}: {refused:?}"
        );
    }
}

#[tokio::test]
async fn the_feed_holds_own_baskets_shifts_and_events_across_dst() {
    for (backend, store) in stores().await {
        let now = at(NOW);
        let info = demo::seed(&store, date("2027-05-05"), now).await.expect("seed");
        let me = info.demo_member;
        let mut c = store.conn().await.expect("conn");
        let token = calendar::issue_feed(&mut c, me, now).await.expect("issue");
        let shift = duty::ensure_shift(&mut c, info.amap, date("2027-05-25"), 3).await.expect("shift");
        duty::take_slot(&mut c, shift.id, me, now).await.expect("slot");
        events::create_event(
            &mut c,
            info.amap,
            "Assemblée générale",
            at("2027-06-10T17:00:00Z"),
            "Salle",
            "",
            info.admin,
            now,
        )
        .await
        .expect("event");
        let feed = calendar::feed(&mut c, &token, now).await.expect("feed");
        assert_eq!(feed.timezone, chrono_tz::Europe::Paris, "{backend}");
        assert_eq!(feed.language, "fr", "{backend}");

        // 18:30 Paris is 17:30 UTC before the change of 28 March 2027, 16:30 UTC after.
        let find = |d: &str| feed.distributions.iter().find(|x| x.view.date == date(d));
        let winter = find("2027-03-23").expect("23 March in the feed");
        let summer = find("2027-03-30").expect("30 March in the feed");
        assert_eq!(winter.starts_at, at("2027-03-23T17:30:00Z"), "{backend}");
        assert_eq!(summer.starts_at, at("2027-03-30T16:30:00Z"), "{backend}");
        assert_eq!(summer.ends_at, at("2027-03-30T17:45:00Z"), "{backend}");
        assert_eq!(summer.view.start, NaiveTime::from_hms_opt(18, 30, 0).expect("t"), "{backend}");
        // Eight weeks back at most.
        assert!(feed.distributions.iter().all(|d| d.view.date >= date("2027-03-10")), "{backend}");

        // The same baskets as the member's own deliveries, nobody else's.
        let mine = panier_core::usecases::baskets::upcoming_for_member(&mut c, me, date("2027-03-10"), 400)
            .await
            .expect("upcoming");
        let feed_views: Vec<_> = feed.distributions.iter().map(|d| d.view.clone()).collect();
        assert_eq!(
            feed_views,
            mine.into_iter()
                .filter(|v| !v.items.is_empty() || !v.for_others.is_empty() || v.on_duty)
                .collect::<Vec<_>>(),
            "{backend}"
        );
        let may11 = find("2027-05-11").expect("11 May");
        assert!(may11.collects, "{backend}");
        let may25 = find("2027-05-25").expect("25 May");
        assert!(may25.view.on_duty, "{backend}: the duty shift shows");
        assert_eq!(feed.events.len(), 1, "{backend}");
        assert_eq!(feed.events[0].title, "Assemblée générale", "{backend}");

        // Another member's feed does not carry this member's shift.
        let other = info.members[5];
        let other_token = calendar::issue_feed(&mut c, other, now).await.expect("issue");
        let theirs = calendar::feed(&mut c, &other_token, now).await.expect("feed");
        assert!(
            theirs.distributions.iter().all(|d| !(d.view.date == date("2027-05-25") && d.view.on_duty)),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn erasure_revokes_the_feed() {
    for (backend, store) in stores().await {
        let now = at(NOW);
        let info = demo::seed(&store, date("2027-05-05"), now).await.expect("seed");
        let who = info.members[4];
        let mut c = store.conn().await.expect("conn");
        let token = calendar::issue_feed(&mut c, who, now).await.expect("issue");
        store_privacy::erase_member(&mut c, who, true, now).await.expect("erase");
        let r = calendar::feed(&mut c, &token, now).await;
        assert!(matches!(r, Err(CoreError::NotFound(_))), "{backend}: {r:?}");
        assert!(!calendar::has_feed(&mut c, who).await.expect("has"), "{backend}");
    }
}
