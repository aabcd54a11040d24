//! The analysis and entity commands: `stem`, `analyze`, `entities`.

mod util;

use assert_cmd::Command;
use util::{TestEnv, assert_matches_schema};

fn newsidx() -> Command {
    let mut c = Command::cargo_bin("newsidx").unwrap();
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn stem_gives_roots_for_words_and_keeps_lines_in_step() {
    newsidx()
        .args([
            "stem",
            "mengirimkan",
            "dikirim",
            "pengiriman",
            "terkirim",
            "Menteri",
        ])
        .assert()
        .success()
        .stdout("kirim\nkirim\nkirim\nkirim\nmenteri\n");
    // One output line per input line, an empty line for an empty line.
    newsidx()
        .arg("stem")
        .write_stdin("mengirimkan\n\ndikirim\npengiriman")
        .assert()
        .success()
        .stdout("kirim\n\nkirim\nkirim\n");
}

#[test]
fn analyze_shows_tokens_with_offsets_into_the_input() {
    let text =
        "Pasukan Korea Utara dikirimkan ke Kursk, kata Presiden Vladimir Putin. Anak-anak aman.";
    let out = newsidx()
        .args(["analyze", "--json", text])
        .output()
        .unwrap();
    assert!(out.status.success());
    let tokens: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_matches_schema("analyze.schema.json", &tokens);
    for t in tokens.as_array().unwrap() {
        let (a, b) = (
            t["offset_from"].as_u64().unwrap() as usize,
            t["offset_to"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], t["text"].as_str().unwrap());
    }
    let stem_of = |w: &str| {
        tokens
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["text"] == w)
            .map(|t| t["stem"].as_str().unwrap().to_string())
    };
    assert_eq!(stem_of("dikirimkan").as_deref(), Some("kirim"));
    assert!(
        tokens
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["text"] == "Anak-anak")
    );
    newsidx().args(["analyze", text]).assert().success();
}

#[test]
fn entities_prints_one_mention_per_line_with_byte_offsets() {
    let env = TestEnv::new();
    let text = "Presiden Rusia Vladimir Putin menerima Kim Jong Un di Moskow. Putin juga berbicara tentang Perserikatan Bangsa-Bangsa (PBB).\n";
    let file = env.write("a.txt", text);
    let out = newsidx().arg("entities").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mentions: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for m in &mentions {
        assert_matches_schema("mention.schema.json", m);
        let (a, b) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], m["text"].as_str().unwrap());
    }
    let has = |kind: &str, canonical: &str| {
        mentions
            .iter()
            .any(|m| m["kind"] == kind && m["canonical"] == canonical)
    };
    assert!(has("person", "Vladimir Putin"), "{mentions:?}");
    assert!(has("person", "Kim Jong Un"), "{mentions:?}");
    assert!(has("place", "Moskow"), "{mentions:?}");
    // The later bare "Putin" resolves to the full name.
    assert!(
        mentions
            .iter()
            .any(|m| m["text"] == "Putin" && m["canonical"] == "Vladimir Putin"),
        "{mentions:?}"
    );
}

#[test]
fn entities_conll_keeps_lines_and_blank_lines_in_step() {
    let input = "Presiden\tO\nJoko\tB-PER\nWidodo\tI-PER\nke\tO\nJakarta\tB-LOC\n\nKPK\tB-ORG\nmemeriksa\tO\n";
    let out = newsidx()
        .args(["entities", "--conll", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let got = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = got.lines().collect();
    let want: Vec<&str> = input.lines().collect();
    assert_eq!(lines.len(), want.len(), "{got}");
    for (g, w) in lines.iter().zip(&want) {
        if w.is_empty() {
            assert!(g.is_empty());
            continue;
        }
        let (tok, tag) = g.split_once('\t').unwrap();
        assert_eq!(tok, w.split('\t').next().unwrap());
        assert!(
            ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"].contains(&tag),
            "{tag}"
        );
    }
    assert_eq!(lines[1], "Joko\tB-PER");
    assert_eq!(lines[2], "Widodo\tI-PER");
}

#[test]
fn build_report_json_matches_its_schema() {
    let env = TestEnv::new();
    let out = env
        .cmd(&["build", "--json", "--quiet"])
        .arg(util::corpus())
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_matches_schema("build-report.schema.json", &r);
}

#[test]
fn user_dictionary_changes_stems_and_needs_a_rebuild_to_change() {
    let env = TestEnv::new();
    env.write(
        "in/a.jsonl",
        r#"{"id":"1","title":"Warga Menteng","body":"Warga berlari ke Menteng saat banjir."}"#,
    );
    let dict = env.write("kamus.txt", "# kamus\n!menteng\nberlari = lari\n");
    let dict_flag = format!("--user-dict={}", dict.display());
    env.cmd(&["build", "--quiet", &dict_flag])
        .arg(env.path("in"))
        .assert()
        .success();
    env.cmd(&["search", "--count", "lari"])
        .assert()
        .success()
        .stdout("1\n");
    // Other settings on an existing index are refused without --rebuild.
    env.cmd(&["build", "--quiet", "--stopwords"])
        .arg(env.path("in"))
        .assert()
        .code(2);
    env.cmd(&["build", "--quiet", "--rebuild", "--stopwords"])
        .arg(env.path("in"))
        .assert()
        .success();
    let bad = env.write("rusak.txt", "dua kata\n");
    env.cmd(&[
        "build",
        "--quiet",
        "--rebuild",
        &format!("--user-dict={}", bad.display()),
    ])
    .arg(env.path("in"))
    .assert()
    .code(2);
}
