//! The query language shared by the CLI and the library: parsing
//! ([`Query::parse`]), lowering to tantivy ([`Query::to_tantivy`]), typo
//! suggestions ([`suggest()`]), and the counts over all matches that a search
//! page shows beside its hits ([`facets()`], [`timeline()`]).
//!
//! The language in one screen (all words are required unless `OR` is used):
//!
//! | you write | it finds |
//! |---|---|
//! | `pasukan korea` | both words, stemmed (`pengiriman` finds `kirim`) |
//! | `rusia OR ukraina`, `rusia AND ukraina`, `NOT iklan`, `-iklan`, `+wajib` | boolean logic; NOT binds tighter than AND, AND tighter than OR |
//! | `(rusia OR ukraina) pasukan` | grouping |
//! | `"pasukan Korea Utara"` | the stemmed words in this order |
//! | `"kirim pasukan"~3` | in order, at most 3 positions apart |
//! | `=dikirimkan`, `="dikirimkan ke Rusia"` | the literal word forms, not their stems |
//! | `title:banjir`, `body:"jalan tol"`, `title:(a OR b)` | only in the title / the text |
//! | `source:kompas.com`, `category:politik`, `author:"Farrah Putri"`, `url:tribunnews` | metadata |
//! | `person:"Vladimir Putin"`, `place:kursk`, `org:pbb` | entities, by canonical name or alias |
//! | `date:2024-10`, `date:2024-10-01..2024-10-31`, `date:>=2024-10-22`, `date:..2024-10`, `date:"24 Oktober 2024"` | WIB calendar periods, see [`DateRange`] |
//! | `Ukaina~`, `Ukaina~2` | fuzzy: within 1 (or 2) edits |
//! | `*` (or nothing) | every article |
//!
//! Keywords `AND`, `OR`, `NOT` are upper case; lower-case `and` is a word.
//! Inside quotes, `\"` is a quote and `\\` a backslash.

mod date;
mod facet;
mod filters;
mod lower;
mod parse;
mod suggest;
mod timeline;

use std::fmt;

use tantivy::tokenizer::TokenizerManager;

use crate::index::schema::Fields;

pub use date::{DateRange, WIB};
pub use facet::{FacetCount, FacetTally, Facets, FacetsCollector, facets};
pub use filters::Filters;
pub use parse::{FilterField, Node, TextField};
pub use suggest::suggest;
pub use timeline::{Interval, Timeline, TimelineBucket, TimelineCollector, timeline};

/// A query that could not be parsed: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at column {})", column(.query, *.position) + 1)]
pub struct QueryError {
    /// The query as given.
    pub query: String,
    /// Byte offset of the problem in `query`.
    pub position: usize,
    /// What was expected or what is wrong.
    pub message: String,
}

/// 0-based character column of byte `position` in `query`.
fn column(query: &str, position: usize) -> usize {
    query
        .char_indices()
        .take_while(|&(i, _)| i < position)
        .count()
}

impl QueryError {
    /// Character offset of the problem in `query` (what an editor or a
    /// web page counts), where [`QueryError::position`] is a byte offset.
    ///
    /// ```
    /// let e = newsidx::query::Query::parse("é titel:x").unwrap_err();
    /// assert_eq!((e.position, e.char_position()), (3, 2));
    /// ```
    pub fn char_position(&self) -> usize {
        column(&self.query, self.position)
    }

    /// The query on one line, a caret under the problem on the next, then
    /// the message:
    ///
    /// ```
    /// let e = newsidx::query::Query::parse("titel:banjir").unwrap_err();
    /// assert_eq!(
    ///     e.render(),
    ///     "titel:banjir\n^\nunknown field \"titel\" (expected one of title, body, source, \
    ///      author, category, url, person, place, org, date)"
    /// );
    /// ```
    pub fn render(&self) -> String {
        // Control characters would break the line or shift the caret.
        let line: String = self
            .query
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let column = column(&self.query, self.position);
        format!("{line}\n{}^\n{}", " ".repeat(column), self.message)
    }
}

/// A parsed query.
///
/// ```
/// use newsidx::query::Query;
/// let q = Query::parse("\"pasukan Korea Utara\" -iklan date:2024-10").unwrap();
/// assert_eq!(q.to_string(), "\"pasukan Korea Utara\" -iklan date:2024-10");
/// assert_eq!(q.words(), ["pasukan", "Korea", "Utara"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    root: Node,
}

/// What lowering a query to tantivy needs.
pub struct LowerContext<'a> {
    /// Field handles of the index being searched.
    pub fields: &'a Fields,
    /// The index's analyzers (see [`crate::analysis::register`]).
    pub tokenizers: &'a TokenizerManager,
    /// The archive to read name evidence from: how often it writes a word
    /// capitalised. Without one, a capitalised query word matches the name
    /// or the common word, and a lower-case one the common word or the name.
    pub searcher: Option<&'a tantivy::Searcher>,
    /// The archive's entity resolution table: an entity filter finds every
    /// name of its entity (`person:Jokowi` = `person:"Joko Widodo"`).
    /// Without one, it finds the name given and the articles that record
    /// it as an alias.
    pub entities: Option<&'a crate::index::EntityTable>,
}

impl Query {
    /// Parses the newsidx query language. Empty input means every article.
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        parse::parse(input).map(|root| Query { root })
    }

    /// Every article.
    pub fn all() -> Query {
        Query { root: Node::All }
    }

    /// Both queries (used to add the CLI's filter flags to a query).
    pub fn and(self, other: Query) -> Query {
        let root = match (self.root, other.root) {
            (Node::All, x) | (x, Node::All) => x,
            (a, b) => parse::join(vec![a, b], true),
        };
        Query { root }
    }

    /// Either query (used when a filter flag is repeated: any of the values).
    pub fn or(self, other: Query) -> Query {
        let root = match (self.root, other.root) {
            (Node::All, _) | (_, Node::All) => Node::All,
            (a, b) => parse::join(vec![a, b], false),
        };
        Query { root }
    }

    /// Same as parsing `name:"value"`: e.g. `Query::field("source", "Kompas")`.
    pub fn field(name: &str, value: &str) -> Result<Query, QueryError> {
        parse::field_node(name, value).map(|root| Query { root })
    }

    /// Articles dated inside `range`.
    pub fn date(range: DateRange) -> Query {
        Query {
            root: Node::Date(range),
        }
    }

    /// The syntax tree.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// A query from a syntax tree (for tools that build or rewrite queries).
    pub fn from_root(root: Node) -> Query {
        Query { root }
    }

    /// The words the user asked to find (not those under NOT, not fuzzy
    /// ones), in order, without repeats: what suggestions and highlighting
    /// work from. Phrase words are split on whitespace.
    pub fn words(&self) -> Vec<String> {
        fn walk(node: &Node, out: &mut Vec<String>) {
            match node {
                Node::Word {
                    text, fuzzy: None, ..
                } => push(out, text),
                Node::Phrase { text, .. } => {
                    for w in text.split_whitespace() {
                        push(out, w);
                    }
                }
                Node::And(items) | Node::Or(items) => {
                    for item in items {
                        walk(item, out);
                    }
                }
                Node::Word { .. }
                | Node::All
                | Node::Filter { .. }
                | Node::Date(_)
                | Node::Not(_) => {}
            }
        }
        fn push(out: &mut Vec<String>, w: &str) {
            if !out.iter().any(|x| x == w) {
                out.push(w.to_string());
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }

    /// True when the query matches every article (`*` or empty).
    pub fn is_match_all(&self) -> bool {
        self.root == Node::All
    }

    /// Builds the tantivy query that executes this one. A query whose every
    /// word is removed by the analyzer matches nothing.
    pub fn to_tantivy(
        &self,
        ctx: &LowerContext<'_>,
    ) -> Result<Box<dyn tantivy::query::Query>, QueryError> {
        lower::lower(&self.root, ctx).map_err(|message| QueryError {
            query: self.to_string(),
            position: 0,
            message,
        })
    }
}

/// The canonical form: parses back to the same query.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.root.fmt(f)
    }
}

#[cfg(test)]
mod tests;
