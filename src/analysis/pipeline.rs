//! From segments to index terms: case reading, folding, stemming, stopwords,
//! and the tantivy [`Tokenizer`] that carries them.
//!
//! # Why one tokenizer and not a chain of tantivy filters
//!
//! The stemmed analyzer decides per word whether it is a name, and that
//! needs what a tantivy `Token` cannot carry between filters: the original
//! capitalisation, whether the word starts a sentence, and the token's kind
//! (a number or a URL is never stemmed). So segmentation, folding and
//! stemming run in one pass over a per-text buffer; the stages stay separate
//! functions (`tokenizer`, `normalize`, [`stem`](mod@super::stem), `stopwords`) and are
//! tested one by one through the whole analyzer.
//!
//! # Names, case and query/document consistency
//!
//! A town named like an affixed word (`Kediri`: ke- + `diri`, self;
//! `Pemalang`: pe- + `malang`) must never be conflated with that word, and
//! whether a word is a name is only partly visible in one text. So the
//! analyzer records what it sees and leaves the decision to the query,
//! which can ask the whole archive:
//!
//! - every capitalised word carries its *name form* ([`name_term`],
//!   `^kediri`), a namespace no common term shares;
//! - a word read as a name here, i.e. capitalised in the middle of a
//!   sentence, an acronym, or capitalised and on the bundled gazetteers
//!   wherever it stands, carries no stem that differs from it (`Kediri`
//!   gives `^kediri` only; `Serang`, itself a root, gives `^serang` and
//!   `serang`);
//! - any other word carries its stem: a lower-case word only that, a
//!   capitalised one at the start of a sentence or in a Title Case headline
//!   its name form and its stem, since it may be either.
//!
//! A query is analysed by this same code, and `query::lower` then picks per
//! word from the terms it gets, with the archive's evidence: how many
//! articles write the word capitalised against how many contain it at all.
//! A capitalised query word means the name when the archive writes it as
//! one, and a lower-case one means the name only when the archive (almost)
//! never writes it otherwise; in every other case the word matches either
//! reading. Both readings are terms every matching document carries, so
//! the decision never mismatches terms, and it needs no statistics frozen
//! at build time: incremental builds keep it current.
//!
//! Case only means something when most words are lower case. Titles are
//! written In Title Case and some archives SHOUT; when most mid-sentence
//! words of a text are capitalised (at least two of them), capitalisation is
//! ignored for words, and when most words are all capitals, acronyms are not
//! trusted either. Such words are then not read as names, though they still
//! carry their name forms.
//!
//! # Positions
//!
//! Each single token and each part of a compound takes the next position; the
//! whole compound sits at the position of its first part (`anak-anak` →
//! `anak-anak`@0, `anak`@0, `anak`@1), so the phrase `"anak-anak"` and the
//! phrase `"anak anak"` both match. A stopword removed from the stemmed field
//! still takes its position, so phrases line up with and without stopwords.
//! The whole compound's term is left out when it equals its first part's
//! (a stemmer that reduces `anak-anak` to `anak`).
//!
//! # Speed
//!
//! Each text is segmented into a reused buffer (the case context needs the
//! whole text), then analysed one token at a time as tantivy pulls them, into
//! one reused `Token`: a warm tokenizer allocates nothing per text, and a
//! long text's terms never sit in memory all at once (writing them all to a
//! `Vec<Token>` first cost a third more L1 data-cache misses while indexing).
//! The most common token, a plain lower-case ASCII word, takes a short path
//! (it is its own folded form, read from the text in place, and never a
//! name), and a term reaches the token by swapping buffers, not by copying.
//! The segmenter classifies ASCII letters eight bytes at a time, and a body
//! indexed stemmed and then exact is segmented once for both. Stems go
//! through a per-tokenizer cache ([`StemCache`]): news text repeats its
//! words, and a dictionary stem costs a few dozen lexicon lookups, so the
//! cache is sized for a high hit rate (262,144 words, 8 MB)
//! rather than to fit the fastest CPU cache; waiting for its lines is now the
//! analyzer's largest single cost while indexing. `benches/analysis.rs`
//! measures all of it against tantivy's default analyzer, and
//! `examples/retrieval_eval.rs` the indexing time it adds.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize::{FoldMode, fold_into};
use super::stem::{Stemmer, default_stemmer};
use super::tokenizer::{Role, Segment, TokenKind, segment};
use super::{AnalysisConfig, UserDictionary, stopwords};

/// Terms longer than this (in bytes) are not indexed; their position is
/// still taken. Real words are far shorter; this keeps pasted garbage and
/// very long URLs out of the term dictionary.
pub const MAX_TERM_BYTES: usize = 255;

/// Which analyzer a [`Pipeline`] implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Folded and stemmed, names protected, stopwords optional.
    Stemmed {
        /// Drop stopwords (common words only; positions kept).
        stopwords: bool,
    },
    /// Folded only: every token's folded form, no stopwords.
    Exact,
}

/// The user dictionary, folded once so lookups match folded tokens.
#[derive(Debug, Default)]
struct Dictionary {
    keep: HashSet<String>,
    overrides: HashMap<String, String>,
}

impl Dictionary {
    fn new(config: &AnalysisConfig) -> Self {
        let f = |w: &str| super::normalize::fold(w.trim(), FoldMode::Word);
        let d = &config.user_dictionary;
        Dictionary {
            keep: d.keep.iter().map(|w| f(w)).collect(),
            overrides: d.overrides.iter().map(|(w, r)| (f(w), f(r))).collect(),
        }
    }
}

/// What a text's capitalisation can be trusted for.
#[derive(Debug, Clone, Copy, Default)]
struct CaseContext {
    /// Capitalised mid-sentence words are names.
    trust_capitals: bool,
    /// All-capital words are acronyms.
    trust_acronyms: bool,
}

impl CaseContext {
    fn of(segs: &[Segment]) -> Self {
        let mut words = 0usize;
        let mut all_caps = 0usize;
        let mut mid = 0usize;
        let mut mid_capitalised = 0usize;
        for s in segs {
            if matches!(s.role, Role::Whole { .. })
                || !matches!(s.kind, TokenKind::Word | TokenKind::Acronym)
            {
                continue;
            }
            words += 1;
            if s.kind == TokenKind::Acronym {
                all_caps += 1;
            }
            if !s.sentence_start {
                mid += 1;
                if s.capitalised {
                    mid_capitalised += 1;
                }
            }
        }
        CaseContext {
            trust_capitals: !(mid >= 2 && mid_capitalised * 2 > mid),
            trust_acronyms: !(words >= 3 && all_caps * 2 > words),
        }
    }
}

/// Which buffer a term is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Folded,
    Stem,
    /// The name form ([`name_term`]) of a capitalised word.
    Name,
}

/// The analysis of one segment, in reusable buffers.
#[derive(Debug, Default)]
struct Scratch {
    seg: Option<Segment>,
    position: usize,
    position_length: usize,
    folded: String,
    /// The byte range of the text that is the folded form, when the word
    /// needed no folding (then `folded` is not filled: one copy less for
    /// the most common token).
    folded_in_text: Option<(usize, usize)>,
    stem: String,
    /// The name form of a capitalised word ([`name_term`]).
    name: String,
    protected: bool,
    terms: [Option<Which>; 2],
}

impl Scratch {
    fn folded<'s>(&'s self, text: &'s str) -> &'s str {
        match self.folded_in_text {
            Some((from, to)) => text.get(from..to).unwrap_or(""),
            None => &self.folded,
        }
    }

    fn term<'s>(&'s self, text: &'s str, w: Which) -> &'s str {
        match w {
            Which::Folded => self.folded(text),
            Which::Stem => &self.stem,
            Which::Name => &self.name,
        }
    }

    fn terms<'s>(&'s self, text: &'s str) -> impl Iterator<Item = &'s str> {
        self.terms
            .iter()
            .flatten()
            .map(move |w| self.term(text, *w))
    }

    fn view<'s>(&'s self, text: &'s str) -> Option<SegmentOut<'s>> {
        let seg = self.seg?;
        let [a, b] = self.terms;
        Some(SegmentOut {
            seg,
            position: self.position,
            position_length: self.position_length,
            folded: self.folded(text),
            stem: &self.stem,
            protected: self.protected,
            terms: [a.map(|w| self.term(text, w)), b.map(|w| self.term(text, w))],
        })
    }
}

/// One analysed segment, as handed to a sink.
#[derive(Debug, Clone, Copy)]
pub struct SegmentOut<'a> {
    /// The segment (offsets into the original text, kind, role).
    pub seg: Segment,
    /// Its position.
    pub position: usize,
    /// How many positions it spans (parts of a whole compound).
    pub position_length: usize,
    /// NFKC, lower case, no diacritics.
    pub folded: &'a str,
    /// The stem of the folded form (the folded form for non-words).
    pub stem: &'a str,
    /// Read as a name (capitalised mid-sentence, or an acronym).
    pub protected: bool,
    /// The terms the analyzer indexes for it (none for a removed stopword).
    pub terms: [Option<&'a str>; 2],
}

/// Buckets in the stem cache (a power of two). Each bucket is one 64-byte
/// cache line holding two words, so 2^17 buckets (8 MB, filled when the
/// cache is first used) remember 262,144 words. On the corpus
/// bodies the hit rate is 67% for the old 4,096-slot direct-mapped table,
/// 94% for 2^14 buckets and higher still here; with the dictionary stemmer a
/// miss costs about 2,000 instructions (a hit about 60), so the hit rate
/// outweighs the table spilling out of L2 into L3 (measured: 2^14 → 2^16
/// buckets cut the analyzer's instructions by 7% and its time by about as
/// much). The corpus bodies hold about 86,000 distinct words of four
/// letters or more: in 2^16 buckets (1.3 words a bucket) a tenth of the
/// buckets need a third way, and one pass over the bodies made 116,000
/// stemmer calls, 53,000 on a second pass; 2^17 buckets (0.66 a bucket)
/// make 99,000 and 18,000 (the rest are words too long to cache). Every
/// index build starts with a cold cache, so the first figure is the one
/// that counts. Re-measure when the stemmer's cost changes.
const STEM_CACHE_BUCKETS: usize = 1 << 17;

/// Longest word, in bytes, that the cache stores: three machine words, so a
/// comparison is three integer compares. Longer words are rare and are
/// simply stemmed every time.
const CACHED_BYTES: usize = 24;

/// A word padded with zero bytes to [`CACHED_BYTES`], as three integers.
type Key = [u64; 3];

/// One remembered word: the padded word (3 integers) and, in the fourth,
/// the stem as `letter + word[start..end]` (every reading of the stemmer
/// has that shape): `check` (32 bits) | `len` (8) | `letter` (8, 0 for
/// none) | `start` (8) | `end` (8). An entry with `len` 0 is empty (no
/// word's tag has `len` 0).
type Entry = [u64; 4];

/// Two entries on one cache line of their own: without the alignment the
/// table starts wherever the allocator puts it, and most buckets straddle
/// two lines, so a look-up can wait on two loads instead of one.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Bucket([Entry; 2]);

/// Folded word → stem, remembered per tokenizer. Words follow Zipf's law,
/// so most stemmer calls during indexing are repeats; the stemmer is a pure
/// function of the word and the user dictionary, so caching cannot change a
/// result. Two-way set-associative: a word has one bucket of two entries
/// (one cache line); the newer entry sits first and a new word pushes the
/// older one out. Entries store the stem as a slice of the word plus an
/// optional restored letter (`menolak` → `t` + `olak`), which keeps an entry
/// at 32 bytes; a stem of another shape (a user's override) is not cached.
/// The table is allocated and filled on first use and never after; pooled
/// caches ([`Pipeline`]) spare queries and segments that cost.
#[derive(Default)]
pub struct StemCache {
    buckets: Vec<Bucket>,
}

impl std::fmt::Debug for StemCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StemCache")
            .field("allocated", &!self.buckets.is_empty())
            .finish()
    }
}

impl StemCache {
    /// The padded key of `word`, or `None` when it is too long to cache.
    #[inline]
    fn key(word: &[u8]) -> Option<Key> {
        if word.len() > CACHED_BYTES || word.is_empty() {
            return None;
        }
        // Whole 8-byte chunks are loaded as they are and the last partial
        // one with two overlapping loads: copying the word into a zeroed
        // stack buffer and reading it back as integers stalled (a fifth of
        // the look-up's samples sat on that buffer).
        let mut key = [0u64; 3];
        for (k, chunk) in key.iter_mut().zip(word.chunks(8)) {
            *k = match <[u8; 8]>::try_from(chunk) {
                Ok(b) => u64::from_le_bytes(b),
                Err(_) => crate::bytes::le_partial(chunk),
            };
        }
        Some(key)
    }

    /// The key of the word at `text[from..from + len]`: [`StemCache::key`],
    /// read as three whole 8-byte loads and masked when the text has 24
    /// bytes from `from` on (most words), which spares assembling the last
    /// partial chunk byte by byte.
    #[inline]
    fn key_in(text: &[u8], from: usize, len: usize) -> Option<Key> {
        if len > CACHED_BYTES || len == 0 {
            return None;
        }
        let Some(window) = text.get(from..from + CACHED_BYTES) else {
            return Self::key(text.get(from..from + len)?);
        };
        let mut key = [0u64; 3];
        for (i, (k, chunk)) in key.iter_mut().zip(window.chunks_exact(8)).enumerate() {
            let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).ok()?);
            let keep = len.saturating_sub(8 * i).min(8);
            *k = match keep {
                8 => word,
                0 => 0,
                n => word & ((1u64 << (8 * n)) - 1),
            };
        }
        Some(key)
    }

    /// A 64-bit hash of a key (multiply-xorshift; every output bit depends
    /// on every input bit, and the table uses both low and high bits).
    #[inline]
    fn hash(key: &Key) -> u64 {
        let mut h = 0x9E37_79B9_7F4A_7C15u64;
        for &k in key {
            h = (h ^ k).wrapping_mul(0xff51_afd7_ed55_8ccd);
            h ^= h >> 32;
        }
        h.wrapping_mul(0xc4ce_b9fe_1a85_ec53) ^ (h >> 29)
    }

    /// The fourth integer of an entry for `word` whose hash is `hash`,
    /// without its stem fields.
    #[inline]
    fn tag(hash: u64, len: usize) -> u64 {
        ((hash >> 32) << 32) | ((len as u64 & 0xff) << 24)
    }

    #[inline]
    fn bucket(&mut self, hash: u64) -> Option<&mut [Entry; 2]> {
        if self.buckets.is_empty() {
            // Filled, not allocated zeroed: a zeroed table's pages are first
            // read (a miss) and then written (the stem), and in a threaded
            // build each such write replaced the shared zero page and
            // flushed every core's TLB by interrupt: 2.5% of a build's CPU
            // samples. Writing the table up front costs one plain fault a
            // page instead. The empty entry is not all zeros, or the
            // compiler turns the fill back into a zeroed allocation.
            const EMPTY: Entry = [0, 0, 0, !0xff00_0000];
            self.buckets = vec![Bucket([EMPTY; 2]); STEM_CACHE_BUCKETS];
        }
        let index = usize::try_from(hash).unwrap_or(0) & (STEM_CACHE_BUCKETS - 1);
        self.buckets.get_mut(index).map(|b| &mut b.0)
    }

    /// Appends the cached stem of `word` (with key `key`) to `out`;
    /// `false` when the word is not cached.
    #[inline]
    fn get(&mut self, key: &Key, word: &str, out: &mut String) -> bool {
        let hash = Self::hash(key);
        let tag = Self::tag(hash, word.len());
        let Some(bucket) = self.bucket(hash) else {
            return false;
        };
        for e in bucket.iter() {
            if e[3] & !0xff_ffff == tag && e[..3] == key[..] {
                let letter = ((e[3] >> 16) & 0xff) as u8;
                let start = ((e[3] >> 8) & 0xff) as usize;
                let end = (e[3] & 0xff) as usize;
                let Some(tail) = word.get(start..end) else {
                    return false;
                };
                if letter != 0 {
                    out.push(char::from(letter));
                }
                out.push_str(tail);
                return true;
            }
        }
        false
    }

    /// Remembers `stem` for `word` if it has the shape an entry can hold.
    fn put(&mut self, key: &Key, word: &str, stem: &str) {
        let Some((letter, start, end)) = Self::encode(word, stem) else {
            return;
        };
        let hash = Self::hash(key);
        let fields = Self::tag(hash, word.len())
            | (u64::from(letter) << 16)
            | (u64::from(start) << 8)
            | u64::from(end);
        if let Some(bucket) = self.bucket(hash) {
            bucket[1] = bucket[0];
            bucket[0] = [key[0], key[1], key[2], fields];
        }
    }

    /// `stem` as `(letter, start, end)` with `stem == letter + word[start..end]`
    /// (`letter` 0 for none), if it has that shape.
    fn encode(word: &str, stem: &str) -> Option<(u8, u8, u8)> {
        // Words are short: a plain scan beats setting up a substring
        // searcher, which showed in profiles of index builds.
        let slice = |part: &str| {
            if part.is_empty() {
                return None;
            }
            let start = word
                .as_bytes()
                .windows(part.len())
                .position(|w| w == part.as_bytes())?;
            Some((
                u8::try_from(start).ok()?,
                u8::try_from(start + part.len()).ok()?,
            ))
        };
        if !stem.is_empty()
            && let Some((start, end)) = slice(stem)
        {
            return Some((0, start, end));
        }
        let (&letter, rest) = stem.as_bytes().split_first()?;
        if letter == 0 || !letter.is_ascii() || rest.is_empty() {
            return None;
        }
        let (start, end) = slice(stem.get(1..)?)?;
        Some((letter, start, end))
    }
}

/// Reusable buffers for [`Pipeline::run`].
#[derive(Debug, Default)]
pub struct Workspace {
    segs: Vec<Segment>,
    cache: StemCache,
    cursor: Cursor,
}

impl Workspace {
    /// Segments `text` and rewinds the cursor to its first segment.
    fn start(&mut self, text: &str) {
        self.segs.clear();
        segment(text, &mut self.segs);
        self.rewind();
    }

    /// [`Workspace::start`] for a field's tokenizer: an article's body is
    /// indexed twice in a row on one thread, stemmed and then exact, and
    /// the second takes the first's segments instead of segmenting the
    /// same text again (a sixteenth of a build's instructions went to
    /// segmenting). The texts are compared whole, so a different text is
    /// never given another's segments.
    fn start_shared(&mut self, text: &str) {
        self.segs.clear();
        let reused = LAST_SEGMENTED.with(|last| {
            let last = last.borrow();
            let hit = last.text == text;
            if hit {
                self.segs.extend_from_slice(&last.segs);
            }
            hit
        });
        if !reused {
            segment(text, &mut self.segs);
            if SHARED_TEXT_BYTES.contains(&text.len()) {
                LAST_SEGMENTED.with(|last| {
                    let mut last = last.borrow_mut();
                    last.text.clear();
                    last.text.push_str(text);
                    last.segs.clear();
                    last.segs.extend_from_slice(&self.segs);
                });
            }
        }
        self.rewind();
    }

    fn rewind(&mut self) {
        self.cursor.ctx = CaseContext::of(&self.segs);
        self.cursor.i = 0;
        self.cursor.next_position = 0;
    }
}

/// Lengths of the texts whose segments are kept for the next field. A
/// shorter text is segmented each time (copying it and its segments would
/// cost about what segmenting does); a longer one too, so that a huge
/// article is not held twice.
const SHARED_TEXT_BYTES: std::ops::RangeInclusive<usize> = 256..=(1 << 20);

/// The last long text a field tokenizer of this thread segmented.
#[derive(Default)]
struct LastSegmented {
    text: String,
    segs: Vec<Segment>,
}

thread_local! {
    static LAST_SEGMENTED: std::cell::RefCell<LastSegmented> = std::cell::RefCell::default();
}

/// Walks the segments of one text: each step analyses one token, or a
/// whole compound together with its first part, into reused scratches. Both
/// [`Pipeline::run`] and the tantivy token stream step through a text with
/// it, so they cannot disagree on terms or positions.
#[derive(Debug, Default)]
struct Cursor {
    ctx: CaseContext,
    /// The next segment.
    i: usize,
    next_position: usize,
    /// The token, or the whole compound.
    a: Scratch,
    /// The first part of a whole compound.
    b: Scratch,
}

impl Cursor {
    /// Analyses the next step of `segs`: `None` at the end, else
    /// `Some(both)`, where `a` is to be emitted and then, when `both`, `b`.
    #[inline]
    fn step(
        &mut self,
        p: &Pipeline,
        text: &str,
        segs: &[Segment],
        cache: &mut StemCache,
    ) -> Option<bool> {
        let seg = segs.get(self.i).copied()?;
        let ctx = self.ctx;
        let position = self.next_position;
        let (a, b) = (&mut self.a, &mut self.b);
        let both = match seg.role {
            Role::Whole { parts } => {
                // The first part is analysed first so the whole can drop a
                // term equal to it, but emitted after the whole.
                let first = segs
                    .get(self.i + 1)
                    .copied()
                    .filter(|s| s.role == Role::Part);
                let protected_first = first.is_some_and(|s| p.is_name(&s, ctx));
                let has_number = segs
                    .iter()
                    .skip(self.i + 1)
                    .take(usize::from(parts))
                    .any(|s| s.kind == TokenKind::Number);
                if let Some(s) = first {
                    p.analyse(text, s, ctx, position, 1, None, cache, b);
                }
                let whole_name = if has_number {
                    None
                } else {
                    Some(protected_first)
                };
                let span = usize::from(parts);
                p.analyse(text, seg, ctx, position, span, Some(whole_name), cache, a);
                for k in 0..a.terms.len() {
                    let Some(Some(w)) = a.terms.get(k).copied() else {
                        continue;
                    };
                    let t = a.term(text, w);
                    if first.is_some()
                        && b.terms(text).any(|x| x == t)
                        && let Some(slot) = a.terms.get_mut(k)
                    {
                        *slot = None;
                    }
                }
                if first.is_some() {
                    // The first part is consumed with its whole.
                    self.next_position += 1;
                    self.i += 1;
                }
                first.is_some()
            }
            Role::Single | Role::Part => {
                if seg.plain && seg.kind == TokenKind::Word && p.dictionary.keep.is_empty() {
                    p.analyse_plain_word(text, seg, position, cache, a);
                } else {
                    p.analyse(text, seg, ctx, position, 1, None, cache, a);
                }
                self.next_position += 1;
                false
            }
        };
        self.i += 1;
        Some(both)
    }
}

/// The whole-number part of a decimal number written the Indonesian way
/// (`6.366,78` → `6.366`, `24,60` → `24`): texts give figures to the
/// hundredth that headlines and readers round. `None` for anything else.
fn whole_number_part(folded: &str) -> Option<&str> {
    let (whole, fraction) = folded.split_once(',')?;
    let digits =
        |s: &str, extra: char| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == extra);
    (digits(whole, '.') && digits(fraction, ',') && whole.len() >= 2 && !whole.ends_with('.'))
        .then_some(whole)
}

/// Marks a term of the stemmed field as a name form (see [`name_term_into`]).
/// No other term starts with it: words, numbers, URLs, hashtags and
/// mentions all start otherwise, and it has no case, so highlighting, which
/// compares lower-cased tokens, still finds it.
pub const NAME_MARK: char = '^';

/// Writes the name form of a folded word to `out`: the word behind
/// [`NAME_MARK`] (`kediri` → `^kediri`). A capitalised word carries its
/// name form beside its common term, so name forms are a namespace of their
/// own in the stemmed field, and a query chooses between the two by the
/// archive's evidence (see `query::lower`). `false` when the word does not
/// start with a letter (then it has no name form).
pub fn name_term_into(folded: &str, out: &mut String) -> bool {
    out.clear();
    if !folded.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    out.push(NAME_MARK);
    out.push_str(folded);
    out.len() <= MAX_TERM_BYTES
}

/// The name form of a folded word ([`name_term_into`]), if it has one.
pub fn name_term(folded: &str) -> Option<String> {
    let mut out = String::new();
    name_term_into(folded, &mut out).then_some(out)
}

/// True when a term of the stemmed field is a name form.
pub fn is_name_term(term: &str) -> bool {
    term.starts_with(NAME_MARK)
}

/// Whether the bundled gazetteers list this one folded word as a place or
/// an organisation.
pub fn is_known_name(folded: &str) -> bool {
    crate::entities::gazetteer::Gazetteer::bundled().lookup(folded) != 0
}

/// One of the two newsidx analyzers, independent of tantivy.
#[derive(Debug)]
pub struct Pipeline {
    mode: Mode,
    dictionary: Dictionary,
    /// The stemmer with the user's roots, protected words and overrides.
    stemmer: Stemmer,
    /// Warm stem caches given back by this pipeline's dropped tokenizers.
    /// tantivy clones a field's analyzer for every new segment and drops
    /// it when the segment is written, so without this pool each segment
    /// started with a cold cache: it re-stemmed every word of its
    /// vocabulary and zeroed a fresh table. A cache is valid for any
    /// tokenizer of the same pipeline (stems depend only on the word and
    /// the pipeline's dictionary).
    caches: std::sync::Mutex<Vec<StemCache>>,
}

/// How many idle warm caches a pipeline keeps (8 MB each): enough for
/// every stemmed field of two indexing threads.
const POOLED_CACHES: usize = 8;

impl Pipeline {
    /// The stemmed analyzer for `config`.
    pub fn stemmed(config: &AnalysisConfig) -> Self {
        Pipeline {
            mode: Mode::Stemmed {
                stopwords: config.stopwords,
            },
            dictionary: Dictionary::new(config),
            stemmer: if config.user_dictionary == UserDictionary::default() {
                default_stemmer().clone()
            } else {
                Stemmer::with_dictionary(&config.user_dictionary)
            },
            caches: Default::default(),
        }
    }

    /// The exact (folded, unstemmed) analyzer.
    pub fn exact() -> Self {
        Pipeline {
            mode: Mode::Exact,
            dictionary: Dictionary::default(),
            stemmer: default_stemmer().clone(),
            caches: Default::default(),
        }
    }

    /// A warm cache from the pool, or a new (unallocated) one.
    fn take_cache(&self) -> StemCache {
        let mut pool = self
            .caches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pool.pop().unwrap_or_default()
    }

    /// Gives `cache` back to the pool unless it was never used or the pool
    /// is full.
    fn give_cache(&self, cache: StemCache) {
        if cache.buckets.is_empty() {
            return;
        }
        let mut pool = self
            .caches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if pool.len() < POOLED_CACHES {
            pool.push(cache);
        }
    }

    /// Which analyzer this is.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Analyses `text`, calling `sink` once per segment in index order
    /// (positions non-decreasing; a whole compound right before its first
    /// part). `work` holds buffers reused from one text to the next.
    pub fn run<F: FnMut(&SegmentOut<'_>)>(&self, text: &str, work: &mut Workspace, sink: &mut F) {
        work.start(text);
        let Workspace {
            segs,
            cache,
            cursor,
        } = work;
        while let Some(both) = cursor.step(self, text, segs, cache) {
            if let Some(v) = cursor.a.view(text) {
                sink(&v);
            }
            if both && let Some(v) = cursor.b.view(text) {
                sink(&v);
            }
        }
    }

    /// Is this word segment read as a name?
    fn is_name(&self, seg: &Segment, ctx: CaseContext) -> bool {
        match seg.kind {
            TokenKind::Acronym => ctx.trust_acronyms && seg.capitalised,
            TokenKind::Word => ctx.trust_capitals && !seg.sentence_start && seg.capitalised,
            _ => false,
        }
    }

    /// Fills `out` for one segment. `whole` is `Some(name)` for a whole
    /// compound: `Some(Some(protected))` for a compound of words (protected
    /// when its first part is), `Some(None)` for one containing a number.
    #[allow(clippy::too_many_arguments)]
    fn analyse(
        &self,
        text: &str,
        seg: Segment,
        ctx: CaseContext,
        position: usize,
        position_length: usize,
        whole: Option<Option<bool>>,
        cache: &mut StemCache,
        out: &mut Scratch,
    ) {
        out.seg = Some(seg);
        out.position = position;
        out.position_length = position_length;
        out.protected = false;
        out.terms = [None, None];
        out.folded_in_text = None;
        let original = text.get(seg.from..seg.to).unwrap_or("");
        let mode = match seg.kind {
            TokenKind::Word | TokenKind::Compound => FoldMode::Word,
            TokenKind::Acronym if original.contains('.') => FoldMode::Abbreviation,
            TokenKind::Acronym => FoldMode::Word,
            _ => FoldMode::Literal,
        };
        if seg.plain {
            out.folded.clear();
            out.folded.push_str(original);
        } else {
            fold_into(original, mode, &mut out.folded);
        }
        out.stem.clear();
        let fits = |s: &str| !s.is_empty() && s.len() <= MAX_TERM_BYTES;

        let is_word = match whole {
            Some(name) => name.is_some(),
            None => matches!(seg.kind, TokenKind::Word | TokenKind::Acronym),
        };
        if !is_word {
            let whole_part = (seg.kind == TokenKind::Number && self.mode != Mode::Exact)
                .then(|| whole_number_part(&out.folded))
                .flatten();
            match whole_part {
                Some(part) => out.stem.push_str(part),
                None => out.stem.push_str(&out.folded),
            }
            if fits(&out.folded) {
                if whole_part.is_some() {
                    // `6.366,78` is also found by `6.366`; the full form
                    // comes last, where a query reads a number's term.
                    out.terms = [Some(Which::Stem), Some(Which::Folded)];
                } else {
                    out.terms[0] = Some(Which::Folded);
                }
            }
            return;
        }
        let keep = !self.dictionary.keep.is_empty() && self.dictionary.keep.contains(&out.folded);
        let read_as_name = match whole {
            Some(name) => name.unwrap_or(false),
            None => self.is_name(&seg, ctx),
        };
        if self.mode == Mode::Exact {
            out.stem.push_str(&out.folded);
        } else {
            self.stem_into(&out.folded, cache, &mut out.stem);
        }
        // A capitalised word that the bundled gazetteers know as a name is
        // a name wherever it stands (`Kediri` opening a sentence or in a
        // headline); only words the stemmer would change need the look-up.
        let known_name = !read_as_name
            && seg.capitalised
            && whole.is_none()
            && self.mode != Mode::Exact
            && out.stem != out.folded
            && is_known_name(&out.folded);
        out.protected = read_as_name || keep || known_name;
        if !fits(&out.folded) {
            return;
        }
        match self.mode {
            Mode::Exact => out.terms[0] = Some(Which::Folded),
            Mode::Stemmed { stopwords } => {
                let mut slot = 0;
                if seg.capitalised && name_term_into(&out.folded, &mut out.name) {
                    out.terms[0] = Some(Which::Name);
                    slot = 1;
                }
                if keep || out.protected {
                    // A name keeps its folded form and is never conflated
                    // with the common word its stem would be (`Kediri` is
                    // not `diri`); one that is itself a root also matches
                    // that root's common word.
                    if keep || out.stem == out.folded || slot == 0 {
                        out.terms[slot] = Some(Which::Folded);
                    }
                    out.stem.clear();
                    out.stem.push_str(&out.folded);
                } else if stopwords && whole.is_none() && stopwords::is_stopword(&out.folded) {
                    // Removed, name form and all; the position is still taken.
                    out.terms = [None, None];
                } else if fits(&out.stem) {
                    out.terms[slot] = Some(Which::Stem);
                } else {
                    out.terms[slot] = Some(Which::Folded);
                }
            }
        }
    }

    /// [`Pipeline::analyse`] for the most common segment, a lower-case
    /// ASCII word on its own or as a part: it is its own folded form and
    /// never a name, so no folding, no case reading and no compound logic.
    /// Only for a pipeline without `keep` words.
    #[inline]
    fn analyse_plain_word(
        &self,
        text: &str,
        seg: Segment,
        position: usize,
        cache: &mut StemCache,
        out: &mut Scratch,
    ) {
        let word = text.get(seg.from..seg.to).unwrap_or("");
        out.seg = Some(seg);
        out.position = position;
        out.position_length = 1;
        out.protected = false;
        out.terms = [None, None];
        out.folded_in_text = Some((seg.from, seg.to));
        out.stem.clear();
        let fits = |s: &str| !s.is_empty() && s.len() <= MAX_TERM_BYTES;
        match self.mode {
            Mode::Exact => {
                out.stem.push_str(word);
                if fits(word) {
                    out.terms[0] = Some(Which::Folded);
                }
            }
            Mode::Stemmed { stopwords } => {
                self.stem_into(word, cache, &mut out.stem);
                if !fits(word) || (stopwords && stopwords::is_stopword(word)) {
                    return;
                }
                out.terms[0] = Some(if fits(&out.stem) {
                    Which::Stem
                } else {
                    Which::Folded
                });
            }
        }
    }

    /// The stem of a folded word, with the user dictionary applied.
    #[inline]
    pub(crate) fn stem_into(&self, folded: &str, cache: &mut StemCache, out: &mut String) {
        out.clear();
        // An affixed word has at least four letters (a root of two or more
        // plus an affix of two or more, or a one-letter suffix on a root of
        // three), so shorter words are their own stem. They are the most
        // frequent words of all (`di`, `ke`, `dan`, `ini`, `itu`), and
        // skipping the stemmer and the cache for them is measurable. A
        // short reduplication (`e-e`) still goes to the stemmer.
        if folded.len() <= 3
            && !folded.contains('-')
            && !self.dictionary.overrides.contains_key(folded)
        {
            out.push_str(folded);
            return;
        }
        self.stem_keyed(folded, StemCache::key(folded.as_bytes()), cache, out);
    }

    /// [`Pipeline::stem_into`] past its short-word shortcut, with the cache
    /// key (`None`: too long to cache) already worked out.
    #[inline]
    fn stem_keyed(&self, folded: &str, key: Option<Key>, cache: &mut StemCache, out: &mut String) {
        out.clear();
        if let Some(key) = &key
            && cache.get(key, folded, out)
        {
            return;
        }
        let stem = self.stemmer.stem(folded);
        out.push_str(if stem.is_empty() { folded } else { &stem });
        if let Some(key) = &key {
            cache.put(key, folded, out);
        }
    }
}

/// The newsidx analyzers as a tantivy [`Tokenizer`]; register it with
/// [`super::register`].
pub struct IndonesianTokenizer {
    pipeline: Arc<Pipeline>,
    work: Workspace,
    token: Token,
}

impl Clone for IndonesianTokenizer {
    /// A clone shares the pipeline and starts with empty buffers and a
    /// stem cache from the pipeline's pool (tantivy clones analyzers per
    /// segment and per query).
    fn clone(&self) -> Self {
        IndonesianTokenizer::from_arc(Arc::clone(&self.pipeline))
    }
}

impl Drop for IndonesianTokenizer {
    /// Hands the stem cache back to the pipeline's pool, still warm.
    fn drop(&mut self) {
        let cache = std::mem::take(&mut self.work.cache);
        self.pipeline.give_cache(cache);
    }
}

impl IndonesianTokenizer {
    /// A tokenizer running `pipeline`.
    pub fn new(pipeline: Pipeline) -> Self {
        IndonesianTokenizer::from_arc(Arc::new(pipeline))
    }

    fn from_arc(pipeline: Arc<Pipeline>) -> Self {
        let work = Workspace {
            cache: pipeline.take_cache(),
            ..Workspace::default()
        };
        IndonesianTokenizer {
            pipeline,
            work,
            token: Token::default(),
        }
    }
}

impl Tokenizer for IndonesianTokenizer {
    type TokenStream<'a> = IndonesianTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        // The text is segmented now (the case context needs all of it);
        // terms are analysed one step at a time as tantivy pulls them, into
        // one reused token, so nothing is allocated per token and a text's
        // terms never sit in memory all at once.
        self.work.start_shared(text);
        let Workspace {
            segs,
            cache,
            cursor,
        } = &mut self.work;
        let token = &mut self.token;
        token.text.clear();
        token.offset_from = 0;
        token.offset_to = 0;
        token.position = usize::MAX;
        token.position_length = 1;
        IndonesianTokenStream {
            pipeline: &self.pipeline,
            text,
            segs,
            cache,
            cursor,
            token,
            slot: 0,
            slots: 0,
        }
    }
}

/// The tokens of one text, produced by [`IndonesianTokenizer`].
pub struct IndonesianTokenStream<'a> {
    pipeline: &'a Pipeline,
    text: &'a str,
    segs: &'a [Segment],
    cache: &'a mut StemCache,
    cursor: &'a mut Cursor,
    token: &'a mut Token,
    /// The next of the current step's term slots: 0 and 1 are `a`'s
    /// terms, 2 and 3 `b`'s.
    slot: u8,
    /// How many slots the current step fills (2, or 4 with `b`).
    slots: u8,
}

impl IndonesianTokenStream<'_> {
    /// The most common step, a lower-case ASCII word on its own or as a
    /// later part of a compound ([`Pipeline::analyse_plain_word`]'s case),
    /// written straight into the token: `None` when the next segment is not
    /// such a word (the general [`Cursor::step`] takes it), else whether a
    /// term was emitted (a removed stopword only takes its position). The
    /// terms and positions are those of the general path, which a test
    /// checks over every kind of segment.
    #[inline]
    fn plain_word(&mut self) -> Option<bool> {
        let p = self.pipeline;
        let seg = self.segs.get(self.cursor.i).copied()?;
        if !(seg.plain
            && seg.kind == TokenKind::Word
            && matches!(seg.role, Role::Single | Role::Part)
            && p.dictionary.keep.is_empty())
        {
            return None;
        }
        let word = self.text.get(seg.from..seg.to)?;
        if word.is_empty() || word.len() > MAX_TERM_BYTES {
            return None;
        }
        let position = self.cursor.next_position;
        self.cursor.next_position += 1;
        self.cursor.i += 1;
        let t = &mut *self.token;
        match p.mode {
            Mode::Exact => {
                t.text.clear();
                t.text.push_str(word);
            }
            Mode::Stemmed { stopwords } => {
                if stopwords && stopwords::is_stopword(word) {
                    return Some(false);
                }
                if word.len() <= 3 {
                    p.stem_into(word, self.cache, &mut t.text);
                } else {
                    let key = StemCache::key_in(self.text.as_bytes(), seg.from, word.len());
                    p.stem_keyed(word, key, self.cache, &mut t.text);
                }
                if t.text.is_empty() || t.text.len() > MAX_TERM_BYTES {
                    t.text.clear();
                    t.text.push_str(word);
                }
            }
        }
        t.offset_from = seg.from;
        t.offset_to = seg.to;
        t.position = position;
        t.position_length = 1;
        Some(true)
    }
}

impl TokenStream for IndonesianTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            while self.slot < self.slots {
                let k = self.slot;
                self.slot += 1;
                let s = if k < 2 {
                    &mut self.cursor.a
                } else {
                    &mut self.cursor.b
                };
                let (Some(Some(which)), Some(seg)) =
                    (s.terms.get(usize::from(k % 2)).copied(), s.seg)
                else {
                    continue;
                };
                let t = &mut *self.token;
                // A scratch buffer holds at most one of a step's terms and
                // the next step refills it, so it is handed to the token
                // (swapped) rather than copied.
                match which {
                    Which::Stem => std::mem::swap(&mut t.text, &mut s.stem),
                    Which::Name => std::mem::swap(&mut t.text, &mut s.name),
                    Which::Folded if s.folded_in_text.is_none() => {
                        std::mem::swap(&mut t.text, &mut s.folded);
                    }
                    Which::Folded => {
                        t.text.clear();
                        t.text.push_str(s.folded(self.text));
                    }
                }
                t.offset_from = seg.from;
                t.offset_to = seg.to;
                t.position = s.position;
                t.position_length = s.position_length;
                return true;
            }
            if let Some(emitted) = self.plain_word() {
                if emitted {
                    return true;
                }
                continue;
            }
            match self
                .cursor
                .step(self.pipeline, self.text, self.segs, self.cache)
            {
                Some(both) => {
                    self.slot = 0;
                    self.slots = if both { 4 } else { 2 };
                }
                None => {
                    self.slots = 0;
                    return false;
                }
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::super::{AnalysisConfig, EXACT, STEMMED, UserDictionary, register, stem};
    use proptest::prelude::*;
    use tantivy::collector::Count;
    use tantivy::query::QueryParser;
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    fn analyzer(name: &str, config: &AnalysisConfig) -> TextAnalyzer {
        let manager = TokenizerManager::default();
        register(&manager, config);
        manager
            .get(name)
            .unwrap_or_else(|| panic!("help: {name} is not registered by analysis::register"))
    }

    #[test]
    fn a_dropped_tokenizer_leaves_its_warm_cache_to_the_next_clone() {
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        let first =
            super::IndonesianTokenizer::new(super::Pipeline::stemmed(&AnalysisConfig::default()));
        let mut a = first.clone();
        let mut stream = a.token_stream("pengiriman barang");
        while stream.advance() {}
        drop(a);
        let pooled = || first.pipeline.caches.lock().map_or(0, |p| p.len());
        assert_eq!(pooled(), 1);
        let mut b = first.clone();
        assert_eq!(pooled(), 0);
        assert!(
            !b.work.cache.buckets.is_empty(),
            "the clone took the warm cache"
        );
        let mut stream = b.token_stream("pengiriman");
        stream.advance();
        assert_eq!(stream.token().text, "kirim");
        drop(b);
        // A tokenizer that never stemmed gives nothing back.
        drop(first.clone());
        assert_eq!(pooled(), 1);
    }

    #[test]
    fn a_text_segmented_for_one_field_gives_the_next_field_the_same_tokens() {
        let config = AnalysisConfig::default();
        let body = "Presiden Joko Widodo mengirimkan bantuan ke Kediri, Jawa Timur. \
                    Anak-anak di sana menerima 2,5 ton beras dari Kementerian Sosial (Kemensos) \
                    pada Senin (24/10/2024), kata Kepala Dinas Sosial Kota Kediri kepada wartawan. \
                    Bantuan berikutnya dikirim lewat Surabaya pekan depan.";
        assert!(
            super::SHARED_TEXT_BYTES.contains(&body.len()),
            "the text's segments are shared"
        );
        // The same length, segmented otherwise: it takes no other text's segments.
        let other = body.replacen("Anak-anak", "Anak anak", 1);
        assert_eq!(other.len(), body.len());
        let fresh = |text: String| {
            let config = config.clone();
            std::thread::spawn(move || tokens(EXACT, &config, &text))
                .join()
                .unwrap()
        };
        let after_stemmed = |first: &'static str, then: String| {
            let config = config.clone();
            std::thread::spawn(move || {
                tokens(STEMMED, &config, first);
                tokens(EXACT, &config, &then)
            })
            .join()
            .unwrap()
        };
        assert_eq!(
            after_stemmed(body, body.to_string()),
            fresh(body.to_string())
        );
        assert_eq!(after_stemmed(body, other.clone()), fresh(other));
    }

    /// (text, position, offset_from, offset_to) of every token.
    fn tokens(
        name: &str,
        config: &AnalysisConfig,
        text: &str,
    ) -> Vec<(String, usize, usize, usize)> {
        let mut a = analyzer(name, config);
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    fn assert_tokens(got: &[(String, usize, usize, usize)], want: &[(&str, usize, usize, usize)]) {
        let got: Vec<(&str, usize, usize, usize)> = got
            .iter()
            .map(|(t, p, f, e)| (t.as_str(), *p, *f, *e))
            .collect();
        assert_eq!(
            got, want,
            "help: (term, position, offset_from, offset_to) differ"
        );
    }

    fn with_overrides(pairs: &[(&str, &str)]) -> AnalysisConfig {
        AnalysisConfig {
            stopwords: false,
            user_dictionary: UserDictionary {
                overrides: pairs
                    .iter()
                    .map(|(w, r)| (w.to_string(), r.to_string()))
                    .collect(),
                ..Default::default()
            },
        }
    }

    #[test]
    fn stage_tokenizer_each_class_through_exact() {
        let text =
            "PBB: 1.250.000 warga (12,5%) di https://x.id/a, tulis a@b.co #Pemilu @kpu_ri A.S.";
        let want = [
            ("pbb", 0, 0, 3),
            ("1.250.000", 1, 5, 14),
            ("warga", 2, 15, 20),
            ("12,5%", 3, 22, 27),
            ("di", 4, 29, 31),
            ("https://x.id/a", 5, 32, 46),
            ("tulis", 6, 48, 53),
            ("a@b.co", 7, 54, 60),
            ("#pemilu", 8, 61, 68),
            ("@kpu_ri", 9, 69, 76),
            ("as", 10, 77, 81),
        ];
        assert_tokens(&tokens(EXACT, &AnalysisConfig::default(), text), &want);
    }

    #[test]
    fn stage_normalize_folds_a_copy_offsets_stay_original() {
        let text = "Café ＰＢＢ Jum’at ﬁlm";
        let got = tokens(EXACT, &AnalysisConfig::default(), text);
        assert_tokens(
            &got,
            &[
                ("cafe", 0, 0, 5),
                ("pbb", 1, 6, 15),
                ("jumat", 2, 16, 24),
                ("film", 3, 25, 30),
            ],
        );
        for (_, _, from, to) in got {
            assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
        }
    }

    #[test]
    fn stage_compounds_whole_and_parts_in_both_analyzers() {
        let want = [
            ("anak-anak", 1, 5, 14),
            ("anak", 1, 5, 9),
            ("anak", 2, 10, 14),
            ("rusia-korea", 3, 15, 26),
            ("rusia", 3, 15, 20),
            ("korea", 4, 21, 26),
        ];
        let text = "para anak-anak Rusia-Korea";
        let exact = tokens(EXACT, &AnalysisConfig::default(), text);
        assert_tokens(&exact[1..], &want);
        // The stemmed analyzer keeps the same positions and offsets.
        let stemmed = tokens(STEMMED, &AnalysisConfig::default(), text);
        let shape: Vec<(usize, usize, usize)> = stemmed.iter().map(|t| (t.1, t.2, t.3)).collect();
        assert!(
            shape.contains(&(1, 5, 9))
                && shape.contains(&(2, 10, 14))
                && shape.contains(&(4, 21, 26))
        );
    }

    #[test]
    fn stage_stemming_uses_the_stemmer_for_common_words() {
        let text = "warga pengiriman barang";
        let got = tokens(STEMMED, &AnalysisConfig::default(), text);
        let terms: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(terms, [stem("warga"), stem("pengiriman"), stem("barang")]);
    }

    #[test]
    fn stage_names_keep_their_name_form_and_never_a_common_stem() {
        let config = with_overrides(&[("zantari", "tari"), ("pemerintah", "perintah")]);
        // Mid-sentence capital: a name, its name form only; `tari` (dance)
        // is another word.
        assert_tokens(
            &tokens(STEMMED, &config, "warga Zantari"),
            &[(stem("warga").as_str(), 0, 0, 5), ("^zantari", 1, 6, 13)],
        );
        // A name that is itself a root also carries the root.
        assert_tokens(
            &tokens(STEMMED, &config, "warga Serang"),
            &[
                (stem("warga").as_str(), 0, 0, 5),
                ("^serang", 1, 6, 12),
                ("serang", 1, 6, 12),
            ],
        );
        // Lower case: a common word, its stem only.
        assert_tokens(&tokens(STEMMED, &config, "zantari"), &[("tari", 0, 0, 7)]);
        // Sentence-initial: the name form and the stem, since it may be
        // either; the query decides which it means.
        let got = tokens(STEMMED, &config, "Pemerintah bekerja. Pemerintah pusat");
        assert_eq!(
            (got[0].0.as_str(), got[1].0.as_str()),
            ("^pemerintah", "perintah")
        );
        assert_eq!(got.iter().filter(|t| t.0 == "pemerintah").count(), 0);
        // ... unless the gazetteers know it as a place: `Kediri` is never `diri`.
        let got = tokens(STEMMED, &AnalysisConfig::default(), "Kediri banjir.");
        assert_eq!(got[0].0, "^kediri");
        assert!(!got.iter().any(|t| t.0 == "diri"), "{got:?}");
        // Acronyms are names wherever they stand.
        let got = tokens(STEMMED, &with_overrides(&[("as", "a")]), "AS menolak");
        assert_eq!((got[0].0.as_str(), got[1].0.as_str()), ("^as", "tolak"));
    }

    #[test]
    fn decimal_numbers_also_carry_their_whole_part() {
        let got = tokens(STEMMED, &AnalysisConfig::default(), "ke 6.366,78 dan 0,38%");
        let terms: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(terms, ["ke", "6.366", "6.366,78", "dan", "0,38%"]);
        assert_eq!((got[1].1, got[2].1), (1, 1));
    }

    #[test]
    fn stage_title_case_text_is_not_read_for_names() {
        let config = with_overrides(&[("zantari", "tari"), ("banjir", "banjir")]);
        // In a Title Case headline every word is capitalised: no protection
        // (name form and stem), but the acronym still is one.
        let got = tokens(STEMMED, &config, "Banjir Besar Landa Zantari Dan DKI");
        assert!(got.iter().any(|t| t.0 == "tari"));
        assert!(got.iter().any(|t| t.0 == "^zantari"));
        assert!(!got.iter().any(|t| t.0 == "zantari"));
        assert!(got.iter().any(|t| t.0 == "dki"));
        // In SHOUTING text acronyms are not trusted either.
        let got = tokens(
            STEMMED,
            &with_overrides(&[("banjir", "banj")]),
            "BANJIR LANDA KOTA",
        );
        assert_eq!((got[0].0.as_str(), got[1].0.as_str()), ("^banjir", "banj"));
    }

    #[test]
    fn stage_stopwords_leave_position_gaps_and_only_on_stemmed() {
        let config = AnalysisConfig {
            stopwords: true,
            ..Default::default()
        };
        let got = tokens(STEMMED, &config, "banjir yang melanda di jalan");
        let positions: Vec<usize> = got.iter().map(|t| t.1).collect();
        assert_eq!(positions, [0, 2, 4]);
        let exact = tokens(EXACT, &config, "banjir yang melanda di jalan");
        assert_eq!(exact.len(), 5);
        // A capitalised stopword mid-sentence is a name and stays.
        let got = tokens(STEMMED, &config, "kata grup musik Ada Band di sini");
        assert!(got.iter().any(|t| t.0 == "ada"));
    }

    #[test]
    fn stage_user_dictionary_keep_roots_overrides() {
        let config = AnalysisConfig {
            stopwords: false,
            user_dictionary: UserDictionary {
                keep: vec!["Bekasi".into()],
                roots: vec!["perang".into()],
                overrides: vec![("berlari".into(), "lari".into())],
            },
        };
        let got = tokens(STEMMED, &config, "bekasi perang berlari");
        let terms: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(terms, ["bekasi", "perang", "lari"]);
        // The exact analyzer ignores the dictionary.
        let got = tokens(EXACT, &config, "berlari");
        assert_eq!(got[0].0, "berlari");
    }

    /// Indexes `docs` in RAM with the stemmed analyzer and counts the hits
    /// of `query` parsed by tantivy's query parser.
    fn hits(config: &AnalysisConfig, docs: &[&str], query: &str) -> usize {
        let mut sb = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(STEMMED)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let body = sb.add_text_field(
            "body",
            TextOptions::default().set_indexing_options(indexing),
        );
        let index = Index::create_in_ram(sb.build());
        register(index.tokenizers(), config);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for d in docs {
            let mut doc = TantivyDocument::default();
            doc.add_text(body, d);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let q = QueryParser::for_index(&index, vec![body])
            .parse_query(query)
            .unwrap();
        searcher.search(&q, &Count).unwrap()
    }

    #[test]
    fn phrases_work_across_compounds_and_stopword_gaps() {
        let docs = [
            "para anak-anak bermain",
            "anak kecil dan anak besar",
            "banjir di jalan raya",
        ];
        let plain = AnalysisConfig::default();
        assert_eq!(hits(&plain, &docs, "\"anak-anak bermain\""), 1);
        assert_eq!(hits(&plain, &docs, "\"anak anak\""), 1);
        assert_eq!(hits(&plain, &docs, "anak-anak"), 1);
        let stop = AnalysisConfig {
            stopwords: true,
            ..Default::default()
        };
        assert_eq!(hits(&stop, &docs, "\"banjir di jalan\""), 1);
        assert_eq!(hits(&stop, &docs, "\"banjir jalan\""), 0);
    }

    #[test]
    fn stem_cache_returns_what_was_put_and_skips_long_words() {
        use super::StemCache;
        let mut cache = StemCache::default();
        let get = |cache: &mut StemCache, word: &str| {
            let key = StemCache::key(word.as_bytes())?;
            let mut out = String::new();
            cache.get(&key, word, &mut out).then_some(out)
        };
        let put = |cache: &mut StemCache, word: &str, stem: &str| {
            if let Some(key) = StemCache::key(word.as_bytes()) {
                cache.put(&key, word, stem);
            }
        };
        assert_eq!(get(&mut cache, "pengiriman"), None);
        put(&mut cache, "pengiriman", "kirim");
        assert_eq!(get(&mut cache, "pengiriman").as_deref(), Some("kirim"));
        // A restored first letter is kept: menolak -> t + olak.
        put(&mut cache, "menolak", "tolak");
        assert_eq!(get(&mut cache, "menolak").as_deref(), Some("tolak"));
        // Another word, or a prefix of a cached one: not confused with it.
        assert_eq!(get(&mut cache, "pengirimann"), None);
        assert_eq!(get(&mut cache, "pengirima"), None);
        // A stem that is not a slice of the word (an override) is not kept.
        put(&mut cache, "menteng", "xyz");
        assert_eq!(get(&mut cache, "menteng"), None);
        let long = "x".repeat(super::CACHED_BYTES + 1);
        put(&mut cache, &long, "x");
        assert_eq!(get(&mut cache, &long), None);
        assert_eq!(get(&mut cache, "pengiriman").as_deref(), Some("kirim"));
    }

    #[test]
    fn keys_read_in_place_equal_keys_of_the_word() {
        use super::StemCache;
        let text = "menyampaikan bahwa pengiriman 0123456789abcdefghijklmnop";
        let b = text.as_bytes();
        for from in 0..b.len() {
            for len in 0..=(b.len() - from) {
                assert_eq!(
                    StemCache::key_in(b, from, len),
                    StemCache::key(&b[from..from + len]),
                    "{from} {len}"
                );
            }
        }
    }

    #[test]
    fn stem_cache_keeps_the_two_newest_words_of_a_bucket() {
        use super::StemCache;
        use std::collections::HashMap;
        // Words are put until three of them share a bucket.
        let mut cache = StemCache::default();
        let bucket = |w: &str| {
            StemCache::key(w.as_bytes())
                .map(|k| StemCache::hash(&k) as usize & (super::STEM_CACHE_BUCKETS - 1))
        };
        let mut by_bucket: HashMap<Option<usize>, Vec<String>> = HashMap::new();
        let mut same = Vec::new();
        for n in 0..2_000_000 {
            let w = format!("kata{n}");
            let group = by_bucket.entry(bucket(&w)).or_default();
            group.push(w);
            if group.len() == 3 {
                same = group.clone();
                break;
            }
        }
        assert_eq!(same.len(), 3, "help: no three words share a bucket");
        for w in &same {
            let key = StemCache::key(w.as_bytes()).unwrap_or_default();
            cache.put(&key, w, "kata");
        }
        let hit = |cache: &mut StemCache, w: &str| {
            let key = StemCache::key(w.as_bytes()).unwrap_or_default();
            let mut out = String::new();
            cache.get(&key, w, &mut out).then_some(out)
        };
        assert_eq!(hit(&mut cache, &same[0]), None);
        assert_eq!(hit(&mut cache, &same[1]).as_deref(), Some("kata"));
        assert_eq!(hit(&mut cache, &same[2]).as_deref(), Some("kata"));
    }

    fn check_stream(name: &str, config: &AnalysisConfig, text: &str) -> Result<(), TestCaseError> {
        let got = tokens(name, config, text);
        let mut last = 0usize;
        for (term, pos, from, to) in got {
            prop_assert!(
                from <= to && to <= text.len(),
                "offsets {from}..{to} outside the text"
            );
            prop_assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
            prop_assert!(pos >= last, "position went back from {last} to {pos}");
            prop_assert!(!term.is_empty() && term.len() <= super::MAX_TERM_BYTES);
            last = pos;
        }
        Ok(())
    }

    /// The token streams (with their shortcut for plain words) give the
    /// terms, positions and offsets of [`Pipeline::run`] (the general path
    /// only), for both analyzers.
    fn check_stream_matches_run(text: &str, config: &AnalysisConfig) -> Result<(), TestCaseError> {
        for (name, pipeline) in [
            (STEMMED, super::Pipeline::stemmed(config)),
            (EXACT, super::Pipeline::exact()),
        ] {
            let streamed = tokens(name, config, text);
            let mut ran = Vec::new();
            pipeline.run(text, &mut super::Workspace::default(), &mut |t| {
                for term in t.terms.iter().flatten() {
                    ran.push((term.to_string(), t.position, t.seg.from, t.seg.to));
                }
            });
            prop_assert_eq!(streamed, ran, "{}", name);
        }
        Ok(())
    }

    #[test]
    fn stream_matches_run_on_a_paragraph() {
        let text = "Para anak-anak di Menteng, kata Dr. Budi: PBB dan A.S. menolak \
                    pengiriman Rp1.250.000 ke https://x.id/a. BANJIR LANDA KOTA. COVID-19";
        for stopwords in [false, true] {
            let config = AnalysisConfig {
                stopwords,
                ..Default::default()
            };
            check_stream_matches_run(text, &config).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    proptest! {
        #[test]
        fn stream_matches_run(
            text in "([a-zA-Z0-9 .,:/%#@'’\\-–éÉ\"\n]|A\\.S\\.|anak-anak|Menteng|dan|mengirimkan){0,40}",
            stopwords in any::<bool>(),
        ) {
            let config = AnalysisConfig { stopwords, ..Default::default() };
            check_stream_matches_run(&text, &config)?;
        }

        #[test]
        fn never_panics_offsets_on_boundaries(text in any::<String>()) {
            let config = AnalysisConfig { stopwords: true, ..Default::default() };
            check_stream(STEMMED, &config, &text)?;
            check_stream(EXACT, &config, &text)?;
        }

        #[test]
        fn never_panics_on_news_like_text(
            text in "([a-zA-Z0-9 .,:/%#@'’\\-–éÉ한ⅷ１ﬁ\u{301}\u{2010}\"“\n]|https://|www\\.|A\\.S\\.){0,60}"
        ) {
            let config = AnalysisConfig { stopwords: true, ..Default::default() };
            check_stream(STEMMED, &config, &text)?;
            check_stream(EXACT, &config, &text)?;
            let analyzed = super::super::analyze(&text, &config);
            for t in analyzed {
                prop_assert_eq!(text.get(t.offset_from..t.offset_to), Some(t.text.as_str()));
            }
        }
    }
}
