//! Placeholder until the timeline collector lands.
use serde::Serialize;
use tantivy::Searcher;

use crate::index::schema::Fields;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Interval {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineBucket {
    pub start: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Timeline {
    pub buckets: Vec<TimelineBucket>,
    pub undated: u64,
}

pub fn timeline(
    _searcher: &Searcher,
    _query: &dyn tantivy::query::Query,
    _fields: &Fields,
    _interval: Interval,
) -> tantivy::Result<Timeline> {
    Ok(Timeline::default())
}
