//! Planning a slice of AMAPs at a time (what `panier serve` does to bound its memory) gives
//! exactly the rows of the whole plan, and `tick_lean` queues them without keeping them.

use chrono::Duration;
use panier_core::benchdata::{self, Spec};
use panier_core::scheduler::dispatcher::DispatchConfig;
use panier_core::scheduler::planner::{self, DEFAULT_LOOKBACK_HOURS, Plan};
use panier_core::scheduler::{tick, tick_lean};

use crate::support::{at, date, stores};

#[tokio::test]
async fn a_plan_by_slices_is_the_whole_plan() {
    for (backend, store) in stores().await {
        let spec = Spec { amaps: 12, members: 6, today: date("2026-11-29"), seed: 3, batch: 4 };
        benchdata::generate(&store, &spec, at("2026-11-29T08:00:00Z")).await.expect("generate");
        // The eve of Tuesday 8 December, 18:00:30 in Paris, looking back as `tick` does:
        // distribution and duty reminders, duty alerts, farmer totals of several AMAPs.
        let now = at("2026-12-07T17:00:30Z");
        let lookback = Duration::hours(DEFAULT_LOOKBACK_HOURS);
        let mut c = store.conn().await.expect("conn");
        let whole = planner::plan(&mut c, now, lookback).await.expect("plan");
        let due = planner::amaps_due(&mut c, now, lookback).await.expect("due");
        assert!(due.len() >= 2, "{backend}: {} AMAPs due", due.len());
        assert!(whole.messages.len() > 20, "{backend}: {} rows", whole.messages.len());
        let mut sliced = Plan::default();
        for amap in &due {
            let one = planner::plan_amaps(&mut c, now, lookback, Some(&[*amap])).await.expect("slice");
            assert!(one.messages.iter().all(|m| m.amap_id == *amap), "{backend}");
            sliced.messages.extend(one.messages);
            sliced.closeouts.extend(one.closeouts);
        }
        assert_eq!(sliced, whole, "{backend}");
        drop(c);

        // A dry tick reports the rows; the lean one queues the same rows and keeps none.
        let cfg = DispatchConfig::new("test".to_owned());
        let dry = tick(&store, now, true, &[], &cfg).await.expect("dry tick");
        assert_eq!(dry.planned, whole.messages, "{backend}");
        assert_eq!(dry.planned_rows, whole.messages.len(), "{backend}");
        let lean = tick_lean(&store, now, &[], &cfg).await.expect("lean tick");
        let with_chat = whole.messages.iter().filter(|m| m.transport.is_some()).count();
        assert!(lean.planned.is_empty(), "{backend}");
        assert_eq!((lean.planned_rows, lean.queued), (whole.messages.len(), with_chat), "{backend}");
        let again = tick_lean(&store, now, &[], &cfg).await.expect("second tick");
        assert_eq!((again.planned_rows, again.queued), (whole.messages.len(), 0), "{backend}");
    }
}
