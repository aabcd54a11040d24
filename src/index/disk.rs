//! The directory every generation is written through: tantivy's memory-map
//! directory plus a note of whether a write ran out of disk space.
//!
//! When the disk fills while tantivy's indexing threads flush a segment,
//! the error that reaches the caller is only "an index writer was killed":
//! the worker's I/O error is dropped with the thread. Watching the writes
//! themselves is the one place where `ENOSPC` is always seen, whichever
//! tantivy path reports the failure, so a build can say plainly that the
//! disk is full and that the last commit is untouched. The cost is one
//! extra call per buffered write.
//!
//! In unit tests the same wrapper can be told to fail writes as a full disk
//! would, which is how the full-disk handling is tested without filling a
//! real disk.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite,
    WatchCallback, WatchHandle, WritePtr,
};

/// Whether an I/O error means the disk (or the user's quota) is full.
pub(crate) fn is_disk_full(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    )
}

/// A memory-map directory that remembers a write failing for lack of space.
#[derive(Debug, Clone)]
pub(crate) struct WatchedDirectory {
    inner: MmapDirectory,
    disk_full: Arc<AtomicBool>,
    /// Tests only: fail data writes as a full disk does while set.
    fail_writes: Option<Arc<AtomicBool>>,
}

impl WatchedDirectory {
    /// Wraps `inner`; `disk_full` is set when a write through it (or any
    /// clone of it) runs out of space.
    pub(crate) fn new(inner: MmapDirectory, disk_full: Arc<AtomicBool>) -> WatchedDirectory {
        WatchedDirectory {
            inner,
            disk_full,
            fail_writes: faults::current(),
        }
    }

    fn check(&self, path: &Path) -> io::Result<()> {
        let injected = self
            .fail_writes
            .as_ref()
            .is_some_and(|f| f.load(Ordering::SeqCst));
        // Lock files are left alone so the writer can open; a full disk
        // does not stop a lock on an existing file either.
        if injected && path.extension().is_none_or(|e| e != "lock") {
            self.disk_full.store(true, Ordering::SeqCst);
            return Err(io::Error::from(io::ErrorKind::StorageFull));
        }
        Ok(())
    }

    fn note<T>(&self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result
            && is_disk_full(e)
        {
            self.disk_full.store(true, Ordering::SeqCst);
        }
        result
    }
}

impl Directory for WatchedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.check(path)
            .map_err(|e| OpenWriteError::wrap_io_error(e, path.to_path_buf()))?;
        let inner = match self.inner.open_write(path) {
            Ok(w) => w,
            Err(OpenWriteError::IoError { io_error, filepath }) => {
                if is_disk_full(&io_error) {
                    self.disk_full.store(true, Ordering::SeqCst);
                }
                return Err(OpenWriteError::IoError { io_error, filepath });
            }
            Err(e) => return Err(e),
        };
        // No buffer of its own: the inner writer buffers already.
        Ok(BufWriter::with_capacity(
            0,
            Box::new(WatchedWrite {
                inner,
                directory: self.clone(),
                path: path.to_path_buf(),
            }),
        ))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.check(path)?;
        self.note(self.inner.atomic_write(path, data))
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.note(self.inner.sync_directory())
    }

    fn acquire_lock(
        &self,
        lock: &Lock,
    ) -> Result<DirectoryLock, tantivy::directory::error::LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// One file being written, its failures noted by its directory.
struct WatchedWrite {
    inner: WritePtr,
    directory: WatchedDirectory,
    path: std::path::PathBuf,
}

impl Write for WatchedWrite {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.directory.check(&self.path)?;
        self.directory.note(self.inner.write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.directory.check(&self.path)?;
        self.directory.note(self.inner.write_all(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.directory.check(&self.path)?;
        self.directory.note(self.inner.flush())
    }
}

impl TerminatingWrite for WatchedWrite {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.directory.check(&self.path)?;
        let result = self.inner.terminate_ref(token);
        self.directory.note(result)
    }
}

/// Injected write failures for unit tests: directories opened on this
/// thread while a [`faults::FullDisk`] is alive share its switch.
pub(crate) mod faults {
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    #[cfg(test)]
    thread_local! {
        static SWITCH: std::cell::RefCell<Option<Arc<AtomicBool>>> =
            const { std::cell::RefCell::new(None) };
    }

    #[cfg(test)]
    pub(crate) fn current() -> Option<Arc<AtomicBool>> {
        SWITCH.with(|s| s.borrow().clone())
    }

    #[cfg(not(test))]
    pub(crate) fn current() -> Option<Arc<AtomicBool>> {
        None
    }

    /// While alive, indexes opened on this thread get a switch that makes
    /// every data write fail as on a full disk.
    #[cfg(test)]
    pub(crate) struct FullDisk {
        pub(crate) switch: Arc<AtomicBool>,
    }

    #[cfg(test)]
    impl FullDisk {
        /// Installs the switch, off.
        pub(crate) fn install() -> FullDisk {
            let switch = Arc::new(AtomicBool::new(false));
            SWITCH.with(|s| *s.borrow_mut() = Some(Arc::clone(&switch)));
            FullDisk { switch }
        }
    }

    #[cfg(test)]
    impl Drop for FullDisk {
        fn drop(&mut self) {
            SWITCH.with(|s| *s.borrow_mut() = None);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::faults::FullDisk;
    use crate::{BuildOptions, Error, Index, NoProgress, Query};

    fn input(dir: &Path, name: &str, ids: &[&str], word: &str) -> PathBuf {
        let lines: Vec<String> = ids
            .iter()
            .map(|id| {
                serde_json::json!({ "id": id, "title": word, "body": format!("{word} di Jakarta."), "date": "2024-10-24" })
                    .to_string()
            })
            .collect();
        let p = dir.join(name);
        fs::write(&p, lines.join("\n")).unwrap();
        p
    }

    fn opts(rebuild: bool) -> BuildOptions {
        BuildOptions {
            entities: false,
            threads: Some(1),
            rebuild,
            ..Default::default()
        }
    }

    #[test]
    fn a_full_disk_during_commit_leaves_the_last_build_searchable() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        let first = input(tmp.path(), "a.jsonl", &["a", "b"], "Banjir");
        Index::build(&root, &[first], &opts(false), &NoProgress).unwrap();
        let banjir = Query::parse("banjir").unwrap();

        let disk = FullDisk::install();
        let second = input(tmp.path(), "b.jsonl", &["c", "d", "a"], "Gempa");
        for rebuild in [false, true] {
            disk.switch.store(true, std::sync::atomic::Ordering::SeqCst);
            let err = Index::build(
                &root,
                std::slice::from_ref(&second),
                &opts(rebuild),
                &NoProgress,
            )
            .expect_err("the disk is full");
            assert!(matches!(err, Error::DiskFull { .. }), "{err:?}");
            let message = err.to_string();
            assert!(
                message.starts_with("no space left on device while writing the index at "),
                "{message}"
            );
            assert!(
                message.ends_with(
                    "the index is unchanged: the last complete build is still searchable"
                ),
                "{message}"
            );
            disk.switch
                .store(false, std::sync::atomic::Ordering::SeqCst);

            // Nothing of the failed build is visible; everything before it is.
            let index = Index::open(&root).unwrap();
            assert_eq!(index.num_articles(), 2);
            assert_eq!(index.count(&banjir).unwrap(), 2);
            assert_eq!(index.count(&Query::parse("gempa").unwrap()).unwrap(), 0);
        }

        // With space again, the same build succeeds.
        let (index, report) = Index::build(&root, &[second], &opts(false), &NoProgress).unwrap();
        assert_eq!(report.index_articles, 4);
        assert_eq!(index.count(&banjir).unwrap(), 1);
        let generations = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .count();
        assert_eq!(generations, 1, "the failed rebuild's generation is gone");
    }

    #[test]
    fn a_full_disk_during_a_first_build_leaves_no_index_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ix");
        let first = input(tmp.path(), "a.jsonl", &["a"], "Banjir");
        let disk = FullDisk::install();
        disk.switch.store(true, std::sync::atomic::Ordering::SeqCst);
        let err = Index::build(&root, &[first], &opts(false), &NoProgress).unwrap_err();
        assert!(matches!(err, Error::DiskFull { .. }), "{err:?}");
        assert!(matches!(Index::open(&root), Err(Error::NoIndex(_))));
    }
}
