//! Text output for people: ranked hits with highlighted snippets, facet
//! tables, a timeline bar chart. Highlights are coloured on a terminal and
//! shown with plain `[` `]` markers otherwise, so piped output stays greppable.

use std::io::{self, Write};

use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

use crate::index::{BuildReport, EntityProfile, Hit, SearchResults, Stats, StoredArticle};
use crate::query::{FacetCount, Facets, TimelineBucket};

const DAY: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");
const MINUTE: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]");

/// How text output looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use ANSI colour for highlights and headings.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// `text` with the byte ranges in `highlights` marked.
    pub fn highlight(&self, text: &str, highlights: &[[usize; 2]]) -> String {
        let mut out = String::with_capacity(text.len() + highlights.len() * 8);
        let mut at = 0;
        for &[start, end] in highlights {
            let (Some(before), Some(hit)) = (text.get(at..start), text.get(start..end)) else {
                continue;
            };
            out.push_str(&sanitize(before));
            if self.color {
                out.push_str(&self.paint("1;33", &sanitize(hit)));
            } else {
                out.push('[');
                out.push_str(&sanitize(hit));
                out.push(']');
            }
            at = end;
        }
        out.push_str(&sanitize(text.get(at..).unwrap_or("")));
        out
    }
}

/// Replaces control characters (other than newline and tab) so that text
/// from an archive cannot drive the terminal.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

fn date_str(d: Option<OffsetDateTime>) -> String {
    d.and_then(|d| d.format(DAY).ok())
        .unwrap_or_else(|| "undated".to_string())
}

/// Ranked hits, then facets and timeline when present.
pub fn write_results<W: Write + ?Sized>(
    out: &mut W,
    r: &SearchResults,
    style: Style,
) -> io::Result<()> {
    if r.hits.is_empty() && r.total == 0 {
        writeln!(out, "No articles match {}.", r.query)?;
    }
    for s in &r.suggestions {
        writeln!(
            out,
            "No article contains \"{}\". Did you mean: {}?",
            sanitize(&s.word),
            sanitize(&s.suggestions.join(", "))
        )?;
    }
    for hit in &r.hits {
        write_hit(out, hit, style)?;
    }
    if r.total > 0 {
        let shown = r.hits.len();
        let first = r.hits.first().map_or(0, |h| h.rank);
        let last = r.hits.last().map_or(0, |h| h.rank);
        if shown > 0 {
            writeln!(
                out,
                "{} {}-{} of {} ({:.1} ms)",
                style.paint("2", "hits"),
                first,
                last,
                r.total,
                r.took_ms
            )?;
        } else {
            writeln!(out, "{} matches ({:.1} ms)", r.total, r.took_ms)?;
        }
    }
    if let Some(f) = &r.facets {
        write_facets(out, f, style)?;
    }
    if let Some(buckets) = &r.timeline {
        write_timeline(out, buckets, r.timeline_undated.unwrap_or(0), style)?;
    }
    Ok(())
}

/// One hit: rank, date, source, title, location, snippet.
pub fn write_hit<W: Write + ?Sized>(out: &mut W, hit: &Hit, style: Style) -> io::Result<()> {
    let source = hit.source.as_deref().unwrap_or("-");
    writeln!(
        out,
        "{:>3}. {}  {}  {}",
        hit.rank,
        style.paint("36", &date_str(hit.date)),
        style.paint("35", &sanitize(source)),
        style.paint("1", &sanitize(&hit.title)),
    )?;
    if let Some(loc) = hit.url.as_deref().or(hit.path.as_deref()) {
        writeln!(out, "     {}", style.paint("2", &sanitize(loc)))?;
    }
    if !hit.snippet.text.is_empty() {
        let text = style.highlight(&hit.snippet.text, &hit.snippet.highlights);
        writeln!(out, "     {}", text.replace("\n\n", " ").replace('\n', " "))?;
    }
    writeln!(out)
}

fn write_counts<W: Write + ?Sized>(
    out: &mut W,
    title: &str,
    counts: &[FacetCount],
    style: Style,
) -> io::Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", style.paint("1", title))?;
    let width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    for c in counts {
        writeln!(out, "  {:>width$}  {}", c.count, sanitize(&c.name))?;
    }
    Ok(())
}

/// `newsidx entity` as text: who it is, when, and who appears with it.
pub fn write_entity<W: Write + ?Sized>(
    out: &mut W,
    p: &EntityProfile,
    style: Style,
) -> io::Result<()> {
    writeln!(
        out,
        "{} ({})",
        style.paint("1", &sanitize(&p.name)),
        p.kind.as_str()
    )?;
    if !p.aliases.is_empty() {
        let aliases: Vec<String> = p.aliases.iter().map(|a| sanitize(a)).collect();
        writeln!(out, "also       {}", aliases.join(", "))?;
    }
    writeln!(out, "articles   {}", p.articles)?;
    writeln!(
        out,
        "dates      {} .. {}",
        date_str(p.first_date),
        date_str(p.last_date)
    )?;
    if !p.timeline.is_empty() || p.undated > 0 {
        write_timeline(out, &p.timeline, p.undated, style)?;
    }
    writeln!(out)?;
    write_counts(out, "People named with it", &p.people, style)?;
    write_counts(out, "Places named with it", &p.places, style)?;
    write_counts(out, "Organisations named with it", &p.orgs, style)
}

/// Facet tables, one per kind.
pub fn write_facets<W: Write + ?Sized>(out: &mut W, f: &Facets, style: Style) -> io::Result<()> {
    writeln!(out)?;
    write_counts(out, "People", &f.person, style)?;
    write_counts(out, "Places", &f.place, style)?;
    write_counts(out, "Organisations", &f.org, style)?;
    write_counts(out, "Sources", &f.source, style)?;
    write_counts(out, "Categories", &f.category, style)
}

/// A horizontal bar per period, scaled to the busiest one.
pub fn write_timeline<W: Write + ?Sized>(
    out: &mut W,
    buckets: &[TimelineBucket],
    undated: u64,
    style: Style,
) -> io::Result<()> {
    const WIDTH: u64 = 40;
    writeln!(out)?;
    writeln!(out, "{}", style.paint("1", "Timeline"))?;
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let width = buckets
        .iter()
        .map(|b| b.count.to_string().len())
        .max()
        .unwrap_or(1);
    for b in buckets {
        let len = (b.count * WIDTH).div_ceil(max) as usize;
        writeln!(
            out,
            "  {}  {:>width$} {}",
            b.start,
            b.count,
            style.paint("32", &"█".repeat(len))
        )?;
    }
    if undated > 0 {
        writeln!(out, "  undated {undated}")?;
    }
    Ok(())
}

/// `newsidx stats` as text.
pub fn write_stats<W: Write + ?Sized>(out: &mut W, s: &Stats, style: Style) -> io::Result<()> {
    writeln!(out, "index      {}", s.path)?;
    writeln!(out, "articles   {}", s.articles)?;
    writeln!(out, "undated    {}", s.undated)?;
    writeln!(
        out,
        "dates      {} .. {}",
        date_str(s.first_date),
        date_str(s.last_date)
    )?;
    writeln!(
        out,
        "size       {:.1} MiB",
        s.index_bytes as f64 / (1024.0 * 1024.0)
    )?;
    write_counts(out, "sources", &s.sources, style)
}

/// `newsidx show` as text.
pub fn write_article<W: Write + ?Sized>(
    out: &mut W,
    a: &StoredArticle,
    style: Style,
) -> io::Result<()> {
    writeln!(out, "{}", style.paint("1", &sanitize(&a.title)))?;
    let date = a
        .date
        .and_then(|d| d.format(MINUTE).ok())
        .map(|d| format!("{d} WIB"));
    let meta: Vec<String> = [date, a.source.clone(), a.author.clone(), a.category.clone()]
        .into_iter()
        .flatten()
        .collect();
    writeln!(out, "{}", style.paint("2", &sanitize(&meta.join(" · "))))?;
    for loc in [&a.url, &a.path].into_iter().flatten() {
        writeln!(out, "{}", style.paint("2", &sanitize(loc)))?;
    }
    writeln!(out, "id: {}", sanitize(&a.id))?;
    writeln!(out)?;
    if !a.subheadings.is_empty() {
        writeln!(out, "Subheadings: {}", sanitize(&a.subheadings.join(" | ")))?;
        writeln!(out)?;
    }
    writeln!(out, "{}", sanitize(&a.body))?;
    if !a.entities.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style.paint("1", "Entities"))?;
        for e in &a.entities {
            let aliases = if e.aliases.is_empty() {
                String::new()
            } else {
                format!(" (also: {})", e.aliases.join(", "))
            };
            writeln!(
                out,
                "  {:<6} {:>3}  {}{}",
                e.kind.as_str(),
                e.mentions,
                sanitize(&e.name),
                sanitize(&aliases)
            )?;
        }
    }
    Ok(())
}

/// Build summary for stderr.
pub fn write_report<W: Write + ?Sized>(out: &mut W, r: &BuildReport) -> io::Result<()> {
    let mb = r.bytes as f64 / 1e6;
    let secs = r.seconds.max(1e-9);
    writeln!(
        out,
        "indexed {} of {} articles from {} files ({:.1} MB) in {:.1} s: {:.0} articles/s, {:.1} MB/s",
        r.articles_indexed,
        r.articles_read,
        r.files,
        mb,
        r.seconds,
        r.articles_indexed as f64 / secs,
        mb / secs
    )?;
    if r.articles_bad > 0 || !r.problems.is_empty() {
        writeln!(
            out,
            "{} articles bad, {} problems reported",
            r.articles_bad,
            r.problems.len() as u64 + r.problems_unlisted
        )?;
    }
    if r.undated > 0 {
        writeln!(
            out,
            "{} articles undated (indexed without a date)",
            r.undated
        )?;
    }
    if r.duplicates > 0 {
        writeln!(
            out,
            "{} articles repeated an id seen earlier in this build (the later one kept)",
            r.duplicates
        )?;
    }
    writeln!(
        out,
        "index now holds {} articles, {:.1} MiB",
        r.index_articles,
        r.index_bytes as f64 / (1024.0 * 1024.0)
    )
}
