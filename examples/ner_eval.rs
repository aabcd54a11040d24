//! Entity-level precision, recall and F1 of the entity tagger on CoNLL files.
//!
//! ```text
//! cargo run --release --example ner_eval -- [--baseline] [--model FILE] [--speed N] [--corpus JSONL] [FILES...]
//! ```
//!
//! Without FILES it reads `dev.conll` of every set under `../shared/data/ner`.
//! Counting follows conlleval/seqeval: an entity is right when its span and
//! type both match exactly; precision, recall and F1 per type and
//! micro-averaged, per file and over all mixed-case files together.
//!
//! `--baseline` prints, next to the tagger, a capitalised-word chunker with
//! the same gazetteers: runs of capitalised words (a sentence's first word
//! only when it is all caps or on a gazetteer) are places or organisations
//! when a gazetteer says so, organisations when all caps, persons otherwise.
//!
//! `--speed N` also times [`Extractor::article_entities`] over the first N
//! articles of `../shared/data/corpus/clickid.jsonl` (or `--corpus`; skipped with a
//! message when the file is absent) and the first load of the model.

use std::path::{Path, PathBuf};
use std::time::Instant;

use newsidx::entities::gazetteer::{Gazetteer, kind_of};
use newsidx::entities::tagger::{GoldSentence, Model, TAGS, read_conll, spans, tag_index};
use newsidx::entities::{EntityKind, Extractor};

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: [u64; 3],
    pred: [u64; 3],
    gold: [u64; 3],
}

impl Counts {
    fn add(&mut self, gold: &[u8], pred: &[u8]) {
        let g = spans(gold);
        let p = spans(pred);
        for s in &g {
            self.gold[idx(s.0)] += 1;
        }
        for s in &p {
            self.pred[idx(s.0)] += 1;
            if g.contains(s) {
                self.tp[idx(s.0)] += 1;
            }
        }
    }
    fn merge(&mut self, o: &Counts) {
        for k in 0..3 {
            self.tp[k] += o.tp[k];
            self.pred[k] += o.pred[k];
            self.gold[k] += o.gold[k];
        }
    }
    fn prf(&self, k: Option<usize>) -> (f64, f64, f64, u64) {
        let sum = |a: &[u64; 3]| match k {
            Some(k) => a[k],
            None => a.iter().sum(),
        };
        let (tp, p, g) = (
            sum(&self.tp) as f64,
            sum(&self.pred) as f64,
            sum(&self.gold),
        );
        let prec = if p > 0.0 { tp / p } else { 0.0 };
        let rec = if g > 0 { tp / g as f64 } else { 0.0 };
        let f = if prec + rec > 0.0 {
            2.0 * prec * rec / (prec + rec)
        } else {
            0.0
        };
        (prec, rec, f, g)
    }
}

fn idx(k: EntityKind) -> usize {
    match k {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Org => 2,
    }
}

fn baseline(words: &[String], gaz: &Gazetteer) -> Vec<u8> {
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let caps = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    let mut tags = vec![0u8; words.len()];
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let first_ok = i > 0 || caps(w) || gaz.lookup(w) != 0;
        if !cap(w) || !first_ok {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len() && cap(&words[j]) {
            j += 1;
        }
        let chunk = words[i..j].join(" ");
        let kind = kind_of(gaz.lookup(&chunk)).unwrap_or(if j - i == 1 && caps(w) {
            EntityKind::Org
        } else {
            EntityKind::Person
        });
        let (b, inside) = match kind {
            EntityKind::Person => ("B-PER", "I-PER"),
            EntityKind::Place => ("B-LOC", "I-LOC"),
            EntityKind::Org => ("B-ORG", "I-ORG"),
        };
        for (k, t) in tags[i..j].iter_mut().enumerate() {
            *t = tag_index(if k == 0 { b } else { inside }).unwrap_or(0);
        }
        i = j;
    }
    tags
}

fn is_lowercase_set(s: &[GoldSentence]) -> bool {
    let (mut up, mut n) = (0usize, 0usize);
    for w in s.iter().flat_map(|s| &s.words) {
        n += 1;
        up += usize::from(w.chars().any(char::is_uppercase));
    }
    up * 100 < n
}

fn row(label: &str, ours: &Counts, base: Option<&Counts>) {
    let names = ["PER", "LOC", "ORG"];
    for k in [Some(0), Some(1), Some(2), None] {
        let (p, r, f, g) = ours.prf(k);
        let name = k.map_or("micro", |k| names[k]);
        print!("{label:<22} {name:<5} {g:>5}  {p:.3} {r:.3} {f:.3}");
        if let Some(b) = base {
            let (bp, br, bf, _) = b.prf(k);
            print!("   | {bp:.3} {br:.3} {bf:.3}");
        }
        println!();
    }
}

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut with_baseline = false;
    let mut show_errors = false;
    let mut model_path: Option<PathBuf> = None;
    let mut speed: Option<usize> = None;
    let mut corpus = PathBuf::from("../shared/data/corpus/clickid.jsonl");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--baseline" => with_baseline = true,
            "--errors" => show_errors = true,
            "--model" => model_path = args.next().map(PathBuf::from),
            "--speed" => speed = args.next().and_then(|n| n.parse().ok()),
            "--corpus" => corpus = args.next().map(PathBuf::from).unwrap_or(corpus),
            _ => files.push(PathBuf::from(a)),
        }
    }
    let root = Path::new("../shared/data/ner");
    if files.is_empty() {
        for set in [
            "indolem-nerui",
            "indolem-nerugm",
            "indonlu-nergrit",
            "indonlu-nerp",
        ] {
            files.push(root.join(set).join("dev.conll"));
        }
    }
    let t = Instant::now();
    let ex = match &model_path {
        Some(p) => {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let m = Model::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            Extractor::with_model(Box::leak(Box::new(m)))
        }
        None => Extractor::new().unwrap_or_else(|e| panic!("{e}")),
    };
    let _ = ex.tag_tokens(&["Jakarta"]);
    let load = t.elapsed();
    let gaz = Gazetteer::bundled();

    println!(
        "{:<22} {:<5} {:>5}  {:<17}{}",
        "file",
        "type",
        "gold",
        "ours P R F1",
        if with_baseline {
            "   | baseline P R F1"
        } else {
            ""
        }
    );
    let mut mixed = (Counts::default(), Counts::default());
    for f in &files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("ner_eval: skipping {}: {e}", f.display());
                continue;
            }
        };
        let sents = read_conll(&text);
        let (mut ours, mut base) = (Counts::default(), Counts::default());
        for s in &sents {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let pred: Vec<u8> = ex
                .tag_tokens(&words)
                .iter()
                .map(|t| tag_index(t).unwrap_or(0))
                .collect();
            ours.add(&s.tags, &pred);
            if show_errors && s.tags != pred {
                for (i, w) in s.words.iter().enumerate() {
                    let g = s.tags.get(i).copied().unwrap_or(0) as usize;
                    let p = pred.get(i).copied().unwrap_or(0) as usize;
                    let mark = if g == p { "" } else { "   <<<" };
                    eprintln!("{w}\t{}\t{}{mark}", TAGS[g], TAGS[p]);
                }
                eprintln!();
            }
            if with_baseline {
                base.add(&s.tags, &baseline(&s.words, gaz));
            }
        }
        let label = f.parent().and_then(|p| p.file_name()).map_or_else(
            || f.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        row(&label, &ours, with_baseline.then_some(&base));
        if !is_lowercase_set(&sents) {
            mixed.0.merge(&ours);
            mixed.1.merge(&base);
        }
    }
    row(
        "mixed-case together",
        &mixed.0,
        with_baseline.then_some(&mixed.1),
    );
    println!(
        "model load (first use, incl. gazetteers): {:.1} ms",
        load.as_secs_f64() * 1e3
    );

    if let Some(n) = speed {
        let Ok(text) = std::fs::read_to_string(&corpus) else {
            println!("speed: {} not found, skipped", corpus.display());
            return;
        };
        let articles: Vec<(String, String)> = text
            .lines()
            .take(n)
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).ok()?;
                Some((
                    v["title"].as_str()?.to_string(),
                    v["body"].as_str()?.to_string(),
                ))
            })
            .collect();
        let bytes: usize = articles.iter().map(|(t, b)| t.len() + b.len()).sum();
        let t = Instant::now();
        let mut ents = 0usize;
        for (title, body) in &articles {
            ents += ex.article_entities(title, body).len();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "speed: {} articles, {:.1} MB in {:.2}s: {:.0} articles/s, {:.2} MB/s ({} entities)",
            articles.len(),
            bytes as f64 / 1e6,
            s,
            articles.len() as f64 / s,
            bytes as f64 / 1e6 / s,
            ents
        );
    }
}
