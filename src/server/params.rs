//! Query-string parameters, read by hand from the raw query so that a
//! repeated key (`source=A&source=B`) is a list and a malformed value gets
//! our JSON error instead of an extractor's plain-text one.

use crate::query::{Filters, Interval};
use crate::server::error::{ApiError, ApiResult};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// Most hits on one page.
pub const MAX_LIMIT: usize = 100;
/// Deepest page start: past this, exporting is the way.
pub const MAX_OFFSET: usize = 10_000;
/// Most values of one filter.
pub const MAX_FILTER_VALUES: usize = 50;

/// The raw pairs of a query string.
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(raw: Option<&str>) -> Params {
        let pairs = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Params { pairs }
    }

    /// The last value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of `key`.
    pub fn all(&self, key: &str) -> ApiResult<Vec<String>> {
        let values: Vec<String> = self
            .pairs
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect();
        if values.len() > MAX_FILTER_VALUES {
            return Err(ApiError::TooLarge(format!(
                "at most {MAX_FILTER_VALUES} values of {key}"
            )));
        }
        for v in &values {
            check_length(key, v)?;
        }
        Ok(values)
    }

    /// A non-negative integer, `default` when absent, at most `max`.
    pub fn number(&self, key: &str, default: usize, max: usize) -> ApiResult<usize> {
        match self.get(key).map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(v) => {
                let n: usize = v.parse().map_err(|_| {
                    ApiError::BadRequest(format!("{key} must be a whole number, not {v:?}"))
                })?;
                if n > max {
                    return Err(ApiError::TooLarge(format!("{key} is at most {max}")));
                }
                Ok(n)
            }
        }
    }

    /// `true`/`1`/`yes` or `false`/`0`/`no`/empty.
    pub fn flag(&self, key: &str) -> ApiResult<bool> {
        match self.get(key).map(str::trim) {
            None | Some("" | "false" | "0" | "no") => Ok(false),
            Some("true" | "1" | "yes") => Ok(true),
            Some(v) => Err(ApiError::BadRequest(format!(
                "{key} must be true or false, not {v:?}"
            ))),
        }
    }

    /// The query text (`q`), bounded in length.
    pub fn query_text(&self) -> ApiResult<String> {
        let q = self.get("q").unwrap_or("").to_string();
        check_length("q", &q)?;
        Ok(q)
    }

    /// `timeline=day|week|month|year`.
    pub fn interval(&self) -> ApiResult<Option<Interval>> {
        match self.get("timeline").map(str::trim) {
            None | Some("") => Ok(None),
            Some("day") => Ok(Some(Interval::Day)),
            Some("week") => Ok(Some(Interval::Week)),
            Some("month") => Ok(Some(Interval::Month)),
            Some("year") => Ok(Some(Interval::Year)),
            Some(v) => Err(ApiError::BadRequest(format!(
                "timeline must be day, week, month or year, not {v:?}"
            ))),
        }
    }

    /// The filters a search, an export and the page share.
    pub fn filters(&self) -> ApiResult<Filters> {
        let date = |key: &str| -> ApiResult<Option<String>> {
            let v = self.get(key).map(str::trim).filter(|v| !v.is_empty());
            if let Some(v) = v {
                check_length(key, v)?;
            }
            Ok(v.map(str::to_string))
        };
        Ok(Filters {
            source: self.all("source")?,
            category: self.all("category")?,
            person: self.all("person")?,
            place: self.all("place")?,
            org: self.all("org")?,
            from: date("from")?,
            to: date("to")?,
        })
    }
}

fn check_length(key: &str, value: &str) -> ApiResult<()> {
    if value.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::TooLarge(format!(
            "{key} is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_lists_and_the_last_single_value_wins() {
        let p = Params::parse(Some(
            "q=a+b&source=Kompas&source=Tempo&limit=5&limit=7&person=",
        ));
        assert_eq!(p.query_text().unwrap(), "a b");
        assert_eq!(p.all("source").unwrap(), ["Kompas", "Tempo"]);
        assert!(p.all("person").unwrap().is_empty());
        assert_eq!(p.number("limit", 10, 100).unwrap(), 7);
        assert_eq!(p.number("offset", 0, 100).unwrap(), 0);
    }

    #[test]
    fn bad_values_are_client_errors() {
        let p = Params::parse(Some(
            "limit=-1&facets=maybe&timeline=decade&offset=99999999999999999999999",
        ));
        assert!(matches!(
            p.number("limit", 10, 100),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(p.flag("facets"), Err(ApiError::BadRequest(_))));
        assert!(matches!(p.interval(), Err(ApiError::BadRequest(_))));
        assert!(matches!(
            p.number("offset", 0, 100),
            Err(ApiError::BadRequest(_))
        ));
        let big = Params::parse(Some("limit=1000"));
        assert!(matches!(
            big.number("limit", 10, 100),
            Err(ApiError::TooLarge(_))
        ));
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert!(matches!(
            Params::parse(Some(&long)).query_text(),
            Err(ApiError::TooLarge(_))
        ));
        // Invalid percent-encoding and UTF-8 are read leniently, never fail.
        let odd = Params::parse(Some("q=%ZZ%ff%00&&=&x"));
        assert!(odd.query_text().is_ok());
    }
}
