//! "Did you mean": for a word that matches nothing, the index's own words
//! within one or two edits (`Ukaina` -> `ukraina`).
//!
//! Candidates come from the unstemmed `*_exact` term dictionaries, streamed
//! through a Levenshtein automaton (the one tantivy's `FuzzyTermQuery`
//! builds), so a suggestion is a form that really occurs in the articles
//! rather than a bare stem. Distance 1 is tried first; distance 2 only for
//! words of five letters or more and only when distance 1 finds nothing,
//! because two edits on a short word reach too many unrelated words.
//! Candidates are ranked by document frequency: the common spelling wins.

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::tokenizer::TokenizerManager;
use tantivy::{Searcher, Term};

use super::Query;
use super::lower::analyse;
use crate::analysis;
use crate::index::schema::Fields;

/// Most suggestions per word.
const MAX_SUGGESTIONS: usize = 3;

/// For each positive word of `query` that matches no title or body, up to
/// three index words close to it, most frequent first. Words that do match,
/// and words with no close neighbour, are left out.
pub fn suggest(
    searcher: &Searcher,
    fields: &Fields,
    tokenizers: &TokenizerManager,
    query: &Query,
) -> Vec<(String, Vec<String>)> {
    let (Some(mut stemmed), Some(mut exact)) = (
        tokenizers.get(analysis::STEMMED),
        tokenizers.get(analysis::EXACT),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for word in query.words() {
        let stems = analyse(&mut stemmed, &word);
        if stems.is_empty() {
            continue;
        }
        let found = stems.iter().any(|(_, t)| {
            [fields.title, fields.body, fields.subheadings]
                .iter()
                .any(|&f| doc_freq(searcher, Term::from_field_text(f, t)) > 0)
        });
        if found {
            continue;
        }
        // Suggest only for words the analyzer keeps as one token.
        let forms = analyse(&mut exact, &word);
        let [(_, form)] = forms.as_slice() else {
            continue;
        };
        let exact_fields = [fields.title_exact, fields.body_exact];
        let mut candidates = neighbours(searcher, &exact_fields, form, 1);
        if candidates.is_empty() && form.chars().count() >= 5 {
            candidates = neighbours(searcher, &exact_fields, form, 2);
        }
        candidates.remove(form);
        if candidates.is_empty() {
            continue;
        }
        let mut ranked: Vec<(String, u64)> = candidates.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(MAX_SUGGESTIONS);
        out.push((
            word,
            ranked
                .into_iter()
                .map(|(w, _)| written_form(searcher, fields, &w))
                .collect(),
        ));
    }
    out
}

/// A folded word as the archive writes it: an entity's name when an
/// entity is called just that (`PBB`, `Jokowi`), else capitalised when
/// nearly every article using it writes it capitalised (`Ukraina`), else as
/// it is.
fn written_form(searcher: &Searcher, fields: &Fields, folded: &str) -> String {
    if let Some(name) = entity_name(searcher, fields.entity, folded) {
        return name;
    }
    let Some(name_term) = analysis::name_term(folded) else {
        return folded.to_string();
    };
    let names = doc_freq(searcher, Term::from_field_text(fields.body, &name_term))
        + doc_freq(searcher, Term::from_field_text(fields.title, &name_term));
    let all = doc_freq(searcher, Term::from_field_text(fields.body_exact, folded))
        + doc_freq(searcher, Term::from_field_text(fields.title_exact, folded));
    // As for a lower-case query word read as a name (`query::lower`): the
    // archive (almost) always writes it capitalised.
    if names > 0 && names * 5 >= all * 4 {
        let mut chars = folded.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        folded.to_string()
    }
}

/// The written name of an entity called just `folded`, in Title Case or
/// in capitals (`Jokowi`, `PBB`), when the entity facet has one.
fn entity_name(searcher: &Searcher, field: Field, folded: &str) -> Option<String> {
    let mut chars = folded.chars();
    let title: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let upper = folded.to_uppercase();
    let mut best: Option<(u64, String)> = None;
    for kind in ["person", "place", "org"] {
        for form in [&title, &upper] {
            let facet = tantivy::schema::Facet::from_path([kind, form.as_str()]);
            let df = doc_freq(searcher, Term::from_facet(field, &facet));
            if df > 0 && best.as_ref().is_none_or(|(b, _)| df > *b) {
                best = Some((df, form.clone()));
            }
        }
    }
    best.map(|(_, form)| form)
}

fn doc_freq(searcher: &Searcher, term: Term) -> u64 {
    searcher.doc_freq(&term).unwrap_or(0)
}

/// Terms of `fields` within `distance` edits of `form` (a transposition
/// counts as one edit), with their document frequency summed over fields
/// and segments.
fn neighbours(
    searcher: &Searcher,
    fields: &[Field],
    form: &str,
    distance: u8,
) -> HashMap<String, u64> {
    let mut out: HashMap<String, u64> = HashMap::new();
    for &field in fields {
        let query = FuzzyTermQuery::new(Term::from_field_text(field, form), distance, true);
        for segment in searcher.segment_readers() {
            let Ok(index) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(automaton) = query.automaton() else {
                return out;
            };
            let Ok(mut stream) = index.terms().search(automaton).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    *out.entry(term.to_string()).or_insert(0) += u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    out
}
