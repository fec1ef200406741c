//! The PDF copy of a signed contract: the contract, the quantity grid, the payment schedule
//! and a signature block (signers, UTC timestamps, document hash). Written with pdf-writer;
//! DejaVu Sans (from the `dejavu` crate) is embedded as a subset, so French accents, the euro
//! sign and narrow no-break spaces render everywhere. All texts come from the Fluent catalog.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use panier_conversation::format;
use panier_conversation::i18n::{Arg, Catalog, Lang};
use panier_core::signature::{ContractDocument, EvidenceRecord};
use panier_core::usecases::signing::{CopyRenderer, RenderedCopy, SignedCopy};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 50.0;
const BOTTOM: f32 = 60.0;
const BODY: f32 = 10.0;
const SMALL: f32 = 8.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Style {
    Regular,
    Bold,
}

struct Font {
    data: &'static [u8],
    face: ttf_parser::Face<'static>,
}

impl Font {
    fn load(data: &'static [u8]) -> Option<Font> {
        Some(Font { data, face: ttf_parser::Face::parse(data, 0).ok()? })
    }

    fn glyph(&self, c: char) -> u16 {
        let c = if c == '\u{202F}' && self.face.glyph_index(c).is_none() { '\u{A0}' } else { c };
        self.face.glyph_index(c).or_else(|| self.face.glyph_index('?')).map_or(0, |g| g.0)
    }

    fn advance(&self, gid: u16) -> f32 {
        let upem = f32::from(self.face.units_per_em());
        f32::from(self.face.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0)) / upem
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(self.glyph(c))).sum::<f32>() * size
    }
}

struct Fonts {
    regular: Font,
    bold: Font,
}

impl Fonts {
    fn get(&self, style: Style) -> &Font {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }
}

enum Op {
    Text { style: Style, size: f32, x: f32, y: f32, text: String, gray: bool },
    Line { x1: f32, y1: f32, x2: f32, y2: f32 },
    Fill { x: f32, y: f32, w: f32, h: f32 },
}

/// Text laid out on A4 pages, top to bottom.
struct Layout<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f Fonts) -> Layout<'f> {
        Layout { fonts, pages: vec![Vec::new()], y: PAGE_H - MARGIN }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.pages.push(Vec::new());
            self.y = PAGE_H - MARGIN;
        }
    }

    fn gap(&mut self, h: f32) {
        self.y -= h;
    }

    fn wrap(&self, style: Style, size: f32, text: &str, width: f32) -> Vec<String> {
        let font = self.fonts.get(style);
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split(' ') {
                let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
                if font.width(&candidate, size) <= width || line.is_empty() {
                    line = candidate;
                } else {
                    lines.push(std::mem::take(&mut line));
                    line = word.to_owned();
                }
                // A single word wider than the line (a hash): cut it.
                while font.width(&line, size) > width && line.chars().count() > 1 {
                    let mut head = String::new();
                    for c in line.chars() {
                        if font.width(&format!("{head}{c}"), size) > width {
                            break;
                        }
                        head.push(c);
                    }
                    if head.is_empty() {
                        break;
                    }
                    line = line[head.len()..].to_owned();
                    lines.push(head);
                }
            }
            lines.push(line);
        }
        lines
    }

    fn paragraph_at(&mut self, style: Style, size: f32, text: &str, indent: f32, gray: bool) {
        let leading = size * 1.35;
        for line in self.wrap(style, size, text, PAGE_W - 2.0 * MARGIN - indent) {
            self.ensure(leading);
            self.y -= leading;
            let y = self.y + size * 0.25;
            self.ops().push(Op::Text { style, size, x: MARGIN + indent, y, text: line, gray });
        }
    }

    fn paragraph(&mut self, style: Style, size: f32, text: &str) {
        self.paragraph_at(style, size, text, 0.0, false);
    }

    fn heading(&mut self, text: &str) {
        self.ensure(40.0);
        self.gap(8.0);
        self.paragraph(Style::Bold, 12.0, text);
        let y = self.y - 3.0;
        self.ops().push(Op::Line { x1: MARGIN, y1: y, x2: PAGE_W - MARGIN, y2: y });
        self.gap(6.0);
    }

    /// A table with a shaded header row; cells are single lines, cut to fit.
    fn table(&mut self, widths: &[f32], header: &[String], rows: &[Vec<String>], size: f32) {
        let row_h = size * 1.6;
        let total: f32 = widths.iter().sum();
        let scale = (PAGE_W - 2.0 * MARGIN) / total;
        let widths: Vec<f32> = widths.iter().map(|w| w * scale).collect();
        let draw_row = |layout: &mut Layout<'_>, cells: &[String], style: Style, shaded: bool| {
            layout.ensure(row_h);
            layout.y -= row_h;
            let y = layout.y;
            if shaded {
                layout.ops().push(Op::Fill { x: MARGIN, y, w: PAGE_W - 2.0 * MARGIN, h: row_h });
            }
            let mut x = MARGIN;
            for (cell, w) in cells.iter().zip(&widths) {
                let font = layout.fonts.get(style);
                let mut text = cell.clone();
                while font.width(&text, size) > w - 6.0 && text.chars().count() > 1 {
                    text.pop();
                }
                layout.ops().push(Op::Text {
                    style,
                    size,
                    x: x + 3.0,
                    y: y + row_h * 0.32,
                    text,
                    gray: false,
                });
                x += w;
            }
            layout.ops().push(Op::Line { x1: MARGIN, y1: y, x2: PAGE_W - MARGIN, y2: y });
        };
        let has_header = header.iter().any(|h| !h.is_empty());
        if has_header {
            draw_row(self, header, Style::Bold, true);
        }
        for (i, row) in rows.iter().enumerate() {
            // Repeat the header at the top of a new page.
            if has_header && self.y - row_h < BOTTOM && i > 0 {
                self.ensure(row_h * 2.0);
                draw_row(self, header, Style::Bold, true);
            }
            draw_row(self, row, Style::Regular, false);
        }
        self.gap(6.0);
    }
}

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

fn fonts() -> Option<Fonts> {
    Some(Fonts { regular: Font::load(dejavu::sans::regular())?, bold: Font::load(dejavu::sans::bold())? })
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

struct Allocator(i32);

impl Allocator {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

fn write_pdf(fonts: &Fonts, pages: &[Vec<Op>], title: &str) -> Vec<u8> {
    // Glyphs used per style, with the text they stand for (ToUnicode).
    let mut used: BTreeMap<Style, BTreeMap<u16, char>> = BTreeMap::new();
    for op in pages.iter().flatten() {
        if let Op::Text { style, text, .. } = op {
            let font = fonts.get(*style);
            let map = used.entry(*style).or_default();
            for c in text.chars() {
                map.entry(font.glyph(c)).or_insert(c);
            }
        }
    }
    let mut ids = Allocator(0);
    let catalog_id = ids.next();
    let tree_id = ids.next();
    let info_id = ids.next();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.document_info(info_id).title(TextStr(title)).producer(TextStr("Panier"));

    struct Embedded {
        name: &'static [u8],
        font_ref: Ref,
        remapper: subsetter::GlyphRemapper,
    }
    let mut embedded: Vec<(Style, Embedded)> = Vec::new();
    for (style, glyphs) in &used {
        let font = fonts.get(*style);
        let (name, base): (&'static [u8], &'static [u8]) = match style {
            Style::Regular => (b"F1", b"PANIRA+DejaVuSans"),
            Style::Bold => (b"F2", b"PANIRB+DejaVuSans-Bold"),
        };
        let mut remapper = subsetter::GlyphRemapper::new();
        for gid in glyphs.keys() {
            remapper.remap(*gid);
        }
        let subset = match subsetter::subset(font.data, 0, &remapper) {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::error!(error = ?e, "font subsetting failed");
                return Vec::new();
            }
        };
        let (type0_id, cid_id, descriptor_id, file_id, cmap_id) =
            (ids.next(), ids.next(), ids.next(), ids.next(), ids.next());
        pdf.type0_font(type0_id)
            .base_font(Name(base))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);
        let system_info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
        let widths: Vec<f32> = remapper.remapped_gids().map(|old| font.advance(old) * 1000.0).collect();
        let mut cid = pdf.cid_font(cid_id);
        cid.subtype(CidFontType::Type2)
            .base_font(Name(base))
            .system_info(system_info)
            .font_descriptor(descriptor_id)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid.widths().consecutive(0, widths);
        cid.finish();
        let face = &font.face;
        let upem = f32::from(face.units_per_em());
        let scale = |v: i16| f32::from(v) / upem * 1000.0;
        let bbox = face.global_bounding_box();
        pdf.font_descriptor(descriptor_id)
            .name(Name(base))
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(scale(bbox.x_min), scale(bbox.y_min), scale(bbox.x_max), scale(bbox.y_max)))
            .italic_angle(0.0)
            .ascent(scale(face.ascender()))
            .descent(scale(face.descender()))
            .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
            .stem_v(if *style == Style::Bold { 140.0 } else { 80.0 })
            .font_file2(file_id);
        pdf.stream(file_id, &deflate(&subset)).filter(Filter::FlateDecode);
        let mut cmap = UnicodeCmap::new(
            Name(b"Panier-UCS"),
            SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"UCS"), supplement: 0 },
        );
        for (old, c) in glyphs {
            if let Some(new) = remapper.get(*old) {
                cmap.pair(new, *c);
            }
        }
        pdf.cmap(cmap_id, &cmap.finish());
        embedded.push((*style, Embedded { name, font_ref: type0_id, remapper }));
    }

    let page_ids: Vec<Ref> = pages.iter().map(|_| ids.next()).collect();
    pdf.pages(tree_id).kids(page_ids.iter().copied()).count(page_ids.len() as i32);
    for (ops, page_id) in pages.iter().zip(&page_ids) {
        let content_id = ids.next();
        let mut content = Content::new();
        for op in ops {
            match op {
                Op::Fill { x, y, w, h } => {
                    content.save_state();
                    content.set_fill_rgb(0.92, 0.95, 0.90);
                    content.rect(*x, *y, *w, *h);
                    content.fill_nonzero();
                    content.restore_state();
                }
                Op::Line { x1, y1, x2, y2 } => {
                    content.save_state();
                    content.set_stroke_rgb(0.7, 0.7, 0.7);
                    content.set_line_width(0.5);
                    content.move_to(*x1, *y1);
                    content.line_to(*x2, *y2);
                    content.stroke();
                    content.restore_state();
                }
                Op::Text { style, size, x, y, text, gray } => {
                    let Some((_, e)) = embedded.iter().find(|(s, _)| s == style) else { continue };
                    let font = fonts.get(*style);
                    let mut encoded = Vec::with_capacity(text.len() * 2);
                    for c in text.chars() {
                        let gid = e.remapper.get(font.glyph(c)).unwrap_or(0);
                        encoded.extend_from_slice(&gid.to_be_bytes());
                    }
                    let shade = if *gray { 0.35 } else { 0.1 };
                    content.set_fill_rgb(shade, shade, shade);
                    content.begin_text();
                    content.set_font(Name(e.name), *size);
                    content.next_line(*x, *y);
                    content.show(Str(&encoded));
                    content.end_text();
                }
            }
        }
        let stream = content.finish();
        pdf.stream(content_id, &deflate(&stream)).filter(Filter::FlateDecode);
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H)).parent(tree_id).contents(content_id);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for (_, e) in &embedded {
            font_dict.pair(Name(e.name), e.font_ref);
        }
        font_dict.finish();
        resources.finish();
        page.finish();
    }
    pdf.finish()
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
