//! Use cases on the demo AMAP, on every backend: baskets, absences, duty, totals, moves,
//! linking, and the concurrency guarantees (last duty slot, quantity grid versions).

use chrono::{DateTime, Days, Utc};
use panier_core::demo::{self, DemoInfo};
use panier_core::error::{Conflict, CoreError, Forbidden, Invalid};
use panier_core::model::AbsenceMode;
use panier_core::store::{Store, subscriptions};
use panier_core::usecases::Panier;
use panier_core::usecases::absence::{AbsenceRequest, HandoverTo};
use panier_core::usecases::linking::hash_code;

use crate::support::{at, date, stores};

/// Wednesday 5 May 2027 10:00 Paris; distributions on Tuesdays, the next one on the 11th.
const NOW: &str = "2027-05-05T08:00:00Z";

async fn seeded(store: &Store) -> (Panier, DemoInfo, DateTime<Utc>) {
    let now = at(NOW);
    let info = demo::seed(store, date("2027-05-05"), now).await.expect("seed");
    (Panier::new(store.clone()), info, now)
}

fn absence(on: &str, mode: AbsenceMode) -> AbsenceRequest {
    AbsenceRequest { date: date(on), contract: None, mode, postpone_to: None, handover_to: None }
}

async fn count(store: &Store, table: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(store.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn next_distribution_lists_every_contract_and_handovers() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        // Camille (member index 2): large vegetable basket every week, eggs every other week.
        let next = panier.next_distribution(info.demo_member, now).await.expect("next").expect("some");
        assert_eq!(next.date, date("2027-05-11"), "{backend}");
        let names: Vec<_> = next.items.iter().map(|i| (i.product.as_str(), i.quantity)).collect();
        assert_eq!(names, [("grand-panier", 1)], "{backend}: no eggs on the 11th");
        // Julien (index 7) hands his basket of the 18th to Camille; eggs are due that day too.
        let later = panier.upcoming(info.demo_member, date("2027-05-12"), 1).await.expect("upcoming");
        assert_eq!(later[0].date, date("2027-05-18"), "{backend}");
        assert_eq!(later[0].for_others.len(), 1, "{backend}");
        assert_eq!(later[0].for_others[0].owner, "Hugo L.", "{backend}");
        let mine: Vec<_> = later[0].items.iter().map(|i| (i.product.as_str(), i.quantity)).collect();
        assert_eq!(mine, [("grand-panier", 1), ("boite-6-oeufs", 1)], "{backend}");
    }
}

#[tokio::test]
async fn absences_follow_the_contract_rules_and_refusals_change_nothing() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        let me = info.demo_member;
        let before = count(&store, "absence").await;
        // Deadline: 2 days before Tuesday the 11th closes on Sunday 9th at 00:00 Paris.
        let late = at("2027-05-09T10:00:00Z");
        let err = panier.declare_absence(me, &absence("2027-05-11", AbsenceMode::Donate), late).await;
        assert!(matches!(err, Err(CoreError::Invalid(Invalid::DeadlinePassed))), "{backend}: {err:?}");
        // Handing the basket over stays possible until the distribution starts (18:30 Paris).
        let friend = AbsenceRequest {
            handover_to: Some(HandoverTo::Member(info.members[3])),
            ..absence("2027-05-11", AbsenceMode::Handover)
        };
        let started = panier.declare_absence(me, &friend, at("2027-05-11T16:31:00Z")).await;
        assert!(
            matches!(started, Err(CoreError::Invalid(Invalid::DeadlinePassed))),
            "{backend}: {started:?}"
        );
        assert!(
            panier.declare_absence(me, &friend, late).await.is_ok(),
            "{backend}: handover after the deadline"
        );
        let mut conn = store.conn().await.expect("conn");
        let sub =
            subscriptions::subscription_for(&mut conn, info.vegetables, me).await.expect("q").expect("sub");
        assert!(subscriptions::delete_absence(&mut conn, sub.id, date("2027-05-11")).await.expect("undo"));
        drop(conn);
        let err = panier.declare_absence(me, &absence("2027-05-12", AbsenceMode::Donate), now).await;
        assert!(matches!(err, Err(CoreError::Invalid(Invalid::NothingToCollect))), "{backend}: {err:?}");
        let to_self = AbsenceRequest {
            handover_to: Some(HandoverTo::Member(me)),
            ..absence("2027-05-11", AbsenceMode::Handover)
        };
        assert!(matches!(
            panier.declare_absence(me, &to_self, now).await,
            Err(CoreError::Invalid(Invalid::HandoverToSelf))
        ));
        assert_eq!(count(&store, "absence").await, before, "{backend}: refusals wrote nothing");

        // Postpone the 11th: the basket comes on the 18th, on top of the regular one.
        let done = panier
            .declare_absence(me, &absence("2027-05-11", AbsenceMode::Postpone), now)
            .await
            .expect("postpone");
        assert_eq!(done[0].postponed_to, Some(date("2027-05-18")), "{backend}");
        assert_eq!(done[0].absences_left, 2, "{backend}");
        let again = panier.declare_absence(me, &absence("2027-05-11", AbsenceMode::Donate), now).await;
        assert!(matches!(again, Err(CoreError::Conflict(Conflict::AlreadyAbsent))), "{backend}");
        let on_18 = panier.upcoming(me, date("2027-05-18"), 1).await.expect("upcoming");
        let veg: u32 =
            on_18[0].items.iter().filter(|i| i.product == "grand-panier").map(|i| i.quantity).sum();
        assert_eq!(veg, 2, "{backend}: double basket on the 18th");

        // Max 3 absences: two more pass (the 25th, 1 June), the fourth is refused.
        for d in ["2027-05-25", "2027-06-01"] {
            panier.declare_absence(me, &absence(d, AbsenceMode::Donate), now).await.expect("absence");
        }
        let fourth = panier.declare_absence(me, &absence("2027-06-08", AbsenceMode::Donate), now).await;
        assert!(matches!(fourth, Err(CoreError::Invalid(Invalid::TooManyAbsences))), "{backend}: {fourth:?}");
        // Handing over does not count against the limit.
        let friend = info.members[3];
        let handover = AbsenceRequest {
            handover_to: Some(HandoverTo::Member(friend)),
            ..absence("2027-06-08", AbsenceMode::Handover)
        };
        panier.declare_absence(me, &handover, now).await.expect("handover still allowed");
    }
}

#[tokio::test]
async fn farmer_totals_match_the_grids() {
    for (backend, store) in stores().await {
        let (panier, info, _) = seeded(&store).await;
        // 25 members + 3 farmers hold no vegetables subscription: members i%3==0 take the small
        // basket (i = 0,3,…,24: 9 members), the 16 others the large one. On the 11th member 5
        // gives his basket to the volunteers: the farmer still delivers it.
        let totals =
            panier.farmer_totals(info.admin, info.vegetables, date("2027-05-11")).await.expect("totals");
        let q: Vec<_> = totals.products.iter().map(|p| (p.product.as_str(), p.quantity)).collect();
        assert_eq!(q, [("grand-panier", 16), ("petit-panier", 9)], "{backend}");
        assert_eq!(totals.subscribers, 25, "{backend}");
        assert_eq!(totals.amount_cents, 16 * 1700 + 9 * 1100, "{backend}");
        // Member 9 (small basket) postponed the 18th to the 25th: one small basket moves.
        let t18 = panier.farmer_totals(info.admin, info.vegetables, date("2027-05-18")).await.expect("t18");
        let t25 = panier.farmer_totals(info.admin, info.vegetables, date("2027-05-25")).await.expect("t25");
        let small = |t: &panier_core::usecases::totals::DeliveryTotals| t.products[1].quantity;
        assert_eq!((small(&t18), small(&t25)), (8, 10), "{backend}");
        // A plain member may not see them.
        let refused = panier.farmer_totals(info.demo_member, info.vegetables, date("2027-05-11")).await;
        assert!(matches!(refused, Err(CoreError::Forbidden(Forbidden::ReferentsOnly))), "{backend}");
    }
}

#[tokio::test]
async fn moving_a_delivery_merges_and_respects_absences() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        let farmer = info.farmers[0];
        // Member 9 is away on the 18th (postponed): moving the 11th onto the 18th would hand
        // him a basket on a day he said he is away.
        let refused =
            panier.move_delivery(farmer, info.vegetables, date("2027-05-11"), date("2027-05-18"), now).await;
        assert!(
            matches!(refused, Err(CoreError::Conflict(Conflict::BreaksAbsence))),
            "{backend}: {refused:?}"
        );
        let moved = panier
            .move_delivery(farmer, info.vegetables, date("2027-05-11"), date("2027-05-12"), now)
            .await
            .expect("move");
        assert!(!moved.merged, "{backend}");
        assert_eq!(moved.members.len(), 25, "{backend}");
        let next = panier.next_distribution(info.demo_member, now).await.expect("next").expect("some");
        assert_eq!(next.date, date("2027-05-12"), "{backend}: moved delivery shows on its new date");
        let merged = panier
            .move_delivery(farmer, info.vegetables, date("2027-06-01"), date("2027-06-08"), now)
            .await
            .expect("merge");
        assert!(merged.merged, "{backend}");
        let plain = panier.cancel_delivery(info.demo_member, info.vegetables, date("2027-06-15"), now).await;
        assert!(matches!(plain, Err(CoreError::Forbidden(_))), "{backend}");
        panier.cancel_delivery(farmer, info.vegetables, date("2027-06-15"), now).await.expect("cancel");
        let after = panier.upcoming(info.demo_member, date("2027-06-15"), 1).await.expect("upcoming");
        // Eggs and bread still come that day; the vegetables do not.
        assert_eq!(after[0].date, date("2027-06-15"), "{backend}");
        let products: Vec<_> = after[0].items.iter().map(|i| i.product.as_str()).collect();
        assert_eq!(products, ["boite-6-oeufs", "miche"], "{backend}: cancelled delivery is gone");
    }
}

#[tokio::test]
async fn last_duty_slot_goes_to_exactly_one_member() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        // The 18th has 1 of 3 slots taken; fill one more, then race two members for the last.
        let day = date("2027-05-18");
        panier.duty_sign_up(info.members[20], info.amap, day, now).await.expect("one");
        for round in 0..5 {
            let (a, b) = (info.members[21 + round % 2], info.members[23 + round % 2]);
            let (ra, rb) = tokio::join!(
                panier.duty_sign_up(a, info.amap, day, now),
                panier.duty_sign_up(b, info.amap, day, now)
            );
            let wins = [&ra, &rb].iter().filter(|r| r.is_ok()).count();
            assert_eq!(wins, 1, "{backend} round {round}: {ra:?} {rb:?}");
            let winner = if ra.is_ok() { a } else { b };
            let loser = if ra.is_ok() { rb } else { ra };
            assert!(matches!(loser, Err(CoreError::Conflict(Conflict::ShiftFull))), "{backend}");
            let rota = panier.duty_rota(info.admin, info.amap, now, 3).await.expect("rota");
            let shift = rota.iter().find(|s| s.date == day).expect("shift");
            assert_eq!((shift.taken, shift.team.len()), (3, 3), "{backend}");
            panier.duty_withdraw(winner, info.amap, day, now).await.expect("withdraw");
        }
    }
}

#[tokio::test]
async fn concurrent_grid_edits_do_not_lose_an_update() {
    for (backend, store) in stores().await {
        let (_, info, now) = seeded(&store).await;
        let mut conn = store.conn().await.expect("conn");
        let sub = subscriptions::subscription_for(&mut conn, info.vegetables, info.demo_member)
            .await
            .expect("q")
            .expect("sub");
        let grid = subscriptions::grid_of(&mut conn, sub.id).await.expect("grid");
        drop(conn);
        // Two editors read version v, both write: exactly one succeeds, the other must reload.
        let write = |cells: Vec<panier_core::rules::money::GridCell>| {
            let store = store.clone();
            async move {
                let mut tx = store.write_tx().await.expect("tx");
                let ok = subscriptions::replace_grid(&mut tx, sub.id, sub.version, &cells, now)
                    .await
                    .expect("write");
                tx.commit().await.expect("commit");
                ok
            }
        };
        let mut doubled = grid.clone();
        doubled[0].quantity = panier_core::types::Quantity::new(2).expect("q");
        let (a, b) = tokio::join!(write(grid.clone()), write(doubled));
        assert!(a ^ b, "{backend}: exactly one write wins ({a}, {b})");
        let mut conn = store.conn().await.expect("conn");
        let after = subscriptions::subscription_by_id(&mut conn, sub.id).await.expect("q").expect("sub");
        assert_eq!(after.version, sub.version + 1, "{backend}");
    }
}

#[tokio::test]
async fn link_codes_are_single_use_and_expire() {
    for (backend, store) in stores().await {
        let (panier, info, now) = seeded(&store).await;
        let code =
            panier.create_link_code(Some(info.admin), info.amap, info.members[4], now).await.expect("code");
        let refused = panier.create_link_code(Some(info.demo_member), info.amap, info.members[4], now).await;
        assert!(matches!(refused, Err(CoreError::Forbidden(Forbidden::AdminsOnly))), "{backend}");
        let linked = panier.link("telegram", "1001", "1001", &code.to_lowercase(), now).await.expect("link");
        assert_eq!(linked.member, info.members[4], "{backend}");
        let reused = panier.link("telegram", "1002", "1002", &code, now).await;
        assert!(matches!(reused, Err(CoreError::Invalid(Invalid::LinkCode))), "{backend}");
        let code2 = panier.create_link_code(None, info.amap, info.members[5], now).await.expect("code2");
        let expired = panier.link("telegram", "1003", "1003", &code2, now + Days::new(31)).await;
        assert!(matches!(expired, Err(CoreError::Invalid(Invalid::LinkCode))), "{backend}");
        // The account of member 4 cannot be taken over by member 5's code.
        let taken = panier.link("telegram", "1001", "1001", &code2, now).await;
        assert!(matches!(taken, Err(CoreError::Conflict(Conflict::AlreadyLinked))), "{backend}");
        // That refusal left code2 unused (the transaction rolled back).
        let hash: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT code_hash FROM link_code WHERE used_at IS NULL AND code_hash = '{}'",
            hash_code(&code2)
        )))
        .fetch_one(store.pool())
        .await
        .expect("still unused");
        assert_eq!(hash, hash_code(&code2));
    }
}
