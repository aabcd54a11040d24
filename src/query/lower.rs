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
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery, ExistsQuery,
    FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery, TermSetQuery,
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
/// Weight of a match in the body's opening sentence, on top of the body
/// match itself. Tuned on known-item search (`eval/known_item.py`,
/// development seed 7): 0.1 to 0.3 all help, more drowns the body.
pub(crate) const LEAD_BOOST: f32 = 0.2;

type Q = Box<dyn Query>;

/// Share of the articles using a word that must write it capitalised for
/// a capitalised query word to mean only the name.
const CAPITALISED_NAME_SHARE: f64 = 0.8;
/// Share for a lower-case query word to mean only the name: the archive
/// (almost) never writes it otherwise.
const LOWER_CASE_NAME_SHARE: f64 = 0.8;

/// Most words of a run read as one name ([`Lowerer::name_run`]).
const MAX_NAME_WORDS: usize = 4;

/// One position of an analysed query and the terms accepted there.
#[derive(Debug)]
struct Slot {
    position: usize,
    terms: Vec<String>,
}

/// Articles that write a word capitalised (`names`, its name form) and
/// that contain it at all (`all`, its folded form); `known` is false when
/// no archive was at hand to ask.
#[derive(Debug, Default, Clone, Copy)]
struct NameEvidence {
    known: bool,
    names: u64,
    all: u64,
}

impl NameEvidence {
    fn written_as_name(&self, share: f64) -> bool {
        self.known && self.names > 0 && self.names as f64 >= share * self.all as f64
    }
}

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
                (f.lead, LEAD_BOOST),
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
                let slots = self.slots(text);
                slots_over(&self.stemmed_fields(*field), &slots, 0)
            }
            Node::Word {
                field,
                text,
                fuzzy: Some(distance),
            } => {
                let mut tokens = analyse(&mut self.stemmed, text);
                // Near spellings of the word, as a name or not: the name
                // form would demand a capital from every match.
                if tokens.iter().any(|(_, t)| !analysis::is_name_term(t)) {
                    tokens.retain(|(_, t)| !analysis::is_name_term(t));
                }
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
                if *exact {
                    let tokens = analyse(&mut self.exact, text);
                    sequence_over(&self.exact_fields(*field), &tokens, *slop)
                } else {
                    let slots = self.slots(text);
                    slots_over(&self.stemmed_fields(*field), &slots, *slop)
                }
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
                let mut i = 0;
                while let Some(item) = items.get(i) {
                    if let Some((q, len)) = self.name_run(&items[i..]) {
                        positive = true;
                        clauses.push((Occur::Must, q));
                        i += len;
                        continue;
                    }
                    i += 1;
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

    /// Consecutive words at the start of `items` that the archive writes as
    /// one name (`Jawa Tengah`, `bank indonesia`): the phrase of their name
    /// forms, with the number of words taken. A user typing a name means
    /// the name, not its words scattered over an article (`Jawa Barat …
    /// Kalimantan Tengah`), but two names side by side (`Jokowi Prabowo`)
    /// mean both: so a run is read as a name only when at least half the
    /// articles that write all its words capitalised have them in a row.
    /// The longest such run wins. Case in the query plays no part, so
    /// `jawa tengah` and `Jawa Tengah` find the same articles.
    fn name_run(&mut self, items: &[Node]) -> Option<(Q, usize)> {
        let searcher = self.ctx.searcher?;
        let mut words: Vec<(&str, String)> = Vec::new();
        let mut field = None;
        for item in items.iter().take(MAX_NAME_WORDS) {
            let Node::Word {
                field: f,
                text,
                fuzzy: None,
            } = item
            else {
                break;
            };
            if field.is_some_and(|g| g != *f) {
                break;
            }
            let forms = analyse(&mut self.exact, text);
            let [(_, folded)] = forms.as_slice() else {
                break;
            };
            let Some(name) = analysis::name_term(folded) else {
                break;
            };
            if self.evidence(folded, &name).names == 0 {
                break;
            }
            field = Some(*f);
            words.push((text, name));
        }
        let field = field?;
        let fields = self.stemmed_fields(field);
        let count = |q: &dyn Query| searcher.search(q, &tantivy::collector::Count).unwrap_or(0);
        for len in (2..=words.len()).rev() {
            let run = words.get(..len)?;
            let slots: Vec<Slot> = run
                .iter()
                .enumerate()
                .map(|(position, (_, name))| Slot {
                    position,
                    terms: vec![name.clone()],
                })
                .collect();
            let Some(phrase) = slots_over(&fields, &slots, 0) else {
                continue;
            };
            let together = count(phrase.as_ref());
            if together == 0 {
                continue;
            }
            // The same words capitalised anywhere in the article.
            let apart: Vec<Q> = run
                .iter()
                .filter_map(|(_, name)| {
                    let slot = [Slot {
                        position: 0,
                        terms: vec![name.clone()],
                    }];
                    slots_over(&fields, &slot, 0)
                })
                .collect();
            let Some(apart) = must(apart) else {
                continue;
            };
            if together * 2 >= count(apart.as_ref()) {
                return Some((phrase, len));
            }
        }
        None
    }

    /// The query text as positions, each with the terms that may stand
    /// there: a word's name form, its common term, or both, chosen by
    /// [`Lowerer::choose`].
    fn slots(&mut self, text: &str) -> Vec<Slot> {
        let stemmed = analyse(&mut self.stemmed, text);
        let exact = analyse(&mut self.exact, text);
        let mut slots: Vec<Slot> = Vec::new();
        let mut i = 0;
        while let Some(&(position, _)) = stemmed.get(i) {
            // The last name form and the last common term at a position
            // belong to its last token (a compound's part, or the word).
            let mut name: Option<&str> = None;
            let mut common: Option<&str> = None;
            while let Some((p, t)) = stemmed.get(i) {
                if *p != position {
                    break;
                }
                if analysis::is_name_term(t) {
                    name = Some(t);
                } else {
                    common = Some(t);
                }
                i += 1;
            }
            let folded = exact
                .iter()
                .rev()
                .find(|(p, _)| *p == position)
                .map(|(_, t)| t.as_str());
            let terms = self.choose(folded, name, common);
            if !terms.is_empty() {
                slots.push(Slot { position, terms });
            }
        }
        slots
    }

    /// The terms one query word matches. A capitalised word means the
    /// name when the archive writes it as one (mostly capitalised, or a
    /// known place or organisation), else the name or the common word; a
    /// lower-case word means its common term, unless the archive (almost)
    /// only ever writes it as a name, so `kediri` finds what `Kediri`
    /// finds and not `diri`. A word that is its own stem needs no choice
    /// when lower case: every occurrence, name or not, carries it.
    fn choose(
        &self,
        folded: Option<&str>,
        name: Option<&str>,
        common: Option<&str>,
    ) -> Vec<String> {
        let own = |t: &str| vec![t.to_string()];
        match (name, common) {
            (None, None) => Vec::new(),
            (Some(n), None) => own(n),
            (Some(n), Some(c)) => {
                let Some(f) = folded else {
                    return vec![n.to_string(), c.to_string()];
                };
                let evidence = self.evidence(f, n);
                if evidence.written_as_name(CAPITALISED_NAME_SHARE)
                    || (evidence.names > 0 && analysis::pipeline::is_known_name(f))
                    || (evidence.known && evidence.all == 0 && c != f)
                {
                    own(n)
                } else {
                    vec![n.to_string(), c.to_string()]
                }
            }
            (None, Some(c)) => {
                let Some(f) = folded.filter(|f| *f != c) else {
                    return own(c);
                };
                let Some(n) = analysis::name_term(f) else {
                    return own(c);
                };
                let evidence = self.evidence(f, &n);
                if evidence.written_as_name(LOWER_CASE_NAME_SHARE) {
                    vec![n]
                } else if evidence.names > 0 || !evidence.known {
                    vec![c.to_string(), n]
                } else {
                    own(c)
                }
            }
        }
    }

    /// How the archive writes the folded word `folded` (name form `name`).
    fn evidence(&self, folded: &str, name: &str) -> NameEvidence {
        let Some(searcher) = self.ctx.searcher else {
            return NameEvidence::default();
        };
        let f = self.ctx.fields;
        let df = |field: Field, text: &str| -> u64 {
            searcher
                .doc_freq(&Term::from_field_text(field, text))
                .unwrap_or(0)
        };
        let (mut names, mut all) = (df(f.body, name), df(f.body_exact, folded));
        if all == 0 {
            // An archive of headlines only, or a word only its titles use.
            names = df(f.title, name);
            all = df(f.title_exact, folded);
        }
        NameEvidence {
            known: true,
            names,
            all,
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
            FilterField::Entity(kind) => Some(
                match self.ctx.entities.and_then(|t| t.cluster_of(kind, value)) {
                    Some(cluster) => cluster_filter(f, cluster, value),
                    None => entity_filter(f, kind, value),
                },
            ),
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

/// Articles that name any name of an entity of the resolution table: its
/// facet spellings and alias keys in one term-set lookup, and the name as
/// typed in any case (for articles added since the table was computed).
fn cluster_filter(fields: &Fields, cluster: &crate::index::EntityCluster, typed: &str) -> Q {
    let mut terms: Vec<Term> = Vec::with_capacity(2 * cluster.forms.len());
    for form in &cluster.forms {
        let facet = tantivy::schema::Facet::from_path([cluster.kind.as_str(), form.as_str()]);
        terms.push(Term::from_facet(fields.entity, &facet));
        terms.push(Term::from_field_text(
            fields.entity_alias,
            &entity_key(cluster.kind, form),
        ));
    }
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, Box::new(TermSetQuery::new(terms)) as Q),
        (Occur::Should, entity_filter(fields, cluster.kind, typed)),
    ]))
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
/// The analyzer can give several terms at one position (a compound and its
/// first part). Every occurrence of a word in a document carries the *last*
/// of them (the part), so a phrase is built from those; a single-position
/// query accepts any of them. Used for the literal-form and metadata fields;
/// the stemmed fields go through [`slots_over`].
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

/// [`sequence_over`] for positions that each accept one of several terms:
/// a single position is any of its terms; several are a phrase for every
/// combination of choices, up to [`MAX_PHRASE_VARIANTS`] (past that, each
/// ambiguous position keeps its first choice, the name form).
fn slots_over(fields: &[(Field, f32)], slots: &[Slot], slop: u32) -> Option<Q> {
    let first = slots.first()?.position;
    if slots.len() == 1 {
        let terms = &slots.first()?.terms;
        let qs = fields
            .iter()
            .filter_map(|&(fld, boost)| {
                let mut qs: Vec<Q> = terms
                    .iter()
                    .map(|t| -> Q {
                        Box::new(TermQuery::new(
                            Term::from_field_text(fld, t),
                            IndexRecordOption::WithFreqs,
                        ))
                    })
                    .collect();
                // One word scores once, by its best-matching form: an
                // article writing it both ways is not counted twice.
                let q: Q = match qs.len() {
                    0 => return None,
                    1 => qs.pop()?,
                    _ => Box::new(DisjunctionMaxQuery::new(qs)),
                };
                Some(boosted(q, boost))
            })
            .collect();
        return should(qs);
    }
    let mut variants: Vec<Vec<&str>> = vec![Vec::new()];
    for slot in slots {
        let choices: &[String] = if variants.len() * slot.terms.len() > MAX_PHRASE_VARIANTS {
            slot.terms.get(..1).unwrap_or(&[])
        } else {
            &slot.terms
        };
        variants = variants
            .iter()
            .flat_map(|v| {
                choices.iter().map(move |t| {
                    let mut v = v.clone();
                    v.push(t.as_str());
                    v
                })
            })
            .collect();
    }
    let qs = fields
        .iter()
        .filter_map(|&(fld, boost)| {
            let phrases = variants
                .iter()
                .map(|v| -> Q {
                    let terms = slots
                        .iter()
                        .zip(v)
                        .map(|(slot, t)| {
                            (
                                slot.position.saturating_sub(first),
                                Term::from_field_text(fld, t),
                            )
                        })
                        .collect();
                    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
                })
                .collect();
            Some(boosted(should(phrases)?, boost))
        })
        .collect();
    should(qs)
}

/// Most phrase variants one quoted query expands to.
const MAX_PHRASE_VARIANTS: usize = 16;
