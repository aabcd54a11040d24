//! The HTTP API of `newsidx serve`, called in process through the router
//! (no sockets): shapes, errors, limits, headers, exports and the OpenAPI
//! document. Generated queries check that no input gets a 500.
#![cfg(feature = "web")]

mod util;

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use newsidx::server::{AppState, CONTENT_SECURITY_POLICY, router};
use newsidx::{BuildOptions, Index, NoProgress};
use proptest::prelude::*;
use serde_json::{Value, json};
use tower::ServiceExt;

struct Fixture {
    _dir: tempfile::TempDir,
    index: std::path::PathBuf,
    app: Router,
    runtime: tokio::runtime::Runtime,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("ix");
        let hostile = util::corpus().join("../tests/fixtures/hostile");
        Index::build(
            &index,
            &[util::corpus(), hostile],
            &BuildOptions::default(),
            &NoProgress,
        )
        .unwrap();
        let app = router(AppState::open(&index).unwrap(), None).unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        Fixture {
            _dir: dir,
            index,
            app,
            runtime,
        }
    })
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

fn send_to(app: &Router, request: Request<Body>) -> Answer {
    let f = fixture();
    f.runtime.block_on(async {
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        Answer {
            status,
            headers,
            body,
        }
    })
}

fn get(uri: &str) -> Answer {
    send_to(
        &fixture().app,
        Request::get(uri).body(Body::empty()).unwrap(),
    )
}

fn post(uri: &str, body: impl Into<Body>) -> Answer {
    send_to(
        &fixture().app,
        Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.into())
            .unwrap(),
    )
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[test]
fn search_answers_with_the_cli_json_plus_shares() {
    let a = get("/api/search?q=korea&facets=true&timeline=month&limit=5");
    assert_eq!(a.status, StatusCode::OK);
    let api = a.json();
    util::assert_matches_schema("search-result.schema.json", &api);
    // The same search through the CLI.
    let out = assert_cmd::Command::cargo_bin("newsidx")
        .unwrap()
        .args([
            "search",
            "--json",
            "--facets",
            "--timeline",
            "month",
            "-n",
            "5",
            "korea",
            "--index",
        ])
        .arg(&fixture().index)
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["query", "total", "hits", "facets", "timeline_undated"] {
        assert_eq!(api[key], cli[key], "{key} differs from the CLI's");
    }
    let (api_t, cli_t) = (
        api["timeline"].as_array().unwrap(),
        cli["timeline"].as_array().unwrap(),
    );
    assert_eq!(api_t.len(), cli_t.len());
    for (a, c) in api_t.iter().zip(cli_t) {
        assert_eq!((&a["start"], &a["count"]), (&c["start"], &c["count"]));
        let share = a["share"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&share));
        assert_eq!(share == 0.0, a["count"] == 0);
    }
}

#[test]
fn filters_paging_and_sorting() {
    let all = get("/api/search?q=korea").json();
    let total = all["total"].as_u64().unwrap();
    let page2 = get("/api/search?q=korea&limit=3&offset=3&sort=-date").json();
    assert_eq!(page2["hits"].as_array().unwrap().len(), 3);
    assert_eq!(page2["hits"][0]["rank"], 4);
    assert!(page2["hits"][0]["score"].is_null());
    let narrowed = get("/api/search?q=korea&person=Vladimir+Putin&from=2024-10&to=2024-10").json();
    assert!(narrowed["total"].as_u64().unwrap() < total);
    assert!(
        narrowed["query"]
            .as_str()
            .unwrap()
            .contains("person:\"Vladimir Putin\"")
    );
    let two = get("/api/search?q=korea&source=Pos+Cendana&source=Harian+Seroja&facets=true").json();
    let names: Vec<&str> = two["facets"]["source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(!names.is_empty());
    assert!(
        names
            .iter()
            .all(|n| ["Pos Cendana", "Harian Seroja"].contains(n)),
        "{names:?}"
    );
}

#[test]
fn a_bad_query_is_a_400_with_a_character_position() {
    let a = get(&format!("/api/search?q={}", enc("é titel:banjir")));
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let body = a.json();
    assert_eq!(body["position"], 2, "{body}");
    let cli = newsidx::Query::parse("é titel:banjir").unwrap_err();
    assert_eq!(body["error"], cli.message);
    for uri in [
        "/api/search?sort=sideways",
        "/api/search?limit=ten",
        "/api/search?timeline=decade",
        "/api/search?facets=maybe",
        "/api/search?from=kemarin",
        "/api/search?from=2024-10&to=2024-09",
    ] {
        let a = get(uri);
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(a.json()["error"].is_string());
    }
}

#[test]
fn oversized_requests_are_refused_clearly() {
    let long = "a".repeat(2_001);
    for uri in [
        format!("/api/search?q={long}"),
        "/api/search?limit=101".to_string(),
        "/api/search?offset=10001".to_string(),
        format!("/api/search?source={long}"),
    ] {
        let a = get(&uri);
        assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{uri}");
        assert!(
            a.json()["error"].as_str().unwrap().contains("at most")
                || a.json()["error"].as_str().unwrap().contains("longer")
        );
    }
    let many: Vec<String> = (0..1_001).map(|i| format!("q{i}")).collect();
    let a = post("/api/batch", json!({ "queries": many }).to_string());
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    let huge = format!("{{\"queries\": [\"{}\"]}}", "a".repeat(2 << 20));
    let a = post("/api/batch", huge);
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn articles_similar_stats_and_not_found() {
    let hit = get("/api/search?q=korea&limit=1").json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = get(&format!("/api/articles/{}", enc(&hit)));
    assert_eq!(a.status, StatusCode::OK);
    let article = a.json();
    util::assert_matches_schema("article-out.schema.json", &article);
    assert_eq!(article["id"], hit.as_str());
    let s = get(&format!("/api/articles/{}/similar?limit=3", enc(&hit))).json();
    assert_eq!(s["id"], hit.as_str());
    assert!(s["hits"].as_array().unwrap().len() <= 3);
    assert!(
        s["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["id"] != hit.as_str())
    );
    let stats = get("/api/stats").json();
    util::assert_matches_schema("stats.schema.json", &stats);
    assert_eq!(stats["articles"], 46);
    for uri in [
        "/api/articles/nope",
        "/api/articles/nope/similar",
        "/api/nothing",
        "/api/a/b/c",
    ] {
        let a = get(uri);
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(a.json()["error"].is_string());
    }
}

#[test]
fn suggest_completes_names_and_words_most_frequent_first() {
    let a = get("/api/suggest?prefix=put");
    assert_eq!(a.status, StatusCode::OK);
    let list = a.json()["suggestions"].as_array().unwrap().clone();
    assert!(
        list.iter()
            .any(|s| s["text"] == "Vladimir Putin" && s["kind"] == "person"),
        "{list:?}"
    );
    assert!(
        list.iter()
            .all(|s| ["person", "place", "org", "word"].contains(&s["kind"].as_str().unwrap()))
    );
    let counts: Vec<u64> = list.iter().map(|s| s["count"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert_eq!(
        get("/api/suggest?prefix=").json(),
        json!({"suggestions": []})
    );
    assert_eq!(
        get("/api/suggest?prefix=put&limit=1").json()["suggestions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn exports_stream_every_match() {
    let total = get("/api/search?q=korea").json()["total"].as_u64().unwrap() as usize;
    let a = get("/api/export.csv?q=korea");
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        a.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let mut rows = csv::Reader::from_reader(a.body.as_slice());
    assert_eq!(
        rows.headers().unwrap(),
        vec!["id", "date", "source", "title", "url"]
    );
    assert_eq!(rows.records().map(Result::unwrap).count(), total);
    let lines = get("/api/export.jsonl?q=korea").text();
    let rows: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), total);
    assert!(
        rows.iter()
            .all(|r| r["id"].is_string() && r.get("title").is_some())
    );
    // Everything, and nothing.
    assert_eq!(get("/api/export.jsonl").text().lines().count(), 46);
    assert_eq!(
        get("/api/export.csv?q=tidakadasamasekali")
            .text()
            .lines()
            .count(),
        1
    );
    assert_eq!(get("/api/export.csv?q=%22").status, StatusCode::BAD_REQUEST);
}

#[test]
fn batch_gives_totals_errors_and_csv_rows() {
    let a = post(
        "/api/batch",
        json!({"queries": ["korea", "((", "person:\"Vladimir Putin\""]}).to_string(),
    );
    assert_eq!(a.status, StatusCode::OK);
    let r = a.json()["results"].clone();
    let korea = get("/api/search?q=korea").json()["total"].clone();
    assert_eq!(r[0], json!({"query": "korea", "total": korea}));
    assert_eq!(r[1]["query"], "((");
    assert!(r[1]["error"].is_string() && r[1]["position"].is_u64());
    assert!(r[2]["total"].as_u64().unwrap() > 0);
    for bad in ["", "{}", "{\"queries\": \"korea\"}", "[1,2]", "\u{0}"] {
        assert_eq!(
            post("/api/batch", bad.to_string()).status,
            StatusCode::BAD_REQUEST,
            "{bad:?}"
        );
    }
    let csv_text = post(
        "/api/batch.csv",
        json!({"queries": ["korea", "banjir"]}).to_string(),
    )
    .text();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["query", "id", "date", "source", "title", "url"]
    );
    let queries: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(
        queries.iter().filter(|q| *q == "korea").count() as u64,
        korea.as_u64().unwrap()
    );
    assert!(queries.iter().any(|q| q == "banjir"));
    let bad = post(
        "/api/batch.csv",
        json!({"queries": ["korea", "title:"]}).to_string(),
    );
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("query 2:")
    );
}

#[test]
fn every_response_has_the_security_headers_and_no_cors() {
    for uri in [
        "/",
        "/assets/app.js",
        "/api/search?q=korea",
        "/api/nothing",
        "/nothing",
        "/api/openapi.json",
    ] {
        let a = get(uri);
        assert_eq!(
            a.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap(),
            CONTENT_SECURITY_POLICY,
            "{uri}"
        );
        assert_eq!(a.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(
            a.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
            "{uri}"
        );
    }
    let page = get("/").text();
    // No inline script or style the policy would have to allow, nothing remote.
    assert!(!page.contains("<script>") && !page.contains("style=") && !page.contains("http"));
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/search")
        .header(header::ORIGIN, "https://elsewhere.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .body(Body::empty())
        .unwrap();
    let a = send_to(&fixture().app, preflight);
    assert!(a.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[test]
fn cors_only_for_the_origin_given() {
    let app = router(
        AppState::open(&fixture().index).unwrap(),
        Some("https://desk.example"),
    )
    .unwrap();
    let ask = |origin: &str| {
        send_to(
            &app,
            Request::get("/api/stats")
                .header(header::ORIGIN, origin)
                .body(Body::empty())
                .unwrap(),
        )
    };
    let a = ask("https://desk.example");
    assert_eq!(
        a.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://desk.example"
    );
    // Another origin is never echoed back (a browser then refuses it).
    let b = ask("https://elsewhere.example");
    let allowed = b.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    assert!(
        allowed.is_none_or(|v| v == "https://desk.example"),
        "{allowed:?}"
    );
    assert!(
        router(
            AppState::open(&fixture().index).unwrap(),
            Some("bad\norigin")
        )
        .is_err()
    );
}

#[test]
fn no_path_reaches_another_file() {
    for uri in [
        "/assets/../Cargo.toml",
        "/assets/..%2fCargo.toml",
        "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/assets/..%5c..%5cCargo.toml",
        "/api/..%2fCargo.toml",
        "/api/..%2f..%2fschema%2fsearch-result.schema.json",
        "/../../etc/passwd",
        "/web/app.js",
        "/index.html",
        "/assets/",
    ] {
        let a = get(uri);
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{uri}");
        let text = String::from_utf8_lossy(&a.body);
        assert!(
            !text.contains("[package]") && !text.contains("root:"),
            "{uri}"
        );
    }
    // What is served is exactly the embedded files.
    assert_eq!(get("/assets/app.js").text(), include_str!("../web/app.js"));
    assert_eq!(
        get("/api/search-result.schema.json").json()["$id"],
        "search-result.schema.json"
    );
}

#[test]
fn the_committed_openapi_document_is_what_the_code_produces() {
    let produced = newsidx::server::openapi::document_json();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/openapi.json");
    if std::env::var_os("NEWSIDX_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &produced).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == produced,
        "schema/openapi.json is out of date: run NEWSIDX_UPDATE_OPENAPI=1 cargo test --release --test serve_api"
    );
    let doc = get("/api/openapi.json").json();
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/search",
        "/api/articles/{id}",
        "/api/articles/{id}/similar",
        "/api/stats",
        "/api/suggest",
        "/api/export.csv",
        "/api/export.jsonl",
        "/api/batch",
        "/api/batch.csv",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert_eq!(doc, serde_json::from_str::<Value>(&produced).unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn no_query_gets_a_500(
        q in prop_oneof![
            ".{0,60}",
            "[a-z:\"()~*=+\\- .,<>\\\\]{0,40}",
            "(person|place|org|date|title|source|url):[\"a-z0-9.~*:<>=\\- ]{0,20}",
        ],
        extra in prop::sample::select(vec![
            "", "&facets=true", "&timeline=day", "&timeline=year&facets=1", "&sort=-date", "&sort=date&offset=3",
            "&from=2024&to=2025", "&person=Putin", "&source=x", "&limit=0",
        ]),
    ) {
        let a = get(&format!("/api/search?q={}{extra}", enc(&q)));
        prop_assert!(a.status.is_success() || a.status.is_client_error(), "{} for {q:?}{extra}: {}", a.status, a.text());
        prop_assert!(serde_json::from_slice::<Value>(&a.body).is_ok());
        if a.status == StatusCode::BAD_REQUEST {
            let body = a.json();
            if let Some(p) = body["position"].as_u64() {
                prop_assert!(p as usize <= q.chars().count());
            }
        }
        let s = get(&format!("/api/suggest?prefix={}", enc(&q)));
        prop_assert_eq!(s.status, StatusCode::OK);
        let e = get(&format!("/api/export.csv?q={}", enc(&q)));
        prop_assert!(e.status.is_success() || e.status.is_client_error());
        let b = post("/api/batch", json!({"queries": [q]}).to_string());
        prop_assert_eq!(b.status, StatusCode::OK);
    }

    #[test]
    fn no_parameter_value_gets_a_500(key in "(q|limit|offset|sort|from|to|source|person|facets|timeline|prefix)", value in ".{0,30}") {
        for route in ["/api/search", "/api/suggest", "/api/export.jsonl", "/api/articles/x/similar"] {
            let a = get(&format!("{route}?{key}={}", enc(&value)));
            prop_assert!(a.status.as_u16() < 500, "{} for {route}?{key}={value:?}", a.status);
        }
        let a = get(&format!("/api/articles/{}", enc(&value)));
        prop_assert!(a.status.as_u16() < 500);
    }
}
