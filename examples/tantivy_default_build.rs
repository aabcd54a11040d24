//! The yardstick for build speed: the same JSON Lines archive indexed by
//! tantivy as it comes, with its default tokenizer and no newsidx analysis,
//! entities or extra fields. `scripts/bench-scale.sh` runs it next to
//! `newsidx build` in the same run and reports the ratio.
//!
//! ```text
//! cargo run --release --example tantivy_default_build -- ARCHIVE.jsonl INDEX_DIR [MEMORY_MIB]
//! ```
//!
//! Title, body, source and URL are indexed as `TEXT | STORED`, the id as
//! `STRING | STORED` and the date as a stored, indexed, fast date: what a
//! reader of tantivy's examples would write for news articles. Lines are
//! parsed with serde_json on one thread; the writer has as many threads as
//! newsidx uses (one per core, at most 8) and the same memory (default
//! 256 MiB).

use std::io::BufRead;
use std::time::Instant;

use tantivy::schema::{FAST, INDEXED, STORED, STRING, Schema, TEXT};
use tantivy::{DateTime, Index, TantivyDocument};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(archive), Some(dir)) = (args.first(), args.get(1)) else {
        return Err("usage: tantivy_default_build ARCHIVE.jsonl INDEX_DIR [MEMORY_MIB]".into());
    };
    let memory_mib: usize = args.get(2).map_or(Ok(256), |m| m.parse())?;
    let started = Instant::now();

    let mut sb = Schema::builder();
    let id = sb.add_text_field("id", STRING | STORED);
    let title = sb.add_text_field("title", TEXT | STORED);
    let body = sb.add_text_field("body", TEXT | STORED);
    let source = sb.add_text_field("source", TEXT | STORED);
    let url = sb.add_text_field("url", TEXT | STORED);
    let date = sb.add_date_field("date", INDEXED | STORED | FAST);
    let schema = sb.build();
    std::fs::create_dir_all(dir)?;
    let index = Index::create_in_dir(dir, schema)?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(threads, memory_mib << 20)?;

    let reader = std::io::BufReader::new(std::fs::File::open(archive)?);
    let mut articles = 0u64;
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let mut doc = TantivyDocument::default();
        doc.add_text(id, text("id"));
        doc.add_text(title, text("title"));
        doc.add_text(body, text("body"));
        doc.add_text(source, text("source"));
        doc.add_text(url, text("url"));
        if let Ok(d) = time::Date::parse(
            text("date").get(..10).unwrap_or(""),
            time::macros::format_description!("[year]-[month]-[day]"),
        ) {
            let secs = d.midnight().assume_utc().unix_timestamp();
            doc.add_date(date, DateTime::from_timestamp_secs(secs));
        }
        writer.add_document(doc)?;
        articles += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{{\"articles\": {articles}, \"seconds\": {seconds:.3}, \"articles_per_second\": {:.0}}}",
        articles as f64 / seconds
    );
    Ok(())
}
