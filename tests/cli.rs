//! End-to-end tests: the real binary on real files.

mod util;

use predicates::prelude::*;
use util::{TestEnv, assert_matches_schema, corpus, strings_of};

#[test]
fn bundled_corpus_builds_and_finds_the_seed_story() {
    let env = TestEnv::new();
    env.build(&[&corpus()]);
    env.cmd(&["search", "pasukan Korea Utara"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Korea Utara"));
    let r = env.search_json(&["pasukan Korea Utara"]);
    assert_matches_schema("search-result.schema.json", &r);
    assert!(r["total"].as_u64().unwrap_or(0) >= 1, "{r}");
    let paths = strings_of(&r["hits"], "path");
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("000_48c31671c020caab.txt")),
        "{paths:?}"
    );
}

#[test]
fn every_format_of_the_bundled_corpus_is_indexed() {
    let env = TestEnv::new();
    env.build(&[&corpus()]);
    let r = env.search_json(&["*", "--limit", "1000"]);
    let paths: Vec<String> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["path"].as_str().map(String::from))
        .collect();
    for ext in [".jsonl", ".json", ".txt", ".md", ".html", ".gz"] {
        assert!(
            paths.iter().any(|p| p.ends_with(ext)),
            "no article from a {ext} file: {paths:?}"
        );
    }
}

#[test]
fn no_match_exits_one_and_says_so() {
    let env = TestEnv::new();
    env.build(&[&corpus()]);
    env.cmd(&["search", "zzqxjkvw"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("No articles match"));
}

#[test]
fn building_the_same_files_twice_replaces_instead_of_duplicating() {
    let env = TestEnv::new();
    env.build(&[&corpus()]);
    let first = stats(&env);
    env.build(&[&corpus()]);
    let second = stats(&env);
    assert_eq!(first["articles"], second["articles"]);
}

#[test]
fn stats_json_matches_its_schema() {
    let env = TestEnv::new();
    env.build(&[&corpus()]);
    let s = stats(&env);
    assert_matches_schema("stats.schema.json", &s);
    assert!(s["articles"].as_u64().unwrap() >= 30, "{s}");
    assert!(s["sources"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn search_without_an_index_is_an_error() {
    let env = TestEnv::new();
    env.cmd(&["search", "banjir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("newsidx:"));
}

#[test]
fn stem_reads_standard_input_one_line_per_line() {
    let env = TestEnv::new();
    let mut c = assert_cmd::Command::cargo_bin("newsidx").unwrap();
    c.current_dir(env.dir.path());
    c.arg("stem")
        .write_stdin("mengirimkan\n\ndikirim\npengiriman\n");
    c.assert().success().stdout("kirim\n\nkirim\nkirim\n");
}

pub fn stats(env: &TestEnv) -> serde_json::Value {
    let out = env.cmd(&["stats", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
