//! The light markup of replies: plain text with `**bold**` spans and line breaks.
//!
//! Fluent messages are trusted markup; every value put into them (names, titles, anything a
//! person typed) goes through `escape` first, so a member called `*bold*` or `<b>` is shown
//! literally. Adapters render `Rich` to Telegram HTML, Matrix HTML + plain text, or a terminal.

use serde::{Deserialize, Serialize};

/// A run of text, bold or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

/// Text ready for any transport.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rich {
    pub spans: Vec<Span>,
}

/// Drops what must never travel inside a value shown to people: control characters (line
/// breaks and tabs stay) and bidirectional overrides, which would reorder the text after them.
pub fn clean(value: &str) -> String {
    value
        .chars()
        .filter(|&c| (!c.is_control() || c == '\n' || c == '\t') && !panier_core::types::is_bidi_control(c))
        .collect()
}

/// Makes a value safe to embed in markup: cleaned (see [`clean`]), `*` and `\` escaped.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in clean(value).chars() {
        if c == '*' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Rich {
    /// Parses markup: `**` toggles bold, `\x` is a literal `x`.
    pub fn parse(markup: &str) -> Rich {
        let mut rich = Rich::default();
        let mut bold = false;
        let mut current = String::new();
        let mut chars = markup.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(next) = chars.next() {
                        current.push(next);
                    }
                }
                '*' if chars.peek() == Some(&'*') => {
                    chars.next();
                    rich.push(std::mem::take(&mut current), bold);
                    bold = !bold;
                }
                c => current.push(c),
            }
        }
        rich.push(current, bold);
        rich
    }

    /// Literal text, no markup at all.
    pub fn plain_text(text: &str) -> Rich {
        let mut rich = Rich::default();
        rich.push(text.to_owned(), false);
        rich
    }

    fn push(&mut self, text: String, bold: bool) {
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.bold == bold => last.text.push_str(&text),
            _ => self.spans.push(Span { text, bold }),
        }
    }

    /// Appends another block after a line break.
    pub fn append_line(&mut self, other: Rich) {
        if !self.spans.is_empty() {
            self.push("\n".into(), false);
        }
        for span in other.spans {
            self.push(span.text, span.bold);
        }
    }

    /// The text without formatting.
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// HTML for Telegram and Matrix: text escaped, bold as `<b>`, line breaks kept as `\n`
    /// (Telegram) — Matrix adapters replace them with `<br>`.
    pub fn html(&self) -> String {
        let mut out = String::new();
        for span in &self.spans {
            let text = html_escape(&span.text);
            if span.bold {
                out.push_str("<b>");
                out.push_str(&text);
                out.push_str("</b>");
            } else {
                out.push_str(&text);
            }
        }
        out
    }

    /// Terminal rendering: bold with ANSI codes when `ansi`, else `*…*`-free plain text.
    pub fn terminal(&self, ansi: bool) -> String {
        if !ansi {
            return self.plain();
        }
        self.spans
            .iter()
            .map(|s| if s.bold { format!("\x1b[1m{}\x1b[0m", s.text) } else { s.text.clone() })
            .collect()
    }
}

pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bold_and_escapes() {
        let rich = Rich::parse(&format!("Bonjour **{}** !", escape("*Zoé* <b>")));
        assert_eq!(rich.plain(), "Bonjour *Zoé* <b> !");
        assert_eq!(rich.html(), "Bonjour <b>*Zoé* &lt;b&gt;</b> !");
        assert_eq!(rich.spans.len(), 3);
        assert_eq!(Rich::parse(r"a\\b").plain(), r"a\b");
        assert_eq!(Rich::parse("**unclosed").plain(), "unclosed");
        assert_eq!(Rich::parse("").spans.len(), 0);
    }

    #[test]
    fn values_lose_controls_and_direction_overrides_but_keep_lines() {
        assert_eq!(clean("Ali\u{202E}ecnalab\u{0}\u{7}\u{200F}"), "Aliecnalab");
        assert_eq!(clean("a\nb\tc"), "a\nb\tc");
        assert_eq!(Rich::parse(&escape("\u{2066}**x**\u{2069}")).plain(), "**x**");
    }
}
