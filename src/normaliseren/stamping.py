"""``normaliseren translations stamp``: record which Dutch text each translation translates.

Run it after checking that a translation matches the Dutch text; it rewrites only the
``translates:`` line of each translation file, and each file at once.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .content import iter_content_files
from .errors import ContentErrors
from .frontmatter import ParsedFile, parse_document
from .translation import TRANSLATION_TYPE, text_hash_of

_STAMP = re.compile(r"^translates:.*$", re.MULTILINE)


def _parsed(paths: Iterable[Path]) -> list[ParsedFile]:
    found = []
    for path in paths:
        for shown, entry in iter_content_files(path, str(path)):
            try:
                found.append(parse_document(shown, Path(str(entry)).read_bytes()))
            except ContentErrors:
                continue  # validate reports what is wrong with it
    return found


def stamp(paths: Iterable[Path]) -> list[Path]:
    """Stamp every translation file below ``paths``; returns the files that changed.

    The Dutch documents are read (not validated) below ``paths``, and beside each
    translation given on its own: ``X.md`` next to ``X.en.md``.
    """
    paths = list(paths)
    beside = [_dutch_beside(path) for path in paths if path.is_file()]
    parsed = _parsed([*paths, *(path for path in beside if path is not None)])
    documents = {
        (str(doc.data.get("type")), str(doc.data.get("id", doc.data.get("type")))): doc
        for doc in parsed
        if doc.data.get("type") != TRANSLATION_TYPE
    }
    changed = []
    for doc in parsed:
        if doc.data.get("type") != TRANSLATION_TYPE:
            continue
        target = documents.get((str(doc.data.get("kind")), str(doc.data.get("of"))))
        if target is None:
            continue
        current = text_hash_of(str(target.data["type"]), target.data, target.body)
        if doc.data.get("translates") == current:
            continue
        path = Path(doc.path)
        text = path.read_text(encoding="utf-8")
        new, count = _STAMP.subn(f"translates: {current}", text, count=1)
        if count == 0:
            new = text.replace("---\n", f"---\ntranslates: {current}\n", 1)
        _replace(path, new)
        changed.append(path)
    return changed


def _dutch_beside(path: Path) -> Path | None:
    """``X.md`` for a translation file ``X.LANG.md``, if it is there."""
    stem, _, suffix = path.name.rpartition(".")
    dutch = path.with_name(f"{stem.rpartition('.')[0]}.{suffix}") if "." in stem else None
    return dutch if dutch is not None and dutch.is_file() else None


def _replace(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o7777)  # keep the file's permissions
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
