//! The real archive: 22,027 Indonesian news articles from 2019, read from
//! `../shared/data/corpus/clickid.jsonl` when it is there (skipped, saying
//! so, when it is not). Nothing may be lost, and searches must make sense.

mod util;

use util::{TestEnv, assert_matches_schema, shared_corpus};

#[test]
fn the_real_archive_is_indexed_without_loss_and_searchable() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let env = TestEnv::new();
    let report = env.build_report(&[], &corpus);
    let lines = std::fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count() as u64;
    assert_eq!(report["articles_read"].as_u64(), Some(lines), "{report}");
    assert_eq!(
        report["articles_read"].as_u64(),
        Some(
            report["articles_indexed"].as_u64().unwrap() + report["articles_bad"].as_u64().unwrap()
        )
    );
    assert_eq!(
        report["index_articles"].as_u64(),
        Some(lines),
        "ids are unique in this archive"
    );

    // A common query finds many articles, and the best ones are about it.
    let r = env.search_json(&["presiden jokowi", "--limit", "5"]);
    assert_matches_schema("search-result.schema.json", &r);
    assert!(r["total"].as_u64().unwrap() > 100, "{}", r["total"]);
    for hit in r["hits"].as_array().unwrap() {
        let text = format!("{} {}", hit["title"], hit["snippet"]["text"]).to_lowercase();
        assert!(
            text.contains("jokowi") || text.contains("presiden"),
            "{hit}"
        );
    }

    // Date filters cut the archive where its dates say (most of it is September 2019).
    let sept = env.search_json(&["*", "date:2019-09", "--limit", "0"])["total"]
        .as_u64()
        .unwrap();
    let all = env.search_json(&["*", "--limit", "0"])["total"]
        .as_u64()
        .unwrap();
    assert!(sept > all / 2 && sept < all, "{sept} of {all}");

    // Stats agree with the build.
    let out = env.cmd(&["stats", "--json"]).output().unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_matches_schema("stats.schema.json", &stats);
    assert_eq!(stats["articles"].as_u64(), Some(lines));
    assert!(
        stats["first_date"]
            .as_str()
            .is_some_and(|d| d.starts_with("2019-03")),
        "{stats}"
    );
    assert!(
        stats["sources"].as_array().is_some_and(|s| s.len() >= 9),
        "{stats}"
    );
}
