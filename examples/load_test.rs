//! A bounded load test of a running `newsidx serve` on this machine:
//! N concurrent clients send a mix of plain searches, searches with facets
//! and a timeline, and article views for a fixed time, then the latencies
//! are reported per kind (p50, p99, max) with the error count.
//!
//! Loopback only: the URL must name 127.0.0.1, ::1 or localhost.
//! `scripts/load-test.sh` builds an index, starts the server, runs this and
//! reports the server's memory.
//!
//! ```sh
//! cargo run --release --example load_test -- http://127.0.0.1:7878/ 24 20
//! ```

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WORDS: &[&str] = &[
    "banjir",
    "presiden",
    "jakarta",
    "pemilu",
    "korupsi",
    "gempa",
    "harga beras",
    "polisi",
    "\"timnas indonesia\"",
    "sepak bola",
    "menteri",
    "ekonomi",
    "kpk",
    "jokowi",
    "prabowo",
    "pendidikan",
    "kesehatan",
    "kecelakaan",
    "pajak",
    "rusia OR ukraina",
    "pengiriman",
    "title:banjir",
    "hujan -banjir",
    "date:2024-10 presiden",
    "bank",
    "sekolah",
    "tol",
];

/// Every request sent, at most: the test stops by itself either way.
const MAX_REQUESTS: usize = 200_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Plain,
    FacetsTimeline,
    Article,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:7878/".into());
    let clients: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(24);
    let seconds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let host = url
        .strip_prefix("http://")
        .and_then(|r| r.split(['/']).next())
        .unwrap_or("");
    let loopback = host.starts_with("127.0.0.1:")
        || host.starts_with("localhost:")
        || host.starts_with("[::1]:");
    if !loopback {
        eprintln!("load_test: refusing {url}: only a server on this machine (127.0.0.1) is tested");
        std::process::exit(2);
    }
    assert!((1..=64).contains(&clients), "1 to 64 clients");
    assert!((1..=300).contains(&seconds), "1 to 300 seconds");
    let base = url.trim_end_matches('/').to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();

    // Article ids to view: the newest hundred.
    let mut r = agent
        .get(format!("{base}/api/search?q=&sort=-date&limit=100"))
        .call()
        .expect("server answers");
    let page: serde_json::Value =
        serde_json::from_str(&r.body_mut().read_to_string().expect("body")).expect("JSON");
    let ids: Vec<String> = page["hits"]
        .as_array()
        .map(|h| h.iter().filter_map(|x| x["id"].as_str().map(enc)).collect())
        .unwrap_or_default();
    assert!(!ids.is_empty(), "the index has articles");
    println!(
        "load_test: {clients} clients for {seconds} s against {base} ({} articles)",
        page["total"]
    );

    let samples: Arc<Mutex<Vec<(Kind, Duration, bool)>>> = Arc::new(Mutex::new(Vec::new()));
    let sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (agent, base, ids) = (agent.clone(), base.clone(), ids.clone());
            let (samples, sent) = (Arc::clone(&samples), Arc::clone(&sent));
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                let mut i = c * 7;
                while Instant::now() < deadline
                    && sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < MAX_REQUESTS
                {
                    i += 1;
                    let word = enc(WORDS[i % WORDS.len()]);
                    let (kind, path) = match i % 4 {
                        0 | 1 => (Kind::Plain, format!("/api/search?q={word}")),
                        2 => (
                            Kind::FacetsTimeline,
                            format!("/api/search?q={word}&facets=true&timeline=month"),
                        ),
                        _ => (
                            Kind::Article,
                            format!("/api/articles/{}", ids[i % ids.len()]),
                        ),
                    };
                    let started = Instant::now();
                    let ok = match agent.get(format!("{base}{path}")).call() {
                        Ok(mut r) => {
                            let status = r.status().as_u16();
                            r.body_mut().read_to_vec().is_ok() && status == 200
                        }
                        Err(_) => false,
                    };
                    mine.push((kind, started.elapsed(), ok));
                }
                samples.lock().expect("samples").extend(mine);
            })
        })
        .collect();
    for t in threads {
        t.join().expect("client thread");
    }
    let samples = samples.lock().expect("samples");
    let mut errors = 0;
    for kind in [Kind::Plain, Kind::FacetsTimeline, Kind::Article] {
        let mut times: Vec<Duration> = samples
            .iter()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, d, _)| *d)
            .collect();
        errors += samples
            .iter()
            .filter(|(k, _, ok)| *k == kind && !ok)
            .count();
        times.sort();
        if times.is_empty() {
            continue;
        }
        let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
        println!(
            "{:<16} n={:<6} p50={:>7.1} ms  p99={:>7.1} ms  max={:>7.1} ms",
            format!("{kind:?}"),
            times.len(),
            at(0.50).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
    println!(
        "total {} requests, {:.0}/s, {errors} errors",
        samples.len(),
        samples.len() as f64 / seconds as f64
    );
    if errors > 0 {
        std::process::exit(1);
    }
}

/// Percent-encodes a query value or path segment.
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
