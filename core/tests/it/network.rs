//! Networks on every backend: what a network admin sees (counts, never members), who may edit
//! which directory entry, and announcements from writing to moderation to the outbox rows.

use chrono::{DateTime, Duration, Utc, Weekday};
use panier_core::demo::{self, DemoInfo};
use panier_core::error::{CoreError, Invalid, Missing};
use panier_core::model::{Role, TimeWindow};
use panier_core::network::{AnnouncementDraft, AnnouncementKind, AnnouncementState, DirectoryEdit};
use panier_core::store::directory::{self, AmapFields, MemberFields};
use panier_core::store::{Conn, Store, accounts, import_support};
use panier_core::types::{AmapId, Email, FarmId, MemberId, NetworkId, Slug};
use panier_core::usecases::{admin_extra, announcements, collection, network, privacy};

use crate::support::{at, date, stores};

/// Two networks: « rhone » holds the demo AMAP and « voisins », « bretagne » holds « lointaine ».
struct World {
    info: DemoInfo,
    rhone: NetworkId,
    voisins: AmapId,
    voisins_admin: MemberId,
    lointaine_admin: MemberId,
    lointaine_member: MemberId,
    rhone_admin: MemberId,
    bretagne_admin: MemberId,
    saules: FarmId,
    poulailler: FarmId,
}

fn now() -> DateTime<Utc> {
    at("2027-05-05T08:00:00Z")
}

async fn person(c: &mut Conn, email: &str) -> MemberId {
    let fields = MemberFields {
        email: Email::parse(email).expect("email"),
        first_name: "Nadia".into(),
        last_name: "Réseau".into(),
        phone: Some("0601020304".into()),
    };
    directory::upsert_member(c, &fields, now()).await.expect("member")
}

async fn amap(c: &mut Conn, slug: &str, network: NetworkId, admin: MemberId) -> AmapId {
    let id = directory::upsert_amap(
        c,
        &AmapFields {
            slug: Slug::parse(slug).expect("slug"),
            name: format!("AMAP {slug}"),
            network_id: Some(network),
            timezone: chrono_tz::Europe::Paris,
            place_name: "Préau".into(),
            address: "1 place".into(),
            latitude: Some(45.7),
            longitude: Some(4.9),
            weekday: Weekday::Thu,
            window: TimeWindow::parse("18:00", "19:00").expect("window"),
            duty_slots: 2,
            default_language: "fr".into(),
            contact_email: None,
        },
        now(),
    )
    .await
    .expect("amap");
    directory::grant_role(c, admin, Role::Admin(id), Some(id)).await.expect("role");
    directory::grant_role(c, admin, Role::Member(id), Some(id)).await.expect("role");
    id
}

async fn world(store: &Store) -> World {
    let info = demo::seed(store, date("2027-05-05"), now()).await.expect("seed");
    let mut c = store.conn().await.expect("conn");
    let rhone = network::create_network(&mut c, &Slug::parse("rhone").expect("slug"), "Réseau Rhône", now())
        .await
        .expect("network")
        .id;
    let bretagne =
        network::create_network(&mut c, &Slug::parse("bretagne").expect("slug"), "Réseau Bretagne", now())
            .await
            .expect("network")
            .id;
    network::attach_amap(&mut c, "rhone", demo::DEMO_AMAP).await.expect("attach");
    let voisins_admin = person(&mut c, "admin@voisins.example.org").await;
    let voisins = amap(&mut c, "voisins", rhone, voisins_admin).await;
    let lointaine_admin = person(&mut c, "admin@lointaine.example.org").await;
    amap(&mut c, "lointaine", bretagne, lointaine_admin).await;
    let lointaine_member = person(&mut c, "membre@lointaine.example.org").await;
    let lointaine = directory::amap_by_slug(&mut c, "lointaine").await.expect("amap").expect("amap").id;
    directory::grant_role(&mut c, lointaine_member, Role::Member(lointaine), Some(lointaine))
        .await
        .expect("r");
    let rhone_admin = person(&mut c, "coordination@rhone.example.org").await;
    let bretagne_admin = person(&mut c, "coordination@bretagne.example.org").await;
    network::grant_network_admin(
        &mut c,
        "rhone",
        &Email::parse("coordination@rhone.example.org").expect("e"),
    )
    .await
    .expect("grant");
    network::grant_network_admin(
        &mut c,
        "bretagne",
        &Email::parse("coordination@bretagne.example.org").expect("e"),
    )
    .await
    .expect("grant");
    let saules = directory::farm_by_slug(&mut c, "ferme-des-saules").await.expect("farm").expect("farm").id;
    let poulailler =
        directory::farm_by_slug(&mut c, "poulailler-du-coteau").await.expect("farm").expect("farm").id;
    World {
        info,
        rhone,
        voisins,
        voisins_admin,
        lointaine_admin,
        lointaine_member,
        rhone_admin,
        bretagne_admin,
        saules,
        poulailler,
    }
}

async fn dump(store: &Store) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut c = store.conn().await.expect("conn");
    import_support::dump(&mut c).await.expect("dump")
}

fn forbidden<T: std::fmt::Debug>(r: Result<T, CoreError>) -> bool {
    matches!(r, Err(CoreError::Forbidden(_)))
}

#[tokio::test]
async fn network_admin_sees_counts_never_members() {
    for (backend, store) in stores().await {
        let w = world(&store).await;
        let mut c = store.conn().await.expect("conn");
        let dir = network::network_directory(&mut c, w.rhone_admin, w.rhone).await.expect(backend);
        let names: Vec<&str> = dir.amaps.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["AMAP des Capucins", "AMAP voisins"], "{backend}");
        assert_eq!(dir.farms.len(), 3, "{backend}: the demo's farms deliver in the network");
        let figures = network::network_figures(&mut c, w.rhone_admin, w.rhone).await.expect(backend);
        let capucins = figures.iter().find(|f| f.amap == w.info.amap).expect("capucins figures");
        let people = directory::members_of_amap(&mut c, w.info.amap).await.expect("members");
        assert_eq!(capucins.members as usize, people.len(), "{backend}");
        assert_eq!(capucins.contracts, 3, "{backend}");
        assert!(capucins.deliveries > 0 && capucins.subscriptions > 0, "{backend}");
        // Nothing personal in what the network admin receives.
        let seen = serde_json::to_string(&(&dir, &figures)).expect("json");
        for m in &people {
            assert!(!seen.contains(m.email.as_str()), "{backend}: {} leaked", m.email);
            assert!(!seen.contains(&m.last_name), "{backend}: a last name leaked");
        }
        // The member-level use cases stay closed to them.
        let amap = w.info.amap;
        assert!(
            forbidden(admin_extra::search_members(&mut c, w.rhone_admin, amap, "", 50).await),
            "{backend}"
        );
        let day = date("2027-05-11");
        assert!(forbidden(collection::signin_sheet(&mut c, w.rhone_admin, amap, day).await), "{backend}");
        let mine = privacy::my_data(&mut c, w.rhone_admin, now()).await.expect("own data");
        assert!(!mine.to_string().contains(people[0].email.as_str()), "{backend}");
        // Other networks and AMAP admins do not see the directory nor the figures.
        for who in [w.bretagne_admin, w.info.admin, w.voisins_admin] {
            assert!(forbidden(network::network_directory(&mut c, who, w.rhone).await), "{backend}");
            assert!(forbidden(network::network_figures(&mut c, who, w.rhone).await), "{backend}");
        }
    }
}

#[tokio::test]
async fn directory_edits_follow_roles() {
    for (backend, store) in stores().await {
        let w = world(&store).await;
        let edit = DirectoryEdit {
            name: Some("AMAP des Voisins".into()),
            products: Some("Légumes, pain".into()),
            location: Some(Some((45.75, 4.85))),
            contact_email: Some(Some(Email::parse("contact@voisins.example.org").expect("e"))),
            ..Default::default()
        };
        let farm_edit = DirectoryEdit { products: Some("Légumes".into()), ..Default::default() };
        let refused: Vec<(MemberId, Target)> = vec![
            (w.info.admin, Target::Amap(w.voisins)),     // AMAP A's admin on AMAP B
            (w.bretagne_admin, Target::Amap(w.voisins)), // another network
            (w.info.members[8], Target::Amap(w.info.amap)), // a plain member
            (w.info.farmers[0], Target::Farm(w.poulailler)), // another farm
            (w.bretagne_admin, Target::Farm(w.saules)),  // a farm outside their network
            (w.lointaine_admin, Target::Farm(w.saules)),
        ];
        for (who, target) in refused {
            let before = dump(&store).await;
            let mut tx = store.write_tx().await.expect("tx");
            let r = match target {
                Target::Amap(a) => network::edit_amap_directory(&mut tx, who, a, &edit).await,
                Target::Farm(f) => network::edit_farm_directory(&mut tx, who, f, &farm_edit).await,
            };
            assert!(forbidden(r), "{backend}: {who:?} on {target:?}");
            drop(tx);
            assert_eq!(before, dump(&store).await, "{backend}: a refusal changed something");
        }
        let mut c = store.conn().await.expect("conn");
        network::edit_amap_directory(&mut c, w.voisins_admin, w.voisins, &edit).await.expect("own AMAP");
        let moved = DirectoryEdit { address: Some("2 rue Neuve".into()), ..Default::default() };
        network::edit_amap_directory(&mut c, w.rhone_admin, w.voisins, &moved).await.expect("network admin");
        network::edit_farm_directory(&mut c, w.info.farmers[0], w.saules, &farm_edit)
            .await
            .expect("own farm");
        network::edit_farm_directory(&mut c, w.rhone_admin, w.poulailler, &farm_edit).await.expect("network");
        let dir = network::public_directory(&mut c, "rhone").await.expect("public");
        let voisins = dir.amaps.iter().find(|a| a.id == w.voisins).expect("voisins");
        assert_eq!(voisins.name, "AMAP des Voisins", "{backend}");
        assert_eq!(voisins.address, "2 rue Neuve", "{backend}");
        assert_eq!(voisins.products, "Légumes, pain", "{backend}");
        assert_eq!((voisins.latitude, voisins.longitude), (Some(45.75), Some(4.85)), "{backend}");
        let bad = DirectoryEdit { location: Some(Some((95.0, 2.0))), ..Default::default() };
        let r = network::edit_amap_directory(&mut c, w.voisins_admin, w.voisins, &bad).await;
        assert!(matches!(r, Err(CoreError::Invalid(Invalid::Location))), "{backend}: {r:?}");
        let r = network::public_directory(&mut c, "nulle-part").await;
        assert!(matches!(r, Err(CoreError::NotFound(Missing::Network(_)))), "{backend}");
    }
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Amap(AmapId),
    Farm(FarmId),
}

fn draft(kind: AnnouncementKind, product: &str, body: &str) -> AnnouncementDraft {
    AnnouncementDraft { kind, product: product.into(), area: "Lyon".into(), body: body.into() }
}

async fn link(c: &mut Conn, member: MemberId, n: i64) {
    let id = format!("tg{n}");
    accounts::link_account(c, member, "telegram", &id, &id, now()).await.expect("link");
}

/// (member, amap) of the queued announcement rows, sorted.
async fn outbox_rows(c: &mut Conn) -> Vec<(i64, i64)> {
    let mut rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT member_id, amap_id FROM outbox WHERE kind = 'announcement' ORDER BY 1, 2")
            .fetch_all(&mut *c)
            .await
            .expect("outbox");
    rows.sort();
    rows
}

#[tokio::test]
async fn announcements_are_moderated_then_queued() {
    for (backend, store) in stores().await {
        let w = world(&store).await;
        let mut c = store.conn().await.expect("conn");
        let plain = w.info.members[8];
        for (n, m) in
            [w.info.admin, w.voisins_admin, w.lointaine_admin, plain, w.info.farmers[1]].iter().enumerate()
        {
            link(&mut c, *m, n as i64).await;
        }
        drop(c);
        // A plain member writes nothing.
        let mut c = store.conn().await.expect("conn");
        assert!(announcements::kinds_for(&mut c, plain).await.expect("kinds").is_empty(), "{backend}");
        let r =
            announcements::create(&mut c, plain, &draft(AnnouncementKind::News, "", "Bonjour"), now()).await;
        assert!(forbidden(r), "{backend}");
        let kinds = announcements::kinds_for(&mut c, w.info.farmers[0]).await.expect("kinds");
        assert_eq!(kinds, [AnnouncementKind::FarmSeeksAmap, AnnouncementKind::News], "{backend}");
        // The farmer's offer waits for moderation: nothing queued yet.
        let offer = draft(AnnouncementKind::FarmSeeksAmap, "Légumes", "Nous cherchons une AMAP le jeudi.");
        let created = announcements::create(&mut c, w.info.farmers[0], &offer, now()).await.expect(backend);
        let id = created.announcement.id;
        assert_eq!(created.announcement.state, AnnouncementState::Pending, "{backend}");
        assert_eq!(created.announcement.from, "Ferme des Saules", "{backend}");
        assert!(created.queued.is_none() && outbox_rows(&mut c).await.is_empty(), "{backend}");
        assert!(announcements::listed(&mut c, plain, now()).await.expect("list").is_empty(), "{backend}");
        // Only the network's own admins moderate it.
        let pending = announcements::pending(&mut c, w.rhone_admin, now()).await.expect("pending");
        assert_eq!(pending.iter().map(|a| a.id).collect::<Vec<_>>(), [id], "{backend}");
        assert!(
            announcements::pending(&mut c, w.bretagne_admin, now()).await.expect("p").is_empty(),
            "{backend}"
        );
        assert!(forbidden(announcements::pending(&mut c, w.info.admin, now()).await), "{backend}");
        let r = announcements::moderate(&mut c, w.bretagne_admin, id, true, now()).await;
        assert!(matches!(r, Err(CoreError::NotFound(Missing::Announcement))), "{backend}");
        assert!(forbidden(announcements::moderate(&mut c, w.info.admin, id, true, now()).await), "{backend}");
        drop(c);
        let mut tx = store.write_tx().await.expect("tx");
        let done = announcements::moderate(&mut tx, w.rhone_admin, id, true, now()).await.expect(backend);
        tx.commit().await.expect("commit");
        assert_eq!(done.announcement.state, AnnouncementState::Approved, "{backend}");
        let mut c = store.conn().await.expect("conn");
        // To the AMAP admins of the network who can be reached; not to plain members, not to
        // the other network.
        let expected = vec![(w.info.admin.0, w.info.amap.0), (w.voisins_admin.0, w.voisins.0)];
        assert_eq!(outbox_rows(&mut c).await, expected, "{backend}");
        let r = announcements::moderate(&mut c, w.rhone_admin, id, false, now()).await;
        assert!(matches!(r, Err(CoreError::Conflict(_))), "{backend}: decided twice");
        // Listed in the network, not elsewhere; gone once expired.
        assert_eq!(announcements::listed(&mut c, plain, now()).await.expect("l").len(), 1, "{backend}");
        assert!(
            announcements::listed(&mut c, w.lointaine_member, now()).await.expect("l").is_empty(),
            "{backend}"
        );
        let later = now() + Duration::days(61);
        assert!(announcements::listed(&mut c, plain, later).await.expect("l").is_empty(), "{backend}");
        assert!(announcements::live(&mut c, id, later).await.expect("live").is_none(), "{backend}");
        let expires: Vec<Option<i64>> =
            sqlx::query_scalar("SELECT expires_at FROM outbox WHERE kind = 'announcement'")
                .fetch_all(&mut *c)
                .await
                .expect("expiry");
        let until = done.announcement.expires_at.timestamp();
        assert!(expires.iter().all(|e| *e == Some(until)), "{backend}: rows expire with the announcement");
        // An AMAP's request, rejected: nothing more queued.
        let wanted = draft(AnnouncementKind::AmapSeeksFarm, "Fromage", "Nous cherchons un·e fromager·e.");
        let asked = announcements::create(&mut c, w.voisins_admin, &wanted, now()).await.expect("create");
        assert_eq!(asked.announcement.from, "AMAP voisins", "{backend}");
        let rejected = announcements::moderate(&mut c, w.rhone_admin, asked.announcement.id, false, now())
            .await
            .expect("no");
        assert_eq!(rejected.announcement.state, AnnouncementState::Rejected, "{backend}");
        assert_eq!(outbox_rows(&mut c).await.len(), 2, "{backend}");
        // The network's own news goes out at once, to every reachable member who did not turn
        // announcements off.
        accounts::set_opt_out(&mut c, w.info.farmers[1], "announcement", true).await.expect("opt out");
        let news = draft(AnnouncementKind::News, "", "Assemblée générale du réseau le 12 juin.");
        let sent = announcements::create(&mut c, w.rhone_admin, &news, now()).await.expect("news");
        assert_eq!(sent.announcement.state, AnnouncementState::Approved, "{backend}");
        assert_eq!(sent.announcement.from, "Réseau Rhône", "{backend}");
        let rows = outbox_rows(&mut c).await;
        assert!(rows.contains(&(plain.0, w.info.amap.0)), "{backend}: {rows:?}");
        assert!(!rows.iter().any(|(m, _)| *m == w.info.farmers[1].0), "{backend}: opted out");
        assert!(!rows.iter().any(|(m, _)| *m == w.lointaine_admin.0), "{backend}: other network");
        // Bad input changes nothing.
        let before = dump(&store).await;
        let empty = draft(AnnouncementKind::News, "", "   ");
        let r = announcements::create(&mut c, w.rhone_admin, &empty, now()).await;
        assert!(matches!(r, Err(CoreError::Invalid(Invalid::Name))), "{backend}");
        assert_eq!(before, dump(&store).await, "{backend}");
    }
}

#[tokio::test]
async fn directory_import_is_all_or_nothing() {
    use panier_core::import::{At, import_directory};
    for (backend, store) in stores().await {
        let mut c = store.conn().await.expect("conn");
        network::create_network(&mut c, &Slug::parse("rhone").expect("slug"), "Réseau Rhône", now())
            .await
            .expect("network");
        drop(c);
        let text = std::fs::read_to_string(crate::support::repo_path("docs/examples/network-directory.csv"))
            .expect("example");
        let report = import_directory(&store, "rhone", "dir.csv", &text, now()).await.expect(backend);
        assert_eq!((report.amaps.created, report.farms.created), (3, 2), "{backend}");
        let again = import_directory(&store, "rhone", "dir.csv", &text, now()).await.expect(backend);
        assert_eq!((again.amaps.unchanged, again.farms.unchanged), (3, 2), "{backend}");
        let mut c = store.conn().await.expect("conn");
        let dir = network::public_directory(&mut c, "rhone").await.expect("directory");
        let croix = dir.amaps.iter().find(|a| a.slug.as_str() == "croix-rousse").expect("croix-rousse");
        assert_eq!(croix.weekday, Weekday::Thu, "{backend}");
        assert_eq!(croix.products, "Légumes, fromages", "{backend}");
        assert_eq!((croix.latitude, croix.longitude), (Some(45.778), Some(4.829)), "{backend}");
        let chevrerie = dir.farms.iter().find(|f| f.slug.as_str() == "chevrerie-du-mont").expect("farm");
        assert_eq!(chevrerie.contact_email, None, "{backend}");
        drop(c);
        let before = dump(&store).await;
        let cases = [
            ("kind,slug,name\nshop,x,X\n", 2, "kind"),
            (
                "kind,slug,name,day,start,end\namap,ok,OK,jeudi,18:00,19:00\namap,b,B,jeudi,,19:00\n",
                3,
                "start",
            ),
            ("kind,slug,name,latitude\nfarm,f,F,45.1\n", 2, "longitude"),
            ("kind,slug,name,contact\nfarm,f,F,pas-un-mail\n", 2, "contact"),
            ("kind,slug,name\nfarm,f,F\nfarm,f,G\n", 3, "slug"),
        ];
        for (csv, line, field) in cases {
            let e = import_directory(&store, "rhone", "bad.csv", csv, now()).await.expect_err(csv);
            assert_eq!((e.at.clone(), e.field.as_str()), (At::Line(line), field), "{backend}: {csv}");
        }
        let e = import_directory(&store, "nulle-part", "dir.csv", &text, now()).await.expect_err("network");
        assert_eq!(e.field, "network", "{backend}");
        assert_eq!(before, dump(&store).await, "{backend}: a refused file changed something");
    }
}

/// What `fiche` offers each person, and edits by slug through the same rights.
#[tokio::test]
async fn directory_entries_by_slug_follow_roles() {
    use panier_core::usecases::directory_entry::{self, Entry};

    for (backend, store) in stores().await {
        let w = world(&store).await;
        let mut c = store.conn().await.expect("conn");
        let slugs = |entries: Vec<Entry>| entries.iter().map(|e| e.slug().to_owned()).collect::<Vec<_>>();
        let coordination = slugs(directory_entry::editable(&mut c, w.rhone_admin).await.expect("q"));
        assert_eq!(
            coordination,
            ["capucins", "voisins", "ferme-des-saules", "fournil-de-la-croix", "poulailler-du-coteau"],
            "{backend}"
        );
        assert_eq!(slugs(directory_entry::editable(&mut c, w.info.admin).await.expect("q")), ["capucins"]);
        let farmer = w.info.farmers[0];
        assert_eq!(slugs(directory_entry::editable(&mut c, farmer).await.expect("q")), ["ferme-des-saules"]);
        assert!(directory_entry::editable(&mut c, w.info.members[8]).await.expect("q").is_empty());
        assert!(
            directory_entry::editable(&mut c, w.bretagne_admin)
                .await
                .expect("q")
                .iter()
                .all(|e| e.slug() == "lointaine")
        );
        drop(c);

        let edit = DirectoryEdit { address: Some("1 place Neuve".into()), ..Default::default() };
        for (who, slug) in [
            (w.info.admin, "voisins"),
            (w.bretagne_admin, "capucins"),
            (w.info.members[8], "capucins"),
            (farmer, "poulailler-du-coteau"),
            (w.lointaine_member, "lointaine"),
        ] {
            let before = dump(&store).await;
            let mut tx = store.write_tx().await.expect("tx");
            let r = directory_entry::edit(&mut tx, who, slug, &edit).await;
            assert!(forbidden(r), "{backend}: {who:?} on {slug}");
            drop(tx);
            assert_eq!(before, dump(&store).await, "{backend}: a refusal changed something");
        }
        let mut c = store.conn().await.expect("conn");
        let r = directory_entry::find(&mut c, w.rhone_admin, "nulle-part").await;
        assert!(matches!(r, Err(CoreError::NotFound(_))), "{backend}: {r:?}");
        let place = DirectoryEdit { place_name: Some("Hangar".into()), ..Default::default() };
        let r = directory_entry::edit(&mut c, farmer, "ferme-des-saules", &place).await;
        assert!(matches!(r, Err(CoreError::Invalid(_))), "{backend}: a farm has no distribution place");
        let stored =
            directory_entry::edit(&mut c, w.rhone_admin, "voisins", &edit).await.expect("coordination");
        assert!(matches!(&stored, Entry::Amap(a) if a.address == "1 place Neuve"), "{backend}: {stored:?}");
        let stored =
            directory_entry::edit(&mut c, farmer, "ferme-des-saules", &edit).await.expect("own farm");
        assert!(matches!(&stored, Entry::Farm(f) if f.address == "1 place Neuve"), "{backend}: {stored:?}");
        let dir = network::public_directory(&mut c, "rhone").await.expect("public");
        assert!(dir.amaps.iter().any(|a| a.slug.as_str() == "voisins" && a.address == "1 place Neuve"));
    }
}
