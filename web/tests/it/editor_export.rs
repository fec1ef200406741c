//! The editor and the season import are two doors to the same contracts: a contract created
//! through the editor's HTTP forms, exported as a season file and imported into an empty
//! database, comes back identical (and so do the AMAP's other contracts), on both backends.

use crate::editor::{app, cheese_form, contract_by_name, link, open, save};
use crate::support;

use chrono::{NaiveDate, Utc};
use panier_core::model::Contract;
use panier_core::rules::season::DeliveryState;
use panier_core::store::{Store, contracts, directory};
use panier_core::usecases::season_export::export_season;

use support::{demo, stores};

/// Everything members see of a contract, without database ids.
#[derive(Debug, PartialEq)]
struct Shape {
    slug: String,
    name: String,
    season: String,
    state: String,
    farm: String,
    rules: String,
    dates: Vec<NaiveDate>,
    products: Vec<(String, String, Option<String>, i64, Option<Vec<NaiveDate>>, Vec<NaiveDate>)>,
}

async fn shapes(store: &Store, amap_slug: &str) -> Vec<Shape> {
    let mut conn = store.conn().await.expect("conn");
    let amap = directory::amap_by_slug(&mut conn, amap_slug).await.expect("amap").expect("the AMAP");
    let mut all: Vec<Contract> = contracts::contracts_of_amap(&mut conn, amap.id).await.expect("contracts");
    all.sort_by(|a, b| a.slug.cmp(&b.slug));
    let mut out = Vec::new();
    for c in all {
        let farm = directory::farm_by_id(&mut conn, c.farm_id).await.expect("farm").expect("farm");
        let dates: Vec<NaiveDate> = contracts::deliveries_of(&mut conn, c.id)
            .await
            .expect("dates")
            .iter()
            .filter(|d| d.state == DeliveryState::Planned)
            .map(|d| d.scheduled)
            .collect();
        let products = contracts::products_of(&mut conn, c.id)
            .await
            .expect("products")
            .into_iter()
            .map(|p| (p.slug.to_string(), p.name, p.unit, p.price.0, p.only_dates, p.excluded_dates))
            .collect();
        out.push(Shape {
            slug: c.slug.to_string(),
            name: c.name,
            season: c.season,
            state: c.state.as_str().to_owned(),
            farm: farm.slug.to_string(),
            rules: format!("{:?}", c.rules),
            dates,
            products,
        });
    }
    out
}

#[tokio::test]
async fn a_contract_made_in_the_editor_survives_export_and_import() {
    for (backend, store) in stores().await {
        let (info, now) = demo(&store).await;
        let router = app(&store);
        let today = panier_core::rules::deadlines::local_today(now, chrono_tz::Europe::Paris);
        let farm = {
            let mut conn = store.conn().await.expect("conn");
            panier_core::store::editor::farms_of_amap(&mut conn, info.amap).await.expect("farms")[1].id.0
        };
        let token = link(&store, info.admin, None, 0).await;
        let (_, cookie, csrf) = open(&router, &token).await;
        let mut form = cheese_form(&csrf, farm, today, "publish");
        crate::editor::set(&mut form, "commitment", "Ligne 1\nLigne \"2\" — « guillemets » \\ fin");
        let (status, _, body) = save(&router, &token, Some(&cookie), &form).await;
        assert_eq!(status, 303, "{backend}: {body}");
        assert!(contract_by_name(&store, info.amap, "Fromages").await.is_some(), "{backend}");

        let mut conn = store.conn().await.expect("conn");
        let text = export_season(&mut conn, &info.amap_slug).await.expect("export");
        drop(conn);
        assert!(text.contains("name = \"Fromages\""), "{backend}: {text}");

        let empty = support::sqlite().await;
        let report = panier_core::import::import_season(&empty, "export.toml", &text, Utc::now())
            .await
            .unwrap_or_else(|e| panic!("{backend}: the export imports back: {e}\n{text}"));
        assert_eq!(report.contracts.created, 4, "{backend}: {report}");
        let before = shapes(&store, &info.amap_slug).await;
        let after = shapes(&empty, &info.amap_slug).await;
        let cheese = |all: &[Shape]| all.iter().position(|s| s.name == "Fromages").expect("Fromages");
        assert_eq!(before[cheese(&before)], after[cheese(&after)], "{backend}: the editor's contract");
        assert_eq!(before, after, "{backend}: every contract of the AMAP");

        // Exporting the imported database gives the same text again.
        let mut conn = empty.conn().await.expect("conn");
        let again = export_season(&mut conn, &info.amap_slug).await.expect("export");
        assert_eq!(again, text, "{backend}: export is stable");
    }
}
