//! Changes to an index other than adding articles: deleting them (takedown
//! requests) and merging its segments (compaction).
//!
//! Both run under the same lock as a build (see `lock.rs`), on the live
//! generation, and end in one tantivy commit, so a reader sees the index
//! before or after, never between: the server keeps answering from the
//! last commit while they run and picks the change up on its next
//! refresh. A deletion counts its matches with a searcher before it
//! deletes, under the lock, so the count it reports is the count it
//! removed.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::Count;
use tantivy::indexer::NoMergePolicy;
use tantivy::query::{BooleanQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, Term};

use super::lock::WriteLock;
use super::{Index, remove_unpublished_generations};
use crate::{Query, Result};

/// Memory for the writer of a deletion or a merge: they index nothing, so
/// the least tantivy accepts per thread, with room to spare.
const MAINTENANCE_WRITER_BYTES: usize = 32 << 20;

/// Which articles [`Index::delete`] removes.
#[derive(Debug, Clone)]
pub enum DeleteSelection {
    /// The articles with these ids (ids not in the index are reported).
    Ids(Vec<String>),
    /// Every article this query matches, exactly as a search for it would,
    /// e.g. `Query::field("source", "Kompas")` for one source.
    Query(Query),
}

/// How [`Index::delete`] runs.
#[derive(Debug, Clone, Default)]
pub struct DeleteOptions {
    /// When another process is writing the index: wait for it (`true`) or
    /// fail at once with [`crate::Error::Busy`].
    pub wait_for_lock: bool,
    /// Only count what would be deleted; change nothing.
    pub dry_run: bool,
}

/// What a deletion did (schema/delete-report.schema.json).
#[derive(Debug, Clone, Default, Serialize)]
pub struct DeleteReport {
    /// Articles the selection matched.
    pub matched: u64,
    /// Articles removed: `matched`, or 0 in a dry run.
    pub deleted: u64,
    /// Whether this was a dry run.
    pub dry_run: bool,
    /// Ids asked for that are not in the index.
    pub ids_not_found: Vec<String>,
    /// Articles in the index afterwards.
    pub index_articles: u64,
    pub seconds: f64,
}

/// How [`Index::optimize`] runs.
#[derive(Debug, Clone, Default)]
pub struct OptimizeOptions {
    /// When another process is writing the index: wait for it (`true`) or
    /// fail at once with [`crate::Error::Busy`].
    pub wait_for_lock: bool,
}

/// What an optimization did (schema/optimize-report.schema.json).
#[derive(Debug, Clone, Default, Serialize)]
pub struct OptimizeReport {
    pub segments_before: u64,
    pub segments_after: u64,
    /// Bytes of the live generation on disk.
    pub bytes_before: u64,
    pub bytes_after: u64,
    /// Deleted articles whose space the merge reclaimed.
    pub deleted_purged: u64,
    /// Articles in the index (unchanged by an optimization).
    pub index_articles: u64,
    pub seconds: f64,
}

impl Index {
    /// Deletes the selected articles from the index at `root` in one
    /// commit, and reports how many it deleted.
    ///
    /// ```no_run
    /// use newsidx::index::{DeleteOptions, DeleteSelection};
    /// let selection = DeleteSelection::Ids(vec!["kompas-0001".into()]);
    /// let report = newsidx::Index::delete("newsidx-index", &selection, &DeleteOptions::default())?;
    /// println!("{} deleted", report.deleted);
    /// # Ok::<(), newsidx::Error>(())
    /// ```
    pub fn delete(
        root: impl AsRef<Path>,
        selection: &DeleteSelection,
        options: &DeleteOptions,
    ) -> Result<DeleteReport> {
        let started = Instant::now();
        let root = root.as_ref();
        // A dry run writes nothing, so it neither waits for nor blocks a build.
        let _lock = if options.dry_run {
            None
        } else {
            Some(lock_for_maintenance(root, options.wait_for_lock)?)
        };
        let index = Index::open(root)?;
        let searcher = index.reader.searcher();
        let mut ids_not_found = Vec::new();
        let selected: Box<dyn tantivy::query::Query> = match selection {
            DeleteSelection::Ids(ids) => {
                let mut alternatives: Vec<Box<dyn tantivy::query::Query>> = Vec::new();
                for id in ids {
                    let one = TermQuery::new(
                        Term::from_field_text(index.fields.id, id),
                        IndexRecordOption::Basic,
                    );
                    if searcher.search(&one, &Count)? == 0 && !ids_not_found.contains(id) {
                        ids_not_found.push(id.clone());
                    }
                    alternatives.push(Box::new(one));
                }
                Box::new(BooleanQuery::union(alternatives))
            }
            DeleteSelection::Query(query) => index.lower(&searcher, query)?,
        };
        let matched = searcher.search(&*selected, &Count)? as u64;
        let mut report = DeleteReport {
            matched,
            dry_run: options.dry_run,
            ids_not_found,
            index_articles: searcher.num_docs(),
            ..Default::default()
        };
        if matched > 0 && !options.dry_run {
            index
                .commit_deletion(selected)
                .map_err(|e| index.write_failure(e))?;
            index.reader.reload()?;
            report.deleted = matched;
            report.index_articles = index.reader.searcher().num_docs();
        }
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    fn commit_deletion(&self, selected: Box<dyn tantivy::query::Query>) -> Result<()> {
        let mut writer: IndexWriter = self
            .inner
            .writer_with_num_threads(1, MAINTENANCE_WRITER_BYTES)?;
        writer.set_merge_policy(super::writer::default_merge_policy(&self.generation));
        writer.delete_query(selected)?;
        writer.commit()?;
        writer.wait_merging_threads()?;
        Ok(())
    }

    /// Merges the live generation of the index at `root` into one segment,
    /// dropping deleted articles for good, and removes the files no longer
    /// used. Searches give the same results before and after; readers keep
    /// answering from the old segments until they refresh.
    ///
    /// ```no_run
    /// use newsidx::index::OptimizeOptions;
    /// let report = newsidx::Index::optimize("newsidx-index", &OptimizeOptions::default())?;
    /// println!("{} -> {} segments", report.segments_before, report.segments_after);
    /// # Ok::<(), newsidx::Error>(())
    /// ```
    pub fn optimize(root: impl AsRef<Path>, options: &OptimizeOptions) -> Result<OptimizeReport> {
        let started = Instant::now();
        let root = root.as_ref();
        let _lock = lock_for_maintenance(root, options.wait_for_lock)?;
        let index = Index::open(root)?;
        let metas = index.inner.searchable_segment_metas()?;
        let deleted: u64 = metas.iter().map(|m| u64::from(m.num_deleted_docs())).sum();
        let segments = metas.len();
        // Segment metas alive anywhere keep their files from the garbage
        // collection that follows the merge.
        drop(metas);
        let mut report = OptimizeReport {
            segments_before: segments as u64,
            bytes_before: index.size_bytes(),
            ..Default::default()
        };
        if segments > 1 || deleted > 0 {
            index.merge_all().map_err(|e| index.write_failure(e))?;
            report.deleted_purged = deleted;
        }
        report.segments_after = index.inner.searchable_segment_ids()?.len() as u64;
        report.bytes_after = index.size_bytes();
        report.index_articles = index.reader.searcher().num_docs();
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    fn merge_all(&self) -> Result<()> {
        let mut writer: IndexWriter = self
            .inner
            .writer_with_num_threads(1, MAINTENANCE_WRITER_BYTES)?;
        // Only the merge asked for: no other merge may claim its segments.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let segments = self.inner.searchable_segment_ids()?;
        // The merge publishes itself (a new meta.json) when it completes.
        writer.merge(&segments).wait()?;
        // Files of segments an open searcher still uses are kept by the
        // garbage collection; this process's own reader must let go first.
        self.reader.reload()?;
        writer.garbage_collect_files().wait()?;
        writer.wait_merging_threads()?;
        Ok(())
    }
}

/// The lock for a deletion or an optimization, with the leftovers of killed
/// builds cleared as a build would.
fn lock_for_maintenance(root: &Path, wait: bool) -> Result<WriteLock> {
    if !root.is_dir() {
        // Nothing to maintain; do not create a folder to say so.
        return Err(crate::Error::NoIndex(root.to_path_buf()));
    }
    let lock = WriteLock::acquire(root, wait)?;
    remove_unpublished_generations(root);
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use super::*;
    use crate::{BuildOptions, Error, NoProgress};

    fn article(id: &str, source: &str, title: &str) -> String {
        serde_json::json!({
            "id": id, "title": title, "body": format!("{title} di Jakarta."),
            "date": "2024-10-24", "source": source,
        })
        .to_string()
    }

    fn build(root: &Path, dir: &Path, name: &str, lines: &[String]) {
        let input: PathBuf = dir.join(name);
        fs::write(&input, lines.join("\n")).unwrap();
        let opts = BuildOptions {
            entities: false,
            threads: Some(1),
            ..Default::default()
        };
        Index::build(root, &[input], &opts, &NoProgress).unwrap();
    }

    fn ids(index: &Index, query: &str) -> Vec<String> {
        let options = crate::SearchOptions {
            limit: 100,
            ..Default::default()
        };
        let mut ids: Vec<String> = index
            .search(&Query::parse(query).unwrap(), &options)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn deleting_by_id_counts_and_removes_only_those_articles() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        build(
            &root,
            tmp.path(),
            "a.jsonl",
            &[
                article("a", "Kompas", "Banjir"),
                article("b", "Kompas", "Banjir besar"),
                article("c", "Tempo", "Banjir lagi"),
            ],
        );
        let selection = DeleteSelection::Ids(vec!["a".into(), "zz".into(), "c".into()]);
        let report = Index::delete(&root, &selection, &DeleteOptions::default()).unwrap();
        assert_eq!(report.matched, 2);
        assert_eq!(report.deleted, 2);
        assert_eq!(report.ids_not_found, ["zz"]);
        assert_eq!(report.index_articles, 1);
        let index = Index::open(&root).unwrap();
        assert_eq!(ids(&index, "banjir"), ["b"]);
        assert!(matches!(index.get("a"), Err(Error::NotFound(_))));
    }

    #[test]
    fn deleting_by_source_matches_as_the_source_filter_does() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        build(
            &root,
            tmp.path(),
            "a.jsonl",
            &[
                article("a", "Kompas", "Banjir"),
                article("b", "KOMPAS", "Gempa"),
                article("c", "Tempo", "Banjir lagi"),
            ],
        );
        let source = Query::field("source", "kompas").unwrap();
        let dry = DeleteOptions {
            dry_run: true,
            ..Default::default()
        };
        let report = Index::delete(&root, &DeleteSelection::Query(source.clone()), &dry).unwrap();
        assert_eq!((report.matched, report.deleted), (2, 0));
        assert_eq!(Index::open(&root).unwrap().num_articles(), 3);

        let report = Index::delete(
            &root,
            &DeleteSelection::Query(source),
            &DeleteOptions::default(),
        )
        .unwrap();
        assert_eq!((report.matched, report.deleted), (2, 2));
        assert_eq!(ids(&Index::open(&root).unwrap(), "*"), ["c"]);
    }

    #[test]
    fn a_deletion_waits_for_no_one_when_told_not_to() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        build(
            &root,
            tmp.path(),
            "a.jsonl",
            &[article("a", "Kompas", "Banjir")],
        );
        let _held = WriteLock::acquire(&root, false).unwrap();
        let selection = DeleteSelection::Ids(vec!["a".into()]);
        assert!(matches!(
            Index::delete(&root, &selection, &DeleteOptions::default()),
            Err(Error::Busy { .. })
        ));
        assert!(matches!(
            Index::optimize(&root, &OptimizeOptions::default()),
            Err(Error::Busy { .. })
        ));
        // A dry run writes nothing and needs no lock.
        let dry = DeleteOptions {
            dry_run: true,
            ..Default::default()
        };
        assert_eq!(Index::delete(&root, &selection, &dry).unwrap().matched, 1);
    }

    #[test]
    fn optimizing_merges_segments_and_keeps_search_results() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        // Three builds, three commits, three segments.
        for n in 0..3 {
            build(
                &root,
                tmp.path(),
                &format!("{n}.jsonl"),
                &[
                    article(&format!("a{n}"), "Kompas", "Banjir"),
                    article(&format!("b{n}"), "Tempo", "Gempa bumi"),
                ],
            );
        }
        let selection = DeleteSelection::Ids(vec!["a1".into()]);
        Index::delete(&root, &selection, &DeleteOptions::default()).unwrap();
        let before = Index::open(&root).unwrap();
        let (banjir, gempa) = (ids(&before, "banjir"), ids(&before, "gempa"));
        drop(before);

        let report = Index::optimize(&root, &OptimizeOptions::default()).unwrap();
        assert_eq!(report.segments_before, 3);
        assert_eq!(report.segments_after, 1);
        assert_eq!(report.deleted_purged, 1);
        assert_eq!(report.index_articles, 5);
        assert!(
            report.bytes_after < report.bytes_before,
            "the merged segments' files are removed: {report:?}"
        );

        let after = Index::open(&root).unwrap();
        assert_eq!(ids(&after, "banjir"), banjir);
        assert_eq!(ids(&after, "gempa"), gempa);
        // A second run has nothing to do.
        let again = Index::optimize(&root, &OptimizeOptions::default()).unwrap();
        assert_eq!((again.segments_before, again.segments_after), (1, 1));
    }

    #[test]
    fn a_live_reader_keeps_answering_and_then_sees_deletions_and_merges() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        for n in 0..2 {
            build(
                &root,
                tmp.path(),
                &format!("{n}.jsonl"),
                &[article(&format!("a{n}"), "Kompas", "Banjir")],
            );
        }
        let live = crate::index::LiveIndex::open(&root).unwrap();
        let held = live.index();
        let banjir = Query::parse("banjir").unwrap();
        let selection = DeleteSelection::Ids(vec!["a0".into()]);
        Index::delete(&root, &selection, &DeleteOptions::default()).unwrap();
        Index::optimize(&root, &OptimizeOptions::default()).unwrap();
        // A request that started before both still answers from its state.
        assert_eq!(held.count(&banjir).unwrap(), 2);
        assert_eq!(held.get("a0").unwrap().id, "a0");
        assert!(live.refresh().unwrap());
        assert_eq!(live.index().count(&banjir).unwrap(), 1);
    }

    #[test]
    fn maintaining_a_folder_without_an_index_creates_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("none");
        assert!(matches!(
            Index::optimize(&root, &OptimizeOptions::default()),
            Err(Error::NoIndex(_))
        ));
        assert!(!root.exists());
    }
}
