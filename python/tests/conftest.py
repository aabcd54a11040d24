"""Shared fixtures: the repository, the release `newsidx` binary (the CLI the
package must agree with), and two indexes of the bundled `corpus/`, one
built by the CLI and one by `newsidx.build`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import List, Optional

import pytest

import newsidx

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"


class Cli:
    """Runs the real `newsidx` binary."""

    def __init__(self, binary: Path) -> None:
        self.binary = binary

    def run(self, *args: str, ok=(0,), input: Optional[str] = None) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [str(self.binary), *args],
            capture_output=True,
            text=True,
            input=input,
            env={**os.environ, "NO_COLOR": "1"},
        )
        if proc.returncode not in ok:
            raise AssertionError(
                f"newsidx {' '.join(args)} exited {proc.returncode}\n{proc.stderr}"
            )
        return proc

    def json(self, *args: str, ok=(0,)):
        return json.loads(self.run(*args, ok=ok).stdout)

    def json_lines(self, *args: str) -> List[dict]:
        return [json.loads(line) for line in self.run(*args).stdout.splitlines() if line]


@pytest.fixture(scope="session")
def cli() -> Cli:
    """`NEWSIDX_BIN`, or the repository's release build (built when missing)."""
    given = os.environ.get("NEWSIDX_BIN")
    binary = Path(given) if given else REPO / "target" / "release" / "newsidx"
    if not binary.exists():
        if given:
            pytest.fail(f"NEWSIDX_BIN={given} does not exist")
        subprocess.run(
            ["cargo", "build", "--release", "--locked", "--bin", "newsidx"],
            cwd=REPO,
            check=True,
        )
    return Cli(binary)


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def cli_index(cli: Cli, tmp_path_factory) -> Path:
    """The bundled corpus indexed by `newsidx build`."""
    path = tmp_path_factory.mktemp("cli") / "index"
    cli.run("build", "--quiet", "--index", str(path), str(CORPUS))
    return path


@pytest.fixture(scope="session")
def py_build(tmp_path_factory):
    """The bundled corpus indexed by `newsidx.build`: (path, report)."""
    path = tmp_path_factory.mktemp("py") / "index"
    report = newsidx.build(str(path), [str(CORPUS)])
    return path, report


@pytest.fixture(scope="session")
def index(cli_index) -> "newsidx.Index":
    """The CLI's index opened from Python: both answer from the same index,
    so even the order of articles tied on score (which depends on how a
    parallel build laid out its segments) must agree."""
    return newsidx.Index(cli_index)


@pytest.fixture(scope="session")
def py_index(py_build) -> "newsidx.Index":
    return newsidx.Index(py_build[0])
