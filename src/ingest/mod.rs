//! Reading archives: walking folders and turning files in the formats news
//! archives really come in into [`Article`]s. Bad input is reported as a
//! [`Problem`] and never stops the caller; the rest of a file is still read.

pub mod article;
pub mod dates;

pub use article::Article;

use std::path::{Path, PathBuf};

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
/// directly are always included; hidden entries under a folder are skipped.
pub fn walk(roots: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let _ = roots;
    todo!("ingest::walk")
}

/// Reads one file in whichever format its name (or content) says.
pub fn read_file(path: &Path) -> FileRead {
    let _ = path;
    todo!("ingest::read_file")
}
