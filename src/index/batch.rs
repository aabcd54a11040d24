//! Many queries at once, as in a newsroom's list of names to check: each
//! query's total, or why it could not run. One bad line does not stop the
//! others.

use serde::Serialize;

use super::Index;
use crate::{Error, Query, Result};

/// The outcome of one query of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum BatchResult {
    /// The query ran: `{"query": …, "total": …}`.
    Total { query: String, total: usize },
    /// The query could not be parsed: `{"query": …, "error": …, "position": …}`,
    /// `position` a character offset into `query`.
    Error {
        query: String,
        error: String,
        position: usize,
    },
}

impl Index {
    /// Counts the matches of each query, in order. A query that does not
    /// parse gets an [`BatchResult::Error`]; only a failure of the index
    /// itself fails the whole batch.
    ///
    /// ```no_run
    /// let index = newsidx::Index::open("newsidx-index")?;
    /// for r in index.batch(&["person:Putin", "banjir date:2024-10", "(("])? {
    ///     println!("{}", serde_json::to_string(&r).unwrap());
    /// }
    /// # Ok::<(), newsidx::Error>(())
    /// ```
    pub fn batch<S: AsRef<str>>(&self, queries: &[S]) -> Result<Vec<BatchResult>> {
        queries.iter().map(|q| self.batch_one(q.as_ref())).collect()
    }

    fn batch_one(&self, text: &str) -> Result<BatchResult> {
        let error = |e: crate::query::QueryError| BatchResult::Error {
            query: text.to_string(),
            error: e.message.clone(),
            position: e.char_position(),
        };
        let query = match Query::parse(text) {
            Ok(q) => q,
            Err(e) => return Ok(error(e)),
        };
        match self.count(&query) {
            Ok(total) => Ok(BatchResult::Total {
                query: text.to_string(),
                total,
            }),
            Err(Error::Query(e)) => Ok(BatchResult::Error {
                query: text.to_string(),
                error: e.message,
                position: 0,
            }),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BuildOptions, NoProgress};

    #[test]
    fn each_query_gets_its_total_or_its_error() {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in.jsonl");
        let lines = [
            serde_json::json!({"id": "a", "title": "Banjir", "body": "Banjir di Jakarta.", "date": "2024-10-24"}),
            serde_json::json!({"id": "b", "title": "Gempa", "body": "Gempa dan banjir.", "date": "2024-11-02"}),
        ];
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        std::fs::write(&input, text.join("\n")).unwrap();
        let opts = BuildOptions {
            entities: false,
            ..Default::default()
        };
        let (index, _) = Index::build(tmp.path().join("ix"), &[input], &opts, &NoProgress).unwrap();
        let got = index
            .batch(&["banjir", "gempa date:2024-10", "\"banjir", "é titel:x"])
            .unwrap();
        assert_eq!(
            got[0],
            BatchResult::Total {
                query: "banjir".into(),
                total: 2
            }
        );
        assert_eq!(
            got[1],
            BatchResult::Total {
                query: "gempa date:2024-10".into(),
                total: 0
            }
        );
        assert!(
            matches!(&got[2], BatchResult::Error { position: 0, .. }),
            "{got:?}"
        );
        // Positions count characters, not bytes: `é` is one.
        assert!(
            matches!(&got[3], BatchResult::Error { position: 2, .. }),
            "{got:?}"
        );
        let json = serde_json::to_value(&got[0]).unwrap();
        assert_eq!(json, serde_json::json!({"query": "banjir", "total": 2}));
    }
}
