//! Speed of entity extraction, alone and next to the indexing it runs in.
//!
//! `extract/*` runs on fixed texts written for this bench and checks the
//! number of entities found, so a change that is fast because it is wrong
//! shows up. `corpus/*` (skipped with a message when
//! `../shared/data/corpus/clickid.jsonl` is absent) indexes the first 300
//! articles into a RAM index with the newsidx schema: without entities, with
//! entity facets extracted beforehand (the cost of the extra fields), and
//! with extraction inline, which is the ratio the index build pays.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsidx::entities::{Entity, Extractor, tagger::Model};
use newsidx::index::schema::Fields;
use tantivy::{Index, IndexWriter, TantivyDocument};

const SHORT: &str = "JAKARTA, KOMPAS.com - Presiden Rusia Vladimir Putin tiba di Jakarta \
pada Senin pagi. Putin disambut Menteri Luar Negeri Retno Marsudi di Bandara Halim Perdanakusuma.";

const LONG_PARAGRAPHS: &[&str] = &[
    "Sekretaris Jenderal Perserikatan Bangsa-Bangsa (PBB) Antonio Guterres meminta semua pihak \
     menahan diri. Menurut Guterres, PBB siap membantu warga sipil di Gaza.",
    "Ketua KPK Firli Bahuri mengatakan lembaganya bekerja sama dengan Polri dan Kejaksaan Agung \
     untuk menuntaskan kasus korupsi di Kabupaten Bogor, Jawa Barat.",
    "Pemimpin Korea Utara Kim Jong Un bertemu Presiden Amerika Serikat Donald Trump di Singapura. \
     Kim mengatakan pertemuan itu bersejarah, sementara Trump memuji sikap Kim.",
    "Gubernur DKI Jakarta Anies Baswedan meninjau banjir di Kampung Melayu bersama Wali Kota \
     Jakarta Timur. Anies meminta warga waspada. (Tribunnews.com/Farrah Putri)",
];

fn long_text() -> String {
    LONG_PARAGRAPHS.repeat(5).join("\n")
}

fn extract(c: &mut Criterion) {
    let ex = Extractor::new().expect("bundled model");
    let long = long_text();
    let n_short = ex.mentions(SHORT).len();
    assert!(n_short >= 6, "short text: {n_short} mentions");
    let n_long = ex.article_entities("Banjir Jakarta", &long).len();
    assert!(n_long >= 15, "long text: {n_long} entities");

    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(SHORT.len() as u64));
    g.bench_function("mentions_short", |b| {
        b.iter(|| ex.mentions(black_box(SHORT)))
    });
    g.throughput(Throughput::Bytes(long.len() as u64));
    g.bench_function("article_entities_long", |b| {
        b.iter(|| ex.article_entities("Banjir Jakarta", black_box(&long)))
    });
    g.finish();

    let bytes = include_bytes!("../data/entities/model.bin");
    c.bench_function("model_load", |b| {
        b.iter(|| Model::from_bytes(black_box(bytes)).map(|m| m.len()))
    });
}

fn articles(n: usize) -> Option<Vec<(String, String)>> {
    // `../shared` from the repository root; one level further up from a
    // worktree nested one directory deeper.
    let text = ["../shared", "../../shared"]
        .iter()
        .find_map(|d| std::fs::read_to_string(format!("{d}/data/corpus/clickid.jsonl")).ok())?;
    Some(
        text.lines()
            .take(n)
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).ok()?;
                Some((
                    v["title"].as_str()?.to_string(),
                    v["body"].as_str()?.to_string(),
                ))
            })
            .collect(),
    )
}

/// Where an indexed article's entities come from.
enum Entities<'a> {
    None,
    Extract(&'a Extractor),
    Given(&'a [Vec<Entity>]),
}

fn index_articles(docs: &[(String, String)], ents: Entities<'_>) -> usize {
    let fields = Fields::new();
    let index = Index::create_in_ram(fields.schema.clone());
    newsidx::analysis::register(index.tokenizers(), &Default::default());
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, 50_000_000)
        .expect("writer");
    let mut n_entities = 0;
    for (i, (title, body)) in docs.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.title, title);
        doc.add_text(fields.title_exact, title);
        doc.add_text(fields.body, body);
        doc.add_text(fields.body_exact, body);
        let found = match &ents {
            Entities::None => Vec::new(),
            Entities::Extract(ex) => ex.article_entities(title, body),
            Entities::Given(all) => all.get(i).cloned().unwrap_or_default(),
        };
        n_entities += found.len();
        fields.add_entities(&mut doc, &found);
        writer.add_document(doc).expect("add");
    }
    writer.commit().expect("commit");
    n_entities
}

fn corpus(c: &mut Criterion) {
    let Some(docs) = articles(300) else {
        eprintln!("corpus bench skipped: ../shared/data/corpus/clickid.jsonl not found");
        return;
    };
    let ex = Extractor::new().expect("bundled model");
    let bytes: usize = docs.iter().map(|(t, b)| t.len() + b.len()).sum();
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("extract_300", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(t, body)| ex.article_entities(t, body).len())
                .sum::<usize>()
        })
    });
    g.bench_function("index_300_without_entities", |b| {
        b.iter(|| index_articles(&docs, Entities::None))
    });
    // Entity facets indexed but extracted beforehand: separates the cost of
    // the extra fields from the cost of extraction.
    let given: Vec<Vec<Entity>> = docs
        .iter()
        .map(|(t, body)| ex.article_entities(t, body))
        .collect();
    g.bench_function("index_300_with_given_entities", |b| {
        b.iter(|| index_articles(&docs, Entities::Given(&given)))
    });
    g.bench_function("index_300_with_entities", |b| {
        b.iter(|| index_articles(&docs, Entities::Extract(&ex)))
    });
    g.finish();
}

criterion_group!(benches, extract, corpus);
criterion_main!(benches);
