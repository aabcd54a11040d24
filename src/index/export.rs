//! Every match of a query, one article at a time, for downloads (CSV,
//! JSON Lines) and batch searches: memory stays flat whether a query
//! matches ten articles or a million.
//!
//! The matches are walked segment by segment with a non-scoring scorer (no
//! top-k heap, no list of addresses), and each stored document is read
//! when its row is asked for. Rows come in index order (build order, which
//! for most archives is roughly date order), not by relevance.

use serde::Serialize;
use tantivy::query::{EnableScoring, Scorer, Weight};
use tantivy::schema::TantivyDocument;
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED};
use time::OffsetDateTime;

use super::Index;
use super::schema::Fields;
use super::search::stored_article;
use crate::{Query, Result};

/// One exported article: its metadata, without the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportRow {
    pub id: String,
    /// Publication time in WIB (UTC+7).
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    pub source: Option<String>,
    pub title: String,
    pub url: Option<String>,
    pub author: Option<String>,
    pub category: Option<String>,
}

impl ExportRow {
    /// The CSV columns, in order.
    pub const CSV_HEADER: [&'static str; 5] = ["id", "date", "source", "title", "url"];

    /// The row's CSV cells, matching [`ExportRow::CSV_HEADER`]. Dates are
    /// RFC 3339 in WIB.
    pub fn csv_cells(&self) -> [String; 5] {
        let date = self
            .date
            .and_then(|d| {
                d.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default();
        [
            self.id.clone(),
            date,
            self.source.clone().unwrap_or_default(),
            self.title.clone(),
            self.url.clone().unwrap_or_default(),
        ]
    }
}

/// Iterator over every match of a query; see [`Index::export`].
pub struct Export {
    searcher: Searcher,
    fields: Fields,
    weight: Box<dyn Weight>,
    /// Next segment to open.
    next_segment: usize,
    /// Open segment and its scorer, positioned on the next match.
    current: Option<(u32, Box<dyn Scorer>)>,
}

impl std::fmt::Debug for Export {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Export")
            .field("next_segment", &self.next_segment)
            .finish()
    }
}

impl Index {
    /// Every article matching `query`, as rows read one at a time.
    ///
    /// ```no_run
    /// let index = newsidx::Index::open("newsidx-index")?;
    /// let query = newsidx::Query::parse("banjir")?;
    /// for row in index.export(&query)? {
    ///     let row = row?;
    ///     println!("{}\t{}", row.id, row.title);
    /// }
    /// # Ok::<(), newsidx::Error>(())
    /// ```
    pub fn export(&self, query: &Query) -> Result<Export> {
        let searcher = self.reader.searcher();
        let tq = self.lower(&searcher, query)?;
        let weight = tq.weight(EnableScoring::disabled_from_searcher(&searcher))?;
        Ok(Export {
            searcher,
            fields: self.fields.clone(),
            weight,
            next_segment: 0,
            current: None,
        })
    }

    /// Iterates over the addresses of every match of a query without
    /// reading documents (used by [`Export`] and its tests).
    fn next_match(export: &mut Export) -> Result<Option<DocAddress>> {
        loop {
            if let Some((segment_ord, scorer)) = export.current.as_mut() {
                let reader = &export.searcher.segment_readers()[*segment_ord as usize];
                let alive = reader.alive_bitset();
                let mut doc = scorer.doc();
                while doc != TERMINATED && alive.is_some_and(|a| !a.is_alive(doc)) {
                    doc = scorer.advance();
                }
                if doc != TERMINATED {
                    let addr = DocAddress::new(*segment_ord, doc);
                    scorer.advance();
                    return Ok(Some(addr));
                }
                export.current = None;
            }
            let Some(reader) = export.searcher.segment_readers().get(export.next_segment) else {
                return Ok(None);
            };
            let scorer = export.weight.scorer(reader, 1.0)?;
            let ord = u32::try_from(export.next_segment).unwrap_or(u32::MAX);
            export.next_segment += 1;
            export.current = Some((ord, scorer));
        }
    }
}

impl Iterator for Export {
    type Item = Result<ExportRow>;

    fn next(&mut self) -> Option<Result<ExportRow>> {
        let addr = match Index::next_match(self) {
            Ok(Some(addr)) => addr,
            Ok(None) => return None,
            Err(e) => {
                // Stop after reporting the error once.
                self.next_segment = usize::MAX;
                self.current = None;
                return Some(Err(e));
            }
        };
        let row = self
            .searcher
            .doc::<TantivyDocument>(addr)
            .map_err(crate::Error::from)
            .map(|doc| {
                let a = stored_article(&self.fields, &doc);
                ExportRow {
                    id: a.id,
                    date: a.date,
                    source: a.source,
                    title: a.title,
                    url: a.url,
                    author: a.author,
                    category: a.category,
                }
            });
        Some(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BuildOptions, NoProgress};
    use std::path::Path;

    fn build(dir: &Path, lines: &[serde_json::Value], rebuild: bool) -> Index {
        let input = dir.join(format!("in-{}.jsonl", lines.len()));
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        std::fs::write(&input, text.join("\n")).unwrap();
        let opts = BuildOptions {
            entities: false,
            rebuild,
            ..Default::default()
        };
        Index::build(dir.join("ix"), &[input], &opts, &NoProgress)
            .unwrap()
            .0
    }

    fn article(i: usize, title: &str) -> serde_json::Value {
        serde_json::json!({
            "id": format!("a{i:03}"), "title": title, "body": format!("{title} nomor {i}."),
            "date": "2024-10-24", "source": "Kompas", "url": format!("https://x.test/{i}")
        })
    }

    #[test]
    fn every_match_once_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let mut lines: Vec<_> = (0..120).map(|i| article(i, "Banjir bandang")).collect();
        lines.extend((120..150).map(|i| article(i, "Gempa bumi")));
        let index = build(tmp.path(), &lines, false);
        let rows: Vec<ExportRow> = index
            .export(&Query::parse("banjir").unwrap())
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        let mut ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 120);
        assert!(rows.iter().all(|r| r.title == "Banjir bandang"));
        assert_eq!(rows[0].source.as_deref(), Some("Kompas"));
        let none = index.export(&Query::parse("tsunami").unwrap()).unwrap();
        assert_eq!(none.count(), 0);
        let all = index.export(&Query::all()).unwrap();
        assert_eq!(all.count(), 150);
    }

    #[test]
    fn replaced_articles_are_exported_once() {
        let tmp = tempfile::tempdir().unwrap();
        build(tmp.path(), &[article(1, "Banjir lama")], false);
        // Same id again in a second commit: the old document is deleted.
        let index = build(
            tmp.path(),
            &[article(1, "Banjir baru"), article(2, "Banjir")],
            false,
        );
        let rows: Vec<ExportRow> = index
            .export(&Query::parse("banjir").unwrap())
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        let mut titles: Vec<&str> = rows.iter().map(|r| r.title.as_str()).collect();
        titles.sort();
        assert_eq!(titles, ["Banjir", "Banjir baru"]);
    }

    #[test]
    fn csv_cells_follow_the_header() {
        let row = ExportRow {
            id: "x".into(),
            date: None,
            source: Some("Kompas".into()),
            title: "Judul".into(),
            url: None,
            author: None,
            category: None,
        };
        assert_eq!(row.csv_cells(), ["x", "", "Kompas", "Judul", ""]);
        assert_eq!(ExportRow::CSV_HEADER.len(), row.csv_cells().len());
    }
}
