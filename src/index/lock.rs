//! One writer at a time per index folder.
//!
//! tantivy's own writer lock lives inside a generation, so it cannot guard
//! what happens before a generation is chosen: two builds into a folder
//! without an index both decided to create one, and the loser's work was
//! lost; two builds into an existing index surfaced tantivy's raw lock
//! error. So every build, deletion and optimization first takes
//! `INDEX/build.lock` for the whole of its work, including the decision
//! whether an index exists.
//!
//! The lock is an OS advisory lock (`flock` on Unix, `LockFileEx` on
//! Windows, through `std::fs::File::lock`), not the existence of a file:
//! the kernel drops it when the process ends, however it ends, so a killed
//! build never leaves a stale lock that someone must delete by hand. The
//! file itself stays, empty, and means nothing when unlocked. Readers (the
//! server, `search`) never take it: they read only what commits publish.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The lock file's name in the index folder.
pub(crate) const BUILD_LOCK: &str = "build.lock";

/// Held for as long as one process writes the index; released on drop (or
/// by the kernel when the process dies).
#[derive(Debug)]
pub(crate) struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Takes the lock of the index at `root`, creating the folder if
    /// needed. With `wait`, blocks until the writer holding it finishes;
    /// without, fails at once with [`Error::Busy`].
    pub(crate) fn acquire(root: &Path, wait: bool) -> Result<WriteLock> {
        fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        let path = root.join(BUILD_LOCK);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        if wait {
            file.lock().map_err(|e| Error::io(&path, e))?;
        } else {
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::Busy {
                        path: root.to_path_buf(),
                    });
                }
                Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
        Ok(WriteLock { _file: file })
    }
}

/// Whether another process is writing the index at `root` right now (a
/// build, a deletion or an optimization). Creates nothing; the answer can
/// be stale by the time it is read, so it is for messages, not decisions.
pub fn is_being_written(root: impl AsRef<Path>) -> bool {
    let path: PathBuf = root.as_ref().join(BUILD_LOCK);
    let Ok(file) = File::open(&path) else {
        return false;
    };
    matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        let first = WriteLock::acquire(&root, false).unwrap();
        assert!(is_being_written(&root));
        match WriteLock::acquire(&root, false) {
            Err(Error::Busy { path }) => assert_eq!(path, root),
            other => panic!("expected Busy, got {other:?}"),
        }
        drop(first);
        assert!(!is_being_written(&root));
        WriteLock::acquire(&root, false).unwrap();
    }

    #[test]
    fn a_waiting_writer_gets_the_lock_when_the_first_releases_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        let first = WriteLock::acquire(&root, false).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let root = root.clone();
            std::thread::spawn(move || {
                let lock = WriteLock::acquire(&root, true);
                tx.send(()).unwrap();
                lock.map(drop)
            })
        };
        // The waiter cannot have the lock while the first holds it.
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(rx.try_recv().is_err());
        drop(first);
        rx.recv().unwrap();
        waiter.join().unwrap().unwrap();
    }

    #[test]
    fn an_unlocked_lock_file_means_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(!is_being_written(tmp.path()));
        fs::write(tmp.path().join(BUILD_LOCK), "").unwrap();
        assert!(!is_being_written(tmp.path()));
        WriteLock::acquire(tmp.path(), false).unwrap();
    }
}
