"""The gesprekskaarten exporter: conformance, one card each, safe, accessible, printable HTML."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from importlib.metadata import entry_points
from pathlib import Path

from normaliseren import Example, Library, OutputFolder, hookimpl
from normaliseren.testing import check_exporter

import normaliseren_gesprekskaarten
from normaliseren_gesprekskaarten import EXPORTER, QUESTIONS, questions_for

MakeLibrary = Callable[..., Library]

SHIPPED_PRINCIPLES = (
    "onzekerheid-hoort-erbij",
    "verantwoordelijkheid-laten",
    "informele-steun",
    "laagdrempelig-dichtbij",
    "gelijkwaardig-samenwerken",
    "brede-context",
)


def render(library: Library, tmp_path: Path) -> str:
    """Run the exporter into a fresh folder and return the page."""
    out = tmp_path / "kaarten"
    EXPORTER.write(library, OutputFolder(out))
    assert sorted(p.name for p in out.iterdir()) == ["kaarten.html"]
    return (out / "kaarten.html").read_text(encoding="utf-8")


class Structure(HTMLParser):
    """Records nesting, headings, cards and resource attributes of a page."""

    BALANCED = frozenset({"html", "head", "body", "main", "header", "section", "article", "ul"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.headings: list[int] = []
        self.articles = 0
        self.articles_without_heading = 0
        self.resources: list[tuple[str, str, str | None]] = []
        self.lang: str | None = None
        self._heading_in_article = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BALANCED:
            self.stack.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "article":
            self.articles += 1
            self._heading_in_article = False
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
            self._heading_in_article = True
        self.resources += [(tag, name, value) for name, value in attrs if name in ("src", "href")]
        if tag == "link":
            self.resources.append((tag, "link", dict(attrs).get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and not self._heading_in_article:
            self.articles_without_heading += 1
        if tag not in self.BALANCED:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()


def parse(page: str) -> Structure:
    """The page's structure, after checking the parser saw it all."""
    structure = Structure()
    structure.feed(page)
    structure.close()
    return structure


def style_of(page: str) -> str:
    """The text of the page's one inline stylesheet."""
    styles: list[str] = re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL)
    assert len(styles) == 1
    return styles[0]


def test_exporter_conforms(tmp_path: Path) -> None:
    check_exporter(EXPORTER, tmp_path)


def test_registered_as_entry_point() -> None:
    found = {ep.name: ep for ep in entry_points(group="normaliseren")}
    assert found["gesprekskaarten"].load() is normaliseren_gesprekskaarten


def test_plugin_registers_the_exporter(normaliseren_library: MakeLibrary, tmp_path: Path) -> None:
    library = normaliseren_library(plugins=[normaliseren_gesprekskaarten])
    assert normaliseren_gesprekskaarten.register_exporters() == [EXPORTER]
    assert EXPORTER.name == "gesprekskaarten"
    assert render(library, tmp_path)


def test_one_card_per_principle_and_example(
    normaliseren_library: MakeLibrary, tmp_path: Path
) -> None:
    library = normaliseren_library()
    page = render(library, tmp_path)
    assert page.count("<article") == len(library.principles) + len(library.examples)
    assert page.count('class="kaart principe"') == len(library.principles)
    assert page.count('class="kaart voorbeeld"') == len(library.examples)
    for principle in library.principles:
        assert f"Principe {principle.number}</p>" in page
        assert principle.title in page
        for question in questions_for(principle.id):
            assert question in page
    for example in library.examples:
        assert example.membership.label() in page
        assert f'id="voorbeeld-{example.id}"' in page


def test_every_principle_has_questions(normaliseren_library: MakeLibrary) -> None:
    library = normaliseren_library()
    assert {p.id for p in library.principles} == set(SHIPPED_PRINCIPLES) == set(QUESTIONS)
    for principle in library.principles:
        assert 3 <= len(questions_for(principle.id)) <= 4, principle.id


def test_questions_are_open_and_our_own(normaliseren_library: MakeLibrary) -> None:
    library = normaliseren_library()
    content = library.model_dump_json().casefold()
    questions = [q for qs in QUESTIONS.values() for q in qs]
    assert len(set(questions)) == len(questions)
    for question in questions:
        assert question.endswith("?"), question
        assert question[0].isupper(), question
        assert not any(c.isdigit() for c in question), question
        assert question.casefold().rstrip("?") not in content, question


def test_page_is_safe_and_accessible(normaliseren_library: MakeLibrary, tmp_path: Path) -> None:
    page = render(normaliseren_library(), tmp_path)
    structure = parse(page)
    assert structure.errors == []
    assert structure.stack == []
    assert structure.lang == "nl"
    assert page.startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert '<meta charset="utf-8">' in page
    assert structure.headings.count(1) == 1
    assert structure.headings[0] == 1
    jumps = list(zip(structure.headings, structure.headings[1:], strict=False))
    assert all(after <= before + 1 for before, after in jumps)
    assert structure.articles_without_heading == 0
    assert page.count("<main>") == 1
    assert "<script" not in page.casefold()
    assert structure.resources == []
    assert "http" not in style_of(page)
    assert "url(" not in style_of(page)
    assert "@import" not in style_of(page)


def test_print_stylesheet_lays_out_a6_cards(
    normaliseren_library: MakeLibrary, tmp_path: Path
) -> None:
    style = style_of(render(normaliseren_library(), tmp_path))
    assert re.search(r"@page\s*\{\s*size:\s*A4;", style)
    print_css = style[style.index("@media print") :]
    assert re.search(r"width:\s*105mm;", print_css)
    assert re.search(r"height:\s*148mm;", print_css)
    assert re.search(r"width:\s*210mm;", print_css)  # two cards side by side fill the sheet
    assert "break-inside: avoid" in style


def test_principle_without_questions_gets_a_card(
    normaliseren_library: MakeLibrary, tmp_path: Path
) -> None:
    """A principle the cards hold no questions for (a library made in Python with a seventh:
    content can't add one) gets a card, without questions, with its text escaped."""
    shipped = normaliseren_library()
    extra = shipped.principles[0].model_copy(
        update={
            "id": "extra-principe",
            "number": 7,
            "title": "Een <em>extra</em> principe",
            "statement": "Een principe van deze test, met <b>opmaak</b> die niet mag werken.",
        }
    )
    library = shipped.model_copy(update={"principles": (*shipped.principles, extra)})
    assert library.principle("extra-principe").number == 7
    assert questions_for("extra-principe") == ()
    page = render(library, tmp_path)
    assert page.count("<article") == len(library.principles) + len(library.examples)
    card = page[page.index('id="principe-extra-principe"') :].split("</article>")[0]
    assert "Een &lt;em&gt;extra&lt;/em&gt; principe" in card
    assert "&lt;b&gt;opmaak&lt;/b&gt;" in card
    assert "<em>" not in page
    assert "<b>" not in page
    assert "Om over te praten" not in card  # no questions, but its sources
    assert "<h4>Bronnen</h4>" in card
    assert parse(page).errors == []


def test_every_card_names_its_sources(normaliseren_library: MakeLibrary, tmp_path: Path) -> None:
    library = normaliseren_library()
    page = render(library, tmp_path)
    for anchor, sources in [
        *((f"principe-{p.id}", p.sources) for p in library.principles),
        *((f"voorbeeld-{e.id}", e.sources) for e in library.examples),
    ]:
        card = page[page.index(f'id="{anchor}"') :].split("</article>")[0]
        for source in sources:
            assert escape(source.title) in card, (anchor, source.id)


class LocalExample:
    """A plugin that adds one example, so its card must show where it came from."""

    __name__ = "gesprekskaarten-test-voorbeeld"

    def __init__(self, base: Example) -> None:
        self.base = base

    @hookimpl
    def register_examples(self) -> list[Example]:
        update = {"id": "lokaal-voorbeeld", "name": "Lokaal", "membership": "related"}
        return [self.base.model_copy(update=update)]


def test_origin_shown_only_for_examples_not_from_the_core(
    normaliseren_library: MakeLibrary, tmp_path: Path
) -> None:
    shipped = normaliseren_library()
    assert "Herkomst" not in render(shipped, tmp_path / "kern")
    library = normaliseren_library(plugins=[LocalExample(shipped.examples[0])])
    page = render(library, tmp_path / "lokaal")
    assert page.count('<p class="herkomst">') == 1
    card = page[page.index('id="voorbeeld-lokaal-voorbeeld"') :].split("</article>")[0]
    assert "Herkomst: plugin gesprekskaarten-test-voorbeeld" in card


def test_same_library_same_bytes(normaliseren_library: MakeLibrary, tmp_path: Path) -> None:
    library = normaliseren_library()
    assert render(library, tmp_path / "a") == render(library, tmp_path / "b")


def test_cards_in_english_say_which_text_is_dutch(
    normaliseren_library: MakeLibrary, tmp_path: Path
) -> None:
    english = normaliseren_library().in_language("en")
    page = render(english, tmp_path)
    assert '<html lang="en">' in page
    assert "<h4>Sources</h4>" in page
    assert "<h4>Bronnen</h4>" not in page
    assert '<ul class="vragen" lang="nl">' in page  # the questions are Dutch only
    assert english.example("giz").membership.label("en") in page
    assert parse(page).errors == []
    cited = {s.id: s for p in english.principles for s in p.sources}
    cited |= {s.id: s for e in english.examples for s in e.sources}
    dutch = [source for source in cited.values() if source.lang == "nl"]
    assert dutch  # a Dutch title on an English page is marked Dutch (WCAG 3.1.2)
    for source in dutch:
        assert f'<cite lang="nl">{escape(source.title)}</cite>' in page, source.id
        assert f"<cite>{escape(source.title)}</cite>" not in page, source.id
    dutch_only = render(
        normaliseren_library().model_copy(update={"lang": "en", "fallbacks": ("example:giz",)}),
        tmp_path / "nl-only",
    )
    assert '<h3 id="voorbeeld-giz" lang="nl">' in dutch_only  # shown in Dutch, and said so
    assert '<h3 id="voorbeeld-ease">' in dutch_only
