"""The example in python/examples runs and finds what the sample archive holds."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_attention_curve_example(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(REPO / "python" / "examples" / "attention_curve.py"),
         '"Korea Utara"', "--plot", str(tmp_path / "curve.png")],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "indexed 43 articles (0 bad)" in out
    assert "2024-10" in out and "top people:" in out
    people = out.split("top people:")[1].split("best matches:")[0]
    assert "Vladimir Putin" in people and "Kim Jong Un" in people
    # The chart exists exactly when matplotlib does.
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "matplotlib is not installed" in out
    else:
        assert (tmp_path / "curve.png").stat().st_size > 0
