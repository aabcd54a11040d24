//! Text clean-up and the reading of article prose shared by every format.
//!
//! Each format reader turns its input into a list of [`Block`]s (paragraphs
//! and explicit headings); [`assemble`] then applies the same rules to all of
//! them, so an article reads the same whether it came as JSON, text,
//! Markdown or HTML:
//!
//! - clean-up: Unicode NFC, runs of whitespace collapsed, control characters
//!   dropped, ends trimmed; case is never changed;
//! - boilerplate that is not the article (`Baca juga: ...`, `Simak berita
//!   lainnya di ...`, `Editor: ...`, a trailing `Artikel Lain Terkait ...`
//!   list) is dropped;
//! - a byline such as `(Tribunnews.com/Farrah Putri)` or `Laporan Wartawan
//!   Tribunnews.com, Farrah Putri` becomes source and author, not body;
//! - short headline-like lines become subheadings and are not repeated in
//!   the body.
//!
//! The rules are heuristics over the shapes Indonesian outlets use; they
//! prefer keeping a line as body text when in doubt, because a lost
//! paragraph cannot be searched while an extra one only costs a little noise.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// One piece of article text as a format reader found it, already passed
/// through [`clean`] (empty ones are skipped).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A paragraph (may still turn out to be a subheading or boilerplate).
    Para(String),
    /// A heading the markup declared (`## ...`, `<h2>`).
    Heading(String),
}

/// True when `s` has at most `n` characters, without counting them all
/// when the byte length already decides.
pub(crate) fn at_most_chars(s: &str, n: usize) -> bool {
    s.len() <= n || (s.len() <= n.saturating_mul(4) && s.chars().nth(n).is_none())
}

/// True when [`clean`] would return `s` unchanged; checked in one byte
/// pass so that already clean ASCII text (most of any archive) is not
/// rebuilt character by character.
fn is_clean_ascii(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first().is_some_and(|&c| c == b' ') || b.last().is_some_and(|&c| c == b' ') {
        return false;
    }
    let mut prev_space = false;
    for &c in b {
        if !(0x20..0x7f).contains(&c) {
            return false;
        }
        let space = c == b' ';
        if space && prev_space {
            return false;
        }
        prev_space = space;
    }
    true
}

/// NFC, whitespace runs collapsed to one space, control and zero-width
/// characters dropped, ends trimmed.
pub(crate) fn clean(s: &str) -> String {
    if is_clean_ascii(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        collapse(s, &mut out);
    } else {
        let nfc: String = s.nfc().collect();
        collapse(&nfc, &mut out);
    }
    out
}

/// Characters that would split or glue words without being seen.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Appends `s` to `out` with whitespace runs collapsed, invisible
/// characters dropped and ends trimmed. Runs of ordinary text are copied
/// whole; only whitespace and non-ASCII characters are looked at one by one.
fn collapse(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let mut pending_space = false;
    let mut run: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b > b' ' && b < 0x7f {
            // Printable ASCII, the common case.
            if run.is_none() {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                run = Some(i);
            }
            i += 1;
            continue;
        }
        let (c, len) = if b < 0x80 {
            (char::from(b), 1)
        } else {
            match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        let space = c.is_whitespace();
        if space || is_invisible(c) {
            if let Some(start) = run.take() {
                out.push_str(s.get(start..i).unwrap_or_default());
            }
            if space {
                pending_space = !out.is_empty();
            }
        } else if run.is_none() {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            run = Some(i);
        }
        i += len;
    }
    if let Some(start) = run {
        out.push_str(s.get(start..).unwrap_or_default());
    }
}

/// Splits raw text into paragraphs: one per line, blank lines ignored, and a
/// line joined to the previous one when it continues a hard-wrapped
/// sentence (the previous line has no closing punctuation and this one
/// starts in lower case).
pub(crate) fn split_paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev_blank = true;
    for raw in text.lines() {
        let line = clean(raw);
        if line.is_empty() {
            prev_blank = true;
            continue;
        }
        let continues = !prev_blank
            && line.chars().next().is_some_and(char::is_lowercase)
            && out.last().is_some_and(|p| !ends_clause(p));
        match out.last_mut() {
            Some(last) if continues => {
                last.push(' ');
                last.push_str(&line);
            }
            _ => out.push(line),
        }
        prev_blank = false;
    }
    out
}

fn ends_clause(s: &str) -> bool {
    s.ends_with([
        '.', '!', '?', ':', '"', '\u{201D}', '\u{2019}', ')', '\u{2026}',
    ])
}

/// What [`assemble`] made of a list of blocks.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Assembled {
    /// Paragraphs joined with `\n\n`.
    pub body: String,
    pub subheadings: Vec<String>,
    /// True when the very first kept block was a subheading (a title line).
    pub starts_with_heading: bool,
    pub byline_source: Option<String>,
    pub byline_author: Option<String>,
    /// Outlet named in a dateline such as `JAKARTA, KOMPAS.com -`.
    pub dateline_source: Option<String>,
}

/// Applies the shared prose rules (see the module docs) to `blocks`, whose
/// text the format readers have already passed through [`clean`].
pub(crate) fn assemble(blocks: Vec<Block>) -> Assembled {
    let mut a = Assembled::default();
    let mut cleaned: Vec<(bool, String)> = blocks
        .into_iter()
        .filter_map(|b| {
            let (heading, s) = match b {
                Block::Para(s) => (false, s),
                Block::Heading(s) => (true, s),
            };
            (!s.is_empty()).then_some((heading, s))
        })
        .collect();
    // short_tail[i]: every block after i is short (a link list).
    let mut short_tail = vec![true; cleaned.len()];
    for i in (0..cleaned.len().saturating_sub(1)).rev() {
        let next_short = cleaned
            .get(i + 1)
            .is_some_and(|(_, r)| at_most_chars(r, 160));
        let after = short_tail.get(i + 1).copied().unwrap_or(true);
        if let Some(slot) = short_tail.get_mut(i) {
            *slot = next_short && after;
        }
    }
    let mut paragraphs: Vec<String> = Vec::new();
    let mut kept_any = false;
    for i in 0..cleaned.len() {
        let Some((heading, owned)) = cleaned.get_mut(i).map(std::mem::take) else {
            break;
        };
        let s = owned.as_str();
        if is_related_list_head(s) {
            // Everything after a trailing "related articles" head is a link
            // list; mid-article, only the head line itself is dropped.
            if short_tail.get(i).copied().unwrap_or(true) {
                break;
            }
            continue;
        }
        if is_boilerplate(s) {
            continue;
        }
        if let Some((source, author)) = parse_byline(s) {
            if a.byline_source.is_none() {
                a.byline_source = source;
            }
            if a.byline_author.is_none() {
                a.byline_author = author;
            }
            continue;
        }
        if heading || looks_like_subheading(s) {
            if !kept_any {
                a.starts_with_heading = true;
            }
            a.subheadings.push(owned);
        } else {
            if paragraphs.is_empty() {
                a.dateline_source = dateline(s).and_then(|d| d.source);
            }
            paragraphs.push(owned);
        }
        kept_any = true;
    }
    a.body = if paragraphs.len() == 1 {
        paragraphs.pop().unwrap_or_default()
    } else {
        paragraphs.join("\n\n")
    };
    a
}

/// Prefix match ignoring ASCII case, on a char boundary.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

/// Heads of the link lists outlets append after the article.
fn is_related_list_head(s: &str) -> bool {
    at_most_chars(s, 160)
        && [
            "artikel lain terkait",
            "artikel terkait",
            "berita terkait",
            "berita lainnya",
        ]
        .iter()
        .any(|p| starts_with_ci(s, p))
}

/// Lines that belong to the page, not the article.
fn is_boilerplate(s: &str) -> bool {
    const ANYWHERE: &[&str] = &[
        "baca juga",
        "baca:",
        "baca selengkapnya",
        "lihat juga:",
        "simak juga",
        "simak berita",
        "simak video",
        "tonton juga",
        "dapatkan update",
        "dapatkan berita",
        "ikuti berita",
    ];
    const SHORT: &[&str] = &["editor:", "editor :", "penyunting:", "penyunting :"];
    ANYWHERE.iter().any(|p| starts_with_ci(s, p))
        || (at_most_chars(s, 80) && SHORT.iter().any(|p| starts_with_ci(s, p)))
}

/// True for a domain-like outlet name: `Tribunnews.com`, `KOMPAS.com`,
/// `Liputan6.com`, `detik.co.id`.
fn is_domain(s: &str) -> bool {
    let s = s.trim();
    let Some((head, tld)) = s.rsplit_once('.') else {
        return false;
    };
    !head.is_empty()
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && s.chars().any(|c| c.is_ascii_alphabetic())
}

/// An all-capital outlet name from a dateline reads better in lower case
/// (`TRIBUNNEWS.COM` -> `tribunnews.com`); mixed case is kept as written.
fn outlet_name(s: &str) -> String {
    let s = s.trim();
    if s.chars().any(char::is_lowercase) {
        s.to_string()
    } else {
        s.to_lowercase()
    }
}

/// `(Tribunnews.com/Farrah Putri)`, `(kompas.com/NAMA)`, `(Kompas.com)`,
/// `Laporan Wartawan Tribunnews.com, Farrah Putri`, `Penulis: X`,
/// `Sumber: X`. Returns `(source, author)`; `Some((None, None))` for a
/// short agency code such as `(ant)` or `(*)` that is dropped silently.
fn parse_byline(s: &str) -> Option<(Option<String>, Option<String>)> {
    if !at_most_chars(s, 100) {
        return None;
    }
    let some = |x: &str| {
        let x = x.trim();
        (!x.is_empty()).then(|| x.to_string())
    };
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        let inner = inner.trim();
        if inner == "*" || (inner.len() <= 5 && inner.chars().all(|c| c.is_ascii_lowercase())) {
            return Some((None, None));
        }
        if let Some((src, who)) = inner.split_once('/') {
            let who = who.trim();
            let plausible_author = !who.is_empty()
                && who.split_whitespace().count() <= 6
                && !who.contains('/')
                && who
                    .chars()
                    .all(|c| c.is_alphabetic() || " .'-,&".contains(c));
            if (is_domain(src) || src.split_whitespace().count() <= 2) && plausible_author {
                return Some((some(src), some(who)));
            }
            return None;
        }
        if is_domain(inner) {
            return Some((some(inner), None));
        }
        return None;
    }
    for p in [
        "laporan wartawan ",
        "laporan reporter ",
        "laporan koresponden ",
    ] {
        if starts_with_ci(s, p) {
            let rest = s.get(p.len()..).unwrap_or_default();
            let (src, who) = rest.split_once(',').unwrap_or((rest, ""));
            return Some((some(src), some(who)));
        }
    }
    if at_most_chars(s, 80) {
        let (key, value) = s.split_once(':')?;
        let key = key.trim();
        if ["penulis", "reporter", "wartawan", "pewarta"]
            .iter()
            .any(|k| key.eq_ignore_ascii_case(k))
        {
            return Some((None, some(value)));
        }
        if key.eq_ignore_ascii_case("sumber") {
            return Some((some(value), None));
        }
    }
    None
}

/// Small words that stay lower case in an Indonesian or English title.
const TITLE_SMALL_WORDS: &[&str] = &[
    "di", "ke", "dari", "dan", "yang", "untuk", "atau", "dengan", "pada", "dalam", "oleh", "vs",
    "vs.", "ini", "itu", "jadi", "soal", "the", "of", "and", "in", "on", "a", "an", "to", "for",
];

/// A short headline-like line: few words, no closing sentence punctuation,
/// not a quote, mostly Title Case.
pub(crate) fn looks_like_subheading(s: &str) -> bool {
    if !at_most_chars(s, 100) || s.chars().nth(2).is_none() {
        return false;
    }
    if !s.starts_with(char::is_alphanumeric) {
        return false;
    }
    if s.ends_with([
        '.', ',', ';', ':', '!', '"', '\u{201D}', '\u{2019}', '\'', ')', '\u{2026}',
    ]) || s.starts_with(['"', '\u{201C}', '\'', '\u{2018}', '(', '-', '\u{2022}', '*'])
    {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=14).contains(&words.len()) {
        return false;
    }
    let (mut capital, mut counted) = (0usize, 0usize);
    for w in &words {
        let Some(first) = w.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        if first.is_numeric() {
            continue;
        }
        let lower = w.to_lowercase();
        if first.is_lowercase() && TITLE_SMALL_WORDS.contains(&lower.as_str()) {
            continue;
        }
        counted += 1;
        if first.is_uppercase() {
            capital += 1;
        }
    }
    capital >= 2 && capital * 4 >= counted * 3
}

/// A dateline opening the first paragraph.
#[derive(Debug, PartialEq)]
pub(crate) struct Dateline {
    pub source: Option<String>,
    /// Byte length of the dateline including its dash and following space.
    pub len: usize,
}

/// Recognises `JAKARTA, KOMPAS.com -`, `TRIBUNNEWS.COM, MOSKOW -`,
/// `Jakarta -` at the start of `s`.
pub(crate) fn dateline(s: &str) -> Option<Dateline> {
    let window_end = s.char_indices().nth(70).map_or(s.len(), |(i, _)| i);
    let window = s.get(..window_end)?;
    let (cut, dash_len) = [" - ", " \u{2013} ", " \u{2014} ", " -- "]
        .iter()
        .filter_map(|d| window.find(d).map(|i| (i, d.len())))
        .min()?;
    let prefix = s.get(..cut)?.trim();
    if prefix.is_empty() {
        return None;
    }
    let parts: Vec<&str> = prefix.split(',').map(str::trim).collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut source = None;
    let has_domain = parts.iter().any(|p| is_domain(p));
    for p in &parts {
        if is_domain(p) {
            source = Some(outlet_name(p));
            continue;
        }
        let upper_place = p.split_whitespace().count() <= 4
            && p.chars().all(|c| c.is_uppercase() || " .'-".contains(c));
        let title_place = (parts.len() == 1 || has_domain)
            && p.split_whitespace().count() <= 2
            && p.split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        if !(upper_place || title_place) {
            return None;
        }
    }
    Some(Dateline {
        source,
        len: cut + dash_len,
    })
}

/// Abbreviations whose dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "drs", "dra", "ir", "prof", "h", "hj", "no", "st", "jl", "kh", "sdr", "bpk", "tn", "ny",
    "mr", "mrs", "ms", "sh", "se", "dll", "dsb", "a.n", "u.p", "kec", "kab", "rp",
];

/// The text before the first blank line (`\n\n`), found by looking for
/// line breaks only: a body that is one long paragraph is searched at the
/// speed of a byte search, not of a substring search.
pub(crate) fn first_paragraph(body: &str) -> &str {
    let mut from = 0;
    while let Some(at) = body.get(from..).and_then(|rest| rest.find('\n')) {
        let at = from + at;
        if body.as_bytes().get(at + 1) == Some(&b'\n') {
            return body.get(..at).unwrap_or(body);
        }
        from = at + 1;
    }
    body
}

/// A headline derived from body text: its first sentence (after any
/// dateline), cut at a word boundary near `max_chars` with an ellipsis.
pub(crate) fn first_sentence(body: &str, max_chars: usize) -> String {
    let para = first_paragraph(body);
    let para = match dateline(para) {
        Some(d) => para.get(d.len..).unwrap_or(para),
        None => para,
    };
    let mut end = para.len();
    let mut chars = para.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next_is_space = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        if !next_is_space {
            continue;
        }
        if c == '.' {
            let word = para
                .get(..i)
                .unwrap_or_default()
                .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                .next()
                .unwrap_or_default()
                .to_lowercase();
            if ABBREVIATIONS.contains(&word.as_str()) {
                continue;
            }
        }
        end = if c == '.' { i } else { i + c.len_utf8() };
        break;
    }
    let sentence = para.get(..end).unwrap_or(para).trim();
    truncate_words(sentence, max_chars)
}

/// Cuts `s` to at most `max_chars` characters at a word boundary, adding
/// an ellipsis when something was cut.
pub(crate) fn truncate_words(s: &str, max_chars: usize) -> String {
    if at_most_chars(s, max_chars) {
        return s.to_string();
    }
    let hard = s.char_indices().nth(max_chars).map_or(s.len(), |(i, _)| i);
    let head = s.get(..hard).unwrap_or(s);
    let cut = match head.rfind(char::is_whitespace) {
        Some(i) if i > hard / 2 => i,
        _ => hard,
    };
    let mut out = head.get(..cut).unwrap_or(head).trim_end().to_string();
    out.push('\u{2026}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_collapses_whitespace_and_normalises() {
        assert_eq!(clean("  Korea \t Utara\u{00A0} \n"), "Korea Utara");
        // "e" + combining acute becomes one precomposed character.
        assert_eq!(clean("Cafe\u{301}"), "Caf\u{E9}");
        assert_eq!(clean("a\u{200B}b\u{0007}c"), "abc");
        assert_eq!(clean("Putin KIM"), "Putin KIM");
        assert_eq!(
            clean(" \u{201C}Kata\u{201D}\u{00A0}\u{00A0}dia\u{2060}. "),
            "\u{201C}Kata\u{201D} dia."
        );
        assert_eq!(clean("a \u{200B} b"), "a b");
    }

    #[test]
    fn paragraphs_one_per_line_or_blank_separated_and_wrapped() {
        let t = "Satu kalimat.\nDua kalimat.\n\nTiga yang\nterpotong baris.\n";
        assert_eq!(
            split_paragraphs(t),
            vec![
                "Satu kalimat.",
                "Dua kalimat.",
                "Tiga yang terpotong baris."
            ]
        );
    }

    #[test]
    fn subheadings_are_headline_like() {
        for yes in [
            "Putin Tak Membantah Kabar Kehadiran Pasukan Korea Utara di Rusia",
            "Korea Utara Bantah Kirim Pasukan",
            "5 Manfaat Pilates untuk Ibu Hamil, Apa Saja?",
        ] {
            assert!(looks_like_subheading(yes), "{yes}");
        }
        for no in [
            "Menurut Pyongyang, rumor tersebut tidak berdasar.",
            "\"Citra Itu Adalah Hal Yang Serius\"",
            "Sebelum Putin memberikan pernyataan, Korea Utara sempat membantah",
            "(Tribunnews.com/Farrah Putri)",
            "Jakarta",
            ", , - Ketua Harian",
        ] {
            assert!(!looks_like_subheading(no), "{no}");
        }
    }

    #[test]
    fn bylines_give_source_and_author() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            parse_byline("(Tribunnews.com/Farrah Putri)"),
            Some((s("Tribunnews.com"), s("Farrah Putri")))
        );
        assert_eq!(
            parse_byline("(kompas.com/NAMA)"),
            Some((s("kompas.com"), s("NAMA")))
        );
        assert_eq!(parse_byline("(Kompas.com)"), Some((s("Kompas.com"), None)));
        assert_eq!(
            parse_byline("Laporan Wartawan Tribunnews.com, Farrah Putri"),
            Some((s("Tribunnews.com"), s("Farrah Putri")))
        );
        assert_eq!(parse_byline("(ant)"), Some((None, None)));
        assert_eq!(parse_byline("(menurut laporan AS/NATO pada 2024)"), None);
        assert_eq!(parse_byline("Rusia menolak (lihat tabel)"), None);
    }

    #[test]
    fn datelines_name_the_outlet() {
        let d = dateline("JAKARTA, KOMPAS.com - Presiden berkata.").unwrap();
        assert_eq!(d.source.as_deref(), Some("KOMPAS.com"));
        assert_eq!(d.len, "JAKARTA, KOMPAS.com - ".len());
        let d = dateline("TRIBUNNEWS.COM, MOSKOW - Putin berkata.").unwrap();
        assert_eq!(d.source.as_deref(), Some("tribunnews.com"));
        let d = dateline("Liputan6.com, Jakarta - Tim nasional menang.").unwrap();
        assert_eq!(d.source.as_deref(), Some("Liputan6.com"));
        let d = dateline("Jakarta - Hujan turun.").unwrap();
        assert_eq!(d.source, None);
        assert!(dateline("Budanov mengatakan sekitar 11.000 tentara - dan lainnya").is_none());
    }

    #[test]
    fn the_first_paragraph_ends_at_the_first_blank_line() {
        for body in [
            "",
            "one",
            "one\ntwo",
            "one\n\ntwo",
            "one\ntwo\n\nthree\n\nfour",
            "\n\nlead",
            "end\n",
            "end\n\n",
            "é\nü\n\nß",
        ] {
            assert_eq!(
                first_paragraph(body),
                body.split("\n\n").next().unwrap_or_default(),
                "{body:?}"
            );
        }
    }

    #[test]
    fn first_sentence_skips_dateline_and_abbreviations() {
        assert_eq!(
            first_sentence(
                "JAKARTA, KOMPAS.com - Dr. Budi tiba pukul 10.00. Lalu pergi.",
                150
            ),
            "Dr. Budi tiba pukul 10.00"
        );
        let long = "kata ".repeat(60);
        let t = first_sentence(&long, 40);
        assert!(t.chars().count() <= 41 && t.ends_with('\u{2026}'), "{t}");
    }

    #[test]
    fn assemble_drops_boilerplate_and_keeps_order() {
        let blocks = vec![
            Block::Para("JAKARTA, KOMPAS.com - Paragraf pertama.".into()),
            Block::Para("Baca juga: Berita lain yang tidak relevan".into()),
            Block::Para("Korea Utara Bantah Kirim Pasukan".into()),
            Block::Para("Paragraf kedua.".into()),
            Block::Para("Editor: Seseorang".into()),
            Block::Para("(Tribunnews.com/Farrah Putri)".into()),
            Block::Para("Artikel Lain Terkait Korea Utara".into()),
            Block::Para("Judul lain yang ditautkan".into()),
        ];
        let a = assemble(blocks);
        assert_eq!(
            a.body,
            "JAKARTA, KOMPAS.com - Paragraf pertama.\n\nParagraf kedua."
        );
        assert_eq!(a.subheadings, vec!["Korea Utara Bantah Kirim Pasukan"]);
        assert!(!a.starts_with_heading);
        assert_eq!(a.byline_source.as_deref(), Some("Tribunnews.com"));
        assert_eq!(a.byline_author.as_deref(), Some("Farrah Putri"));
        assert_eq!(a.dateline_source.as_deref(), Some("KOMPAS.com"));
    }

    #[test]
    fn related_head_mid_article_keeps_the_rest() {
        let long = "Paragraf panjang ".repeat(20);
        let a = assemble(vec![
            Block::Para("Berita Terkait".into()),
            Block::Para(long.trim().to_string()),
        ]);
        assert_eq!(a.body, long.trim());
    }
}
