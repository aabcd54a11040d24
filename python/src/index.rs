//! `newsidx.Index`: an open index, searched from Python. Every call that
//! touches the index runs with the GIL released, so one `Index` serves many
//! Python threads at once (the library's `Index` is shared read-only).

use std::path::PathBuf;

use newsidx::query::{DateRange, Interval};
use newsidx::{Query, SearchOptions, Sort};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyType};

use crate::convert;
use crate::errors::{IntoPy, invalid};
use crate::export::Export;
use crate::hit::Hit;
use crate::results::SearchResults;

/// An index built by `newsidx.build` (or `newsidx build`), opened for
/// searching. Raises `NoIndexError` when there is none at `path` and
/// `BadIndexError` when it was written by an incompatible version.
#[pyclass(module = "newsidx", name = "Index", frozen)]
pub struct Index {
    inner: newsidx::Index,
}

/// A date bound as the CLI's `--from`/`--to` take it: `YYYY`, `YYYY-MM`,
/// `YYYY-MM-DD`, or a `datetime.date` (its calendar day).
fn date_bound(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if value.hasattr("year")? && value.hasattr("isoformat")? {
        let iso: String = value.call_method0("isoformat")?.extract()?;
        return Ok(Some(iso.chars().take(10).collect()));
    }
    Err(pyo3::exceptions::PyTypeError::new_err(
        "date_from and date_to take a str (YYYY, YYYY-MM or YYYY-MM-DD) or a datetime.date",
    ))
}

impl Index {
    /// The query to run: the parsed text, narrowed to the date bounds as
    /// `newsidx search --from --to` narrows it.
    fn query(
        py: Python<'_>,
        text: &str,
        date_from: Option<&Bound<'_, PyAny>>,
        date_to: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Query> {
        let mut query = Query::parse(text)
            .map_err(newsidx::Error::from)
            .py_err(py)?;
        let (from, to) = (date_bound(date_from)?, date_bound(date_to)?);
        if from.is_some() || to.is_some() {
            let range = DateRange::from_to(from.as_deref(), to.as_deref())
                .map_err(|e| invalid(py, format!("bad date_from/date_to: {e}")))?;
            query = query.and(Query::date(range));
        }
        Ok(query)
    }
}

#[pymethods]
impl Index {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py.detach(|| newsidx::Index::open(&path)).py_err(py)?;
        Ok(Index { inner })
    }

    /// Runs a query in the newsidx query language.
    ///
    /// `sort` is "relevance" (best first, equally good matches newest
    /// first), "date" (oldest first) or "-date"
    /// (newest first); `date_from`/`date_to` bound the publication date
    /// (WIB, both inclusive); `facets=True` counts people, places,
    /// organisations, sources and categories over all matches, the
    /// `facet_size` most frequent of each (default 10; giving it implies
    /// `facets=True`), an entity's names counted as one entry; `timeline`
    /// ("day", "week", "month" or "year") counts matches per period.
    /// Raises `QueryError` for a query that cannot be parsed.
    #[pyo3(signature = (query = "", *, limit = 10, offset = 0, sort = "relevance", date_from = None, date_to = None, facets = false, timeline = None, facet_size = None))]
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        py: Python<'_>,
        query: &str,
        limit: usize,
        offset: usize,
        sort: &str,
        date_from: Option<&Bound<'_, PyAny>>,
        date_to: Option<&Bound<'_, PyAny>>,
        facets: bool,
        timeline: Option<&str>,
        facet_size: Option<usize>,
    ) -> PyResult<SearchResults> {
        let sort = match sort {
            "relevance" => Sort::Relevance,
            "date" => Sort::DateAsc,
            "-date" => Sort::DateDesc,
            other => {
                return Err(invalid(
                    py,
                    format!("sort must be \"relevance\", \"date\" or \"-date\", not {other:?}"),
                ));
            }
        };
        let timeline = match timeline {
            None => None,
            Some("day") => Some(Interval::Day),
            Some("week") => Some(Interval::Week),
            Some("month") => Some(Interval::Month),
            Some("year") => Some(Interval::Year),
            Some(other) => {
                return Err(invalid(
                    py,
                    format!(
                        "timeline must be None, \"day\", \"week\", \"month\" or \"year\", not {other:?}"
                    ),
                ));
            }
        };
        let query = Index::query(py, query, date_from, date_to)?;
        // The options `newsidx search` uses, so that answers agree.
        let options = SearchOptions {
            limit,
            offset,
            sort,
            facets: facets || facet_size.is_some(),
            facet_limit: facet_size.unwrap_or(10),
            timeline,
            ..SearchOptions::default()
        };
        let results = py
            .detach(|| self.inner.search(&query, &options))
            .py_err(py)?;
        Ok(SearchResults::new(results))
    }

    /// The number of articles matching `query` (as `newsidx search --count`).
    #[pyo3(signature = (query = "", *, date_from = None, date_to = None))]
    fn count(
        &self,
        py: Python<'_>,
        query: &str,
        date_from: Option<&Bound<'_, PyAny>>,
        date_to: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<usize> {
        let query = Index::query(py, query, date_from, date_to)?;
        py.detach(|| self.inner.count(&query)).py_err(py)
    }

    /// One article in full, with its entities: the object
    /// `newsidx show --json ID` prints. Raises `ArticleNotFoundError`
    /// (a `KeyError`) for an unknown id.
    fn get<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let article = py.detach(|| self.inner.get(id)).py_err(py)?;
        convert::json(py, &article)
    }

    /// One entity of the archive, found by any of its names in any case:
    /// the dict `newsidx entity --json NAME` prints (kind, name, aliases,
    /// article count, first and last date, monthly timeline, and the
    /// people, places and organisations most often in the same articles),
    /// or `None` when no article names it. `query` and `date_from`/`date_to`
    /// narrow it to those articles; `kind` is "person", "place" or "org".
    #[pyo3(signature = (name, query = "", *, kind = None, date_from = None, date_to = None, related = 10))]
    #[allow(clippy::too_many_arguments)]
    fn entity<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        query: &str,
        kind: Option<&str>,
        date_from: Option<&Bound<'py, PyAny>>,
        date_to: Option<&Bound<'py, PyAny>>,
        related: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kind = match kind {
            None => None,
            Some(k) => Some(newsidx::entities::EntityKind::parse(k).ok_or_else(|| {
                invalid(
                    py,
                    format!("kind must be None, \"person\", \"place\" or \"org\", not {k:?}"),
                )
            })?),
        };
        let within = Index::query(py, query, date_from, date_to)?;
        let options = newsidx::index::EntityOptions {
            kind,
            within,
            related,
            ..Default::default()
        };
        let profile = py.detach(|| self.inner.entity(name, &options)).py_err(py)?;
        match profile {
            Some(p) => convert::json(py, &p),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The articles most like the one with this id, best first, itself
    /// excluded.
    #[pyo3(signature = (id, limit = 10))]
    fn similar(&self, py: Python<'_>, id: &str, limit: usize) -> PyResult<Vec<Hit>> {
        let hits = py.detach(|| self.inner.similar(id, limit)).py_err(py)?;
        Ok(hits.into_iter().map(Hit::new).collect())
    }

    /// Figures about the index: the object `newsidx stats --json` prints.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let stats = py.detach(|| self.inner.stats()).py_err(py)?;
        convert::json(py, &stats)
    }

    /// Every article matching `query`, oldest first (undated ones last), as
    /// dicts shaped like `get()`'s, read one at a time.
    #[pyo3(signature = (query = "", *, date_from = None, date_to = None))]
    fn export(
        &self,
        py: Python<'_>,
        query: &str,
        date_from: Option<&Bound<'_, PyAny>>,
        date_to: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Export> {
        let query = Index::query(py, query, date_from, date_to)?;
        let export = py
            .detach(|| self.inner.export_articles(&query))
            .py_err(py)?;
        Ok(Export::new(export))
    }

    /// Pickles as its path, so that an `Index` can be handed to worker
    /// processes (multiprocessing, Dask, Ray), each of which opens it anew.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (PathBuf,)) {
        (slf.get_type(), (slf.get().inner.path().to_path_buf(),))
    }

    /// The folder the index lives in.
    #[getter]
    fn path(&self) -> PathBuf {
        self.inner.path().to_path_buf()
    }

    /// The number of articles in the index.
    fn __len__(&self) -> usize {
        usize::try_from(self.inner.num_articles()).unwrap_or(usize::MAX)
    }

    fn __repr__(&self) -> String {
        format!("Index({:?})", self.inner.path().display().to_string())
    }
}
