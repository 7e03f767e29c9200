"""Fuzzed content folders: any tree of files, folders, links, pipes and odd names is walked,
and ``validate`` ends in located problems and exit code 0 or 1, never a hang or a traceback.

The other fuzz tests hand single files to the loader; these go through the folder walk, the
file types the system has and the terminal's encoding as well.
"""

from __future__ import annotations

import io
import json
import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normaliseren.cli import main

from .conftest import VALID_EXAMPLE

NAMES = st.sampled_from(
    [
        "a.md",
        "b.md",
        "map",
        "README.md",
        ".verborgen.md",
        "_concept.md",
        "met spatie.md",
        "x.yaml",
        "map.md",
        "é.md",
        os.fsdecode(b"\xff\xfe.md"),  # not UTF-8: Linux allows any bytes but / and NUL
        "l" * 200 + ".md",
    ]
)
CONTENT = st.sampled_from(
    [
        VALID_EXAMPLE.encode("utf-8"),
        VALID_EXAMPLE.replace("mijn-voorbeeld", "ander").encode("utf-8"),
        VALID_EXAMPLE.replace("name: Mijn voorbeeld", "name: [→]").encode("utf-8"),
        b"",
        b"---\ntype: example\n",
        b"\xff\xfe\x00",
    ]
) | st.binary(max_size=100)
KINDS = st.sampled_from(["file", "folder", "pipe", "link-in", "link-out", "link-dangling"])
ENTRIES = st.lists(
    st.tuples(st.lists(NAMES, min_size=1, max_size=3), KINDS, CONTENT), min_size=0, max_size=8
)
FOLDERS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
WITHOUT_LINE = {"not-found", "unreadable", "no-content-files", "missing"}
"""Problems about a path as a whole, which has no line: the rest name one."""


def make(root: Path, entries: list[tuple[list[str], str, bytes]], outside: Path) -> None:
    """Make what ``entries`` describe below ``root``, skipping what clashes with earlier ones."""
    for parts, kind, content in entries:
        path = root.joinpath(*parts)
        if os.path.lexists(path):  # opening a pipe made earlier would wait for a writer
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "file":
                path.write_bytes(content)
            elif kind == "folder":
                path.mkdir()
            elif kind == "pipe":
                os.mkfifo(path)
            elif kind == "link-in":
                path.symlink_to(root)
            elif kind == "link-out":
                path.symlink_to(outside)
            else:
                path.symlink_to(root / "nergens")
        except OSError:  # a clash with an earlier entry, or a name too long
            continue


@contextmanager
def unblocked_after(seconds: float, root: Path) -> Iterator[threading.Event]:
    """Yield an event that is set if the work took longer than ``seconds``.

    Then a watcher also opens every pipe in ``root`` for writing and closes it, so that a
    reader waiting on one gets to its end: the test fails instead of hanging. (A signal
    would not do: the plugins' time limit uses the same timer.)
    """
    expired, done = threading.Event(), threading.Event()

    def watch() -> None:
        if done.wait(seconds):
            return
        expired.set()
        while not done.wait(0.1):
            for folder, _, names in os.walk(root):
                for name in names:
                    path = os.path.join(folder, name)
                    if stat.S_ISFIFO(os.lstat(path).st_mode):
                        with suppress(OSError):  # no reader waiting: nothing to unblock
                            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield expired
    finally:
        done.set()
        watcher.join()


@FOLDERS
@given(entries=ENTRIES, encoding=st.sampled_from(["utf-8", "latin-1"]))
def test_any_folder_tree_ends_in_located_problems(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    entries: list[tuple[list[str], str, bytes]],
    encoding: str,
) -> None:
    base = tmp_path_factory.mktemp("boom")
    root, outside = base / "inhoud", base / "buiten.md"
    root.mkdir()
    outside.write_text(VALID_EXAMPLE, encoding="utf-8")
    make(root, entries, outside)
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding)  # strict, as a terminal is
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", io.TextIOWrapper(io.BytesIO(), encoding=encoding))
    with unblocked_after(30, root) as expired:
        code = main(["validate", str(root), "--format", "json"])
    assert not expired.is_set(), "validate waited on a pipe"
    out.flush()
    report = json.loads(out.buffer.getvalue().decode(encoding))
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert code == (1 if errors else 0)
    assert report["valid"] is not errors
    for problem in report["problems"]:
        assert problem["path"].startswith(str(root)) or problem["path"] == "(library)", problem
        assert problem["line"] is not None or problem["code"] in WITHOUT_LINE, problem
    assert outside.read_text(encoding="utf-8") == VALID_EXAMPLE
