//! A network's public page: `GET /n/{slug}` lists its AMAPs (distribution place, day and time,
//! public contact) and farms under an SVG map drawn by Panier; `GET /n/{slug}/map.geojson`
//! gives the same points for uMap (CORS open). No script, no member's personal data: only
//! the directory's public fields. French or English by `?lang=` or Accept-Language.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use panier_conversation::format;
use panier_conversation::i18n::{Arg, Lang};
use panier_core::error::CoreError;
use panier_core::network::{Directory, DirectoryAmap, DirectoryFarm};
use panier_core::usecases::{Panier, network};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::map::{self, Marker, MarkerKind};
use crate::pages::{Tx, document, esc};

pub fn routes(panier: Panier) -> Router {
    Router::new()
        .route("/n/{slug}", get(page))
        .route("/n/{slug}/map.geojson", get(geojson))
        .with_state(panier)
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// `?lang=` first, then the browser's first preference, then French.
fn lang_of(query: &LangQuery, headers: &HeaderMap) -> Lang {
    query.lang.as_deref().and_then(Lang::parse).unwrap_or_else(|| {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|tag| Lang::parse(tag.split(';').next().unwrap_or("").trim()))
            .unwrap_or_default()
    })
}

fn amap_anchor(a: &DirectoryAmap) -> String {
    format!("amap-{}", a.slug)
}

fn farm_anchor(f: &DirectoryFarm) -> String {
    format!("farm-{}", f.slug)
}

async fn load(panier: &Panier, slug: &str) -> Result<Option<Directory>, CoreError> {
    match panier.read(async |c| network::public_directory(c, slug).await).await {
        Ok(d) => Ok(Some(d)),
        Err(CoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

fn html(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    // Public and the same for everyone: caches may keep it a few minutes.
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    r
}

fn unavailable(e: &CoreError) -> Response {
    tracing::error!(error = %e, "network page: store failure");
    (StatusCode::SERVICE_UNAVAILABLE, "").into_response()
}

async fn page(
    State(panier): State<Panier>,
    Path(slug): Path<String>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let tx = Tx { lang: lang_of(&query, &headers), today: Utc::now().date_naive() };
    match load(&panier, &slug).await {
        Ok(Some(dir)) => html(StatusCode::OK, render(&tx, &dir)),
        Ok(None) => {
            let title = tx.t("web-network-unknown", &[]);
            let body = format!("<h1>{}</h1>\n<p>{}</p>", esc(&title), tx.h("web-network-unknown-body", &[]));
            html(StatusCode::NOT_FOUND, document(&tx, &title, &body))
        }
        Err(e) => unavailable(&e),
    }
}

fn mailto(email: &str) -> String {
    format!("mailto:{}", esc(email))
}

fn amap_entry(tx: &Tx, a: &DirectoryAmap) -> String {
    let mut out =
        format!("<section class=\"entry\" id=\"{}\">\n<h3>{}</h3>\n", esc(&amap_anchor(a)), esc(&a.name));
    let place = [a.place_name.trim(), a.address.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" — ");
    if !place.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", tx.h("web-network-place", &[("place", Arg::from(place))])));
    }
    let when = tx.h(
        "web-network-when",
        &[
            ("day", Arg::from(format::weekday_name(tx.lang, a.weekday))),
            ("start", Arg::from(format::time(tx.lang, a.window.start))),
            ("end", Arg::from(format::time(tx.lang, a.window.end))),
        ],
    );
    out.push_str(&format!("<p>{when}</p>\n"));
    if !a.products.trim().is_empty() {
        out.push_str(&format!(
            "<p>{}</p>\n",
            tx.h("web-network-products", &[("products", Arg::from(&a.products))])
        ));
    }
    if let Some(contact) = &a.contact_email {
        out.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>\n",
            mailto(contact.as_str()),
            tx.h("web-network-contact", &[])
        ));
    }
    if a.latitude.is_none() || a.longitude.is_none() {
        out.push_str(&format!("<p>{}</p>\n", tx.h("web-network-no-location", &[])));
    }
    out.push_str("</section>\n");
    out
}

fn farm_entry(tx: &Tx, f: &DirectoryFarm) -> String {
    let mut out =
        format!("<section class=\"entry\" id=\"{}\">\n<h3>{}</h3>\n", esc(&farm_anchor(f)), esc(&f.name));
    if !f.address.trim().is_empty() {
        out.push_str(&format!(
            "<p>{}</p>\n",
            tx.h("web-network-place", &[("place", Arg::from(f.address.trim()))])
        ));
    }
    if !f.products.trim().is_empty() {
        out.push_str(&format!(
            "<p>{}</p>\n",
            tx.h("web-network-products", &[("products", Arg::from(&f.products))])
        ));
    }
    if let Some(contact) = &f.contact_email {
        out.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>\n",
            mailto(contact.as_str()),
            tx.h("web-network-contact-farm", &[])
        ));
    }
    out.push_str("</section>\n");
    out
}

fn markers(dir: &Directory) -> Vec<Marker> {
    let amaps = dir.amaps.iter().filter_map(|a| {
        Some(Marker {
            kind: MarkerKind::Amap,
            anchor: amap_anchor(a),
            name: a.name.clone(),
            lat: a.latitude?,
            lon: a.longitude?,
        })
    });
    let farms = dir.farms.iter().filter_map(|f| {
        Some(Marker {
            kind: MarkerKind::Farm,
            anchor: farm_anchor(f),
            name: f.name.clone(),
            lat: f.latitude?,
            lon: f.longitude?,
        })
    });
    amaps.chain(farms).collect()
}

fn render(tx: &Tx, dir: &Directory) -> String {
    let name = Arg::from(&dir.network.name);
    let title = tx.t("web-network-title", &[("network", name.clone())]);
    let mut body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        esc(&title),
        tx.h("web-network-intro", &[("network", name.clone())])
    );
    let label = tx.t("web-network-map-label", &[("network", name)]);
    body.push_str(&format!(
        "<figure>\n{}\n<figcaption>● {} · ■ {}<br>{}</figcaption>\n</figure>\n",
        map::svg(&label, &markers(dir)),
        tx.h("web-network-legend-amap", &[]),
        tx.h("web-network-legend-farm", &[]),
        tx.h("web-network-outline", &[]),
    ));
    body.push_str(&format!("<h2>{}</h2>\n", tx.h("web-network-amaps", &[])));
    if dir.amaps.is_empty() {
        body.push_str(&format!("<p>{}</p>\n", tx.h("web-network-no-amap", &[])));
    }
    for a in &dir.amaps {
        body.push_str(&amap_entry(tx, a));
    }
    body.push_str(&format!("<h2>{}</h2>\n", tx.h("web-network-farms", &[])));
    if dir.farms.is_empty() {
        body.push_str(&format!("<p>{}</p>\n", tx.h("web-network-no-farm", &[])));
    }
    for f in &dir.farms {
        body.push_str(&farm_entry(tx, f));
    }
    let geo = format!("/n/{}/map.geojson", dir.network.slug);
    let link = format!("<a href=\"{}\">{}</a>", esc(&geo), esc(&geo));
    // The message's only argument is markup built here from escaped parts.
    let text = tx.h("web-network-geojson", &[("url", Arg::from("\u{1}"))]).replace('\u{1}', &link);
    body.push_str(&format!("<p>{text}</p>\n"));
    document(tx, &title, &body)
}

/// The page's absolute address, from the Host the client used (uMap needs absolute links).
fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let host_ok = !host.is_empty()
        && host.len() <= 255
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if !host_ok {
        return String::new();
    }
    let scheme = match headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) {
        Some("https") => "https",
        Some("http") => "http",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

fn feature(lon: f64, lat: f64, properties: Value) -> Value {
    json!({ "type": "Feature", "geometry": { "type": "Point", "coordinates": [lon, lat] }, "properties": properties })
}

/// The GeoJSON of a directory; `page` is the absolute address of its page.
pub fn geojson_of(dir: &Directory, page: &str, lang: Lang) -> Value {
    let mut features = Vec::new();
    for a in &dir.amaps {
        if let (Some(lat), Some(lon)) = (a.latitude, a.longitude) {
            let place = [a.place_name.trim(), a.address.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>();
            features.push(feature(
                lon,
                lat,
                json!({
                    "name": a.name,
                    "kind": "amap",
                    "place": place.join(", "),
                    "day": format::weekday_name(lang, a.weekday),
                    "start": format::time(lang, a.window.start),
                    "end": format::time(lang, a.window.end),
                    "products": a.products,
                    "url": format!("{page}#{}", amap_anchor(a)),
                }),
            ));
        }
    }
    for f in &dir.farms {
        if let (Some(lat), Some(lon)) = (f.latitude, f.longitude) {
            features.push(feature(
                lon,
                lat,
                json!({
                    "name": f.name,
                    "kind": "farm",
                    "place": f.address,
                    "day": Value::Null,
                    "products": f.products,
                    "url": format!("{page}#{}", farm_anchor(f)),
                }),
            ));
        }
    }
    json!({ "type": "FeatureCollection", "features": features })
}

async fn geojson(
    State(panier): State<Panier>,
    Path(slug): Path<String>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&query, &headers);
    let dir = match load(&panier, &slug).await {
        Ok(Some(dir)) => dir,
        Ok(None) => {
            return (StatusCode::NOT_FOUND, [(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], "").into_response();
        }
        Err(e) => return unavailable(&e),
    };
    let page = format!("{}/n/{}", base_url(&headers), dir.network.slug);
    let body = geojson_of(&dir, &page, lang).to_string();
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/geo+json"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    r
}
