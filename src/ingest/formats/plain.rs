//! Plain text articles (`.txt`) as saved from news sites: an optional
//! `Key: value` header block, then paragraphs one per line or separated by
//! blank lines. Everything else (subheadings, byline, boilerplate, derived
//! title) is the shared prose logic of `ingest::text`.
//!
//! The header is recognised only at the top of the file and only for known
//! keys (the aliases of `schema/article.schema.json` plus `Editor`/`Tags`,
//! which are read and dropped), so a body line that happens to contain a
//! colon is never mistaken for metadata.

use std::path::Path;

use super::super::FileRead;
use super::super::fields::{Field, Fields, field_for_key};
use super::super::text::{Block, split_paragraphs};

/// Header keys that are recognised so the header continues, but not kept.
const IGNORED_HEADER_KEYS: &[&str] = &["editor", "penyunting", "tags", "tag", "foto", "keywords"];

/// Splits a leading `Key: value` header off `text`, offering its values to
/// `fields`. Returns the rest of the text.
pub(crate) fn take_header<'a>(text: &'a str, fields: &mut Fields) -> &'a str {
    let mut rest = text;
    let mut seen_any = false;
    while !rest.is_empty() {
        let (line, after) = match rest.find('\n') {
            Some(i) => (
                rest.get(..i).unwrap_or_default(),
                rest.get(i + 1..).unwrap_or_default(),
            ),
            None => (rest, ""),
        };
        let t = line.trim();
        if t.is_empty() {
            if seen_any {
                return after;
            }
            rest = after;
            continue;
        }
        let Some((key, value)) = t.split_once(':') else {
            return rest;
        };
        let key = key.trim();
        let known = field_for_key(key).is_some_and(|(f, _)| f != Field::Body);
        let ignored = IGNORED_HEADER_KEYS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(key));
        if key.is_empty() || key.len() > 20 || !(known || ignored) {
            return rest;
        }
        if known {
            fields.offer(key, vec![value.trim().to_string()]);
        }
        seen_any = true;
        rest = after;
    }
    rest
}

/// Reads one article from plain text.
pub(crate) fn read_text(path: &Path, text: &str, out: &mut FileRead) {
    let mut fields = Fields::default();
    let body = take_header(text, &mut fields);
    fields.blocks = split_paragraphs(body)
        .into_iter()
        .map(Block::Para)
        .collect();
    fields.first_heading_is_title = true;
    if let Some(a) = fields.finish(path, None, &mut out.problems) {
        out.articles.push(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> FileRead {
        let mut out = FileRead::default();
        read_text(Path::new("a.txt"), s, &mut out);
        out
    }

    #[test]
    fn header_block_then_paragraphs() {
        let r = read(
            "Judul: Hujan Deras Rendam Jakarta\nTanggal: Kamis, 24/10/2024 14:05 WIB\nURL: https://www.kompas.com/a\nSumber: Kompas.com\nEditor: Seseorang\n\nJAKARTA, KOMPAS.com - Hujan turun sejak pagi.\nWarga mengungsi: sebagian ke masjid.\n",
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let a = &r.articles[0];
        assert_eq!(a.title, "Hujan Deras Rendam Jakarta");
        assert_eq!(a.source.as_deref(), Some("Kompas.com"));
        assert_eq!(a.url.as_deref(), Some("https://www.kompas.com/a"));
        assert_eq!(a.id, "https://www.kompas.com/a");
        assert_eq!(
            a.body,
            "JAKARTA, KOMPAS.com - Hujan turun sejak pagi.\n\nWarga mengungsi: sebagian ke masjid."
        );
        assert!(a.date.is_some());
    }

    #[test]
    fn no_header_means_all_body() {
        let r = read("Warga: kami kecewa dengan keputusan itu.\nLalu mereka pulang.");
        let a = &r.articles[0];
        assert!(a.body.starts_with("Warga: kami kecewa"));
        assert_eq!(a.title, "Warga: kami kecewa dengan keputusan itu");
    }

    #[test]
    fn first_headline_line_is_the_title() {
        let r = read("Banjir Rendam Tiga Kecamatan di Bekasi\n\nHujan turun sejak pagi.\n");
        let a = &r.articles[0];
        assert_eq!(a.title, "Banjir Rendam Tiga Kecamatan di Bekasi");
        assert!(a.subheadings.is_empty());
        assert_eq!(a.body, "Hujan turun sejak pagi.");
    }

    #[test]
    fn header_only_file_has_no_text() {
        let r = read("Tanggal: 24 Oktober 2024\nSumber: Kompas.com\n");
        assert!(r.articles.is_empty());
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].lost_article);
    }
}
