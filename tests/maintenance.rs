//! Index safety and maintenance through the real binary (issue 15): one
//! writer at a time (the second stops with a plain message, or waits with
//! `--wait`, for an existing index and for a new folder alike), takedowns
//! with `delete`, compaction with `optimize`, and builds killed mid-way.
//!
//! A build in progress is simulated by holding `INDEX/build.lock` from the
//! test with the same OS lock the program takes: deterministic, where
//! racing two real builds depends on timing.

mod util;

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};

use util::{TestEnv, assert_matches_schema};

fn article(id: &str, source: &str, title: &str, body: &str) -> String {
    serde_json::json!({
        "id": id, "title": title, "body": body, "date": "2024-10-24", "source": source,
    })
    .to_string()
}

/// Holds the index's build lock as a running build would.
/// Builds the index of `env` from one JSON Lines file of `articles`.
fn build_articles(env: &TestEnv, articles: &[String]) {
    let input = env.write("a.jsonl", articles.join("\n"));
    env.build(&[&input]);
}

fn hold_build_lock(index: &Path) -> File {
    std::fs::create_dir_all(index).unwrap();
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(index.join("build.lock"))
        .unwrap();
    file.try_lock().expect("no one else holds the lock");
    file
}

fn ids(env: &TestEnv, query: &str) -> Vec<String> {
    let out = env
        .cmd(&["search", "--ids", query])
        .output()
        .expect("run search");
    let mut ids: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    ids.sort();
    ids
}

/// `newsidx build ARGS` as a child process, not waited for.
fn spawn_build(env: &TestEnv, args: &[&str], input: &Path) -> Child {
    Process::new(assert_cmd::cargo::cargo_bin("newsidx"))
        .current_dir(env.dir.path())
        .env_remove("NEWSIDX_INDEX")
        .args(["build", "--quiet"])
        .args(args)
        .arg(input)
        .arg("--index")
        .arg(env.index())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn build")
}

fn generations(index: &Path) -> Vec<PathBuf> {
    let mut gens: Vec<PathBuf> = std::fs::read_dir(index)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    gens.sort();
    gens
}

#[test]
fn a_second_build_into_an_existing_index_stops_with_a_plain_message() {
    let env = TestEnv::new();
    let a = env.write(
        "a.jsonl",
        article("a", "Kompas", "Banjir", "Banjir di Jakarta."),
    );
    env.build(&[&a]);
    let b = env.write(
        "b.jsonl",
        article("b", "Kompas", "Gempa", "Gempa di Maluku."),
    );
    let lock = hold_build_lock(&env.index());
    let out = env.cmd(&["build", "--quiet"]).arg(&b).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("another build is writing this index"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&env.index().display().to_string()),
        "{stderr}"
    );
    assert!(stderr.contains("--wait"), "{stderr}");
    assert_eq!(
        stderr.matches("another build").count(),
        1,
        "said once: {stderr}"
    );
    drop(lock);
    assert_eq!(ids(&env, "*"), ["a"], "the refused build changed nothing");
}

#[test]
fn a_second_build_into_a_new_folder_stops_and_creates_nothing() {
    let env = TestEnv::new();
    let a = env.write(
        "a.jsonl",
        article("a", "Kompas", "Banjir", "Banjir di Jakarta."),
    );
    let lock = hold_build_lock(&env.index());
    let out = env.cmd(&["build", "--quiet"]).arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("another build is writing this index"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(generations(&env.index()).is_empty());
    assert!(!env.index().join("CURRENT").exists());
    drop(lock);
}

#[test]
fn waiting_builds_into_a_new_folder_both_keep_their_articles() {
    let env = TestEnv::new();
    let a = env.write(
        "a.jsonl",
        article("a", "Kompas", "Banjir", "Banjir di Jakarta."),
    );
    let b = env.write(
        "b.jsonl",
        article("b", "Tempo", "Gempa", "Gempa di Maluku."),
    );
    // Both start while "a build" holds the lock, and race to create the
    // index once it is released.
    let lock = hold_build_lock(&env.index());
    let first = spawn_build(&env, &["--wait", "--no-entities"], &a);
    let second = spawn_build(&env, &["--wait", "--no-entities"], &b);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        !env.index().join("CURRENT").exists(),
        "no build ran while the lock was held"
    );
    drop(lock);
    for child in [first, second] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(ids(&env, "*"), ["a", "b"]);
    assert_eq!(generations(&env.index()).len(), 1);
}

#[test]
fn racing_builds_into_a_new_folder_never_lose_a_successful_build() {
    let env = TestEnv::new();
    let a = env.write(
        "a.jsonl",
        article("a", "Kompas", "Banjir", "Banjir di Jakarta."),
    );
    let b = env.write(
        "b.jsonl",
        article("b", "Tempo", "Gempa", "Gempa di Maluku."),
    );
    let first = spawn_build(&env, &["--no-entities"], &a);
    let second = spawn_build(&env, &["--no-entities"], &b);
    let mut expected = Vec::new();
    for (child, id) in [(first, "a"), (second, "b")] {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => expected.push(id.to_string()),
            Some(2) => assert!(
                stderr.contains("another build is writing this index"),
                "{stderr}"
            ),
            other => panic!("build {id} ended with {other:?}: {stderr}"),
        }
    }
    assert!(!expected.is_empty(), "one build at least gets the lock");
    assert_eq!(ids(&env, "*"), expected);
}

#[test]
fn delete_by_id_reports_what_it_removed() {
    let env = TestEnv::new();
    build_articles(
        &env,
        &[
            article("a", "Kompas", "Banjir", "Banjir di Jakarta."),
            article("b", "Kompas", "Banjir besar", "Banjir besar di Bekasi."),
            article("c", "Tempo", "Banjir lagi", "Banjir lagi di Bogor."),
        ],
    );
    let out = env
        .cmd(&["delete", "--id", "a", "--id", "nope", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_matches_schema("delete-report.schema.json", &report);
    assert_eq!(report["deleted"], 1);
    assert_eq!(report["ids_not_found"], serde_json::json!(["nope"]));
    assert_eq!(report["index_articles"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
    assert_eq!(ids(&env, "banjir"), ["b", "c"]);
    env.cmd(&["show", "a"]).assert().code(2);

    // Nothing left to match: exit 1, nothing changed.
    let out = env.cmd(&["delete", "--id", "a"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "deleted 0 articles; 2 left in the index"
    );
}

#[test]
fn delete_by_source_matches_as_the_search_filter_does() {
    let env = TestEnv::new();
    build_articles(
        &env,
        &[
            article("a", "Kompas", "Banjir", "Banjir di Jakarta."),
            article("b", "KOMPAS", "Gempa", "Gempa di Maluku."),
            article("c", "Tempo", "Banjir lagi", "Banjir lagi di Bogor."),
        ],
    );
    let expected = env.search_json(&["*", "--source", "kompas"])["total"].clone();
    assert_eq!(expected, 2);
    let out = env
        .cmd(&["delete", "--source", "kompas", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["deleted"], expected);
    assert_eq!(ids(&env, "*"), ["c"]);
}

#[test]
fn delete_by_query_only_counts_until_confirmed() {
    let env = TestEnv::new();
    build_articles(
        &env,
        &[
            article("a", "Kompas", "Banjir", "Banjir di Jakarta."),
            article("b", "Tempo", "Banjir", "Banjir di Bogor."),
            article("c", "Tempo", "Gempa", "Gempa di Maluku."),
        ],
    );
    let out = env
        .cmd(&["delete", "--query", "banjir", "--source", "tempo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 article would be deleted; nothing was changed"),
        "{stdout}"
    );
    assert!(stdout.contains("--yes"), "{stdout}");
    assert_eq!(ids(&env, "*"), ["a", "b", "c"]);

    env.cmd(&["delete", "--query", "banjir", "--source", "tempo", "--yes"])
        .assert()
        .success();
    assert_eq!(ids(&env, "*"), ["a", "c"]);
    // A bad query is an error, not a deletion.
    env.cmd(&["delete", "--query", "(banjir", "--yes"])
        .assert()
        .code(2);
}

#[test]
fn delete_and_optimize_are_refused_while_a_build_runs() {
    let env = TestEnv::new();
    let a = env.write(
        "a.jsonl",
        article("a", "Kompas", "Banjir", "Banjir di Jakarta."),
    );
    env.build(&[&a]);
    let lock = hold_build_lock(&env.index());
    for args in [&["delete", "--id", "a"][..], &["optimize"][..]] {
        let out = env.cmd(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("another build is writing this index"),
            "{args:?}"
        );
    }
    drop(lock);
    assert_eq!(ids(&env, "*"), ["a"]);
}

#[test]
fn optimize_merges_segments_and_search_results_stay_the_same() {
    let env = TestEnv::new();
    // Three builds, three commits: three segments.
    for n in 0..3 {
        let input = env.write(
            &format!("{n}.jsonl"),
            [
                article(&format!("a{n}"), "Kompas", "Banjir", "Banjir di Jakarta."),
                article(&format!("b{n}"), "Tempo", "Gempa bumi", "Gempa di Maluku."),
            ]
            .join("\n"),
        );
        env.cmd(&["build", "--quiet", "--threads", "1"])
            .arg(&input)
            .assert()
            .success();
    }
    env.cmd(&["delete", "--id", "b1"]).assert().success();
    let queries = ["banjir", "gempa", "*"];
    let before: Vec<serde_json::Value> = queries
        .iter()
        .map(|q| env.search_json(&[q, "--limit", "20"]))
        .collect();

    let out = env.cmd(&["optimize", "--json"]).output().unwrap();
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_matches_schema("optimize-report.schema.json", &report);
    assert_eq!(report["segments_before"], 3);
    assert_eq!(report["segments_after"], 1);
    assert_eq!(report["deleted_purged"], 1);
    assert_eq!(report["index_articles"], 5);

    for (q, old) in queries.iter().zip(&before) {
        let new = env.search_json(&[q, "--limit", "20"]);
        let hit_ids = |r: &serde_json::Value| -> Vec<serde_json::Value> {
            r["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].clone())
                .collect()
        };
        assert_eq!(new["total"], old["total"], "{q}");
        assert_eq!(hit_ids(&new), hit_ids(old), "{q}");
    }
    let out = env.cmd(&["optimize"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("segments 1 -> 1"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Enough articles that a build takes a while: generated, many files.
fn big_input(env: &TestEnv, prefix: &str) -> PathBuf {
    let words = [
        "banjir", "gempa", "pemilu", "harga", "beras", "presiden", "sekolah", "jalan",
    ];
    for f in 0..40 {
        let lines: Vec<String> = (0..250)
            .map(|i| {
                let body: Vec<&str> = (0..60).map(|k| words[(i * 7 + k * 3 + f) % 8]).collect();
                article(
                    &format!("{prefix}{f}-{i}"),
                    "Kompas",
                    &format!("Berita {i}"),
                    &body.join(" "),
                )
            })
            .collect();
        env.write(&format!("{prefix}/{f:02}.jsonl"), lines.join("\n"));
    }
    env.path(prefix)
}

#[test]
fn a_killed_build_leaves_the_last_build_searchable_and_the_next_build_works() {
    let env = TestEnv::new();
    let a = env.write(
        "a.jsonl",
        article("a", "Kompas", "Banjir", "Banjir di Jakarta."),
    );
    env.build(&[&a]);
    let big = big_input(&env, "big");
    for rebuild in [false, true] {
        let before = ids(&env, "*");
        let args: &[&str] = if rebuild { &["--rebuild"] } else { &[] };
        let mut child = spawn_build(&env, args, &big);
        std::thread::sleep(std::time::Duration::from_millis(300));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Searches see the last complete build, or all of the killed one
        // had it finished first: never a part of it.
        let after = ids(&env, "*");
        let finished = if rebuild { 10_000 } else { 10_001 };
        assert!(
            after == before || after.len() == finished,
            "{} articles after a killed build, {} before",
            after.len(),
            before.len()
        );
    }
    // The lock died with the process: builds without --wait proceed, and
    // clean up what the killed ones left.
    let before = ids(&env, "*").len();
    let b = env.write(
        "b.jsonl",
        article("b", "Tempo", "Tsunami", "Tsunami di Maluku."),
    );
    env.build(&[&b]);
    assert_eq!(ids(&env, "*").len(), before + 1);
    // A word the big input does not have: the killed builds may have
    // finished before the kill.
    assert_eq!(ids(&env, "tsunami"), ["b"]);
    env.cmd(&["build", "--quiet", "--rebuild"])
        .arg(&a)
        .arg(&b)
        .assert()
        .success();
    assert_eq!(ids(&env, "*"), ["a", "b"]);
    assert_eq!(generations(&env.index()).len(), 1);
}
