//! Archive-sized input through the real binary: files streamed a piece at a
//! time lose no article, a build that indexes nothing fails and says why,
//! and every problem reaches `--errors`. Sizes here are small; `--memory`
//! shrinks the pieces so that the files still cross many of them.
//! `scripts/bench-scale.sh` measures the same at a million articles.

mod util;

use std::io::Write;

use predicates::prelude::*;
use util::TestEnv;

fn record(i: usize) -> String {
    serde_json::json!({
        "id": format!("berita-{i}"),
        "title": format!("Banjir rendam kampung nomor {i}"),
        "body": format!(
            "Hujan deras sejak pagi membuat sungai meluap di kampung nomor {i}. \
             Warga mengungsi ke balai desa, kata Kepala Desa Sutrisno kepada wartawan. {}",
            "Petugas BPBD membagikan makanan dan selimut. ".repeat(i % 7 + 1)
        ),
        "date": format!("2019-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
        "source": if i.is_multiple_of(3) { "Warta Uji" } else { "Kabar Contoh" },
    })
    .to_string()
}

const ARTICLES: usize = 6_000;

fn count(env: &TestEnv, query: &str) -> u64 {
    let out = env
        .cmd(&["search", "--json", "-n", "0", query])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["total"].as_u64().expect("total")
}

#[test]
fn one_large_json_lines_file_is_indexed_whole_in_pieces() {
    let env = TestEnv::new();
    let mut text = String::new();
    for i in 0..ARTICLES {
        text.push_str(&record(i));
        text.push('\n');
        if i == 4_321 {
            text.push_str("{\"title\": \"rusak\n");
        }
    }
    assert!(text.len() > 2 << 20, "crosses several 1 MiB pieces");
    let file = env.write("arsip/ekspor.jsonl", &text);
    let report = env.build_report(&["--memory", "32"], &file);
    assert_eq!(report["articles_indexed"], ARTICLES as u64);
    assert_eq!(report["articles_bad"], 1);
    assert_eq!(report["files"], 1);
    assert_eq!(report["bytes"], text.len() as u64);
    assert_eq!(report["problems"][0]["line"], 4_323);
    assert_eq!(count(&env, "*"), ARTICLES as u64);
    assert_eq!(count(&env, "\"kampung nomor 5999\""), 1);
}

#[test]
fn gzip_and_json_arrays_stream_too() {
    let env = TestEnv::new();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for i in 0..ARTICLES / 2 {
        writeln!(gz, "{}", record(i)).expect("gzip");
    }
    env.write("arsip/satu.jsonl.gz", gz.finish().expect("gzip"));
    let mut array = String::from("[\n");
    for i in ARTICLES / 2..ARTICLES {
        if i > ARTICLES / 2 {
            array.push_str(",\n");
        }
        array.push_str(&record(i));
    }
    array.push_str("\n]\n");
    assert!(array.len() > 1 << 20, "crosses 1 MiB pieces");
    env.write("arsip/dua.json", &array);
    let report = env.build_report(&["--memory", "32"], &env.path("arsip"));
    assert_eq!(report["articles_indexed"], ARTICLES as u64);
    assert_eq!(report["problems"].as_array().map(Vec::len), Some(0));
    assert_eq!(count(&env, "*"), ARTICLES as u64);
    assert_eq!(count(&env, "\"kampung nomor 0\""), 1);
}

#[test]
fn a_build_that_indexes_nothing_fails_and_says_why() {
    let env = TestEnv::new();
    env.write("rusak/satu.jsonl", "{\"title\": \n[1,2]\n");
    env.write("rusak/dua.txt.gz", "bukan gzip");
    env.cmd(&["build", "--quiet", "rusak"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("nothing indexed")
                .and(predicate::str::contains("2 file(s) read"))
                .and(predicate::str::contains("first problem")),
        );
    assert!(!env.index().join("CURRENT").exists(), "no empty index left");

    env.write("kosong/catatan.pdf", "bukan artikel");
    env.cmd(&["build", "--quiet", "kosong"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no article files in kosong"));

    // An existing index is left as it was.
    let good = env.write("baik/berita.jsonl", format!("{}\n", record(1)));
    env.build(&[&good]);
    env.cmd(&["build", "--quiet", "rusak"]).assert().code(2);
    assert_eq!(count(&env, "*"), 1);
}

#[test]
fn every_problem_reaches_the_errors_file() {
    let env = TestEnv::new();
    let mut text = String::new();
    for i in 0..50 {
        text.push_str(&record(i));
        text.push_str("\n{rusak\n");
    }
    let file = env.write("arsip.jsonl", &text);
    env.cmd(&["build", "--quiet", "--errors", "masalah.txt"])
        .arg(&file)
        .assert()
        .success();
    let errors = std::fs::read_to_string(env.path("masalah.txt")).expect("errors file");
    assert_eq!(errors.lines().count(), 50);
    assert!(errors.lines().all(|l| l.contains("arsip.jsonl:")));
}
