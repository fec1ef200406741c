//! Text of an uploaded file: UTF-8, or else Windows-1252, which French spreadsheets on
//! Windows still save CSV files in.

use std::borrow::Cow;

/// Windows-1252 characters for bytes 0x80 to 0x9F; the five unassigned bytes keep their
/// Latin-1 control code (dropped later by the name checks).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}',
    '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The file's text, and whether it had to be read as Windows-1252 (it was not UTF-8).
pub fn decode_text(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => {
            let text = bytes
                .iter()
                .map(|b| match b {
                    0x80..=0x9f => CP1252_HIGH[usize::from(b - 0x80)],
                    _ => char::from(*b),
                })
                .collect();
            (Cow::Owned(text), true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_or_windows_1252() {
        assert_eq!(decode_text("Élodie".as_bytes()), (Cow::Borrowed("Élodie"), false));
        // "Œufs à 2 €" as saved by Excel on Windows.
        let cp1252 = [0x8c, b'u', b'f', b's', b' ', 0xe0, b' ', b'2', b' ', 0x80];
        assert_eq!(decode_text(&cp1252), (Cow::Owned("Œufs à 2 €".to_owned()), true));
    }
}
