//! Building an index from archive files: parse in parallel, write with one
//! tantivy writer, commit once. Bad input is counted and reported, never
//! fatal unless the caller asks for `strict`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::schema::TantivyDocument;
use tantivy::{DateTime, IndexWriter, Term};

use super::entity_table::{ArticlePairs, EntityEvidence};
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
    /// Memory for the build's buffers, in bytes: half to tantivy's indexing
    /// buffers (split between threads), a thirty-second (up to 16 MiB) to
    /// each piece of articles read ahead, and, once indexing is over, half
    /// to merges of segments. It bounds what the build holds whatever the
    /// archive's size; the process also holds the entity model and the
    /// analyzer's tables (about 150 MB).
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
    /// Called after each file, or each piece of a large file, is parsed.
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
    /// The first problems found (all of them reach
    /// [`BuildProgress::problem`]).
    pub problems: Vec<Problem>,
    /// Problems found beyond those listed in `problems`.
    pub problems_unlisted: u64,
    pub seconds: f64,
    /// Articles in the index after the build.
    pub index_articles: u64,
    pub index_bytes: u64,
}

/// Most small files read together into one piece.
const FILE_BATCH: usize = 256;
/// Articles turned into documents together (in parallel).
const ARTICLE_CHUNK: usize = 512;
/// Merges that run at once during a build.
const MERGE_THREADS: usize = 2;
/// How many times its input's size an update may merge.
const UPDATE_MERGE_FACTOR: u64 = 4;
/// Problems kept in a [`BuildReport`]; the rest are counted (and all of
/// them reach [`BuildProgress::problem`]), so that a file of millions of
/// bad lines does not hold millions of messages.
const PROBLEMS_LISTED: usize = 10_000;

impl BuildReport {
    fn note_problem(&mut self, p: Problem, progress: &dyn BuildProgress) {
        progress.problem(&p);
        if self.problems.len() < PROBLEMS_LISTED {
            self.problems.push(p);
        } else {
            self.problems_unlisted += 1;
        }
    }
}

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
        let mut evidence = EntityEvidence::default();
        let result = index
            .fill(inputs, options, progress, fresh, &mut evidence)
            .and_then(|report| {
                index.reader.reload()?;
                index.update_entity_table(&evidence)?;
                if fresh {
                    index.publish()?;
                }
                Ok(report)
            });
        match result {
            Ok(mut report) => {
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
        fresh: bool,
        evidence: &mut EntityEvidence,
    ) -> Result<BuildReport> {
        let (files, walk_problems) = ingest::walk(inputs);
        let mut report = BuildReport::default();
        for p in walk_problems {
            report.note_problem(p, progress);
        }
        let sizes: Vec<u64> = files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .collect();
        progress.started(files.len() as u64, sizes.iter().sum());

        let threads = options
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .clamp(1, 8);
        let plan = MemoryPlan::new(options.memory_budget, threads);
        let options_ = tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(plan.writer_bytes / threads)
            // Each merge maps its input segments, and their pages count in
            // the process's memory until it ends: two merges at a time, each
            // bounded by the plan, so that the build does not wait at its end
            // for one merge after another.
            .num_merge_threads(MERGE_THREADS)
            .build();
        let mut writer: IndexWriter<QueuedDocument> = self.inner.writer_with_options(options_)?;
        let queue = DocumentQueue::default();
        // Adding to an index merges only what is about the size of the new
        // articles (their own segments, and old ones as small), so that a
        // day's update costs in proportion to the day and never waits for
        // a merge of the archive's large segments; those happen in full
        // builds and `newsidx optimize`.
        let input_bytes: u64 = sizes.iter().sum();
        let merge_bytes = if fresh {
            plan.merge_bytes
        } else {
            input_bytes
                .saturating_mul(UPDATE_MERGE_FACTOR)
                .clamp(8 << 20, plan.merge_bytes.max(8 << 20))
        };
        // No merges while articles are being indexed: a merge maps its
        // input segments and builds the merged one beside the indexing
        // buffers, so merging during indexing added the two peaks (a
        // 220,000-article build peaked at 1.45-1.55x a 22,000-article one).
        // The segments are merged once indexing is over and its buffers
        // are freed, just before the commit below.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        // Ids of this build, as hashes: enough to tell a repeated id, at 8
        // bytes an article rather than the id's text.
        let mut seen: HashSet<u64> = HashSet::new();
        // An id needs deleting only if an earlier article of this build or
        // the index before it has it; an existing index is asked.
        let before = (!fresh).then(|| self.reader.searcher());

        let outcome = std::thread::scope(|scope| -> Result<()> {
            let (send, pieces) = std::sync::mpsc::sync_channel::<Piece>(1);
            let files = &files;
            let sizes = &sizes;
            scope.spawn(move || read_pieces(files, sizes, plan.piece_bytes, progress, &send));
            // Loaded while the first piece is read. Should it fail, the
            // receiver goes with this closure and the reader stops at its
            // next send.
            let extractor = if options.entities {
                Some(Extractor::new()?)
            } else {
                None
            };
            for piece in pieces {
                report.files += piece.files;
                report.bytes += piece.bytes;
                for p in piece.problems {
                    if p.lost_article {
                        report.articles_bad += 1;
                    }
                    report.note_problem(p, progress);
                }
                let articles = piece.articles;
                // The piece's entities are found before any of it goes to
                // the writer, and once tantivy has indexed the pieces
                // before it. Run side by side, the tagger's tables and
                // tantivy's indexing buffers evict each other from the
                // processor caches, and the threads of both take turns on
                // the cores: over the 22,027-article archive that made the
                // build 7-8% slower than finding a group's entities first
                // and then indexing it.
                if extractor.is_some() {
                    queue.wait_until_at_most(threads);
                }
                // Each article's alias pairs are found beside its entities,
                // on all threads; only adding them up is left to this one.
                let entities: Option<Vec<Vec<Entity>>> = extractor.as_ref().map(|ex| {
                    let (found, pairs): (Vec<Vec<Entity>>, Vec<ArticlePairs>) = articles
                        .par_iter()
                        .map(|a| {
                            let found = article_entities(ex, a);
                            let pairs = ArticlePairs::of(&found, &a.body);
                            (found, pairs)
                        })
                        .unzip();
                    for p in pairs {
                        evidence.add_pairs(p);
                    }
                    found
                });
                // Documents are made a chunk at a time, so tantivy's indexing
                // threads work on one chunk while the next is being prepared.
                for (n, chunk) in articles.chunks(ARTICLE_CHUNK).enumerate() {
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
                        let term = Term::from_field_text(self.fields.id, &article.id);
                        let repeated = !seen.insert(id_hash(&article.id));
                        if repeated {
                            report.duplicates += 1;
                        }
                        let indexed_before = before
                            .as_ref()
                            .is_some_and(|s| s.doc_freq(&term).is_ok_and(|n| n > 0));
                        if repeated || indexed_before {
                            writer.delete_term(term);
                        }
                        if article.date.is_none() {
                            report.undated += 1;
                        }
                        writer.add_document(queue.track(doc))?;
                        report.articles_indexed += 1;
                    }
                }
            }
            Ok(())
        });
        outcome?;
        report.articles_read = report.articles_indexed + report.articles_bad;

        if options.strict && !report.problems.is_empty() {
            writer.rollback()?;
            let first = report.problems[0].to_string();
            return Err(Error::BadInput {
                count: report.problems.len() + report.problems_unlisted as usize,
                first,
            });
        }
        if report.articles_indexed == 0 {
            writer.rollback()?;
            return Err(Error::NothingIndexed(nothing_indexed_reason(
                inputs, &report,
            )));
        }
        progress.committing();
        writer.set_merge_policy(Box::new(BoundedMergePolicy::new(
            self.generation.clone(),
            merge_bytes,
        )));
        writer.commit()?;
        writer.wait_merging_threads()?;
        Ok(report)
    }
}

/// A document in tantivy's queue, counted by its [`DocumentQueue`] until
/// an indexing thread has indexed it and drops it.
struct QueuedDocument {
    doc: TantivyDocument,
    _slot: QueueSlot,
}

impl tantivy::Document for QueuedDocument {
    type Value<'a> = <TantivyDocument as tantivy::Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as tantivy::Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
}

struct QueueSlot(Arc<AtomicUsize>);

impl Drop for QueueSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Release);
    }
}

/// How many documents sent to tantivy are not yet indexed. tantivy queues
/// up to 10,000 and tells nothing of its progress; the build counts them
/// itself so it can wait for the queue to run down.
#[derive(Default)]
struct DocumentQueue(Arc<AtomicUsize>);

impl DocumentQueue {
    fn track(&self, doc: TantivyDocument) -> QueuedDocument {
        self.0.fetch_add(1, Ordering::AcqRel);
        QueuedDocument {
            doc,
            _slot: QueueSlot(Arc::clone(&self.0)),
        }
    }

    /// Waits until at most `left` documents are waiting or being indexed.
    /// A queue that stops moving for a few seconds (an indexing thread
    /// failed, and the writer reports it at the next document or at the
    /// commit) ends the wait.
    fn wait_until_at_most(&self, left: usize) {
        const POLL: Duration = Duration::from_millis(2);
        const STALLED: Duration = Duration::from_secs(5);
        let mut last = self.0.load(Ordering::Acquire);
        let mut since = Instant::now();
        while last > left {
            std::thread::sleep(POLL);
            let now = self.0.load(Ordering::Acquire);
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() > STALLED {
                return;
            }
        }
    }
}

/// How a build's memory budget is shared out, so that what the build holds
/// depends on the budget and not on the archive's size:
///
/// - 1/2 to tantivy's indexing buffers (split between its threads; a
///   segment is written out when its buffer is full). Each segment
///   serialises every term it holds, so fewer, larger segments cost less:
///   with the default budget, the shared corpus (22,027 articles, about
///   11,000 a thread) ends as one segment a thread, in 2.7% fewer
///   instructions than the four segments that 3/8 of the budget gave.
/// - up to 1/32 (16 MiB at most) for each piece of articles read ahead:
///   one piece being read, one waiting, one being indexed, and the
///   documents made from it in tantivy's queue. tantivy queues up to
///   10,000 documents, so its threads are still indexing one piece while
///   the next one's entities are found. Together with the larger buffers,
///   8 MiB pieces (instead of 16) kept the peak over the corpus's 10x copy
///   at 420 MB instead of 440, and 1.44 times the 22,027-article peak.
/// - 1/2 bounds the merges of segments, [`MERGE_THREADS`] at a time: a
///   merge's inputs are mapped into memory while it runs, so each may read
///   at most its share. Merges run once indexing is over and its buffers
///   are freed, so the two shares are never held together. An archive
///   larger than this ends as several segments, which searching handles
///   well; `newsidx optimize` merges them when asked.
#[derive(Debug, Clone, Copy)]
struct MemoryPlan {
    writer_bytes: usize,
    piece_bytes: usize,
    merge_bytes: u64,
}

impl MemoryPlan {
    fn new(budget: usize, threads: usize) -> MemoryPlan {
        // tantivy wants at least 15 MB per indexing thread.
        let writer_bytes = (budget / 2).max(threads * (16 << 20));
        let piece_bytes = (budget / 32).clamp(1 << 20, ingest::PIECE_BYTES);
        let merge_bytes = (budget as u64 / 2 / MERGE_THREADS as u64).max(16 << 20);
        MemoryPlan {
            writer_bytes,
            piece_bytes,
            merge_bytes,
        }
    }
}

/// The merge policy of a build with the default budget, for writers that
/// only delete: a deletion adds no segment, so what it merges is what a
/// build would have.
pub(super) fn default_merge_policy(dir: &Path) -> Box<dyn tantivy::merge_policy::MergePolicy> {
    let plan = MemoryPlan::new(BuildOptions::default().memory_budget, 1);
    Box::new(BoundedMergePolicy::new(dir.to_path_buf(), plan.merge_bytes))
}

/// tantivy's log-size merge levels, with no merge reading more than
/// `max_bytes` of segments: a segment over half of it is left as it is, and
/// a level too large to merge at once is merged in parts.
struct BoundedMergePolicy {
    inner: tantivy::merge_policy::LogMergePolicy,
    /// The folder holding the segments' files, to size them.
    dir: PathBuf,
    max_bytes: u64,
}

impl std::fmt::Debug for BoundedMergePolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BoundedMergePolicy")
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}

impl BoundedMergePolicy {
    fn new(dir: PathBuf, max_bytes: u64) -> BoundedMergePolicy {
        BoundedMergePolicy {
            inner: tantivy::merge_policy::LogMergePolicy::default(),
            dir,
            max_bytes,
        }
    }

    /// Bytes of a segment's files on disk (0 when they cannot be sized).
    fn segment_bytes(&self, meta: &tantivy::index::SegmentMeta) -> u64 {
        use tantivy::index::SegmentComponent as C;
        [
            C::Postings,
            C::Positions,
            C::FastFields,
            C::FieldNorms,
            C::Terms,
            C::Store,
        ]
        .into_iter()
        .filter_map(|c| std::fs::metadata(self.dir.join(meta.relative_path(c))).ok())
        .map(|m| m.len())
        .sum()
    }
}

impl tantivy::merge_policy::MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(
        &self,
        segments: &[tantivy::index::SegmentMeta],
    ) -> Vec<tantivy::merge_policy::MergeCandidate> {
        use tantivy::merge_policy::MergeCandidate;
        let sizes: std::collections::HashMap<tantivy::index::SegmentId, u64> = segments
            .iter()
            .map(|s| (s.id(), self.segment_bytes(s)))
            .collect();
        let size = |id: &tantivy::index::SegmentId| sizes.get(id).copied().unwrap_or(0);
        let small: Vec<tantivy::index::SegmentMeta> = segments
            .iter()
            .filter(|s| size(&s.id()) <= self.max_bytes / 2)
            .cloned()
            .collect();
        let mut out = Vec::new();
        for MergeCandidate(mut ids) in self.inner.compute_merge_candidates(&small) {
            // Smallest first, cut into parts that each fit the bound.
            ids.sort_by_key(|id| size(id));
            let mut part: Vec<tantivy::index::SegmentId> = Vec::new();
            let mut bytes = 0u64;
            for id in ids {
                if !part.is_empty() && bytes + size(&id) > self.max_bytes {
                    if part.len() >= 2 {
                        out.push(MergeCandidate(std::mem::take(&mut part)));
                    }
                    part.clear();
                    bytes = 0;
                }
                bytes += size(&id);
                part.push(id);
            }
            if part.len() >= 2 {
                out.push(MergeCandidate(part));
            }
        }
        out
    }
}

/// Articles read from the inputs, handed from the reading thread to the
/// indexing one.
struct Piece {
    articles: Vec<Article>,
    problems: Vec<Problem>,
    bytes: u64,
    /// Files finished with this piece.
    files: u64,
}

/// Reads `files` in order into pieces of about `piece_bytes` of input and
/// sends them on: small files a group at a time (in parallel), a large
/// one piece by piece. Stops when the receiver is gone.
fn read_pieces(
    files: &[PathBuf],
    sizes: &[u64],
    piece_bytes: usize,
    progress: &dyn BuildProgress,
    send: &std::sync::mpsc::SyncSender<Piece>,
) {
    let mut i = 0;
    while i < files.len() {
        // A group of small files adding up to a piece, at most FILE_BATCH.
        let mut end = i;
        let mut group_bytes = 0u64;
        while end < files.len()
            && end - i < FILE_BATCH
            && sizes.get(end).copied().unwrap_or(0) <= piece_bytes as u64
            && group_bytes + sizes.get(end).copied().unwrap_or(0) <= piece_bytes as u64
        {
            group_bytes += sizes.get(end).copied().unwrap_or(0);
            end += 1;
        }
        if end > i {
            let reads: Vec<ingest::FileRead> = files
                .get(i..end)
                .unwrap_or_default()
                .par_iter()
                .map(|path| {
                    let read = ingest::read_file(path);
                    progress.file_done(path, read.bytes, read.articles.len() as u64);
                    read
                })
                .collect();
            let mut piece = Piece {
                articles: Vec::new(),
                problems: Vec::new(),
                bytes: 0,
                files: reads.len() as u64,
            };
            for read in reads {
                piece.bytes += read.bytes;
                piece.articles.extend(read.articles);
                piece.problems.extend(read.problems);
            }
            if send.send(piece).is_err() {
                return;
            }
            i = end;
            continue;
        }
        // One large file, streamed.
        let Some(path) = files.get(i) else { return };
        let mut pending: Option<Piece> = None;
        let mut gone = false;
        ingest::read_file_in_pieces(path, piece_bytes, &mut |read| {
            if gone {
                return;
            }
            progress.file_done(path, read.bytes, read.articles.len() as u64);
            // Each piece is sent when the next one is there, so the last
            // one can say that it finishes the file.
            if let Some(p) = pending.take() {
                gone = send.send(p).is_err();
            }
            pending = Some(Piece {
                articles: read.articles,
                problems: read.problems,
                bytes: read.bytes,
                files: 0,
            });
        });
        if let Some(mut p) = pending.take() {
            p.files = 1;
            gone = send.send(p).is_err();
        }
        if gone {
            return;
        }
        i += 1;
    }
}

/// Why a build indexed nothing, for its error message.
fn nothing_indexed_reason(inputs: &[PathBuf], report: &BuildReport) -> String {
    let given = inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if report.files == 0 {
        // A path that cannot be read says so itself; the list of formats
        // helps only when the folder was read and held nothing to index.
        if let Some(p) = report.problems.first() {
            return format!("nothing to read in {given}: {p}");
        }
        return format!(
            "no article files in {given}; newsidx reads .jsonl, .ndjson, .json, .txt, .md, .html and .htm files, each also gzipped (.gz)"
        );
    }
    let first = report
        .problems
        .first()
        .map(|p| format!("; first problem: {p}"))
        .unwrap_or_default();
    format!(
        "{} file(s) read from {given}, {} article(s) bad, none indexed{first}",
        report.files, report.articles_bad
    )
}

/// A hash of an article id, the same in every run.
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// The tantivy document for one article, with its entities when they were
/// looked for.
/// About how many bytes [`article_document`] writes for `a`: the title and
/// body go in twice (stemmed and exact fields), each entity as a facet, its
/// aliases as keys and all of them once more as stored JSON. A document
/// allocated at its size is written once; grown from tantivy's default of
/// 1 KiB it was copied four times on the way to a typical article's 10 KiB,
/// and those reallocations were over half the build's page faults.
fn document_bytes(a: &Article, entities: Option<&[Entity]>) -> usize {
    let optional = [&a.source, &a.author, &a.category, &a.url]
        .iter()
        .map(|s| s.as_ref().map_or(0, |s| 2 * s.len()))
        .sum::<usize>();
    let entities: usize = entities
        .unwrap_or_default()
        .iter()
        .map(|e| 96 + 3 * e.name.len() + e.aliases.iter().map(|x| 3 * x.len() + 16).sum::<usize>())
        .sum();
    2 * (a.title.len() + a.body.len())
        + a.subheadings.iter().map(|s| s.len() + 8).sum::<usize>()
        + optional
        + a.id.len()
        + a.path.as_os_str().len()
        + entities
        + 512
}

fn article_document(fields: &Fields, a: &Article, entities: Option<&[Entity]>) -> TantivyDocument {
    let mut doc = TantivyDocument::with_capacity(document_bytes(a, entities));
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::merge_policy::{MergeCandidate, MergePolicy, NoMergePolicy};
    use tantivy::schema::{STORED, Schema, TEXT};

    /// An index of `n` one-commit segments of growing size.
    fn segments(dir: &Path, n: usize) -> tantivy::Index {
        let mut sb = Schema::builder();
        let text = sb.add_text_field("text", TEXT | STORED);
        let index = tantivy::Index::create_in_dir(dir, sb.build()).unwrap();
        let mut w: IndexWriter = index.writer_with_num_threads(1, 20 << 20).unwrap();
        w.set_merge_policy(Box::new(NoMergePolicy));
        for s in 0..n {
            for d in 0..(20 * (s + 1)) {
                let mut doc = TantivyDocument::default();
                doc.add_text(text, format!("berita {s} nomor {d} {}", "kata ".repeat(50)));
                w.add_document(doc).unwrap();
            }
            w.commit().unwrap();
        }
        index
    }

    #[test]
    fn no_merge_reads_more_than_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let index = segments(dir.path(), 12);
        let metas = index.searchable_segment_metas().unwrap();
        assert_eq!(metas.len(), 12);
        let unbounded = BoundedMergePolicy::new(dir.path().to_path_buf(), u64::MAX);
        let all: u64 = metas.iter().map(|m| unbounded.segment_bytes(m)).sum();
        assert!(all > 0);
        let whole = unbounded.compute_merge_candidates(&metas);
        assert!(!whole.is_empty(), "tantivy's levels merge these");

        let bound = all / 3;
        let policy = BoundedMergePolicy::new(dir.path().to_path_buf(), bound);
        let parts = policy.compute_merge_candidates(&metas);
        assert!(!parts.is_empty());
        for MergeCandidate(ids) in &parts {
            assert!(ids.len() >= 2);
            let bytes: u64 = metas
                .iter()
                .filter(|m| ids.contains(&m.id()))
                .map(|m| policy.segment_bytes(m))
                .sum();
            assert!(bytes <= bound, "{bytes} > {bound}");
        }
        // A segment over half the bound is never merged again.
        let tiny = BoundedMergePolicy::new(dir.path().to_path_buf(), 1);
        assert!(tiny.compute_merge_candidates(&metas).is_empty());
    }

    #[test]
    fn the_queue_counts_documents_until_they_are_dropped() {
        let queue = DocumentQueue::default();
        let docs: Vec<QueuedDocument> = (0..3)
            .map(|_| queue.track(TantivyDocument::default()))
            .collect();
        assert_eq!(queue.0.load(Ordering::Acquire), 3);
        let indexer = std::thread::spawn(move || {
            for doc in docs {
                std::thread::sleep(Duration::from_millis(5));
                drop(doc);
            }
        });
        queue.wait_until_at_most(0);
        assert_eq!(queue.0.load(Ordering::Acquire), 0);
        indexer.join().unwrap();
    }

    #[test]
    fn the_memory_plan_follows_the_budget() {
        let small = MemoryPlan::new(64 << 20, 2);
        let large = MemoryPlan::new(1 << 30, 2);
        assert!(
            small.writer_bytes >= 32 << 20,
            "tantivy's minimum per thread"
        );
        assert!(large.writer_bytes > small.writer_bytes);
        assert!(large.merge_bytes > small.merge_bytes);
        assert_eq!(large.piece_bytes, ingest::PIECE_BYTES);
        assert_eq!(small.piece_bytes, 2 << 20);
    }
}
