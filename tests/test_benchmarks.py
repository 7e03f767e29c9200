"""The benchmark script keeps working: a small run prints every figure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_benchmark_prints_its_figures() -> None:
    script = ROOT / "benchmarks" / "bench_core.py"
    result = subprocess.run(
        [sys.executable, str(script), "--count", "40", "--repeat", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    for figure in ("import normaliseren", "first load_library()", "validate 40 files", "ratio"):
        assert figure in result.stdout


def test_site_benchmark_prints_its_figures() -> None:
    script = ROOT / "benchmarks" / "bench_site.py"
    result = subprocess.run(
        [sys.executable, str(script), "--sizes", "20"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "shipped content to HTML, start-up included" in result.stdout
    assert "       20 normaliseren" in result.stdout
