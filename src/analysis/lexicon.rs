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
//! a hash index on first use, which keeps the source tree free of generated
//! binaries. The index is all the lexicon is: the stemmer makes several
//! lookups per affixed word, most of them misses, and a hash with a tag
//! rejects a miss in one probe. The roots are sorted and deduplicated on the
//! way in, which also gives the index a stable layout. A user's extra roots
//! are merged by rebuilding it once, when a [`Stemmer`](super::stem::Stemmer)
//! is made. (The roots used to go through an fst first, the ordered form they
//! were listed in; building it and a `BTreeMap` before it cost about 120
//! million instructions, some 30 ms, at the start of every process, and
//! nothing read the fst but the index.)

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

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
    index: Arc<HashIndex>,
}

/// An open-addressing hash index over the roots: one hash, usually one
/// probe, a 16-bit tag that rejects most misses without comparing bytes.
/// It costs about 0.5 MB for the bundled roots.
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
    /// Roots stored.
    len: usize,
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
    /// The index of `entries`, which must be sorted by root with no root
    /// twice ([`sorted_roots`]).
    fn build(entries: &[(&[u8], u8)]) -> HashIndex {
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mut index = HashIndex {
            trigrams: Box::new([0; TRIGRAM_WORDS]),
            arena: Vec::with_capacity(entries.iter().map(|(k, _)| k.len()).sum()),
            slots: vec![0; size],
            mask: size - 1,
            len: 0,
        };
        for &(key, freq) in entries {
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
                    index.len += 1;
                    break;
                }
                i = (i + 1) & index.mask;
            }
        }
        index
    }

    /// Every root with its frequency class, in no particular order.
    fn entries(&self) -> impl Iterator<Item = (&[u8], u8)> {
        self.slots.iter().filter(|&&e| e != 0).filter_map(|&e| {
            let offset = ((e >> 32) as usize).saturating_sub(1);
            let len = ((e >> 24) & 0xff) as usize;
            let key = self.arena.get(offset..offset + len)?;
            Some((key, ((e >> 16) & 0xff) as u8))
        })
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
    fn from_entries(mut entries: Vec<(&[u8], u8)>) -> Lexicon {
        sorted_roots(&mut entries);
        Lexicon {
            index: Arc::new(HashIndex::build(&entries)),
        }
    }
}

/// Sorts `entries` by root and keeps each root once, with the highest
/// frequency class it was given.
fn sorted_roots(entries: &mut Vec<(&[u8], u8)>) {
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0).then(b.1.cmp(&a.1)));
    entries.dedup_by(|later, first| later.0 == first.0);
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
        let mut entries: Vec<(&[u8], u8)> = data_lines(roots)
            .map(|root| (root.as_bytes(), freq.get(root).copied().unwrap_or(0)))
            .collect();
        // A user's root takes at least their class; a bundled root that is
        // more frequent keeps its own.
        entries.extend(
            extra
                .iter()
                .map(|root| root.trim())
                .filter(|root| !root.is_empty())
                .map(|root| (root.as_bytes(), USER_ROOT_ZIPF)),
        );
        Lexicon::from_entries(entries)
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
        let added: Vec<Vec<u8>> = data_lines(list)
            .map(|root| root.to_lowercase().into_bytes())
            .collect();
        let mut entries: Vec<(&[u8], u8)> = self.index.entries().collect();
        entries.extend(added.iter().map(|root| (root.as_slice(), 0)));
        Lexicon::from_entries(entries)
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
        self.index.len
    }

    /// Whether the lexicon has no roots.
    pub fn is_empty(&self) -> bool {
        self.index.len == 0
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
