//! From tagged tokens to mentions and article entities: the rules that the
//! statistical tagger does not learn from sentence-level gold data.
//!
//! - **Titles and honorifics** (`Presiden`, `Kapolri`, `Pak`) at the start
//!   of a person mention are dropped from it; `Gus`, part of the name a
//!   person goes by (`Gus Dur`), is kept. Occupations written as titles
//!   (`Presenter`, `Pembalap`) are dropped from a mention of any kind, and
//!   one alone is no name; so is `RI` ending a title before a name
//!   (`Presiden RI BJ Habibie`).
//! - **Hashtags** (`#IndonesiaDermawan`) are not names.
//! - **Function words**: a one-word mention that is a function word,
//!   pronoun or interjection (`Yuk`, `Aku`; list in
//!   `data/entities/function-words-id.txt`) is dropped, and so is a mention
//!   that is wholly an acronym or phrase for a kind of thing rather than a
//!   name (`KUHP`, `APBN`, `WIB`, `Aparatur Sipil Negara`;
//!   `data/entities/common-acronyms-id.txt`).
//! - **`-nya`**: `Putinnya` is a mention of `Putin`, with the end offset
//!   before `nya`, when the word without `nya` is a known place or occurs on
//!   its own in the text (so `Kenya` and `Sonya` stay whole).
//! - **Outlets and bylines**: a web address such as `Tribunnews.com`
//!   (bylines, credits) is an organisation, whatever type the tagger gave
//!   it; in `(Tribunnews.com/Farrah
//!   Putri)` the name after the slash is a person.
//! - **Long forms**: `Perserikatan Bangsa-Bangsa (PBB)` gives the words
//!   before the bracket as a mention when their initials spell the tagged
//!   acronym.
//! - **Country and outlet**: `kantor berita Korea Selatan Yonhap`, which
//!   the tagger reads as one place, is a place and an organisation when
//!   the mention is wholly a listed country or province followed by listed
//!   organisations.
//! - **Cited sources**: the name right after `dilansir`, `melansir`,
//!   `dilansir dari` or `dikutip dari` is the outlet a report is credited
//!   to, an organisation.
//! - **Datelines**: a line that opens with `CITY, Outlet.com -` or
//!   `Outlet.com, City -` gives the city as a place and the outlet as an
//!   organisation; the city's all-caps spelling is shown in title case
//!   (`JAKARTA` -> `Jakarta`).
//! - **One type per name in an article**: the tagger decides each mention on
//!   its own, so the same name can come out as a person once and an
//!   organisation once; the majority type wins for all its mentions.
//! - **Canonical names**: a person mention that is part of a longer person
//!   name in the same article resolves to that name (`Putin` ->
//!   `Vladimir Putin`); an organisation's acronym and its long form
//!   (`Perserikatan Bangsa-Bangsa (PBB)`, or a long form whose initials spell
//!   the acronym) are one entity whose canonical name is the **acronym**,
//!   because Indonesian news uses acronyms far more often and more uniformly
//!   than long forms (which vary: `Komisi Pemberantasan Korupsi` /
//!   `Komisi Anti Korupsi`); the long form is kept as an alias.
//! - **Name boundaries**: days, dates, `Cs`/`dkk` and grammatical words are
//!   cut from the tagger's mentions of every sentence ([`super::boundary`]).
//! - **Title Case and all-caps sentences**: where most words are
//!   capitalised, function words too, a capital is no evidence, so a
//!   mention there is kept only
//!   when a sentence with ordinary case names it (or a longer name holding
//!   it), a gazetteer lists it with its kind, or it is a web address or
//!   dateline (`API` in `API MELALAP PASAR` is *api*, fire).
//! - **Sentence case**: a one-word mention that opens every sentence it is
//!   in, in a text that also writes the word in lower case (`Netizen semakin
//!   geram ... dihajar netizen`), or that the dictionary has as a root
//!   everyday text seldom uses (`Amplitudo gelombang ...`), is that word,
//!   not a name.
//! - **Social media**: a name that opens with one (`Twitter BMKG`,
//!   `Instagram Story`) is the medium alone.
//! - **The word before a name**: a kind of place in lower case makes it a
//!   place (`lempeng Indo-Australia`), `anggota` a body (`anggota Monsta
//!   X`), and a kind of product a make or model, no name (`mobil Avanza`).
//! - **Titles of works**: a name in quotes after `film`, `drama`, `serial`
//!   and the like, or a name of two words or more the text quotes every
//!   time, is a title (`drama "Arthdal Chronicles"`), not a name; so are
//!   its words elsewhere in the text.
//! - **Headlines**: in [`article_entities`](super::Extractor::article_entities)
//!   a title mention counts only when the body mentions the same name or the
//!   name is on a gazetteer, because Title Case headlines capitalise every
//!   word.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use super::features::{TITLES, WordHasher};

/// Maps and sets of short strings, hashed with [`WordHasher`]: every
/// article builds a few, and SipHash showed in profiles of index builds.
type Map<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
type Set<K> = HashSet<K, BuildHasherDefault<WordHasher>>;
use super::boundary::{
    ORG_TAIL, PLACE_HEAD, UNIT, clean_tags_into, context_class, is_grammatical_word,
};
use super::features::Case;
use super::gazetteer::{
    Gazetteer, flags, is_common_acronym, is_function_word, kind_of, push_lower, with_lower,
};
use super::tagger::{Model, Scratch};
use super::tokenize::{Token, sentences, tokenize};
use super::{Entity, EntityKind, Mention};

/// Longest sentence handed to the tagger, in tokens.
const MAX_SENTENCE: usize = 150;

/// A mention before canonical names are resolved.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    kind: EntityKind,
    start: usize,
    end: usize,
    /// Forced by a rule (dateline): not subject to the type vote.
    fixed: bool,
}

fn is_word(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

fn lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_lower(&mut out, s);
    out
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn all_caps(s: &str) -> bool {
    if s.is_ascii() {
        let b = s.as_bytes();
        return b.iter().any(u8::is_ascii_alphabetic) && !b.iter().any(u8::is_ascii_lowercase);
    }
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// Runs `f` with this thread's tagging buffers, whose word cache stays warm
/// from one text to the next (index builds tag on a few long-lived threads).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::cached());
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        // Only if tagging ever re-entered itself on this thread.
        Err(_) => f(&mut Scratch::new()),
    })
}

/// Tags `text` and returns raw mentions, with titles, punctuation and `-nya`
/// trimmed and datelines applied.
pub(crate) fn raw_mentions(model: &Model, gaz: &Gazetteer, text: &str) -> Vec<Raw> {
    let toks = tokenize(text);
    let mut spans_tok: Vec<(EntityKind, usize, usize, bool)> = Vec::new();
    let mut words: Vec<&str> = Vec::with_capacity(MAX_SENTENCE);
    let mut tags = Vec::with_capacity(MAX_SENTENCE);
    // In a text that uses capitals, a sentence without any is not where
    // names are: news writes them capitalised, and such sentences are
    // fragments (quotes whose marks were lost: `" , " kata netter .`).
    // Text typed wholly in lower case is tagged sentence by sentence.
    let uses_capitals = text.chars().any(char::is_uppercase);
    // Byte ranges of the sentences whose capitals are no evidence.
    let mut title_case: Vec<(usize, usize)> = Vec::new();
    // Byte offsets of the first word of each sentence.
    let mut openers: Vec<usize> = Vec::new();
    let mut found = Vec::new();
    with_scratch(|scratch| {
        for r in sentences(text, &toks, MAX_SENTENCE) {
            let Some(sent) = toks.get(r.clone()) else {
                continue;
            };
            if let Some(t) = sent.iter().find(|t| is_word(t.text(text))) {
                openers.push(t.start);
            }
            words.clear();
            words.extend(sent.iter().map(|t| t.text(text)));
            model.tag_into(&words, gaz, uses_capitals, scratch, &mut tags);
            if let (true, Some(first), Some(last)) = (
                case_is_no_evidence(&words, scratch.cases()),
                sent.first(),
                sent.last(),
            ) {
                title_case.push((first.start, last.end));
            }
            clean_tags_into(&words, &mut tags, gaz, &mut found);
            for &(k, s, e) in &found {
                spans_tok.push((k, r.start + s, r.start + e, false));
            }
        }
    });
    split_place_then_org(text, &toks, gaz, &mut spans_tok);
    cited_sources_are_orgs(text, &toks, &mut spans_tok);
    apply_datelines(text, &toks, &mut spans_tok);
    add_long_forms(text, &toks, &mut spans_tok);
    add_outlets(text, &toks, &mut spans_tok);
    kinds_from_context(text, &toks, gaz, &mut spans_tok);
    drop_titles_of_works(text, &toks, gaz, &mut spans_tok);
    drop_makes_of_products(text, &toks, gaz, &mut spans_tok);
    platforms_stand_alone(text, &toks, &mut spans_tok);

    let mut standalone: Option<Set<&str>> = None;
    let mut out = Vec::with_capacity(spans_tok.len());
    for (kind, mut s, mut e, fixed) in spans_tok {
        let tok = |i: usize| toks.get(i).map_or("", |t| t.text(text));
        let office_before = |i: usize| {
            i.checked_sub(1).map(tok).is_some_and(|w| {
                is_title(w) || w.starts_with("ke-") || (is_acronym(w) && w != "RI")
            })
        };
        // Leading titles (persons), occupations and punctuation (all
        // kinds).
        let leading = |w: &str| {
            !is_word(w) || (kind == EntityKind::Person && is_title(w)) || is_occupation(w)
        };
        // `RI` (the republic) ends office titles (`Presiden RI BJ
        // Habibie`, `Ketua MPR RI Bambang Soesatyo`) and the tagger takes
        // it into the name after them; alone it is the country.
        let mut kind = kind;
        while s < e && (leading(tok(s)) || tok(s) == "RI") {
            if e - s == 1 {
                break;
            }
            // After a title (`Presiden ke-3 RI`, `Ketua MPR RI`) the name
            // is the office holder's, whatever kind the country gave it.
            if tok(s) == "RI" && office_before(s) {
                kind = EntityKind::Person;
            }
            s += 1;
        }
        // A name ends before a bracket inside it: `Joko Widodo (Jokowi)` is
        // a name and, in the brackets, another form of it.
        if let Some(open) = (s + 1..e).find(|&i| tok(i) == "(") {
            e = open;
        }
        // One that runs on from inside a bracket (`Rumah Sakit Pusat
        // Angkatan Darat (RSPAD) Gatot Subroto`, tagged from `RSPAD) ...`)
        // is what the bracket holds; the rest is the tail of a name.
        if let Some(close) = (s..e).find(|&i| tok(i) == ")") {
            e = close;
        }
        if e <= s {
            continue;
        }
        while e > s + 1 && !is_word(tok(e - 1)) {
            e -= 1;
        }
        if leading(tok(s)) {
            continue;
        }
        // A lone function word or interjection (`Yuk`, `Aku`) capitalised at
        // the start of a sentence is not a name; acronyms are kept.
        if e == s + 1 && !fixed && !all_caps(tok(s)) && with_lower(tok(s), is_function_word) {
            continue;
        }
        // A hashtag names a campaign or a topic, not a person, place or
        // organisation (`#IndonesiaDermawan`).
        if s > 0 && tok(s - 1) == "#" {
            continue;
        }
        let (Some(first), Some(last)) = (toks.get(s), toks.get(e - 1)) else {
            continue;
        };
        // Nor is a word or phrase for a kind of thing (`KUHP`, `APBN`,
        // `Aparatur Sipil Negara`).
        if !fixed
            && text
                .get(first.start..last.end)
                .is_some_and(|whole| with_lower(whole, is_common_acronym))
        {
            continue;
        }
        let mut end = last.end;
        let lw = last.text(text);
        if let Some(stem) = lw.strip_suffix("nya")
            && stem.chars().count() >= 3
            && stem.chars().next().is_some_and(char::is_uppercase)
            && gaz.lookup(lw) == 0
        {
            let known = gaz.lookup(stem) != 0 || {
                let set =
                    standalone.get_or_insert_with(|| toks.iter().map(|t| t.text(text)).collect());
                set.contains(stem)
            };
            if known {
                end -= 3;
            }
        }
        out.push(Raw {
            kind,
            start: first.start,
            end,
            fixed,
        });
    }
    add_nya(text, &toks, &mut out);
    keep_confirmed(text, gaz, &title_case, &mut out);
    drop_sentence_case_words(text, gaz, &openers, &mut out);
    out
}

/// A one-word mention found only where a sentence opens is capitalised by
/// its place; when the text also writes the word in lower case (`Warganet
/// ramai berkomentar ... kata warganet`), or the word is a rare root of the
/// dictionary ([`is_rare_root`]), it is that common word, not a name, and
/// is dropped. Kept: a name the text also capitalises inside a
/// sentence, acronyms, names on a gazetteer, and words the text never writes
/// in lower case (`Prabowo`). `openers` are the byte offsets of the first
/// word of each sentence, in order.
fn drop_sentence_case_words(text: &str, gaz: &Gazetteer, openers: &[usize], out: &mut Vec<Raw>) {
    let surface = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
    let opens = |r: &Raw| openers.binary_search(&r.start).is_ok();
    let mut common: Vec<&str> = Vec::new();
    for r in out.iter() {
        let w = surface(r);
        if r.fixed
            || !opens(r)
            || common.contains(&w)
            || w.contains(char::is_whitespace)
            || !w.chars().next().is_some_and(char::is_uppercase)
            || all_caps(w)
        {
            continue;
        }
        if out.iter().any(|o| !opens(o) && surface(o) == w) || gaz.lookup(w) != 0 {
            continue;
        }
        if written_in_lower_case(text, w) || is_rare_root(w) {
            common.push(w);
        }
    }
    if !common.is_empty() {
        out.retain(|r| !common.contains(&surface(r)));
    }
}

/// Whether the lower case of `word` is a root of the dictionary that
/// everyday text seldom uses (`Amplitudo`): a common noun of some field,
/// not a name.
pub(crate) fn is_rare_root(word: &str) -> bool {
    crate::analysis::lexicon::Lexicon::bundled().get(lower(word).as_bytes()) == Some(0)
}

/// Whether `text` has `word` as a whole word in lower case.
fn written_in_lower_case(text: &str, word: &str) -> bool {
    let lowered = lower(word);
    if lowered == word {
        return false;
    }
    text.match_indices(lowered.as_str()).any(|(i, m)| {
        let before = text.get(..i).and_then(|b| b.chars().next_back());
        let after = text.get(i + m.len()..).and_then(|a| a.chars().next());
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Whether a sentence is typed so that a capital says nothing about a name:
/// a Title Case headline (three words in four capitalised after the first,
/// at least three, and among them a grammatical word such as `Di`,
/// `Sudah`, `Jadi`, which ordinary sentences write in lower case even when
/// they are full of names and titles: `Guru Besar Universitas Brawijaya`),
/// or a line in capitals (four words or more after the
/// first, eight in ten of them all caps). `cases` are the words' [`Case`]s.
fn case_is_no_evidence(words: &[&str], cases: &[Case]) -> bool {
    let (mut n, mut caps, mut all_caps_words) = (0usize, 0usize, 0usize);
    // Two letters or more, none in lower case.
    let is_all_caps_word = |c: &Case| c.letters >= 2 && !c.lower;
    // The first word is capitalised in any sentence, whatever precedes it
    // (`, Sebelumnya , Presiden RI Joko Widodo`).
    let mut opener: Option<usize> = None;
    for (i, (w, case)) in words.iter().zip(cases).enumerate() {
        // Most words start with an ASCII byte, read without decoding.
        let alphabetic = match w.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_alphabetic(),
            _ => w.chars().next().is_some_and(char::is_alphabetic),
        };
        if !alphabetic {
            continue;
        }
        if opener.is_none() {
            opener = Some(i);
            continue;
        }
        n += 1;
        if case.first_upper {
            caps += 1;
            if is_all_caps_word(case) {
                all_caps_words += 1;
            }
        }
    }
    if n >= 4 && all_caps_words * 10 >= n * 8 {
        return true;
    }
    // The grammatical word is looked for last: most sentences fail the
    // counts, and the look-up is the costly part.
    let after_opener = opener.map_or(words.len(), |i| i + 1);
    n >= 3
        && caps * 4 >= n * 3
        && words
            .iter()
            .zip(cases)
            .skip(after_opener)
            .any(|(w, c)| c.first_upper && !is_all_caps_word(c) && is_grammatical_word(w))
}

/// Mentions tagged in a Title Case or all-caps sentence are kept only with
/// evidence other than their capitals: the same name (or a longer name
/// holding it) mentioned in a sentence with ordinary case, a gazetteer
/// entry of the same kind, a web address, or a dateline. So `API` in
/// `KEBAKARAN HEBAT, API MELALAP PASAR` is the word *api* (fire), and
/// `Imam Nahrawi Sudah` of a Title Case line is nobody unless the text names
/// him so elsewhere.
fn keep_confirmed(text: &str, gaz: &Gazetteer, title_case: &[(usize, usize)], out: &mut Vec<Raw>) {
    if title_case.is_empty() {
        return;
    }
    let in_title_case =
        |r: &Raw| !r.fixed && title_case.iter().any(|&(s, e)| r.start >= s && r.start < e);
    if !out.iter().any(in_title_case) {
        return;
    }
    let surface = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
    let confirmed: Vec<String> = out
        .iter()
        .filter(|r| !in_title_case(r))
        .map(|r| lower(surface(r)))
        .collect();
    if confirmed.len() == out.len() {
        return;
    }
    out.retain(|r| {
        if !in_title_case(r) {
            return true;
        }
        let s = surface(r);
        let l = lower(s);
        kind_of(gaz.lookup(s)) == Some(r.kind)
            || is_domain(s)
            || confirmed.iter().any(|c| holds_words(c, &l))
    });
}

/// Whether the name `hay` is `needle` or holds it as whole words.
fn holds_words(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, m)| {
        let before = hay.get(..i).and_then(|b| b.chars().next_back());
        let after = hay.get(i + m.len()..).and_then(|a| a.chars().next());
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// `kantor berita Korea Selatan Yonhap`: the tagger reads a country
/// followed by an outlet or body of it as one name. A place mention made
/// wholly of listed names, the first a country or province and the last an
/// organisation, is those names, each with the kind of its list. An
/// organisation first (`Persija Jakarta`, `Garuda Indonesia`) is one name
/// and stays whole.
fn split_place_then_org(
    text: &str,
    toks: &[Token],
    gaz: &Gazetteer,
    out: &mut Vec<(EntityKind, usize, usize, bool)>,
) {
    let mut pieces = Vec::new();
    let mut lowers: Vec<String> = Vec::new();
    let mut changed = false;
    let mut kept = Vec::with_capacity(out.len());
    for &(kind, s, e, fixed) in out.iter() {
        pieces.clear();
        // The tagger types these mentions as places; others are left alone
        // without a look-up.
        if e >= s + 2 && !fixed && kind == EntityKind::Place {
            lowers.clear();
            lowers.extend(
                toks.get(s..e)
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| lower(t.text(text))),
            );
            let found = gaz.find(&lowers);
            let tiles = found.len() >= 2
                && found.first().is_some_and(|m| m.start == 0)
                && found.last().is_some_and(|m| m.end == e - s)
                && found.windows(2).all(|w| w[0].end == w[1].start);
            // Only countries and provinces: the city and district lists hold
            // words that open other names (`Harian Kompas`, `Taman BMW`).
            let country = found.first().is_some_and(|m| {
                m.flags & (flags::COUNTRY | flags::PROVINCE) != 0
                    && kind_of(m.flags) == Some(EntityKind::Place)
            });
            let last = found.last().and_then(|m| kind_of(m.flags));
            if tiles && country && last == Some(EntityKind::Org) {
                for m in &found {
                    let k = kind_of(m.flags).unwrap_or(kind);
                    pieces.push((k, s + m.start, s + m.end, false));
                }
            }
        }
        if pieces.is_empty() {
            kept.push((kind, s, e, fixed));
        } else {
            changed = true;
            kept.extend(pieces.iter().copied());
        }
    }
    if changed {
        *out = kept;
    }
}

/// Social media, whose name news writes before an account or a feature
/// (`akun Twitter BMKG`, `Instagram Story`).
const PLATFORMS: &[&str] = &[
    "twitter",
    "instagram",
    "facebook",
    "youtube",
    "tiktok",
    "whatsapp",
    "telegram",
    "snapchat",
    "linkedin",
];

/// A name that opens with a social medium is the medium, an organisation,
/// and what follows is an account or a feature of it (`Twitter BMKG`,
/// `Instagram Syahrini`, `Instagram Story`, `YouTube Channel`): the
/// account's owner, when a name, is named in the text on its own too.
fn platforms_stand_alone(text: &str, toks: &[Token], out: &mut [(EntityKind, usize, usize, bool)]) {
    for (kind, s, e, fixed) in out.iter_mut() {
        if *fixed || *e < *s + 2 {
            continue;
        }
        let first = toks.get(*s).map_or("", |t| t.text(text));
        if first.len() <= 9 && with_lower(first, |l| PLATFORMS.contains(&l)) {
            *kind = EntityKind::Org;
            *e = *s + 1;
        }
    }
}

/// Kinds of product whose make or model follows them.
const PRODUCT_WORDS: &[&str] = &["mobil", "ponsel", "smartphone", "gawai", "laptop"];

/// The text of tokens `s..e` of `text` (empty for an empty or bad span).
fn span_text<'t>(text: &'t str, toks: &[Token], s: usize, e: usize) -> &'t str {
    match (toks.get(s), toks.get(e.wrapping_sub(1))) {
        (Some(a), Some(b)) if e > s => text.get(a.start..b.end).unwrap_or(""),
        _ => "",
    }
}

/// The make or model after a kind of product (`mobil Avanza`, `ponsel
/// Galaxy Note 10`) is a product, not a person or organisation, unless a
/// gazetteer lists it (`mobil Toyota`).
fn drop_makes_of_products(
    text: &str,
    toks: &[Token],
    gaz: &Gazetteer,
    out: &mut Vec<(EntityKind, usize, usize, bool)>,
) {
    let tok = |i: usize| toks.get(i).map_or("", |t| t.text(text));
    out.retain(|&(_, s, e, fixed)| {
        if fixed || s == 0 || !PRODUCT_WORDS.contains(&tok(s - 1)) {
            return true;
        }
        gaz.lookup(span_text(text, toks, s, e)) != 0
    });
}

/// Kinds of work whose title follows them (`drama "Arthdal Chronicles"`,
/// `film "Bumi Manusia"`). Songs and albums are left out: `lagu Bob Marley`
/// is as often the singer's name as a title.
const WORK_WORDS: &[&str] = &[
    "film", "drama", "serial", "sinetron", "novel", "webtoon", "anime", "manga", "gim",
];

/// A name in quotes after a kind of work in lower case (`drama "Arthdal
/// Chronicles"`) is the work's title, not a person, place or organisation,
/// and so is every mention of it in the text; so is a name of two words or
/// more that the text puts in quotes every time (`'Arthdal Chronicles'
/// Season 2`). Without the quotes a name after a kind of work is as often
/// the maker's or the star's (`drama Jang Na-Ra`, `film Marvel`), and a
/// one-word name in quotes is often a nickname (`'Ahok'`). Names on a
/// gazetteer are kept.
fn drop_titles_of_works(
    text: &str,
    toks: &[Token],
    gaz: &Gazetteer,
    out: &mut Vec<(EntityKind, usize, usize, bool)>,
) {
    let tok = |i: usize| toks.get(i).map_or("", |t| t.text(text));
    let surface = |s: usize, e: usize| span_text(text, toks, s, e);
    let quoted = |s: usize, e: usize| {
        s > 0
            && matches!(
                (tok(s - 1), tok(e)),
                ("\"", "\"") | ("“", "”") | ("'", "'") | ("‘", "’")
            )
    };
    // Quoted names, with whether one followed a kind of work: few texts
    // quote any, so the rest of the work is mostly skipped.
    let mut candidates: Vec<(&str, bool)> = Vec::new();
    for &(_, s, e, fixed) in out.iter() {
        if fixed || !quoted(s, e) {
            continue;
        }
        let after_work = s >= 2 && WORK_WORDS.contains(&tok(s - 2));
        let name = surface(s, e);
        match candidates.iter_mut().find(|c| c.0 == name) {
            Some(c) => c.1 |= after_work,
            None => candidates.push((name, after_work)),
        }
    }
    if candidates.is_empty() {
        return;
    }
    let titles: Vec<&str> = candidates
        .into_iter()
        .filter(|&(name, after_work)| {
            let always_quoted = || {
                name.contains(' ')
                    && out
                        .iter()
                        .all(|&(_, s, e, _)| surface(s, e) != name || quoted(s, e))
            };
            !name.is_empty() && (after_work || always_quoted()) && gaz.lookup(name) == 0
        })
        .map(|c| c.0)
        .collect();
    if titles.is_empty() {
        return;
    }
    // Words of a title are no names either (`Arthdal` of `Arthdal
    // Chronicles`).
    out.retain(|&(_, s, e, fixed)| fixed || !titles.iter().any(|t| holds_words(t, surface(s, e))));
}

/// `dilansir Reuters`, `dikutip dari Novaya Gazeta Europe`: the name a
/// report is credited to right after these verbs is an outlet, an
/// organisation, whatever the tagger made of it (an unknown outlet's name
/// often looks like a person's).
fn cited_sources_are_orgs(
    text: &str,
    toks: &[Token],
    out: &mut [(EntityKind, usize, usize, bool)],
) {
    let is = |i: Option<usize>, words: &[&str]| {
        i.and_then(|i| toks.get(i))
            .is_some_and(|t| words.iter().any(|w| t.text(text).eq_ignore_ascii_case(w)))
    };
    for (kind, s, _, fixed) in out.iter_mut() {
        if *fixed || *kind == EntityKind::Org {
            continue;
        }
        let before = s.checked_sub(1);
        if is(before, &["dilansir", "melansir", "lansir"])
            || (is(before, &["dari"]) && is(s.checked_sub(2), &["dilansir", "dikutip"]))
        {
            *kind = EntityKind::Org;
        }
    }
}

/// Whether a token is a web address of an outlet: `Tribunnews.com`,
/// `KOMPAS.com`, `beritagar.id`.
///
/// Asked of every token, twice: the test for the dot is inlined into the
/// callers, and only the few tokens that pass it make a call.
#[inline(always)]
fn is_domain(w: &str) -> bool {
    // Every top-level domain of [`domain_at`] has two or three letters, so
    // the dot before it is the third or fourth byte from the end, or the
    // word is no address. (A later dot would leave a top-level part with a
    // dot in it, which is no listed domain either.)
    let b = w.as_bytes();
    let n = b.len();
    if n >= 3 && b.get(n - 3) == Some(&b'.') {
        domain_at(w, n - 3)
    } else if n >= 4 && b.get(n - 4) == Some(&b'.') {
        domain_at(w, n - 4)
    } else {
        false
    }
}

/// [`is_domain`] of a word with a dot at `dot`.
fn domain_at(w: &str, dot: usize) -> bool {
    const TLDS: &[&str] = &["com", "id", "net", "org", "tv", "co"];
    let (Some(name), Some(tld)) = (w.get(..dot), w.get(dot + 1..)) else {
        return false;
    };
    name.chars().next().is_some_and(char::is_alphabetic)
        && name.chars().any(char::is_alphabetic)
        && TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld))
}

/// Outlet addresses (`(Tribunnews.com/Farrah Putri)`) are organisations even
/// where the tagger left them out; in a byline of that shape, the
/// capitalised words between `/` and `)` are the reporter, a person.
fn add_outlets(text: &str, toks: &[Token], out: &mut Vec<(EntityKind, usize, usize, bool)>) {
    let tok = |i: usize| toks.get(i).map_or("", |t| t.text(text));
    let mut added = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !is_domain(t.text(text)) {
            continue;
        }
        // An address alone is the outlet, whatever type the tagger gave it.
        let mut covered = false;
        for m in out.iter_mut().filter(|m| m.1 < i + 1 && i < m.2) {
            covered = true;
            if (m.1, m.2) == (i, i + 1) {
                *m = (EntityKind::Org, i, i + 1, true);
            }
        }
        if !covered {
            added.push((EntityKind::Org, i, i + 1, true));
        }
        if i > 0 && tok(i - 1) == "(" && tok(i + 1) == "/" {
            let start = i + 2;
            let mut end = start;
            while end < toks.len()
                && end < start + 4
                && tok(end).chars().next().is_some_and(char::is_uppercase)
            {
                end += 1;
            }
            if end > start && tok(end) == ")" {
                out.retain(|&(_, s, e, _)| e <= start || s >= end);
                added.push((EntityKind::Person, start, end, true));
            }
        }
    }
    if !added.is_empty() {
        out.extend(added);
        out.sort_by_key(|&(_, s, _, _)| s);
    }
}

/// `Xnya` where `X` is mentioned on its own elsewhere in the text: a mention
/// of `X` that the tagger missed (`Putinnya` after `Putin`).
fn add_nya(text: &str, toks: &[Token], out: &mut Vec<Raw>) {
    let names: Map<&str, EntityKind> = out
        .iter()
        .filter_map(|r| Some((text.get(r.start..r.end)?, r.kind)))
        .filter(|(s, _)| !s.contains(' '))
        .collect();
    if names.is_empty() {
        return;
    }
    let mut added = false;
    for t in toks {
        let w = t.text(text);
        let Some(stem) = w.strip_suffix("nya") else {
            continue;
        };
        let Some(&kind) = names.get(stem) else {
            continue;
        };
        if out.iter().any(|r| r.start < t.end && t.start < r.end) {
            continue;
        }
        out.push(Raw {
            kind,
            start: t.start,
            end: t.end - 3,
            fixed: false,
        });
        added = true;
    }
    if added {
        out.sort_by_key(|r| r.start);
    }
}

/// Kinds the words around a mention settle, where the tagger, reading the
/// sentence, weighed other cues more:
///
/// - an English name ending in `Center` or `Agency` is an organisation,
///   not a person (a name's first word has settled its kind already, in
///   [`clean_tags_into`]: `Lembah Yordan` is a place);
/// - a "person" right after a division word (`Kepala Bidang Mitigasi
///   Gempabumi`) is the division's name, and is dropped: the name it
///   belongs to runs past the words the tagger took;
/// - names listed together are of one kind (`Kecamatan Gane Barat Utara,
///   Gane Luar, Gane Timur Selatan dan Kukupang`): in a list of three or
///   more names joined by commas, the last perhaps by `dan`/`serta`/`atau`,
///   one name of another kind than all the rest takes theirs, unless a
///   gazetteer lists it with its own kind or it is an acronym; of two
///   names after `di` joined by `dan`, `serta`, `atau` or `maupun`, a
///   one-word person joined to a place is a place ([`settle_pair`]);
/// - a person right after `di` (at) is a place (`di Khurais`), and after
///   a kind of body in lower case a body (`klub Galatasaray`).
///
/// Mentions fixed by an earlier rule (datelines) are left alone.
fn kinds_from_context(
    text: &str,
    toks: &[Token],
    gaz: &Gazetteer,
    out: &mut Vec<(EntityKind, usize, usize, bool)>,
) {
    let tok = |i: usize| toks.get(i).map_or("", |t| t.text(text));
    out.retain(|&(kind, s, _, fixed)| {
        fixed || kind != EntityKind::Person || s == 0 || context_class(tok(s - 1)) & UNIT == 0
    });
    for (kind, s, e, fixed) in out.iter_mut() {
        if *fixed {
            continue;
        }
        if *kind == EntityKind::Person
            && *e >= *s + 2
            && context_class(tok(e.saturating_sub(1))) & ORG_TAIL != 0
        {
            *kind = EntityKind::Org;
        }
        // A name ending in a point of the compass (`Mariana Utara`, `Bungku
        // Timur`) is a place's: so are 570 such names in the gold sets'
        // training data, 10 are bodies' (`Polres Metro Jakarta Selatan`,
        // which the tagger gets right) and none a person's.
        if *kind == EntityKind::Person && *e >= *s + 2 && COMPASS.contains(&tok(*e - 1)) {
            *kind = EntityKind::Place;
            continue;
        }
        let before = s.checked_sub(1).map_or("", tok);
        // `di` X: at a place. In the gold sets' training data a name after
        // `di` is a place 935 times, a body 110 times (`di KPK`) and a
        // person 4 times. (`ke`, to, is as often to a person in news:
        // `surat ke Jokowi`.) `di` inside a name (`Angel di Maria`)
        // follows a capital.
        if *kind == EntityKind::Person
            && before == "di"
            && !s.checked_sub(2).map(tok).is_some_and(starts_upper)
        {
            *kind = EntityKind::Place;
            continue;
        }
        // A kind of body in lower case before a "person" (`klub
        // Galatasaray`, `perusahaan Aramco`, `grup Monsta X`): a body. Of
        // the names after these words in the gold sets' training data 31
        // are bodies, 8 places (`klub Inggris`, left alone) and none a
        // person.
        if *kind == EntityKind::Person && BODY_KINDS.contains(&before) {
            *kind = EntityKind::Org;
            continue;
        }
        // Members are members of a body (`anggota DPR`, `anggota Monsta
        // X`): in the gold sets a name after `anggota` is never a person's
        // or a place's.
        if before.eq_ignore_ascii_case("anggota") {
            *kind = EntityKind::Org;
            continue;
        }
        // The tagger takes `Anggota` opening a sentence for a person's
        // title, inside the name.
        if *e > *s + 1 && tok(*s).eq_ignore_ascii_case("anggota") {
            *kind = EntityKind::Org;
            *s += 1;
            continue;
        }
        // A name after a kind of place written in lower case (`lempeng
        // Indo-Australia`, `kota Kediri`) is that place: so are 168 names
        // in 183 in the gold sets' training data. A capitalised kind ends a
        // name of its own (`Direktur Jenderal Perhubungan Laut Agus H
        // Purnomo`, `Wali Kota Risma`); a body named in its building
        // (`gedung Kementerian Perhubungan`) and an acronym (`stasiun NBC`,
        // `gedung DPR`) stay bodies.
        if *kind != EntityKind::Place
            && before.starts_with(|c: char| c.is_lowercase())
            && context_class(before) & PLACE_HEAD != 0
            && !(*kind == EntityKind::Org && (before == "gedung" || all_caps(tok(*s))))
        {
            *kind = EntityKind::Place;
        }
    }
    // Lists: `A, B, C dan D`, neighbours joined by a comma, the last
    // perhaps by a conjunction. After a conjunction the list is over: in
    // `Papua dan Papua Barat, Abisai Rolio` the comma opens an apposition.
    if !out.is_sorted_by_key(|m| m.1) {
        out.sort_by_key(|m| m.1);
    }
    let is_conj = |i: usize| matches!(tok(i), "dan" | "serta" | "atau" | "maupun");
    let join = |a: usize, b: usize| match b.checked_sub(a) {
        Some(1) if tok(a) == "," => Some(false),
        Some(1) if is_conj(a) => Some(true),
        Some(2) if tok(a) == "," && is_conj(a + 1) => Some(true),
        _ => None,
    };
    // Words of people named with two words or more: such a word alone is a
    // short form of the person, whatever it is joined to.
    let person_words: Set<&str> = out
        .iter()
        .filter(|m| m.0 == EntityKind::Person && m.2 > m.1 + 1)
        .flat_map(|m| (m.1..m.2).map(tok))
        .collect();
    let mut run_start = 0;
    let mut closed = false;
    for i in 1..=out.len() {
        let linked = if closed || i == out.len() {
            None
        } else {
            out.get(i - 1)
                .zip(out.get(i))
                .and_then(|(p, n)| join(p.2, n.1))
        };
        if let Some(conj) = linked {
            closed = conj;
            continue;
        }
        match out.get_mut(run_start..i) {
            Some(run) if run.len() >= 3 => settle_list(text, toks, gaz, run),
            Some([a, b]) if closed && a.1.checked_sub(1).map(tok) == Some("di") => {
                settle_pair(a, b, |m| person_words.contains(tok(m.1)));
            }
            _ => {}
        }
        run_start = i;
        closed = false;
    }
}

/// The rules of [`kinds_from_context`] over one sentence given as tokens
/// with its labels (`newsidx entities --conll`): the kind a word before a
/// name or a list gives it holds in a sentence on its own, as in an
/// article.
pub(crate) fn sentence_kinds(words: &[&str], gaz: &Gazetteer, tags: &mut [u8]) {
    // In text typed wholly in lower case the tagger's kinds are weaker
    // and the rules would spread its mistakes through lists (measured on
    // the all-lower-case gold set).
    if !words.iter().any(|w| w.chars().any(char::is_uppercase)) {
        return;
    }
    let mut found = Vec::new();
    super::tagger::spans_into(tags, &mut found);
    if found.is_empty() {
        return;
    }
    let mut text = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
    let mut toks = Vec::with_capacity(words.len());
    for w in words {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(w);
        toks.push(Token {
            start,
            end: text.len(),
        });
    }
    let mut spans: Vec<(EntityKind, usize, usize, bool)> =
        found.iter().map(|&(k, s, e)| (k, s, e, false)).collect();
    kinds_from_context(&text, &toks, gaz, &mut spans);
    tags.fill(0);
    for (kind, s, e, _) in spans {
        let b = 1 + 2 * kind_idx(kind) as u8;
        for (i, t) in tags.iter_mut().enumerate().take(e).skip(s) {
            *t = if i == s { b } else { b + 1 };
        }
    }
}

/// Points of the compass that end names of places (`Jawa Barat`, `Asia
/// Tenggara`).
const COMPASS: &[&str] = &["Utara", "Selatan", "Barat", "Timur", "Tengah", "Tenggara"];

/// Kinds of body that name the body after them, written in lower case.
const BODY_KINDS: &[&str] = &[
    "klub",
    "band",
    "grup",
    "boyband",
    "girlband",
    "perusahaan",
    "maskapai",
];

/// Two names joined by a conjunction after `di` (`di Abqaiq dan Khurais`),
/// one a place and the other a person of one word: the person is a place
/// too. In the gold sets' training data names joined so are of one kind 94
/// times in 100, and a one-word person is never joined to a place; to a
/// body it is (`Jokowi dan PDIP`), so bodies are left alone. A word the text also
/// writes inside a longer person's name (`Firmino` of `Roberto Firmino`)
/// is that person's short form and stays a person.
fn settle_pair(
    a: &mut (EntityKind, usize, usize, bool),
    b: &mut (EntityKind, usize, usize, bool),
    short_form: impl Fn(&(EntityKind, usize, usize, bool)) -> bool,
) {
    let lone_person = |m: &(EntityKind, usize, usize, bool)| {
        m.0 == EntityKind::Person && !m.3 && m.2 == m.1 + 1 && !short_form(m)
    };
    if lone_person(a) && b.0 == EntityKind::Place {
        a.0 = EntityKind::Place;
    } else if lone_person(b) && a.0 == EntityKind::Place {
        b.0 = EntityKind::Place;
    }
}

/// One list of names (see [`kinds_from_context`]): the odd one out takes
/// the kind of all the others.
fn settle_list(
    text: &str,
    toks: &[Token],
    gaz: &Gazetteer,
    run: &mut [(EntityKind, usize, usize, bool)],
) {
    let mut counts = [0usize; 3];
    for &(k, ..) in run.iter() {
        if let Some(c) = counts.get_mut(kind_idx(k)) {
            *c += 1;
        }
    }
    let Some(major) = EntityKind::ALL
        .into_iter()
        .find(|&k| counts.get(kind_idx(k)).copied() == Some(run.len() - 1))
    else {
        return;
    };
    for (kind, s, e, fixed) in run.iter_mut() {
        if *kind == major || *fixed {
            continue;
        }
        let name = toks
            .get(*s)
            .zip(toks.get(e.saturating_sub(1)))
            .and_then(|(a, b)| text.get(a.start..b.end))
            .unwrap_or("");
        if is_acronym(name) || kind_of(gaz.lookup(name)) == Some(*kind) {
            continue;
        }
        *kind = major;
    }
}

/// `Perserikatan Bangsa-Bangsa (PBB)`: when a tagged acronym stands in
/// brackets right after capitalised words whose initials spell it (commas
/// and `dan` of a listed name included), those words are a mention of the
/// same kind, in place of any names the tagger found among them; so are
/// the same words written again elsewhere without the bracket.
fn add_long_forms(text: &str, toks: &[Token], out: &mut Vec<(EntityKind, usize, usize, bool)>) {
    let tok = |i: usize| toks.get(i).map_or("", |t| t.text(text));
    let mut extra = Vec::new();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for &(kind, s, e, _) in out.iter() {
        if e != s + 1 || s < 2 || tok(s - 1) != "(" || tok(e) != ")" || !is_acronym(tok(s)) {
            continue;
        }
        let acr_len = tok(s).chars().count();
        // Try the capitalised run ending before the bracket.
        let mut b = s - 1;
        while b > 0 && s - 1 - b < acr_len + 5 {
            let w = tok(b - 1);
            // Commas of a listed long form (`Badan Meteorologi,
            // Klimatologi, dan Geofisika (BMKG)`) are inside it.
            let listed = w == "," && b + 1 < s - 1;
            if !is_word(w) && !listed {
                break;
            }
            b -= 1;
            if !is_word(w) {
                continue;
            }
            let run = toks
                .get(b)
                .zip(toks.get(s - 2))
                .and_then(|(x, y)| text.get(x.start..y.end))
                .unwrap_or("");
            let starts_cap = w.chars().next().is_some_and(char::is_uppercase);
            if starts_cap && initials_match(tok(s), run) {
                // Names the tagger found inside the long form are pieces of
                // it (`Geofisika` as a person); a name reaching out of it
                // leaves it alone.
                let overlapping =
                    |&(_, os, oe, _): &(EntityKind, usize, usize, bool)| os < s - 1 && b < oe;
                let inside = |&(_, os, oe, fixed): &(EntityKind, usize, usize, bool)| {
                    b <= os && oe < s && !fixed
                };
                if out.iter().filter(|m| overlapping(m)).all(inside) {
                    pieces.push((b, s - 1));
                    extra.push((kind, b, s - 1, false));
                }
                break;
            }
        }
    }
    if extra.is_empty() {
        return;
    }
    // The long form written again without its bracket (`Badan Meteorologi,
    // Klimatologi, dan Geofisika memprediksi ...`) is the same name.
    let words_of =
        |b: usize, e: usize| -> Vec<&str> { (b..e).map(tok).filter(|w| *w != ",").collect() };
    let mut again = Vec::new();
    for &(kind, b, e, _) in &extra {
        let long = words_of(b, e);
        let Some(&first) = long.first() else { continue };
        for start in (0..toks.len()).filter(|&i| tok(i) == first && i != b) {
            let mut i = start;
            let mut matched = 0;
            while matched < long.len() && i < toks.len() {
                let w = tok(i);
                if w == "," && matched > 0 {
                    i += 1;
                    continue;
                }
                if long.get(matched) != Some(&w) {
                    break;
                }
                matched += 1;
                i += 1;
            }
            if matched == long.len() && !again.iter().any(|&(_, s, _, _)| s == start) {
                pieces.push((start, i));
                again.push((kind, start, i, false));
            }
        }
    }
    extra.extend(again);
    out.retain(|&(_, os, oe, _)| !pieces.iter().any(|&(b, e)| b <= os && oe <= e));
    out.extend(extra);
    out.sort_by_key(|&(_, s, _, _)| s);
    out.dedup_by_key(|m| (m.1, m.2));
}

/// Honorifics that are part of the name a person goes by (`Gus Dur`, `Gus
/// Mus`): the gold data writes `Gus` inside the name. They stay cues to
/// the tagger.
const NAME_FORMING_TITLES: &[&str] = &["gus"];

/// Occupations that news writes before a name as a title (`Presenter
/// Bima Aryo`, `Pembalap Tim Mission Winnow`), capitalised when they open
/// a sentence; the tagger, which learnt titles from the gold sets, takes
/// them into the name, or alone for one (`Youtuber`: 23 articles).
/// Kept out of the tagger's title cues so that the shipped model's
/// features stay as trained.
const OCCUPATIONS: &[&str] = &[
    "youtuber",
    "selebgram",
    "vlogger",
    "presenter",
    "komedian",
    "pelawak",
    "pedangdut",
    "rapper",
    "vokalis",
    "gitaris",
    "drummer",
    "sutradara",
    "produser",
    "desainer",
    "fotografer",
    "jurnalis",
    "ekonom",
    "pengamat",
    "politikus",
    "politisi",
    "aktivis",
    "pembalap",
    "pebalap",
    "pesepakbola",
    "pebulutangkis",
    "atlet",
];

fn is_occupation(word: &str) -> bool {
    word.len() <= 13 && with_lower(word, |l| OCCUPATIONS.contains(&l))
}

fn is_title(word: &str) -> bool {
    // Asked of every mention's first words: a hash look-up, where a scan of
    // the list cost a thousand instructions a word.
    static SET: std::sync::OnceLock<Set<&'static str>> = std::sync::OnceLock::new();
    let titles = SET.get_or_init(|| {
        TITLES
            .iter()
            .copied()
            .filter(|t| !NAME_FORMING_TITLES.contains(t))
            .collect()
    });
    with_lower(word, |l| titles.contains(l.trim_end_matches('.')))
}

/// `CITY, Outlet -` or `Outlet.com, City -` at the start of a line: city is
/// a place, outlet an organisation. Replaces whatever the tagger said about
/// those tokens.
fn apply_datelines(text: &str, toks: &[Token], out: &mut Vec<(EntityKind, usize, usize, bool)>) {
    let tok = |i: usize| toks.get(i).map_or("", |t| t.text(text));
    let mut i = 0;
    while i < toks.len() {
        let line_start = i == 0
            || toks
                .get(i - 1)
                .zip(toks.get(i))
                .and_then(|(a, b)| text.as_bytes().get(a.end..b.start))
                .is_some_and(|gap| gap.contains(&b'\n'));
        if !line_start {
            i += 1;
            continue;
        }
        // `Outlet.com, City -`: the outlet's address first, then the city
        // in any case (`TEMPO.CO, Jakarta -`, `Liputan6.com, Jakarta -`).
        if is_domain(tok(i)) && tok(i + 1) == "," {
            let c_start = i + 2;
            let mut k = c_start;
            while k < toks.len() && k < c_start + 3 && starts_upper(tok(k)) {
                k += 1;
            }
            if k > c_start && is_dash(tok(k)) {
                set_dateline(out, (c_start, k), (i, i + 1));
                i = k + 1;
                continue;
            }
        }
        // City: one to three all-caps words.
        let mut j = i;
        while j < toks.len() && j < i + 3 && is_word(tok(j)) && all_caps(tok(j)) {
            j += 1;
        }
        let city_end = j;
        if city_end > i && tok(j) == "," {
            // Outlet: words up to a dash.
            let o_start = j + 1;
            let mut k = o_start;
            while k < toks.len() && k < o_start + 4 && is_word(tok(k)) {
                k += 1;
            }
            if k > o_start && is_dash(tok(k)) {
                set_dateline(out, (i, city_end), (o_start, k));
                i = k + 1;
                continue;
            }
        }
        i += 1;
    }
}

fn is_dash(w: &str) -> bool {
    matches!(w, "-" | "–" | "—")
}

/// A dateline's city and outlet (token ranges) replace whatever the tagger
/// said about the tokens from the first to the last of them.
fn set_dateline(
    out: &mut Vec<(EntityKind, usize, usize, bool)>,
    city: (usize, usize),
    outlet: (usize, usize),
) {
    let (from, to) = (city.0.min(outlet.0), city.1.max(outlet.1));
    out.retain(|&(_, s, e, _)| e <= from || s >= to);
    out.push((EntityKind::Place, city.0, city.1, true));
    out.push((EntityKind::Org, outlet.0, outlet.1, true));
    out.sort_by_key(|&(_, s, _, _)| s);
}

/// Display form of a surface string: all-caps persons and places of five
/// letters or more are written in title case (`JAKARTA` -> `Jakarta`);
/// acronyms and organisations keep their spelling, and so does a one-word
/// place no gazetteer lists, which is an acronym (`RSPAD`, a hospital);
/// runs of white space become one space. Borrowed when that leaves the
/// surface as it is, as it does for nearly every mention.
fn display<'s>(kind: EntityKind, surface: &'s str, gaz: &Gazetteer) -> Cow<'s, str> {
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    if kind != EntityKind::Org
        && letters >= 5
        && all_caps(surface)
        && (kind == EntityKind::Person || surface.contains(' ') || gaz.lookup(surface) != 0)
    {
        let mut out = String::with_capacity(surface.len());
        let mut start = true;
        for c in surface.chars() {
            if c.is_alphabetic() {
                if start {
                    out.push(c);
                } else {
                    out.extend(c.to_lowercase());
                }
                start = false;
            } else {
                out.push(c);
                start = true;
            }
        }
        Cow::Owned(out)
    } else if surface
        .split(' ')
        .any(|w| w.is_empty() || w.contains(char::is_whitespace))
    {
        Cow::Owned(surface.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(surface)
    }
}

/// Words of a name for matching: lower case, split on spaces and hyphens.
fn name_words(s: &str) -> Vec<String> {
    lower(s)
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(str::to_string)
        .collect()
}

/// The acronym a long name would have, in lower case: the initials of its
/// words, linking words (`dan`, `of`) left out; `None` under two words.
pub(crate) fn initials(long: &str) -> Option<String> {
    const SKIP: &[&str] = &[
        "dan", "dari", "untuk", "di", "ke", "the", "of", "and", "for",
    ];
    let words: Vec<String> = name_words(long)
        .into_iter()
        .filter(|w| !SKIP.contains(&w.as_str()))
        .collect();
    if words.len() < 2 {
        return None;
    }
    Some(words.iter().filter_map(|w| w.chars().next()).collect())
}

/// Whether `acr` (an all-caps word) is spelled by the initials of `long`.
fn initials_match(acr: &str, long: &str) -> bool {
    initials(long).is_some_and(|init| init == lower(acr))
}

pub(crate) fn is_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=8).contains(&n) && all_caps(s) && s.chars().all(|c| c.is_alphanumeric())
}

/// Lower-cased names numbered in order of first appearance, so that the
/// passes of [`resolve_raws`] compare numbers, not strings.
#[derive(Default)]
struct Interner {
    ids: Map<String, usize>,
    strs: Vec<String>,
    buf: String,
}

impl Interner {
    /// The number of the lower case of `s`.
    fn lower_id(&mut self, s: &str) -> usize {
        self.buf.clear();
        push_lower(&mut self.buf, s);
        if let Some(&i) = self.ids.get(self.buf.as_str()) {
            return i;
        }
        let i = self.strs.len();
        self.strs.push(self.buf.clone());
        self.ids.insert(self.buf.clone(), i);
        i
    }

    fn get(&self, id: usize) -> &str {
        self.strs.get(id).map_or("", String::as_str)
    }
}

/// One mention with its type settled.
struct Settled<'t> {
    kind: EntityKind,
    start: usize,
    end: usize,
    /// Its display form.
    display: Cow<'t, str>,
    /// Index in [`Resolved::names`] of its name, then of its canonical name.
    name: usize,
}

/// The mentions of a text with types and canonical names settled.
pub(crate) struct Resolved<'t> {
    text: &'t str,
    /// One per raw mention, in order.
    mentions: Vec<Settled<'t>>,
    /// Distinct names (per type, case-insensitively) in order of first
    /// appearance: type and display form of the first mention.
    names: Vec<(EntityKind, Cow<'t, str>)>,
}

/// Resolves types and canonical names (the rules in the module docs).
pub(crate) fn resolve_raws<'t>(text: &'t str, gaz: &Gazetteer, raws: &[Raw]) -> Resolved<'t> {
    let surface = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
    let mut interner = Interner::default();

    // One type per name: majority vote over non-fixed mentions.
    let keys: Vec<usize> = raws.iter().map(|r| interner.lower_id(surface(r))).collect();
    let mut votes: Vec<([u32; 3], Option<EntityKind>)> = vec![([0; 3], None); interner.strs.len()];
    for (r, &k) in raws.iter().zip(&keys) {
        if let Some((v, first)) = votes.get_mut(k) {
            v[kind_idx(r.kind)] += if r.fixed { 100 } else { 1 };
            first.get_or_insert(r.kind);
        }
    }
    let kinds: Vec<EntityKind> = raws
        .iter()
        .zip(&keys)
        .map(|(r, &k)| {
            let Some((v, first)) = votes.get(k) else {
                return r.kind;
            };
            let mut best = first.unwrap_or(r.kind);
            for kind in EntityKind::ALL {
                if v[kind_idx(kind)] > v[kind_idx(best)] {
                    best = kind;
                }
            }
            best
        })
        .collect();
    let kinds = short_forms_of_people(text, gaz, raws, kinds);
    let kinds = short_forms_of_places(text, raws, kinds);

    // Distinct names per kind, keyed by the lower case of their display.
    let mut mentions: Vec<Settled<'t>> = Vec::with_capacity(raws.len());
    let mut names: Vec<(EntityKind, Cow<'t, str>)> = Vec::new();
    let mut name_keys: Vec<usize> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut pos: Map<(EntityKind, usize), usize> = Map::default();
    for ((r, &k), &key) in raws.iter().zip(&kinds).zip(&keys) {
        let d = display(k, surface(r), gaz);
        let name_key = match d {
            Cow::Borrowed(_) => key,
            Cow::Owned(ref o) => interner.lower_id(o),
        };
        let i = *pos.entry((k, name_key)).or_insert_with(|| {
            names.push((k, d.clone()));
            name_keys.push(name_key);
            counts.push(0);
            names.len() - 1
        });
        if let Some(c) = counts.get_mut(i) {
            *c += 1;
        }
        mentions.push(Settled {
            kind: k,
            start: r.start,
            end: r.end,
            display: d,
            name: i,
        });
    }

    // `Long Form (ACR)` in the text: long form -> acronym.
    let mut defined: Set<(usize, &str)> = Set::default();
    for m in &mentions {
        let after = text.get(m.end..).unwrap_or("");
        if let Some(rest) = after.strip_prefix(" (")
            && let Some(close) = rest.find(')')
            && let Some(acr) = rest.get(..close)
            && is_acronym(acr)
            && let Some(&key) = name_keys.get(m.name)
        {
            defined.insert((key, acr));
        }
    }

    // canonical[i]: index into `names` of the name that names[i] resolves to.
    let mut canonical: Vec<usize> = (0..names.len()).collect();
    let words: Vec<Vec<&str>> = names
        .iter()
        .zip(&name_keys)
        .map(|((k, _), &key)| match k {
            EntityKind::Person => interner
                .get(key)
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter(|w| !w.is_empty())
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let count = |j: usize| counts.get(j).copied().unwrap_or(0);
    let no_words: &[&str] = &[];
    let words_of = |j: usize| words.get(j).map_or(no_words, Vec::as_slice);
    for (i, (k, name)) in names.iter().enumerate() {
        match k {
            EntityKind::Person => {
                // The most mentioned longer person name containing this one.
                let mut best: Option<usize> = None;
                for (j, (kj, _)) in names.iter().enumerate() {
                    if j == i || *kj != EntityKind::Person {
                        continue;
                    }
                    let (wi, wj) = (words_of(i), words_of(j));
                    if wj.len() > wi.len() && contains_seq(wj, wi) {
                        let better = match best {
                            None => true,
                            Some(b) => (count(j), wj.len()) > (count(b), words_of(b).len()),
                        };
                        if better {
                            best = Some(j);
                        }
                    }
                }
                if let (Some(b), Some(c)) = (best, canonical.get_mut(i)) {
                    *c = b;
                }
            }
            EntityKind::Org => {
                // A long form resolves to its acronym.
                if is_acronym(name) {
                    continue;
                }
                let init = initials(name);
                let key = name_keys.get(i).copied().unwrap_or(usize::MAX);
                let acronym = names.iter().zip(&name_keys).enumerate().position(
                    |(j, ((kj, acr), &acr_key))| {
                        j != i
                            && *kj == EntityKind::Org
                            && is_acronym(acr)
                            && (init.as_deref() == Some(interner.get(acr_key))
                                || defined.contains(&(key, acr.as_ref())))
                    },
                );
                if let (Some(j), Some(c)) = (acronym, canonical.get_mut(i)) {
                    *c = j;
                }
            }
            EntityKind::Place => {}
        }
    }
    // Follow chains (a -> b -> c) to their end; chains are short and acyclic
    // because every step goes to a longer person name or to an acronym.
    for i in 0..canonical.len() {
        let mut c = i;
        let mut steps = 0;
        while let Some(&next) = canonical.get(c)
            && next != c
            && steps < 9
        {
            c = next;
            steps += 1;
        }
        if let Some(slot) = canonical.get_mut(i) {
            *slot = c;
        }
    }
    for m in &mut mentions {
        m.name = canonical.get(m.name).copied().unwrap_or(m.name);
    }
    Resolved {
        text,
        mentions,
        names,
    }
}

/// A one-word "person" that opens a place's name ending in a point of the
/// compass in the same text (`Mariana` beside `Mariana Utara`, `Korea`
/// beside `Korea Selatan`) is that place's short form, and a place.
fn short_forms_of_places(text: &str, raws: &[Raw], mut kinds: Vec<EntityKind>) -> Vec<EntityKind> {
    let surface = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
    let mut openers: Set<&str> = Set::default();
    for (r, &k) in raws.iter().zip(&kinds) {
        let mut words = surface(r).split_whitespace();
        if k == EntityKind::Place
            && let (Some(first), Some(last)) = (words.next(), words.next_back())
            && COMPASS.contains(&last)
        {
            openers.insert(first);
        }
    }
    if openers.is_empty() {
        return kinds;
    }
    for (r, k) in raws.iter().zip(kinds.iter_mut()) {
        if *k == EntityKind::Person && !r.fixed && openers.contains(surface(r)) {
            *k = EntityKind::Place;
        }
    }
    kinds
}

/// A one-word name that the tagger gave another kind but that is the first
/// or last word of a longer person name in the same text is that person
/// (`Veronica Koman` ... `keberadaan Veronica`, `Benny Gantz` ... `partai
/// Gantz`); the person rules then resolve it to the full name. Acronyms and
/// names a gazetteer lists are left as they are (`Jakarta` beside a person
/// named after the city).
fn short_forms_of_people(
    text: &str,
    gaz: &Gazetteer,
    raws: &[Raw],
    mut kinds: Vec<EntityKind>,
) -> Vec<EntityKind> {
    let surface = |r: &Raw| text.get(r.start..r.end).unwrap_or("");
    let one_word = |s: &str| !s.contains(|c: char| c.is_whitespace() || c == '-');
    let odd = raws
        .iter()
        .zip(&kinds)
        .any(|(r, &k)| k != EntityKind::Person && !r.fixed && one_word(surface(r)));
    if !odd {
        return kinds;
    }
    let mut ends: Set<String> = Set::default();
    for (r, &k) in raws.iter().zip(&kinds) {
        let mut words = surface(r).split_whitespace();
        if k == EntityKind::Person
            && let (Some(first), Some(last)) = (words.next(), words.next_back())
        {
            ends.insert(lower(first));
            ends.insert(lower(last));
        }
    }
    if ends.is_empty() {
        return kinds;
    }
    for (r, k) in raws.iter().zip(kinds.iter_mut()) {
        let s = surface(r);
        if *k != EntityKind::Person
            && !r.fixed
            && one_word(s)
            && !is_acronym(s)
            && with_lower(s, |l| ends.contains(l))
            && gaz.lookup(s) == 0
        {
            *k = EntityKind::Person;
        }
    }
    kinds
}

impl Resolved<'_> {
    /// One [`Mention`] per raw mention, in order.
    pub(crate) fn mentions(&self) -> Vec<Mention> {
        self.mentions
            .iter()
            .map(|m| Mention {
                kind: m.kind,
                start: m.start,
                end: m.end,
                text: self.text.get(m.start..m.end).unwrap_or("").to_string(),
                canonical: self
                    .names
                    .get(m.name)
                    .map_or_else(|| m.display.to_string(), |n| n.1.to_string()),
            })
            .collect()
    }

    /// One [`Entity`] per canonical name, with the other display forms of its
    /// mentions as aliases; sorted by mentions (descending), then name.
    pub(crate) fn entities(&self) -> Vec<Entity> {
        let mut out: Vec<Entity> = Vec::new();
        let mut at: Map<usize, usize> = Map::default();
        for m in &self.mentions {
            let i = *at.entry(m.name).or_insert_with(|| {
                let name = self.names.get(m.name).map_or(&m.display, |n| &n.1);
                out.push(Entity {
                    kind: m.kind,
                    name: name.to_string(),
                    aliases: Vec::new(),
                    mentions: 0,
                });
                out.len() - 1
            });
            if let Some(e) = out.get_mut(i) {
                e.mentions += 1;
                if m.display != e.name && !e.aliases.iter().any(|a| *a == m.display) {
                    e.aliases.push(m.display.to_string());
                }
            }
        }
        for e in &mut out {
            e.aliases.sort();
        }
        out.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.kind.cmp(&b.kind))
        });
        out
    }
}

/// Resolves types and canonical names and builds the final mentions.
pub(crate) fn resolve(text: &str, gaz: &Gazetteer, raws: &[Raw]) -> Vec<Mention> {
    resolve_raws(text, gaz, raws).mentions()
}

fn kind_idx(k: EntityKind) -> usize {
    match k {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Org => 2,
    }
}

pub(crate) fn contains_seq<T: PartialEq>(hay: &[T], needle: &[T]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Mentions of an article: title mentions are kept only when the body names
/// the same thing or the name is on a gazetteer.
pub(crate) fn article(model: &Model, gaz: &Gazetteer, title: &str, body: &str) -> Vec<Entity> {
    let sep = "\n\n";
    let text = format!("{title}{sep}{body}");
    let body_start = title.len() + sep.len();
    let raws = raw_mentions(model, gaz, &text);
    let body_names: Set<String> = raws
        .iter()
        .filter(|r| r.start >= body_start)
        .map(|r| lower(text.get(r.start..r.end).unwrap_or("")))
        .collect();
    let raws: Vec<Raw> = raws
        .into_iter()
        .filter(|r| {
            if r.start >= body_start {
                return true;
            }
            let s = text.get(r.start..r.end).unwrap_or("");
            body_names.contains(&lower(s)) || kind_of(gaz.lookup(s)) == Some(r.kind)
        })
        .collect();
    resolve_raws(&text, gaz, &raws).entities()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str, kind: EntityKind, s: &str, nth: usize) -> Raw {
        let start = text.match_indices(s).nth(nth).map_or(0, |(i, _)| i);
        Raw {
            kind,
            start,
            end: start + s.len(),
            fixed: false,
        }
    }

    #[test]
    fn title_case_and_capitals_are_no_evidence() {
        let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        let no_evidence = |w: &Vec<&str>| {
            let cases: Vec<Case> = w
                .iter()
                .map(|w| super::super::features::case_of(w))
                .collect();
            case_is_no_evidence(w, &cases)
        };
        assert!(no_evidence(&words("Imam Nahrawi Sudah Jadi Tersangka")));
        assert!(no_evidence(&words("Putin Tiba Di Jakarta")));
        assert!(no_evidence(&words("KEBAKARAN HEBAT , API MELALAP PASAR")));
        assert!(no_evidence(&words(
            "Ratusan Warga Mengungsi Akibat Banjir Di Bekasi"
        )));
        // Ordinary sentences full of names write their function words in
        // lower case.
        assert!(!no_evidence(&words(
            "Presiden Joko Widodo meresmikan jalan tol di Jawa Tengah"
        )));
        assert!(!no_evidence(&words(
            "JAKARTA , KOMPAS.com - Presiden Rusia Vladimir Putin tiba di Jakarta"
        )));
        assert!(!no_evidence(&words(
            "Hadir pula Menteri BUMN Erick Thohir dan Gubernur DKI Anies Baswedan"
        )));
        assert!(!no_evidence(&words(
            "Sebelumnya KPK , DPR , MK dan MA bertemu"
        )));
        // A law's title capitalises `Tentang`.
        assert!(!no_evidence(&words(
            "Presiden Joko Widodo ( Jokowi ) sepakat dengan rencana pembentukan Dewan Pengawas \
             KPK dalam revisi Undang-Undang No 30 Tahun 2002 Tentang Komisi Pemberantasan \
             Tindak Pidana Korupsi ."
        )));
        assert!(!no_evidence(&words(
            "Kemudian Prof Ahmad Erani Yustika , Guru Besar Universitas Brawijaya sekaligus Staf Khusus"
        )));
        assert!(!no_evidence(&words(
            ", Sebelumnya , Presiden RI Joko Widodo ( Jokowi ) telah menjenguk , , Senin malam ."
        )));
        // Too short to tell.
        assert!(!no_evidence(&words("Kata Jokowi")));
        assert!(!no_evidence(&words("Jokowi : Siap !")));
    }

    #[test]
    fn a_name_holds_whole_words_only() {
        assert!(holds_words("imam nahrawi", "nahrawi"));
        assert!(holds_words("imam nahrawi", "imam nahrawi"));
        assert!(!holds_words("imam nahrawi", "nahra"));
        assert!(!holds_words("imam", "imam nahrawi"));
    }

    #[test]
    fn a_title_case_line_names_only_what_other_evidence_confirms() {
        let t = "Pria Bernama Sutrisno Bakar Gudang Di Bekasi\n\n\
                 Polisi menangkap Budi Santoso di Bekasi, Senin.";
        let in_line = |r: &Raw| r.start < t.find('\n').unwrap_or(0);
        let r = [
            raw(t, EntityKind::Person, "Sutrisno", 0),
            raw(t, EntityKind::Place, "Bekasi", 0),
            raw(t, EntityKind::Person, "Budi Santoso", 0),
            raw(t, EntityKind::Place, "Bekasi", 1),
        ];
        let first_line = (0, t.find('\n').unwrap_or(0));
        let mut kept = r.to_vec();
        keep_confirmed(t, Gazetteer::bundled(), &[first_line], &mut kept);
        let names: Vec<&str> = kept
            .iter()
            .filter(|r| in_line(r))
            .map(|r| &t[r.start..r.end])
            .collect();
        // `Bekasi` is in the body (and a city); nothing confirms `Sutrisno`.
        assert_eq!(names, ["Bekasi"]);
        assert_eq!(kept.len(), 3);
        // A dateline is kept whatever its case.
        let mut fixed = vec![Raw {
            fixed: true,
            ..raw(t, EntityKind::Person, "Sutrisno", 0)
        }];
        keep_confirmed(t, Gazetteer::bundled(), &[first_line], &mut fixed);
        assert_eq!(fixed.len(), 1);
    }

    #[test]
    fn short_person_names_resolve_to_the_full_name() {
        let t = "Vladimir Putin datang. Putin bicara. Presiden Putin pergi.";
        let r = [
            raw(t, EntityKind::Person, "Vladimir Putin", 0),
            raw(t, EntityKind::Person, "Putin", 1),
            raw(t, EntityKind::Person, "Putin", 2),
        ];
        let m = resolve(t, Gazetteer::bundled(), &r);
        assert!(m.iter().all(|m| m.canonical == "Vladimir Putin"));
        let e = resolve_raws(t, Gazetteer::bundled(), &r).entities();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].aliases, ["Putin"]);
        assert_eq!(e[0].mentions, 3);
    }

    #[test]
    fn a_short_name_of_another_kind_is_the_person_it_ends() {
        let t = "Benny Gantz menang. Partai Gantz dan Jakarta, kata KPK.";
        let r = [
            raw(t, EntityKind::Person, "Benny Gantz", 0),
            raw(t, EntityKind::Org, "Gantz", 1),
            raw(t, EntityKind::Place, "Jakarta", 0),
            raw(t, EntityKind::Org, "KPK", 0),
        ];
        let e = resolve_raws(t, Gazetteer::bundled(), &r).entities();
        let names: Vec<(EntityKind, &str)> = e.iter().map(|e| (e.kind, e.name.as_str())).collect();
        assert!(names.contains(&(EntityKind::Person, "Benny Gantz")));
        assert!(!names.iter().any(|n| n.1 == "Gantz"));
        assert!(names.contains(&(EntityKind::Place, "Jakarta")));
        assert!(names.contains(&(EntityKind::Org, "KPK")));
    }

    #[test]
    fn a_short_name_opening_a_place_of_the_compass_is_that_place() {
        let t = "Indonesia menang atas Mariana Utara. Mariana kalah, kata Ahmad.";
        let r = [
            raw(t, EntityKind::Place, "Indonesia", 0),
            raw(t, EntityKind::Place, "Mariana Utara", 0),
            raw(t, EntityKind::Person, "Mariana", 1),
            raw(t, EntityKind::Person, "Ahmad", 0),
        ];
        let e = resolve_raws(t, Gazetteer::bundled(), &r).entities();
        let names: Vec<(EntityKind, &str)> = e.iter().map(|e| (e.kind, e.name.as_str())).collect();
        assert!(
            !names.contains(&(EntityKind::Person, "Mariana")),
            "{names:?}"
        );
        assert!(names.contains(&(EntityKind::Person, "Ahmad")), "{names:?}");
        assert!(
            names
                .iter()
                .any(|n| n.0 == EntityKind::Place && n.1.starts_with("Mariana"))
        );
    }

    /// `kinds_from_context` on tagged spans given as (kind, first word,
    /// words), each first word unique in `text`: the spans it keeps, as
    /// (kind, text).
    fn in_context(text: &str, spans: &[(EntityKind, &str, usize)]) -> Vec<(EntityKind, String)> {
        let spans: Vec<_> = spans
            .iter()
            .map(|&(k, first, n)| (k, first, 0, n))
            .collect();
        after_rule(text, &spans, kinds_from_context)
    }

    /// A rule of this module over an article's tagged spans.
    type Rule = fn(&str, &[Token], &Gazetteer, &mut Vec<(EntityKind, usize, usize, bool)>);

    /// A rule over tagged spans given as (kind, first word, which
    /// occurrence of it, words): the spans it keeps, as (kind, text).
    fn after_rule(
        text: &str,
        spans: &[(EntityKind, &str, usize, usize)],
        rule: Rule,
    ) -> Vec<(EntityKind, String)> {
        let toks = tokenize(text);
        let mut out: Vec<(EntityKind, usize, usize, bool)> = spans
            .iter()
            .map(|&(k, first, nth, n)| {
                let s = toks
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.text(text) == first)
                    .nth(nth)
                    .map_or(0, |(i, _)| i);
                (k, s, s + n, false)
            })
            .collect();
        rule(text, &toks, Gazetteer::bundled(), &mut out);
        out.iter()
            .map(|&(k, s, e, _)| (k, span_text(text, &toks, s, e).to_string()))
            .collect()
    }

    #[test]
    fn divisions_and_english_org_names_settle_kinds() {
        use EntityKind::{Org, Person};
        let got = in_context(
            "Kepala Bidang Mitigasi Gempabumi BMKG Daryono bersama Leibniz Supercomputing Center .",
            &[
                (Person, "Mitigasi", 2),
                (Org, "BMKG", 1),
                (Person, "Daryono", 1),
                (Person, "Leibniz", 3),
            ],
        );
        assert_eq!(
            got,
            [
                (Org, "BMKG".to_string()),
                (Person, "Daryono".to_string()),
                (Org, "Leibniz Supercomputing Center".to_string()),
            ]
        );
    }

    /// [`drop_titles_of_works`] on spans given as (kind, first word, nth
    /// occurrence of it, words): the names it keeps.
    fn without_titles(text: &str, spans: &[(EntityKind, &str, usize, usize)]) -> Vec<String> {
        after_rule(text, spans, drop_titles_of_works)
            .into_iter()
            .map(|m| m.1)
            .collect()
    }

    #[test]
    fn titles_of_works_are_no_names() {
        use EntityKind::{Org, Person, Place};
        // Quoted after a kind of work, and every word of it elsewhere.
        let text = "Song Joong Ki membintangi drama \"Arthdal Chronicles\" . Arthdal tayang lagi .";
        assert_eq!(
            without_titles(
                text,
                &[
                    (Person, "Song", 0, 3),
                    (Person, "Arthdal", 0, 2),
                    (Person, "Arthdal", 1, 1),
                ]
            ),
            ["Song Joong Ki"]
        );
        // Quoted every time, though no kind of work is named.
        let text = "Rating ' Lie Again ' naik , kata Budi Santoso di Jakarta .";
        assert_eq!(
            without_titles(
                text,
                &[
                    (Person, "Lie", 0, 2),
                    (Person, "Budi", 0, 2),
                    (Place, "Jakarta", 0, 1)
                ]
            ),
            ["Budi Santoso", "Jakarta"]
        );
        // Unquoted after a kind of work, the name is the star's or the
        // studio's; a name quoted once and written plainly elsewhere is a
        // name; a place stays a place.
        let text = "drama Jang Na-Ra dan film Marvel . Kata \"Budi Santoso\" , Budi Santoso datang ke film \"Indonesia\" .";
        assert_eq!(
            without_titles(
                text,
                &[
                    (Person, "Jang", 0, 2),
                    (Org, "Marvel", 0, 1),
                    (Person, "Budi", 0, 2),
                    (Person, "Budi", 1, 2),
                    (Place, "Indonesia", 0, 1)
                ]
            ),
            [
                "Jang Na-Ra",
                "Marvel",
                "Budi Santoso",
                "Budi Santoso",
                "Indonesia"
            ]
        );
    }

    #[test]
    fn a_name_after_a_kind_of_place_in_lower_case_is_that_place() {
        use EntityKind::{Org, Person, Place};
        let got = in_context(
            "aktivitas lempeng Indo-Australia , kata Direktur Jenderal Perhubungan Laut Agus Purnomo di gedung DPR .",
            &[
                (Org, "Indo-Australia", 1),
                (Org, "Direktur", 4),
                (Person, "Agus", 2),
                (Org, "DPR", 1),
            ],
        );
        assert_eq!(
            got,
            [
                (Place, "Indo-Australia".to_string()),
                (Org, "Direktur Jenderal Perhubungan Laut".to_string()),
                (Person, "Agus Purnomo".to_string()),
                (Org, "DPR".to_string()),
            ]
        );
    }

    #[test]
    fn a_name_ending_in_a_point_of_the_compass_is_a_place() {
        use EntityKind::{Org, Person, Place};
        let got = in_context(
            "Timnas U-16 melawan Mariana Utara , kata Timur Pradopo dari Polres Lombok Timur .",
            &[
                (Person, "Mariana", 2),
                (Person, "Timur", 2),
                (Org, "Polres", 3),
            ],
        );
        assert_eq!(
            got,
            [
                (Place, "Mariana Utara".to_string()),
                (Person, "Timur Pradopo".to_string()),
                (Org, "Polres Lombok Timur".to_string()),
            ]
        );
    }

    #[test]
    fn at_a_place_and_kinds_of_bodies() {
        use EntityKind::{Org, Person, Place};
        let got = in_context(
            "serangan di Abqaiq dan Khurais , lalu klub Galatasaray menang , Angel di Maria juga .",
            &[
                (Person, "Abqaiq", 1),
                (Person, "Khurais", 1),
                (Person, "Galatasaray", 1),
                (Person, "Angel", 3),
            ],
        );
        assert_eq!(
            got,
            [
                (Place, "Abqaiq".to_string()),
                (Place, "Khurais".to_string()),
                (Org, "Galatasaray".to_string()),
                (Person, "Angel di Maria".to_string()),
            ]
        );
        // A short form of a person named in full stays a person.
        let got = after_rule(
            "Roberto Firmino tiba di Liverpool dan Firmino mencetak gol .",
            &[
                (Person, "Roberto", 0, 2),
                (Place, "Liverpool", 0, 1),
                (Person, "Firmino", 1, 1),
            ],
            kinds_from_context,
        );
        assert_eq!(got[2], (Person, "Firmino".to_string()));
    }

    #[test]
    fn a_long_form_spelled_by_its_acronym_wins_over_its_pieces() {
        use EntityKind::{Org, Person};
        let text = "Kepala Badan Meteorologi , Klimatologi , dan Geofisika ( BMKG ) berkata . \
                    Badan Meteorologi , Klimatologi dan Geofisika memprediksi hujan .";
        let got = after_rule(
            text,
            &[
                (Org, "Badan", 0, 2),
                (Person, "Geofisika", 0, 1),
                (Org, "BMKG", 0, 1),
                (Person, "Geofisika", 1, 1),
            ],
            |text, toks, _, out| add_long_forms(text, toks, out),
        );
        assert_eq!(
            got,
            [
                (
                    Org,
                    "Badan Meteorologi , Klimatologi , dan Geofisika".to_string()
                ),
                (Org, "BMKG".to_string()),
                (
                    Org,
                    "Badan Meteorologi , Klimatologi dan Geofisika".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_republic_ends_a_title_not_a_name() {
        let ex = super::super::Extractor::new().unwrap();
        let text = "Doa dibacakan pada pemakaman Presiden ke-3 RI BJ Habibie di Taman \
                    Makam Pahlawan, Kalibata, Jakarta, Kamis (12/9/2019).";
        let habibie: Vec<(EntityKind, String)> = ex
            .mentions(text)
            .into_iter()
            .filter(|m| m.text.contains("Habibie"))
            .map(|m| (m.kind, m.text))
            .collect();
        assert_eq!(habibie, [(EntityKind::Person, "BJ Habibie".to_string())]);
    }

    #[test]
    fn occupations_are_no_part_of_a_name() {
        let ex = super::super::Extractor::new().unwrap();
        let names: Vec<String> = ex
            .mentions("Presenter Bima Aryo tertawa. Youtuber itu pulang.")
            .into_iter()
            .map(|m| m.text)
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.contains("Presenter") && n != "Youtuber"),
            "{names:?}"
        );
    }

    #[test]
    fn names_listed_together_share_a_kind() {
        use EntityKind::{Org, Person, Place};
        let text = "terasa di Labuha , Gane Luar , Saketa dan Kukupang , kata Budi .";
        let kinds = |spans: &[(EntityKind, &str, usize)]| -> Vec<EntityKind> {
            in_context(text, spans).iter().map(|m| m.0).collect()
        };
        assert_eq!(
            kinds(&[
                (Place, "Labuha", 1),
                (Person, "Gane", 2),
                (Place, "Saketa", 1),
                (Place, "Kukupang", 1),
                (Person, "Budi", 1),
            ]),
            [Place, Place, Place, Place, Person]
        );
        // A name after a list that ended with `dan` is an apposition.
        let text = "tokoh Maluku dan Papua Barat , Abisai Rolio , datang .";
        let got: Vec<EntityKind> = in_context(
            text,
            &[
                (Place, "Maluku", 1),
                (Place, "Papua", 2),
                (Person, "Abisai", 2),
            ],
        )
        .iter()
        .map(|m| m.0)
        .collect();
        assert_eq!(got, [Place, Place, Person]);
        // Two names of each kind: no majority of all but one.
        assert_eq!(
            kinds(&[
                (Place, "Labuha", 1),
                (Person, "Gane", 2),
                (Org, "Saketa", 1),
                (Place, "Kukupang", 1),
            ]),
            [Place, Person, Org, Place]
        );
    }

    #[test]
    fn acronym_is_canonical_for_its_long_form() {
        let t = "Perserikatan Bangsa-Bangsa (PBB) bersidang. PBB menolak.";
        let r = [
            raw(t, EntityKind::Org, "Perserikatan Bangsa-Bangsa", 0),
            raw(t, EntityKind::Org, "PBB", 0),
            raw(t, EntityKind::Org, "PBB", 1),
        ];
        let e = resolve_raws(t, Gazetteer::bundled(), &r).entities();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "PBB");
        assert_eq!(e[0].aliases, ["Perserikatan Bangsa-Bangsa"]);
        assert!(initials_match("KPK", "Komisi Pemberantasan Korupsi"));
        assert!(!initials_match("KPK", "Komisi Pemilihan Umum"));
    }

    #[test]
    fn majority_type_and_case_folding() {
        let t = "JAKARTA - Di Jakarta, warga Jakarta. Jakarta FC";
        let r = [
            Raw {
                fixed: true,
                ..raw(t, EntityKind::Place, "JAKARTA", 0)
            },
            raw(t, EntityKind::Place, "Jakarta", 0),
            raw(t, EntityKind::Place, "Jakarta", 1),
            raw(t, EntityKind::Org, "Jakarta", 2),
        ];
        let m = resolve(t, Gazetteer::bundled(), &r);
        assert!(m.iter().all(|m| m.kind == EntityKind::Place));
        assert!(m.iter().all(|m| m.canonical == "Jakarta"));
        assert_eq!(m[0].text, "JAKARTA");
        let gaz = Gazetteer::bundled();
        assert_eq!(display(EntityKind::Org, "KOMPAS", gaz), "KOMPAS");
        assert_eq!(display(EntityKind::Place, "RSPAD", gaz), "RSPAD");
        assert_eq!(display(EntityKind::Place, "BANDUNG", gaz), "Bandung");
    }

    #[test]
    fn entities_sort_by_mentions_then_name() {
        let t = "Bogor Anies Bogor Anies Cianjur";
        let r = [
            raw(t, EntityKind::Place, "Bogor", 0),
            raw(t, EntityKind::Person, "Anies", 0),
            raw(t, EntityKind::Place, "Bogor", 1),
            raw(t, EntityKind::Person, "Anies", 1),
            raw(t, EntityKind::Place, "Cianjur", 0),
        ];
        let names: Vec<String> = resolve_raws(t, Gazetteer::bundled(), &r)
            .entities()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["Anies", "Bogor", "Cianjur"]);
    }

    #[test]
    fn a_country_before_an_outlet_is_two_names() {
        let ex = super::super::Extractor::new().unwrap();
        let text = "Hal itu dilaporkan kantor berita Korea Selatan Yonhap pada Selasa.";
        let m: Vec<(EntityKind, String)> = ex
            .mentions(text)
            .into_iter()
            .map(|m| (m.kind, m.text))
            .collect();
        assert!(
            m.contains(&(EntityKind::Place, "Korea Selatan".into())),
            "{m:?}"
        );
        assert!(m.contains(&(EntityKind::Org, "Yonhap".into())), "{m:?}");
        // An organisation named after its town stays one name.
        let toks = tokenize("Persija Jakarta menang");
        let mut spans = vec![(EntityKind::Org, 0, 2, false)];
        split_place_then_org(
            "Persija Jakarta menang",
            &toks,
            Gazetteer::bundled(),
            &mut spans,
        );
        assert_eq!(spans, [(EntityKind::Org, 0, 2, false)]);
    }

    #[test]
    fn cited_sources_are_organisations() {
        let text = "Hal itu dikutip dari Novaya Gazeta Europe. Dilansir Boldsky, Ani datang.";
        let toks = tokenize(text);
        let at = |w: &str| toks.iter().position(|t| t.text(text) == w).unwrap_or(0);
        let mut spans = vec![
            (EntityKind::Person, at("Novaya"), at("Europe") + 1, false),
            (EntityKind::Person, at("Boldsky"), at("Boldsky") + 1, false),
            (EntityKind::Person, at("Ani"), at("Ani") + 1, false),
        ];
        cited_sources_are_orgs(text, &toks, &mut spans);
        let kinds: Vec<EntityKind> = spans.iter().map(|s| s.0).collect();
        assert_eq!(
            kinds,
            [EntityKind::Org, EntityKind::Org, EntityKind::Person]
        );
    }

    #[test]
    fn domains() {
        for (w, want) in [
            ("Tribunnews.com", true),
            ("beritagar.id", true),
            ("S.H", false),
            ("7.5", false),
            ("com", false),
        ] {
            assert_eq!(is_domain(w), want, "{w}");
        }
    }
}
