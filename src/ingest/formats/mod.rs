//! Format readers and the choice between them.
//!
//! The extension decides first, but archives lie: a `.txt` holding JSON
//! Lines or a saved page, a `.json` holding one object per line. So the
//! first non-blank bytes are sniffed, and content overrides the name only
//! when it is unambiguous (a line that parses as a JSON object, a
//! document that opens like HTML). Files whose extension says nothing are
//! read by content alone.

pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod plain;

use std::path::Path;

use super::{FileRead, Problem};

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// One JSON object or an array of them (`.json`).
    Json,
    /// Plain text with an optional header block (`.txt`).
    Text,
    /// Markdown with optional YAML front matter (`.md`, `.markdown`).
    Markdown,
    /// A saved web page (`.html`, `.htm`).
    Html,
}

impl Format {
    /// The format an extension (without dot, any case) names.
    pub fn from_extension(ext: &str) -> Option<Format> {
        let e = ext.to_ascii_lowercase();
        Some(match e.as_str() {
            "jsonl" | "ndjson" => Format::JsonLines,
            "json" => Format::Json,
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            _ => return None,
        })
    }
}

/// How the content opens.
#[derive(Debug, PartialEq)]
enum Looks {
    JsonObject,
    JsonArray,
    Html,
    FrontMatter,
    Other,
}

fn looks(text: &str) -> Looks {
    let t = text.trim_start();
    if t.starts_with('{') {
        return Looks::JsonObject;
    }
    if t.starts_with('[') {
        return Looks::JsonArray;
    }
    if text.starts_with("---\n") || text.starts_with("---\r\n") {
        return Looks::FrontMatter;
    }
    let head: String = t.chars().take(15).collect::<String>().to_ascii_lowercase();
    if [
        "<!doctype html",
        "<html",
        "<head",
        "<meta",
        "<body",
        "<article",
        "<?xml",
    ]
    .iter()
    .any(|p| head.starts_with(p))
        || (head.starts_with("<!--")
            && t.get(..2048)
                .unwrap_or(t)
                .to_ascii_lowercase()
                .contains("<html"))
    {
        return Looks::Html;
    }
    Looks::Other
}

/// True when the first non-blank line is a complete JSON object.
fn first_line_is_object(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| {
            l.starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(l).is_ok()
        })
}

/// The format to read `text` as, given what the name says.
fn choose(named: Option<Format>, text: &str) -> Format {
    let looks = looks(text);
    match (named, looks) {
        (Some(Format::JsonLines), Looks::JsonArray) => Format::Json,
        (Some(Format::JsonLines), _) => Format::JsonLines,
        (Some(Format::Json), _) => Format::Json,
        (Some(Format::Html), Looks::JsonObject) if first_line_is_object(text) => Format::JsonLines,
        (Some(Format::Html), _) => Format::Html,
        (_, Looks::JsonObject) if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() => {
            Format::Json
        }
        (_, Looks::JsonObject) if first_line_is_object(text) => Format::JsonLines,
        (_, Looks::JsonArray) if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() => {
            Format::Json
        }
        (_, Looks::Html) => Format::Html,
        (_, Looks::FrontMatter) => Format::Markdown,
        (Some(f), _) => f,
        (None, _) => Format::Text,
    }
}

/// Reads decompressed file content. `ext` is the extension that names the
/// format (after removing `.gz`), if any.
pub(crate) fn read(path: &Path, ext: Option<&str>, bytes: &[u8], out: &mut FileRead) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        out.problems.push(Problem::new(
            path,
            None,
            "empty file, no article".to_string(),
            false,
        ));
        return;
    }
    let named = ext.and_then(Format::from_extension);
    let head = bytes.get(..8192).unwrap_or(bytes);
    // A NUL byte means binary data, except inside JSON Lines that open like
    // JSON Lines: there the line reader loses only the lines it spoils.
    let opens_as_json_lines =
        named == Some(Format::JsonLines) && bytes.trim_ascii_start().starts_with(b"{");
    if head.contains(&0) && !opens_as_json_lines {
        out.problems.push(Problem::new(
            path,
            None,
            "binary data (or UTF-16 text), not an article file".to_string(),
            true,
        ));
        return;
    }
    if named == Some(Format::JsonLines) && !bytes.trim_ascii_start().starts_with(b"[") {
        // Line by line, so that one bad line loses only its own article.
        json::read_json_lines(path, bytes, out);
        return;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            // Text sniffed as JSON Lines still gets the per-line treatment.
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            if matches!(choose(named, valid), Format::JsonLines) {
                json::read_json_lines(path, bytes, out);
                return;
            }
            let line = 1 + valid.bytes().filter(|&b| b == b'\n').count();
            out.problems.push(Problem::new(
                path,
                Some(line),
                format!(
                    "invalid UTF-8 at byte {} (file not read; convert it to UTF-8)",
                    e.valid_up_to() + 1
                ),
                true,
            ));
            return;
        }
    };
    match choose(named, text) {
        Format::JsonLines => json::read_json_lines(path, bytes, out),
        Format::Json => json::read_json(path, text, out),
        Format::Text => plain::read_text(path, text, out),
        Format::Markdown => markdown::read_markdown(path, text, out),
        Format::Html => html::read_html(path, text, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_overrides_a_lying_extension_only_when_sure() {
        let jl = "{\"title\":\"a\"}\n{\"title\":\"b\"}\n";
        assert_eq!(choose(Some(Format::Text), jl), Format::JsonLines);
        assert_eq!(choose(Some(Format::Json), jl), Format::Json);
        assert_eq!(
            choose(Some(Format::Text), "{\"title\":\"a\"}"),
            Format::Json
        );
        assert_eq!(
            choose(Some(Format::Text), "[VIDEO] Banjir di Bekasi"),
            Format::Text
        );
        assert_eq!(choose(Some(Format::Text), "{ bukan json"), Format::Text);
        assert_eq!(
            choose(Some(Format::Text), "<!DOCTYPE html><p>x</p>"),
            Format::Html
        );
        assert_eq!(
            choose(Some(Format::Markdown), "<html><p>x</p>"),
            Format::Html
        );
        assert_eq!(choose(None, "---\ntitle: x\n---\nisi"), Format::Markdown);
        assert_eq!(choose(None, "Judul: x\n\nisi"), Format::Text);
        assert_eq!(
            choose(Some(Format::JsonLines), "[{\"title\":\"a\"}]"),
            Format::Json
        );
    }
}
