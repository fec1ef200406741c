//! The PDF copy of a signed contract: the contract, the quantity grid, the payment schedule
//! and a signature block (signers, UTC timestamps, document hash). Written with pdf-writer;
//! DejaVu Sans (from the `dejavu` crate) is embedded as a subset, so French accents, the euro
//! sign and narrow no-break spaces render everywhere. All texts come from the Fluent catalog;
//! the layout and the PDF file itself come from the `panier-pdf` crate.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use panier_conversation::format;
use panier_conversation::i18n::{Arg, Catalog, Lang};
use panier_core::signature::{ContractDocument, EvidenceRecord};
use panier_core::usecases::signing::{CopyRenderer, RenderedCopy, SignedCopy};
use panier_pdf::{BODY, Layout, MARGIN, Op, SMALL, Style, fonts, write_pdf};

struct Texts<'a> {
    catalog: &'a Catalog,
    lang: Lang,
}

impl Texts<'_> {
    fn t(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.catalog.text(self.lang, key, args)
    }

    fn money(&self, cents: i64) -> String {
        format::money(self.lang, cents)
    }

    fn date(&self, date: NaiveDate) -> String {
        // A legal copy always shows the year.
        let text = format::date_long(self.lang, date, date);
        format!("{text} {}", date.year())
    }

    fn instant(&self, secs: i64) -> String {
        let at = DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default();
        at.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

fn name_of(record: &EvidenceRecord) -> String {
    record.member_name.clone()
}

/// How a transport is written in a sentence.
fn transport_name(transport: &str) -> &str {
    match transport {
        "telegram" => "Telegram",
        "matrix" => "Matrix",
        other => other,
    }
}

fn lay_out(layout: &mut Layout<'_>, copy: &SignedCopy, tx: &Texts<'_>) {
    let doc: &ContractDocument = &copy.document;
    let member = format!("{} {}", doc.member.first_name, doc.member.last_name);
    layout.paragraph(Style::Bold, 18.0, &tx.t("pdf-title", &[("contract", Arg::from(&doc.contract.name))]));
    layout.paragraph_at(
        Style::Regular,
        BODY,
        &tx.t(
            "pdf-subtitle",
            &[("season", Arg::from(&doc.contract.season)), ("version", Arg::from(doc.version))],
        ),
        0.0,
        true,
    );
    layout.gap(6.0);
    layout.paragraph(
        Style::Regular,
        BODY,
        &tx.t(
            "pdf-parties",
            &[
                ("member", Arg::from(&member)),
                ("farm", Arg::from(&doc.farm.name)),
                ("amap", Arg::from(&doc.amap.name)),
            ],
        ),
    );
    layout.gap(4.0);
    for line in [
        tx.t("pdf-member", &[("name", Arg::from(&member)), ("email", Arg::from(&doc.member.email))]),
        tx.t("pdf-farm", &[("farm", Arg::from(&doc.farm.name)), ("address", Arg::from(&doc.farm.address))]),
        tx.t(
            "pdf-amap",
            &[
                ("amap", Arg::from(&doc.amap.name)),
                ("place", Arg::from(&doc.amap.place)),
                ("address", Arg::from(&doc.amap.address)),
            ],
        ),
    ] {
        layout.paragraph(Style::Regular, BODY, &line);
    }

    layout.heading(&tx.t("pdf-products-heading", &[]));
    let products: Vec<Vec<String>> = doc
        .products
        .iter()
        .map(|p| {
            let price = tx.money(p.price_cents);
            let shown = match &p.unit {
                Some(unit) => {
                    tx.t("web-sign-price-unit", &[("price", Arg::from(price)), ("unit", Arg::from(unit))])
                }
                None => tx.t("web-sign-price", &[("price", Arg::from(price))]),
            };
            vec![p.name.clone(), shown]
        })
        .collect();
    layout.table(&[3.0, 2.0], &[String::new(), String::new()], &products, BODY);

    layout.heading(&tx.t("pdf-grid-heading", &[]));
    let mut header = vec![tx.t("web-sign-date-column", &[])];
    header.extend(doc.products.iter().map(|p| p.name.clone()));
    let rows: Vec<Vec<String>> = doc
        .deliveries
        .iter()
        .map(|d| {
            let mut row = vec![tx.date(d.date)];
            for p in &doc.products {
                row.push(if d.products.contains(&p.id) {
                    doc.quantity(p.id, d.date).to_string()
                } else {
                    "—".to_owned()
                });
            }
            row
        })
        .collect();
    let mut widths = vec![2.6];
    widths.extend(doc.products.iter().map(|_| 1.4));
    let size = if doc.products.len() > 4 { SMALL } else { BODY - 1.0 };
    layout.table(&widths, &header, &rows, size);
    layout.paragraph(
        Style::Bold,
        11.0,
        &tx.t("pdf-total", &[("total", Arg::from(tx.money(doc.total_cents)))]),
    );

    layout.heading(&tx.t("pdf-schedule-heading", &[]));
    layout.paragraph(Style::Regular, BODY, &tx.t("pdf-payee", &[("payee", Arg::from(&doc.payment.payee))]));
    for ch in &doc.payment.cheques {
        let month =
            format!("{} {}", format::month_name(tx.lang, ch.cashing_month.month()), ch.cashing_month.year());
        layout.paragraph_at(
            Style::Regular,
            BODY,
            &tx.t(
                "web-sign-cheque-line",
                &[
                    ("number", Arg::from(ch.number)),
                    ("amount", Arg::from(tx.money(ch.amount_cents))),
                    ("month", Arg::from(month)),
                ],
            ),
            12.0,
            false,
        );
    }

    layout.heading(&tx.t("pdf-rules-heading", &[]));
    let r = &doc.contract.rules;
    let modes: Vec<String> =
        r.absence_modes.iter().map(|m| tx.t(&format!("web-sign-mode-{m}"), &[])).collect();
    let mut rules = vec![
        tx.t(
            "web-sign-rule-period",
            &[
                ("opens", Arg::from(tx.date(r.subscription_opens))),
                ("closes", Arg::from(tx.date(r.subscription_closes))),
            ],
        ),
        tx.t("web-sign-rule-absences", &[("n", Arg::from(r.max_absences))]),
    ];
    if !modes.is_empty() && r.max_absences > 0 {
        rules.push(tx.t("web-sign-rule-modes", &[("modes", Arg::from(modes.join(", ")))]));
    }
    rules.push(tx.t("web-sign-rule-deadline", &[("n", Arg::from(r.modification_deadline_days))]));
    rules.push(tx.t("web-sign-rule-shifts", &[("n", Arg::from(r.required_shifts))]));
    for rule in rules {
        layout.paragraph_at(Style::Regular, BODY, &format!("• {rule}"), 6.0, false);
    }
    if !doc.contract.commitment_text.trim().is_empty() {
        layout.heading(&tx.t("pdf-commitment-heading", &[]));
        layout.paragraph(Style::Regular, BODY, &doc.contract.commitment_text);
    }

    layout.heading(&tx.t("pdf-signatures-heading", &[]));
    for (key, record) in
        [("pdf-signed-member", &copy.member_signature), ("pdf-signed-farmer", &copy.farmer_signature)]
    {
        layout.paragraph(
            Style::Bold,
            BODY,
            &tx.t(
                key,
                &[
                    ("name", Arg::from(name_of(record))),
                    ("at", Arg::from(tx.instant(record.signed_at))),
                    ("transport", Arg::from(transport_name(&record.transport))),
                ],
            ),
        );
        layout.paragraph_at(
            Style::Regular,
            SMALL,
            &tx.t("pdf-consent", &[("text", Arg::from(&record.consent_text))]),
            12.0,
            true,
        );
        layout.gap(3.0);
    }
    layout.gap(4.0);
    layout.paragraph(Style::Regular, SMALL, &tx.t("pdf-hash", &[("hash", Arg::from(&copy.document_sha256))]));
    layout.paragraph(
        Style::Regular,
        SMALL,
        &tx.t(
            "pdf-evidence",
            &[
                ("member", Arg::from(copy.member_signature.seq)),
                ("farmer", Arg::from(copy.farmer_signature.seq)),
            ],
        ),
    );
    layout.gap(4.0);
    layout.paragraph_at(Style::Regular, SMALL, &tx.t("pdf-legal", &[]), 0.0, true);
}

/// The PDF bytes of a signed copy in `lang`.
pub fn render_copy(copy: &SignedCopy, lang: Lang) -> Vec<u8> {
    let Some(fonts) = fonts() else {
        tracing::error!("embedded font unreadable");
        return Vec::new();
    };
    let tx = Texts { catalog: Catalog::shared(), lang };
    let mut layout = Layout::new(&fonts);
    lay_out(&mut layout, copy, &tx);
    // Footer on every page.
    let total = layout.pages.len();
    let doc = &copy.document;
    for (i, page) in layout.pages.iter_mut().enumerate() {
        let footer = format!(
            "{} — v{} — {}",
            doc.contract.name,
            doc.version,
            tx.t("pdf-page", &[("n", Arg::from(i + 1)), ("total", Arg::from(total))])
        );
        page.push(Op::Text {
            style: Style::Regular,
            size: SMALL,
            x: MARGIN,
            y: 30.0,
            text: footer,
            gray: true,
        });
    }
    let title = tx.t("pdf-title", &[("contract", Arg::from(&doc.contract.name))]);
    write_pdf(&fonts, &layout.pages, &title)
}

/// The PDF maker given to core's countersignature.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfRenderer;

impl CopyRenderer for PdfRenderer {
    fn render(&self, copy: &SignedCopy, language: &str) -> RenderedCopy {
        let lang = Lang::parse(language).unwrap_or_default();
        RenderedCopy {
            filename: filename(copy, lang),
            media_type: "application/pdf".into(),
            bytes: render_copy(copy, lang),
        }
    }
}

/// "contrat-pain-zoe-guerin-v1.pdf": ASCII only, safe in a Content-Disposition header.
pub fn filename(copy: &SignedCopy, lang: Lang) -> String {
    let slug = |s: &str| -> String {
        let folded = panier_core::text::fold(s);
        let mut out = String::new();
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_end_matches('-').chars().take(40).collect()
    };
    let doc = &copy.document;
    let member = slug(&format!("{} {}", doc.member.first_name, doc.member.last_name));
    let name = Catalog::shared().text(
        lang,
        "pdf-filename",
        &[
            ("contract", Arg::from(slug(&doc.contract.slug))),
            ("member", Arg::from(member)),
            ("version", Arg::Num(i64::from(doc.version))),
        ],
    );
    name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')).collect()
}
