//! `newsidx delete`: takedown requests. A selection by query is the one a
//! slip of the keyboard can make huge, so it deletes only with `--yes`;
//! ids and sources name exactly what goes.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use newsidx::index::{DeleteOptions, DeleteReport, DeleteSelection};
use newsidx::output::json;
use newsidx::{Index, Query};

use crate::Outcome;
use crate::cli::DeleteArgs;

pub fn run(index: &Path, args: &DeleteArgs, out: &mut dyn Write) -> Result<Outcome> {
    let selection = selection(args)?;
    let unconfirmed = args.query.is_some() && !args.yes;
    let options = DeleteOptions {
        wait_for_lock: args.wait,
        dry_run: args.dry_run || unconfirmed,
    };
    if !options.dry_run {
        super::announce_wait(index, args.wait, args.json);
    }
    let report = Index::delete(index, &selection, &options)
        .with_context(|| format!("cannot delete from index {}", index.display()))?;
    if args.json {
        json::write_line(out, &report)?;
    } else {
        write_report(out, &report, unconfirmed)?;
    }
    for id in &report.ids_not_found {
        eprintln!("newsidx: no article with id {id:?}");
    }
    Ok(if report.matched > 0 {
        Outcome::Found
    } else {
        Outcome::NothingFound
    })
}

fn selection(args: &DeleteArgs) -> Result<DeleteSelection> {
    if !args.ids.is_empty() {
        return Ok(DeleteSelection::Ids(args.ids.clone()));
    }
    let mut query = match &args.query {
        Some(text) => Query::parse(text).map_err(newsidx::Error::from)?,
        None => Query::all(),
    };
    let mut sources: Option<Query> = None;
    for name in &args.source {
        let one = Query::field("source", name).map_err(newsidx::Error::from)?;
        sources = Some(match sources {
            None => one,
            Some(any) => any.or(one),
        });
    }
    if let Some(sources) = sources {
        query = query.and(sources);
    }
    Ok(DeleteSelection::Query(query))
}

fn write_report(out: &mut dyn Write, report: &DeleteReport, unconfirmed: bool) -> Result<()> {
    let articles = |n: u64| if n == 1 { "article" } else { "articles" };
    if report.dry_run {
        writeln!(
            out,
            "{} {} would be deleted; nothing was changed",
            report.matched,
            articles(report.matched)
        )?;
        if unconfirmed && report.matched > 0 {
            writeln!(out, "run again with --yes to delete them")?;
        }
    } else {
        writeln!(
            out,
            "deleted {} {}; {} left in the index",
            report.deleted,
            articles(report.deleted),
            report.index_articles
        )?;
    }
    Ok(())
}
