"""``normaliseren build`` writes the same bytes whatever the hash seed, locale, time zone or the
order in which plugins are found.

Each build runs in its own process, with the installed plugins found in a different order.
Every locale must really take effect there (the child reports what it got): a machine that
lacks one fails the test rather than quietly building in the C locale (``scripts/check``
generates them).
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

DRIVER = """
import json, locale, random, sys
from pathlib import Path
from normaliseren import plugins
from normaliseren.cli import main

locale.setlocale(locale.LC_ALL, "")  # as a program embedding the library might; fails if missing
order, report = sys.argv[1], Path(sys.argv[2])
report.write_text(json.dumps({
    "locale": locale.setlocale(locale.LC_ALL),
    "codeset": locale.nl_langinfo(locale.CODESET),
    "preferred": locale.getpreferredencoding(False),
    "stdout": sys.stdout.encoding,
}))
found = plugins.entry_points

def reordered(*, group):
    points = list(found(group=group))
    if order == "reversed":
        points.reverse()
    elif order != "as-installed":
        random.Random(order).shuffle(points)
    return points

plugins.entry_points = reordered
sys.exit(main(sys.argv[3:]))
"""

RUNS = [  # hash seed, locale, time zone, plugin order
    ("0", "C", "UTC", "as-installed"),
    ("1", "C.UTF-8", "Pacific/Kiritimati", "reversed"),
    ("4242", "nl_NL.UTF-8", "Europe/Amsterdam", "shuffled-1"),
    ("random", "en_US.ISO-8859-1", "America/Los_Angeles", "shuffled-2"),
]

ENCODINGS = {  # locale: its character set, and the encoding Python then prefers and prints in
    "C": ("ascii", "utf-8"),  # Python's UTF-8 mode, which the C locale turns on
    "C.UTF-8": ("utf-8", "utf-8"),
    "nl_NL.UTF-8": ("utf-8", "utf-8"),
    "en_US.ISO-8859-1": ("latin-1", "latin-1"),
}


def codec(name: str) -> str:
    return codecs.lookup(name).name


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
        report = tmp_path / f"locale-{len(trees)}.json"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))},
            "PYTHONHASHSEED": seed,
            "LC_ALL": name,
            "LANG": name,
            "TZ": zone,
        }
        for variable in ("NORMALISEREN_LOAD_PLUGINS", "PYTHONUTF8", "PYTHONIOENCODING"):
            env.pop(variable, None)  # Python must take its encodings from the locale
        done = subprocess.run(
            [sys.executable, "-c", DRIVER, order, str(report), "build", "--out", str(out)],
            env=env,
            capture_output=True,
            check=False,
        )
        got = json.loads(report.read_text()) if report.exists() else None
        assert got is not None, f"{name}: {done.stderr.decode(errors='replace')[-2000:]}"
        charset, preferred = ENCODINGS[name]
        seen = (got["locale"], codec(got["codeset"]), codec(got["preferred"]), codec(got["stdout"]))
        assert seen == (name, codec(charset), codec(preferred), codec(preferred)), got
        assert done.returncode == 0, f"{name}: {done.stderr.decode(errors='replace')[-2000:]}"
        trees.append(tree(out))
    first = trees[0]
    folders = {name.split("/")[0] for name in first}
    assert {"json", "html", "curriculum", "infographic", "opendata", "gesprekskaarten"} <= folders
    for run, other in zip(RUNS[1:], trees[1:], strict=True):
        differing = sorted(n for n in first.keys() | other.keys() if first.get(n) != other.get(n))
        assert differing == [], f"{run}: {differing[:10]}"
