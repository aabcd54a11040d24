//! Trains the entity tagger and writes the model file that newsidx embeds.
//!
//! ```text
//! cargo run --release --example train_ner -- --data ../shared/data/ner --out data/entities/model.bin
//! ```
//!
//! Reads `train.conll` of each chosen set under `--data` (default: all four;
//! `--sets a,b` picks others), trains an averaged perceptron with a fixed seed and
//! writes it. The same data and options give the same bytes, so the shipped
//! model can be checked with `sha256sum`.

use std::path::PathBuf;
use std::process::ExitCode;

use newsidx::entities::gazetteer::Gazetteer;
use newsidx::entities::tagger::{TrainOptions, read_conll, train};

/// The sets the shipped model is trained on. The all-lowercase
/// `indonlu-nerp` is included: on the mixed-case dev sets it changes micro F1
/// by less than 0.005, and on lower-case text it lifts F1 from about 0.12 to
/// 0.77 (measured with `examples/ner_eval.rs`).
const DEFAULT_SETS: &[&str] = &[
    "indolem-nerui",
    "indolem-nerugm",
    "indonlu-nergrit",
    "indonlu-nerp",
];

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train_ner: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut data = PathBuf::from("../shared/data/ner");
    let mut out = PathBuf::from("data/entities/model.bin");
    let mut sets: Vec<String> = DEFAULT_SETS.iter().map(|s| s.to_string()).collect();
    let mut opts = TrainOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = PathBuf::from(val()?),
            "--out" => out = PathBuf::from(val()?),
            "--sets" => sets = val()?.split(',').map(str::to_string).collect(),
            "--iterations" => opts.iterations = val()?.parse().map_err(|e| format!("{e}"))?,
            "--min-count" => opts.min_count = val()?.parse().map_err(|e| format!("{e}"))?,
            "--prune" => opts.prune_fraction = val()?.parse().map_err(|e| format!("{e}"))?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let mut sentences = Vec::new();
    for set in &sets {
        let path = data.join(set).join("train.conll");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let s = read_conll(&text);
        eprintln!("{}: {} sentences", path.display(), s.len());
        sentences.extend(s);
    }
    let t = std::time::Instant::now();
    let model = train(&sentences, Gazetteer::bundled(), &opts);
    let provenance = format!(
        "source: trained with `cargo run --release --example train_ner` on the train splits of {}; \
         gazetteer features from data/entities/*.tsv\n\
         licence: see data/entities/README.md (indolem NER-UI/NER-UGM: CC BY 4.0, Koto et al. 2020, \
         Universitas Indonesia, Fachri 2014 Universitas Gadjah Mada; IndoNLU NERGrit and NERP: MIT, \
         NERGrit contributors and licence included there)\n\
         options: iterations {} min-count {} prune {} seed {:#x}",
        sets.join(", "),
        opts.iterations,
        opts.min_count,
        opts.prune_fraction,
        opts.seed
    );
    let bytes = model.to_bytes(&provenance);
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "{} features, {} bytes, trained in {:.1}s -> {}",
        model.len(),
        bytes.len(),
        t.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}
