//! Placeholder until the facet collector lands.
use serde::Serialize;
use tantivy::Searcher;

use crate::index::schema::Fields;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    pub name: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub person: Vec<FacetCount>,
    pub place: Vec<FacetCount>,
    pub org: Vec<FacetCount>,
    pub source: Vec<FacetCount>,
    pub category: Vec<FacetCount>,
}

pub fn facets(
    _searcher: &Searcher,
    _query: &dyn tantivy::query::Query,
    _fields: &Fields,
    _top: usize,
) -> tantivy::Result<Facets> {
    Ok(Facets::default())
}
