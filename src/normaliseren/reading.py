"""Read and parse content files, in order; a large folder on two cores.

Reading and parsing, YAML above all, is much of the work of loading a large folder, and each
file's result depends on that file alone. So from :data:`PARALLEL_FROM` files on, where a
worker may be forked (:func:`normaliseren.workers.can_fork`), a forked child parses the
last part of the list (:data:`CHILD_SHARE`) while this process parses, and validates, the
first. The child writes its results in batches to a temporary file that only the two
processes see, and announces each batch on a pipe once it is whole; this process then takes
the batches in order, as they come. The results are the same as in one process, and where
the child fails, this process parses the files it left.
"""

from __future__ import annotations

import marshal
import os
import signal
import stat
import tempfile
from collections.abc import Generator, Iterator, Sequence
from contextlib import suppress
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import IO, Any

from .errors import ContentError, ContentErrors
from .frontmatter import MAX_FILE_BYTES, ParsedFile, parse_document

PARALLEL_FROM = 2000
"""Lists of at least this many files are parsed by two processes."""

CHILD_SHARE = 0.75
"""The part of the files the child parses. This process also validates every file, so with
this share the two are done at about the same time (``benchmarks/bench_core.py``)."""

_BATCH = 256
"""Files per batch the child writes: this process holds one batch's data at a time."""

LINK_MESSAGE = "a link inside a content folder is not followed; put the file or folder itself there"

NOT_A_FILE_MESSAGE = "not a regular file (a pipe, socket or device is not read)"

NOT_LISTED_MESSAGE = "a folder that could not be listed; check that it can be read"

_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NO_WAIT = getattr(os, "O_NONBLOCK", 0)

Parsed = ParsedFile | list[ContentError]
"""A file parsed, or the problems that kept it from being parsed."""


def read_file(shown: str, entry: Traversable) -> Parsed:
    """One content file, parsed; ``shown`` is how messages name it."""
    raw = read_bytes(shown, entry)
    if isinstance(raw, list):
        return raw
    try:
        return parse_document(shown, raw)
    except ContentErrors as exc:
        return list(exc.errors)


def read_bytes(shown: str, entry: Traversable) -> bytes | list[ContentError]:
    """The bytes of one content file (see :func:`_read`), or why they could not be read."""
    try:
        raw = _read(entry)
        if raw is None:
            return [ContentError(shown, 1, None, "symlink", LINK_MESSAGE)]
        return raw
    except _NotAFile as exc:
        return [ContentError(shown, 1, None, "not-a-file", str(exc))]
    except FileNotFoundError:  # a folder named that is not there, or a file gone since listed
        return [ContentError(shown, None, None, "not-found", "no such file or folder")]
    except OSError as exc:
        return [ContentError(shown, None, None, "unreadable", str(exc))]


class _NotAFile(Exception):
    """What was listed as a content file is a pipe, socket, device or folder."""


def _read(entry: Traversable) -> bytes | None:
    """The bytes of a content file (at most one byte over the limit); ``None`` for a link.

    Opening does not wait (``O_NONBLOCK``), and only a regular file is read: a named pipe
    would otherwise keep the reader waiting for a writer that never comes.
    """
    if not isinstance(entry, Path):
        return entry.read_bytes()
    if not _NO_FOLLOW and entry.is_symlink():
        return None
    try:  # O_NOFOLLOW: a link, also one swapped in after listing, is not followed
        fd = os.open(entry, os.O_RDONLY | _NO_FOLLOW | _NO_WAIT)
    except OSError:
        if entry.is_symlink():
            return None
        raise
    try:  # as many bytes as the file has, or one over the limit; in one read where it can
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):  # listed as a file because listing it failed
            raise _NotAFile(NOT_LISTED_MESSAGE)
        if not stat.S_ISREG(status.st_mode):
            raise _NotAFile(NOT_A_FILE_MESSAGE)
        wanted = min(status.st_size, MAX_FILE_BYTES + 1)
        data = b""
        while len(data) < wanted and (more := os.read(fd, wanted - len(data))):
            data += more
        return data
    finally:
        os.close(fd)


def read_files(files: Sequence[tuple[str, Traversable]]) -> Generator[Parsed, None, None]:
    """Every file of ``files`` parsed, in the same order."""
    split = _split(files)
    child = None if split is None else _started(files[split:])
    if split is None or child is None:
        for shown, entry in files:
            yield read_file(shown, entry)
        return
    try:
        for shown, entry in files[:split]:
            yield read_file(shown, entry)
        yield from child.results()
    finally:
        child.end()


def _split(files: Sequence[tuple[str, Traversable]]) -> int | None:
    """Where the child's part starts, or ``None`` to parse every file here."""
    if len(files) < PARALLEL_FROM:
        return None
    from .workers import can_fork

    split = len(files) - int(len(files) * CHILD_SHARE)
    # Files inside an installed package may be read through one open zip file, whose
    # position a forked child would share: only files on disk go to the child.
    if not can_fork() or not all(isinstance(entry, Path) for _, entry in files[split:]):
        return None
    return split


def _started(files: Sequence[tuple[str, Traversable]]) -> _Child | None:
    """A child parsing ``files``; ``None`` if the system refuses a process or a file now."""
    try:
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (the child owns it: _Child.end closes it)
    except OSError:
        return None
    try:
        return _Child(files, spool)
    except OSError:
        spool.close()
        return None


class _Child:
    """The forked process that parses ``files`` into ``spool``, which it then owns.

    It writes each batch of results to the spool, then announces the batch's size on a pipe.
    An announced batch is whole, so this process takes each as soon as it is announced, and
    parses the files of any batch never announced (the child failed or was killed) itself.
    """

    def __init__(self, files: Sequence[tuple[str, Traversable]], spool: IO[bytes]) -> None:
        from .workers import die_with_parent

        self.files = files
        self.spool = spool
        self.announced, announce = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:
            os.close(self.announced)
            os.close(announce)
            raise
        if self.pid:
            os.close(announce)
            self.ended = False
            return
        status = 1
        try:  # the child: no cleanup of the parent's runs here, and nothing is printed
            die_with_parent()
            os.close(self.announced)
            offset = 0
            for start in range(0, len(files), _BATCH):
                rows = [_row(read_file(*file)) for file in files[start : start + _BATCH]]
                batch = marshal.dumps(rows)
                _write_all(spool.fileno(), batch, offset)
                offset += len(batch)
                os.write(announce, len(batch).to_bytes(8, "little"))  # atomic: under PIPE_BUF
            status = 0
        finally:
            os._exit(status)

    def end(self) -> None:
        """Make sure the child has ended and is reaped, also when reading stopped early."""
        if not self.ended:
            self.ended = True
            with suppress(ProcessLookupError):  # it has ended and was reaped already
                os.kill(self.pid, signal.SIGKILL)
            with suppress(ChildProcessError):  # reaped by others (SIGCHLD ignored)
                os.waitpid(self.pid, 0)
            os.close(self.announced)
        self.spool.close()

    def results(self) -> Iterator[Parsed]:
        """Each batch the child announces, as it comes; what it leaves is parsed here."""
        offset = done = 0
        with os.fdopen(os.dup(self.announced), "rb") as announcements:
            while done < len(self.files) and len(size := announcements.read(8)) == 8:
                length = int.from_bytes(size, "little")
                batch = _read_all(self.spool.fileno(), length, offset)
                offset += length
                for row in marshal.loads(batch):
                    done += 1
                    yield _from_row(row)
        for shown, entry in self.files[done:]:
            yield read_file(shown, entry)


def _write_all(fd: int, data: bytes, offset: int) -> None:
    """Write ``data`` at ``offset`` of ``fd``; the file's own position is left alone."""
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written


def _read_all(fd: int, length: int, offset: int) -> bytes:
    """``length`` bytes of ``fd`` from ``offset``; the file's own position is left alone."""
    parts = []
    while length and (part := os.pread(fd, length, offset)):
        parts.append(part)
        length -= len(part)
        offset += len(part)
    return b"".join(parts)


def _row(parsed: Parsed) -> tuple[Any, ...]:
    """A result as plain values, which :mod:`marshal` writes and reads fastest."""
    if isinstance(parsed, list):
        return (False, [(e.path, e.line, e.field, e.code, e.message, e.severity) for e in parsed])
    return (
        True,
        (
            *(parsed.path, parsed.data, parsed.body, parsed.body_line, parsed.where),
            *(parsed.front_matter_only, parsed.front, parsed.offset),
        ),
    )


def _from_row(row: tuple[Any, ...]) -> Parsed:
    parsed, values = row
    if parsed:
        return ParsedFile(*values)
    return [ContentError(*fields) for fields in values]
