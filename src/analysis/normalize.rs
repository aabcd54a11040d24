//! Normalisation of one token's text into the form that is matched.
//!
//! The tokenizer cuts the *original* text, so token offsets always point into
//! what the user wrote (snippets highlight the right span). Everything lossy
//! happens here, on a copy, and only on the match path:
//!
//! 1. NFKC (compatibility composition): full-width `Ｐ`, ligatures `ﬁ` and
//!    superscripts become their plain letters;
//! 2. case folding (`Menteri` = `menteri`);
//! 3. diacritic folding (`é` = `e`): canonical decomposition, combining marks
//!    dropped, plus a small table for Latin letters that do not decompose
//!    (`ł`, `ø`, `ß`, ...);
//! 4. removal of in-word apostrophes (`Jum'at` = `Jumat`) and, for dotted
//!    abbreviations only, of their dots (`A.S.` = `AS`).
//!
//! Trade-off: NFKC runs per token rather than over the whole text, which keeps
//! offsets trivially exact; the tokenizer classifies characters with Unicode
//! properties that already hold for the un-normalised forms (a full-width digit
//! is numeric, a ligature is alphabetic), so segmentation does not need NFKC
//! first. Most Indonesian news text is ASCII, which takes a fast path that
//! never allocates beyond the output buffer.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters that act as an apostrophe inside a word (`Jum'at`, `Ma’ruf`).
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' | '\u{FF07}'
    )
}

/// Characters that join the parts of a compound (`anak-anak`).
///
/// En and em dashes are left out on purpose: they mark ranges and asides
/// (`2019–2020`), not compounds.
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{FF0D}')
}

/// Latin letters that canonical decomposition leaves alone but that readers
/// treat as accented forms of a base letter. Kept apart from the logic, like
/// tantivy's ASCII folding table.
const EXTRA_FOLDS: &[(char, &str)] = &[
    ('ł', "l"),
    ('ø', "o"),
    ('đ', "d"),
    ('ð', "d"),
    ('ħ', "h"),
    ('ı', "i"),
    ('ŀ', "l"),
    ('ß', "ss"),
    ('æ', "ae"),
    ('œ', "oe"),
    ('þ', "th"),
];

/// How a token's text is folded; dots are only meaningful to drop in dotted
/// abbreviations (`S.H.`), never in numbers, URLs or addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldMode {
    /// Words: drop apostrophes.
    Word,
    /// Dotted abbreviations: drop apostrophes and dots.
    Abbreviation,
    /// Numbers, URLs, e-mail addresses, hashtags, mentions: fold case and
    /// width only, keep every punctuation character.
    Literal,
}

/// Folds `text` into `out` (cleared first): NFKC, lower case, no diacritics.
///
/// ```
/// use newsidx::analysis::normalize::{fold_into, FoldMode};
/// let mut out = String::new();
/// fold_into("Café", FoldMode::Word, &mut out);
/// assert_eq!(out, "cafe");
/// fold_into("Jum'at", FoldMode::Word, &mut out);
/// assert_eq!(out, "jumat");
/// ```
pub fn fold_into(text: &str, mode: FoldMode, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
        match mode {
            FoldMode::Literal => {}
            FoldMode::Word => {
                if out.bytes().any(|b| b == b'\'' || b == b'`') {
                    out.retain(|c| c != '\'' && c != '`');
                }
            }
            FoldMode::Abbreviation => out.retain(|c| c != '\'' && c != '`' && c != '.'),
        }
        return;
    }
    // Compatibility decomposition, marks dropped, then recomposed so that
    // scripts whose syllables decompose into non-mark pieces (Hangul) get
    // their letters back.
    let stripped = text.nfkd().filter(|c| !is_combining_mark(*c)).nfc();
    for c in stripped {
        if mode != FoldMode::Literal && is_apostrophe(c) {
            continue;
        }
        if mode == FoldMode::Abbreviation && c == '.' {
            continue;
        }
        for lower in c.to_lowercase() {
            match EXTRA_FOLDS.iter().find(|(from, _)| *from == lower) {
                Some((_, to)) => out.push_str(to),
                None => out.push(lower),
            }
        }
    }
}

/// Folds `text` into a new string; see [`fold_into`].
pub fn fold(text: &str, mode: FoldMode) -> String {
    let mut out = String::new();
    fold_into(text, mode, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_table() {
        let cases: &[(&str, FoldMode, &str)] = &[
            ("Menteri", FoldMode::Word, "menteri"),
            ("PBB", FoldMode::Word, "pbb"),
            ("Café", FoldMode::Word, "cafe"),
            ("résumé", FoldMode::Word, "resume"),
            ("Łódź", FoldMode::Word, "lodz"),
            ("Straße", FoldMode::Word, "strasse"),
            ("Jum'at", FoldMode::Word, "jumat"),
            ("Ma’ruf", FoldMode::Word, "maruf"),
            ("ＰＢＢ", FoldMode::Word, "pbb"),
            ("ﬁlm", FoldMode::Word, "film"),
            ("A.S.", FoldMode::Abbreviation, "as"),
            ("S.Pd.", FoldMode::Abbreviation, "spd"),
            ("1.250.000", FoldMode::Literal, "1.250.000"),
            ("１２,５%", FoldMode::Literal, "12,5%"),
            (
                "HTTPS://Kompas.com/a",
                FoldMode::Literal,
                "https://kompas.com/a",
            ),
            ("Ιράκ", FoldMode::Word, "ιρακ"),
            ("한국", FoldMode::Word, "한국"),
            ("", FoldMode::Word, ""),
        ];
        for (input, mode, want) in cases {
            assert_eq!(fold(input, *mode), *want, "fold({input:?}, {mode:?})");
        }
    }

    #[test]
    fn ascii_and_unicode_paths_agree_on_ascii_letters() {
        // A non-ASCII character anywhere forces the slow path; the ASCII part
        // must fold the same way on both paths.
        assert_eq!(fold("Jum'at é", FoldMode::Word), "jumat e");
        assert_eq!(fold("A.S.é", FoldMode::Abbreviation), "ase");
    }
}
