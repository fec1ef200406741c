//! The role matrix: every role against every guarded use case, on every backend. A refused
//! action must change nothing (the database dump is identical before and after).

use chrono::Weekday;
use panier_core::demo;
use panier_core::error::CoreError;
use panier_core::model::{Role, TimeWindow};
use panier_core::store::directory::{self, AmapFields, MemberFields};
use panier_core::store::{Conn, Store, import_support};
use panier_core::types::{AmapId, Email, MemberId, Slug};
use panier_core::usecases::remind::RemindAudience;

use crate::support::{at, date, stores};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Member,
    Referent,
    Farmer,
    OtherFarmer,
    Admin,
    OtherAmapAdmin,
    Stranger,
}

#[derive(Debug, Clone, Copy)]
enum Action {
    Totals,
    SignInSheet,
    Payments,
    CancelDelivery,
    MoveDelivery,
    CreateEvent,
    LinkCode,
    DutySignUp,
    Remind,
}

/// Expected outcome per (action, who): true = allowed.
fn allowed(action: Action, who: Who) -> bool {
    use Who::*;
    match action {
        // Referents, the contract's farmers and the AMAP's admins manage a contract.
        Action::Totals | Action::Payments | Action::Remind => matches!(who, Referent | Farmer | Admin),
        // The sign-in sheet: admins and whoever manages a contract delivering that day (no
        // eggs on the 11th, so the egg farmer is refused).
        Action::SignInSheet => matches!(who, Referent | Farmer | Admin),
        // Cancelling or moving a delivery: the contract's referents and farmers only.
        Action::CancelDelivery | Action::MoveDelivery => matches!(who, Referent | Farmer),
        Action::CreateEvent | Action::LinkCode => matches!(who, Admin),
        // Every member of the AMAP (farmers are members in the demo), nobody from outside.
        Action::DutySignUp => !matches!(who, OtherAmapAdmin | Stranger),
    }
}

async fn other_amap(store: &Store) -> (AmapId, MemberId, MemberId) {
    let now = at("2027-05-01T08:00:00Z");
    let mut c = store.conn().await.expect("conn");
    let amap = directory::upsert_amap(
        &mut c,
        &AmapFields {
            slug: Slug::parse("voisins").expect("slug"),
            name: "AMAP des Voisins".into(),
            network_id: None,
            timezone: chrono_tz::Europe::Paris,
            place_name: "Préau".into(),
            address: "1 place".into(),
            latitude: None,
            longitude: None,
            weekday: Weekday::Thu,
            window: TimeWindow::parse("18:00", "19:00").expect("window"),
            duty_slots: 2,
            default_language: "fr".into(),
            contact_email: None,
        },
        now,
    )
    .await
    .expect("amap");
    let mut people = Vec::new();
    for email in ["admin@voisins.example.org", "nobody@elsewhere.example.org"] {
        let fields = MemberFields {
            email: Email::parse(email).expect("email"),
            first_name: "X".into(),
            last_name: "Y".into(),
            phone: None,
        };
        people.push(directory::upsert_member(&mut c, &fields, now).await.expect("member"));
    }
    directory::grant_role(&mut c, people[0], Role::Admin(amap), Some(amap)).await.expect("role");
    directory::grant_role(&mut c, people[0], Role::Member(amap), Some(amap)).await.expect("role");
    (amap, people[0], people[1])
}

async fn dump(store: &Store) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut c = store.conn().await.expect("conn");
    import_support::dump(&mut c).await.expect("dump")
}

/// Runs the use case on `conn` (a transaction the caller may roll back).
async fn attempt(
    c: &mut Conn,
    action: Action,
    actor: MemberId,
    info: &demo::DemoInfo,
) -> Result<(), CoreError> {
    use panier_core::usecases::{
        collection, contracts_view, deliveries, duty, events, linking, remind, totals,
    };
    let now = at("2027-05-05T08:00:00Z");
    let (veg, amap, day) = (info.vegetables, info.amap, date("2027-05-11"));
    match action {
        Action::Totals => totals::farmer_totals(c, actor, veg, day).await.map(drop),
        Action::SignInSheet => collection::signin_sheet(c, actor, amap, day).await.map(drop),
        Action::Payments => contracts_view::payments(c, actor, veg).await.map(drop),
        Action::CancelDelivery => {
            deliveries::cancel_delivery(c, actor, veg, date("2027-06-15"), now).await.map(drop)
        }
        Action::MoveDelivery => {
            deliveries::move_delivery(c, actor, veg, date("2027-06-15"), date("2027-06-16"), now)
                .await
                .map(drop)
        }
        Action::CreateEvent => {
            events::create(c, actor, amap, "AG", at("2027-06-01T17:00:00Z"), "Salle", "", now).await.map(drop)
        }
        Action::LinkCode => {
            linking::create_link_code(c, Some(actor), amap, info.members[8], now, 30).await.map(drop)
        }
        Action::DutySignUp => duty::sign_up(c, actor, amap, date("2027-05-25"), now).await.map(drop),
        Action::Remind => remind::remind(c, actor, veg, RemindAudience::Subscribers, now).await.map(drop),
    }
}

#[tokio::test]
async fn role_matrix() {
    let actions = [
        Action::Totals,
        Action::SignInSheet,
        Action::Payments,
        Action::CancelDelivery,
        Action::MoveDelivery,
        Action::CreateEvent,
        Action::LinkCode,
        Action::DutySignUp,
        Action::Remind,
    ];
    for (backend, store) in stores().await {
        let info = demo::seed(&store, date("2027-05-05"), at("2027-05-05T08:00:00Z")).await.expect("seed");
        let (_, other_admin, stranger) = other_amap(&store).await;
        // One person per role: Lucas refers the vegetables, Manon is an admin only; Paul farms
        // vegetables, Sophie eggs.
        let (referent, admin) = (info.members[9], info.members[8]);
        let mut c = store.conn().await.expect("conn");
        directory::grant_role(&mut c, referent, Role::Referent(info.vegetables), Some(info.amap))
            .await
            .expect("role");
        directory::grant_role(&mut c, admin, Role::Admin(info.amap), Some(info.amap)).await.expect("role");
        drop(c);
        let cast = [
            (Who::Member, info.demo_member),
            (Who::Referent, referent),
            (Who::Farmer, info.farmers[0]),
            (Who::OtherFarmer, info.farmers[1]),
            (Who::Admin, admin),
            (Who::OtherAmapAdmin, other_admin),
            (Who::Stranger, stranger),
        ];
        for action in actions {
            for (who, actor) in cast {
                let expected = allowed(action, who);
                let before = dump(&store).await;
                // Every attempt runs in a transaction committed like the facade does, except an
                // allowed one, rolled back so the next cell starts from the same state.
                let mut tx = store.write_tx().await.expect("tx");
                let result = attempt(&mut tx, action, actor, &info).await;
                if expected || result.is_ok() {
                    tx.rollback().await.expect("rollback");
                } else {
                    tx.commit().await.expect("commit");
                }
                match (expected, &result) {
                    (true, Ok(())) => {}
                    (false, Err(CoreError::Forbidden(_))) => {
                        let after = dump(&store).await;
                        assert!(
                            before == after,
                            "{backend}: refused {action:?} by {who:?} changed the database"
                        );
                    }
                    _ => panic!(
                        "{backend}: {action:?} by {who:?}: expected allowed={expected}, got {result:?}"
                    ),
                }
            }
        }
    }
}
