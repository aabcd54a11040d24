//! Issue 16: one entity, one entry, archive-wide; more than ten facet
//! entries; who appears with whom. The judged top-50 lists of the real
//! archive (tests/fixtures/entities/judged/top50.tsv) are checked when
//! `../shared/data/corpus/clickid.jsonl` is there (skipped, saying so, when
//! it is not); the rest runs on small archives written here.

mod util;

use serde_json::Value;
use util::{TestEnv, assert_matches_schema, shared_corpus, strings_of};

const QUERIES: [&str; 6] = ["*", "KPK", "gempa", "Papua", "pemilu", "banjir"];

fn entries<'a>(facets: &'a Value, kind: &str) -> &'a [Value] {
    facets[kind].as_array().map_or(&[], Vec::as_slice)
}

fn names(facets: &Value, kind: &str) -> Vec<String> {
    entries(facets, kind)
        .iter()
        .filter_map(|e| e["name"].as_str().map(str::to_string))
        .collect()
}

/// (kind, name, verdict) rows of the judgement file.
fn judged() -> Vec<(String, String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/entities/judged/top50.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "bad judgement row {l:?}");
            (cols[0].into(), cols[1].into(), cols[2].into())
        })
        .collect()
}

#[test]
fn issue_16_judged_top_50_of_the_real_archive() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let env = TestEnv::new();
    env.build_report(&[], &corpus);
    let judged = judged();
    for q in QUERIES {
        let r = env.search_json(&[q, "--facet-size", "50", "--limit", "0"]);
        assert_matches_schema("search-result.schema.json", &r);
        let facets = &r["facets"];
        for kind in ["person", "place", "org"] {
            let listed = names(facets, kind);
            assert!(listed.len() <= 50, "{q} {kind}: {}", listed.len());
            for (k, name, verdict) in &judged {
                if k != kind {
                    continue;
                }
                if verdict == "junk" {
                    assert!(
                        !listed.contains(name),
                        "{q}: {kind} {name:?} was judged junk"
                    );
                }
                if let Some(canonical) = verdict.strip_prefix("alias-of:") {
                    assert!(
                        !(listed.contains(name) && listed.contains(&canonical.to_string())),
                        "{q}: {kind} {name:?} and {canonical:?} are one entity, listed twice"
                    );
                }
            }
        }
    }
    // Over the whole archive both names of the issue's pairs are one entry
    // that lists the other as an alias.
    let all = env.search_json(&["*", "--facet-size", "50", "--limit", "0"]);
    for (kind, name, alias) in [
        ("person", "Joko Widodo", "Jokowi"),
        ("person", "BJ Habibie", "Bacharuddin Jusuf Habibie"),
        ("place", "Amerika Serikat", "AS"),
        ("place", "Jakarta", "DKI Jakarta"),
        ("org", "DPR", "DPR RI"),
    ] {
        let entry = entries(&all["facets"], kind)
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{kind} {name} is not in the top 50"));
        assert!(
            entry["aliases"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == alias),
            "{entry}"
        );
    }
    // A filter by any name finds the same articles.
    let count = |q: &str| env.search_json(&[q, "--limit", "0"])["total"].as_u64();
    assert_eq!(count("person:Jokowi"), count("person:\"Joko Widodo\""));
    assert_eq!(count("place:AS"), count("place:\"Amerika Serikat\""));

    // Who appears with KPK in September 2019.
    let out = env
        .cmd(&[
            "entity", "KPK", "--from", "2019-09", "--to", "2019-09", "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_matches_schema("entity-profile.schema.json", &p);
    assert_eq!(p["kind"], "org");
    assert_eq!(p["name"], "KPK");
    assert!(p["articles"].as_u64().unwrap() > 100, "{p}");
    assert_eq!(p["timeline"].as_array().unwrap().len(), 1, "{p}");
    assert!(
        p["orgs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["name"] != "KPK"),
        "{p}"
    );
    assert!(!p["people"].as_array().unwrap().is_empty(), "{p}");
}

fn article(id: &str, date: &str, title: &str, body: &str) -> String {
    serde_json::json!({"id": id, "title": title, "body": body, "date": date, "source": "Uji"})
        .to_string()
}

/// A small archive in which one article joins `Amerika Serikat` and `AS`
/// by a bracket and the others each use one of them.
fn small_archive(env: &TestEnv) -> std::path::PathBuf {
    let lines = [
        article(
            "a1",
            "2024-10-01",
            "Kunjungan ke Amerika Serikat",
            "Menteri Luar Negeri Retno Marsudi tiba di Washington, Amerika Serikat (AS), pada Selasa. Retno Marsudi bertemu pejabat AS.",
        ),
        article(
            "a2",
            "2024-10-02",
            "Pemilu di AS",
            "Pemilu di AS berlangsung ketat. Retno Marsudi mengikuti perkembangan di AS dari Jakarta.",
        ),
        article(
            "a3",
            "2024-11-03",
            "Dagang dengan Amerika Serikat",
            "Ekspor ke Amerika Serikat naik. Menteri Perdagangan Zulkifli Hasan berbicara di Jakarta.",
        ),
    ];
    env.write("archive.jsonl", lines.join("\n"))
}

#[test]
fn one_entity_is_one_facet_entry_and_one_filter() {
    let env = TestEnv::new();
    let archive = small_archive(&env);
    env.build(&[&archive]);
    let r = env.search_json(&["*", "--facets", "--limit", "0"]);
    let places = entries(&r["facets"], "place");
    let us: Vec<&Value> = places
        .iter()
        .filter(|e| e["name"] == "Amerika Serikat" || e["name"] == "AS")
        .collect();
    assert_eq!(us.len(), 1, "{places:?}");
    assert_eq!(us[0]["name"], "Amerika Serikat");
    assert_eq!(us[0]["count"], 3, "each article once: {places:?}");
    assert!(
        us[0]["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "AS")
    );
    let total = |q: &str| env.search_json(&[q, "--limit", "0"])["total"].clone();
    assert_eq!(total("place:AS"), 3);
    assert_eq!(total("place:\"amerika serikat\""), 3);
    // The article view names it the same way.
    let out = env.cmd(&["show", "a2", "--json"]).output().unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        shown["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "Amerika Serikat" && e["kind"] == "place"),
        "{shown}"
    );
}

#[test]
fn facet_size_gives_more_than_ten_entries() {
    let env = TestEnv::new();
    let lines: Vec<String> = (0..14)
        .map(|i| {
            serde_json::json!({"id": format!("s{i}"), "title": "Berita", "body": "Berita dari daerah.",
                "date": "2024-10-01", "source": format!("Sumber {i}")})
            .to_string()
        })
        .collect();
    let archive = env.write("many.jsonl", lines.join("\n"));
    env.build(&[&archive]);
    let ten = env.search_json(&["*", "--facets", "--limit", "0"]);
    assert_eq!(ten["facets"]["source"].as_array().unwrap().len(), 10);
    let more = env.search_json(&["*", "--facet-size", "12", "--limit", "0"]);
    assert_eq!(more["facets"]["source"].as_array().unwrap().len(), 12);
    assert_matches_schema("search-result.schema.json", &more);
}

#[test]
fn entity_profile_of_a_small_archive_and_an_unknown_name() {
    let env = TestEnv::new();
    let archive = small_archive(&env);
    env.build(&[&archive]);
    let out = env.cmd(&["entity", "as", "--json"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_matches_schema("entity-profile.schema.json", &p);
    assert_eq!(p["kind"], "place");
    assert_eq!(p["name"], "Amerika Serikat");
    assert_eq!(p["articles"], 3);
    assert_eq!(p["timeline"].as_array().unwrap().len(), 2, "{p}");
    assert!(p["first_date"].as_str().unwrap().starts_with("2024-10-01"));
    assert!(p["last_date"].as_str().unwrap().starts_with("2024-11-03"));
    let retno = p["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Retno Marsudi")
        .cloned()
        .unwrap_or_default();
    assert_eq!(retno["count"], 2, "{p}");
    // Narrowed to October: the November article drops out.
    let out = env
        .cmd(&[
            "entity", "AS", "--from", "2024-10", "--to", "2024-10", "--json",
        ])
        .output()
        .unwrap();
    let oct: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(oct["articles"], 2, "{oct}");
    // Text output, and a name no article gives.
    let out = env.cmd(&["entity", "AS"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Amerika Serikat (place)"), "{text}");
    assert!(text.contains("Retno Marsudi"), "{text}");
    env.cmd(&["entity", "Atlantis Raya"]).assert().code(1);
}

/// `Santer` ("widespread") opening a sentence is read as a name; an archive
/// that writes the word in lower case in ten other articles shows it is
/// none: no facet entry, not in the article view, while the filter still
/// finds the article. Without those articles it stays an entry.
#[test]
fn a_word_the_archive_writes_in_lower_case_is_no_entity() {
    let opening = [
        article(
            "n1",
            "2024-01-01",
            "Rencana mundur",
            "Santer beredar kabar bahwa Budi Santoso akan mundur dari jabatannya. Budi Santoso belum memberi tanggapan.",
        ),
        article(
            "n2",
            "2024-01-02",
            "Kabar pindah",
            "Santer terdengar kabar jika Rina Wulandari pindah ke Surabaya. Rina Wulandari tidak membantah.",
        ),
    ];
    let lower: Vec<String> = (0..10)
        .map(|i| {
            article(
                &format!("l{i}"),
                "2024-01-03",
                &format!("Berita {i}"),
                "Kabar itu makin santer terdengar di kalangan warga Bandung. Isu ini santer sejak pekan lalu.",
            )
        })
        .collect();
    let people = |env: &TestEnv| {
        names(
            &env.search_json(&["*", "--facets", "--limit", "0"])["facets"],
            "person",
        )
    };

    // Two articles are too few to tell: the tagger's reading stands.
    let few = TestEnv::new();
    let archive = few.write("few.jsonl", opening.join("\n"));
    few.build(&[&archive]);
    assert!(
        people(&few).contains(&"Santer".to_string()),
        "{:?}",
        people(&few)
    );

    let env = TestEnv::new();
    let all: Vec<String> = opening.iter().cloned().chain(lower).collect();
    let archive = env.write("all.jsonl", all.join("\n"));
    env.build(&[&archive]);
    let listed = people(&env);
    assert!(!listed.contains(&"Santer".to_string()), "{listed:?}");
    assert!(listed.contains(&"Budi Santoso".to_string()), "{listed:?}");
    let out = env.cmd(&["show", "n1", "--json"]).output().unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    let in_view = strings_of(&shown["entities"], "name");
    assert!(!in_view.contains(&"Santer"), "{shown}");
    assert!(in_view.contains(&"Budi Santoso"), "{shown}");
    assert_eq!(
        env.search_json(&["person:Santer", "--limit", "0"])["total"],
        1
    );
}
