//! `newsidx batch FILE [--csv]`: the CLI twin of `POST /api/batch`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use newsidx::index::{BatchResult, ExportRow};
use newsidx::output::json;
use newsidx::{Index, Query};

use crate::Outcome;

pub fn run(index: &Index, file: &Path, csv: bool, out: &mut dyn Write) -> Result<Outcome> {
    let text = crate::read_input(file)?;
    let queries: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if csv {
        return export(index, &queries, out);
    }
    let mut outcome = Outcome::Found;
    for result in index.batch(&queries)? {
        if let BatchResult::Error { query, error, .. } = &result {
            eprintln!("newsidx: bad query {query:?}: {error}");
            outcome = Outcome::Error;
        }
        json::write_line(out, &result)?;
    }
    Ok(outcome)
}

fn export(index: &Index, queries: &[&str], out: &mut dyn Write) -> Result<Outcome> {
    let mut parsed = Vec::with_capacity(queries.len());
    for (n, text) in queries.iter().enumerate() {
        match Query::parse(text) {
            Ok(q) => parsed.push((text, q)),
            Err(e) => bail!("query {} does not parse:\n{}", n + 1, e.render()),
        }
    }
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["query"];
    header.extend(ExportRow::CSV_HEADER);
    w.write_record(&header)?;
    for (text, query) in parsed {
        for row in index.export(&query)? {
            let row = row?;
            let cells = row.csv_cells();
            w.write_record(std::iter::once(*text).chain(cells.iter().map(String::as_str)))
                .context("cannot write")?;
        }
    }
    w.flush()?;
    Ok(Outcome::Found)
}
