//! One entity, one entry, archive-wide: the resolution table that joins
//! the names an archive gives one entity (`Joko Widodo`, `Jokowi`;
//! `Amerika Serikat`, `AS`) so facets count it once, filters find it under
//! any of them and the article view names it the same way.
//!
//! Extraction names entities per article, and an article cannot know what
//! the rest of the archive calls the same person. So each build ends by
//! computing the table from three kinds of evidence:
//!
//! - the archive's own pairs: every alias an article records for a name
//!   (its brackets, `Joko Widodo (Jokowi)`, and its short forms),
//!   accumulated during builds in [`EntityEvidence`] and kept beside the
//!   index (`entity-evidence.json`), so an incremental build only adds its
//!   new articles' pairs;
//! - shipped tables of countries, provinces and state institutions
//!   (`data/entities/aliases-*.tsv`), whose first name is the one shown;
//! - name containment among people (`Habibie` ⊂ `BJ Habibie` ⊂
//!   `Bacharuddin Jusuf Habibie`), only when one containing name clearly
//!   dominates, and long forms of organisations whose initials spell an
//!   acronym the archive also uses;
//! - spelling: the old Indonesian spelling of a name beside the current one
//!   (`Soeharto`, `Suharto`; `Lembah Jordan`, `Lembah Yordan`), and a
//!   person's given name in its short form (`Benny Gantz`, `Benjamin
//!   Gantz`; `data/entities/given-name-variants.tsv`);
//! - areas named with their kind (`Kota Palu`, `Provinsi Maluku`) and
//!   without it, when the archive names only one kind of area so (`Kota
//!   Bogor` and `Kabupaten Bogor` stay apart, and `Bogor` joins neither).
//!
//! The same evidence shows what is no entity at all. A one-word "name"
//! that the archive mostly writes in lower case is a common word that
//! opened a sentence or a headline (`Santer`, "widespread"; `Laman`, "web
//! page"; `Udah`, "already"), however the tagger read it there: the
//! table lists it as a common word, and facets, an entity's companions and
//! the article view leave it out. A filter on it still matches.
//!
//! How often each name occurs comes from the index itself: the live
//! articles that carry it in the `entity` facet's fast column, counted in
//! one pass over the column. That pass grows with the archive (about 35 ms
//! for 22,000 articles and 150 ms for 220,000, on one core), where
//! walking each segment's dictionary grew with segments times names and
//! cost more at both sizes; and an article deleted or replaced by an
//! update stops counting at once. The rules' own cost follows the number
//! of distinct names.
//! Only entities with two or more names or spellings are stored
//! (`entities.json`); any other name stands for itself. Trade-off: evidence
//! counts of an article indexed twice (an upsert) are counted twice; the
//! counts only weigh one candidate against another, so this shifts no
//! decision unless one archive repeats the same articles many times.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher};

use super::schema::{Fields, fold_key};
use super::write_atomic;
use crate::entities::features::WordHasher;
use crate::entities::{Entity, EntityKind, contains_seq, initials, is_acronym};
use crate::{Error, Result};

/// The table, in the generation folder.
pub(super) const TABLE_FILE: &str = "entities.json";
/// The accumulated alias pairs, in the generation folder.
pub(super) const EVIDENCE_FILE: &str = "entity-evidence.json";
/// Version of both files' layout.
const FORMAT: u32 = 1;

/// Shipped alias tables: one entity per line, names separated by tabs.
const SHIPPED: [(EntityKind, &str); 2] = [
    (
        EntityKind::Place,
        include_str!("../../data/entities/aliases-places.tsv"),
    ),
    (
        EntityKind::Org,
        include_str!("../../data/entities/aliases-orgs.tsv"),
    ),
];

/// A name at most this many times rarer than another one letter apart
/// from it is no misspelling of it but a name of its own.
const MISSPELLING_RATIO: u64 = 4;

/// Short forms of given names: a line's first name, then its short forms.
const GIVEN_NAMES: &str = include_str!("../../data/entities/given-name-variants.tsv");

/// A one-word name is a common word when the articles that write it
/// capitalised (as a name, or where a sentence opens) are fewer than one in
/// this many of those that contain the word at all. Over the shared corpus
/// real one-word names sit far above it (`Wiranto`, `Agus`, `Budi`: all or
/// nearly all; `Teguh` 0.58, `Raihan` 0.28) and the words the tagger took
/// for names far below (`Santer` 0.19, `Udah` 0.12, `Laman` 0.06).
const COMMON_WORD_SHARE: u64 = 4;

/// Fewer articles than this containing a word say too little about how the
/// archive writes it.
const COMMON_WORD_MIN_ARTICLES: u64 = 10;

/// A name whose pairs point at several full names is joined to the first
/// only when the second has at most this share of its pairs (or, for
/// containment, of its articles).
const RIVAL_SHARE: f64 = 0.1;
/// A short name is joined to a longer one that contains it only when the
/// longer one has at least this share of the short one's articles: a short
/// name far more common than every name containing it is a name of its own
/// (`Jokowi` against `Barisan Relawan Jokowi`).
const CONTAINER_SHARE: f64 = 0.2;
/// Articles that must pair a short name with one entity before the pairs,
/// rather than the archive-wide containment rule, decide where it goes.
const MIN_PAIRS: u64 = 3;

/// Alias pairs seen in articles, with how many articles gave each.
///
/// The build adds each article's entities ([`EntityEvidence::add`]); the
/// index keeps the sum beside itself and merges each build's pairs into it.
///
/// ```
/// use newsidx::entities::{Entity, EntityKind};
/// use newsidx::index::EntityEvidence;
/// let mut ev = EntityEvidence::default();
/// let person = |name: &str| Entity {
///     kind: EntityKind::Person,
///     name: name.into(),
///     aliases: vec![],
///     mentions: 1,
/// };
/// ev.add(
///     &[person("Joko Widodo"), person("Jokowi")],
///     "Presiden Joko Widodo (Jokowi) tiba di Solo.",
/// );
/// assert_eq!(ev.len(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct EntityEvidence {
    /// (kind, name, alias) as written → articles whose extraction gave
    /// the pair. Extraction also pairs parts of names and names tagged
    /// together (`Anies Baswedan-Sandiaga Uno`), so these pairs are weighed.
    pairs: PairCounts,
    /// (kind, name, alias) → articles that write `name (alias)`: the
    /// archive saying outright that two names are one.
    brackets: PairCounts,
}

/// (kind, name, alias) → articles, hashed with [`WordHasher`]: a build adds
/// a few pairs for every article, and the keys are short names of our own
/// data.
type PairCounts =
    HashMap<(EntityKind, String, String), u64, std::hash::BuildHasherDefault<WordHasher>>;

type PairRow = (EntityKind, String, String, u64);

#[derive(Serialize, Deserialize)]
struct EvidenceFile {
    format: u32,
    /// `[kind, name, alias, articles]`, sorted.
    pairs: Vec<PairRow>,
    #[serde(default)]
    brackets: Vec<PairRow>,
}

fn rows(map: &PairCounts) -> Vec<PairRow> {
    let mut rows: Vec<PairRow> = map
        .iter()
        .map(|((k, n, a), c)| (*k, n.clone(), a.clone(), *c))
        .collect();
    rows.sort();
    rows
}

/// Function words an acronym skips (`Badan Meteorologi, Klimatologi, dan
/// Geofisika (BMKG)`).
const ACRONYM_SKIPS: &[&str] = &[
    "dan", "dari", "untuk", "di", "ke", "the", "of", "and", "for",
];

/// The words just before a bracket whose initials spell `acronym`
/// (`Komisi Hukum Dewan Perwakilan Rakyat (DPR)` → `Dewan Perwakilan
/// Rakyat`), each starting with a capital; parts of a hyphenated word count
/// as words (`Perserikatan Bangsa-Bangsa (PBB)`).
fn spelled_before<'t>(before: &'t str, acronym: &str) -> Option<&'t str> {
    let letters: Vec<char> = acronym.chars().flat_map(char::to_lowercase).collect();
    let mut need = letters.len();
    if need < 2 {
        return None;
    }
    let end = before
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .len();
    let mut pos = end;
    let mut start = None;
    // Words backwards, split at spaces and hyphens.
    for (i, word) in before
        .get(..end)?
        .rsplit(|c: char| c.is_whitespace() || c == '-')
        .enumerate()
    {
        let word_start = pos.checked_sub(word.len())?;
        pos = word_start.saturating_sub(1);
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric());
        if clean.is_empty() || i > 12 {
            if clean.is_empty() {
                continue;
            }
            return None;
        }
        if ACRONYM_SKIPS.contains(&clean.to_lowercase().as_str()) {
            continue;
        }
        let first = clean.chars().next()?;
        let want = *letters.get(need - 1)?;
        if !first.is_uppercase() || first.to_lowercase().next() != Some(want) {
            return None;
        }
        need -= 1;
        if need == 0 {
            start = Some(word_start);
            break;
        }
    }
    before.get(start?..end).map(str::trim)
}

/// Pairs `name (alias)` an article writes: an acronym in brackets after
/// the words it spells (`Amerika Serikat (AS)`, both of one kind in the
/// article), or two names of people (`Joko Widodo (Jokowi)`). Other
/// brackets after places and organisations say where or which (`Surabaya
/// (Jawa Timur)`), not who, and are not pairs.
fn bracket_pairs(entities: &[Entity], text: &str) -> Vec<(EntityKind, String, String)> {
    let mut out = Vec::new();
    // Where a bracket opens after a space: found by the bracket (a byte
    // search), not by the two-byte string, which costs a substring search.
    let opens: Vec<usize> = text
        .match_indices('(')
        .filter_map(|(i, _)| i.checked_sub(1))
        .filter(|&i| text.as_bytes().get(i) == Some(&b' '))
        .collect();
    if opens.is_empty() {
        return out;
    }
    let forms: Vec<(EntityKind, &str)> = entities
        .iter()
        .flat_map(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(|n| (e.kind, n.as_str()))
        })
        .filter(|(_, n)| n.chars().count() >= 2)
        .collect();
    // Folded once per article, not once per bracket.
    let folded: Vec<String> = forms.iter().map(|(_, f)| fold_key(f)).collect();
    let kind_of = |name: &str| {
        let name = fold_key(name);
        folded
            .iter()
            .position(|f| *f == name)
            .and_then(|i| forms.get(i))
            .map(|(k, _)| *k)
    };
    for pos in opens {
        let (Some(before), Some(after)) = (text.get(..pos), text.get(pos + 2..)) else {
            continue;
        };
        let Some(close) = after.get(..after.len().min(80)).and_then(|a| a.find(')')) else {
            continue;
        };
        let inner = after.get(..close).unwrap_or("").trim();
        if inner.is_empty() {
            continue;
        }
        if is_acronym(inner) {
            if let Some(long) = spelled_before(before, inner)
                && let Some(kind) = kind_of(inner).or_else(|| kind_of(long))
            {
                out.push((kind, long.to_string(), inner.to_string()));
            }
            continue;
        }
        if let Some(long) = syllabic_long_form(&forms, before, inner)
            && kind_of(inner) == Some(EntityKind::Org)
        {
            out.push((EntityKind::Org, long.to_string(), inner.to_string()));
            continue;
        }
        let person = name_ending(&forms, EntityKind::Person, before);
        // A person's other name is a nickname or a shorter form (`Ahok`,
        // `Gus Dur`, `BJ Habibie`); a longer bracket after a person says
        // whom they race or play for (`Andrea Dovizioso (Mission Winnow
        // Ducati)`), even where the tagger took the team for a person, or
        // whom an actor plays (`Ahn Hyo Seop (Yoo Chan)`), and is the same
        // name only if it shares a word past the first: Korean names share
        // family names (`Kim So Hyun (Kim Jo Jo)`, an actor and her role).
        let other_name = |name: &str| {
            inner.split_whitespace().count() <= 2
                || inner.split_whitespace().skip(1).any(|w| {
                    name.split_whitespace()
                        .skip(1)
                        .any(|n| n.eq_ignore_ascii_case(w))
                })
        };
        if let Some(name) = person
            && kind_of(inner) == Some(EntityKind::Person)
            && fold_key(inner) != fold_key(name)
            && other_name(name)
        {
            out.push((EntityKind::Person, name.to_string(), inner.to_string()));
        }
    }
    out
}

/// The organisation right before a bracket that the bracket shortens by
/// syllables, the way Indonesian shortens the names of state bodies
/// (`Kementerian Perhubungan (Kemenhub)`, `Badan Perencanaan Pembangunan
/// Nasional (Bappenas)`): the short form is one capitalised word of four
/// letters or more, not all capitals, whose letters are those of the long
/// form in order, from its first letter, some from every word but joining
/// words (`dan`). The long form is the organisation the article found
/// there, or the longest of its word-final parts that spells the short
/// form (`Direktorat Jenderal Perhubungan Udara Kementerian Perhubungan`
/// gives `Kementerian Perhubungan`).
fn syllabic_long_form<'f>(
    forms: &[(EntityKind, &'f str)],
    before: &str,
    short: &str,
) -> Option<&'f str> {
    if short.chars().count() < 4
        || !short.chars().all(char::is_alphabetic)
        || !short.starts_with(char::is_uppercase)
        || !short.chars().any(char::is_lowercase)
    {
        return None;
    }
    let found = name_ending(forms, EntityKind::Org, before)?;
    let want: Vec<char> = short.chars().flat_map(char::to_lowercase).collect();
    found
        .char_indices()
        .filter(|&(i, _)| i == 0 || found[..i].ends_with(' '))
        .map(|(i, _)| &found[i..])
        .find(|long| long.contains(' ') && spells_by_syllables(long, &want))
}

/// The longest name of `kind` that `before` ends with, as a whole word.
fn name_ending<'f>(
    forms: &[(EntityKind, &'f str)],
    kind: EntityKind,
    before: &str,
) -> Option<&'f str> {
    forms
        .iter()
        .filter(|(k, f)| {
            *k == kind
                && before.ends_with(f)
                && before[..before.len() - f.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .map(|(_, f)| *f)
        .max_by_key(|f| f.len())
}

fn spells_by_syllables(long: &str, want: &[char]) -> bool {
    if long.chars().next().and_then(|c| c.to_lowercase().next()) != want.first().copied() {
        return false;
    }
    let mut at = 0;
    for word in long.split_whitespace() {
        if ACRONYM_SKIPS.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        let before = at;
        for c in word.chars().flat_map(char::to_lowercase) {
            if want.get(at) == Some(&c) {
                at += 1;
            }
        }
        if at == before {
            return false;
        }
    }
    at == want.len()
}

/// The alias pairs one article gives, found on their own so that a build
/// can find them for many articles at once and add them up in one place
/// ([`EntityEvidence::add_pairs`]).
#[derive(Debug, Clone, Default)]
pub struct ArticlePairs {
    pairs: Vec<(EntityKind, String, String)>,
    brackets: Vec<(EntityKind, String, String)>,
}

impl ArticlePairs {
    /// The pairs of an article's `entities`, and the names its `text` joins
    /// by a bracket (`Joko Widodo (Jokowi)`).
    pub fn of(entities: &[Entity], text: &str) -> ArticlePairs {
        let mut pairs = Vec::new();
        for e in entities {
            for alias in &e.aliases {
                if alias.trim().is_empty() || same_key(alias, &e.name) {
                    continue;
                }
                pairs.push((e.kind, e.name.clone(), alias.clone()));
            }
        }
        ArticlePairs {
            pairs,
            brackets: bracket_pairs(entities, text),
        }
    }
}

/// Whether `a` and `b` have the same [`fold_key`], without building either.
fn same_key(a: &str, b: &str) -> bool {
    fn folded(s: &str) -> impl Iterator<Item = Option<char>> + '_ {
        s.split_whitespace()
            .flat_map(|w| {
                std::iter::once(None).chain(w.chars().flat_map(char::to_lowercase).map(Some))
            })
            .skip(1)
    }
    folded(a).eq(folded(b))
}

impl EntityEvidence {
    /// Records the alias pairs of one article: those of its entities, and
    /// the names its `text` joins by a bracket (`Joko Widodo (Jokowi)`).
    pub fn add(&mut self, entities: &[Entity], text: &str) {
        self.add_pairs(ArticlePairs::of(entities, text));
    }

    /// Records one article's pairs, found by [`ArticlePairs::of`].
    pub fn add_pairs(&mut self, article: ArticlePairs) {
        for pair in article.brackets {
            *self.brackets.entry(pair).or_default() += 1;
        }
        for pair in article.pairs {
            *self.pairs.entry(pair).or_default() += 1;
        }
    }

    /// Adds another accumulator's pairs to this one.
    pub fn merge(&mut self, other: &EntityEvidence) {
        for (k, n) in &other.pairs {
            *self.pairs.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &other.brackets {
            *self.brackets.entry(k.clone()).or_default() += n;
        }
    }

    /// Distinct pairs.
    pub fn len(&self) -> usize {
        self.pairs.len() + self.brackets.len()
    }

    /// Whether no pair was seen.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty() && self.brackets.is_empty()
    }

    /// The pairs kept in a generation folder; none when there is no file.
    pub(super) fn load(dir: &Path) -> Result<EntityEvidence> {
        let path = dir.join(EVIDENCE_FILE);
        let raw = match std::fs::read_to_string(&path) {
            Ok(raw) => raw,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(EntityEvidence::default());
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        let file: EvidenceFile = serde_json::from_str(&raw).map_err(|e| Error::BadIndex {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if file.format != FORMAT {
            return Ok(EntityEvidence::default());
        }
        let map = |rows: Vec<PairRow>| {
            rows.into_iter()
                .map(|(k, n, a, c)| ((k, n, a), c))
                .collect()
        };
        Ok(EntityEvidence {
            pairs: map(file.pairs),
            brackets: map(file.brackets),
        })
    }

    /// Writes the pairs to a generation folder, atomically.
    pub(super) fn save(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_string(&EvidenceFile {
            format: FORMAT,
            pairs: rows(&self.pairs),
            brackets: rows(&self.brackets),
        })
        .map_err(|e| Error::Invalid(e.to_string()))?;
        write_atomic(&dir.join(EVIDENCE_FILE), json.as_bytes())
    }
}

/// One entity the archive gives several names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityCluster {
    /// Its type.
    pub kind: EntityKind,
    /// The name shown: the first name of a shipped table when the archive
    /// uses it, else the most frequent full form (for people a name of two
    /// words or more, for places a name that is not an acronym), else the
    /// most frequent name.
    pub name: String,
    /// The other names, most frequent first, one spelling each.
    pub aliases: Vec<String>,
    /// Every spelling of every name as the index holds it (case variants
    /// included): what filters look up.
    pub forms: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct TableFile {
    format: u32,
    clusters: Vec<EntityCluster>,
    /// Names that are common words (see [`COMMON_WORD_SHARE`]), sorted;
    /// absent from tables written before the rule.
    #[serde(default)]
    common_words: Vec<(EntityKind, String)>,
}

/// No cluster: the name stands for itself.
pub(crate) const NO_CLUSTER: u32 = u32::MAX;

/// The archive's resolution table: which names are one entity.
/// Loaded once per opened index; lookups are hash lookups.
#[derive(Debug, Default)]
pub struct EntityTable {
    clusters: Vec<EntityCluster>,
    /// Names that are common words, as stored (sorted).
    common_words: Vec<(EntityKind, String)>,
    /// Built on the first lookup: a search without facets, entity filters
    /// or articles' entities never makes one, and making them was a third
    /// of a `newsidx search` process on the shared corpus's index.
    lookups: OnceLock<Lookups>,
    /// Cluster of each term ordinal of a segment's `entity` column, built
    /// the first time the segment is counted.
    segments: Mutex<HashMap<SegmentId, Arc<Vec<u32>>>>,
    /// Modification time of the file it was read from.
    stamp: Option<std::time::SystemTime>,
}

/// The hash maps of an [`EntityTable`].
#[derive(Debug, Default)]
struct Lookups {
    by_key: HashMap<(EntityKind, String), u32, WordHash>,
    /// Encoded facet term (`person\0Jokowi`) of every spelling → cluster:
    /// counting looks terms up as the index holds them, without folding.
    by_facet: HashMap<String, u32, WordHash>,
    /// The common words by folded key.
    common_keys: HashSet<(EntityKind, String), WordHash>,
}

impl Lookups {
    fn of(clusters: &[EntityCluster], common_words: &[(EntityKind, String)]) -> Lookups {
        let names: usize = clusters
            .iter()
            .map(|c| c.forms.len() + c.aliases.len() + 1)
            .sum();
        let forms: usize = clusters.iter().map(|c| c.forms.len()).sum();
        let mut by_key = HashMap::with_capacity_and_hasher(names, WordHash::default());
        let mut by_facet = HashMap::with_capacity_and_hasher(forms, WordHash::default());
        let mut facet = String::new();
        for (i, c) in clusters.iter().enumerate() {
            let Ok(id) = u32::try_from(i) else { break };
            for form in c.forms.iter().chain(&c.aliases).chain([&c.name]) {
                by_key.entry((c.kind, fold_key(form))).or_insert(id);
            }
            for form in &c.forms {
                facet.clear();
                facet.push_str(c.kind.as_str());
                facet.push('\u{0}');
                facet.push_str(form);
                if !by_facet.contains_key(facet.as_str()) {
                    by_facet.insert(facet.clone(), id);
                }
            }
        }
        let common_keys = common_words
            .iter()
            .map(|(kind, name)| (*kind, fold_key(name)))
            .collect();
        Lookups {
            by_key,
            by_facet,
            common_keys,
        }
    }
}

fn table_stamp(dir: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(dir.join(TABLE_FILE))
        .and_then(|m| m.modified())
        .ok()
}

impl EntityTable {
    fn from_clusters(
        clusters: Vec<EntityCluster>,
        common_words: Vec<(EntityKind, String)>,
    ) -> EntityTable {
        EntityTable {
            clusters,
            common_words,
            lookups: OnceLock::new(),
            segments: Mutex::new(HashMap::new()),
            stamp: None,
        }
    }

    fn lookups(&self) -> &Lookups {
        self.lookups
            .get_or_init(|| Lookups::of(&self.clusters, &self.common_words))
    }

    /// The table stored in a generation folder; an empty one when there is
    /// none (an index from before tables existed).
    pub(super) fn load(dir: &Path) -> Result<EntityTable> {
        let path = dir.join(TABLE_FILE);
        let stamp = table_stamp(dir);
        let raw = match std::fs::read_to_string(&path) {
            Ok(raw) => raw,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(EntityTable::default());
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        let file: TableFile = serde_json::from_str(&raw).map_err(|e| Error::BadIndex {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if file.format != FORMAT {
            return Ok(EntityTable::default());
        }
        let mut table = EntityTable::from_clusters(file.clusters, file.common_words);
        table.stamp = stamp;
        Ok(table)
    }

    fn save(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_string(&TableFile {
            format: FORMAT,
            clusters: self.clusters.clone(),
            common_words: self.common_words.clone(),
        })
        .map_err(|e| Error::Invalid(e.to_string()))?;
        write_atomic(&dir.join(TABLE_FILE), json.as_bytes())
    }

    /// Entities with more than one name.
    pub fn clusters(&self) -> &[EntityCluster] {
        &self.clusters
    }

    /// The entity `kind: name` belongs to, by any of its names in any case.
    pub fn cluster_of(&self, kind: EntityKind, name: &str) -> Option<&EntityCluster> {
        self.lookups()
            .by_key
            .get(&(kind, fold_key(name)))
            .and_then(|&i| self.clusters.get(i as usize))
    }

    /// Whether `kind: name` (any case) is a word the archive mostly writes
    /// in lower case, and so no entity (see the module docs). Facets, an
    /// entity's companions and the article view leave such names out.
    pub fn is_common_word(&self, kind: EntityKind, name: &str) -> bool {
        if self.common_words.is_empty() {
            return false;
        }
        self.lookups().common_keys.contains(&(kind, fold_key(name)))
    }

    /// Every name judged a common word, sorted by kind and name.
    pub fn common_words(&self) -> &[(EntityKind, String)] {
        &self.common_words
    }

    pub(crate) fn cluster(&self, id: u32) -> Option<&EntityCluster> {
        self.clusters.get(id as usize)
    }

    /// The cluster of each term ordinal of a segment's `entity` column
    /// ([`NO_CLUSTER`] for a name that stands alone), computed once per
    /// segment with one walk of its dictionary.
    pub(crate) fn segment_clusters(&self, segment: SegmentId, column: &StrColumn) -> Arc<Vec<u32>> {
        if let Ok(cache) = self.segments.lock()
            && let Some(map) = cache.get(&segment)
        {
            return Arc::clone(map);
        }
        let mut map = vec![NO_CLUSTER; column.num_terms()];
        if !self.clusters.is_empty()
            && let Ok(mut terms) = column.dictionary().stream()
        {
            let by_facet = &self.lookups().by_facet;
            while terms.advance() {
                let ord = usize::try_from(terms.term_ord()).unwrap_or(usize::MAX);
                let Some(slot) = map.get_mut(ord) else { break };
                if let Some(&id) = std::str::from_utf8(terms.key())
                    .ok()
                    .and_then(|key| by_facet.get(key))
                {
                    *slot = id;
                }
            }
        }
        let map = Arc::new(map);
        if let Ok(mut cache) = self.segments.lock() {
            cache.insert(segment, Arc::clone(&map));
        }
        map
    }

    /// Names one article's entities by the table: each takes its entity's
    /// name, keeps the other names the article wrote as aliases, and two
    /// entities of the article that are one are joined (mentions added).
    pub fn resolve_article(&self, entities: Vec<Entity>) -> Vec<Entity> {
        let mut out: Vec<Entity> = Vec::with_capacity(entities.len());
        for e in entities {
            if self.is_common_word(e.kind, &e.name) {
                continue;
            }
            let cluster = self
                .cluster_of(e.kind, &e.name)
                .or_else(|| e.aliases.iter().find_map(|a| self.cluster_of(e.kind, a)));
            let Some(c) = cluster else {
                out.push(e);
                continue;
            };
            let canonical = fold_key(&c.name);
            let mut written: Vec<String> = std::iter::once(e.name)
                .chain(e.aliases)
                .filter(|n| fold_key(n) != canonical)
                .collect();
            match out
                .iter_mut()
                .find(|o| o.kind == e.kind && o.name == c.name)
            {
                Some(o) => {
                    o.mentions += e.mentions;
                    written.retain(|n| !o.aliases.iter().any(|a| fold_key(a) == fold_key(n)));
                    o.aliases.append(&mut written);
                }
                None => {
                    let mut aliases: Vec<String> = Vec::with_capacity(written.len());
                    for n in written {
                        if !aliases.iter().any(|a| fold_key(a) == fold_key(&n)) {
                            aliases.push(n);
                        }
                    }
                    out.push(Entity {
                        kind: e.kind,
                        name: c.name.clone(),
                        aliases,
                        mentions: e.mentions,
                    });
                }
            }
        }
        out.sort_by_key(|e| std::cmp::Reverse(e.mentions));
        out
    }
}

/// `person\0Joko Widodo` → (person, `Joko Widodo`).
pub(crate) fn split_facet(encoded: &str) -> Option<(EntityKind, &str)> {
    let (kind, name) = encoded.split_once('\u{0}')?;
    Some((EntityKind::parse(kind)?, name))
}

/// A name the table reasons about: every spelling of one folded key.
struct Node {
    kind: EntityKind,
    /// Spellings with their article counts, most frequent first once sorted.
    spellings: Vec<(String, u64)>,
    /// Articles whose facets carry it (summed over spellings).
    df: u64,
    /// First name of a shipped table line.
    preferred: bool,
}

impl Node {
    fn shown(&self) -> &str {
        self.spellings.first().map_or("", |(s, _)| s.as_str())
    }
}

/// Maps keyed by our own short names and numbers, hashed with
/// [`WordHasher`]: the table is worked out on one thread at the end of
/// every build, and SipHash was a good part of its cost.
type WordHash = std::hash::BuildHasherDefault<WordHasher>;

struct Names {
    nodes: Vec<Node>,
    by_key: HashMap<(EntityKind, String), usize, WordHash>,
}

impl Names {
    fn id(&mut self, kind: EntityKind, spelling: &str) -> usize {
        let key = (kind, fold_key(spelling));
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        let i = self.nodes.len();
        self.nodes.push(Node {
            kind,
            spellings: vec![(spelling.trim().to_string(), 0)],
            df: 0,
            preferred: false,
        });
        self.by_key.insert(key, i);
        i
    }

    fn get(&self, kind: EntityKind, name: &str) -> Option<usize> {
        self.by_key.get(&(kind, fold_key(name))).copied()
    }
}

/// Disjoint sets of names, each root knowing the article count of its
/// most frequent name.
struct UnionFind {
    parent: Vec<usize>,
    heaviest: Vec<u64>,
}

impl UnionFind {
    fn new(nodes: &[Node]) -> UnionFind {
        UnionFind {
            parent: (0..nodes.len()).collect(),
            heaviest: nodes.iter().map(|n| n.df).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            let grand = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = grand;
            }
            i = p;
        }
        i
    }

    /// Article count of the most frequent name of `root`'s set.
    fn heaviest(&self, root: usize) -> u64 {
        self.heaviest.get(root).copied().unwrap_or(0)
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (root, child) = (ra.min(rb), ra.max(rb));
        let heavy = self.heaviest(ra).max(self.heaviest(rb));
        if let Some(slot) = self.parent.get_mut(child) {
            *slot = root;
        }
        if let Some(slot) = self.heaviest.get_mut(root) {
            *slot = heavy;
        }
    }
}

impl super::Index {
    /// The resolution table of this index as last built or loaded.
    pub fn entity_table(&self) -> Arc<EntityTable> {
        match self.entity_table.read() {
            Ok(t) => Arc::clone(&t),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Whether the stored table differs from the one loaded.
    pub(super) fn entity_table_changed(&self) -> bool {
        table_stamp(&self.generation) != self.entity_table().stamp
    }

    /// Rereads the table from the generation folder (after another
    /// process's build committed).
    pub(super) fn reload_entity_table(&self) -> Result<()> {
        let table = Arc::new(EntityTable::load(&self.generation)?);
        match self.entity_table.write() {
            Ok(mut t) => *t = table,
            Err(poisoned) => *poisoned.into_inner() = table,
        }
        Ok(())
    }

    /// Adds a build's alias pairs to those kept with the index, recomputes
    /// the resolution table from them, the shipped tables and the names in
    /// the index, and stores both. Call after the build's commit, with the
    /// reader reloaded.
    pub(super) fn update_entity_table(&self, new: &EntityEvidence) -> Result<()> {
        let mut evidence = EntityEvidence::load(&self.generation)?;
        evidence.merge(new);
        let table = compute_table(&self.reader.searcher(), &self.fields, &evidence)?;
        evidence.save(&self.generation)?;
        table.save(&self.generation)?;
        let mut table = table;
        table.stamp = table_stamp(&self.generation);
        match self.entity_table.write() {
            Ok(mut t) => *t = Arc::new(table),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(table),
        }
        Ok(())
    }
}

/// Every entity name in the index with its article count: the live
/// articles of each segment that carry it in the `entity` facet's column.
///
/// Counted from the column rather than read as document frequencies from
/// the facet's term dictionary: walking that dictionary cost about 2,500
/// instructions a term, a third of the table's time, and its counts
/// include articles deleted since the segment was written (an update
/// replaces an article by deleting the old one).
fn index_names(searcher: &Searcher, fields: &Fields) -> Result<Names> {
    let mut names = Names {
        nodes: Vec::new(),
        by_key: HashMap::default(),
    };
    let field = fields.schema.get_field_name(fields.entity);
    // Summed over segments first and numbered in sorted order: ties between
    // names are broken by number, and the order of segments varies from
    // one build to the next.
    let mut counts: std::collections::BTreeMap<(EntityKind, String), u64> = Default::default();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str(field)? else {
            continue;
        };
        let terms = column.num_terms();
        let mut df = vec![0u64; terms];
        // An article counts once per name, however often the column
        // holds it.
        let mut last = vec![DocId::MAX; terms];
        for doc in segment.doc_ids_alive() {
            for ord in column.term_ords(doc) {
                let Ok(i) = usize::try_from(ord) else {
                    continue;
                };
                if let (Some(n), Some(l)) = (df.get_mut(i), last.get_mut(i))
                    && *l != doc
                {
                    *l = doc;
                    *n += 1;
                }
            }
        }
        let mut stream = column
            .dictionary()
            .stream()
            .map_err(|e| Error::Invalid(format!("entity dictionary: {e}")))?;
        while stream.advance() {
            let ord = usize::try_from(stream.term_ord()).unwrap_or(usize::MAX);
            let Some(&n) = df.get(ord).filter(|&&n| n > 0) else {
                continue;
            };
            let Some((kind, name)) = std::str::from_utf8(stream.key()).ok().and_then(split_facet)
            else {
                continue;
            };
            *counts.entry((kind, name.to_string())).or_default() += n;
        }
    }
    for ((kind, name), df) in counts {
        let i = names.id(kind, &name);
        if let Some(node) = names.nodes.get_mut(i) {
            node.df += df;
            match node.spellings.iter_mut().find(|(s, _)| *s == name) {
                Some((_, n)) => *n += df,
                None => node.spellings.push((name, df)),
            }
        }
    }
    Ok(names)
}

/// Computes the resolution table (see the module docs for the rules).
pub(super) fn compute_table(
    searcher: &Searcher,
    fields: &Fields,
    evidence: &EntityEvidence,
) -> Result<EntityTable> {
    let mut names = index_names(searcher, fields)?;
    // Shipped tables: the names of a line that the archive uses.
    let mut shipped_links: Vec<(usize, usize)> = Vec::new();
    for (kind, text) in SHIPPED {
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let present: Vec<(usize, bool)> = line
                .split('\t')
                .enumerate()
                .filter_map(|(col, n)| names.get(kind, n).map(|i| (i, col == 0)))
                .collect();
            for &(i, first) in &present {
                if first && let Some(node) = names.nodes.get_mut(i) {
                    node.preferred = true;
                }
            }
            for w in present.windows(2) {
                if let [(a, _), (b, _)] = w {
                    shipped_links.push((*a, *b));
                }
            }
        }
    }
    // Alias pairs: each alias goes to the name most of its pairs give.
    let mut weak: HashMap<usize, HashMap<usize, u64, WordHash>, WordHash> = HashMap::default();
    let mut strong: HashMap<usize, HashMap<usize, u64, WordHash>, WordHash> = HashMap::default();
    for (map, into) in [
        (&evidence.pairs, &mut weak),
        (&evidence.brackets, &mut strong),
    ] {
        // In sorted order: names new to the table get their numbers here,
        // and ties between rival names are broken by number, so the table
        // must not depend on the map's order.
        for (kind, name, alias, count) in rows(map) {
            let n = names.id(kind, &name);
            let a = names.id(kind, &alias);
            if n != a {
                *into.entry(a).or_default().entry(n).or_default() += count;
            }
        }
    }
    for node in &mut names.nodes {
        node.spellings
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    let nodes = &names.nodes;
    let mut uf = UnionFind::new(nodes);
    let mut shipped: HashSet<usize> = HashSet::new();
    for (a, b) in shipped_links {
        uf.union(a, b);
        shipped.insert(a);
        shipped.insert(b);
    }
    // Names of the shipped tables take no aliases from the archive: its
    // other uses of `DKI` (`Dono, Kasino, Indro`) or `PBB` (`Pajak Bumi dan
    // Bangunan`) are other entities.
    let free = |a: usize, n: usize| !shipped.contains(&a) && !shipped.contains(&n);
    for (a, n) in dominant_targets(&strong) {
        // Brackets between people's names also hold nicknames of groups
        // and one-off asides: one article is not enough.
        let kind = nodes.get(a).map(|x| x.kind);
        let count = strong
            .get(&a)
            .and_then(|to| to.get(&n))
            .copied()
            .unwrap_or(0);
        if !free(a, n) || kind == Some(EntityKind::Person) && count < 2 {
            continue;
        }
        uf.union(a, n);
    }
    let person_words = |i: usize| {
        nodes
            .get(i)
            .filter(|n| n.kind == EntityKind::Person)
            .map(|n| name_words(n.shown()))
    };
    // Places and organisations: only an acronym and the words it spells
    // are the same entity; each acronym goes with its dominant long form
    // (`PBB` and `Perserikatan Bangsa-Bangsa`, not `Partai Bulan Bintang`).
    let mut by_acronym: HashMap<usize, HashMap<usize, u64, WordHash>, WordHash> =
        HashMap::default();
    for (&a, to) in &weak {
        for (&n, &count) in to {
            let (Some(alias), Some(name)) = (nodes.get(a), nodes.get(n)) else {
                continue;
            };
            if alias.kind == EntityKind::Person {
                continue;
            }
            let spells = |acr: &Node, long: &Node| {
                is_acronym(acr.shown())
                    && initials(long.shown()).is_some_and(|i| i == acr.shown().to_lowercase())
            };
            if spells(alias, name) {
                *by_acronym.entry(a).or_default().entry(n).or_default() += count;
            } else if spells(name, alias) {
                *by_acronym.entry(n).or_default().entry(a).or_default() += count;
            }
        }
    }
    for (acronym, long) in dominant_targets(&by_acronym) {
        if free(acronym, long) {
            uf.union(acronym, long);
        }
    }
    link_spelling_variants(nodes, &mut uf);
    link_person_variants(nodes, &mut uf);
    // People's aliases, counted by entity, so that the pairs of a name's
    // spellings (`Laode M Syarif`, `Laode Muhammad Syarif`) add up.
    let mut person_pairs: HashMap<usize, HashMap<usize, u64, WordHash>, WordHash> =
        HashMap::default();
    let mut by_pair: Vec<(usize, usize, u64)> = weak
        .iter()
        .filter(|(a, _)| nodes.get(**a).is_some_and(|x| x.kind == EntityKind::Person))
        .flat_map(|(&a, to)| to.iter().map(move |(&n, &c)| (a, n, c)))
        .collect();
    by_pair.sort_unstable();
    for (a, n, count) in by_pair {
        let root = uf.find(n);
        *person_pairs.entry(a).or_default().entry(root).or_default() += count;
    }
    // Short names the pairs placed: containment does not move them again.
    let mut paired: HashSet<usize> = HashSet::new();
    for (a, root) in dominant_targets(&person_pairs) {
        let Some(alias) = nodes.get(a) else {
            continue;
        };
        let mut targets: Vec<usize> = weak
            .get(&a)
            .map(|to| to.keys().copied().collect())
            .unwrap_or_default();
        targets.retain(|&n| uf.find(n) == root);
        // A name far rarer than its alias is a compound or a longer
        // mention (`Anies Baswedan-Sandiaga Uno`, `Relawan Jokowi Mania`),
        // not the same entity.
        let named = targets
            .iter()
            .filter_map(|&n| nodes.get(n))
            .map(|n| n.df)
            .max()
            .unwrap_or(0);
        if (named as f64) < CONTAINER_SHARE * alias.df as f64 {
            continue;
        }
        // Part of a person's name (`Prabowo` of `Prabowo Subianto`): the
        // pairs decide when articles often give it as that entity's short
        // form (and never, or seldom, as another's); otherwise the
        // archive-wide containment rule does, weighing every name that
        // contains it (`Edhy Prabowo` too). A short form that is never a
        // name of its own in the index (`Marwata`) is not weighed by
        // containment: its pairs are all there is.
        let count = person_pairs
            .get(&a)
            .and_then(|to| to.get(&root))
            .copied()
            .unwrap_or(0);
        if count < MIN_PAIRS
            && alias.df > 0
            && let Some(short) = person_words(a)
            && targets
                .into_iter()
                .filter_map(person_words)
                .any(|long| contained(&long, &short))
        {
            continue;
        }
        uf.union(a, root);
        paired.insert(a);
    }
    link_org_long_forms(nodes, &shipped, &mut uf);
    link_area_prefixes(&names, &mut uf);
    link_contained_people(nodes, &paired, &mut uf);
    let common = common_words(searcher, fields, nodes, &mut uf);
    Ok(EntityTable::from_clusters(clusters(nodes, &mut uf), common))
}

/// The names that stand alone (no other name joined to them) and are one
/// word the archive mostly writes in lower case ([`is_common_word`]),
/// unless the bundled lists know the word as a name of that kind (`Batang`
/// and `Lahat` are regencies, `Antara` and `Detik` news outlets).
fn common_words(
    searcher: &Searcher,
    fields: &Fields,
    nodes: &[Node],
    uf: &mut UnionFind,
) -> Vec<(EntityKind, String)> {
    let mut members: HashMap<usize, usize, WordHash> = HashMap::default();
    for i in 0..nodes.len() {
        *members.entry(uf.find(i)).or_default() += 1;
    }
    let gaz = crate::entities::gazetteer::Gazetteer::bundled();
    let df = |field: tantivy::schema::Field, text: &str| {
        searcher
            .doc_freq(&tantivy::Term::from_field_text(field, text))
            .unwrap_or(0)
    };
    let mut out = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        let word = node.shown();
        // Plain letters in Title Case or capitals only. The folded word is
        // then its lower case; digits or marks (`GP19`, `Al-Maliki`) make
        // no word of the language; and a name the archive spells in lower
        // case (an archive typed without capitals has no name forms to
        // weigh) or with inner capitals (`IHeartRadio`, which has no name
        // form) is left alone.
        let rest = word.get(1..).unwrap_or("");
        if node.df == 0
            || word.len() < 2
            || !word.bytes().all(|b| b.is_ascii_alphabetic())
            || !word.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
            || !(rest.bytes().all(|b| b.is_ascii_lowercase())
                || rest.bytes().all(|b| b.is_ascii_uppercase()))
            || members.get(&uf.find(i)).is_some_and(|&n| n > 1)
        {
            continue;
        }
        let folded = word.to_ascii_lowercase();
        if crate::entities::gazetteer::kind_of(gaz.lookup(&folded)) == Some(node.kind) {
            continue;
        }
        let all = df(fields.body_exact, &folded);
        if all < COMMON_WORD_MIN_ARTICLES {
            continue;
        }
        let Some(name_form) = crate::analysis::name_term(&folded) else {
            continue;
        };
        if is_common_word(df(fields.body, &name_form), all) {
            out.push((node.kind, word.to_string()));
        }
    }
    out.sort();
    out
}

/// Whether a word that `capitalised` of the `all` articles containing it
/// write with a capital is a common word: at least
/// [`COMMON_WORD_MIN_ARTICLES`] articles, and capitals in fewer than one
/// in [`COMMON_WORD_SHARE`].
fn is_common_word(capitalised: u64, all: u64) -> bool {
    all >= COMMON_WORD_MIN_ARTICLES && capitalised.saturating_mul(COMMON_WORD_SHARE) < all
}

/// For each alias, the name most of its pairs point at, when no other
/// name has more than [`RIVAL_SHARE`] of them (and more than one); in a
/// stable order.
fn dominant_targets(
    targets: &HashMap<usize, HashMap<usize, u64, WordHash>, WordHash>,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (&alias, to) in targets {
        let mut ranked: Vec<(u64, usize)> = to.iter().map(|(&n, &c)| (c, n)).collect();
        ranked.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
        let Some(&(top, name)) = ranked.first() else {
            continue;
        };
        // A single stray pair (`RI Bambang Soesatyo (Bamsoet)`) is no rival.
        let rival = ranked.get(1).map_or(0, |r| r.0);
        if rival < 2 || (rival as f64) <= RIVAL_SHARE * top as f64 {
            out.push((alias, name));
        }
    }
    out.sort_unstable();
    out
}

/// An organisation's long form joins the acronym its initials spell when
/// the archive uses that acronym as an organisation and it is the one
/// dominant long form of those initials (`Dewan Perwakilan Rakyat`, not
/// `Dinas Pariwisata Riau`, for `DPR`). Acronyms need three letters or
/// more (`Piala Presiden` and `PP` collide); those of the shipped tables
/// are left to the tables.
fn link_org_long_forms(nodes: &[Node], shipped: &HashSet<usize>, uf: &mut UnionFind) {
    let acronyms: HashMap<String, usize, WordHash> = nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| {
            n.kind == EntityKind::Org
                && n.df > 0
                && is_acronym(n.shown())
                && n.shown().chars().count() >= 3
                && !shipped.contains(i)
        })
        .map(|(i, n)| (n.shown().to_lowercase(), i))
        .collect();
    let mut long_forms: HashMap<usize, HashMap<usize, u64, WordHash>, WordHash> =
        HashMap::default();
    for (i, n) in nodes.iter().enumerate() {
        if n.kind != EntityKind::Org || n.df == 0 || is_acronym(n.shown()) {
            continue;
        }
        if let Some(&j) = initials(n.shown()).and_then(|init| acronyms.get(&init)) {
            long_forms.entry(j).or_default().insert(i, n.df);
        }
    }
    for (acronym, long) in dominant_targets(&long_forms) {
        uf.union(acronym, long);
    }
}

/// Words of a name for containment: split at spaces only, so a pair of
/// names tagged as one (`Anies Baswedan-Sandiaga Uno`) does not contain
/// either. Each word keeps whether it is written as initials (`BJ`, `B.J.`).
fn name_words(name: &str) -> Vec<(String, bool)> {
    name.split_whitespace()
        .map(|w| {
            if w.is_ascii() {
                // One pass and one string for the usual ASCII word (the
                // table splits every person's name several times).
                let mut lower = String::with_capacity(w.len());
                let (mut n, mut upper) = (0usize, true);
                for b in w.bytes().filter(|&b| b != b'.') {
                    n += 1;
                    upper &= b.is_ascii_uppercase();
                    lower.push(char::from(b.to_ascii_lowercase()));
                }
                return (lower, (2..=3).contains(&n) && upper);
            }
            let letters: String = w.chars().filter(|c| *c != '.').collect();
            let n = letters.chars().count();
            let initials = (2..=3).contains(&n) && letters.chars().all(|c| c.is_uppercase());
            (letters.to_lowercase(), initials)
        })
        .collect()
}

/// Whether the words of `short` occur in a row in `long`, a word written
/// as initials standing for as many words of `long` that start with them.
fn contained(long: &[(String, bool)], short: &[(String, bool)]) -> bool {
    fn from(long: &[(String, bool)], short: &[(String, bool)]) -> bool {
        let Some(((word, is_initials), rest)) = short.split_first() else {
            return true;
        };
        if let Some(((l, _), after)) = long.split_first()
            && l == word
            && from(after, rest)
        {
            return true;
        }
        if *is_initials {
            let n = word.chars().count();
            if long.len() >= n
                && long
                    .iter()
                    .zip(word.chars())
                    .all(|((l, _), c)| l.starts_with(c))
                && from(long.get(n..).unwrap_or(&[]), rest)
            {
                return true;
            }
        }
        false
    }
    if short.is_empty() || short.len() >= long.len() && !short.iter().any(|w| w.1) {
        return false;
    }
    if contains_seq(long, short) {
        return true;
    }
    (0..long.len()).any(|start| from(long.get(start..).unwrap_or(&[]), short))
}

/// Spellings of one person's full name: the same first and last word,
/// the middle words of one left out or written as initials in the other
/// (`Anies Baswedan`, `Anies Rasyid Baswedan`; `Laode M Syarif`, `Laode
/// Muhammad Syarif`). A name joins the entity whose names it is a
/// spelling of when no other such entity has more than [`RIVAL_SHARE`] of
/// their articles (a single stray one aside); `Muhammad Ali` beside two
/// different `Muhammad ... Ali` joins neither.
fn link_person_variants(nodes: &[Node], uf: &mut UnionFind) {
    // By first and last word: each name with its words.
    type Group = Vec<(usize, Vec<(String, bool)>)>;
    let mut groups: HashMap<(String, String), Group, WordHash> = HashMap::default();
    for (i, n) in nodes.iter().enumerate() {
        if n.kind != EntityKind::Person || n.df == 0 {
            continue;
        }
        // Two names tagged as one (`Sri Hartini-Sri Mulyani`) are no
        // spelling of either.
        if n.shown().contains('-') {
            continue;
        }
        let mut words = name_words(n.shown());
        if let Some(first) = words.first_mut() {
            first.0 = formal_given_name(&first.0).to_string();
        }
        if let (Some(first), Some(last)) = (words.first(), words.last())
            && words.len() >= 2
            && first.0.chars().count() > 1
            && last.0.chars().count() > 1
            && !first.1
            && !last.1
        {
            let key = (first.0.clone(), last.0.clone());
            groups.entry(key).or_default().push((i, words));
        }
    }
    let mut keys: Vec<&(String, String)> = groups.keys().collect();
    keys.sort();
    // Names whose words are the same once given names are in their formal
    // form (`Mike Pompeo`, `Michael Pompeo`) are one name, and weigh the
    // other spellings together.
    for key in &keys {
        if let Some(members) = groups.get(*key) {
            for (k, (i, words)) in members.iter().enumerate() {
                if let Some((j, _)) = members
                    .get(..k)
                    .and_then(|m| m.iter().find(|m| m.1 == *words))
                {
                    uf.union(*j, *i);
                }
            }
        }
    }
    // Twice: a short spelling weighed before two long ones were found to be
    // one (`Laode M Syarif` against `Laode Muhammad Syarif` and `Laode
    // Muhamad Syarif`) is weighed again once they are.
    for key in keys.iter().chain(&keys) {
        let Some(members) = groups.get(key) else {
            continue;
        };
        if members.len() < 2 {
            continue;
        }
        // Longer names first, so that `Anies R Baswedan` is one with `Anies
        // Rasyid Baswedan` before `Anies Baswedan` weighs them.
        let mut order: Vec<&(usize, Vec<(String, bool)>)> = members.iter().collect();
        order.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        for (i, short) in order {
            let mut by_root: HashMap<usize, u64, WordHash> = HashMap::default();
            for (j, long) in members {
                if j != i && long != short && spelling_of(long, short) {
                    let df = nodes.get(*j).map_or(0, |n| n.df);
                    *by_root.entry(uf.find(*j)).or_default() += df;
                }
            }
            let mut ranked: Vec<(u64, usize)> = by_root.into_iter().map(|(r, d)| (d, r)).collect();
            ranked.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
            let Some(&(top, root)) = ranked.first() else {
                continue;
            };
            // A stray misspelling (`Anies Rasyis Baswedan`, once) is no
            // rival; a name of its own is.
            let rival = ranked.get(1).map_or(0, |r| r.0);
            if rival < 2 || (rival as f64) <= RIVAL_SHARE * top as f64 {
                uf.union(*i, root);
            }
        }
    }
}

/// The formal form of a given name written short (`benny` → `benjamin`),
/// from [`GIVEN_NAMES`]; any other word as it is. Lower case in, lower
/// case out.
fn formal_given_name(word: &str) -> &str {
    static FORMAL: std::sync::OnceLock<HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    let table = FORMAL.get_or_init(|| {
        let mut m = HashMap::new();
        for line in GIVEN_NAMES.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut names = line.split('\t').map(str::trim).filter(|n| !n.is_empty());
            if let Some(formal) = names.next() {
                for short in names {
                    m.insert(short, formal);
                }
            }
        }
        m
    });
    table.get(word).copied().unwrap_or(word)
}

/// The key under which the old Indonesian spelling of a name and the
/// current one meet: `oe` is now `u` (`Soeharto`), `dj` is `j` (`Djoko`),
/// `tj` is `c` (`Tjahjo`), `ch` is `kh`, and the old `j` is `y` (`Jusuf`,
/// `Yusuf`), which also gives foreign names their Indonesian form
/// (`Jordan`, `Yordan`). Lower case, words separated by one space.
fn spelling_key(name: &str) -> String {
    // Nearly every name is ASCII, lowered and spaced in one pass.
    let lower: Vec<char> = if name.is_ascii() {
        crate::index::schema::fold_key(name)
            .bytes()
            .map(char::from)
            .collect()
    } else {
        name.split_whitespace()
            .flat_map(|w| std::iter::once(' ').chain(w.chars().flat_map(char::to_lowercase)))
            .skip(1)
            .collect()
    };
    let mut key = String::with_capacity(name.len());
    let mut i = 0;
    while let Some(&c) = lower.get(i) {
        let next = lower.get(i + 1).copied();
        match (c, next) {
            ('o', Some('e')) => {
                key.push('u');
                i += 2;
                continue;
            }
            ('d', Some('j')) => {}
            ('t', Some('j')) => {
                key.push('c');
                i += 2;
                continue;
            }
            ('c', Some('h')) => key.push('k'),
            ('j', _) => key.push('y'),
            _ => key.push(c),
        }
        i += 1;
    }
    key
}

/// People and places written in the old spelling and in the current one
/// (see [`spelling_key`]) are one entity. People need two words or more:
/// one given name alone (`Joko`, `Yoko`) may be two names.
fn link_spelling_variants(nodes: &[Node], uf: &mut UnionFind) {
    let mut by_key: HashMap<(EntityKind, String), usize, WordHash> = HashMap::default();
    for (i, n) in nodes.iter().enumerate() {
        let words = n.shown().split_whitespace().count();
        let wanted = match n.kind {
            EntityKind::Person => words >= 2,
            EntityKind::Place => words >= 1,
            EntityKind::Org => false,
        };
        if !wanted || n.df == 0 || n.shown().chars().count() < 5 {
            continue;
        }
        match by_key.entry((n.kind, spelling_key(n.shown()))) {
            std::collections::hash_map::Entry::Occupied(first) => uf.union(*first.get(), i),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    // A family name misspelt (`Doni Munardo` for `Doni Monardo`): the same
    // other words, the last one letter apart after the same first letter,
    // and the misspelling rare beside the name.
    let mut by_rest: HashMap<(String, char), Vec<usize>, WordHash> = HashMap::default();
    for (i, n) in nodes.iter().enumerate() {
        if n.kind != EntityKind::Person || n.df == 0 {
            continue;
        }
        let name = n.shown().to_lowercase();
        let Some((rest, last)) = name.rsplit_once(' ') else {
            continue;
        };
        if let Some(c) = last.chars().next() {
            by_rest.entry((rest.to_string(), c)).or_default().push(i);
        }
    }
    let mut groups: Vec<&Vec<usize>> = by_rest.values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for group in groups {
        for (k, &a) in group.iter().enumerate() {
            for &b in group.get(k + 1..).unwrap_or(&[]) {
                let (Some(x), Some(y)) = (nodes.get(a), nodes.get(b)) else {
                    continue;
                };
                let last = |n: &Node| n.shown().rsplit(' ').next().unwrap_or("").to_lowercase();
                let (rare, common) = if x.df <= y.df { (x, y) } else { (y, x) };
                if rare.df * MISSPELLING_RATIO <= common.df && one_edit_apart(&last(x), &last(y)) {
                    uf.union(a, b);
                }
            }
        }
    }
}

/// Words that open the name of an administrative area (`Kota Palu`,
/// `Kabupaten Mimika`, `Provinsi Maluku`), with the abbreviations news
/// uses for them.
const AREA_PREFIXES: &[(&str, &str)] = &[
    ("kota", "kota"),
    ("kabupaten", "kabupaten"),
    ("kab", "kabupaten"),
    ("kab.", "kabupaten"),
    ("provinsi", "provinsi"),
    ("prov", "provinsi"),
    ("prov.", "provinsi"),
];

/// `Kota Palu` is `Palu`, and `Provinsi Maluku` is `Maluku`, when the
/// archive names no other area that way: with `Kota Bogor` and `Kabupaten
/// Bogor` both in it, `Bogor` may be either, and none of the three joins
/// another.
fn link_area_prefixes(names: &Names, uf: &mut UnionFind) {
    // Bare name → (kind of area, the prefixed name's node).
    let mut areas: HashMap<String, Vec<(&str, usize)>, WordHash> = HashMap::default();
    for (i, n) in names.nodes.iter().enumerate() {
        if n.kind != EntityKind::Place || n.df == 0 {
            continue;
        }
        let Some((first, rest)) = n.shown().split_once(' ') else {
            continue;
        };
        let first = first.to_lowercase();
        let Some(&(_, area)) = AREA_PREFIXES.iter().find(|(p, _)| *p == first) else {
            continue;
        };
        // Three letters are too easily a word (`Kota Tua`, the old town).
        if rest.trim().chars().count() >= 4 {
            areas.entry(fold_key(rest)).or_default().push((area, i));
        }
    }
    let mut bare_names: Vec<&String> = areas.keys().collect();
    bare_names.sort();
    for bare in bare_names {
        let Some(forms) = areas.get(bare) else {
            continue;
        };
        let one_area = forms.windows(2).all(|w| w[0].0 == w[1].0);
        if let (true, Some(b)) = (one_area, names.get(EntityKind::Place, bare)) {
            for &(_, i) in forms {
                uf.union(b, i);
            }
        }
    }
}

/// Whether `short` spells the name `long` with the same first and last
/// word: each of its middle words is one of `long`'s, in order, or the
/// initial of one; `long`'s other middle words are left out. Names with
/// the same words (`Laode M. Syarif`, `Laode M Syarif`) are spellings of
/// each other.
fn spelling_of(long: &[(String, bool)], short: &[(String, bool)]) -> bool {
    let (Some(lm), Some(sm)) = (
        long.get(1..long.len().saturating_sub(1)),
        short.get(1..short.len().saturating_sub(1)),
    ) else {
        return false;
    };
    if long.first() != short.first() || long.last() != short.last() {
        return false;
    }
    let mut rest = lm.iter();
    sm.iter().all(|(w, _)| {
        rest.by_ref().any(|(l, _)| {
            l == w
                || (w.chars().count() == 1 && l.chars().count() > 1 && l.starts_with(w.as_str()))
                || one_edit_apart(l, w)
        })
    })
}

/// Whether two middle names of five letters or more are one letter added,
/// dropped or changed apart after the same first letter (`Muhammad`,
/// `Muhamad`): between the same first and last word, two spellings of one
/// name, not two people. Another first letter is another name (`Hyung`,
/// `Myung`).
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 5 || long.len() - short.len() > 1 || short == long {
        return false;
    }
    let head = short.iter().zip(&long).take_while(|(x, y)| x == y).count();
    if head == 0 {
        return false;
    }
    let skip = usize::from(long.len() > short.len());
    short.get(head + 1 - skip..) == long.get(head + 1..)
}

/// A person named by part of a name (`Habibie`, `BJ Habibie`) joins the
/// longer name that contains it when that one clearly dominates: no other
/// containing name has more than [`RIVAL_SHARE`] of its articles (`Kim`
/// stays apart from `Kim Jong Un` and `Kim Yo Jong`), it has at least
/// [`CONTAINER_SHARE`] of the short name's, and the short name is not
/// already the lesser name of another entity. Longer short names go first,
/// so `BJ Habibie` joins `Bacharuddin Jusuf Habibie` before `Habibie` is
/// weighed against both together.
fn link_contained_people(nodes: &[Node], settled: &HashSet<usize>, uf: &mut UnionFind) {
    let words: Vec<Vec<(String, bool)>> = nodes
        .iter()
        .map(|n| {
            if n.kind == EntityKind::Person && n.df > 0 {
                name_words(n.shown())
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut containing: HashMap<&str, Vec<usize>, WordHash> = HashMap::default();
    for (j, w) in words.iter().enumerate() {
        if w.len() < 2 {
            continue;
        }
        let mut seen: HashSet<&str, WordHash> = HashSet::default();
        for (word, _) in w {
            if seen.insert(word) {
                containing.entry(word).or_default().push(j);
            }
        }
    }
    let mut order: Vec<usize> = (0..nodes.len()).filter(|&i| !words[i].is_empty()).collect();
    order.sort_by(|&a, &b| {
        words[b]
            .len()
            .cmp(&words[a].len())
            .then_with(|| nodes[b].df.cmp(&nodes[a].df))
            .then_with(|| a.cmp(&b))
    });
    for i in order {
        let short = &words[i];
        let Some(df) = nodes.get(i).map(|n| n.df) else {
            continue;
        };
        // The rarest non-initials word finds the candidates.
        let Some(cands) = short
            .iter()
            .filter(|(_, init)| !init)
            .filter_map(|(w, _)| containing.get(w.as_str()))
            .min_by_key(|c| c.len())
        else {
            continue;
        };
        if settled.contains(&i) {
            continue;
        }
        let own = uf.find(i);
        // Already the lesser name of an entity: it stays there.
        if uf.heaviest(own) > df {
            continue;
        }
        let mut by_root: HashMap<usize, u64, WordHash> = HashMap::default();
        for &j in cands {
            if j == i || !contained(&words[j], short) {
                continue;
            }
            let root = uf.find(j);
            if root == own {
                continue;
            }
            *by_root.entry(root).or_default() += nodes.get(j).map_or(0, |n| n.df);
        }
        let mut ranked: Vec<(u64, usize)> = by_root.into_iter().map(|(r, d)| (d, r)).collect();
        ranked.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
        let Some(&(top, root)) = ranked.first() else {
            continue;
        };
        let rival = ranked.get(1).map_or(0, |r| r.0);
        if (rival as f64) > RIVAL_SHARE * top as f64 || (top as f64) < CONTAINER_SHARE * df as f64 {
            continue;
        }
        uf.union(i, root);
    }
}

/// Groups joined names into clusters and picks each one's shown name.
fn clusters(nodes: &[Node], uf: &mut UnionFind) -> Vec<EntityCluster> {
    let mut groups: HashMap<usize, Vec<usize>, WordHash> = HashMap::default();
    for i in 0..nodes.len() {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let mut out: Vec<(u64, EntityCluster)> = Vec::new();
    for members in groups.into_values() {
        // One name in one spelling stands for itself; one name in several
        // (`TEMPO.CO`, `Tempo.co`) is one entry under its commonest.
        let one_spelling = |i: &usize| nodes.get(*i).is_none_or(|n| n.spellings.len() < 2);
        if members.len() < 2 && members.iter().all(one_spelling) {
            continue;
        }
        let mut members: Vec<&Node> = members.iter().filter_map(|&i| nodes.get(i)).collect();
        // Names the index holds first, most frequent first.
        members.sort_by(|a, b| b.df.cmp(&a.df).then_with(|| a.shown().cmp(b.shown())));
        let Some(kind) = members.first().map(|n| n.kind) else {
            continue;
        };
        let full = |n: &&Node| match kind {
            EntityKind::Person => n.shown().split_whitespace().count() >= 2,
            EntityKind::Place => !is_acronym(n.shown()),
            EntityKind::Org => true,
        };
        let chosen = members
            .iter()
            .find(|n| n.preferred && n.df > 0)
            .or_else(|| members.iter().find(|n| n.df > 0 && full(n)))
            .or_else(|| members.first())
            .copied();
        let Some(chosen) = chosen else { continue };
        let name = chosen.shown().to_string();
        let aliases = members
            .iter()
            .filter(|n| !std::ptr::eq(**n, chosen))
            .map(|n| n.shown().to_string())
            .collect();
        let forms = members
            .iter()
            .flat_map(|n| n.spellings.iter().map(|(s, _)| s.clone()))
            .collect();
        let total = members.iter().map(|n| n.df).sum();
        out.push((
            total,
            EntityCluster {
                kind,
                name,
                aliases,
                forms,
            },
        ));
    }
    // A stable order, so the stored table is the same for the same index.
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.kind.cmp(&b.1.kind))
            .then_with(|| a.1.name.cmp(&b.1.name))
    });
    out.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deleted_article_no_longer_counts_for_its_names() {
        let fields = Fields::new();
        let index = tantivy::Index::create_in_ram(fields.schema.clone());
        crate::analysis::register(index.tokenizers(), &Default::default());
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15 << 20).unwrap();
        // Segments kept apart, as an update leaves large ones: the deletion
        // is only marked, not merged away.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let article = |id: &str, names: &[&str]| {
            let mut doc = tantivy::TantivyDocument::default();
            doc.add_text(fields.id, id);
            let entities: Vec<Entity> = names
                .iter()
                .map(|n| Entity {
                    kind: EntityKind::Person,
                    name: n.to_string(),
                    aliases: Vec::new(),
                    mentions: 1,
                })
                .collect();
            fields.add_entities(&mut doc, &entities);
            doc
        };
        writer.add_document(article("1", &["Joko Widodo"])).unwrap();
        writer
            .add_document(article("2", &["Joko Widodo", "Sri Mulyani"]))
            .unwrap();
        writer.commit().unwrap();
        writer.delete_term(tantivy::Term::from_field_text(fields.id, "2"));
        writer.add_document(article("2", &["Sri Mulyani"])).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(
            searcher
                .segment_readers()
                .iter()
                .any(|s| s.num_deleted_docs() > 0)
        );
        let names = index_names(&searcher, &fields).unwrap();
        let df = |name: &str| {
            names
                .get(EntityKind::Person, name)
                .and_then(|i| names.nodes.get(i))
                .map_or(0, |n| n.df)
        };
        assert_eq!(df("Joko Widodo"), 1);
        assert_eq!(df("Sri Mulyani"), 1);
    }

    #[test]
    fn same_key_is_fold_key_equality() {
        for (a, b) in [
            ("Joko Widodo", "joko  widodo"),
            ("Joko Widodo", "Joko Widod"),
            (" DPR RI ", "dpr ri"),
            ("DPR RI", "DPRRI"),
            ("", "  "),
            ("ÉLYSÉE", "élysée"),
            ("İstanbul", "i̇stanbul"),
        ] {
            assert_eq!(same_key(a, b), fold_key(a) == fold_key(b), "{a:?} {b:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn same_key_agrees_with_fold_key(a in "[ aAbBİi\u{307}\t]{0,8}", b in "[ aAbBİi\u{307}\t]{0,8}") {
            proptest::prop_assert_eq!(same_key(&a, &b), fold_key(&a) == fold_key(&b));
        }
    }

    fn node(kind: EntityKind, name: &str, df: u64) -> Node {
        Node {
            kind,
            spellings: vec![(name.to_string(), df)],
            df,
            preferred: false,
        }
    }

    fn people(list: &[(&str, u64)]) -> Vec<Node> {
        list.iter()
            .map(|&(n, df)| node(EntityKind::Person, n, df))
            .collect()
    }

    fn resolved(nodes: &[Node]) -> Vec<(String, Vec<String>)> {
        let mut uf = UnionFind::new(nodes);
        link_spelling_variants(nodes, &mut uf);
        link_person_variants(nodes, &mut uf);
        link_contained_people(nodes, &HashSet::new(), &mut uf);
        link_org_long_forms(nodes, &HashSet::new(), &mut uf);
        let mut out: Vec<(String, Vec<String>)> = clusters(nodes, &mut uf)
            .into_iter()
            .map(|c| {
                let mut a = c.aliases;
                a.sort();
                (c.name, a)
            })
            .collect();
        out.sort();
        out
    }

    fn pair(name: &str, aliases: &[&str]) -> (String, Vec<String>) {
        (
            name.to_string(),
            aliases.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn initials_stand_for_the_words_they_start() {
        let long = name_words("Bacharuddin Jusuf Habibie");
        assert!(contained(&long, &name_words("BJ Habibie")));
        assert!(contained(&long, &name_words("B.J. Habibie")));
        assert!(contained(&long, &name_words("Habibie")));
        assert!(!contained(&long, &name_words("BJ Habibi")));
        assert!(!contained(
            &name_words("Anies Baswedan-Sandiaga Uno"),
            &name_words("Anies Baswedan")
        ));
    }

    #[test]
    fn a_short_name_joins_the_one_dominant_name_containing_it() {
        let got = resolved(&people(&[
            ("Bacharuddin Jusuf Habibie", 180),
            ("BJ Habibie", 537),
            ("Habibie", 90),
            ("Ainun Habibie", 5),
            ("Kim Jong Un", 40),
            ("Kim Yo Jong", 12),
            ("Kim", 9),
            ("Jokowi", 1096),
            ("Barisan Relawan Jokowi", 3),
            ("Kyrylo Budanov", 3),
            ("Budanov", 2),
        ]));
        assert_eq!(
            got,
            vec![
                pair("BJ Habibie", &["Bacharuddin Jusuf Habibie", "Habibie"]),
                pair("Kyrylo Budanov", &["Budanov"]),
            ]
        );
    }

    #[test]
    fn middle_names_may_be_left_out_or_written_as_initials() {
        let w = name_words;
        assert!(spelling_of(
            &w("Anies Rasyid Baswedan"),
            &w("Anies Baswedan")
        ));
        assert!(spelling_of(
            &w("Laode Muhammad Syarif"),
            &w("Laode M Syarif")
        ));
        assert!(spelling_of(&w("Laode M Syarif"), &w("Laode M. Syarif")));
        assert!(!spelling_of(
            &w("Laode Muhammad Syarif"),
            &w("Laode Syarif Hasan")
        ));
        assert!(!spelling_of(
            &w("Anies Rasyid Baswedan"),
            &w("Anies Budi Baswedan")
        ));
        let got = resolved(&people(&[
            ("Anies Baswedan", 286),
            ("Anies Rasyid Baswedan", 21),
            ("Laode M Syarif", 104),
            ("Laode Muhammad Syarif", 18),
            ("Laode Muhamad Syarif", 6),
            // Two people share the short spelling: it joins neither.
            ("Muhammad Ali", 9),
            ("Muhammad Yusuf Ali", 5),
            ("Muhammad Said Ali", 4),
        ]));
        assert_eq!(
            got,
            vec![
                pair("Anies Baswedan", &["Anies Rasyid Baswedan"]),
                pair(
                    "Laode M Syarif",
                    &["Laode Muhamad Syarif", "Laode Muhammad Syarif"]
                ),
            ]
        );
    }

    #[test]
    fn old_and_current_spellings_share_a_key() {
        for (old, new) in [
            ("Soeharto", "Suharto"),
            ("Djoko Santoso", "Joko Santoso"),
            ("Tjahjo Kumolo", "Cahyo Kumolo"),
            ("Jusuf Kalla", "Yusuf Kalla"),
            ("Lembah Jordan", "Lembah  Yordan"),
            ("Chairil Anwar", "Khairil Anwar"),
            ("Tjiandjoer", "Cianjur"),
        ] {
            assert_eq!(spelling_key(old), spelling_key(new), "{old} {new}");
        }
        assert_ne!(spelling_key("Sukarno"), spelling_key("Sukarni"));
        assert_ne!(spelling_key("Cahyo"), spelling_key("Kahyo"));
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_spelling_key_is_the_key_of_the_letters(
            ascii in "[ \tA-Za-z.'-]{0,14}",
        ) {
            // The name with one letter beyond ASCII takes the general way;
            // the key must be the ASCII one with that letter after it.
            let wide = format!("{ascii}é");
            let general = spelling_key(&wide);
            let ascii_key = spelling_key(&ascii);
            let joined = if ascii.trim().is_empty() || ascii.ends_with(char::is_whitespace) {
                format!("{ascii_key}{}é", if ascii_key.is_empty() { "" } else { " " })
            } else {
                format!("{ascii_key}é")
            };
            proptest::prop_assert_eq!(general, joined);
        }
    }

    #[test]
    fn spellings_and_short_given_names_are_one_person() {
        let nodes = vec![
            node(EntityKind::Person, "Benny Gantz", 12),
            node(EntityKind::Person, "Benjamin Gantz", 3),
            node(EntityKind::Person, "Susi Pudjiastuti", 40),
            node(EntityKind::Person, "Susi Pujiastuti", 4),
            node(EntityKind::Place, "Lembah Yordan", 10),
            node(EntityKind::Place, "Lembah Jordan", 6),
            // A given name alone may be two people's.
            node(EntityKind::Person, "Joko", 30),
            node(EntityKind::Person, "Yoko", 2),
            // Organisations keep the spelling they chose.
            node(EntityKind::Org, "Djarum", 5),
            node(EntityKind::Org, "Jarum", 2),
        ];
        assert_eq!(
            resolved(&nodes),
            vec![
                pair("Benny Gantz", &["Benjamin Gantz"]),
                pair("Lembah Yordan", &["Lembah Jordan"]),
                pair("Susi Pudjiastuti", &["Susi Pujiastuti"]),
            ]
        );
        assert_eq!(formal_given_name("mike"), "michael");
        assert_eq!(formal_given_name("joko"), "joko");
    }

    #[test]
    fn an_area_named_with_its_kind_is_the_area_unless_two_share_the_name() {
        let mut names = Names {
            nodes: Vec::new(),
            by_key: HashMap::default(),
        };
        for (name, df) in [
            ("Palu", 100),
            ("Kota Palu", 6),
            ("Maluku", 80),
            ("Provinsi Maluku", 5),
            ("Bogor", 50),
            ("Kota Bogor", 20),
            ("Kabupaten Bogor", 30),
            ("Tua", 2),
            ("Kota Tua", 9),
        ] {
            let i = names.id(EntityKind::Place, name);
            names.nodes[i].df = df;
            names.nodes[i].spellings[0].1 = df;
        }
        let mut uf = UnionFind::new(&names.nodes);
        link_area_prefixes(&names, &mut uf);
        let mut got: Vec<(String, Vec<String>)> = clusters(&names.nodes, &mut uf)
            .into_iter()
            .map(|c| (c.name, c.aliases))
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                pair("Maluku", &["Provinsi Maluku"]),
                pair("Palu", &["Kota Palu"])
            ]
        );
    }

    #[test]
    fn a_rare_family_name_one_letter_off_is_a_misspelling() {
        let nodes = people(&[
            ("Doni Monardo", 49),
            ("Doni Munardo", 4),
            // As common as the other: a name of its own.
            ("Budi Santoso", 20),
            ("Budi Santosa", 12),
        ]);
        assert_eq!(
            resolved(&nodes),
            vec![pair("Doni Monardo", &["Doni Munardo"])]
        );
    }

    #[test]
    fn middle_names_one_letter_apart_are_one_name() {
        assert!(one_edit_apart("muhammad", "muhamad"));
        assert!(one_edit_apart("muhamad", "muhammad"));
        assert!(one_edit_apart("rasyid", "rasyad"));
        assert!(one_edit_apart("muhamma", "muhammad"));
        assert!(!one_edit_apart("muhammad", "muhammad"));
        assert!(!one_edit_apart("rasyid", "rosyad"));
        // Short names are too easily other names.
        assert!(!one_edit_apart("budi", "bude"));
        assert!(!one_edit_apart("muhammad", "mohamad"));
        assert!(!one_edit_apart("hyung", "myung"));
    }

    #[test]
    fn spellings_of_one_name_are_one_entry_under_the_commonest() {
        let mut tempo = node(EntityKind::Org, "TEMPO.CO", 286);
        tempo.spellings.push(("Tempo.co".into(), 2));
        tempo.df = 288;
        let nodes = vec![tempo, node(EntityKind::Org, "KPK", 900)];
        let mut uf = UnionFind::new(&nodes);
        let got = clusters(&nodes, &mut uf);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].name, "TEMPO.CO");
        assert!(got[0].aliases.is_empty());
        assert_eq!(got[0].forms, ["TEMPO.CO", "Tempo.co"]);
    }

    #[test]
    fn an_acronym_of_three_letters_joins_its_long_form() {
        let nodes = vec![
            node(EntityKind::Org, "PBB", 20),
            node(EntityKind::Org, "Perserikatan Bangsa-Bangsa", 4),
            node(EntityKind::Org, "Piala Presiden", 5),
            node(EntityKind::Org, "PP", 3),
        ];
        assert_eq!(
            resolved(&nodes),
            vec![pair("PBB", &["Perserikatan Bangsa-Bangsa"])]
        );
    }

    #[test]
    fn a_word_mostly_written_in_lower_case_is_common() {
        // `Santer` over the shared corpus: 14 of 73 articles.
        assert!(is_common_word(14, 73));
        // `Raihan`: 34 of 121; `Wiranto`: all.
        assert!(!is_common_word(34, 121));
        assert!(!is_common_word(130, 130));
        // Too few articles to tell.
        assert!(!is_common_word(0, COMMON_WORD_MIN_ARTICLES - 1));
        assert!(is_common_word(0, COMMON_WORD_MIN_ARTICLES));
        // The boundary: one in four is still a name.
        assert!(!is_common_word(10, 40));
        assert!(is_common_word(9, 40));
    }

    #[test]
    fn an_article_shows_the_archive_name_and_keeps_what_it_wrote() {
        let table = EntityTable::from_clusters(
            vec![EntityCluster {
                kind: EntityKind::Person,
                name: "Joko Widodo".into(),
                aliases: vec!["Jokowi".into()],
                forms: vec!["Joko Widodo".into(), "Jokowi".into()],
            }],
            vec![(EntityKind::Person, "Santer".into())],
        );
        let e = |name: &str, aliases: &[&str], mentions| Entity {
            kind: EntityKind::Person,
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            mentions,
        };
        let got = table.resolve_article(vec![
            e("Jokowi", &[], 3),
            e("SANTER", &[], 2),
            e("Prabowo", &[], 2),
            e("joko widodo", &["Pak Jokowi"], 1),
        ]);
        assert_eq!(
            got,
            vec![
                e("Joko Widodo", &["Jokowi", "Pak Jokowi"], 4),
                e("Prabowo", &[], 2),
            ]
        );
    }

    #[test]
    fn a_word_shortened_by_syllables_pairs_with_its_long_form() {
        let ent = |name: &str| Entity {
            kind: EntityKind::Org,
            name: name.into(),
            aliases: vec![],
            mentions: 1,
        };
        let text = "kata Direktorat Jenderal Perhubungan Udara Kementerian Perhubungan \
                    (Kemenhub). Badan Perencanaan Pembangunan Nasional (Bappenas) dan \
                    Partai Golkar (Beringin) menolak.";
        let pairs = bracket_pairs(
            &[
                ent("Direktorat Jenderal Perhubungan Udara Kementerian Perhubungan"),
                ent("Kemenhub"),
                ent("Badan Perencanaan Pembangunan Nasional"),
                ent("Bappenas"),
                ent("Partai Golkar"),
                ent("Beringin"),
            ],
            text,
        );
        let names: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(_, a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Kementerian Perhubungan", "Kemenhub"),
                ("Badan Perencanaan Pembangunan Nasional", "Bappenas"),
            ]
        );
        assert!(!spells_by_syllables(
            "Kementerian Perhubungan",
            &['k', 'e', 'm', 'e', 'n']
        ));
    }

    #[test]
    fn an_acronym_in_brackets_pairs_with_the_words_it_spells() {
        assert_eq!(
            spelled_before("kata Komisi Hukum Dewan Perwakilan Rakyat", "DPR"),
            Some("Dewan Perwakilan Rakyat")
        );
        assert_eq!(
            spelled_before("Badan Meteorologi, Klimatologi, dan Geofisika", "BMKG"),
            Some("Badan Meteorologi, Klimatologi, dan Geofisika")
        );
        assert_eq!(
            spelled_before("markas Perserikatan Bangsa-Bangsa", "PBB"),
            Some("Perserikatan Bangsa-Bangsa")
        );
        assert_eq!(spelled_before("tinggal di Surabaya", "JT"), None);
        let ent = |kind, name: &str| Entity {
            kind,
            name: name.into(),
            aliases: vec![],
            mentions: 1,
        };
        let pairs = bracket_pairs(
            &[
                ent(EntityKind::Place, "AS"),
                ent(EntityKind::Person, "Joko Widodo"),
                ent(EntityKind::Person, "Jokowi"),
                ent(EntityKind::Place, "Surabaya"),
                ent(EntityKind::Place, "Jawa Timur"),
            ],
            "Presiden Joko Widodo (Jokowi) ke Amerika Serikat (AS). Lalu ke Surabaya (Jawa Timur).",
        );
        assert_eq!(
            pairs,
            vec![
                (EntityKind::Person, "Joko Widodo".into(), "Jokowi".into()),
                (EntityKind::Place, "Amerika Serikat".into(), "AS".into()),
            ]
        );
    }

    #[test]
    fn evidence_adds_pairs_and_merges_counts() {
        let mut a = EntityEvidence::default();
        let ent = Entity {
            kind: EntityKind::Place,
            name: "Amerika Serikat".into(),
            aliases: vec!["AS".into(), "amerika serikat".into()],
            mentions: 2,
        };
        a.add(std::slice::from_ref(&ent), "");
        let mut b = EntityEvidence::default();
        b.add(&[ent], "");
        a.merge(&b);
        assert_eq!(a.len(), 1);
        assert_eq!(
            a.pairs
                .get(&(EntityKind::Place, "Amerika Serikat".into(), "AS".into())),
            Some(&2)
        );
    }
}
