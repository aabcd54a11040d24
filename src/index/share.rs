//! Attention as a share of all coverage, as Media Cloud normalises it:
//! ten stories in a week when the archive has a hundred is not the same as
//! ten when it has a thousand. The denominators are the timeline of every
//! article, counted with the same collector as a query's timeline.

use serde::{Serialize, Serializer};
use time::Date;

use super::Index;
use crate::Result;
use crate::query::{Interval, Timeline, TimelineBucket, TimelineCollector};

/// A timeline period with its share of all articles of the period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SharedBucket {
    /// First day of the period (WIB), `YYYY-MM-DD`.
    #[serde(serialize_with = "iso_date")]
    pub start: Date,
    /// Matches dated inside the period.
    pub count: u64,
    /// `count` divided by all articles dated inside the period (0 when
    /// there are none).
    pub share: f64,
}

fn iso_date<S: Serializer>(d: &Date, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        d.month() as u8,
        d.day()
    ))
}

impl Index {
    /// Every article of the index per period: the denominators of
    /// [`with_share`].
    pub fn period_totals(&self, interval: Interval) -> Result<Timeline> {
        let searcher = self.reader.searcher();
        Ok(searcher.search(
            &tantivy::query::AllQuery,
            &TimelineCollector::new(&self.fields, interval),
        )?)
    }
}

/// Adds to each bucket its share of `totals` (from [`Index::period_totals`]
/// with the same interval).
pub fn with_share(buckets: &[TimelineBucket], totals: &Timeline) -> Vec<SharedBucket> {
    buckets
        .iter()
        .map(|b| {
            let all = totals
                .buckets
                .binary_search_by_key(&b.start, |t| t.start)
                .ok()
                .and_then(|i| totals.buckets.get(i))
                .map_or(0, |t| t.count);
            SharedBucket {
                start: b.start,
                count: b.count,
                share: if all == 0 {
                    0.0
                } else {
                    b.count as f64 / all as f64
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BuildOptions, NoProgress, Query, SearchOptions};

    #[test]
    fn shares_divide_by_all_articles_of_the_period() {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in.jsonl");
        let rows = [
            ("a", "Banjir", "2024-10-01"),
            ("b", "Gempa", "2024-10-02"),
            ("c", "Gempa", "2024-10-03"),
            ("d", "Banjir", "2024-10-04"),
            ("e", "Banjir", "2024-12-01"),
            ("f", "Gempa", "2024-11-05"),
        ];
        let text: Vec<String> = rows
            .iter()
            .map(|(id, t, d)| serde_json::json!({"id": id, "title": t, "body": format!("{t} hari ini."), "date": d}).to_string())
            .collect();
        std::fs::write(&input, text.join("\n")).unwrap();
        let opts = BuildOptions {
            entities: false,
            ..Default::default()
        };
        let (index, _) = Index::build(tmp.path().join("ix"), &[input], &opts, &NoProgress).unwrap();
        let results = index
            .search(
                &Query::parse("banjir").unwrap(),
                &SearchOptions {
                    timeline: Some(Interval::Month),
                    ..Default::default()
                },
            )
            .unwrap();
        let totals = index.period_totals(Interval::Month).unwrap();
        let shared = with_share(results.timeline.as_deref().unwrap(), &totals);
        let got: Vec<(String, u64, f64)> = shared
            .iter()
            .map(|b| (b.start.to_string(), b.count, b.share))
            .collect();
        assert_eq!(
            got,
            [
                ("2024-10-01".to_string(), 2, 0.5),
                ("2024-11-01".to_string(), 0, 0.0),
                ("2024-12-01".to_string(), 1, 1.0)
            ]
        );
        assert_eq!(
            serde_json::to_value(shared[0]).unwrap(),
            serde_json::json!({"start": "2024-10-01", "count": 2, "share": 0.5})
        );
    }
}
