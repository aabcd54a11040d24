//! Counts of entities, sources and categories over *all* matches of a query,
//! not just the page of hits shown, so a reader sees who and what a story is
//! about.
//!
//! One search pass: a small collector counts the `entity` facet column and
//! the `source_key` / `category_key` fast columns by term ordinal (no
//! stored-document reads per match), and names the counted ordinals with one
//! sequential walk of each segment's dictionary. tantivy's `FacetCollector`
//! looks every counted ordinal up on its own, which costs about 140 ms over
//! the 22,000-article archive with its tens of thousands of names. Keys are lower-case,
//! so each reported key is mapped back to its display form (`Kompas.com`, not
//! `kompas.com`) by reading the stored field of one article that has it:
//! a handful of document reads per call, independent of the match count.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::Query;
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument};

use crate::entities::{EntityKind, contains_seq, initials, is_acronym};
use crate::index::schema::Fields;

/// One value and how many matching articles have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// Display name: the entity's canonical name, the outlet or section as
    /// an article wrote it.
    pub name: String,
    /// Matching articles with this value.
    pub count: u64,
}

/// Facet counts of a result set, each list sorted by count (descending),
/// then name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub person: Vec<FacetCount>,
    pub place: Vec<FacetCount>,
    pub org: Vec<FacetCount>,
    pub source: Vec<FacetCount>,
    pub category: Vec<FacetCount>,
}

/// Counts the facets of every document matching `query`, keeping the `top`
/// most frequent values of each list (`usize::MAX` keeps them all).
///
/// To count in the same pass as the hits, put a [`FacetsCollector`] in a
/// tuple with the other collectors and call [`FacetTally::resolve`].
pub fn facets(
    searcher: &Searcher,
    query: &dyn Query,
    fields: &Fields,
    top: usize,
) -> tantivy::Result<Facets> {
    searcher
        .search(query, &FacetsCollector::new(fields))?
        .resolve(searcher, fields, top)
}

/// Collects entity, source and category counts of the matches.
pub struct FacetsCollector {
    inner: (KeyCounter, KeyCounter, KeyCounter),
}

impl FacetsCollector {
    /// A collector over the facet fields of `fields`.
    pub fn new(fields: &Fields) -> FacetsCollector {
        let schema = &fields.schema;
        let entity = KeyCounter {
            field: schema.get_field_name(fields.entity).to_string(),
        };
        let sources = KeyCounter {
            field: schema.get_field_name(fields.source_key).to_string(),
        };
        let categories = KeyCounter {
            field: schema.get_field_name(fields.category_key).to_string(),
        };
        FacetsCollector {
            inner: (entity, sources, categories),
        }
    }
}

/// Raw counts from a [`FacetsCollector`], before ranking and naming.
pub struct FacetTally {
    /// Keyed by the encoded facet: `person\u{0}Vladimir Putin`.
    entities: HashMap<String, (u64, DocAddress)>,
    sources: HashMap<String, (u64, DocAddress)>,
    categories: HashMap<String, (u64, DocAddress)>,
}

impl FacetTally {
    /// Ranks each list, keeps its `top` values and gives sources and
    /// categories their display names (one stored-document read per value).
    pub fn resolve(
        self,
        searcher: &Searcher,
        fields: &Fields,
        top: usize,
    ) -> tantivy::Result<Facets> {
        let mut by_kind: [Vec<FacetCount>; 3] = Default::default();
        for (encoded, (count, _)) in &self.entities {
            // Facets are stored as their path segments joined by NUL.
            let Some((kind, name)) = encoded.split_once('\u{0}') else {
                continue;
            };
            if let Some(k) = EntityKind::parse(kind)
                && let Some(list) = EntityKind::ALL
                    .iter()
                    .position(|x| *x == k)
                    .and_then(|i| by_kind.get_mut(i))
            {
                list.push(FacetCount {
                    name: name.to_string(),
                    count: *count,
                });
            }
        }
        let [person, place, org] = by_kind;
        Ok(Facets {
            person: ranked(merge_short_person_names(person), top),
            place: ranked(place, top),
            org: ranked(merge_long_forms(org), top),
            source: display_names(searcher, self.sources, fields.source, top)?,
            category: display_names(searcher, self.categories, fields.category, top)?,
        })
    }
}

type Inner = (KeyCounter, KeyCounter, KeyCounter);

impl Collector for FacetsCollector {
    type Fruit = FacetTally;
    type Child = <Inner as Collector>::Child;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        self.inner.for_segment(segment, reader)
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<Self::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<FacetTally> {
        let (entities, sources, categories) = self.inner.merge_fruits(fruits)?;
        Ok(FacetTally {
            entities,
            sources,
            categories,
        })
    }
}

/// Adds the count of each name `from` in `into` to the name it maps to and
/// drops `from` from the list; the other names are left as they were.
fn fold_counts(counts: Vec<FacetCount>, into: &HashMap<usize, usize>) -> Vec<FacetCount> {
    let mut extra = vec![0u64; counts.len()];
    for (&from, &to) in into {
        if let (Some(c), Some(e)) = (counts.get(from), extra.get_mut(to)) {
            *e += c.count;
        }
    }
    counts
        .into_iter()
        .zip(extra)
        .enumerate()
        .filter(|(i, _)| !into.contains_key(i))
        .map(|(_, (mut c, e))| {
            c.count += e;
            c
        })
        .collect()
}

/// An article that names a person only by part of the name (`Budanov`)
/// keeps that part as its canonical name, while articles that also give
/// the full name resolve to it (`Kyrylo Budanov`). Over a result set the
/// part is counted with the one longer person name that contains it; when
/// several do (`Kim`: `Kim Jong Un`, `Kim Yo Jong`) it stays apart. No
/// article is counted twice: within an article a part always resolves to a
/// longer name, so no article has both.
fn merge_short_person_names(counts: Vec<FacetCount>) -> Vec<FacetCount> {
    // Words split at spaces only: `Anies Baswedan-Sandiaga Uno` (a pair
    // of names tagged as one) does not contain `Anies Baswedan`.
    let words: Vec<Vec<String>> = counts
        .iter()
        .map(|c| c.name.split_whitespace().map(str::to_lowercase).collect())
        .collect();
    // Word -> names of two or more words that contain it somewhere; a
    // shorter name looks up its first word.
    let mut containing: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, w) in words.iter().enumerate() {
        if w.len() < 2 {
            continue;
        }
        let mut seen: Vec<&str> = Vec::with_capacity(w.len());
        for word in w {
            if !seen.contains(&word.as_str()) {
                seen.push(word);
                containing.entry(word).or_default().push(j);
            }
        }
    }
    let mut into = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        let Some(first) = w.first() else { continue };
        let Some(cands) = containing.get(first.as_str()) else {
            continue;
        };
        let mut found = None;
        for &j in cands {
            let Some(long) = words.get(j) else { continue };
            if j != i && long.len() > w.len() && contains_seq(long, w) {
                if found.is_some() {
                    found = None;
                    break;
                }
                found = Some(j);
            }
        }
        if let Some(j) = found {
            into.insert(i, j);
        }
    }
    // A name that others fold into is never folded itself, so counts move
    // one step only.
    let targets: std::collections::HashSet<usize> = into.values().copied().collect();
    into.retain(|from, _| !targets.contains(from));
    fold_counts(counts, &into)
}

/// An organisation's long form (`Perserikatan Bangsa-Bangsa`) is counted
/// with its acronym (`PBB`) when the acronym is also in the list and the
/// long form's initials spell it, the rule each article's own names follow;
/// so no article is counted twice. Across articles there is no text to
/// confirm the pair, so short acronyms, whose initials collide
/// (`Piala Presiden`, `Pemkot Probolinggo` and `PP`), are left apart: the
/// acronym needs three letters or more.
fn merge_long_forms(counts: Vec<FacetCount>) -> Vec<FacetCount> {
    let acronyms: HashMap<String, usize> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| is_acronym(&c.name) && c.name.chars().count() >= 3)
        .map(|(i, c)| (c.name.to_lowercase(), i))
        .collect();
    if acronyms.is_empty() {
        return counts;
    }
    let mut into = HashMap::new();
    for (i, c) in counts.iter().enumerate() {
        if is_acronym(&c.name) {
            continue;
        }
        if let Some(j) = initials(&c.name).and_then(|init| acronyms.get(&init)) {
            into.insert(i, *j);
        }
    }
    fold_counts(counts, &into)
}

fn ranked(mut counts: Vec<FacetCount>, top: usize) -> Vec<FacetCount> {
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    counts.truncate(top);
    counts
}

/// Ranks the keys and names each by the stored `display` field of one
/// article that has it (the key itself when that article has none).
fn display_names(
    searcher: &Searcher,
    keys: HashMap<String, (u64, DocAddress)>,
    display: Field,
    top: usize,
) -> tantivy::Result<Vec<FacetCount>> {
    let mut by_count: Vec<(String, u64, DocAddress)> =
        keys.into_iter().map(|(k, (c, a))| (k, c, a)).collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    by_count.truncate(top);
    let mut out = Vec::with_capacity(by_count.len());
    for (key, count, addr) in by_count {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let name = doc
            .get_first(display)
            .and_then(|v| v.as_str())
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
            .unwrap_or(key);
        out.push(FacetCount { name, count });
    }
    // Display names can reorder ties.
    Ok(ranked(out, top))
}

/// Counts the values of a string fast column over the matches, remembering
/// one matching document per value.
#[doc(hidden)]
pub struct KeyCounter {
    field: String,
}

#[doc(hidden)]
pub struct SegmentKeyCounter {
    column: Option<StrColumn>,
    segment: SegmentOrdinal,
    counts: Vec<u64>,
    first: Vec<DocId>,
}

impl Collector for KeyCounter {
    type Fruit = HashMap<String, (u64, DocAddress)>;
    type Child = SegmentKeyCounter;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentKeyCounter> {
        let column = reader.fast_fields().str(&self.field)?;
        let n = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentKeyCounter {
            column,
            segment,
            counts: vec![0; n],
            first: vec![0; n],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segment_fruits: Vec<HashMap<String, (u64, DocAddress)>>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut out: HashMap<String, (u64, DocAddress)> = HashMap::new();
        for fruit in segment_fruits {
            for (key, (count, addr)) in fruit {
                out.entry(key)
                    .and_modify(|e| e.0 += count)
                    .or_insert((count, addr));
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentKeyCounter {
    type Fruit = HashMap<String, (u64, DocAddress)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(column) = &self.column else {
            return;
        };
        for ord in column.term_ords(doc) {
            let Ok(i) = usize::try_from(ord) else {
                continue;
            };
            if let (Some(c), Some(f)) = (self.counts.get_mut(i), self.first.get_mut(i)) {
                if *c == 0 {
                    *f = doc;
                }
                *c += 1;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = HashMap::new();
        let Some(column) = &self.column else {
            return out;
        };
        // Walk the dictionary in ordinal order once: far cheaper than one
        // random lookup per counted ordinal when there are many.
        let Ok(mut terms) = column.dictionary().stream() else {
            return out;
        };
        while terms.advance() {
            let Ok(ord) = usize::try_from(terms.term_ord()) else {
                continue;
            };
            let (Some(&count), Some(&doc)) = (self.counts.get(ord), self.first.get(ord)) else {
                break;
            };
            if count == 0 {
                continue;
            }
            if let Ok(key) = std::str::from_utf8(terms.key()) {
                out.insert(key.to_string(), (count, DocAddress::new(self.segment, doc)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(list: &[(&str, u64)]) -> Vec<FacetCount> {
        list.iter()
            .map(|&(name, count)| FacetCount {
                name: name.to_string(),
                count,
            })
            .collect()
    }

    #[test]
    fn a_short_person_name_joins_the_one_full_name_containing_it() {
        let merged = ranked(
            merge_short_person_names(counts(&[
                ("Kyrylo Budanov", 3),
                ("Budanov", 2),
                ("Kim Jong Un", 4),
                ("Kim Yo Jong", 1),
                ("Kim", 2),
                ("Jong Un", 1),
                ("Retno Marsudi", 1),
                ("Anies Baswedan", 7),
                ("Anies Baswedan-Sandiaga Uno", 2),
                ("Baswedan", 1),
            ])),
            usize::MAX,
        );
        assert_eq!(
            merged,
            counts(&[
                ("Anies Baswedan", 8),
                ("Kim Jong Un", 5),
                ("Kyrylo Budanov", 5),
                ("Anies Baswedan-Sandiaga Uno", 2),
                ("Kim", 2),
                ("Kim Yo Jong", 1),
                ("Retno Marsudi", 1),
            ])
        );
    }

    #[test]
    fn a_long_form_joins_its_acronym_only_when_the_acronym_is_counted() {
        let merged = ranked(
            merge_long_forms(counts(&[
                ("PBB", 2),
                ("Perserikatan Bangsa-Bangsa", 2),
                ("Komisi Pemberantasan Korupsi", 3),
                ("Badan Intelijen Nasional Korea Selatan", 3),
                ("NIS", 2),
                ("Dewan Perwakilan Rakyat", 1),
                ("Piala Presiden", 5),
                ("PP", 1),
            ])),
            usize::MAX,
        );
        assert_eq!(
            merged,
            counts(&[
                ("Piala Presiden", 5),
                ("PBB", 4),
                ("Badan Intelijen Nasional Korea Selatan", 3),
                ("Komisi Pemberantasan Korupsi", 3),
                ("NIS", 2),
                ("Dewan Perwakilan Rakyat", 1),
                ("PP", 1),
            ])
        );
    }
}
