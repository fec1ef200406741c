//! Brute force on linking codes (lockout per chat account, in its own transaction so the
//! refusal's rollback does not erase the count) and each AMAP's own privacy notice, on every
//! backend.

use chrono::Duration;
use panier_core::demo;
use panier_core::error::{Conflict, CoreError, Forbidden, Invalid};
use panier_core::usecases::{Panier, privacy};

use crate::support::{at, date, stores};

fn is_wrong_code<T: std::fmt::Debug>(r: &Result<T, CoreError>) -> bool {
    matches!(r, Err(CoreError::Invalid(Invalid::LinkCode)))
}

fn is_locked<T: std::fmt::Debug>(r: &Result<T, CoreError>) -> bool {
    matches!(r, Err(CoreError::Conflict(Conflict::TooManyAttempts)))
}

#[tokio::test]
async fn five_wrong_codes_lock_the_account_out_for_an_hour() {
    for (backend, store) in stores().await {
        let now = at("2027-05-05T08:00:00Z");
        let info = demo::seed(&store, date("2027-05-05"), now).await.expect("seed");
        let panier = Panier::new(store.clone());
        let good = panier.create_link_code(None, info.amap, info.members[4], now).await.expect("code");

        for n in 0..4 {
            let r = panier.link("telegram", "666", "666", "WRONGCODE2", now + Duration::seconds(n)).await;
            assert!(is_wrong_code(&r), "{backend}: attempt {n}: {r:?}");
        }
        let fifth = panier.link("telegram", "666", "666", "WRONGCODE3", now + Duration::seconds(5)).await;
        assert!(is_locked(&fifth), "{backend}: the fifth wrong code locks: {fifth:?}");
        // Locked: even the right code is refused, and stays unused.
        let right = panier.link("telegram", "666", "666", &good, now + Duration::minutes(10)).await;
        assert!(is_locked(&right), "{backend}: {right:?}");
        // Another account is not affected, and nobody got linked by the locked account.
        let other = panier.link("telegram", "777", "777", "WRONGCODE4", now + Duration::minutes(10)).await;
        assert!(is_wrong_code(&other), "{backend}: {other:?}");
        assert!(panier.member_for_account("telegram", "666").await.expect("lookup").is_none(), "{backend}");
        // An hour later the right code still works (it was never consumed), and success resets.
        let later = now + Duration::minutes(66);
        let linked = panier.link("telegram", "666", "666", &good, later).await.expect("after the lockout");
        assert_eq!(linked.member, info.members[4], "{backend}");
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attempt_guard")
            .fetch_one(store.pool())
            .await
            .expect("count");
        assert_eq!(rows, 1, "{backend}: only account 777's single failure remains");
        // The table keeps no account id in clear.
        let keys: Vec<String> = sqlx::query_scalar("SELECT requester FROM attempt_guard")
            .fetch_all(store.pool())
            .await
            .expect("keys");
        assert!(keys.iter().all(|k| k.len() == 64 && !k.contains("777")), "{backend}: {keys:?}");
    }
}

#[tokio::test]
async fn failures_spread_beyond_the_window_do_not_lock() {
    for (backend, store) in stores().await {
        let now = at("2027-05-05T08:00:00Z");
        demo::seed(&store, date("2027-05-05"), now).await.expect("seed");
        let panier = Panier::new(store.clone());
        // Four quick failures, then one every 20 minutes: never five within 15 minutes.
        for n in 0..4 {
            let r = panier.link("matrix", "@x:hs", "!r:hs", "NOPE000000", now + Duration::seconds(n)).await;
            assert!(is_wrong_code(&r), "{backend}: {r:?}");
        }
        for n in 1..4 {
            let r =
                panier.link("matrix", "@x:hs", "!r:hs", "NOPE000000", now + Duration::minutes(20 * n)).await;
            assert!(is_wrong_code(&r), "{backend}: spaced attempt {n}: {r:?}");
        }
        // The retention job forgets counters older than a day.
        let mut tx = store.write_tx().await.expect("tx");
        privacy::retention(&mut tx, now + Duration::days(2), 3, false).await.expect("retention");
        tx.commit().await.expect("commit");
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attempt_guard")
            .fetch_one(store.pool())
            .await
            .expect("count");
        assert_eq!(rows, 0, "{backend}");
    }
}

#[tokio::test]
async fn only_the_amaps_admins_set_its_privacy_notice_and_bad_text_changes_nothing() {
    for (backend, store) in stores().await {
        let now = at("2027-05-05T08:00:00Z");
        let info = demo::seed(&store, date("2027-05-05"), now).await.expect("seed");
        let panier = Panier::new(store.clone());
        let notice = "Responsable : le bureau de l'AMAP.\nContact : bureau@capucins.example";
        let mut tx = store.write_tx().await.expect("tx");
        privacy::set_privacy_notice(&mut tx, Some(info.admin), info.amap, Some(notice)).await.expect("admin");
        tx.commit().await.expect("commit");
        assert_eq!(
            panier.privacy_notice(info.amap).await.expect("read").as_deref(),
            Some(notice),
            "{backend}"
        );

        let refusals: Vec<(Option<panier_core::types::MemberId>, String)> = vec![
            (Some(info.demo_member), "Pirate".to_owned()),
            (Some(info.farmers[0]), "Pirate".to_owned()),
            (Some(info.admin), "x".repeat(privacy::PRIVACY_NOTICE_MAX_CHARS + 1)),
            (Some(info.admin), "bell\u{7} here".to_owned()),
        ];
        for (actor, text) in refusals {
            let mut tx = store.write_tx().await.expect("tx");
            let r = privacy::set_privacy_notice(&mut tx, actor, info.amap, Some(&text)).await;
            drop(tx);
            let expected = matches!(
                r,
                Err(CoreError::Forbidden(Forbidden::AdminsOnly))
                    | Err(CoreError::Invalid(Invalid::PrivacyNotice))
            );
            assert!(expected, "{backend}: {r:?}");
            assert_eq!(
                panier.privacy_notice(info.amap).await.expect("read").as_deref(),
                Some(notice),
                "{backend}"
            );
        }
        // Blank text removes it.
        let mut tx = store.write_tx().await.expect("tx");
        privacy::set_privacy_notice(&mut tx, None, info.amap, Some("  \n")).await.expect("clear");
        tx.commit().await.expect("commit");
        assert_eq!(panier.privacy_notice(info.amap).await.expect("read"), None, "{backend}");
    }
}
