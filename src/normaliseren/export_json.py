"""The JSON exporter: the whole library as one document, with its JSON Schema beside it."""

from __future__ import annotations

import json
from typing import Any

from .library import Library
from .schema import schema_for


def _encode(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_json(library: Library) -> dict[str, bytes]:
    """File name to bytes; the same library always gives the same bytes."""
    return {
        "library.json": _encode(library.model_dump(mode="json")),
        "library.schema.json": _encode(schema_for("library")),
    }
