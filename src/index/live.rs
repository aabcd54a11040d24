//! An index that follows the folder it was opened from: a long-running
//! reader (the HTTP server) sees a concurrent build's commit, or a
//! `--rebuild` that switched `CURRENT` to a new generation, without
//! restarting, and never a half-built state.
//!
//! Both changes are atomic on disk (a tantivy commit replaces `meta.json`;
//! a rebuild renames `CURRENT`), so reading them is enough: a commit is
//! picked up by reloading the reader, a generation switch by opening the
//! new generation and swapping it in. Searches that already hold the old
//! [`Index`] finish on it; its files stay readable through their open maps
//! even after the build removes the old folder.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use tantivy::SegmentReader;

use super::{Index, current_generation};
use crate::{Error, Result};

/// The live index at a folder, refreshed on demand.
///
/// ```no_run
/// let live = newsidx::index::LiveIndex::open("newsidx-index")?;
/// // … later, e.g. every half second:
/// if live.refresh()? {
///     println!("now {} articles", live.index().num_articles());
/// }
/// # Ok::<(), newsidx::Error>(())
/// ```
#[derive(Debug)]
pub struct LiveIndex {
    root: PathBuf,
    current: RwLock<Arc<Index>>,
    /// Counts the refreshes that changed something.
    version: AtomicU64,
}

impl LiveIndex {
    /// Opens the index at `root`.
    pub fn open(root: impl AsRef<Path>) -> Result<LiveIndex> {
        let root = root.as_ref().to_path_buf();
        let index = Index::open(&root)?;
        Ok(LiveIndex {
            root,
            current: RwLock::new(Arc::new(index)),
            version: AtomicU64::new(0),
        })
    }

    /// The index as of the last refresh. Hold it for the length of one
    /// request: every call on it sees the same state.
    pub fn index(&self) -> Arc<Index> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Picks up what a build has committed since the last call: a new
    /// generation (after `--rebuild`) or new commits in the live one.
    /// Returns whether the articles searched may have changed. On an error
    /// (e.g. a generation removed between reading `CURRENT` and opening it)
    /// the previous state stays in use.
    pub fn refresh(&self) -> Result<bool> {
        let index = self.index();
        let generation =
            current_generation(&self.root)?.ok_or_else(|| Error::NoIndex(self.root.clone()))?;
        if generation != index.generation {
            let fresh = Arc::new(Index::open_generation(self.root.clone(), generation)?);
            match self.current.write() {
                Ok(mut guard) => *guard = fresh,
                Err(poisoned) => *poisoned.into_inner() = fresh,
            }
            self.version.fetch_add(1, Ordering::SeqCst);
            return Ok(true);
        }
        let before = segments(&index.reader.searcher());
        index.reader.reload()?;
        let changed = segments(&index.reader.searcher()) != before;
        // A build stores the entity table just after its commit, so the
        // table is checked on its own.
        let table_changed = index.entity_table_changed();
        if table_changed {
            index.reload_entity_table()?;
        }
        let changed = changed || table_changed;
        if changed {
            self.version.fetch_add(1, Ordering::SeqCst);
        }
        Ok(changed)
    }

    /// A number that grows each time [`LiveIndex::refresh`] finds a change:
    /// what caches of derived data (completion lists) are keyed by.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
    }
}

/// What identifies the searched state: each segment and its deletions.
fn segments(searcher: &tantivy::Searcher) -> Vec<(tantivy::index::SegmentId, u32)> {
    searcher
        .segment_readers()
        .iter()
        .map(|s: &SegmentReader| (s.segment_id(), s.num_deleted_docs()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BuildOptions, NoProgress, Query};

    fn write(dir: &Path, name: &str, id: &str, title: &str) -> PathBuf {
        let p = dir.join(name);
        let line = serde_json::json!({ "id": id, "title": title, "body": format!("{title} di Jakarta."), "date": "2024-10-24" });
        std::fs::write(&p, line.to_string()).unwrap();
        p
    }

    fn opts(rebuild: bool) -> BuildOptions {
        BuildOptions {
            entities: false,
            rebuild,
            ..Default::default()
        }
    }

    #[test]
    fn a_commit_is_seen_after_refresh_and_not_before() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        let a = write(tmp.path(), "a.jsonl", "a", "Banjir");
        Index::build(&root, &[a], &opts(false), &NoProgress).unwrap();
        let live = LiveIndex::open(&root).unwrap();
        assert!(!live.refresh().unwrap(), "nothing changed yet");
        let b = write(tmp.path(), "b.jsonl", "b", "Gempa");
        Index::build(&root, &[b], &opts(false), &NoProgress).unwrap();
        let q = Query::parse("gempa").unwrap();
        assert_eq!(live.index().count(&q).unwrap(), 0);
        assert!(live.refresh().unwrap());
        assert_eq!(live.index().count(&q).unwrap(), 1);
        assert_eq!(live.index().num_articles(), 2);
    }

    #[test]
    fn a_rebuild_switches_generation_and_old_handles_keep_working() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        let a = write(tmp.path(), "a.jsonl", "a", "Banjir");
        Index::build(&root, &[a], &opts(false), &NoProgress).unwrap();
        let live = LiveIndex::open(&root).unwrap();
        let old = live.index();
        let b = write(tmp.path(), "b.jsonl", "b", "Gempa");
        Index::build(&root, &[b], &opts(true), &NoProgress).unwrap();
        assert!(live.refresh().unwrap());
        let new = live.index();
        assert_ne!(old.generation, new.generation);
        assert_eq!(new.count(&Query::parse("gempa").unwrap()).unwrap(), 1);
        assert_eq!(new.count(&Query::parse("banjir").unwrap()).unwrap(), 0);
        // A request still holding the old generation finishes on it.
        assert_eq!(old.get("a").unwrap().title, "Banjir");
    }

    #[test]
    fn a_missing_index_is_an_error_and_keeps_the_old_state() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        let a = write(tmp.path(), "a.jsonl", "a", "Banjir");
        Index::build(&root, &[a], &opts(false), &NoProgress).unwrap();
        let live = LiveIndex::open(&root).unwrap();
        std::fs::remove_file(root.join(super::super::CURRENT)).unwrap();
        assert!(live.refresh().is_err());
        assert_eq!(live.index().num_articles(), 1);
    }
}
