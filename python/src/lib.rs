//! The `newsidx` Python package: a thin shell over the newsidx library.
//! Every answer comes from the library; this crate only converts arguments
//! and results, releases the GIL around the work, and turns library errors
//! into Python exceptions. One `#[pyclass]` per file: `index.rs`,
//! `results.rs`, `hit.rs`, `export.rs`; `errors.rs` maps errors and
//! `convert.rs` values.

mod convert;
mod errors;
mod export;
mod hit;
mod index;
mod progress;
mod results;

use std::path::PathBuf;

use newsidx::analysis::AnalysisConfig;
use newsidx::{BuildOptions, NoProgress};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use errors::IntoPy;

/// The root (*kata dasar*) of one word, as `newsidx stem WORD` prints it.
#[pyfunction]
fn stem(py: Python<'_>, word: &str) -> String {
    py.detach(|| newsidx::analysis::stem(word))
}

/// The roots of many words, in order, as `newsidx stem W1 W2 …` prints them.
///
/// Each distinct word is read and stemmed once (news text repeats its
/// words), on every core, with the GIL released.
#[pyfunction]
fn stem_many<'py>(py: Python<'py>, words: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    if words.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "stem_many() takes an iterable of words, not one str (use stem())",
        ));
    }
    // Which distinct word each item is: a dict keyed by the str objects
    // themselves, so a repeated word costs one look-up (str hashes are
    // cached) and is never copied out of Python again.
    let seen = PyDict::new(py);
    let mut distinct: Vec<String> = Vec::new();
    let mut which: Vec<usize> = Vec::new();
    for item in words.try_iter()? {
        let item = item?;
        let word = item.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "stem_many() takes str items, not {}",
                item.get_type()
                    .name()
                    .map_or_else(|_| "?".to_string(), |n| n.to_string())
            ))
        })?;
        let n = match seen.get_item(word)? {
            Some(n) => n.extract::<usize>()?,
            None => {
                let n = distinct.len();
                distinct.push(word.to_cow()?.into_owned());
                seen.set_item(word, n)?;
                n
            }
        };
        which.push(n);
    }
    let roots = py.detach(|| newsidx::analysis::stem_many(&distinct));
    let roots: Vec<Bound<'py, PyString>> = roots.iter().map(|r| PyString::new(py, r)).collect();
    PyList::new(py, which.into_iter().map(|n| &roots[n]))
}

/// The tokens of `text` as the index sees them: the list
/// `newsidx analyze --json TEXT` prints (text, position, byte offsets,
/// folded form, stem, kind …). `stopwords=True` drops stopwords from the
/// stems as `--stopwords` does.
#[pyfunction]
#[pyo3(signature = (text, *, stopwords = false))]
fn analyze<'py>(py: Python<'py>, text: &str, stopwords: bool) -> PyResult<Bound<'py, PyAny>> {
    let config = AnalysisConfig {
        stopwords,
        ..Default::default()
    };
    let tokens = py.detach(|| newsidx::analysis::analyze(text, &config));
    convert::json(py, &tokens)
}

/// The people, places and organisations named in `text`: the objects
/// `newsidx entities FILE` prints, one dict per mention (kind, start, end,
/// text, canonical; offsets in bytes of the UTF-8 text).
#[pyfunction]
fn entities<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let mentions = py
        .detach(|| newsidx::entities::Extractor::new().map(|x| x.mentions(text)))
        .py_err(py)?;
    convert::json(py, &mentions)
}

/// Indexes every article under `inputs` (folders or files) into the index
/// at `path`, creating it if needed, and returns the build report: the
/// object `newsidx build --json` prints (articles_indexed, articles_bad,
/// problems, …).
///
/// Bad input never stops a build; it is listed in the report's `problems`,
/// and `strict=True` turns it into an error that leaves the index as it
/// was. `progress=True` writes the first problems and a summary to
/// `sys.stderr`. `rebuild=True` starts a new index (the old one stays
/// searchable until the new one is complete). While another build writes
/// the same index, raises `IndexBusyError`, or with `wait=True` waits for
/// it to finish.
#[pyfunction]
#[pyo3(signature = (path, inputs, *, entities = true, progress = false, rebuild = false, strict = false, stopwords = false, threads = None, memory_mb = None, wait = false))]
#[allow(clippy::too_many_arguments)]
fn build<'py>(
    py: Python<'py>,
    path: PathBuf,
    inputs: &Bound<'py, PyAny>,
    entities: bool,
    progress: bool,
    rebuild: bool,
    strict: bool,
    stopwords: bool,
    threads: Option<usize>,
    memory_mb: Option<usize>,
    wait: bool,
) -> PyResult<Bound<'py, PyAny>> {
    // One path or a list of them; a str is one path, never its letters.
    let inputs: Vec<PathBuf> = match inputs.extract::<PathBuf>() {
        Ok(one) => vec![one],
        Err(_) => inputs.extract().map_err(|_| {
            PyTypeError::new_err("inputs must be a path or a list of paths (str or os.PathLike)")
        })?,
    };
    let mut options = BuildOptions {
        rebuild,
        strict,
        threads,
        entities,
        analysis: stopwords.then(|| AnalysisConfig {
            stopwords: true,
            ..Default::default()
        }),
        wait_for_lock: wait,
        ..BuildOptions::default()
    };
    if let Some(mb) = memory_mb {
        options.memory_budget = mb.saturating_mul(1 << 20);
    }
    let result = if progress {
        let shown = progress::StderrProgress::default();
        let result = py.detach(|| newsidx::Index::build(&path, &inputs, &options, &shown));
        if let Ok((_, report)) = &result {
            shown.summary(py, report)?;
        }
        result
    } else {
        py.detach(|| newsidx::Index::build(&path, &inputs, &options, &NoProgress))
    };
    let (_, report) = result.py_err(py)?;
    convert::json(py, &report)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(stem, m)?)?;
    m.add_function(wrap_pyfunction!(stem_many, m)?)?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(entities, m)?)?;
    m.add_function(wrap_pyfunction!(build, m)?)?;
    m.add_class::<index::Index>()?;
    m.add_class::<results::SearchResults>()?;
    m.add_class::<hit::Hit>()?;
    m.add_class::<export::Export>()?;
    Ok(())
}
