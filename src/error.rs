//! One error type for the library, so embedders can match on what went wrong
//! without parsing messages. The CLI adds context with `anyhow` on top.

use std::path::PathBuf;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The search engine underneath reported a failure.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// No index exists at the given location.
    #[error("no index at {0} (run `newsidx build` first)")]
    NoIndex(PathBuf),
    /// The index was written by an incompatible version or is damaged.
    #[error("index at {path} is not usable: {reason}")]
    BadIndex { path: PathBuf, reason: String },
    /// The index was analysed by another analyzer (other rules, lexicon,
    /// gazetteers or stopwords) than this program's: its terms would not
    /// match the queries' terms, so it is not searched.
    #[error(
        "index at {path} was built by a different analyzer ({recorded}; this newsidx: {current}); \
         rebuild it with `newsidx build --rebuild`"
    )]
    AnalyzerChanged {
        path: PathBuf,
        recorded: String,
        current: String,
    },
    /// A query could not be parsed; `position` is a byte offset into the query.
    #[error("{0}")]
    Query(#[from] crate::query::QueryError),
    /// A user-supplied value (date, option, dictionary line) was malformed.
    #[error("{0}")]
    Invalid(String),
    /// A strict build found bad input; nothing was written.
    #[error("{count} problem(s) in the input, nothing indexed (strict mode); first: {first}")]
    BadInput { count: usize, first: String },
    /// A build found no article to index in what it was given; nothing
    /// was changed. The message says what was found instead.
    #[error("nothing indexed: {0}")]
    NothingIndexed(String),
    /// Another process is writing this index (a build, a deletion or an
    /// optimization); nothing was changed.
    #[error("another build is writing this index: {}", path.display())]
    Busy { path: PathBuf },
    /// The disk filled up while the index was being written. Nothing was
    /// committed, so the index is as the last complete build left it.
    #[error(
        "no space left on device while writing the index at {}; the index is unchanged: \
         the last complete build is still searchable",
        path.display()
    )]
    DiskFull { path: PathBuf },
    /// No article with this id is in the index.
    #[error("no article with id {0:?}")]
    NotFound(String),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
