//! The `newsidx` command: parses arguments, calls the library, prints, and
//! maps the outcome to an exit code. No search logic lives here.

#[cfg(feature = "mimalloc")]
mod allocator;
mod cli;
mod commands;

use std::io::{self, BufRead, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{Context, Result};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cli::{Cli, ColorChoice, Command, SortChoice};

use newsidx::analysis::{AnalysisConfig, UserDictionary};
use newsidx::ingest::Problem;
use newsidx::output::{Style, json, text};
use newsidx::query::DateRange;
use newsidx::{BuildOptions, BuildProgress, Index, Query, SearchOptions, Sort};

/// Exit codes, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Success; for `search`, at least one match.
    Found = 0,
    /// `search` ran fine but matched nothing.
    NothingFound = 1,
    /// Bad usage, bad query, unreadable index, strict build with bad input.
    Error = 2,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(problem) = newsidx::analysis::lexicon::configuration_problem() {
        eprintln!("newsidx: warning: {problem}");
    }
    match run(cli) {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(err) => {
            if is_broken_pipe(&err) {
                // `newsidx search … | head` is not a failure.
                return ExitCode::SUCCESS;
            }
            match err.downcast_ref::<newsidx::Error>() {
                Some(newsidx::Error::Query(q)) => {
                    eprintln!("newsidx: bad query:\n{}", q.render());
                }
                Some(busy @ newsidx::Error::Busy { .. }) => {
                    eprintln!("newsidx: {busy}");
                    eprintln!("newsidx: add --wait to wait for it to finish, or run again later");
                }
                Some(full @ newsidx::Error::DiskFull { .. }) => eprintln!("newsidx: {full}"),
                Some(changed @ newsidx::Error::AnalyzerChanged { .. }) => {
                    // Not a usage error: the index is fine, only stale.
                    eprintln!("newsidx: {changed}");
                    return ExitCode::from(Outcome::NothingFound as u8);
                }
                _ => eprintln!("newsidx: {err:#}"),
            }
            ExitCode::from(Outcome::Error as u8)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<Outcome> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let outcome = match cli.command {
        Command::Build(args) => build(args, &mut out)?,
        Command::Search(args) => search(args, &mut out)?,
        Command::Stats(args) => {
            let index = open(&args.index.index)?;
            let stats = index.stats()?;
            if args.json {
                json::write_line(&mut out, &stats)?;
            } else {
                text::write_stats(&mut out, &stats, style(ColorChoice::Auto))?;
            }
            Outcome::Found
        }
        Command::Stem(args) => stem(args, &mut out)?,
        Command::Analyze(args) => analyze(args, &mut out)?,
        Command::Entities(args) => entities(args, &mut out)?,
        Command::Entity(args) => {
            let index = open(&args.index.index)?;
            commands::entity::run(&index, &args, style(args.color), &mut out)?
        }
        Command::Show(args) => {
            let index = open(&args.index.index)?;
            let article = index.get(&args.id)?;
            if args.json {
                json::write_line(&mut out, &article)?;
            } else {
                text::write_article(&mut out, &article, style(ColorChoice::Auto))?;
            }
            Outcome::Found
        }
        Command::Batch(args) => {
            let index = open(&args.index.index)?;
            commands::batch::run(&index, &args.file, args.csv, &mut out)?
        }
        #[cfg(feature = "web")]
        Command::Serve(args) => commands::serve::run(index_dir(&args.index.index), &args)?,
        Command::Delete(args) => {
            commands::delete::run(&index_dir(&args.index.index), &args, &mut out)?
        }
        Command::Optimize(args) => {
            commands::optimize::run(&index_dir(&args.index.index), &args, &mut out)?
        }
        Command::Similar(args) => {
            let index = open(&args.index.index)?;
            let hits = index.similar(&args.id, args.limit)?;
            if args.json {
                json::write_line(
                    &mut out,
                    &serde_json::json!({ "id": args.id, "hits": hits }),
                )?;
            } else {
                let style = style(args.color);
                for hit in &hits {
                    text::write_hit(&mut out, hit, style)?;
                }
            }
            if hits.is_empty() {
                Outcome::NothingFound
            } else {
                Outcome::Found
            }
        }
    };
    out.flush()?;
    Ok(outcome)
}

pub(crate) fn index_dir(arg: &Option<PathBuf>) -> PathBuf {
    arg.clone().unwrap_or_else(newsidx::index::default_location)
}

fn open(arg: &Option<PathBuf>) -> Result<Index> {
    let dir = index_dir(arg);
    Index::open(&dir).with_context(|| format!("cannot open index {}", dir.display()))
}

fn style(choice: ColorChoice) -> Style {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    Style { color }
}

/// Shows build progress on stderr with indicatif (hidden when stderr is not
/// a terminal) and prints the first problems as warnings.
struct Progress {
    bar: ProgressBar,
    articles: std::sync::atomic::AtomicU64,
    warned: Mutex<usize>,
    quiet: bool,
    /// `--errors FILE`: every problem, written as it is found (the build
    /// report lists only the first ones).
    errors: Option<Mutex<BufWriter<std::fs::File>>>,
}

const WARNINGS_SHOWN: usize = 20;

impl BuildProgress for Progress {
    fn started(&self, files: u64, bytes: u64) {
        self.bar.set_length(bytes);
        self.bar.set_message(format!("0/{files} files"));
    }
    fn file_done(&self, _path: &Path, bytes: u64, articles: u64) {
        let n = self
            .articles
            .fetch_add(articles, std::sync::atomic::Ordering::Relaxed)
            + articles;
        self.bar.inc(bytes);
        self.bar.set_message(format!("{n} articles"));
    }
    fn problem(&self, problem: &Problem) {
        if let Some(Ok(mut w)) = self.errors.as_ref().map(Mutex::lock) {
            // A write error shows again, with its path, at the final flush.
            let _ = writeln!(w, "{problem}");
        }
        if self.quiet {
            return;
        }
        if let Ok(mut n) = self.warned.lock() {
            *n += 1;
            if *n <= WARNINGS_SHOWN {
                self.bar.suspend(|| {
                    eprintln!("newsidx: warning: {}", text::sanitize(&problem.to_string()))
                });
            } else if *n == WARNINGS_SHOWN + 1 {
                self.bar.suspend(|| {
                    eprintln!("newsidx: further problems not shown (use --errors FILE for all)")
                });
            }
        }
    }
    fn committing(&self) {
        self.bar.set_message("committing");
    }
}

fn build(args: cli::BuildArgs, out: &mut dyn Write) -> Result<Outcome> {
    let dir = index_dir(&args.index.index);
    let user_dictionary = match &args.user_dict {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read user dictionary {}", path.display()))?;
            parse_user_dictionary(&text)
                .with_context(|| format!("in user dictionary {}", path.display()))?
        }
        None => UserDictionary::default(),
    };
    let analysis = if args.stopwords || args.user_dict.is_some() {
        Some(AnalysisConfig {
            stopwords: args.stopwords,
            user_dictionary,
        })
    } else {
        None
    };
    let options = BuildOptions {
        rebuild: args.rebuild,
        strict: args.strict,
        memory_budget: args.memory.saturating_mul(1 << 20),
        threads: args.threads,
        entities: !args.no_entities,
        analysis,
        wait_for_lock: args.wait,
    };
    commands::announce_wait(&dir, args.wait, args.quiet);
    let target = if args.quiet || !io::stderr().is_terminal() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr()
    };
    let bar = ProgressBar::with_draw_target(Some(0), target);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let errors = match &args.errors {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Some(Mutex::new(BufWriter::new(file)))
        }
        None => None,
    };
    let progress = Progress {
        bar,
        articles: Default::default(),
        warned: Mutex::new(0),
        quiet: args.quiet,
        errors,
    };
    let result = Index::build(&dir, &args.paths, &options, &progress);
    progress.bar.finish_and_clear();
    if let (Some(path), Some(errors)) = (&args.errors, progress.errors) {
        let mut w = errors
            .into_inner()
            .map_err(|_| anyhow::anyhow!("cannot write {}", path.display()))?;
        w.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let (_, report) = match result {
        Ok(r) => r,
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!("build of {} failed", dir.display())));
        }
    };
    if args.json {
        json::write_line(out, &report)?;
    }
    if !args.quiet {
        text::write_report(&mut io::stderr(), &report)?;
    }
    Ok(Outcome::Found)
}

/// Parses the user dictionary format: `word` (extra root), `!word` (never
/// stem), `word = root` (override); `#` comments.
fn parse_user_dictionary(text: &str) -> Result<UserDictionary> {
    let mut d = UserDictionary::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(word) = line.strip_prefix('!') {
            d.keep.push(word.trim().to_lowercase());
        } else if let Some((word, root)) = line.split_once('=') {
            let (word, root) = (word.trim(), root.trim());
            if word.is_empty()
                || root.is_empty()
                || word.contains(char::is_whitespace)
                || root.contains(char::is_whitespace)
            {
                anyhow::bail!("line {}: expected `word = root`", n + 1);
            }
            d.overrides.push((word.to_lowercase(), root.to_lowercase()));
        } else if line.contains(char::is_whitespace) {
            anyhow::bail!("line {}: one word per line", n + 1);
        } else {
            d.roots.push(line.to_lowercase());
        }
    }
    Ok(d)
}

fn search(args: cli::SearchArgs, out: &mut dyn Write) -> Result<Outcome> {
    let index = open(&args.index.index)?;
    let text = args.query.join(" ");
    let mut query = Query::parse(&text).map_err(newsidx::Error::from)?;
    let any_of = |field: &str, values: &[String], query: Query| -> Result<Query> {
        let mut alternatives: Option<Query> = None;
        for v in values {
            let q = Query::field(field, v).map_err(newsidx::Error::from)?;
            alternatives = Some(match alternatives {
                None => q,
                Some(a) => a.or(q),
            });
        }
        Ok(match alternatives {
            None => query,
            Some(a) => query.and(a),
        })
    };
    query = any_of("source", &args.source, query)?;
    for (field, values) in [
        ("person", &args.person),
        ("place", &args.place),
        ("org", &args.org),
    ] {
        for v in values.iter() {
            query = query.and(Query::field(field, v).map_err(newsidx::Error::from)?);
        }
    }
    if args.from.is_some() || args.to.is_some() {
        let range = DateRange::from_to(args.from.as_deref(), args.to.as_deref())
            .map_err(|e| anyhow::anyhow!("bad --from/--to date: {e}"))?;
        query = query.and(Query::date(range));
    }
    let limit = args.limit.unwrap_or(if args.ids { usize::MAX } else { 10 });
    if args.count {
        let n = index.count(&query)?;
        writeln!(out, "{n}")?;
        return Ok(if n > 0 {
            Outcome::Found
        } else {
            Outcome::NothingFound
        });
    }
    let options = SearchOptions {
        // TopDocs reserves room for `limit` hits: never ask for more than exist.
        limit: limit.min(usize::try_from(index.num_articles()).unwrap_or(usize::MAX)),
        offset: args.offset,
        sort: match args.sort {
            SortChoice::Relevance => Sort::Relevance,
            SortChoice::Date => Sort::DateAsc,
            SortChoice::DateDesc => Sort::DateDesc,
        },
        facets: args.facets || args.facet_size.is_some(),
        facet_limit: args.facet_size.unwrap_or(10),
        timeline: args.timeline,
        snippet_chars: if args.ids { 0 } else { 200 },
    };
    let results = index.search(&query, &options)?;
    if args.ids {
        for hit in &results.hits {
            writeln!(out, "{}", hit.id)?;
        }
    } else if args.json {
        json::write_line(out, &results)?;
    } else {
        text::write_results(out, &results, style(args.color))?;
    }
    Ok(if results.total > 0 {
        Outcome::Found
    } else {
        Outcome::NothingFound
    })
}

fn stem(args: cli::StemArgs, out: &mut dyn Write) -> Result<Outcome> {
    if !args.words.is_empty() {
        for w in &args.words {
            writeln!(out, "{}", newsidx::analysis::stem(w))?;
        }
        return Ok(Outcome::Found);
    }
    let stdin = io::stdin();
    let mut line = String::new();
    let mut input = stdin.lock();
    let mut stemmer = newsidx::analysis::CachedStemmer::new();
    loop {
        line.clear();
        if input
            .read_line(&mut line)
            .context("cannot read standard input")?
            == 0
        {
            break;
        }
        let word = line.trim();
        if !word.is_empty() {
            out.write_all(stemmer.stem(word).as_bytes())?;
        }
        out.write_all(b"\n")?;
    }
    Ok(Outcome::Found)
}

pub(crate) fn read_input(path: &Path) -> Result<String> {
    if path == Path::new("-") {
        let mut s = String::new();
        io::Read::read_to_string(&mut io::stdin(), &mut s).context("cannot read standard input")?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

fn analyze(args: cli::AnalyzeArgs, out: &mut dyn Write) -> Result<Outcome> {
    let text = if args.text.is_empty() || args.text == ["-"] {
        read_input(Path::new("-"))?
    } else {
        args.text.join(" ")
    };
    let config = AnalysisConfig {
        stopwords: args.stopwords,
        ..Default::default()
    };
    let tokens = newsidx::analysis::analyze(&text, &config);
    if args.json {
        json::write_line(out, &tokens)?;
        return Ok(Outcome::Found);
    }
    writeln!(
        out,
        "{:>4}  {:>11}  {:<24} {:<20} {:<20} kind",
        "pos", "bytes", "token", "folded", "stem"
    )?;
    for t in &tokens {
        writeln!(
            out,
            "{:>4}  {:>11}  {:<24} {:<20} {:<20} {:?}",
            t.position,
            format!("{}..{}", t.offset_from, t.offset_to),
            text::sanitize(&t.text),
            text::sanitize(&t.folded),
            text::sanitize(&t.stem),
            t.kind
        )?;
    }
    Ok(Outcome::Found)
}

fn entities(args: cli::EntitiesArgs, out: &mut dyn Write) -> Result<Outcome> {
    let input = read_input(&args.file)?;
    let extractor = newsidx::entities::Extractor::new()?;
    if args.conll {
        // One token per line (first column), blank line between sentences;
        // the output keeps the lines in step with the input.
        let mut sentence: Vec<&str> = Vec::new();
        let flush = |sentence: &mut Vec<&str>, out: &mut dyn Write| -> io::Result<()> {
            if sentence.is_empty() {
                return Ok(());
            }
            let tags = extractor.tag_tokens(sentence);
            for (token, tag) in sentence.iter().zip(tags) {
                writeln!(out, "{token}\t{tag}")?;
            }
            sentence.clear();
            Ok(())
        };
        for line in input.lines() {
            match line.split(['\t', ' ']).find(|c| !c.is_empty()) {
                Some(token) => sentence.push(token),
                None => {
                    flush(&mut sentence, out)?;
                    writeln!(out)?;
                }
            }
        }
        flush(&mut sentence, out)?;
        return Ok(Outcome::Found);
    }
    for mention in extractor.mentions(&input) {
        json::write_line(out, &mention)?;
    }
    Ok(Outcome::Found)
}
