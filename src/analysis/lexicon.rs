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
//! keeps the source tree free of generated binaries and the lookup compact
//! (about 200 KB) and allocation-free. A user's extra roots are merged by
//! rebuilding the map once, when a [`Stemmer`](super::stem::Stemmer) is made.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use fst::Map;

/// Bundled root list: one lower-cased root per line, `#` starts a comment.
const BUNDLED_ROOTS: &str = include_str!("../../data/lexicon/hunspell-id-roots.txt");
/// Bundled frequencies: `root<TAB>zipf*10`, `#` starts a comment.
const BUNDLED_ZIPF: &str = include_str!("../../data/lexicon/wordfreq-id-zipf.tsv");

/// Frequency class given to roots a user adds: common enough to win a tie
/// against a rare bundled root, not so high that it beats everyday words.
const USER_ROOT_ZIPF: u8 = 40;

/// A set of roots with a frequency class each (Zipf value times ten, 0 when
/// unknown). Cheap to clone.
#[derive(Clone)]
pub struct Lexicon {
    map: Arc<Map<Vec<u8>>>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("roots", &self.len())
            .finish()
    }
}

impl Lexicon {
    /// The bundled lexicon, built once per process on first use.
    ///
    /// ```
    /// use newsidx::analysis::lexicon::Lexicon;
    /// assert!(Lexicon::bundled().contains("tekan"));
    /// ```
    pub fn bundled() -> &'static Lexicon {
        static BUNDLED: OnceLock<Lexicon> = OnceLock::new();
        BUNDLED.get_or_init(|| Lexicon::from_lists(BUNDLED_ROOTS, BUNDLED_ZIPF, &[]))
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
        Lexicon { map: Arc::new(map) }
    }

    /// The bundled lexicon with `extra` roots added (for a user dictionary).
    pub fn bundled_with(extra: &[&str]) -> Lexicon {
        if extra.is_empty() {
            return Lexicon::bundled().clone();
        }
        Lexicon::from_lists(BUNDLED_ROOTS, BUNDLED_ZIPF, extra)
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
        Lexicon { map: Arc::new(map) }
    }

    /// Frequency class of `root` (Zipf x10, 0 when unknown) if it is a root.
    #[inline]
    pub fn get(&self, root: &[u8]) -> Option<u8> {
        self.map
            .get(root)
            .map(|v| u8::try_from(v).unwrap_or(u8::MAX))
    }

    /// Whether `word` is a root.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.map.contains_key(word.as_bytes())
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
