//! Embedding newsidx: a program that builds an index from the bundled sample
//! archive and asks it questions through the library, without the CLI.
//!
//! ```sh
//! cargo run --example query_api
//! ```

use newsidx::query::Interval;
use newsidx::{BuildOptions, Index, NoProgress, Query, SearchOptions, Sort};

fn main() -> Result<(), newsidx::Error> {
    // An index is a folder. Here a temporary one; a real tool keeps it.
    let dir = std::env::temp_dir().join(format!("newsidx-example-{}", std::process::id()));
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");

    // `build` walks the folder, reads every format it knows, extracts
    // entities and commits once. Bad files would be listed in the report.
    let (index, report) = Index::build(&dir, &[corpus], &BuildOptions::default(), &NoProgress)?;
    println!(
        "indexed {} articles ({} undated)",
        report.articles_indexed, report.undated
    );

    // Later, another process opens the same folder with `Index::open`.
    drop(index);
    let index = Index::open(&dir)?;

    // A query in the same language as `newsidx search`: a stemmed phrase
    // plus a date filter. Hits come back typed, snippets with byte offsets.
    let query = Query::parse(r#""pasukan Korea Utara" date:2024"#)?;
    let results = index.search(
        &query,
        &SearchOptions {
            limit: 3,
            ..Default::default()
        },
    )?;
    println!("{} matches for {}", results.total, results.query);
    for hit in &results.hits {
        println!(
            "  {}. {} [{}]",
            hit.rank,
            hit.title,
            hit.source.as_deref().unwrap_or("-")
        );
    }

    // Newest first, with entity counts and a monthly timeline over all matches.
    let options = SearchOptions {
        sort: Sort::DateDesc,
        facets: true,
        timeline: Some(Interval::Month),
        limit: 1,
        ..Default::default()
    };
    let results = index.search(&Query::parse("Korea")?, &options)?;
    if let Some(facets) = &results.facets {
        for p in facets.person.iter().take(3) {
            println!("  person {} ({} articles)", p.name, p.count);
        }
    }
    if let Some(timeline) = &results.timeline {
        for bucket in timeline {
            println!("  {} {}", bucket.start, bucket.count);
        }
    }

    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
