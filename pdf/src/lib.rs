//! Panier's PDF writer: A4 pages laid out top to bottom (paragraphs, headings, tables), with
//! DejaVu Sans (from the `dejavu` crate) embedded as a subset so French accents, the euro sign
//! and narrow no-break spaces render everywhere. It knows no text of its own: callers (the
//! signed-contract copy in `web`, the sign-in sheet in `bots/conversation`) bring localized
//! strings.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN: f32 = 50.0;
pub const BOTTOM: f32 = 60.0;
pub const BODY: f32 = 10.0;
pub const SMALL: f32 = 8.0;

/// Regular or bold text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    Regular,
    Bold,
}

/// A font face with its file, for measuring and embedding.
pub struct Font {
    data: &'static [u8],
    face: ttf_parser::Face<'static>,
}

impl Font {
    pub fn load(data: &'static [u8]) -> Option<Font> {
        Some(Font { data, face: ttf_parser::Face::parse(data, 0).ok()? })
    }

    pub fn glyph(&self, c: char) -> u16 {
        let c = if c == '\u{202F}' && self.face.glyph_index(c).is_none() { '\u{A0}' } else { c };
        self.face.glyph_index(c).or_else(|| self.face.glyph_index('?')).map_or(0, |g| g.0)
    }

    pub fn advance(&self, gid: u16) -> f32 {
        let upem = f32::from(self.face.units_per_em());
        f32::from(self.face.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0)) / upem
    }

    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(self.glyph(c))).sum::<f32>() * size
    }
}

/// The two faces a document uses.
pub struct Fonts {
    pub regular: Font,
    pub bold: Font,
}

impl Fonts {
    pub fn get(&self, style: Style) -> &Font {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
        }
    }
}

/// One drawing operation, in PDF points from the bottom-left corner.
pub enum Op {
    Text { style: Style, size: f32, x: f32, y: f32, text: String, gray: bool },
    Line { x1: f32, y1: f32, x2: f32, y2: f32 },
    Fill { x: f32, y: f32, w: f32, h: f32 },
}

/// Text laid out on A4 pages, top to bottom.
pub struct Layout<'f> {
    fonts: &'f Fonts,
    /// The drawing operations of each page, in order.
    pub pages: Vec<Vec<Op>>,
    /// The baseline reached so far on the last page.
    pub y: f32,
}

impl<'f> Layout<'f> {
    pub fn new(fonts: &'f Fonts) -> Layout<'f> {
        Layout { fonts, pages: vec![Vec::new()], y: PAGE_H - MARGIN }
    }

    pub fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.pages.push(Vec::new());
            self.y = PAGE_H - MARGIN;
        }
    }

    pub fn gap(&mut self, h: f32) {
        self.y -= h;
    }

    pub fn wrap(&self, style: Style, size: f32, text: &str, width: f32) -> Vec<String> {
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

    pub fn paragraph_at(&mut self, style: Style, size: f32, text: &str, indent: f32, gray: bool) {
        let leading = size * 1.35;
        for line in self.wrap(style, size, text, PAGE_W - 2.0 * MARGIN - indent) {
            self.ensure(leading);
            self.y -= leading;
            let y = self.y + size * 0.25;
            self.ops().push(Op::Text { style, size, x: MARGIN + indent, y, text: line, gray });
        }
    }

    pub fn paragraph(&mut self, style: Style, size: f32, text: &str) {
        self.paragraph_at(style, size, text, 0.0, false);
    }

    pub fn heading(&mut self, text: &str) {
        self.ensure(40.0);
        self.gap(8.0);
        self.paragraph(Style::Bold, 12.0, text);
        let y = self.y - 3.0;
        self.ops().push(Op::Line { x1: MARGIN, y1: y, x2: PAGE_W - MARGIN, y2: y });
        self.gap(6.0);
    }

    /// A table with a shaded header row; cells are single lines, cut to fit.
    pub fn table(&mut self, widths: &[f32], header: &[String], rows: &[Vec<String>], size: f32) {
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

    /// A table whose cells wrap onto several lines (nothing is cut); a shaded header row,
    /// repeated at the top of each new page.
    pub fn table_wrapped(&mut self, widths: &[f32], header: &[String], rows: &[Vec<String>], size: f32) {
        let total: f32 = widths.iter().sum();
        let scale = (PAGE_W - 2.0 * MARGIN) / total;
        let widths: Vec<f32> = widths.iter().map(|w| w * scale).collect();
        let header_h = self.wrapped_row(&widths, header, Style::Bold, size).1;
        self.draw_wrapped(&widths, header, Style::Bold, size, true);
        for row in rows {
            let h = self.wrapped_row(&widths, row, Style::Regular, size).1;
            if self.y - h < BOTTOM {
                self.pages.push(Vec::new());
                self.y = PAGE_H - MARGIN;
                self.ensure(header_h);
                self.draw_wrapped(&widths, header, Style::Bold, size, true);
            }
            self.draw_wrapped(&widths, row, Style::Regular, size, false);
        }
        self.gap(6.0);
    }

    fn wrapped_row(
        &self,
        widths: &[f32],
        cells: &[String],
        style: Style,
        size: f32,
    ) -> (Vec<Vec<String>>, f32) {
        let wrapped: Vec<Vec<String>> =
            cells.iter().zip(widths).map(|(c, w)| self.wrap(style, size, c, w - 6.0)).collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        (wrapped, lines as f32 * size * 1.35 + size * 0.6)
    }

    fn draw_wrapped(&mut self, widths: &[f32], cells: &[String], style: Style, size: f32, shaded: bool) {
        let (wrapped, h) = self.wrapped_row(widths, cells, style, size);
        self.ensure(h);
        self.y -= h;
        let y = self.y;
        if shaded {
            self.ops().push(Op::Fill { x: MARGIN, y, w: PAGE_W - 2.0 * MARGIN, h });
        }
        let mut x = MARGIN;
        for (lines, w) in wrapped.into_iter().zip(widths) {
            for (i, text) in lines.into_iter().enumerate() {
                let ty = y + h - size * 0.3 - (i as f32 + 1.0) * size * 1.35 + size * 0.3;
                self.ops().push(Op::Text { style, size, x: x + 3.0, y: ty, text, gray: false });
            }
            x += w;
        }
        self.ops().push(Op::Line { x1: MARGIN, y1: y, x2: PAGE_W - MARGIN, y2: y });
    }
}

/// DejaVu Sans regular and bold, from the embedded font files.
pub fn fonts() -> Option<Fonts> {
    Some(Fonts { regular: Font::load(dejavu::sans::regular())?, bold: Font::load(dejavu::sans::bold())? })
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

/// The PDF file of laid-out pages, with the fonts subset and embedded.
pub fn write_pdf(fonts: &Fonts, pages: &[Vec<Op>], title: &str) -> Vec<u8> {
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
