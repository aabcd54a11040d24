//! Query front-end speed: parsing and lowering on fixed queries, and, when
//! the shared corpus is present, searching an in-memory index of it with
//! and without facets and timeline.
//!
//! The corpus part builds its own index in RAM from
//! `../shared/data/corpus/clickid.jsonl` (relative to the repository root;
//! `NEWSIDX_SHARED` overrides the `shared` folder), derives 200 queries of
//! eight kinds from the articles' titles, prints median and p99 latency of
//! one pass over them, and then lets criterion time the whole set. Each
//! query derived from a title must find at least that article, so a fast
//! but wrong change fails here.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::tokenizer::TokenizerManager;
use tantivy::{DateTime, Index, IndexWriter, Searcher, TantivyDocument};

use newsidx::analysis;
use newsidx::index::schema::{Fields, fold_key};
use newsidx::query::{
    DateRange, FacetsCollector, Interval, LowerContext, Query, TimelineCollector, suggest,
};

const SHORT: &[&str] = &[
    "pasukan korea utara",
    "\"pasukan Korea Utara\"",
    "banjir -jakarta",
    "ukaina~",
    "date:2024-10",
];

const LONG: &[&str] = &[
    "(rusia OR ukraina OR \"korea utara\") pasukan -latihan title:perang source:kompas.com \
     date:2024-10-01..2024-10-31",
    "person:\"Vladimir Putin\" place:kursk org:pbb =\"dikirimkan ke\"~2 date:\"24 Oktober 2024\"",
    "NOT (iklan OR promo) AND (banjir OR longsor) body:\"jalan tol\" author:\"Farrah Putri\" \
     date:>=2024-10-22 category:nasional url:tribunnews",
];

fn parse_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    g.bench_function("short", |b| {
        b.iter(|| {
            for q in SHORT {
                assert!(Query::parse(black_box(q)).is_ok());
            }
        })
    });
    g.bench_function("long", |b| {
        b.iter(|| {
            for q in LONG {
                assert!(Query::parse(black_box(q)).is_ok());
            }
        })
    });
    g.finish();

    let fields = Fields::new();
    let tokenizers = TokenizerManager::default();
    analysis::register(&tokenizers, &Default::default());
    let ctx = LowerContext {
        fields: &fields,
        tokenizers: &tokenizers,
        searcher: None,
        entities: None,
    };
    let parsed: Vec<Query> = SHORT
        .iter()
        .chain(LONG)
        .filter_map(|q| Query::parse(q).ok())
        .collect();
    assert_eq!(parsed.len(), SHORT.len() + LONG.len());
    c.bench_function("lower/all", |b| {
        b.iter(|| {
            for q in &parsed {
                assert!(black_box(q).to_tantivy(&ctx).is_ok());
            }
        })
    });
}

fn shared_dir() -> PathBuf {
    std::env::var_os("NEWSIDX_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

struct Article {
    title: String,
    date: Option<String>,
    source: Option<String>,
}

fn build_index(lines: &str, fields: &Fields) -> (Index, Vec<Article>) {
    let index = Index::create_in_ram(fields.schema.clone());
    analysis::register(index.tokenizers(), &Default::default());
    let mut writer: IndexWriter = index.writer(200_000_000).expect("writer");
    let mut arts = Vec::new();
    for line in lines.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let mut doc = TantivyDocument::default();
        let title = s("title").unwrap_or_default();
        let body = s("body").unwrap_or_default();
        doc.add_text(fields.id, s("id").unwrap_or_default());
        doc.add_text(fields.title, &title);
        doc.add_text(fields.title_exact, &title);
        doc.add_text(fields.body, &body);
        doc.add_text(fields.body_exact, &body);
        let date = s("date");
        if let Some(start) = date
            .as_deref()
            .and_then(|d| DateRange::parse(d).ok()?.start)
        {
            doc.add_date(fields.date, DateTime::from_utc(start));
        }
        let source = s("source");
        for (f, key, v) in [
            (fields.source, fields.source_key, &source),
            (fields.category, fields.category_key, &s("category")),
        ] {
            if let Some(v) = v {
                doc.add_text(f, v);
                doc.add_text(key, fold_key(v));
            }
        }
        if let Some(u) = s("url") {
            doc.add_text(fields.url, u);
        }
        if writer.add_document(doc).is_ok() {
            arts.push(Article {
                title,
                date,
                source,
            });
        }
    }
    writer.commit().expect("commit");
    (index, arts)
}

/// 200 queries of eight kinds, each with whether it must find its article.
fn derive_queries(arts: &[Article]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
            .map(str::to_lowercase)
            .collect()
    };
    let step = (arts.len() / 400).max(1);
    let mut kind = 0usize;
    for (i, a) in arts.iter().enumerate().step_by(step) {
        if out.len() >= 200 {
            break;
        }
        let ws = words(&a.title);
        let [w1, w2, ..] = ws.as_slice() else {
            continue;
        };
        let other = arts
            .get((i + 7919) % arts.len())
            .map(|o| words(&o.title))
            .and_then(|o| o.first().cloned())
            .unwrap_or_else(|| "iklan".into());
        let q = match kind % 8 {
            0 => (format!("{w1} {w2}"), true),
            1 => {
                // Two neighbouring words of the title, as a phrase.
                let toks: Vec<String> = a
                    .title
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|t| !t.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                match toks.windows(2).find(|p| p.iter().all(|t| t.len() >= 3)) {
                    Some(p) => (format!("\"{} {}\"", p[0], p[1]), true),
                    None => (format!("{w1} {w2}"), true),
                }
            }
            2 => (format!("{w1} OR {other}"), true),
            3 => (format!("{w1} -{other}"), false),
            4 => (format!("title:{w1}"), true),
            5 => match &a.source {
                Some(s) => (format!("{w1} source:\"{s}\""), true),
                None => (w1.clone(), true),
            },
            6 => match a.date.as_deref().and_then(|d| d.get(..7)) {
                Some(m) => (format!("{w1} date:{m}"), true),
                None => (w1.clone(), true),
            },
            _ => (format!("{w1}~"), true),
        };
        out.push(q);
        kind += 1;
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn corpus_benches(c: &mut Criterion) {
    let path = shared_dir().join("data/corpus/clickid.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipping corpus benchmarks: {} not found (set NEWSIDX_SHARED)",
            path.display()
        );
        return;
    };
    let fields = Fields::new();
    let t0 = Instant::now();
    let (index, arts) = build_index(&text, &fields);
    eprintln!(
        "indexed {} articles in RAM in {:.1} s",
        arts.len(),
        t0.elapsed().as_secs_f64()
    );
    let reader = index.reader().expect("reader");
    let searcher: Searcher = reader.searcher();
    let queries = derive_queries(&arts);
    let ctx = LowerContext {
        fields: &fields,
        tokenizers: index.tokenizers(),
        searcher: Some(&searcher),
        entities: None,
    };

    let plain = |q: &str| -> usize {
        let tq = Query::parse(q)
            .and_then(|p| p.to_tantivy(&ctx))
            .expect("query");
        let (n, top) = searcher
            .search(&*tq, &(Count, TopDocs::with_limit(10).order_by_score()))
            .expect("search");
        for (_, addr) in &top {
            let doc: TantivyDocument = searcher.doc(*addr).expect("doc");
            black_box(
                doc.get_first(fields.title)
                    .and_then(|v| v.as_str())
                    .map(str::len),
            );
        }
        n
    };
    let with_aggs = |q: &str| -> usize {
        let tq = Query::parse(q)
            .and_then(|p| p.to_tantivy(&ctx))
            .expect("query");
        let (n, top, tally, line) = searcher
            .search(
                &*tq,
                &(
                    Count,
                    TopDocs::with_limit(10).order_by_score(),
                    FacetsCollector::new(&fields),
                    TimelineCollector::new(&fields, Interval::Day),
                ),
            )
            .expect("search");
        black_box((top, line));
        black_box(tally.resolve(&searcher, &fields, 10).expect("facets"));
        n
    };

    // Correctness first: every query built from a title finds its article.
    for (q, must_match) in &queries {
        let n = plain(q);
        assert!(!must_match || n > 0, "{q} found nothing");
    }
    for (name, run) in [
        ("plain", &plain as &dyn Fn(&str) -> usize),
        ("facets+timeline", &with_aggs),
    ] {
        let mut times: Vec<Duration> = queries
            .iter()
            .map(|(q, _)| {
                let t = Instant::now();
                black_box(run(q));
                t.elapsed()
            })
            .collect();
        times.sort();
        eprintln!(
            "{name}: {} queries, median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            times.len(),
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        );
    }

    // Broad queries: the worst case for facets and timeline.
    for q in ["*", "yang", "indonesia OR jakarta"] {
        for (name, run) in [
            ("plain", &plain as &dyn Fn(&str) -> usize),
            ("facets+timeline", &with_aggs),
        ] {
            let t = Instant::now();
            let n = run(q);
            eprintln!(
                "broad {q:?} {name}: {n} matches in {:.2} ms",
                t.elapsed().as_secs_f64() * 1e3
            );
        }
    }

    // Typo suggestions from the index's own words.
    // (The corpus itself has typos such as "Indonesai", which therefore match.)
    for typo in [
        "indnoesia",
        "presidne",
        "kepolsian",
        "pemerinthan",
        "Ukaina",
    ] {
        let q = Query::parse(typo).expect("typo query");
        let t = Instant::now();
        let s = suggest(&searcher, &fields, index.tokenizers(), &q);
        eprintln!(
            "suggest {typo}: {s:?} in {:.2} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
        if typo == "indnoesia" {
            let first = s.first().and_then(|(_, list)| list.first());
            assert_eq!(first.map(String::as_str), Some("indonesia"));
        }
    }

    let mut g = c.benchmark_group("corpus");
    g.sample_size(10);
    g.bench_function("200 queries plain", |b| {
        b.iter(|| queries.iter().map(|(q, _)| plain(q)).sum::<usize>())
    });
    g.bench_function("200 queries facets+timeline", |b| {
        b.iter(|| queries.iter().map(|(q, _)| with_aggs(q)).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, parse_benches, corpus_benches);
criterion_main!(benches);
