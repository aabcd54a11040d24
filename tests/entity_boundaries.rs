//! Issue 16: names end where names end. Day names, dates, `Cs`/`dkk`,
//! grammatical words and the words of a Title Case headline stay out of
//! people's names, noise words are no entities, and the names themselves are
//! still found. All through the real binary, on news text written for these
//! tests.

mod util;

use std::path::Path;

use newsidx::entities::Extractor;
use newsidx::entities::tagger::{read_conll, spans, tag_index};
use util::TestEnv;

fn newsidx() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("newsidx").expect("binary")
}

/// `newsidx entities FILE` on `text`: (kind, text, canonical) per mention.
fn mentions(text: &str) -> Vec<(String, String, String)> {
    let env = TestEnv::new();
    let file = env.write("berita.txt", text);
    let out = newsidx().arg("entities").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let m: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
            (s("kind"), s("text"), s("canonical"))
        })
        .collect()
}

/// Words that must never be part of a name in these texts.
const NOT_IN_NAMES: &[&str] = &[
    "Senin",
    "Selasa",
    "Rabu",
    "Kamis",
    "Jumat",
    "Sabtu",
    "Minggu",
    "September",
    "Oktober",
    "Cs",
    "cs",
    "dkk",
    "Sudah",
    "Akan",
    "Telah",
    "Jadi",
    "Tersangka",
    "netter",
    "API",
];

fn assert_clean(found: &[(String, String, String)]) {
    for (kind, text, canonical) in found {
        for name in [text, canonical] {
            for w in name.split([' ', '.']) {
                assert!(
                    !NOT_IN_NAMES.contains(&w),
                    "{w:?} in the {kind} name {name:?}: {found:?}"
                );
            }
        }
    }
}

fn has(found: &[(String, String, String)], kind: &str, canonical: &str) -> bool {
    found.iter().any(|(k, _, c)| k == kind && c == canonical)
}

#[test]
fn days_dates_and_crew_words_stay_out_of_names() {
    let text = "Wakil Ketua KPK Alexander Marwata mengatakan uang itu dipakai untuk \
        kepentingan pribadi. \"Dana hibah digunakan untuk kepentingan pribadi,\" kata \
        Alexander Marwata Rabu, 18 September 2019. Pimpinan KPK jilid IV yang dikomandoi \
        Agus Rahardjo Cs tidak mundur dari lembaga antirasuah. Ketua KPK Agus Rahardjo dkk \
        kemudian menemui Presiden Joko Widodo di Istana Merdeka, Jakarta, Kamis. \
        Mensesneg Pratikno Senin mengatakan, \"Pak Imam Nahrawi Sudah menjadi tersangka \
        karena urusan dana hibah dengan KONI.\"";
    let found = mentions(text);
    assert_clean(&found);
    for name in [
        "Alexander Marwata",
        "Agus Rahardjo",
        "Joko Widodo",
        "Imam Nahrawi",
        "Pratikno",
    ] {
        assert!(has(&found, "person", name), "{name}: {found:?}");
    }
    assert!(has(&found, "place", "Jakarta"), "{found:?}");
}

#[test]
fn title_case_and_all_caps_lines_are_no_evidence_of_a_name() {
    let text = "Imam Nahrawi Sudah Jadi Tersangka, Kemenpora Berduka\n\n\
        KEBAKARAN HEBAT, API MELALAP RATUSAN KIOS PASAR\n\n\
        Menteri Pemuda dan Olahraga Imam Nahrawi ditetapkan sebagai tersangka oleh KPK. \
        Di tempat lain, api melalap ratusan kios di Pasar Inpres Kota Bandung pada Selasa \
        malam. Banyak netter yang heboh membicarakan kebakaran itu di media sosial.";
    let found = mentions(text);
    assert_clean(&found);
    assert!(has(&found, "person", "Imam Nahrawi"), "{found:?}");
    // Nothing of the line in capitals is a name (`HEBAT`, `KIOS` were
    // read as organisations).
    let caps_line = text.lines().nth(2).unwrap();
    let from = text.find(caps_line).unwrap();
    let env = TestEnv::new();
    let file = env.write("berita.txt", text);
    let out = newsidx().arg("entities").arg(&file).output().unwrap();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let m: serde_json::Value = serde_json::from_str(line).unwrap();
        let start = m["start"].as_u64().unwrap() as usize;
        assert!(!(from..from + caps_line.len()).contains(&start), "{m}");
    }
    // The headline's mention of a name the body confirms is kept.
    let first_line = text.lines().next().unwrap();
    assert!(
        found
            .iter()
            .any(|(_, t, _)| t == "Imam Nahrawi" && first_line.contains(t.as_str())),
        "{found:?}"
    );
}

#[test]
fn the_facets_of_an_archive_hold_clean_names() {
    let env = TestEnv::new();
    let lines = [
        r#"{"id":"kpk-1","title":"Alexander Marwata Rabu Umumkan Tersangka Baru","body":"Wakil Ketua KPK Alexander Marwata mengumumkan tersangka baru. \"Kami sudah memeriksa saksi,\" kata Alexander Marwata Rabu, 18 September 2019."}"#,
        r#"{"id":"kpk-2","title":"Pimpinan KPK Tidak Mundur","body":"Pimpinan KPK yang dikomandoi Agus Rahardjo Cs tidak mundur. Agus Rahardjo mengatakan KPK tetap bekerja."}"#,
        r#"{"id":"kpk-3","title":"Imam Nahrawi Sudah Jadi Tersangka","body":"\"Pak Imam Nahrawi Sudah menjadi tersangka,\" ujar Pratikno di Jakarta, Jumat. Imam Nahrawi lalu mundur dari jabatannya."}"#,
    ];
    let file = env.write("arsip/kpk.jsonl", lines.join("\n"));
    env.build(&[&file]);
    let r = env.search_json(&["*", "--facets"]);
    let people: Vec<&str> = r["facets"]["person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for name in ["Alexander Marwata", "Agus Rahardjo", "Imam Nahrawi"] {
        assert!(people.contains(&name), "{name}: {people:?}");
    }
    for name in &people {
        for w in name.split(' ') {
            assert!(!NOT_IN_NAMES.contains(&w), "{name:?}: {people:?}");
        }
    }
}

/// Micro F1 (exact span and type) of predicted against gold BIO labels.
fn micro_f1(gold: &[Vec<u8>], pred: &[Vec<u8>]) -> f64 {
    let (mut tp, mut np, mut ng) = (0usize, 0usize, 0usize);
    for (g, p) in gold.iter().zip(pred) {
        let (gs, ps) = (spans(g), spans(p));
        ng += gs.len();
        np += ps.len();
        tp += ps.iter().filter(|s| gs.contains(s)).count();
    }
    let (p, r) = (tp as f64 / np.max(1) as f64, tp as f64 / ng.max(1) as f64);
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// The score `examples/ner_eval.rs` reports is the score of the product:
/// `newsidx entities --conll` on a dev file tags exactly as the library's
/// `Extractor::tag_tokens` does, and stays above a floor just under the
/// measured figure.
#[test]
fn entities_conll_scores_as_the_library_on_the_dev_sets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ner");
    let ex = Extractor::new().unwrap();
    let mut checked = 0;
    for (set, floor) in [("indolem-nerui", 0.86), ("indolem-nerugm", 0.78)] {
        let file = root.join(set).join("dev.conll");
        let Ok(text) = std::fs::read_to_string(&file) else {
            eprintln!("skipped: {} is not present", file.display());
            continue;
        };
        let gold = read_conll(&text);
        let out = newsidx()
            .args(["entities", "--conll"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let cli: Vec<Vec<u8>> = String::from_utf8_lossy(&out.stdout)
            .split("\n\n")
            .map(|block| {
                block
                    .lines()
                    .filter_map(|l| l.split('\t').nth(1))
                    .map(|t| tag_index(t).unwrap())
                    .collect::<Vec<u8>>()
            })
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(cli.len(), gold.len(), "{set}: one block per sentence");
        let lib: Vec<Vec<u8>> = gold
            .iter()
            .map(|s| {
                let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
                ex.tag_tokens(&words)
                    .iter()
                    .map(|t| tag_index(t).unwrap())
                    .collect()
            })
            .collect();
        assert_eq!(cli, lib, "{set}: the CLI tags as the library");
        let gold_tags: Vec<Vec<u8>> = gold.iter().map(|s| s.tags.clone()).collect();
        let f1 = micro_f1(&gold_tags, &cli);
        eprintln!("{set} dev micro F1 through newsidx entities --conll: {f1:.4}");
        assert!(f1 >= floor, "{set}: F1 {f1:.4} under {floor}");
        checked += 1;
    }
    if checked == 0 {
        eprintln!("skipped: no dev sets under {}", root.display());
    }
}
