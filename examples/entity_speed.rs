//! How fast entity extraction runs over an archive, on one thread: the
//! figure to compare when changing the tagger or the rules around it,
//! steadier than a whole build on a shared machine because nothing else of
//! the build runs beside it.
//!
//! ```text
//! cargo run --release --example entity_speed -- ARCHIVE [REPEATS]
//! ```
//!
//! Reads the archive as `newsidx build` does, then extracts the entities of
//! every article (title and body) `REPEATS` times (default 3) and prints the
//! fastest pass as JSON: seconds, articles per second, MB of text per
//! second, and the number of entities found (which must not change when
//! only speed is meant to).

use std::path::Path;
use std::time::Instant;

use newsidx::entities::Extractor;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(archive) = args.first() else {
        return Err("usage: entity_speed ARCHIVE [REPEATS]".into());
    };
    let repeats: usize = args.get(1).map_or(Ok(3), |r| r.parse())?;
    let read = newsidx::ingest::read_file(Path::new(archive));
    if read.articles.is_empty() {
        return Err(format!("no articles read from {archive}").into());
    }
    let bytes: usize = read
        .articles
        .iter()
        .map(|a| a.title.len() + a.body.len())
        .sum();
    let extractor = Extractor::new()?;
    let mut best = f64::INFINITY;
    let mut found = 0usize;
    for _ in 0..repeats.max(1) {
        let started = Instant::now();
        found = read
            .articles
            .iter()
            .map(|a| extractor.article_entities(&a.title, &a.body).len())
            .sum();
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!(
        "{{\"articles\": {}, \"seconds\": {best:.3}, \"articles_per_second\": {:.0}, \"mb_per_second\": {:.2}, \"entities\": {found}}}",
        read.articles.len(),
        read.articles.len() as f64 / best,
        bytes as f64 / 1e6 / best,
    );
    Ok(())
}
