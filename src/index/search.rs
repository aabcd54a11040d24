//! Answering queries: ranking, paging, snippets, facets, timeline and the
//! stored articles behind hits.

use std::time::Instant;

use serde::Serialize;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, Order, Searcher, Term};
use time::{OffsetDateTime, UtcOffset};

use super::Index;

/// Terms [`Index::similar`] looks for.
const SIMILAR_TERMS: usize = 25;
/// Weight of each shared entity in [`Index::similar`].
const SIMILAR_ENTITY_BOOST: f32 = 2.0;
use super::schema::Fields;
use crate::entities::Entity;
use crate::query::{
    FacetCount, Facets, FacetsCollector, LowerContext, Query, TimelineBucket, TimelineCollector,
};
use crate::{Error, Result};

/// Order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (BM25); equally good matches newest first.
    #[default]
    Relevance,
    /// Oldest first; undated articles last.
    DateAsc,
    /// Newest first; undated articles last.
    DateDesc,
}

/// What to return besides the total.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    /// Count entities, sources and categories over all matches.
    pub facets: bool,
    /// Entries per facet list.
    pub facet_limit: usize,
    /// Count matches per period.
    pub timeline: Option<crate::query::Interval>,
    /// Longest snippet, in characters; 0 disables snippets.
    pub snippet_chars: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            facets: false,
            facet_limit: 10,
            timeline: None,
            snippet_chars: 200,
        }
    }
}

/// A passage of an article with the matched words marked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges `[start, end)` of matched words within `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// One ranked hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank over the whole result list (offset included).
    pub rank: usize,
    pub id: String,
    pub title: String,
    /// Publication time in WIB (UTC+7).
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub path: Option<String>,
    /// BM25 score; `None` when sorted by date.
    pub score: Option<f32>,
    pub snippet: Snippet,
}

/// Words that match nothing, with close index terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub word: String,
    pub suggestions: Vec<String>,
}

/// Everything a search returns.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// The query in canonical form.
    pub query: String,
    /// Matches in the whole index.
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// Matches per period, in date order, empty periods included.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<TimelineBucket>>,
    /// Matches without a date, counted when a timeline is asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline_undated: Option<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
}

/// One article as stored in the index.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    pub id: String,
    pub title: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub category: Option<String>,
    pub url: Option<String>,
    pub path: Option<String>,
    pub subheadings: Vec<String>,
    pub body: String,
    pub entities: Vec<Entity>,
}

/// Western Indonesian Time, in which newsidx shows dates.
pub(crate) const WIB: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

impl Index {
    /// Runs a query.
    pub fn search(&self, query: &Query, options: &SearchOptions) -> Result<SearchResults> {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let tq = self.lower(&searcher, query)?;
        // TopDocs reserves room for `offset + limit` hits: never ask for more
        // than exist, so a huge page size from an embedder costs nothing.
        let articles = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = options.limit.min(articles);
        let offset = options.offset.min(articles);
        // One pass over the matches collects the page, the total, and the
        // facet and timeline counts when asked for.
        let extras = (
            options
                .facets
                .then(|| FacetsCollector::resolved(&self.fields, self.entity_table())),
            options
                .timeline
                .map(|i| TimelineCollector::new(&self.fields, i)),
        );
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let (total, mut ranked, (tally, timeline)) = match options.sort {
            Sort::Relevance => {
                // Equally good matches, newest first: a filter alone
                // (`person:Jokowi`) scores every article the same, and the
                // order of the index's segments is no order for a reader.
                let by_score_then_date = top.order_by((
                    SortBySimilarityScore,
                    (
                        SortByStaticFastValue::<DateTime>::for_field("date"),
                        Order::Desc,
                    ),
                ));
                let (n, docs, extras) =
                    searcher.search(&*tq, &(Count, by_score_then_date, extras))?;
                let docs: Vec<(Option<f32>, DocAddress)> =
                    docs.into_iter().map(|((s, _), a)| (Some(s), a)).collect();
                (n, docs, extras)
            }
            Sort::DateAsc | Sort::DateDesc => {
                let order = if options.sort == Sort::DateAsc {
                    Order::Asc
                } else {
                    Order::Desc
                };
                // Articles without a date come after all dated ones either way.
                let by_date = top.order_by_fast_field::<DateTime>("date", order);
                let (n, docs, extras) = searcher.search(&*tq, &(Count, by_date, extras))?;
                (
                    n,
                    docs.into_iter().map(|(_, a)| (None, a)).collect(),
                    extras,
                )
            }
        };
        if limit == 0 {
            ranked.clear();
        }
        let snippets = SnippetMaker::new(self, &searcher, &*tq, options.snippet_chars)?;
        let hits = self.hits(&searcher, &snippets, offset, ranked)?;
        let facets = match tally {
            Some(t) => Some(t.resolve(&searcher, &self.fields, options.facet_limit)?),
            None => None,
        };
        let (timeline, timeline_undated) = match timeline {
            Some(t) => (Some(t.buckets), Some(t.undated)),
            None => (None, None),
        };
        let suggestions =
            crate::query::suggest(&searcher, &self.fields, &self.search_tokenizers(), query)
                .into_iter()
                .filter(|(_, s)| !s.is_empty())
                .map(|(word, suggestions)| Suggestion { word, suggestions })
                .collect();
        Ok(SearchResults {
            query: query.to_string(),
            total,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            hits,
            facets,
            timeline,
            timeline_undated,
            suggestions,
        })
    }

    /// Reads the stored articles behind ranked addresses and makes hits,
    /// ranked from `offset + 1`.
    fn hits(
        &self,
        searcher: &Searcher,
        snippets: &SnippetMaker,
        offset: usize,
        ranked: Vec<(Option<f32>, DocAddress)>,
    ) -> Result<Vec<Hit>> {
        let mut hits = Vec::with_capacity(ranked.len());
        for (i, (score, addr)) in ranked.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let stored = stored_article(&self.fields, &doc);
            let snippet = snippets.make(&stored);
            hits.push(Hit {
                rank: offset + i + 1,
                id: stored.id,
                title: stored.title,
                date: stored.date,
                source: stored.source,
                url: stored.url,
                path: stored.path,
                score,
                snippet,
            });
        }
        Ok(hits)
    }

    /// The analyzers for lowering queries and suggesting words: clones
    /// are cheap (see `snippet_analyzer`).
    pub(super) fn search_tokenizers(&self) -> tantivy::tokenizer::TokenizerManager {
        let settings = serde_json::to_string(self.analysis()).unwrap_or_default();
        super::snippet_analyzer::search_tokenizers(&self.inner, &settings)
    }

    /// Number of matches only.
    pub fn count(&self, query: &Query) -> Result<usize> {
        let searcher = self.reader.searcher();
        let tq = self.lower(&searcher, query)?;
        Ok(searcher.search(&*tq, &Count)?)
    }

    /// The tantivy query that runs `query` on this index.
    pub(super) fn lower(
        &self,
        searcher: &Searcher,
        query: &Query,
    ) -> Result<Box<dyn tantivy::query::Query>> {
        let table = self.entity_table();
        let ctx = LowerContext {
            fields: &self.fields,
            tokenizers: &self.search_tokenizers(),
            searcher: Some(searcher),
            entities: Some(&table),
        };
        Ok(query.to_tantivy(&ctx)?)
    }

    /// One article by id.
    pub fn get(&self, id: &str) -> Result<StoredArticle> {
        let searcher = self.reader.searcher();
        let addr = self.address_of(&searcher, id)?;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let mut article = stored_article(&self.fields, &doc);
        article.entities = self.entity_table().resolve_article(article.entities);
        Ok(article)
    }

    fn address_of(&self, searcher: &Searcher, id: &str) -> Result<DocAddress> {
        let q = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        top.first()
            .map(|(_, a)| *a)
            .ok_or_else(|| Error::NotFound(id.to_string()))
    }

    /// The articles most like the one with this id (more-like-this on its
    /// title and body), best first, the article itself excluded.
    pub fn similar(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let addr = self.address_of(&searcher, id)?;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let stored = stored_article(&self.fields, &doc);
        let mlt = self.like_this(&searcher, &stored);
        let q = BooleanQuery::new(vec![
            (Occur::Must, Box::new(mlt)),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.id, id),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let limit = limit.min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));
        if limit == 0 {
            return Ok(Vec::new());
        }
        let top = searcher.search(&q, &TopDocs::with_limit(limit).order_by_score())?;
        let snippets = SnippetMaker::new(self, &searcher, &AllQuery, 200)?;
        let ranked = top
            .into_iter()
            .map(|(score, addr)| (Some(score), addr))
            .collect();
        self.hits(&searcher, &snippets, 0, ranked)
    }

    /// The query behind [`Index::similar`]: the article's most telling
    /// terms by tf-idf over its title and body, each weighted by it, and
    /// its entities. No cut depends on the archive's size: a term in every
    /// article simply weighs nothing, so twelve articles and twelve million
    /// are treated alike. Ties are broken by the term, so the same article
    /// always gives the same query.
    fn like_this(&self, searcher: &Searcher, a: &StoredArticle) -> BooleanQuery {
        let n = searcher.num_docs().max(1) as f32;
        let mut tf: std::collections::BTreeMap<String, f32> = std::collections::BTreeMap::new();
        if let Some(mut analyzer) = self.search_tokenizers().get(crate::analysis::STEMMED) {
            for (text, weight) in [(&a.title, 2.0f32), (&a.body, 1.0)] {
                let mut stream = analyzer.token_stream(text);
                while let Some(t) = stream.next() {
                    if t.text.chars().count() >= 3 {
                        *tf.entry(t.text.clone()).or_insert(0.0) += weight;
                    }
                }
            }
        }
        let mut weighted: Vec<(f32, String)> = tf
            .into_iter()
            .filter_map(|(term, tf)| {
                let df = searcher
                    .doc_freq(&Term::from_field_text(self.fields.body, &term))
                    .unwrap_or(0) as f32;
                // A term no other article has cannot find one.
                if df < 2.0 {
                    return None;
                }
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                Some(((1.0 + tf.ln()) * idf, term))
            })
            .collect();
        weighted.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
        weighted.truncate(SIMILAR_TERMS);
        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        for (weight, term) in &weighted {
            for field in [self.fields.body, self.fields.title] {
                let q = TermQuery::new(
                    Term::from_field_text(field, term),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(tantivy::query::BoostQuery::new(Box::new(q), *weight)),
                ));
            }
        }
        for e in &a.entities {
            let facet = tantivy::schema::Facet::from_path([e.kind.as_str(), e.name.as_str()]);
            let q = TermQuery::new(
                Term::from_facet(self.fields.entity, &facet),
                IndexRecordOption::Basic,
            );
            clauses.push((
                Occur::Should,
                Box::new(tantivy::query::BoostQuery::new(
                    Box::new(q),
                    SIMILAR_ENTITY_BOOST,
                )),
            ));
        }
        BooleanQuery::new(clauses)
    }

    /// Figures about the whole index.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let mut undated = 0u64;
        let mut first: Option<DateTime> = None;
        let mut last: Option<DateTime> = None;
        for segment in searcher.segment_readers() {
            let dates = segment.fast_fields().date("date")?;
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                match dates.first(doc) {
                    Some(d) => {
                        first = Some(first.map_or(d, |f| f.min(d)));
                        last = Some(last.map_or(d, |l| l.max(d)));
                    }
                    None => undated += 1,
                }
            }
        }
        let f = crate::query::facets(&searcher, &AllQuery, &self.fields, usize::MAX)?;
        Ok(Stats {
            articles: searcher.num_docs(),
            undated,
            first_date: first.and_then(to_wib),
            last_date: last.and_then(to_wib),
            sources: f.source,
            index_bytes: self.size_bytes(),
            path: self.root.display().to_string(),
        })
    }
}

/// Figures about an index (`newsidx stats`).
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub undated: u64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub first_date: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_date: Option<OffsetDateTime>,
    pub sources: Vec<FacetCount>,
    pub index_bytes: u64,
    pub path: String,
}

pub(super) fn to_wib(d: DateTime) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs())
        .ok()
        .map(|t| t.to_offset(WIB))
}

fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

pub(super) fn stored_article(fields: &Fields, doc: &TantivyDocument) -> StoredArticle {
    let entities = first_str(doc, fields.entities)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    StoredArticle {
        id: first_str(doc, fields.id).unwrap_or_default(),
        title: first_str(doc, fields.title)
            .or_else(|| first_str(doc, fields.derived_title))
            .unwrap_or_default(),
        date: doc
            .get_first(fields.date)
            .and_then(|v| v.as_datetime())
            .and_then(to_wib),
        source: first_str(doc, fields.source),
        author: first_str(doc, fields.author),
        category: first_str(doc, fields.category),
        url: first_str(doc, fields.url),
        path: first_str(doc, fields.path),
        subheadings: doc
            .get_all(fields.subheadings)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        body: first_str(doc, fields.body).unwrap_or_default(),
        entities,
    }
}

/// Picks the best passage of each hit: stemmed matches in the body first,
/// then literal-form matches, then the title, then the opening of the body.
struct SnippetMaker {
    generators: Vec<SnippetGenerator>,
    max_chars: usize,
}

impl SnippetMaker {
    fn new(
        index: &Index,
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        max_chars: usize,
    ) -> Result<SnippetMaker> {
        let mut generators = Vec::new();
        if max_chars > 0 {
            // Analyzers are shared between indexes with the same settings.
            let settings = serde_json::to_string(index.analysis()).unwrap_or_default();
            for field in [index.fields.body, index.fields.body_exact] {
                let mut g = super::snippet_analyzer::generator(searcher, query, field, &settings)?;
                g.set_max_num_chars(max_chars);
                generators.push(g);
            }
        }
        Ok(SnippetMaker {
            generators,
            max_chars,
        })
    }

    fn make(&self, a: &StoredArticle) -> Snippet {
        if self.max_chars == 0 {
            return Snippet::default();
        }
        for g in &self.generators {
            let s = g.snippet(&a.body);
            if !s.highlighted().is_empty() {
                return Snippet {
                    text: s.fragment().to_string(),
                    highlights: s.highlighted().iter().map(|r| [r.start, r.end]).collect(),
                };
            }
        }
        Snippet {
            text: leading_text(&a.body, self.max_chars),
            highlights: Vec::new(),
        }
    }
}

/// The first `max_chars` characters of `text`, cut at a word boundary.
fn leading_text(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let end = head.rfind(char::is_whitespace).unwrap_or(cut);
            format!("{}…", head[..end].trim_end())
        }
    }
}
