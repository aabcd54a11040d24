//! The root lexicon (*kata dasar*, root words) that the stemmer confirms its
//! analyses against.
//!
//! Why it exists: Indonesian affixes are ambiguous on their own (`menekan` is
//! `meN- + tekan`, `pantai` is not `panta + -i`), so the stemmer only removes an
//! affix when what remains is a known root. The lexicon is that list of roots,
//! each with a coarse frequency used to choose between two confirmed readings.
//!
//! Data: `data/lexicon/hunspell-id-roots.txt` (roots of Debian's `hunspell-id`
//! package, GPL/LGPL, see the file's header) and
//! `data/lexicon/wordfreq-id-zipf.tsv` (Zipf frequencies from the `wordfreq`
//! package on PyPI, CC BY-SA 4.0). Both are rebuilt by
//! `scripts/build-lexicon.sh`, are kept apart from the code under their own
//! licences, and can be replaced by another root list of the same format.
//!
//! Trade-offs: the lists are compiled into the binary as text and turned into
//! an [`fst::Map`] on first use (a few milliseconds for ~31,000 roots), which
//! keeps the source tree free of generated binaries. The fst is the ordered,
//! compact form the lexicon is built, merged and listed in; lookups go through
//! a small hash index built beside it, because the stemmer makes several
//! lookups per affixed word and walking the fst byte by byte dominated its
//! profile. A user's extra roots are merged by rebuilding both once, when a
//! [`Stemmer`](super::stem::Stemmer) is made.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use fst::Map;

/// Bundled root list: one lower-cased root per line, `#` starts a comment.
#[cfg(feature = "bundled-lexicon")]
const BUNDLED_ROOTS: &str = include_str!("../../data/lexicon/hunspell-id-roots.txt");
/// Bundled frequencies: `root<TAB>zipf*10`, `#` starts a comment.
#[cfg(feature = "bundled-lexicon")]
const BUNDLED_ZIPF: &str = include_str!("../../data/lexicon/wordfreq-id-zipf.tsv");
#[cfg(not(feature = "bundled-lexicon"))]
const BUNDLED_ROOTS: &str = "";
#[cfg(not(feature = "bundled-lexicon"))]
const BUNDLED_ZIPF: &str = "";

/// Environment variable naming a root list to use instead of the bundled
/// one (same format); `NEWSIDX_LEXICON_FREQ` may name its frequency list.
/// A build without the `bundled-lexicon` feature has no other lexicon.
pub const LEXICON_ENV: &str = "NEWSIDX_LEXICON";
/// Environment variable naming the frequency list that goes with
/// [`LEXICON_ENV`]'s root list.
pub const LEXICON_FREQ_ENV: &str = "NEWSIDX_LEXICON_FREQ";

/// The default lists: the files named by [`LEXICON_ENV`] (and
/// [`LEXICON_FREQ_ENV`]) when set and readable, else the bundled data
/// (empty without the `bundled-lexicon` feature), read once per process.
fn default_lists() -> &'static (String, String) {
    &lists().0
}

/// The default lists and, when a file named by [`LEXICON_ENV`] or
/// [`LEXICON_FREQ_ENV`] could not be read, what went wrong.
fn lists() -> &'static ((String, String), Option<String>) {
    static LISTS: OnceLock<((String, String), Option<String>)> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut problem = None;
        let mut read = |var: &str| {
            let path = std::env::var_os(var).filter(|p| !p.is_empty())?;
            std::fs::read_to_string(&path)
                .map_err(|e| {
                    problem = Some(format!(
                        "{var}={}: {e}; the file is not used",
                        std::path::Path::new(&path).display()
                    ));
                })
                .ok()
        };
        let lists = match read(LEXICON_ENV) {
            Some(roots) => (roots, read(LEXICON_FREQ_ENV).unwrap_or_default()),
            None => (BUNDLED_ROOTS.to_string(), BUNDLED_ZIPF.to_string()),
        };
        (lists, problem)
    })
}

/// Why the lexicon named by [`LEXICON_ENV`] (or its frequency list) is not
/// in use, when it could not be read; front ends show it as a warning.
pub fn configuration_problem() -> Option<&'static str> {
    lists().1.as_deref()
}

/// A fingerprint of the default lexicon's lists (FNV-1a, 64 bits, hex):
/// recorded with every index, so an index is never searched with a
/// lexicon other than the one that built it.
pub fn fingerprint() -> String {
    let (roots, zipf) = default_lists();
    format!(
        "{:016x}",
        crate::bytes::fnv1a(&[roots.as_bytes(), zipf.as_bytes()])
    )
}

/// Frequency class given to roots a user adds: common enough to win a tie
/// against a rare bundled root, not so high that it beats everyday words.
const USER_ROOT_ZIPF: u8 = 40;

/// A set of roots with a frequency class each (Zipf value times ten, 0 when
/// unknown). Cheap to clone.
#[derive(Clone)]
pub struct Lexicon {
    map: Arc<Map<Vec<u8>>>,
    index: Arc<HashIndex>,
}

/// An open-addressing hash index over the fst's keys, for the hot path.
///
/// Why both: the fst is the compact, ordered form the lexicon is built and
/// merged in, but a lookup walks one fst node per byte, and the stemmer makes
/// several lookups per affixed word, most of them misses. Profiling showed
/// the node walk dominating, so lookups go through this index instead: one
/// hash, usually one probe, a 16-bit tag that rejects most misses without
/// comparing bytes. It costs about 0.5 MB for the bundled roots.
struct HashIndex {
    /// One bit per first-three-letter combination of the keys: a filter that
    /// stays in the L1 cache and rejects many misses before the table.
    trigrams: Box<[u64; TRIGRAM_WORDS]>,
    /// All keys, back to back.
    arena: Vec<u8>,
    /// Slot: 0 when empty, else `offset+1` (32 bits) | `len` (8) | `freq` (8)
    /// | tag (16).
    slots: Vec<u64>,
    mask: usize,
}

const TRIGRAM_WORDS: usize = (27 * 27 * 27usize).div_ceil(64);

/// Index of the first three bytes (`a`-`z`, anything else in slot 26), or
/// `None` for keys shorter than three bytes.
#[inline]
fn trigram(key: &[u8]) -> Option<usize> {
    let slot = |b: u8| {
        if b.is_ascii_lowercase() {
            usize::from(b - b'a')
        } else {
            26
        }
    };
    match key {
        [a, b, c, ..] => Some((slot(*a) * 27 + slot(*b)) * 27 + slot(*c)),
        _ => None,
    }
}

#[inline]
fn hash(key: &[u8]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15 ^ key.len() as u64;
    for chunk in key.chunks(8) {
        let mut v = 0u64;
        for (i, &b) in chunk.iter().enumerate() {
            v |= u64::from(b) << (8 * i);
        }
        h = (h ^ v).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 29;
    }
    h.wrapping_mul(0xc4ce_b9fe_1a85_ec53)
}

impl HashIndex {
    fn build(map: &Map<Vec<u8>>) -> HashIndex {
        let n = map.len();
        let size = (n * 2).next_power_of_two().max(16);
        let mut index = HashIndex {
            trigrams: Box::new([0; TRIGRAM_WORDS]),
            arena: Vec::new(),
            slots: vec![0; size],
            mask: size - 1,
        };
        let mut stream = map.stream();
        while let Some((key, value)) = fst::Streamer::next(&mut stream) {
            // Keys longer than 255 bytes or past 4 GB of arena cannot be
            // encoded; no root comes near either, so they are skipped.
            let (Ok(len), Ok(offset)) = (u8::try_from(key.len()), u32::try_from(index.arena.len()))
            else {
                continue;
            };
            let Some(offset) = offset.checked_add(1) else {
                continue;
            };
            let h = hash(key);
            let freq = u8::try_from(value).unwrap_or(u8::MAX);
            let entry = (u64::from(offset) << 32)
                | (u64::from(len) << 24)
                | (u64::from(freq) << 16)
                | (h >> 48);
            index.arena.extend_from_slice(key);
            if let Some(bits) = trigram(key).and_then(|t| {
                let bit = 1u64 << (t % 64);
                index.trigrams.get_mut(t / 64).map(|b| (b, bit))
            }) {
                *bits.0 |= bits.1;
            }
            let mut i = (h as usize) & index.mask;
            while let Some(slot) = index.slots.get_mut(i) {
                if *slot == 0 {
                    *slot = entry;
                    break;
                }
                i = (i + 1) & index.mask;
            }
        }
        index
    }

    #[inline]
    fn get(&self, key: &[u8]) -> Option<u8> {
        if let Some(t) = trigram(key) {
            let bits = self.trigrams.get(t / 64).copied().unwrap_or(0);
            if bits & (1 << (t % 64)) == 0 {
                return None;
            }
        }
        let h = hash(key);
        let tag = h >> 48;
        let mut i = (h as usize) & self.mask;
        loop {
            let entry = *self.slots.get(i)?;
            if entry == 0 {
                return None;
            }
            if entry & 0xffff == tag && ((entry >> 24) & 0xff) as usize == key.len() {
                let offset = ((entry >> 32) as usize).saturating_sub(1);
                let stored = self.arena.get(offset..offset + key.len())?;
                if stored.iter().zip(key).all(|(a, b)| a == b) {
                    return Some(((entry >> 16) & 0xff) as u8);
                }
            }
            i = (i + 1) & self.mask;
        }
    }
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("roots", &self.len())
            .finish()
    }
}

impl Lexicon {
    fn from_map(map: Map<Vec<u8>>) -> Lexicon {
        let index = Arc::new(HashIndex::build(&map));
        Lexicon {
            map: Arc::new(map),
            index,
        }
    }
}

impl Lexicon {
    /// The default lexicon (the bundled lists, or those named by
    /// [`LEXICON_ENV`]), built once per process on first use.
    ///
    /// ```
    /// use newsidx::analysis::lexicon::Lexicon;
    /// assert!(Lexicon::bundled().contains("tekan"));
    /// ```
    pub fn bundled() -> &'static Lexicon {
        static BUNDLED: OnceLock<Lexicon> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            let (roots, zipf) = default_lists();
            Lexicon::from_lists(roots, zipf, &[])
        })
    }

    /// Builds a lexicon from a root list and a frequency list in the formats
    /// of the bundled files, plus `extra` roots (lower-cased by the caller).
    /// Lines are trimmed; empty lines and lines starting with `#` are skipped;
    /// order does not matter.
    pub fn from_lists(roots: &str, zipf: &str, extra: &[&str]) -> Lexicon {
        let freq: HashMap<&str, u8> = data_lines(zipf)
            .filter_map(|line| {
                let (word, value) = line.split_once('\t')?;
                Some((word.trim(), value.trim().parse::<u8>().ok()?))
            })
            .collect();
        let mut entries: BTreeMap<&[u8], u8> = BTreeMap::new();
        for root in data_lines(roots) {
            let f = freq.get(root).copied().unwrap_or(0);
            entries.insert(root.as_bytes(), f);
        }
        for root in extra {
            let root = root.trim();
            if !root.is_empty() {
                let slot = entries.entry(root.as_bytes()).or_insert(0);
                *slot = (*slot).max(USER_ROOT_ZIPF);
            }
        }
        // A BTreeMap iterates in byte order, which is what fst requires, so
        // building cannot fail on ordering; fall back to an empty map rather
        // than panic if it ever does.
        let map =
            Map::from_iter(entries.into_iter().map(|(k, v)| (k, u64::from(v)))).unwrap_or_default();
        Lexicon::from_map(map)
    }

    /// The bundled lexicon with `extra` roots added (for a user dictionary).
    pub fn bundled_with(extra: &[&str]) -> Lexicon {
        if extra.is_empty() {
            return Lexicon::bundled().clone();
        }
        let (roots, zipf) = default_lists();
        Lexicon::from_lists(roots, zipf, extra)
    }

    /// Adds the roots of a plain list (one per line, `#` comments) to this
    /// lexicon, returning a new one. Used to measure with other root lists.
    pub fn with_root_list(&self, list: &str) -> Lexicon {
        let mut entries: BTreeMap<Vec<u8>, u8> = BTreeMap::new();
        let mut stream = self.map.stream();
        while let Some((k, v)) = fst::Streamer::next(&mut stream) {
            entries.insert(k.to_vec(), u8::try_from(v).unwrap_or(0));
        }
        for root in data_lines(list) {
            entries.entry(root.to_lowercase().into_bytes()).or_insert(0);
        }
        let map =
            Map::from_iter(entries.into_iter().map(|(k, v)| (k, u64::from(v)))).unwrap_or_default();
        Lexicon::from_map(map)
    }

    /// Frequency class of `root` (Zipf x10, 0 when unknown) if it is a root.
    #[inline]
    pub fn get(&self, root: &[u8]) -> Option<u8> {
        self.index.get(root)
    }

    /// Whether `word` is a root.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.index.get(word.as_bytes()).is_some()
    }

    /// Number of roots.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the lexicon has no roots.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Non-empty, non-comment lines, trimmed.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicon_has_common_roots_and_frequencies() {
        let lex = Lexicon::bundled();
        assert!(lex.len() > 30_000, "{} roots", lex.len());
        for root in ["tekan", "kirim", "ajar", "pantai", "berita"] {
            assert!(lex.contains(root), "{root}");
        }
        assert!(!lex.contains("pengiriman"));
        assert!(lex.get(b"makan").unwrap_or(0) > lex.get(b"pakan").unwrap_or(0));
    }

    #[test]
    fn extra_roots_are_added_with_a_frequency() {
        let lex = Lexicon::from_lists("# c\nabc\n", "abc\t12\n", &["vaksin"]);
        assert_eq!(lex.get(b"abc"), Some(12));
        assert_eq!(lex.get(b"vaksin"), Some(USER_ROOT_ZIPF));
        assert_eq!(lex.get(b"zzz"), None);
        assert_eq!(lex.len(), 2);
    }
}
