"""The examples in README.md and docs/ are run: their shown output must be the real output.

``console`` blocks hold ``$ normaliseren ...`` lines, each followed by its standard output.
``pycon`` blocks hold ``>>>`` sessions, checked with doctest.
"""

from __future__ import annotations

import contextlib
import doctest
import os
import re
import shlex
from pathlib import Path

import pytest

from normaliseren.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```(console|pycon)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(kind: str) -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for match in BLOCK.finditer(page.read_text(encoding="utf-8")):
            if match.group(1) == kind:
                line = page.read_text(encoding="utf-8")[: match.start()].count("\n") + 1
                found.append((f"{page.name}:{line}", match.group(2)))
    return found


def commands(block: str) -> list[tuple[list[str], str]]:
    """Each ``$ normaliseren`` command of a block with the output shown under it."""
    runs: list[tuple[list[str], str]] = []
    for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
        command, _, output = chunk.partition("\n")
        argv = shlex.split(command)
        assert argv[0] == "normaliseren", command
        runs.append((argv[1:], output))
    return runs


def test_docs_have_examples() -> None:
    assert len(blocks("console")) >= 5
    assert blocks("pycon")


@pytest.mark.parametrize(("where", "block"), blocks("console"), ids=lambda v: v if ":" in v else "")
def test_console_examples_show_real_output(
    where: str, block: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")
    for argv, shown in commands(block):
        with contextlib.suppress(SystemExit):  # usage errors exit; their output still counts
            main(argv)
        out = capsys.readouterr().out
        assert out.rstrip("\n") == shown.rstrip("\n"), f"{where}: normaliseren {shlex.join(argv)}"


@pytest.mark.parametrize(("where", "block"), blocks("pycon"), ids=lambda v: v if ":" in v else "")
def test_python_examples_show_real_output(where: str, block: str) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block, {}, where, where, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        runner.run(test)
    finally:
        os.chdir(old)
    assert runner.summarize(verbose=False).failed == 0, where
