"""Benchmark: a build after one changed example, next to the full build and Hugo's.

The pages are those of ``bench_site.py`` (about 4 KB of Markdown per example). For each size:
``normaliseren build`` into an empty folder, then into the same folder again after one
example's description changed (its own pages change), after one example's name changed
(every page that lists it changes too), and with nothing changed; ``build --full`` into that
folder; loading alone (what every command does first); and Hugo's full build of the same pages
when installed. Wall time and peak memory, start-up included; ratios from this one run.

    python benchmarks/bench_incremental.py [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from bench_site import hugo_build, timed, tool, write_inputs


def change_description(folder: Path) -> None:
    """Add a sentence to the description of one example."""
    path = folder / "voorbeeld-000007.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nNog een zin.\n", encoding="utf-8")


def change_name(folder: Path) -> None:
    """Rename one example, which the list of examples, the matrix and principles show."""
    path = folder / "voorbeeld-000008.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^name: (.*)$", r"name: \1 (nieuw)", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def measure(size: int, root: Path) -> dict[str, tuple[float, float]]:
    """Every step at one size: wall seconds and peak MiB, by name."""
    ours, hugo_site, _ = write_inputs(root, size)
    out = root / "out"
    build = [str(Path(sys.executable).parent / "normaliseren"), "--content-dir", str(ours)]
    build += ["build", "--out", str(out)]
    figures = {"full build (empty folder)": timed(build)}
    change_description(ours)
    figures["one description changed"] = timed(build)
    change_name(ours)
    figures["one name changed"] = timed(build)
    figures["nothing changed"] = timed(build)
    figures["build --full"] = timed([*build, "--full"])
    load = f"from normaliseren import load_library; load_library([{str(ours)!r}])"
    figures["load_library alone"] = timed([sys.executable, "-c", load])
    hugo = tool("hugo")
    if hugo:
        figures["hugo, full build"] = hugo_build(hugo, hugo_site, root / "hugo-out")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated example counts")
    args = parser.parse_args()
    print(f"{'examples':>9} {'step':<26} {'seconds':>8} {'MiB':>7} {'/ full':>7} {'/ hugo':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            figures = measure(size, Path(tmp))
        full = figures["full build (empty folder)"][0]
        hugo = figures.get("hugo, full build", (None, None))[0]
        for step, (seconds, peak) in figures.items():
            to_hugo = f"{seconds / hugo:>7.2f}" if hugo else ""
            to_full = f"{seconds / full:>7.2f}"
            print(f"{size:>9} {step:<26} {seconds:>8.2f} {peak:>7.0f} {to_full} {to_hugo}")


if __name__ == "__main__":
    main()
