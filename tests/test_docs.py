"""The examples in README.md and docs/ are run: their shown output must be the real output.

``console`` blocks hold ``$ normaliseren ...`` lines, each followed by its standard output
(refresh them with ``python -m tests.doc_examples``); ``pycon`` blocks are doctest sessions.
"""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

from .doc_examples import ROOT, argv_of, blocks, commands, run

CONSOLE = [(f"{page.name}:{line}", m.group(2)) for page, line, m in blocks("console")]
PYCON = [(f"{page.name}:{line}", m.group(2)) for page, line, m in blocks("pycon")]


def test_code_fences_stand_on_lines_of_their_own() -> None:
    """A fence with text after it runs the text below into the code block (CommonMark)."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if "```" in line:
                fence = line.strip()
                assert fence.startswith("```"), f"{page.name}:{number}: {line}"
                assert fence[3:].isidentifier() or not fence[3:], f"{page.name}:{number}: {line}"


def test_docs_have_examples() -> None:
    assert len(CONSOLE) >= 5
    assert PYCON


@pytest.mark.parametrize(("where", "block"), CONSOLE, ids=[w for w, _ in CONSOLE])
def test_console_examples_show_real_output(where: str, block: str) -> None:
    for command, shown in commands(block):
        assert run(argv_of(command)) == shown, f"{where}: {command}"


@pytest.mark.parametrize(("where", "block"), PYCON, ids=[w for w, _ in PYCON])
def test_python_examples_show_real_output(where: str, block: str) -> None:
    test = doctest.DocTestParser().get_doctest(block, {}, where, where, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        runner.run(test)
    finally:
        os.chdir(old)
    assert runner.summarize(verbose=False).failed == 0, where


def test_every_hook_is_documented_with_its_exact_signature() -> None:
    import inspect

    from normaliseren import hookspecs

    page = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    hooks = [
        name
        for name in dir(hookspecs)
        if getattr(getattr(hookspecs, name), "normaliseren_spec", None) is not None
    ]
    assert len(hooks) >= 5
    for name in hooks:
        signature = str(inspect.signature(getattr(hookspecs, name))).replace("'", "")
        assert f"### `{name}{signature}`" in page, name
