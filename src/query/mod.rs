//! The query language shared by the CLI and the library.

pub mod facet;
pub mod suggest;
pub mod timeline;

use std::fmt;

use tantivy::query::QueryParser;
use tantivy::tokenizer::TokenizerManager;

use crate::index::schema::Fields;

/// A query that could not be parsed: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at column {})", .position + 1)]
pub struct QueryError {
    /// The query as given.
    pub query: String,
    /// Byte offset of the problem in `query`.
    pub position: usize,
    /// What was expected or what is wrong.
    pub message: String,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    text: String,
}

/// What lowering a query to tantivy needs.
pub struct LowerContext<'a> {
    pub fields: &'a Fields,
    pub tokenizers: &'a TokenizerManager,
}

impl Query {
    /// Parses the newsidx query language.
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        Ok(Query {
            text: input.to_string(),
        })
    }

    /// Builds the tantivy query that executes this one.
    pub fn to_tantivy(
        &self,
        ctx: &LowerContext<'_>,
    ) -> Result<Box<dyn tantivy::query::Query>, QueryError> {
        let mut qp = QueryParser::new(
            ctx.fields.schema.clone(),
            vec![ctx.fields.title, ctx.fields.body],
            ctx.tokenizers.clone(),
        );
        qp.set_conjunction_by_default();
        qp.set_field_boost(ctx.fields.title, 2.0);
        let text = if self.text.trim().is_empty() {
            "*"
        } else {
            &self.text
        };
        qp.parse_query(text).map_err(|e| QueryError {
            query: self.text.clone(),
            position: 0,
            message: e.to_string(),
        })
    }
}

/// A half-open range of instants `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    pub start: Option<time::OffsetDateTime>,
    pub end: Option<time::OffsetDateTime>,
}

impl DateRange {
    pub fn parse(s: &str) -> Result<DateRange, String> {
        Err(format!("date ranges are not supported yet: {s}"))
    }
}

impl QueryError {
    pub fn render(&self) -> String {
        format!(
            "{}\n{}^\n{}",
            self.query,
            " ".repeat(self.position),
            self.message
        )
    }
}

impl Query {
    pub fn and(self, other: Query) -> Query {
        Query {
            text: format!("({}) AND ({})", self.text, other.text),
        }
    }
    pub fn or(self, other: Query) -> Query {
        Query {
            text: format!("({}) OR ({})", self.text, other.text),
        }
    }
    pub fn field(name: &str, value: &str) -> Result<Query, QueryError> {
        Ok(Query {
            text: format!("{name}:\"{value}\""),
        })
    }
    pub fn date(_range: DateRange) -> Query {
        Query { text: "*".into() }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
