//! Measures the stemmer against gold files of `word<TAB>root` pairs.
//!
//! ```text
//! cargo run --release --example stem_eval -- [--lexicon FILE] [--fallback] [--quiet] FILE...
//! ```
//!
//! For each file it prints the accuracy (exact match) and every miss as
//! `word  expected  got`. Gold words are lower-cased first and a gold entry of
//! several words is stemmed word by word, as the analyzer would see them.
//! `--lexicon FILE` adds a root list (one root per line) at run time, to
//! measure how much a bigger lexicon would help without shipping it;
//! `--fallback` strips particles and possessives from unconfirmed words.
//!
//! `--speed FILE` instead times the stemmer over the words of FILE (one per
//! line, e.g. a million running words of news text) and prints words per
//! second, best of five runs after a warm-up; `scripts/stem-speed.sh` runs it
//! next to PyStemmer's Snowball stemmer on the same words.

use std::process::ExitCode;

use newsidx::analysis::lexicon::Lexicon;
use newsidx::analysis::stem::{Fallback, Stemmer};

fn main() -> ExitCode {
    let mut files = Vec::new();
    let mut lexicon_files = Vec::new();
    let mut fallback = Fallback::Unchanged;
    let mut quiet = false;
    let mut speed = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--lexicon" => match args.next() {
                Some(f) => lexicon_files.push(f),
                None => {
                    eprintln!("stem_eval: --lexicon needs a file");
                    return ExitCode::from(2);
                }
            },
            "--fallback" => fallback = Fallback::Inflection,
            "--quiet" => quiet = true,
            "--speed" => match args.next() {
                Some(f) => speed = Some(f),
                None => {
                    eprintln!("stem_eval: --speed needs a file");
                    return ExitCode::from(2);
                }
            },
            _ => files.push(arg),
        }
    }
    if let Some(file) = speed {
        return measure_speed(&file);
    }
    if files.is_empty() {
        eprintln!("usage: stem_eval [--lexicon FILE] [--fallback] [--quiet] FILE...");
        return ExitCode::from(2);
    }

    let mut lexicon = Lexicon::bundled().clone();
    for f in &lexicon_files {
        match std::fs::read_to_string(f) {
            Ok(text) => lexicon = lexicon.with_root_list(&text),
            Err(e) => {
                eprintln!("stem_eval: cannot read {f}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let stemmer = Stemmer::from_lexicon(lexicon).with_fallback(fallback);

    let mut failed = false;
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("stem_eval: cannot read {file}: {e}");
                failed = true;
                continue;
            }
        };
        let mut total = 0usize;
        let mut right = 0usize;
        let mut misses = Vec::new();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((word, expected)) = line.split_once('\t') else {
                continue;
            };
            let expected = expected.trim().to_lowercase();
            let got: Vec<String> = word
                .to_lowercase()
                .split_whitespace()
                .map(|w| stemmer.stem(w).into_owned())
                .collect();
            let got = got.join(" ");
            total += 1;
            if got == expected {
                right += 1;
            } else {
                misses.push((word.to_string(), expected, got));
            }
        }
        let accuracy = if total == 0 {
            0.0
        } else {
            right as f64 / total as f64
        };
        println!("{file}\t{right}/{total}\t{accuracy:.3}");
        if !quiet {
            for (word, expected, got) in misses {
                println!("  miss\t{word}\t{expected}\t{got}");
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Times [`Stemmer::stem`] over the words of `file`.
fn measure_speed(file: &str) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("stem_eval: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let words: Vec<&str> = text.lines().collect();
    let start = std::time::Instant::now();
    let stemmer = Stemmer::new();
    let _ = stemmer.stem("pengiriman");
    let load = start.elapsed();
    let mut best = f64::INFINITY;
    for _ in 0..6 {
        let t = std::time::Instant::now();
        let mut out = 0usize;
        for w in &words {
            out += usize::from(!std::hint::black_box(stemmer.stem(w)).is_empty());
        }
        let secs = t.elapsed().as_secs_f64();
        assert!(out <= words.len());
        best = best.min(secs);
    }
    println!(
        "newsidx stem: {} words in {:.3}s = {:.2} M words/s (lexicon load {:.1} ms)",
        words.len(),
        best,
        words.len() as f64 / best / 1e6,
        load.as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}
