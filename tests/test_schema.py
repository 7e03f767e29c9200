"""The JSON Schemas: draft-07, and they accept the shipped files and the exported library."""

from __future__ import annotations

import json

import jsonschema
import pytest

from normaliseren import Library
from normaliseren.builtins.content import shipped_data
from normaliseren.content import iter_content_files
from normaliseren.frontmatter import parse_document
from normaliseren.schema import SCHEMA_NAMES, schema_for

from .conftest import shipped_content


@pytest.mark.parametrize("name", [n for n in SCHEMA_NAMES if n != "infographic"])
def test_schema_is_valid_draft_07(name: str) -> None:
    schema = schema_for(name)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    assert "$defs" not in json.dumps(schema)


def test_front_matter_of_every_shipped_file_fits_its_schema() -> None:
    listing = iter_content_files(shipped_data(), "data")
    parsed = [parse_document(shown, entry.read_bytes()) for shown, entry in listing]
    assert len(parsed) == len(shipped_content().items) + 1  # and one file of sources
    for doc in parsed:
        schema = schema_for(doc.data["type"])
        errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(doc.data)]
        assert errors == [], doc.path


def test_schema_catches_what_the_loader_refuses() -> None:
    validator = jsonschema.Draft7Validator(schema_for("example"))
    assert not validator.is_valid({"type": "example", "id": "Niet Goed"})
    assert not validator.is_valid({"type": "lesson"})


def test_library_json_fits_the_library_schema(library: Library) -> None:
    jsonschema.validate(library.model_dump(mode="json"), schema_for("library"))


def test_library_schema_requires_every_field_it_describes() -> None:
    """Every field is written, defaults and unknowns (``null``) included: a reader of
    ``library.json`` may count on each key the schema names."""
    schema = schema_for("library")
    assert schema["$id"] == "urn:normaliseren:schema:library"
    for name, node in [("Library", schema), *schema["definitions"].items()]:
        if "properties" in node:
            assert sorted(node.get("required", [])) == sorted(node["properties"]), name


def test_a_yaml_module_as_the_curriculum_guide_shows_it_fits_the_schema() -> None:
    """A .yaml file is front matter only, so its description is a field there."""
    module = {
        "type": "module",
        "id": "mijn-module",
        "title": "Normaliseren in de jeugdzorg",
        "description": "Twee lessen over de visie en de principes, met een casus.",
        "level": "hbo-bachelor",
        "audience": ["Social Work"],
        "lessons": ["visie-houding-geen-definitie", "zes-principes"],
        "principles": ["informele-steun"],
        "examples": ["buurtgezinnen"],
    }
    validator = jsonschema.Draft7Validator(schema_for("module"))
    assert [e.message for e in validator.iter_errors(module)] == []
    assert not validator.is_valid({**module, "omschrijving": "x"})
