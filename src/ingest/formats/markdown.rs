//! Markdown articles (`.md`, `.markdown`): YAML front matter between `---`
//! lines (keys as in JSON), then Markdown text made plain.
//!
//! This is not a full CommonMark parser, only what news exports use:
//! ATX and setext headings become subheadings (a heading that opens the
//! text is the title when the front matter has none), list items and
//! blockquote lines become paragraphs, emphasis and code markers are
//! removed, links keep their text, images and fenced code are dropped.
//! Without front matter the file may still open with a `Judul:` style
//! header block, as a `.txt` file may.

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

use super::super::fields::Fields;
use super::super::text::{Block, clean};
use super::super::{FileRead, Problem};
use super::plain::take_header;

/// Splits `---` front matter off the text: `(yaml, body)`.
fn front_matter(text: &str) -> Option<(&str, &str)> {
    let first_end = text.find('\n')?;
    if text.get(..first_end)?.trim_end() != "---" {
        return None;
    }
    let mut offset = first_end + 1;
    for l in text.get(offset..)?.split_inclusive('\n') {
        let t = l.trim_end();
        if t == "---" || t == "..." {
            let yaml = text.get(first_end + 1..offset)?;
            let body = text.get(offset + l.len()..)?;
            return Some((yaml, body));
        }
        offset += l.len();
    }
    None
}

fn yaml_strings(y: &Yaml) -> Vec<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => vec![s.clone()],
        Yaml::Integer(i) => vec![i.to_string()],
        Yaml::Array(items) => items.iter().flat_map(yaml_strings).collect(),
        Yaml::Hash(h) => h
            .get(&Yaml::String("name".to_string()))
            .map(yaml_strings)
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Reads one article from Markdown.
pub(crate) fn read_markdown(path: &Path, text: &str, out: &mut FileRead) {
    let mut fields = Fields::default();
    let body = match front_matter(text) {
        Some((yaml, body)) => {
            match YamlLoader::load_from_str(yaml) {
                Ok(docs) => {
                    if let Some(Yaml::Hash(h)) = docs.first() {
                        for (k, v) in h {
                            if let Yaml::String(k) = k {
                                fields.offer(k, yaml_strings(v));
                            }
                        }
                    }
                }
                Err(e) => out.problems.push(Problem::new(
                    path,
                    Some(e.marker().line() + 1),
                    format!("invalid YAML front matter, fields ignored: {e}"),
                    false,
                )),
            }
            body
        }
        None => take_header(text, &mut fields),
    };
    fields.blocks = blocks(body);
    fields.first_heading_is_title = true;
    if let Some(a) = fields.finish(path, None, &mut out.problems) {
        out.articles.push(a);
    }
}

/// Markdown text as paragraphs and headings, inline markup removed.
fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para = String::new();
    let mut in_fence = false;
    let flush = |para: &mut String, out: &mut Vec<Block>| {
        if !para.trim().is_empty() {
            out.push(Block::Para(clean(&inline(para))));
        }
        para.clear();
    };
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(&mut para, &mut out);
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        if t.is_empty() {
            flush(&mut para, &mut out);
            continue;
        }
        // Setext heading underline.
        if !para.is_empty()
            && t.len() >= 2
            && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
        {
            out.push(Block::Heading(clean(&inline(&para))));
            para.clear();
            continue;
        }
        if is_rule(t) || t.starts_with("<!--") || is_reference_definition(t) {
            flush(&mut para, &mut out);
            continue;
        }
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes)
            && t.get(hashes..)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        {
            flush(&mut para, &mut out);
            let h = t
                .get(hashes..)
                .unwrap_or_default()
                .trim()
                .trim_end_matches('#');
            out.push(Block::Heading(clean(&inline(h))));
            continue;
        }
        let mut content = t;
        while let Some(r) = content.strip_prefix('>') {
            content = r.trim_start();
        }
        if let Some(item) = list_item(content) {
            flush(&mut para, &mut out);
            para.push_str(item);
            continue;
        }
        if !para.is_empty() {
            para.push(' ');
        }
        para.push_str(content);
    }
    flush(&mut para, &mut out);
    out
}

fn is_rule(t: &str) -> bool {
    let c: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    c.len() >= 3
        && (c.chars().all(|x| x == '-')
            || c.chars().all(|x| x == '*')
            || c.chars().all(|x| x == '_'))
}

/// `[1]: https://...`
fn is_reference_definition(t: &str) -> bool {
    t.starts_with('[')
        && t.find("]:")
            .is_some_and(|i| !t.get(1..i).unwrap_or_default().contains(']'))
}

/// The text of a list item line, if it is one.
fn list_item(t: &str) -> Option<&str> {
    for m in ["- ", "* ", "+ "] {
        if let Some(r) = t.strip_prefix(m) {
            return Some(r.trim_start());
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let r = t.get(digits..)?;
        if let Some(r) = r.strip_prefix(". ").or_else(|| r.strip_prefix(") ")) {
            return Some(r.trim_start());
        }
    }
    None
}

/// How far a link's `[text](target)` may reach; keeps a paragraph full of
/// unmatched brackets linear instead of quadratic.
const MAX_LINK_CHARS: usize = 2048;

/// Removes inline Markdown: images, link targets, emphasis, code ticks,
/// backslash escapes and inline HTML tags.
fn inline(s: &str) -> String {
    inline_at_depth(s, 0)
}

/// [`inline`] inside `depth` levels of link text; deeper brackets are kept
/// as they are, so nesting cannot exhaust the stack.
fn inline_at_depth(s: &str, depth: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                }
                i += 2;
            }
            '!' if depth < 4 && chars.get(i + 1) == Some(&'[') => match link_end(&chars, i + 1) {
                Some((_, end)) => i = end,
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '[' if depth < 4 => match link_end(&chars, i) {
                Some((text_end, end)) => {
                    let text: String = chars
                        .get(i + 1..text_end)
                        .unwrap_or_default()
                        .iter()
                        .collect();
                    out.push_str(&inline_at_depth(&text, depth + 1));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => {
                // Autolink keeps its address; an inline tag is dropped.
                let close = chars
                    .get(i + 1..)
                    .and_then(|r| r.iter().take(200).position(|&x| x == '>'));
                match close {
                    Some(k) if k > 0 && k < 200 => {
                        let inner: String = chars
                            .get(i + 1..i + 1 + k)
                            .unwrap_or_default()
                            .iter()
                            .collect();
                        if inner.contains("://") || inner.contains('@') {
                            out.push_str(&inner);
                        } else if !inner.starts_with(|x: char| x.is_alphabetic() || x == '/') {
                            out.push('<');
                            i += 1;
                            continue;
                        }
                        i += k + 2;
                    }
                    _ => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '*' | '`' | '~' => {
                // Emphasis, strikethrough and code markers; a lone `*` between
                // spaces (a multiplication) is kept.
                let prev_space = i == 0 || chars.get(i - 1).is_some_and(|p| p.is_whitespace());
                let next_space = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
                if c == '*' && prev_space && next_space {
                    out.push(c);
                }
                i += 1;
            }
            '_' => {
                // Only at a word edge: snake_case words keep theirs.
                let prev_word = i > 0 && chars.get(i - 1).is_some_and(|p| p.is_alphanumeric());
                let next_word = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if prev_word && next_word {
                    out.push(c);
                }
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// For `[` at `open`, the index of the matching `]` and the index after the
/// link target `(...)` or reference `[...]`.
fn link_end(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut close = None;
    for (k, &c) in chars.iter().enumerate().skip(open).take(MAX_LINK_CHARS) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let (opener, closer) = match chars.get(close + 1)? {
        '(' => ('(', ')'),
        '[' => ('[', ']'),
        _ => return None,
    };
    let mut depth = 0usize;
    for (k, &c) in chars
        .iter()
        .enumerate()
        .skip(close + 1)
        .take(MAX_LINK_CHARS)
    {
        if c == opener {
            depth += 1;
        } else if c == closer {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some((close, k + 1));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_becomes_plain() {
        assert_eq!(
            inline("**Putin** menyebut _citra_ itu [serius](https://x.id/a) ![foto](f.jpg) `kode`"),
            "Putin menyebut citra itu serius  kode"
        );
        assert_eq!(
            inline("nama_berkas 2 * 3 \\*tetap\\*"),
            "nama_berkas 2 * 3 *tetap*"
        );
        assert_eq!(
            inline("<https://kompas.com> dan <b>tebal</b>"),
            "https://kompas.com dan tebal"
        );
    }

    #[test]
    fn front_matter_and_headings() {
        let text = "---\ntitle: \"Pasukan Korea Utara di Kursk\"\ntanggal: 2024-11-04 09:15\npenulis:\n  - Rina\n  - Budi\ntags: [korea, rusia]\n---\n\n# Bukan Judul Utama\n\nParagraf **pertama** yang\nterbungkus baris.\n\n## Sikap Kremlin\n\n- butir satu\n- butir dua\n\n> Kutipan pejabat.\n";
        let mut out = FileRead::default();
        read_markdown(Path::new("a.md"), text, &mut out);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let a = &out.articles[0];
        assert_eq!(a.title, "Pasukan Korea Utara di Kursk");
        assert_eq!(a.author.as_deref(), Some("Rina, Budi"));
        assert_eq!(a.subheadings, vec!["Bukan Judul Utama", "Sikap Kremlin"]);
        assert_eq!(
            a.body,
            "Paragraf pertama yang terbungkus baris.\n\nbutir satu\n\nbutir dua\n\nKutipan pejabat."
        );
        assert!(a.date.is_some());
    }

    #[test]
    fn heading_opening_the_text_is_the_title_without_front_matter() {
        let mut out = FileRead::default();
        read_markdown(
            Path::new("a.md"),
            "# Gempa Guncang Cianjur\n\nWarga berhamburan keluar rumah.\n",
            &mut out,
        );
        let a = &out.articles[0];
        assert_eq!(a.title, "Gempa Guncang Cianjur");
        assert!(a.subheadings.is_empty());
    }

    #[test]
    fn broken_front_matter_is_a_note() {
        let mut out = FileRead::default();
        read_markdown(
            Path::new("a.md"),
            "---\ntitle: [tidak ditutup\n---\nIsi berita.\n",
            &mut out,
        );
        assert_eq!(out.articles.len(), 1);
        assert_eq!(out.problems.len(), 1);
        assert!(!out.problems[0].lost_article);
    }
}
