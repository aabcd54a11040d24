//! Counts of entities, sources and categories over *all* matches of a query,
//! not just the page of hits shown, so a reader sees who and what a story is
//! about.
//!
//! One search pass: a small collector counts the `entity` facet column and
//! the `source_key` / `category_key` fast columns by term ordinal (no
//! stored-document reads per match), and names the counted ordinals with one
//! sequential walk of each segment's dictionary. tantivy's `FacetCollector`
//! looks every counted ordinal up on its own, which costs about 140 ms over
//! the 22,000-article archive with its tens of thousands of names. Entity
//! names are counted by entity: the archive's resolution table
//! (`index::entity_table`) maps each term ordinal of a segment to its
//! entity once per segment, and a per-entity "last document" marker counts
//! an article that writes two names of one entity (`Jokowi`, `Joko
//! Widodo`) once, exactly, at the cost of one array lookup per name.
//! Keys are lower-case,
//! so each reported key is mapped back to its display form (`Kompas.com`, not
//! `kompas.com`) by reading the stored field of one article that has it:
//! a handful of document reads per call, independent of the match count.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::Query;
use tantivy::schema::{Facet, Field, Value};
use tantivy::{
    DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

use crate::entities::EntityKind;
use crate::index::EntityTable;
use crate::index::entity_table::{NO_CLUSTER, split_facet};
use crate::index::schema::Fields;

/// One value and how many matching articles have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// Display name: the entity's name in the archive's resolution table,
    /// the outlet or section as an article wrote it.
    pub name: String,
    /// Other names of the same entity (empty for sources and categories).
    pub aliases: Vec<String>,
    /// Matching articles with this value.
    pub count: u64,
}

/// Facet counts of a result set, each list sorted by count (descending),
/// then name; entities of equal count by their article count over the
/// whole archive first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub person: Vec<FacetCount>,
    pub place: Vec<FacetCount>,
    pub org: Vec<FacetCount>,
    pub source: Vec<FacetCount>,
    pub category: Vec<FacetCount>,
}

/// Counts the facets of every document matching `query`, keeping the `top`
/// most frequent values of each list (`usize::MAX` keeps them all). Entity
/// names are counted as written; [`FacetsCollector::resolved`] counts them
/// by entity.
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
    inner: (EntityCounter, KeyCounter, KeyCounter),
}

impl FacetsCollector {
    /// A collector over the facet fields of `fields` that counts each
    /// entity name as written.
    pub fn new(fields: &Fields) -> FacetsCollector {
        FacetsCollector::resolved(fields, Arc::new(EntityTable::default()))
    }

    /// A collector that counts the names of one entity in `table` as one
    /// entry, each article once.
    pub fn resolved(fields: &Fields, table: Arc<EntityTable>) -> FacetsCollector {
        let schema = &fields.schema;
        let entity = EntityCounter {
            field: schema.get_field_name(fields.entity).to_string(),
            table,
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
    entities: EntityTally,
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
        let mut by_kind: [Vec<(FacetCount, Origin)>; 3] = Default::default();
        let slot = |kind: EntityKind| EntityKind::ALL.iter().position(|x| *x == kind);
        let EntityTally {
            table,
            names,
            clusters,
        } = self.entities;
        for (encoded, count) in names {
            if let Some((kind, name)) = split_facet(&encoded)
                && !table.is_common_word(kind, name)
                && let Some(list) = slot(kind).and_then(|i| by_kind.get_mut(i))
            {
                let entry = FacetCount {
                    name: name.to_string(),
                    aliases: Vec::new(),
                    count,
                };
                list.push((entry, Origin::Name(encoded)));
            }
        }
        for (id, count) in clusters {
            if let Some(c) = table.cluster(id)
                && !table.is_common_word(c.kind, &c.name)
                && let Some(list) = slot(c.kind).and_then(|i| by_kind.get_mut(i))
            {
                let entry = FacetCount {
                    name: c.name.clone(),
                    aliases: c.aliases.clone(),
                    count,
                };
                list.push((entry, Origin::Cluster(id)));
            }
        }
        let prominence = |origin: &Origin| -> u64 {
            let df = |kind: EntityKind, name: &str| {
                let facet = Facet::from_path([kind.as_str(), name]);
                searcher
                    .doc_freq(&Term::from_facet(fields.entity, &facet))
                    .unwrap_or(0)
            };
            match origin {
                Origin::Name(encoded) => split_facet(encoded).map_or(0, |(k, n)| df(k, n)),
                Origin::Cluster(id) => table
                    .cluster(*id)
                    .map_or(0, |c| c.forms.iter().map(|form| df(c.kind, form)).sum()),
            }
        };
        let [person, place, org] = by_kind.map(|list| ranked_entities(list, top, &prominence));
        Ok(Facets {
            person,
            place,
            org,
            source: display_names(searcher, self.sources, fields.source, top)?,
            category: display_names(searcher, self.categories, fields.category, top)?,
        })
    }
}

type Inner = (EntityCounter, KeyCounter, KeyCounter);

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

/// Counts the `entity` facet column by entity: each term ordinal is mapped
/// to its cluster in the resolution table (a map built once per segment
/// and table), and an article with two names of one entity (`Jokowi` and
/// `Joko Widodo`) counts once for it.
#[doc(hidden)]
pub struct EntityCounter {
    field: String,
    table: Arc<EntityTable>,
}

/// Entity counts of the matches: names that stand alone by their encoded
/// facet, entities of the table by cluster.
#[doc(hidden)]
pub struct EntityTally {
    table: Arc<EntityTable>,
    names: HashMap<String, u64>,
    clusters: HashMap<u32, u64>,
}

#[doc(hidden)]
pub struct SegmentEntityCounter {
    column: Option<StrColumn>,
    table: Arc<EntityTable>,
    cluster_of: Arc<Vec<u32>>,
    by_ord: Vec<u64>,
    by_cluster: Vec<u64>,
    /// Last document counted for each cluster: the per-article dedupe.
    last_doc: Vec<DocId>,
}

impl Collector for EntityCounter {
    type Fruit = EntityTally;
    type Child = SegmentEntityCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentEntityCounter> {
        let column = reader.fast_fields().str(&self.field)?;
        let cluster_of = match &column {
            Some(c) => self.table.segment_clusters(reader.segment_id(), c),
            None => Arc::new(Vec::new()),
        };
        let n = column.as_ref().map_or(0, |c| c.num_terms());
        let clusters = self.table.clusters().len();
        Ok(SegmentEntityCounter {
            column,
            table: Arc::clone(&self.table),
            cluster_of,
            by_ord: vec![0; n],
            by_cluster: vec![0; clusters],
            last_doc: vec![DocId::MAX; clusters],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segment_fruits: Vec<EntityTally>) -> tantivy::Result<EntityTally> {
        let mut out = EntityTally {
            table: Arc::clone(&self.table),
            names: HashMap::new(),
            clusters: HashMap::new(),
        };
        for fruit in segment_fruits {
            for (key, count) in fruit.names {
                *out.names.entry(key).or_default() += count;
            }
            for (id, count) in fruit.clusters {
                *out.clusters.entry(id).or_default() += count;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentEntityCounter {
    type Fruit = EntityTally;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(column) = &self.column else {
            return;
        };
        for ord in column.term_ords(doc) {
            let Ok(i) = usize::try_from(ord) else {
                continue;
            };
            let cluster = self.cluster_of.get(i).copied().unwrap_or(NO_CLUSTER);
            if cluster == NO_CLUSTER {
                if let Some(c) = self.by_ord.get_mut(i) {
                    *c += 1;
                }
                continue;
            }
            let k = cluster as usize;
            if let (Some(c), Some(last)) = (self.by_cluster.get_mut(k), self.last_doc.get_mut(k))
                && *last != doc
            {
                *last = doc;
                *c += 1;
            }
        }
    }

    fn harvest(self) -> EntityTally {
        let mut names = HashMap::new();
        if let Some(column) = &self.column
            && self.by_ord.iter().any(|&c| c > 0)
            // Walk the dictionary in ordinal order once: far cheaper than
            // one random lookup per counted ordinal when there are many.
            && let Ok(mut terms) = column.dictionary().stream()
        {
            while terms.advance() {
                let Ok(ord) = usize::try_from(terms.term_ord()) else {
                    continue;
                };
                let Some(&count) = self.by_ord.get(ord) else {
                    break;
                };
                if count == 0 {
                    continue;
                }
                if let Ok(key) = std::str::from_utf8(terms.key()) {
                    names.insert(key.to_string(), count);
                }
            }
        }
        let clusters = self
            .by_cluster
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .filter_map(|(i, c)| Some((u32::try_from(i).ok()?, *c)))
            .collect();
        EntityTally {
            table: self.table,
            names,
            clusters,
        }
    }
}

/// Where an entity entry's count came from: a name that stands alone (its
/// encoded facet term) or an entity of the resolution table.
#[derive(Clone)]
enum Origin {
    Name(String),
    Cluster(u32),
}

/// Ranks entity entries by matching articles; entries with the same count
/// are ranked by how many articles of the whole archive name them, then by
/// name. A topical list ends in long runs of one-article names, and of
/// those a reader is better served by the ones the archive knows well (a
/// minister, a province) than by the alphabetically first. Only entries
/// that tie with another in the kept part of the list are looked up: one
/// term lookup per segment and spelling.
fn ranked_entities(
    mut entries: Vec<(FacetCount, Origin)>,
    top: usize,
    prominence: &dyn Fn(&Origin) -> u64,
) -> Vec<FacetCount> {
    entries.sort_by_key(|e| std::cmp::Reverse(e.0.count));
    let kept = top.min(entries.len());
    let mut out = Vec::with_capacity(kept);
    let mut start = 0;
    while start < kept {
        let count = entries[start].0.count;
        let end = entries[start..]
            .iter()
            .position(|e| e.0.count != count)
            .map_or(entries.len(), |n| start + n);
        let tied = end - start > 1;
        let mut group: Vec<(u64, FacetCount)> = entries[start..end]
            .iter()
            .map(|(entry, origin)| (if tied { prominence(origin) } else { 0 }, entry.clone()))
            .collect();
        group.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
        out.extend(group.into_iter().map(|(_, entry)| entry));
        start = end;
    }
    out.truncate(kept);
    out
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
        out.push(FacetCount {
            name,
            aliases: Vec::new(),
            count,
        });
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

    fn entry(name: &str, count: u64) -> (FacetCount, Origin) {
        let facet = format!("person\u{0}{name}");
        let count = FacetCount {
            name: name.to_string(),
            aliases: Vec::new(),
            count,
        };
        (count, Origin::Name(facet))
    }

    #[test]
    fn ties_go_to_the_names_the_archive_knows_best() {
        let archive = |o: &Origin| match o {
            Origin::Name(f) if f.ends_with("Anies Baswedan") => 900,
            Origin::Name(f) if f.ends_with("Awan Lenticular") => 1,
            Origin::Name(f) if f.ends_with("Agus") => 40,
            _ => 0,
        };
        let list = [
            entry("Awan Lenticular", 1),
            entry("Agus", 1),
            entry("Anies Baswedan", 1),
            entry("Ganjar Pranowo", 3),
            entry("Abdul", 1),
        ];
        let names = |top| -> Vec<String> {
            ranked_entities(
                list.iter().map(|(c, o)| (c.clone(), o.clone())).collect(),
                top,
                &archive,
            )
            .into_iter()
            .map(|c| c.name)
            .collect()
        };
        assert_eq!(
            names(usize::MAX),
            [
                "Ganjar Pranowo",
                "Anies Baswedan",
                "Agus",
                "Awan Lenticular",
                "Abdul"
            ]
        );
        // The first entries of a short list are those of a long one.
        assert_eq!(names(3), ["Ganjar Pranowo", "Anies Baswedan", "Agus"]);
    }
}
