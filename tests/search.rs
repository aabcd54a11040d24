//! The query front end end to end, on the bundled sample archive whose right
//! answers are known (see `corpus/README.md`): every operator, field, date
//! form and output mode.

mod util;

use predicates::prelude::*;
use util::{TestEnv, assert_matches_schema, corpus, strings_of};

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.build(&[&corpus()]);
    env
}

fn count(env: &TestEnv, query: &str) -> u64 {
    let out = env.cmd(&["search", "--count", query]).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn known_answers_of_the_sample_archive() {
    let env = env();
    let cases = [
        ("\"pasukan Korea Utara\"", 9),
        ("kirim pasukan", 9),
        ("person:\"Vladimir Putin\"", 5),
        ("place:Kursk date:2025-01", 1),
        ("\"Kabinet Merah Putih\"", 3),
        ("banjir date:2024-11", 2),
        ("Lewotobi", 4),
        ("\"PPN 12 persen\"", 2),
        ("BI-Rate date:2024-09-01..2025-01-31", 3),
        ("source:\"Harian Seroja\"", 7),
    ];
    for (q, n) in cases {
        assert_eq!(count(&env, q), n, "{q}");
    }
}

#[test]
fn stemming_matches_every_affixed_form_and_exact_form_does_not() {
    let env = env();
    // dikirim, dikirimkan, mengirimkan, pengiriman all reduce to kirim.
    assert!(count(&env, "kirim") >= count(&env, "=dikirimkan"));
    assert_eq!(count(&env, "pengiriman"), count(&env, "kirim"));
    let exact = count(&env, "=dikirimkan");
    assert!(exact >= 1 && exact < count(&env, "kirim"), "{exact}");
    // A phrase in literal forms needs those forms in that order.
    assert_eq!(count(&env, "=\"dikirimkan ke wilayah Kursk\""), 1);
}

#[test]
fn boolean_operators_and_grouping() {
    let env = env();
    let rusia = count(&env, "rusia");
    let ukraina = count(&env, "ukraina");
    let both = count(&env, "rusia AND ukraina");
    let either = count(&env, "rusia OR ukraina");
    assert_eq!(either, rusia + ukraina - both);
    assert_eq!(
        count(&env, "rusia ukraina"),
        both,
        "words are all required by default"
    );
    assert_eq!(count(&env, "rusia -ukraina"), rusia - both);
    assert_eq!(count(&env, "rusia NOT ukraina"), rusia - both);
    assert_eq!(
        count(&env, "(rusia OR ukraina) +kursk"),
        count(&env, "kursk (rusia OR ukraina)")
    );
    assert_eq!(count(&env, "NOT rusia") + rusia, count(&env, "*"));
}

#[test]
fn phrase_slop_and_fields() {
    let env = env();
    assert_eq!(count(&env, "\"korea utara pasukan\""), 0);
    assert!(count(&env, "\"kirim pasukan\"~3") >= 1);
    assert!(count(&env, "title:banjir") <= count(&env, "banjir"));
    assert!(count(&env, "title:banjir") >= 1);
    assert_eq!(count(&env, "author:\"Farrah Putri\""), 1);
    assert!(count(&env, "url:harianseroja") >= 5);
    assert!(count(&env, "category:olahraga") >= 5);
}

#[test]
fn entity_filters_by_name_alias_flag_and_query() {
    let env = env();
    let pbb = count(&env, "org:PBB");
    assert!(pbb >= 3);
    assert_eq!(pbb, count(&env, "org:\"Perserikatan Bangsa-Bangsa\""));
    assert_eq!(
        count(&env, "person:putin"),
        count(&env, "person:\"Vladimir Putin\"")
    );
    let flag = env
        .cmd(&[
            "search",
            "--count",
            "--person",
            "Vladimir Putin",
            "--place",
            "Pyongyang",
            "*",
        ])
        .output()
        .unwrap();
    let n: u64 = String::from_utf8_lossy(&flag.stdout)
        .trim()
        .parse()
        .unwrap();
    assert_eq!(n, count(&env, "person:\"Vladimir Putin\" place:Pyongyang"));
}

#[test]
fn date_forms_in_queries_and_flags_agree() {
    let env = env();
    let oct = count(&env, "date:2024-10");
    assert!(oct >= 5);
    assert_eq!(count(&env, "date:\"Oktober 2024\""), oct);
    assert_eq!(count(&env, "date:2024-10-01..2024-10-31"), oct);
    let from_to = env
        .cmd(&[
            "search", "--count", "--from", "2024-10", "--to", "2024-10", "*",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&from_to.stdout).trim(),
        oct.to_string()
    );
    let later = count(&env, "date:>=2024-11-01");
    let earlier = count(&env, "date:<2024-11-01");
    let dated = count(&env, "date:..");
    assert_eq!(later + earlier, dated);
    assert_eq!(
        count(&env, "date:2024"),
        count(&env, "date:2024-01-01..2024-12-31")
    );
}

#[test]
fn json_output_with_facets_and_timeline_matches_the_schema() {
    let env = env();
    let r = env.search_json(&["korea", "--facets", "--timeline", "month"]);
    assert_matches_schema("search-result.schema.json", &r);
    let facets = &r["facets"];
    for key in ["person", "place", "org", "source", "category"] {
        assert!(facets[key].is_array(), "{key}");
    }
    let people = strings_of(&facets["person"], "name");
    assert!(people.contains(&"Vladimir Putin"), "{people:?}");
    let timeline = r["timeline"].as_array().unwrap();
    let sum: u64 = timeline
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum::<u64>()
        + r["timeline_undated"].as_u64().unwrap();
    assert_eq!(sum, r["total"].as_u64().unwrap());
    // Periods are consecutive months, empty ones included.
    let starts: Vec<&str> = timeline
        .iter()
        .map(|b| b["start"].as_str().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    assert!(timeline.iter().any(|b| b["count"] == 0), "{starts:?}");
}

#[test]
fn highlights_point_at_the_matched_forms() {
    let env = env();
    let r = env.search_json(&["kirim"]);
    let mut forms = Vec::new();
    for hit in r["hits"].as_array().unwrap() {
        let text = hit["snippet"]["text"].as_str().unwrap();
        for h in hit["snippet"]["highlights"].as_array().unwrap() {
            let (a, b) = (
                h[0].as_u64().unwrap() as usize,
                h[1].as_u64().unwrap() as usize,
            );
            forms.push(text[a..b].to_lowercase());
        }
    }
    assert!(
        forms.iter().any(|f| f != "kirim"),
        "stemmed forms are highlighted too: {forms:?}"
    );
    // Every highlighted form is one whose root is the word asked for.
    let mut stem = assert_cmd::Command::cargo_bin("newsidx").unwrap();
    let out = stem
        .arg("stem")
        .write_stdin(forms.join("\n"))
        .output()
        .unwrap();
    let roots = String::from_utf8_lossy(&out.stdout);
    assert!(roots.lines().all(|r| r == "kirim"), "{forms:?} -> {roots}");
}

#[test]
fn sorting_paging_ids_and_count() {
    let env = env();
    let asc = env.search_json(&["*", "--sort", "date", "--limit", "100"]);
    let dates = strings_of(&asc["hits"], "date");
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    let desc = env.search_json(&["*", "--sort=-date", "--limit", "3"]);
    let first = desc["hits"][0]["date"].as_str().unwrap();
    assert_eq!(first, *dates.last().unwrap());
    let page2 = env.search_json(&["korea", "--limit", "2", "--offset", "2"]);
    assert_eq!(page2["hits"][0]["rank"], 3);
    let all = env.search_json(&["korea", "--limit", "4"]);
    assert_eq!(page2["hits"][0]["id"], all["hits"][2]["id"]);
    let ids = env.cmd(&["search", "--ids", "korea"]).output().unwrap();
    let lines = String::from_utf8_lossy(&ids.stdout).lines().count() as u64;
    assert_eq!(lines, count(&env, "korea"));
}

#[test]
fn equally_good_matches_come_newest_first() {
    // Four copies of one text, written oldest first, one undated: every
    // article scores the same, so only the tie-break orders them.
    let env = TestEnv::new();
    let text = "Banjir merendam ratusan rumah warga di tepi sungai.";
    let lines: Vec<String> = [
        ("a", Some("2019-03-01")),
        ("b", None),
        ("c", Some("2019-07-15")),
        ("d", Some("2019-05-02")),
    ]
    .iter()
    .map(|(id, date)| {
        let mut a = serde_json::json!({"id": id, "title": "Banjir", "body": text});
        if let Some(d) = date {
            a["date"] = serde_json::json!(d);
        }
        a.to_string()
    })
    .collect();
    let file = env.write("same.jsonl", lines.join("\n"));
    env.build(&[&file]);
    for query in ["banjir", "\"ratusan rumah\"", "date:2019"] {
        let out = env.search_json(&[query, "--limit", "10"]);
        let hits = out["hits"].as_array().unwrap();
        let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
        assert!(
            scores.windows(2).all(|w| w[0] == w[1]),
            "{query}: {scores:?}"
        );
        let ids: Vec<&str> = hits.iter().map(|h| h["id"].as_str().unwrap()).collect();
        let want: &[&str] = if query.starts_with("date:") {
            &["c", "d", "a"]
        } else {
            &["c", "d", "a", "b"]
        };
        assert_eq!(ids, want, "{query}");
    }
}

#[test]
fn a_typo_gets_suggestions_and_fuzzy_finds_it() {
    let env = env();
    let r = env.search_json(&["Ukrania"]);
    assert_eq!(r["total"], 0);
    let s = r["suggestions"][0]["suggestions"].as_array().unwrap();
    // In the form the archive writes it (issue 12), not folded.
    assert!(s.iter().any(|w| w == "Ukraina"), "{r}");
    env.cmd(&["search", "Ukrania"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Did you mean"));
    assert!(count(&env, "Ukrania~") >= 5);
}

#[test]
fn a_malformed_query_shows_where_and_exits_two() {
    let env = env();
    env.cmd(&["search", "title:(banjir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("title:(banjir").and(predicate::str::contains("^")));
    env.cmd(&["search", "titel:banjir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field"));
    env.cmd(&["search", "date:2024-13"]).assert().code(2);
}

#[test]
fn show_and_similar() {
    let env = env();
    let ids = env
        .cmd(&["search", "--ids", "-n", "1", "\"Kabinet Merah Putih\""])
        .output()
        .unwrap();
    let id = String::from_utf8_lossy(&ids.stdout).trim().to_string();
    let out = env.cmd(&["show", "--json", &id]).output().unwrap();
    assert!(out.status.success());
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_matches_schema("article-out.schema.json", &a);
    assert_eq!(a["id"], id.as_str());
    assert!(a["entities"].as_array().is_some_and(|e| !e.is_empty()));
    env.cmd(&["show", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("Entities"));
    let out = env.cmd(&["similar", "--json", &id]).output().unwrap();
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = s["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h["id"] != id.as_str()),
        "an article is not similar to itself"
    );
    let titles: Vec<&str> = hits
        .iter()
        .take(3)
        .filter_map(|h| h["title"].as_str())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.contains("Kabinet") || t.contains("Menteri") || t.contains("Prabowo")),
        "{titles:?}"
    );
    env.cmd(&["show", "no-such-id"]).assert().code(2);
}

#[test]
fn piped_text_output_marks_highlights_without_colour() {
    let env = env();
    let out = env.cmd(&["search", "Lewotobi"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[Lewotobi]"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when piped");
    let out = env
        .cmd(&["search", "--color", "always", "Lewotobi"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}
