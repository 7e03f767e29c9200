"""The website in a real browser: accessibility (axe-core), validity (Nu), behaviour, safety."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from normaliseren.output import OutputFolder
from normaliseren.site import build as site_build
from normaliseren.site.build import write_site
from normaliseren.testing import HOSTILE_TEXTS, _HostileExamples, make_library

from .browser import ROOT, VNU_JAR, browser, build_site, require_browser, require_vnu


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shipped site, its search index in parts of four examples, as a large one has."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_build, "SEARCH_PART_SIZE", 4)
        yield build_site(tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    require_browser()
    with browser() as launched:
        yield launched


AXE_OPTIONS = {
    "resultTypes": ["violations"],
    # WCAG 2.2 A and AA (target sizes included) and axe's best practices.
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML pages of every curriculum module: the same pages as in the cartridges."""
    from normaliseren.cli import main

    out = tmp_path_factory.mktemp("curriculum") / "out"
    assert main(["export", "curriculum", "--out", str(out)]) == 0
    return out


def axe_failures(chromium: Any, paths: list[Path], base: Path) -> dict[str, list[str]]:
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

    axe = Axe()
    page = chromium.new_page()
    failures = {}
    for path in paths:
        page.goto(path.as_uri())
        result = axe.run(page, options=AXE_OPTIONS)
        if result.violations_count:
            failures[str(path.relative_to(base))] = [v["id"] for v in result.response["violations"]]
    return failures


def nu_errors(paths: list[Path]) -> list[tuple[str, str]]:
    require_vnu()
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--also-check-css",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [(m.get("url", "").rsplit("/", 1)[-1], m["message"]) for m in messages]


def test_every_page_has_no_axe_violations(site: Path, chromium: Any) -> None:
    assert len(pages_of(site)) > 20
    assert len([p for p in pages_of(site) if p.relative_to(site).parts[0] == "en"]) > 10
    assert axe_failures(chromium, pages_of(site), site) == {}


def test_every_page_passes_the_nu_checker(site: Path) -> None:
    assert nu_errors([*pages_of(site), site / "assets" / "style.css"]) == []


def test_every_course_page_has_no_axe_violations(course: Path, chromium: Any) -> None:
    assert len(pages_of(course)) > 10
    assert axe_failures(chromium, pages_of(course), course) == {}


def test_every_course_page_passes_the_nu_checker(course: Path) -> None:
    assert nu_errors(pages_of(course)) == []


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    """The site on a loopback web server, deep below the root: /een/twee/site/."""
    root = site.parent
    handler = functools.partial(_QuietHandler, directory=str(root.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{root.name}/site/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


def test_every_link_works_from_a_sub_path(site: Path, served: str, chromium: Any) -> None:
    page = chromium.new_page()
    broken = []
    for path in pages_of(site):
        url = served + str(path.relative_to(site))
        response = page.goto(url)
        assert response is not None
        assert response.status == 200
        for href in page.eval_on_selector_all(
            "a[href], link[href], script[src]", "els => els.map(e => e.href || e.src)"
        ):
            if href.startswith(served.split("/een", maxsplit=1)[0]) and "#" not in href:
                status = page.request.get(href).status
                if status != 200:
                    broken.append((url, href, status))
    assert broken == []


def test_filters_and_search_work_offline(site: Path, chromium: Any) -> None:
    from playwright.sync_api import expect

    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto((site / "voorbeelden" / "index.html").as_uri())
    assert page.locator("#filters").is_visible()
    total = page.locator("#voorbeelden > li").count()
    page.fill("#zoek", "ERVARINGSCAFE")
    expect(page.locator("#aantal")).to_have_text("1 voorbeeld getoond")
    assert page.locator("#voorbeeld-ervaringscafe").is_visible()
    page.fill("#zoek", "voorleesexpress")  # in the index's last part
    assert page.locator("#voorbeelden > li:not([hidden])").count() == 1
    assert page.locator("#voorbeeld-voorleesexpress").is_visible()
    page.fill("#zoek", "")
    page.select_option("#filter-principe", "gelijkwaardig-samenwerken")
    shown = page.locator("#voorbeelden > li:not([hidden])").count()
    assert 0 < shown < total
    page.select_option("#filter-principe", "")
    assert page.locator("#voorbeelden > li:not([hidden])").count() == total
    for kind in ("informal", "formal", "both"):  # an example of both kinds is found under each
        page.select_option("#filter-steun", kind)
        assert page.locator("#voorbeeld-ouderkamer").is_visible(), kind
    page.select_option("#filter-steun", "informal")
    assert page.locator("#voorbeelden > li:not([hidden])").count() < total
    page.select_option("#filter-steun", "")
    assert errors == []


def test_the_english_filter_counts_in_english(site: Path, chromium: Any) -> None:
    from playwright.sync_api import expect

    page = chromium.new_page()
    page.goto((site / "en" / "voorbeelden" / "index.html").as_uri())
    page.fill("#zoek", "ERVARINGSCAFE")
    expect(page.locator("#aantal")).to_have_text("1 example shown")
    page.fill("#zoek", "")
    total = page.locator("#voorbeelden > li").count()
    expect(page.locator("#aantal")).to_have_text(f"{total} examples shown")


def test_the_count_is_said_once_typing_pauses(site: Path, chromium: Any) -> None:
    """WCAG 4.1.3: a screen reader hears the count of the search's results, not once a key.
    The page's clock is the test's: keys come faster than the pause, whatever the machine."""
    from playwright.sync_api import expect

    page = chromium.new_page()
    page.clock.install()
    page.goto((site / "voorbeelden" / "index.html").as_uri())
    page.clock.run_for(1000)
    expect(page.locator("#aantal")).not_to_be_empty()
    page.evaluate(
        "window.said = []; new MutationObserver(() => window.said.push("
        "document.getElementById('aantal').textContent)).observe("
        "document.getElementById('aantal'), {childList: true, characterData: true, subtree: true})"
    )
    page.focus("#zoek")
    for key in "ervaringscafe":
        page.keyboard.type(key)
        page.clock.run_for(100)  # a quarter of the pause between keys
    assert page.evaluate("window.said") == []
    page.clock.run_for(400)
    assert page.evaluate("window.said") == ["1 voorbeeld getoond"]


def test_the_language_switch_leads_to_the_same_page(site: Path, chromium: Any) -> None:
    page = chromium.new_page()
    page.goto((site / "voorbeelden" / "giz.html").as_uri())
    page.get_by_role("link", name="English").click()
    assert page.url == (site / "en" / "voorbeelden" / "giz.html").as_uri()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("link", name="Nederlands").click()
    assert page.url == (site / "voorbeelden" / "giz.html").as_uri()


def test_pages_reflow_at_320_pixels(site: Path, chromium: Any) -> None:
    page = chromium.new_page(viewport={"width": 320, "height": 640})
    too_wide = []
    for path in pages_of(site):
        page.goto(path.as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append((str(path.relative_to(site)), width))
    assert too_wide == []


def test_the_skip_link_and_focus_are_visible(site: Path, chromium: Any) -> None:
    page = chromium.new_page()
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " const r = e.getBoundingClientRect();"
        " return [e.className, s.outlineStyle, parseFloat(s.outlineWidth), r.top >= 0]; })()"
    )
    assert focused == ["skip-link", "solid", 3.0, True]


def test_hostile_content_never_runs_and_still_shows(tmp_path: Path, chromium: Any) -> None:
    shipped = make_library()
    library = make_library([_HostileExamples(shipped.examples[0])])
    site = tmp_path / "site"
    site.mkdir()
    write_site(library, OutputFolder(site))
    page = chromium.new_page()
    dialogs: list[str] = []
    problems: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text))
    paths = [site / "voorbeelden" / f"vijandig-{i}.html" for i in range(len(HOSTILE_TEXTS))]
    for path in [*paths, site / "voorbeelden" / "index.html", site / "matrix.html"]:
        page.goto(path.as_uri())
        page.wait_for_timeout(50)
    assert dialogs == []
    assert problems == []
    for index, text in enumerate(HOSTILE_TEXTS):
        page.goto(paths[index].as_uri())
        assert text in page.inner_text("h1")


def test_the_docs_screenshots_exist() -> None:
    for name in ("home.png", "voorbeeld.png", "infographic.png"):
        data = (ROOT / "docs" / "images" / name).read_bytes()
        assert data.startswith(b"\x89PNG")
        assert len(data) > 10_000
