"""The infographic JSON format (version 1): a document of typed blocks.

No standard exists for infographics as data, so this is our own format. Its JSON Schema is
generated from these models; a change that breaks old documents bumps the major version in
``FORMAT`` and in the schema's ``$id`` (see ``docs/infographic.md``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictFloat, StrictInt, WithJsonSchema, field_validator

from normaliseren.models import ContentModel, Line, Slug, Text

FORMAT: Literal["normaliseren-infographic/1.0"] = "normaliseren-infographic/1.0"
"""Format name and version, written in every document."""

FORMAT_PATTERN = r"^normaliseren-infographic/1\.(0|[1-9][0-9]*)$"
"""What the schema accepts in ``format``: every minor version of major version 1, so that a
document stays valid when a minor version is added (see the compatibility policy)."""

SCHEMA_ID = "urn:normaliseren:schema:infographic:1"
"""The ``$id`` of the JSON Schema; its last part is the major version."""

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


class InfographicSource(ContentModel):
    """A source the infographic's facts come from."""

    id: Slug
    title: Text
    publisher: Text
    url: str | None = None


def source_name(source: InfographicSource) -> str:
    """How the picture and its text alternative name a source: publisher, title."""
    return f"{source.publisher}, {source.title}"


class KeyFigure(ContentModel):
    """One number that matters, with what it counts and where it comes from."""

    type: Literal["key-figure"] = "key-figure"
    qualifier: Line | None = None
    """Words before the number, e.g. ``meer dan``."""
    value: StrictInt | StrictFloat
    unit: Line
    label: Text
    source: Slug


class ListItem(ContentModel):
    label: Line
    text: Text


class ListBlock(ContentModel):
    """Items with a label and a line of text, e.g. the six principles."""

    type: Literal["list"] = "list"
    title: Line
    items: Annotated[tuple[ListItem, ...], Field(min_length=1)]


class Step(ContentModel):
    title: Line
    text: Text


class Steps(ContentModel):
    """An ordered sequence, e.g. the network's route."""

    type: Literal["steps"] = "steps"
    title: Line
    steps: Annotated[tuple[Step, ...], Field(min_length=1)]


class Statement(ContentModel):
    """A sentence that stands on its own, with its source."""

    type: Literal["statement"] = "statement"
    text: Text
    source: Slug | None = None


class Chart(ContentModel):
    """A chart as a Vega-Lite v6 specification with its data inline."""

    type: Literal["chart"] = "chart"
    title: Line
    description: Text
    """What the chart shows, in words, for people who cannot see it."""
    spec: dict[str, Any]

    @field_validator("spec")
    @classmethod
    def _inline_vega_lite(cls, spec: dict[str, Any]) -> dict[str, Any]:
        if spec.get("$schema") != VEGA_LITE_SCHEMA:
            raise ValueError(f"spec must declare $schema {VEGA_LITE_SCHEMA}")
        data = spec.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("values"), list):
            raise ValueError("spec must carry its data inline, as data.values")
        return spec


Block = Annotated[KeyFigure | ListBlock | Steps | Statement | Chart, Field(discriminator="type")]


def one_line(text: str) -> str:
    """``text`` on one line: in a text alternative, a line break starts a list's item."""
    return " ".join(text.split())


class Infographic(ContentModel):
    """One infographic: text, sources and blocks, in one language."""

    format: Annotated[
        Literal["normaliseren-infographic/1.0"],
        # The written format's schema takes every 1.x; this model writes (and reads) 1.0.
        WithJsonSchema({"type": "string", "pattern": FORMAT_PATTERN}, mode="serialization"),
    ] = FORMAT
    id: Slug
    lang: Literal["nl", "en"]
    title: Line
    description: Text
    text_alternative: Text
    """The whole infographic in words, for screen readers and for text-only use."""
    sources: Annotated[tuple[InfographicSource, ...], Field(min_length=1)]
    licence: Line | None = None
    """Unknown (``null``) while the library's content declares no licence."""
    blocks: Annotated[tuple[Block, ...], Field(min_length=1)]

    def text_after_description(self) -> list[list[str]]:
        """The paragraphs of the text alternative after the description, for a page that
        shows the description already (as a caption); each as its lines, the first its text
        or a list's title, the others the list's items."""
        paragraphs = [p.split("\n") for p in self.text_alternative.split("\n\n")]
        return paragraphs[1:] if paragraphs[0] == [one_line(self.description)] else paragraphs


def infographic_schema() -> dict[str, Any]:
    """The JSON Schema of the format, with its versioned ``$id``."""
    schema = Infographic.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }
