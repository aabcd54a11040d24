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
//! - JSON Lines, gzip of them and JSON arrays are streamed: a file of any
//!   size is read a piece at a time ([`read_file_in_pieces`]), each piece
//!   parsed on all cores (rayon); articles and problems still come out in
//!   line order. One record larger than [`MAX_ARTICLE_BYTES`] is reported
//!   and skipped.
//! - A file that holds one article (text, Markdown, HTML, one JSON object)
//!   is read whole, so it is limited to [`MAX_ARTICLE_BYTES`] after
//!   decompression, which is capped while it runs: a gzip bomb costs nothing.
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
mod stream;
mod text;
mod walk;

pub use article::Article;
pub use dates::parse_date;
pub use formats::Format;
pub use stream::{MAX_ARTICLE_BYTES, PIECE_BYTES, read_file_in_pieces};
pub use walk::{ARTICLE_EXTENSIONS, format_extension, is_article_file};

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Something wrong with one file or one article in it. The article (or the
/// whole file) is skipped; everything else is still read.
/// The opening sentence of a body (after any dateline), at most about 150
/// characters: the lead that news writing puts first, which the index
/// searches again with a small weight.
pub fn lead(body: &str) -> String {
    text::first_sentence(body, 150)
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    /// File the problem is in (or the path that could not be walked).
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
    /// Articles read, in file order.
    pub articles: Vec<Article>,
    /// Everything that went wrong, in file order; see [`Problem::lost_article`].
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

/// Reads one file in whichever format its name (or content) says, all of
/// it into memory (see [`read_file_in_pieces`] for files of any size).
/// Never fails: an unreadable, oversized or undecodable file gives a
/// [`Problem`].
pub fn read_file(path: &Path) -> FileRead {
    let mut all = FileRead::default();
    read_file_in_pieces(path, PIECE_BYTES, &mut |piece| {
        all.articles.extend(piece.articles);
        all.problems.extend(piece.problems);
        all.bytes += piece.bytes;
    });
    all
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
    read_bytes_limited(path_hint, bytes, MAX_ARTICLE_BYTES)
}

fn read_bytes_limited(path: &Path, bytes: &[u8], limit: u64) -> FileRead {
    let mut out = FileRead {
        bytes: bytes.len() as u64,
        ..FileRead::default()
    };
    let (ext, named_gz) = format_extension(path);
    // Gzip data under a plain name is still gzip.
    let gz = named_gz || bytes.starts_with(&[0x1f, 0x8b, 0x08]);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `shared/` next to the repository (or a worktree of it), if present.
    fn shared_dir() -> Option<PathBuf> {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .skip(1)
            .map(|a| a.join("shared"))
            .find(|s| s.join("data").is_dir())
    }

    #[test]
    fn seed_article() {
        let Some(seed) = shared_dir()
            .map(|s| s.join("seeds/000_48c31671c020caab.txt"))
            .filter(|p| p.is_file())
        else {
            eprintln!("seed article not found next to the repository; skipped");
            return;
        };
        let r = read_file(&seed);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let [a] = r.articles.as_slice() else {
            panic!("one article expected, got {}", r.articles.len());
        };
        assert_eq!(
            a.title,
            "Putin Tak Membantah Kabar Kehadiran Pasukan Korea Utara di Rusia"
        );
        assert_eq!(
            a.subheadings,
            vec![
                "Putin Tak Membantah Kabar Kehadiran Pasukan Korea Utara di Rusia",
                "Korea Utara Bantah Kirim Pasukan"
            ]
        );
        assert_eq!(a.source.as_deref(), Some("Tribunnews.com"));
        assert_eq!(a.author.as_deref(), Some("Farrah Putri"));
        assert!(
            a.body
                .starts_with("Budanov mengatakan sekitar 11.000 tentara")
        );
        assert!(a.body.ends_with("dalam melawan Ukaina."));
        assert_eq!(a.body.split("\n\n").count(), 16);
        for gone in [
            "Artikel Lain Terkait",
            "(Tribunnews.com",
            "Korea Utara Bantah Kirim Pasukan",
        ] {
            assert!(!a.body.contains(gone), "{gone} is not body text");
        }
        assert_eq!(a.date, None);
    }

    /// Reads the real corpus when it is present and prints the parse
    /// throughput (meaningful in a release build:
    /// `cargo test --release --lib ingest::tests::real_corpus -- --nocapture`).
    #[test]
    fn real_corpus_reads_every_article() {
        let Some(path) = shared_dir()
            .map(|s| s.join("data/corpus/clickid.jsonl"))
            .filter(|p| p.is_file())
        else {
            eprintln!("real corpus not found (../shared/data/corpus/clickid.jsonl); skipped");
            return;
        };
        let start = std::time::Instant::now();
        let r = read_file(&path);
        let secs = start.elapsed().as_secs_f64();
        println!(
            "read {} articles, {} problems, {:.1} MB in {:.3} s: {:.0} MB/s, {:.0} articles/s",
            r.articles.len(),
            r.problems.len(),
            r.bytes as f64 / 1e6,
            secs,
            r.bytes as f64 / 1e6 / secs,
            r.articles.len() as f64 / secs
        );
        assert_eq!(r.articles.len(), 22_027);
        assert_eq!(r.problems.iter().filter(|p| p.lost_article).count(), 0);
        assert!(r.problems.is_empty(), "{:?}", r.problems.first());
        let dated = r.articles.iter().filter(|a| a.date.is_some()).count();
        assert_eq!(dated, 22_027);
        let ids: std::collections::HashSet<&str> =
            r.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), 22_027, "ids are unique");
    }

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
    }

    #[test]
    fn every_format_fixture_reads_cleanly() {
        let expected: &[(&str, usize)] = &[
            ("antara-gempa.json", 1),
            ("arsip-pemilu.jsonl.gz", 2),
            ("bisnis-harga.htm", 1),
            ("catatan-banjir.md", 1),
            ("detik-pemilu.ndjson", 2),
            ("gempa.json.gz", 1),
            ("halaman-tersimpan.txt", 1),
            ("kompas-oktober.jsonl", 3),
            ("korea-kursk.md", 1),
            ("kursk.md.gz", 1),
            ("liputan-piala.html", 1),
            ("piala.html.gz", 1),
            ("ragam-tanggal.jsonl", 13),
            ("sebenarnya-jsonl.txt", 2),
            ("tempo-ikn.json", 2),
            ("timnas.txt.gz", 1),
            ("tribun-header.txt", 1),
            ("tribun-tanpa-header.txt", 1),
        ];
        let (files, problems) = walk(&[fixtures().join("formats")]);
        assert!(problems.is_empty());
        let names: Vec<String> = files
            .iter()
            .filter_map(|f| f.file_name()?.to_str().map(str::to_string))
            .collect();
        let want: Vec<&str> = expected.iter().map(|e| e.0).collect();
        assert_eq!(names, want);
        for (file, (name, n)) in files.iter().zip(expected) {
            let r = read_file(file);
            assert!(r.problems.is_empty(), "{name}: {:?}", r.problems);
            assert_eq!(r.articles.len(), *n, "{name}");
            for a in &r.articles {
                assert!(!a.title.is_empty() && !a.body.is_empty(), "{name}: {a:?}");
                let undated = ["catatan-banjir.md", "tribun-tanpa-header.txt"];
                assert!(a.date.is_some() || undated.contains(name), "{name}: {a:?}");
                assert!(!a.body.contains("Baca juga") && !a.body.contains("Baca Juga"));
                assert_eq!(a.body, a.body.trim());
            }
        }
    }

    #[test]
    fn gzip_reads_like_the_plain_file() {
        let dir = fixtures().join("formats");
        for (plain, gz) in [
            ("tribun-header.txt", "timnas.txt.gz"),
            ("liputan-piala.html", "piala.html.gz"),
            ("korea-kursk.md", "kursk.md.gz"),
            ("detik-pemilu.ndjson", "arsip-pemilu.jsonl.gz"),
        ] {
            let a = read_file(&dir.join(plain));
            let b = read_file(&dir.join(gz));
            assert_eq!(a.articles.len(), b.articles.len());
            for (x, y) in a.articles.iter().zip(&b.articles) {
                assert_eq!((&x.title, &x.body, x.date), (&y.title, &y.body, y.date));
            }
            assert!(b.bytes < a.bytes, "bytes counts the compressed size");
        }
    }

    #[test]
    fn text_fixtures_keep_metadata_out_of_the_body() {
        let r = read_file(&fixtures().join("formats/tribun-tanpa-header.txt"));
        let a = &r.articles[0];
        assert_eq!(a.title, "Warga Mengungsi ke Masjid");
        assert_eq!(a.subheadings, vec!["Warga Mengungsi ke Masjid"]);
        assert_eq!(a.source.as_deref(), Some("Tribunnews.com"));
        assert_eq!(a.author.as_deref(), Some("Farrah Putri"));
        assert_eq!(a.body.split("\n\n").count(), 4);
        for gone in ["Editor", "Artikel Lain", "Baca", "(Tribunnews.com"] {
            assert!(!a.body.contains(gone), "{gone}");
        }
        let r = read_file(&fixtures().join("formats/tribun-header.txt"));
        let a = &r.articles[0];
        assert_eq!(
            a.title,
            "Timnas Indonesia Tahan Imbang Australia di Jakarta"
        );
        assert_eq!(a.author.as_deref(), Some("Bayu Pratama"));
        assert_eq!(a.category.as_deref(), Some("Sport"));
        assert_eq!(
            a.subheadings,
            vec!["Pelatih Tetap Puas dengan Lini Belakang"]
        );
        assert_eq!(
            a.date
                .map(|d| (d.hour(), d.minute(), d.offset().whole_hours())),
            Some((21, 45, 7))
        );
    }

    #[test]
    fn every_date_style_fixture() {
        use time::macros::datetime;
        let r = read_file(&fixtures().join("formats/ragam-tanggal.jsonl"));
        let at_1405_wib = datetime!(2024-10-24 14:05 +7);
        let midnight = datetime!(2024-10-24 00:00 +7);
        let want = [
            at_1405_wib,
            at_1405_wib,
            midnight,
            at_1405_wib,
            midnight,
            midnight,
            at_1405_wib,
            midnight,
            midnight,
            at_1405_wib,
            midnight,
            at_1405_wib,
            at_1405_wib,
        ];
        let got: Vec<_> = r.articles.iter().map(|a| a.date).collect();
        assert_eq!(got, want.map(Some).to_vec());
        assert_eq!(
            r.articles
                .get(11)
                .and_then(|a| a.date)
                .map(|d| d.offset().whole_hours()),
            Some(8)
        );
    }

    /// (file, articles read, problems as (line, lost_article)).
    type Expect = (&'static str, usize, &'static [(Option<usize>, bool)]);

    #[test]
    fn broken_inputs_are_reported_with_file_and_line() {
        let expected: &[Expect] = &[
            (
                "baris-rusak.jsonl",
                3,
                &[(Some(2), true), (Some(4), true), (Some(5), true)],
            ),
            ("biner.txt", 0, &[(None, true)]),
            ("bukan-gzip.jsonl.gz", 0, &[(None, true)]),
            ("kosong.txt", 0, &[(None, false)]),
            ("latin1.txt", 0, &[(Some(4), true)]),
            ("tanggal-rusak.jsonl", 2, &[(Some(1), false)]),
            ("tanpa-artikel.html", 0, &[(None, true)]),
            ("tanpa-teks.json", 0, &[(None, true)]),
            ("terpotong.json", 2, &[(Some(4), true)]),
            ("utf8-rusak.jsonl", 2, &[(Some(2), true)]),
        ];
        let (files, walk_problems) = walk(&[fixtures().join("broken")]);
        assert!(walk_problems.is_empty());
        assert_eq!(files.len(), expected.len());
        for (file, (name, n, problems)) in files.iter().zip(expected) {
            assert!(file.ends_with(name), "{file:?} vs {name}");
            let r = read_file(file);
            assert_eq!(r.articles.len(), *n, "{name}: {:?}", r.problems);
            let got: Vec<_> = r
                .problems
                .iter()
                .map(|p| (p.line, p.lost_article))
                .collect();
            assert_eq!(&got, problems, "{name}: {:?}", r.problems);
            assert!(
                r.problems
                    .iter()
                    .all(|p| &p.path == file && !p.message.is_empty())
            );
        }
        let r = read_file(&fixtures().join("broken/tanggal-rusak.jsonl"));
        assert_eq!(r.articles[0].date, None);
        assert!(
            r.problems[0]
                .message
                .contains("bad date \"31/02/2024\" (field date)")
        );
        assert!(r.articles[1].date.is_some());
    }

    #[test]
    fn missing_and_folder_paths() {
        let r = read_file(Path::new("/tidak/ada/berkas.txt"));
        assert_eq!(r.problems.len(), 1);
        assert!(r.articles.is_empty());
        let r = read_file(&fixtures());
        assert_eq!(r.problems.len(), 1);
    }

    #[test]
    fn size_limits_hold_for_plain_and_gzip_files() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..32 {
            enc.write_all(&chunk).unwrap();
        }
        let bomb = enc.finish().unwrap();
        let r = read_bytes_limited(Path::new("bom.txt.gz"), &bomb, 1024 * 1024);
        assert!(r.articles.is_empty());
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].message.contains("limit"), "{}", r.problems[0]);

        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("besar.txt");
        std::fs::write(&big, "Paragraf panjang sekali.\n".repeat(100_000)).unwrap();
        let r = read_file_limited(&big, 1024 * 1024);
        assert!(r.articles.is_empty());
        assert!(r.problems[0].message.contains("limit"));
        assert!(r.problems[0].lost_article);
    }

    #[test]
    fn gzip_under_a_plain_name_is_decompressed() {
        let gz = std::fs::read(fixtures().join("formats/timnas.txt.gz")).unwrap();
        let r = read_bytes(Path::new("timnas.txt"), &gz);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.articles.len(), 1);
    }

    #[test]
    fn unknown_extension_given_directly_is_sniffed() {
        let r = read_bytes(
            Path::new("ekspor"),
            b"{\"title\":\"a\",\"body\":\"b\"}\n{\"title\":\"c\"}\n",
        );
        assert_eq!(r.articles.len(), 2);
        let r = read_bytes(
            Path::new("catatan"),
            "Banjir Rendam Bekasi\n\nHujan deras.".as_bytes(),
        );
        assert_eq!(r.articles[0].title, "Banjir Rendam Bekasi");
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    const HINTS: &[&str] = &[
        "a.jsonl",
        "a.ndjson",
        "a.json",
        "a.txt",
        "a.md",
        "a.html",
        "a",
        "a.txt.gz",
        "a.json.gz",
    ];

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            for h in HINTS {
                let r = read_bytes(Path::new(h), &bytes);
                prop_assert!(r.articles.iter().all(|a| !a.title.is_empty()));
            }
        }

        #[test]
        fn gzip_of_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            use std::io::Write;
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(&bytes).unwrap();
            let gz = enc.finish().unwrap();
            for h in ["a.jsonl.gz", "a.json.gz", "a.txt.gz", "a.md.gz", "a.html.gz"] {
                let plain = read_bytes(Path::new(h.trim_end_matches(".gz")), &bytes);
                let packed = read_bytes(Path::new(h), &gz);
                prop_assert_eq!(plain.articles.len(), packed.articles.len());
                prop_assert_eq!(plain.problems.len(), packed.problems.len());
            }
        }

        #[test]
        fn article_like_text_never_panics(s in "[-#*_>\\[\\](){}<>/:,.!?\"' \n\tA-Za-z0-9]{0,300}") {
            for h in HINTS {
                let r = read_bytes(Path::new(h), s.as_bytes());
                for a in &r.articles {
                    prop_assert!(!a.title.is_empty());
                    prop_assert!(!a.body.contains("\n\n\n"));
                }
            }
        }

        #[test]
        fn every_good_jsonl_line_survives_its_neighbours(
            good in proptest::collection::vec("[A-Za-z ]{1,20}", 1..6),
            junk in proptest::collection::vec("[^\n]{0,20}", 0..6),
        ) {
            let mut text = String::new();
            for (i, g) in good.iter().enumerate() {
                text.push_str(&serde_json::json!({"title": format!("T{i} {g}"), "body": "isi"}).to_string());
                text.push('\n');
                if let Some(j) = junk.get(i)
                    && !j.trim_start().starts_with('{')
                {
                    text.push_str(j);
                    text.push('\n');
                }
            }
            let r = read_bytes(Path::new("x.jsonl"), text.as_bytes());
            prop_assert_eq!(r.articles.len(), good.len());
        }
    }
}
