//! Segmentation of Indonesian news text into tokens, with byte offsets into
//! the original text.
//!
//! Why not tantivy's `SimpleTokenizer`: it splits on every non-alphanumeric
//! character, so `11.000` becomes `11` `000`, `anak-anak` two unrelated
//! words, `A.S.` two letters, and a URL a dozen fragments. This segmenter
//! recognises, in this order at each token start:
//!
//! - URLs (`https://…`, `www.…`), trailing sentence punctuation excluded;
//! - e-mail addresses (ASCII local part and domain with a dot);
//! - hashtags (`#banjir`) and mentions (`@kemlu_ri`), sign included;
//! - dotted abbreviations (`A.S.`, `S.H.`, `S.Pd.`): a one-letter piece then
//!   pieces of at most three letters, each followed by a dot;
//! - compounds: pieces joined by a hyphen (`anak-anak`, `Rusia-Korea`,
//!   `pasca-perang`, `COVID-19`), by a slash between numbers (`24/10`,
//!   `10/9/2019`) or by a letter/digit change (`Rp10.000`, `G20`). A compound yields one [`Role::Whole`] segment followed by its
//!   [`Role::Part`]s, so the whole and each part are searchable;
//! - otherwise a single piece: a number as Indonesians write it (`11.000`,
//!   `2,5`, `1.250.000`, `12,5%`, `14:30`) or a word of letters of
//!   any script, with in-word apostrophes (`Jum'at`, `Ma’ruf`).
//!
//! Each segment also records whether it starts a sentence, because the
//! stemmed analyzer reads capitalisation as a sign of a name only in the
//! middle of a sentence. A dot right after a short capitalised word (`Dr.`,
//! `Jl.`, `H.`) is taken as an abbreviation dot, not a sentence end.
//!
//! Trade-offs: no dictionary of abbreviations or domains (`Kompas.com` is two
//! words, which search handles well); a list written without spaces
//! (`2019,2020`) reads as one number. Offsets are always on char boundaries of
//! the original text; a byte-level fast path handles ASCII.

use serde::Serialize;

use super::normalize::{is_apostrophe, is_hyphen};

/// What a token is. Decides how it is folded and whether it is stemmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A word of letters (any script).
    Word,
    /// A number, with its group and decimal separators (`1.250.000`, `2,5`).
    Number,
    /// An all-capital word (`PBB`, `DPRK`) or a dotted abbreviation (`A.S.`).
    Acronym,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// `#tag`.
    Hashtag,
    /// `@name`.
    Mention,
    /// The whole of a hyphenated or letter/digit compound; its parts follow.
    Compound,
}

/// Where a segment sits relative to compounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A token on its own.
    Single,
    /// A whole compound; the next `parts` segments are its parts.
    Whole {
        /// Number of parts that follow.
        parts: u16,
    },
    /// One part of the preceding whole compound.
    Part,
}

/// One token found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Byte offset of the first byte in the original text.
    pub from: usize,
    /// Byte offset one past the last byte in the original text.
    pub to: usize,
    /// What the token is.
    pub kind: TokenKind,
    /// Single, whole compound or part.
    pub role: Role,
    /// The token begins a sentence (or the text).
    pub sentence_start: bool,
    /// The first character is an upper-case letter.
    pub capitalised: bool,
    /// The text is ASCII with nothing to fold (lower-case letters, digits,
    /// number punctuation): its folded form is the text itself.
    pub plain: bool,
}

/// Longest compound kept as one whole; a longer chain is cut into several.
const MAX_PARTS: usize = 8;

/// Splits `text` into segments, appending them to `out` (not cleared).
///
/// ```
/// use newsidx::analysis::tokenizer::{segment, Role, TokenKind};
/// let text = "Harga naik 2,5% di Jakarta.";
/// let mut segs = Vec::new();
/// segment(text, &mut segs);
/// let words: Vec<&str> = segs.iter().map(|s| &text[s.from..s.to]).collect();
/// assert_eq!(words, ["Harga", "naik", "2,5%", "di", "Jakarta"]);
/// assert_eq!(segs[2].kind, TokenKind::Number);
/// ```
pub fn segment(text: &str, out: &mut Vec<Segment>) {
    Scanner::new(text).run(out);
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Take [`Scanner::simple_ascii_token`]'s shortcut (off only in the test
    /// that checks the shortcut agrees with the general rules).
    fast: bool,
}

/// A piece of a compound: letters or a number.
#[derive(Clone, Copy)]
struct Piece {
    from: usize,
    to: usize,
    kind: TokenKind,
    capitalised: bool,
    plain: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            fast: true,
        }
    }

    /// The char starting at byte `i`, if `i` is inside the text and on a
    /// char boundary.
    #[inline]
    fn char_at(&self, i: usize) -> Option<char> {
        match self.bytes.get(i) {
            Some(&b) if b < 0x80 => Some(char::from(b)),
            Some(_) => self.text.get(i..).and_then(|s| s.chars().next()),
            None => None,
        }
    }

    fn run(&self, out: &mut Vec<Segment>) {
        let mut i = 0;
        let mut prev_end = 0;
        let mut first = true;
        let mut prev_title_like = false;
        let mut parts: Vec<Piece> = Vec::with_capacity(MAX_PARTS);
        loop {
            // ASCII bytes that start nothing (spaces, punctuation) are
            // skipped without decoding a char: for them the test below is
            // exactly this one.
            while self
                .bytes
                .get(i)
                .is_some_and(|&b| b < 0x80 && !b.is_ascii_alphanumeric() && b != b'#' && b != b'@')
            {
                i += 1;
            }
            let Some(c) = self.char_at(i) else {
                break;
            };
            let starts = c.is_alphanumeric()
                || ((c == '#' || c == '@') && self.char_at(i + 1).is_some_and(is_tag_char));
            if !starts {
                i += c.len_utf8();
                continue;
            }
            let sentence_start = first || self.gap_ends_sentence(prev_end, i, prev_title_like);
            first = false;
            let single = |end: usize, kind: TokenKind| Segment {
                from: i,
                to: end,
                kind,
                role: Role::Single,
                sentence_start,
                capitalised: false,
                plain: false,
            };
            prev_title_like = false;
            if self.fast
                && let Some((seg, title_like_dot)) = self.simple_ascii_token(i)
            {
                out.push(Segment {
                    sentence_start,
                    ..seg
                });
                prev_title_like = title_like_dot;
                i = seg.to;
                prev_end = i;
                continue;
            }
            let end;
            if let Some(e) = self.url(i) {
                out.push(single(e, TokenKind::Url));
                end = e;
            } else if c == '#' || c == '@' {
                let e = self.tag(i + 1, c == '@');
                let kind = if c == '#' {
                    TokenKind::Hashtag
                } else {
                    TokenKind::Mention
                };
                out.push(single(e, kind));
                end = e;
            } else if let Some(e) = self.dotted_abbreviation(i) {
                out.push(single(e, TokenKind::Acronym));
                end = e;
            } else if let Some(e) = {
                parts.clear();
                let e = self.compound(i, &mut parts);
                // An e-mail address starts like a word; only a character
                // that may continue its local part makes it worth a look.
                let maybe_email = matches!(
                    self.bytes.get(e),
                    Some(b'@' | b'.' | b'_' | b'%' | b'+' | b'-')
                );
                if maybe_email { self.email(i) } else { None }
            } {
                out.push(single(e, TokenKind::Email));
                end = e;
            } else {
                end = parts.last().map_or(i, |p| p.to);
                match parts.as_slice() {
                    [] => {
                        // Unreachable in practice (a start char always
                        // yields a piece); advance to stay total.
                        i += c.len_utf8();
                        continue;
                    }
                    [p] => {
                        out.push(Segment {
                            capitalised: p.capitalised,
                            plain: p.plain,
                            ..single(p.to, p.kind)
                        });
                        prev_title_like = self.bytes.get(p.to) == Some(&b'.')
                            && p.kind == TokenKind::Word
                            && self.is_title_like(p.from, p.to);
                    }
                    many => {
                        out.push(Segment {
                            from: i,
                            to: end,
                            kind: TokenKind::Compound,
                            role: Role::Whole {
                                parts: u16::try_from(many.len()).unwrap_or(u16::MAX),
                            },
                            sentence_start,
                            capitalised: many.first().is_some_and(|p| p.capitalised),
                            plain: false,
                        });
                        out.extend(many.iter().map(|p| Segment {
                            from: p.from,
                            to: p.to,
                            kind: p.kind,
                            role: Role::Part,
                            sentence_start,
                            capitalised: p.capitalised,
                            plain: p.plain,
                        }));
                    }
                }
            }
            // Every branch consumes at least the start char.
            i = end.max(i + c.len_utf8());
            prev_end = i;
        }
    }

    /// The common cases, decided without the general rules: a run of ASCII
    /// letters, or of ASCII digits, followed by a byte that no rule reads on
    /// (space, comma, closing bracket, quote, end of text...), or a letter
    /// run of two or more followed by `:`, `/`, or by a dot that ends the
    /// text or comes before a space, quote or bracket.
    ///
    /// Why this agrees with the general path: a URL needs `:` or `.` followed
    /// by more address after `http`/`www` (excluded below); a dotted
    /// abbreviation a one-letter first piece; an e-mail address a local part
    /// reaching `@`; a compound a hyphen, a slash after a number, or a
    /// letter/digit change; a word an apostrophe or a non-ASCII letter; a
    /// number a separator followed by a digit, `%`, or a letter. None of
    /// these can start from the runs accepted here. Returns the segment
    /// (its `sentence_start` left for the caller) and whether it is a short
    /// title-like word before a dot (`Dr.`), as the general path reports.
    /// `None` sends the text through the general path.
    #[inline]
    fn simple_ascii_token(&self, i: usize) -> Option<(Segment, bool)> {
        let rest = self.bytes.get(i..)?;
        let first = *rest.first()?;
        let clean = |b: Option<&u8>| match b {
            None => true,
            Some(&b) => matches!(
                b,
                b' ' | b'\n'
                    | b'\r'
                    | b'\t'
                    | b','
                    | b';'
                    | b')'
                    | b'('
                    | b'"'
                    | b'?'
                    | b'!'
                    | b']'
            ),
        };
        if first.is_ascii_digit() {
            let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let next = rest.get(len);
            // `2,5` is a number with a decimal comma; `2019, kata` is not.
            if !clean(next)
                || (next == Some(&b',') && rest.get(len + 1).is_some_and(u8::is_ascii_digit))
            {
                return None;
            }
            let seg = Segment {
                from: i,
                to: i + len,
                kind: TokenKind::Number,
                role: Role::Single,
                sentence_start: false,
                capitalised: false,
                plain: true,
            };
            return Some((seg, false));
        }
        let (len, upper) = ascii_letter_run(rest);
        if len == 0 {
            return None;
        }
        let word = rest.get(..len)?;
        let next = rest.get(len);
        let ok = clean(next)
            || (len >= 2
                && match next {
                    Some(b':') => {
                        !(word.eq_ignore_ascii_case(b"http") || word.eq_ignore_ascii_case(b"https"))
                    }
                    Some(b'/') => true,
                    Some(b'.') => {
                        clean(rest.get(len + 1))
                            && !matches!(rest.get(len + 1), Some(b',' | b';' | b'(' | b'?' | b'!'))
                    }
                    _ => false,
                });
        if !ok {
            return None;
        }
        let lower = len - upper;
        let capitalised = first.is_ascii_uppercase();
        let kind = if upper >= 2 && lower == 0 {
            TokenKind::Acronym
        } else {
            TokenKind::Word
        };
        let title_like_dot =
            next == Some(&b'.') && kind == TokenKind::Word && capitalised && upper == 1 && len <= 4;
        let seg = Segment {
            from: i,
            to: i + len,
            kind,
            role: Role::Single,
            sentence_start: false,
            capitalised,
            plain: upper == 0,
        };
        Some((seg, title_like_dot))
    }

    /// Does the text between two tokens end a sentence?
    fn gap_ends_sentence(&self, from: usize, to: usize, prev_title_like: bool) -> bool {
        // Byte scan: the ASCII marks are single bytes, and the three
        // non-ASCII ones are recognised by their UTF-8 sequences
        // (`…` E2 80 A6, `“` E2 80 9C, `«` C2 AB).
        let Some(gap) = self.bytes.get(from..to) else {
            return false;
        };
        gap.iter().enumerate().any(|(k, &b)| match b {
            b'.' => !(k == 0 && prev_title_like),
            b'!' | b'?' | b':' | b'\n' | b'"' => true,
            0xE2 => matches!(gap.get(k + 1..k + 3), Some([0x80, 0xA6 | 0x9C])),
            0xC2 => gap.get(k + 1) == Some(&0xAB),
            _ => false,
        })
    }

    /// A short capitalised word that is not all capitals (`Dr`, `Jl`, `H`,
    /// `Prof`): followed by a dot it is a title or an initial.
    fn is_title_like(&self, from: usize, to: usize) -> bool {
        let Some(word) = self.text.get(from..to) else {
            return false;
        };
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        first.is_uppercase() && chars.clone().count() <= 3 && chars.all(|c| c.is_lowercase())
    }

    fn starts_with_ci(&self, i: usize, prefix: &str) -> bool {
        self.bytes
            .get(i..i + prefix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
    }

    fn url(&self, i: usize) -> Option<usize> {
        if !matches!(self.bytes.get(i), Some(b'h' | b'H' | b'w' | b'W')) {
            return None;
        }
        let body = if self.starts_with_ci(i, "https://") {
            i + 8
        } else if self.starts_with_ci(i, "http://") {
            i + 7
        } else if self.starts_with_ci(i, "www.") {
            i + 4
        } else {
            return None;
        };
        if !self.char_at(body).is_some_and(|c| c.is_alphanumeric()) {
            return None;
        }
        let mut end = body;
        while let Some(c) = self.char_at(end) {
            if c.is_whitespace() || matches!(c, '"' | '<' | '>' | '“' | '”' | '‘' | '’') {
                break;
            }
            end += c.len_utf8();
        }
        // Sentence punctuation after an address is not part of it.
        while end > body {
            match self.bytes.get(end - 1) {
                Some(b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'}' | b'\'') => {
                    end -= 1
                }
                _ => break,
            }
        }
        Some(end)
    }

    fn email(&self, i: usize) -> Option<usize> {
        let is_local =
            |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
        if !self.bytes.get(i)?.is_ascii_alphanumeric() {
            return None;
        }
        let mut at = i;
        while self.bytes.get(at).is_some_and(|&b| is_local(b)) {
            at += 1;
        }
        if self.bytes.get(at) != Some(&b'@') {
            return None;
        }
        let domain = at + 1;
        let mut end = domain;
        while self
            .bytes
            .get(end)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        {
            end += 1;
        }
        while end > domain && matches!(self.bytes.get(end - 1), Some(b'.' | b'-')) {
            end -= 1;
        }
        let host = self.text.get(domain..end)?;
        let tld = host.rsplit('.').next()?;
        let ok = host.contains('.')
            && host
                .as_bytes()
                .first()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && tld.len() >= 2
            && tld.bytes().all(|b| b.is_ascii_alphabetic());
        ok.then_some(end)
    }

    /// End of a hashtag or mention whose name starts at `i`.
    fn tag(&self, i: usize, inner_dots: bool) -> usize {
        let mut end = i;
        while let Some(c) = self.char_at(end) {
            if is_tag_char(c) {
                end += c.len_utf8();
            } else if inner_dots
                && c == '.'
                && self.char_at(end + 1).is_some_and(|n| n.is_alphanumeric())
            {
                end += 1;
            } else {
                break;
            }
        }
        end
    }

    /// `A.S.`, `S.H.`, `S.Pd.`, `a.n.`: at least two dotted pieces, the first
    /// of one letter, the rest of at most three.
    fn dotted_abbreviation(&self, i: usize) -> Option<usize> {
        // The first piece is one letter, so a dot must follow it.
        let first = self.char_at(i)?;
        if self.bytes.get(i + first.len_utf8()) != Some(&b'.') {
            return None;
        }
        let mut pos = i;
        let mut pieces = 0usize;
        let mut last_dot_end = None;
        loop {
            let mut letters = 0usize;
            while let Some(c) = self.char_at(pos) {
                if !c.is_alphabetic() {
                    break;
                }
                letters += 1;
                pos += c.len_utf8();
                if letters > 3 {
                    break;
                }
            }
            let limit = if pieces == 0 { 1 } else { 3 };
            if letters == 0 || letters > limit || self.bytes.get(pos) != Some(&b'.') {
                break;
            }
            pos += 1;
            pieces += 1;
            last_dot_end = Some(pos);
            if !self.char_at(pos).is_some_and(|c| c.is_alphabetic()) {
                break;
            }
        }
        let end = last_dot_end?;
        (pieces >= 2).then_some(end)
    }

    /// Reads pieces joined by hyphens or letter/digit changes into `parts`;
    /// returns the end of the last piece.
    fn compound(&self, i: usize, parts: &mut Vec<Piece>) -> usize {
        let mut j = i;
        while let Some(c) = self.char_at(j) {
            let piece = if c.is_numeric() {
                self.number(j)
            } else {
                self.word(j)
            };
            if piece.to <= j {
                break;
            }
            parts.push(piece);
            j = piece.to;
            if parts.len() >= MAX_PARTS {
                break;
            }
            let Some(next) = self.char_at(j) else { break };
            // A slash between numbers (a date, a fraction) joins like a
            // hyphen, so `10/9/2019` is found by `2019` too.
            if is_hyphen(next) || (next == '/' && piece.kind == TokenKind::Number) {
                let after = j + next.len_utf8();
                if self.char_at(after).is_some_and(|a| a.is_alphanumeric()) {
                    j = after;
                    continue;
                }
                break;
            }
            let joins = if piece.kind == TokenKind::Number {
                next.is_alphabetic()
            } else {
                next.is_numeric()
            };
            if !joins {
                break;
            }
        }
        parts.last().map_or(i, |p| p.to)
    }

    /// A number piece: digits with inner `.`/`,`/`:` groups, optional `%`.
    fn number(&self, i: usize) -> Piece {
        let mut end = i;
        loop {
            while let Some(c) = self.char_at(end) {
                if !c.is_numeric() {
                    break;
                }
                end += c.len_utf8();
            }
            let sep = self.bytes.get(end);
            let digit_after = self.char_at(end + 1).is_some_and(|c| c.is_numeric());
            if matches!(sep, Some(b'.' | b',' | b':')) && digit_after {
                end += 1;
            } else {
                break;
            }
        }
        if self.bytes.get(end) == Some(&b'%') {
            end += 1;
        }
        Piece {
            from: i,
            to: end,
            kind: TokenKind::Number,
            capitalised: false,
            plain: self.text.get(i..end).is_some_and(str::is_ascii),
        }
    }

    /// A word piece: letters (and combining marks) with in-word apostrophes.
    fn word(&self, i: usize) -> Piece {
        let mut end = i;
        let mut upper = 0usize;
        let mut lower = 0usize;
        // ASCII letters first, byte by byte; anything else goes through the
        // general loop below.
        while let Some(&b) = self.bytes.get(end) {
            if b.is_ascii_lowercase() {
                lower += 1;
            } else if b.is_ascii_uppercase() {
                upper += 1;
            } else {
                break;
            }
            end += 1;
        }
        let capitalised = match self.bytes.get(i) {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => self.char_at(i).is_some_and(char::is_uppercase),
        };
        let ascii_end = end;
        while let Some(c) = self.char_at(end) {
            if c.is_alphabetic() {
                if c.is_uppercase() {
                    upper += 1;
                } else if c.is_lowercase() {
                    lower += 1;
                }
                end += c.len_utf8();
            } else if (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
                || (is_apostrophe(c)
                    && end > i
                    && self
                        .char_at(end + c.len_utf8())
                        .is_some_and(|n| n.is_alphabetic()))
            {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        let kind = if upper >= 2 && lower == 0 {
            TokenKind::Acronym
        } else {
            TokenKind::Word
        };
        // Plain when the ASCII loop took the whole word, all lower case.
        let plain = end == ascii_end && upper == 0 && end > i;
        Piece {
            from: i,
            to: end,
            kind,
            capitalised,
            plain,
        }
    }
}

/// The length of the run of ASCII letters that `bytes` starts with, and how
/// many of them are capitals.
///
/// Eight bytes are classified at once in a 64-bit integer: a byte-at-a-time
/// loop mispredicts its exit branch once per word, and that branch was the
/// segmenter's hottest instruction. Per byte, with `x` the byte's low seven
/// bits with the case bit set: `x + 0x1f` has its top bit set exactly when
/// `x >= b'a'`, and `x + 0x05` exactly when `x > b'z'` (neither sum carries
/// into the next byte); a byte with its own top bit set is not ASCII. A
/// letter with the case bit (0x20) clear is a capital.
#[inline]
fn ascii_letter_run(bytes: &[u8]) -> (usize, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut len = 0usize;
    let mut upper = 0usize;
    while let Some(Ok(chunk)) = bytes.get(len..len + 8).map(<[u8; 8]>::try_from) {
        let w = u64::from_le_bytes(chunk);
        let x = (w | (0x20 * ONES)) & !HIGH;
        let at_least_a = (x + (0x80 - 0x61) * ONES) & HIGH;
        let past_z = (x + (0x80 - 0x7b) * ONES) & HIGH;
        let letter = at_least_a & !past_z & !(w & HIGH);
        let capital = letter & !((w << 2) & HIGH);
        let stop = !letter & HIGH;
        if stop == 0 {
            len += 8;
            upper += capital.count_ones() as usize;
            continue;
        }
        let n = (stop.trailing_zeros() / 8) as usize;
        let first_n = if n == 0 { 0 } else { u64::MAX >> (64 - 8 * n) };
        return (len + n, upper + (capital & first_n).count_ones() as usize);
    }
    for &b in bytes.get(len..).unwrap_or_default() {
        if b.is_ascii_uppercase() {
            upper += 1;
        } else if !b.is_ascii_lowercase() {
            break;
        }
        len += 1;
    }
    (len, upper)
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || unicode_normalization::char::is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-at-a-time definition `ascii_letter_run` must agree with.
    fn letter_run_bytewise(bytes: &[u8]) -> (usize, usize) {
        let len = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let upper = bytes
            .iter()
            .take(len)
            .filter(|b| b.is_ascii_uppercase())
            .count();
        (len, upper)
    }

    #[test]
    fn ascii_letter_run_table() {
        let cases: &[(&str, (usize, usize))] = &[
            ("", (0, 0)),
            ("a", (1, 0)),
            ("Jakarta, kata", (7, 1)),
            ("pertanggungjawaban", (18, 0)),
            ("PERTANGGUNGJAWABAN!", (18, 18)),
            ("abcdefgh", (8, 0)),
            ("abcdefgh1", (8, 0)),
            ("abcdefg@", (7, 0)),
            ("az[`{AZ@", (2, 0)),
            ("Café", (3, 1)),
            ("_x", (0, 0)),
        ];
        for (text, want) in cases {
            assert_eq!(ascii_letter_run(text.as_bytes()), *want, "{text:?}");
            assert_eq!(letter_run_bytewise(text.as_bytes()), *want, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_letter_run_agrees_with_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            proptest::prop_assert_eq!(ascii_letter_run(&bytes), letter_run_bytewise(&bytes));
        }

        #[test]
        fn ascii_letter_run_agrees_on_letters(text in "[a-zA-Z]{0,30}[^a-zA-Z]?[a-zA-Z@\\[`{]{0,10}") {
            proptest::prop_assert_eq!(ascii_letter_run(text.as_bytes()), letter_run_bytewise(text.as_bytes()));
        }
    }

    /// (text, kind, role, sentence_start) of each segment.
    fn segs(text: &str) -> Vec<(&str, TokenKind, Role, bool)> {
        let mut out = Vec::new();
        segment(text, &mut out);
        out.iter()
            .map(|s| (&text[s.from..s.to], s.kind, s.role, s.sentence_start))
            .collect()
    }

    fn texts(text: &str) -> Vec<&str> {
        segs(text).into_iter().map(|s| s.0).collect()
    }

    #[test]
    fn token_classes() {
        use TokenKind::*;
        let cases: &[(&str, &[(&str, TokenKind)])] = &[
            ("kata dasar", &[("kata", Word), ("dasar", Word)]),
            ("Rp 11.000", &[("Rp", Word), ("11.000", Number)]),
            (
                "naik 2,5 persen",
                &[("naik", Word), ("2,5", Number), ("persen", Word)],
            ),
            (
                "pada 24/10 lalu",
                &[
                    ("pada", Word),
                    ("24/10", Compound),
                    ("24", Number),
                    ("10", Number),
                    ("lalu", Word),
                ],
            ),
            ("1.250.000 orang", &[("1.250.000", Number), ("orang", Word)]),
            ("inflasi 12,5%.", &[("inflasi", Word), ("12,5%", Number)]),
            (
                "pukul 14:30 WIB",
                &[("pukul", Word), ("14:30", Number), ("WIB", Acronym)],
            ),
            (
                "AS dan PBB",
                &[("AS", Acronym), ("dan", Word), ("PBB", Acronym)],
            ),
            ("DPRK Kemenlu", &[("DPRK", Acronym), ("Kemenlu", Word)]),
            (
                "ke A.S. kemarin",
                &[("ke", Word), ("A.S.", Acronym), ("kemarin", Word)],
            ),
            (
                "Budi, S.H. dan",
                &[("Budi", Word), ("S.H.", Acronym), ("dan", Word)],
            ),
            (
                "lihat https://kompas.com/a?b=1.",
                &[("lihat", Word), ("https://kompas.com/a?b=1", Url)],
            ),
            (
                "di www.tempo.co, kata",
                &[("di", Word), ("www.tempo.co", Url), ("kata", Word)],
            ),
            (
                "surel redaksi@tempo.co.id.",
                &[("surel", Word), ("redaksi@tempo.co.id", Email)],
            ),
            (
                "#BanjirJakarta ramai",
                &[("#BanjirJakarta", Hashtag), ("ramai", Word)],
            ),
            ("oleh @kemlu_ri.", &[("oleh", Word), ("@kemlu_ri", Mention)]),
            ("hari Jum'at", &[("hari", Word), ("Jum'at", Word)]),
            ("Ma’ruf Amin", &[("Ma’ruf", Word), ("Amin", Word)]),
            ("‘kata’ itu", &[("kata", Word), ("itu", Word)]),
            (
                "Ιράκ и Москва",
                &[("Ιράκ", Word), ("и", Word), ("Москва", Word)],
            ),
            ("café", &[("café", Word)]),
        ];
        for (text, want) in cases {
            let got: Vec<(&str, TokenKind)> = segs(text).into_iter().map(|s| (s.0, s.1)).collect();
            assert_eq!(&got, want, "segmenting {text:?}");
        }
    }

    #[test]
    fn compounds_have_whole_then_parts() {
        use Role::*;
        use TokenKind::*;
        type Case<'a> = (&'a str, &'a [(&'a str, TokenKind, Role)]);
        let cases: &[Case] = &[
            (
                "anak-anak",
                &[
                    ("anak-anak", Compound, Whole { parts: 2 }),
                    ("anak", Word, Part),
                    ("anak", Word, Part),
                ],
            ),
            (
                "Rusia-Korea",
                &[
                    ("Rusia-Korea", Compound, Whole { parts: 2 }),
                    ("Rusia", Word, Part),
                    ("Korea", Word, Part),
                ],
            ),
            (
                "COVID-19",
                &[
                    ("COVID-19", Compound, Whole { parts: 2 }),
                    ("COVID", Acronym, Part),
                    ("19", Number, Part),
                ],
            ),
            (
                "24/10/2019",
                &[
                    ("24/10/2019", Compound, Whole { parts: 3 }),
                    ("24", Number, Part),
                    ("10", Number, Part),
                    ("2019", Number, Part),
                ],
            ),
            (
                "Rp10.000",
                &[
                    ("Rp10.000", Compound, Whole { parts: 2 }),
                    ("Rp", Word, Part),
                    ("10.000", Number, Part),
                ],
            ),
        ];
        for (text, want) in cases {
            let got: Vec<(&str, TokenKind, Role)> =
                segs(text).into_iter().map(|s| (s.0, s.1, s.2)).collect();
            assert_eq!(&got, want, "segmenting {text:?}");
        }
        // A trailing or doubled hyphen does not join.
        assert_eq!(texts("pasca- perang"), ["pasca", "perang"]);
        assert_eq!(texts("a--b"), ["a", "b"]);
        // En dash is a range, not a compound.
        assert_eq!(texts("2019–2020"), ["2019", "2020"]);
    }

    #[test]
    fn long_chains_are_cut() {
        let text = "a-b-c-d-e-f-g-h-i-j";
        let wholes = segs(text)
            .iter()
            .filter(|s| matches!(s.2, Role::Whole { .. }))
            .count();
        assert_eq!(wholes, 2);
    }

    #[test]
    fn sentence_starts() {
        let got: Vec<(&str, bool)> = segs("Warga Menteng pergi. Pemerintah diam: Ia tahu \"Seni itu\" kata Dr. Terawan di Jl. Sudirman")
            .into_iter()
            .filter(|s| s.2 == Role::Single)
            .map(|s| (s.0, s.3))
            .collect();
        let starts: Vec<&str> = got.iter().filter(|s| s.1).map(|s| s.0).collect();
        assert_eq!(starts, ["Warga", "Pemerintah", "Ia", "Seni", "kata"]);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Ｐｅｍｉｌｕ 2024 – “Jum’at” ﬁlm";
        let mut out = Vec::new();
        segment(text, &mut out);
        for s in &out {
            assert!(text.is_char_boundary(s.from) && text.is_char_boundary(s.to));
        }
        assert_eq!(texts(text), ["Ｐｅｍｉｌｕ", "2024", "Jum’at", "ﬁlm"]);
    }

    #[test]
    fn lone_signs_are_not_tokens() {
        assert_eq!(texts("# @ - . 'x'"), ["x"]);
        assert_eq!(texts(""), Vec::<&str>::new());
    }

    fn general_only(text: &str) -> Vec<Segment> {
        let mut out = Vec::new();
        Scanner {
            fast: false,
            ..Scanner::new(text)
        }
        .run(&mut out);
        out
    }

    #[test]
    fn shortcut_agrees_with_the_general_rules_on_news_text() {
        let text = "JAKARTA - Kemenlu RI (Kementerian) memastikan 11.000 WNI aman, kata Dr. \
                    Budi di https://x.id/a atau www.x.id; tulis a.b@c.co \"Kami\" #WNI @ri! \
                    anak-anak A.S. Jum'at PBB\nBaru? ya) [x] http: www 2019, 2,5 12% 24/10 G20 \
                    Rp10.000 a/b kata: Jl. Dr. Ir. Prof. akhir. x.y. budi.s@x.id selesai.";
        let mut fast = Vec::new();
        segment(text, &mut fast);
        assert_eq!(fast, general_only(text));
    }

    proptest::proptest! {
        #[test]
        fn shortcut_agrees_with_the_general_rules(
            text in "([a-zA-Z0-9 .,;:/%#@_+'’()\\[\\]!?\"\n\t\r\\-é]|[a-zA-Z]{2,5}|[0-9]{1,4}|https?:|https?://|www\\.|A\\.S\\.|Dr\\.|\\. ){0,40}"
        ) {
            let mut fast = Vec::new();
            segment(&text, &mut fast);
            proptest::prop_assert_eq!(fast, general_only(&text));
        }
    }
}
