//! Reading archives: walking folders and turning files in the formats news
//! archives really come in into [`Article`]s. Bad input is reported as a
//! [`Problem`] and never stops the caller; the rest of a file is still read.
//!
//! Formats: JSON Lines, JSON, plain text, Markdown and HTML, each also
//! gzip-compressed (see [`Format`] and `schema/article.schema.json` for the
//! accepted field names). Choices made once for every format:
//!
//! - Text is NFC-normalised, whitespace runs collapsed, paragraphs joined
//!   with `\n\n`; case is kept.
//! - A dateline (`JAKARTA, KOMPAS.com -`) stays in the body text, so the
//!   place is searchable; it is skipped only when a title is derived.
//! - Source, when not given: the byline, else the dateline, else the URL's
//!   host without `www.` (`https://www.tribunnews.com/...` -> `tribunnews.com`).
//! - A date without a zone is WIB (UTC+07:00); an unreadable date leaves the
//!   article undated and adds a [`Problem`] with `lost_article = false`.
//! - Files larger than [`MAX_FILE_BYTES`] (after decompression, which is
//!   capped while it runs, so a gzip bomb costs nothing) are reported, not
//!   read.
//! - An empty file is a note (`lost_article = false`); a file that is not
//!   UTF-8 loses its article(s), except JSON Lines, where only the lines that
//!   are not UTF-8 are lost.
//!
//! ```
//! use std::path::Path;
//! use newsidx::ingest::read_bytes;
//!
//! let read = read_bytes(
//!     Path::new("arsip.jsonl"),
//!     "{\"judul\": \"Banjir di Bekasi\", \"isi\": \"Hujan turun sejak pagi.\", \"tanggal\": \"24/10/2024\"}\n".as_bytes(),
//! );
//! assert_eq!(read.articles[0].title, "Banjir di Bekasi");
//! assert!(read.problems.is_empty());
//! ```

pub mod article;
pub mod dates;
mod fields;
pub mod formats;
mod text;
mod walk;

pub use article::Article;
pub use dates::parse_date;
pub use formats::Format;
pub use walk::{ARTICLE_EXTENSIONS, format_extension, is_article_file};

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest file read, after decompression: 256 MiB. Larger files are
/// reported as a [`Problem`] instead of being loaded into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Something wrong with one file or one article in it. The article (or the
/// whole file) is skipped; everything else is still read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based line where the problem is, when known.
    pub line: Option<usize>,
    /// Human-readable reason, e.g. `invalid JSON: expected value at column 3`.
    pub message: String,
    /// True when an article was lost (counts towards "articles reported bad");
    /// false for file-level notes such as an unknown extension.
    pub lost_article: bool,
}

impl Problem {
    /// A problem at `path` (and `line`, when known).
    pub fn new(path: &Path, line: Option<usize>, message: String, lost_article: bool) -> Problem {
        Problem {
            path: path.to_path_buf(),
            line,
            message,
            lost_article,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path.display(), l, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// What reading one file produced.
#[derive(Debug, Default)]
pub struct FileRead {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
    /// Bytes read from disk (compressed size for `.gz`).
    pub bytes: u64,
}

/// Lists the article files under `roots` in a stable order. Files given
/// directly are always included (whatever their name; [`read_file`] sniffs
/// their content); under a folder only names with an article extension
/// (`.jsonl .ndjson .json .txt .md .markdown .html .htm`, each optionally
/// `.gz`) are listed, hidden entries are skipped and symbolic links to
/// folders are not followed. A root that does not exist is a [`Problem`]
/// (`lost_article = false`). A file reached twice is listed once.
pub fn walk(roots: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    walk::walk(roots)
}

/// Reads one file in whichever format its name (or content) says. Never
/// fails: an unreadable, oversized or undecodable file gives a [`Problem`].
pub fn read_file(path: &Path) -> FileRead {
    read_file_limited(path, MAX_FILE_BYTES)
}

fn too_large(path: &Path, what: &str, limit: u64) -> Problem {
    Problem::new(
        path,
        None,
        format!(
            "{what} larger than the {} MiB limit, not read",
            limit / (1024 * 1024)
        ),
        true,
    )
}

fn read_file_limited(path: &Path, limit: u64) -> FileRead {
    let mut out = FileRead::default();
    let unreadable =
        |e: std::io::Error| Problem::new(path, None, format!("cannot read file: {e}"), true);
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            out.problems.push(unreadable(e));
            return out;
        }
    };
    match file.metadata() {
        Ok(m) if m.is_dir() => {
            out.problems.push(Problem::new(
                path,
                None,
                "is a folder, not a file".to_string(),
                false,
            ));
            return out;
        }
        Ok(m) if m.len() > limit => {
            out.bytes = m.len();
            out.problems.push(too_large(path, "file", limit));
            return out;
        }
        _ => {}
    }
    let mut bytes = Vec::new();
    // `take` guards against a file that grows while it is read.
    if let Err(e) = file.take(limit + 1).read_to_end(&mut bytes) {
        out.problems.push(unreadable(e));
        return out;
    }
    if bytes.len() as u64 > limit {
        out.bytes = bytes.len() as u64;
        out.problems.push(too_large(path, "file", limit));
        return out;
    }
    read_bytes_limited(path, &bytes, limit)
}

/// Reads file content already in memory; `path_hint` gives the name used
/// to choose the format (`.gz` means gzip) and to label articles and
/// problems. This is [`read_file`] without the file system.
pub fn read_bytes(path_hint: &Path, bytes: &[u8]) -> FileRead {
    read_bytes_limited(path_hint, bytes, MAX_FILE_BYTES)
}

fn read_bytes_limited(path: &Path, bytes: &[u8], limit: u64) -> FileRead {
    let mut out = FileRead {
        bytes: bytes.len() as u64,
        ..FileRead::default()
    };
    let (ext, gz) = format_extension(path);
    let data: Cow<[u8]> = if gz {
        match gunzip(bytes, limit) {
            Ok(d) => Cow::Owned(d),
            Err(p) => {
                out.problems.push(match p {
                    GzError::TooLarge => too_large(path, "decompressed content", limit),
                    GzError::Invalid(msg) => Problem::new(path, None, msg, true),
                });
                return out;
            }
        }
    } else {
        Cow::Borrowed(bytes)
    };
    formats::read(path, ext.as_deref(), &data, &mut out);
    out
}

enum GzError {
    TooLarge,
    Invalid(String),
}

/// Decompresses gzip (also several concatenated members), stopping as soon
/// as the output passes `limit`.
fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, GzError> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(GzError::Invalid(
            "not a gzip file although named .gz".to_string(),
        ));
    }
    let mut out = Vec::new();
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    match decoder.take(limit + 1).read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > limit => Err(GzError::TooLarge),
        Ok(_) => Ok(out),
        Err(e) => Err(GzError::Invalid(format!("corrupt gzip data: {e}"))),
    }
}
