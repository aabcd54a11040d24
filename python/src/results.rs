//! `newsidx.SearchResults`: what `Index.search` returns.

use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList};

use crate::convert;
use crate::hit::Hit;

/// The answer to one search: the total over the whole index, one page of
/// hits, and, when asked for, facet counts and a timeline over all matches.
#[pyclass(module = "newsidx", name = "SearchResults", frozen)]
pub struct SearchResults {
    inner: newsidx::SearchResults,
}

impl SearchResults {
    pub fn new(inner: newsidx::SearchResults) -> Self {
        SearchResults { inner }
    }
}

#[pymethods]
impl SearchResults {
    /// The query in canonical form.
    #[getter]
    fn query(&self) -> &str {
        &self.inner.query
    }

    /// Matches in the whole index, not only on this page.
    #[getter]
    fn total(&self) -> usize {
        self.inner.total
    }

    /// How long the search took, in milliseconds.
    #[getter]
    fn took_ms(&self) -> f64 {
        self.inner.took_ms
    }

    /// This page of hits, best (or oldest, or newest) first.
    #[getter]
    fn hits(&self) -> Vec<Hit> {
        self.inner.hits.iter().cloned().map(Hit::new).collect()
    }

    /// With `facets=True`: `{"person": [{"name": …, "count": …}, …], "place":
    /// …, "org": …, "source": …, "category": …}` over all matches; else `None`.
    #[getter]
    fn facets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::json(py, &self.inner.facets)
    }

    /// With `timeline=…`: `[{"start": "YYYY-MM-DD", "count": n}, …]`, one per
    /// period in date order, empty periods included; else `None`.
    #[getter]
    fn timeline<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::json(py, &self.inner.timeline)
    }

    /// With `timeline=…`: matches without a date; else `None`.
    #[getter]
    fn timeline_undated(&self) -> Option<u64> {
        self.inner.timeline_undated
    }

    /// Words that match nothing, with close words of the index:
    /// `[{"word": …, "suggestions": [...]}, …]`.
    #[getter]
    fn suggestions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::json(py, &self.inner.suggestions)
    }

    /// Exactly the object `newsidx search --json` prints
    /// (`schema/search-result.schema.json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::json(py, &self.inner)
    }

    /// The hits as a `pandas.DataFrame`, one row per hit: rank, id, title,
    /// date (aware, WIB), source, url, path, score, snippet. Raises
    /// `ImportError` when pandas is not installed.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = py.import("pandas").map_err(|e| {
            PyImportError::new_err(format!(
                "SearchResults.to_pandas() needs pandas, which is not installed \
                 (pip install pandas): {e}"
            ))
        })?;
        let hits = &self.inner.hits;
        let columns = PyDict::new(py);
        columns.set_item("rank", hits.iter().map(|h| h.rank).collect::<Vec<_>>())?;
        columns.set_item("id", hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>())?;
        columns.set_item(
            "title",
            hits.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(),
        )?;
        let dates = PyList::empty(py);
        for h in hits {
            dates.append(convert::datetime(py, h.date)?)?;
        }
        columns.set_item("date", dates)?;
        columns.set_item(
            "source",
            hits.iter().map(|h| h.source.as_deref()).collect::<Vec<_>>(),
        )?;
        columns.set_item(
            "url",
            hits.iter().map(|h| h.url.as_deref()).collect::<Vec<_>>(),
        )?;
        columns.set_item(
            "path",
            hits.iter().map(|h| h.path.as_deref()).collect::<Vec<_>>(),
        )?;
        columns.set_item("score", hits.iter().map(|h| h.score).collect::<Vec<_>>())?;
        columns.set_item(
            "snippet",
            hits.iter()
                .map(|h| h.snippet.text.as_str())
                .collect::<Vec<_>>(),
        )?;
        pandas.getattr("DataFrame")?.call1((columns,))
    }

    /// Iterates over this page's hits (as `hits` does).
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        PyList::new(py, self.hits())?.try_iter()
    }

    /// The number of hits on this page.
    fn __len__(&self) -> usize {
        self.inner.hits.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "SearchResults(query={:?}, total={}, hits={})",
            self.inner.query,
            self.inner.total,
            self.inner.hits.len()
        )
    }
}
