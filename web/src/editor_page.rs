//! The HTML of the contract editor: one plain form (no script) with every field labelled and
//! its problem written next to it, the delivery calendar as month tables of checkboxes, and
//! a preview of what members will see on the signing page (sample total and cheques from core).

use chrono::{Datelike, NaiveDate, Weekday};
use panier_conversation::format;
use panier_conversation::i18n::Arg;
use panier_core::model::AbsenceMode;
use panier_core::rules::state::ContractState;
use panier_core::usecases::contract_editor::EditorPage;
use panier_core::usecases::contract_form::{ContractForm, Field, FieldError, Problem};

use crate::pages::{Tx, document, esc};

/// The sentence explaining a problem.
pub fn problem_text(tx: &Tx, p: Problem) -> String {
    match p {
        Problem::Required => tx.t("ed-problem-required", &[]),
        Problem::TooLong { max } => tx.t("ed-problem-too-long", &[("max", Arg::from(max))]),
        Problem::NotADate => tx.t("ed-problem-not-a-date", &[]),
        Problem::NotANumber { min, max } => {
            tx.t("ed-problem-not-a-number", &[("min", Arg::from(min)), ("max", Arg::from(max))])
        }
        Problem::NotAnAmount => tx.t("ed-problem-not-an-amount", &[]),
        Problem::ZeroPrice => tx.t("ed-problem-zero-price", &[]),
        Problem::LastBeforeFirst => tx.t("ed-problem-last-before-first", &[]),
        Problem::ClosesBeforeOpens => tx.t("ed-problem-closes-before-opens", &[]),
        Problem::ClosesAfterSeason => tx.t("ed-problem-closes-after-season", &[]),
        Problem::ClosedAlready => tx.t("ed-problem-closed-already", &[]),
        Problem::EmptyCalendar => tx.t("ed-problem-empty-calendar", &[]),
        Problem::NoProduct => tx.t("ed-problem-no-product", &[]),
        Problem::NoDateForProduct => tx.t("ed-problem-no-date-for-product", &[]),
        Problem::DuplicateProduct => tx.t("ed-problem-duplicate-product", &[]),
        Problem::UnknownFarm => tx.t("ed-problem-unknown-farm", &[]),
        Problem::Locked => tx.t("ed-problem-locked", &[]),
        Problem::AgainstMembers => tx.t("ed-problem-against-members", &[]),
        Problem::NotATime => tx.t("ed-problem-not-a-time", &[]),
        Problem::EndBeforeStart => tx.t("ed-problem-end-before-start", &[]),
    }
}

/// A field's error (`<p class="field-error">`), or nothing.
pub fn error_of(tx: &Tx, errors: &[FieldError], field: Field) -> String {
    let id = field.id();
    errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| {
            format!("<p class=\"field-error\" id=\"{id}-error\">{}</p>", esc(&problem_text(tx, e.problem)))
        })
        .collect()
}

fn described(errors: &[FieldError], field: Field, hint: bool) -> String {
    let id = field.id();
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    let bad = errors.iter().any(|e| e.field == field);
    if bad {
        ids.push(format!("{id}-error"));
    }
    let mut out = String::new();
    if !ids.is_empty() {
        out.push_str(&format!(" aria-describedby=\"{}\"", ids.join(" ")));
    }
    if bad {
        out.push_str(" aria-invalid=\"true\"");
    }
    out
}

/// One labelled input with its hint and error.
pub fn input(
    tx: &Tx,
    errors: &[FieldError],
    field: Field,
    kind: &str,
    value: &str,
    label: &str,
    hint: Option<&str>,
) -> String {
    let id = field.id();
    let hint_html = hint
        .map_or(String::new(), |h| format!("<span class=\"hint\" id=\"{id}-hint\">{}</span>", tx.h(h, &[])));
    let extra = match kind {
        "number" => " inputmode=\"numeric\" min=\"0\" step=\"1\"",
        "money" => " inputmode=\"decimal\"",
        _ => "",
    };
    let kind = if kind == "money" { "text" } else { kind };
    format!(
        "<div class=\"field\"><label for=\"{id}\">{}</label>{hint_html}<input type=\"{kind}\" id=\"{id}\" name=\"{id}\" value=\"{}\"{extra}{}>{}</div>\n",
        tx.h(label, &[]),
        esc(value),
        described(errors, field, hint.is_some()),
        error_of(tx, errors, field),
    )
}

fn hidden(name: &str, value: &str) -> String {
    format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", esc(name), esc(value))
}

fn state_key(s: ContractState) -> &'static str {
    match s {
        ContractState::Draft => "ed-state-draft",
        ContractState::Open => "ed-state-open",
        ContractState::Closed => "ed-state-closed",
        ContractState::Running => "ed-state-running",
        ContractState::Ended => "ed-state-ended",
        ContractState::Archived => "ed-state-archived",
    }
}

const WEEK: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// The calendar: one table per month; each date of the rhythm (or kept off-rhythm date) is a
/// checkbox, ticked when delivered.
fn calendar(tx: &Tx, form: &ContractForm) -> String {
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

fn products(tx: &Tx, form: &ContractForm, errors: &[FieldError]) -> String {
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

fn preview(tx: &Tx, page: &EditorPage) -> String {
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

fn number_field(
    tx: &Tx,
    errors: &[FieldError],
    field: Field,
    value: &str,
    label: &str,
    hint: &str,
) -> String {
    input(tx, errors, field, "number", value, label, Some(hint))
}

/// The editor page. `ok`: "saved" or "published" after a redirect; `errors`: a refused save.
pub fn render(tx: &Tx, page: &EditorPage, token: &str, ok: Option<&str>, errors: &[FieldError]) -> String {
    let form = &page.form;
    let title = match &page.contract {
        Some(c) => tx.t("ed-title-edit", &[("contract", Arg::from(&c.name))]),
        None => tx.t("ed-title-new", &[]),
    };
    let mut b =
        format!("<header><h1>{}</h1><p class=\"sub\">{}</p>", esc(&title), esc(&page.access.amap.name));
    if let Some(c) = &page.contract {
        b.push_str(&format!(
            "<p><span class=\"tag\">{}</span> <code>{}</code></p>",
            tx.h(state_key(c.state), &[]),
            esc(c.slug.as_str())
        ));
    }
    b.push_str("</header>\n");
    match ok {
        Some("published") => b.push_str(&format!(
            "<div class=\"notice\" role=\"status\"><p>{}</p></div>\n",
            tx.h(
                "ed-published",
                &[(
                    "date",
                    Arg::from(
                        tx.date(page.contract.as_ref().map_or(page.today, |c| c.rules.subscription_opens))
                    )
                )]
            )
        )),
        Some(_) => b.push_str(&format!(
            "<div class=\"notice\" role=\"status\"><p>{}</p></div>\n",
            tx.h("ed-saved", &[])
        )),
        None => {}
    }
    if !errors.is_empty() {
        let items: String = errors
            .iter()
            .map(|e| {
                format!("<li><a href=\"#{}\">{}</a></li>", e.field.id(), esc(&problem_text(tx, e.problem)))
            })
            .collect();
        b.push_str(&format!(
            "<div class=\"notice error\" role=\"alert\" id=\"error\"><h2>{}</h2><ul>{items}</ul></div>\n",
            tx.h("ed-errors-heading", &[("n", Arg::from(errors.len()))])
        ));
    }
    let locked = page.contract.as_ref().is_some_and(|c| c.state != ContractState::Draft);
    if locked {
        b.push_str(&format!("<div class=\"notice warn\"><p>{}</p></div>\n", tx.h("ed-locked-notice", &[])));
    }
    b.push_str(&format!(
        "<form method=\"post\" action=\"/e/{}/save\" novalidate>{}",
        esc(token),
        hidden("csrf", &page.access.csrf)
    ));

    // Farm.
    b.push_str(&format!("<fieldset><legend>{}</legend><div class=\"field\"><label for=\"farm\">{}</label><select id=\"farm\" name=\"farm\"{}>", tx.h("ed-farm-legend", &[]), tx.h("ed-farm", &[]), described(errors, Field::Farm, false)));
    if page.farms.is_empty() || form.farm.is_empty() {
        b.push_str(&format!("<option value=\"\">{}</option>", tx.h("ed-farm-choose", &[])));
    }
    for f in &page.farms {
        let id = f.id.0.to_string();
        b.push_str(&format!(
            "<option value=\"{id}\"{}>{}</option>",
            if form.farm == id { " selected" } else { "" },
            esc(&f.name)
        ));
    }
    if page.can_create_farm {
        b.push_str(&format!(
            "<option value=\"new\"{}>{}</option>",
            if form.farm == "new" { " selected" } else { "" },
            tx.h("ed-farm-new-option", &[])
        ));
    }
    b.push_str(&format!("</select>{}</div>", error_of(tx, errors, Field::Farm)));
    if page.can_create_farm {
        b.push_str(&input(
            tx,
            errors,
            Field::NewFarm,
            "text",
            &form.new_farm,
            "ed-new-farm",
            Some("ed-new-farm-hint"),
        ));
    }
    b.push_str("</fieldset>\n");

    // Contract.
    b.push_str(&format!("<fieldset><legend>{}</legend>", tx.h("ed-contract-legend", &[])));
    b.push_str(&input(tx, errors, Field::Name, "text", &form.name, "ed-name", Some("ed-name-hint")));
    b.push_str(&input(tx, errors, Field::Season, "text", &form.season, "ed-season", Some("ed-season-hint")));
    b.push_str("</fieldset>\n");

    b.push_str(&products(tx, form, errors));

    // Calendar.
    b.push_str(&format!("<fieldset id=\"calendar\"><legend>{}</legend>", tx.h("ed-calendar-legend", &[])));
    b.push_str(&input(tx, errors, Field::First, "date", &form.first, "ed-first", None));
    b.push_str(&input(tx, errors, Field::Last, "date", &form.last, "ed-last", None));
    b.push_str(&number_field(
        tx,
        errors,
        Field::EveryWeeks,
        &form.every_weeks,
        "ed-every-weeks",
        "ed-every-weeks-hint",
    ));
    b.push_str(&format!("<p class=\"hint\">{}</p>", tx.h("ed-calendar-hint", &[])));
    b.push_str(&calendar(tx, form));
    b.push_str(&error_of(tx, errors, Field::Calendar));
    b.push_str(&format!(
        "<p><button type=\"submit\" name=\"action\" value=\"save\">{}</button></p></fieldset>\n",
        tx.h("ed-calendar-refresh", &[])
    ));

    // Subscriptions.
    b.push_str(&format!("<fieldset><legend>{}</legend>", tx.h("ed-subscription-legend", &[])));
    b.push_str(&input(tx, errors, Field::Opens, "date", &form.opens, "ed-opens", Some("ed-opens-hint")));
    b.push_str(&input(tx, errors, Field::Closes, "date", &form.closes, "ed-closes", None));
    b.push_str(&format!(
        "<div class=\"choice\"><input type=\"checkbox\" id=\"late\" name=\"late\" value=\"yes\"{}><label for=\"late\">{}</label></div>",
        if form.late { " checked" } else { "" },
        tx.h("ed-late", &[])
    ));
    b.push_str(&number_field(
        tx,
        errors,
        Field::NoticeDays,
        &form.notice_days,
        "ed-notice-days",
        "ed-notice-days-hint",
    ));
    b.push_str("</fieldset>\n");

    // Absences and changes.
    b.push_str(&format!("<fieldset><legend>{}</legend>", tx.h("ed-absences-legend", &[])));
    b.push_str(&number_field(
        tx,
        errors,
        Field::MaxAbsences,
        &form.max_absences,
        "ed-max-absences",
        "ed-max-absences-hint",
    ));
    b.push_str(&format!("<fieldset id=\"modes\"><legend>{}</legend>", tx.h("ed-modes", &[])));
    for m in AbsenceMode::ALL {
        let id = format!("mode-{}", m.as_str());
        b.push_str(&format!(
            "<div class=\"choice\"><input type=\"checkbox\" id=\"{id}\" name=\"modes\" value=\"{}\"{}><label for=\"{id}\">{}</label></div>",
            m.as_str(),
            if form.modes.contains(&m) { " checked" } else { "" },
            tx.h(&format!("web-sign-mode-{}", m.as_str()), &[])
        ));
    }
    b.push_str(&error_of(tx, errors, Field::Modes));
    b.push_str("</fieldset>");
    b.push_str(&number_field(
        tx,
        errors,
        Field::DeadlineDays,
        &form.deadline_days,
        "ed-deadline-days",
        "ed-deadline-days-hint",
    ));
    b.push_str(&number_field(tx, errors, Field::Shifts, &form.shifts, "ed-shifts", "ed-shifts-hint"));
    b.push_str("</fieldset>\n");

    // Payment.
    b.push_str(&format!("<fieldset><legend>{}</legend>", tx.h("ed-payment-legend", &[])));
    b.push_str(&number_field(
        tx,
        errors,
        Field::MaxCheques,
        &form.max_cheques,
        "ed-max-cheques",
        "ed-max-cheques-hint",
    ));
    b.push_str(&input(
        tx,
        errors,
        Field::MinCheque,
        "money",
        &form.min_cheque,
        "ed-min-cheque",
        Some("ed-min-cheque-hint"),
    ));
    b.push_str(&input(tx, errors, Field::Payee, "text", &form.payee, "ed-payee", Some("ed-payee-hint")));
    b.push_str("</fieldset>\n");

    // Commitment text.
    b.push_str(&format!(
        "<fieldset><legend>{}</legend><div class=\"field\"><label for=\"commitment\">{}</label><span class=\"hint\" id=\"commitment-hint\">{}</span><textarea id=\"commitment\" name=\"commitment\" rows=\"6\"{}>{}</textarea>{}</div></fieldset>\n",
        tx.h("ed-commitment-legend", &[]),
        tx.h("ed-commitment", &[]),
        tx.h("ed-commitment-hint", &[]),
        described(errors, Field::Commitment, true),
        esc(&form.commitment),
        error_of(tx, errors, Field::Commitment),
    ));

    b.push_str("<div class=\"actions\">");
    b.push_str(&format!(
        "<button type=\"submit\" name=\"action\" value=\"save\" id=\"save\">{}</button>",
        tx.h(if locked { "ed-save-changes" } else { "ed-save-draft" }, &[])
    ));
    if !locked {
        b.push_str(&format!(
            "<button type=\"submit\" name=\"action\" value=\"publish\" class=\"primary\" id=\"publish\">{}</button><p class=\"hint\">{}</p>",
            tx.h("ed-publish", &[]),
            tx.h("ed-publish-hint", &[])
        ));
    }
    b.push_str("</div></form>\n");
    b.push_str(&preview(tx, page));
    b.push_str(&format!(
        "<p class=\"hint\">{}</p>\n",
        tx.h("web-expires", &[("date", Arg::from(tx.date(page.access.expires_at.date_naive())))])
    ));
    let full_title = format!("{title} — {}", page.access.amap.name);
    let page_html = document(tx, &full_title, &b);
    page_html.replacen("<link rel=\"stylesheet\" href=\"/assets/panier.css\">", "<link rel=\"stylesheet\" href=\"/assets/panier.css\">\n<link rel=\"stylesheet\" href=\"/assets/editor.css\">", 1)
}
