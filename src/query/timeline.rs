//! How many matches fall in each day, week, month or year: the shape of a
//! story over time (when it broke, when it faded).
//!
//! A collector reads the `date` fast column of every match and counts per
//! WIB calendar day with integer arithmetic only; days are grouped into the
//! requested periods once, after the search, so the per-match cost does not
//! depend on the interval. Weeks are ISO weeks (Monday first). Periods with
//! no match between the first and the last one are included with count 0,
//! so a chart shows gaps as gaps.

use std::collections::{BTreeMap, HashMap};

use serde::{Serialize, Serializer};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DateTime, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};
use time::{Date, Duration, Month};

use crate::index::schema::Fields;

/// Width of a timeline period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    /// ISO week, Monday to Sunday.
    Week,
    #[default]
    Month,
    Year,
}

/// One period of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimelineBucket {
    /// First day of the period (WIB), serialised as `YYYY-MM-DD`.
    #[serde(serialize_with = "iso_date")]
    pub start: Date,
    /// Matches dated inside the period.
    pub count: u64,
}

/// Matches per period, in date order, plus the matches that have no date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub buckets: Vec<TimelineBucket>,
    /// Matching articles without a date (not in any bucket).
    pub undated: u64,
}

/// Most periods a timeline fills in; past this, empty periods are left out
/// (only a corrupt date could stretch a timeline that far).
const MAX_FILLED_BUCKETS: usize = 100_000;

fn iso_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        d.month() as u8,
        d.day()
    ))
}

/// Counts the matches of `query` per `interval`.
///
/// To count in the same pass as the hits, put a [`TimelineCollector`] in a
/// tuple with the other collectors.
pub fn timeline(
    searcher: &Searcher,
    query: &dyn Query,
    fields: &Fields,
    interval: Interval,
) -> tantivy::Result<Timeline> {
    searcher.search(query, &TimelineCollector::new(fields, interval))
}

fn to_timeline(days: HashMap<i64, u64>, undated: u64, interval: Interval) -> Timeline {
    let mut periods: BTreeMap<Date, u64> = BTreeMap::new();
    for (day, count) in days {
        if let Some(start) = day_to_date(day).map(|d| period_start(d, interval)) {
            *periods.entry(start).or_insert(0) += count;
        }
    }
    Timeline {
        buckets: fill_gaps(periods, interval),
        undated,
    }
}

/// Days since 1970-01-01 in WIB of a UTC timestamp.
fn wib_day(t: DateTime) -> i64 {
    (t.into_timestamp_secs() + 7 * 3600).div_euclid(86_400)
}

/// Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

fn day_to_date(day: i64) -> Option<Date> {
    let jd = i32::try_from(day.checked_add(UNIX_EPOCH_JULIAN_DAY)?).ok()?;
    Date::from_julian_day(jd).ok()
}

fn period_start(d: Date, interval: Interval) -> Date {
    match interval {
        Interval::Day => d,
        Interval::Week => d
            .checked_sub(Duration::days(i64::from(
                d.weekday().number_days_from_monday(),
            )))
            .unwrap_or(d),
        Interval::Month => d.replace_day(1).unwrap_or(d),
        Interval::Year => Date::from_calendar_date(d.year(), Month::January, 1).unwrap_or(d),
    }
}

fn next_period(d: Date, interval: Interval) -> Option<Date> {
    match interval {
        Interval::Day => d.next_day(),
        Interval::Week => d.checked_add(Duration::days(7)),
        Interval::Month => match d.month() {
            Month::December => Date::from_calendar_date(d.year() + 1, Month::January, 1).ok(),
            m => Date::from_calendar_date(d.year(), m.next(), 1).ok(),
        },
        Interval::Year => Date::from_calendar_date(d.year() + 1, Month::January, 1).ok(),
    }
}

fn fill_gaps(periods: BTreeMap<Date, u64>, interval: Interval) -> Vec<TimelineBucket> {
    let (Some((&first, _)), Some((&last, _))) =
        (periods.first_key_value(), periods.last_key_value())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cursor = Some(first);
    while let Some(d) = cursor.filter(|d| *d <= last) {
        if out.len() >= MAX_FILLED_BUCKETS {
            // Too long to fill: fall back to the non-empty periods only.
            return periods
                .into_iter()
                .map(|(start, count)| TimelineBucket { start, count })
                .collect();
        }
        out.push(TimelineBucket {
            start: d,
            count: periods.get(&d).copied().unwrap_or(0),
        });
        cursor = next_period(d, interval);
    }
    out
}

/// Collects a [`Timeline`] of the matches.
pub struct TimelineCollector {
    field: String,
    interval: Interval,
}

impl TimelineCollector {
    /// A collector over the `date` field of `fields`.
    pub fn new(fields: &Fields, interval: Interval) -> TimelineCollector {
        TimelineCollector {
            field: fields.schema.get_field_name(fields.date).to_string(),
            interval,
        }
    }
}

/// Counts one segment's matches per WIB day, and those without a date.
#[doc(hidden)]
pub struct SegmentDayCounter {
    column: Option<Column<DateTime>>,
    days: HashMap<i64, u64>,
    undated: u64,
    /// The last day seen and its count, flushed on change: matches arrive in
    /// doc order, which is mostly date order in a freshly built archive.
    run: Option<(i64, u64)>,
}

impl Collector for TimelineCollector {
    type Fruit = Timeline;
    type Child = SegmentDayCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDayCounter> {
        Ok(SegmentDayCounter {
            column: reader.fast_fields().column_opt::<DateTime>(&self.field)?,
            days: HashMap::new(),
            undated: 0,
            run: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(HashMap<i64, u64>, u64)>) -> tantivy::Result<Timeline> {
        let mut days = HashMap::new();
        let mut undated = 0;
        for (d, u) in fruits {
            undated += u;
            for (day, count) in d {
                *days.entry(day).or_insert(0) += count;
            }
        }
        Ok(to_timeline(days, undated, self.interval))
    }
}

impl SegmentCollector for SegmentDayCounter {
    type Fruit = (HashMap<i64, u64>, u64);

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(t) = self.column.as_ref().and_then(|c| c.first(doc)) else {
            self.undated += 1;
            return;
        };
        let day = wib_day(t);
        match &mut self.run {
            Some((d, n)) if *d == day => *n += 1,
            run => {
                if let Some((d, n)) = run.take() {
                    *self.days.entry(d).or_insert(0) += n;
                }
                *run = Some((day, 1));
            }
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        if let Some((d, n)) = self.run.take() {
            *self.days.entry(d).or_insert(0) += n;
        }
        (self.days, self.undated)
    }
}
