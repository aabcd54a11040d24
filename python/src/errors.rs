//! Library errors as Python exceptions. The classes live in
//! `newsidx/_errors.py` (so that they can also derive from the built-in
//! exception a Python user expects, such as `ValueError` or `KeyError`);
//! here each library error picks its class and keeps its details: a bad
//! query keeps the query, the character position and the reason, and its
//! `str()` is the caret message the CLI prints.

use newsidx::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

static QUERY_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static NO_INDEX: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static BAD_INDEX: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INDEX_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static NOT_FOUND: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INVALID: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static FILE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INDEX_BUSY: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn class<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
) -> PyResult<&'py Bound<'py, PyType>> {
    cell.import(py, "newsidx._errors", name)
}

/// The Python exception for a library error.
pub fn to_py(py: Python<'_>, err: Error) -> PyErr {
    let message = err.to_string();
    let made = match &err {
        Error::Query(q) => class(py, &QUERY_ERROR, "QueryError").and_then(|c| {
            c.call1((
                q.render(),
                q.query.as_str(),
                q.char_position(),
                q.message.as_str(),
            ))
        }),
        Error::NoIndex(path) => {
            class(py, &NO_INDEX, "NoIndexError").and_then(|c| c.call1((message, path)))
        }
        Error::BadIndex { path, .. } | Error::AnalyzerChanged { path, .. } => {
            class(py, &BAD_INDEX, "BadIndexError").and_then(|c| c.call1((message, path)))
        }
        Error::Tantivy(_) => {
            class(py, &INDEX_ERROR, "IndexError").and_then(|c| c.call1((message,)))
        }
        Error::NotFound(id) => {
            class(py, &NOT_FOUND, "ArticleNotFoundError").and_then(|c| c.call1((message, id)))
        }
        Error::Busy { path } => {
            class(py, &INDEX_BUSY, "IndexBusyError").and_then(|c| c.call1((message, path)))
        }
        Error::Io { path, .. } | Error::DiskFull { path } => {
            class(py, &FILE_ERROR, "FileError").and_then(|c| c.call1((message, path)))
        }
        _ => class(py, &INVALID, "InvalidInputError").and_then(|c| c.call1((message,))),
    };
    match made {
        Ok(exception) => PyErr::from_value(exception),
        Err(e) => e,
    }
}

/// An `InvalidInputError` with this message, for arguments the library
/// never sees in their Python form (an unknown sort order, a bad date).
pub fn invalid(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py(py, Error::Invalid(message.into()))
}

/// `?` for library results inside a method that holds a `Python` token.
pub trait IntoPy<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, e))
    }
}
