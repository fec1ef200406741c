//! Reading what people type: text normalization shared by every parser, and dates in words.

pub mod date;

pub use date::{DateError, parse_date};

/// Folds text for matching: lower case, accents removed ("Février" -> "fevrier",
/// "Œufs" -> "oeufs"), typographic apostrophes and hyphens made ASCII, surrounding whitespace
/// trimmed and inner runs of whitespace (including no-break spaces) collapsed to one space.
pub fn normalize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for word in input.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            match fold(c) {
                Folded::One(f) => out.push(f),
                Folded::Two(a, b) => {
                    out.push(a);
                    out.push(b);
                }
            }
        }
    }
    out
}

enum Folded {
    One(char),
    Two(char, char),
}

/// Folds one lower-case character to its unaccented ASCII form when there is one.
fn fold(c: char) -> Folded {
    let folded = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'œ' => return Folded::Two('o', 'e'),
        'æ' => return Folded::Two('a', 'e'),
        // Phones type curly apostrophes ("aujourd’hui") and non-breaking hyphens.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        other => other,
    };
    Folded::One(folded)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalizes() {
        let cases = [
            ("", ""),
            ("   ", ""),
            ("Février", "fevrier"),
            ("AOÛT", "aout"),
            ("  Après-Demain  ", "apres-demain"),
            ("aujourd’hui", "aujourd'hui"),
            ("Œufs  et\tÆther", "oeufs et aether"),
            ("ÉÈÊÀÙÛÔÎÏÇ", "eeeauuoiic"),
            ("éèêàùûôîïç", "eeeauuoiic"),
            ("12\u{a0}mai\u{202f}2027", "12 mai 2027"),
            ("mardi\n\n12   mai", "mardi 12 mai"),
            ("🥕 panier", "🥕 panier"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input), expected, "{input:?}");
        }
    }
}
