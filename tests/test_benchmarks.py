"""The benchmark script keeps working: a small run prints every figure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_benchmark(name: str, *args: str) -> str:
    """What ``benchmarks/NAME`` prints when run with ``args``."""
    script = ROOT / "benchmarks" / name
    result = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_core_benchmark_prints_its_figures() -> None:
    stdout = run_benchmark("bench_core.py", "--count", "40", "--repeat", "1")
    figures = ["import normaliseren", "first load_library()", "validate 40 files", "ratio"]
    figures += ["in one process", "source ids", "floor"]
    for figure in figures:
        assert figure in stdout


def test_site_benchmark_prints_its_figures() -> None:
    stdout = run_benchmark("bench_site.py", "--sizes", "20")
    assert "shipped content to HTML, start-up included" in stdout
    assert "       20 normaliseren" in stdout


def test_scale_benchmark_prints_every_step_and_ratio() -> None:
    stdout = run_benchmark("bench_scale.py", "--sizes", "10,20")
    steps = stdout.split("\n\n")[0].splitlines()  # the first table: one line per step
    for step in ("load_library", "validate", "export json", "export html", "build"):
        first, second = (line for line in steps if f" {step} " in line)
        assert first.split()[0] == "10"
        assert second.split()[0] == "20"
        assert float(second.split()[-1]) > 0  # the growth from 10 to 20 examples
    assert "validate / pydantic alone, collector paused" in stdout
    assert "load, collector running / load, collector paused (as shipped)" in stdout


def test_incremental_benchmark_prints_every_step() -> None:
    stdout = run_benchmark("bench_incremental.py", "--sizes", "20")
    for step in ("full build (empty folder)", "one description changed", "nothing changed"):
        line = next(line for line in stdout.splitlines() if step in line)
        assert line.split()[0] == "20"
        assert float(line.split()[-2 if "hugo" in stdout else -1]) > 0
