//! Reading what people type: text normalization shared by every parser, and dates in words.

pub mod date;

pub use date::{DateError, parse_date};

/// Folds text for matching: lower case, accents removed ("Février" -> "fevrier",
/// "Œufs" -> "oeufs"), typographic apostrophes and hyphens made ASCII, surrounding whitespace
/// trimmed and inner runs of whitespace (including no-break spaces) collapsed to one space.
pub fn normalize(input: &str) -> String {
    // One folding table for the whole project: core uses it for member search too.
    panier_core::text::fold(input)
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
