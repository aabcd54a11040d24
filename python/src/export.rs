//! `newsidx.Export`: the iterator `Index.export` returns.

use std::sync::Mutex;

use pyo3::prelude::*;

use crate::convert;
use crate::errors::IntoPy;

/// Every match of a query, one article (a dict) at a time. The stored
/// articles are read as the iteration asks for them, with the GIL
/// released.
#[pyclass(module = "newsidx", name = "Export", frozen)]
pub struct Export {
    inner: Mutex<newsidx::index::ArticleExport>,
}

impl Export {
    pub fn new(inner: newsidx::index::ArticleExport) -> Self {
        Export {
            inner: Mutex::new(inner),
        }
    }
}

#[pymethods]
impl Export {
    fn __iter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let next = py.detach(|| match self.inner.lock() {
            Ok(mut export) => export.next(),
            // A panic elsewhere left the lock poisoned: end the iteration
            // rather than read a half-updated cursor.
            Err(_) => None,
        });
        match next {
            None => Ok(None),
            Some(article) => convert::json(py, &article.py_err(py)?).map(Some),
        }
    }

    /// Articles not yet returned.
    fn __length_hint__(&self) -> usize {
        self.inner.lock().map_or(0, |e| e.len())
    }
}
