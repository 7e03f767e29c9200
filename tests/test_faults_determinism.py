"""``normaliseren build`` writes the same bytes whatever the hash seed, locale, time zone or the
order in which plugins are found.

Each build runs in its own process, with the installed plugins found in a different order.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DRIVER = """
import locale, random, sys
from normaliseren import plugins
from normaliseren.cli import main

try:
    locale.setlocale(locale.LC_ALL, "")  # as a program embedding the library might
except locale.Error:
    pass  # a locale this machine lacks: the variables are still set
order = sys.argv[1]
found = plugins.entry_points

def reordered(*, group):
    points = list(found(group=group))
    if order == "reversed":
        points.reverse()
    elif order != "as-installed":
        random.Random(order).shuffle(points)
    return points

plugins.entry_points = reordered
sys.exit(main(sys.argv[2:]))
"""

RUNS = [  # hash seed, locale, time zone, plugin order
    ("0", "C", "UTC", "as-installed"),
    ("1", "C.UTF-8", "Pacific/Kiritimati", "reversed"),
    ("4242", "nl_NL.UTF-8", "Europe/Amsterdam", "shuffled-1"),
    ("random", "en_US.ISO-8859-1", "America/Los_Angeles", "shuffled-2"),
]


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_build_is_byte_identical_across_seeds_locales_and_plugin_order(tmp_path: Path) -> None:
    trees: list[dict[str, bytes]] = []
    for seed, name, zone, order in RUNS:
        out = tmp_path / f"build-{len(trees)}"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))},
            "PYTHONHASHSEED": seed,
            "LC_ALL": name,
            "LANG": name,
            "TZ": zone,
        }
        env.pop("NORMALISEREN_LOAD_PLUGINS", None)
        done = subprocess.run(
            [sys.executable, "-c", DRIVER, order, "build", "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        trees.append(tree(out))
    first = trees[0]
    folders = {name.split("/")[0] for name in first}
    assert {"json", "html", "curriculum", "infographic", "opendata", "gesprekskaarten"} <= folders
    for run, other in zip(RUNS[1:], trees[1:], strict=True):
        differing = sorted(n for n in first.keys() | other.keys() if first.get(n) != other.get(n))
        assert differing == [], f"{run}: {differing[:10]}"
