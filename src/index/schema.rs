//! The index fields: the contract between the writer, the searcher and any
//! tool that opens an index directly (documented in `schema/index-fields.md`).
//!
//! Text is indexed twice: once stemmed (the default match path) and once
//! folded but unstemmed (`*_exact`), so literal-form search stays possible
//! without re-reading the archive.

use tantivy::TantivyDocument;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Facet, FacetOptions, Field, IndexRecordOption, STORED,
    STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis;
use crate::entities::Entity;

/// Handles to every field of the newsidx schema.
#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    /// Stable article id (raw, stored): the upsert key.
    pub id: Field,
    pub title: Field,
    pub title_exact: Field,
    /// A title derived from the body for display (stored, not indexed).
    pub derived_title: Field,
    pub body: Field,
    pub body_exact: Field,
    /// The body's opening sentence, searched again with a small weight:
    /// news is written lead first, so the opening sums the story up.
    pub lead: Field,
    /// Headline-like lines inside the text (multi-valued, stored).
    pub subheadings: Field,
    /// Publication time (indexed, fast, stored).
    pub date: Field,
    /// Outlet as written (stored) and as a lower-case key (raw, fast).
    pub source: Field,
    pub source_key: Field,
    pub author: Field,
    pub category: Field,
    pub category_key: Field,
    /// URL: stored as given, indexed by its words for `url:`.
    pub url: Field,
    /// File the article came from (stored, raw-indexed).
    pub path: Field,
    /// Entity facets by canonical name: `/person/Vladimir Putin`,
    /// `/place/Kursk`, `/org/PBB`. Counted through their fast column and
    /// matched by entity filters through their terms.
    pub entity: Field,
    /// Lower-cased `kind:name` keys of the other names an article gives an
    /// entity, so `org:"perserikatan bangsa-bangsa"` finds the article
    /// whose facet is `/org/PBB`.
    pub entity_alias: Field,
    /// Stored JSON list of the article's entities with mention counts.
    pub entities: Field,
}

/// Analyzer of the `url` field: tantivy's built-in lower-casing word splitter.
pub const URL_ANALYZER: &str = "default";

/// Schema version written next to the index; bump when fields change.
pub const SCHEMA_VERSION: u32 = 3;

impl Fields {
    pub fn new() -> Fields {
        let mut b = Schema::builder();
        let stemmed = |stored: bool| {
            let o = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analysis::STEMMED)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            );
            if stored { o.set_stored() } else { o }
        };
        let exact = || {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analysis::EXACT)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let id = b.add_text_field("id", STRING | STORED);
        let title = b.add_text_field("title", stemmed(true));
        let title_exact = b.add_text_field("title_exact", exact());
        let derived_title = b.add_text_field("derived_title", STORED);
        let body = b.add_text_field("body", stemmed(true));
        let body_exact = b.add_text_field("body_exact", exact());
        let lead = b.add_text_field("lead", stemmed(false));
        let subheadings = b.add_text_field("subheadings", stemmed(true));
        let date = b.add_date_field(
            "date",
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored()
                .set_precision(DateTimePrecision::Seconds),
        );
        let source = b.add_text_field("source", exact().set_stored());
        let source_key = b.add_text_field("source_key", STRING | FAST);
        let author = b.add_text_field("author", exact().set_stored());
        let category = b.add_text_field("category", exact().set_stored());
        let category_key = b.add_text_field("category_key", STRING | FAST);
        // URLs are searched by their words (`url:tribunnews`, `url:"2024/10"`),
        // which tantivy's plain splitter gives; ours keeps a URL whole.
        let url = b.add_text_field(
            "url",
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(URL_ANALYZER)
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                )
                .set_stored(),
        );
        let path = b.add_text_field("path", STRING | STORED);
        let entity = b.add_facet_field("entity", FacetOptions::default());
        let entity_alias = b.add_text_field("entity_alias", STRING);
        let entities = b.add_text_field("entities", STORED);
        Fields {
            schema: b.build(),
            id,
            title,
            title_exact,
            derived_title,
            body,
            body_exact,
            lead,
            subheadings,
            date,
            source,
            source_key,
            author,
            category,
            category_key,
            url,
            path,
            entity,
            entity_alias,
            entities,
        }
    }

    /// Checks that an existing index has exactly this schema and returns
    /// the handles for it.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let expected = Fields::new();
        if *schema != expected.schema {
            return Err(format!(
                "its fields differ from this version's (schema version {SCHEMA_VERSION}); rebuild it with --rebuild"
            ));
        }
        Ok(expected)
    }
}

impl Fields {
    /// Adds the entity fields of an article to its document: a facet per
    /// entity, a key per alias and the stored list.
    ///
    /// The canonical name gets no key of its own: filters find it through
    /// the facet's terms (`query` matches them case-insensitively), and
    /// each distinct indexed term is a measurable share of the cost of
    /// indexing entities.
    pub fn add_entities(&self, doc: &mut TantivyDocument, entities: &[Entity]) {
        for e in entities {
            doc.add_facet(
                self.entity,
                Facet::from_path([e.kind.as_str(), e.name.as_str()]),
            );
            for alias in &e.aliases {
                doc.add_text(self.entity_alias, entity_key(e.kind, alias));
            }
        }
        if let Ok(json) = serde_json::to_string(entities) {
            doc.add_text(self.entities, json);
        }
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields::new()
    }
}

/// Key under which an alias is indexed in `entity_alias`: `person:putin`.
pub fn entity_key(kind: crate::entities::EntityKind, name: &str) -> String {
    format!("{}:{}", kind.as_str(), fold_key(name))
}

/// Lower-cased, whitespace-collapsed form used for source, category and entity keys.
pub fn fold_key(s: &str) -> String {
    // Nearly every key is ASCII words with single spaces between them,
    // which fold to their lower case as they stand.
    let b = s.as_bytes();
    let single_spaced = b.first().is_some_and(|&c| c != b' ')
        && b.last().is_some_and(|&c| c != b' ')
        && b.iter().all(|&c| c == b' ' || c.is_ascii_graphic())
        && !b.windows(2).any(|w| w == b"  ");
    if single_spaced {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        // ASCII words are lowered in place: an archive-wide entity table
        // folds every name it holds.
        crate::entities::gazetteer::push_lower(&mut out, w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold_key;
    use proptest::prelude::*;

    #[test]
    fn keys_fold_case_and_spaces_ascii_or_not() {
        assert_eq!(fold_key("  Joko \t WIDODO "), "joko widodo");
        assert_eq!(fold_key("ÉLYSÉE Palace"), "élysée palace");
        assert_eq!(fold_key("Kota SURABAYA Ñ"), "kota surabaya ñ");
        assert_eq!(fold_key(""), "");
    }

    proptest! {
        #[test]
        fn the_ascii_shortcut_folds_as_unicode_does(s in "[ A-Za-z0-9\t.é]{0,30}|\\PC{0,30}") {
            let general: Vec<String> = s
                .split_whitespace()
                .map(|w| w.chars().flat_map(char::to_lowercase).collect())
                .collect();
            prop_assert_eq!(fold_key(&s), general.join(" "));
        }
    }
}
