//! Bad input and interruptions: nothing panics, every good article is still
//! indexed, and the previous index survives an interrupted build.

mod util;

use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use predicates::prelude::*;
use util::TestEnv;

fn good_line(i: usize) -> String {
    format!(
        r#"{{"id":"ok-{i}","title":"Banjir melanda kota {i}","body":"Hujan deras membuat banjir di kota nomor {i}. Warga dievakuasi ke tempat aman.","date":"2024-11-0{}","source":"Warta Uji"}}"#,
        i % 9 + 1
    )
}

/// A folder of deliberately broken inputs next to good ones.
fn broken_tree(env: &TestEnv) -> std::path::PathBuf {
    let mut jsonl = String::new();
    for i in 0..5 {
        jsonl.push_str(&good_line(i));
        jsonl.push('\n');
    }
    jsonl.push_str("{\"title\": \"rusak\", \"body\": \n"); // malformed line
    jsonl.push_str("[1, 2, 3]\n"); // not an object
    jsonl.push_str("{\"id\":\"empty\",\"title\":\"\",\"body\":\"\"}\n"); // no text
    jsonl.push_str(&good_line(5));
    jsonl.push('\n');
    env.write("in/mixed.jsonl", jsonl);
    let mut bad_utf8 = b"Judul: Berita rusak\n\nIsi berita ".to_vec();
    bad_utf8.extend_from_slice(&[0xff, 0xfe, 0xfd, b'\n']);
    env.write("in/bad-utf8.txt", bad_utf8);
    env.write(
        "in/truncated.json",
        r#"[{"title": "Sebagian", "body": "terpotong"#,
    );
    env.write("in/empty.md", "");
    env.write("in/not-gzip.jsonl.gz", "this is not gzip at all");
    env.write("in/binary.txt", [0u8, 1, 2, 3, 255, 254, 0, 0, 7]);
    env.write(
        "in/page.html",
        "<html><head><title>x</title></head><body><nav>menu</nav></body></html>",
    );
    env.write("in/.hidden.jsonl", good_line(99));
    env.path("in")
}

#[test]
fn broken_inputs_are_reported_and_good_articles_indexed() {
    let env = TestEnv::new();
    let input = broken_tree(&env);
    let errors = env.path("errors.txt");
    let errors_flag = format!("--errors={}", errors.display());
    let out = env
        .cmd(&["build", "--json", &errors_flag])
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["articles_indexed"], 6, "{report}");
    assert_eq!(
        report["articles_read"].as_u64(),
        Some(
            report["articles_indexed"].as_u64().unwrap() + report["articles_bad"].as_u64().unwrap()
        )
    );
    let listed = std::fs::read_to_string(&errors).unwrap();
    for name in [
        "mixed.jsonl:6",
        "mixed.jsonl:7",
        "mixed.jsonl:8",
        "bad-utf8.txt",
        "truncated.json",
        "not-gzip.jsonl.gz",
        "binary.txt",
    ] {
        assert!(
            listed.contains(name),
            "{name} missing from --errors file:\n{listed}"
        );
    }
    assert!(!listed.contains(".hidden"), "{listed}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn strict_build_fails_and_leaves_the_index_as_it_was() {
    let env = TestEnv::new();
    env.write("good/a.jsonl", good_line(1) + "\n");
    env.build(&[&env.path("good")]);
    let input = broken_tree(&env);
    env.cmd(&["build", "--quiet", "--strict"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("strict"));
    assert_eq!(articles(&env), 1);
}

#[test]
fn rebuild_replaces_the_whole_index() {
    let env = TestEnv::new();
    env.write("one/a.jsonl", good_line(1) + "\n");
    env.write(
        "two/b.jsonl",
        format!("{}\n{}\n", good_line(2), good_line(3)),
    );
    env.build(&[&env.path("one")]);
    env.build(&[&env.path("two")]);
    assert_eq!(articles(&env), 3);
    env.cmd(&["build", "--quiet", "--rebuild"])
        .arg(env.path("two"))
        .assert()
        .success();
    assert_eq!(articles(&env), 2);
}

/// An index of one article, and beside it a large input (60,000 articles)
/// so that a build of it is still running when it is killed.
fn small_index_and_big_input(env: &TestEnv) {
    env.write("small/a.jsonl", good_line(1) + "\n");
    env.build(&[&env.path("small")]);
    let mut big = String::with_capacity(40 << 20);
    for i in 0..60_000 {
        big.push_str(&good_line(i + 10));
        big.push('\n');
    }
    env.write("big/big.jsonl", big);
}

/// The index's commit point: the generation `CURRENT` names and that
/// generation's tantivy `meta.json`.
fn commit_point(env: &TestEnv) -> (String, String) {
    let current = std::fs::read_to_string(env.index().join("CURRENT")).unwrap();
    let meta = std::fs::read_to_string(env.index().join(current.trim()).join("meta.json"))
        .unwrap_or_default();
    (current, meta)
}

/// Starts `newsidx build ARGS big/`, kills it (SIGKILL: no cleanup runs)
/// after `delay_ms`, and says whether it had committed anyway: finished,
/// or killed after its commit, in the last steps before it exits.
fn build_killed_after(env: &TestEnv, args: &[&str], delay_ms: u64) -> bool {
    let before = commit_point(env);
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("newsidx"))
        .args(["build", "--quiet"])
        .args(args)
        .arg("--index")
        .arg(env.index())
        .arg(env.path("big"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(delay_ms));
    child.kill().unwrap();
    let finished = child.wait().unwrap().success();
    finished || commit_point(env) != before
}

/// Articles in the index, asserting that it can be opened and searched.
fn articles(env: &TestEnv) -> u64 {
    let out = env.cmd(&["search", "--count", "*"]).output().unwrap();
    assert!(
        out.status.success(),
        "index unusable: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn killed_rebuild_leaves_the_previous_index_searchable() {
    let env = TestEnv::new();
    small_index_and_big_input(&env);
    for delay_ms in [50u64, 300, 900] {
        if build_killed_after(&env, &["--rebuild"], delay_ms) {
            assert_eq!(articles(&env), 60_000);
            return;
        }
        assert_eq!(articles(&env), 1, "killed after {delay_ms} ms");
        env.cmd(&["search", "banjir"]).assert().success();
    }
}

#[test]
fn killed_incremental_build_keeps_the_last_commit() {
    let env = TestEnv::new();
    small_index_and_big_input(&env);
    let finished = build_killed_after(&env, &[], 300);
    assert_eq!(articles(&env), if finished { 60_001 } else { 1 });
    // And the index still takes new articles afterwards (no stale lock).
    env.build(&[&env.path("small")]);
}
