//! Planner table tests on the demo AMAP (each kind at its instant, opt-outs, DST nights) and
//! idempotency of ticks, on every backend.

use chrono::{DateTime, Duration, Utc};
use panier_core::demo::{self, DemoInfo};
use panier_core::model::NotificationKind;
use panier_core::scheduler::dispatcher::DispatchConfig;
use panier_core::scheduler::planner::{self, Planned};
use panier_core::scheduler::tick;
use panier_core::store::{Store, accounts, events};
use panier_core::usecases::Panier;

use crate::support::{at, date, stores};

async fn seeded(store: &Store) -> DemoInfo {
    let info = demo::seed(store, date("2027-05-05"), at("2027-05-05T08:00:00Z")).await.expect("seed");
    let mut c = store.conn().await.expect("conn");
    let now = at("2027-05-01T08:00:00Z");
    // Julien links Telegram, Léa Matrix; the others have no chat account (reported, not queued).
    accounts::link_account(&mut c, info.members[3], "telegram", "1003", "1003", now).await.expect("link");
    accounts::link_account(&mut c, info.members[6], "matrix", "@lea:example.org", "!dm-lea:example.org", now)
        .await
        .expect("link");
    // Camille turns distribution reminders off.
    accounts::set_opt_out(&mut c, info.demo_member, NotificationKind::DistributionReminder.as_str(), true)
        .await
        .expect("opt out");
    info
}

async fn plan_at(store: &Store, now: &str, lookback_minutes: i64) -> Vec<Planned> {
    let mut c = store.conn().await.expect("conn");
    planner::plan(&mut c, at(now), Duration::minutes(lookback_minutes)).await.expect("plan").messages
}

fn summary(rows: &[Planned]) -> Vec<(String, String, String)> {
    let mut out: Vec<_> =
        rows.iter().map(|p| (p.kind.clone(), p.recipient.clone(), p.due_at.to_rfc3339())).collect();
    out.sort();
    out
}

fn kinds(rows: &[Planned]) -> Vec<&str> {
    let mut k: Vec<&str> = rows.iter().map(|p| p.kind.as_str()).collect();
    k.dedup();
    k
}

#[tokio::test]
async fn each_kind_at_its_instant() {
    for (backend, store) in stores().await {
        let info = seeded(&store).await;
        // Monday 10 May 18:00 Paris: reminders for Tuesday the 11th, to the 24 vegetable
        // subscribers who collect (Thomas gave his basket up) and the duty team (already
        // among them), minus Camille who opted out: 23 rows.
        let rows = plan_at(&store, "2027-05-10T16:00:30Z", 60).await;
        assert_eq!(kinds(&rows), ["distribution_reminder"], "{backend}");
        assert_eq!(rows.len(), 23, "{backend}");
        assert!(rows.iter().all(|p| p.due_at == at("2027-05-10T16:00:00Z")), "{backend}");
        assert!(rows.iter().all(|p| p.expires_at == Some(at("2027-05-11T16:30:00Z"))), "{backend}");
        let emails: Vec<&str> = rows.iter().map(|p| p.recipient.as_str()).collect();
        assert!(!emails.contains(&"thomas.girard@example.org"), "{backend}: donated basket");
        assert!(!emails.contains(&"camille.petit@example.org"), "{backend}: opted out");
        let julien = rows.iter().find(|p| p.recipient == "julien.roux@example.org").expect("julien");
        assert_eq!(julien.transport.as_deref(), Some("telegram"), "{backend}");
        assert_eq!(
            julien.dedupe_key,
            format!("distribution_reminder:amap{}:2027-05-11:{}:telegram", info.amap, info.members[3])
        );
        let lea = rows.iter().find(|p| p.recipient == "lea.bonnet@example.org").expect("lea");
        assert_eq!(lea.transport.as_deref(), Some("matrix"), "{backend}");
        assert!(rows.iter().filter(|p| p.transport.is_none()).count() == 21, "{backend}");

        // Sunday 9 May 20:00: the vegetables' deadline (2 days) has passed: totals to the
        // farmer and the referent. Sunday 18:00: the duty team of the 11th (members 10-12).
        let totals = plan_at(&store, "2027-05-09T18:00:30Z", 60).await;
        assert_eq!(
            summary(&totals),
            [
                (
                    "farmer_totals".into(),
                    "claire.dubois@example.org".into(),
                    "2027-05-09T18:00:00+00:00".into()
                ),
                (
                    "farmer_totals".into(),
                    "paul.martin@example.org".into(),
                    "2027-05-09T18:00:00+00:00".into()
                ),
            ],
            "{backend}"
        );
        let duty = plan_at(&store, "2027-05-09T16:00:30Z", 60).await;
        let team: Vec<_> = summary(&duty).into_iter().map(|(k, e, _)| (k, e)).collect();
        assert_eq!(
            team,
            [
                ("duty_reminder".to_owned(), "antoine.muller@example.org".to_owned()),
                ("duty_reminder".to_owned(), "chloe.vincent@example.org".to_owned()),
                ("duty_reminder".to_owned(), "ines.faure@example.org".to_owned()),
            ],
            "{backend}"
        );

        // Thursday 13 May 10:00: the 18th still has 2 of 3 slots empty: every member (25 + 3
        // farmers who are members too) except the one volunteer already signed up.
        let alert = plan_at(&store, "2027-05-13T08:00:30Z", 60).await;
        assert_eq!(kinds(&alert), ["duty_alert"], "{backend}");
        assert_eq!(alert.len(), 27, "{backend}");
        assert_eq!(alert[0].payload["slots_left"], 2, "{backend}");

        // Bread opened on 25 April: a reminder a week later (2 May) to the 22 members who have
        // not signed (28 members, 5 signed, and Jean who bakes it is not asked), and the
        // countersignature request the day after it closes (18th).
        let reminder = plan_at(&store, "2027-05-02T08:00:30Z", 60).await;
        assert_eq!((kinds(&reminder), reminder.len()), (vec!["signature_reminder"], 22), "{backend}");
        let counter = plan_at(&store, "2027-05-18T08:00:30Z", 60).await;
        let counter: Vec<_> = counter
            .iter()
            .filter(|p| p.kind == "countersign_request")
            .map(|p| p.recipient.as_str())
            .collect();
        assert_eq!(counter, ["jean.moreau@example.org"], "{backend}");

        // Tuesday 11th, 19:45 + 30 min: close-out summary to the vegetables' referent.
        let mut c = store.conn().await.expect("conn");
        let plan =
            planner::plan(&mut c, at("2027-05-11T18:15:30Z"), Duration::minutes(60)).await.expect("plan");
        assert_eq!(
            summary(&plan.messages).iter().map(|(k, e, _)| (k.as_str(), e.as_str())).collect::<Vec<_>>(),
            [("closeout_summary", "claire.dubois@example.org")],
            "{backend}"
        );
        assert_eq!(plan.closeouts, [(info.vegetables, date("2027-05-11"))], "{backend}");

        // Nothing is due at 3 in the morning.
        assert!(plan_at(&store, "2027-05-12T01:00:00Z", 60).await.is_empty(), "{backend}");
    }
}

#[tokio::test]
async fn a_0230_job_runs_exactly_once_on_both_dst_nights() {
    for (backend, store) in stores().await {
        let info = seeded(&store).await;
        let mut c = store.conn().await.expect("conn");
        accounts::set_schedule(&mut c, info.amap, "event_reminder", "0 30 2 * * *").await.expect("schedule");
        let admin = info.admin;
        for (day, starts) in [("2027-03-29", "2027-03-29T17:00:00Z"), ("2027-11-01", "2027-11-01T18:00:00Z")]
        {
            events::create_event(
                &mut c,
                info.amap,
                &format!("AG {day}"),
                at(starts),
                "Salle",
                "",
                admin,
                at("2027-03-01T00:00:00Z"),
            )
            .await
            .expect("event");
        }
        drop(c);
        for (night_start, expected_due) in [
            ("2027-03-27T22:00:00Z", "2027-03-28T01:00:00Z"),
            ("2027-10-30T22:00:00Z", "2027-10-31T00:30:00Z"),
        ] {
            // Tick every 10 minutes through the night, as `serve` would.
            let mut due = Vec::new();
            let mut now: DateTime<Utc> = at(night_start);
            for _ in 0..(6 * 8) {
                now += Duration::minutes(10);
                let rows = plan_at(&store, &now.to_rfc3339(), 10).await;
                due.extend(
                    rows.iter()
                        .filter(|p| p.kind == "event_reminder" && p.recipient == "julien.roux@example.org")
                        .map(|p| p.due_at),
                );
            }
            assert_eq!(due, [at(expected_due)], "{backend}: {night_start}");
        }
    }
}

#[tokio::test]
async fn ticking_twice_queues_nothing_new() {
    for (backend, store) in stores().await {
        seeded(&store).await;
        let cfg = DispatchConfig::new("test");
        let now = at("2027-05-10T16:05:00Z");
        let dry = tick(&store, now, true, &[], &cfg).await.expect("dry run");
        assert_eq!(
            (dry.planned.len(), dry.queued),
            (23 + 2 + 3, 0),
            "{backend}: reminders, farmer totals, duty team; nothing written"
        );
        let first = tick(&store, now, false, &[], &cfg).await.expect("tick");
        // Only the rows with a chat account are queued: Julien (telegram) and Léa (matrix).
        assert_eq!(first.queued, 2, "{backend}");
        let second = tick(&store, now, false, &[], &cfg).await.expect("tick again");
        assert_eq!((second.planned.len(), second.queued), (first.planned.len(), 0), "{backend}");
        let counts = Panier::new(store.clone())
            .read(async |c| panier_core::store::outbox::counts(c).await)
            .await
            .expect("counts");
        assert_eq!(counts, [("queued".to_owned(), 2)], "{backend}: no transport here, rows wait for one");
    }
}
