//! JSON Lines (`.jsonl`, `.ndjson`) and JSON (`.json`: one object or an
//! array of objects).
//!
//! Records are deserialised straight into [`Fields`] by a map visitor that
//! looks only at the known aliases and skips every other value unparsed;
//! this keeps JSON Lines reading well above 100 MB/s.
//!
//! JSON arrays are split into their elements by a small scanner before
//! parsing, so a truncated or malformed element loses only itself and every
//! element has the line it starts on (used for problems and fallback ids).

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::super::fields::{Fields, field_for_key};
use super::super::{FileRead, Problem};

/// One JSON object read as article fields.
struct Record(Fields);

impl<'de> de::Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object with article fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if let Some((field, rank)) = field_for_key(&key) {
                let Strings(v) = map.next_value()?;
                fields.offer_field(field, rank, &key, v);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Record(fields))
    }
}

/// The text values of one JSON field, deserialised without building a
/// [`Value`] (so the body string is not copied): see [`strings`].
struct Strings(Vec<String>);

impl<'de> de::Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringsVisitor)
    }
}

struct StringsVisitor;

impl<'de> Visitor<'de> for StringsVisitor {
    type Value = Strings;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number, an array or an object with a name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Strings, E> {
        Ok(Strings(vec![v.to_string()]))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Strings, E> {
        Ok(Strings(vec![v]))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Strings, E> {
        Ok(Strings(vec![v.to_string()]))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Strings, E> {
        Ok(Strings(vec![v.to_string()]))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Strings, E> {
        Ok(Strings(vec![v.to_string()]))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Strings, E> {
        Ok(Strings(Vec::new()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Strings, E> {
        Ok(Strings(Vec::new()))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
        let mut out = Vec::new();
        while let Some(Strings(v)) = seq.next_element()? {
            out.extend(v);
        }
        Ok(Strings(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strings, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if out.is_empty() && matches!(key.as_ref(), "name" | "@value" | "text") {
                let Strings(v) = map.next_value()?;
                out = v;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Strings(out))
    }
}

/// The text values of a JSON value: a string, a number, the strings of an
/// array (paragraphs, several authors), or the `name` of an object
/// (`{"@type": "Person", "name": ...}`).
pub(crate) fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("@value"))
            .or_else(|| o.get("text"))
            .map(strings)
            .unwrap_or_default(),
        Value::Null | Value::Bool(_) => Vec::new(),
    }
}

fn describe(e: &serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Eof => format!("truncated JSON: {e}"),
        serde_json::error::Category::Data => format!("not an article object: {e}"),
        _ => format!("invalid JSON: {e}"),
    }
}

/// Inputs at least this large are split into chunks of whole lines that
/// are parsed in parallel; the results are put back in file order.
const PARALLEL_CHUNK: usize = 1 << 20;

/// Reads JSON Lines: every non-blank line is one article. A bad line (not
/// UTF-8, not JSON, not an object, no text) loses only its own article.
/// Large inputs are parsed on all cores (rayon); the articles and problems
/// come out in line order either way.
pub(crate) fn read_json_lines(path: &Path, bytes: &[u8], out: &mut FileRead) {
    read_json_lines_at(path, bytes, 1, out);
}

/// [`read_json_lines`] of a part of a file whose first line is `first_line`.
pub(crate) fn read_json_lines_at(path: &Path, bytes: &[u8], first_line: usize, out: &mut FileRead) {
    use rayon::prelude::*;
    if bytes.len() < 2 * PARALLEL_CHUNK {
        read_lines(path, bytes, first_line, out);
        return;
    }
    // Chunk boundaries just after a newline, with each chunk's first line.
    let mut chunks = Vec::new();
    let (mut start, mut line) = (0usize, first_line);
    while start < bytes.len() {
        let target = (start + PARALLEL_CHUNK).min(bytes.len());
        let end = bytes
            .get(target..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map_or(bytes.len(), |i| target + i + 1);
        let chunk = bytes.get(start..end).unwrap_or_default();
        chunks.push((chunk, line));
        line += memchr::memchr_iter(b'\n', chunk).count();
        start = end;
    }
    let parts: Vec<FileRead> = chunks
        .into_par_iter()
        .map(|(chunk, first_line)| {
            let mut part = FileRead::default();
            read_lines(path, chunk, first_line, &mut part);
            part
        })
        .collect();
    for p in parts {
        out.articles.extend(p.articles);
        out.problems.extend(p.problems);
    }
}

/// The lines of `bytes` split at `\n`, as `bytes.split(|&b| b == b'\n')`
/// gives them (a final empty line after a closing newline included), found
/// with a vectorised search: the byte-by-byte split cost a few instructions
/// for every byte of every archive.
fn lines_of(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0usize;
    let mut ends = memchr::memchr_iter(b'\n', bytes);
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let end = ends.next().unwrap_or_else(|| {
            done = true;
            bytes.len()
        });
        let line = bytes.get(start..end).unwrap_or_default();
        start = end + 1;
        Some(line)
    })
}

/// Reads the lines of `bytes`, the first of which is line `first_line`.
fn read_lines(path: &Path, bytes: &[u8], first_line: usize, out: &mut FileRead) {
    for (i, raw) in lines_of(bytes).enumerate() {
        let line_no = first_line + i;
        let line = raw.trim_ascii();
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let text = match std::str::from_utf8(line) {
            Ok(t) => t,
            Err(e) => {
                out.problems.push(Problem::new(
                    path,
                    Some(line_no),
                    format!("invalid UTF-8 at byte {} of the line", e.valid_up_to() + 1),
                    true,
                ));
                continue;
            }
        };
        read_record(path, text, Some(line_no), out);
    }
}

/// Parses one object and finishes it. Returns false when the record was
/// not a readable object.
fn read_record(path: &Path, text: &str, line: Option<usize>, out: &mut FileRead) -> bool {
    match serde_json::from_str::<Record>(text) {
        Ok(Record(fields)) => {
            if let Some(a) = fields.finish(path, line, &mut out.problems) {
                out.articles.push(a);
            }
            true
        }
        Err(e) => {
            out.problems
                .push(Problem::new(path, line, describe(&e), true));
            false
        }
    }
}

/// Reads one element of a JSON array that starts on `line`.
pub(crate) fn read_array_element(path: &Path, bytes: &[u8], line: usize, out: &mut FileRead) {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            read_record(path, text, Some(line), out);
        }
        Err(e) => out.problems.push(Problem::new(
            path,
            Some(line),
            format!(
                "invalid UTF-8 at byte {} of the array element",
                e.valid_up_to() + 1
            ),
            true,
        )),
    }
}

/// Reads a `.json` document: one article object, or an array of them.
pub(crate) fn read_json(path: &Path, text: &str, out: &mut FileRead) {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        read_array(path, text, out);
        return;
    }
    let first_line = line_of(text, text.len() - trimmed.len());
    match serde_json::from_str::<Record>(text) {
        Ok(Record(fields)) => {
            if let Some(a) = fields.finish(path, None, &mut out.problems) {
                out.articles.push(a);
            }
        }
        Err(e) if e.classify() == serde_json::error::Category::Syntax && e.line() > first_line => {
            // Several objects one after another: JSON Lines under a .json name.
            read_json_lines(path, text.as_bytes(), out);
        }
        Err(e) => out.problems.push(Problem::new(
            path,
            Some(e.line().max(1)),
            describe(&e),
            true,
        )),
    }
}

/// 1-based line of byte offset `at`.
fn line_of(text: &str, at: usize) -> usize {
    1 + text
        .as_bytes()
        .get(..at)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Splits a JSON array into element slices (start offset, text), honouring
/// strings and nesting. Returns whether the closing `]` was found.
fn array_elements(text: &str) -> (Vec<(usize, &str)>, bool) {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let Some(open) = bytes.iter().position(|&b| b == b'[') else {
        return (out, false);
    };
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    let mut start = open + 1;
    for (i, &b) in bytes.iter().enumerate().skip(open + 1) {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth > 0 => depth -= 1,
            b',' | b']' if depth == 0 => {
                if let Some(el) = text.get(start..i)
                    && (!el.trim().is_empty() || b == b',')
                {
                    out.push((start, el));
                }
                if b == b']' {
                    return (out, true);
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if let Some(el) = text.get(start..)
        && !el.trim().is_empty()
    {
        out.push((start, el));
    }
    (out, false)
}

fn read_array(path: &Path, text: &str, out: &mut FileRead) {
    let (elements, closed) = array_elements(text);
    let mut line = 1;
    let mut last = 0;
    let mut last_failed = false;
    for (start, el) in elements {
        let lead = el.len() - el.trim_start().len();
        let at = start + lead;
        line += text
            .as_bytes()
            .get(last..at)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        last = at;
        if el.trim().is_empty() {
            out.problems.push(Problem::new(
                path,
                Some(line),
                "invalid JSON: empty array element".to_string(),
                true,
            ));
            last_failed = true;
            continue;
        }
        last_failed = !read_record(path, el, Some(line), out);
    }
    if !closed && !last_failed {
        out.problems.push(Problem::new(
            path,
            Some(line_of(text, text.len())),
            "truncated JSON: the array is not closed".to_string(),
            false,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_as_the_byte_split_does() {
        for text in [
            "", "\n", "\n\n", "a", "a\n", "a\nb", "a\n\nb\n", "\na", "{}\r\n{}",
        ] {
            let b = text.as_bytes();
            let want: Vec<&[u8]> = b.split(|&c| c == b'\n').collect();
            assert_eq!(lines_of(b).collect::<Vec<_>>(), want, "{text:?}");
        }
    }

    fn jsonl(s: &str) -> FileRead {
        let mut out = FileRead::default();
        read_json_lines(Path::new("t.jsonl"), s.as_bytes(), &mut out);
        out
    }

    #[test]
    fn aliases_and_paragraph_arrays() {
        let r = jsonl(
            r#"{"judul":"Banjir di Jakarta","isi":["Paragraf satu.","Paragraf dua."],"tanggal":"24 Oktober 2024","media":"Kompas.com","penulis":["A","B"],"kategori":"Megapolitan","link":"https://www.kompas.com/x","views":12}"#,
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let a = &r.articles[0];
        assert_eq!(a.title, "Banjir di Jakarta");
        assert_eq!(a.body, "Paragraf satu.\n\nParagraf dua.");
        assert_eq!(a.author.as_deref(), Some("A, B"));
        assert_eq!(a.source.as_deref(), Some("Kompas.com"));
        assert_eq!(a.category.as_deref(), Some("Megapolitan"));
        assert_eq!(a.id, "https://www.kompas.com/x");
        assert_eq!(a.line, Some(1));
        assert!(a.date.is_some());
    }

    #[test]
    fn bad_lines_lose_only_themselves() {
        let r = jsonl(
            "{\"title\":\"Satu\",\"body\":\"Isi.\"}\n\n{\"title\": \n[1,2]\n{\"body\":\"  \"}\n{\"title\":\"Dua\",\"body\":\"Isi.\",\"id\":7}\n",
        );
        assert_eq!(r.articles.len(), 2);
        assert_eq!(r.articles[1].id, "7");
        let lines: Vec<_> = r.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![Some(3), Some(4), Some(5)]);
        assert!(r.problems.iter().all(|p| p.lost_article));
    }

    #[test]
    fn array_elements_keep_their_lines_and_survive_truncation() {
        let text = "[\n  {\"title\":\"Satu\",\"body\":\"a, [b] \\\"c\\\"\"},\n  {\"title\":\"Dua\",\n   \"body\":\"d\"},\n  {\"title\":\"Tiga\",\"bo";
        let mut out = FileRead::default();
        read_json(Path::new("t.json"), text, &mut out);
        assert_eq!(out.articles.len(), 2);
        assert_eq!(out.articles[0].line, Some(2));
        assert_eq!(out.articles[1].line, Some(3));
        assert_eq!(out.articles[0].body, "a, [b] \"c\"");
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.problems[0].line, Some(5));
        assert!(out.problems[0].lost_article);
    }

    #[test]
    fn parallel_chunks_keep_order_and_lines() {
        let mut text = String::new();
        let n = 3 * PARALLEL_CHUNK / 60;
        for i in 0..n {
            if i % 1000 == 7 {
                text.push_str("{rusak\n");
            } else {
                text.push_str(&format!(
                    "{{\"title\":\"Berita {i}\",\"body\":\"Isi berita ke {i}.\"}}\n"
                ));
            }
        }
        assert!(text.len() > 2 * PARALLEL_CHUNK);
        let r = jsonl(&text);
        assert_eq!(r.articles.len() + r.problems.len(), n);
        for a in &r.articles {
            let i: usize = a.title.trim_start_matches("Berita ").parse().unwrap();
            assert_eq!(a.line, Some(i + 1));
        }
        assert!(r.articles.windows(2).all(|w| w[0].line < w[1].line));
        for p in &r.problems {
            assert_eq!(p.line.map(|l| (l - 1) % 1000), Some(7));
        }
    }

    #[test]
    fn single_object_document() {
        let mut out = FileRead::default();
        read_json(
            Path::new("t.json"),
            "{\n \"headline\": \"Judul\",\n \"content\": \"Isi.\"\n}\n",
            &mut out,
        );
        assert_eq!(out.articles.len(), 1);
        assert_eq!(out.articles[0].line, None);
    }
}
