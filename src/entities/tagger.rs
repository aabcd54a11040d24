//! The statistical part of entity extraction: an averaged perceptron that
//! tags each token with BIO labels, decoded with Viterbi over first-order
//! transitions (Collins' structured perceptron).
//!
//! Why this model: it trains in seconds on the few thousand gold sentences
//! available for Indonesian, needs no numeric library, and tags several MB of
//! text a second on one core, so it can run over every article at index
//! time. A CRF or a neural tagger would gain a few points of F1 at a large
//! cost in speed, size or dependencies.
//!
//! Decoding forbids an `I-X` that does not continue an `X`. Features are
//! 64-bit hashes (see [`features`](super::features)); the weights live in an
//! open-addressing table of 16-bit fingerprints beside rows of weights, a
//! sentence's lookups are issued together (see `Model::score_batch`), and
//! the sums of the features that read one word only are cached per word
//! (`WordCache`), because waiting on memory for those lookups, not the
//! arithmetic, is what tagging spends its time on.
//!
//! The model file is written by [`Model::to_bytes`] in a small format of our
//! own: text lines starting with `#` (title, source and licence of the
//! training data) ended by a NUL byte, then, little-endian, magic
//! `NXNER001`, feature count `n` (u32), weight scale (f32), `n` sorted
//! feature hashes (u64) and `n` rows of seven i16 weights. Training is deterministic (fixed seed, fixed order, sorted
//! output), so `examples/train_ner.rs` rebuilds the shipped file bit for bit.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::EntityKind;
use super::features::{
    Case, FeatureHash, Role, START, TokInfo, case_of, context_features, static_features,
    token_infos, token_infos_into, transition_feature, word_features,
};
use super::gazetteer::{Gazetteer, is_function_word, with_lower};

/// The BIO labels, in model column order.
pub const TAGS: [&str; 7] = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"];

/// Number of labels.
pub const N_TAGS: usize = TAGS.len();

/// Label index of a BIO tag string, `None` if unknown.
pub fn tag_index(tag: &str) -> Option<u8> {
    TAGS.iter().position(|t| *t == tag).map(|i| i as u8)
}

/// The entity type of a label index (`None` for `O`).
pub fn tag_kind(tag: u8) -> Option<EntityKind> {
    match tag {
        1 | 2 => Some(EntityKind::Person),
        3 | 4 => Some(EntityKind::Place),
        5 | 6 => Some(EntityKind::Org),
        _ => None,
    }
}

fn is_inside(tag: u8) -> bool {
    matches!(tag, 2 | 4 | 6)
}

/// Whether label `tag` may follow label `prev`.
fn allowed(prev: u8, tag: u8) -> bool {
    !is_inside(tag) || prev == tag || prev + 1 == tag
}

/// Entity spans `(kind, first token, one past last token)` in a BIO label
/// sequence, counted as conlleval does: an `I-X` that does not continue an
/// `X` starts a new entity.
pub fn spans(tags: &[u8]) -> Vec<(EntityKind, usize, usize)> {
    let mut out = Vec::new();
    spans_into(tags, &mut out);
    out
}

/// [`spans`] into `out` (emptied first), so that a text tagged sentence by
/// sentence reuses one buffer.
pub(crate) fn spans_into(tags: &[u8], out: &mut Vec<(EntityKind, usize, usize)>) {
    out.clear();
    let mut cur: Option<(EntityKind, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        // Outside every entity and after none: most labels, and nothing to do.
        if t == 0 && cur.is_none() {
            continue;
        }
        let kind = tag_kind(t);
        let continues = is_inside(t) && cur.is_some_and(|(k, _)| Some(k) == kind);
        if continues {
            continue;
        }
        if let Some((k, s)) = cur.take() {
            out.push((k, s, i));
        }
        if let Some(k) = kind {
            cur = Some((k, i));
        }
    }
    if let Some((k, s)) = cur {
        out.push((k, s, tags.len()));
    }
}

/// A hasher for keys that are already good 64-bit hashes.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

const MAGIC: &[u8; 8] = b"NXNER001";

/// One row of the model's table: 16 more bits of the feature's hash beside
/// its weights, 16 bytes, so that four rows share a cache line and reading
/// one touches one line.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Row {
    check: u16,
    w: [i16; N_TAGS],
}

/// The bits of a key kept in its [`Row`]: its top 16, which neither the
/// home slot nor the fingerprint is taken from.
#[inline]
fn check_of(key: u64) -> u16 {
    (key >> 48) as u16
}

/// A trained tagger: feature hashes and their quantised weights.
///
/// The table is open addressing with linear probing over two parallel
/// arrays: `tags` holds a 16-bit fingerprint per slot (0 for an empty one)
/// and `rows` 16 other bits of the hash and the weights. The probe walks
/// `tags`, which at two bytes a slot is small enough to stay in the core's
/// cache; only a fingerprint match reads a row. A feature the model lacks
/// is taken for one it has only when both 16-bit parts match, about once in
/// four billion probes; 16-byte rows (rather than the 32 that a full hash
/// needs) halve the memory tagging reads, which index builds share with
/// tantivy's indexing threads. A feature not in the model (a rare word or
/// word pair) never leaves `tags`; the rows of the rest are fetched in
/// parallel by `Model::score_batch`. Profiled in an index build of the news
/// corpus, an earlier single array of 24-byte slots at load 0.5, probed
/// one feature at a time, spent about a quarter more time per scored
/// token.
#[derive(Clone)]
pub struct Model {
    tags: Vec<u16>,
    rows: Vec<Row>,
    /// The full hash of each slot's feature (0 for an empty slot); read
    /// only to write the model out.
    keys: Vec<u64>,
    len: usize,
    /// Tells this model's weights apart from any other's in a [`WordCache`].
    id: u64,
    scale: f32,
    /// Transition scores `[prev][tag]`, `prev` up to [`START`].
    trans: [[f64; N_TAGS]; START as usize + 1],
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("features", &self.len)
            .field("slots", &self.tags.len())
            .finish()
    }
}

impl Default for Model {
    fn default() -> Self {
        Model::from_rows(Vec::new(), 0.0)
    }
}

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("entity model is damaged: {0}")]
pub struct ModelError(&'static str);

/// Slots per feature: a load factor of 0.5 keeps probe runs short (about
/// two and a half slots for a missing key, against six at 0.7, which
/// tagged the archive 2 to 3% slower) while the fingerprints stay small.
const SLOTS_PER_TEN_FEATURES: usize = 20;

impl Model {
    /// Builds the lookup table from `(hash, weights)` rows.
    fn from_rows(rows: Vec<(u64, [i16; N_TAGS])>, scale: f32) -> Model {
        let cap = (rows.len() * SLOTS_PER_TEN_FEATURES / 10).max(16);
        let mut m = Model {
            tags: vec![0; cap],
            rows: vec![Row::default(); cap],
            keys: vec![0; cap],
            len: 0,
            id: super::fresh_id(),
            scale,
            trans: [[0.0; N_TAGS]; START as usize + 1],
        };
        for (key, w) in rows {
            if key == 0 {
                continue;
            }
            let (mut i, fp) = m.home(key);
            while let (Some(&t), Some(&k)) = (m.tags.get(i), m.keys.get(i)) {
                if t == 0 || k == key {
                    break;
                }
                i = if i + 1 == cap { 0 } else { i + 1 };
            }
            if let (Some(t), Some(r), Some(k)) =
                (m.tags.get_mut(i), m.rows.get_mut(i), m.keys.get_mut(i))
            {
                if *t == 0 {
                    m.len += 1;
                }
                *t = fp;
                *k = key;
                *r = Row {
                    check: check_of(key),
                    w,
                };
            }
        }
        for p in 0..=START {
            let mut row = [0f64; N_TAGS];
            if let Some(w) = m.get(transition_feature(p)) {
                for (r, x) in row.iter_mut().zip(w) {
                    *r = f64::from(*x);
                }
            }
            m.trans[p as usize] = row;
        }
        m
    }

    /// Home slot and fingerprint of a key. The slot comes from the high
    /// half of a multiplicative hash scaled to the table size (no power of
    /// two needed), the fingerprint from other bits of it, never 0.
    #[inline]
    fn home(&self, key: u64) -> (usize, u16) {
        let h = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let slot = ((h >> 32) * self.tags.len() as u64) >> 32;
        let fp = ((h >> 8) as u16).max(1);
        (slot as usize, fp)
    }

    /// The first slot at or after `i` whose fingerprint is `fp`, `None`
    /// when an empty slot comes first. (Comparing eight or sixteen
    /// fingerprints at once with vector compares was tried: slower, as most
    /// probes end within two slots.)
    #[inline]
    fn probe(&self, mut i: usize, fp: u16) -> Option<usize> {
        loop {
            match self.tags.get(i) {
                Some(&t) if t == fp => return Some(i),
                Some(0) => return None,
                Some(_) => i += 1,
                None => i = 0,
            }
        }
    }

    /// The weights of a key, searching from slot `i` on.
    #[inline]
    fn get_from(&self, mut i: usize, fp: u16, key: u64) -> Option<&[i16; N_TAGS]> {
        loop {
            i = self.probe(i, fp)?;
            let r = self.rows.get(i)?;
            if r.check == check_of(key) {
                return Some(&r.w);
            }
            i += 1;
        }
    }

    #[inline]
    fn get(&self, key: u64) -> Option<&[i16; N_TAGS]> {
        let (i, fp) = self.home(key);
        self.get_from(i, fp, key)
    }

    /// Number of features kept.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the model has no features (an untrained model tags all `O`).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        // Skip the text header (`#` lines ended by a NUL byte).
        if !b.starts_with(b"#") {
            return Err(ModelError("no header"));
        }
        let nul = b
            .iter()
            .position(|&c| c == 0)
            .ok_or(ModelError("header not terminated"))?;
        let b = b.get(nul + 1..).unwrap_or(&[]);
        let head = b.get(..16).ok_or(ModelError("too short"))?;
        if &head[..8] != MAGIC {
            return Err(ModelError("bad magic"));
        }
        let n = u32::from_le_bytes([head[8], head[9], head[10], head[11]]) as usize;
        let scale = f32::from_le_bytes([head[12], head[13], head[14], head[15]]);
        let keys_end = 16 + n * 8;
        let total = keys_end + n * N_TAGS * 2;
        if b.len() != total {
            return Err(ModelError("length does not match feature count"));
        }
        let keys = b.get(16..keys_end).unwrap_or(&[]).chunks_exact(8);
        let weights = b.get(keys_end..).unwrap_or(&[]).chunks_exact(N_TAGS * 2);
        let rows = keys
            .zip(weights)
            .map(|(k, c)| {
                let key = u64::from_le_bytes([k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]]);
                let mut row = [0i16; N_TAGS];
                for (t, w) in row.iter_mut().enumerate() {
                    *w = i16::from_le_bytes([c[2 * t], c[2 * t + 1]]);
                }
                (key, row)
            })
            .collect();
        Ok(Model::from_rows(rows, scale))
    }

    /// Serialises the model (see the module docs for the layout). The file
    /// opens with text lines: a title, then each line of `provenance` (its
    /// source and licence) prefixed with `# `.
    pub fn to_bytes(&self, provenance: &str) -> Vec<u8> {
        let mut rows: Vec<(u64, &Row)> = self
            .tags
            .iter()
            .zip(self.keys.iter().zip(&self.rows))
            .filter(|(t, _)| **t != 0)
            .map(|(_, (k, r))| (*k, r))
            .collect();
        rows.sort_unstable_by_key(|s| s.0);
        let mut out = Vec::with_capacity(1024 + rows.len() * (8 + 2 * N_TAGS));
        out.extend_from_slice(
            b"# newsidx entity model: averaged perceptron BIO tagger, binary part NXNER001\n",
        );
        for line in provenance.lines() {
            out.extend_from_slice(b"# ");
            out.extend(line.bytes().filter(|&c| c != 0));
            out.push(b'\n');
        }
        out.push(0);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for (k, _) in &rows {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, s) in &rows {
            for w in &s.w {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// Scores of every feature list in `feats` (token `k`'s features are
    /// `feats[bounds[k]..bounds[k + 1]]`), written to `out`.
    ///
    /// The lookups of a whole sentence are done in three passes so that the
    /// memory they touch is fetched in parallel rather than one probe after
    /// another: home slots (and a prefetch of their fingerprints), then the
    /// fingerprint probes (and a prefetch of the candidate rows), then the
    /// rows themselves. Tagging spends most of its time waiting on these
    /// loads; the arithmetic is trivial.
    fn score_batch(
        &self,
        feats: &[u64],
        bounds: &[usize],
        slots: &mut Vec<usize>,
        out: &mut Vec<[f64; N_TAGS]>,
    ) {
        slots.clear();
        slots.extend(feats.iter().map(|&f| {
            let (i, _) = self.home(f);
            prefetch(self.tags.get(i));
            i
        }));
        for (slot, &f) in slots.iter_mut().zip(feats) {
            let (_, fp) = self.home(f);
            *slot = match self.probe(*slot, fp) {
                Some(i) => {
                    prefetch(self.rows.get(i));
                    i
                }
                None => usize::MAX,
            };
        }
        out.clear();
        for w in bounds.windows(2) {
            let mut acc = [0i32; N_TAGS];
            let (Some(fs), Some(ss)) = (feats.get(w[0]..w[1]), slots.get(w[0]..w[1])) else {
                out.push([0.0; N_TAGS]);
                continue;
            };
            for (&f, &i) in fs.iter().zip(ss) {
                let row = match self.rows.get(i) {
                    Some(r) if r.check == check_of(f) => Some(&r.w),
                    None => None,
                    // A fingerprint shared with another key: keep probing.
                    Some(_) => {
                        let (_, fp) = self.home(f);
                        self.get_from(i + 1, fp, f)
                    }
                };
                if let Some(row) = row {
                    for (s, w) in acc.iter_mut().zip(row) {
                        *s += i32::from(*w);
                    }
                }
            }
            let mut sc = [0f64; N_TAGS];
            for (s, a) in sc.iter_mut().zip(acc) {
                *s = f64::from(a);
            }
            out.push(sc);
        }
    }

    /// BIO label indices for a sentence of words.
    ///
    /// In a sentence that has capital letters, only words that may belong to
    /// a name are scored; the others are taken to be outside every entity:
    ///
    /// - a word without capitals whose neighbours have none either: names in
    ///   mixed-case text are capitalised or sit next to a capitalised word
    ///   (`Abdullah bin Abdul`, `kota Pati`), except the few names the
    ///   gazetteer writes in lower case (the outlet `detikcom`);
    /// - a comma, colon, semicolon, `!`, `?` or double quote;
    /// - a lower-case function word (`dan`, `yang`, `lho`; the list of
    ///   [`is_function_word`]) unless it stands between two capitalised
    ///   words (`Kementerian Agraria dan Tata Ruang`);
    /// - and a capitalised function word opening the sentence (`Namun`,
    ///   `Dia`, `Sebelum`) is not scored and does not count as a capital
    ///   for its neighbours (`Sebelum Putin berpidato` names `Putin`).
    ///
    /// This skips most tokens of running text and is what makes the tagger
    /// cheap enough for indexing; all-lowercase sentences are scored in
    /// full. The function-word rules leave the dev-set scores of
    /// `examples/ner_eval.rs` unchanged; in news text they mostly drop a
    /// trailing particle from a mention (`Syahrini lho`, `Gedung KPK
    /// tiba-tiba`).
    pub fn tag<S: AsRef<str>>(&self, words: &[S], gaz: &Gazetteer) -> Vec<u8> {
        let mut out = Vec::with_capacity(words.len());
        self.tag_into(words, gaz, false, &mut Scratch::new(), &mut out);
        out
    }

    /// [`Model::tag`] writing into `out` and reusing `scratch`'s buffers, so
    /// tagging a text sentence by sentence does not allocate per sentence.
    ///
    /// With `capitals_only`, a sentence without any capital is left all
    /// `O` instead of being scored in full.
    pub(crate) fn tag_into<S: AsRef<str>>(
        &self,
        words: &[S],
        gaz: &Gazetteer,
        capitals_only: bool,
        scratch: &mut Scratch,
        out: &mut Vec<u8>,
    ) {
        scratch.cases.clear();
        scratch
            .cases
            .extend(words.iter().map(|w| case_of(w.as_ref())));
        skip_rule(
            words,
            gaz,
            &scratch.cases,
            &mut scratch.upper,
            &mut scratch.skip,
        );
        out.clear();
        let no_capitals = scratch.skip.is_empty();
        if (no_capitals && capitals_only) || (!no_capitals && scratch.skip.iter().all(|&s| s)) {
            out.resize(words.len(), 0);
            return;
        }
        let mut infos = recycle(std::mem::take(&mut scratch.infos));
        token_infos_into(
            words,
            gaz,
            &scratch.skip,
            &scratch.cases,
            &mut scratch.near,
            &mut infos,
        );
        self.score_sentence(&infos, gaz, scratch);
        let Scratch {
            skip, scores, back, ..
        } = scratch;
        viterbi(
            infos.len(),
            skip,
            &mut |i, st| {
                if let Some(s) = scores.get(i) {
                    *st = *s;
                }
            },
            &self.trans,
            back,
            out,
        );
        scratch.infos = recycle(infos);
    }

    /// The label scores of every token of a sentence not marked in
    /// `scratch.skip` (an empty `skip` marks none), into `scratch.scores`.
    ///
    /// A token's score is the sum of the weights of its features. The
    /// features a token takes from one word alone, its own or one up to
    /// three places away ([`word_features`] in every [`Role`]: the word,
    /// its affixes and shape, a neighbour's form), are summed once per
    /// distinct word and kept in the scratch's [`WordCache`]; news repeats
    /// its words, so nine tokens in ten take those sums from there instead
    /// of looking up about twenty-three features. The rest (about
    /// thirteen for a capitalised token) are looked up per token.
    /// Both kinds of lookup are batched (`Model::score_batch`), and the
    /// cache is probed for the whole sentence before any probe is read, so
    /// that the loads overlap.
    fn score_sentence(&self, infos: &[TokInfo<'_>], gaz: &Gazetteer, scratch: &mut Scratch) {
        let Scratch {
            skip,
            feats,
            bounds,
            slots,
            scores,
            acc,
            words,
            keys,
            missed,
            solo,
            near,
            ..
        } = scratch;
        let n = infos.len();
        let scored = |i: usize| !skip.get(i).copied().unwrap_or(false);
        words.prepare(self, gaz);
        acc.clear();
        acc.resize(n, [0; N_TAGS]);
        // A cached word serves the tokens at most three places from it.
        keys.clear();
        keys.extend((0..n).map(|j| {
            let near = (j.saturating_sub(3)..(j + 4).min(n)).any(scored);
            match infos.get(j) {
                Some(t) if near => words.probe(t.word()),
                _ => 0,
            }
        }));
        feats.clear();
        bounds.clear();
        bounds.push(0);
        missed.clear();
        for ((j, t), &key) in infos.iter().enumerate().zip(keys.iter()) {
            if key == 0 {
                continue;
            }
            if let Some(e) = words.get(key) {
                t.known_lex(e.lex);
                add_roles(acc, j, &e.roles, &scored);
                continue;
            }
            // The word's facts on its own: a token far from every scored
            // one has only some of them (`token_infos_for`), and word
            // features do not depend on the sentence.
            let word = [t.word()];
            let mut one = recycle(std::mem::take(solo));
            token_infos_into(&word, gaz, &[], &[], near, &mut one);
            if let Some(w) = one.first() {
                let lex = w.lex();
                t.known_lex(lex);
                for role in Role::ALL {
                    word_features(Some(w), role, feats);
                    bounds.push(feats.len());
                }
                missed.push((j, key, lex));
            }
            *solo = recycle(one);
        }
        if !missed.is_empty() {
            self.score_batch(feats, bounds, slots, scores);
            for (k, &(j, key, lex)) in missed.iter().enumerate() {
                let mut roles = [[0i32; N_TAGS]; Role::ALL.len()];
                let got = scores.get(k * Role::ALL.len()..(k + 1) * Role::ALL.len());
                for (r, s) in roles.iter_mut().zip(got.unwrap_or(&[])) {
                    for (x, y) in r.iter_mut().zip(s) {
                        // Sums of i16 weights: whole numbers, exact in f64.
                        *x = *y as i32;
                    }
                }
                add_roles(acc, j, &roles, &scored);
                words.put(key, lex, roles);
            }
        }
        feats.clear();
        bounds.clear();
        bounds.push(0);
        for i in 0..n {
            if scored(i) {
                // The space beyond the sentence's ends.
                for role in Role::ALL {
                    let inside = i.checked_add_signed(role.offset()).is_some_and(|k| k < n);
                    if !inside
                        && let (Some(a), Some(w)) = (acc.get_mut(i), words.edge.get(role as usize))
                    {
                        add(a, w);
                    }
                }
                context_features(infos, i, feats);
            }
            bounds.push(feats.len());
        }
        self.score_batch(feats, bounds, slots, scores);
        for (s, a) in scores.iter_mut().zip(acc.iter()) {
            for (x, y) in s.iter_mut().zip(a) {
                *x += f64::from(*y);
            }
        }
    }

    /// The summed weights of `feats`.
    fn sum(&self, feats: &[u64]) -> [i32; N_TAGS] {
        let mut a = [0i32; N_TAGS];
        for w in feats.iter().filter_map(|&f| self.get(f)) {
            for (s, x) in a.iter_mut().zip(w) {
                *s += i32::from(*x);
            }
        }
        a
    }
}

fn add(a: &mut [i32; N_TAGS], b: &[i32; N_TAGS]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += *y;
    }
}

/// Adds the sums of the word at `j`, one per [`Role`], to the
/// scored tokens it stands in that role to.
fn add_roles(
    acc: &mut [[i32; N_TAGS]],
    j: usize,
    roles: &[[i32; N_TAGS]; Role::ALL.len()],
    scored: &dyn Fn(usize) -> bool,
) {
    for (role, w) in Role::ALL.iter().zip(roles) {
        if let Some(i) = j.checked_add_signed(-role.offset())
            && scored(i)
            && let Some(a) = acc.get_mut(i)
        {
            add(a, w);
        }
    }
}

/// Entries of a [`WordCache`] that is on: 2^15 words of 208 bytes, 6.8 MB.
/// With 2^14, tagging the archive took 4% longer.
const WORD_CACHE_BITS: u32 = 15;

/// The summed weights of one word's [`word_features`] in each [`Role`]: the
/// word itself and the words up to three places either side (about
/// twenty-three of a capitalised token's roughly thirty-six features).
/// Summing, per word, the few features that also read a fact of the
/// sentence (whether the token opens it; whether it is a headline) under
/// each value of that fact was tried: the larger entries made tagging
/// slower, not faster.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct WordSums {
    /// Hash of the word as written; 0 for an empty entry.
    key: u64,
    /// Its dictionary class (see `TokInfo::lex`).
    lex: u8,
    roles: [[i32; N_TAGS]; Role::ALL.len()],
}

const EMPTY_SUMS: WordSums = WordSums {
    key: 0,
    lex: 0,
    roles: [[0; N_TAGS]; Role::ALL.len()],
};

/// Per-word sums of weights, for one model and gazetteer at a time:
/// direct-mapped by a 64-bit hash of the word, so a hit costs one probe and
/// a collision only evicts. Two words whose hashes agree in all 64 bits
/// would share sums, as two features whose hashes agree share weights.
pub(crate) struct WordCache {
    /// `(model id, gazetteer id)` the sums were made with.
    owner: (u64, u64),
    /// Empty when the cache is off: then every word is summed afresh.
    slots: Vec<WordSums>,
    /// Sums for the space beyond a sentence's ends, by `Role as usize`
    /// (that of `Role::Own` unused).
    edge: [[i32; N_TAGS]; 7],
    on: bool,
}

impl WordCache {
    fn new(on: bool) -> Self {
        WordCache {
            owner: (0, 0),
            slots: Vec::new(),
            edge: [[0; N_TAGS]; 7],
            on,
        }
    }

    /// Empties the cache if it was filled with another model or gazetteer.
    fn prepare(&mut self, model: &Model, gaz: &Gazetteer) {
        let owner = (model.id, gaz.id());
        if owner == self.owner {
            return;
        }
        self.owner = owner;
        if self.on {
            self.slots.clear();
            self.slots.resize(1 << WORD_CACHE_BITS, EMPTY_SUMS);
        }
        let mut feats = Vec::new();
        for role in Role::ALL {
            feats.clear();
            word_features(None, role, &mut feats);
            if let Some(e) = self.edge.get_mut(role as usize) {
                *e = model.sum(&feats);
            }
        }
    }

    /// The key of a word (never 0), after asking the processor to fetch its
    /// entry.
    fn probe(&self, word: &str) -> u64 {
        let key = FeatureHash::new(0).str(word).finish().max(1);
        prefetch(self.slots.get(Self::slot(key)));
        key
    }

    fn slot(key: u64) -> usize {
        (key >> (64 - WORD_CACHE_BITS)) as usize
    }

    fn get(&self, key: u64) -> Option<&WordSums> {
        self.slots.get(Self::slot(key)).filter(|e| e.key == key)
    }

    fn put(&mut self, key: u64, lex: u8, roles: [[i32; N_TAGS]; Role::ALL.len()]) {
        if let Some(e) = self.slots.get_mut(Self::slot(key)) {
            *e = WordSums { key, lex, roles };
        }
    }
}

/// An empty vector on the allocation of `v`, for token facts that borrow
/// another sentence: collecting an emptied vector's iterator into a vector
/// of a type of the same size reuses its buffer.
#[expect(
    clippy::unnecessary_filter_map,
    reason = "the point is the change of lifetime, which `filter` cannot make"
)]
fn recycle<'b>(mut v: Vec<TokInfo<'_>>) -> Vec<TokInfo<'b>> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// Buffers [`Model::tag_into`] reuses from one sentence to the next.
pub(crate) struct Scratch {
    /// Token facts of the sentence being tagged; empty between sentences.
    infos: Vec<TokInfo<'static>>,
    /// The same for a word on its own.
    solo: Vec<TokInfo<'static>>,
    /// Working space of `token_infos_into`.
    near: Vec<bool>,
    cases: Vec<Case>,
    upper: Vec<bool>,
    skip: Vec<bool>,
    feats: Vec<u64>,
    bounds: Vec<usize>,
    slots: Vec<usize>,
    scores: Vec<[f64; N_TAGS]>,
    back: Vec<[u8; N_TAGS]>,
    acc: Vec<[i32; N_TAGS]>,
    words: WordCache,
    keys: Vec<u64>,
    missed: Vec<(usize, u64, u8)>,
}

impl Scratch {
    /// Buffers for tagging one or a few sentences: no word cache.
    pub(crate) fn new() -> Self {
        Self::with_cache(false)
    }

    /// Buffers for tagging many texts on one thread, with a word cache
    /// (6.8 MB, allocated on first use).
    pub(crate) fn cached() -> Self {
        Self::with_cache(true)
    }

    /// The [`Case`] of every word of the sentence last tagged with these
    /// buffers ([`Model::tag_into`] works them out first).
    pub(crate) fn cases(&self) -> &[Case] {
        &self.cases
    }

    fn with_cache(on: bool) -> Self {
        Scratch {
            infos: Vec::new(),
            solo: Vec::new(),
            near: Vec::new(),
            cases: Vec::new(),
            upper: Vec::new(),
            skip: Vec::new(),
            feats: Vec::new(),
            bounds: Vec::new(),
            slots: Vec::new(),
            scores: Vec::new(),
            back: Vec::new(),
            acc: Vec::new(),
            words: WordCache::new(on),
            keys: Vec::new(),
            missed: Vec::new(),
        }
    }
}

/// Which tokens [`Model::tag`] leaves unscored (see there); `skip` is left
/// empty for a sentence without capitals, which is scored in full.
fn skip_rule<S: AsRef<str>>(
    words: &[S],
    gaz: &Gazetteer,
    cases: &[Case],
    upper: &mut Vec<bool>,
    skip: &mut Vec<bool>,
) {
    upper.clear();
    upper.extend(cases.iter().map(|c| c.upper));
    skip.clear();
    if !upper.iter().any(|&u| u) {
        return;
    }
    let mut opener = false;
    if let (Some(w), Some(u)) = (words.first(), upper.first_mut()) {
        let w = w.as_ref();
        // Title case only: an all-caps opener may be an acronym.
        if w.chars().skip(1).any(char::is_lowercase) && with_lower(w, is_function_word) {
            *u = false;
            opener = true;
        }
    }
    let up = |j: Option<usize>| j.and_then(|j| upper.get(j)).copied().unwrap_or(false);
    skip.extend(words.iter().enumerate().map(|(i, w)| {
        let w = w.as_ref();
        let sep = matches!(w, "," | ";" | ":" | "!" | "?" | "\"" | "“" | "”");
        let (left, cap, right) = (up(i.checked_sub(1)), up(Some(i)), up(Some(i + 1)));
        let scored = cap
            || (left && right)
            || ((left || right) && !is_function_word(w))
            || gaz.is_lower_case_name(w);
        sep || !scored || (i == 0 && opener)
    }));
}

/// Asks the processor to start loading `x` into the cache; a hint that
/// never faults and has no other effect.
#[inline(always)]
fn prefetch<T>(x: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = x {
        // SAFETY: prefetching has no effect on memory or registers and
        // cannot fault; the pointer comes from a reference anyway. SSE is
        // part of every x86-64 processor.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                (x as *const T).cast::<i8>(),
            );
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

type Trans = [[f64; N_TAGS]; START as usize + 1];

/// The best label sequence under first-order transitions; ties go to the
/// lower label index, which keeps decoding deterministic. Tokens marked in
/// `skip` are `O` without being scored.
fn viterbi(
    n: usize,
    skip: &[bool],
    score: &mut dyn FnMut(usize, &mut [f64; N_TAGS]),
    trans: &Trans,
    back: &mut Vec<[u8; N_TAGS]>,
    out: &mut Vec<u8>,
) {
    out.clear();
    if n == 0 {
        return;
    }
    back.clear();
    back.resize(n, [0u8; N_TAGS]);
    let mut delta = [0f64; N_TAGS];
    const ALL: [u8; N_TAGS] = [0, 1, 2, 3, 4, 5, 6];
    for (i, bp) in back.iter_mut().enumerate() {
        let skipped = skip.get(i).copied().unwrap_or(false);
        if skipped && i > 0 && delta.iter().skip(1).all(|&d| d == f64::NEG_INFINITY) {
            // Only `O` is open before and after: the loop below would find
            // exactly this (and leave the back pointers at 0).
            if let Some(o) = trans.first().map(|row| row[0]) {
                delta[0] += o;
                continue;
            }
        }
        let mut st = [0f64; N_TAGS];
        if !skipped {
            score(i, &mut st);
        }
        // A skipped token can only be `O` (score 0); the other labels stay
        // at minus infinity with back pointer 0.
        let tags = if skipped { 1 } else { N_TAGS };
        let mut cur = [f64::NEG_INFINITY; N_TAGS];
        let prevs: &[u8] = if i == 0 { &[START] } else { &ALL };
        for &p in prevs {
            let base = if i == 0 { 0.0 } else { delta[p as usize] };
            if base == f64::NEG_INFINITY {
                continue;
            }
            let Some(dy) = trans.get(p as usize) else {
                continue;
            };
            for t in 0..tags {
                if !allowed(p, t as u8) {
                    continue;
                }
                let v = base + dy[t] + st[t];
                if v > cur[t] {
                    cur[t] = v;
                    bp[t] = p;
                }
            }
        }
        delta = cur;
    }
    let mut best = 0u8;
    for t in 1..N_TAGS {
        if delta[t] > delta[best as usize] {
            best = t as u8;
        }
    }
    out.resize(n, 0);
    for (o, bp) in out.iter_mut().zip(back.iter()).rev() {
        *o = best;
        best = bp.get(best as usize).copied().unwrap_or(0);
    }
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training sentences.
    pub iterations: usize,
    /// Features seen fewer times than this in the gold data are dropped
    /// before training (keeps the model small and reduces overfitting).
    pub min_count: u32,
    /// Features whose largest averaged weight is below this fraction of the
    /// largest weight in the model are dropped after training (0.01 keeps
    /// about 170,000 features, 3.7 MB, with the shipped templates).
    pub prune_fraction: f32,
    /// Seed of the sentence shuffle.
    pub seed: u64,
    /// Independent training runs (differently shuffled) whose averaged
    /// weights are averaged into the model.
    pub runs: usize,
    /// Cost-augmented decoding in training: every wrong label of a token
    /// gets this much extra score, so a sentence counts as right only when
    /// the gold labels win by a margin (0 is the plain perceptron).
    pub margin: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            iterations: 15,
            min_count: 1,
            prune_fraction: 0.01,
            seed: 0x6e65_7773_6964_7821,
            runs: 3,
            margin: 0.0,
        }
    }
}

/// One gold sentence: words and BIO label indices.
#[derive(Debug, Clone)]
pub struct GoldSentence {
    /// The tokens.
    pub words: Vec<String>,
    /// Label index per token (see [`TAGS`]).
    pub tags: Vec<u8>,
}

/// Reads CoNLL text: one `token<TAB>tag` per line (the tag in the last
/// column), blank lines between sentences. Unknown tags read as `O`; lines
/// without a tab are skipped.
pub fn read_conll(text: &str) -> Vec<GoldSentence> {
    let mut out = Vec::new();
    let mut cur = GoldSentence {
        words: Vec::new(),
        tags: Vec::new(),
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    GoldSentence {
                        words: Vec::new(),
                        tags: Vec::new(),
                    },
                ));
            }
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(word), Some(tag)) = (cols.next(), cols.next_back()) else {
            continue;
        };
        if line.find('\t').is_none() {
            continue;
        }
        cur.words.push(word.to_string());
        cur.tags.push(tag_index(tag.trim()).unwrap_or(0));
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    out
}

/// Perceptron weights with lazily averaged totals.
struct Averaged {
    w: Vec<[f64; N_TAGS]>,
    total: Vec<[f64; N_TAGS]>,
    stamp: Vec<u64>,
    clock: u64,
}

impl Averaged {
    fn update(&mut self, fi: usize, tag: u8, delta: f64) {
        let (Some(w), Some(total), Some(stamp)) = (
            self.w.get_mut(fi),
            self.total.get_mut(fi),
            self.stamp.get_mut(fi),
        ) else {
            return;
        };
        let elapsed = (self.clock - *stamp) as f64;
        for (t, wt) in total.iter_mut().zip(w.iter()) {
            *t += elapsed * wt;
        }
        *stamp = self.clock;
        if let Some(x) = w.get_mut(tag as usize) {
            *x += delta;
        }
    }
}

/// xorshift64*, enough for a reproducible shuffle.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Trains an averaged perceptron on gold sentences. Deterministic: the same
/// sentences and options give the same bytes from [`Model::to_bytes`].
pub fn train(data: &[GoldSentence], gaz: &Gazetteer, opts: &TrainOptions) -> Model {
    // Precompute token facts once; they do not change between passes.
    let infos: Vec<Vec<TokInfo>> = data.iter().map(|s| token_infos(&s.words, gaz)).collect();

    // Count features on the gold tag history and keep the frequent ones.
    let mut counts: IdMap<u32> = IdMap::default();
    let mut feats = Vec::with_capacity(64);
    for (s, inf) in data.iter().zip(&infos) {
        let mut p = START;
        for i in 0..inf.len() {
            static_features(inf, i, &mut feats);
            feats.push(transition_feature(p));
            for f in &feats {
                *counts.entry(*f).or_insert(0) += 1;
            }
            p = s.tags.get(i).copied().unwrap_or(0);
        }
    }
    let mut kept: Vec<u64> = counts
        .into_iter()
        .filter(|&(_, c)| c >= opts.min_count)
        .map(|(k, _)| k)
        .collect();
    kept.sort_unstable();
    let mut index: IdMap<usize> = IdMap::default();
    for (i, k) in kept.iter().enumerate() {
        index.insert(*k, i);
    }
    let n = kept.len();
    // Several runs with different shuffles, their averaged weights averaged
    // again: a cheap ensemble that evens out the order the perceptron saw.
    let runs = opts.runs.max(1);
    let mut avg = vec![[0f64; N_TAGS]; n];
    for r in 0..runs {
        let seed = opts
            .seed
            .wrapping_add((r as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let w = averaged_weights(data, &infos, &index, n, opts, seed);
        for (a, b) in avg.iter_mut().zip(&w) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y / runs as f64;
            }
        }
    }
    let max_abs = avg
        .iter()
        .flat_map(|r| r.iter())
        .fold(0f64, |m, v| m.max(v.abs()));
    if max_abs == 0.0 {
        return Model::default();
    }
    let scale = max_abs / f64::from(i16::MAX);
    let floor = max_abs * f64::from(opts.prune_fraction);
    let mut rows = Vec::new();
    for (k, row) in kept.iter().zip(&avg) {
        if row.iter().all(|v| v.abs() < floor) {
            continue;
        }
        let mut q = [0i16; N_TAGS];
        for (qv, v) in q.iter_mut().zip(row) {
            *qv = (v / scale)
                .round()
                .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16;
        }
        rows.push((*k, q));
    }
    Model::from_rows(rows, scale as f32)
}

/// Perceptron passes over `data` with the shuffle seeded by `seed`; returns
/// the averaged weights of the `n` features in `index`.
fn averaged_weights(
    data: &[GoldSentence],
    infos: &[Vec<TokInfo<'_>>],
    index: &IdMap<usize>,
    n: usize,
    opts: &TrainOptions,
    seed: u64,
) -> Vec<[f64; N_TAGS]> {
    let mut feats = Vec::with_capacity(64);
    let mut avg = Averaged {
        w: vec![[0f64; N_TAGS]; n],
        total: vec![[0f64; N_TAGS]; n],
        stamp: vec![0u64; n],
        clock: 0,
    };

    let mut fs = Vec::with_capacity(64);
    let mut pred = Vec::new();
    let mut back = Vec::new();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng(seed | 1);
    for _ in 0..opts.iterations {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &si in &order {
            let (Some(s), Some(inf)) = (data.get(si), infos.get(si)) else {
                continue;
            };
            avg.clock += 1;
            let mut trans: Trans = [[0.0; N_TAGS]; START as usize + 1];
            for (p, row) in trans.iter_mut().enumerate() {
                if let Some(w) = index
                    .get(&transition_feature(p as u8))
                    .and_then(|&fi| avg.w.get(fi))
                {
                    *row = *w;
                }
            }
            viterbi(
                inf.len(),
                &[],
                &mut |i, sc| {
                    *sc = [0.0; N_TAGS];
                    static_features(inf, i, &mut fs);
                    for fi in fs.iter().filter_map(|f| index.get(f)) {
                        if let Some(row) = avg.w.get(*fi) {
                            for (a, b) in sc.iter_mut().zip(row) {
                                *a += b;
                            }
                        }
                    }
                    if opts.margin != 0.0 {
                        let gold = s.tags.get(i).copied().unwrap_or(0) as usize;
                        for (t, a) in sc.iter_mut().enumerate() {
                            if t != gold {
                                *a += opts.margin;
                            }
                        }
                    }
                },
                &trans,
                &mut back,
                &mut pred,
            );
            if pred == s.tags {
                continue;
            }
            let (mut gp, mut qp) = (START, START);
            for i in 0..inf.len() {
                let g = s.tags.get(i).copied().unwrap_or(0);
                let q = pred.get(i).copied().unwrap_or(0);
                if g != q {
                    static_features(inf, i, &mut feats);
                    for fi in feats.iter().filter_map(|f| index.get(f)) {
                        avg.update(*fi, g, 1.0);
                        avg.update(*fi, q, -1.0);
                    }
                }
                if g != q || gp != qp {
                    if let Some(&fi) = index.get(&transition_feature(gp)) {
                        avg.update(fi, g, 1.0);
                    }
                    if let Some(&fi) = index.get(&transition_feature(qp)) {
                        avg.update(fi, q, -1.0);
                    }
                }
                gp = g;
                qp = q;
            }
        }
    }
    let Averaged {
        w,
        total,
        stamp,
        clock,
    } = avg;
    // Average, prune and quantise.
    let clock_f = clock.max(1) as f64;
    (0..n)
        .map(|fi| {
            let elapsed = (clock - stamp[fi]) as f64;
            let mut row = [0f64; N_TAGS];
            for (t, r) in row.iter_mut().enumerate() {
                *r = (total[fi][t] + elapsed * w[fi][t]) / clock_f;
            }
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::features::token_infos_for;
    use super::*;

    /// [`skip_rule`] working out the words' cases itself.
    fn skip_rule_for<S: AsRef<str>>(words: &[S], upper: &mut Vec<bool>, skip: &mut Vec<bool>) {
        let cases: Vec<Case> = words.iter().map(|w| case_of(w.as_ref())).collect();
        skip_rule(words, Gazetteer::bundled(), &cases, upper, skip);
    }

    fn sent(words: &[&str], tags: &[&str]) -> GoldSentence {
        GoldSentence {
            words: words.iter().map(|w| w.to_string()).collect(),
            tags: tags.iter().filter_map(|t| tag_index(t)).collect(),
        }
    }

    #[test]
    fn reads_conll() {
        let s = read_conll("PT\tB-ORG\nPertamina\tI-ORG\n\n\nDi\tO\nBogor\tB-LOC\r\nbad line\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["PT", "Pertamina"]);
        assert_eq!(s[0].tags, [5, 6]);
        assert_eq!(s[1].tags, [0, 3]);
    }

    #[test]
    fn spans_follow_conlleval() {
        let t: Vec<u8> = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "I-PER"]
            .iter()
            .filter_map(|t| tag_index(t))
            .collect();
        assert_eq!(
            spans(&t),
            vec![
                (EntityKind::Person, 0, 2),
                (EntityKind::Place, 3, 5),
                (EntityKind::Org, 5, 6),
                (EntityKind::Person, 6, 7)
            ]
        );
    }

    #[test]
    fn table_lookups_are_exact() {
        let mut rng = Rng(42);
        let rows: Vec<(u64, [i16; N_TAGS])> = (0..5000)
            .map(|i| {
                let k = rng.next() | 1;
                (k, [i as i16, 1, 2, 3, 4, 5, -(i as i16)])
            })
            .collect();
        let m = Model::from_rows(rows.clone(), 1.0);
        assert_eq!(m.len(), rows.len());
        for (k, w) in &rows {
            assert_eq!(m.get(*k), Some(w));
        }
        let absent = (0..20000)
            .map(|_| rng.next())
            .filter(|k| rows.iter().all(|r| r.0 != *k));
        for k in absent {
            assert_eq!(m.get(k), None);
        }
        // The batched scorer sums the same rows as one lookup at a time.
        let feats: Vec<u64> = rows.iter().take(40).map(|r| r.0).chain([7, 8, 9]).collect();
        let (mut slots, mut scores) = (Vec::new(), Vec::new());
        m.score_batch(&feats, &[0, 10, 10, feats.len()], &mut slots, &mut scores);
        let sum = |ks: &[u64]| {
            let mut s = [0f64; N_TAGS];
            for w in ks.iter().filter_map(|k| m.get(*k)) {
                for (a, b) in s.iter_mut().zip(w) {
                    *a += f64::from(*b);
                }
            }
            s
        };
        assert_eq!(
            scores,
            vec![sum(&feats[..10]), [0.0; N_TAGS], sum(&feats[10..])]
        );
    }

    #[test]
    fn recycled_token_facts_keep_their_buffer() {
        let words = ["Joko", "Widodo"];
        let mut v = token_infos(&words, Gazetteer::bundled());
        v.reserve(64);
        let cap = v.capacity();
        let r: Vec<TokInfo<'static>> = recycle(v);
        assert!(r.is_empty());
        assert_eq!(r.capacity(), cap);
    }

    #[test]
    fn skip_rule_keeps_words_that_may_be_names() {
        let words = [
            "Namun", "dia", "menemui", "warga", "Bogor", "dan", "Jakarta", "lho", ",", "kata",
            "Ani",
        ];
        let (mut upper, mut skip) = (Vec::new(), Vec::new());
        skip_rule_for(&words, &mut upper, &mut skip);
        let scored: Vec<&str> = words
            .iter()
            .zip(&skip)
            .filter(|(_, s)| !**s)
            .map(|(w, _)| *w)
            .collect();
        assert_eq!(scored, ["warga", "Bogor", "dan", "Jakarta", "Ani"]);
        // The opener is not read as the start of the name after it.
        skip_rule_for(&["Sebelum", "Putin", "berpidato"], &mut upper, &mut skip);
        assert_eq!(skip, [true, false, false]);
        skip_rule_for(&["tanpa", "huruf", "besar"], &mut upper, &mut skip);
        assert!(skip.is_empty());
        // An outlet that writes its name in lower case.
        skip_rule_for(
            &["kata", "dia", "kepada", "detikcom", ",", "Senin"],
            &mut upper,
            &mut skip,
        );
        assert_eq!(skip, [true, true, true, false, true, false]);
    }

    proptest::proptest! {
        /// Facts left out for tokens far from every scored one, and the
        /// facts only word features read, are never read by the context
        /// features: the scored tokens' are those of the full facts. (The
        /// word features come from each word's own facts; see
        /// `cached_word_sums_give_the_same_scores`.)
        #[test]
        fn partial_facts_give_the_same_context_features(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Presiden", "Joko", "Widodo", "tiba", "di", "Jakarta", "dan", "yang",
                    "Putinnya", "PBB", "(", ")", ",", ".", "\"", "kata", "Namun", "lho",
                    "kota", "Bogor", "Partai", "Golkar", "menemui", "warga", "Korea",
                    "Selatan", "ke", "Jawa", "Barat", "DPR", "RI", "É", "7/4/2016",
                ]),
                0..40,
            )
        ) {
            let gaz = Gazetteer::bundled();
            let (mut upper, mut skip) = (Vec::new(), Vec::new());
            skip_rule_for(&words, &mut upper, &mut skip);
            let full = token_infos(&words, gaz);
            let part = token_infos_for(&words, gaz, &skip);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for i in 0..words.len() {
                if skip.get(i).copied().unwrap_or(false) {
                    continue;
                }
                a.clear();
                b.clear();
                context_features(&full, i, &mut a);
                context_features(&part, i, &mut b);
                proptest::prop_assert_eq!(&a, &b);
            }
        }
    }

    proptest::proptest! {
        /// Scores built from the word cache equal the sums of every
        /// feature's weights looked up one by one, whatever the cache holds
        /// from earlier sentences.
        #[test]
        fn cached_word_sums_give_the_same_scores(
            sentences in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "Presiden", "Joko", "Widodo", "tiba", "di", "Jakarta", "dan", "yang",
                        "Putinnya", "PBB", "(", ")", ",", ".", "kata", "Namun", "lho", "KOTA",
                        "kota", "Bogor", "Partai", "Golkar", "menemui", "warga", "Korea",
                        "Selatan", "ke", "Jawa", "Barat", "DPR", "RI", "É", "7/4/2016", "Ésa",
                    ]),
                    0..30,
                ),
                1..6,
            )
        ) {
            let model = super::super::bundled_model().expect("bundled model");
            let gaz = Gazetteer::bundled();
            let mut scratch = Scratch::cached();
            let mut one = Vec::new();
            for words in &sentences {
                skip_rule_for(words, &mut scratch.upper, &mut scratch.skip);
                let infos = token_infos_for(words, gaz, &scratch.skip);
                model.score_sentence(&infos, gaz, &mut scratch);
                let full = token_infos(words, gaz);
                for i in 0..words.len() {
                    if scratch.skip.get(i).copied().unwrap_or(false) {
                        continue;
                    }
                    static_features(&full, i, &mut one);
                    let want = model.sum(&one).map(f64::from);
                    proptest::prop_assert_eq!(scratch.scores.get(i), Some(&want));
                }
            }
        }
    }

    #[test]
    fn learns_a_toy_language_and_round_trips() {
        let gaz = Gazetteer::default();
        let data: Vec<GoldSentence> = (0..20)
            .flat_map(|_| {
                [
                    sent(
                        &["kata", "Budi", "Santoso", "di", "Bogor"],
                        &["O", "B-PER", "I-PER", "O", "B-LOC"],
                    ),
                    sent(&["anggota", "KPK", "pergi"], &["O", "B-ORG", "O"]),
                ]
            })
            .collect();
        let opts = TrainOptions {
            iterations: 3,
            min_count: 1,
            ..TrainOptions::default()
        };
        let m = train(&data, &gaz, &opts);
        assert!(!m.is_empty());
        let tags = m.tag(&["kata", "Budi", "Santoso", "di", "Bogor"], &gaz);
        assert_eq!(tags, vec![0, 1, 2, 0, 3]);
        let bytes = m.to_bytes("source: a toy\nlicence: CC0");
        assert!(bytes.starts_with(b"# newsidx entity model"));
        let m2 = Model::from_bytes(&bytes).unwrap();
        assert_eq!(m2.to_bytes("source: a toy\nlicence: CC0"), bytes);
        assert_eq!(
            train(&data, &gaz, &opts).to_bytes("source: a toy\nlicence: CC0"),
            bytes
        );
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}
