"""The tests' browser: Debian's chromium driven by Playwright, and the W3C Nu checker.

    python -m tests.browser screenshots    # rewrite the screenshots in docs/images/

Both run in CI (the test command installs them); on a machine without them the browser
tests skip, except under ``CI=true``, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
VNU_JAR = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require(thing: str, present: bool) -> None:
    """Skip without ``thing`` on a developer's machine; fail without it in CI."""
    if present:
        return
    message = f"{thing} is not installed (bash scripts/check installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_browser() -> None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        require("playwright", False)
    require(str(CHROMIUM), CHROMIUM.exists())


def require_vnu() -> None:
    require("java", shutil.which("java") is not None)
    require(str(VNU_JAR), VNU_JAR.exists())


@contextmanager
def browser() -> Iterator[Any]:
    """A headless chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def build_site(folder: Path) -> Path:
    """The shipped library's site, written into ``folder/site``."""
    from normaliseren.builtins.html_export import write_html
    from normaliseren.load import load_library
    from normaliseren.output import write_atomically

    site = folder / "site"
    library = load_library()
    write_atomically(site, lambda out: write_html(library, out))
    return site


def screenshots(target: Path) -> list[Path]:
    """Screenshots of the home page and one example page, at a laptop's width."""
    target.mkdir(parents=True, exist_ok=True)
    shots = [
        ("index.html", "home.png", 1200),
        ("voorbeelden/buurtgezinnen.html", "voorbeeld.png", 1200),
        ("infographics/voorbeelden-per-setting-en-steun.svg", "infographic.png", 794),
    ]
    written = []
    with tempfile.TemporaryDirectory() as tmp, browser() as chromium:
        site = build_site(Path(tmp))
        for path, name, width in shots:
            page = chromium.new_page(viewport={"width": width, "height": 900})
            page.goto((site / path).as_uri())
            page.screenshot(path=str(target / name))
            written.append(target / name)
    return written


if __name__ == "__main__":
    if sys.argv[1:] != ["screenshots"]:
        raise SystemExit("usage: python -m tests.browser screenshots")
    for path in screenshots(ROOT / "docs" / "images"):
        print(f"wrote {path.relative_to(ROOT)}")
