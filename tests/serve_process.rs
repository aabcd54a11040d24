//! The real `newsidx serve` process: the address it prints, the warning on
//! a non-loopback address, picking up builds without a restart, and a
//! clean exit on SIGINT and SIGTERM.
#![cfg(feature = "web")]

mod serving;
mod util;

use std::time::Duration;

use serving::{Served, within};
use util::TestEnv;

fn article(id: &str, title: &str) -> String {
    serde_json::json!({"id": id, "title": title, "body": format!("{title}. Laporan lengkap menyusul."), "date": "2024-10-24", "source": "Kabar"})
        .to_string()
}

#[test]
fn serves_on_loopback_and_stops_cleanly_on_sigterm_and_sigint() {
    let env = TestEnv::new();
    env.build(&[&util::corpus()]);
    for signal in ["TERM", "INT"] {
        let served = Served::start(&env.index(), &[]);
        assert!(
            served.url.starts_with("http://127.0.0.1:"),
            "{}",
            served.url
        );
        let (status, page) = served.get("/");
        assert_eq!(status, 200);
        assert!(page.contains("/assets/app.js"));
        assert_eq!(served.get_json("/api/stats")["articles"], 43);
        assert!(!served.stderr().contains("warning"), "{}", served.stderr());
        let status = served.stop(signal);
        assert!(status.success(), "SIG{signal}: {status:?}");
    }
}

#[test]
fn a_non_loopback_address_gets_a_warning() {
    let env = TestEnv::new();
    env.build(&[&util::corpus()]);
    // Bound on every interface but only ever called through loopback.
    let served = Served::start(&env.index(), &["--addr", "0.0.0.0:0"]);
    within(Duration::from_secs(5), "warning printed", || {
        served.stderr().contains("no authentication")
    });
    assert!(served.stop("TERM").success());
}

#[test]
fn a_missing_index_or_bad_address_fails_with_a_message() {
    let env = TestEnv::new();
    env.cmd(&["serve", "--addr", "127.0.0.1:0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no index"));
    env.build(&[&util::corpus()]);
    env.cmd(&["serve", "--addr", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--addr"));
    env.cmd(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--cors",
        "bad\u{7f}origin",
    ])
    .assert()
    .code(2)
    .stderr(predicates::str::contains("--cors"));
}

#[test]
fn a_concurrent_build_and_a_rebuild_are_picked_up_within_two_seconds() {
    let env = TestEnv::new();
    let first = env.write("in/a.jsonl", article("a", "Banjir bandang di Garut"));
    env.build(&[&first]);
    let served = Served::start(&env.index(), &[]);
    let total = |q: &str| {
        served.get_json(&format!("/api/search?q={q}"))["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(total("gempa"), 0);

    // A commit into the live generation.
    let second = env.write("in/b.jsonl", article("b", "Gempa guncang Cianjur"));
    env.build(&[&second]);
    let took = within(Duration::from_secs(2), "commit picked up", || {
        total("gempa") == 1
    });
    eprintln!("commit seen after {took:?}");
    assert_eq!(total("banjir"), 1);

    // A rebuild switches generation: the old articles go, the new come.
    let third = env.write("in2/c.jsonl", article("c", "Tsunami di Palu"));
    let mut c = env.cmd(&["build", "--quiet", "--rebuild"]);
    c.arg(&third);
    c.assert().success();
    let took = within(Duration::from_secs(2), "rebuild picked up", || {
        total("tsunami") == 1
    });
    eprintln!("rebuild seen after {took:?}");
    assert_eq!(total("banjir"), 0);
    assert_eq!(served.get_json("/api/stats")["articles"], 1);
    // Completion follows the new state too.
    let s = served.get_json("/api/suggest?prefix=tsun");
    assert_eq!(s["suggestions"][0]["text"], "tsunami");
    assert!(served.stop("TERM").success());
}

#[test]
fn batch_on_the_command_line() {
    let env = TestEnv::new();
    env.build(&[&util::corpus()]);
    let list = env.write("queries.txt", "korea\n\n((\nperson:\"Vladimir Putin\"\n");
    let out = env.cmd(&["batch"]).arg(&list).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad line makes the exit status 2"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["query"], "korea");
    assert!(lines[0]["total"].as_u64().unwrap() > 0);
    assert!(lines[1]["error"].is_string() && lines[1]["position"].is_u64());
    assert!(lines[2]["total"].as_u64().unwrap() > 0);

    let good = env.write("good.txt", "korea\nbanjir\n");
    let out = env.cmd(&["batch", "--csv"]).arg(&good).output().unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["query", "id", "date", "source", "title", "url"]
    );
    let korea = lines[0]["total"].as_u64().unwrap() as usize;
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.iter().filter(|r| &r[0] == "korea").count(), korea);
    env.cmd(&["batch", "--csv"])
        .arg(&list)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("query 2 does not parse"));
}
