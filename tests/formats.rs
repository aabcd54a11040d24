//! Every input format and date style, end to end through the binary, on the
//! fixtures under `tests/fixtures/` (described in their README).

mod util;

use std::path::Path;

use util::TestEnv;

fn fixtures(sub: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(sub)
}

fn build_json(env: &TestEnv, dir: &Path) -> serde_json::Value {
    env.build_report(&[], dir)
}

#[test]
fn every_format_fixture_is_read_without_problems() {
    let env = TestEnv::new();
    let report = build_json(&env, &fixtures("formats"));
    assert_eq!(report["files"], 18, "{report}");
    assert_eq!(report["articles_read"], 36, "{report}");
    assert_eq!(report["articles_bad"], 0, "{report}");
    assert_eq!(
        report["problems"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    // The gzip copies carry the same ids as their plain twins: replaced, not duplicated.
    assert_eq!(report["duplicates"], 7, "{report}");
    assert_eq!(report["index_articles"], 29, "{report}");
    assert_eq!(report["undated"], 2, "{report}");
}

#[test]
fn every_date_style_lands_on_the_right_instant() {
    let env = TestEnv::new();
    build_json(&env, &fixtures("formats"));
    let r = env.search_json(&["*", "--limit", "100"]);
    let hits = r["hits"].as_array().unwrap();
    let dated: Vec<(&str, &str)> = hits
        .iter()
        .filter(|h| {
            h["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("ragam-tanggal.jsonl"))
        })
        .map(|h| {
            (
                h["title"].as_str().unwrap(),
                h["date"].as_str().unwrap_or("null"),
            )
        })
        .collect();
    assert_eq!(dated.len(), 13, "{dated:?}");
    for (title, date) in &dated {
        assert!(date.starts_with("2024-10-24T"), "{title}: {date}");
        assert!(date.ends_with("+07:00"), "{title}: {date}");
    }
    // WITA and WIT times are converted, shown in WIB.
    let with_time = dated
        .iter()
        .filter(|(_, d)| d.contains("T14:05:00"))
        .count();
    assert_eq!(with_time, 7, "{dated:?}");
}

#[test]
fn saved_pages_lose_the_site_name_from_their_titles() {
    let env = TestEnv::new();
    build_json(&env, &fixtures("formats"));
    let r = env.search_json(&["*", "--limit", "100"]);
    let pages: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["path"].as_str().is_some_and(|p| p.contains(".htm")))
        .map(|h| h["title"].as_str().unwrap())
        .collect();
    assert!(
        pages.contains(&"Harga Beras Naik di Sejumlah Pasar"),
        "{pages:?}"
    );
    for t in &pages {
        assert!(!t.contains(" | ") && !t.ends_with(".com"), "{t}");
    }
}

#[test]
fn date_filters_agree_with_the_dates_read() {
    let env = TestEnv::new();
    build_json(&env, &fixtures("formats"));
    let in_oct = env.search_json(&["date:2024-10-24", "--limit", "100"]);
    let total = in_oct["total"].as_u64().unwrap();
    // 13 date-style articles + 2 from the JSON Lines named .txt + 1 from kompas-oktober.
    assert_eq!(total, 16, "{in_oct}");
    let flags = env.search_json(&["--from", "2024-10-24", "--to", "2024-10-24", "*"]);
    assert_eq!(flags["total"].as_u64(), Some(total));
}

#[test]
fn broken_fixtures_lose_only_the_bad_articles() {
    let env = TestEnv::new();
    let report = build_json(&env, &fixtures("broken"));
    assert_eq!(report["articles_indexed"], 9, "{report}");
    assert_eq!(report["articles_bad"], 10, "{report}");
    assert_eq!(report["articles_read"], 19, "{report}");
    let problems = report["problems"].as_array().unwrap();
    let has = |file: &str, line: Option<u64>| {
        problems.iter().any(|p| {
            p["path"].as_str().is_some_and(|x| x.ends_with(file)) && p["line"].as_u64() == line
        })
    };
    assert!(has("baris-rusak.jsonl", Some(2)));
    assert!(has("baris-rusak.jsonl", Some(4)));
    assert!(has("utf8-rusak.jsonl", Some(2)));
    assert!(has("terpotong.json", Some(4)));
    assert!(has("tanggal-rusak.jsonl", Some(1)));
    assert!(has("biner.txt", None));
}
