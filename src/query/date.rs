//! Date expressions of the query language (`date:2024-10`, `date:>=2024-10-22`,
//! `date:"24 Oktober 2024"`) and of the CLI's `--from` / `--to`.
//!
//! Every calendar form names a *period* of WIB (UTC+7) calendar days, because
//! the archives are Indonesian and a reader's "24 Oktober" is a Jakarta day,
//! not a UTC one. A range is half-open, `[start, end)`: `2024-10-01..2024-10-31`
//! starts at the first instant of the first period and ends at the first
//! instant after the last one, so the end date is included. An RFC 3339
//! timestamp names the one-second period starting at that instant, which is
//! the index's date precision.
//!
//! Years are limited to 1000-9998 so that "the period after" always exists
//! and no arithmetic can overflow on any input.

use std::fmt;

use time::format_description::well_known::Rfc3339;
use time::macros::offset;
use time::{Date, Duration, Month, OffsetDateTime, Time, UtcOffset};

use crate::ingest::dates::month_number;

/// Western Indonesian Time, the offset calendar dates are interpreted in.
pub const WIB: UtcOffset = offset!(+7);

/// A half-open span of time `[start, end)`; `None` leaves that side open.
///
/// ```
/// use newsidx::query::DateRange;
/// let october = DateRange::parse("Oktober 2024").unwrap();
/// assert_eq!(october, DateRange::parse("2024-10-01..2024-10-31").unwrap());
/// assert_eq!(october.to_string(), "2024-10");
/// assert!(DateRange::parse("2024-13").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DateRange {
    /// First instant inside the range.
    pub start: Option<OffsetDateTime>,
    /// First instant after the range.
    pub end: Option<OffsetDateTime>,
}

impl DateRange {
    /// Parses one date expression:
    ///
    /// | form | meaning |
    /// |---|---|
    /// | `2024`, `2024-10`, `2024-10-01` | that year, month or day |
    /// | `Oktober 2024`, `24 Okt 2024`, `October 2024` | the same, with month names |
    /// | `A..B`, `A..`, `..B` | from the start of A to the end of B (open sides allowed) |
    /// | `>=A`, `>A`, `<A`, `<=A` | after the start / end of A, before the start / end of A |
    /// | `2024-10-01T10:00:00+07:00` | that second (RFC 3339) |
    ///
    /// `..` alone is the unbounded range (any dated article).
    pub fn parse(input: &str) -> Result<DateRange, String> {
        let s = input.trim();
        if s.is_empty() {
            return Err("expected a date such as 2024-10-01, 2024-10 or \"Oktober 2024\"".into());
        }
        let range = if let Some(rest) = s.strip_prefix(">=") {
            DateRange {
                start: Some(period(rest)?.0),
                end: None,
            }
        } else if let Some(rest) = s.strip_prefix("<=") {
            DateRange {
                start: None,
                end: Some(period(rest)?.1),
            }
        } else if let Some(rest) = s.strip_prefix('>') {
            DateRange {
                start: Some(period(rest)?.1),
                end: None,
            }
        } else if let Some(rest) = s.strip_prefix('<') {
            DateRange {
                start: None,
                end: Some(period(rest)?.0),
            }
        } else if let Some((a, b)) = s.split_once("..") {
            let (a, b) = (a.trim(), b.trim());
            DateRange {
                start: if a.is_empty() {
                    None
                } else {
                    Some(period(a)?.0)
                },
                end: if b.is_empty() {
                    None
                } else {
                    Some(period(b)?.1)
                },
            }
        } else {
            let (start, end) = period(s)?;
            DateRange {
                start: Some(start),
                end: Some(end),
            }
        };
        if let (Some(a), Some(b)) = (range.start, range.end)
            && b <= a
        {
            return Err(format!("date range \"{s}\" ends before it starts"));
        }
        Ok(range)
    }

    /// The range of the CLI's `--from A --to B`: from the start of A's
    /// period to the end of B's (so `--to 2024-10` includes all of October).
    pub fn from_to(from: Option<&str>, to: Option<&str>) -> Result<DateRange, String> {
        let start = match from {
            Some(f) => Some(period(f.trim())?.0),
            None => None,
        };
        let end = match to {
            Some(t) => Some(period(t.trim())?.1),
            None => None,
        };
        if let (Some(a), Some(b)) = (start, end)
            && b <= a
        {
            return Err("--to is before --from".into());
        }
        Ok(DateRange { start, end })
    }

    /// True when `t` falls inside the range.
    pub fn contains(&self, t: OffsetDateTime) -> bool {
        self.start.is_none_or(|s| t >= s) && self.end.is_none_or(|e| t < e)
    }
}

/// Canonical form, re-parsed by [`DateRange::parse`] to the same range:
/// a whole WIB year, month or day prints as `2024`, `2024-10`, `2024-10-01`;
/// anything else as `A..B` with open sides left empty.
impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(s), Some(e)) = (self.start, self.end)
            && let (Some(sd), Some(ed)) = (wib_midnight(s), wib_midnight(e))
        {
            if sd.day() == 1 && sd.month() == Month::January && next_year(sd) == Some(ed) {
                return write!(f, "{:04}", sd.year());
            }
            if sd.day() == 1 && next_month(sd) == Some(ed) {
                return write!(f, "{:04}-{:02}", sd.year(), sd.month() as u8);
            }
            if sd.next_day() == Some(ed) {
                return write_day(f, sd);
            }
        }
        if let Some(s) = self.start {
            write_bound(f, s, false)?;
        }
        f.write_str("..")?;
        if let Some(e) = self.end {
            write_bound(f, e, true)?;
        }
        Ok(())
    }
}

fn write_day(f: &mut fmt::Formatter<'_>, d: Date) -> fmt::Result {
    write!(f, "{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day())
}

/// Writes a bound so that re-parsing it as the start (or end) of a period
/// gives back the same instant.
fn write_bound(f: &mut fmt::Formatter<'_>, t: OffsetDateTime, is_end: bool) -> fmt::Result {
    if let Some(d) = wib_midnight(t) {
        let day = if is_end { d.previous_day() } else { Some(d) };
        if let Some(day) = day.filter(|d| (1000..=9998).contains(&d.year())) {
            return write_day(f, day);
        }
    }
    // A timestamp's period is one second long, so an end bound is written
    // one second earlier.
    let t = if is_end {
        t.checked_sub(Duration::SECOND).unwrap_or(t)
    } else {
        t
    };
    match t.to_offset(WIB).format(&Rfc3339) {
        Ok(s) => f.write_str(&s),
        Err(_) => Err(fmt::Error),
    }
}

/// The WIB date of `t` if `t` is exactly a WIB midnight.
fn wib_midnight(t: OffsetDateTime) -> Option<Date> {
    let w = t.checked_to_offset(WIB)?;
    (w.time() == Time::MIDNIGHT).then(|| w.date())
}

fn next_month(d: Date) -> Option<Date> {
    let (y, m) = match d.month() {
        Month::December => (d.year() + 1, Month::January),
        m => (d.year(), m.next()),
    };
    Date::from_calendar_date(y, m, 1).ok()
}

fn next_year(d: Date) -> Option<Date> {
    Date::from_calendar_date(d.year() + 1, Month::January, 1).ok()
}

/// First instant of WIB day `d`.
pub(crate) fn wib_start(d: Date) -> OffsetDateTime {
    d.with_time(Time::MIDNIGHT).assume_offset(WIB)
}

/// The period `[start, end)` one calendar expression names.
fn period(s: &str) -> Result<(OffsetDateTime, OffsetDateTime), String> {
    let s = s.trim();
    let bad = |why: &str| format!("bad date \"{s}\" ({why})");
    if s.is_empty() {
        return Err("expected a date after the operator".into());
    }
    if s.contains('T') && s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let t = OffsetDateTime::parse(s, &Rfc3339)
            .map_err(|_| bad("expected an RFC 3339 timestamp such as 2024-10-01T10:00:00+07:00"))?;
        let end = t
            .checked_add(Duration::SECOND)
            .ok_or_else(|| bad("out of range"))?;
        return Ok((t, end));
    }
    let (first, last) = if s.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && s.chars().all(|c| c.is_ascii_digit() || c == '-')
    {
        numeric_period(s).map_err(|why| bad(&why))?
    } else {
        named_period(s).map_err(|why| bad(&why))?
    };
    let end = last.next_day().ok_or_else(|| bad("out of range"))?;
    Ok((wib_start(first), wib_start(end)))
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` -> first and last day.
fn numeric_period(s: &str) -> Result<(Date, Date), String> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, what: &str| -> Result<u32, String> {
        if p.is_empty() || p.len() > 4 {
            return Err(format!("expected {what} as digits"));
        }
        p.parse::<u32>()
            .map_err(|_| format!("expected {what} as digits"))
    };
    match parts.as_slice() {
        [y] => {
            let y = year(num(y, "a year")?, y.len())?;
            whole_year(y)
        }
        [y, m] => {
            let y = year(num(y, "a year")?, y.len())?;
            let m = month(num(m, "a month")?)?;
            whole_month(y, m)
        }
        [y, m, d] => {
            let y = year(num(y, "a year")?, y.len())?;
            let m = month(num(m, "a month")?)?;
            let d = day(y, m, num(d, "a day")?)?;
            Ok((d, d))
        }
        _ => Err("expected YYYY, YYYY-MM or YYYY-MM-DD".into()),
    }
}

/// `Oktober 2024`, `24 Oktober 2024`, `24 Okt. 2024`, `October 24, 2024`.
fn named_period(s: &str) -> Result<(Date, Date), String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let month_of = |w: &str| {
        month_number(w)
            .ok_or_else(|| format!("\"{w}\" is not a month name"))
            .and_then(|n| month(u32::from(n)))
    };
    let num = |w: &str, what: &str| -> Result<u32, String> {
        if w.len() > 4 || w.is_empty() || !w.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("expected {what}, found \"{w}\""));
        }
        w.parse::<u32>().map_err(|_| format!("expected {what}"))
    };
    match words.as_slice() {
        [m, y] => {
            let m = month_of(m)?;
            let y = year(num(y, "a year")?, y.len())?;
            whole_month(y, m)
        }
        [d, m, y] if d.bytes().all(|b| b.is_ascii_digit()) => {
            let m = month_of(m)?;
            let y = year(num(y, "a year")?, y.len())?;
            let d = day(y, m, num(d, "a day")?)?;
            Ok((d, d))
        }
        [m, d, y] => {
            let m = month_of(m)?;
            let y = year(num(y, "a year")?, y.len())?;
            let d = day(y, m, num(d, "a day")?)?;
            Ok((d, d))
        }
        _ => Err(
            "expected a date such as 2024-10-01, 2024-10, \"Oktober 2024\" or \"24 Oktober 2024\""
                .into(),
        ),
    }
}

fn year(y: u32, digits: usize) -> Result<i32, String> {
    if digits != 4 || !(1000..=9998).contains(&y) {
        return Err("expected a four-digit year".into());
    }
    i32::try_from(y).map_err(|_| "expected a four-digit year".into())
}

fn month(m: u32) -> Result<Month, String> {
    u8::try_from(m)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(|| "month must be 1-12".into())
}

fn day(y: i32, m: Month, d: u32) -> Result<Date, String> {
    let d = u8::try_from(d).map_err(|_| "no such day".to_string())?;
    Date::from_calendar_date(y, m, d).map_err(|_| format!("{} has no day {d}", month_label(m, y)))
}

fn month_label(m: Month, y: i32) -> String {
    format!("{y}-{:02}", m as u8)
}

fn whole_month(y: i32, m: Month) -> Result<(Date, Date), String> {
    let first = Date::from_calendar_date(y, m, 1).map_err(|e| e.to_string())?;
    let last = next_month(first)
        .and_then(|n| n.previous_day())
        .ok_or_else(|| "out of range".to_string())?;
    Ok((first, last))
}

fn whole_year(y: i32) -> Result<(Date, Date), String> {
    let first = Date::from_calendar_date(y, Month::January, 1).map_err(|e| e.to_string())?;
    let last = Date::from_calendar_date(y, Month::December, 31).map_err(|e| e.to_string())?;
    Ok((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn r(s: &str) -> DateRange {
        DateRange::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn calendar_forms_are_wib_periods() {
        assert_eq!(
            r("2024-10"),
            DateRange {
                start: Some(datetime!(2024-10-01 0:00 +7)),
                end: Some(datetime!(2024-11-01 0:00 +7)),
            }
        );
        assert_eq!(r("2024").start, Some(datetime!(2023-12-31 17:00 UTC)));
        assert_eq!(r("2024").end, Some(datetime!(2025-01-01 0:00 +7)));
        assert_eq!(r("2024-02-29").end, Some(datetime!(2024-03-01 0:00 +7)));
        assert_eq!(r("2024-12").end, Some(datetime!(2025-01-01 0:00 +7)));
    }

    #[test]
    fn ranges_include_their_end_period() {
        let x = r("2024-10-01..2024-10-31");
        assert_eq!(x, r("2024-10"));
        let open = r("2024-10..");
        assert_eq!(open.start, Some(datetime!(2024-10-01 0:00 +7)));
        assert_eq!(open.end, None);
        let upto = r("..2024-10");
        assert_eq!(upto.start, None);
        assert_eq!(upto.end, Some(datetime!(2024-11-01 0:00 +7)));
        assert_eq!(r(".."), DateRange::default());
    }

    #[test]
    fn comparisons() {
        assert_eq!(r(">=2024-10-22").start, Some(datetime!(2024-10-22 0:00 +7)));
        assert_eq!(r(">2024-10-22").start, Some(datetime!(2024-10-23 0:00 +7)));
        assert_eq!(r("<2024-10-22").end, Some(datetime!(2024-10-22 0:00 +7)));
        assert_eq!(r("<=2024-10-22").end, Some(datetime!(2024-10-23 0:00 +7)));
        assert_eq!(r("<=2024-10").end, Some(datetime!(2024-11-01 0:00 +7)));
    }

    #[test]
    fn month_names() {
        assert_eq!(r("Oktober 2024"), r("2024-10"));
        assert_eq!(r("October 2024"), r("2024-10"));
        assert_eq!(r("24 Oktober 2024"), r("2024-10-24"));
        assert_eq!(r("24 Okt. 2024"), r("2024-10-24"));
        assert_eq!(r("October 24, 2024"), r("2024-10-24"));
        assert_eq!(r("1 Agustus 2024..31 Oktober 2024"), r("2024-08..2024-10"));
    }

    #[test]
    fn timestamps_are_one_second() {
        let x = r("2024-10-01T10:00:00+07:00");
        assert_eq!(x.start, Some(datetime!(2024-10-01 3:00 UTC)));
        assert_eq!(x.end, Some(datetime!(2024-10-01 3:00:01 UTC)));
    }

    #[test]
    fn bad_dates_say_what_is_wrong() {
        for (bad, needle) in [
            ("2024-13", "bad date \"2024-13\""),
            ("2024-02-30", "no day 30"),
            ("24", "four-digit year"),
            ("Oktober", "expected a date"),
            ("Oktobr 2024", "not a month name"),
            ("2024-10..2024-09", "ends before it starts"),
            ("", "expected a date"),
            (">=", "expected a date"),
            ("2024-10-01T99", "RFC 3339"),
        ] {
            let e = DateRange::parse(bad).unwrap_err();
            assert!(e.contains(needle), "{bad}: {e}");
        }
    }

    #[test]
    fn from_to_covers_whole_periods() {
        let x = DateRange::from_to(Some("2024-10"), Some("2024-10")).unwrap();
        assert_eq!(x, r("2024-10"));
        assert!(DateRange::from_to(Some("2024-11"), Some("2024-10")).is_err());
        assert_eq!(
            DateRange::from_to(None, None).unwrap(),
            DateRange::default()
        );
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "2024",
            "2024-10",
            "2024-10-01",
            "2024-10-01..2024-10-31",
            "2024-10-02..2024-11-05",
            "2024-10..",
            "..2024-10",
            ">2024-10-22",
            "..",
            "2024-10-01T10:00:00+07:00",
            "2024-10-01T10:00:00Z..2024-10-02",
            "2024-10-01..2024-10-01T10:00:00Z",
        ] {
            let a = r(s);
            let shown = a.to_string();
            assert_eq!(r(&shown), a, "{s} -> {shown}");
        }
        assert_eq!(r("2024-10-01..2024-10-31").to_string(), "2024-10");
        assert_eq!(
            r("2024-10-02..2024-11-05").to_string(),
            "2024-10-02..2024-11-05"
        );
    }

    #[test]
    fn contains_is_half_open() {
        let x = r("2024-10-24");
        assert!(x.contains(datetime!(2024-10-24 0:00 +7)));
        assert!(x.contains(datetime!(2024-10-24 16:59:59 UTC)));
        assert!(!x.contains(datetime!(2024-10-24 17:00 UTC)));
        assert!(!x.contains(datetime!(2024-10-23 23:59:59 +7)));
    }
}
