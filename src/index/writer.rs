//! Building an index from archive files: parse in parallel, write with one
//! tantivy writer, commit once. Bad input is counted and reported, never
//! fatal unless the caller asks for `strict`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::schema::TantivyDocument;
use tantivy::{DateTime, IndexWriter, Term};

use super::lock::WriteLock;
use super::schema::{Fields, fold_key};
use super::{Index, current_generation, remove_unpublished_generations};
use crate::analysis::AnalysisConfig;
use crate::entities::{Entity, Extractor};
use crate::ingest::{self, Article, Problem};
use crate::{Error, Result};

/// How a build runs.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Start a new index instead of adding to the existing one.
    pub rebuild: bool,
    /// Fail (and change nothing) if any input is bad.
    pub strict: bool,
    /// Memory the tantivy writer may use, in bytes (split between threads).
    pub memory_budget: usize,
    /// Indexing threads; `None` = one per core, at most 8.
    pub threads: Option<usize>,
    /// Find people, places and organisations in each article.
    pub entities: bool,
    /// Analysis settings for a new index. An existing index keeps its own;
    /// giving different ones requires `rebuild`.
    pub analysis: Option<AnalysisConfig>,
    /// When another process is writing the index: wait for it to finish
    /// (`true`) or fail at once with [`Error::Busy`] (`false`).
    pub wait_for_lock: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            rebuild: false,
            strict: false,
            memory_budget: 256 << 20,
            threads: None,
            entities: true,
            analysis: None,
            wait_for_lock: false,
        }
    }
}

/// Hooks for showing build progress; every method has a do-nothing default.
pub trait BuildProgress: Sync {
    /// Called once the inputs are listed.
    fn started(&self, _files: u64, _bytes: u64) {}
    /// Called after each file is parsed.
    fn file_done(&self, _path: &Path, _bytes: u64, _articles: u64) {}
    /// Called for each problem as it is found.
    fn problem(&self, _problem: &Problem) {}
    /// Called before the final commit (which can take a while).
    fn committing(&self) {}
}

/// Progress hooks that show nothing.
pub struct NoProgress;
impl BuildProgress for NoProgress {}

/// What a build did. `articles_read == articles_indexed + articles_bad`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildReport {
    pub files: u64,
    pub bytes: u64,
    pub articles_read: u64,
    pub articles_indexed: u64,
    pub articles_bad: u64,
    /// Articles whose id appeared earlier in the same build (the later one wins).
    pub duplicates: u64,
    pub undated: u64,
    pub problems: Vec<Problem>,
    pub seconds: f64,
    /// Articles in the index after the build.
    pub index_articles: u64,
    pub index_bytes: u64,
}

/// Files parsed together before their articles are handed to the writer.
const FILE_BATCH: usize = 64;
/// Articles turned into documents together (in parallel).
const ARTICLE_CHUNK: usize = 512;
/// Most articles whose entities are found (and held) before they are
/// indexed: about 80 MB of entities, so that one very large file does not
/// hold every article's entities at once. Small in unit tests, so that
/// their builds cross from one group to the next.
const ENTITY_GROUP: usize = if cfg!(test) { 7 } else { 65_536 };

impl Index {
    /// Indexes every article under `inputs` into the index at `root`,
    /// creating it if needed. Returns the opened index and a report.
    pub fn build(
        root: impl AsRef<Path>,
        inputs: &[PathBuf],
        options: &BuildOptions,
        progress: &dyn BuildProgress,
    ) -> Result<(Index, BuildReport)> {
        let started = Instant::now();
        let root = root.as_ref();
        // Taken before looking for an index, so that two builds into a new
        // folder cannot both create one; held until the build returns.
        let _lock = WriteLock::acquire(root, options.wait_for_lock)?;
        remove_unpublished_generations(root);
        let existing = if options.rebuild {
            None
        } else {
            current_generation(root)?
        };
        let (index, fresh) = match existing {
            Some(generation) => {
                let index = Index::open_generation(root.to_path_buf(), generation)?;
                if let Some(wanted) = &options.analysis
                    && wanted != index.analysis()
                {
                    return Err(Error::Invalid(format!(
                        "the index at {} was built with other analysis settings; use --rebuild to change them",
                        root.display()
                    )));
                }
                (index, false)
            }
            None => (
                Index::create_generation(root, options.analysis.clone().unwrap_or_default())?,
                true,
            ),
        };
        let result = index.fill(inputs, options, progress);
        match result {
            Ok(mut report) => {
                if fresh {
                    index.publish().map_err(|e| index.write_failure(e))?;
                }
                index.reader.reload()?;
                report.index_articles = index.reader.searcher().num_docs();
                report.index_bytes = index.size_bytes();
                report.seconds = started.elapsed().as_secs_f64();
                Ok((index, report))
            }
            Err(e) => {
                if fresh {
                    let _ = std::fs::remove_dir_all(&index.generation);
                }
                Err(index.write_failure(e))
            }
        }
    }

    fn fill(
        &self,
        inputs: &[PathBuf],
        options: &BuildOptions,
        progress: &dyn BuildProgress,
    ) -> Result<BuildReport> {
        let extractor = if options.entities {
            Some(Extractor::new()?)
        } else {
            None
        };
        let (files, walk_problems) = ingest::walk(inputs);
        let mut report = BuildReport::default();
        for p in walk_problems {
            progress.problem(&p);
            report.problems.push(p);
        }
        let total_bytes: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        progress.started(files.len() as u64, total_bytes);

        let threads = options
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .clamp(1, 8);
        let budget = options.memory_budget.max(threads * (16 << 20));
        let mut writer: IndexWriter = self.inner.writer_with_num_threads(threads, budget)?;
        let mut seen: HashSet<String> = HashSet::new();

        for batch in files.chunks(FILE_BATCH) {
            let reads: Vec<ingest::FileRead> = batch
                .par_iter()
                .map(|path| {
                    let read = ingest::read_file(path);
                    progress.file_done(path, read.bytes, read.articles.len() as u64);
                    read
                })
                .collect();
            let mut articles = Vec::new();
            for read in reads {
                report.files += 1;
                report.bytes += read.bytes;
                for p in read.problems {
                    if p.lost_article {
                        report.articles_bad += 1;
                    }
                    progress.problem(&p);
                    report.problems.push(p);
                }
                articles.extend(read.articles);
            }
            for group in articles.chunks(ENTITY_GROUP) {
                // The group's entities are found before any of it goes to
                // the writer. Run side by side, the tagger's tables and
                // tantivy's indexing buffers evict each other from the
                // processor caches: over the 22,027-article archive that
                // made the build 8% slower than finding all entities first
                // and then indexing. The cost is memory: the group's
                // entities are held at once, and documents then reach the
                // writer faster than it indexes them, so its queue fills
                // (peak RSS 370 MiB against 310 MiB).
                let entities: Option<Vec<Vec<Entity>>> = extractor
                    .as_ref()
                    .map(|ex| group.par_iter().map(|a| article_entities(ex, a)).collect());
                // Documents are made a chunk at a time, so tantivy's indexing
                // threads work on one chunk while the next is being
                // prepared, even when one file holds the whole archive.
                for (n, chunk) in group.chunks(ARTICLE_CHUNK).enumerate() {
                    let first = n * ARTICLE_CHUNK;
                    let docs: Vec<TantivyDocument> = chunk
                        .par_iter()
                        .enumerate()
                        .map(|(k, a)| {
                            let found = entities
                                .as_ref()
                                .map(|all| all.get(first + k).map_or(&[][..], Vec::as_slice));
                            article_document(&self.fields, a, found)
                        })
                        .collect();
                    for (article, doc) in chunk.iter().zip(docs) {
                        if !seen.insert(article.id.clone()) {
                            report.duplicates += 1;
                        }
                        if article.date.is_none() {
                            report.undated += 1;
                        }
                        writer.delete_term(Term::from_field_text(self.fields.id, &article.id));
                        writer.add_document(doc)?;
                        report.articles_indexed += 1;
                    }
                }
            }
        }
        report.articles_read = report.articles_indexed + report.articles_bad;

        if options.strict && !report.problems.is_empty() {
            writer.rollback()?;
            let first = report.problems[0].to_string();
            return Err(Error::BadInput {
                count: report.problems.len(),
                first,
            });
        }
        progress.committing();
        writer.commit()?;
        writer.wait_merging_threads()?;
        Ok(report)
    }
}

/// The tantivy document for one article, with its entities when they were
/// looked for.
fn article_document(fields: &Fields, a: &Article, entities: Option<&[Entity]>) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &a.id);
    if a.title_derived {
        doc.add_text(fields.derived_title, &a.title);
    } else {
        doc.add_text(fields.title, &a.title);
        doc.add_text(fields.title_exact, &a.title);
    }
    doc.add_text(fields.body, &a.body);
    doc.add_text(fields.lead, crate::ingest::lead(&a.body));
    doc.add_text(fields.body_exact, &a.body);
    for s in &a.subheadings {
        doc.add_text(fields.subheadings, s);
    }
    if let Some(date) = a.date {
        doc.add_date(
            fields.date,
            DateTime::from_timestamp_secs(date.unix_timestamp()),
        );
    }
    if let Some(source) = non_empty(&a.source) {
        doc.add_text(fields.source, source);
        doc.add_text(fields.source_key, fold_key(source));
    }
    if let Some(author) = non_empty(&a.author) {
        doc.add_text(fields.author, author);
    }
    if let Some(category) = non_empty(&a.category) {
        doc.add_text(fields.category, category);
        doc.add_text(fields.category_key, fold_key(category));
    }
    if let Some(url) = non_empty(&a.url) {
        doc.add_text(fields.url, url);
    }
    doc.add_text(fields.path, a.path.display().to_string());
    if let Some(entities) = entities {
        fields.add_entities(&mut doc, entities);
    }
    doc
}

/// The entities of an article: its title, subheadings and body.
fn article_entities(extractor: &Extractor, a: &Article) -> Vec<Entity> {
    if a.subheadings.is_empty() {
        extractor.article_entities(&a.title, &a.body)
    } else {
        let text = format!("{}\n\n{}", a.subheadings.join("\n\n"), a.body);
        extractor.article_entities(&a.title, &text)
    }
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}
