//! The article model every input format is read into. It is deliberately
//! format-neutral: ingest fills it, the index stores it, output prints it.

use std::path::PathBuf;

use serde::Serialize;
use time::OffsetDateTime;

/// One news article as read from an archive file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Stable identity: the id given by the archive, else the URL, else
    /// `path:line` (see [`Article::fallback_id`]). Re-indexing the same
    /// article replaces it instead of duplicating it.
    pub id: String,
    /// Headline. Never empty for an indexed article: derived when absent.
    pub title: String,
    /// The title was derived from the body (its first sentence or
    /// subheading) because the archive gave none: shown, never searched,
    /// so the body's opening words do not count twice.
    #[serde(skip)]
    pub title_derived: bool,
    /// Article text, paragraphs separated by `\n\n`, boilerplate removed.
    pub body: String,
    /// Short headline-like lines found inside the text.
    pub subheadings: Vec<String>,
    /// Publication time, normalised to UTC offset as given (WIB = +07:00).
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    /// Outlet, e.g. `Tribunnews.com`.
    pub source: Option<String>,
    /// Author(s) as given, several joined with `, `.
    pub author: Option<String>,
    /// Section or rubric of the outlet, e.g. `Internasional`.
    pub category: Option<String>,
    /// Address of the article, as given.
    pub url: Option<String>,
    /// File the article was read from.
    pub path: PathBuf,
    /// 1-based line for JSON Lines, or the line where the element starts
    /// for a JSON array; `None` for one-article files.
    pub line: Option<usize>,
}

impl Article {
    /// The id used when the archive gives neither an id nor a URL.
    pub fn fallback_id(path: &std::path::Path, line: Option<usize>) -> String {
        match line {
            Some(n) => format!("{}:{n}", path.display()),
            None => path.display().to_string(),
        }
    }
}
