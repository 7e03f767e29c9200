"""Translations of the content: separate files next to the Dutch ones, checked for staleness.

A translation file (``X.en.md`` beside ``X.md``) holds only the translatable text of one
document, and the hash of the Dutch text it translates. When the Dutch text changes, the hash
no longer matches and the translation is reported as stale; a document without one is
reported as missing. A library in another language shows the Dutch text where a translation
is missing or stale, and lists those documents in ``Library.fallbacks``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field

from .models import Document, Markdown, Slug

TRANSLATION_TYPE = "translation"
TRANSLATED_LANGS = ("en",)

_Spec = Mapping[str, "Mapping[str, Any] | None"]

TRANSLATABLE: Mapping[str, _Spec] = {
    "vision": {"title": None, "statements": {"text": None}},
    "principle": {"title": None, "statement": None},
    "route-step": {"title": None, "products": {"title": None}},
    "lesson": {"title": None},
    "example": {
        "name": None,
        "summary": None,
        "principles": {"rationale": None},
        "what_works": {"text": None},
        "improvements": {"text": None},
    },
    "collection": {"title": None},
    "activity": {"title": None, "teacher_notes": None},
    "course-lesson": {"title": None, "outcomes": {"text": None}, "teacher_notes": None},
    "module": {"title": None, "assessment": {"text": None}},
}
"""Per content type, the text fields a translation carries (lists: the keys of each item).
The Markdown body is always translated too."""


class Translation(Document):
    """One document's text in another language."""

    content_type = TRANSLATION_TYPE
    body_field = "body"

    lang: Literal["en"]
    kind: str
    of: Slug
    translates: str | None = None
    """The hash of the Dutch text this translates (``normaliseren translations stamp``)."""
    fields: dict[str, Any] = Field(default_factory=dict)
    body: Markdown


def document_key(model: Document) -> tuple[str, str]:
    """``(content type, id)`` of a document; the vision's id is ``vision``."""
    return model.content_type, str(getattr(model, "id", model.content_type))


def _pick(value: Any, spec: Mapping[str, Any] | None) -> Any:
    if spec is None:
        return value
    if isinstance(value, list | tuple):
        return [_pick(item, spec) for item in value]
    if isinstance(value, Mapping):
        return {key: _pick(value.get(key), sub) for key, sub in spec.items()}
    return value


def text_hash_of(kind: str, data: Mapping[str, Any], body: str) -> str:
    """A short hash of a document's translatable Dutch text, from its plain data.

    Works on front matter as read (no validation needed) and on model dumps alike, so a
    file can be stamped even when it refers to sources defined elsewhere.
    """
    spec = TRANSLATABLE.get(kind, {})
    fields = {key: _pick(data[key], sub) for key, sub in spec.items() if key in data}
    fields = {key: value for key, value in fields.items() if value not in ([], (), None)}
    body = body.strip("\n")  # as a Markdown field holds it, also where a .yaml file gave it
    canonical = json.dumps({"fields": fields, "body": body}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def text_hash(model: Document) -> str:
    """A short hash of the Dutch text of a document, stable across runs and machines."""
    data = model.model_dump(mode="json")
    body = data.pop(model.body_field)
    return text_hash_of(model.content_type, data, body)


def problems_with(
    translation: Translation, model: Document
) -> list[tuple[tuple[str | int, ...], str]]:
    """Where a translation's fields do not fit the document: (field path, message)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    spec = TRANSLATABLE.get(model.content_type, {})
    for key, value in translation.fields.items():
        if key not in spec:
            found.append((("fields", key), f"{key!r} is not translated for a {model.content_type}"))
            continue
        sub = spec[key]
        if sub is None:
            if not isinstance(value, str) or not value.strip():
                found.append((("fields", key), "must be text"))
            continue
        dutch = getattr(model, key)
        if not isinstance(value, list) or len(value) != len(dutch):
            found.append((("fields", key), f"must list {len(dutch)} items, like the Dutch text"))
            continue
        for index, item in enumerate(value):
            if not isinstance(item, dict) or set(item) - set(sub):
                found.append((("fields", key, index), f"may hold only {', '.join(sub)}"))
    return found


def translate(model: Document, translation: Translation) -> Document:
    """The document with the translated text put in place of the Dutch."""
    data = model.model_dump()
    for key, value in translation.fields.items():
        if isinstance(value, list):
            data[key] = [{**old, **new} for old, new in zip(data[key], value, strict=True)]
        else:
            data[key] = value
    data[model.body_field] = translation.body
    return type(model).model_validate(data)
