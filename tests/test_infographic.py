"""Infographics: the format and its schema, the documents, the pictures, and hostile text."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normaliseren import Library
from normaliseren.cli import main
from normaliseren.infographic.build import infographics
from normaliseren.infographic.models import (
    SCHEMA_ID,
    Chart,
    Infographic,
    KeyFigure,
    Statement,
    infographic_schema,
)
from normaliseren.infographic.render import MARGIN, WIDTH, to_svg
from normaliseren.site.build import LANGS
from normaliseren.testing import make_library
from normaliseren.vocabulary import Lang

from .browser import ROOT, browser, require_browser
from .conftest import VALID_EXAMPLE
from .test_roundtrip import examples

VEGA_LITE_SCHEMA = (
    ROOT / ".tools" / "node_modules" / "vega-lite" / "build" / "vega-lite-schema.json"
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ig") / "out"
    assert main(["export", "infographic", "--out", str(out)]) == 0
    return out


def test_the_four_infographics_are_exported(exported: Path) -> None:
    ids = [
        "formele-ondersteuning",
        "route-van-het-leernetwerk",
        "voorbeelden-per-setting-en-steun",
        "zes-principes",
    ]
    for name in ids:
        for suffix in (".json", ".svg", ".png"):
            assert (exported / f"{name}{suffix}").is_file(), name + suffix
    assert json.loads((exported / "infographic.schema.json").read_text()) == infographic_schema()


def test_documents_validate_against_the_published_schema(exported: Path) -> None:
    schema = infographic_schema()
    assert schema["$id"] == SCHEMA_ID
    assert SCHEMA_ID.endswith(":1")  # the major version of the format
    validator = jsonschema.Draft202012Validator(schema)
    for path in exported.glob("*.json"):
        if path.name != "infographic.schema.json":
            assert list(validator.iter_errors(json.loads(path.read_text()))) == [], path.name


def test_schema_keeps_documents_of_every_minor_version_valid(exported: Path) -> None:
    """The compatibility policy: a minor version keeps old documents valid, a major does not."""
    validator = jsonschema.Draft202012Validator(infographic_schema())
    document = json.loads((exported / "zes-principes.json").read_text())
    for minor in ("normaliseren-infographic/1.0", "normaliseren-infographic/1.12"):
        assert validator.is_valid({**document, "format": minor}), minor
    for other in ("normaliseren-infographic/2.0", "normaliseren-infographic/1.01", "1.0"):
        assert not validator.is_valid({**document, "format": other}), other


def test_schema_requires_every_field_a_document_holds(exported: Path) -> None:
    """Every field is written, defaults included, so a reader may count on each key."""
    validator = jsonschema.Draft202012Validator(infographic_schema())
    document = json.loads((exported / "zes-principes.json").read_text())
    for key in document:
        assert not validator.is_valid({k: v for k, v in document.items() if k != key}), key
    block = {k: v for k, v in document["blocks"][0].items() if k != "type"}
    assert not validator.is_valid({**document, "blocks": [block]})


def test_schema_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "infographic"]) == 0
    assert json.loads(capsys.readouterr().out) == infographic_schema()


def test_every_chart_is_valid_vega_lite(library: Library) -> None:
    if not VEGA_LITE_SCHEMA.exists():
        message = "the Vega-Lite schema is not installed (bash scripts/check installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    validator = jsonschema.Draft7Validator(json.loads(VEGA_LITE_SCHEMA.read_text()))
    charts = [b for i in infographics(library) for b in i.blocks if isinstance(b, Chart)]
    assert len(charts) == 2
    for chart in charts:
        assert [e.message for e in validator.iter_errors(chart.spec)] == []


def test_the_key_figure_is_the_magazines(library: Library) -> None:
    (document,) = [i for i in infographics(library) if i.id == "formele-ondersteuning"]
    figure = document.blocks[0]
    assert figure.model_dump()["value"] == 10
    assert [s.id for s in document.sources] == ["magazine"]


def test_examples_from_folders_show_up_in_the_charts(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.md").write_text(
        VALID_EXAMPLE.replace("settings: [wijk]", "settings: [kinderopvang]")
    )
    library = make_library(content_dirs=[folder])
    (document,) = [i for i in infographics(library) if i.id == "voorbeelden-per-setting-en-steun"]
    chart = document.blocks[0]
    assert isinstance(chart, Chart)
    assert {"categorie": "kinderopvang", "aantal": 1} in chart.spec["data"]["values"]


def test_examples_without_a_setting_or_kind_of_support_are_counted_as_unknown(
    library: Library,
) -> None:
    (document,) = [i for i in infographics(library) if i.id == "voorbeelden-per-setting-en-steun"]
    settings, support = (block.spec["data"]["values"] for block in document.blocks)  # type: ignore[union-attr]
    unknown_settings = sum(1 for e in library.examples if not e.settings)
    unknown_support = sum(1 for e in library.examples if e.support is None)
    assert unknown_settings > 0  # the shipped content leaves some unknown
    assert unknown_support > 0
    assert {"categorie": "onbekend", "aantal": unknown_settings} in settings
    assert {"categorie": "onbekend", "aantal": unknown_support} in support
    assert sum(v["aantal"] for v in support) == len(library.examples)


def test_output_is_byte_identical(tmp_path: Path) -> None:
    trees = []
    for name in ("a", "b"):
        assert main(["export", "infographic", "--out", str(tmp_path / name)]) == 0
        trees.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert trees[0] == trees[1]


def test_the_svg_is_accessible_and_well_formed(exported: Path) -> None:
    for path in exported.glob("*.svg"):
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        assert root.get("lang") == "nl"
        assert root.get("role") == "img"
        ns = "{http://www.w3.org/2000/svg}"
        assert root.find(f"{ns}title") is not None
        desc = root.find(f"{ns}desc")
        assert desc is not None
        assert len(desc.text or "") > 50


def _svg_texts(svg: str) -> list[str]:
    ns = "{http://www.w3.org/2000/svg}"
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{ns}text")]


def test_the_posters_name_their_sources_in_their_language(library: Library) -> None:
    languages: tuple[tuple[Lang, str, str], ...] = (
        ("nl", "Bron: ", "Bronnen: "),
        ("en", "Source: ", "Sources: "),
    )
    for lang, one, many in languages:
        for document in infographics(library.in_language(lang)):
            texts = _svg_texts(to_svg(document))
            assert any(t.startswith(many) for t in texts), (lang, document.id)
            others = {"Bron: ", "Bronnen: ", "Source: ", "Sources: "} - {one, many}
            assert not [t for t in texts if t.startswith(tuple(others))], (lang, document.id)
        (figure,) = [
            i for i in infographics(library.in_language(lang)) if i.id == "formele-ondersteuning"
        ]
        assert any(t.startswith(one) for t in _svg_texts(to_svg(figure)))


def test_the_text_alternative_says_each_thing_once(library: Library) -> None:
    for lang in LANGS:
        documents = {i.id: i for i in infographics(library.in_language(lang))}
        for document in documents.values():
            paragraphs = document.text_alternative.split("\n\n")
            assert paragraphs[0] == document.description
            assert document.text_after_description() == [p.split("\n") for p in paragraphs[1:]]
            for paragraph in paragraphs:
                assert paragraph[:1] == paragraph[:1].upper(), (lang, paragraph)
                labels = re.findall(r"(?:^|\. )([^:.]+):", paragraph)
                assert len(labels) == len(set(labels)), (lang, paragraph)  # no label twice
        route = documents["route-van-het-leernetwerk"].text_alternative
        steps = next(p for p in route.split("\n\n") if p.count("\n") >= 1).split("\n")
        assert [line[:2] for line in steps[1:]] == [f"{s.number}." for s in library.route]
        assert not re.search(r"\b(\d)\. \1\. ", route), route  # a step's number, once
        assert re.search(r"\b1\. \w", route)
        charts = documents["voorbeelden-per-setting-en-steun"]
        for block in charts.blocks:
            assert isinstance(block, Chart)
            assert block.description in charts.text_alternative
            assert f"{block.title}: " not in charts.text_alternative
    english = {i.id: i for i in infographics(library.in_language("en"))}
    assert "\n\nMore than 10%" in english["formele-ondersteuning"].text_alternative


unusual = st.sampled_from(
    [
        "Een heel lange naam " * 12,
        "Zeerlangwoordzonderspatiesdatnietafbreektmaarwelmoetpassen" * 3,
        "Ééntje met accenten: café, naïef, Curaçao",
        "Emoji 🙂🤝🏽👨‍👩‍👧",
        "שלום עולם مرحبا بالعالم",
        "<script>alert('x')</script> & <b>vet</b> ]]> \"' ",
    ]
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(examples(), min_size=1, max_size=4, unique_by=lambda e: e.id), unusual)
def test_any_library_gives_valid_documents_and_drawable_pictures(
    generated: list[Any], text: str
) -> None:
    shipped = make_library()
    extra = [e.model_copy(update={"name": text[:200].strip() or "x"}) for e in generated]
    library = shipped.model_copy(update={"examples": (*shipped.examples, *extra)})
    validator = jsonschema.Draft202012Validator(infographic_schema())
    for document in infographics(library):
        assert list(validator.iter_errors(document.model_dump(mode="json"))) == []
        svg = to_svg(document)
        ET.fromstring(svg)  # well-formed: markup characters are escaped
        assert "<script>" not in svg


@settings(max_examples=30, deadline=None)
@given(unusual, st.text(min_size=1, max_size=300).filter(str.strip))
def test_unusual_text_is_drawn_escaped(title: str, body: str) -> None:
    document = Infographic.model_validate(
        {
            "id": "proef",
            "lang": "nl",
            "title": title.replace("\n", " ").strip() or "x",
            "description": body,
            "text_alternative": body,
            "sources": [{"id": "magazine", "title": body, "publisher": title}],
            "blocks": [{"type": "statement", "text": body, "source": "magazine"}],
        }
    )
    root = ET.fromstring(to_svg(document))
    assert root.tag.endswith("svg")


UNUSUAL_TEXTS = [
    "Een heel lange naam " * 12,
    "Zeerlangwoordzonderspatiesdatnietafbreektmaarwelmoetpassen" * 3,
    "WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW",
    "Emoji 🙂🤝🏽👨‍👩‍👧 en accenten: café, naïef, Curaçao",
    "שלום עולם مرحبا بالعالم",
    "<script>alert('x')</script> & <b>vet</b>",
]


def test_pictures_in_the_browser_show_their_text_and_nothing_overflows(
    exported: Path, tmp_path: Path
) -> None:
    require_browser()
    unusual_doc = Infographic.model_validate(
        {
            "id": "ongewoon",
            "lang": "nl",
            "title": UNUSUAL_TEXTS[1][:120],
            "description": UNUSUAL_TEXTS[0],
            "text_alternative": " ".join(UNUSUAL_TEXTS),
            "sources": [{"id": "magazine", "title": UNUSUAL_TEXTS[2], "publisher": "x"}],
            "blocks": [
                {"type": "statement", "text": text, "source": "magazine"} for text in UNUSUAL_TEXTS
            ],
        }
    )
    json_path = tmp_path / "ongewoon.json"
    json_path.write_text(json.dumps(unusual_doc.model_dump(mode="json")), encoding="utf-8")
    (tmp_path / "ongewoon.svg").write_text(to_svg(unusual_doc), encoding="utf-8")
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": WIDTH, "height": 1200})
        for path in [*sorted(exported.glob("*.svg")), tmp_path / "ongewoon.svg"]:
            page.goto(path.as_uri())
            overflow = page.evaluate(
                "(box) => Array.from(document.querySelectorAll('svg > text')).filter(t => {"
                " const b = t.getBBox(); return b.x < box[0] || b.x + b.width > box[1];"
                " }).map(t => t.textContent)",
                [MARGIN - 3, WIDTH - MARGIN],  # the text column (glyphs may start a hair left)
            )
            assert overflow == [], path.name
            text = page.evaluate("document.documentElement.textContent")
            document = json.loads(path.with_suffix(".json").read_text())
            assert document["title"] in text


def test_the_schema_shipped_in_the_package_is_the_generated_one() -> None:
    from importlib.resources import files

    shipped = files("normaliseren.infographic") / "infographic.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == infographic_schema()


def test_the_text_alternative_names_the_sources_the_picture_shows(library: Library) -> None:
    """WCAG 1.1.1: what the picture says in words, its sources included."""
    sourced = 0
    for infographic in infographics(library):
        names = [f"{s.publisher}, {s.title}" for s in infographic.sources]
        last = infographic.text_alternative.split("\n\n")[-1]
        assert last == "Bronnen: " + "; ".join(names), infographic.id
        for block in infographic.blocks:
            if isinstance(block, Statement | KeyFigure) and block.source is not None:
                (source,) = [s for s in infographic.sources if s.id == block.source]
                said = f" (Bron: {source.publisher}, {source.title})"
                text = block.text if isinstance(block, Statement) else block.label
                paragraph = next(p for p in infographic.text_alternative.split("\n\n") if text in p)
                assert paragraph.endswith(said), (infographic.id, paragraph)
                sourced += 1
    assert sourced >= 2  # a key figure and a statement in the shipped infographics
