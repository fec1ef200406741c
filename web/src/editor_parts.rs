//! Parts of the contract editor page: the month calendars of delivery dates (checkboxes), the
//! product rows with their dates, and the preview of what members will see.

use chrono::{Datelike, NaiveDate, Weekday};
use panier_conversation::format;
use panier_conversation::i18n::Arg;
use panier_core::usecases::contract_editor::EditorPage;
use panier_core::usecases::contract_form::{ContractForm, Field, FieldError};

use crate::editor_page::{error_of, hidden, input};
use crate::pages::{Tx, esc};

const WEEK: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// The calendar: one table per month; each date of the rhythm (or kept off-rhythm date) is a
/// checkbox, ticked when delivered.
pub(crate) fn calendar(tx: &Tx, form: &ContractForm) -> String {
    let mut candidates: Vec<NaiveDate> = form.rhythm_dates().unwrap_or_default();
    candidates.extend(form.extra.iter().copied());
    candidates.sort();
    candidates.dedup();
    if candidates.is_empty() {
        return format!("<p class=\"hint\">{}</p>", tx.h("ed-calendar-empty", &[]));
    }
    let mut out = String::from("<div class=\"months\">");
    let mut months: Vec<(i32, u32)> = candidates.iter().map(|d| (d.year(), d.month())).collect();
    months.dedup();
    for (year, month) in months {
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else { continue };
        let name = format!("{} {year}", format::capitalize(format::month_name(tx.lang, month)));
        out.push_str(&format!("<table class=\"month\"><caption>{}</caption><thead><tr>", esc(&name)));
        for wd in WEEK {
            let full = format::weekday_name(tx.lang, wd);
            let short: String = full.chars().take(2).collect();
            out.push_str(&format!(
                "<th scope=\"col\"><abbr title=\"{}\">{}</abbr></th>",
                esc(full),
                esc(&short)
            ));
        }
        out.push_str("</tr></thead><tbody><tr>");
        let offset = first.weekday().num_days_from_monday();
        for _ in 0..offset {
            out.push_str("<td></td>");
        }
        let mut col = offset;
        let mut day = first;
        while day.month() == month {
            if col == 7 {
                out.push_str("</tr><tr>");
                col = 0;
            }
            let iso = day.format("%Y-%m-%d").to_string();
            if candidates.contains(&day) {
                let on = !form.skipped.contains(&day);
                out.push_str(&format!(
                    "<td class=\"{}\"><label>{}<input type=\"checkbox\" name=\"cal-day\" value=\"{iso}\"{} aria-label=\"{}\"><span aria-hidden=\"true\">{}</span></label></td>",
                    if on { "on" } else { "off" },
                    hidden("cal-shown", &iso),
                    if on { " checked" } else { "" },
                    esc(&format::capitalize(&tx.date(day))),
                    day.day()
                ));
            } else {
                out.push_str(&format!("<td>{}</td>", day.day()));
            }
            col += 1;
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        out.push_str("</tr></tbody></table>");
    }
    out.push_str("</div>");
    for d in &form.extra {
        out.push_str(&hidden("extra", &d.format("%Y-%m-%d").to_string()));
    }
    out
}

pub(crate) fn products(tx: &Tx, form: &ContractForm, errors: &[FieldError]) -> String {
    let dates = form.delivery_dates();
    let mut out = format!(
        "<fieldset id=\"products\"><legend>{}</legend><p class=\"hint\">{}</p>{}",
        tx.h("ed-products-legend", &[]),
        tx.h("ed-products-hint", &[]),
        error_of(tx, errors, Field::Products)
    );
    for (i, p) in form.products.iter().enumerate() {
        out.push_str(&format!(
            "<div class=\"product\"><h3>{}</h3>{}",
            tx.h("ed-product-heading", &[("n", Arg::from(i + 1))]),
            hidden(&format!("p{i}-slug"), &p.slug)
        ));
        out.push_str(&input(tx, errors, Field::ProductName(i), "text", &p.name, "ed-product-name", None));
        out.push_str(&input(
            tx,
            errors,
            Field::ProductUnit(i),
            "text",
            &p.unit,
            "ed-product-unit",
            Some("ed-product-unit-hint"),
        ));
        out.push_str(&input(
            tx,
            errors,
            Field::ProductPrice(i),
            "money",
            &p.price,
            "ed-product-price",
            Some("ed-product-price-hint"),
        ));
        if !dates.is_empty() {
            let on = dates.iter().filter(|d| !p.without.contains(d)).count();
            out.push_str(&format!(
                "<details id=\"p{i}-dates\"><summary>{}</summary><div class=\"days\">",
                tx.h("ed-product-dates", &[("on", Arg::from(on)), ("n", Arg::from(dates.len()))])
            ));
            for d in &dates {
                let iso = d.format("%Y-%m-%d").to_string();
                out.push_str(&format!(
                    "<label class=\"choice\">{}<input type=\"checkbox\" name=\"p{i}-day\" value=\"{iso}\"{}> {}</label>",
                    hidden(&format!("p{i}-shown"), &iso),
                    if p.without.contains(d) { "" } else { " checked" },
                    esc(&format::capitalize(&tx.date(*d)))
                ));
            }
            out.push_str("</div></details>");
            out.push_str(&error_of(tx, errors, Field::ProductDates(i)));
        }
        out.push_str("</div>\n");
    }
    out.push_str("</fieldset>\n");
    out
}

pub(crate) fn preview(tx: &Tx, page: &EditorPage) -> String {
    let form = &page.form;
    let Some(p) = &page.preview else {
        return format!(
            "<section id=\"apercu\" aria-labelledby=\"apercu-h\"><h2 id=\"apercu-h\">{}</h2><p>{}</p></section>\n",
            tx.h("ed-preview-heading", &[]),
            tx.h("ed-preview-unavailable", &[])
        );
    };
    let dates = form.delivery_dates();
    let farm = page
        .farms
        .iter()
        .find(|f| f.id.0.to_string() == form.farm)
        .map_or(form.new_farm.as_str(), |f| f.name.as_str());
    let mut b = format!(
        "<section id=\"apercu\" aria-labelledby=\"apercu-h\"><h2 id=\"apercu-h\">{}</h2><p class=\"hint\">{}</p>\
         <div class=\"preview\"><h3>{}</h3><p class=\"sub\">{}</p>",
        tx.h("ed-preview-heading", &[]),
        tx.h("ed-preview-hint", &[]),
        tx.h("web-sign-heading", &[("contract", Arg::from(&form.name))]),
        tx.h(
            "web-sign-subheading",
            &[
                ("farm", Arg::from(farm)),
                ("season", Arg::from(&form.season)),
                ("amap", Arg::from(&page.access.amap.name))
            ]
        ),
    );
    if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
        b.push_str(&format!(
            "<p>{}</p>",
            tx.h(
                "web-sign-deliveries",
                &[
                    ("n", Arg::from(dates.len())),
                    ("first", Arg::from(tx.date(*first))),
                    ("last", Arg::from(tx.date(*last)))
                ]
            )
        ));
    }
    b.push_str("<ul>");
    for prod in form.products.iter().filter(|x| !x.is_blank()) {
        let price = match panier_core::types::Cents::parse_euros(&prod.price) {
            Ok(c) => tx.money(c.0),
            Err(_) => String::new(),
        };
        let price = if prod.unit.trim().is_empty() {
            tx.t("web-sign-price", &[("price", Arg::from(price))])
        } else {
            tx.t("web-sign-price-unit", &[("price", Arg::from(price)), ("unit", Arg::from(prod.unit.trim()))])
        };
        let on = dates.iter().filter(|d| !prod.without.contains(d)).count();
        let some = if on < dates.len() {
            format!(
                " <span class=\"tag\">({})</span>",
                tx.h("web-sign-only-some-dates", &[("n", Arg::from(on))])
            )
        } else {
            String::new()
        };
        b.push_str(&format!("<li><strong>{}</strong> — {}{some}</li>", esc(prod.name.trim()), esc(&price)));
    }
    b.push_str("</ul>");
    b.push_str(&format!(
        "<p id=\"sample-total\"><strong>{}</strong></p>",
        tx.h("ed-preview-sample", &[("total", Arg::from(tx.money(p.total.0)))])
    ));
    let cheques: String = p
        .cheques
        .iter()
        .map(|c| {
            format!(
                "<li>{}</li>",
                tx.h(
                    "web-sign-cheque-line",
                    &[
                        ("number", Arg::from(c.number)),
                        ("amount", Arg::from(tx.money(c.amount.0))),
                        ("month", Arg::from(tx.month(c.cashing_month)))
                    ],
                )
            )
        })
        .collect();
    let payee = if form.payee.trim().is_empty() { farm } else { form.payee.trim() };
    b.push_str(&format!(
        "<p>{}</p><ul id=\"preview-cheques\">{cheques}</ul>",
        tx.h("web-sign-payee", &[("payee", Arg::from(payee))])
    ));
    if !form.commitment.trim().is_empty() {
        b.push_str(&format!(
            "<h3>{}</h3><p>{}</p>",
            tx.h("web-sign-section-commitment", &[]),
            esc(form.commitment.trim())
        ));
    }
    b.push_str("</div></section>\n");
    b
}
