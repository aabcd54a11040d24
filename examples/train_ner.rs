//! Trains the entity tagger and writes the model file that newsidx embeds.
//!
//! ```text
//! cargo run --release --example train_ner -- --data ../shared/data/ner --out data/entities/model.bin
//! ```
//!
//! Reads `train.conll` of each chosen set under `--data` (default: all four,
//! the mixed-case ones weighted twice; `--sets a,b` picks others), trains an averaged perceptron with a fixed seed and
//! writes it. The same data and options give the same bytes, so the shipped
//! model can be checked with `sha256sum`. A set named twice in `--sets` is
//! weighted twice. `--cv K` instead prints K-fold cross-validated F1 on the
//! training sentences, to compare options without touching the dev split;
//! held-out sentences are tagged as the product tags them, the model and
//! then the sentence rules ([`finish_tags`]).

use std::path::PathBuf;
use std::process::ExitCode;

use newsidx::entities::finish_tags;
use newsidx::entities::gazetteer::Gazetteer;
use newsidx::entities::tagger::{GoldSentence, TAGS, TrainOptions, read_conll, spans, train};

/// The sets the shipped model is trained on, the mixed-case ones weighted
/// twice. Measured by 5-fold cross-validation on the train splits
/// (`--cv 5`, micro F1 on the three mixed-case sets together): mixed-case
/// sets alone 0.759; adding the all-lowercase `indonlu-nerp` 0.767 (and it
/// takes lower-case text from about 0.12 to 0.76); weighting the mixed-case
/// sets twice 0.773 (three times was worse on dev). With the dictionary,
/// capitalised-run, headline and lower-case features and three averaged
/// runs (`TrainOptions::runs`) it is 0.776 (five runs: 0.775; 20 passes
/// instead of 15: no gain). Features of the whole capitalised run, more
/// organisation names and cue words: 0.780 (ORG 0.674 -> 0.687); keeping
/// features down to 1% of the largest weight instead of 3% (`--prune`):
/// 0.782 (2%: 0.777, so the step is within the noise of a few thousandths;
/// the model grows from 3.0 to 6.7 MB). Tried without gain: `--min-count 2`
/// (0.775), `--margin 1` and `--margin 2` (0.778, 0.779 with the run
/// features), a place-list hit joined with the run's cue (0.781). Without
/// the eight bigram and shape-combination templates (see
/// `entities::features`): 0.778 here, 0.806 on dev instead of 0.802;
/// without the headline template too: 0.781 here, 0.808 on dev, and
/// 168,465 features (3.7 MB), shipped. Measured again against it without
/// gain: 5, 7 and 10 passes (0.781, 0.782, 0.781 here, but 0.795 and 0.800
/// on dev for 7 and 10), 10 passes with four runs (0.781), `--prune 0.005`
/// (0.781) and the NER-UI set weighted three times (0.781, NER-UI 0.855
/// against 0.854): differences within the noise of cross-validation.
const DEFAULT_SETS: &[&str] = &[
    "indolem-nerui",
    "indolem-nerugm",
    "indonlu-nergrit",
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
    let mut cv: Option<usize> = None;
    let mut cv_out: Option<PathBuf> = None;
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
            "--runs" => opts.runs = val()?.parse().map_err(|e| format!("{e}"))?,
            "--margin" => opts.margin = val()?.parse().map_err(|e| format!("{e}"))?,
            "--cv" => cv = Some(val()?.parse().map_err(|e| format!("{e}"))?),
            "--cv-out" => cv_out = Some(PathBuf::from(val()?)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    // A set named more than once is read once and weighted by repetition.
    let mut loaded: Vec<(String, Vec<GoldSentence>, usize)> = Vec::new();
    for set in &sets {
        if let Some(l) = loaded.iter_mut().find(|l| &l.0 == set) {
            l.2 += 1;
            continue;
        }
        let path = data.join(set).join("train.conll");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let s = read_conll(&text);
        eprintln!("{}: {} sentences", path.display(), s.len());
        loaded.push((set.clone(), s, 1));
    }
    if let Some(k) = cv {
        let held_out = cross_validate(&loaded, k.max(2), &opts);
        if let Some(path) = cv_out {
            std::fs::write(&path, held_out).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        return Ok(());
    }
    let mut sentences = Vec::new();
    for (_, s, rep) in &loaded {
        for _ in 0..*rep {
            sentences.extend(s.iter().cloned());
        }
    }
    let t = std::time::Instant::now();
    let model = train(&sentences, Gazetteer::bundled(), &opts);
    let provenance = format!(
        "source: trained with `cargo run --release --example train_ner` on the train splits of {}; \
         gazetteer features from data/entities/*.tsv\n\
         licence: see data/entities/README.md (indolem NER-UI/NER-UGM: CC BY 4.0, Koto et al. 2020, \
         Universitas Indonesia, Fachri 2014 Universitas Gadjah Mada; IndoNLU NERGrit and NERP: MIT, \
         NERGrit contributors and licence included there)\n\
         options: iterations {} min-count {} prune {} seed {:#x} runs {} margin {}",
        sets.join(", "),
        opts.iterations,
        opts.min_count,
        opts.prune_fraction,
        opts.seed,
        opts.runs,
        opts.margin
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

/// K-fold cross-validation on the training sentences (fold = index mod k),
/// printing entity-level micro F1 on the held-out sentences of each set.
///
/// Returns the held-out sentences as text, one `set<TAB>word<TAB>gold<TAB>
/// predicted` line per token and a blank line after each sentence, for
/// studying the errors (`--cv-out FILE`).
fn cross_validate(
    loaded: &[(String, Vec<GoldSentence>, usize)],
    k: usize,
    opts: &TrainOptions,
) -> String {
    let mut held_out = String::new();
    let gaz = Gazetteer::bundled();
    // (tp, predicted, gold) per set.
    let mut counts = vec![(0usize, 0usize, 0usize); loaded.len()];
    // (tp, predicted, gold) per entity type on the mixed-case sets.
    let mut by_kind = [(0usize, 0usize, 0usize); 3];
    for fold in 0..k {
        let mut train_set = Vec::new();
        for (_, s, rep) in loaded {
            for _ in 0..*rep {
                train_set.extend(
                    s.iter()
                        .enumerate()
                        .filter(|(i, _)| i % k != fold)
                        .map(|(_, s)| s.clone()),
                );
            }
        }
        let model = train(&train_set, gaz, opts);
        for ((name, s, _), c) in loaded.iter().zip(counts.iter_mut()) {
            for sent in s
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k == fold)
                .map(|(_, s)| s)
            {
                // Scored as the product tags: the model, then the sentence
                // rules that `newsidx entities --conll` applies.
                let mut pred = model.tag(&sent.words, gaz);
                let words: Vec<&str> = sent.words.iter().map(String::as_str).collect();
                finish_tags(&words, &mut pred, gaz);
                for ((w, g), p) in sent.words.iter().zip(&sent.tags).zip(&pred) {
                    let tag = |t: &u8| TAGS.get(usize::from(*t)).copied().unwrap_or("O");
                    held_out.push_str(&format!("{name}\t{w}\t{}\t{}\n", tag(g), tag(p)));
                }
                held_out.push('\n');
                let g = spans(&sent.tags);
                let p = spans(&pred);
                c.0 += p.iter().filter(|x| g.contains(x)).count();
                c.1 += p.len();
                c.2 += g.len();
                if name != "indonlu-nerp" {
                    for x in &p {
                        let k = &mut by_kind[x.0 as usize];
                        k.1 += 1;
                        k.0 += usize::from(g.contains(x));
                    }
                    for x in &g {
                        by_kind[x.0 as usize].2 += 1;
                    }
                }
            }
        }
        eprintln!("fold {} of {k} done", fold + 1);
    }
    let f1 = |(tp, p, g): (usize, usize, usize)| {
        let pr = if p > 0 { tp as f64 / p as f64 } else { 0.0 };
        let rc = if g > 0 { tp as f64 / g as f64 } else { 0.0 };
        if pr + rc > 0.0 {
            2.0 * pr * rc / (pr + rc)
        } else {
            0.0
        }
    };
    let mut mixed = (0, 0, 0);
    for ((name, _, _), c) in loaded.iter().zip(&counts) {
        println!("cv {name:<18} micro F1 {:.3}", f1(*c));
        if name != "indonlu-nerp" {
            mixed = (mixed.0 + c.0, mixed.1 + c.1, mixed.2 + c.2);
        }
    }
    for (kind, c) in ["PER", "LOC", "ORG"].iter().zip(by_kind) {
        println!("cv mixed-case {kind}          F1 {:.4}", f1(c));
    }
    println!("cv mixed-case together micro F1 {:.4}", f1(mixed));
    held_out
}
