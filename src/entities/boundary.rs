//! Where a name ends: words the tagger glues onto names that are never part
//! of one.
//!
//! The tagger reads a capital as strong evidence of a name, so a capitalised
//! neighbour of a name is easily taken in with it: a day after a quoted
//! speaker (`kata Alexander Marwata Rabu, 18 September`), a word of a
//! sentence typed in Title Case (`Pak Imam Nahrawi Sudah menjadi
//! tersangka`), `Cs`/`dkk` (*dan kawan-kawan*, "and colleagues") after a
//! leader's name. One such mention then becomes the canonical name of every
//! shorter mention of the person in the article. The rules here work on the
//! word classes, not on particular names, and apply to every tagged
//! sentence, in the tagger's BIO output ([`clean_tags`]) as in the
//! mentions of a text:
//!
//! - **Crew words** (`Cs`, `cs`, `dkk`) end a name and are dropped.
//! - **Day names** (`Senin` … `Minggu`, `Ahad`) and **dates** are dropped
//!   from either end of a name, and a person's name is split at one.
//! - **Month names** are dropped from the end of a person's name, with the
//!   day number before them (`Marwata 18 September`); places and
//!   organisations keep them (`Universitas 17 Agustus`, `Stadion Gelora 10
//!   November`), and a name that opens with a month (`Juni Prayitno`) keeps
//!   it.
//! - **Grammatical words** (auxiliaries `sudah`, `akan`, `telah`,
//!   prepositions, conjunctions, `yang`, `ini`, `itu`; [`is_boundary_word`])
//!   are dropped from either end of a name; a person's name is split at one
//!   (`Anang dan Ashanty` are two people). Those that are also name parts in
//!   other languages (`Dan Brown`, `Geum Jan Di`, `Yang`) count only when
//!   written in lower case. Inside an organisation or place they stay
//!   (`Kementerian Pemuda dan Olahraga`).
//! - **Lower-case openers**: in a text with capitals, a person's name does
//!   not open with a lower-case word (`imbau Polana` is a verb and a name),
//!   bar particles such as `de`, `van`, `bin`; the gold data has 16 such
//!   names among 4,554, most of them mis-tokenised.
//! - **Nouns of office**: words made with ke-...-an or pe-...-an
//!   (`Kepresidenan`, `Kementerian`) are dropped from either end of a
//!   person's name (`Kepala Staf Kepresidenan Moeldoko`).
//! - **Brackets**: a bracket that opens inside a name and does not close
//!   there ends it, and what follows is a name of its own (`Joko Widodo (
//!   Jokowi`); a whole bracket stays (`PT PLN ( Persero )`). An acronym in
//!   brackets right after a name takes the name's kind (`Air Traffic
//!   Control ( ATC )`).
//! - **Ranks**: a police or military rank (`Kombes`, `Irjen`, `Mayjen`)
//!   ends an organisation or place before it (`Polda Metro Jaya Kombes`)
//!   and is no part of a person's name; the corps word after a police rank is part of the rank, not of the
//!   name after it (`Irjen Pol Hamidin`).
//! - **Endings the tagger leaves off**: a Roman numeral (`AP II`), the
//!   hyphenated syllable of a Korean name (`Song Hye - kyo`); a team
//!   listed as playing at home or away (`Torino ( kandang )`) is a club.
//! - **Head words**: a name's first word settles its kind where it names
//!   one (`Lembah Yordan`, `Bandara Juanda` are places, `Partai Gelora` an
//!   organisation; [`kind_from_head`]).
//! - A name that is on a gazetteer as a whole is left alone (`Pasar
//!   Minggu`, `Universitas Sebelas Maret`).
//!
//! Trade-off: a foreign person name that really ends in a listed word
//! (`Ahad`, a capitalised `Minggu`) loses it; the gold training data has a
//! handful of such names among 23,754 entities.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::EntityKind;
use super::features::WordHasher;
use super::gazetteer::{Gazetteer, with_lower};
use super::tagger::{spans_into, tag_index};

/// The seven days, with the spelling variants of Friday and Sunday.
const DAYS: &[&str] = &[
    "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jum’at", "sabtu", "minggu", "ahad",
];

/// Month names in full and their usual abbreviations. The abbreviations are
/// also given names (`Jan Oblak`, `Jun Ishikawa`), so they count only next to
/// a day number.
const MONTHS: &[&str] = &[
    "januari",
    "februari",
    "pebruari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "nopember",
    "desember",
];
const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt", "ags", "agst", "sep", "sept", "okt",
    "nov", "des",
];

/// `Cs` and `dkk` (*dan kawan-kawan*, *dan kawan*): the people around a
/// named one.
const CREW: &[&str] = &["cs", "dkk", "cs.", "dkk."];

/// Closed-class words that never begin or end a name: auxiliaries and
/// aspect words, prepositions, conjunctions, relatives, demonstratives and
/// the verbs of attribution. Kept apart from the larger function-word list
/// of the gazetteer, which holds content words that do occur in names
/// (`Baru`, `Besar`, `Tengah`, `Lima`).
const BOUNDARY_WORDS: &[&str] = &[
    "adalah",
    "agar",
    "akan",
    "atau",
    "bagi",
    "bahwa",
    "bakal",
    "belum",
    "bersama",
    "bisa",
    "bukan",
    "dapat",
    "dari",
    "dengan",
    "harus",
    "hingga",
    "sebelum",
    "setelah",
    "soal",
    "hanya",
    "ialah",
    "ini",
    "itu",
    "jadi",
    "jika",
    "juga",
    "kalau",
    "karena",
    "kata",
    "kepada",
    "ketika",
    "lagi",
    "masih",
    "menjadi",
    "merupakan",
    "namun",
    "oleh",
    "pada",
    "pernah",
    "pun",
    "saat",
    "saja",
    "sebagai",
    "sedang",
    "sejak",
    "selaku",
    "sempat",
    "serta",
    "seusai",
    "sudah",
    "tak",
    "tapi",
    "telah",
    "terhadap",
    "tetapi",
    "tidak",
    "ujar",
    "untuk",
    "usai",
    "yakni",
    "yaitu",
    "sementara",
    "sedangkan",
    "adapun",
    "selain",
    "menurut",
    "bahkan",
    "kemudian",
    "meski",
    "walau",
    "walaupun",
    "sehingga",
];

/// Grammatical words that are also name parts in other languages (`Dan
/// Brown`, `Geum Jan Di`, `Hyeon Seok Yang`, `Ke Huy Quan`): boundaries only
/// in lower case.
const LOWER_CASE_BOUNDARY_WORDS: &[&str] = &["dan", "di", "ke", "yang"];

/// Police and military ranks as news writes them before a name (`Kombes
/// Pol Argo Yuwono`, `Mayjen TNI Herman Asaribab`). Ranks that also open
/// names of streets and universities (`Jenderal`, `Mayor`, `Kapten`:
/// `Universitas Jenderal Soedirman`) are left out.
const RANKS: &[&str] = &[
    "irjen", "brigjen", "komjen", "kombes", "akbp", "akp", "kompol", "iptu", "ipda", "aiptu",
    "aipda", "bripka", "briptu", "bripda", "mayjen", "letjen", "laksma", "laksda", "laksdya",
    "marsma", "marsda", "marsdya", "marsekal", "kolonel", "letkol",
];

/// Lower-case words that may open a person's name written with capitals
/// (`de Gea`, `van Gaal`, `bin Salman`, `al-Baghdadi` split at the hyphen).
const NAME_PARTICLES: &[&str] = &[
    "de", "del", "della", "da", "das", "dos", "du", "van", "von", "der", "den", "ter", "le", "la",
    "bin", "binti", "ibn", "al", "el",
];

/// The corps word after a police rank (`Irjen Pol`, `Kombes Polisi`).
const CORPS: &[&str] = &["pol", "pol.", "polisi"];

/// What a word is to the rules of this module: bits of [`DAY`], [`MONTH`],
/// [`MONTH_ABBREVIATION`], [`CREW_WORD`], [`BOUNDARY`],
/// [`LOWER_CASE_BOUNDARY`], [`RANK`] and [`CORPS_WORD`].
type Class = u8;
const DAY: Class = 1;
const MONTH: Class = 2;
const MONTH_ABBREVIATION: Class = 4;
const CREW_WORD: Class = 8;
const BOUNDARY: Class = 16;
const LOWER_CASE_BOUNDARY: Class = 32;
const RANK: Class = 64;
const CORPS_WORD: Class = 128;

/// Every listed word, lower-cased, with its classes, in a hash table; and
/// the length of the longest, beyond which a word is looked at no further.
/// The tests run on every word the tagger puts in a name and every
/// capitalised word of a sentence, so they neither allocate nor scan the
/// lists (one hash of the word costs less than the eight comparisons of a
/// binary search).
struct Classes {
    words: HashMap<&'static str, Class, BuildHasherDefault<WordHasher>>,
    longest: usize,
}

fn classes() -> &'static Classes {
    static CLASSES: OnceLock<Classes> = OnceLock::new();
    CLASSES.get_or_init(|| {
        let mut words: HashMap<&'static str, Class, BuildHasherDefault<WordHasher>> =
            HashMap::default();
        let lists: [(&[&'static str], Class); 8] = [
            (DAYS, DAY),
            (MONTHS, MONTH),
            (MONTH_ABBREVIATIONS, MONTH_ABBREVIATION),
            (CREW, CREW_WORD),
            (BOUNDARY_WORDS, BOUNDARY),
            (LOWER_CASE_BOUNDARY_WORDS, LOWER_CASE_BOUNDARY),
            (RANKS, RANK),
            (CORPS, CORPS_WORD),
        ];
        for (list, class) in lists {
            for &w in list {
                *words.entry(w).or_default() |= class;
            }
        }
        let longest = words.keys().map(|w| w.len()).max().unwrap_or(0);
        Classes { words, longest }
    })
}

/// The classes of `word` in any case, and whether it is written in lower
/// case. A month abbreviation counts with a full stop too (`Sept.`).
fn class_of(word: &str) -> (Class, bool) {
    let table = classes();
    if word.len() > table.longest + 1 {
        return (0, !word.chars().any(char::is_uppercase));
    }
    let find = |w: &str| table.words.get(w).copied().unwrap_or(0);
    with_lower(word, |lower| {
        let mut class = find(lower);
        if let Some(stem) = lower.strip_suffix('.') {
            class |= find(stem) & MONTH_ABBREVIATION;
        }
        (class, word == lower)
    })
}

/// A day name (`Senin`, `jumat`).
pub fn is_day(word: &str) -> bool {
    class_of(word).0 & DAY != 0
}

/// A month written in full (`Maret`, `desember`).
pub fn is_month(word: &str) -> bool {
    class_of(word).0 & MONTH != 0
}

/// `Cs`, `cs.`, `dkk`, `Dkk.`
pub fn is_crew(word: &str) -> bool {
    class_of(word).0 & CREW_WORD != 0
}

/// A day number, year or numeric date (`18`, `2019`, `18/9/2019`).
fn is_number(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.'))
        && word.chars().any(|c| c.is_ascii_digit())
}

/// A grammatical word that is never the first or last word of a name, in a
/// sentence that uses capitals (`cased`) or not: in text typed wholly in
/// lower case, `dan brown` may be Dan Brown.
pub fn is_boundary_word(word: &str, cased: bool) -> bool {
    let (class, in_lower_case) = class_of(word);
    class & BOUNDARY != 0 || (cased && in_lower_case && class & LOWER_CASE_BOUNDARY != 0)
}

/// A grammatical word in any case (`Di`, `Sudah`, `Yang`): written with a
/// capital inside a sentence only by Title Case.
pub fn is_grammatical_word(word: &str) -> bool {
    class_of(word).0 & (BOUNDARY | LOWER_CASE_BOUNDARY) != 0
}

/// [`is_crew`], [`is_day`] or [`is_boundary_word`].
fn is_noise_word(word: &str, cased: bool) -> bool {
    let (class, in_lower_case) = class_of(word);
    is_noise_class(class, in_lower_case, cased)
}

/// [`is_noise_word`] of a word's [`class_of`].
fn is_noise_class(class: Class, in_lower_case: bool, cased: bool) -> bool {
    class & (CREW_WORD | DAY | BOUNDARY) != 0
        || (cased && in_lower_case && class & LOWER_CASE_BOUNDARY != 0)
}

/// Whether a sentence uses capitals anywhere.
fn uses_capitals(words: &[&str]) -> bool {
    words.iter().any(|w| w.chars().any(char::is_uppercase))
}

/// The corps word of a rank before it (`Pol` in `Irjen Pol Hamidin`),
/// which belongs to the rank, not to a name.
fn is_rank_words(words: &[&str], i: usize) -> bool {
    let is = |j: usize, class: Class| words.get(j).is_some_and(|w| capitalised_in(w, class));
    is(i, CORPS_WORD) && i.checked_sub(1).is_some_and(|p| is(p, RANK))
}

/// Whether `word` is of `class` and written with a capital (`Kombes`,
/// `AKBP`, not `pol`).
fn capitalised_in(word: &str, class: Class) -> bool {
    let (classes, in_lower_case) = class_of(word);
    classes & class != 0 && !in_lower_case
}

/// A word of the shape ke-...-an or pe-...-an of nine letters or more.
fn is_circumfix_noun(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 9
        && b.iter().all(u8::is_ascii_alphabetic)
        && matches!(b, [k, e, .., a, n] if matches!(k.to_ascii_lowercase(), b'k' | b'p')
            && e.eq_ignore_ascii_case(&b'e')
            && a.eq_ignore_ascii_case(&b'a')
            && n.eq_ignore_ascii_case(&b'n'))
}

fn is_punct(word: &str) -> bool {
    !word.chars().next().is_some_and(char::is_alphanumeric)
}

/// Whether a word may neither begin nor end a name of `kind`, wherever it
/// sits in the mention (`i` of `s..e`).
fn is_edge_noise(
    words: &[&str],
    kind: EntityKind,
    (i, s): (usize, usize),
    at_end: bool,
    cased: bool,
) -> bool {
    let w = words.get(i).copied().unwrap_or("");
    // The word's classes are looked up once: this runs on both edges of
    // every mention.
    let (class, in_lower_case) = class_of(w);
    let capitalised = |c: Class| class & c != 0 && !in_lower_case;
    let after_rank = || {
        i.checked_sub(1)
            .and_then(|p| words.get(p))
            .is_some_and(|p| capitalised_in(p, RANK))
    };
    if is_noise_class(class, in_lower_case, cased) || (capitalised(CORPS_WORD) && after_rank()) {
        return true;
    }
    // A person's name in a text with capitals opens with one (`imbau Polana`
    // is the verb and the name), bar the particles of some languages.
    if !at_end
        && kind == EntityKind::Person
        && cased
        && w.chars().all(char::is_lowercase)
        && !NAME_PARTICLES.contains(&w)
    {
        return true;
    }
    // Nouns made with ke-...-an and pe-...-an (`Kepresidenan`, `Kementerian`,
    // `Pemerintahan`) are no part of a person's name, which the tagger
    // takes them into after a title (`Kepala Staf Kepresidenan Moeldoko`);
    // 4 of 8,634 such words in the gold data are in a name.
    if kind == EntityKind::Person && is_circumfix_noun(w) {
        return true;
    }
    // A rank ends a name (`Polda Metro Jaya Kombes Pol Argo Yuwono`) and
    // does not open a person's.
    if (at_end || kind == EntityKind::Person) && capitalised(RANK) {
        return true;
    }
    if !at_end {
        return false;
    }
    let prev = i
        .checked_sub(1)
        .filter(|&p| p >= s)
        .and_then(|p| words.get(p).copied());
    let next_to_number = prev.is_some_and(is_number);
    if kind != EntityKind::Person {
        return false;
    }
    if class & MONTH != 0 {
        return true;
    }
    if class & MONTH_ABBREVIATION != 0 {
        return next_to_number;
    }
    // A day number or year left over once the month after it is gone.
    is_number(w)
}

/// The parts of the mention `s..e` of `kind` that are a name, after the
/// rules of this module; pushed onto `out`. `words` is the whole sentence
/// (`s..e` index into it): whether it uses capitals decides how lower-case
/// words read.
pub fn clean_span(
    words: &[&str],
    kind: EntityKind,
    s: usize,
    e: usize,
    gaz: &Gazetteer,
    out: &mut Vec<(usize, usize)>,
) {
    clean_span_in(words, uses_capitals(words), kind, (s, e), gaz, out);
}

/// [`clean_span`] with whether the sentence uses capitals already known.
fn clean_span_in(
    words: &[&str],
    cased: bool,
    kind: EntityKind,
    (s, e): (usize, usize),
    gaz: &Gazetteer,
    out: &mut Vec<(usize, usize)>,
) {
    let e = e.min(words.len());
    if s >= e {
        return;
    }
    let before = out.len();
    cut_span(words, cased, kind, (s, e), out);
    // A name on a gazetteer as a whole stays whole; asked only of the few
    // mentions that the rules would change.
    let unchanged = out.get(before..) == Some(&[(s, e)][..]);
    if !unchanged && e - s > 1 && gaz.lookup(&words[s..e].join(" ")) != 0 {
        out.truncate(before);
        out.push((s, e));
    }
}

/// `s..e` as one part, or as two when a bracket opens inside it and does
/// not close there: `Joko Widodo ( Jokowi` is a name and, after the
/// bracket, another form of it (`Joko Widodo ( Jokowi )` read whole, like
/// `PT PLN ( Persero )`, stays whole).
fn bracket_parts(words: &[&str], (s, e): (usize, usize)) -> impl Iterator<Item = (usize, usize)> {
    let inside = words.get(s..e).unwrap_or_default();
    let open = inside
        .iter()
        .skip(1)
        .position(|w| *w == "(")
        .map(|i| s + 1 + i);
    let split = open.filter(|&o| !words.get(o + 1..e).unwrap_or_default().contains(&")"));
    match split {
        Some(o) => [Some((s, o)), (o + 1 < e).then_some((o + 1, e))],
        None => [Some((s, e)), None],
    }
    .into_iter()
    .flatten()
}

/// The rules of [`clean_span`] but the gazetteer's.
fn cut_span(
    words: &[&str],
    cased: bool,
    kind: EntityKind,
    (s, e): (usize, usize),
    out: &mut Vec<(usize, usize)>,
) {
    let mut pieces: Vec<(usize, usize)> = Vec::with_capacity(1);
    for (s, e) in bracket_parts(words, (s, e)) {
        if kind == EntityKind::Person {
            let mut start = s;
            for (i, w) in words.iter().enumerate().take(e - 1).skip(s + 1) {
                // A word at which a person's name is split in two.
                if is_noise_word(w, cased) {
                    pieces.push((start, i));
                    start = i + 1;
                }
            }
            pieces.push((start, e));
        } else {
            pieces.push((s, e));
        }
    }
    for (mut ps, mut pe) in pieces {
        // Trim the end first: a month counts only at the end, and a day
        // number only once the month after it is gone.
        // Punctuation goes only with a word cut next to it (`Rabu ,`): the
        // gold data ends some names with a bracket.
        while pe > ps + 1 && is_edge_noise(words, kind, (pe - 1, ps), true, cased) {
            pe -= 1;
            while pe > ps + 1 && is_punct(words[pe - 1]) {
                pe -= 1;
            }
        }
        while pe > ps + 1 && is_edge_noise(words, kind, (ps, ps), false, cased) {
            ps += 1;
            while pe > ps + 1 && is_punct(words[ps]) {
                ps += 1;
            }
        }
        // A piece split off that holds no word (`, 18 September` once the
        // date is gone) is nothing.
        if pe <= ps || ((ps..pe).all(|i| is_punct(words[i])) && (ps, pe) != (s, e)) {
            continue;
        }
        // A single word left that is itself noise is no name.
        if pe == ps + 1 {
            let w = words[ps];
            let noise = is_noise_word(w, cased)
                || is_rank_words(words, ps)
                || (kind == EntityKind::Person && is_month(w) && e - s > 1)
                || is_number(w) && kind == EntityKind::Person;
            if noise {
                continue;
            }
        }
        out.push((ps, pe));
    }
}

/// First words that make a name a place, whatever the tagger made of it:
/// kinds of settlement, region, water, relief, road and building
/// (`Lembah Yordan`, `Kepulauan Yapen`, `Bandara Soekarno-Hatta`). In the
/// training data of all four gold sets, names opening with these words are
/// places (1,500 of 1,510).
const PLACE_HEADS: &[&str] = &[
    "kabupaten",
    "kota",
    "provinsi",
    "desa",
    "kecamatan",
    "kelurahan",
    "dusun",
    "kampung",
    "jalan",
    "jl",
    "pulau",
    "kepulauan",
    "gunung",
    "pegunungan",
    "bukit",
    "lembah",
    "dataran",
    "tanjung",
    "sungai",
    "danau",
    "teluk",
    "selat",
    "laut",
    "samudra",
    "samudera",
    "lempeng",
    "sesar",
    "palung",
    "candi",
    "masjid",
    "gereja",
    "stadion",
    "bandara",
    "pelabuhan",
    "terminal",
    "stasiun",
    "gedung",
    "hotel",
    "pasar",
    "taman",
    "istana",
];

/// First words that make a name an organisation (`Partai Nasdem`, `PT
/// Pertamina`). Words whose names the gold sets split between kinds
/// (`Universitas`, `Pengadilan`, `Institut`: often places in NERP) and
/// words that also open people's or places' names (`Tim`, `Rumah`,
/// `Kantor`) are not here.
const ORG_HEADS: &[&str] = &[
    "partai",
    "kementerian",
    "kementrian",
    "badan",
    "komisi",
    "lembaga",
    "yayasan",
    "pt",
    "cv",
    "bank",
    "dinas",
    "direktorat",
    "mahkamah",
    "asosiasi",
    "federasi",
    "persatuan",
    "perhimpunan",
    "ikatan",
    "koperasi",
];

/// Last words that say an English name is not a person's (`Leibniz
/// Supercomputing Center`).
const ORG_TAILS: &[&str] = &[
    "center",
    "centre",
    "agency",
    "institute",
    "university",
    "corporation",
    "company",
    "foundation",
    "association",
    "council",
    "holdings",
    "group",
    "ltd",
    "inc",
    "corp",
    "oil",
    "airlines",
    "airways",
    "motors",
    "club",
    "society",
    "brotherhood",
    "community",
];

/// Words for the divisions of an institution: what follows them names a
/// division (`Kepala Pusat Gempabumi dan Tsunami BMKG`), never a person,
/// however much the title before them looks like a person's.
const UNIT_WORDS: &[&str] = &[
    "pusat",
    "biro",
    "bidang",
    "subbidang",
    "bagian",
    "subbagian",
    "divisi",
    "seksi",
    "subdit",
    "subdirektorat",
];

/// A word on [`PLACE_HEADS`].
pub(crate) const PLACE_HEAD: u8 = 1;
/// A word on [`ORG_HEADS`].
const ORG_HEAD: u8 = 2;
/// A word on [`ORG_TAILS`].
pub(crate) const ORG_TAIL: u8 = 4;
/// A word on [`UNIT_WORDS`].
pub(crate) const UNIT: u8 = 8;

/// Which of the lists above a word is on (bits), by one hash look-up:
/// asked of every mention's first and last word.
pub(crate) fn context_class(word: &str) -> u8 {
    static CLASSES: OnceLock<HashMap<&'static str, u8, BuildHasherDefault<WordHasher>>> =
        OnceLock::new();
    let classes = CLASSES.get_or_init(|| {
        let mut m: HashMap<&'static str, u8, BuildHasherDefault<WordHasher>> = HashMap::default();
        for (list, class) in [
            (PLACE_HEADS, PLACE_HEAD),
            (ORG_HEADS, ORG_HEAD),
            (ORG_TAILS, ORG_TAIL),
            (UNIT_WORDS, UNIT),
        ] {
            for w in list {
                *m.entry(w).or_default() |= class;
            }
        }
        m
    });
    if word.len() > 16 || !word.starts_with(|c: char| c.is_alphabetic()) {
        return 0;
    }
    with_lower(word.trim_end_matches('.'), |l| {
        classes.get(l).copied().unwrap_or(0)
    })
}

/// The kind a name's own first word gives it, if any: a place for
/// [`PLACE_HEADS`], an organisation for [`ORG_HEADS`]. One-word names have
/// no head to read.
pub(crate) fn kind_from_head(words: &[&str]) -> Option<EntityKind> {
    if words.len() < 2 {
        return None;
    }
    let class = context_class(words.first()?);
    if class & PLACE_HEAD != 0 {
        Some(EntityKind::Place)
    } else if class & ORG_HEAD != 0 {
        Some(EntityKind::Org)
    } else {
        None
    }
}

/// Applies [`clean_span`] to every entity of a sentence's BIO labels
/// (indices into [`TAGS`](super::tagger::TAGS)), in place.
pub fn clean_tags(words: &[&str], tags: &mut [u8], gaz: &Gazetteer) {
    clean_tags_into(words, tags, gaz, &mut Vec::new());
}

/// [`clean_tags`], leaving in `found` the entity spans of the cleaned labels
/// ([`spans`] of them), which the rules work out anyway: the caller need not
/// decode the labels again.
pub(crate) fn clean_tags_into(
    words: &[&str],
    tags: &mut [u8],
    gaz: &Gazetteer,
    found: &mut Vec<(EntityKind, usize, usize)>,
) {
    spans_into(tags, found);
    if found.is_empty() {
        return;
    }
    // Whether a rule changed a label; if none did, `found` stays right.
    let mut changed = false;
    // An acronym in brackets right after a name is the name's short form,
    // of its kind (`Air Traffic Control ( ATC )`), which the tagger, seeing
    // an unknown all-caps word, often leaves out: so it is in 82 of 84
    // such brackets of the NER-UI training data and 34 of 36 of NERGrit's.
    for &(kind, _, e) in found.iter() {
        if let (Some(&"("), Some(&acronym), Some(&")"), Some(&0)) = (
            words.get(e),
            words.get(e + 1),
            words.get(e + 2),
            tags.get(e + 1),
        ) && crate::entities::is_acronym(acronym)
            && let Some(t) = tags.get_mut(e + 1)
        {
            *t = labels(kind).0;
            changed = true;
        }
    }
    changed |= extend_spans(words, tags, found);
    let cased = uses_capitals(words);
    let mut kept = Vec::with_capacity(found.len());
    for &(tagged, s, e) in found.iter() {
        // A name's first word overrules the tagger on its kind.
        let kind = words.get(s..e).and_then(kind_from_head).unwrap_or(tagged);
        if kind != tagged {
            changed = true;
            label_span(tags, kind, s, e);
        }
        let before = kept.len();
        clean_span_in(words, cased, kind, (s, e), gaz, &mut kept);
        if kept.len() == before + 1 && kept[before] == (s, e) {
            continue;
        }
        changed = true;
        if let Some(span) = tags.get_mut(s..e) {
            span.fill(0);
        }
        for &(ps, pe) in &kept[before..] {
            label_span(tags, kind, ps, pe);
        }
    }
    if changed {
        spans_into(tags, found);
    }
}

/// Roman numerals that end a name (`AP II`, `Pelita III`, `Hamengku
/// Buwono IX`); `I`, `V` and `X` alone are too often other words.
const NUMERALS: &[&str] = &["II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"];

/// Words the tagger leaves off the end of a name: a Roman numeral after an
/// organisation or a person (`AP II`), and the hyphenated last syllable of
/// a Korean given name (`Song Hye - kyo`; in text with capitals, where the
/// lower-case syllable stands out against the name). And a team listed with `(
/// kandang )` or `( tandang )`, home or away, is a club, an organisation,
/// whatever the tagger took the town's name for (`Torino ( kandang )`).
/// Updates `found` and the labels; whether anything changed.
fn extend_spans(words: &[&str], tags: &mut [u8], found: &mut [(EntityKind, usize, usize)]) -> bool {
    let mut changed = false;
    for i in 0..found.len() {
        let Some(&(kind, s, e)) = found.get(i) else {
            continue;
        };
        let next_start = found.get(i + 1).map_or(words.len(), |n| n.1);
        let word = |j: usize| words.get(j).copied().unwrap_or("");
        let mut end = e;
        if kind != EntityKind::Place && NUMERALS.contains(&word(e)) && e < next_start {
            end = e + 1;
        } else if kind == EntityKind::Person
            && word(s).starts_with(|c: char| c.is_uppercase())
            && word(e) == "-"
            && e + 1 < next_start
            && (2..=4).contains(&word(e + 1).len())
            && word(e + 1).bytes().all(|b| b.is_ascii_lowercase())
        {
            end = e + 2;
        }
        let home_or_away =
            word(e) == "(" && matches!(word(e + 1), "kandang" | "tandang") && word(e + 2) == ")";
        let settled = if home_or_away { EntityKind::Org } else { kind };
        if end == e && settled == kind {
            continue;
        }
        label_span(tags, settled, s, end);
        if let Some(f) = found.get_mut(i) {
            *f = (settled, s, end);
        }
        changed = true;
    }
    changed
}

/// Labels `tags[s..e]` as one name of `kind` (`B-` then `I-`).
fn label_span(tags: &mut [u8], kind: EntityKind, s: usize, e: usize) {
    let (b, i) = labels(kind);
    for (k, t) in tags
        .get_mut(s..e)
        .unwrap_or_default()
        .iter_mut()
        .enumerate()
    {
        *t = if k == 0 { b } else { i };
    }
}

fn labels(kind: EntityKind) -> (u8, u8) {
    let (b, i) = match kind {
        EntityKind::Person => ("B-PER", "I-PER"),
        EntityKind::Place => ("B-LOC", "I-LOC"),
        EntityKind::Org => ("B-ORG", "I-ORG"),
    };
    (tag_index(b).unwrap_or(0), tag_index(i).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::tagger::TAGS;

    /// The names left of `words[s..e]` read as `kind`.
    fn names(sentence: &str, kind: EntityKind, s: usize, e: usize) -> Vec<String> {
        let words: Vec<&str> = sentence.split(' ').collect();
        let mut out = Vec::new();
        clean_span(&words, kind, s, e, Gazetteer::bundled(), &mut out);
        out.iter().map(|&(a, b)| words[a..b].join(" ")).collect()
    }

    /// The whole sentence taken as one mention.
    fn whole(sentence: &str, kind: EntityKind) -> Vec<String> {
        names(sentence, kind, 0, sentence.split(' ').count())
    }

    #[test]
    fn an_unclosed_bracket_splits_a_name_a_closed_one_does_not() {
        assert_eq!(
            whole("Joko Widodo ( Jokowi", EntityKind::Person),
            ["Joko Widodo", "Jokowi"]
        );
        assert_eq!(
            whole("Amerika Serikat ( AS", EntityKind::Place),
            ["Amerika Serikat", "AS"]
        );
        assert_eq!(
            whole("PT PLN ( Persero )", EntityKind::Org),
            ["PT PLN ( Persero )"]
        );
        assert_eq!(whole("Joko Widodo (", EntityKind::Person), ["Joko Widodo"]);
        assert_eq!(whole("( Jokowi", EntityKind::Person), ["( Jokowi"]);
    }

    #[test]
    fn day_names_leave_either_end_of_any_name() {
        assert_eq!(
            whole("Alexander Marwata Rabu", EntityKind::Person),
            ["Alexander Marwata"]
        );
        assert_eq!(
            whole("Senin Prabowo Subianto", EntityKind::Person),
            ["Prabowo Subianto"]
        );
        assert_eq!(
            whole("Polda Metro Jaya Jumat", EntityKind::Org),
            ["Polda Metro Jaya"]
        );
        assert_eq!(whole("Bandung Minggu", EntityKind::Place), ["Bandung"]);
        assert_eq!(whole("Jum'at", EntityKind::Person), Vec::<String>::new());
    }

    #[test]
    fn a_date_leaves_the_end_of_a_persons_name() {
        assert_eq!(
            whole("Alexander Marwata Rabu , 18 September", EntityKind::Person),
            ["Alexander Marwata"]
        );
        assert_eq!(
            whole("Tito Karnavian 5 Oktober 2019", EntityKind::Person),
            ["Tito Karnavian"]
        );
        assert_eq!(whole("Basuki Desember", EntityKind::Person), ["Basuki"]);
        // Abbreviations count only after a day number: `Jan` is a name too.
        assert_eq!(whole("Susi 12 Des", EntityKind::Person), ["Susi"]);
        assert_eq!(whole("Jan Oblak", EntityKind::Person), ["Jan Oblak"]);
        assert_eq!(
            whole("Frenkie de Jong Jan", EntityKind::Person),
            ["Frenkie de Jong Jan"]
        );
        // A name may open with a month.
        assert_eq!(
            whole("Juni Prayitno", EntityKind::Person),
            ["Juni Prayitno"]
        );
    }

    #[test]
    fn places_and_organisations_keep_months_that_name_them() {
        assert_eq!(
            whole("Universitas 17 Agustus 1945", EntityKind::Org),
            ["Universitas 17 Agustus 1945"]
        );
        assert_eq!(
            whole("Lapangan Maret", EntityKind::Place),
            ["Lapangan Maret"]
        );
        assert_eq!(
            whole("Stadion Gelora 10 November", EntityKind::Place),
            ["Stadion Gelora 10 November"]
        );
    }

    #[test]
    fn crew_words_end_a_name() {
        for crew in ["Cs", "cs", "dkk", "Dkk", "cs."] {
            let s = format!("Agus Rahardjo {crew}");
            assert_eq!(whole(&s, EntityKind::Person), ["Agus Rahardjo"], "{s}");
        }
        assert_eq!(whole("Persija Cs", EntityKind::Org), ["Persija"]);
    }

    #[test]
    fn grammatical_words_leave_the_ends_of_a_name() {
        assert_eq!(
            whole("Imam Nahrawi Sudah", EntityKind::Person),
            ["Imam Nahrawi"]
        );
        assert_eq!(
            whole("Sri Mulyani Akan", EntityKind::Person),
            ["Sri Mulyani"]
        );
        assert_eq!(
            whole("Ketika Ketut Sudarsana", EntityKind::Person),
            ["Ketut Sudarsana"]
        );
        assert_eq!(whole("KPK Telah", EntityKind::Org), ["KPK"]);
        assert_eq!(whole("Jakarta dan", EntityKind::Place), ["Jakarta"]);
        assert_eq!(whole("Sudah", EntityKind::Person), Vec::<String>::new());
    }

    #[test]
    fn name_parts_of_other_languages_count_only_in_lower_case() {
        assert_eq!(whole("Dan Brown", EntityKind::Person), ["Dan Brown"]);
        assert_eq!(whole("Geum Jan Di", EntityKind::Person), ["Geum Jan Di"]);
        assert_eq!(
            whole("Hyeon Seok Yang", EntityKind::Person),
            ["Hyeon Seok Yang"]
        );
        assert_eq!(whole("Ratna yang", EntityKind::Person), ["Ratna"]);
        // In a sentence typed wholly in lower case they are names too.
        assert_eq!(whole("dan brown", EntityKind::Person), ["dan brown"]);
        assert_eq!(whole("sudah", EntityKind::Person), Vec::<String>::new());
    }

    #[test]
    fn a_persons_name_splits_at_a_boundary_word_inside() {
        assert_eq!(
            whole("Anang dan Ashanty", EntityKind::Person),
            ["Anang", "Ashanty"]
        );
        assert_eq!(
            whole("Jokowi Senin Prabowo", EntityKind::Person),
            ["Jokowi", "Prabowo"]
        );
        // Organisations and places hold such words.
        assert_eq!(
            whole("Kementerian Pemuda dan Olahraga", EntityKind::Org),
            ["Kementerian Pemuda dan Olahraga"]
        );
        assert_eq!(
            whole("Bangka dan Belitung", EntityKind::Place),
            ["Bangka dan Belitung"]
        );
    }

    #[test]
    fn names_on_a_gazetteer_are_left_whole() {
        assert_eq!(whole("Pasar Minggu", EntityKind::Place), ["Pasar Minggu"]);
        assert_eq!(
            whole("Universitas Sebelas Maret", EntityKind::Org),
            ["Universitas Sebelas Maret"]
        );
    }

    #[test]
    fn only_the_mention_is_read() {
        // Words outside `s..e` do not move its boundaries.
        assert_eq!(
            names("kata Alexander Marwata Rabu", EntityKind::Person, 1, 3),
            ["Alexander Marwata"]
        );
        assert!(names("Rabu", EntityKind::Person, 0, 5).is_empty());
        assert!(names("Rabu", EntityKind::Person, 1, 1).is_empty());
    }

    #[test]
    fn a_person_opens_with_a_capital_or_a_particle() {
        assert_eq!(whole("imbau Polana", EntityKind::Person), ["Polana"]);
        assert_eq!(whole("Sementara Ikram", EntityKind::Person), ["Ikram"]);
        assert_eq!(whole("de Gea", EntityKind::Person), ["de Gea"]);
        assert_eq!(whole("bin Salman", EntityKind::Person), ["bin Salman"]);
        // Places and organisations may open in lower case (`eks Pertokoan`
        // is the tagger's business there).
        assert_eq!(whole("kota Pati", EntityKind::Place), ["kota Pati"]);
        assert_eq!(
            whole("Kepresidenan Moeldoko", EntityKind::Person),
            ["Moeldoko"]
        );
        assert_eq!(
            whole("Kantor Staf Kepresidenan", EntityKind::Org),
            ["Kantor Staf Kepresidenan"]
        );
    }

    #[test]
    fn ranks_are_no_part_of_names() {
        let words = [
            "Humas", "Polda", "Metro", "Jaya", "Kombes", "Pol", "Argo", "Yuwono", "dan", "Irjen",
            "Pol", "Hamidin",
        ];
        let tag = |t: &str| tag_index(t).unwrap();
        let mut tags: Vec<u8> = [
            "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "B-PER", "I-PER", "O", "B-PER",
            "I-PER", "I-PER",
        ]
        .iter()
        .map(|t| tag(t))
        .collect();
        clean_tags(&words, &mut tags, Gazetteer::bundled());
        let got: Vec<&str> = tags.iter().map(|&t| TAGS[t as usize]).collect();
        assert_eq!(
            got,
            [
                "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "B-PER", "I-PER", "O", "O", "O", "B-PER"
            ]
        );
        // Without a rank before it, `Pol` may be a name.
        assert_eq!(whole("Pol Pot", EntityKind::Person), ["Pol Pot"]);
    }

    #[test]
    fn clean_tags_rewrites_bio_labels() {
        let words = [
            "kata",
            "Alexander",
            "Marwata",
            "Rabu",
            ",",
            "Anang",
            "dan",
            "Ashanty",
        ];
        let tag = |t: &str| tag_index(t).unwrap();
        let mut tags: Vec<u8> = [
            "O", "B-PER", "I-PER", "I-PER", "O", "B-PER", "I-PER", "I-PER",
        ]
        .iter()
        .map(|t| tag(t))
        .collect();
        clean_tags(&words, &mut tags, Gazetteer::bundled());
        let got: Vec<&str> = tags.iter().map(|&t| TAGS[t as usize]).collect();
        assert_eq!(
            got,
            ["O", "B-PER", "I-PER", "O", "O", "B-PER", "O", "B-PER"]
        );
        let mut none: Vec<u8> = vec![0; 3];
        clean_tags(&["a", "b", "c"], &mut none, Gazetteer::bundled());
        assert_eq!(none, [0, 0, 0]);
    }

    /// `clean_tags` on a sentence of space-separated words and labels.
    fn cleaned(sentence: &str, labels: &str) -> Vec<&'static str> {
        let words: Vec<&str> = sentence.split(' ').collect();
        let mut tags: Vec<u8> = labels
            .split(' ')
            .map(|t| tag_index(t).unwrap_or(0))
            .collect();
        clean_tags(&words, &mut tags, Gazetteer::bundled());
        tags.iter().map(|&t| TAGS[t as usize]).collect()
    }

    #[test]
    fn a_names_first_word_settles_its_kind() {
        assert_eq!(
            cleaned(
                "di Lembah Yordan dan Partai Gelora",
                "O B-PER I-PER O B-LOC I-LOC"
            ),
            ["O", "B-LOC", "I-LOC", "O", "B-ORG", "I-ORG"]
        );
        // One word has no head to read.
        assert_eq!(cleaned("kata Bandara", "O B-PER"), ["O", "B-PER"]);
        assert_eq!(kind_from_head(&["Gedung", "Sate"]), Some(EntityKind::Place));
        assert_eq!(kind_from_head(&["Universitas", "Indonesia"]), None);
    }

    #[test]
    fn endings_the_tagger_leaves_off() {
        assert_eq!(
            cleaned("Pihak AP II tidak", "O B-ORG O O"),
            ["O", "B-ORG", "I-ORG", "O"]
        );
        assert_eq!(
            cleaned("aktris Song Hye - kyo dan", "O B-PER I-PER O O O"),
            ["O", "B-PER", "I-PER", "I-PER", "I-PER", "O"]
        );
        // Not in text typed in lower case, nor a longer word after the dash.
        assert_eq!(
            cleaned("aktris song hye - kyo", "O B-PER I-PER O O"),
            ["O", "B-PER", "I-PER", "O", "O"]
        );
        assert_eq!(
            cleaned("Joko Widodo - presiden", "B-PER I-PER O O"),
            ["B-PER", "I-PER", "O", "O"]
        );
        assert_eq!(
            cleaned(
                "melawan Torino ( kandang ) , Roma ( tandang )",
                "O B-PER O O O O B-LOC O O O"
            ),
            ["O", "B-ORG", "O", "O", "O", "O", "B-ORG", "O", "O", "O"]
        );
    }
}
