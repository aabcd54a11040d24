//! Who an entity is and who appears with it: one entity's names, article
//! count, dates, monthly timeline and the people, places and organisations
//! most often named in the same articles.
//!
//! Everything comes from one search pass with the entity's filter (every
//! name the resolution table gives it) and the facet and timeline
//! collectors that searches already use, so a profile costs what a faceted
//! search costs. Finding the entity's kind when none is given takes one
//! count per kind.

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::{DateTime, DocAddress, Order};
use time::OffsetDateTime;

use super::Index;
use super::schema::fold_key;
use crate::Result;
use crate::entities::EntityKind;
use crate::query::{
    FacetCount, FacetsCollector, FilterField, Interval, Node, Query, TimelineBucket,
    TimelineCollector,
};

/// What [`Index::entity`] looks at.
#[derive(Debug, Clone)]
pub struct EntityOptions {
    /// The entity's kind; `None` takes the kind under which the archive
    /// names it most often.
    pub kind: Option<EntityKind>,
    /// Only articles that also match this query (a topic, `date:2019-09`).
    pub within: Query,
    /// Entries in each list of co-occurring entities.
    pub related: usize,
    /// Width of the timeline's periods.
    pub interval: Interval,
}

impl Default for EntityOptions {
    fn default() -> Self {
        EntityOptions {
            kind: None,
            within: Query::all(),
            related: 10,
            interval: Interval::Month,
        }
    }
}

/// An entity of the archive and its company (`newsidx entity`, `GET
/// /api/entities/{name}`; schema/entity-profile.schema.json).
#[derive(Debug, Clone, Serialize)]
pub struct EntityProfile {
    /// `person`, `place` or `org`.
    pub kind: EntityKind,
    /// The name the archive shows for it.
    pub name: String,
    /// Its other names.
    pub aliases: Vec<String>,
    /// Articles that name it (within the options' query).
    pub articles: u64,
    /// Its earliest and latest dated article (WIB).
    #[serde(with = "time::serde::rfc3339::option")]
    pub first_date: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_date: Option<OffsetDateTime>,
    /// Its articles per period, empty periods included.
    pub timeline: Vec<TimelineBucket>,
    /// Its articles without a date.
    pub undated: u64,
    /// People most often in the same articles, with the shared count.
    pub people: Vec<RelatedEntity>,
    /// Places most often in the same articles.
    pub places: Vec<RelatedEntity>,
    /// Organisations most often in the same articles.
    pub orgs: Vec<RelatedEntity>,
}

/// An entity named in the same articles, and in how many of them.
pub type RelatedEntity = FacetCount;

impl Index {
    /// The profile of the entity called `name` (any of its names, any
    /// case), or `None` when no article names it.
    ///
    /// ```no_run
    /// use newsidx::index::EntityOptions;
    /// let index = newsidx::Index::open("newsidx-index")?;
    /// if let Some(p) = index.entity("KPK", &EntityOptions::default())? {
    ///     println!("{} ({} articles)", p.name, p.articles);
    ///     for with in &p.people {
    ///         println!("  {} {}", with.count, with.name);
    ///     }
    /// }
    /// # Ok::<(), newsidx::Error>(())
    /// ```
    pub fn entity(&self, name: &str, options: &EntityOptions) -> Result<Option<EntityProfile>> {
        let name = name.trim();
        if name.is_empty() {
            return Ok(None);
        }
        let searcher = self.reader.searcher();
        let filter = |kind: EntityKind| {
            Query::from_root(Node::Filter {
                field: FilterField::Entity(kind),
                value: name.to_string(),
            })
        };
        let kinds: Vec<EntityKind> = match options.kind {
            Some(k) => vec![k],
            None => EntityKind::ALL.to_vec(),
        };
        // The kind under which the archive names it most often.
        let mut best: Option<(usize, EntityKind)> = None;
        for kind in kinds {
            let n = searcher.search(&*self.lower(&searcher, &filter(kind))?, &Count)?;
            if n > 0 && best.is_none_or(|(m, _)| n > m) {
                best = Some((n, kind));
            }
        }
        let Some((_, kind)) = best else {
            return Ok(None);
        };
        let query = filter(kind).and(options.within.clone());
        let tq = self.lower(&searcher, &query)?;
        let table = self.entity_table();
        let first = TopDocs::with_limit(1).order_by_fast_field::<DateTime>("date", Order::Asc);
        let last = TopDocs::with_limit(1).order_by_fast_field::<DateTime>("date", Order::Desc);
        let collectors = (
            Count,
            FacetsCollector::resolved(&self.fields, std::sync::Arc::clone(&table)),
            TimelineCollector::new(&self.fields, options.interval),
            (first, last),
        );
        let (articles, tally, timeline, (first, last)) = searcher.search(&*tq, &collectors)?;
        // One more than asked, as the entity itself is in its own list.
        let facets = tally.resolve(&searcher, &self.fields, options.related.saturating_add(1))?;
        let cluster = table.cluster_of(kind, name);
        let own = match kind {
            EntityKind::Person => &facets.person,
            EntityKind::Place => &facets.place,
            EntityKind::Org => &facets.org,
        };
        let wanted = fold_key(cluster.map_or(name, |c| c.name.as_str()));
        let is_self = |c: &FacetCount| fold_key(&c.name) == wanted;
        let (shown, aliases) = match cluster {
            Some(c) => (c.name.clone(), c.aliases.clone()),
            // A name of its own: shown as the archive spells it.
            None => (
                own.iter()
                    .find(|c| is_self(c))
                    .map_or_else(|| name.to_string(), |c| c.name.clone()),
                Vec::new(),
            ),
        };
        let others = |list: Vec<FacetCount>, k: EntityKind| -> Vec<RelatedEntity> {
            list.into_iter()
                .filter(|c| k != kind || !is_self(c))
                .take(options.related)
                .collect()
        };
        let date_of = |hits: Vec<(Option<DateTime>, DocAddress)>| {
            hits.into_iter()
                .next()
                .and_then(|(d, _)| d)
                .and_then(super::search::to_wib)
        };
        Ok(Some(EntityProfile {
            kind,
            name: shown,
            aliases,
            articles: articles as u64,
            first_date: date_of(first),
            last_date: date_of(last),
            timeline: timeline.buckets,
            undated: timeline.undated,
            people: others(facets.person, EntityKind::Person),
            places: others(facets.place, EntityKind::Place),
            orgs: others(facets.org, EntityKind::Org),
        }))
    }
}
