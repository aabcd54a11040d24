//! The Indonesian stemmer: reduces one folded word to its root (*kata dasar*)
//! so that `dikirimkan`, `pengiriman` and `terkirim` all match `kirim`.
//!
//! # Why a dictionary-based stemmer
//!
//! Indonesian affixes are regular but ambiguous: the nasal of meN-/peN- replaces
//! the first consonant of the root (`menolak` = meN- + `tolak`), and many roots
//! start or end like affixes (`pantai`, `berita`, `medan`). A rule-only stemmer
//! (Snowball, Tala's algorithm) cannot undo the nasal and over-strips such roots.
//! This stemmer therefore removes affixes only when what remains is a root in
//! the [`Lexicon`]: every reading is *dictionary-confirmed*. A word the lexicon
//! does not confirm is returned unchanged, which keeps most names
//! (`Subarkah`, `Jokowi`) and unknown loans intact; this was chosen over an
//! unconfirmed fallback by measurement (see `examples/stem_eval.rs` and
//! [`Fallback`]).
//!
//! # How a word is analysed
//!
//! 1. Overrides and `keep` words of the [`UserDictionary`] apply first; a word
//!    that is itself a root is returned as is (`pantai`, `berita`, `medan`).
//! 2. Hyphenated words: clitics after a hyphen are dropped (`kuasa-mu`), a
//!    prefix before one is dropped (`di-update`), a reduplication whose halves
//!    share a stem gives that stem (`anak-anak`, `berbalas-balasan`,
//!    `meniru-nirukan`); other compounds (`bolak-balik`, `rusia-korea`) stay.
//! 3. Every *standard* reading is enumerated: an optional particle (-kah, -lah,
//!    -tah, -pun), inside it an optional possessive (-ku, -mu, -nya), inside
//!    that an optional derivational suffix (-kan, -an, -i, and the loanword
//!    nominalisers -isasi, -isme), and up to three prefixes taken from the
//!    allomorph table in `affixes` (meN-/peN- with recoding of the
//!    nasal, menge-/penge- before one-syllable roots or fused with ke-,
//!    ber-/ter-/per- with be-/te-/pe-/bel-/pel-, di-, ke-, se-, ku-, kau-),
//!    nested only as the grammar allows (`memper-`, `diper-`, `keber-`,
//!    `pember-`). Readings with a disallowed prefix–suffix pair (be-…-i,
//!    di-…-an, ke-…-i, ke-…-kan, me-…-an, se-…-i, se-…-kan, te-…-an) are
//!    skipped. Loanwords need no special case: meN- keeps the consonant of
//!    clusters and loans (`mempromosikan`, `mentaati`) as one reading and
//!    recodes it as another, and the lexicon decides (`mengonfirmasi`).
//!    A root ending in k may meet -kan written with one k (`ditunjukan`,
//!    `dimasukan`); that reading is also tried, ranked below the regular
//!    spelling.
//! 4. Only if no standard reading is confirmed, *irregular* readings are tried,
//!    at most one irregular affix per reading and only with a root the
//!    frequency list knows: the infixes -el-, -em-, -er-, -in- (`gerigi`),
//!    partial reduplication (`lelaki`), and colloquial forms (bare nasal
//!    `nuduh`, `ngambil`; suffix -in after a standard prefix, `dibetulin`).
//! 5. Nothing confirmed: the word is returned unchanged.
//!
//! The search deepens one affix at a time and stops at the first level that
//! yields a root the frequency list knows, so most words cost a few lookups.
//!
//! # Choosing between readings
//!
//! Among the confirmed readings the stemmer takes, in this order:
//! 1. one whose root the frequency list knows over one whose root it does not
//!    (`kedudukan` is `duduk`, not the rare plant `keduduk` + -an; `petani` is
//!    `tani`, not `petan` + -i);
//! 2. the one that removes the fewest affixes (a confix such as ke-…-an counts
//!    as two): `medannya` is `medan + -nya`, not `me- + dan + -nya`;
//! 3. the regular spelling of -kan over the one-k reading, then a root at
//!    least ten times more frequent (one Zipf unit);
//! 4. the one that removes fewer prefixes, i.e. suffixes are stripped before
//!    prefixes as in confix stripping: `berikan` is `beri + -kan`, not
//!    `ber- + ikan`;
//! 5. the more frequent root, which settles the recoding of meN-/peN- before a
//!    vowel: `mengupas` is `kupas` not `upas`, `memakan` is `makan` not
//!    `pakan`, `mengalahkan` is `kalah` not `alah`;
//! 6. the reading without recoding, then the longer root.
//!
//! # Credits and trade-offs
//!
//! The design follows published work, re-implemented here from the
//! descriptions, not from code: the confix-stripping stemmer of Jelita Asian,
//! Hugh E. Williams and S.M.M. Tahaghoghi ("Stemming Indonesian", ACSC 2005;
//! after Nazief and Adriani 1996), its enhancement by Arifin et al. (recoding
//! order, loanword prefixes) and the disallowed affix pairs of Adriani et al.
//! (ACM TALIP 2007). Unlike those procedures, which strip in a fixed order and
//! backtrack, this stemmer enumerates the readings and ranks them, so the
//! order of rules never decides an answer silently.
//!
//! Known weaknesses: the lexicon (Debian's hunspell-id) lists some derived
//! words as headwords (`mengerti`, `besaran`, `setuju`, `kinerja`), which
//! are then kept whole; colloquial vowel changes (`nyimpen` for `simpan`) are
//! not undone; a lower-cased name that parses as root + affix (`bekasi`,
//! `bekas` + -i) is stemmed, so the analyzer must keep capitalised words away
//! from the stemmer.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use super::UserDictionary;
use super::affixes::{
    ALLOMORPHS, Allomorph, DERIVATIONAL_SUFFIXES, HYPHEN_CLITICS, HYPHEN_PREFIXES, Onset,
    PARTICLES, POSSESSIVES, PrefixKind, SuffixKind, disallowed, is_consonant, is_vowel,
    starting_with,
};
use super::lexicon::Lexicon;

/// Longest word (in bytes) the stemmer analyses; longer ones are returned
/// unchanged (no Indonesian word needs more; URLs and noise do).
const MAX_WORD: usize = 40;
/// Longest hyphenated word analysed.
const MAX_HYPHENATED: usize = 64;
/// Shortest root an analysis may leave.
const MIN_ROOT: usize = 3;
/// Frequency difference (Zipf x10) that settles a tie on affix count.
const FREQ_GAP: u8 = 10;
/// Most affixes one word carries: particle, possessive, suffix, 3 prefixes.
const MAX_AFFIXES: u8 = 6;
/// Most prefixes one word carries (`ke-se-per-sepuluh`).
const MAX_PREFIXES: u8 = 3;

/// What to do with a word no reading confirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fallback {
    /// Return it unchanged (the default: names and unknown words stay whole).
    #[default]
    Unchanged,
    /// Strip particles and possessives (-lah, -kah, -tah, -pun, -nya, -ku,
    /// -mu) even though the rest is not a known root.
    Inflection,
}

/// A dictionary-based Indonesian stemmer. Cheap to clone (shares its data).
///
/// ```
/// use newsidx::analysis::stem::Stemmer;
/// let s = Stemmer::new();
/// assert_eq!(s.stem("pengiriman"), "kirim");
/// assert_eq!(s.stem("menolak"), "tolak");
/// assert_eq!(s.stem("pantai"), "pantai");
/// ```
#[derive(Clone, Debug)]
pub struct Stemmer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    lexicon: Lexicon,
    keep: HashSet<String>,
    overrides: HashMap<String, String>,
    fallback: Fallback,
}

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer::new()
    }
}

/// One confirmed reading: the root is `letter` (a consonant restored by
/// recoding or kept before an infix) followed by `word[start..end]`.
#[derive(Debug, Clone, Copy)]
struct Reading {
    letter: Option<u8>,
    start: usize,
    end: usize,
    affixes: u8,
    prefixes: u8,
    freq: u8,
    /// Read through the one-k spelling of `-k-kan` (`ditunjukan`).
    merged: bool,
}

impl Reading {
    fn len(&self) -> usize {
        self.end.saturating_sub(self.start) + usize::from(self.letter.is_some())
    }

    /// Whether `self` ranks above `other` (see the module doc).
    fn beats(&self, other: &Reading) -> bool {
        use std::cmp::Ordering::{Greater, Less};
        // 1. A root the frequency list knows beats a rare one.
        match (self.freq > 0).cmp(&(other.freq > 0)) {
            Greater => return true,
            Less => return false,
            _ => {}
        }
        // 2. Fewer affixes removed.
        if self.affixes != other.affixes {
            return self.affixes < other.affixes;
        }
        // The regular spelling before the one-k reading of -kan.
        if self.merged != other.merged {
            return !self.merged;
        }
        // 3. A root ten times more frequent (one Zipf unit).
        if self.freq.abs_diff(other.freq) >= FREQ_GAP {
            return self.freq > other.freq;
        }
        // 4. Fewer prefixes (suffixes are stripped first), 5. frequency,
        // 6. no recoding, 7. the longer root.
        let key = |r: &Reading| {
            (
                std::cmp::Reverse(r.prefixes),
                r.freq,
                r.letter.is_none(),
                r.len(),
            )
        };
        key(self) > key(other)
    }
}

/// The state of one search: the word, the best reading so far and a buffer
/// for recoded roots (no allocation per candidate).
struct Search<'w> {
    word: &'w [u8],
    best: Option<Reading>,
    buf: [u8; MAX_WORD + 1],
    irregular: bool,
    /// The number of affixes the readings of the current round remove: the
    /// search deepens one affix at a time and stops at the first known root,
    /// so most words cost a handful of lookups.
    level: u8,
    /// Whether the current round skipped a reading for having too many
    /// affixes (if not, deeper rounds would find nothing new).
    deeper: bool,
    /// Whether the readings being enumerated use the one-k spelling of -kan.
    merged: bool,
}

impl Stemmer {
    /// A stemmer over the bundled lexicon.
    pub fn new() -> Stemmer {
        Stemmer::from_lexicon(Lexicon::bundled().clone())
    }

    /// A stemmer over an explicit lexicon (for measuring other root lists).
    pub fn from_lexicon(lexicon: Lexicon) -> Stemmer {
        Stemmer {
            inner: Arc::new(Inner {
                lexicon,
                keep: HashSet::new(),
                overrides: HashMap::new(),
                fallback: Fallback::Unchanged,
            }),
        }
    }

    /// A stemmer over the bundled lexicon plus a user's dictionary: its roots
    /// join the lexicon, its `keep` words are never stemmed, its overrides
    /// apply before anything else (their targets become roots too, so that
    /// stemming stays idempotent). Entries are lower-cased.
    ///
    /// ```
    /// use newsidx::analysis::{UserDictionary, stem::Stemmer};
    /// let dict = UserDictionary {
    ///     roots: vec!["prank".into()],
    ///     keep: vec!["bekasi".into()],
    ///     overrides: vec![("kemenlu".into(), "luar".into())],
    /// };
    /// let s = Stemmer::with_dictionary(&dict);
    /// assert_eq!(s.stem("diprank"), "prank");
    /// assert_eq!(s.stem("bekasi"), "bekasi");
    /// assert_eq!(s.stem("kemenlu"), "luar");
    /// ```
    pub fn with_dictionary(dict: &UserDictionary) -> Stemmer {
        let lower = |s: &String| s.trim().to_lowercase();
        let overrides: HashMap<String, String> = dict
            .overrides
            .iter()
            .map(|(w, r)| (lower(w), lower(r)))
            .filter(|(w, r)| !w.is_empty() && !r.is_empty())
            .collect();
        let mut extra: Vec<String> = dict.roots.iter().map(lower).collect();
        extra.extend(overrides.values().cloned());
        let extra_refs: Vec<&str> = extra.iter().map(String::as_str).collect();
        Stemmer {
            inner: Arc::new(Inner {
                lexicon: Lexicon::bundled_with(&extra_refs),
                keep: dict
                    .keep
                    .iter()
                    .map(lower)
                    .filter(|w| !w.is_empty())
                    .collect(),
                overrides,
                fallback: Fallback::Unchanged,
            }),
        }
    }

    /// This stemmer with another policy for unconfirmed words.
    pub fn with_fallback(self, fallback: Fallback) -> Stemmer {
        let inner = Inner {
            lexicon: self.inner.lexicon.clone(),
            keep: self.inner.keep.clone(),
            overrides: self.inner.overrides.clone(),
            fallback,
        };
        Stemmer {
            inner: Arc::new(inner),
        }
    }

    /// The lexicon this stemmer confirms against.
    pub fn lexicon(&self) -> &Lexicon {
        &self.inner.lexicon
    }

    /// Whether `word` is a root: the stemmer returns it unchanged because the
    /// lexicon (or the user dictionary) lists it.
    pub fn is_root(&self, word: &str) -> bool {
        self.inner.lexicon.contains(word)
    }

    /// The root of one lower-cased, diacritic-folded word. Returns the word
    /// itself (borrowed, no allocation) when it is a root, when no reading is
    /// confirmed by the lexicon, or when it holds anything but `a`–`z` and
    /// hyphens (numbers, upper case, other scripts).
    ///
    /// The result is never empty for a non-empty word, never longer than the
    /// word (except where a user override says otherwise), and stemming it
    /// again gives it back unchanged.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if word.is_empty() {
            return Cow::Borrowed(word);
        }
        let inner = &*self.inner;
        if let Some(root) = inner.overrides.get(word) {
            return Cow::Owned(root.clone());
        }
        if !inner.keep.is_empty() && inner.keep.contains(word) {
            return Cow::Borrowed(word);
        }
        let bytes = word.as_bytes();
        if bytes.len() > MAX_HYPHENATED {
            return Cow::Borrowed(word);
        }
        let mut hyphen = false;
        for &b in bytes {
            if b == b'-' {
                hyphen = true;
            } else if !b.is_ascii_lowercase() {
                return Cow::Borrowed(word);
            }
        }
        if hyphen {
            self.stem_hyphenated(word)
        } else {
            self.stem_simple(word)
        }
    }

    /// A word of letters only.
    fn stem_simple<'a>(&self, word: &'a str) -> Cow<'a, str> {
        let bytes = word.as_bytes();
        if bytes.len() > MAX_WORD || bytes.len() <= MIN_ROOT {
            return Cow::Borrowed(word);
        }
        let lex = &self.inner.lexicon;
        if lex.get(bytes).is_some() {
            return Cow::Borrowed(word);
        }
        let mut search = Search {
            word: bytes,
            best: None,
            buf: [0; MAX_WORD + 1],
            irregular: false,
            level: 0,
            deeper: false,
            merged: false,
        };
        search.run(lex);
        if search.best.is_none() && irregular_possible(bytes) {
            search.irregular = true;
            search.run(lex);
        }
        match search.best {
            Some(r) => confix_over_an(word, &r, lex).unwrap_or_else(|| reading_to_cow(word, &r)),
            None => self.fall_back(word),
        }
    }

    fn fall_back<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match self.inner.fallback {
            Fallback::Unchanged => Cow::Borrowed(word),
            Fallback::Inflection => {
                let mut w = word;
                loop {
                    let before = w.len();
                    for ending in PARTICLES.iter().chain(POSSESSIVES) {
                        if let Some(rest) = w.strip_suffix(ending)
                            && rest.len() >= MIN_ROOT
                        {
                            w = rest;
                            break;
                        }
                    }
                    if w.len() == before {
                        return Cow::Borrowed(w);
                    }
                }
            }
        }
    }

    /// A word with hyphens (already checked to be `a`–`z` and `-`).
    fn stem_hyphenated<'a>(&self, word: &'a str) -> Cow<'a, str> {
        // Clitics written after a hyphen: kuasa-mu, allah-lah.
        let mut core = word;
        while let Some((head, tail)) = core.rsplit_once('-') {
            if !head.is_empty() && HYPHEN_CLITICS.contains(&tail) {
                core = head;
            } else {
                break;
            }
        }
        let Some((first, rest)) = core.split_once('-') else {
            return self.stem_simple(core);
        };
        if core.split('-').any(str::is_empty) {
            return Cow::Borrowed(word);
        }
        // A prefix written with a hyphen: di-update, se-indonesia.
        if HYPHEN_PREFIXES.contains(&first) && first != rest {
            return if rest.contains('-') {
                self.stem_hyphenated(rest)
            } else {
                self.stem_simple(rest)
            };
        }
        // Reduplication: every part has the same stem (anak-anak,
        // berbalas-balasan, meniru-nirukan, menyepak-nyepak).
        let first_stem = self.stem_simple(first);
        let same = core.split('-').skip(1).all(|part| {
            part == first || part == first_stem || self.stem_simple(part) == first_stem
        });
        if same {
            return first_stem;
        }
        // Other compounds stay whole (bolak-balik, rusia-korea, pasca-perang).
        Cow::Borrowed(core)
    }
}

/// The confix peN-…-an, per-…-an or ke-…-an over a prefix on a root that
/// itself ends in -an: `pengawasan` is peN- + awas + -an (supervision), not
/// peN- + `kawasan` (area), and `pertahanan` is per- + tahan + -an. The
/// search stops at the first depth that confirms a root, so the reading
/// with one affix more is checked here: when the root of a prefixed
/// reading runs to the word's end and, without its final -an (and without
/// a consonant restored before it), is a root the frequency list knows,
/// that shorter root wins. Only these prefixes take -an (di-, meN- and
/// ter- do not).
fn confix_over_an<'a>(word: &'a str, r: &Reading, lex: &Lexicon) -> Option<Cow<'a, str>> {
    if r.prefixes == 0
        || r.end != word.len()
        || !word.ends_with("an")
        || !(word.starts_with("pe") || word.starts_with("ke"))
    {
        return None;
    }
    let tail = word.get(r.start..r.end.checked_sub(2)?)?;
    let known = |root: &str| {
        (root.len() >= MIN_ROOT)
            .then(|| lex.get(root.as_bytes()))
            .flatten()
            .filter(|&f| f > 0)
    };
    let bare = known(tail).map(|f| (f, Cow::Borrowed(tail)));
    let restored = r.letter.and_then(|l| {
        let mut root = String::with_capacity(tail.len() + 1);
        root.push(char::from(l));
        root.push_str(tail);
        known(&root).map(|f| (f, Cow::Owned(root)))
    });
    match (bare, restored) {
        (Some(a), Some(b)) => Some(if b.0 > a.0 { b.1 } else { a.1 }),
        (a, b) => a.or(b).map(|(_, root)| root),
    }
}

fn reading_to_cow<'a>(word: &'a str, r: &Reading) -> Cow<'a, str> {
    let Some(tail) = word.get(r.start..r.end) else {
        return Cow::Borrowed(word);
    };
    match r.letter {
        None => Cow::Borrowed(tail),
        Some(l) => {
            let mut s = String::with_capacity(tail.len() + 1);
            s.push(char::from(l));
            s.push_str(tail);
            Cow::Owned(s)
        }
    }
}

/// Colloquial bare nasal prefixes (Jakarta speech: `nuduh`, `nyoba`,
/// `ngambil`, `ngebuka`, `mukul`), tried only in the irregular pass. Grouped
/// by first letter like [`ALLOMORPHS`].
const COLLOQUIAL_NASALS: &[Allomorph] = &[
    Allomorph {
        surface: "m",
        kind: PrefixKind::Me,
        keep: Onset::OneOf(b""),
        recode: b"p",
        fused: 0,
    },
    Allomorph {
        surface: "nge",
        kind: PrefixKind::Me,
        keep: Onset::Consonant,
        recode: b"",
        fused: 0,
    },
    Allomorph {
        surface: "ng",
        kind: PrefixKind::Me,
        keep: Onset::Vowel,
        recode: b"k",
        fused: 0,
    },
    Allomorph {
        surface: "ny",
        kind: PrefixKind::Me,
        keep: Onset::OneOf(b""),
        recode: b"sc",
        fused: 0,
    },
    Allomorph {
        surface: "n",
        kind: PrefixKind::Me,
        keep: Onset::OneOf(b""),
        recode: b"t",
        fused: 0,
    },
];

impl Search<'_> {
    fn run(&mut self, lex: &Lexicon) {
        for level in 1..=MAX_AFFIXES {
            self.level = level;
            self.deeper = false;
            self.round(lex);
            if !self.deeper || self.best.is_some_and(|b| b.freq > 0) {
                return;
            }
        }
    }

    /// Enumerates the readings that remove exactly `self.level` affixes.
    fn round(&mut self, lex: &Lexicon) {
        let w = self.word;
        let n = w.len();
        // Inflectional endings: (end of the rest, affixes removed).
        let mut infl = [(n, 0u8); 4];
        let mut n_infl = 1;
        for p in PARTICLES {
            if has_suffix(w, p.as_bytes()) && n >= p.len() + MIN_ROOT {
                let e = n - p.len();
                push(&mut infl, &mut n_infl, (e, 1));
                if let Some(rest) = w.get(..e) {
                    for q in POSSESSIVES {
                        if has_suffix(rest, q.as_bytes()) && e >= q.len() + MIN_ROOT {
                            push(&mut infl, &mut n_infl, (e - q.len(), 2));
                        }
                    }
                }
            }
        }
        for q in POSSESSIVES {
            if has_suffix(w, q.as_bytes()) && n >= q.len() + MIN_ROOT {
                push(&mut infl, &mut n_infl, (n - q.len(), 1));
            }
        }
        for &(iend, icount) in infl.iter().take(n_infl) {
            if icount > self.level {
                self.deeper = true;
                continue;
            }
            let Some(base) = w.get(..iend) else { continue };
            // No derivational suffix.
            self.with_suffix(lex, iend, SuffixKind::None, icount);
            for &(suf, kind) in DERIVATIONAL_SUFFIXES {
                if has_suffix(base, suf.as_bytes()) && iend >= suf.len() + MIN_ROOT {
                    self.with_suffix(lex, iend - suf.len(), kind, icount + 1);
                }
            }
            // A root ending in k before -kan is often written with one k
            // (`ditunjukan`, `dimasukan`): read `…k-an` as -kan too, so the
            // prefixes that take -kan but not -an (di-, meN-) apply.
            if has_suffix(base, b"kan") && iend >= 2 + MIN_ROOT {
                self.merged = true;
                self.with_suffix(lex, iend - 2, SuffixKind::Kan, icount + 1);
                self.merged = false;
            }
            if self.irregular && has_suffix(base, b"in") && iend >= 2 + MIN_ROOT {
                self.with_suffix(lex, iend - 2, SuffixKind::ColloquialIn, icount + 1);
            }
        }
    }

    /// Readings of `word[..end]` with the given suffixes already removed.
    /// The irregular pass repeats no standard reading: only those with the
    /// colloquial suffix, a colloquial nasal, an infix or a reduplication.
    fn with_suffix(&mut self, lex: &Lexicon, end: usize, suffix: SuffixKind, count: u8) {
        if !self.irregular {
            if count > 0 {
                self.consider(lex, None, 0, end, count, 0);
            }
            self.prefixes(lex, ALLOMORPHS, 0, end, None, 0, suffix, count);
        } else if suffix == SuffixKind::ColloquialIn {
            // Colloquial -in only after a standard prefix (`dibetulin`):
            // alone it is mostly the end of a loanword or name (`kafein`),
            // and one reading takes at most one irregular affix (`marahin`
            // is not `m-` + `parah` + `-in`).
            self.prefixes(lex, ALLOMORPHS, 0, end, None, 0, suffix, count);
        } else {
            self.irregular_forms(lex, end, count);
            self.prefixes(lex, COLLOQUIAL_NASALS, 0, end, None, 0, suffix, count);
        }
    }

    /// Infixes and partial reduplication on `word[..end]`.
    fn irregular_forms(&mut self, lex: &Lexicon, end: usize, count: u8) {
        let w = self.word;
        let (Some(&c0), Some(&c1), Some(&c2)) = (w.first(), w.get(1), w.get(2)) else {
            return;
        };
        if !is_consonant(c0) {
            return;
        }
        // Infixes -el-, -em-, -er-, -in-: g-em-etar -> getar.
        if matches!((c1, c2), (b'e', b'l' | b'm' | b'r') | (b'i', b'n')) {
            self.consider(lex, Some(c0), 3, end, count + 1, 0);
        }
        // Partial reduplication: le-laki -> laki, re-rata -> rata.
        if c1 == b'e' && c2 == c0 {
            self.consider(lex, None, 2, end, count + 1, 0);
        }
    }

    /// Strips prefixes from `word[start..end]`, recursing for nested ones.
    #[allow(clippy::too_many_arguments)]
    fn prefixes(
        &mut self,
        lex: &Lexicon,
        table: &[Allomorph],
        start: usize,
        end: usize,
        parent: Option<PrefixKind>,
        depth: u8,
        suffix: SuffixKind,
        count: u8,
    ) {
        let w = self.word;
        let Some(span) = w.get(start..end) else {
            return;
        };
        let Some(&first) = span.first() else {
            return;
        };
        let group = starting_with(table, first);
        // Every reading below removes at least one more affix: if that is
        // past this round's level, only note that a deeper round is needed.
        if count >= self.level {
            self.deeper |= !group.is_empty();
            return;
        }
        for al in group {
            let surface = al.surface.as_bytes();
            if !has_prefix(span, surface) {
                continue;
            }
            let allowed = match parent {
                None => !disallowed(al.kind, suffix),
                Some(p) => p.inner().contains(&al.kind),
            };
            if !allowed {
                continue;
            }
            let rs = start + surface.len();
            let Some(&next) = w.get(rs) else { continue };
            let c = count + 1 + al.fused;
            if c > self.level {
                self.deeper = true;
                continue;
            }
            let prefixes = depth + 1 + al.fused;
            let rest_len = end.saturating_sub(rs);
            if onset_allows(al.keep, w, rs, end) && rest_len >= MIN_ROOT {
                self.consider(lex, None, rs, end, c, prefixes);
                if prefixes < MAX_PREFIXES {
                    // Inner prefixes come from the standard table: a colloquial
                    // nasal may hold a standard prefix, never the reverse.
                    self.prefixes(lex, ALLOMORPHS, rs, end, Some(al.kind), prefixes, suffix, c);
                }
            }
            if is_vowel(next) && rest_len + 1 >= MIN_ROOT {
                for &l in al.recode {
                    self.consider(lex, Some(l), rs, end, c, prefixes);
                }
            }
        }
    }

    /// Looks up the root `letter + word[start..end]` and keeps it if it ranks
    /// above the best reading so far.
    fn consider(
        &mut self,
        lex: &Lexicon,
        letter: Option<u8>,
        start: usize,
        end: usize,
        affixes: u8,
        prefixes: u8,
    ) {
        let Some(tail) = self.word.get(start..end) else {
            return;
        };
        if tail.len() + usize::from(letter.is_some()) < MIN_ROOT {
            return;
        }
        let freq = match letter {
            None => lex.get(tail),
            Some(l) => {
                let n = tail.len() + 1;
                let Some(dst) = self.buf.get_mut(..n) else {
                    return;
                };
                if let Some((first, rest)) = dst.split_first_mut() {
                    *first = l;
                    rest.copy_from_slice(tail);
                }
                lex.get(dst)
            }
        };
        let Some(freq) = freq else { return };
        // Irregular readings are a last resort: only a root the frequency
        // list knows may come out of one (`mike` is not `pike`).
        if self.irregular && freq == 0 {
            return;
        }
        let reading = Reading {
            letter,
            start,
            end,
            affixes,
            prefixes,
            freq,
            merged: self.merged,
        };
        if self.best.is_none_or(|b| reading.beats(&b)) {
            self.best = Some(reading);
        }
    }
}

/// Whether any irregular reading could apply to `w`: a colloquial nasal
/// (`n…`, `m…`), the colloquial suffix -in, an infix or a partial
/// reduplication in the first syllable. Saves the second pass for most
/// unknown words (names, loans).
fn irregular_possible(w: &[u8]) -> bool {
    let (Some(&c0), Some(&c1), Some(&c2)) = (w.first(), w.get(1), w.get(2)) else {
        return false;
    };
    matches!(c0, b'n' | b'm')
        || w.windows(2).any(|p| p == b"in")
        || (is_consonant(c0) && matches!((c1, c2), (b'e', b'l' | b'm' | b'r')))
        || (c1 == b'e' && c2 == c0)
}

/// `s` starts with `p` (a short literal: compared inline, no `memcmp` call).
#[inline(always)]
fn has_prefix(s: &[u8], p: &[u8]) -> bool {
    s.len() >= p.len() && s.iter().zip(p).all(|(a, b)| a == b)
}

/// `s` ends with `p`.
#[inline(always)]
fn has_suffix(s: &[u8], p: &[u8]) -> bool {
    s.len() >= p.len() && s.iter().rev().zip(p.iter().rev()).all(|(a, b)| a == b)
}

fn push(arr: &mut [(usize, u8); 4], n: &mut usize, v: (usize, u8)) {
    if let Some(slot) = arr.get_mut(*n) {
        *slot = v;
        *n += 1;
    }
}

/// Whether the root may start right after a prefix at `rs`.
fn onset_allows(onset: Onset, w: &[u8], rs: usize, end: usize) -> bool {
    let Some(&next) = w.get(rs) else { return false };
    match onset {
        Onset::Any => true,
        Onset::OneOf(set) => set.contains(&next),
        Onset::Consonant => is_consonant(next),
        Onset::Vowel => is_vowel(next),
        Onset::Monosyllable => {
            is_consonant(next)
                && w.get(rs..end).is_some_and(|root| {
                    // Count syllable nuclei: every vowel, except the second
                    // letter of a diphthong (ai, au, oi, ei).
                    let mut nuclei = 0;
                    let mut prev = 0u8;
                    for &b in root {
                        let diphthong =
                            matches!((prev, b), (b'a', b'i' | b'u') | (b'o' | b'e', b'i'));
                        nuclei += usize::from(is_vowel(b) && !diphthong);
                        prev = b;
                    }
                    nuclei == 1
                })
        }
        Onset::ErSyllable => {
            next == b'r' || (is_consonant(next) && w.get(rs + 1..rs + 3) == Some(b"er".as_slice()))
        }
        Onset::Only(roots) => w
            .get(rs..end)
            .is_some_and(|rest| roots.iter().any(|r| r.as_bytes() == rest)),
    }
}

/// The process-wide stemmer over the bundled lexicon.
pub fn default_stemmer() -> &'static Stemmer {
    static DEFAULT: OnceLock<Stemmer> = OnceLock::new();
    DEFAULT.get_or_init(Stemmer::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(cases: &[(&str, &str)]) {
        let s = Stemmer::new();
        let mut wrong = Vec::new();
        for &(word, root) in cases {
            let got = s.stem(word);
            if got != root {
                wrong.push(format!("{word}: expected {root}, got {got}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn men_and_pen_allomorphs_with_recoding() {
        check(&[
            ("melipat", "lipat"),
            ("membangun", "bangun"),
            ("memukul", "pukul"),
            ("menangkap", "tangkap"),
            ("mencintai", "cinta"),
            ("menyapu", "sapu"),
            ("mengupas", "kupas"),
            ("mengudara", "udara"),
            ("menggila", "gila"),
            ("mengebom", "bom"),
            ("menolak", "tolak"),
            ("pemukul", "pukul"),
            ("penangkap", "tangkap"),
            ("penyapu", "sapu"),
            ("pengupas", "kupas"),
            ("pengebom", "bom"),
            ("pewarna", "warna"),
        ]);
    }

    #[test]
    fn ber_ter_per_and_their_variants() {
        check(&[
            ("berlari", "lari"),
            ("bekerja", "kerja"),
            ("belajar", "ajar"),
            ("berambut", "rambut"),
            ("terasing", "asing"),
            ("teterbang", "terbang"),
            ("perjelas", "jelas"),
            ("pelajar", "ajar"),
            ("peserta", "serta"),
        ]);
    }

    #[test]
    fn suffixes_particles_possessives_and_confixes() {
        check(&[
            ("dikirimkan", "kirim"),
            ("pengiriman", "kirim"),
            ("terkirim", "kirim"),
            ("makanan", "makan"),
            ("tandai", "tanda"),
            ("bukumukah", "buku"),
            ("miliknyalah", "milik"),
            ("kebijakan", "bijak"),
            ("perumahan", "rumah"),
            ("pembangunan", "bangun"),
            ("keberuntunganmu", "untung"),
            ("memperbarui", "baru"),
            ("dipertanggungjawabkan", "tanggungjawab"),
            ("medannya", "medan"),
            ("ditunjukan", "tunjuk"),
            ("dimasukan", "masuk"),
            ("mengenakan", "kena"),
        ]);
    }

    #[test]
    fn loanwords_and_hyphenated_forms() {
        check(&[
            ("mengonfirmasi", "konfirmasi"),
            ("diverifikasi", "verifikasi"),
            ("mempromosikan", "promosi"),
            ("memvonis", "vonis"),
            ("mensyaratkan", "syarat"),
            ("anak-anak", "anak"),
            ("malaikat-malaikat-nya", "malaikat"),
            ("berbalas-balasan", "balas"),
            ("meniru-nirukan", "tiru"),
            ("kuasa-mu", "kuasa"),
            ("di-update", "update"),
            ("bolak-balik", "bolak-balik"),
            ("rusia-korea", "rusia-korea"),
        ]);
    }

    #[test]
    fn roots_and_unknown_words_stay_whole() {
        check(&[
            ("pantai", "pantai"),
            ("berita", "berita"),
            ("medan", "medan"),
            ("mereka", "mereka"),
            ("menteri", "menteri"),
            ("jokowi", "jokowi"),
            ("subarkah", "subarkah"),
            ("covid-19", "covid-19"),
            ("2019", "2019"),
            ("Menteri", "Menteri"),
        ]);
    }

    #[test]
    fn readings_are_ranked_not_ordered() {
        // Suffix before prefix at equal count: beri + -kan, not ber- + ikan.
        // Frequency settles recoding: makan, not pakan; kalah, not alah.
        // Known roots beat rare homographs: duduk, not keduduk.
        check(&[
            ("berikan", "beri"),
            ("memakan", "makan"),
            ("mengalahkan", "kalah"),
            ("kedudukan", "duduk"),
            ("petani", "tani"),
            ("menekan", "tekan"),
        ]);
    }

    #[test]
    fn infixes_and_partial_reduplication_follow_the_lexicon() {
        // The bundled lexicon lists `gemetar` and `lelaki` as headwords, so
        // these rules are shown on a lexicon that does not.
        let lex = Lexicon::from_lists(
            "getar\nlaki\ngigi\nguruh\n",
            "getar\t40\nlaki\t50\ngigi\t45\n",
            &[],
        );
        let s = Stemmer::from_lexicon(lex);
        assert_eq!(s.stem("gemetar"), "getar");
        assert_eq!(s.stem("lelaki"), "laki");
        assert_eq!(s.stem("gerigi"), "gigi");
        // An irregular reading needs a root the frequency list knows.
        assert_eq!(s.stem("gemuruh"), "gemuruh");
    }

    #[test]
    fn irregular_forms_only_when_nothing_standard_fits() {
        check(&[
            ("nuduh", "tuduh"),
            ("ngambil", "ambil"),
            ("dibetulin", "betul"),
            ("marahin", "marahin"),
            ("kafein", "kafein"),
        ]);
    }

    #[test]
    fn user_dictionary_roots_keep_and_overrides() {
        let dict = UserDictionary {
            roots: vec!["Prank".into()],
            keep: vec!["pemilu".into(), "berikan".into()],
            overrides: vec![("kemenlu".into(), "luar".into())],
        };
        let s = Stemmer::with_dictionary(&dict);
        assert_eq!(s.stem("diprank"), "prank");
        assert_eq!(s.stem("mengeprank"), "prank");
        assert_eq!(s.stem("berikan"), "berikan");
        assert_eq!(s.stem("kemenlu"), "luar");
        assert_eq!(s.stem("luar"), "luar");
        assert!(s.is_root("prank"));
        assert!(!Stemmer::new().is_root("prank"));
        // The default stemmer is untouched.
        assert_eq!(Stemmer::new().stem("berikan"), "beri");
    }

    #[test]
    fn unchanged_words_are_borrowed() {
        let s = Stemmer::new();
        assert!(matches!(s.stem("pantai"), Cow::Borrowed(_)));
        assert!(matches!(s.stem("bukunya"), Cow::Borrowed("buku")));
        assert!(matches!(s.stem("memukul"), Cow::Owned(_)));
    }

    #[test]
    fn fallback_strips_inflection_of_unknown_words() {
        let s = Stemmer::new().with_fallback(Fallback::Inflection);
        assert_eq!(s.stem("jokowinya"), "jokowi");
        assert_eq!(s.stem("bukunya"), "buku");
        assert_eq!(Stemmer::new().stem("jokowinya"), "jokowinya");
    }

    #[test]
    fn stemmer_is_shareable_across_threads() {
        fn assert_traits<T: Clone + Send + Sync + 'static>() {}
        assert_traits::<Stemmer>();
        let s = Stemmer::new();
        let handle = std::thread::spawn({
            let s = s.clone();
            move || s.stem("dikirimkan").into_owned()
        });
        assert_eq!(handle.join().ok().as_deref(), Some("kirim"));
        assert!(Arc::ptr_eq(&s.inner, &s.clone().inner));
    }

    /// The check set of news words (`tests/fixtures/stemmer/news-words.tsv`),
    /// written for newsidx and never tuned on: every root must be right.
    #[test]
    fn news_word_check_set() {
        let set = include_str!("../../tests/fixtures/stemmer/news-words.tsv");
        let misses: Vec<String> = set
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (word, root) = l.split_once('\t')?;
                let got = crate::analysis::stem(word);
                (got != root).then(|| format!("{word}: want {root}, got {got}"))
            })
            .collect();
        assert!(misses.is_empty(), "help: stemmer misses {misses:#?}");
    }

    #[test]
    fn the_crate_level_stem_uses_this_stemmer() {
        assert_eq!(crate::analysis::stem("pengiriman"), "kirim");
        // A capitalised word on its own is read as a name.
        assert_eq!(crate::analysis::stem("Pemalang"), "pemalang");
    }

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z]{1,14}",
            "(me|mem|men|meng|meny|pe|peng|ber|ter|per|di|ke|se){1,2}[a-z]{2,8}(kan|an|i)?(nya|ku|mu)?(lah|kah)?",
            "[a-z]{2,8}-[a-z]{2,8}(-nya)?",
            "[a-z0-9\\-]{1,12}",
            ".{0,12}",
        ]
    }

    proptest! {
        #[test]
        fn stemming_is_idempotent(w in word()) {
            let s = default_stemmer();
            let once = s.stem(&w).into_owned();
            let twice = s.stem(&once).into_owned();
            prop_assert_eq!(once, twice, "word {}", w);
        }

        #[test]
        fn stems_are_never_empty_nor_longer(w in word()) {
            let s = default_stemmer();
            let stem = s.stem(&w);
            prop_assert!(stem.len() <= w.len());
            prop_assert!(w.is_empty() || !stem.is_empty());
        }

        #[test]
        fn fallback_stemming_is_idempotent(w in word()) {
            let s = Stemmer::new().with_fallback(Fallback::Inflection);
            let once = s.stem(&w).into_owned();
            let twice = s.stem(&once).into_owned();
            prop_assert_eq!(once, twice);
        }
    }
}
