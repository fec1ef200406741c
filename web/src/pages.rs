//! The HTML of the signing pages: plain forms without script, every text from Fluent, every
//! value escaped. Layout and contrast live in `assets/panier.css`.

use chrono::{Datelike, NaiveDate};
use panier_conversation::format;
use panier_conversation::i18n::{Arg, Catalog, Lang};
use panier_core::model::Product;
use panier_core::signature::ContractDocument;
use panier_core::usecases::signing::{CountersignPage, SigningPage, Window};

/// Escapes text for HTML content and double-quoted attributes.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Texts of one page, in the reader's language.
#[derive(Clone, Copy)]
pub struct Tx {
    pub lang: Lang,
    pub today: NaiveDate,
}

impl Tx {
    pub fn t(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        Catalog::shared().text(self.lang, key, args)
    }

    /// Escaped text, ready for HTML.
    pub fn h(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        esc(&self.t(key, args))
    }

    pub fn money(&self, cents: i64) -> String {
        format::money(self.lang, cents)
    }

    pub fn date(&self, date: NaiveDate) -> String {
        format::date_long(self.lang, date, self.today)
    }

    pub fn month(&self, date: NaiveDate) -> String {
        let name = format::month_name(self.lang, date.month());
        if date.year() == self.today.year() { name.to_owned() } else { format!("{name} {}", date.year()) }
    }

    /// The command that gives a new link, as people type it.
    pub fn sign_cmd(&self) -> &'static str {
        match self.lang {
            Lang::Fr => "/signer",
            Lang::En => "/sign",
        }
    }
}

/// A whole page.
pub fn document(tx: &Tx, title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"/assets/panier.css\">\n</head>\n<body>\n\
         <main>\n{body}\n<footer><p>{footer}</p></footer>\n</main>\n</body>\n</html>\n",
        lang = tx.lang.code(),
        title = esc(title),
        footer = tx.h("web-footer", &[]),
    )
}

/// A short page that only says something (link expired, used, refused…).
pub fn message_page(tx: &Tx, title_key: &str, body_key: &str, extra: &str) -> String {
    let title = tx.t(title_key, &[]);
    let body = format!(
        "<header><h1>{}</h1></header>\n<section><p>{}</p>{extra}</section>",
        esc(&title),
        tx.h(body_key, &[("cmd", Arg::from(tx.sign_cmd()))]),
    );
    document(tx, &title, &body)
}

/// A notice on a page: a confirmation in the section just saved, or an error on top (alert).
pub enum Notice {
    /// A confirmation shown inside a section (`quantites`, `paiement`), where the page lands.
    OkIn(&'static str, String),
    Error(String),
}

fn notice_html(notice: Option<&Notice>, tx: &Tx) -> String {
    match notice {
        None => String::new(),
        Some(Notice::OkIn(..)) => String::new(),
        Some(Notice::Error(text)) => format!(
            "<div class=\"notice error\" role=\"alert\" id=\"error\"><h2>{}</h2><p>{}</p></div>\n",
            tx.h("web-error-heading", &[]),
            esc(text)
        ),
    }
}

fn section_notice(notice: Option<&Notice>, section: &str) -> String {
    match notice {
        Some(Notice::OkIn(s, text)) if *s == section => {
            format!("<div class=\"notice\" role=\"status\"><p>{}</p></div>\n", esc(text))
        }
        _ => String::new(),
    }
}

fn price(tx: &Tx, p: &Product) -> String {
    let price = tx.money(p.price.0);
    match &p.unit {
        Some(unit) => tx.t("web-sign-price-unit", &[("price", Arg::from(price)), ("unit", Arg::from(unit))]),
        None => tx.t("web-sign-price", &[("price", Arg::from(price))]),
    }
}

fn hidden(name: &str, value: &str) -> String {
    format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", esc(name), esc(value))
}

fn rules_html(tx: &Tx, doc: &ContractDocument) -> String {
    let r = &doc.contract.rules;
    let mut items = vec![
        tx.h(
            "web-sign-rule-period",
            &[
                ("opens", Arg::from(tx.date(r.subscription_opens))),
                ("closes", Arg::from(tx.date(r.subscription_closes))),
            ],
        ),
        tx.h("web-sign-rule-absences", &[("n", Arg::from(r.max_absences))]),
    ];
    if r.max_absences > 0 && !r.absence_modes.is_empty() {
        let modes: Vec<String> =
            r.absence_modes.iter().map(|m| tx.t(&format!("web-sign-mode-{m}"), &[])).collect();
        items.push(tx.h("web-sign-rule-modes", &[("modes", Arg::from(modes.join(", ")))]));
    }
    items.push(tx.h("web-sign-rule-deadline", &[("n", Arg::from(r.modification_deadline_days))]));
    items.push(tx.h("web-sign-rule-shifts", &[("n", Arg::from(r.required_shifts))]));
    let list: String = items.iter().map(|i| format!("<li>{i}</li>")).collect();
    format!(
        "<section id=\"regles\" aria-labelledby=\"regles-h\"><h2 id=\"regles-h\">{}</h2><ul>{list}</ul></section>\n",
        tx.h("web-sign-section-rules", &[])
    )
}

/// The consent sentence next to the member's box (also what the evidence records).
pub fn member_consent(tx: &Tx, page: &SigningPage) -> String {
    tx.t(
        "web-sign-consent",
        &[
            ("contract", Arg::from(&page.contract.name)),
            ("farm", Arg::from(&page.farm.name)),
            ("version", Arg::from(page.document.version)),
            ("total", Arg::from(tx.money(page.total.0))),
        ],
    )
}

fn quantity_of(page: &SigningPage, product: panier_core::types::ProductId, date: NaiveDate) -> u32 {
    page.grid.iter().find(|c| c.product == product && c.date == date).map_or(0, |c| c.quantity.get())
}

/// The member's signing page.
pub fn member_page(tx: &Tx, page: &SigningPage, token: &str, notice: Option<&Notice>) -> String {
    let base = format!("/s/{}", esc(token));
    let csrf = hidden("csrf", &page.link.csrf);
    let mut b = String::new();
    b.push_str(&format!(
        "<header><h1>{}</h1><p class=\"sub\">{}</p><p>{}</p></header>\n",
        tx.h("web-sign-heading", &[("contract", Arg::from(&page.contract.name))]),
        tx.h(
            "web-sign-subheading",
            &[
                ("farm", Arg::from(&page.farm.name)),
                ("season", Arg::from(&page.contract.season)),
                ("amap", Arg::from(&page.amap.name)),
            ],
        ),
        tx.h("web-sign-for", &[("name", Arg::from(page.member.full_name()))]),
    ));
    b.push_str(&notice_html(notice, tx));

    // Where the subscription stands.
    let mut status = Vec::new();
    match (page.state, page.signed_version) {
        (Some(s), Some(v)) if s.is_committed() => {
            let key = if s == panier_core::rules::state::SubscriptionState::Countersigned {
                "web-sign-status-countersigned"
            } else {
                "web-sign-status-member-signed"
            };
            status.push(("", tx.h(key, &[("version", Arg::from(v))])));
            if page.needs_signature {
                status.push(("warn", tx.h("web-sign-status-changes", &[("version", Arg::from(v))])));
            }
        }
        (Some(s), None) if s.is_committed() => status.push(("", tx.h("web-sign-status-paper", &[]))),
        _ => status.push(("warn", tx.h("web-sign-status-new", &[]))),
    }
    match page.window {
        Some(Window::Late { from }) if page.state.is_none() => {
            status.push(("warn", tx.h("web-sign-late", &[("date", Arg::from(tx.date(from)))])))
        }
        None => status.push(("warn", tx.h("web-sign-closed", &[]))),
        _ => {}
    }
    for (class, text) in status {
        b.push_str(&format!("<div class=\"notice {class}\"><p>{text}</p></div>\n"));
    }

    // The contract.
    let dates = &page.dates;
    let deliveries = match (dates.first(), dates.last()) {
        (Some(first), Some(last)) => tx.h(
            "web-sign-deliveries",
            &[
                ("n", Arg::from(dates.len())),
                ("first", Arg::from(tx.date(first.date))),
                ("last", Arg::from(tx.date(last.date))),
            ],
        ),
        _ => String::new(),
    };
    let products: String = page
        .products
        .iter()
        .map(|p| {
            let days = dates.iter().filter(|d| d.products.contains(&p.id)).count();
            let some = if days < dates.len() {
                format!(
                    " <span class=\"tag\">({})</span>",
                    tx.h("web-sign-only-some-dates", &[("n", Arg::from(days))])
                )
            } else {
                String::new()
            };
            format!("<li><strong>{}</strong> — {}{some}</li>", esc(&p.name), esc(&price(tx, p)))
        })
        .collect();
    b.push_str(&format!(
        "<section id=\"contrat\" aria-labelledby=\"contrat-h\"><h2 id=\"contrat-h\">{}</h2>\
         <p>{}</p><p>{}</p><p>{deliveries}</p><h3>{}</h3><ul>{products}</ul></section>\n",
        tx.h("web-sign-section-contract", &[]),
        tx.h(
            "web-sign-amap",
            &[
                ("amap", Arg::from(&page.amap.name)),
                ("place", Arg::from(&page.amap.place_name)),
                ("address", Arg::from(&page.amap.address)),
            ],
        ),
        tx.h("web-sign-farm", &[("farm", Arg::from(&page.farm.name))]),
        tx.h("web-sign-products-heading", &[]),
    ));

    // Quantities: the same every date, then date by date.
    b.push_str(&format!(
        "<section id=\"quantites\" aria-labelledby=\"quantites-h\"><h2 id=\"quantites-h\">{}</h2>\n",
        tx.h("web-sign-section-quantities", &[])
    ));
    if page.editable {
        b.push_str(&format!(
            "<form method=\"post\" action=\"{base}/quantities\">{csrf}{}<p class=\"hint\">{}</p>\n",
            hidden("mode", "every"),
            tx.h("web-sign-every-date-help", &[])
        ));
        for p in &page.products {
            let uniform = page.uniform.iter().find(|(id, _)| *id == p.id).and_then(|(_, q)| *q);
            let (value, hint) = match uniform {
                Some(q) => (q.to_string(), esc(&price(tx, p))),
                None => (
                    String::new(),
                    format!("{} — {}", esc(&price(tx, p)), tx.h("web-sign-quantity-mixed", &[])),
                ),
            };
            b.push_str(&format!(
                "<div class=\"field\"><label for=\"q-{id}\">{label}</label>\
                 <input type=\"number\" id=\"q-{id}\" name=\"q-{id}\" min=\"0\" max=\"999\" step=\"1\" inputmode=\"numeric\" value=\"{value}\" aria-describedby=\"q-{id}-hint\">\
                 <span class=\"hint\" id=\"q-{id}-hint\">{hint}</span></div>\n",
                id = p.id,
                label = tx.h("web-sign-quantity-label", &[("product", Arg::from(&p.name))]),
            ));
        }
        b.push_str(&format!("<button type=\"submit\">{}</button></form>\n", tx.h("web-sign-save", &[])));
    }
    // The grid, editable per date when the page is.
    let mut table = format!(
        "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">{}</th>",
        tx.h("web-sign-date-column", &[])
    );
    for p in &page.products {
        table.push_str(&format!("<th scope=\"col\">{}</th>", esc(&p.name)));
    }
    table.push_str("</tr></thead><tbody>");
    for d in dates {
        let editable = page.editable && d.editable;
        let moved = match d.moved_to {
            Some(to) => format!(
                " <span class=\"tag\">({})</span>",
                tx.h("web-sign-moved", &[("date", Arg::from(tx.date(to)))])
            ),
            None => String::new(),
        };
        let locked = if !editable && page.editable {
            format!(" <span class=\"tag\">({})</span>", tx.h("web-sign-locked", &[]))
        } else {
            String::new()
        };
        table.push_str(&format!(
            "<tr{}><th scope=\"row\">{}{moved}{locked}</th>",
            if editable { "" } else { " class=\"locked\"" },
            esc(&format::capitalize(&tx.date(d.date)))
        ));
        for p in &page.products {
            if !d.products.contains(&p.id) {
                table.push_str(&format!(
                    "<td><span aria-hidden=\"true\">—</span><span class=\"sr-only\">{}</span></td>",
                    tx.h("web-sign-not-delivered", &[])
                ));
                continue;
            }
            let q = quantity_of(page, p.id, d.date);
            if editable {
                table.push_str(&format!(
                    "<td><input type=\"number\" name=\"q-{pid}-{date}\" min=\"0\" max=\"999\" step=\"1\" inputmode=\"numeric\" value=\"{q}\" aria-label=\"{label}\"></td>",
                    pid = p.id,
                    date = d.date.format("%Y-%m-%d"),
                    label = tx.h("web-sign-quantity-cell", &[("product", Arg::from(&p.name)), ("date", Arg::from(tx.date(d.date)))]),
                ));
            } else {
                table.push_str(&format!("<td>{q}</td>"));
            }
        }
        table.push_str("</tr>");
    }
    table.push_str("</tbody></table></div>");
    if page.editable {
        b.push_str(&format!(
            "<details id=\"par-date\"><summary>{}</summary><p class=\"hint\">{}</p>\
             <form method=\"post\" action=\"{base}/quantities\">{csrf}{}{table}<button type=\"submit\">{}</button></form></details>\n",
            tx.h("web-sign-per-date-summary", &[]),
            tx.h("web-sign-per-date-help", &[]),
            hidden("mode", "dates"),
            tx.h("web-sign-save-dates", &[]),
        ));
    } else {
        b.push_str(&table);
    }
    b.push_str(&section_notice(notice, "quantites"));
    b.push_str(&format!(
        "<p class=\"total\" id=\"total\"><strong>{}</strong></p></section>\n",
        tx.h("web-sign-total", &[("total", Arg::from(tx.money(page.total.0)))])
    ));

    // Payment.
    b.push_str(&format!(
        "<section id=\"paiement\" aria-labelledby=\"paiement-h\"><h2 id=\"paiement-h\">{}</h2><p>{}</p>\n",
        tx.h("web-sign-section-payment", &[]),
        tx.h("web-sign-payee", &[("payee", Arg::from(&page.contract.rules.payee))]),
    ));
    b.push_str(&section_notice(notice, "paiement"));
    if page.editable && page.cheque_options.len() > 1 {
        b.push_str(&format!(
            "<form method=\"post\" action=\"{base}/cheques\">{csrf}<fieldset><legend>{}</legend>\n",
            tx.h("web-sign-cheques-legend", &[])
        ));
        for option in &page.cheque_options {
            let amounts: Vec<String> = option.cheques.iter().map(|c| tx.money(c.amount.0)).collect();
            b.push_str(&format!(
                "<div class=\"choice\"><input type=\"radio\" id=\"ch-{n}\" name=\"cheques\" value=\"{n}\"{checked}>\
                 <label for=\"ch-{n}\">{label}</label></div>\n",
                n = option.count,
                checked = if option.count == page.cheque_count { " checked" } else { "" },
                label = tx.h("web-sign-cheque-option", &[("n", Arg::from(option.count)), ("amounts", Arg::from(amounts.join(" + ")))]),
            ));
        }
        b.push_str(&format!(
            "</fieldset><button type=\"submit\">{}</button></form>\n",
            tx.h("web-sign-choose-cheques", &[])
        ));
    }
    let schedule: String = page
        .schedule
        .iter()
        .map(|c| {
            format!(
                "<li>{}</li>",
                tx.h(
                    "web-sign-cheque-line",
                    &[
                        ("number", Arg::from(c.number)),
                        ("amount", Arg::from(tx.money(c.amount.0))),
                        ("month", Arg::from(tx.month(c.cashing_month))),
                    ],
                )
            )
        })
        .collect();
    b.push_str(&format!("<ul id=\"echeancier\">{schedule}</ul></section>\n"));

    b.push_str(&rules_html(tx, &page.document));
    if !page.contract.rules.commitment_text.trim().is_empty() {
        b.push_str(&format!(
            "<section id=\"engagement\" aria-labelledby=\"engagement-h\"><h2 id=\"engagement-h\">{}</h2><p>{}</p></section>\n",
            tx.h("web-sign-section-commitment", &[]),
            esc(&page.contract.rules.commitment_text)
        ));
    }

    // Signature.
    b.push_str(&format!(
        "<section id=\"signature\" aria-labelledby=\"signature-h\"><h2 id=\"signature-h\">{}</h2>\n",
        tx.h("web-sign-section-sign", &[])
    ));
    if page.editable && page.needs_signature && page.total.0 > 0 {
        b.push_str(&format!(
            "<form method=\"post\" action=\"{base}/sign\">{csrf}{}\
             <div class=\"consent\"><input type=\"checkbox\" id=\"consent\" name=\"consent\" value=\"yes\" required>\
             <label for=\"consent\">{}</label></div>\
             <button type=\"submit\" class=\"primary\" id=\"sign\">{}</button></form>\n",
            hidden("doc", &page.document_sha256),
            esc(&member_consent(tx, page)),
            tx.h("web-sign-submit", &[]),
        ));
    } else if page.editable && page.needs_signature {
        b.push_str(&format!("<p>{}</p>\n", tx.h("web-sign-empty", &[])));
    } else if !page.needs_signature {
        b.push_str(&format!("<p>{}</p>\n", tx.h("web-sign-nothing-new", &[])));
    }
    if page.copy_available {
        b.push_str(&format!(
            "<p><a class=\"button\" href=\"{base}/contrat.pdf\" download>{}</a></p>\n",
            tx.h("web-sign-download", &[])
        ));
    }
    b.push_str(&format!(
        "<p class=\"hash\">{}</p></section>\n",
        tx.h("web-sign-hash", &[("hash", Arg::from(&page.document_sha256))])
    ));
    b.push_str(&format!(
        "<p class=\"hint\">{}</p>\n",
        tx.h("web-expires", &[("date", Arg::from(tx.date(page.link.expires_at.date_naive())))])
    ));
    let title = tx.t(
        "web-sign-page-title",
        &[("contract", Arg::from(&page.contract.name)), ("amap", Arg::from(&page.amap.name))],
    );
    document(tx, &title, &b)
}

/// After the member's signature.
pub fn signed_page(tx: &Tx, contract: &str, version: u32) -> String {
    let title = tx.t("web-sign-done-title", &[]);
    let body = format!(
        "<header><h1>{}</h1><p class=\"sub\">{}</p></header>\n<div class=\"notice\" role=\"status\"><p>{}</p></div>\n<section><p>{}</p></section>",
        esc(&title),
        esc(contract),
        tx.h("web-sign-done", &[("version", Arg::from(version))]),
        tx.h("web-sign-done-next", &[("cmd", Arg::from(tx.sign_cmd()))]),
    );
    document(tx, &title, &body)
}

fn grid_table(tx: &Tx, doc: &ContractDocument) -> String {
    let mut t = format!(
        "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">{}</th>",
        tx.h("web-sign-date-column", &[])
    );
    for p in &doc.products {
        t.push_str(&format!("<th scope=\"col\">{}</th>", esc(&p.name)));
    }
    t.push_str("</tr></thead><tbody>");
    for d in &doc.deliveries {
        t.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(&format::capitalize(&tx.date(d.date)))));
        for p in &doc.products {
            if d.products.contains(&p.id) {
                t.push_str(&format!("<td>{}</td>", doc.quantity(p.id, d.date)));
            } else {
                t.push_str(&format!(
                    "<td><span aria-hidden=\"true\">—</span><span class=\"sr-only\">{}</span></td>",
                    tx.h("web-sign-not-delivered", &[])
                ));
            }
        }
        t.push_str("</tr>");
    }
    t.push_str("</tbody></table></div>");
    t
}

/// The consent sentence for countersigning one subscription.
pub fn farmer_consent_one(tx: &Tx, contract: &str, name: &str, version: u32, total: i64) -> String {
    tx.t(
        "web-farmer-consent-one",
        &[
            ("contract", Arg::from(contract)),
            ("name", Arg::from(name)),
            ("version", Arg::from(version)),
            ("total", Arg::from(tx.money(total))),
        ],
    )
}

pub fn farmer_consent_all(tx: &Tx, contract: &str, n: usize) -> String {
    tx.t("web-farmer-consent-all", &[("contract", Arg::from(contract)), ("n", Arg::from(n))])
}

/// The farmer's countersignature page.
pub fn farmer_page(tx: &Tx, page: &CountersignPage, token: &str, notice: Option<&Notice>) -> String {
    let base = format!("/c/{}", esc(token));
    let csrf = hidden("csrf", &page.link.csrf);
    let contract = &page.contract.name;
    let mut b = format!(
        "<header><h1>{}</h1><p class=\"sub\">{}</p></header>\n",
        tx.h("web-farmer-heading", &[("contract", Arg::from(contract))]),
        tx.h(
            "web-farmer-intro",
            &[
                ("farm", Arg::from(&page.farm.name)),
                ("amap", Arg::from(&page.amap.name)),
                ("n", Arg::from(page.pending.len()))
            ],
        ),
    );
    b.push_str(&notice_html(notice, tx));
    if page.pending.is_empty() {
        b.push_str(&format!("<div class=\"notice\"><p>{}</p></div>\n", tx.h("web-farmer-none", &[])));
    }
    for p in &page.pending {
        let id = p.subscription.0;
        let total = p.document.total_cents;
        let schedule: String = p
            .document
            .payment
            .cheques
            .iter()
            .map(|c| {
                format!(
                    "<li>{}</li>",
                    tx.h(
                        "web-sign-cheque-line",
                        &[
                            ("number", Arg::from(c.number)),
                            ("amount", Arg::from(tx.money(c.amount_cents))),
                            ("month", Arg::from(tx.month(c.cashing_month))),
                        ],
                    )
                )
            })
            .collect();
        b.push_str(&format!(
            "<article aria-labelledby=\"sub-{id}-h\"><h2 id=\"sub-{id}-h\">{name}</h2><p>{row}</p>\
             <details><summary>{details}</summary>{grid}<ul>{schedule}</ul><p class=\"hash\">{hash}</p></details>\
             <form method=\"post\" action=\"{base}/countersign\">{csrf}{sub}\
             <div class=\"consent\"><input type=\"checkbox\" id=\"consent-{id}\" name=\"consent\" value=\"yes\" required>\
             <label for=\"consent-{id}\">{consent}</label></div><button type=\"submit\">{button}</button></form></article>\n",
            name = esc(&p.member_name),
            row = tx.h(
                "web-farmer-row",
                &[
                    ("name", Arg::from(&p.member_name)),
                    ("total", Arg::from(tx.money(total))),
                    ("date", Arg::from(tx.date(p.member_signed_at.date_naive()))),
                    ("version", Arg::from(p.version)),
                ],
            ),
            details = tx.h("web-farmer-details", &[]),
            grid = grid_table(tx, &p.document),
            hash = tx.h("web-sign-hash", &[("hash", Arg::from(&p.document_sha256))]),
            sub = hidden("sub", &format!("{id}:{}", p.document_sha256)),
            consent = esc(&farmer_consent_one(tx, contract, &p.member_name, p.version, total)),
            button = tx.h("web-farmer-sign-one", &[]),
        ));
    }
    if page.pending.len() > 1 {
        let subs: String = page
            .pending
            .iter()
            .map(|p| hidden("sub", &format!("{}:{}", p.subscription.0, p.document_sha256)))
            .collect();
        b.push_str(&format!(
            "<section aria-labelledby=\"all-h\"><h2 id=\"all-h\">{}</h2><form method=\"post\" action=\"{base}/countersign\">{csrf}{subs}{}\
             <div class=\"consent\"><input type=\"checkbox\" id=\"consent-all\" name=\"consent\" value=\"yes\" required>\
             <label for=\"consent-all\">{}</label></div><button type=\"submit\" class=\"primary\">{}</button></form></section>\n",
            tx.h("web-farmer-all-heading", &[]),
            hidden("all", "yes"),
            esc(&farmer_consent_all(tx, contract, page.pending.len())),
            tx.h("web-farmer-sign-all", &[("n", Arg::from(page.pending.len()))]),
        ));
    }
    if !page.countersigned.is_empty() {
        let rows: String = page
            .countersigned
            .iter()
            .map(|c| {
                format!(
                    "<li>{} — <a href=\"{base}/copie/{}\">PDF</a></li>",
                    tx.h(
                        "web-farmer-countersigned-row",
                        &[
                            ("name", Arg::from(&c.member_name)),
                            ("total", Arg::from(tx.money(c.total.0))),
                            ("date", Arg::from(tx.date(c.countersigned_at.date_naive()))),
                            ("version", Arg::from(c.version)),
                        ],
                    ),
                    c.subscription.0
                )
            })
            .collect();
        b.push_str(&format!(
            "<section aria-labelledby=\"done-h\"><h2 id=\"done-h\">{}</h2><ul>{rows}</ul></section>\n",
            tx.h("web-farmer-countersigned-heading", &[])
        ));
    }
    if page.on_paper > 0 {
        b.push_str(&format!(
            "<p class=\"hint\">{}</p>\n",
            tx.h("web-farmer-paper", &[("n", Arg::from(page.on_paper))])
        ));
    }
    b.push_str(&format!(
        "<p class=\"hint\">{}</p>\n",
        tx.h("web-expires", &[("date", Arg::from(tx.date(page.link.expires_at.date_naive())))])
    ));
    let title = tx.t("web-farmer-page-title", &[("contract", Arg::from(contract))]);
    document(tx, &title, &b)
}

/// After the farmer's countersignature.
pub fn countersigned_page(tx: &Tx, token: &str, n: usize) -> String {
    let title = tx.t("web-farmer-done-title", &[]);
    let body = format!(
        "<header><h1>{}</h1></header>\n<div class=\"notice\" role=\"status\"><p>{}</p></div>\n<section><p><a class=\"button\" href=\"/c/{}\">{}</a></p></section>",
        esc(&title),
        tx.h("web-farmer-done", &[("n", Arg::from(n))]),
        esc(token),
        tx.h("web-farmer-back", &[]),
    );
    document(tx, &title, &body)
}
