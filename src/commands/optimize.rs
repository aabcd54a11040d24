//! `newsidx optimize`: merge the live generation's segments into one.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use newsidx::Index;
use newsidx::index::OptimizeOptions;
use newsidx::output::json;

use crate::Outcome;
use crate::cli::OptimizeArgs;

pub fn run(index: &Path, args: &OptimizeArgs, out: &mut dyn Write) -> Result<Outcome> {
    super::announce_wait(index, args.wait, args.json);
    let options = OptimizeOptions {
        wait_for_lock: args.wait,
    };
    let report = Index::optimize(index, &options)
        .with_context(|| format!("cannot optimize index {}", index.display()))?;
    if args.json {
        json::write_line(out, &report)?;
    } else {
        writeln!(
            out,
            "segments {} -> {}, size {} -> {}, {} deleted articles purged, {} articles, {:.1} s",
            report.segments_before,
            report.segments_after,
            megabytes(report.bytes_before),
            megabytes(report.bytes_after),
            report.deleted_purged,
            report.index_articles,
            report.seconds
        )?;
    }
    Ok(Outcome::Found)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
