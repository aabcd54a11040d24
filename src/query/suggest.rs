//! Placeholder until suggestions land.
use tantivy::Searcher;
use tantivy::tokenizer::TokenizerManager;

use super::Query;
use crate::index::schema::Fields;

pub fn suggest(
    _searcher: &Searcher,
    _fields: &Fields,
    _tokenizers: &TokenizerManager,
    _query: &Query,
) -> Vec<(String, Vec<String>)> {
    Vec::new()
}
