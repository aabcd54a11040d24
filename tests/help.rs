//! `--help` is documentation users read: snapshots catch accidental changes
//! (`cargo insta review` after an intended one).

use assert_cmd::Command;

fn help(args: &[&str]) -> String {
    let out = Command::cargo_bin("newsidx")
        .unwrap()
        .args(args)
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn top_level_help() {
    insta::assert_snapshot!(help(&["--help"]));
}

#[test]
fn search_help() {
    insta::assert_snapshot!(help(&["search", "--help"]));
}

#[test]
fn build_help() {
    insta::assert_snapshot!(help(&["build", "--help"]));
}
