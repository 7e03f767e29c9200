"""Both languages from one reading: the site's layout and fallbacks, and --lang in every
built-in exporter (curriculum, infographics, JSON, build)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from normaliseren import Library, load_library
from normaliseren.cli import main
from normaliseren.curriculum.pages import duration
from normaliseren.infographic.build import infographics
from normaliseren.output import OutputFolder
from normaliseren.site.build import write_site
from normaliseren.strings import STRINGS, t
from normaliseren.testing import make_library

from .conftest import VALID_EXAMPLE
from .test_html import VisibleText, _dutch_interface_phrases, parsed


def test_the_other_language_comes_from_the_same_reading() -> None:
    library = load_library()
    english = library.in_language("en")
    assert english is load_library(lang="en")
    assert english.lang == "en"
    assert english.in_language("en") is english
    assert english.in_language("nl") == library
    assert english.example("buurtgezinnen").name == library.example("buurtgezinnen").name
    assert english.example("buurtgezinnen").summary != library.example("buurtgezinnen").summary


def test_a_library_not_from_the_loader_falls_back_to_dutch_in_english(library: Library) -> None:
    copied = Library.model_validate(library.model_dump())
    english = copied.in_language("en")
    assert english.examples == library.examples
    assert "example:buurtgezinnen" in english.fallbacks
    assert "vision:vision" in english.fallbacks
    assert english.falls_back(english.vision)
    with pytest.raises(ValueError, match="no Dutch text"):
        Library.model_validate(load_library(lang="en").model_dump()).in_language("nl")


@pytest.fixture(scope="module")
def dutch_only_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with one example that has no English translation."""
    folder = tmp_path_factory.mktemp("gemeente")
    (folder / "a.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("site")
    write_site(make_library(content_dirs=[folder]), OutputFolder(out))
    return out


def test_a_dutch_only_example_is_marked_dutch_and_says_so_on_english_pages(
    dutch_only_site: Path,
) -> None:
    page = (dutch_only_site / "en" / "voorbeelden" / "mijn-voorbeeld.html").read_text()
    assert '<h1 lang="nl">Mijn voorbeeld</h1>' in page
    assert '<p class="lead" lang="nl">Een voorbeeld uit onze gemeente.</p>' in page
    assert f'<p class="note fallback">{t("fallback", "en")}</p>' in page
    listing = (dutch_only_site / "en" / "voorbeelden" / "index.html").read_text()
    assert 'lang="nl">Mijn voorbeeld</a>' in listing
    assert f'<span class="badge fallback">{t("fallback-short", "en")}</span>' in listing
    matrix = (dutch_only_site / "en" / "matrix.html").read_text()
    assert 'lang="nl">Mijn voorbeeld</a>' in matrix


def test_translated_content_carries_no_dutch_marks(dutch_only_site: Path) -> None:
    page = (dutch_only_site / "en" / "voorbeelden" / "buurtgezinnen.html").read_text()
    marks = page.replace('hreflang="nl" lang="nl"', "").replace('<cite lang="nl">', "")
    assert ' lang="nl"' not in marks  # only the language link and Dutch source titles
    assert "fallback" not in page
    dutch = (dutch_only_site / "voorbeelden" / "mijn-voorbeeld.html").read_text()
    assert "fallback" not in dutch


def test_export_html_in_english_puts_english_at_the_root(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["export", "html", "--lang", "en", "--out", str(out)]) == 0
    assert parsed(out / "index.html").all("html") == [{"lang": "en"}]
    assert parsed(out / "nl" / "index.html").all("html") == [{"lang": "nl"}]
    assert not (out / "en").exists()
    alternates = parsed(out / "nl" / "matrix.html").all("link")
    links = {a["hreflang"]: a["href"] for a in alternates if a.get("rel") == "alternate"}
    assert links["x-default"] == links["en"] == "../matrix.html"
    assert links["nl"] == "../nl/matrix.html"


@pytest.fixture(scope="module")
def english_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "out"
    assert main(["build", "--lang", "en", "--out", str(out)]) == 0
    return out


def test_build_in_english_writes_every_exporter_in_english(english_build: Path) -> None:
    data = json.loads((english_build / "json" / "library.json").read_text())
    assert data["lang"] == "en"
    assert data["fallbacks"] == []
    for path in (english_build / "infographic").glob("*.json"):
        if path.name != "infographic.schema.json":
            assert json.loads(path.read_text())["lang"] == "en", path
    assert 'lang="en"' in (english_build / "infographic" / "zes-principes.svg").read_text()
    assert parsed(english_build / "html" / "index.html").all("html") == [{"lang": "en"}]
    module = english_build / "curriculum" / "normaliseren-in-de-praktijk"
    for page in (module / "html").glob("*.html"):
        assert parsed(page).all("html") == [{"lang": "en"}], page


def test_the_english_course_has_no_dutch_interface_text(english_build: Path) -> None:
    phrases = _dutch_interface_phrases()
    module = english_build / "curriculum" / "normaliseren-in-de-praktijk"
    found = []
    for path in sorted((module / "html").glob("*.html")):
        text = " ".join(VisibleText(path.read_text(encoding="utf-8")).parts)
        text = re.sub(r"https?://\S+", " ", text)
        found += [
            (path.name, phrase)
            for phrase in phrases
            if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
        ]
    assert found == []
    first = load_library().module("normaliseren-in-de-praktijk").lessons[0]
    markdown = (module / "markdown" / f"les-{first}.md").read_text()
    assert markdown.startswith("# Lesson 1: ")
    assert "## Learning outcomes" in markdown


def test_the_english_cartridge_is_titled_in_english(english_build: Path) -> None:
    cartridge = english_build / "curriculum" / "normaliseren-in-de-praktijk.en.imscc"
    assert not (english_build / "curriculum" / "normaliseren-in-de-praktijk.imscc").exists()
    with zipfile.ZipFile(cartridge) as archive:
        manifest = archive.read("imsmanifest.xml").decode("utf-8")
    assert '<lomm:string language="en">Normalising in practice</lomm:string>' in manifest
    assert "<lomm:language>en</lomm:language>" in manifest
    assert f"<title>{t('teacher-notes', 'en')}</title>" in manifest
    assert f"<title>{t('about-module', 'en')}</title>" in manifest
    assert "Docentnotities" not in manifest


def test_durations_in_both_languages() -> None:
    assert duration(95) == "1 uur en 35 minuten"
    assert duration(95, "en") == "1 hour and 35 minutes"
    assert duration(120, "en") == "2 hours"
    assert duration(1, "en") == "1 minute"


def test_infographics_in_english_use_the_english_strings(library: Library) -> None:
    english = infographics(library.in_language("en"))
    dutch = infographics(library)
    assert [i.id for i in english] == [i.id for i in dutch]
    assert {i.lang for i in english} == {"en"}
    assert english[0].title == t("principles-set", "en")
    assert english[1].description == t("route-summary", "en")
    texts = " ".join(i.text_alternative for i in english)
    dutch_phrases = [d for k, (d, e) in STRINGS.items() if k.startswith("ig-") and "{" not in d]
    assert [phrase for phrase in dutch_phrases if phrase in texts] == []


def test_text_shown_in_dutch_is_marked_dutch_wherever_it_appears(
    library: Library, tmp_path: Path
) -> None:
    """WCAG 3.1.2: in English, a principle's or a lesson's Dutch text (no translation) is
    marked ``lang="nl"`` also where other pages name it: a lesson's outcomes name their
    principles, the module's assessment names outcomes, the filter of examples principles."""
    from normaliseren.curriculum.export import write_modules

    copied = Library.model_validate(library.model_dump())
    english = copied.in_language("en")  # not made by the loader: every text in Dutch
    write_modules(english, OutputFolder(tmp_path / "course"), None, [english.modules[0].id])
    write_site(copied, OutputFolder(tmp_path / "site"))  # Dutch, and English in en/
    pages = tmp_path / "course" / english.modules[0].id / "html"
    lesson = (pages / f"les-{english.modules[0].lessons[0]}.html").read_text(encoding="utf-8")
    outcome = english.course_lesson(english.modules[0].lessons[0]).outcomes[0]
    named = english.principle(outcome.principles[0]).title
    assert f'<span lang="nl">{named}</span>' in lesson
    overview = (pages / "index.html").read_text(encoding="utf-8")
    assessed = english.modules[0].assessment[0].outcomes[0]
    text = next(o.text for c in english.course_lessons for o in c.outcomes if o.id == assessed)
    assert re.search(rf'<li lang="nl">\d+\.\d+ {re.escape(text)}</li>', overview)
    listing = (tmp_path / "site" / "en" / "voorbeelden" / "index.html").read_text("utf-8")
    first = english.principles[0]
    assert f'<option value="{first.id}" lang="nl">1. {first.title}</option>' in listing
