"""Load the shipped library, and validate content files written by others."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from .content import ContentSet, iter_content_files, read_content
from .errors import ContentError, ContentErrors
from .library import Library
from .models import Collection, Example, Lesson, Principle, RouteStep, Vision

CORE_LABEL = "normaliseren/data"
"""How files of the shipped content are named in messages."""


@cache
def _core_content() -> ContentSet:
    return read_content(iter_content_files(files("normaliseren") / "data", CORE_LABEL))


def build_library(content: ContentSet) -> Library:
    """Assemble a :class:`Library` from validated content; raise if anything is missing."""
    problems = list(content.errors)
    visions, collections = content.models(Vision), content.models(Collection)
    for kind, found in (("vision", visions), ("collection", collections)):
        if not found and not content.errors:
            problems.append(ContentError("(library)", None, None, "missing", f"no {kind} file"))
        if len(found) > 1:
            message = f"the library holds one {kind}; found {len(found)}"
            problems.append(ContentError("(library)", None, None, "too-many", message))
    if problems:
        raise ContentErrors(problems)
    return Library(
        vision=visions[0],
        principles=tuple(sorted(content.models(Principle), key=lambda p: p.number)),
        examples=tuple(sorted(content.models(Example), key=lambda e: e.id)),
        route=tuple(sorted(content.models(RouteStep), key=lambda s: s.number)),
        lessons=tuple(sorted(content.models(Lesson), key=lambda lesson: lesson.id)),
        collection=collections[0],
        sources=tuple(sorted((s for s, _ in content.sources.values()), key=lambda s: s.id)),
    )


@cache
def load_library() -> Library:
    """The shipped library, read and validated on first use, then cached.

    Raises :class:`ContentErrors` listing every problem if the shipped content is broken.
    """
    return build_library(_core_content())


def validate_paths(paths: Iterable[Path]) -> list[ContentError]:
    """Every problem in the given content files and folders, checked together.

    References to principles and sources may point into the shipped content as well, and ids
    must not clash with it.
    """
    problems: list[ContentError] = []
    files: list[tuple[str, Traversable]] = []
    for path in paths:
        if path.exists():
            files.extend(iter_content_files(path, str(path)))
        else:
            problems.append(
                ContentError(str(path), None, None, "not-found", "no such file or folder")
            )
    result = read_content(files, base=_core_content())
    return sorted([*problems, *result.errors], key=lambda e: (e.path, e.line or 0))
