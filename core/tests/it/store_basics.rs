//! Round trips of the basic records on every backend.

use chrono::Weekday;
use panier_core::model::{Role, TimeWindow};
use panier_core::store::directory::{self, AmapFields, FarmFields, MemberFields};
use panier_core::types::{Email, Slug};

use crate::support::{at, stores};

fn capucins() -> AmapFields {
    AmapFields {
        slug: Slug::parse("capucins").expect("slug"),
        name: "AMAP des Capucins".into(),
        network_id: None,
        timezone: chrono_tz::Europe::Paris,
        place_name: "Salle des Capucins".into(),
        address: "3 rue des Lilas".into(),
        latitude: Some(45.77),
        longitude: None,
        weekday: Weekday::Tue,
        window: TimeWindow::parse("18:30", "19:45").expect("window"),
        duty_slots: 3,
        default_language: "fr".into(),
        contact_email: None,
    }
}

#[tokio::test]
async fn amap_member_and_roles_round_trip() {
    for (backend, store) in stores().await {
        let now = at("2027-05-01T10:00:00Z");
        let mut conn = store.conn().await.expect("conn");
        let amap = directory::upsert_amap(&mut conn, &capucins(), now).await.expect("amap");
        let again = directory::upsert_amap(&mut conn, &capucins(), now).await.expect("amap twice");
        assert_eq!(amap, again, "{backend}: upsert keeps the id");
        let loaded = directory::amap_by_slug(&mut conn, "capucins").await.expect("load").expect("found");
        assert_eq!(loaded.window, capucins().window, "{backend}");
        assert_eq!(loaded.latitude, Some(45.77), "{backend}");
        assert_eq!(loaded.longitude, None, "{backend}");
        assert_eq!(loaded.weekday, Weekday::Tue, "{backend}");

        let fields = MemberFields {
            email: Email::parse("Claire@Example.org").expect("email"),
            first_name: "Claire".into(),
            last_name: "Dupont".into(),
            phone: None,
        };
        let member = directory::upsert_member(&mut conn, &fields, now).await.expect("member");
        directory::grant_role(&mut conn, member, Role::Member(amap), Some(amap)).await.expect("role");
        directory::grant_role(&mut conn, member, Role::Admin(amap), Some(amap)).await.expect("role");
        directory::grant_role(&mut conn, member, Role::Admin(amap), Some(amap)).await.expect("role twice");
        let roles = directory::roles_of(&mut conn, member).await.expect("roles");
        assert_eq!(roles, vec![Role::Member(amap), Role::Admin(amap)], "{backend}");
        let found =
            directory::member_by_email(&mut conn, &fields.email).await.expect("by email").expect("found");
        assert_eq!(found.short_name(), "Claire D.", "{backend}");
        assert_eq!(directory::amaps_of_member(&mut conn, member).await.expect("amaps").len(), 1, "{backend}");
    }
}

#[tokio::test]
async fn one_leader_at_a_time_and_takeover_after_expiry() {
    use panier_core::store::leader;
    for (backend, store) in stores().await {
        let mut c = store.conn().await.expect("conn");
        let t0 = at("2027-05-01T10:00:00Z");
        let ttl = chrono::Duration::seconds(30);
        assert!(leader::try_lead(&mut c, "telegram", "A", t0, ttl).await.expect("lead"), "{backend}");
        assert!(
            !leader::try_lead(&mut c, "telegram", "B", t0 + chrono::Duration::seconds(10), ttl)
                .await
                .expect("lead")
        );
        assert!(
            leader::try_lead(&mut c, "telegram", "A", t0 + chrono::Duration::seconds(20), ttl)
                .await
                .expect("renew")
        );
        // A stops renewing (killed): B takes over once the lease has expired.
        assert!(
            !leader::try_lead(&mut c, "telegram", "B", t0 + chrono::Duration::seconds(49), ttl)
                .await
                .expect("lead")
        );
        assert!(
            leader::try_lead(&mut c, "telegram", "B", t0 + chrono::Duration::seconds(51), ttl)
                .await
                .expect("lead")
        );
        assert!(
            !leader::try_lead(&mut c, "telegram", "A", t0 + chrono::Duration::seconds(52), ttl)
                .await
                .expect("lead")
        );
        leader::resign(&mut c, "telegram", "B").await.expect("resign");
        assert!(
            leader::try_lead(&mut c, "telegram", "A", t0 + chrono::Duration::seconds(53), ttl)
                .await
                .expect("lead")
        );
        assert!(leader::try_lead(&mut c, "matrix", "B", t0, ttl).await.expect("other loop"), "{backend}");
    }
}

/// Imports upsert AMAPs and farms one after the other on one connection, some with
/// coordinates, a network and a contact, some without: a statement first run with a missing
/// number must still take a number afterwards (and the other way round) on PostgreSQL too.
#[tokio::test]
async fn upserts_take_missing_then_present_numbers_on_one_connection() {
    for (backend, store) in stores().await {
        let now = at("2027-05-01T10:00:00Z");
        let mut conn = store.conn().await.expect("conn");
        let network = directory::upsert_network(
            &mut conn,
            &Slug::parse("reseau-rhone").expect("slug"),
            "Réseau Rhône",
            now,
        )
        .await
        .expect("network");
        let bare = AmapFields { latitude: None, longitude: None, ..capucins() };
        let full = AmapFields {
            slug: Slug::parse("croix-rousse").expect("slug"),
            network_id: Some(network),
            latitude: Some(45.7769),
            longitude: Some(4.8276),
            contact_email: Some(Email::parse("bureau@example.org").expect("email")),
            ..capucins()
        };
        for fields in [&bare, &full, &bare, &full] {
            directory::upsert_amap(&mut conn, fields, now).await.expect("amap");
        }
        let loaded = directory::amap_by_slug(&mut conn, "croix-rousse").await.expect("load").expect("found");
        assert_eq!((loaded.latitude, loaded.longitude), (Some(45.7769), Some(4.8276)), "{backend}");
        assert_eq!(loaded.network_id, Some(network), "{backend}");
        let loaded = directory::amap_by_slug(&mut conn, "capucins").await.expect("load").expect("found");
        assert_eq!((loaded.latitude, loaded.network_id), (None, None), "{backend}");

        let farm = |slug: &str, at: Option<(f64, f64)>| FarmFields {
            slug: Slug::parse(slug).expect("slug"),
            name: slug.into(),
            address: "Chemin des Prés".into(),
            latitude: at.map(|p| p.0),
            longitude: at.map(|p| p.1),
        };
        for fields in [farm("ferme-a", None), farm("ferme-b", Some((45.9, 4.7))), farm("ferme-a", None)] {
            directory::upsert_farm(&mut conn, &fields, now).await.expect("farm");
        }
        let b = directory::farm_by_slug(&mut conn, "ferme-b").await.expect("load").expect("found");
        assert_eq!((b.latitude, b.longitude), (Some(45.9), Some(4.7)), "{backend}");
    }
}
