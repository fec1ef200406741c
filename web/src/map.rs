//! The network map as inline SVG, drawn by Panier without any tile server (works offline):
//! the outline of metropolitan France from Natural Earth (public domain, simplified, committed
//! in `assets/france.json`) and one marker per AMAP or farm placed by latitude and longitude,
//! each a link to its entry on the page.

use std::fmt::Write;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::pages::esc;

/// West, east, south and north edges of the drawing, in degrees (metropolitan France and
/// Corsica with a small margin).
const WEST: f64 = -5.6;
const EAST: f64 = 10.0;
const SOUTH: f64 = 41.2;
const NORTH: f64 = 51.3;
/// Pixels per degree of latitude in the SVG's own units.
const SCALE: f64 = 60.0;

#[derive(Deserialize)]
struct Outline {
    rings: Vec<Vec<[f64; 2]>>,
}

/// The committed outline; empty if the file could not be read (the markers still show).
fn outline() -> &'static [Vec<[f64; 2]>] {
    static RINGS: OnceLock<Vec<Vec<[f64; 2]>>> = OnceLock::new();
    RINGS.get_or_init(|| match serde_json::from_str::<Outline>(include_str!("../assets/france.json")) {
        Ok(o) => o.rings,
        Err(e) => {
            tracing::error!(error = %e, "france.json unreadable");
            Vec::new()
        }
    })
}

/// An equirectangular projection with the longitudes shrunk by cos(46.5°), France's middle
/// latitude, so shapes look as on a usual map of France.
fn project(lat: f64, lon: f64) -> (f64, f64) {
    let k = 46.5_f64.to_radians().cos();
    ((lon - WEST) * k * SCALE, (NORTH - lat) * SCALE)
}

fn size() -> (f64, f64) {
    project(SOUTH, EAST)
}

/// What a marker stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    Amap,
    Farm,
}

/// One point on the map.
#[derive(Debug, Clone)]
pub struct Marker {
    pub kind: MarkerKind,
    /// The anchor of its entry on the page, without `#`.
    pub anchor: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

/// True when the point falls inside the drawing.
pub fn on_map(lat: f64, lon: f64) -> bool {
    (SOUTH..=NORTH).contains(&lat) && (WEST..=EAST).contains(&lon)
}

/// The SVG path of the outline.
fn outline_path() -> String {
    let mut d = String::new();
    for ring in outline() {
        for (i, [lon, lat]) in ring.iter().enumerate() {
            let (x, y) = project(*lat, *lon);
            let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
        }
        d.push('Z');
    }
    d
}

/// A rectangle of the drawing, in the projection's units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct View {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// Smallest side of a zoomed view, in degrees: AMAPs of one town stay apart, and the map
/// still shows where they are.
const MIN_SPAN: f64 = 0.3;

/// The whole of France, or the area of the points when they fit in a much smaller one (a
/// regional network): markers of one town would otherwise sit on top of each other.
fn view_of(points: &[(f64, f64)]) -> View {
    let (fw, fh) = size();
    let france = View { x: 0.0, y: 0.0, w: fw, h: fh };
    let (Some(south), Some(north)) =
        (points.iter().map(|p| p.0).reduce(f64::min), points.iter().map(|p| p.0).reduce(f64::max))
    else {
        return france;
    };
    let west = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let east = points.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let pad_lat = ((north - south) * 0.2).max(0.05);
    let pad_lon = ((east - west) * 0.2).max(0.05);
    let (mut s, mut n, mut w, mut e) = (south - pad_lat, north + pad_lat, west - pad_lon, east + pad_lon);
    if n - s < MIN_SPAN {
        let mid = (n + s) / 2.0;
        (s, n) = (mid - MIN_SPAN / 2.0, mid + MIN_SPAN / 2.0);
    }
    if e - w < MIN_SPAN {
        let mid = (e + w) / 2.0;
        (w, e) = (mid - MIN_SPAN / 2.0, mid + MIN_SPAN / 2.0);
    }
    let (x0, y0) = project(n, w);
    let (x1, y1) = project(s, e);
    let view = View { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    // A network spread over a third of France gets the whole map.
    if view.w > fw / 3.0 || view.h > fh / 3.0 { france } else { view }
}

/// The `<svg>` elements of the map: the points' area with one linked marker each, and, when
/// that area is a part of France, a small map of France showing where it is.
/// `label` names the map for screen readers (plain text, escaped here).
pub fn svg(label: &str, markers: &[Marker]) -> String {
    let shown: Vec<&Marker> = markers.iter().filter(|m| on_map(m.lat, m.lon)).collect();
    let points: Vec<(f64, f64)> = shown.iter().map(|m| (m.lat, m.lon)).collect();
    let v = view_of(&points);
    let (fw, fh) = size();
    // Sizes in the view's units that look the same whatever the zoom (800 units wide).
    let u = v.w / 800.0;
    let mut out = format!(
        "<svg class=\"network-map\" role=\"img\" aria-labelledby=\"map-title\" \
         viewBox=\"{:.2} {:.2} {:.2} {:.2}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" \
         xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"map-title\">{}</title>\n\
         <rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"#f4f8fb\"/>\n\
         <path d=\"{}\" fill=\"#eef3e6\" stroke=\"#58704f\" stroke-width=\"{:.3}\" stroke-linejoin=\"round\"/>\n",
        v.x,
        v.y,
        v.w,
        v.h,
        esc(label),
        v.x,
        v.y,
        v.w,
        v.h,
        outline_path(),
        2.0 * u
    );
    // Farms first, so AMAPs (what visitors look for) are drawn on top.
    let mut sorted = shown.clone();
    sorted.sort_by_key(|m| m.kind == MarkerKind::Amap);
    for m in sorted {
        let (x, y) = project(m.lat, m.lon);
        let (class, shape) = match m.kind {
            MarkerKind::Amap => (
                "marker marker-amap",
                format!(
                    "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"{:.3}\" fill=\"#1f6b3a\" stroke=\"#ffffff\" \
                     stroke-width=\"{:.3}\"/>",
                    9.0 * u,
                    2.5 * u
                ),
            ),
            MarkerKind::Farm => (
                "marker marker-farm",
                format!(
                    "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.3}\" height=\"{:.3}\" fill=\"#a4501b\" \
                     stroke=\"#ffffff\" stroke-width=\"{:.3}\"/>",
                    x - 8.0 * u,
                    y - 8.0 * u,
                    16.0 * u,
                    16.0 * u,
                    2.5 * u
                ),
            ),
        };
        let _ = writeln!(
            out,
            "<a class=\"{class}\" id=\"marker-{anchor}\" href=\"#{anchor}\"><title>{name}</title>{shape}</a>",
            anchor = esc(&m.anchor),
            name = esc(&m.name),
        );
    }
    out.push_str("</svg>");
    if v.w < fw {
        // Where the zoomed area lies in France.
        let _ = write!(
            out,
            "\n<svg class=\"network-overview\" aria-hidden=\"true\" viewBox=\"0 0 {fw:.0} {fh:.0}\" width=\"160\" \
             xmlns=\"http://www.w3.org/2000/svg\">\n<path d=\"{}\" fill=\"#eef3e6\" stroke=\"#58704f\" \
             stroke-width=\"4\"/>\n<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" \
             stroke=\"#b3261e\" stroke-width=\"6\"/>\n</svg>",
            outline_path(),
            v.x - 6.0,
            v.y - 6.0,
            v.w + 12.0,
            v.h + 12.0
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_is_loaded_and_points_land_in_france() {
        assert!(outline().iter().map(Vec::len).sum::<usize>() > 200);
        let (w, h) = size();
        // Paris is in the north half, Marseille in the south-east quarter.
        let (px, py) = project(48.857, 2.352);
        let (mx, my) = project(43.296, 5.370);
        assert!(px > 0.0 && px < w && py < h / 2.0, "{px} {py}");
        assert!(mx > px && my > h / 2.0, "{mx} {my}");
        assert!(!on_map(14.6, -61.0), "overseas points are not drawn on this map");
    }

    #[test]
    fn a_regional_network_is_zoomed_a_national_one_is_not() {
        let (fw, _) = size();
        let lyon = view_of(&[(45.767, 4.834), (45.778, 4.829)]);
        assert!(lyon.w < fw / 10.0, "{lyon:?}");
        let (x, y) = project(45.77, 4.83);
        assert!(x > lyon.x && x < lyon.x + lyon.w && y > lyon.y && y < lyon.y + lyon.h);
        assert_eq!(view_of(&[(48.85, 2.35), (43.3, 5.37)]).w, fw);
        assert_eq!(view_of(&[]).w, fw);
    }

    #[test]
    fn markers_are_links_and_escaped() {
        let m = Marker {
            kind: MarkerKind::Amap,
            anchor: "amap-x".into(),
            name: "<script>alert(1)</script>".into(),
            lat: 45.76,
            lon: 4.84,
        };
        let svg = svg("Carte", &[m]);
        assert!(svg.contains("href=\"#amap-x\""));
        assert!(svg.contains("&lt;script&gt;") && !svg.contains("<script>"));
    }
}
