//! `build(progress=True)`: what the CLI shows on stderr while it builds
//! (the first problems, then the summary), written to Python's
//! `sys.stderr` so that notebooks show it too.

use std::sync::atomic::{AtomicUsize, Ordering};

use newsidx::BuildProgress;
use newsidx::ingest::Problem;
use newsidx::output::text;
use pyo3::prelude::*;

/// Problems shown one by one; the rest are in the report.
const SHOWN: usize = 20;

#[derive(Default)]
pub struct StderrProgress {
    problems: AtomicUsize,
}

fn write_stderr(py: Python<'_>, text: &str) -> PyResult<()> {
    py.import("sys")?
        .getattr("stderr")?
        .call_method1("write", (text,))?;
    Ok(())
}

impl StderrProgress {
    /// The build's summary, as `newsidx build` prints it.
    pub fn summary(&self, py: Python<'_>, report: &newsidx::BuildReport) -> PyResult<()> {
        let mut out = Vec::new();
        text::write_report(&mut out, report)
            .map_err(|e| pyo3::exceptions::PyOSError::new_err(e.to_string()))?;
        write_stderr(py, &String::from_utf8_lossy(&out))
    }
}

impl BuildProgress for StderrProgress {
    fn started(&self, files: u64, bytes: u64) {
        let line = format!("newsidx: indexing {files} files ({bytes} bytes)\n");
        // Progress is best effort: a closed stderr must not stop the build.
        Python::attach(|py| write_stderr(py, &line).ok());
    }

    fn problem(&self, problem: &Problem) {
        let n = self.problems.fetch_add(1, Ordering::Relaxed) + 1;
        let line = if n <= SHOWN {
            format!(
                "newsidx: warning: {}\n",
                text::sanitize(&problem.to_string())
            )
        } else if n == SHOWN + 1 {
            "newsidx: further problems not shown (all are in the report)\n".to_string()
        } else {
            return;
        };
        Python::attach(|py| write_stderr(py, &line).ok());
    }

    fn committing(&self) {
        Python::attach(|py| write_stderr(py, "newsidx: committing\n").ok());
    }
}
