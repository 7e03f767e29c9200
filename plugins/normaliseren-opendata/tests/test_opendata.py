"""The opendata exporter: conformance, a valid Data Package, and rows that match the library."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import frictionless
import pytest
from normaliseren import Example, Library, OutputFolder, hookimpl
from normaliseren.testing import check_exporter

import normaliseren_opendata
from normaliseren_opendata import EXPORTER, TABLES

MakeLibrary = Callable[..., Library]

CSV_FILES = (
    "examples.csv",
    "principles.csv",
    "example_principles.csv",
    "citations.csv",
    "sources.csv",
)


class ExtraExample:
    """A plugin with one example of its own: a copy of a shipped one under a new id."""

    __name__ = "opendata-test-plugin"

    def __init__(self, base: Example, **update: Any) -> None:
        self.base = base
        fields = {"id": "extra-voorbeeld", "name": "Extra voorbeeld", "membership": "related"}
        self.update = {**fields, **update}

    @hookimpl
    def register_examples(self) -> list[Example]:
        return [self.base.model_copy(update=self.update)]


def export(library: Library, out: Path) -> Path:
    EXPORTER.write(library, OutputFolder(out))
    return out


def read(out: Path, name: str) -> list[dict[str, str]]:
    with (out / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def package(out: Path) -> dict[str, Any]:
    descriptor: dict[str, Any] = json.loads((out / "datapackage.json").read_text("utf-8"))
    return descriptor


@pytest.fixture
def shipped(normaliseren_library: MakeLibrary) -> Library:
    return normaliseren_library()


@pytest.fixture
def extended(normaliseren_library: MakeLibrary, shipped: Library) -> Library:
    return normaliseren_library(plugins=[ExtraExample(shipped.examples[0])])


def test_the_exporter_conforms(tmp_path: Path) -> None:
    check_exporter(EXPORTER, tmp_path)


def test_the_plugin_is_installed_under_its_entry_point() -> None:
    (entry,) = entry_points(group="normaliseren", name="opendata")
    assert entry.load() is normaliseren_opendata
    assert normaliseren_opendata.register_exporters() == [EXPORTER]
    assert EXPORTER.name == "opendata"
    assert "\n" not in EXPORTER.description


@pytest.mark.parametrize("which", ["shipped", "extended"])
def test_the_package_is_valid_frictionless(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    library: Library = request.getfixturevalue(which)
    out = export(library, tmp_path / "out")
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert [task.name for task in report.tasks] == [table.name for table in TABLES]


def test_the_descriptor_describes_every_file(shipped: Library, tmp_path: Path) -> None:
    out = export(shipped, tmp_path / "out")
    descriptor = package(out)
    assert descriptor["profile"] == "tabular-data-package"
    assert "licenses" not in descriptor  # the library declares no licence
    assert {"name", "title", "description"} <= descriptor.keys()
    written = sorted(path.name for path in out.iterdir())
    assert written == sorted(["datapackage.json", *CSV_FILES])
    assert [resource["path"] for resource in descriptor["resources"]] == list(CSV_FILES)
    for resource in descriptor["resources"]:
        assert resource["profile"] == "tabular-data-resource"
        assert resource["name"] == resource["path"].removesuffix(".csv")
        assert (resource["format"], resource["mediatype"]) == ("csv", "text/csv")
        assert resource["encoding"] == "utf-8"
        fields = resource["schema"]["fields"]
        with (out / resource["path"]).open(encoding="utf-8", newline="") as file:
            assert next(csv.reader(file)) == [field["name"] for field in fields]
        assert all(field["type"] and field["description"] for field in fields)
        assert resource["schema"]["primaryKey"]


def test_files_are_utf8_with_newline_line_ends(shipped: Library, tmp_path: Path) -> None:
    out = export(shipped, tmp_path / "out")
    for name in (*CSV_FILES, "datapackage.json"):
        data = (out / name).read_bytes()
        data.decode("utf-8")
        assert b"\r" not in data
        assert data.endswith(b"\n")
        assert not data.startswith(b"\xef\xbb\xbf")


def test_row_counts_match_the_library(shipped: Library, tmp_path: Path) -> None:
    out = export(shipped, tmp_path / "out")
    links = sum(len(example.principles) for example in shipped.examples)
    assert len(read(out, "examples.csv")) == len(shipped.examples)
    assert len(read(out, "principles.csv")) == len(shipped.principles)
    assert len(read(out, "example_principles.csv")) == links
    assert len(read(out, "sources.csv")) == len(shipped.sources)


def test_rows_are_in_library_order(shipped: Library, tmp_path: Path) -> None:
    out = export(shipped, tmp_path / "out")
    assert [row["id"] for row in read(out, "examples.csv")] == [e.id for e in shipped.examples]
    assert [row["id"] for row in read(out, "principles.csv")] == [p.id for p in shipped.principles]
    assert [row["id"] for row in read(out, "sources.csv")] == [s.id for s in shipped.sources]


def test_every_link_refers_to_existing_ids(extended: Library, tmp_path: Path) -> None:
    out = export(extended, tmp_path / "out")
    examples = {row["id"] for row in read(out, "examples.csv")}
    principles = {row["id"] for row in read(out, "principles.csv")}
    sources = {row["id"] for row in read(out, "sources.csv")}
    links = read(out, "example_principles.csv")
    assert links
    for link in links:
        assert link["example_id"] in examples
        assert link["principle_id"] in principles
        assert link["basis"] == "editorial"
    for row in read(out, "examples.csv"):
        assert set(row["source_ids"].split(";")) <= sources


def test_example_rows_hold_the_library_values(shipped: Library, tmp_path: Path) -> None:
    rows = {row["id"]: row for row in read(export(shipped, tmp_path / "out"), "examples.csv")}
    for example in shipped.examples:
        row = rows[example.id]
        assert row["name"] == example.name
        assert row["membership"] == example.membership.value
        assert row["settings"] == ";".join(s.value for s in example.settings)  # empty: unknown
        assert row["support"] == (example.support.value if example.support else "")
        assert row["target_groups"] == ";".join(g.value for g in example.target_groups)
        assert row["source_ids"].split(";") == [s.id for s in example.sources]
        assert row["origin"] == "core"
        ages = example.ages
        assert row["ages_min"] == ("" if ages is None or ages.min is None else str(ages.min))
        assert row["ages_max"] == ("" if ages is None or ages.max is None else str(ages.max))
        assert row["website"] == (str(example.website) if example.website else "")
        recognition = example.recognition
        assert row["recognition_level"] == (recognition.level.value if recognition else "")
        date = recognition.date if recognition else None
        assert row["recognition_date"] == (date.isoformat() if date else "")


def test_an_example_from_a_plugin_shows_up_with_its_origin(
    extended: Library, tmp_path: Path
) -> None:
    origin = extended.origin("extra-voorbeeld")
    assert origin.kind == "plugin"
    out = export(extended, tmp_path / "out")
    rows = {row["id"]: row for row in read(out, "examples.csv")}
    assert rows["extra-voorbeeld"]["name"] == "Extra voorbeeld"
    assert rows["extra-voorbeeld"]["origin"] == origin.label()
    assert "opendata-test-plugin" in rows["extra-voorbeeld"]["origin"]
    links = read(out, "example_principles.csv")
    extra = extended.example("extra-voorbeeld")
    assert [r["principle_id"] for r in links if r["example_id"] == "extra-voorbeeld"] == [
        link.id for link in extra.principles
    ]


def test_line_breaks_stay_inside_their_cell(
    normaliseren_library: MakeLibrary, shipped: Library, tmp_path: Path
) -> None:
    summary = 'Eerste regel\r\ntweede regel\rderde, met "aanhalingstekens"\nvierde'
    library = normaliseren_library(plugins=[ExtraExample(shipped.examples[0], summary=summary)])
    rows = read(export(library, tmp_path / "out"), "examples.csv")
    assert len(rows) == len(library.examples)
    extra = next(row for row in rows if row["id"] == "extra-voorbeeld")
    assert extra["summary"] == 'Eerste regel\ntweede regel\nderde, met "aanhalingstekens"\nvierde'


def test_principle_rows_name_their_sources(shipped: Library, tmp_path: Path) -> None:
    rows = {row["id"]: row for row in read(export(shipped, tmp_path / "out"), "principles.csv")}
    for principle in shipped.principles:
        assert rows[principle.id]["source_ids"].split(";") == [s.id for s in principle.sources]


def split_cell(cell: str) -> list[str]:
    """The values of a list cell, as a reader following the field's description gets them."""
    values: list[str] = []
    current, escaped = "", False
    for char in cell:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == ";":
            values, current = [*values, current], ""
        else:
            current += char
    return [*values, current]


@pytest.mark.parametrize(
    "names", [("Stichting Jeugd; Welzijn en Zorg", "Wijkteam"), ("Map C:\\data;", "Gewoon")]
)
def test_a_separator_inside_a_name_reads_back_as_one_value(
    normaliseren_library: MakeLibrary, shipped: Library, tmp_path: Path, names: tuple[str, str]
) -> None:
    plugin = ExtraExample(shipped.examples[0], organisations=names, places=names)
    library = normaliseren_library(plugins=[plugin])
    out = export(library, tmp_path / "out")
    (row,) = [r for r in read(out, "examples.csv") if r["id"] == "extra-voorbeeld"]
    assert split_cell(row["organisations"]) == list(names)
    assert split_cell(row["places"]) == list(names)
    assert frictionless.validate(str(out / "datapackage.json")).valid


def test_every_cited_source_is_a_checked_link(shipped: Library, tmp_path: Path) -> None:
    out = export(shipped, tmp_path / "out")
    cited = {(r["kind"], r["id"], r["source_id"]) for r in read(out, "citations.csv")}
    expected = {("example", e.id, s.id) for e in shipped.examples for s in e.sources}
    expected |= {("principle", p.id, s.id) for p in shipped.principles for s in p.sources}
    assert cited == expected
    rows = (out / "citations.csv").read_text(encoding="utf-8").splitlines()
    (out / "citations.csv").write_text(
        "\n".join([*rows[:2], "example,giz,geen-bron", *rows[2:]]) + "\n", encoding="utf-8"
    )
    report = frictionless.validate(str(out / "datapackage.json"))
    assert not report.valid  # a source that sources.csv does not hold is caught


def test_every_row_says_the_language_of_its_texts(extended: Library, tmp_path: Path) -> None:
    """In English, a document without a translation is written in Dutch, and says so."""
    english = extended.in_language("en")
    assert english.falls_back(english.example("extra-voorbeeld"))  # a plugin's, untranslated
    for library, name in ((extended, "nl"), (english, "en")):
        out = export(library, tmp_path / name)
        examples = {row["id"]: row["lang"] for row in read(out, "examples.csv")}
        expected = {e.id: "nl" if library.falls_back(e) else name for e in library.examples}
        assert examples == expected
        assert examples["extra-voorbeeld"] == "nl"
        assert {row["lang"] for row in read(out, "principles.csv")} == {name}
        titles = {row["id"]: row["lang"] for row in read(out, "sources.csv")}
        assert titles == {source.id: source.lang for source in library.sources}
        assert frictionless.validate(str(out / "datapackage.json")).valid
    assert "en" in examples.values()
