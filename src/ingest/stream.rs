//! Reading one file a piece at a time, so that an archive exported as one
//! multi-gigabyte JSON Lines file (or a gzip of it, or one JSON array) costs
//! the memory of one piece, not of the file.
//!
//! JSON Lines and JSON arrays are read as a stream of records: whole lines,
//! or whole array elements found by a small incremental scanner, are
//! gathered until a piece holds about `piece_bytes` of input, and the piece
//! is parsed (in parallel) and handed over before the next one is read. A
//! record larger than [`MAX_ARTICLE_BYTES`] is skipped and reported; there
//! is no limit on the file. Everything else (a text, Markdown or HTML page, a
//! single JSON object) is one article that has to be read whole, so it is
//! read whole under the same per-article limit.
//!
//! Small plain files take the whole-file path unchanged: streaming them
//! would give the same articles and problems at more cost.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};

use std::path::Path;
use std::rc::Rc;

use super::formats::{self, Format, json};
use super::{FileRead, Problem, format_extension, too_large};

/// Largest single article (a JSON record, or a file that holds one article),
/// after decompression: 256 MiB. Larger ones are reported, not read.
pub const MAX_ARTICLE_BYTES: u64 = 256 * 1024 * 1024;

/// Input gathered before a piece is parsed and handed over, by default.
pub const PIECE_BYTES: usize = 16 << 20;

/// Decompressed bytes looked at to decide how a file is read.
const HEAD_BYTES: usize = 64 * 1024;

/// Reads `path` and calls `each` with what every piece of it gave: its
/// articles and problems in file order, and the bytes of the file on disk
/// (compressed bytes for gzip) it took. Never fails: an unreadable file or a
/// bad record gives a [`Problem`], and reading goes on where it can.
pub fn read_file_in_pieces(path: &Path, piece_bytes: usize, each: &mut dyn FnMut(FileRead)) {
    read_in_pieces(path, piece_bytes.max(1), MAX_ARTICLE_BYTES, each);
}

pub(super) fn read_in_pieces(
    path: &Path,
    piece_bytes: usize,
    article_limit: u64,
    each: &mut dyn FnMut(FileRead),
) {
    let unreadable =
        |e: std::io::Error| Problem::new(path, None, format!("cannot read file: {e}"), true);
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return each(problem_only(unreadable(e), 0)),
    };
    let size = match file.metadata() {
        Ok(m) if m.is_dir() => {
            let p = Problem::new(path, None, "is a folder, not a file".to_string(), false);
            return each(problem_only(p, 0));
        }
        Ok(m) => m.len(),
        Err(e) => return each(problem_only(unreadable(e), 0)),
    };
    let consumed = Rc::new(Cell::new(0u64));
    let mut raw = BufReader::with_capacity(
        256 * 1024,
        Counting {
            inner: file,
            count: Rc::clone(&consumed),
        },
    );
    let (ext, named_gz) = format_extension(path);
    let gz = match raw.fill_buf() {
        Ok(head) => named_gz || head.starts_with(&[0x1f, 0x8b, 0x08]),
        Err(e) => return each(problem_only(unreadable(e), 0)),
    };
    if !gz && size <= piece_bytes as u64 {
        drop(raw);
        return each(super::read_file_limited(path, article_limit));
    }
    if gz {
        let head = raw
            .fill_buf()
            .map(|h| h.starts_with(&[0x1f, 0x8b]))
            .unwrap_or(false);
        if !head {
            let p = Problem::new(
                path,
                None,
                "not a gzip file although named .gz".to_string(),
                true,
            );
            return each(problem_only(p, size));
        }
        let decoder = flate2::read::MultiGzDecoder::new(raw);
        let reader = BufReader::with_capacity(256 * 1024, decoder);
        Stream::new(
            path,
            ext.as_deref(),
            reader,
            consumed,
            piece_bytes,
            article_limit,
            true,
        )
        .run(each);
    } else {
        Stream::new(
            path,
            ext.as_deref(),
            raw,
            consumed,
            piece_bytes,
            article_limit,
            false,
        )
        .run(each);
    }
}

fn problem_only(p: Problem, bytes: u64) -> FileRead {
    FileRead {
        articles: Vec::new(),
        problems: vec![p],
        bytes,
    }
}

/// A reader that counts the bytes taken from the file, so progress can be
/// told in bytes on disk even behind a decompressor.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// How a streamed file is read, decided from its name and first bytes.
#[derive(Debug, PartialEq)]
enum Shape {
    Lines,
    Array,
    Whole,
}

fn shape(named: Option<Format>, head: &[u8]) -> Shape {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.trim_ascii_start();
    if start.starts_with(b"[") {
        // `[VIDEO] Banjir…` in a text file is not JSON: an array of articles
        // opens with an object (or is empty).
        let inner = start.get(1..).unwrap_or_default().trim_ascii_start();
        let json_name = matches!(named, Some(Format::Json | Format::JsonLines) | None);
        if json_name && (inner.starts_with(b"{") || inner.starts_with(b"]")) {
            return Shape::Array;
        }
        return Shape::Whole;
    }
    if named == Some(Format::JsonLines) {
        return Shape::Lines;
    }
    if start.starts_with(b"{") && !matches!(named, Some(Format::Markdown)) {
        let first_line = start.split(|&b| b == b'\n').next().unwrap_or_default();
        let complete = start.len() > first_line.len() || head.len() < HEAD_BYTES;
        if complete && serde_json::from_slice::<serde::de::IgnoredAny>(first_line).is_ok() {
            return Shape::Lines;
        }
    }
    Shape::Whole
}

/// A file being read piece by piece.
struct Stream<'p, R> {
    path: &'p Path,
    ext: Option<String>,
    reader: R,
    consumed: Rc<Cell<u64>>,
    /// File bytes already reported with an earlier piece.
    reported: u64,
    piece_bytes: usize,
    article_limit: u64,
    /// The file is gzip: a read error is damage to the compressed data.
    gz: bool,
    /// A read failed; nothing more is read.
    failure: Option<std::io::Error>,
}

impl<'p, R: BufRead> Stream<'p, R> {
    fn new(
        path: &'p Path,
        ext: Option<&str>,
        reader: R,
        consumed: Rc<Cell<u64>>,
        piece_bytes: usize,
        article_limit: u64,
        gz: bool,
    ) -> Self {
        Stream {
            path,
            ext: ext.map(str::to_string),
            reader,
            consumed,
            reported: 0,
            piece_bytes,
            article_limit,
            gz,
            failure: None,
        }
    }

    fn run(mut self, each: &mut dyn FnMut(FileRead)) {
        let mut head = Vec::with_capacity(HEAD_BYTES);
        while head.len() < HEAD_BYTES {
            match self.next_chunk() {
                Some(c) => head.extend_from_slice(&c),
                None => break,
            }
        }
        let named = self.ext.as_deref().and_then(Format::from_extension);
        match shape(named, &head) {
            Shape::Lines => self.lines(head, each),
            Shape::Array => self.array(head, each),
            Shape::Whole => self.whole(head, each),
        }
    }

    /// The next bytes of the file, `None` at its end or after a read error
    /// (kept in `failure` to be reported with the line it happened at).
    fn next_chunk(&mut self) -> Option<Vec<u8>> {
        if self.failure.is_some() {
            return None;
        }
        loop {
            match self.reader.fill_buf() {
                Ok([]) => return None,
                Ok(buf) => {
                    let v = buf.to_vec();
                    self.reader.consume(v.len());
                    return Some(v);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.failure = Some(e);
                    return None;
                }
            }
        }
    }

    /// File bytes taken since the last piece.
    fn take_bytes(&mut self) -> u64 {
        let now = self.consumed.get();
        let new = now.saturating_sub(self.reported);
        self.reported = now;
        new
    }

    fn io_problem(&self, e: &std::io::Error, line: Option<usize>) -> Problem {
        let what = if self.gz {
            "corrupt gzip data"
        } else {
            "cannot read file"
        };
        let tail = if line.is_some() {
            "; the rest of the file is not read"
        } else {
            ""
        };
        Problem::new(self.path, line, format!("{what}: {e}{tail}"), true)
    }

    /// One article read whole, as before streaming, under the per-article
    /// limit.
    fn whole(mut self, mut data: Vec<u8>, each: &mut dyn FnMut(FileRead)) {
        let limit = self.article_limit;
        while data.len() as u64 <= limit {
            match self.next_chunk() {
                Some(c) => data.extend_from_slice(&c),
                None => break,
            }
        }
        let bytes = self.take_bytes();
        let mut out = FileRead {
            bytes,
            ..FileRead::default()
        };
        if let Some(e) = self.failure.take() {
            out.problems.push(self.io_problem(&e, None));
        } else if data.len() as u64 > limit {
            out.problems
                .push(too_large(self.path, "article file", limit));
        } else {
            formats::read(self.path, self.ext.as_deref(), &data, &mut out);
        }
        each(out);
    }

    /// JSON Lines: whole lines gathered into pieces.
    fn lines(mut self, head: Vec<u8>, each: &mut dyn FnMut(FileRead)) {
        let limit = usize::try_from(self.article_limit).unwrap_or(usize::MAX);
        let mut piece: Vec<u8> = Vec::with_capacity(self.piece_bytes + HEAD_BYTES);
        let mut piece_first_line = 1usize;
        let mut line = 1usize;
        // Bytes of the current line so far, and whether it passed the limit.
        let mut line_len = 0usize;
        let mut overlong = false;
        // Problems met while gathering (overlong lines, read errors).
        let mut pending: Vec<Problem> = Vec::new();
        let mut head = Some(head);
        loop {
            let Some(chunk) = head.take().or_else(|| self.next_chunk()) else {
                if let Some(e) = self.failure.take() {
                    pending.push(self.io_problem(&e, Some(line)));
                }
                break;
            };
            let mut rest = chunk.as_slice();
            while !rest.is_empty() {
                let (part, done) = match memchr::memchr(b'\n', rest) {
                    Some(i) => (rest.get(..=i).unwrap_or_default(), true),
                    None => (rest, false),
                };
                rest = rest.get(part.len()..).unwrap_or_default();
                if !overlong {
                    if line_len + part.len() > limit {
                        piece.truncate(piece.len() - line_len);
                        overlong = true;
                    } else {
                        piece.extend_from_slice(part);
                        line_len += part.len();
                    }
                }
                if done {
                    if std::mem::take(&mut overlong) {
                        pending.push(too_long_line(self.path, line, self.article_limit));
                        // An empty line keeps the numbering of what follows.
                        piece.push(b'\n');
                    }
                    line_len = 0;
                    line += 1;
                    if piece.len() >= self.piece_bytes {
                        self.emit_lines(
                            &mut piece,
                            &mut piece_first_line,
                            line,
                            &mut pending,
                            each,
                        );
                    }
                }
            }
        }
        if overlong {
            pending.push(too_long_line(self.path, line, self.article_limit));
        }
        self.emit_lines(&mut piece, &mut piece_first_line, line, &mut pending, each);
    }

    fn emit_lines(
        &mut self,
        piece: &mut Vec<u8>,
        first_line: &mut usize,
        next_line: usize,
        pending: &mut Vec<Problem>,
        each: &mut dyn FnMut(FileRead),
    ) {
        let mut out = FileRead {
            bytes: self.take_bytes(),
            ..FileRead::default()
        };
        json::read_json_lines_at(self.path, piece, *first_line, &mut out);
        if !pending.is_empty() {
            out.problems.append(pending);
            out.problems.sort_by_key(|p| p.line);
        }
        piece.clear();
        *first_line = next_line;
        each(out);
    }

    /// A JSON array: elements found by an incremental scanner and parsed a
    /// piece at a time.
    fn array(mut self, head: Vec<u8>, each: &mut dyn FnMut(FileRead)) {
        let mut scan = ArrayScanner::new(self.article_limit);
        let mut head = Some(head);
        let mut elements: Vec<Element> = Vec::new();
        let mut gathered = 0usize;
        let mut problems: Vec<Problem> = Vec::new();
        loop {
            let Some(chunk) = head.take().or_else(|| self.next_chunk()) else {
                if let Some(e) = self.failure.take() {
                    problems.push(self.io_problem(&e, Some(scan.line)));
                    scan.failed = true;
                }
                break;
            };
            // Fed in slices, so that a piece is handed over soon after it
            // is full even when the file arrives in large chunks.
            for slice in chunk.chunks(self.piece_bytes.clamp(1, HEAD_BYTES)) {
                let mut found = |el: Scanned| match el {
                    Scanned::Element(e) => {
                        gathered += e.text.len();
                        elements.push(e);
                    }
                    Scanned::Problem(line, message) => {
                        problems.push(Problem::new(self.path, Some(line), message, true));
                    }
                };
                scan.feed(slice, &mut found);
                if gathered >= self.piece_bytes {
                    self.emit_elements(&mut elements, &mut problems, each);
                    gathered = 0;
                }
            }
            if scan.closed {
                break;
            }
        }
        let mut found = |el: Scanned| match el {
            Scanned::Element(e) => elements.push(e),
            Scanned::Problem(line, message) => {
                problems.push(Problem::new(self.path, Some(line), message, true));
            }
        };
        let truncated = scan.finish(&mut found);
        if let Some(line) = truncated {
            problems.push(Problem::new(
                self.path,
                Some(line),
                "truncated JSON: the array is not closed".to_string(),
                false,
            ));
        }
        // Whatever follows the closing bracket is not read; say so if it is
        // more than white space.
        if scan.closed {
            let mut trailing = scan.after_close;
            // Count the rest of the file as read for progress.
            while let Some(rest) = self.next_chunk() {
                trailing |= !rest.trim_ascii().is_empty();
            }
            if trailing {
                problems.push(Problem::new(
                    self.path,
                    Some(scan.line),
                    "text after the end of the JSON array, not read".to_string(),
                    false,
                ));
            }
        }
        self.emit_elements(&mut elements, &mut problems, each);
    }

    fn emit_elements(
        &mut self,
        elements: &mut Vec<Element>,
        problems: &mut Vec<Problem>,
        each: &mut dyn FnMut(FileRead),
    ) {
        use rayon::prelude::*;
        let path = self.path;
        let parts: Vec<FileRead> = elements
            .par_iter()
            .map(|e| {
                let mut part = FileRead::default();
                json::read_array_element(path, &e.text, e.line, &mut part);
                part
            })
            .collect();
        let mut out = FileRead {
            bytes: self.take_bytes(),
            ..FileRead::default()
        };
        for p in parts {
            out.articles.extend(p.articles);
            out.problems.extend(p.problems);
        }
        if !problems.is_empty() {
            out.problems.append(problems);
            out.problems.sort_by_key(|p| p.line);
        }
        elements.clear();
        each(out);
    }
}

fn too_long_line(path: &Path, line: usize, limit: u64) -> Problem {
    Problem::new(
        path,
        Some(line),
        format!(
            "line longer than the {} MiB limit for one article, not read",
            limit / (1024 * 1024)
        ),
        true,
    )
}

/// One array element: its bytes and the line it starts on.
struct Element {
    text: Vec<u8>,
    line: usize,
}

enum Scanned {
    Element(Element),
    Problem(usize, String),
}

/// Splits a JSON array into its elements as bytes arrive, honouring strings
/// and nesting (the streaming twin of the whole-text scanner in
/// `formats/json.rs`).
struct ArrayScanner {
    opened: bool,
    closed: bool,
    /// Non-blank bytes came after the closing bracket in the same chunk.
    after_close: bool,
    depth: usize,
    in_str: bool,
    esc: bool,
    current: Vec<u8>,
    /// The element grew past the limit; it is dropped when it ends.
    overlong: bool,
    /// Line where the current element's first non-blank byte is.
    start_line: Option<usize>,
    line: usize,
    limit: usize,
    /// The last element (or read) failed, so a truncation is already told.
    failed: bool,
}

impl ArrayScanner {
    fn new(limit: u64) -> Self {
        ArrayScanner {
            opened: false,
            closed: false,
            after_close: false,
            depth: 0,
            in_str: false,
            esc: false,
            current: Vec::new(),
            overlong: false,
            start_line: None,
            line: 1,
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            failed: false,
        }
    }

    fn feed(&mut self, bytes: &[u8], found: &mut dyn FnMut(Scanned)) {
        for &b in bytes {
            if self.closed {
                if !b.is_ascii_whitespace() {
                    self.after_close = true;
                }
                continue;
            }
            if !self.opened {
                if b == b'\n' {
                    self.line += 1;
                } else if b == b'[' {
                    self.opened = true;
                }
                continue;
            }
            let boundary = !self.in_str && self.depth == 0 && (b == b',' || b == b']');
            if boundary {
                self.end_element(b == b',', found);
                if b == b']' {
                    self.closed = true;
                }
                continue;
            }
            if self.in_str {
                if self.esc {
                    self.esc = false;
                } else if b == b'\\' {
                    self.esc = true;
                } else if b == b'"' {
                    self.in_str = false;
                }
            } else {
                match b {
                    b'"' => self.in_str = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                    _ => {}
                }
            }
            if self.start_line.is_none() && !b.is_ascii_whitespace() {
                self.start_line = Some(self.line);
            }
            if b == b'\n' {
                self.line += 1;
            }
            if !self.overlong {
                if self.current.len() >= self.limit {
                    self.overlong = true;
                    self.current = Vec::new();
                } else if self.start_line.is_some() {
                    self.current.push(b);
                }
            }
        }
    }

    /// An element ended at `,` (`comma`) or `]`.
    fn end_element(&mut self, comma: bool, found: &mut dyn FnMut(Scanned)) {
        let line = self.start_line.take().unwrap_or(self.line);
        let text = std::mem::take(&mut self.current);
        if std::mem::take(&mut self.overlong) {
            found(Scanned::Problem(
                line,
                format!(
                    "array element larger than the {} MiB limit for one article, not read",
                    self.limit / (1024 * 1024)
                ),
            ));
            self.failed = true;
            return;
        }
        if text.trim_ascii().is_empty() {
            if comma {
                found(Scanned::Problem(
                    line,
                    "invalid JSON: empty array element".to_string(),
                ));
                self.failed = true;
            }
            return;
        }
        self.failed = false;
        found(Scanned::Element(Element { text, line }));
    }

    /// At the end of the input: hands over an unterminated last element and
    /// returns the line to report a missing `]` at, if the array was not
    /// closed and nothing else already failed there.
    fn finish(&mut self, found: &mut dyn FnMut(Scanned)) -> Option<usize> {
        if self.closed {
            return None;
        }
        let line = self.line;
        let text = std::mem::take(&mut self.current);
        if !text.trim_ascii().is_empty() || self.overlong {
            let start = self.start_line.take().unwrap_or(line);
            if std::mem::take(&mut self.overlong) {
                found(Scanned::Problem(
                    start,
                    "array element larger than the limit for one article, not read".to_string(),
                ));
                return None;
            }
            // An unterminated element: parse it; it fails as truncated JSON
            // unless it happens to be complete.
            found(Scanned::Element(Element { text, line: start }));
            return None;
        }
        if self.failed { None } else { Some(line) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn pieces(path: &Path, piece: usize, limit: u64) -> Vec<FileRead> {
        let mut out = Vec::new();
        read_in_pieces(path, piece, limit, &mut |r| out.push(r));
        out
    }

    fn joined(parts: Vec<FileRead>) -> FileRead {
        let mut all = FileRead::default();
        for p in parts {
            all.articles.extend(p.articles);
            all.problems.extend(p.problems);
            all.bytes += p.bytes;
        }
        all
    }

    fn record(i: usize) -> String {
        serde_json::json!({
            "id": format!("a{i}"),
            "title": format!("Berita nomor {i}"),
            "body": format!("Isi berita ke-{i}, dengan \"kutipan\" dan [kurung], {{kurawal}}."),
            "date": "2019-08-17",
        })
        .to_string()
    }

    #[test]
    fn json_lines_in_pieces_equal_the_whole_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("arsip.jsonl");
        let mut text = String::new();
        for i in 0..500 {
            if i % 97 == 3 {
                text.push_str("{rusak\n\n");
            }
            text.push_str(&record(i));
            text.push('\n');
        }
        std::fs::write(&path, &text).unwrap();
        let whole = super::super::read_file_limited(&path, MAX_ARTICLE_BYTES);
        let parts = pieces(&path, 4096, MAX_ARTICLE_BYTES);
        assert!(parts.len() > 5, "{} pieces", parts.len());
        let streamed = joined(parts);
        assert_eq!(streamed.bytes, text.len() as u64);
        assert_eq!(streamed.articles, whole.articles);
        assert_eq!(streamed.problems, whole.problems);
        assert_eq!(streamed.articles.len(), 500);
    }

    #[test]
    fn gzip_json_lines_stream_and_count_compressed_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("arsip.jsonl.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for i in 0..300 {
            writeln!(enc, "{}", record(i)).unwrap();
        }
        let gz = enc.finish().unwrap();
        std::fs::write(&path, &gz).unwrap();
        let parts = pieces(&path, 2048, MAX_ARTICLE_BYTES);
        assert!(parts.len() > 3);
        let all = joined(parts);
        assert!(all.problems.is_empty(), "{:?}", all.problems);
        assert_eq!(all.articles.len(), 300);
        assert_eq!(all.bytes, gz.len() as u64);
        assert_eq!(all.articles[299].line, Some(300));
    }

    #[test]
    fn a_json_array_streams_element_by_element() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ekspor.json");
        let mut text = String::from("[\n");
        for i in 0..200 {
            if i > 0 {
                text.push_str(",\n");
            }
            text.push_str("  ");
            text.push_str(&record(i));
        }
        text.push_str("\n]\n");
        std::fs::write(&path, &text).unwrap();
        let whole = super::super::read_file_limited(&path, MAX_ARTICLE_BYTES);
        assert_eq!(whole.articles.len(), 200);
        let parts = pieces(&path, 1024, MAX_ARTICLE_BYTES);
        assert!(parts.len() > 5);
        let all = joined(parts);
        assert!(all.problems.is_empty(), "{:?}", all.problems);
        assert_eq!(all.articles, whole.articles);
    }

    #[test]
    fn a_truncated_array_keeps_what_came_before() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("terpotong.json");
        let text = format!("[{},\n{},\n{{\"title\":\"Tiga\",\"bo", record(1), record(2));
        std::fs::write(&path, &text).unwrap();
        let all = joined(pieces(&path, 1, MAX_ARTICLE_BYTES));
        assert_eq!(all.articles.len(), 2);
        assert_eq!(all.problems.len(), 1);
        assert!(all.problems[0].lost_article);
        assert_eq!(all.problems[0].line, Some(3));
    }

    #[test]
    fn an_overlong_record_is_skipped_and_the_rest_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("besar.jsonl");
        let big = serde_json::json!({"title": "Besar", "body": "x".repeat(5000)}).to_string();
        let text = format!("{}\n{big}\n{}\n", record(1), record(2));
        std::fs::write(&path, &text).unwrap();
        let all = joined(pieces(&path, 16, 1000));
        assert_eq!(all.articles.len(), 2);
        assert_eq!(all.articles[1].line, Some(3));
        assert_eq!(all.problems.len(), 1);
        assert_eq!(all.problems[0].line, Some(2));
        assert!(all.problems[0].message.contains("limit"));

        let path = dir.path().join("besar.json");
        let text = format!("[{}, {big}, {}]", record(1), record(2));
        std::fs::write(&path, &text).unwrap();
        let all = joined(pieces(&path, 16, 1000));
        assert_eq!(all.articles.len(), 2);
        assert_eq!(all.problems.len(), 1);
        assert!(all.problems[0].message.contains("limit"));
    }

    #[test]
    fn a_large_single_article_file_is_read_whole_under_the_article_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("panjang.txt");
        let text = format!(
            "Judul Panjang\n\n{}",
            "Paragraf panjang sekali.\n\n".repeat(200)
        );
        std::fs::write(&path, &text).unwrap();
        let all = joined(pieces(&path, 64, MAX_ARTICLE_BYTES));
        assert!(all.problems.is_empty(), "{:?}", all.problems);
        assert_eq!(all.articles.len(), 1);
        assert_eq!(all.bytes, text.len() as u64);
        let all = joined(pieces(&path, 64, 1000));
        assert!(all.articles.is_empty());
        assert!(all.problems[0].message.contains("limit"));
    }

    #[test]
    fn text_that_opens_with_a_bracket_is_not_an_array() {
        assert_eq!(shape(Some(Format::Text), b"[VIDEO] Banjir"), Shape::Whole);
        assert_eq!(shape(None, b"[{\"title\":\"a\"}]"), Shape::Array);
        assert_eq!(
            shape(Some(Format::Json), b"{\n \"title\": 1\n}"),
            Shape::Whole
        );
        assert_eq!(
            shape(Some(Format::Text), b"{\"title\":\"a\"}\n{"),
            Shape::Lines
        );
        assert_eq!(shape(Some(Format::JsonLines), b"rusak\n"), Shape::Lines);
    }

    #[test]
    fn corrupt_gzip_keeps_the_articles_before_the_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rusak.jsonl.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::none());
        for i in 0..400 {
            writeln!(enc, "{}", record(i)).unwrap();
        }
        let mut gz = enc.finish().unwrap();
        let cut = gz.len() * 3 / 4;
        gz.truncate(cut);
        std::fs::write(&path, &gz).unwrap();
        let all = joined(pieces(&path, 1024, MAX_ARTICLE_BYTES));
        assert!(all.articles.len() > 100, "{}", all.articles.len());
        assert!(!all.problems.is_empty());
    }
}
