//! Imports on every backend: the docs/examples files end to end against figures computed by
//! hand, idempotency (a second import changes no row), and bad files that each give one
//! precise error and leave the database exactly as it was.

use chrono::{DateTime, Utc};
use panier_core::import::{
    MembersReport, SeasonReport, SubscriptionsReport, Tally, import_members, import_season,
    import_subscriptions,
};
use panier_core::rules::money::subscription_total;
use panier_core::rules::state::SubscriptionState;
use panier_core::store::{Store, contracts, directory, import_support, subscriptions};
use panier_core::types::{Cents, Email};
use panier_core::usecases::totals::delivery_totals;

use crate::support::{at, date, repo_path, stores};

mod bad_files;
use bad_files::mini;

fn example(name: &str) -> String {
    std::fs::read_to_string(repo_path(&format!("docs/examples/{name}"))).expect("example file")
}

async fn import_examples(
    store: &Store,
    now: DateTime<Utc>,
) -> (SeasonReport, MembersReport, SubscriptionsReport) {
    let season =
        import_season(store, "season.toml", &example("season.toml"), now).await.expect("season imports");
    let members = import_members(store, "capucins", "members.csv", &example("members.csv"), now)
        .await
        .expect("members import");
    let subs =
        import_subscriptions(store, None, None, "subscriptions.csv", &example("subscriptions.csv"), now)
            .await
            .expect("subscriptions import");
    (season, members, subs)
}

fn created(n: u32) -> Tally {
    Tally { created: n, updated: 0, unchanged: 0 }
}

fn unchanged(n: u32) -> Tally {
    Tally { created: 0, updated: 0, unchanged: n }
}

async fn contract_id(store: &Store, slug: &str) -> panier_core::types::ContractId {
    let mut conn = store.conn().await.expect("conn");
    let found = contracts::contracts_by_slug(&mut conn, slug, None).await.expect("contracts");
    assert_eq!(found.len(), 1, "{slug}");
    found[0].id
}

#[tokio::test]
async fn examples_import_and_add_up() {
    for (backend, store) in stores().await {
        let (season, members, subs) = import_examples(&store, at("2027-04-25T08:00:00Z")).await;

        // 3 farms, 1 farmer each, who gets member + farmer roles: 6 roles.
        // Deliveries: legumes and oeufs 26 Tuesdays from May 4 to Oct 26 (175 days = 25
        // weeks) minus 2 skipped = 24 each; pain lists 10 dates: 24 + 24 + 10 = 58.
        assert_eq!(season.networks, created(1), "{backend}");
        assert_eq!(season.amaps, created(1), "{backend}");
        assert_eq!(season.farms, created(3), "{backend}");
        assert_eq!(season.members, created(3), "{backend}");
        assert_eq!(season.roles, created(6), "{backend}");
        assert_eq!(season.contracts, created(3), "{backend}");
        assert_eq!(season.products, created(6), "{backend}");
        assert_eq!(season.deliveries, created(58), "{backend}");

        // 12 people, the 3 farmers already there with the same names and phones.
        // Roles: 9 new "member" + 2 admin + 3 referent = 14 new; 3 "member" + 3 "farmer" held.
        assert_eq!(members.members, Tally { created: 9, updated: 0, unchanged: 3 }, "{backend}");
        assert_eq!(members.roles, Tally { created: 14, updated: 0, unchanged: 6 }, "{backend}");

        // Subscriptions: legumes 8 members, oeufs 4, pain 4 = 16.
        // Cells: legumes 6 x 24 + Camille 23 + Nicolas 2 x 24 = 215; oeufs Claire 12 +
        // Thomas 24 + Sophie 12 + Manon 12 = 60; pain Claire 10 + Thomas 9 (graines
        // excluded on 07-20) + Élodie 10 + Sophie 10 + 9 = 48; 215 + 60 + 48 = 323.
        // Cheques: legumes 6+3+6+1+2+1+4+6 = 29, oeufs 1+3+2+1 = 7, pain 1+2+2+1 = 6 -> 42.
        assert_eq!(subs.subscriptions, created(16), "{backend}");
        assert_eq!(subs.cells, 323, "{backend}");
        assert_eq!(subs.cheques, 42, "{backend}");

        let legumes = contract_id(&store, "legumes-2027").await;
        let oeufs = contract_id(&store, "oeufs-2027").await;
        let mut conn = store.conn().await.expect("conn");

        let dates = contracts::deliveries_of(&mut conn, legumes).await.expect("deliveries");
        assert_eq!(dates.len(), 24, "{backend}");
        assert!(!dates.iter().any(|d| d.scheduled == date("2027-08-10")), "{backend}");

        // Six-egg boxes every 2 weeks from May 4: May 4, 18, Jun 1, 15, 29, Jul 13, 27,
        // (Aug 10 skipped), Aug 24, Sep 7, 21, Oct 5, 19 = 12 dates.
        let products = contracts::products_of(&mut conn, oeufs).await.expect("products");
        let six = products.iter().find(|p| p.slug.as_str() == "boite-6-oeufs").expect("six");
        let expected: Vec<_> = [
            "2027-05-04",
            "2027-05-18",
            "2027-06-01",
            "2027-06-15",
            "2027-06-29",
            "2027-07-13",
            "2027-07-27",
            "2027-08-24",
            "2027-09-07",
            "2027-09-21",
            "2027-10-05",
            "2027-10-19",
        ]
        .into_iter()
        .map(date)
        .collect();
        assert_eq!(six.only_dates.as_ref(), Some(&expected), "{backend}");
        assert_eq!(six.price, Cents(240), "{backend}");

        // Farmer totals, legumes, 2027-06-15 (Thomas doubled his grand panier that day):
        // grand = Claire 1 + Thomas 2 + Nicolas 1 + Antoine 1 = 5;
        // petit = Julien, Camille, Nicolas, Élodie, Manon = 5; 8 subscribers;
        // 5 x 1700 + 5 x 1100 = 8500 + 5500 = 14000 cents.
        let totals = delivery_totals(&mut conn, legumes, date("2027-06-15")).await.expect("totals");
        let quantities: Vec<(&str, u64)> =
            totals.products.iter().map(|p| (p.product.as_str(), p.quantity)).collect();
        assert_eq!(quantities, [("grand-panier", 5), ("petit-panier", 5)], "{backend}");
        assert_eq!((totals.subscribers, totals.amount_cents), (8, 14000), "{backend}");

        // 2027-05-18: Camille's override to 0 leaves grand 4, petit 4, 7 subscribers,
        // 4 x 1700 + 4 x 1100 = 11200 cents.
        let totals = delivery_totals(&mut conn, legumes, date("2027-05-18")).await.expect("totals");
        let quantities: Vec<u64> = totals.products.iter().map(|p| p.quantity).collect();
        assert_eq!(quantities, [4, 4], "{backend}");
        assert_eq!((totals.subscribers, totals.amount_cents), (7, 11200), "{backend}");

        // Eggs 2027-06-01 (a six-egg week): six = Claire 1 + Sophie 2 + Manon 2 (override)
        // = 5, twelve = Thomas 1; 4 subscribers; 5 x 240 + 460 = 1660 cents.
        let totals = delivery_totals(&mut conn, oeufs, date("2027-06-01")).await.expect("totals");
        let quantities: Vec<u64> = totals.products.iter().map(|p| p.quantity).collect();
        assert_eq!(quantities, [5, 1], "{backend}");
        assert_eq!((totals.subscribers, totals.amount_cents), (4, 1660), "{backend}");

        // Thomas, legumes: 24 grands paniers + 1 more on 06-15 = 25 x 1700 = 42500 cents,
        // in 6 cheques: 42500 / 6 = 7083 (floor), the last 42500 - 5 x 7083 = 7085,
        // cashed monthly from May 2027 (first delivery 2027-05-04).
        let thomas =
            directory::member_by_email(&mut conn, &Email::parse("thomas.petit@example.org").expect("e"))
                .await
                .expect("member")
                .expect("thomas");
        let sub = subscriptions::subscription_for(&mut conn, legumes, thomas.id)
            .await
            .expect("sub")
            .expect("thomas subscribed");
        assert_eq!((sub.state, sub.on_paper, sub.cheque_count), (SubscriptionState::Countersigned, true, 6));
        let grid = subscriptions::grid_of(&mut conn, sub.id).await.expect("grid");
        let products = contracts::products_of(&mut conn, legumes).await.expect("products");
        assert_eq!(grid.len(), 24, "{backend}");
        assert_eq!(subscription_total(&products, &grid), Some(Cents(42500)), "{backend}");
        let cheques = subscriptions::cheques_of(&mut conn, sub.id).await.expect("cheques");
        let amounts: Vec<i64> = cheques.iter().map(|c| c.cheque.amount.0).collect();
        assert_eq!(amounts, [7083, 7083, 7083, 7083, 7083, 7085], "{backend}");
        let months: Vec<_> = cheques.iter().map(|c| c.cheque.cashing_month).collect();
        assert_eq!(months.first().copied(), Some(date("2027-05-01")), "{backend}");
        assert_eq!(months.last().copied(), Some(date("2027-10-01")), "{backend}");

        // Roles from the members file.
        let sophie =
            directory::member_by_email(&mut conn, &Email::parse("sophie.bernard@example.org").expect("e"))
                .await
                .expect("member")
                .expect("sophie");
        let roles = directory::roles_of(&mut conn, sophie.id).await.expect("roles");
        assert_eq!(roles.len(), 3, "{backend}: member + 2 referent roles");
    }
}

#[tokio::test]
async fn importing_twice_changes_nothing() {
    for (backend, store) in stores().await {
        import_examples(&store, at("2027-04-25T08:00:00Z")).await;
        let mut conn = store.conn().await.expect("conn");
        let before = import_support::dump(&mut conn).await.expect("dump");
        let counts = import_support::row_counts(&mut conn).await.expect("counts");
        drop(conn);

        // A later `now`: any rewritten row would show a new timestamp.
        let (season, members, subs) = import_examples(&store, at("2027-05-20T08:00:00Z")).await;
        assert_eq!(season.amaps, unchanged(1), "{backend}");
        assert_eq!(season.contracts, unchanged(3), "{backend}");
        assert_eq!(season.products, unchanged(6), "{backend}");
        assert_eq!(season.deliveries, unchanged(58), "{backend}");
        assert_eq!(season.deliveries_removed, 0, "{backend}");
        assert_eq!(members.members, unchanged(12), "{backend}");
        assert_eq!(members.roles, unchanged(20), "{backend}");
        assert_eq!(subs.subscriptions, unchanged(16), "{backend}");

        let mut conn = store.conn().await.expect("conn");
        assert_eq!(import_support::row_counts(&mut conn).await.expect("counts"), counts, "{backend}");
        let after = import_support::dump(&mut conn).await.expect("dump");
        assert!(after.contains_key("subscription_line") && after.contains_key("cheque"));
        assert_eq!(after, before, "{backend}: same ids, same rows");
    }
}

#[tokio::test]
async fn a_contract_slug_shared_by_two_amaps_needs_the_amap() {
    for (backend, store) in stores().await {
        let now = at("2027-04-25T08:00:00Z");
        import_examples(&store, now).await;
        // A second AMAP with its own legumes-2027, from the farm already in the database.
        let other =
            mini(2, "slug = \"croix-rousse\"").replace("AMAP des Capucins", "AMAP de la Croix-Rousse");
        let report = import_season(&store, "other.toml", &other, now).await.expect("second AMAP");
        assert_eq!((report.amaps, report.farms), (created(1), Tally::default()), "{backend}");
        import_members(
            &store,
            "croix-rousse",
            "m.csv",
            "email,first_name,last_name\nthomas.petit@example.org,Thomas,Petit\n",
            now,
        )
        .await
        .expect("members");

        let text = "email,product,quantity\nthomas.petit@example.org,grand-panier,2\n";
        let err = import_subscriptions(&store, Some("legumes-2027"), None, "s.csv", text, now)
            .await
            .expect_err("ambiguous");
        assert_eq!(
            err.to_string(),
            r#"s.csv: contract: contract slug "legumes-2027" exists in several AMAPs; say which AMAP (--amap)"#,
            "{backend}"
        );
        let report =
            import_subscriptions(&store, Some("legumes-2027"), Some("croix-rousse"), "s.csv", text, now)
                .await
                .expect("with the AMAP");
        // MINI's calendar: 26 Tuesdays, nothing skipped; 2 baskets each.
        assert_eq!((report.subscriptions, report.cells), (created(1), 26), "{backend}");

        let err = import_members(&store, "nowhere", "m.csv", "email,first_name,last_name\n", now)
            .await
            .expect_err("unknown AMAP");
        assert_eq!(err.to_string(), r#"m.csv: amap: no AMAP with slug "nowhere""#, "{backend}");
    }
}

#[tokio::test]
async fn a_changed_file_updates_only_what_changed() {
    for (backend, store) in stores().await {
        let now = at("2027-04-25T08:00:00Z");
        import_examples(&store, now).await;
        let season = example("season.toml")
            .replace("price = \"17,00\"", "price = \"18,00\"")
            .replace("skip = [2027-08-10, 2027-08-17]       # congés", "skip = [2027-08-10]       # congés");
        let report = import_season(&store, "season.toml", &season, now).await.expect("season");
        assert_eq!(report.products, Tally { created: 0, updated: 1, unchanged: 5 }, "{backend}");
        // legumes gains 2027-08-17 back: 25 dates, 24 already there; + oeufs 24 + pain 10.
        assert_eq!(report.deliveries, Tally { created: 1, updated: 0, unchanged: 24 + 24 + 10 }, "{backend}");
        assert_eq!(report.contracts, unchanged(3), "{backend}");

        // Thomas now takes 2 small baskets instead of his grand panier on 2027-07-06.
        let text = "contract,email,product,quantity,date\n\
                    legumes-2027,thomas.petit@example.org,grand-panier,1,\n\
                    legumes-2027,thomas.petit@example.org,grand-panier,0,2027-07-06\n\
                    legumes-2027,thomas.petit@example.org,petit-panier,2,2027-07-06\n";
        let report = import_subscriptions(&store, None, None, "t.csv", text, now).await.expect("subs");
        assert_eq!(report.subscriptions, Tally { created: 0, updated: 1, unchanged: 0 }, "{backend}");
        // 25 dates (08-17 is back), 07-06 swapped: 24 grand + 1 cell of 2 petits = 25 cells;
        // 24 x 1800 + 2 x 1100 = 43200 + 2200 = 45400 cents in 1 cheque (no cheques column).
        assert_eq!((report.cells, report.cheques), (25, 1), "{backend}");
        let legumes = contract_id(&store, "legumes-2027").await;
        let mut conn = store.conn().await.expect("conn");
        let thomas =
            directory::member_by_email(&mut conn, &Email::parse("thomas.petit@example.org").expect("e"))
                .await
                .expect("member")
                .expect("thomas");
        let sub =
            subscriptions::subscription_for(&mut conn, legumes, thomas.id).await.expect("sub").expect("sub");
        let cheques = subscriptions::cheques_of(&mut conn, sub.id).await.expect("cheques");
        let amounts: Vec<i64> = cheques.iter().map(|c| c.cheque.amount.0).collect();
        assert_eq!(amounts, [45400], "{backend}");
    }
}
