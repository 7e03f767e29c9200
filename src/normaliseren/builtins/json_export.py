"""Default plugin: the whole library as one JSON document, with its JSON Schema beside it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from normaliseren.exporters import Exporter
from normaliseren.hookspecs import hookimpl
from normaliseren.library import Library
from normaliseren.output import OutputFolder
from normaliseren.schema import schema_for


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _encode(value: Any) -> str:
    return _text(value) + "\n"


def _nested(text: str, depth: int) -> str:
    """Indented JSON ``text`` moved ``depth`` levels in (JSON text holds no raw line ends)."""
    return text.replace("\n", "\n" + "  " * depth)


def library_json(library: Library) -> Iterator[str]:
    """The text of ``_encode(library.model_dump(mode="json"))``, made one document at a time.

    A library of 100,000 examples is never whole in memory as data or as text. Documents
    are written by pydantic's own JSON writer, four times as fast as :mod:`json` with an
    indent and the same text (the models hold no floats, whose notation differs).
    """
    names = list(type(library).model_fields)
    yield "{"
    for index, name in enumerate(names):
        yield f"\n  {json.dumps(name)}: "
        value = getattr(library, name)
        if isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            yield "["
            for position, document in enumerate(value):
                yield "\n    " + _nested(document.model_dump_json(indent=2), 2)
                yield "," if position < len(value) - 1 else "\n  ]"
        else:
            yield _nested(_text(library.model_dump(mode="json", include={name})[name]), 1)
        yield "," if index < len(names) - 1 else "\n}\n"


def write_json(library: Library, out: OutputFolder) -> None:
    """``library.json`` and ``library.schema.json``; the same library gives the same bytes.

    Content folders are named by their own names only (:meth:`Origin.published`).
    """
    published: dict[str, object] = {
        field: {key: origin.published() for key, origin in getattr(library, field).items()}
        for field in ("origins", "curriculum_origins")
    }
    published["replacements"] = tuple(
        r.model_copy(update={"by": r.by.published(), "replaced": r.replaced.published()})
        for r in library.replacements
    )
    library = library.model_copy(update=published)
    out.write_pieces("library.json", (piece.encode("utf-8") for piece in library_json(library)))
    out.write_text("library.schema.json", _encode(schema_for("library")))


@hookimpl
def register_exporters() -> list[Exporter]:
    return [
        Exporter("json", "The whole library as one JSON document, with its schema.", write_json)
    ]
