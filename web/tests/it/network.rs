//! A network's public page and its GeoJSON over HTTP (in process, SQLite and PostgreSQL), and in
//! headless Chromium: the map's markers are there and lead to the right AMAP's entry.

use axum::Router;
use axum::http::header;
use fantoccini::Locator;
use panier_core::network::DirectoryEdit;
use panier_core::store::Store;
use panier_core::store::directory::{self};
use panier_core::types::{Email, Slug};
use panier_core::usecases::network;
use panier_web::{Health, WebState};
use serde_json::{Value, json};

use crate::support::{self, get, send, stores, text};

/// The demo AMAP in « Réseau Rhône » with a hostile name, a second AMAP, and the demo farms.
struct World {
    amap: panier_core::model::Amap,
    people: Vec<panier_core::model::Member>,
}

async fn network_world(store: &Store) -> World {
    let (info, now) = support::demo(store).await;
    let mut c = store.conn().await.expect("conn");
    let slug = Slug::parse("rhone").expect("slug");
    network::create_network(&mut c, &slug, "Réseau <b>Rhône</b>", now).await.expect("network");
    network::attach_amap(&mut c, "rhone", panier_core::demo::DEMO_AMAP).await.expect("attach");
    let import = "kind,slug,name,place,address,latitude,longitude,day,start,end,contact,products\n\
        amap,croix-rousse,AMAP de la Croix-Rousse,Préau,12 rue d'Austerlitz,45.778,4.829,jeudi,18:00,19:30,contact@croix.example.org,Légumes\n\
        amap,sans-carte,AMAP Sans Carte,Salle,1 rue,,,lundi,18:00,19:00,,\n\
        farm,ferme-des-saules,Ferme des Saules,,Anse,45.936,4.72,,,,,Légumes de saison\n";
    drop(c);
    panier_core::import::import_directory(store, "rhone", "dir.csv", import, now).await.expect("import");
    let mut c = store.conn().await.expect("conn");
    let edit = DirectoryEdit {
        name: Some("AMAP des <Capucins> & co".into()),
        location: Some(Some((45.767, 4.834))),
        ..Default::default()
    };
    let admin = info.admin;
    network::edit_amap_directory(&mut c, admin, info.amap, &edit).await.expect("edit");
    let amap = directory::amap_by_id(&mut c, info.amap).await.expect("amap").expect("amap");
    let people = directory::members_of_amap(&mut c, info.amap).await.expect("members");
    World { amap, people }
}

fn router(store: &Store) -> Router {
    panier_web::router(WebState { store: store.clone(), health: Health::default() })
}

#[tokio::test]
async fn the_public_page_lists_amaps_and_farms_with_a_map_and_no_personal_data() {
    for (backend, store) in stores().await {
        let w = network_world(&store).await;
        let app = router(&store);
        let (status, response, body) = send(&app, get("/n/rhone")).await;
        let html = text(&body);
        assert_eq!(status, 200, "{backend}: {html}");
        let ctype = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        assert_eq!(ctype, Some("text/html; charset=utf-8"), "{backend}");
        // French by default; every value escaped.
        assert!(html.contains("<html lang=\"fr\">"), "{backend}");
        assert!(html.contains("Réseau &lt;b&gt;Rhône&lt;/b&gt; — AMAP et fermes"), "{backend}");
        assert!(html.contains("AMAP des &lt;Capucins&gt; &amp; co"), "{backend}");
        assert!(!html.contains("<Capucins>") && !html.contains("<b>Rhône"), "{backend}");
        assert!(!html.contains("<script"), "{backend}: pages work without JavaScript");
        // Entries with their distribution and public contact.
        assert!(
            html.contains("id=\"amap-capucins\"") && html.contains("id=\"amap-croix-rousse\""),
            "{backend}"
        );
        assert!(html.contains("Distribution le jeudi, 18h–19h30"), "{backend}: {html}");
        assert!(html.contains("href=\"mailto:contact@croix.example.org\""), "{backend}");
        assert!(html.contains("id=\"farm-ferme-des-saules\""), "{backend}");
        // The map: one link per located AMAP and farm, none for the AMAP without a location.
        assert!(html.contains("<svg class=\"network-map\""), "{backend}");
        assert!(html.contains("id=\"marker-amap-capucins\" href=\"#amap-capucins\""), "{backend}");
        assert!(html.contains("id=\"marker-amap-croix-rousse\" href=\"#amap-croix-rousse\""), "{backend}");
        assert!(html.contains("id=\"marker-farm-ferme-des-saules\""), "{backend}");
        assert!(!html.contains("marker-amap-sans-carte"), "{backend}");
        assert!(html.contains("(pas encore sur la carte)"), "{backend}");
        // Nobody's personal data: no member's e-mail, last name or phone.
        for m in &w.people {
            assert!(!html.contains(m.email.as_str()), "{backend}: an e-mail leaked");
            assert!(!html.contains(&format!(" {}", m.last_name)), "{backend}: a name leaked");
            if let Some(phone) = &m.phone {
                assert!(!html.contains(phone.as_str()), "{backend}: a phone leaked");
            }
        }
        assert_eq!(
            w.amap.contact_email.as_ref().map(Email::as_str),
            Some("bureau@amap-capucins.example.org")
        );
        // English by ?lang= or Accept-Language.
        let (_, _, body) = send(&app, get("/n/rhone?lang=en")).await;
        assert!(
            text(&body).contains("AMAPs and farms") && text(&body).contains("<html lang=\"en\">"),
            "{backend}"
        );
        let mut req = get("/n/rhone");
        req.headers_mut().insert(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.8".parse().expect("header"));
        let (_, _, body) = send(&app, req).await;
        assert!(text(&body).contains("Distribution on Thursday, 18:00–19:30"), "{backend}: {}", text(&body));
        // An unknown network: a plain 404 page.
        let (status, _, body) = send(&app, get("/n/nulle-part")).await;
        assert_eq!(status, 404, "{backend}");
        assert!(text(&body).contains("Ce réseau n&#39;existe pas"), "{backend}");
    }
}

#[tokio::test]
async fn the_geojson_loads_in_umap() {
    for (backend, store) in stores().await {
        network_world(&store).await;
        let app = router(&store);
        let mut req = get("/n/rhone/map.geojson");
        req.headers_mut().insert(header::HOST, "panier.example.org".parse().expect("host"));
        req.headers_mut().insert("x-forwarded-proto", "https".parse().expect("proto"));
        let (status, response, body) = send(&app, req).await;
        assert_eq!(status, 200, "{backend}");
        let h = response.headers();
        assert_eq!(h.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).and_then(|v| v.to_str().ok()), Some("*"));
        assert_eq!(h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("application/geo+json"));
        let geo: Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(geo["type"], "FeatureCollection", "{backend}");
        let features = geo["features"].as_array().expect("features");
        assert_eq!(features.len(), 3, "{backend}: two located AMAPs and one farm: {geo}");
        let croix =
            features.iter().find(|f| f["properties"]["name"] == "AMAP de la Croix-Rousse").expect("croix");
        assert_eq!(croix["geometry"], json!({"type": "Point", "coordinates": [4.829, 45.778]}), "{backend}");
        assert_eq!(croix["properties"]["kind"], "amap");
        assert_eq!(croix["properties"]["day"], "jeudi");
        assert_eq!(croix["properties"]["place"], "Préau, 12 rue d'Austerlitz");
        assert_eq!(croix["properties"]["url"], "https://panier.example.org/n/rhone#amap-croix-rousse");
        let farm = features.iter().find(|f| f["properties"]["kind"] == "farm").expect("farm");
        assert_eq!(farm["properties"]["url"], "https://panier.example.org/n/rhone#farm-ferme-des-saules");
        assert!(
            !String::from_utf8_lossy(&body).contains("@example.org\""),
            "{backend}: no e-mail in the GeoJSON"
        );
        let (status, response, _) = send(&app, get("/n/nulle-part/map.geojson")).await;
        assert_eq!(status, 404, "{backend}");
        assert!(response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_some());
    }
}

#[tokio::test]
async fn markers_link_to_the_right_amap_in_a_real_browser() {
    let Some(driver) = crate::webdriver::driver() else { return };
    let store = support::sqlite().await;
    network_world(&store).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let server = tokio::spawn(panier_web::serve(
        listener,
        WebState { store: store.clone(), health: Health::default() },
        stopped,
    ));
    let client = crate::webdriver::browser(&driver).await;
    client.set_window_size(1280, 1400).await.expect("size");
    client.goto(&format!("http://{addr}/n/rhone")).await.expect("open page");
    let markers = client.find_all(Locator::Css("svg.network-map a.marker")).await.expect("markers");
    assert_eq!(markers.len(), 3, "two AMAPs and one farm on the map");
    let mut links = Vec::new();
    for m in &markers {
        links.push(m.attr("href").await.expect("href").unwrap_or_default());
    }
    links.sort();
    assert_eq!(links, ["#amap-capucins", "#amap-croix-rousse", "#farm-ferme-des-saules"]);
    // Every marker's target exists on the page and names the same AMAP.
    let target = client.find(Locator::Css("#amap-croix-rousse h3")).await.expect("entry");
    assert_eq!(target.text().await.expect("text"), "AMAP de la Croix-Rousse");
    crate::webdriver::shot(&client, "network-map-desktop").await;
    // Clicking a marker goes to its AMAP's entry (the map is drawn without JavaScript).
    let marker = client.find(Locator::Css("#marker-amap-croix-rousse")).await.expect("marker");
    marker.click().await.expect("click marker");
    let url = client.current_url().await.expect("url");
    assert_eq!(url.fragment(), Some("amap-croix-rousse"), "{url}");
    client.close().await.expect("close");
    let _ = stop.send(true);
    let _ = server.await;
}
