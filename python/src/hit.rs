//! `newsidx.Hit`: one ranked article of a search or of `Index.similar`.

use pyo3::prelude::*;

use crate::convert;

/// One ranked article: where it ranks, what it is, and the passage that
/// matched.
#[pyclass(module = "newsidx", name = "Hit", frozen)]
pub struct Hit {
    inner: newsidx::Hit,
}

impl Hit {
    pub fn new(inner: newsidx::Hit) -> Self {
        Hit { inner }
    }
}

#[pymethods]
impl Hit {
    /// 1-based rank over the whole result list (the offset included).
    #[getter]
    fn rank(&self) -> usize {
        self.inner.rank
    }

    /// The article's id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    /// Publication time as an aware `datetime` in WIB (UTC+07:00), or `None`.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::datetime(py, self.inner.date)
    }

    #[getter]
    fn source(&self) -> Option<&str> {
        self.inner.source.as_deref()
    }

    #[getter]
    fn url(&self) -> Option<&str> {
        self.inner.url.as_deref()
    }

    /// The file the article was read from.
    #[getter]
    fn path(&self) -> Option<&str> {
        self.inner.path.as_deref()
    }

    /// BM25 score; `None` when the results are sorted by date.
    #[getter]
    fn score(&self) -> Option<f32> {
        self.inner.score
    }

    /// The passage that matched best (or the opening of the article).
    #[getter]
    fn snippet(&self) -> &str {
        &self.inner.snippet.text
    }

    /// `(start, end)` character offsets of the matched words in `snippet`.
    #[getter]
    fn highlights(&self) -> Vec<(usize, usize)> {
        convert::char_ranges(&self.inner.snippet.text, &self.inner.snippet.highlights)
    }

    /// The hit as in `newsidx search --json` (dates as RFC 3339 strings,
    /// highlights as byte ranges of the snippet's UTF-8).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::json(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Hit(rank={}, id={:?}, title={:?})",
            self.inner.rank, self.inner.id, self.inner.title
        )
    }
}
