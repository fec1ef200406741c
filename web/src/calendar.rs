//! The private calendar feed of a member: `GET /cal/{token}.ics` answers an iCalendar
//! (RFC 5545) file with their distributions (what they collect), duty shifts and the events of
//! their AMAP. Instants are written in UTC (computed in core on the AMAP's wall clock, so a
//! distribution at 18:30 stays at 18:30 across daylight-saving changes) and the calendar names
//! the AMAP's timezone (`X-WR-TIMEZONE`). An unknown or revoked token is a bare 404; nothing
//! about the token or the member is logged.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use icalendar::{Calendar, Component, Event, EventLike, Property};
use panier_conversation::i18n::{Arg, Catalog, Lang};
use panier_core::CoreError;
use panier_core::usecases::Panier;
use panier_core::usecases::baskets::{BasketItem, GivenAway};
use panier_core::usecases::calendar::{self, CalendarFeed, FeedDistribution};

/// How often calendar apps should fetch the feed again.
const REFRESH_HOURS: i64 = 6;

pub fn routes(panier: Panier) -> Router {
    Router::new().route("/cal/{file}", get(feed)).with_state(panier)
}

async fn feed(State(panier): State<Panier>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return not_found();
    };
    let now = Utc::now();
    match panier.read(async |c| calendar::feed(c, token, now).await).await {
        Ok(feed) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "inline; filename=\"panier.ics\""),
                (header::CACHE_CONTROL, "private, max-age=900"),
            ],
            render(&feed),
        )
            .into_response(),
        Err(CoreError::NotFound(_)) => not_found(),
        Err(e) => {
            tracing::warn!(error = %e, "calendar feed unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable\n").into_response()
        }
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, "no-store")], "not found\n").into_response()
}

struct Texts {
    lang: Lang,
}

impl Texts {
    fn t(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        Catalog::shared().text(self.lang, key, args)
    }

    fn items(&self, items: &[BasketItem]) -> String {
        items
            .iter()
            .map(|i| {
                self.t(
                    "basket-item",
                    &[("quantity", Arg::from(i.quantity)), ("product", Arg::from(&i.product_name))],
                )
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

fn location(d: &FeedDistribution) -> String {
    [d.view.place_name.as_str(), d.view.address.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn distribution_event(tx: &Texts, member: i64, d: &FeedDistribution) -> Event {
    let v = &d.view;
    let mut lines = Vec::new();
    if !v.items.is_empty() {
        lines.push(tx.t("calendar-collect", &[("items", Arg::from(tx.items(&v.items)))]));
    }
    for other in &v.for_others {
        lines.push(tx.t(
            "calendar-collect-for",
            &[("owner", Arg::from(&other.owner)), ("items", Arg::from(tx.items(&other.items)))],
        ));
    }
    for given in &v.given_away {
        lines.push(match given {
            GivenAway::HandedTo { contract, to } => {
                tx.t("calendar-handed", &[("contract", Arg::from(contract)), ("to", Arg::from(to))])
            }
            GivenAway::Postponed { contract, .. } => {
                tx.t("calendar-postponed", &[("contract", Arg::from(contract))])
            }
            GivenAway::Donated { contract } => tx.t("calendar-donated", &[("contract", Arg::from(contract))]),
        });
    }
    if v.on_duty {
        lines.push(tx.t("calendar-on-duty", &[]));
    }
    Event::new()
        .uid(&format!("{member}-distribution-{}-{}@panier", v.amap_id, v.date))
        .summary(&tx.t("calendar-distribution", &[("amap", Arg::from(&v.amap_name))]))
        .description(&lines.join("\n"))
        .location(&location(d))
        .starts(d.starts_at)
        .ends(d.ends_at)
        .done()
}

fn duty_event(tx: &Texts, member: i64, d: &FeedDistribution) -> Event {
    let v = &d.view;
    Event::new()
        .uid(&format!("{member}-duty-{}-{}@panier", v.amap_id, v.date))
        .summary(&tx.t("calendar-duty", &[("amap", Arg::from(&v.amap_name))]))
        .description(&tx.t("calendar-on-duty", &[]))
        .location(&location(d))
        .starts(d.starts_at)
        .ends(d.ends_at)
        .done()
}

/// The iCalendar text of a feed, in the member's language.
pub fn render(feed: &CalendarFeed) -> String {
    let tx = Texts { lang: Lang::parse(&feed.language).unwrap_or_default() };
    let member = feed.member.0;
    let mut cal = Calendar::new();
    cal.name(&tx.t("calendar-feed-name", &[("amap", Arg::from(&feed.amap_name))]));
    cal.append_property(Property::new("X-WR-TIMEZONE", feed.timezone.name()));
    cal.ttl(&chrono::Duration::hours(REFRESH_HOURS));
    for d in &feed.distributions {
        if d.collects || !d.view.given_away.is_empty() {
            cal.push(distribution_event(&tx, member, d));
        }
        if d.view.on_duty {
            cal.push(duty_event(&tx, member, d));
        }
    }
    for e in &feed.events {
        cal.push(
            Event::new()
                .uid(&format!("event-{}@panier", e.id))
                .summary(&e.title)
                .description(&e.body)
                .location(&e.place)
                .starts(e.starts_at)
                .done(),
        );
    }
    cal.done().to_string()
}
