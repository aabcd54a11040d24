//! From tagged tokens to mentions and article entities: the rules that the
//! statistical tagger does not learn from sentence-level gold data.
//!
//! - **Titles and honorifics** (`Presiden`, `Kapolri`, `Pak`) at the start
//!   of a person mention are dropped from it.
//! - **Function words**: a one-word mention that is a function word,
//!   pronoun or interjection (`Yuk`, `Aku`; list in
//!   `data/entities/function-words-id.txt`) is dropped.
//! - **`-nya`**: `Putinnya` is a mention of `Putin`, with the end offset
//!   before `nya`, when the word without `nya` is a known place or occurs on
//!   its own in the text (so `Kenya` and `Sonya` stay whole).
//! - **Outlets and bylines**: a web address such as `Tribunnews.com`
//!   (bylines, credits) is an organisation; in `(Tribunnews.com/Farrah
//!   Putri)` the name after the slash is a person.
//! - **Long forms**: `Perserikatan Bangsa-Bangsa (PBB)` gives the words
//!   before the bracket as a mention when their initials spell the tagged
//!   acronym.
//! - **Datelines**: a line that opens with `CITY, Outlet.com -` gives the city
//!   as a place and the outlet as an organisation; the city's all-caps
//!   spelling is shown in title case (`JAKARTA` -> `Jakarta`).
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
//! - **Headlines**: in [`article_entities`](super::Extractor::article_entities)
//!   a title mention counts only when the body mentions the same name or the
//!   name is on a gazetteer, because Title Case headlines capitalise every
//!   word.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use super::features::{FnvHasher, TITLES};

/// Maps and sets of short strings, hashed with FNV: every article builds a
/// few, and SipHash showed in profiles of index builds.
type Map<K, V> = HashMap<K, V, BuildHasherDefault<FnvHasher>>;
type Set<K> = HashSet<K, BuildHasherDefault<FnvHasher>>;
use super::gazetteer::{Gazetteer, is_function_word, kind_of, push_lower};
use super::tagger::{Model, Scratch, spans};
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

fn all_caps(s: &str) -> bool {
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
    with_scratch(|scratch| {
        for r in sentences(text, &toks, MAX_SENTENCE) {
            let Some(sent) = toks.get(r.clone()) else {
                continue;
            };
            words.clear();
            words.extend(sent.iter().map(|t| t.text(text)));
            if uses_capitals && !words.iter().any(|w| w.chars().any(char::is_uppercase)) {
                continue;
            }
            model.tag_into(&words, gaz, scratch, &mut tags);
            for (k, s, e) in spans(&tags) {
                spans_tok.push((k, r.start + s, r.start + e, false));
            }
        }
    });
    apply_datelines(text, &toks, &mut spans_tok);
    add_long_forms(text, &toks, &mut spans_tok);
    add_outlets(text, &toks, &mut spans_tok);

    let mut standalone: Option<Set<&str>> = None;
    let mut out = Vec::with_capacity(spans_tok.len());
    for (kind, mut s, mut e, fixed) in spans_tok {
        let tok = |i: usize| toks.get(i).map_or("", |t| t.text(text));
        // Leading titles (persons) and punctuation (all kinds).
        while s < e && (!is_word(tok(s)) || (kind == EntityKind::Person && is_title(tok(s)))) {
            if e - s == 1 {
                break;
            }
            s += 1;
        }
        // A name ends before a bracket inside it: `Joko Widodo (Jokowi)` is
        // a name and, in the brackets, another form of it.
        if let Some(open) = (s + 1..e).find(|&i| tok(i) == "(") {
            e = open;
        }
        while e > s + 1 && !is_word(tok(e - 1)) {
            e -= 1;
        }
        if !is_word(tok(s)) || (kind == EntityKind::Person && is_title(tok(s))) {
            continue;
        }
        // A lone function word or interjection (`Yuk`, `Aku`) capitalised at
        // the start of a sentence is not a name; acronyms are kept.
        if e == s + 1 && !fixed && !all_caps(tok(s)) && is_function_word(&lower(tok(s))) {
            continue;
        }
        let (Some(first), Some(last)) = (toks.get(s), toks.get(e - 1)) else {
            continue;
        };
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
    out
}

/// Whether a token is a web address of an outlet: `Tribunnews.com`,
/// `KOMPAS.com`, `beritagar.id`.
fn is_domain(w: &str) -> bool {
    const TLDS: &[&str] = &["com", "id", "net", "org", "tv", "co"];
    // Runs on every token, so the dot is looked for inline (tokens are
    // short) rather than through a library search.
    let Some(dot) = w.bytes().rposition(|b| b == b'.') else {
        return false;
    };
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
        let covered = |a: usize, b: usize| out.iter().any(|&(_, s, e, _)| s < b && a < e);
        if !covered(i, i + 1) {
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

/// `Perserikatan Bangsa-Bangsa (PBB)`: when a tagged acronym stands in
/// brackets right after capitalised words whose initials spell it, and those
/// words are not tagged, they are a mention of the same kind.
fn add_long_forms(text: &str, toks: &[Token], out: &mut Vec<(EntityKind, usize, usize, bool)>) {
    let tok = |i: usize| toks.get(i).map_or("", |t| t.text(text));
    let mut extra = Vec::new();
    for &(kind, s, e, _) in out.iter() {
        if e != s + 1 || s < 2 || tok(s - 1) != "(" || tok(e) != ")" || !is_acronym(tok(s)) {
            continue;
        }
        let acr_len = tok(s).chars().count();
        // Try the capitalised run ending before the bracket.
        let mut b = s - 1;
        while b > 0 && s - 1 - b < acr_len + 3 {
            let w = tok(b - 1);
            if !is_word(w) {
                break;
            }
            b -= 1;
            let run = toks
                .get(b)
                .zip(toks.get(s - 2))
                .and_then(|(x, y)| text.get(x.start..y.end))
                .unwrap_or("");
            let starts_cap = w.chars().next().is_some_and(char::is_uppercase);
            if starts_cap && initials_match(tok(s), run) {
                let free = !out.iter().any(|&(_, os, oe, _)| os < s - 1 && b < oe);
                if free {
                    extra.push((kind, b, s - 1, false));
                }
                break;
            }
        }
    }
    if !extra.is_empty() {
        out.extend(extra);
        out.sort_by_key(|&(_, s, _, _)| s);
    }
}

fn is_title(word: &str) -> bool {
    let l = lower(word);
    let l = l.trim_end_matches('.');
    TITLES.contains(&l)
}

/// `CITY[, ]Outlet -` at the start of a line: city is a place, outlet an
/// organisation. Replaces whatever the tagger said about those tokens.
fn apply_datelines(text: &str, toks: &[Token], out: &mut Vec<(EntityKind, usize, usize, bool)>) {
    let tok = |i: usize| toks.get(i).map_or("", |t| t.text(text));
    let mut i = 0;
    while i < toks.len() {
        let line_start = i == 0
            || toks
                .get(i - 1)
                .zip(toks.get(i))
                .and_then(|(a, b)| text.get(a.end..b.start))
                .is_some_and(|gap| gap.contains('\n'));
        if !line_start {
            i += 1;
            continue;
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
            if k > o_start && matches!(tok(k), "-" | "–" | "—") {
                out.retain(|&(_, s, e, _)| e <= i || s >= k);
                out.push((EntityKind::Place, i, city_end, true));
                out.push((EntityKind::Org, o_start, k, true));
                out.sort_by_key(|&(_, s, _, _)| s);
                i = k + 1;
                continue;
            }
        }
        i += 1;
    }
}

/// Display form of a surface string: all-caps persons and places of five
/// letters or more are written in title case (`JAKARTA` -> `Jakarta`);
/// acronyms and organisations keep their spelling.
fn display(kind: EntityKind, surface: &str) -> String {
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    if kind != EntityKind::Org && letters >= 5 && all_caps(surface) {
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
        out
    } else {
        surface.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Words of a name for matching: lower case, split on spaces and hyphens.
fn name_words(s: &str) -> Vec<String> {
    lower(s)
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
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

/// Resolves types and canonical names and builds the final mentions.
pub(crate) fn resolve(text: &str, raws: &[Raw]) -> Vec<Mention> {
    // One type per name: majority vote over non-fixed mentions.
    let keys: Vec<String> = raws
        .iter()
        .map(|r| lower(text.get(r.start..r.end).unwrap_or("")))
        .collect();
    let mut votes: Map<&str, [u32; 3]> = Map::default();
    let mut first_kind: Map<&str, EntityKind> = Map::default();
    for (r, k) in raws.iter().zip(&keys) {
        let v = votes.entry(k).or_default();
        let w = if r.fixed { 100 } else { 1 };
        v[kind_idx(r.kind)] += w;
        first_kind.entry(k).or_insert(r.kind);
    }
    let kinds: Vec<EntityKind> = raws
        .iter()
        .zip(&keys)
        .map(|(r, k)| {
            let Some(v) = votes.get(k.as_str()) else {
                return r.kind;
            };
            let first = first_kind.get(k.as_str()).copied().unwrap_or(r.kind);
            let mut best = first;
            for kind in EntityKind::ALL {
                if v[kind_idx(kind)] > v[kind_idx(best)] {
                    best = kind;
                }
            }
            best
        })
        .collect();
    let displays: Vec<String> = raws
        .iter()
        .zip(&kinds)
        .map(|(r, &k)| display(k, text.get(r.start..r.end).unwrap_or("")))
        .collect();

    // Distinct names per kind, in order of first appearance, with counts.
    let mut names: Vec<(EntityKind, String, u32)> = Vec::new();
    let mut pos: Map<(EntityKind, String), usize> = Map::default();
    for (&k, d) in kinds.iter().zip(&displays) {
        let key = (k, lower(d));
        match pos.get(&key) {
            Some(&i) => {
                if let Some(n) = names.get_mut(i) {
                    n.2 += 1;
                }
            }
            None => {
                pos.insert(key, names.len());
                names.push((k, d.clone(), 1));
            }
        }
    }

    // `Long Form (ACR)` in the text: long form (lower case) -> acronym.
    let mut defined: Set<(String, &str)> = Set::default();
    for (r, d) in raws.iter().zip(&displays) {
        let after = text.get(r.end..).unwrap_or("");
        if let Some(rest) = after.strip_prefix(" (")
            && let Some(close) = rest.find(')')
            && let Some(acr) = rest.get(..close)
            && is_acronym(acr)
        {
            defined.insert((lower(d), acr));
        }
    }

    // canonical[i]: index into `names` of the name that names[i] resolves to.
    let mut canonical: Vec<usize> = (0..names.len()).collect();
    let words: Vec<Vec<String>> = names.iter().map(|n| name_words(&n.1)).collect();
    for i in 0..names.len() {
        let (k, ref name, _) = names[i];
        match k {
            EntityKind::Person => {
                // The most mentioned longer person name containing this one.
                let mut best: Option<usize> = None;
                for j in 0..names.len() {
                    if j == i || names[j].0 != EntityKind::Person {
                        continue;
                    }
                    if words[j].len() > words[i].len() && contains_seq(&words[j], &words[i]) {
                        let better = match best {
                            None => true,
                            Some(b) => (names[j].2, words[j].len()) > (names[b].2, words[b].len()),
                        };
                        if better {
                            best = Some(j);
                        }
                    }
                }
                if let Some(b) = best {
                    canonical[i] = b;
                }
            }
            EntityKind::Org => {
                // A long form resolves to its acronym.
                if is_acronym(name) {
                    continue;
                }
                let acronym = names.iter().enumerate().position(|(j, (k, acr, _))| {
                    j != i
                        && *k == EntityKind::Org
                        && is_acronym(acr)
                        && (initials_match(acr, name)
                            || defined.contains(&(lower(name), acr.as_str())))
                });
                if let Some(j) = acronym {
                    canonical[i] = j;
                }
            }
            EntityKind::Place => {}
        }
    }
    // Follow chains (a -> b -> c) to their end; chains are short and acyclic
    // because every step goes to a longer person name or to an acronym.
    for i in 0..canonical.len() {
        let mut c = canonical[i];
        let mut steps = 0;
        while canonical[c] != c && steps < 8 {
            c = canonical[c];
            steps += 1;
        }
        canonical[i] = c;
    }

    raws.iter()
        .zip(&kinds)
        .zip(&displays)
        .map(|((r, &k), d)| {
            let idx = pos.get(&(k, lower(d))).copied().unwrap_or(0);
            let c = canonical.get(idx).copied().unwrap_or(idx);
            let name = names.get(c).map_or_else(|| d.clone(), |n| n.1.clone());
            Mention {
                kind: k,
                start: r.start,
                end: r.end,
                text: text.get(r.start..r.end).unwrap_or("").to_string(),
                canonical: name,
            }
        })
        .collect()
}

fn kind_idx(k: EntityKind) -> usize {
    match k {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Org => 2,
    }
}

pub(crate) fn contains_seq(hay: &[String], needle: &[String]) -> bool {
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
    entities_of(&resolve(&text, &raws))
}

/// Groups mentions into entities, sorted by mentions (descending) then name.
pub(crate) fn entities_of(mentions: &[Mention]) -> Vec<Entity> {
    let mut map: Map<(EntityKind, String), Entity> = Map::default();
    for m in mentions {
        let e = map
            .entry((m.kind, m.canonical.clone()))
            .or_insert_with(|| Entity {
                kind: m.kind,
                name: m.canonical.clone(),
                aliases: Vec::new(),
                mentions: 0,
            });
        e.mentions += 1;
        let alias = display(m.kind, &m.text);
        if alias != e.name && !e.aliases.contains(&alias) {
            e.aliases.push(alias);
        }
    }
    let mut out: Vec<Entity> = map.into_values().collect();
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
    fn short_person_names_resolve_to_the_full_name() {
        let t = "Vladimir Putin datang. Putin bicara. Presiden Putin pergi.";
        let r = [
            raw(t, EntityKind::Person, "Vladimir Putin", 0),
            raw(t, EntityKind::Person, "Putin", 1),
            raw(t, EntityKind::Person, "Putin", 2),
        ];
        let m = resolve(t, &r);
        assert!(m.iter().all(|m| m.canonical == "Vladimir Putin"));
        let e = entities_of(&m);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].aliases, ["Putin"]);
        assert_eq!(e[0].mentions, 3);
    }

    #[test]
    fn acronym_is_canonical_for_its_long_form() {
        let t = "Perserikatan Bangsa-Bangsa (PBB) bersidang. PBB menolak.";
        let r = [
            raw(t, EntityKind::Org, "Perserikatan Bangsa-Bangsa", 0),
            raw(t, EntityKind::Org, "PBB", 0),
            raw(t, EntityKind::Org, "PBB", 1),
        ];
        let e = entities_of(&resolve(t, &r));
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
        let m = resolve(t, &r);
        assert!(m.iter().all(|m| m.kind == EntityKind::Place));
        assert!(m.iter().all(|m| m.canonical == "Jakarta"));
        assert_eq!(m[0].text, "JAKARTA");
        assert_eq!(display(EntityKind::Org, "KOMPAS"), "KOMPAS");
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
        let names: Vec<String> = entities_of(&resolve(t, &r))
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["Anies", "Bogor", "Cianjur"]);
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
