//! Every match of a query, as stored articles, one at a time: what a
//! notebook or a batch job wants when a page of ten hits is not enough.
//!
//! The matches are found once (their addresses and dates, a few bytes each)
//! and the stored articles are read only as the caller asks for them, so an
//! export of a whole archive holds one article in memory at a time. The
//! export keeps the searcher it started with: articles committed by a later
//! build are not mixed in halfway.

use tantivy::collector::DocSetCollector;
use tantivy::schema::TantivyDocument;
use tantivy::{DocAddress, Searcher};

use super::Index;
use super::schema::Fields;
use super::search::{StoredArticle, stored_article};
use crate::Result;
use crate::query::Query;

/// The matches of a query, oldest first (undated articles last, ties in
/// index order), as [`StoredArticle`]s: see [`Index::export_articles`].
pub struct ArticleExport {
    searcher: Searcher,
    fields: Fields,
    /// Names entities as [`Index::get`] does.
    table: std::sync::Arc<super::entity_table::EntityTable>,
    order: std::vec::IntoIter<DocAddress>,
}

impl std::fmt::Debug for ArticleExport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArticleExport")
            .field("remaining", &self.order.len())
            .finish()
    }
}

impl Index {
    /// Every article matching `query` in full, oldest first, read lazily
    /// (for notebooks; [`Index::export`] streams metadata rows in index
    /// order with memory that does not grow with the matches).
    ///
    /// ```no_run
    /// use newsidx::{Index, Query};
    /// let index = Index::open("newsidx-index")?;
    /// for article in index.export_articles(&Query::parse("banjir date:2024")?)? {
    ///     let article = article?;
    ///     println!("{} {}", article.id, article.title);
    /// }
    /// # Ok::<(), newsidx::Error>(())
    /// ```
    pub fn export_articles(&self, query: &Query) -> Result<ArticleExport> {
        let searcher = self.reader.searcher();
        let tq = self.lower(&searcher, query)?;
        let found = searcher.search(&*tq, &DocSetCollector)?;
        let date_field = self.fields.schema.get_field_name(self.fields.date);
        let mut dated: Vec<(i64, DocAddress)> = Vec::with_capacity(found.len());
        let mut undated: Vec<DocAddress> = Vec::new();
        for addr in found {
            let date = searcher
                .segment_reader(addr.segment_ord)
                .fast_fields()
                .date(date_field)
                .ok()
                .and_then(|c| c.first(addr.doc_id));
            match date {
                Some(d) => dated.push((d.into_timestamp_micros(), addr)),
                None => undated.push(addr),
            }
        }
        dated.sort_unstable();
        undated.sort_unstable();
        let order: Vec<DocAddress> = dated.into_iter().map(|(_, a)| a).chain(undated).collect();
        Ok(ArticleExport {
            searcher,
            fields: self.fields.clone(),
            table: self.entity_table(),
            order: order.into_iter(),
        })
    }
}

impl Iterator for ArticleExport {
    type Item = Result<StoredArticle>;

    fn next(&mut self) -> Option<Self::Item> {
        let addr = self.order.next()?;
        Some(
            self.searcher
                .doc::<TantivyDocument>(addr)
                .map(|doc| {
                    let mut article = stored_article(&self.fields, &doc);
                    article.entities = self.table.resolve_article(article.entities);
                    article
                })
                .map_err(Into::into),
        )
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.order.size_hint()
    }
}

impl ExactSizeIterator for ArticleExport {}

#[cfg(test)]
mod tests {
    use std::fs;

    use crate::{BuildOptions, Index, NoProgress, Query, SearchOptions};

    fn build(lines: &[serde_json::Value]) -> (tempfile::TempDir, Index) {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in.jsonl");
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        fs::write(&input, text.join("\n")).unwrap();
        let opts = BuildOptions {
            entities: false,
            ..Default::default()
        };
        let (index, _) = Index::build(tmp.path().join("ix"), &[input], &opts, &NoProgress).unwrap();
        (tmp, index)
    }

    #[test]
    fn export_gives_every_match_oldest_first_and_undated_last() {
        let (_tmp, index) = build(&[
            serde_json::json!({"id": "c", "title": "Banjir", "body": "Banjir lagi.", "date": "2024-12-01"}),
            serde_json::json!({"id": "u", "title": "Banjir", "body": "Banjir tanpa tanggal."}),
            serde_json::json!({"id": "a", "title": "Banjir", "body": "Banjir pertama.", "date": "2024-01-05"}),
            serde_json::json!({"id": "x", "title": "Gempa", "body": "Gempa di Maluku.", "date": "2024-06-01"}),
            serde_json::json!({"id": "b", "title": "Hujan", "body": "Hujan deras, banjir.", "date": "2024-06-01"}),
        ]);
        let q = Query::parse("banjir").unwrap();
        let export = index.export_articles(&q).unwrap();
        assert_eq!(export.len(), 4);
        let ids: Vec<String> = export.map(|a| a.unwrap().id).collect();
        assert_eq!(ids, ["a", "b", "c", "u"]);
        // The same articles a search counts.
        let total = index.search(&q, &SearchOptions::default()).unwrap().total;
        assert_eq!(total, ids.len());
    }

    #[test]
    fn an_exported_article_is_the_stored_one() {
        let (_tmp, index) = build(&[
            serde_json::json!({"id": "a", "title": "Banjir", "body": "Banjir di Jakarta.", "date": "2024-01-05", "source": "contoh.id"}),
        ]);
        let exported: Vec<_> = index
            .export_articles(&Query::all())
            .unwrap()
            .map(|a| a.unwrap())
            .collect();
        assert_eq!(exported.len(), 1);
        let stored = index.get("a").unwrap();
        assert_eq!(
            serde_json::to_value(&exported[0]).unwrap(),
            serde_json::to_value(&stored).unwrap()
        );
    }

    #[test]
    fn a_query_matching_nothing_exports_nothing() {
        let (_tmp, index) = build(&[
            serde_json::json!({"id": "a", "title": "Banjir", "body": "Banjir di Jakarta."}),
        ]);
        let q = Query::parse("gempa").unwrap();
        assert_eq!(index.export_articles(&q).unwrap().count(), 0);
    }
}
