//! # Does our analyzer find articles better than the alternatives?
//!
//! This example measures retrieval on the shared news corpus, the way issue 3
//! asks: index the article *bodies only*, then use each of 500 sampled
//! articles' *titles* as a query (an OR of its terms, BM25) and see where the
//! article itself ranks. A title shares the article's vocabulary but not its
//! word forms (`Pemerintah Resmikan Tol` over a body saying `meresmikan`),
//! which is exactly what stemming should bridge, while over-stemming ranks
//! unrelated articles higher.
//!
//! ```text
//! cargo run --release --example retrieval_eval [-- --corpus PATH --sample 500 --seed 42 --repeat 3]
//! cargo run --release --example retrieval_eval -- --compare "tantivy default,newsidx stemmed"
//! cargo run --release --example retrieval_eval -- --only "newsidx stemmed" --no-eval --repeat 10
//! ```
//!
//! The corpus is looked for at `../shared/data/corpus/clickid.jsonl` (or one
//! level further up, for a work tree) relative to the repository; when it is
//! absent the example says so and exits successfully.
//!
//! Printed per analyzer: success@10 (the article is in the top 10), MRR@10
//! (mean of 1/rank, 0 beyond 10), the time to index all bodies with one
//! indexing thread (the fastest of `--repeat` interleaved builds; wall
//! clock, and the process's CPU time where `/proc` reports it), each
//! relative to tantivy's default analyzer (the issue's budget for ours is
//! 1.5x). `--compare A,B` lists the titles two analyzers rank differently,
//! which is where to look when a change moves the figures; `--explain` adds,
//! under each, both analyzers' query terms as `term(df,mark)`, where the
//! mark says whether the target (`T`) and the top-ranked article (`B`)
//! contain the term, and the top-ranked article's title. `--only A,B` keeps
//! the listed analyzers (times relative to the first), and `--no-eval` stops
//! after the timed builds: together they make a steady load to profile one
//! analyzer's indexing under `perf record`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::BufRead;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use newsidx::analysis::{self, AnalysisConfig};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

// ## The Snowball baseline
//
// tantivy's `Language` enum has no Indonesian, but the Snowball stemmer
// crate it uses does (feature `indonesian`). We wrap it as a token filter,
// exactly like tantivy's own `Stemmer`, after `SimpleTokenizer` and
// `LowerCaser`.

#[derive(Clone)]
struct SnowballIndonesian;

impl TokenFilter for SnowballIndonesian {
    type Tokenizer<T: Tokenizer> = SnowballFilter<T>;
    fn transform<T: Tokenizer>(self, inner: T) -> SnowballFilter<T> {
        SnowballFilter { inner }
    }
}

#[derive(Clone)]
struct SnowballFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SnowballFilter<T> {
    type TokenStream<'a> = SnowballStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SnowballStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::Indonesian),
            buffer: String::new(),
        }
    }
}

struct SnowballStream<S> {
    tail: S,
    stemmer: frostem::Stemmer,
    buffer: String,
}

impl<S: TokenStream> TokenStream for SnowballStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Cow::Owned(stemmed) = self.stemmer.stem(&token.text) {
            self.buffer = stemmed;
            std::mem::swap(&mut token.text, &mut self.buffer);
        }
        true
    }
    fn token(&self) -> &Token {
        self.tail.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

// ## The analyzers under test

/// How query text becomes terms for one analyzer.
enum QueryMode {
    /// Run the registered analyzer over the title.
    Analyzer,
    /// `analysis::query_terms`, what the newsidx query module uses.
    NewsidxTerms(AnalysisConfig),
}

struct Contender {
    label: &'static str,
    tokenizer: &'static str,
    query: QueryMode,
}

fn contenders() -> Vec<Contender> {
    vec![
        Contender {
            label: "tantivy default",
            tokenizer: "default",
            query: QueryMode::Analyzer,
        },
        Contender {
            label: "snowball-id",
            tokenizer: "snowball_id",
            query: QueryMode::Analyzer,
        },
        Contender {
            label: "newsidx exact",
            tokenizer: analysis::EXACT,
            query: QueryMode::Analyzer,
        },
        Contender {
            label: "newsidx stemmed",
            tokenizer: analysis::STEMMED,
            query: QueryMode::NewsidxTerms(AnalysisConfig::default()),
        },
        Contender {
            label: "newsidx stemmed+stop",
            tokenizer: "newsidx_id_stop",
            query: QueryMode::NewsidxTerms(AnalysisConfig {
                stopwords: true,
                ..Default::default()
            }),
        },
    ]
}

fn labels() -> Vec<&'static str> {
    contenders().iter().map(|c| c.label).collect()
}

fn register_all(index: &Index) {
    let manager = index.tokenizers();
    analysis::register(manager, &AnalysisConfig::default());
    let stop = tantivy::tokenizer::TokenizerManager::default();
    analysis::register(
        &stop,
        &AnalysisConfig {
            stopwords: true,
            ..Default::default()
        },
    );
    if let Some(a) = stop.get(analysis::STEMMED) {
        manager.register("newsidx_id_stop", a);
    }
    manager.register(
        "snowball_id",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(SnowballIndonesian)
            .build(),
    );
}

// ## Corpus and sample

struct Article {
    title: String,
    body: String,
}

fn corpus_path(arg: Option<PathBuf>) -> Option<PathBuf> {
    if let Some(p) = arg {
        return Some(p);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["../shared", "../../shared"]
        .iter()
        .map(|up| root.join(up).join("data/corpus/clickid.jsonl"))
        .find(|p| p.exists())
}

fn load(path: &PathBuf) -> anyhow::Result<Vec<Article>> {
    let file = std::fs::File::open(path)?;
    let mut out = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        out.push(Article {
            title: field("title"),
            body: field("body"),
        });
    }
    Ok(out)
}

/// SplitMix64: a fixed, dependency-free generator so the sample is the same
/// on every machine.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `n` distinct article indices with a non-empty title, by a partial
/// Fisher-Yates shuffle.
fn sample(articles: &[Article], n: usize, seed: u64) -> Vec<usize> {
    let mut pool: Vec<usize> = (0..articles.len())
        .filter(|&i| !articles[i].title.trim().is_empty())
        .collect();
    let mut state = seed;
    let n = n.min(pool.len());
    for i in 0..n {
        let span = (pool.len() - i) as u64;
        let j = i + (splitmix(&mut state) % span) as usize;
        pool.swap(i, j);
    }
    pool.truncate(n);
    pool
}

// ## Indexing and searching

struct Built {
    index: Index,
    body: Field,
    ordinal: Field,
    /// Wall-clock time of adding every body and committing.
    took: Duration,
    /// CPU time of the whole process over the same span, when the platform
    /// reports it: steadier than wall time on a loaded machine.
    cpu: Option<Duration>,
}

/// User plus system CPU time of this process, from `/proc/self/stat`
/// (Linux; clock ticks of 1/100 s, the kernel's fixed user-visible rate).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // After the command name: state is field 3, utime 14, stime 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

fn build(articles: &[Article], tokenizer: &str) -> tantivy::Result<Built> {
    let mut sb = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let body = sb.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(indexing),
    );
    let ordinal = sb.add_u64_field("n", INDEXED | STORED);
    let index = Index::create_in_ram(sb.build());
    register_all(&index);
    let start = Instant::now();
    let cpu_start = process_cpu();
    // One indexing thread for every contender, so the timings compare the
    // analyzers rather than the scheduler of a shared machine.
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 400_000_000)?;
    for (n, a) in articles.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(body, &a.body);
        doc.add_u64(ordinal, n as u64);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    // The writer's threads are joined when it is dropped; count them in.
    drop(writer);
    let took = start.elapsed();
    let cpu = cpu_start
        .zip(process_cpu())
        .map(|(a, b)| b.saturating_sub(a));
    Ok(Built {
        index,
        body,
        ordinal,
        took,
        cpu,
    })
}

/// Seconds to run the analyzer alone over every body (tokens counted, not
/// indexed): how much of the index time is analysis.
fn analysis_only(built: &Built, tokenizer: &str, articles: &[Article]) -> f64 {
    let Some(mut analyzer) = built.index.tokenizers().get(tokenizer) else {
        return f64::NAN;
    };
    let start = Instant::now();
    let mut tokens = 0usize;
    for a in articles {
        let mut stream = analyzer.token_stream(&a.body);
        while stream.advance() {
            tokens += 1;
        }
    }
    std::hint::black_box(tokens);
    start.elapsed().as_secs_f64()
}

fn query_terms(built: &Built, mode: &QueryMode, tokenizer: &str, title: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut terms = Vec::new();
    let mut push = |t: String| {
        if seen.insert(t.clone()) {
            terms.push(t);
        }
    };
    match mode {
        QueryMode::Analyzer => {
            if let Some(mut a) = built.index.tokenizers().get(tokenizer) {
                let mut stream = a.token_stream(title);
                while let Some(t) = stream.next() {
                    push(t.text.clone());
                }
            }
        }
        QueryMode::NewsidxTerms(config) => {
            for (_, t) in analysis::query_terms(title, config) {
                push(t);
            }
        }
    }
    terms
}

/// Rank (1-based) of article `target` among the top 10 for `title`.
fn rank(
    built: &Built,
    searcher: &tantivy::Searcher,
    terms: &[String],
    target: usize,
) -> tantivy::Result<Option<usize>> {
    if terms.is_empty() {
        return Ok(None);
    }
    let query = any_term(built, terms);
    let top = searcher.search(&query, &TopDocs::with_limit(10).order_by_score())?;
    for (i, (_, addr)) in top.iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let n = doc.get_first(built.ordinal).and_then(|v| v.as_u64());
        if n == Some(target as u64) {
            return Ok(Some(i + 1));
        }
    }
    Ok(None)
}

/// The query a title becomes: any of its terms in the body, BM25-ranked.
fn any_term(built: &Built, terms: &[String]) -> BooleanQuery {
    BooleanQuery::new(
        terms
            .iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(built.body, t),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, q)
            })
            .collect(),
    )
}

/// For `--explain`: each query term with its document frequency and
/// whether the target and the top-ranked article contain it.
fn explain(
    built: &Built,
    c: &Contender,
    label: &str,
    articles: &[Article],
    target: usize,
) -> anyhow::Result<()> {
    let searcher = built.index.reader()?.searcher();
    let terms = query_terms(built, &c.query, c.tokenizer, &articles[target].title);
    let has = |t: &str, n: usize| -> tantivy::Result<bool> {
        let q = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(built.body, t),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(built.ordinal, n as u64),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        Ok(searcher.search(&q, &tantivy::collector::Count)? > 0)
    };
    let top = searcher.search(
        &any_term(built, &terms),
        &TopDocs::with_limit(1).order_by_score(),
    )?;
    let top_n = match top.first() {
        Some((_, addr)) => {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            doc.get_first(built.ordinal)
                .and_then(|v| v.as_u64())
                .unwrap_or(u64::MAX) as usize
        }
        None => usize::MAX,
    };
    let mut line = format!("      {label:<16}");
    for t in &terms {
        let df = searcher.doc_freq(&Term::from_field_text(built.body, t))?;
        let mark = match (has(t, target)?, has(t, top_n)?) {
            (true, true) => "TB",
            (true, false) => "T",
            (false, true) => "B",
            _ => "-",
        };
        line.push_str(&format!(" {t}({df},{mark})"));
    }
    if let Some(a) = articles.get(top_n) {
        line.push_str(&format!("  | top: {}", a.title));
    }
    println!("{line}");
    Ok(())
}

struct Args {
    corpus: Option<PathBuf>,
    sample: usize,
    seed: u64,
    repeat: usize,
    compare: Option<(String, String)>,
    explain: bool,
    only: Option<Vec<String>>,
    no_eval: bool,
}

fn args() -> anyhow::Result<Args> {
    let mut out = Args {
        corpus: None,
        sample: 500,
        seed: 42,
        repeat: 3,
        compare: None,
        explain: false,
        only: None,
        no_eval: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| anyhow::anyhow!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--corpus" => out.corpus = Some(PathBuf::from(value()?)),
            "--sample" => out.sample = value()?.parse()?,
            "--seed" => out.seed = value()?.parse()?,
            "--repeat" => out.repeat = value()?.parse::<usize>()?.max(1),
            "--explain" => out.explain = true,
            "--only" => out.only = Some(value()?.split(',').map(str::to_string).collect()),
            "--no-eval" => out.no_eval = true,
            "--compare" => {
                let v = value()?;
                let (a, b) = v
                    .split_once(',')
                    .ok_or_else(|| anyhow::anyhow!("--compare wants LABEL,LABEL"))?;
                out.compare = Some((a.to_string(), b.to_string()));
            }
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    Ok(out)
}

fn main() -> anyhow::Result<()> {
    let args = args()?;
    let Some(path) = corpus_path(args.corpus) else {
        println!("retrieval_eval: corpus clickid.jsonl not found under ../shared; skipped");
        return Ok(());
    };
    let articles = load(&path)?;
    let picked = sample(&articles, args.sample, args.seed);
    let body_mb = articles.iter().map(|a| a.body.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "corpus: {} ({} articles, {:.1} MB of body text); {} titles as queries, seed {}",
        path.display(),
        articles.len(),
        body_mb,
        picked.len(),
        args.seed
    );
    println!(
        "{:<22} {:>10} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10}",
        "analyzer", "success@10", "MRR@10", "wall s", "vs dflt", "cpu s", "vs dflt", "analyze s"
    );
    // Index times: `repeat` rounds, each building every contender once in
    // turn, keeping each one's fastest build. Interleaving spreads the noise
    // of a shared machine evenly over the contenders.
    let mut all = contenders();
    if let Some(only) = &args.only {
        all.retain(|c| only.iter().any(|l| l == c.label));
        if all.is_empty() {
            anyhow::bail!("--only: labels are {:?}", labels());
        }
    }
    let mut best = vec![f64::INFINITY; all.len()];
    let mut best_cpu = vec![f64::INFINITY; all.len()];
    for _ in 0..args.repeat {
        for (k, c) in all.iter().enumerate() {
            let b = build(&articles, c.tokenizer)?;
            best[k] = best[k].min(b.took.as_secs_f64());
            if let Some(cpu) = b.cpu {
                best_cpu[k] = best_cpu[k].min(cpu.as_secs_f64());
            }
        }
    }
    if args.no_eval {
        for (k, c) in all.iter().enumerate() {
            println!(
                "{:<22} {:>10} {:>8} {:>8.2} {:>7.2}x {:>8.2} {:>7.2}x",
                c.label,
                "-",
                "-",
                best[k],
                best[k] / best[0],
                best_cpu[k],
                best_cpu[k] / best_cpu[0],
            );
        }
        return Ok(());
    }
    let mut all_ranks: Vec<(&'static str, Vec<Option<usize>>)> = Vec::new();
    let mut kept: Vec<(&'static str, Built, &Contender)> = Vec::new();
    for (k, c) in all.iter().enumerate() {
        let built = build(&articles, c.tokenizer)?;
        let analysis_secs = analysis_only(&built, c.tokenizer, &articles);
        let searcher = built.index.reader()?.searcher();
        let mut found = 0usize;
        let mut rr = 0f64;
        let mut ranks = Vec::with_capacity(picked.len());
        for &target in &picked {
            let terms = query_terms(&built, &c.query, c.tokenizer, &articles[target].title);
            let r = rank(&built, &searcher, &terms, target)?;
            if let Some(r) = r {
                found += 1;
                rr += 1.0 / r as f64;
            }
            ranks.push(r);
        }
        all_ranks.push((c.label, ranks));
        if args.explain
            && args
                .compare
                .as_ref()
                .is_some_and(|(a, b)| a == c.label || b == c.label)
        {
            kept.push((c.label, built, c));
        }
        let n = picked.len().max(1) as f64;
        println!(
            "{:<22} {:>10.3} {:>8.3} {:>8.2} {:>7.2}x {:>8.2} {:>7.2}x {:>10.2}",
            c.label,
            found as f64 / n,
            rr / n,
            best[k],
            best[k] / best[0],
            best_cpu[k],
            best_cpu[k] / best_cpu[0],
            analysis_secs
        );
    }
    if let Some((a, b)) = &args.compare {
        let find = |label: &str| all_ranks.iter().find(|(l, _)| *l == label).map(|(_, r)| r);
        let (Some(ra), Some(rb)) = (find(a), find(b)) else {
            anyhow::bail!(
                "--compare: labels are {:?}",
                all_ranks.iter().map(|(l, _)| *l).collect::<Vec<_>>()
            );
        };
        println!("\ntitles ranked differently (rank by {a} -> rank by {b}; - = not in top 10):");
        let show = |r: Option<usize>| r.map_or("-".to_string(), |r| r.to_string());
        for ((&target, x), y) in picked.iter().zip(ra).zip(rb) {
            if x != y {
                println!(
                    "{:>3} -> {:>3}  {}",
                    show(*x),
                    show(*y),
                    articles[target].title
                );
                for (label, built, c) in &kept {
                    explain(built, c, label, &articles, target)?;
                }
            }
        }
    }
    Ok(())
}
