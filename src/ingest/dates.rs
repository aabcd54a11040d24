//! Dates as Indonesian news archives write them.
//!
//! The month table is shared by the date parser of ingest and the date
//! expressions of the query language, so both accept the same names.
//! [`parse_date`] is hand-written rather than a list of `time` format
//! descriptions: archives mix day names, `|` and `-` separators, `pukul`,
//! `.` or `:` in times and zone words in one field, and a small tokenizer
//! covers all of those combinations at once.
//!
//! Trade-offs, stated once:
//! - A date or time without a zone is taken as WIB (UTC+07:00), the zone of
//!   Jakarta where most Indonesian outlets publish; a bare date is midnight WIB.
//! - Numeric dates are read day first (`24/10/2024`) unless they open with a
//!   four-digit year (`2024/10/24`); the US order is never guessed.
//! - A two-digit year means 20xx.
//! - Anything left over that is not a day name, a zone or a filler word such
//!   as `pukul` makes the whole string unparseable: a date field holding prose
//!   is reported, not half-read.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Full and abbreviated month names (Indonesian first, then English), folded
/// to lower case, with their month number.
const MONTHS: &[(&str, u8)] = &[
    ("januari", 1),
    ("jan", 1),
    ("january", 1),
    ("februari", 2),
    ("pebruari", 2),
    ("feb", 2),
    ("peb", 2),
    ("february", 2),
    ("maret", 3),
    ("mar", 3),
    ("march", 3),
    ("april", 4),
    ("apr", 4),
    ("mei", 5),
    ("may", 5),
    ("juni", 6),
    ("jun", 6),
    ("june", 6),
    ("juli", 7),
    ("jul", 7),
    ("july", 7),
    ("agustus", 8),
    ("agu", 8),
    ("agt", 8),
    ("agus", 8),
    ("ags", 8),
    ("aug", 8),
    ("august", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("oktober", 10),
    ("okt", 10),
    ("oct", 10),
    ("october", 10),
    ("november", 11),
    ("nov", 11),
    ("nopember", 11),
    ("nop", 11),
    ("desember", 12),
    ("des", 12),
    ("dec", 12),
    ("december", 12),
];

/// Month number (1-12) of an Indonesian or English month name or
/// abbreviation, in any case, with or without a trailing dot.
///
/// ```
/// assert_eq!(newsidx::ingest::dates::month_number("Okt."), Some(10));
/// assert_eq!(newsidx::ingest::dates::month_number("Agustus"), Some(8));
/// assert_eq!(newsidx::ingest::dates::month_number("Kamis"), None);
/// ```
pub fn month_number(name: &str) -> Option<u8> {
    let name = name.trim_end_matches('.');
    MONTHS
        .iter()
        .find(|(m, _)| m.eq_ignore_ascii_case(name))
        .map(|&(_, n)| n)
}

/// Day names that may precede a date and carry no information of their own.
const DAY_NAMES: &[&str] = &[
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "jum'at",
    "sabtu",
    "minggu",
    "ahad",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Words that may sit between the parts of a date and are skipped.
const FILLERS: &[&str] = &["pukul", "jam", "at", "t", "tanggal", "tgl"];

/// Western Indonesia Time, the zone assumed when none is written.
pub const WIB: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// Parses a publication date as archives write it.
///
/// Accepted, with or without a leading day name (`Kamis,`):
/// RFC 3339 / ISO 8601 (`2024-10-24`, `2024-10-24 14:05`,
/// `2024-10-24T14:05:00+07:00`, `...Z`), `24 Oktober 2024`, `24 Okt 2024`,
/// `Oct 24, 2024`, `24/10/2024`, `24-10-2024`, `24.10.2024`,
/// `Kamis, 24/10/2024 14:05 WIB`, `Kamis, 24 Oktober 2024 | 14:05 WIB`,
/// times with `:` or `.` (`14.05 WIB`), optional seconds and fractions,
/// `am`/`pm`, and zones `WIB`/`WITA`/`WIT` (UTC+7/+8/+9), `UTC`, `GMT`, `Z`,
/// `+07:00`, `+0700`, `GMT+7`. A lone ten-digit number is Unix seconds.
/// Without a zone the time is WIB. Impossible dates (`31/02/2024`) give `None`.
///
/// ```
/// use newsidx::ingest::dates::parse_date;
/// let d = parse_date("Kamis, 24/10/2024 14.05 WIB").unwrap();
/// assert_eq!((d.year(), d.day(), d.hour(), d.minute()), (2024, 24, 14, 5));
/// assert_eq!(d.offset().whole_hours(), 7);
/// assert!(parse_date("31/02/2024").is_none());
/// ```
pub fn parse_date(s: &str) -> Option<OffsetDateTime> {
    let tokens = lex(s)?;
    if let [Tok::Num(n, 10)] = tokens.as_slice() {
        let secs = i64::try_from(*n).ok()?;
        return OffsetDateTime::from_unix_timestamp(secs)
            .ok()
            .map(|d| d.to_offset(WIB));
    }
    let mut p = Cursor { t: &tokens, i: 0 };
    p.skip_noise(false);
    let date = p.date()?;
    p.skip_noise(false);
    let time = p.time();
    p.skip_noise(time.is_some());
    let offset = p.zone();
    p.skip_noise(false);
    if !p.at_end() {
        return None;
    }
    let time = time.unwrap_or(Time::MIDNIGHT);
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset.unwrap_or(WIB)))
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// Value and number of digits (leading zeros count).
    Num(u64, usize),
    /// Lower-cased word.
    Word(String),
    Sep(char),
}

/// Splits into numbers, words and single punctuation characters. Refuses
/// absurdly long input, which is never a date.
fn lex(s: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let (mut v, mut n) = (0u64, 0usize);
            while let Some(dv) = chars.peek().and_then(|d| d.to_digit(10)) {
                if n >= 18 {
                    return None;
                }
                v = v * 10 + u64::from(dv);
                n += 1;
                chars.next();
            }
            out.push(Tok::Num(v, n));
        } else if c.is_alphabetic() {
            let mut w = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_alphabetic() || (d == '\'' && !w.is_empty()) {
                    w.extend(d.to_lowercase());
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Tok::Word(w));
        } else {
            if !c.is_whitespace() {
                out.push(Tok::Sep(c));
            }
            chars.next();
        }
        if out.len() > 64 {
            return None;
        }
    }
    Some(out)
}

struct Cursor<'a> {
    t: &'a [Tok],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }

    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.t.get(self.i + k)
    }

    fn at_end(&self) -> bool {
        self.i >= self.t.len()
    }

    fn num(&mut self) -> Option<(u64, usize)> {
        match self.peek() {
            Some(&Tok::Num(v, n)) => {
                self.i += 1;
                Some((v, n))
            }
            _ => None,
        }
    }

    fn sep(&mut self, allowed: &[char]) -> Option<char> {
        match self.peek() {
            Some(&Tok::Sep(c)) if allowed.contains(&c) => {
                self.i += 1;
                Some(c)
            }
            _ => None,
        }
    }

    /// Skips day names, filler words and loose punctuation. A `-` right
    /// before digits is kept when `keep_sign`: after a time it is an offset.
    fn skip_noise(&mut self, keep_sign: bool) {
        while let Some(t) = self.peek() {
            match t {
                Tok::Word(w)
                    if DAY_NAMES.contains(&w.as_str()) || FILLERS.contains(&w.as_str()) => {}
                Tok::Sep('-') => {
                    if keep_sign && matches!(self.peek_at(1), Some(Tok::Num(..))) {
                        return;
                    }
                }
                Tok::Sep(',' | '|' | '(' | ')' | '\u{2013}' | '\u{2014}' | '/' | ';') => {}
                _ => return,
            }
            self.i += 1;
        }
    }

    fn date(&mut self) -> Option<Date> {
        match self.peek()? {
            Tok::Num(..) => {
                let (a, an) = self.num()?;
                if let Some(sep) = self.sep(&['/', '-', '.']) {
                    if let Some(Tok::Word(w)) = self.peek() {
                        // D-Mon-Y
                        let m = month_number(w)?;
                        self.i += 1;
                        self.sep(&[sep]);
                        let (y, yn) = self.num()?;
                        return make_date(year(y, yn)?, m, a);
                    }
                    let (b, bn) = self.num()?;
                    self.sep(&[sep])?;
                    let (c, cn) = self.num()?;
                    if bn > 2 {
                        return None;
                    }
                    let b = u8::try_from(b).ok()?;
                    if an == 4 {
                        if cn > 2 {
                            return None;
                        }
                        return make_date(i32::try_from(a).ok()?, b, c);
                    }
                    if an > 2 {
                        return None;
                    }
                    return make_date(year(c, cn)?, b, a);
                }
                // D Month Y
                let Some(Tok::Word(w)) = self.peek() else {
                    return None;
                };
                let m = month_number(w)?;
                self.i += 1;
                self.sep(&['.', ',']);
                let (y, yn) = self.num()?;
                make_date(year(y, yn)?, m, a)
            }
            Tok::Word(w) => {
                // Month D, Y
                let m = month_number(w)?;
                self.i += 1;
                self.sep(&['.']);
                let (d, _) = self.num()?;
                self.sep(&[',']);
                let (y, yn) = self.num()?;
                make_date(year(y, yn)?, m, d)
            }
            Tok::Sep(_) => None,
        }
    }

    /// A time of day, or nothing (cursor unchanged) when none follows.
    fn time(&mut self) -> Option<Time> {
        let start = self.i;
        let r = self.time_inner();
        if r.is_none() {
            self.i = start;
        }
        r
    }

    fn time_inner(&mut self) -> Option<Time> {
        let (h, hn) = self.num()?;
        if hn > 2 {
            return None;
        }
        self.sep(&[':', '.'])?;
        let (m, mn) = self.num()?;
        if mn != 2 {
            return None;
        }
        let mut s = 0;
        let mut nanos = 0u32;
        if matches!(self.peek(), Some(Tok::Sep(':' | '.')))
            && matches!(self.peek_at(1), Some(Tok::Num(_, 2)))
        {
            self.i += 1;
            s = self.num()?.0;
            if matches!(self.peek(), Some(Tok::Sep('.' | ',')))
                && matches!(self.peek_at(1), Some(Tok::Num(..)))
            {
                self.i += 1;
                let (mut f, mut digits) = self.num()?;
                while digits > 9 {
                    f /= 10;
                    digits -= 1;
                }
                while digits < 9 {
                    f *= 10;
                    digits += 1;
                }
                nanos = u32::try_from(f).ok()?;
            }
        }
        let mut h = u8::try_from(h).ok()?;
        let meridiem = match self.peek() {
            Some(Tok::Word(w)) if w == "am" => Some(false),
            Some(Tok::Word(w)) if w == "pm" => Some(true),
            _ => None,
        };
        if let Some(pm) = meridiem {
            if h == 0 || h > 12 {
                return None;
            }
            h = match (pm, h) {
                (false, 12) => 0,
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, h) => h,
            };
            self.i += 1;
        }
        Time::from_hms_nano(h, u8::try_from(m).ok()?, u8::try_from(s).ok()?, nanos).ok()
    }

    fn zone(&mut self) -> Option<UtcOffset> {
        let named = match self.peek() {
            Some(Tok::Word(w)) => match w.as_str() {
                "wib" => Some(7),
                "wita" => Some(8),
                "wit" => Some(9),
                "z" | "utc" | "gmt" => Some(0),
                _ => None,
            },
            _ => None,
        };
        if let Some(h) = named {
            self.i += 1;
            if h == 0
                && let Some(o) = self.numeric_offset()
            {
                return Some(o);
            }
            return UtcOffset::from_hms(h, 0, 0).ok();
        }
        self.numeric_offset()
    }

    fn numeric_offset(&mut self) -> Option<UtcOffset> {
        let start = self.i;
        let r = self.numeric_offset_inner();
        if r.is_none() {
            self.i = start;
        }
        r
    }

    fn numeric_offset_inner(&mut self) -> Option<UtcOffset> {
        let sign: i8 = match self.sep(&['+', '-', '\u{2212}'])? {
            '+' => 1,
            _ => -1,
        };
        let (v, n) = self.num()?;
        let (h, m) = match n {
            1 | 2 => {
                let m = if self.sep(&[':']).is_some() {
                    let (m, mn) = self.num()?;
                    if mn != 2 {
                        return None;
                    }
                    m
                } else {
                    0
                };
                (v, m)
            }
            4 => (v / 100, v % 100),
            _ => return None,
        };
        let h = i8::try_from(h).ok()?;
        let m = i8::try_from(m).ok()?;
        if h > 14 || m > 59 {
            return None;
        }
        UtcOffset::from_hms(sign * h, sign * m, 0).ok()
    }
}

fn year(y: u64, digits: usize) -> Option<i32> {
    match digits {
        2 => Some(2000 + i32::try_from(y).ok()?),
        4 => i32::try_from(y).ok(),
        _ => None,
    }
}

fn make_date(y: i32, m: u8, d: u64) -> Option<Date> {
    let month = Month::try_from(m).ok()?;
    Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_month_has_its_indonesian_name() {
        let names = [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ];
        for (i, n) in names.iter().enumerate() {
            assert_eq!(month_number(n), Some(i as u8 + 1), "{n}");
        }
    }

    use time::macros::datetime;

    #[test]
    fn every_style_the_archives_use() {
        let cases: &[(&str, OffsetDateTime)] = &[
            ("2024-10-24", datetime!(2024-10-24 00:00 +7)),
            ("2024-10-24 14:05", datetime!(2024-10-24 14:05 +7)),
            ("2024-10-24T14:05:00+07:00", datetime!(2024-10-24 14:05 +7)),
            ("2024-10-24T07:05:00Z", datetime!(2024-10-24 07:05 UTC)),
            (
                "2024-10-24T07:05:00.123Z",
                datetime!(2024-10-24 07:05:00.123 UTC),
            ),
            ("2024-10-24T14:05:00+0800", datetime!(2024-10-24 14:05 +8)),
            (
                "2024-10-24T14:05:00-03:30",
                datetime!(2024-10-24 14:05 -3:30),
            ),
            ("24 Oktober 2024", datetime!(2024-10-24 00:00 +7)),
            ("24 Okt 2024", datetime!(2024-10-24 00:00 +7)),
            ("24 okt. 2024", datetime!(2024-10-24 00:00 +7)),
            (
                "Kamis, 24/10/2024 14:05 WIB",
                datetime!(2024-10-24 14:05 +7),
            ),
            ("24/10/2024", datetime!(2024-10-24 00:00 +7)),
            ("24-10-2024", datetime!(2024-10-24 00:00 +7)),
            ("24.10.2024", datetime!(2024-10-24 00:00 +7)),
            ("2024/10/24", datetime!(2024-10-24 00:00 +7)),
            (
                "Kamis, 24 Oktober 2024 | 14:05 WIB",
                datetime!(2024-10-24 14:05 +7),
            ),
            (
                "Kamis, 24 Oktober 2024 - 14.05 WIB",
                datetime!(2024-10-24 14:05 +7),
            ),
            (
                "Jum'at, 25 Oktober 2024 pukul 09.30 WITA",
                datetime!(2024-10-25 09:30 +8),
            ),
            (
                "Sabtu (26/10/2024) 20:15 WIT",
                datetime!(2024-10-26 20:15 +9),
            ),
            ("Oct 24, 2024", datetime!(2024-10-24 00:00 +7)),
            ("October 24, 2024 2:05 PM", datetime!(2024-10-24 14:05 +7)),
            (
                "Thursday, 24 October 2024 14:05 GMT+7",
                datetime!(2024-10-24 14:05 +7),
            ),
            ("24-Okt-2024", datetime!(2024-10-24 00:00 +7)),
            ("24/10/24", datetime!(2024-10-24 00:00 +7)),
            ("1729753500", datetime!(2024-10-24 14:05 +7)),
        ];
        for (s, want) in cases {
            let got = parse_date(s);
            assert_eq!(got, Some(*want), "{s}");
            assert_eq!(got.map(|d| d.offset()), Some(want.offset()), "{s}");
        }
    }

    #[test]
    fn impossible_or_prose_dates_are_refused() {
        for s in [
            "31/02/2024",
            "2024-02-30",
            "29 Februari 2023",
            "24/13/2024",
            "24/10/2024 25:00",
            "kemarin sore",
            "",
            "2024",
            "24 Oktober",
            "24 Oktober 2024 menurut sumber",
            "2024-10-24T14:05:00+25:00",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn leap_day_exists_in_leap_years() {
        assert_eq!(
            parse_date("29/02/2024"),
            Some(datetime!(2024-02-29 00:00 +7))
        );
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,60}") {
            let _ = parse_date(&s);
        }

        #[test]
        fn never_panics_on_date_like_text(s in "[0-9 /:.,+\\-TZa-zWIB|]{0,40}") {
            let _ = parse_date(&s);
        }

        #[test]
        fn named_month_dates_round_trip(
            y in 1990i32..2100,
            m in 1u8..=12,
            d in 1u8..=28,
            short in any::<bool>(),
            day in prop::sample::select(vec!["", "Senin, ", "Kamis, ", "Jum'at, "]),
        ) {
            const ID: [&str; 12] = [
                "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                "September", "Oktober", "November", "Desember",
            ];
            let name = ID[usize::from(m - 1)];
            let name = if short { &name[..3] } else { name };
            let s = format!("{day}{d} {name} {y}");
            let got = parse_date(&s).map(|t| (t.year(), u8::from(t.month()), t.day()));
            prop_assert_eq!(got, Some((y, m, d)), "{}", s);
        }

        #[test]
        fn valid_numeric_dates_round_trip(y in 1990i32..2100, m in 1u8..=12, d in 1u8..=28, h in 0u8..24, mi in 0u8..60) {
            let s = format!("{d:02}/{m:02}/{y} {h:02}.{mi:02} WIB");
            let got = parse_date(&s).map(|t| (t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute()));
            prop_assert_eq!(got, Some((y, m, d, h, mi)));
        }
    }
}
