//! Lowering the query AST to tantivy queries.
//!
//! Words and phrases go through the same analyzers the index used (looked up
//! by name in the index's [`TokenizerManager`](tantivy::tokenizer::TokenizerManager)),
//! so whatever analyzer is registered, query terms and indexed terms agree.
//! A plain word is scored over title (boost 2), subheadings (1.5) and body;
//! metadata filters are exact term lookups on the raw key fields.
//!
//! Trade-offs: a word the analyzer splits into several tokens (`covid-19`)
//! becomes a phrase of them, so it still means "this word"; a word the
//! analyzer removes entirely (a stopword) is dropped from the query rather
//! than making it match nothing.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, ExistsQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Term};

use super::LowerContext;
use super::parse::{FilterField, Node, TextField};
use crate::analysis;
use crate::entities::EntityKind;
use crate::index::schema::{Fields, entity_key, fold_key};

/// Boost of a title match over a body match.
pub(crate) const TITLE_BOOST: f32 = 2.0;
/// Boost of a subheading match over a body match.
pub(crate) const SUBHEADING_BOOST: f32 = 1.5;

type Q = Box<dyn Query>;

/// Lowers `node`; an entirely dropped query becomes [`EmptyQuery`].
pub(crate) fn lower(node: &Node, ctx: &LowerContext<'_>) -> Result<Q, String> {
    let mut lw = Lowerer::new(ctx)?;
    Ok(lw.node(node).unwrap_or_else(|| Box::new(EmptyQuery)))
}

/// Runs `analyzer` over `text`: (position, term) pairs.
pub(crate) fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(tok) = stream.next() {
        out.push((tok.position, tok.text.clone()));
    }
    out
}

/// The analyzer registered under `name`, or a message saying it is missing.
pub(crate) fn analyzer(ctx: &LowerContext<'_>, name: &str) -> Result<TextAnalyzer, String> {
    ctx.tokenizers
        .get(name)
        .ok_or_else(|| format!("analyzer \"{name}\" is not registered with this index"))
}

struct Lowerer<'c> {
    ctx: &'c LowerContext<'c>,
    stemmed: TextAnalyzer,
    exact: TextAnalyzer,
    url: TextAnalyzer,
}

impl<'c> Lowerer<'c> {
    fn new(ctx: &'c LowerContext<'c>) -> Result<Self, String> {
        Ok(Lowerer {
            ctx,
            stemmed: analyzer(ctx, analysis::STEMMED)?,
            exact: analyzer(ctx, analysis::EXACT)?,
            url: analyzer(ctx, crate::index::schema::URL_ANALYZER)?,
        })
    }

    fn stemmed_fields(&self, field: TextField) -> Vec<(Field, f32)> {
        let f = self.ctx.fields;
        match field {
            TextField::Any => vec![
                (f.title, TITLE_BOOST),
                (f.subheadings, SUBHEADING_BOOST),
                (f.body, 1.0),
            ],
            TextField::Title => vec![(f.title, 1.0)],
            TextField::Body => vec![(f.body, 1.0), (f.subheadings, 1.0)],
        }
    }

    fn exact_fields(&self, field: TextField) -> Vec<(Field, f32)> {
        let f = self.ctx.fields;
        match field {
            TextField::Any => vec![(f.title_exact, TITLE_BOOST), (f.body_exact, 1.0)],
            TextField::Title => vec![(f.title_exact, 1.0)],
            TextField::Body => vec![(f.body_exact, 1.0)],
        }
    }

    fn node(&mut self, node: &Node) -> Option<Q> {
        match node {
            Node::All => Some(Box::new(AllQuery)),
            Node::Word {
                field,
                text,
                fuzzy: None,
            } => {
                let tokens = analyse(&mut self.stemmed, text);
                sequence_over(&self.stemmed_fields(*field), &tokens, 0)
            }
            Node::Word {
                field,
                text,
                fuzzy: Some(distance),
            } => {
                let tokens = analyse(&mut self.stemmed, text);
                let fields = self.stemmed_fields(*field);
                let per_token: Vec<Q> = tokens
                    .iter()
                    .filter_map(|(_, t)| {
                        should(
                            fields
                                .iter()
                                .map(|&(fld, boost)| {
                                    let q: Q = Box::new(FuzzyTermQuery::new(
                                        Term::from_field_text(fld, t),
                                        *distance,
                                        true,
                                    ));
                                    boosted(q, boost)
                                })
                                .collect(),
                        )
                    })
                    .collect();
                must(per_token)
            }
            Node::Phrase {
                field,
                text,
                slop,
                exact,
            } => {
                let (tokens, fields) = if *exact {
                    (analyse(&mut self.exact, text), self.exact_fields(*field))
                } else {
                    (
                        analyse(&mut self.stemmed, text),
                        self.stemmed_fields(*field),
                    )
                };
                sequence_over(&fields, &tokens, *slop)
            }
            Node::Filter { field, value } => self.filter(*field, value),
            Node::Date(range) => {
                let f = self.ctx.fields.date;
                let bound = |t: Option<time::OffsetDateTime>, incl: bool| match t {
                    None => Bound::Unbounded,
                    Some(t) => {
                        let term = Term::from_field_date_for_search(f, DateTime::from_utc(t));
                        if incl {
                            Bound::Included(term)
                        } else {
                            Bound::Excluded(term)
                        }
                    }
                };
                if range.start.is_none() && range.end.is_none() {
                    let name = self.ctx.fields.schema.get_field_name(f).to_string();
                    return Some(Box::new(ExistsQuery::new(name, false)));
                }
                Some(Box::new(RangeQuery::new(
                    bound(range.start, true),
                    bound(range.end, false),
                )))
            }
            Node::And(items) => {
                let mut clauses: Vec<(Occur, Q)> = Vec::new();
                let mut positive = false;
                for item in items {
                    match item {
                        Node::Not(inner) => {
                            if let Some(q) = self.node(inner) {
                                clauses.push((Occur::MustNot, q));
                            }
                        }
                        other => {
                            if let Some(q) = self.node(other) {
                                positive = true;
                                clauses.push((Occur::Must, q));
                            }
                        }
                    }
                }
                if clauses.is_empty() {
                    return None;
                }
                if !positive {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Or(items) => {
                let qs: Vec<Q> = items.iter().filter_map(|i| self.node(i)).collect();
                should(qs)
            }
            Node::Not(inner) => {
                let q = self.node(inner)?;
                Some(Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AllQuery) as Q),
                    (Occur::MustNot, q),
                ])))
            }
        }
    }

    fn filter(&mut self, field: FilterField, value: &str) -> Option<Q> {
        let f = self.ctx.fields;
        let raw = |fld: Field, key: String| -> Option<Q> {
            Some(Box::new(TermQuery::new(
                Term::from_field_text(fld, &key),
                IndexRecordOption::Basic,
            )))
        };
        match field {
            FilterField::Source => raw(f.source_key, fold_key(value)),
            FilterField::Category => raw(f.category_key, fold_key(value)),
            FilterField::Entity(kind) => Some(entity_filter(f, kind, value)),
            FilterField::Author | FilterField::Url => {
                let fld = if field == FilterField::Author {
                    f.author
                } else {
                    f.url
                };
                let tokens = if field == FilterField::Author {
                    analyse(&mut self.exact, value)
                } else {
                    analyse(&mut self.url, value)
                };
                sequence_over(&[(fld, 1.0)], &tokens, 0)
            }
        }
    }
}

/// Articles that give the entity `kind: name` as its canonical name, in
/// any case and spacing (a case-insensitive match on the `entity` facet's
/// terms, so `person:"joko  WIDODO"` finds `/person/Joko Widodo`), or as
/// one of its aliases (an exact `entity_alias` key).
pub(crate) fn entity_filter(fields: &Fields, kind: EntityKind, name: &str) -> Q {
    let alias: Q = Box::new(TermQuery::new(
        Term::from_field_text(fields.entity_alias, &entity_key(kind, name)),
        IndexRecordOption::Basic,
    ));
    match RegexQuery::from_pattern(&facet_pattern(kind, name), fields.entity) {
        Ok(canonical) => Box::new(BooleanQuery::new(vec![
            (Occur::Should, Box::new(canonical) as Q),
            (Occur::Should, alias),
        ])),
        // Only a name too long for the automaton gets here.
        Err(_) => alias,
    }
}

/// A pattern matching the facet term of `kind: name` whatever its case
/// and spacing. Facet terms are the path's segments joined by a NUL byte.
/// Every character of the name that is not a letter or digit is written
/// as its code point, so no input has a meaning in the pattern language.
fn facet_pattern(kind: EntityKind, name: &str) -> String {
    use std::fmt::Write;
    let mut p = String::with_capacity(kind.as_str().len() + 2 * name.len() + 16);
    p.push_str(kind.as_str());
    p.push_str("\\x{0}(?i:");
    for (i, word) in name.split_whitespace().enumerate() {
        if i > 0 {
            p.push_str("\\s+");
        }
        for c in word.chars() {
            if c.is_alphanumeric() {
                p.push(c);
            } else {
                let _ = write!(p, "\\x{{{:x}}}", u32::from(c));
            }
        }
    }
    p.push(')');
    p
}

fn boosted(q: Q, boost: f32) -> Q {
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn should(mut qs: Vec<Q>) -> Option<Q> {
    match qs.len() {
        0 => None,
        1 => qs.pop(),
        _ => Some(Box::new(BooleanQuery::new(
            qs.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))),
    }
}

fn must(mut qs: Vec<Q>) -> Option<Q> {
    match qs.len() {
        0 => None,
        1 => qs.pop(),
        _ => Some(Box::new(BooleanQuery::new(
            qs.into_iter().map(|q| (Occur::Must, q)).collect(),
        ))),
    }
}

/// The tokens as one term or a phrase with `slop`, in each of `fields`,
/// combined with Should.
///
/// The analyzer can give several terms at one position: a compound and its
/// first part, or a name's literal form and its stem. Every occurrence of a
/// word in a document carries the *last* of them (the part, the stem), so a
/// phrase is built from those; a single-position query accepts any of them,
/// which also ranks literal name matches higher.
fn sequence_over(fields: &[(Field, f32)], tokens: &[(usize, String)], slop: u32) -> Option<Q> {
    let first = tokens.first()?.0;
    let single_position = tokens.iter().all(|(p, _)| *p == first);
    let mut last_per_position: Vec<&(usize, String)> = Vec::new();
    for tok in tokens {
        match last_per_position.last_mut() {
            Some(prev) if prev.0 == tok.0 => *prev = tok,
            _ => last_per_position.push(tok),
        }
    }
    let qs = fields
        .iter()
        .filter_map(|&(fld, boost)| {
            let term_query = |t: &str| -> Q {
                Box::new(TermQuery::new(
                    Term::from_field_text(fld, t),
                    IndexRecordOption::WithFreqs,
                ))
            };
            let q: Q = if single_position {
                let mut seen: Vec<&str> = Vec::new();
                for (_, t) in tokens {
                    if !seen.contains(&t.as_str()) {
                        seen.push(t);
                    }
                }
                should(seen.into_iter().map(term_query).collect())?
            } else {
                let terms = last_per_position
                    .iter()
                    .map(|(pos, t)| (pos.saturating_sub(first), Term::from_field_text(fld, t)))
                    .collect();
                Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
            };
            Some(boosted(q, boost))
        })
        .collect();
    should(qs)
}
