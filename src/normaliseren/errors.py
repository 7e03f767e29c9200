"""Typed problem records for content that does not validate.

Every problem names the file, the line and the field, so that a contributor can fix it without
reading a traceback; ``validate`` reports all of them in one run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import total_ordering
from typing import Any

from .terminal import on_one_line


@total_ordering
@dataclass(frozen=True)
class ContentError:
    """One problem in one content file."""

    path: str
    line: int | None
    field: str | None
    code: str
    message: str
    severity: str = "error"
    """``error``, or ``warning`` for what should be fixed but does not stop the content."""

    def format(self) -> str:
        """``path:line: field: message [code]``, the form compilers and editors understand.

        Control characters and direction marks, which content may hold, are written as
        escapes (``\\x1b``): printed, they would steer the terminal or forge a line.
        """
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: " if self.field else ""
        level = "warning: " if self.severity == "warning" else ""
        return on_one_line(f"{where}: {level}{what}{self.message} [{self.code}]")

    @property
    def is_error(self) -> bool:
        """Whether this problem makes the content invalid."""
        return self.severity == "error"

    def to_dict(self) -> dict[str, str | int | None]:
        """A plain mapping for JSON output."""
        return asdict(self)

    def __lt__(self, other: object) -> bool:
        """In the order of files and lines; a problem without a line comes first."""
        if not isinstance(other, ContentError):
            return NotImplemented
        return _full_key(self) < _full_key(other)


class ContentErrors(Exception):
    """Raised when content does not validate; carries every problem that was found."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors: tuple[ContentError, ...] = tuple(sorted(errors, key=_sort_key))
        count = len(self.errors)
        lines = "\n".join(error.format() for error in self.errors)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} content {noun}:\n{lines}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its problems, so it crosses to another process (a process pool)."""
        return (type(self), (self.errors,))


def _sort_key(error: ContentError) -> tuple[str, int, str, str]:
    return (error.path, error.line or 0, error.field or "", error.code)


def _full_key(error: ContentError) -> tuple[str, int, str, str, str, str]:
    return (*_sort_key(error), error.message, error.severity)


def close_matches(wanted: str, known: Iterable[str], cutoff: float = 0.6) -> tuple[str, ...]:
    """Up to three known names close to ``wanted``, best first."""
    import difflib

    return tuple(difflib.get_close_matches(wanted, list(known), n=3, cutoff=cutoff))


def did_you_mean(wanted: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """``; did you mean 'x'?`` for messages, or nothing when no name is close."""
    close = close_matches(wanted, known, cutoff)
    return f"; did you mean {', '.join(map(repr, close))}?" if close else ""


class UnknownIdError(LookupError):
    """Raised when an id is looked up that the library does not hold; suggests close ids."""

    def __init__(self, kind: str, wanted: str, known: Iterable[str]) -> None:
        known = list(known)
        self.kind = kind
        self.wanted = wanted
        self.suggestions: tuple[str, ...] = close_matches(wanted, known, cutoff=0.5)
        super().__init__(f"no {kind} with id {wanted!r}{did_you_mean(wanted, known, 0.5)}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as made again from its suggestions: the same message, without every id."""
        return (type(self), (self.kind, self.wanted, self.suggestions))
