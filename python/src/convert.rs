//! Values crossing into Python. Everything the CLI prints as JSON reaches
//! Python through that same JSON (serialised by the library's own serde
//! derives, read by Python's `json`), so a dict here is exactly the object
//! `newsidx … --json` prints, field for field.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static FROM_ISO: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `value` as Python objects, through its JSON form.
pub fn json<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    let loads = JSON_LOADS.get_or_try_init(py, || -> PyResult<_> {
        Ok(py.import("json")?.getattr("loads")?.unbind())
    })?;
    loads.bind(py).call1((text,))
}

/// A time as an aware `datetime.datetime` in its own offset (WIB for
/// everything newsidx stores).
pub fn datetime<'py>(py: Python<'py>, t: Option<OffsetDateTime>) -> PyResult<Bound<'py, PyAny>> {
    let Some(t) = t else {
        return Ok(py.None().into_bound(py));
    };
    let text = t
        .format(&Rfc3339)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    let from_iso = FROM_ISO.get_or_try_init(py, || -> PyResult<_> {
        Ok(py
            .import("datetime")?
            .getattr("datetime")?
            .getattr("fromisoformat")?
            .unbind())
    })?;
    from_iso.bind(py).call1((text,))
}

/// Character offsets of the byte ranges `ranges` of `text`.
pub fn char_ranges(text: &str, ranges: &[[usize; 2]]) -> Vec<(usize, usize)> {
    let at = |byte: usize| text.get(..byte).map_or(0, |head| head.chars().count());
    ranges.iter().map(|&[s, e]| (at(s), at(e))).collect()
}
