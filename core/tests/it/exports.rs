//! Exports on every backend: a contract's quantities agree with the farmer's totals, the
//! members list reads like the import file, and each export refuses whoever may not see it
//! (a plain member, AMAP A's admin on AMAP B, a farmer on another farm's contract).

use chrono::Weekday;
use panier_core::demo::{self, DemoInfo};
use panier_core::error::CoreError;
use panier_core::model::{Role, TimeWindow};
use panier_core::store::directory::{self, AmapFields, MemberFields};
use panier_core::store::{Conn, Store};
use panier_core::types::{AmapId, Email, MemberId, Slug};
use panier_core::usecases::exports::{self, Viewer};
use panier_core::usecases::totals;

use crate::support::{at, date, stores};

const NOW: &str = "2027-05-05T08:00:00Z";

/// A second AMAP with its own admin.
async fn other_amap(c: &mut Conn) -> (AmapId, MemberId) {
    let now = at(NOW);
    let amap = directory::upsert_amap(
        c,
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
    let fields = MemberFields {
        email: Email::parse("admin@voisins.example.org").expect("email"),
        first_name: "Ada".into(),
        last_name: "Voisin".into(),
        phone: None,
    };
    let admin = directory::upsert_member(c, &fields, now).await.expect("member");
    directory::grant_role(c, admin, Role::Admin(amap), Some(amap)).await.expect("role");
    directory::grant_role(c, admin, Role::Member(amap), Some(amap)).await.expect("role");
    (amap, admin)
}

async fn seeded(store: &Store) -> DemoInfo {
    demo::seed(store, date("2027-05-05"), at(NOW)).await.expect("seed")
}

#[tokio::test]
async fn contract_quantities_match_the_farmers_totals() {
    for (backend, store) in stores().await {
        let info = seeded(&store).await;
        let mut c = store.conn().await.expect("conn");
        for contract in [info.vegetables, info.eggs, info.bread] {
            let q = exports::contract_quantities(&mut c, Viewer::Operator, contract).await.expect("export");
            assert!(!q.dates.is_empty(), "{backend}");
            for day in &q.dates {
                let Ok(t) = totals::delivery_totals(&mut c, contract, day.date).await else {
                    assert!(day.rows.is_empty(), "{backend}: {} has rows but no delivery", day.date);
                    continue;
                };
                for (i, product) in q.products.iter().enumerate() {
                    let expected =
                        t.products.iter().find(|p| p.product == product.slug).map_or(0, |p| p.quantity);
                    assert_eq!(day.totals[i], expected, "{backend}: {} {}", day.date, product.slug);
                    let sum: u64 = day.rows.iter().map(|r| r.quantities[i]).sum();
                    assert_eq!(sum, day.totals[i], "{backend}: totals row is the sum of the rows");
                }
                assert_eq!(day.amount_cents, t.amount_cents, "{backend}: {}", day.date);
                assert_eq!(day.rows.len() as u64, t.subscribers, "{backend}: {}", day.date);
            }
        }
        // The 18th: Hugo hands his basket to Camille; it stays on Hugo's line.
        let veg =
            exports::contract_quantities(&mut c, Viewer::Operator, info.vegetables).await.expect("export");
        let may18 = veg.dates.iter().find(|d| d.date == date("2027-05-18")).expect("18 May");
        assert!(may18.rows.iter().any(|r| r.first_name == "Hugo"), "{backend}");
    }
}

#[tokio::test]
async fn members_list_reads_like_the_import_file() {
    for (backend, store) in stores().await {
        let info = seeded(&store).await;
        let mut c = store.conn().await.expect("conn");
        let referent = info.members[9];
        directory::grant_role(&mut c, referent, Role::Referent(info.vegetables), Some(info.amap))
            .await
            .expect("role");
        let (other, _) = other_amap(&mut c).await;
        // A role in another AMAP stays out of this AMAP's list.
        directory::grant_role(&mut c, referent, Role::Admin(other), Some(other)).await.expect("role");
        let list = exports::members_list(&mut c, Viewer::Member(info.admin), info.amap).await.expect("list");
        assert_eq!(
            list.len(),
            directory::members_of_amap(&mut c, info.amap).await.expect("m").len(),
            "{backend}"
        );
        let admin = directory::member_by_id(&mut c, info.admin).await.expect("q").expect("admin");
        let line = list.iter().find(|l| l.email == admin.email.as_str()).expect("admin listed");
        assert!(line.roles.contains(&"admin".to_owned()), "{backend}: {:?}", line.roles);
        let refe = directory::member_by_id(&mut c, referent).await.expect("q").expect("ref");
        let line = list.iter().find(|l| l.email == refe.email.as_str()).expect("referent listed");
        let veg = panier_core::store::contracts::contract_by_id(&mut c, info.vegetables)
            .await
            .expect("q")
            .expect("c");
        assert_eq!(line.roles, [format!("referent:{}", veg.slug)], "{backend}");
        let farmer = directory::member_by_id(&mut c, info.farmers[0]).await.expect("q").expect("farmer");
        let line = list.iter().find(|l| l.email == farmer.email.as_str()).expect("farmer listed");
        assert_eq!(line.roles.len(), 1, "{backend}");
        assert!(line.roles[0].starts_with("farmer:"), "{backend}: {:?}", line.roles);
        assert!(!list.iter().any(|l| l.email == "admin@voisins.example.org"), "{backend}");
    }
}

#[tokio::test]
async fn exports_respect_roles() {
    for (backend, store) in stores().await {
        let info = seeded(&store).await;
        let mut c = store.conn().await.expect("conn");
        let (other, other_admin) = other_amap(&mut c).await;
        let referent = info.members[9];
        directory::grant_role(&mut c, referent, Role::Referent(info.vegetables), Some(info.amap))
            .await
            .expect("role");
        let day = date("2027-05-11");
        let (member, veg_farmer, egg_farmer) = (info.demo_member, info.farmers[0], info.farmers[1]);

        let contract = async |c: &mut Conn, who: MemberId, k| {
            exports::contract_quantities(c, Viewer::Member(who), k).await.map(drop)
        };
        let forbidden = |r: &Result<(), CoreError>| matches!(r, Err(CoreError::Forbidden(_)));
        // A member sees none of the three exports.
        assert!(forbidden(&contract(&mut c, member, info.vegetables).await), "{backend}");
        assert!(
            forbidden(&exports::members_list(&mut c, Viewer::Member(member), info.amap).await.map(drop)),
            "{backend}"
        );
        assert!(
            forbidden(&exports::signin_sheet(&mut c, Viewer::Member(member), info.amap, day).await.map(drop)),
            "{backend}"
        );
        // AMAP B's admin sees nothing of AMAP A.
        assert!(forbidden(&contract(&mut c, other_admin, info.vegetables).await), "{backend}");
        assert!(
            forbidden(&exports::members_list(&mut c, Viewer::Member(other_admin), info.amap).await.map(drop)),
            "{backend}"
        );
        assert!(
            forbidden(
                &exports::signin_sheet(&mut c, Viewer::Member(other_admin), info.amap, day).await.map(drop)
            ),
            "{backend}"
        );
        // …and AMAP A's admin nothing of AMAP B.
        assert!(
            forbidden(&exports::members_list(&mut c, Viewer::Member(info.admin), other).await.map(drop)),
            "{backend}"
        );
        assert!(exports::members_list(&mut c, Viewer::Member(other_admin), other).await.is_ok(), "{backend}");
        // A farmer sees their own contract only, and not the members list.
        assert!(contract(&mut c, veg_farmer, info.vegetables).await.is_ok(), "{backend}");
        assert!(forbidden(&contract(&mut c, veg_farmer, info.eggs).await), "{backend}");
        assert!(contract(&mut c, egg_farmer, info.eggs).await.is_ok(), "{backend}");
        assert!(forbidden(&contract(&mut c, egg_farmer, info.vegetables).await), "{backend}");
        assert!(
            forbidden(&exports::members_list(&mut c, Viewer::Member(veg_farmer), info.amap).await.map(drop)),
            "{backend}"
        );
        // The contract's referent and the AMAP's admin see the contract; the referent the sheet.
        assert!(contract(&mut c, referent, info.vegetables).await.is_ok(), "{backend}");
        assert!(forbidden(&contract(&mut c, referent, info.bread).await), "{backend}");
        assert!(contract(&mut c, info.admin, info.bread).await.is_ok(), "{backend}");
        let sheet =
            exports::signin_sheet(&mut c, Viewer::Member(referent), info.amap, day).await.expect("sheet");
        let operator = exports::signin_sheet(&mut c, Viewer::Operator, info.amap, day).await.expect("sheet");
        assert_eq!(sheet, operator, "{backend}");
        assert!(!sheet.rows.is_empty(), "{backend}");
        // The duty team of the day sees the sheet, and only that day's.
        let shift = panier_core::store::duty::ensure_shift(&mut c, info.amap, day, 3).await.expect("shift");
        let mut on_duty = None;
        for m in panier_core::store::duty::team_of(&mut c, shift.id).await.expect("team") {
            let rights = panier_core::usecases::rights::Rights::load(&mut c, m).await.expect("rights");
            if !rights.has_admin_role() && !rights.has_referent_role() && !rights.has_farmer_role() {
                on_duty = Some(m);
            }
        }
        let on_duty = on_duty.expect("a plain member on duty on the 11th");
        assert!(
            exports::signin_sheet(&mut c, Viewer::Member(on_duty), info.amap, day).await.is_ok(),
            "{backend}"
        );
        let later = date("2027-06-29");
        assert!(
            forbidden(
                &exports::signin_sheet(&mut c, Viewer::Member(on_duty), info.amap, later).await.map(drop)
            ),
            "{backend}"
        );
    }
}
