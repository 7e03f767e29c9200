"""Default plugin: the whole library as one JSON document, with its JSON Schema beside it."""

from __future__ import annotations

import json
from typing import Any

from normaliseren.exporters import Exporter
from normaliseren.hookspecs import hookimpl
from normaliseren.library import Library
from normaliseren.output import OutputFolder
from normaliseren.schema import schema_for


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write_json(library: Library, out: OutputFolder) -> None:
    """``library.json`` and ``library.schema.json``; the same library gives the same bytes."""
    out.write_text("library.json", _encode(library.model_dump(mode="json")))
    out.write_text("library.schema.json", _encode(schema_for("library")))


@hookimpl
def register_exporters() -> list[Exporter]:
    return [
        Exporter("json", "The whole library as one JSON document, with its schema.", write_json)
    ]
