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
from typing import NamedTuple

from .content import MODELS_BY_TYPE, iter_content_files
from .errors import ContentError, ContentErrors
from .frontmatter import ParsedFile, closing_fence, parse_document
from .reading import read_bytes, read_file
from .translation import TRANSLATION_TYPE, text_hash_of


def _parsed(paths: Iterable[Path]) -> tuple[list[ParsedFile], list[ContentError]]:
    """The content files below ``paths``, read as ``validate`` reads them; and what kept any
    from being read (a path not there, a link, a pipe, broken front matter)."""
    found: list[ParsedFile] = []
    problems: list[ContentError] = []
    seen: set[str] = set()
    for path in paths:
        for shown, entry in iter_content_files(path, str(path)):
            real = os.path.realpath(str(entry))
            if real in seen:  # named twice (a file and its folder): read once
                continue
            seen.add(real)
            parsed = read_file(shown, entry)
            if isinstance(parsed, list):
                problems.extend(parsed)
            else:
                found.append(parsed)
    return found, problems


class Stamped(NamedTuple):
    """What :func:`stamp` did: the files it changed, and why it left others as they were."""

    changed: list[Path]
    problems: list[ContentError]


def stamp(paths: Iterable[Path]) -> Stamped:
    """Stamp every translation file below ``paths``.

    The Dutch documents are read (not validated) below ``paths``, and beside each
    translation given on its own: ``X.md`` next to ``X.en.md``. A translation whose Dutch
    document is not found there, a file that cannot be read, and a link are reported, and
    left as they are.
    """
    paths = list(paths)
    beside = [_dutch_beside(path) for path in paths if path.is_file()]
    parsed, problems = _parsed([*paths, *(path for path in beside if path is not None)])
    unreadable = {Path(problem.path) for problem in problems}
    documents = {
        (str(doc.data.get("type")), str(doc.data.get("id", doc.data.get("type")))): doc
        for doc in parsed
        if doc.data.get("type") != TRANSLATION_TYPE
    }
    changed = []
    for doc in parsed:
        if doc.data.get("type") != TRANSLATION_TYPE:
            continue
        kind, of = str(doc.data.get("kind")), str(doc.data.get("of"))
        target = documents.get((kind, of))
        if target is None and _beside_name(Path(doc.path)) in unreadable:
            continue  # the Dutch file beside it could not be read: that is reported
        if target is None:
            message = (
                f"translates {kind} {of!r}, which is not among the files given; give the "
                "folder that holds the Dutch file too"
            )
            problems.append(
                ContentError(doc.path, doc.line_of(("of",)), "of", "not-found", message)
            )
            continue
        current = _dutch_stamp(target)
        if doc.data.get("translates") == current:
            continue
        problem = _write_stamp(doc, current)
        if problem is None:
            changed.append(Path(doc.path))
        else:
            problems.append(problem)
    return Stamped(changed, sorted(problems, key=lambda e: (e.path, e.line or 0, e.code)))


def _dutch_stamp(doc: ParsedFile) -> str:
    """The stamp of the Dutch document ``doc`` as ``validate`` computes it from the model:
    a ``.yaml`` file holds the Markdown body in its body field, not after its front matter."""
    kind = str(doc.data["type"])
    data, body = dict(doc.data), doc.body
    model = MODELS_BY_TYPE.get(kind)
    if doc.front_matter_only and model is not None:
        body = data.pop(model.body_field, "")
    return text_hash_of(kind, data, body if isinstance(body, str) else "")


_STAMP = re.compile(r"^translates:[^\r\n]*", re.MULTILINE)
_YAML_HEAD = re.compile(r"\A\ufeff?(?:(?:%[^\n]*\n)*---[ \t]*\r?\n)?")
"""What comes before the first key of a ``.yaml`` file: a BOM, directives, a ``---`` line."""


def _front_span(text: str, front_matter_only: bool) -> tuple[int, int] | None:
    """Where the front matter of ``text`` starts and ends, found as the reader finds it."""
    if front_matter_only:
        head = _YAML_HEAD.match(text)  # it always matches, if only the empty start
        return (head.end() if head else 0), len(text)
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].removeprefix("\ufeff").rstrip() != "---":
        return None
    fence = closing_fence(text, first_end)
    return None if fence is None else (first_end + 1, fence.start())


def _write_stamp(doc: ParsedFile, stamp: str) -> ContentError | None:
    """Write ``translates: STAMP`` into the front matter of the file ``doc`` was read from.

    The file is read again as it was read first (a link or a pipe is refused), and only its
    front matter's line changes: its body, line ends and the rest stay as they are. The new
    text is read back before it is written: where it would not say just that (the value on a
    line of its own, the key in quotes), the file is left alone and the problem reported.
    It is replaced at once (:func:`_replace`). Returns what kept it from being stamped.
    """
    raw = read_bytes(doc.path, Path(doc.path))
    if isinstance(raw, list):
        return raw[0]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ContentError(doc.path, None, None, "changed", _CHANGED)
    span = _front_span(text, doc.front_matter_only)
    if span is None:
        return ContentError(doc.path, 1, None, "changed", _CHANGED)
    start, end = span
    front, count = _STAMP.subn(f"translates: {stamp}", text[start:end], count=1)
    if count == 0:
        line_end = "\r\n" if "\r\n" in text else "\n"
        front = f"translates: {stamp}{line_end}{front}"
    stamped = (text[:start] + front + text[end:]).encode("utf-8")
    if not _says_only(doc, stamped, stamp):
        message = f"the stamp could not be put in; write 'translates: {stamp}' on one line"
        return ContentError(
            doc.path, doc.line_of(("translates",)), "translates", "not-stamped", message
        )
    try:
        _replace(Path(doc.path), stamped)
    except OSError as exc:
        return ContentError(doc.path, None, None, "unwritable", f"could not be stamped: {exc}")
    return None


def _says_only(doc: ParsedFile, stamped: bytes, stamp: str) -> bool:
    """Whether ``stamped``, read as content, is ``doc`` with ``translates: STAMP``."""
    try:
        again = parse_document(doc.path, stamped, exact=True)
    except ContentErrors:
        return False
    return again.body == doc.body and again.data == {**doc.data, "translates": stamp}


_CHANGED = "changed while being stamped, or not a content file any more; run stamp again"


def _dutch_beside(path: Path) -> Path | None:
    """``X.md`` for a translation file ``X.LANG.md``, if it is there."""
    dutch = _beside_name(path)
    return dutch if dutch is not None and dutch.is_file() else None


def _beside_name(path: Path) -> Path | None:
    """``X.md`` for a translation file ``X.LANG.md``, whether it is there or not."""
    stem, _, suffix = path.name.rpartition(".")
    return path.with_name(f"{stem.rpartition('.')[0]}.{suffix}") if "." in stem else None


def _replace(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, path.stat().st_mode & 0o7777)  # keep the file's permissions
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
