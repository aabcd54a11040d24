//! Command-line definitions. Each flag has a one-line help and, where the
//! behaviour needs explaining, a long help (`--help` shows it).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use newsidx::query::Interval;

/// Full-text search for Indonesian news archives.
#[derive(Debug, Parser)]
#[command(name = "newsidx", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct IndexArg {
    /// Index folder [default: $NEWSIDX_INDEX, else .newsidx]
    #[arg(long, short = 'i', value_name = "DIR", global = true)]
    pub index: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum SortChoice {
    /// Best match first; equally good matches newest first.
    #[default]
    Relevance,
    /// Oldest first.
    #[value(name = "date")]
    Date,
    /// Newest first.
    #[value(name = "-date")]
    DateDesc,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index the articles in folders or files.
    #[command(long_about = "Index the articles in folders or files.\n\n\
Folders are walked recursively (hidden files skipped, symlinks not followed). \
Formats: .jsonl/.ndjson, .json, .txt, .md, .html/.htm and gzip of each (.gz). \
Adding to an existing index replaces articles with the same id. Bad files are \
reported and skipped; the summary counts them.\n\n\
One process writes an index at a time: a second build (or delete, or optimize) into the \
same index stops at once with exit status 2, or with --wait waits for the first to finish. \
Searches and `newsidx serve` keep answering from the last complete build meanwhile; a build \
that is killed or runs out of disk space leaves that build searchable.")]
    Build(BuildArgs),
    /// Search the index.
    #[command(long_about = "Search the index.\n\n\
Words are all required and matched by their root (pengiriman finds kirim). \
Query language: \"exact phrase\", \"phrase\"~3 (slop), =word and =\"phrase\" (literal form, \
no stemming), OR, AND, NOT, -word, +word, (groups), fields title: body: source: author: \
category: url:, entities person: place: org:, dates date:2024-10, \
date:2024-10-01..2024-10-31, date:>=2024-10-22, date:\"Oktober 2024\", word~ (fuzzy).\n\n\
Exit status: 0 when something matched, 1 when nothing did, 2 on error.")]
    Search(SearchArgs),
    /// Figures about the index: articles, dates, sources, size.
    Stats(StatsArgs),
    /// Print the root (kata dasar) of each word, one per line.
    #[command(
        long_about = "Print the root (kata dasar) of each word, one per line.\n\n\
With no words, reads standard input one word per line and prints exactly one line per \
input line (an empty line gives an empty line)."
    )]
    Stem(StemArgs),
    /// Show how a text is analysed: tokens, positions, offsets, folded form, stem.
    Analyze(AnalyzeArgs),
    /// Find the people, places and organisations in a text.
    #[command(
        long_about = "Find the people, places and organisations in a text.\n\n\
Prints one JSON object per entity mention (type, text, canonical name, byte offsets). \
With --conll, reads CoNLL input (one token per line in the first column, blank line \
between sentences) and prints token<TAB>BIO-tag per line."
    )]
    Entities(EntitiesArgs),
    /// One entity of the archive: its names, articles, dates and who appears with it.
    #[command(
        long_about = "One entity of the archive: its names, articles, dates and who appears with it.\n\n\
Looks NAME up in the index (any of its names, in any case: Jokowi finds Joko Widodo) and prints \
its kind, the name the archive shows, its other names, how many articles name it, its first and \
last date, its articles per month and the people, places and organisations most often named in \
the same articles, with counts. A QUERY or --from/--to narrows all of it to those articles: \
`newsidx entity KPK --from 2019-09 --to 2019-09`. (To find the entities in a text, use \
`newsidx entities`.)\n\n\
Exit status: 0 when the archive names the entity, 1 when it does not, 2 on error."
    )]
    Entity(EntityArgs),
    /// Print one article in full, with its entities.
    Show(ShowArgs),
    /// List the articles most like one article.
    Similar(SimilarArgs),
    /// Count the matches of many queries, one per line of a file.
    #[command(
        long_about = "Count the matches of many queries, one per line of a file.\n\n\
Prints one JSON object per query, in order: {\"query\":…,\"total\":…}, or \
{\"query\":…,\"error\":…,\"position\":…} for a query that does not parse (position counts \
characters). With --csv, prints every match of every query instead: query, id, date, source, \
title, url, with a header row; then every query must parse. Blank lines are skipped.\n\n\
Exit status: 0 when every query ran, 2 when one could not."
    )]
    Batch(BatchArgs),
    /// Remove articles from the index (takedown requests).
    #[command(long_about = "Remove articles from the index (takedown requests).\n\n\
Select the articles by id (--id, repeatable), by source (--source, matched as search's \
--source: case-insensitive; repeatable, any of them), or by a search query (--query; with \
--source, both must match). Deleting by query changes nothing without --yes: it prints how \
many articles would go (as --dry-run does for any selection). The deletion is one commit: \
searches and `newsidx serve` see the index before it or after it, never between.\n\n\
Exit status: 0 when articles were deleted (or, in a dry run, matched), 1 when nothing \
matched, 2 on error (including another process writing the index).")]
    Delete(DeleteArgs),
    /// Merge the index's segments into one and reclaim deleted articles' space.
    #[command(
        long_about = "Merge the index's segments into one and reclaim deleted articles' space.\n\n\
Builds add segments and deletions only mark articles as gone; merging them makes searches \
touch fewer files and frees the space. Search results do not change. Searches and `newsidx \
serve` keep answering from the old segments while it runs. Prints segments, size and time \
before and after."
    )]
    Optimize(OptimizeArgs),
    /// Serve the archive over HTTP: a search page and a JSON API.
    #[cfg(feature = "web")]
    #[command(
        long_about = "Serve the archive over HTTP: a search page and a JSON API.\n\n\
Open the printed address in a browser. The API (GET /api/search, /api/articles/ID, \
/api/stats, /api/suggest, /api/export.csv, POST /api/batch …) answers with the JSON of the \
CLI's --json; its OpenAPI document is at /api/openapi.json. The server never writes to the \
index and picks up a concurrent build or --rebuild within a second. There is no \
authentication: bind an address other than loopback only on a network you trust. \
Stops cleanly on Ctrl-C or SIGTERM."
    )]
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Folders or files to index.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
    /// Start a new index instead of adding to the existing one.
    #[arg(
        long,
        long_help = "Start a new index instead of adding to the existing one. \
The old index stays searchable until the new one is complete."
    )]
    pub rebuild: bool,
    /// Treat any bad input as an error: index nothing and exit 2.
    #[arg(long)]
    pub strict: bool,
    /// Write every problem found to FILE (one per line).
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// No progress bar or summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the build report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Skip entity extraction (faster; no person/place/org filters).
    #[arg(long)]
    pub no_entities: bool,
    /// Drop Indonesian stopwords from the stemmed fields (new index only).
    #[arg(long)]
    pub stopwords: bool,
    /// User dictionary for the stemmer (new index only).
    #[arg(
        long,
        value_name = "FILE",
        long_help = "User dictionary for the stemmer, \
stored with the index (new index or --rebuild only). One entry per line: `word` adds a \
root, `!word` is never stemmed, `word = root` forces a root. `#` starts a comment."
    )]
    pub user_dict: Option<PathBuf>,
    /// Memory budget of the build, in MiB.
    #[arg(
        long,
        value_name = "MIB",
        default_value_t = 256,
        long_help = "Memory budget of the build, in MiB: tantivy's indexing buffers, the articles \
read ahead and the largest merge of segments all follow it, so peak memory stays the same \
however large the archive. The entity model and the analyzer's tables come on top (about 150 MB)."
    )]
    pub memory: usize,
    /// Indexing threads [default: one per core].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Wait for a build already writing this index instead of stopping.
    #[arg(
        long,
        long_help = "Wait for a build (or delete, or optimize) already writing this index to \
finish, then build. Without it, a second build into the same index stops at once with exit \
status 2."
    )]
    pub wait: bool,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Delete the article with this id (repeat for several).
    #[arg(long = "id", value_name = "ID", conflicts_with_all = ["source", "query"], required_unless_present_any = ["source", "query"])]
    pub ids: Vec<String>,
    /// Delete the articles from this source (case-insensitive; repeat for any of several).
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Delete the articles this search query matches (needs --yes).
    #[arg(
        long,
        value_name = "QUERY",
        long_help = "Delete the articles this search query matches, in the query language of \
`newsidx search`. Without --yes nothing is deleted: the number of matches is printed, as with \
--dry-run."
    )]
    pub query: Option<String>,
    /// Confirm a deletion by --query.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Only print how many articles would be deleted.
    #[arg(long)]
    pub dry_run: bool,
    /// Wait for a build already writing this index instead of stopping.
    #[arg(long)]
    pub wait: bool,
    /// Print the report as JSON (schema/delete-report.schema.json).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Wait for a build already writing this index instead of stopping.
    #[arg(long)]
    pub wait: bool,
    /// Print the report as JSON (schema/optimize-report.schema.json).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (several words are joined with spaces).
    #[arg(value_name = "QUERY", required = true)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub index: IndexArg,
    /// Print one JSON object (schema/search-result.schema.json).
    #[arg(long)]
    pub json: bool,
    /// Hits to show [default: 10; all with --ids].
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
    /// Hits to skip.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Only articles on or after this date (YYYY, YYYY-MM or YYYY-MM-DD, WIB).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only articles on or before this date (YYYY, YYYY-MM or YYYY-MM-DD, WIB; inclusive).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only articles from this source (case-insensitive; repeat for any of several).
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Only articles mentioning this person (canonical name or alias).
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,
    /// Only articles mentioning this place.
    #[arg(long, value_name = "NAME")]
    pub place: Vec<String>,
    /// Only articles mentioning this organisation.
    #[arg(long, value_name = "NAME")]
    pub org: Vec<String>,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortChoice::Relevance, allow_hyphen_values = true)]
    pub sort: SortChoice,
    /// Count entities, sources and categories over all matches.
    #[arg(long)]
    pub facets: bool,
    /// Entries per facet list (implies --facets).
    #[arg(
        long,
        value_name = "N",
        long_help = "Entries per facet list: the N most frequent people, places, \
organisations, sources and categories over all matches [default: 10]. Implies --facets. \
An entity's names count as one entry (Joko Widodo and Jokowi), listed under `aliases` in --json."
    )]
    pub facet_size: Option<usize>,
    /// Count matches per period [default period: month].
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "month", value_name = "PERIOD")]
    pub timeline: Option<Interval>,
    /// Print only the number of matches.
    #[arg(long, conflicts_with_all = ["ids", "json"])]
    pub count: bool,
    /// Print only the ids of the matches, one per line.
    #[arg(long, conflicts_with = "json")]
    pub ids: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct EntityArgs {
    /// The entity: any of its names, in any case.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Only articles that also match this query (words are joined with spaces).
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub index: IndexArg,
    /// Print one JSON object (schema/entity-profile.schema.json).
    #[arg(long)]
    pub json: bool,
    /// The entity's kind [default: the kind the archive names it by most].
    #[arg(long, value_name = "KIND", value_parser = ["person", "place", "org"])]
    pub kind: Option<String>,
    /// Only articles on or after this date (YYYY, YYYY-MM or YYYY-MM-DD, WIB).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only articles on or before this date (YYYY, YYYY-MM or YYYY-MM-DD, WIB; inclusive).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Entries in each list of entities named in the same articles.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub related: usize,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StemArgs {
    /// Words to stem; none = read standard input.
    pub words: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Text to analyse; "-" or nothing = read standard input.
    pub text: Vec<String>,
    /// Print JSON (one array of tokens).
    #[arg(long)]
    pub json: bool,
    /// Analyse with stopwords removed.
    #[arg(long)]
    pub stopwords: bool,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// File to read, or "-" for standard input.
    #[arg(default_value = "-")]
    pub file: PathBuf,
    /// Read CoNLL tokens and print token<TAB>BIO-tag.
    #[arg(long)]
    pub conll: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Article id (as printed by search --ids or --json).
    pub id: String,
    #[command(flatten)]
    pub index: IndexArg,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// Article id.
    pub id: String,
    #[command(flatten)]
    pub index: IndexArg,
    /// Articles to list.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// File with one query per line, or "-" for standard input.
    pub file: PathBuf,
    #[command(flatten)]
    pub index: IndexArg,
    /// Print every match of every query as CSV rows instead of totals.
    #[arg(long)]
    pub csv: bool,
}

#[cfg(feature = "web")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub index: IndexArg,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7878")]
    pub addr: String,
    /// Let pages from this origin call the API (e.g. https://desk.example).
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
}
