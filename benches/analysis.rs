//! Speed of the Indonesian analyzers on real news text.
//!
//! Runs the registered analyzers over the bodies of the first articles of
//! the shared corpus (`../shared/data/corpus/clickid.jsonl`, or one level
//! further up for a work tree) and over a built-in paragraph when the corpus
//! is absent. Reports MB/s and tokens/s for newsidx's stemmed and exact
//! analyzers next to tantivy's default analyzer on the same text, and words/s
//! for the stemmer alone.
//!
//! Every iteration checks the number of tokens, so a change that gets faster
//! by producing different tokens fails the bench instead of looking good.
//!
//! ```text
//! cargo bench --bench analysis
//! ```

use std::hint::black_box;
use std::io::BufRead;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsidx::analysis::{self, AnalysisConfig};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};

/// Articles taken from the corpus.
const ARTICLES: usize = 1000;

/// Exact-analyzer token counts that pin the tokenizer's behaviour: on the
/// first [`ARTICLES`] corpus bodies and on [`PARAGRAPH`].
const EXACT_TOKENS_CORPUS: usize = 277_961;
const EXACT_TOKENS_PARAGRAPH: usize = 100;

/// Fallback text: a news paragraph written for this bench.
const PARAGRAPH: &str = "JAKARTA - Kementerian Luar Negeri (Kemenlu) RI memastikan 11.000 \
warga negara Indonesia di Korea Selatan dalam keadaan aman, Kamis (24/10/2024). \
Juru bicara Kemenlu mengatakan anak-anak dan lansia sudah dipindahkan ke tempat \
yang lebih aman setelah ketegangan Rusia-Korea Utara meningkat 2,5 kali lipat \
dibandingkan pekan lalu. \"Kami terus berkoordinasi dengan KBRI Seoul dan PBB,\" \
ujarnya. Informasi lengkap tersedia di https://kemlu.go.id/seoul atau melalui \
surel info@kemlu.go.id; warganet membagikan kabar itu dengan tagar #WNIAman dan \
menandai @Kemlu_RI. Harga tiket pesawat naik menjadi Rp1.250.000, atau 12,5% \
lebih mahal, kata Dr. Budi Santoso, S.H., pengamat dari Jum'at Institute.";

fn corpus() -> Option<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = ["../shared", "../../shared"]
        .iter()
        .map(|up| root.join(up).join("data/corpus/clickid.jsonl"))
        .find(|p| p.exists())?;
    let file = std::fs::File::open(path).ok()?;
    let mut text = String::new();
    for line in std::io::BufReader::new(file).lines().take(ARTICLES) {
        let v: serde_json::Value = serde_json::from_str(&line.ok()?).ok()?;
        text.push_str(v.get("body")?.as_str()?);
        text.push('\n');
    }
    Some(text)
}

fn count(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += 1;
    }
    n
}

fn bench(c: &mut Criterion) {
    let manager = TokenizerManager::default();
    analysis::register(&manager, &AnalysisConfig::default());
    let get = |name: &str| {
        manager
            .get(name)
            .unwrap_or_else(|| panic!("analyzer {name} is not registered"))
    };
    // The paragraph's count is checked on every run, corpus or not.
    let paragraph_tokens = count(&mut get(analysis::EXACT), PARAGRAPH);
    eprintln!("analysis bench: built-in paragraph has {paragraph_tokens} exact tokens");
    assert_eq!(
        paragraph_tokens, EXACT_TOKENS_PARAGRAPH,
        "exact analyzer token count changed on the built-in paragraph"
    );
    let (text, source, pinned) = match corpus() {
        Some(t) => (t, "corpus", EXACT_TOKENS_CORPUS),
        None => {
            eprintln!("analysis bench: shared corpus not found, using the built-in paragraph");
            let text = [PARAGRAPH; 200].join("\n");
            (text, "paragraph", EXACT_TOKENS_PARAGRAPH * 200)
        }
    };
    let mut contenders = [
        ("newsidx_stemmed", get(analysis::STEMMED)),
        ("newsidx_exact", get(analysis::EXACT)),
        ("tantivy_default", get("default")),
    ];
    let counts: Vec<usize> = contenders
        .iter_mut()
        .map(|(_, a)| count(a, &text))
        .collect();
    eprintln!(
        "analysis bench on {source}: {:.2} MB, tokens: stemmed {}, exact {}, tantivy default {}",
        text.len() as f64 / 1e6,
        counts[0],
        counts[1],
        counts[2]
    );
    assert_eq!(
        counts[1], pinned,
        "exact analyzer token count changed on the {source} text"
    );

    let mut bytes = c.benchmark_group("analyzer_bytes");
    bytes.sample_size(10);
    bytes.throughput(Throughput::Bytes(text.len() as u64));
    for ((name, analyzer), &expected) in contenders.iter_mut().zip(&counts) {
        bytes.bench_function(*name, |b| {
            b.iter(|| assert_eq!(count(analyzer, black_box(&text)), expected))
        });
    }
    bytes.finish();

    let mut tokens = c.benchmark_group("analyzer_tokens");
    tokens.sample_size(10);
    for ((name, analyzer), &expected) in contenders.iter_mut().zip(&counts) {
        tokens.throughput(Throughput::Elements(expected as u64));
        tokens.bench_function(*name, |b| {
            b.iter(|| assert_eq!(count(analyzer, black_box(&text)), expected))
        });
    }
    tokens.finish();

    // The stemmer alone, on the lower-case words of the same text.
    let words: Vec<String> = analysis::analyze(&text, &AnalysisConfig::default())
        .into_iter()
        .filter(|t| t.kind == analysis::TokenKind::Word)
        .map(|t| t.folded)
        .collect();
    let mut stem = c.benchmark_group("stemmer");
    stem.sample_size(10);
    stem.throughput(Throughput::Elements(words.len() as u64));
    stem.bench_function("stem_words", |b| {
        b.iter(|| {
            let mut total = 0usize;
            for w in &words {
                total += analysis::stem(black_box(w)).len();
            }
            assert!(total > 0);
            total
        })
    });
    stem.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
