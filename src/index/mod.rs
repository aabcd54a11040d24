//! The on-disk index: where it lives, how it is opened, and how a build
//! replaces it without ever leaving a half-written index behind.
//!
//! Layout of an index folder:
//!
//! ```text
//! INDEX/
//!   CURRENT          name of the live generation, replaced atomically
//!   gen-000003/      a complete tantivy index + newsidx.json (settings)
//!   build.lock       held (OS lock) by the one process writing (see lock.rs)
//! ```
//!
//! Adding to an index commits into the live generation (tantivy commits are
//! atomic). `--rebuild` writes a new generation next to the live one and
//! only then points `CURRENT` at it, so an interrupted rebuild leaves the
//! previous index intact and searchable. The cost is twice the disk space
//! while a rebuild runs. Whatever a killed writer left behind (a generation
//! never published, segment files of a commit that never happened) is
//! removed by the next writer, under the lock: the first by
//! `remove_unpublished_generations`, the second by tantivy's garbage
//! collection at the next commit.

mod articles;
mod batch;
mod complete;
mod disk;
mod entity_profile;
pub(crate) mod entity_table;
mod export;
mod live;
mod lock;
mod maintain;
pub mod schema;
mod search;
mod share;
mod snippet_analyzer;
mod writer;

pub use articles::ArticleExport;
pub use batch::BatchResult;
pub use complete::{Completer, Completion, CompletionKind};
pub use entity_profile::{EntityOptions, EntityProfile, RelatedEntity};
pub use entity_table::{ArticlePairs, EntityCluster, EntityEvidence, EntityTable};
pub use export::{Export, ExportRow};
pub use live::LiveIndex;
pub use lock::is_being_written;
pub use maintain::{DeleteOptions, DeleteReport, DeleteSelection, OptimizeOptions, OptimizeReport};
pub use share::{SharedBucket, with_share};

pub use search::{
    Hit, SearchOptions, SearchResults, Snippet, Sort, Stats, StoredArticle, Suggestion,
};
pub use writer::{BuildOptions, BuildProgress, BuildReport, NoProgress};

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{IndexReader, ReloadPolicy};

use crate::analysis::{self, AnalysisConfig, AnalyzerFingerprint};
use crate::{Error, Result};
use disk::WatchedDirectory;
use schema::{Fields, SCHEMA_VERSION};

const CURRENT: &str = "CURRENT";
const SETTINGS: &str = "newsidx.json";

/// Settings stored with each generation, so every process that opens the
/// index analyses text exactly as the build did.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Settings {
    schema_version: u32,
    analysis: AnalysisConfig,
    /// What analysed the index; absent in indexes from before it was
    /// recorded, which are refused like any other difference.
    #[serde(default)]
    analyzer: Option<AnalyzerFingerprint>,
}

/// An open newsidx index: the entry point for embedding newsidx.
///
/// ```no_run
/// use newsidx::{Index, Query, SearchOptions};
/// let index = Index::open("newsidx-index")?;
/// let results = index.search(&Query::parse("pasukan Korea Utara")?, &SearchOptions::default())?;
/// for hit in &results.hits {
///     println!("{:>2}. {}", hit.rank, hit.title);
/// }
/// # Ok::<(), newsidx::Error>(())
/// ```
pub struct Index {
    root: PathBuf,
    generation: PathBuf,
    inner: tantivy::Index,
    fields: Fields,
    settings: Settings,
    reader: IndexReader,
    /// Which entity names are one entity (see `entity_table`).
    entity_table: std::sync::RwLock<std::sync::Arc<entity_table::EntityTable>>,
    /// Set when a write into this generation ran out of disk space.
    disk_full: Arc<AtomicBool>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("root", &self.root)
            .field("generation", &self.generation)
            .finish()
    }
}

impl Index {
    /// Opens the index at `root` for searching.
    pub fn open(root: impl AsRef<Path>) -> Result<Index> {
        let root = root.as_ref().to_path_buf();
        let generation = current_generation(&root)?.ok_or_else(|| Error::NoIndex(root.clone()))?;
        Index::open_generation(root, generation)
    }

    fn open_generation(root: PathBuf, generation: PathBuf) -> Result<Index> {
        let bad = |reason: String| Error::BadIndex {
            path: generation.clone(),
            reason,
        };
        let settings_path = generation.join(SETTINGS);
        let raw = fs::read_to_string(&settings_path).map_err(|e| Error::io(&settings_path, e))?;
        let settings: Settings =
            serde_json::from_str(&raw).map_err(|e| bad(format!("{SETTINGS}: {e}")))?;
        if settings.schema_version != SCHEMA_VERSION {
            return Err(bad(format!(
                "schema version {} (this newsidx reads version {SCHEMA_VERSION}); rebuild it with --rebuild",
                settings.schema_version
            )));
        }
        let current = AnalyzerFingerprint::current();
        if settings.analyzer.as_ref() != Some(&current) {
            return Err(Error::AnalyzerChanged {
                path: root.clone(),
                recorded: settings
                    .analyzer
                    .as_ref()
                    .map_or_else(|| "not recorded".to_string(), ToString::to_string),
                current: current.to_string(),
            });
        }
        let disk_full = Arc::new(AtomicBool::new(false));
        let dir = WatchedDirectory::new(
            MmapDirectory::open(&generation).map_err(|e| bad(e.to_string()))?,
            Arc::clone(&disk_full),
        );
        let inner = tantivy::Index::open(dir)?;
        let fields = Fields::from_schema(&inner.schema()).map_err(bad)?;
        analysis::register(inner.tokenizers(), &settings.analysis);
        let reader = inner
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let table = entity_table::EntityTable::load(&generation)?;
        Ok(Index {
            root,
            generation,
            inner,
            fields,
            settings,
            reader,
            entity_table: std::sync::RwLock::new(std::sync::Arc::new(table)),
            disk_full,
        })
    }

    /// Creates a new, empty generation under `root` (not yet live).
    fn create_generation(root: &Path, analysis: AnalysisConfig) -> Result<Index> {
        fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        let next = next_generation_name(root)?;
        let generation = root.join(next);
        fs::create_dir_all(&generation).map_err(|e| Error::io(&generation, e))?;
        let disk_full = Arc::new(AtomicBool::new(false));
        Index::fill_new_generation(root, generation.clone(), analysis, &disk_full).map_err(|e| {
            // An empty generation is no use to anyone; the next writer would
            // remove it anyway.
            let _ = fs::remove_dir_all(&generation);
            disk_full_or(root, &disk_full, e)
        })
    }

    /// Writes the settings and an empty tantivy index into `generation`.
    fn fill_new_generation(
        root: &Path,
        generation: PathBuf,
        analysis: AnalysisConfig,
        disk_full: &Arc<AtomicBool>,
    ) -> Result<Index> {
        let settings = Settings {
            schema_version: SCHEMA_VERSION,
            analysis,
            analyzer: Some(AnalyzerFingerprint::current()),
        };
        let json =
            serde_json::to_string_pretty(&settings).map_err(|e| Error::Invalid(e.to_string()))?;
        write_atomic(&generation.join(SETTINGS), json.as_bytes())?;
        let fields = Fields::new();
        let dir = WatchedDirectory::new(
            MmapDirectory::open(&generation).map_err(|e| Error::BadIndex {
                path: generation.clone(),
                reason: e.to_string(),
            })?,
            Arc::clone(disk_full),
        );
        let inner = tantivy::Index::create(dir, fields.schema.clone(), Default::default())?;
        analysis::register(inner.tokenizers(), &settings.analysis);
        let reader = inner
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Index {
            root: root.to_path_buf(),
            generation,
            inner,
            fields,
            settings,
            reader,
            entity_table: Default::default(),
            disk_full: Arc::clone(disk_full),
        })
    }

    /// What a failed write into this index is reported as: a full disk is
    /// named as such (tantivy often reports it only as a killed writer),
    /// anything else passes through.
    pub(crate) fn write_failure(&self, error: Error) -> Error {
        disk_full_or(&self.root, &self.disk_full, error)
    }

    /// Makes this generation the live one and removes older generations.
    fn publish(&self) -> Result<()> {
        let name = self
            .generation
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| {
                Error::Invalid(format!("bad generation path {}", self.generation.display()))
            })?;
        write_atomic(&self.root.join(CURRENT), format!("{name}\n").as_bytes())?;
        remove_stale_generations(&self.root, name);
        Ok(())
    }

    /// The folder the index lives in.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The analysis settings the index was built with.
    pub fn analysis(&self) -> &AnalysisConfig {
        &self.settings.analysis
    }

    /// Field handles, for tools that query tantivy directly.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The underlying tantivy index (analyzers already registered).
    pub fn tantivy(&self) -> &tantivy::Index {
        &self.inner
    }

    /// Number of articles in the index.
    pub fn num_articles(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Bytes on disk of the live generation.
    pub fn size_bytes(&self) -> u64 {
        dir_size(&self.generation)
    }
}

/// The live generation folder of the index at `root`, if there is one.
fn current_generation(root: &Path) -> Result<Option<PathBuf>> {
    let current = root.join(CURRENT);
    match fs::read_to_string(&current) {
        Ok(name) => {
            let name = name.trim();
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return Err(Error::BadIndex {
                    path: current,
                    reason: "CURRENT is damaged".into(),
                });
            }
            Ok(Some(root.join(name)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(current, e)),
    }
}

fn generation_number(name: &str) -> Option<u64> {
    name.strip_prefix("gen-")?.parse().ok()
}

fn next_generation_name(root: &Path) -> Result<String> {
    let mut max = 0;
    for entry in fs::read_dir(root)
        .map_err(|e| Error::io(root, e))?
        .flatten()
    {
        if let Some(n) = entry.file_name().to_str().and_then(generation_number) {
            max = max.max(n);
        }
    }
    Ok(format!("gen-{:06}", max + 1))
}

/// [`Error::DiskFull`] when a write ran out of space (as `flag` noted or as
/// the error says), else `error` itself.
fn disk_full_or(root: &Path, flag: &AtomicBool, error: Error) -> Error {
    let full = flag.load(Ordering::SeqCst)
        || match &error {
            Error::Io { source, .. } => disk::is_disk_full(source),
            Error::Tantivy(e) => tantivy_disk_full(e),
            _ => false,
        };
    if full {
        Error::DiskFull {
            path: root.to_path_buf(),
        }
    } else {
        error
    }
}

/// Whether a tantivy error is an I/O error for lack of space.
fn tantivy_disk_full(e: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError as T;
    use tantivy::directory::error::OpenWriteError;
    match e {
        T::IoError(io) => disk::is_disk_full(io),
        T::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => disk::is_disk_full(io_error),
        _ => false,
    }
}

/// Removes the generation folders no `CURRENT` names: those of killed
/// first builds and killed rebuilds. Only a writer holding the lock may
/// call it, since another writer's generation is unpublished until it
/// completes. A damaged `CURRENT` removes nothing.
fn remove_unpublished_generations(root: &Path) {
    match current_generation(root) {
        Ok(Some(live)) => {
            if let Some(name) = live.file_name().and_then(|n| n.to_str()) {
                remove_stale_generations(root, name);
            }
        }
        Ok(None) => remove_stale_generations(root, ""),
        Err(_) => {}
    }
}

/// Removes every generation but `live`: older ones and leftovers of
/// interrupted rebuilds. Failures only leave disk space behind.
fn remove_stale_generations(root: &Path, live: &str) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name != live && generation_number(name).is_some() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Writes a file so that readers see either the old or the new content.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut f = fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    f.write_all(bytes).map_err(|e| Error::io(&tmp, e))?;
    f.sync_all().map_err(|e| Error::io(&tmp, e))?;
    drop(f);
    fs::rename(&tmp, path).map_err(|e| Error::io(path, e))?;
    if let Some(parent) = path.parent()
        && let Ok(dir) = fs::File::open(parent)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn dir_size(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Where the index lives when neither `--index` nor `NEWSIDX_INDEX` says:
/// `.newsidx/` in the current directory, so that `newsidx build corpus/`
/// followed by `newsidx search` works from the same folder.
pub fn default_location() -> PathBuf {
    match std::env::var_os("NEWSIDX_INDEX") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(".newsidx"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, title: &str, body: &str) -> String {
        serde_json::json!({ "id": id, "title": title, "body": body, "date": "2024-10-24" })
            .to_string()
    }

    fn corpus(dir: &Path, lines: &[String]) -> PathBuf {
        let p = dir.join("in.jsonl");
        fs::write(&p, lines.join("\n")).unwrap();
        p
    }

    #[test]
    fn opening_a_folder_without_an_index_says_so() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(matches!(Index::open(tmp.path()), Err(Error::NoIndex(_))));
    }

    #[test]
    fn a_damaged_pointer_is_reported_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(CURRENT), "../elsewhere\n").unwrap();
        assert!(matches!(
            Index::open(tmp.path()),
            Err(Error::BadIndex { .. })
        ));
    }

    #[test]
    fn rebuild_publishes_a_new_generation_and_removes_the_old_one() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        let input = corpus(tmp.path(), &[article("a", "Banjir", "Banjir di Jakarta.")]);
        let opts = BuildOptions {
            entities: false,
            ..Default::default()
        };
        let (first, _) =
            Index::build(&root, std::slice::from_ref(&input), &opts, &NoProgress).unwrap();
        let first_gen = first.generation.clone();
        drop(first);
        let rebuild = BuildOptions {
            rebuild: true,
            ..opts
        };
        let (second, report) = Index::build(&root, &[input], &rebuild, &NoProgress).unwrap();
        assert_eq!(report.index_articles, 1);
        assert_ne!(second.generation, first_gen);
        assert!(!first_gen.exists(), "old generation left behind");
        assert_eq!(Index::open(&root).unwrap().generation, second.generation);
    }

    #[test]
    fn a_new_index_is_invisible_until_its_build_completes() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        // A generation folder without CURRENT, as a killed first build leaves it.
        Index::create_generation(&root, AnalysisConfig::default()).unwrap();
        assert!(matches!(Index::open(&root), Err(Error::NoIndex(_))));
        let input = corpus(tmp.path(), &[article("a", "Gempa", "Gempa di Maluku.")]);
        let opts = BuildOptions {
            entities: false,
            ..Default::default()
        };
        let (index, _) = Index::build(&root, &[input], &opts, &NoProgress).unwrap();
        // The leftover generation is cleaned up when the new one is published.
        let gens = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .count();
        assert_eq!(gens, 1);
        assert_eq!(index.stats().unwrap().articles, 1);
    }

    #[test]
    fn changing_analysis_settings_needs_a_rebuild() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        let input = corpus(tmp.path(), &[article("a", "Banjir", "Banjir di Jakarta.")]);
        let opts = BuildOptions {
            entities: false,
            ..Default::default()
        };
        Index::build(&root, std::slice::from_ref(&input), &opts, &NoProgress).unwrap();
        let other = BuildOptions {
            analysis: Some(AnalysisConfig {
                stopwords: true,
                ..Default::default()
            }),
            ..opts.clone()
        };
        assert!(matches!(
            Index::build(&root, std::slice::from_ref(&input), &other, &NoProgress),
            Err(Error::Invalid(_))
        ));
        let rebuild = BuildOptions {
            rebuild: true,
            ..other
        };
        let (index, _) = Index::build(&root, &[input], &rebuild, &NoProgress).unwrap();
        assert!(index.analysis().stopwords);
    }

    #[test]
    fn the_same_id_twice_keeps_the_later_article() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        let input = corpus(
            tmp.path(),
            &[
                article("x", "Versi lama", "Teks lama."),
                article("x", "Versi baru", "Teks baru."),
            ],
        );
        let opts = BuildOptions {
            entities: false,
            ..Default::default()
        };
        let (index, report) = Index::build(&root, &[input], &opts, &NoProgress).unwrap();
        assert_eq!(report.duplicates, 1);
        assert_eq!(report.index_articles, 1);
        assert_eq!(index.get("x").unwrap().title, "Versi baru");
    }

    #[test]
    fn alias_widening_does_not_depend_on_the_order_of_articles() {
        // Thirty articles name only `KPK`; one joins it to its long form,
        // and one gives only the long form. `org:KPK` is widened by the
        // names in a sample of twenty of its articles, so which twenty must
        // not depend on where the build put each article.
        let lines: Vec<String> = (0..30)
            .map(|i| {
                article(
                    &format!("k{i:02}"),
                    "Saksi",
                    "KPK memeriksa saksi kasus suap.",
                )
            })
            .collect();
        let joined = article(
            "a00",
            "Saksi",
            "Komisi Pemberantasan Korupsi (KPK) memeriksa saksi. KPK menahan tersangka.",
        );
        let long_only = article(
            "z00",
            "Tersangka",
            "Komisi Pemberantasan Korupsi menetapkan tersangka baru.",
        );
        let opts = BuildOptions {
            threads: Some(1),
            ..Default::default()
        };
        let query = crate::query::Query::parse("org:KPK").unwrap();
        let mut counts = Vec::new();
        for joined_first in [true, false] {
            let tmp = tempfile::tempdir().unwrap();
            let mut all = lines.clone();
            if joined_first {
                all.insert(0, joined.clone());
            } else {
                all.push(joined.clone());
            }
            all.push(long_only.clone());
            let input = corpus(tmp.path(), &all);
            let (index, _) =
                Index::build(tmp.path().join("ix"), &[input], &opts, &NoProgress).unwrap();
            counts.push(index.count(&query).unwrap());
        }
        assert_eq!(counts, [32, 32]);
    }
}
