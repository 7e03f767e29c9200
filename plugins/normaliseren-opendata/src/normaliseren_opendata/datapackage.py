"""The library as a Frictionless Tabular Data Package: ``datapackage.json`` plus CSV files.

This is how Dutch governments publish open data: every table is a plain UTF-8 CSV file, and
``datapackage.json`` says what each column means, its type, and how the tables link, so that
anyone can check and load the data without this library. The metadata is in Dutch, like the
content it describes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, get_args

from normaliseren import (
    Lang,
    Library,
    Membership,
    OutputFolder,
    RecognitionLevel,
    Setting,
    SourceKind,
    SupportKind,
    TargetGroup,
)

Cell = str | int | None
"""One CSV cell; ``None`` means unknown and is written as an empty cell."""

SEPARATOR = ";"
"""Joins the values of a list in one cell; spreadsheets and CKAN both handle it as text."""

LINE_END = "\n"
"""Ends every CSV row; the dialect in ``datapackage.json`` says so, as CSV's default is CRLF."""

DIALECT: dict[str, Any] = {
    "delimiter": ",",
    "lineTerminator": LINE_END,
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}
"""The CSV dialect of every file, as the Data Package's CSV Dialect spells it."""

_SLUG = "[a-z0-9]+(-[a-z0-9]+)*"


def _values(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    """The allowed values of a vocabulary, in its own order, for an ``enum`` constraint."""
    return tuple(member.value for member in vocabulary)


class _Labelled(Protocol):
    """A vocabulary member: its value in the data and its Dutch label for people."""

    @property
    def value(self) -> str: ...

    def label(self) -> str: ...


def _meanings(vocabulary: Iterable[_Labelled]) -> str:
    """Every value with its Dutch label, taken from the library so they never drift apart."""
    items = [
        member.value if member.label() == member.value else f"{member.value} ({member.label()})"
        for member in vocabulary
    ]
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" of {items[-1]}"


def _list_of(item_pattern: str) -> str:
    """A pattern for one or more items joined with :data:`SEPARATOR`."""
    return f"({item_pattern})({SEPARATOR}({item_pattern}))*"


def _cell(value: Cell) -> str | int:
    """What the CSV writer gets: unknown is empty, and line ends are ``\\n``.

    The csv module quotes a value holding ``\\n`` but not a lone ``\\r``, which many readers
    take for the end of a row; a carriage return carries no meaning in this content.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _joined(values: Iterable[str]) -> str | None:
    """A list as one cell; an empty list is unknown rather than an empty string.

    A separator inside a value is written ``\\;`` (and a backslash ``\\\\``), so that the
    cell still reads back as the same values: a name may hold a ``;``.
    """
    escaped = (value.replace("\\", "\\\\").replace(SEPARATOR, "\\" + SEPARATOR) for value in values)
    return SEPARATOR.join(escaped) or None


@dataclass(frozen=True)
class Column:
    """A column of a CSV file and its Table Schema field, so the two cannot drift apart."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    format: str | None = None

    def descriptor(self) -> dict[str, Any]:
        """The Table Schema field; only constraints that apply are written."""
        field: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.format is not None:
            field["format"] = self.format
        field["description"] = self.description
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values must be ids in another table."""

    column: str
    resource: str
    reference: str

    def descriptor(self) -> dict[str, Any]:
        """The Table Schema ``foreignKeys`` entry."""
        return {
            "fields": [self.column],
            "reference": {"resource": self.resource, "fields": [self.reference]},
        }


@dataclass(frozen=True)
class Table:
    """One CSV file: its columns, keys and where its rows come from."""

    name: str
    """The resource name, and the file name without ``.csv``."""
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[Library], Iterable[Mapping[str, Cell]]]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def path(self) -> str:
        """The file name inside the package."""
        return f"{self.name}.csv"

    def descriptor(self) -> dict[str, Any]:
        """The Tabular Data Resource that describes this file."""
        schema: dict[str, Any] = {
            "fields": [column.descriptor() for column in self.columns],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [key.descriptor() for key in self.foreign_keys]
        return {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": dict(DIALECT),
            "schema": schema,
        }

    def csv(self, library: Library) -> str:
        """The file's text: a header, then one row per item in library order."""
        names = [column.name for column in self.columns]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=LINE_END)
        writer.writerow(names)
        for row in self.rows(library):
            if set(row) != set(names):  # a mistake in this module, never in the content
                raise ValueError(f"{self.path}: row columns {sorted(row)} are not {names}")
            writer.writerow(_cell(row[name]) for name in names)
        return buffer.getvalue()


def _example_rows(library: Library) -> Iterator[dict[str, Cell]]:
    for example in library.examples:
        ages, recognition = example.ages, example.recognition
        yield {
            "id": example.id,
            "name": example.name,
            "summary": example.summary,
            "membership": example.membership.value,
            "support": example.support.value if example.support else None,
            "settings": _joined(setting.value for setting in example.settings),
            "target_groups": _joined(group.value for group in example.target_groups),
            "ages_min": ages.min if ages is not None else None,
            "ages_max": ages.max if ages is not None else None,
            "organisations": _joined(example.organisations),
            "places": _joined(example.places),
            "website": str(example.website) if example.website is not None else None,
            "recognition_level": recognition.level.value if recognition is not None else None,
            "recognition_date": (
                recognition.date.isoformat()
                if recognition is not None and recognition.date is not None
                else None
            ),
            "origin": library.origin(example.id).published().label(),
            "lang": library.lang_of(example),
            "source_ids": _joined(source.id for source in example.sources),
        }


def _principle_rows(library: Library) -> Iterator[dict[str, Cell]]:
    for principle in library.principles:
        yield {
            "id": principle.id,
            "number": principle.number,
            "title": principle.title,
            "statement": principle.statement,
            "lang": library.lang_of(principle),
            "source_ids": _joined(source.id for source in principle.sources),
        }


def _link_rows(library: Library) -> Iterator[dict[str, Cell]]:
    for example in library.examples:
        for link in example.principles:
            yield {
                "example_id": example.id,
                "principle_id": link.id,
                "rationale": link.rationale,
                "basis": link.basis,
            }


def _source_rows(library: Library) -> Iterator[dict[str, Cell]]:
    for source in library.sources:
        yield {
            "id": source.id,
            "title": source.title,
            "publisher": source.publisher,
            "year": source.year,
            "url": str(source.url) if source.url is not None else None,
            "kind": source.kind.value,
            "lang": source.lang,
        }


def _id(what: str) -> Column:
    return Column(
        "id", "string", f"Vaste code van {what}.", required=True, unique=True, pattern=_SLUG
    )


def _lang_column(texts: str) -> Column:
    return Column(
        "lang",
        "string",
        f"Taal van {texts}: nl (Nederlands) of en (Engels).",
        required=True,
        enum=get_args(Lang),
    )


_LIST = f"Meerdere waarden gescheiden door '{SEPARATOR}'."
_TEXT_LIST = (
    f"{_LIST} Een '{SEPARATOR}' in een waarde staat er als '\\{SEPARATOR}', een '\\' als '\\\\'."
)

EXAMPLES = Table(
    name="examples",
    title="Praktijkvoorbeelden",
    description="Praktijkvoorbeelden van normaliseren: één rij per voorbeeld.",
    columns=(
        _id("het voorbeeld"),
        Column("name", "string", "Naam van het voorbeeld.", required=True),
        Column("summary", "string", "Korte samenvatting.", required=True),
        Column(
            "membership",
            "string",
            "Verhouding tot de dertien voorbeelden van 'De kracht van het gewone': "
            f"{_meanings(Membership)}.",
            required=True,
            enum=_values(Membership),
        ),
        Column(
            "support",
            "string",
            f"Wie de steun geeft: {_meanings(SupportKind)}. Leeg als onbekend.",
            enum=_values(SupportKind),
        ),
        Column(
            "settings",
            "string",
            f"Waar de praktijk plaatsvindt: {_meanings(Setting)}. {_LIST} Leeg als onbekend.",
            pattern=_list_of("|".join(_values(Setting))),
        ),
        Column(
            "target_groups",
            "string",
            f"Voor wie de praktijk is: {_meanings(TargetGroup)}. {_LIST} Leeg als onbekend.",
            pattern=_list_of("|".join(_values(TargetGroup))),
        ),
        Column(
            "ages_min",
            "integer",
            "Laagste leeftijd in jaren; leeg als onbekend.",
            minimum=0,
            maximum=120,
        ),
        Column(
            "ages_max",
            "integer",
            "Hoogste leeftijd in jaren; leeg als onbekend of zonder bovengrens.",
            minimum=0,
            maximum=120,
        ),
        Column("organisations", "string", f"Betrokken organisaties. {_TEXT_LIST}"),
        Column("places", "string", f"Plaatsen of wijken. {_TEXT_LIST}"),
        Column("website", "string", "Website van de praktijk.", format="uri"),
        Column(
            "recognition_level",
            "string",
            "Erkenningsniveau in de Nederlandse databanken van interventies: "
            f"{_meanings(RecognitionLevel)}. Leeg als de bronnen geen erkenning noemen.",
            enum=_values(RecognitionLevel),
        ),
        Column("recognition_date", "date", "Datum van de erkenning; leeg als onbekend."),
        Column(
            "origin",
            "string",
            "Herkomst: core (de bibliotheek zelf), plugin NAAM VERSIE of folder NAAM (de eigen "
            "naam van de map, zonder de plek waar die staat).",
            required=True,
        ),
        _lang_column(
            "de teksten in deze rij en van zijn koppelingen in example_principles.csv; nl waar "
            "een export in het Engels geen vertaling van het voorbeeld heeft"
        ),
        Column(
            "source_ids",
            "string",
            f"Bronnen van het voorbeeld, als id in sources.csv. {_LIST}",
            required=True,
            pattern=_list_of(_SLUG),
        ),
    ),
    primary_key=("id",),
    rows=_example_rows,
)

PRINCIPLES = Table(
    name="principles",
    title="Principes",
    description="De principes van normaliseren van het Leernetwerk Normaliseren.",
    columns=(
        _id("het principe"),
        Column(
            "number",
            "integer",
            "Volgnummer van het principe.",
            required=True,
            unique=True,
            minimum=1,
            maximum=99,
        ),
        Column("title", "string", "Titel van het principe.", required=True),
        Column("statement", "string", "Het principe in één of enkele zinnen.", required=True),
        _lang_column(
            "de teksten in deze rij; nl waar een export in het Engels geen vertaling van het "
            "principe heeft"
        ),
        Column(
            "source_ids",
            "string",
            f"Bronnen van het principe, als id in sources.csv. {_LIST}",
            required=True,
            pattern=_list_of(_SLUG),
        ),
    ),
    primary_key=("id",),
    rows=_principle_rows,
)

EXAMPLE_PRINCIPLES = Table(
    name="example_principles",
    title="Principes per praktijkvoorbeeld",
    description=(
        "Welk voorbeeld welk principe belichaamt, met de reden. Dit is de eigen lezing van de "
        "bibliotheek, geen bewering van de bronnen."
    ),
    columns=(
        Column(
            "example_id",
            "string",
            "Het voorbeeld, als id in examples.csv.",
            required=True,
            pattern=_SLUG,
        ),
        Column(
            "principle_id",
            "string",
            "Het principe, als id in principles.csv.",
            required=True,
            pattern=_SLUG,
        ),
        Column(
            "rationale", "string", "Waarom het voorbeeld het principe belichaamt.", required=True
        ),
        Column(
            "basis",
            "string",
            "Grond van de koppeling: altijd editorial (redactionele lezing).",
            required=True,
            enum=("editorial",),
        ),
    ),
    primary_key=("example_id", "principle_id"),
    foreign_keys=(
        ForeignKey("example_id", "examples", "id"),
        ForeignKey("principle_id", "principles", "id"),
    ),
    rows=_link_rows,
)


def _cited_rows(library: Library) -> Iterator[dict[str, Cell]]:
    for kind, documents in (("example", library.examples), ("principle", library.principles)):
        for document in documents:
            for source in document.sources:
                yield {"kind": kind, "id": document.id, "source_id": source.id}


CITATIONS = Table(
    name="citations",
    title="Bronnen per voorbeeld en principe",
    description=(
        "Welke bron een voorbeeld of principe draagt: hetzelfde als source_ids in "
        "examples.csv en principles.csv, als tabel waarvan elke bron in sources.csv staat."
    ),
    columns=(
        Column(
            "kind",
            "string",
            "Wat de bron draagt: example (in examples.csv) of principle (in principles.csv).",
            required=True,
            enum=("example", "principle"),
        ),
        Column("id", "string", "Het voorbeeld of principe, als id.", required=True, pattern=_SLUG),
        Column(
            "source_id",
            "string",
            "De bron, als id in sources.csv.",
            required=True,
            pattern=_SLUG,
        ),
    ),
    primary_key=("kind", "id", "source_id"),
    foreign_keys=(ForeignKey("source_id", "sources", "id"),),
    rows=_cited_rows,
)

SOURCES = Table(
    name="sources",
    title="Bronnen",
    description=(
        "De documenten waarop de bibliotheek berust; niet elk ervan staat bij een rij van "
        "dit pakket (sommige dragen de visie, de route of de lessen)."
    ),
    columns=(
        _id("de bron"),
        Column("title", "string", "Titel van het document.", required=True),
        Column("publisher", "string", "Uitgever.", required=True),
        Column("year", "year", "Jaar van verschijnen; leeg als onbekend."),
        Column(
            "url", "string", "Adres van het document; leeg als het niet online staat.", format="uri"
        ),
        Column(
            "kind",
            "string",
            f"Soort document: {_meanings(SourceKind)}.",
            required=True,
            enum=_values(SourceKind),
        ),
        _lang_column("de titel van het document"),
    ),
    primary_key=("id",),
    rows=_source_rows,
)

TABLES: tuple[Table, ...] = (EXAMPLES, PRINCIPLES, EXAMPLE_PRINCIPLES, CITATIONS, SOURCES)
"""Every CSV file of the package, in the order ``datapackage.json`` lists them."""


def descriptor(library: Library) -> dict[str, Any]:
    """``datapackage.json``: no licence, because the library declares none."""
    return {
        "profile": "tabular-data-package",
        "name": "normaliseren",
        "title": "Normaliseren: principes en praktijkvoorbeelden",
        "description": (
            "De principes van normaliseren van het Leernetwerk Normaliseren en "
            "praktijkvoorbeelden: voorbeelden die het netwerk bestudeerde, die het magazine "
            "noemt, verwante praktijken en voorbeelden van anderen (zie membership en origin), "
            "met de bronnen waarop ze berusten. Gemaakt met de Python-bibliotheek normaliseren."
        ),
        "keywords": ["normaliseren", "jeugdhulp", "jeugd", "opvoeden", "opgroeien"],
        "sources": [
            {"title": f"{source.publisher}: {source.title}"}
            | ({"path": str(source.url)} if source.url is not None else {})
            for source in library.sources
        ],
        "resources": [table.descriptor() for table in TABLES],
    }


def write_opendata(library: Library, out: OutputFolder) -> None:
    """``datapackage.json`` and the CSV files; the same library gives the same bytes."""
    for table in TABLES:
        out.write_text(table.path, table.csv(library))
    text = json.dumps(descriptor(library), ensure_ascii=False, indent=2) + "\n"
    out.write_text("datapackage.json", text)
