//! newsidx: full-text search for Indonesian news archives.
//!
//! Point it at a folder of articles (JSON Lines, JSON, text, Markdown, HTML,
//! gzip of any of them) and it builds a tantivy index with Indonesian
//! analysis (our own tokenizer and stemmer) and the people, places and
//! organisations of every article; then search it with phrases, boolean
//! logic, fields, entity filters and date ranges.
//!
//! The command-line tool is a thin shell over this library: everything it
//! does, an embedding program can do too.
//!
//! ```no_run
//! use newsidx::{BuildOptions, Index, NoProgress, Query, SearchOptions};
//!
//! // Build (or update) an index from a folder of articles.
//! let (index, report) = Index::build("my-index", &["corpus".into()], &BuildOptions::default(), &NoProgress)?;
//! println!("{} articles indexed, {} bad", report.articles_indexed, report.articles_bad);
//!
//! // Search it.
//! let query = Query::parse(r#""pasukan Korea Utara" date:2024-10"#)?;
//! let results = index.search(&query, &SearchOptions::default())?;
//! for hit in results.hits {
//!     println!("{:>2}. {} ({})", hit.rank, hit.title, hit.source.unwrap_or_default());
//! }
//! # Ok::<(), newsidx::Error>(())
//! ```

pub mod analysis;
mod bytes;
pub mod entities;
mod error;
pub mod index;
pub mod ingest;
pub mod output;
pub mod query;
#[cfg(feature = "web")]
pub mod server;

pub use error::{Error, Result};
pub use index::{
    BuildOptions, BuildProgress, BuildReport, Hit, Index, NoProgress, SearchOptions, SearchResults,
    Snippet, Sort, Stats, StoredArticle, Suggestion,
};
pub use query::Query;
