//! Subcommands with more than a few lines of glue, one file each.

pub mod batch;
pub mod delete;
pub mod entity;
pub mod optimize;
#[cfg(feature = "web")]
pub mod serve;

use std::path::Path;

/// Says on stderr that a command will wait for the process writing the
/// index, so a `--wait` that blocks does not look like a hang.
pub fn announce_wait(index: &Path, wait: bool, quiet: bool) {
    if wait && !quiet && newsidx::index::is_being_written(index) {
        eprintln!(
            "newsidx: another build is writing {}; waiting for it to finish",
            index.display()
        );
    }
}
