"""Run the ``console`` examples of README.md and docs/, and write their real output back.

    python -m tests.doc_examples    # after installing the package; rewrites the pages

The test suite runs the same code and fails when a page shows output that is not real.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

from normaliseren import load
from normaliseren.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```(console|pycon)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(kind: str) -> Iterator[tuple[Path, int, re.Match[str]]]:
    """Every fenced block of ``kind`` with its page and line."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            if match.group(1) == kind:
                yield page, text[: match.start()].count("\n") + 1, match


def _fresh() -> None:
    load.clear_cache()


def run(argv: list[str]) -> str:
    """Standard output of ``normaliseren ARGV``, run from the repository root.

    The docs show the library as shipped, so installed plugins are not loaded.
    """
    out = io.StringIO()
    saved = {name: os.environ.get(name) for name in ("COLUMNS", "NORMALISEREN_LOAD_PLUGINS")}
    old_cwd = Path.cwd()
    os.chdir(ROOT)
    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal width
    os.environ["NORMALISEREN_LOAD_PLUGINS"] = ""
    _fresh()
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(io.StringIO()),
            contextlib.suppress(SystemExit),  # usage errors exit; their output still counts
        ):
            cli(argv)
    finally:
        os.chdir(old_cwd)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        _fresh()
    return out.getvalue()


def commands(block: str) -> list[tuple[str, str]]:
    """Each ``$ normaliseren ...`` line of a block with the output shown under it."""
    runs = []
    for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
        command, _, shown = chunk.partition("\n")
        runs.append((command, shown))
    return runs


def argv_of(command: str) -> list[str]:
    argv = shlex.split(command)
    if argv[0] != "normaliseren":
        raise ValueError(f"console examples run normaliseren only: {command!r}")
    return argv[1:]


def refreshed(block: str) -> str:
    """The block with each command's real output under it."""
    return "".join(f"$ {command}\n{run(argv_of(command))}" for command, _ in commands(block))


def main() -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        new = BLOCK.sub(
            lambda m: (
                f"```console\n{refreshed(m.group(2))}```" if m.group(1) == "console" else m.group(0)
            ),
            text,
        )
        if new != text:
            page.write_text(new, encoding="utf-8")
            print(f"updated {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
