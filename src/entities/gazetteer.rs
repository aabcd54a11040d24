//! Lists of known places and international bodies, used as tagger features
//! and by the capitalised-word baseline.
//!
//! The lists are data files under `data/entities/` built by
//! `scripts/build_gazetteers.sh` from registry packages (CLDR country names,
//! GeoNames cities, Indonesia's official administrative areas), plus a list
//! of organisations written for newsidx (`orgs-id.tsv`: Indonesian
//! institutions and parties by full name and short form, companies, news
//! outlets, universities, clubs); each file states its source and licence in its first
//! lines. They are compiled into
//! the binary with `include_str!` so extraction needs no files at run time.
//!
//! A gazetteer hit is only evidence, not a verdict: `Bogor` is a city and
//! `Baru` is a district as well as the word "new". The tagger learns how much
//! to trust each list from the training data, so the lists can be generous.
//! Names are matched case-insensitively on tokens from
//! [`super::tokenize::tokenize`], longest match first.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::features::{FeatureHash, WordHasher};

use super::EntityKind;
use super::tokenize::tokenize;

const COUNTRIES: &str = include_str!("../../data/entities/countries-id.tsv");
const CITIES: &str = include_str!("../../data/entities/world-cities.tsv");
const AREAS: &str = include_str!("../../data/entities/id-areas.tsv");
const ORGS: &str = include_str!("../../data/entities/orgs-id.tsv");
const FUNCTION_WORDS: &str = include_str!("../../data/entities/function-words-id.txt");
const COMMON_ACRONYMS: &str = include_str!("../../data/entities/common-acronyms-id.txt");

/// A fingerprint of the bundled lists (FNV-1a, hex): the analyzer reads
/// them to tell names from words, so an index records it.
pub fn fingerprint() -> String {
    format!(
        "{:016x}",
        crate::bytes::fnv1a(&[
            COUNTRIES.as_bytes(),
            CITIES.as_bytes(),
            AREAS.as_bytes(),
            ORGS.as_bytes(),
            FUNCTION_WORDS.as_bytes(),
            COMMON_ACRONYMS.as_bytes(),
        ])
    )
}

/// Whether `lower` (a lower-cased word) is an Indonesian function word,
/// pronoun or interjection (`dan`, `aku`, `yuk`): never a name on its own.
pub fn is_function_word(lower: &str) -> bool {
    static WORDS: OnceLock<WordSet> = OnceLock::new();
    WORDS
        .get_or_init(|| word_set(FUNCTION_WORDS))
        .contains(lower)
}

/// Whether `lower` (a lower-cased word, or words separated by one space)
/// is an acronym, clipped compound or phrase for a kind of thing (`kuhp`,
/// `apbn`, `aparatur sipil negara`): never a name on its own.
pub fn is_common_acronym(lower: &str) -> bool {
    static WORDS: OnceLock<WordSet> = OnceLock::new();
    WORDS
        .get_or_init(|| word_set(COMMON_ACRONYMS))
        .contains(lower)
}

type WordSet = std::collections::HashSet<&'static str, BuildHasherDefault<WordHasher>>;

/// The words of a one-word-a-line list, without its `#` header.
fn word_set(data: &'static str) -> WordSet {
    data.lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Bit set of the lists a name is on.
pub mod flags {
    /// A country or world region (CLDR, in Indonesian).
    pub const COUNTRY: u16 = 1;
    /// An organisation: an international body listed with the countries (PBB,
    /// Uni Eropa) or an institution, party, company, outlet or club from
    /// `orgs-id.tsv`.
    pub const INTL_ORG: u16 = 1 << 1;
    /// An Indonesian province.
    pub const PROVINCE: u16 = 1 << 2;
    /// An Indonesian regency or city (kabupaten/kota).
    pub const REGENCY: u16 = 1 << 3;
    /// An Indonesian district (kecamatan).
    pub const DISTRICT: u16 = 1 << 4;
    /// A world city of 500,000 people or more.
    pub const BIG_CITY: u16 = 1 << 5;
    /// A world city of 15,000 people or more.
    pub const CITY: u16 = 1 << 6;
    /// Internal: the key is the start of a longer name.
    pub(crate) const PREFIX: u16 = 1 << 15;
    /// Every list bit (without the internal prefix marker).
    pub const ALL: u16 = COUNTRY | INTL_ORG | PROVINCE | REGENCY | DISTRICT | BIG_CITY | CITY;
    /// Short names of the list bits, in bit order, for feature names.
    pub const NAMES: [&str; 7] = ["cty", "intl", "prov", "reg", "dist", "bigc", "city"];
}

/// Longest names considered, in tokens.
const MAX_TOKENS: usize = 6;

/// A name matched in a token sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    /// First token of the match.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The lists the name is on (see [`flags`]).
    pub flags: u16,
}

/// The bundled lists, keyed by a hash of their lower-cased words.
#[derive(Debug, Default)]
pub struct Gazetteer {
    names: HashMap<u64, u16, BuildHasherDefault<KeyHasher>>,
    /// One bit per hash of a key of `names` (empty until a name is added).
    /// [`Gazetteer::find`] runs on every word of every article, and most
    /// words start no name: a clear bit settles them from this 32 KiB set,
    /// which stays in cache, without a look into the large `names`.
    starts: Vec<u64>,
    /// Changes with every name added (0 while empty), so that sums cached
    /// with one state of the lists are never reused with another.
    id: u64,
    /// One-word organisation names the lists write wholly in lower case, as
    /// their owners do (the outlet `detikcom`): the tagger looks at these
    /// even where no capital is near.
    lower_case: Vec<Box<str>>,
}

/// Bits in [`Gazetteer::starts`].
const START_BITS: usize = 1 << 18;

/// The bit of a key in [`Gazetteer::starts`]: word and bit index.
fn start_bit(key: u64) -> (usize, u64) {
    let bit = (key >> 46) as usize;
    (bit / 64, 1 << (bit % 64))
}

/// The table key of a name is the [`FeatureHash`] of its lower-cased words,
/// built word by word. [`Gazetteer::find`] probes every word of every
/// tagged sentence, and hashing each word once, eight bytes per multiply,
/// into a running key is cheaper than joining the words into a string and
/// hashing that byte by byte. Two names whose keys agree in all 64 bits
/// would share list bits, as two features whose hashes agree share weights.
fn empty_key() -> FeatureHash {
    FeatureHash::new(0)
}

/// `key` followed by the words of a token: one, or several in gold files
/// that hold a name with its spaces in one token.
fn with_token(key: FeatureHash, lower: &str) -> FeatureHash {
    if lower.as_bytes().contains(&b' ') {
        lower.split(' ').fold(key, FeatureHash::str)
    } else {
        key.str(lower)
    }
}

/// Hasher of the name table, whose keys are hashes already.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Gazetteer {
    /// The lists compiled into the binary, parsed once.
    pub fn bundled() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let mut g = Gazetteer::default();
            // A name of several words adds a key per word; most have one.
            let lines: usize = [COUNTRIES, ORGS, CITIES, AREAS]
                .iter()
                .map(|t| t.lines().count())
                .sum();
            g.names.reserve(lines + lines / 4);
            for (name, cols) in rows(COUNTRIES) {
                let f = if cols.first() == Some("ORG") {
                    flags::INTL_ORG
                } else {
                    flags::COUNTRY
                };
                g.add(name, f);
            }
            for (name, _) in rows(ORGS) {
                g.add(name, flags::INTL_ORG);
                if !name.chars().any(|c| c.is_uppercase() || c.is_whitespace()) {
                    g.lower_case.push(name.into());
                }
            }
            for (name, cols) in rows(CITIES) {
                let pop: u64 = cols.get(1).and_then(|p| p.parse().ok()).unwrap_or(0);
                let f = if pop >= 500_000 {
                    flags::CITY | flags::BIG_CITY
                } else {
                    flags::CITY
                };
                g.add(name, f);
            }
            for (name, cols) in rows(AREAS) {
                let f = match cols.first() {
                    Some("province") => flags::PROVINCE,
                    Some("regency") => flags::REGENCY,
                    _ => flags::DISTRICT,
                };
                g.add(name, f);
            }
            g
        })
    }

    /// Adds `name` with list bits `f`.
    pub fn add(&mut self, name: &str, f: u16) {
        let toks = tokenize(name);
        if toks.is_empty() || toks.len() > MAX_TOKENS {
            return;
        }
        self.id = super::fresh_id();
        self.starts.resize(START_BITS / 64, 0);
        let mut key = empty_key();
        for (i, t) in toks.iter().enumerate() {
            key = with_lower(t.text(name), |lower| with_token(key, lower));
            // Every key gets its bit, not only that of a first word: `find`
            // probes with whole tokens, and a token may hold a space.
            let (w, b) = start_bit(key.finish());
            if let Some(x) = self.starts.get_mut(w) {
                *x |= b;
            }
            let bit = if i + 1 == toks.len() {
                f
            } else {
                flags::PREFIX
            };
            *self.names.entry(key.finish()).or_insert(0) |= bit;
        }
    }

    /// Whether `word`, as written, is a name the lists write in lower case
    /// (see the field). Asked of lower-case words of running text, so it
    /// compares with the few such names instead of hashing.
    pub(crate) fn is_lower_case_name(&self, word: &str) -> bool {
        self.lower_case.iter().any(|n| n.as_ref() == word)
    }

    /// Identifies these lists as they are now (see the field).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The list bits of one name (any case, tokens separated by single
    /// spaces), 0 when it is on no list.
    pub fn lookup(&self, name: &str) -> u16 {
        let mut key = empty_key();
        let mut lower = String::with_capacity(name.len());
        for t in tokenize(name) {
            lower.clear();
            push_lower(&mut lower, t.text(name));
            key = with_token(key, &lower);
        }
        self.names.get(&key.finish()).map_or(0, |f| f & flags::ALL)
    }

    /// Whether `key` may be a key of `names` (false only when it is not),
    /// i.e. whether some name may start with its words.
    fn may_start(&self, key: u64) -> bool {
        if self.starts.is_empty() {
            return true;
        }
        let (w, b) = start_bit(key);
        self.starts.get(w).is_none_or(|x| x & b != 0)
    }

    /// Longest-first, left-to-right matches in a sentence of lower-cased
    /// tokens.
    pub fn find<S: AsRef<str>>(&self, lower: &[S]) -> Vec<GazMatch> {
        let mut out = Vec::new();
        let word = |i: usize| lower.get(i).map_or("", AsRef::as_ref);
        let mut i = 0;
        while let Some(m) = self.find_from(i, lower.len(), word) {
            out.push(m);
            i = m.end;
        }
        out
    }

    /// The first match of [`Gazetteer::find`] that starts at token `from`
    /// or later, in a sentence of `n` tokens whose lower-cased forms
    /// `lower` gives.
    pub(crate) fn find_from<'w>(
        &self,
        from: usize,
        n: usize,
        lower: impl Fn(usize) -> &'w str,
    ) -> Option<GazMatch> {
        for i in from..n {
            let first = with_token(empty_key(), lower(i));
            if !self.may_start(first.finish()) {
                continue;
            }
            let mut key = first;
            let mut best: Option<GazMatch> = None;
            for j in i..n.min(i + MAX_TOKENS) {
                if j > i {
                    key = with_token(key, lower(j));
                }
                let Some(&f) = self.names.get(&key.finish()) else {
                    break;
                };
                if f & flags::ALL != 0 {
                    best = Some(GazMatch {
                        start: i,
                        end: j + 1,
                        flags: f & flags::ALL,
                    });
                }
                if f & flags::PREFIX == 0 {
                    break;
                }
            }
            if best.is_some() {
                return best;
            }
        }
        None
    }
}

/// The entity type a list bit set suggests, strongest list first.
pub fn kind_of(f: u16) -> Option<EntityKind> {
    if f & flags::INTL_ORG != 0 {
        Some(EntityKind::Org)
    } else if f & flags::ALL != 0 {
        Some(EntityKind::Place)
    } else {
        None
    }
}

/// Appends the lower case of `s` to `out`.
pub(crate) fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        // Copied whole and lowered in place: pushing char by char cost
        // three times as many instructions (a capacity check and a UTF-8
        // encoding per byte), on every token of every article.
        let start = out.len();
        out.push_str(s);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}

/// Runs `f` on the lower case of `s`, written on the stack when `s` is
/// short ASCII (nearly every word), so that tests run on every word of a
/// text allocate nothing.
pub(crate) fn with_lower<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if let Some(dst) = buf.get_mut(..s.len()) {
        // One pass lowers the word and notes whether it had capitals or
        // bytes beyond ASCII.
        let (mut upper, mut wide) = (false, false);
        for (d, c) in dst.iter_mut().zip(s.bytes()) {
            upper |= c.is_ascii_uppercase();
            wide |= !c.is_ascii();
            *d = c.to_ascii_lowercase();
        }
        if !wide {
            // An ASCII word without capitals is its own lower case.
            if !upper {
                return f(s);
            }
            // SAFETY: every byte of `dst` is ASCII (`wide` is false), and
            // ASCII is valid UTF-8. Checking it again cost about seventy
            // instructions a word: this runs on every word of every text.
            let l = unsafe { std::str::from_utf8_unchecked(dst) };
            return f(l);
        }
    }
    let mut l = String::with_capacity(s.len());
    push_lower(&mut l, s);
    f(&l)
}

/// Data rows of a `#`-headed TSV file: the first column and the others.
fn rows(data: &str) -> impl Iterator<Item = (&str, Columns<'_>)> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (name, rest) = l.split_once('\t').unwrap_or((l, ""));
            (name.trim(), Columns(rest))
        })
}

/// The columns of a row after its first, read on demand (most rows are
/// never asked for more than one).
#[derive(Clone, Copy)]
struct Columns<'a>(&'a str);

impl<'a> Columns<'a> {
    fn first(self) -> Option<&'a str> {
        self.get(0)
    }

    fn get(self, n: usize) -> Option<&'a str> {
        if self.0.is_empty() {
            return None;
        }
        self.0.split('\t').nth(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_one_token_or_several_is_found_alike() {
        let g = Gazetteer::bundled();
        let one = g.find(&["korea utara"]);
        let two = g.find(&["korea", "utara"]);
        assert_eq!(one.first().map(|m| m.flags), two.first().map(|m| m.flags));
        assert!(one.first().is_some_and(|m| m.flags != 0));
        assert_eq!(g.lookup("Korea  Utara"), g.lookup("korea utara"));
    }

    #[test]
    fn acronyms_for_kinds_of_things_are_not_names() {
        for w in ["kuhp", "apbn", "wib", "asn", "pilkada"] {
            assert!(is_common_acronym(w), "{w}");
        }
        // Acronyms of one body are names.
        for w in ["pbb", "pmi", "kpk", "dpr"] {
            assert!(!is_common_acronym(w), "{w}");
        }
    }

    #[test]
    fn bundled_lists_know_common_names() {
        let g = Gazetteer::bundled();
        let cases: &[(&str, u16)] = &[
            ("Indonesia", flags::COUNTRY),
            ("korea utara", flags::COUNTRY),
            ("PBB", flags::INTL_ORG),
            ("Jawa Barat", flags::PROVINCE),
            ("Bogor", flags::REGENCY),
            ("Moscow", flags::BIG_CITY),
        ];
        for &(name, f) in cases {
            assert_ne!(g.lookup(name) & f, 0, "{name} should carry {f:#x}");
        }
        assert_eq!(g.lookup("dengan"), 0);
        assert!(is_function_word("dengan") && is_function_word("yuk"));
        assert!(!is_function_word("jakarta"));
        assert_eq!(kind_of(g.lookup("PBB")), Some(EntityKind::Org));
        assert_eq!(kind_of(g.lookup("Jakarta")), Some(EntityKind::Place));
    }

    #[test]
    fn finds_longest_match() {
        let g = Gazetteer::bundled();
        let s = ["presiden", "korea", "selatan", "ke", "jawa", "barat"];
        let m = g.find(&s);
        let spans: Vec<(usize, usize)> = m.iter().map(|m| (m.start, m.end)).collect();
        assert_eq!(spans, vec![(1, 3), (4, 6)]);
        // Gold files may hold a whole name in one token.
        let one = g.find(&["di", "korea utara", "dan", "jawa barat"]);
        let spans: Vec<(usize, usize)> = one.iter().map(|m| (m.start, m.end)).collect();
        assert_eq!(spans, vec![(1, 2), (3, 4)]);
    }
}
