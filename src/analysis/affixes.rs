//! Indonesian affixes (*imbuhan*) as data: the tables the stemmer in
//! [`super::stem`] walks. Kept apart from the search logic so that the
//! grammar can be read, checked and extended without reading the algorithm.
//!
//! The facts here are standard Indonesian morphology (Tata Bahasa Baku Bahasa
//! Indonesia; the same facts underlie the confix-stripping stemmer of Asian,
//! Williams and Tahaghoghi and the rules of Adriani et al.); the tables are
//! written for this project.

/// The kind of a derivational prefix, which decides what may follow it and
/// which suffixes it combines with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrefixKind {
    /// meN- (me-, mem-, men-, meng-, meny-, menge-): active verbs.
    Me,
    /// peN- (pe-, pem-, pen-, peng-, peny-, penge-): agents, instruments.
    Pe,
    /// ber- (be-, bel-): intransitive verbs, possession.
    Ber,
    /// ter- (te-): passive/accidental, superlative.
    Ter,
    /// per- (pe-, pel-): causative, with -an nouns.
    Per,
    /// di-: passive.
    Di,
    /// ke-: ordinals, ke-an nouns, colloquial passive.
    Ke,
    /// se-: "one", "as ... as".
    Se,
    /// ku-, kau-: pronoun proclitics of the passive (`kupukul`).
    Pronoun,
}

impl PrefixKind {
    /// Prefixes that may stand directly inside this one (`memper-`, `diper-`,
    /// `keber-`, `pember-`, `berke-`, `kesepersepuluh`).
    pub(crate) fn inner(self) -> &'static [PrefixKind] {
        use PrefixKind::*;
        match self {
            Me => &[Per, Ber, Ke],
            Di => &[Per, Ber, Ke, Ter, Se],
            Pe => &[Ber, Per, Ke],
            Ke => &[Ber, Ter, Pe, Se, Per],
            Ber => &[Ke, Pe, Se, Per],
            Ter => &[Per, Ke, Ber, Se],
            Se => &[Per, Ke, Pe, Ber],
            Per => &[Se, Ke, Ber],
            Pronoun => &[Per],
        }
    }
}

/// The derivational suffix of an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SuffixKind {
    None,
    /// -i (locative/causative verbs).
    I,
    /// -kan (causative/benefactive verbs).
    Kan,
    /// -an (nouns; with ke-, per-, peN-, ber- a confix).
    An,
    /// Nominal suffixes of loanwords: -isasi, -isme. (-wan and -wati are left
    /// out: too many personal names end in them, `Setiawan`, `Marwan`.)
    Nominal,
    /// Colloquial -in (Jakarta speech for -kan / -i).
    ColloquialIn,
}

/// Derivational suffixes, longest first within a shared ending.
pub(crate) const DERIVATIONAL_SUFFIXES: &[(&str, SuffixKind)] = &[
    ("kan", SuffixKind::Kan),
    ("an", SuffixKind::An),
    ("i", SuffixKind::I),
    ("isasi", SuffixKind::Nominal),
    ("isme", SuffixKind::Nominal),
];

/// Particles (*partikel*), the outermost suffixes.
pub(crate) const PARTICLES: &[&str] = &["kah", "lah", "tah", "pun"];

/// Possessive pronouns (*kata ganti kepunyaan*), inside the particles.
pub(crate) const POSSESSIVES: &[&str] = &["nya", "ku", "mu"];

/// Prefix–suffix pairs that do not form Indonesian words (the "disallowed
/// confixes" of confix stripping): an analysis that would need one of them is
/// not considered. `ke-...-kan` is included because standard `ke-` never
/// takes `-kan`.
pub(crate) fn disallowed(prefix: PrefixKind, suffix: SuffixKind) -> bool {
    use PrefixKind as P;
    use SuffixKind as S;
    matches!(
        (prefix, suffix),
        (P::Ber, S::I)
            | (P::Di, S::An)
            | (P::Ke, S::I)
            | (P::Ke, S::Kan)
            | (P::Me, S::An)
            | (P::Se, S::I)
            | (P::Se, S::Kan)
            | (P::Ter, S::An)
    )
}

/// What a prefix allomorph requires of the letters after it, and which root
/// onsets it can stand for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Onset {
    /// Any letter; the root starts right after the prefix.
    Any,
    /// One of these letters; the root starts right after the prefix.
    OneOf(&'static [u8]),
    /// A consonant; the root starts right after the prefix.
    Consonant,
    /// A vowel; the root starts right after the prefix.
    Vowel,
    /// A consonant, and the root has one syllable (`menge-bom`, `penge-cat`):
    /// meN- takes the form menge- only before monosyllabic roots.
    Monosyllable,
    /// `r`, or a first syllable closed by `er` (`be-kerja`, `te-terbang`,
    /// `pe-serta`): the `be-`/`te-`/`pe-` variants of ber-/ter-/per-.
    ErSyllable,
    /// Only before the listed roots: allomorphs the grammar restricts to a
    /// closed set (`bel-` and `pel-` occur only with `ajar`).
    Only(&'static [&'static str]),
}

/// One surface form of a prefix.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Allomorph {
    /// The letters as written.
    pub surface: &'static str,
    pub kind: PrefixKind,
    /// Condition under which the root starts right after `surface`.
    pub keep: Onset,
    /// Before a vowel, the initial consonants the nasal may have replaced
    /// (`me-n-angkap` = `meN- + tangkap`): this is the recoding step.
    pub recode: &'static [u8],
    /// Further prefixes fused into the surface: 1 for `menge-`/`penge-` read
    /// as meN-/peN- + ke- with the `k` assimilated (`mengetahui`,
    /// `pengetahuan` from `tahu`).
    pub fused: u8,
}

const fn a(
    surface: &'static str,
    kind: PrefixKind,
    keep: Onset,
    recode: &'static [u8],
) -> Allomorph {
    Allomorph {
        surface,
        kind,
        keep,
        recode,
        fused: 0,
    }
}

/// meN-/peN- + ke- fused (`menge-`, `penge-`).
const fn fused_ke(surface: &'static str, kind: PrefixKind) -> Allomorph {
    Allomorph {
        surface,
        kind,
        keep: Onset::Consonant,
        recode: b"",
        fused: 1,
    }
}

use Onset::*;
use PrefixKind as K;

/// Letters a meN-/peN- nasal keeps before it, by nasal form (`meng-` keeps
/// vowels too: `mengudara`; recoding to `k` is the other reading). `t` after
/// `men-` and `s` after `mens-`/`pens-` cover unassimilated loans (`mentaati`,
/// `mensyukuri`, `pentranskripsi`); `p` after `mem-` covers `mempromosikan`.
const MEM_KEEP: &[u8] = b"bfvp";
const MEN_KEEP: &[u8] = b"cdjzts";
const MENG_KEEP: &[u8] = b"aeioughkqx";
const ME_KEEP: &[u8] = b"lmnrwy";

/// Every prefix allomorph, grouped by first letter (the stemmer binary-searches
/// the group of a word's first letter; the order within a group does not
/// matter: the stemmer tries them all and ranks the confirmed readings, see
/// the module doc of `stem`).
pub(crate) const ALLOMORPHS: &[Allomorph] = &[
    // ber-
    a("ber", K::Ber, Any, b""),
    a("be", K::Ber, ErSyllable, b""),
    a("bel", K::Ber, Only(&["ajar"]), b""),
    // di-
    a("di", K::Di, Any, b""),
    // ke-, and the proclitics ku-, kau-
    a("ke", K::Ke, Any, b""),
    a("ku", K::Pronoun, Any, b""),
    a("kau", K::Pronoun, Any, b""),
    // meN-
    a("menge", K::Me, Monosyllable, b""),
    fused_ke("menge", K::Me),
    a("meng", K::Me, OneOf(MENG_KEEP), b"k"),
    a("meny", K::Me, OneOf(b""), b"s"),
    a("mem", K::Me, OneOf(MEM_KEEP), b"p"),
    a("men", K::Me, OneOf(MEN_KEEP), b"t"),
    a("me", K::Me, OneOf(ME_KEEP), b""),
    // peN-
    a("penge", K::Pe, Monosyllable, b""),
    fused_ke("penge", K::Pe),
    a("peng", K::Pe, OneOf(MENG_KEEP), b"k"),
    a("peny", K::Pe, OneOf(b""), b"s"),
    a("pem", K::Pe, OneOf(MEM_KEEP), b"p"),
    a("pen", K::Pe, OneOf(MEN_KEEP), b"t"),
    // pe- before any consonant: peN- before l m n r w y, and the pe- of
    // nouns formed from ber-/per- verbs (petani, petarung, pekerja).
    a("pe", K::Pe, Consonant, b""),
    // per-
    a("per", K::Per, Any, b""),
    a("pel", K::Per, Only(&["ajar"]), b""),
    // se-
    a("se", K::Se, Any, b""),
    // ter-
    a("ter", K::Ter, Any, b""),
    a("te", K::Ter, ErSyllable, b""),
];

/// The allomorphs of `table` (grouped by first letter) that start with
/// `first`.
#[inline]
pub(crate) fn starting_with(table: &[Allomorph], first: u8) -> &[Allomorph] {
    let initial = |a: &Allomorph| a.surface.as_bytes().first().copied().unwrap_or(0);
    let lo = table.partition_point(|a| initial(a) < first);
    let hi = table.partition_point(|a| initial(a) <= first);
    table.get(lo..hi).unwrap_or(&[])
}

/// Prefixes that may be written with a hyphen before a word
/// (`di-update`, `se-Indonesia`, `ke-Indonesiaan`).
pub(crate) const HYPHEN_PREFIXES: &[&str] = &[
    "di", "ke", "se", "ber", "ter", "per", "me", "mem", "men", "meng", "meny", "pe", "pem", "pen",
    "peng", "peny", "ku", "kau",
];

/// Clitics that may be written after a hyphen (`kuasa-Mu`, `allah-lah`).
pub(crate) const HYPHEN_CLITICS: &[&str] = &["nya", "ku", "mu", "lah", "kah", "pun", "tah"];

/// Whether `b` is a vowel letter.
#[inline]
pub(crate) fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Whether `b` is a consonant letter.
#[inline]
pub(crate) fn is_consonant(b: u8) -> bool {
    b.is_ascii_lowercase() && !is_vowel(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allomorph_is_lowercase_ascii_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for al in ALLOMORPHS {
            assert!(al.surface.bytes().all(|b| b.is_ascii_lowercase()));
            assert!(
                seen.insert((al.surface, al.kind as u8, al.fused)),
                "{}",
                al.surface
            );
        }
    }

    #[test]
    fn allomorphs_are_grouped_by_first_letter() {
        let initials: Vec<u8> = ALLOMORPHS.iter().map(|a| a.surface.as_bytes()[0]).collect();
        assert!(initials.is_sorted(), "{initials:?}");
        assert_eq!(starting_with(ALLOMORPHS, b'm').len(), 7);
        assert_eq!(starting_with(ALLOMORPHS, b'p').len(), 9);
        assert!(starting_with(ALLOMORPHS, b'a').is_empty());
    }

    #[test]
    fn disallowed_pairs_follow_the_grammar() {
        assert!(disallowed(PrefixKind::Me, SuffixKind::An));
        assert!(disallowed(PrefixKind::Ber, SuffixKind::I));
        assert!(!disallowed(PrefixKind::Ke, SuffixKind::An));
        assert!(!disallowed(PrefixKind::Me, SuffixKind::Kan));
    }
}
