//! Month names as Indonesian and English archives write them, shared by the
//! date parser of ingest and the date expressions of the query language.

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
}
