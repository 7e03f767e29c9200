"""JSON Schemas: of content files' front matter (for editors) and of the exported library.

Editors that complete YAML front matter (``yaml-language-server``) understand draft-07, while
pydantic writes 2020-12; the schemas here are rewritten into the draft-07 form.
"""

from __future__ import annotations

from typing import Any

from .content import MODELS_BY_TYPE, SOURCES_TYPE, SourceFile
from .library import Library
from .models import SLUG_PATTERN, ContentModel

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
LIBRARY_SCHEMA_ID = "urn:normaliseren:schema:library"
"""The ``$id`` of the schema of ``library.json``; its ``$comment`` names the writing version."""
SCHEMA_NAMES: tuple[str, ...] = (*MODELS_BY_TYPE, SOURCES_TYPE, "library", "infographic")
"""Names that :func:`schema_for` accepts."""

_SOURCE_IDS: dict[str, Any] = {
    "type": "array",
    "items": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 64},
    "description": "Ids of sources defined in a file of type 'sources'.",
}


def _draft_07(model: type[ContentModel], mode: str) -> dict[str, Any]:
    schema = model.model_json_schema(
        ref_template="#/definitions/{model}",
        mode="serialization" if mode == "serialization" else "validation",
    )
    definitions = schema.pop("$defs", {})
    out: dict[str, Any] = {"$schema": DRAFT_07, **schema}
    if definitions:
        out["definitions"] = definitions
    return out


def _source_refs_as_ids(node: Any) -> None:
    """In a front matter schema, ``sources`` lists source ids, not source objects."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict) and "sources" in properties:
            old = properties["sources"]
            properties["sources"] = {
                **_SOURCE_IDS,
                **{k: old[k] for k in ("minItems", "default") if k in old},
            }
        for value in node.values():
            _source_refs_as_ids(value)
    elif isinstance(node, list):
        for value in node:
            _source_refs_as_ids(value)


def _prune(schema: dict[str, Any]) -> None:
    """Drop definitions that nothing refers to any more."""
    definitions = schema.get("definitions", {})
    while True:
        text = repr({k: v for k, v in schema.items() if k != "definitions"}) + repr(definitions)
        unused = [n for n in definitions if f"#/definitions/{n}'" not in text]
        if not unused:
            break
        for name in unused:
            del definitions[name]
    if not definitions:
        schema.pop("definitions", None)


def schema_for(name: str) -> dict[str, Any]:
    """The JSON Schema called ``name`` (one of :data:`SCHEMA_NAMES`).

    Content files and the library: draft-07, for editors. ``infographic``: the versioned
    infographic format (2020-12).
    """
    if name == "library":
        from . import __version__

        schema = _draft_07(Library, "serialization")
        comment = f"library.json as normaliseren {__version__} writes it; every field is written"
        return {"$schema": DRAFT_07, "$id": LIBRARY_SCHEMA_ID, "$comment": comment, **schema}
    if name == "infographic":
        from .infographic.models import infographic_schema

        return infographic_schema()
    if name == SOURCES_TYPE:
        schema = _draft_07(SourceFile, "validation")
        body_field = None
    else:
        model = MODELS_BY_TYPE[name]
        schema = _draft_07(model, "validation")
        body_field = model.body_field
        _source_refs_as_ids(schema)
    properties = schema["properties"]
    if body_field is not None and body_field in properties:
        # A .md file holds it as its Markdown body; a .yaml file (all front matter) as a field.
        where = "only in a .yaml file; in a .md file the Markdown body after the front matter"
        properties[body_field] = {**properties[body_field], "description": where}
        schema["required"] = [f for f in schema.get("required", []) if f != body_field]
    schema["properties"] = {"type": {"const": name}, **properties}
    schema["required"] = ["type", *schema.get("required", [])]
    schema["title"] = f"normaliseren {name} file (front matter)"
    _prune(schema)
    return schema
