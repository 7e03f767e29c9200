"""Benchmark: how loading, validation, every exporter and the build grow with the collection.

For each size a content folder of generated examples is written; every step then runs in a
fresh process, so its peak memory is its own. Prints wall time (start-up included), peak
memory and the growth from one size to the next: the time ratio divided by the size ratio,
1.00 being linear. Beside it, in the same run: validation against pydantic alone on the same
records, and what Python's cycle collector costs while loading and after it.

    python benchmarks/bench_scale.py [--sizes 1000,10000]   (100000 takes many minutes)

Peak memory is the largest process (``peak MiB``, from ``wait4``) and, on Linux, the most the
whole process tree held at once (``tree MiB``: proportional set sizes of the step and its
forked workers, sampled every 0.1 s).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from generate import as_records, generated_examples, write_examples

SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Run:
    """One step at one size: wall seconds, largest process and whole tree (MiB)."""

    seconds: float
    peak: float
    tree: float | None


def _children() -> dict[int, list[int]]:
    """Every process's children, by parent id, from ``/proc``."""
    found: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        found.setdefault(parent, []).append(int(entry.name))
    return found


def _tree_pss(pid: int) -> int:
    """The proportional set size of ``pid`` and its descendants, in KiB (shared pages split)."""
    children = _children()
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        pending.extend(children.get(current, ()))
        try:
            with open(f"/proc/{current}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def measure(command: list[str]) -> Run:
    """Run ``command`` to its end; its wall time and peak memory."""
    sampling = Path("/proc/self/smaps_rollup").exists()
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree = 0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if sampling:
            tree = max(tree, _tree_pss(child.pid))
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{child.stderr.read().decode()}")
    child.stderr.close()
    return Run(seconds, usage.ru_maxrss / 1024, tree / 1024 if sampling else None)


def steps(folder: Path, exporters: list[str], out: Path) -> dict[str, list[str]]:
    """The command of every step, by name, for the content folder ``folder``."""
    cli = [sys.executable, "-m", "normaliseren.cli", "--content-dir", str(folder)]
    load = f"from normaliseren import load_library; load_library([{str(folder)!r}])"
    return {
        "start-up (shipped content)": [
            sys.executable,
            "-c",
            "import normaliseren as n; n.load_library()",
        ],
        "load_library": [sys.executable, "-c", load],
        "validate": [sys.executable, "-m", "normaliseren.cli", "validate", str(folder)],
        **{
            f"export {name}": [*cli, "export", name, "--out", str(out / name)] for name in exporters
        },
        "build": [*cli, "build", "--out", str(out / "build")],
    }


def growth(now: float, before: float, size: int, previous: int) -> str:
    """The time ratio over the size ratio: 1.00 is linear, above it faster than linear."""
    return f"{(now / before) / (size / previous):.2f}"


def timed(work: Callable[[], object]) -> float:
    """Wall seconds of one call of ``work``."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def collector_figures(folder: Path, count: int) -> dict[str, float]:
    """In this fresh process: validation against pydantic alone, and the collector's cost.

    Plugins and the shipped content are loaded first, so the figures are of the folder.
    """
    from normaliseren import Example, content, load_library, validate_paths
    from normaliseren.load import _load

    load_library()
    figures = {"validate": timed(lambda: validate_paths([folder]))}
    records = as_records(generated_examples(count))

    def pydantic_alone() -> None:
        for record in records:
            Example.model_validate(record)

    figures["pydantic alone, collector running"] = timed(pydantic_alone)
    with content.collector_paused():
        figures["pydantic alone, collector paused"] = timed(pydantic_alone)
    records.clear()  # only the library stays

    figures["load, collector paused (as shipped)"] = timed(lambda: load_library([folder]))
    _load.cache_clear()
    gc.collect()
    # Loading pauses the collector itself; to see what that saves, load once without.
    shipped_pause = content.collector_paused
    content.collector_paused = nullcontext  # type: ignore[assignment]
    try:
        figures["load, collector running"] = timed(lambda: load_library([folder]))
    finally:
        content.collector_paused = shipped_pause

    # Later work that makes many objects sets off collections that rescan every model kept,
    # unless gc.freeze() moved them out of the collector's sight.
    library = load_library([folder])
    figures["dump after load, collector running"] = timed(library.model_dump)
    gc.freeze()
    figures["dump after load, after gc.freeze()"] = timed(library.model_dump)
    gc.unfreeze()
    return figures


def print_steps(results: dict[str, dict[int, Run]]) -> None:
    """One line per step and size, with the growth from the size before."""
    print(f"{'examples':>9} {'step':<28} {'seconds':>8} {'peak MiB':>9} {'tree MiB':>9} growth")
    for name, runs in results.items():
        previous: tuple[int, float] | None = None
        for size, run in runs.items():
            tree = "" if run.tree is None else f"{run.tree:.0f}"
            grown = "" if previous is None else growth(run.seconds, previous[1], size, previous[0])
            print(f"{size:>9} {name:<28} {run.seconds:>8.2f} {run.peak:>9.0f} {tree:>9} {grown:>6}")
            previous = (size, run.seconds)


def print_collector(figures: dict[int, dict[str, float]]) -> None:
    """Validation against pydantic alone, and loading with and without the collector."""
    comparisons = (
        ("validate", "pydantic alone, collector paused"),
        ("validate", "pydantic alone, collector running"),
        ("pydantic alone, collector running", "pydantic alone, collector paused"),
        ("load, collector running", "load, collector paused (as shipped)"),
        ("dump after load, collector running", "dump after load, after gc.freeze()"),
    )
    print(f"\n{'examples':>9} {'in one process, after start-up':<40} {'seconds':>8}")
    for size, measured in figures.items():
        for name, seconds in measured.items():
            print(f"{size:>9} {name:<40} {seconds:>8.3f}")
    print(f"\n{'examples':>9} {'ratio':<72} {'x':>6}")
    for size, measured in figures.items():
        for slower, baseline in comparisons:
            ratio = measured[slower] / measured[baseline]
            print(f"{size:>9} {slower + ' / ' + baseline:<72} {ratio:>6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated example counts")
    parser.add_argument("--collector", nargs=2, metavar=("FOLDER", "COUNT"), help=argparse.SUPPRESS)
    parser.add_argument("--generate", nargs=2, metavar=("FOLDER", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.collector:  # the child process that measures the collector
        folder, count = args.collector
        print(json.dumps(collector_figures(Path(folder), int(count))))
        return
    if args.generate:  # a child, so this process stays small: a fork starts with its memory
        folder, count = args.generate
        write_examples(Path(folder), int(count))
        return
    sizes = [int(s) for s in args.sizes.split(",")]

    from normaliseren.load import get_plugins, registered_exporters

    exporters = list(registered_exporters(get_plugins()))
    results: dict[str, dict[int, Run]] = {}
    collector: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / f"content-{size}"
            generate = [sys.executable, __file__, "--generate", str(folder), str(size)]
            subprocess.run(generate, check=True)
            out = Path(tmp) / f"out-{size}"
            for name, command in steps(folder, exporters, out).items():
                results.setdefault(name, {})[size] = measure(command)
            child = [sys.executable, __file__, "--collector", str(folder), str(size)]
            output = subprocess.run(child, check=True, capture_output=True, text=True).stdout
            collector[size] = json.loads(output)
            for written in (folder, out):  # a size's files go before the next is written
                shutil.rmtree(written)
    print_steps(results)
    print_collector(collector)


if __name__ == "__main__":
    main()
