//! The word splitter the entity tagger reads text through.
//!
//! It is deliberately separate from the search tokenizer: the tagger was
//! trained on gold files tokenised in the CoNLL way (words and punctuation as
//! separate tokens, `Bangsa-Bangsa`, `Kompas.com` and `7/4/2016` kept whole),
//! and it must see text split the same way whatever the search side does with
//! stemming or folding. Tokens keep byte offsets into the original text so a
//! mention can point back at its exact span.
//!
//! Rules: a token is a run of letters and digits; `-`, `.`, `'` and `’` stay
//! inside a token when a letter or digit follows them and one precedes them
//! (`Bangsa-Bangsa`, `Kompas.com`, `O'Neill`), `/` only between digits
//! (`7/4/2016`, while `Tribunnews.com/Farrah` splits). Every other
//! non-space character is a token of its own.

use std::ops::Range;

/// One token: a byte range into the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '\'' | '’')
}

/// Splits `text` into words and punctuation with byte offsets.
///
/// ```
/// use newsidx::entities::tokenize::tokenize;
/// let text = "JAKARTA, KOMPAS.com - Putinnya (Tribunnews.com/Farrah)";
/// let words: Vec<&str> = tokenize(text).iter().map(|t| t.text(text)).collect();
/// assert_eq!(words, ["JAKARTA", ",", "KOMPAS.com", "-", "Putinnya", "(",
///                    "Tribunnews.com", "/", "Farrah", ")"]);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    // Runs over every article at index time: ASCII bytes (nearly all of
    // news text) are classified without decoding a char; other chars go
    // through the Unicode tests. A test checks this against the plain
    // char-by-char reading of the rules above.
    let b = text.as_bytes();
    let char_at = |i: usize| -> Option<(char, usize)> {
        match b.get(i) {
            Some(&c) if c < 0x80 => Some((char::from(c), 1)),
            Some(_) => text
                .get(i..)
                .and_then(|s| s.chars().next())
                .map(|c| (c, c.len_utf8())),
            None => None,
        }
    };
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut i = 0;
    while let Some((c, len)) = char_at(i) {
        if c.is_whitespace() {
            i += len;
            continue;
        }
        if !is_word_char(c) {
            out.push(Token {
                start: i,
                end: i + len,
            });
            i += len;
            continue;
        }
        let start = i;
        let mut end = i + len;
        let mut last = c;
        // Plain ASCII letters and digits, the bulk of a word, in one scan.
        while b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            end += 1;
            last = b.get(end - 1).map_or(last, |&x| char::from(x));
        }
        while let Some((d, dlen)) = char_at(end) {
            if is_word_char(d) {
                end += dlen;
                last = d;
                continue;
            }
            let joins = is_joiner(d) || (d == '/' && last.is_ascii_digit());
            if !joins {
                break;
            }
            // A joiner stays only when a word character follows it (and, for
            // `/`, a digit).
            let ok = match char_at(end + dlen) {
                Some((a, _)) if d == '/' => a.is_ascii_digit(),
                Some((a, _)) => is_word_char(a),
                None => false,
            };
            if !ok {
                break;
            }
            end += dlen;
            last = d;
        }
        out.push(Token { start, end });
        i = end;
    }
    out
}

/// Groups tokens into sentences for the tagger: a sentence ends after `.`,
/// `!` or `?` (and any closing quote or bracket right after it), at a line
/// break, or after `max_len` tokens, so no sentence grows without bound.
pub fn sentences(text: &str, tokens: &[Token], max_len: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let max_len = max_len.max(1);
    // Every token the rules look at (`.`, `!`, `?` and the closers) is one
    // to three bytes long: longer tokens, nearly all of them, are read as
    // empty, which matches none of them, without comparing their text. The
    // tests compare bytes, so that three-byte words cost no `memcmp` call.
    let short = |t: &Token| {
        if t.end.wrapping_sub(t.start) <= 3 {
            t.text(text).as_bytes()
        } else {
            &[]
        }
    };
    let ends = |b: &[u8]| matches!(b, b"." | b"!" | b"?");
    // `"`, `”`, `'`, `’`, `)`.
    let closer = |b: &[u8]| matches!(b, b"\"" | b"\xE2\x80\x9D" | b"'" | b"\xE2\x80\x99" | b")");
    for (i, t) in tokens.iter().enumerate() {
        let tok = short(t);
        let next = tokens.get(i + 1);
        let gap = match next {
            Some(n) => text.get(t.end..n.start).unwrap_or(""),
            None => "",
        };
        let ends_here = if ends(tok) {
            // Keep a closing quote or bracket with the sentence it closes.
            !next.is_some_and(|n| closer(short(n)) && gap.is_empty())
        } else if closer(tok) && i > 0 {
            tokens
                .get(i - 1)
                .is_some_and(|p| ends(short(p)) && p.end == t.start)
        } else {
            false
        };
        // Gaps are mostly a space or nothing: a plain scan beats a search.
        let line_break = gap.bytes().any(|b| b == b'\n');
        if ends_here || line_break || i + 1 - start >= max_len {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    /// The rules read char by char, as [`tokenize`] did before it got its
    /// shortcut for ASCII: the reference it is checked against.
    fn tokenize_by_chars(text: &str) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 6 + 1);
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            if !is_word_char(c) {
                out.push(Token {
                    start: i,
                    end: i + c.len_utf8(),
                });
                continue;
            }
            let start = i;
            let mut end = i + c.len_utf8();
            let mut last = c;
            while let Some(&(j, d)) = chars.peek() {
                if is_word_char(d) {
                    chars.next();
                    end = j + d.len_utf8();
                    last = d;
                    continue;
                }
                let joins = is_joiner(d) || (d == '/' && last.is_ascii_digit());
                if !joins {
                    break;
                }
                // A joiner stays only when a word character follows it (and, for
                // `/`, a digit).
                let after = text.get(j + d.len_utf8()..).and_then(|s| s.chars().next());
                let ok = match after {
                    Some(a) if d == '/' => a.is_ascii_digit(),
                    Some(a) => is_word_char(a),
                    None => false,
                };
                if !ok {
                    break;
                }
                chars.next();
                end = j + d.len_utf8();
                last = d;
            }
            out.push(Token { start, end });
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_equals_char_reading(
            text in "([a-zA-Z0-9 .,:/\\-'’()\"\n\t\u{b}\u{c}\r]|é|Ä|ß|한|１|\u{a0}|\u{2028}|Kompas\\.com|7/4/2016){0,60}"
        ) {
            proptest::prop_assert_eq!(tokenize(&text), tokenize_by_chars(&text));
        }

        #[test]
        fn byte_scan_equals_char_reading_on_any_text(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(tokenize(&text), tokenize_by_chars(&text));
        }
    }

    #[test]
    fn splits_words_and_punctuation() {
        let cases: &[(&str, &[&str])] = &[
            ("Presiden Putin.", &["Presiden", "Putin", "."]),
            (
                "Perserikatan Bangsa-Bangsa (PBB)",
                &["Perserikatan", "Bangsa-Bangsa", "(", "PBB", ")"],
            ),
            ("Kamis (7/4/2016).", &["Kamis", "(", "7/4/2016", ")", "."]),
            ("a--b", &["a", "-", "-", "b"]),
            ("akhir.", &["akhir", "."]),
            ("\"Ini,\" kata", &["\"", "Ini", ",", "\"", "kata"]),
            ("Sánchez’s", &["Sánchez’s"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(&words(text), want, "text {text:?}");
        }
    }

    #[test]
    fn offsets_point_into_text() {
        let text = "Él dijo: Putinnya";
        let toks = tokenize(text);
        assert_eq!(toks[0], Token { start: 0, end: 3 });
        assert_eq!(toks.last().map(|t| t.text(text)), Some("Putinnya"));
    }

    #[test]
    fn sentence_breaks() {
        let text = "Putin datang. \"Ya.\" Lalu\npergi";
        let toks = tokenize(text);
        let s: Vec<Vec<&str>> = sentences(text, &toks, 100)
            .into_iter()
            .map(|r| toks[r].iter().map(|t| t.text(text)).collect())
            .collect();
        assert_eq!(
            s,
            vec![
                vec!["Putin", "datang", "."],
                vec!["\"", "Ya", ".", "\""],
                vec!["Lalu"],
                vec!["pergi"]
            ]
        );
        assert_eq!(sentences(text, &toks, 2).len(), 6);
    }
}
