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


def test_scale_benchmark_prints_every_step_and_ratio() -> None:
    script = ROOT / "benchmarks" / "bench_scale.py"
    result = subprocess.run(
        [sys.executable, str(script), "--sizes", "10,20"],
        capture_output=True,
        text=True,
        check=True,
    )
    steps = result.stdout.split("\n\n")[0].splitlines()  # the first table: one line per step
    for step in ("load_library", "validate", "export json", "export html", "build"):
        first, second = (line for line in steps if f" {step} " in line)
        assert first.split()[0] == "10"
        assert second.split()[0] == "20"
        assert float(second.split()[-1]) > 0  # the growth from 10 to 20 examples
    assert "validate / pydantic alone, collector paused" in result.stdout
    assert "load, collector running / load, collector paused (as shipped)" in result.stdout


def test_incremental_benchmark_prints_every_step() -> None:
    script = ROOT / "benchmarks" / "bench_incremental.py"
    result = subprocess.run(
        [sys.executable, str(script), "--sizes", "20"],
        capture_output=True,
        text=True,
        check=True,
    )
    for step in ("full build (empty folder)", "one description changed", "nothing changed"):
        line = next(line for line in result.stdout.splitlines() if step in line)
        assert line.split()[0] == "20"
        assert float(line.split()[-2 if "hugo" in result.stdout else -1]) > 0
