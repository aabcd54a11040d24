//! Search latency over a built index, with queries made from the index's own
//! articles so that they resemble what people ask: single words, several
//! words, phrases, literal-form phrases, typos with fuzzy matching, boolean
//! logic, fields, entity filters and date ranges.
//!
//! ```sh
//! cargo run --release --example query_bench -- INDEX_DIR [QUERIES_PER_KIND]
//! ```
//!
//! Prints median and p99 latency per query kind, and over all of them with
//! and without facets and timeline. Queries are drawn with a fixed seed, so
//! two runs over the same index ask the same questions.

use std::time::Instant;

use newsidx::query::Interval;
use newsidx::{Index, Query, SearchOptions};

/// A tiny deterministic generator (xorshift), so the sample is stable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| ".newsidx".to_string());
    let per_kind: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(40);
    let index = Index::open(&dir)?;

    // Material for queries: titles and entities of a sample of articles.
    let sample = index.search(
        &Query::parse("*")?,
        &SearchOptions {
            limit: 2000,
            snippet_chars: 0,
            ..Default::default()
        },
    )?;
    let mut rng = Rng(0x5eed_1dea);
    let mut words: Vec<Vec<String>> = Vec::new();
    let mut entities: Vec<(String, String)> = Vec::new();
    for hit in &sample.hits {
        let ws: Vec<String> = hit
            .title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
            .map(str::to_lowercase)
            .collect();
        if ws.len() >= 3 {
            words.push(ws);
        }
        if entities.len() < 500
            && let Ok(a) = index.get(&hit.id)
        {
            for e in a.entities.iter().take(2) {
                entities.push((e.kind.as_str().to_string(), e.name.clone()));
            }
        }
    }
    if words.is_empty() {
        return Err("the index has too few titled articles to make queries from".into());
    }
    let months = [
        "2019-03", "2019-06", "2019-08", "2019-09", "2019-10", "2024-10", "2024-11",
    ];
    let mut kinds: Vec<(&str, Vec<String>)> = Vec::new();
    let mut make = |name: &'static str, f: &mut dyn FnMut(&mut Rng) -> String| {
        let qs = (0..per_kind).map(|_| f(&mut rng)).collect();
        kinds.push((name, qs));
    };
    let pick = |rng: &mut Rng| words[rng.below(words.len())].clone();
    make("word", &mut |r| {
        let w = pick(r);
        w[r.below(w.len())].clone()
    });
    make("words", &mut |r| pick(r)[..2].join(" "));
    make("phrase", &mut |r| {
        let w = pick(r);
        let i = r.below(w.len() - 1);
        format!("\"{} {}\"", w[i], w[i + 1])
    });
    make("phrase~slop", &mut |r| {
        let w = pick(r);
        format!("\"{} {}\"~3", w[0], w[2])
    });
    make("boolean", &mut |r| {
        let (a, b) = (pick(r), pick(r));
        format!("({} OR {}) -{}", a[0], b[0], a[1])
    });
    make("exact", &mut |r| {
        let w = pick(r);
        format!("=\"{} {}\"", w[0], w[1])
    });
    make("fuzzy", &mut |r| {
        // A typo: the word with two letters swapped.
        let w = pick(r);
        let mut chars: Vec<char> = w[0].chars().collect();
        let i = 1 + r.below(chars.len().saturating_sub(2).max(1));
        if i < chars.len() {
            chars.swap(i - 1, i);
        }
        format!("{}~", chars.into_iter().collect::<String>())
    });
    make("field", &mut |r| format!("title:{}", pick(r)[0]));
    make("date", &mut |r| {
        format!("{} date:{}", pick(r)[0], months[r.below(months.len())])
    });
    if !entities.is_empty() {
        let ents = entities.clone();
        make("entity", &mut |r| {
            let (k, n) = &ents[r.below(ents.len())];
            format!("{k}:\"{n}\"")
        });
    }

    let plain = SearchOptions::default();
    let rich = SearchOptions {
        facets: true,
        timeline: Some(Interval::Month),
        ..Default::default()
    };
    let mut all_plain = Vec::new();
    let mut all_rich = Vec::new();
    println!(
        "{:<12} {:>6} {:>10} {:>10} {:>10} {:>10}",
        "kind", "n", "median", "p99", "rich med", "rich p99"
    );
    for (name, queries) in &kinds {
        let mut t_plain = Vec::new();
        let mut t_rich = Vec::new();
        for q in queries {
            let query = match Query::parse(q) {
                Ok(q) => q,
                Err(e) => {
                    eprintln!("skipped {q:?}: {e}");
                    continue;
                }
            };
            for (opts, times) in [(&plain, &mut t_plain), (&rich, &mut t_rich)] {
                let start = Instant::now();
                index.search(&query, opts)?;
                times.push(start.elapsed().as_secs_f64() * 1000.0);
            }
        }
        println!(
            "{:<12} {:>6} {:>8.2}ms {:>8.2}ms {:>8.2}ms {:>8.2}ms",
            name,
            t_plain.len(),
            pct(&mut t_plain, 0.5),
            pct(&mut t_plain, 0.99),
            pct(&mut t_rich, 0.5),
            pct(&mut t_rich, 0.99)
        );
        all_plain.extend(t_plain);
        all_rich.extend(t_rich);
    }
    println!(
        "{:<12} {:>6} {:>8.2}ms {:>8.2}ms {:>8.2}ms {:>8.2}ms",
        "ALL",
        all_plain.len(),
        pct(&mut all_plain, 0.5),
        pct(&mut all_plain, 0.99),
        pct(&mut all_rich, 0.5),
        pct(&mut all_rich, 0.99)
    );
    Ok(())
}

/// The `p` quantile (nearest rank) of `v`.
fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
    v[i]
}
