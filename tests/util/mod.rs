//! A small harness for end-to-end tests: a temporary folder per test with
//! its own index, and the real `newsidx` binary run against it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct TestEnv {
    pub dir: TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn index(&self) -> PathBuf {
        self.path("index")
    }

    /// Writes a file (parents created) and returns its path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, contents).expect("write");
        p
    }

    /// `newsidx ARGS --index <this env's index>`, run in the env's folder.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("newsidx").expect("binary");
        c.current_dir(self.dir.path());
        c.env_remove("NEWSIDX_INDEX");
        c.env("NO_COLOR", "1");
        c.args(args);
        c.arg("--index").arg(self.index());
        c
    }

    /// Builds the index from `paths`, asserting success.
    pub fn build(&self, paths: &[&Path]) {
        let mut c = self.cmd(&["build", "--quiet"]);
        c.args(paths);
        c.assert().success();
    }

    /// Runs `build --quiet --json ARGS PATH`, asserting success, and
    /// returns the build report.
    pub fn build_report(&self, args: &[&str], path: &Path) -> serde_json::Value {
        let mut all = vec!["build", "--quiet", "--json"];
        all.extend_from_slice(args);
        let out = self.cmd(&all).arg(path).output().expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("build --json prints JSON")
    }

    /// Runs `search --json` and returns the parsed object.
    pub fn search_json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["search", "--json"];
        all.extend_from_slice(args);
        let out = self.cmd(&all).output().expect("run");
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "search {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("search --json prints JSON")
    }
}

/// The `key` strings of the objects in the JSON array `list` (hits'
/// `path`s, facet entries' `name`s); objects without one are skipped.
pub fn strings_of<'a>(list: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .filter_map(|o| o[key].as_str())
        .collect()
}

/// The bundled sample archive.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The shared real corpus, when this checkout sits beside `shared/`.
pub fn shared_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/corpus/clickid.jsonl");
    if p.is_file() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/data/corpus/clickid.jsonl is not present");
        None
    }
}

/// Validates `value` against a JSON Schema file in `schema/`.
pub fn assert_matches_schema(schema_file: &str, value: &serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(schema_file);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("schema file"))
            .expect("schema JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    let url = format!("file://{}", path.display());
    compiler.add_resource(&url, schema).expect("add schema");
    let id = compiler
        .compile(&url, &mut schemas)
        .expect("compile schema");
    if let Err(e) = schemas.validate(value, id) {
        panic!("output does not match {schema_file}: {e:#}\n{value:#}");
    }
}
