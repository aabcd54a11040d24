//! Stemmer throughput on real news text, in words per second.
//!
//! Words come from the first million word tokens of the shared corpus
//! (`../shared/data/corpus/clickid.jsonl`, looked up next to the repository);
//! without it a small built-in list is used so the bench still runs. The
//! same words go through Snowball's Indonesian algorithm (the `frostem`
//! crate) for comparison. Each run asserts that one stem came out per word,
//! so a fast but broken change is caught.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsidx::analysis::stem::Stemmer;

const MAX_WORDS: usize = 1_000_000;

const BUILT_IN: &str = "pemerintah menyatakan bahwa pengiriman bantuan kepada para korban \
    bencana di wilayah terdampak akan dilaksanakan secepatnya setelah keputusan \
    diumumkan oleh kementerian dan disetujui anggota dewan perwakilan rakyat \
    anak-anak berlarian menyelamatkan diri ketika gempa mengguncang permukiman";

fn corpus_words() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        root.join("../shared/data/corpus/clickid.jsonl"),
        root.join("../../shared/data/corpus/clickid.jsonl"),
    ];
    let Some(text) = candidates
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
    else {
        eprintln!("stemmer bench: shared corpus not found, using the built-in word list");
        return BUILT_IN
            .split_whitespace()
            .cycle()
            .take(10_000)
            .map(str::to_string)
            .collect();
    };
    let mut words = Vec::with_capacity(MAX_WORDS);
    'lines: for line in text.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(body) = value.get("body").and_then(|b| b.as_str()) else {
            continue;
        };
        for word in split_words(body) {
            words.push(word.to_lowercase());
            if words.len() == MAX_WORDS {
                break 'lines;
            }
        }
    }
    words
}

/// Runs of ASCII letters, joined by single inner hyphens (`anak-anak`).
fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
        .flat_map(|chunk| {
            // Leading, trailing and doubled hyphens separate words.
            chunk.split("--")
        })
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty())
}

fn bench(c: &mut Criterion) {
    // One contiguous buffer, as a tokenizer would hand words over, rather
    // than a million separate heap strings.
    let buffer = corpus_words().join("\n");
    let words: Vec<&str> = buffer.split('\n').collect();
    let stemmer = Stemmer::new();
    let snowball = frostem::Stemmer::new(frostem::Algorithm::Indonesian);

    let mut group = c.benchmark_group("stemmer");
    group.sample_size(10);
    group.throughput(Throughput::Elements(words.len() as u64));
    group.bench_function("newsidx", |b| {
        b.iter(|| {
            let mut out = 0usize;
            let mut bytes = 0usize;
            for w in &words {
                let s = stemmer.stem(black_box(*w));
                bytes += s.len();
                out += 1;
            }
            assert_eq!(out, words.len());
            black_box(bytes)
        })
    });
    group.bench_function("snowball_frostem", |b| {
        b.iter(|| {
            let mut out = 0usize;
            let mut bytes = 0usize;
            for w in &words {
                let s = snowball.stem(black_box(*w));
                bytes += s.len();
                out += 1;
            }
            assert_eq!(out, words.len());
            black_box(bytes)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
