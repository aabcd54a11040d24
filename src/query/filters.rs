//! The filters a search form or the CLI's flags add to a query: outlets,
//! sections, entities and a date range, combined as the CLI combines its
//! flags (any of several sources or categories; every named entity).

use super::{DateRange, Query};
use crate::{Error, Result};

/// Filters to add to a typed query.
///
/// ```
/// use newsidx::query::{Filters, Query};
/// let filters = Filters {
///     source: vec!["Kompas".into()],
///     person: vec!["Vladimir Putin".into()],
///     from: Some("2024-10".into()),
///     ..Default::default()
/// };
/// let q = filters.apply(Query::parse("pasukan").unwrap()).unwrap();
/// assert!(q.to_string().contains("person:\"Vladimir Putin\""));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Any of these outlets.
    pub source: Vec<String>,
    /// Any of these sections.
    pub category: Vec<String>,
    /// Every one of these people.
    pub person: Vec<String>,
    /// Every one of these places.
    pub place: Vec<String>,
    /// Every one of these organisations.
    pub org: Vec<String>,
    /// Start of the date range: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (WIB).
    pub from: Option<String>,
    /// End of the date range, inclusive, same forms.
    pub to: Option<String>,
}

impl Filters {
    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    /// `query` narrowed by every filter.
    pub fn apply(&self, mut query: Query) -> Result<Query> {
        for (field, values) in [("source", &self.source), ("category", &self.category)] {
            let mut any: Option<Query> = None;
            for v in values {
                let q = Query::field(field, v)?;
                any = Some(match any {
                    None => q,
                    Some(a) => a.or(q),
                });
            }
            if let Some(a) = any {
                query = query.and(a);
            }
        }
        for (field, values) in [
            ("person", &self.person),
            ("place", &self.place),
            ("org", &self.org),
        ] {
            for v in values {
                query = query.and(Query::field(field, v)?);
            }
        }
        if self.from.is_some() || self.to.is_some() {
            let range = DateRange::from_to(self.from.as_deref(), self.to.as_deref())
                .map_err(|e| Error::Invalid(format!("bad from/to date: {e}")))?;
            query = query.and(Query::date(range));
        }
        Ok(query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_alternatives_entities_are_all_required() {
        let f = Filters {
            source: vec!["Kompas".into(), "Tempo".into()],
            place: vec!["Kursk".into(), "Jakarta".into()],
            ..Default::default()
        };
        let q = f.apply(Query::parse("banjir").unwrap()).unwrap();
        assert_eq!(
            q.to_string(),
            "banjir (source:\"Kompas\" OR source:\"Tempo\") place:\"Kursk\" place:\"Jakarta\""
        );
    }

    #[test]
    fn bad_values_are_errors_not_panics() {
        let dates = Filters {
            from: Some("kemarin".into()),
            ..Default::default()
        };
        assert!(matches!(dates.apply(Query::all()), Err(Error::Invalid(_))));
        let reversed = Filters {
            from: Some("2024-10".into()),
            to: Some("2024-09".into()),
            ..Default::default()
        };
        assert!(reversed.apply(Query::all()).is_err());
        let empty = Filters {
            person: vec!["  ".into()],
            ..Default::default()
        };
        assert!(matches!(empty.apply(Query::all()), Err(Error::Query(_))));
        assert!(Filters::default().is_empty());
        assert_eq!(
            Filters::default().apply(Query::all()).unwrap(),
            Query::all()
        );
    }
}
