"""The HTML exporter without a browser: pages, links, safety headers, JSON-LD, determinism."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from normaliseren import Library, hookimpl
from normaliseren.cli import main
from normaliseren.load import registered_exporters
from normaliseren.models import CORE, Origin
from normaliseren.output import OutputFolder
from normaliseren.plugins import load_plugins
from normaliseren.site.build import origin_text, support_values, write_site
from normaliseren.strings import STRINGS
from normaliseren.testing import check_exporter, make_library
from normaliseren.vocabulary import SupportKind

from .browser import build_site
from .conftest import VALID_EXAMPLE


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("html"))


class Page(HTMLParser):
    """What the tests look at in one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_jsonld = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)
            self._in_jsonld = False

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parsed(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


SEARCH_PART = re.compile(r'<script src="\.\./assets/(zoekindex-\d+\.js)"></script>')


def read_search_index(site: Path) -> dict[str, str]:
    """The search index as the examples page loads it: every part it names, in order.

    Each part must be a script that only adds its JSON object to the index, with no ``<``
    (no text can close the script early).
    """
    page = (site / "voorbeelden" / "index.html").read_text(encoding="utf-8")
    parts = SEARCH_PART.findall(page)
    assert parts, "the examples page loads no part of the search index"
    prefix = "Object.assign(window.NORMALISEREN_ZOEKINDEX = window.NORMALISEREN_ZOEKINDEX || {}, "
    index: dict[str, str] = {}
    for part in parts:
        script = (site / "assets" / part).read_text(encoding="utf-8")
        assert "<" not in script
        assert script.startswith(prefix)
        assert script.endswith(");\n")
        found = json.loads(script.removeprefix(prefix).removesuffix(");\n"))
        assert not found.keys() & index.keys()  # each example in one part
        index.update(found)
    return index


def test_the_site_has_every_page_in_both_languages(site: Path, library: Library) -> None:
    names = {str(p.relative_to(site)) for p in site.rglob("*.html")}
    expected = {"index.html", "matrix.html", "route.html", "lessen.html", "bronnen.html"}
    expected |= {"infographics.html"}
    expected |= {"voorbeelden/index.html"}
    expected |= {f"principes/{p.id}.html" for p in library.principles}
    expected |= {f"voorbeelden/{e.id}.html" for e in library.examples}
    assert names == expected | {f"en/{name}" for name in expected}


def test_every_page_has_its_language_one_h1_a_skip_link_and_a_strict_csp(site: Path) -> None:
    for path in site.rglob("*.html"):
        page = parsed(path)
        lang = "en" if path.relative_to(site).parts[0] == "en" else "nl"
        assert page.all("html") == [{"lang": lang}], path
        assert len(page.all("h1")) == 1, path
        assert page.all("a")[0] == {"class": "skip-link", "href": "#inhoud"}, path
        csp = [
            m["content"]
            for m in page.all("meta")
            if m.get("http-equiv") == "Content-Security-Policy"
        ]
        assert len(csp) == 1
        assert "script-src 'self'" in (csp[0] or "")
        assert "unsafe-inline" not in (csp[0] or "")


def test_every_page_links_to_its_counterpart_and_back(site: Path) -> None:
    for path in site.rglob("*.html"):
        page = parsed(path)
        own = "en" if path.relative_to(site).parts[0] == "en" else "nl"
        alternates = {
            a["hreflang"]: (path.parent / (a["href"] or "")).resolve()
            for a in page.all("link")
            if a.get("rel") == "alternate"
        }
        name = str(path.relative_to(site)).removeprefix("en/")
        assert alternates == {
            "nl": (site / name).resolve(),
            "en": (site / "en" / name).resolve(),
            "x-default": (site / name).resolve(),
        }, path
        other = "nl" if own == "en" else "en"
        (switch,) = [a for a in page.all("a") if a.get("hreflang")]
        assert switch["hreflang"] == switch["lang"] == other, path
        assert (path.parent / (switch["href"] or "")).resolve() == alternates[other], path


class VisibleText(HTMLParser):
    """The text a reader meets in a page (text, labels, JSON-LD), outside parts marked Dutch."""

    ATTRIBUTES = ("alt", "aria-label", "content", "title", "data-one", "data-many")
    VOID = frozenset({"meta", "link", "br", "img", "input", "hr"})

    def __init__(self, text: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._dutch_depth = 0
        self._stack: list[bool] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self._dutch_depth == 0 and tag != "html":
            self.parts.extend(found[a] or "" for a in self.ATTRIBUTES if a in found)
        if tag in self.VOID:
            return
        dutch = found.get("lang") == "nl" and tag != "html"
        self._stack.append(dutch)
        self._dutch_depth += dutch

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self._stack:
            self._dutch_depth -= self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._dutch_depth == 0:
            self.parts.append(data)


def _dutch_interface_phrases() -> set[str]:
    """Every Dutch interface string of STRINGS that differs from its English.

    Strings with fields are cut at the fields; of those, pieces of two words or more count.
    The language switch names each language in that language, so it is left out.
    """
    phrases = set()
    for key, (dutch, english) in STRINGS.items():
        if dutch == english or key == "language-name":
            continue
        parts = [p.strip(" .,:;()-") for p in re.split(r"\{[^}]*\}", dutch)]
        whole = len(parts) == 1
        phrases |= {p for p in parts if len(p) >= 3 and (whole or " " in p) and p not in english}
    return phrases


def _names_kept_in_dutch(library: Library) -> set[str]:
    """Text the English site shows as it is: titles of sources, names, places."""
    kept = {s.title for s in library.sources} | {s.publisher for s in library.sources}
    for example in library.examples:
        kept |= {*example.organisations, *example.places}
    kept |= {step.label.text for step in library.route if step.label}
    return kept


def test_the_english_site_has_no_dutch_interface_text(site: Path, library: Library) -> None:
    phrases = _dutch_interface_phrases()
    assert len(phrases) > 100
    kept = sorted(_names_kept_in_dutch(library), key=len, reverse=True)
    found = []
    for path in sorted((site / "en").rglob("*.html")):
        text = " ".join(VisibleText(path.read_text(encoding="utf-8")).parts)
        for name in kept:
            text = text.replace(name, " ")
        text = re.sub(r"https?://\S+", " ", text)
        found += [
            (str(path.relative_to(site)), phrase)
            for phrase in phrases
            if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
        ]
    assert found == []


def test_the_dutch_site_has_no_english_interface_text(site: Path) -> None:
    english = {e for d, e in STRINGS.values() if d != e and "{" not in e and len(e) > 12}
    for path in site.rglob("*.html"):
        if path.relative_to(site).parts[0] != "en":
            text = path.read_text(encoding="utf-8")
            assert [phrase for phrase in english if phrase in text] == [], path


def test_no_external_resources_and_every_internal_link_resolves(site: Path) -> None:
    for path in site.rglob("*.html"):
        page = parsed(path)
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for attrs in page.all(tag):
                target = attrs.get(attribute)
                if target is None:
                    continue
                assert not re.match(r"^[a-z]+:|^//", target), (path, target)
        for attrs in page.all("a"):
            href = attrs.get("href") or ""
            if re.match(r"^[a-z]+:", href) or href.startswith("#"):
                continue
            resolved = (path.parent / href.split("#")[0]).resolve()
            assert resolved.is_file(), (path, href)
            assert site.resolve() in resolved.parents, (path, href)


def test_json_ld_on_every_page(site: Path, library: Library) -> None:
    for path in site.rglob("*.html"):
        (text,) = parsed(path).jsonld
        data = json.loads(text)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] in {
            "Article",
            "CreativeWork",
            "DefinedTerm",
            "CollectionPage",
            "Dataset",
        }
    principle = json.loads(parsed(site / "principes" / "informele-steun.html").jsonld[0])
    assert principle["@type"] == "DefinedTerm"
    assert principle["inDefinedTermSet"]["@type"] == "DefinedTermSet"


def test_example_pages_show_provenance_and_unknowns(site: Path) -> None:
    text = (site / "voorbeelden" / "ervaringscafe.html").read_text(encoding="utf-8")
    assert "verwante praktijk" in text
    assert "niet vermeld in de beschikbare bronnen" in text
    assert '<dd class="unknown">onbekend</dd>' in text
    facts = text[text.index('<dl class="facts">') :]
    for label in ("Setting", "Soort steun"):  # no source says: shown as unknown
        assert f'<dt>{label}</dt>\n<dd class="unknown">onbekend</dd>' in facts
    giz = (site / "voorbeelden" / "giz.html").read_text(encoding="utf-8")
    assert "goed onderbouwd (2018-03-29)" in giz


def test_the_matrix_is_a_table_with_headers(site: Path, library: Library) -> None:
    page = parsed(site / "matrix.html")
    assert len([a for a in page.all("th") if a.get("scope") == "row"]) == len(library.examples)
    assert (
        len([a for a in page.all("th") if a.get("scope") == "col"]) == len(library.principles) + 1
    )
    assert page.all("caption")


def test_output_is_byte_identical(tmp_path: Path) -> None:
    first, second = build_site(tmp_path / "a"), build_site(tmp_path / "b")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_markdown_in_content_cannot_inject(tmp_path: Path) -> None:
    text = VALID_EXAMPLE.replace(
        "Een korte beschrijving van het voorbeeld.",
        "<script>alert(1)</script> [klik](javascript:alert(1)) [goed](https://x.nl) "
        '<img src=x onerror="alert(1)">',
    )
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.md").write_text(text, encoding="utf-8")
    library = make_library(content_dirs=[folder])
    out = tmp_path / "site"
    out.mkdir()
    write_site(library, OutputFolder(out))
    html = (out / "voorbeelden" / "mijn-voorbeeld.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert 'href="https://x.nl"' in html
    assert "<img" not in html
    index = read_search_index(out)
    assert list(index) == sorted(e.id for e in library.examples)
    assert "<script>alert(1)</script>" in index["mijn-voorbeeld"]


def test_the_html_exporter_conforms(tmp_path: Path) -> None:
    exporter = registered_exporters(load_plugins(entry_point_plugins=False))["html"][0]
    check_exporter(exporter, tmp_path)


def test_local_examples_show_their_origin_by_the_folders_name_only(tmp_path: Path) -> None:
    folder = tmp_path / "voorbeelden-gemeente"
    folder.mkdir()
    (folder / "a.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    write_site(make_library(content_dirs=[folder]), OutputFolder(out))
    for prefix, words in (("", "Herkomst: map"), ("en/", "Origin: folder")):
        for name in ("mijn-voorbeeld.html", "index.html"):
            page = (out / f"{prefix}voorbeelden" / name).read_text(encoding="utf-8")
            assert f'<span class="origin">{words} voorbeelden-gemeente</span>' in page
            assert str(tmp_path) not in page  # where the builder keeps it is not published
    core = (out / "voorbeelden" / "giz.html").read_text(encoding="utf-8")
    assert '<span class="origin">Herkomst: de bibliotheek zelf</span>' in core
    assert "de lezing van deze bibliotheek." in core
    local = (out / "voorbeelden" / "mijn-voorbeeld.html").read_text(encoding="utf-8")
    assert "de lezing van deze bibliotheek" not in local  # the folder's reading, not ours
    assert "de lezing van wie dit voorbeeld toevoegde (map voorbeelden-gemeente)." in local


def test_an_example_that_replaces_a_shipped_one_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "gemeente"
    folder.mkdir()
    own = VALID_EXAMPLE.replace("id: mijn-voorbeeld", "id: giz\nreplaces: true")
    (folder / "giz.md").write_text(own, encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    write_site(make_library(content_dirs=[folder]), OutputFolder(out))
    page = (out / "voorbeelden" / "giz.html").read_text(encoding="utf-8")
    said = "Herkomst: map gemeente; vervangt het voorbeeld met deze id uit de bibliotheek zelf"
    assert f'<span class="origin">{said}</span>' in page
    other = (out / "voorbeelden" / "buurtgezinnen.html").read_text(encoding="utf-8")
    assert "vervangt" not in other


def test_an_origin_is_said_in_the_pages_language() -> None:
    plugin = Origin(kind="plugin", name="normaliseren-opendata", version="1.2.0")
    assert origin_text(plugin, "nl") == origin_text(plugin, "en") == "plugin normaliseren-opendata"
    assert origin_text(CORE, "nl") == "de bibliotheek zelf"
    assert origin_text(CORE, "en") == "the library itself"
    for path in ("/srv/inhoud/gemeente/", "C:\\inhoud\\gemeente", "gemeente"):
        folder = Origin(kind="folder", name=path)
        assert origin_text(folder, "nl") == "map gemeente", path
        assert origin_text(folder, "en") == "folder gemeente", path
    here = Origin(kind="folder", name=".")
    assert origin_text(here, "en") == f"folder {Path.cwd().name}"
    assert Origin(kind="folder", name="/srv/x").label() == "folder /srv/x"  # messages keep it


def test_an_example_of_both_kinds_of_support_is_found_under_each(site: Path) -> None:
    for prefix in ("", "en/"):
        page = parsed(site / f"{prefix}voorbeelden" / "index.html")
        (item,) = [a for a in page.all("li") if a.get("id") == "voorbeeld-ouderkamer"]
        assert set((item["data-steun"] or "").split()) == {"both", "informal", "formal"}
        options = {
            a["value"] for a in page.all("option") if a.get("value")
        }  # what the filter offers, of which each of the three
        assert {"both", "informal", "formal"} <= options
    assert support_values(SupportKind.FORMAL) == ["formal"]
    assert support_values(None) == []


class Outline(HTMLParser):
    """The headings of a page in order, each with whether it shows without script."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.headings: list[tuple[int, bool]] = []
        self._hidden: list[bool] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VisibleText.VOID:
            return
        hidden = (bool(self._hidden) and self._hidden[-1]) or "hidden" in dict(attrs)
        self._hidden.append(hidden)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((int(tag[1]), not hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VisibleText.VOID and self._hidden:
            self._hidden.pop()


def test_headings_go_down_one_level_at_a_time_with_and_without_script(site: Path) -> None:
    """The filter form is hidden until the script shows it: both outlines must hold."""
    skips = []
    for path in sorted(site.rglob("*.html")):
        headings = Outline(path.read_text(encoding="utf-8")).headings
        for scripted in (True, False):
            levels = [level for level, shown in headings if shown or scripted]
            assert levels[0] == 1, path
            skips += [
                (str(path.relative_to(site)), scripted, a, b)
                for a, b in pairwise(levels)
                if b > a + 1
            ]
    assert skips == []


def test_route_steps_are_numbered_once(site: Path, library: Library) -> None:
    for prefix in ("", "en/"):
        text = (site / f"{prefix}route.html").read_text(encoding="utf-8")
        headings = re.findall(r'<h2 id="stap-[^"]*"[^>]*>([^<]*)</h2>', text)
        assert len(headings) == len(library.route)
        assert not [h for h in headings if re.match(r"\d", h)], headings  # the list numbers
        values = re.findall(r'<li value="(\d+)">\s*<section aria-labelledby="stap-', text)
        assert values == [str(step.number) for step in library.route]


def test_the_text_alternative_does_not_repeat_the_caption(site: Path) -> None:
    for prefix in ("", "en/"):
        text = (site / f"{prefix}infographics.html").read_text(encoding="utf-8")
        figures = re.findall(r"<figcaption>\s*<p>(.*?)</p>(.*?)</figcaption>", text, re.S)
        assert len(figures) == 4
        for caption, rest in figures:
            assert caption not in rest
            assert "<p>" in rest  # the text alternative itself is there
        items = [re.findall(r"<li>", rest) for _, rest in figures]
        assert sorted(map(len, items)) == [0, 0, 4, 6]  # the route's steps, the principles


def test_a_plugin_brands_the_site(tmp_path: Path) -> None:
    theme = tmp_path / "thema"
    theme.mkdir()
    (theme / "brand.html").write_text(
        '<p class="site-name"><a href="{{ root }}index.html">Gemeente Voorbeeld</a></p>\n'
    )
    (theme / "theme.css").write_text(":root { --accent: #6b1d91; }\n")

    class Brand:
        @hookimpl
        def register_template_dirs(self) -> list[Path]:
            return [theme]

    plugins = load_plugins(entry_point_plugins=False, extra=[("merk", Brand())], strict=True)
    out = tmp_path / "site"
    out.mkdir()
    write_site(make_library(), OutputFolder(out), plugins)
    page = (out / "voorbeelden" / "giz.html").read_text(encoding="utf-8")
    assert "Gemeente Voorbeeld" in page
    assert '<link rel="stylesheet" href="../assets/theme.css">' in page
    assert (out / "assets" / "theme.css").read_text() == ":root { --accent: #6b1d91; }\n"


def test_force_replaces_a_folder_of_other_files(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "oud.txt").write_text("van iemand anders")
    assert main(["export", "html", "--out", str(out)]) == 1
    assert "use --force" in capsys.readouterr().err
    assert (out / "oud.txt").exists()
    assert main(["export", "html", "--out", str(out), "--force"]) == 0
    assert not (out / "oud.txt").exists()
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_parallel_rendering_gives_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normaliseren import workers

    folder = tmp_path / "veel"
    folder.mkdir()
    for index in range(40):
        text = VALID_EXAMPLE.replace("mijn-voorbeeld", f"voorbeeld-{index}")
        (folder / f"{index}.md").write_text(text, encoding="utf-8")
    library = make_library(content_dirs=[folder])
    sites = []
    for threshold in (10_000, 1):
        monkeypatch.setattr(workers, "PARALLEL_FROM", threshold)
        out = tmp_path / f"site-{threshold}"
        out.mkdir()
        write_site(library, OutputFolder(out))
        sites.append(
            {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        )
    assert len(sites[0]) > 50
    assert sites[0] == sites[1]


def test_the_filter_offers_only_values_that_find_an_example(site: Path, library: Library) -> None:
    page = (site / "voorbeelden" / "index.html").read_text(encoding="utf-8")
    offered = set(re.findall(r'<option value="([a-z-]+)">', page))
    used = {s.value for e in library.examples for s in e.settings}
    used |= {g.value for e in library.examples for g in e.target_groups}
    used |= {e.support.value for e in library.examples if e.support}
    if any(e.support is SupportKind.BOTH for e in library.examples):
        used |= {SupportKind.INFORMAL.value, SupportKind.FORMAL.value}
    used |= {p.id for p in library.principles}
    assert offered == used
    assert "kinderopvang" not in offered  # no shipped example is in childcare


def test_the_search_index_finds_examples_by_their_target_groups(site: Path) -> None:
    index = read_search_index(site)
    assert "ouders" in index["buurtgezinnen"]  # a target group, not a word of its text


def test_a_source_title_in_the_other_language_is_marked_as_such(
    site: Path, library: Library
) -> None:
    """For screen readers (WCAG 3.1.2): a Dutch title on an English page, and the reverse."""
    for folder, page_lang in ((site, "nl"), (site / "en", "en")):
        html = (folder / "bronnen.html").read_text(encoding="utf-8")
        for source in library.sources:
            title = str(escape(source.title))
            marked = f' lang="{source.lang}">{title}<' in html
            assert marked == (source.lang != page_lang), (page_lang, source.id)
    assert {source.lang for source in library.sources} == {"nl", "en"}


class Links(HTMLParser):
    """Each link of a page: its text as read out, and where it goes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.found.append((" ".join("".join(self._text).split()), self._href))
            self._href = None


def assert_links_tell_their_places_apart(pages: Iterable[Path]) -> None:
    """On each page, links with the same text go to the same place (WCAG 2.4.4)."""
    for path in sorted(pages):
        targets: dict[str, set[str]] = {}
        for text, href in Links(path.read_text(encoding="utf-8")).found:
            targets.setdefault(text, set()).add(href)
        assert {t: h for t, h in targets.items() if len(h) > 1} == {}, path


def test_links_with_the_same_text_go_to_the_same_place(site: Path) -> None:
    """A screen reader's list of links tells each destination apart."""
    assert_links_tell_their_places_apart(site.rglob("*.html"))


def test_a_heading_in_content_stays_below_its_place_on_the_page(tmp_path: Path) -> None:
    """WCAG 1.3.1: a local example's "# Kop" does not make a second h1 on its page."""
    text = VALID_EXAMPLE.replace(
        "Een korte beschrijving van het voorbeeld.",
        "# Eigen kop\n\nTekst.\n\n### Dieper\n\nMeer tekst.",
    )
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.md").write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    write_site(make_library(content_dirs=[folder]), OutputFolder(out))
    html = (out / "voorbeelden" / "mijn-voorbeeld.html").read_text(encoding="utf-8")
    assert html.count("<h1") == 1
    assert "<h2>Eigen kop</h2>" in html
    assert "<h4>Dieper</h4>" in html
