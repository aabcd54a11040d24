//! Finding article files under the paths a user gives.
//!
//! Symbolic links to folders are not followed below a root, so a link loop
//! can never make the walk run forever or read a folder twice; a link to a
//! single file is still read, since that cannot loop. Hidden entries (a name
//! starting with `.`) are skipped under a folder, but a path given directly
//! is always taken as meant. Within a root the order is by file name at each
//! level, so two builds of the same tree read files in the same order.
//!
//! Archives often carry notes about themselves (`README.md`, `LICENSE.txt`,
//! `PROVENANCE.md`); under a folder these are not articles and are skipped.
//! Given directly, they are read like any other file.

use std::collections::HashSet;
use std::path::PathBuf;

use walkdir::WalkDir;

use super::Problem;

/// Extensions (lower case, without the dot) that hold articles; each may
/// also carry a further `.gz`.
pub const ARTICLE_EXTENSIONS: &[&str] = &[
    "jsonl", "ndjson", "json", "txt", "md", "markdown", "html", "htm",
];

/// Splits a file name into the extension naming its format (lower case)
/// and whether it is gzip-compressed: `a.JSONL.gz` -> `(Some("jsonl"), true)`.
pub fn format_extension(path: &std::path::Path) -> (Option<String>, bool) {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return (None, false);
    };
    let lower = name.to_ascii_lowercase();
    let (stem, gz) = match lower.strip_suffix(".gz") {
        Some(s) => (s.to_string(), true),
        None => (lower, false),
    };
    let ext = stem
        .rsplit_once('.')
        .map(|(_, e)| e.to_string())
        .filter(|e| !e.is_empty());
    (ext, gz)
}

/// True when the name ends in a known article extension (optionally `.gz`).
pub fn is_article_file(path: &std::path::Path) -> bool {
    matches!(format_extension(path), (Some(e), _) if ARTICLE_EXTENSIONS.contains(&e.as_str()))
}

/// Names of files that describe an archive rather than belong to it.
const FOLDER_NOTES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "copying",
    "changelog",
    "provenance",
    "contributing",
    "notice",
];

fn is_folder_note(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.split('.').next().unwrap_or("").to_ascii_lowercase())
        .is_some_and(|stem| FOLDER_NOTES.contains(&stem.as_str()))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

/// Lists the article files under `roots`: see [`super::walk`].
pub(crate) fn walk(roots: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for root in roots {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                problems.push(Problem::new(
                    root,
                    None,
                    format!("cannot read path: {e}"),
                    false,
                ));
                continue;
            }
        };
        if meta.is_file() {
            if seen.insert(root.clone()) {
                files.push(root.clone());
            }
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or_else(|| root.clone(), PathBuf::from);
                    problems.push(Problem::new(
                        &path,
                        None,
                        format!("cannot read folder entry: {e}"),
                        false,
                    ));
                    continue;
                }
            };
            let ft = entry.file_type();
            let is_file = ft.is_file()
                || (ft.is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()));
            if is_file && is_article_file(entry.path()) && !is_folder_note(entry.path()) {
                let p = entry.into_path();
                if seen.insert(p.clone()) {
                    files.push(p);
                }
            }
        }
    }
    (files, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn notes_about_an_archive_are_not_articles() {
        assert!(is_folder_note(std::path::Path::new("corpus/README.md")));
        assert!(is_folder_note(std::path::Path::new("x/LICENSE.txt")));
        assert!(!is_folder_note(std::path::Path::new(
            "x/readme-pembaca-2024.md"
        )));
        assert!(!is_folder_note(std::path::Path::new("x/berita-readme.md")));
    }

    #[test]
    fn extensions() {
        let f = |s: &str| format_extension(std::path::Path::new(s));
        assert_eq!(f("a/b.JSONL.gz"), (Some("jsonl".into()), true));
        assert_eq!(f("b.txt"), (Some("txt".into()), false));
        assert_eq!(f("README"), (None, false));
        assert_eq!(f("x.gz"), (None, true));
        assert!(is_article_file(std::path::Path::new("x.html.gz")));
        assert!(!is_article_file(std::path::Path::new("x.pdf")));
    }

    #[test]
    fn walks_sorted_skips_hidden_and_unknown_and_survives_loops() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("b/sub")).unwrap();
        fs::create_dir_all(d.join(".hidden")).unwrap();
        for f in [
            "b/sub/z.txt",
            "b/a.jsonl.gz",
            "a.md",
            ".secret.txt",
            ".hidden/x.txt",
            "c.pdf",
            "b/y.html",
        ] {
            fs::write(d.join(f), "x").unwrap();
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d, d.join("b/loop")).unwrap();
            std::os::unix::fs::symlink(d.join("a.md"), d.join("b/link.md")).unwrap();
        }
        let direct_hidden = d.join(".secret.txt");
        let missing = d.join("tidak-ada");
        let (files, problems) = walk(&[d.to_path_buf(), direct_hidden.clone(), missing.clone()]);
        let rel: Vec<String> = files
            .iter()
            .map(|p| p.strip_prefix(d).unwrap_or(p).display().to_string())
            .collect();
        let mut want = vec!["a.md", "b/a.jsonl.gz"];
        if cfg!(unix) {
            want.push("b/link.md");
        }
        want.extend(["b/sub/z.txt", "b/y.html", ".secret.txt"]);
        assert_eq!(rel, want);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, missing);
        assert!(!problems[0].lost_article);
    }
}
