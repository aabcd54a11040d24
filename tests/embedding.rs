//! What programs embedding the library (the Python package, a server) rely
//! on beyond the CLI: paging arguments of any size, and exporting every
//! match.

use newsidx::{BuildOptions, Index, NoProgress, Query, SearchOptions};

fn sample() -> (tempfile::TempDir, Index) {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let opts = BuildOptions {
        entities: false,
        ..Default::default()
    };
    let (index, _) = Index::build(tmp.path().join("ix"), &[corpus], &opts, &NoProgress).unwrap();
    (tmp, index)
}

#[test]
fn a_page_larger_than_the_index_is_the_whole_index() {
    let (_tmp, index) = sample();
    let query = Query::parse("korea").unwrap();
    for (limit, offset) in [(usize::MAX, 0), (usize::MAX, usize::MAX), (10, usize::MAX)] {
        let options = SearchOptions {
            limit,
            offset,
            ..Default::default()
        };
        let results = index.search(&query, &options).unwrap();
        assert!(results.total > 0);
        let expected = if offset == 0 { results.total } else { 0 };
        assert_eq!(
            results.hits.len(),
            expected,
            "limit {limit}, offset {offset}"
        );
    }
    let id = index
        .search(&query, &SearchOptions::default())
        .unwrap()
        .hits[0]
        .id
        .clone();
    assert!(index.similar(&id, usize::MAX).unwrap().len() < 43);
}

#[test]
fn export_lists_what_search_counts() {
    let (_tmp, index) = sample();
    for text in ["korea", "*", "banjir date:2024-11", "zzzqqq"] {
        let query = Query::parse(text).unwrap();
        let total = index
            .search(&query, &SearchOptions::default())
            .unwrap()
            .total;
        let export = index.export_articles(&query).unwrap();
        assert_eq!(export.len(), total, "{text}");
        let mut ids: Vec<String> = export.map(|a| a.unwrap().id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), total, "{text}");
    }
}
