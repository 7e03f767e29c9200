"""Write a folder of output all at once: a work folder swapped into place in one step.

A reader sees the old output or the new one, never a mix, even if the process is killed. A
folder that holds files the library did not write is never replaced or deleted. Exporters
write through :class:`OutputFolder`, which keeps every file inside the folder.

A build may reuse files of the build before it (:class:`Keys`): an exporter names what a file
is made from, and a file made from the same as before is hard-linked from the previous output
into the work folder instead of being written again; the swap is the same.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MARKER = ".normaliseren-output"
"""File that marks a folder as written by this library, so a later export may replace it."""

MANIFEST = ".normaliseren-manifest.json"
"""File beside the marker of a build: the key of every file the build may reuse next time."""

MANIFEST_FORMAT = 1


class OutputError(Exception):
    """The output folder cannot be written without risking someone's files."""


def safe_parts(name: str) -> tuple[str, ...]:
    """The parts of ``name``, a relative POSIX path that stays inside its folder.

    Raises :class:`OutputError` for an empty or absolute name, ``.`` or ``..`` parts,
    backslashes, colons (on Windows ``C:`` in any part moves the path to that drive), NUL,
    or the output marker or manifest. Used for files and for zip entries.
    Split as :class:`~pathlib.PurePosixPath` splits (empty and ``.`` parts inside dropped),
    with string methods: it runs for every file of a build.
    """
    parts = tuple(part for part in name.split("/") if part not in ("", "."))
    if (
        not parts
        or "\\" in name
        or ":" in name
        or "\0" in name
        or name.startswith("/")
        or ".." in parts
        or parts[0] in (MARKER, MANIFEST)
    ):
        raise OutputError(f"unsafe output file name: {name!r}")
    return parts


FILES_PER_DOCUMENT = 100
BYTES_PER_DOCUMENT = 1024 * 1024
FILES_BASE = 10_000
BYTES_BASE = 256 * 1024 * 1024


@dataclass
class OutputLimits:
    """How much one exporter may write: a bound on a runaway plugin, far above real output.

    The default allows 100 files and 1 MiB per document of the library (a content file is
    at most 1 MiB), on top of 10,000 files and 256 MiB for what does not grow with it.
    """

    files: int
    bytes: int
    written_files: int = 0
    written_bytes: int = 0

    @classmethod
    def for_documents(cls, documents: int) -> OutputLimits:
        """The default limits for a library of ``documents`` documents."""
        return cls(
            FILES_BASE + FILES_PER_DOCUMENT * documents,
            BYTES_BASE + BYTES_PER_DOCUMENT * documents,
        )

    def spend(self, name: str, size: int) -> None:
        """Count one file of ``size`` bytes, or raise :class:`OutputError` past a limit."""
        self.written_files += 1
        if self.written_files > self.files:
            raise OutputError(f"more than {self.files} files written (the last {name!r})")
        self.spend_bytes(name, size)

    def spend_bytes(self, name: str, size: int) -> None:
        """Count ``size`` more bytes of the file ``name``, already counted as a file."""
        self.written_bytes += size
        if self.written_bytes > self.bytes:
            raise OutputError(f"more than {self.bytes} bytes written (the last {name!r})")


@dataclass
class Keys:
    """What the files of one build are made from, and what those of the build before were.

    A key is a digest of everything a file shows; an exporter that gives one
    (:meth:`OutputFolder.unchanged`) lets the next build reuse the file while the key stays
    the same. ``previous`` comes from the manifest of the output being replaced.
    """

    previous_root: Path | None = None
    previous: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    reused: int = 0
    _safe_folders: set[str] = field(default_factory=set)

    @classmethod
    def of_previous(cls, out: Path) -> Keys:
        """The keys of the build in ``out``; none if it holds no readable manifest of ours.

        A manifest that is missing, unreadable, of another format or version, or that names
        a path outside the folder, means nothing is reused: a full build.
        """
        out = Path(os.path.abspath(out))
        manifest = out / MANIFEST
        if not (out / MARKER).is_file() or manifest.is_symlink() or out.is_symlink():
            return cls()
        try:
            data = json.loads(manifest.read_bytes())
        except (OSError, ValueError, RecursionError):
            return cls()
        from . import __version__

        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            return cls()
        files = data.get("files")
        if data.get("version") != __version__ or not isinstance(files, dict):
            return cls()
        try:
            for name, key in files.items():
                safe_parts(name)
                if not isinstance(key, str):
                    return cls()
        except OutputError:
            return cls()
        return cls(out, files)

    def manifest(self) -> bytes:
        """The manifest of this build: its format, the library's version and every key."""
        from . import __version__

        data = {"format": MANIFEST_FORMAT, "version": __version__, "files": self.written}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0).encode("utf-8")

    def previous_file(self, parts: tuple[str, ...]) -> str | None:
        """The previous build's file of these :func:`safe_parts`, if a file there, no link."""
        if self.previous_root is None:
            return None
        folder = "/".join((os.fspath(self.previous_root), *parts[:-1]))
        if folder not in self._safe_folders:
            current = os.fspath(self.previous_root)
            for part in parts[:-1]:
                current = f"{current}/{part}"
                if os.path.islink(current):
                    return None
            self._safe_folders.add(folder)
        path = f"{folder}/{parts[-1]}"
        try:
            return path if stat.S_ISREG(os.lstat(path).st_mode) else None
        except OSError:
            return None


class OutputFolder:
    """The folder an exporter writes into; names are relative POSIX paths inside it.

    Files are only written inside the folder: names are checked with :func:`safe_parts`,
    and no link inside the folder is followed. With ``limits``, writing stops with an
    :class:`OutputError` once they are passed.
    """

    def __init__(
        self,
        root: Path,
        limits: OutputLimits | None = None,
        keys: Keys | None = None,
        prefix: str = "",
    ) -> None:
        self._root = root
        self._limits = limits
        self._keys = keys
        self._prefix = prefix
        self._made: set[Path] = set()
        """Folders made so far; shared with sub-folders, so one that is discarded is made
        again when it is asked for again."""
        self._folders: dict[tuple[str, ...], str] = {}

    @property
    def keeps_keys(self) -> bool:
        """Whether this build records keys, so an exporter should give them (it may reuse)."""
        return self._keys is not None

    def unchanged(self, name: str, key: str) -> bool:
        """Record that the file ``name`` is made from ``key``; whether it is as before.

        True when the previous build made ``name`` from the same key: the caller then calls
        :meth:`copy_previous` instead of writing the file. Decide in the process that runs
        the build (keys recorded in a forked worker are lost); copying may happen anywhere.
        """
        if self._keys is None:
            return False
        full = self._prefix + name
        parts = safe_parts(full)
        self._keys.written[full] = key
        if self._keys.previous.get(full) != key or self._keys.previous_file(parts) is None:
            return False
        self._keys.reused += 1
        return True

    def copy_previous(self, name: str) -> None:
        """Put the previous build's file ``name`` here: a hard link, or a copy where none."""
        root = None if self._keys is None else self._keys.previous_root
        if root is None:
            raise OutputError(f"{name!r}: there is no previous build to take it from")
        parts = safe_parts(name)
        source = f"{os.fspath(root)}/{self._prefix}{'/'.join(parts)}"
        target = f"{self._folder(parts[:-1], name)}/{parts[-1]}"  # a link is replaced, not followed
        found = os.lstat(source)
        if not stat.S_ISREG(found.st_mode):
            raise OutputError(f"{name!r} of the previous build is no longer a file")
        if self._limits is not None:
            self._limits.spend(name, found.st_size)
        try:
            os.link(source, target, follow_symlinks=False)
        except FileExistsError:  # written before in this build: replaced, not written into
            os.unlink(target)
            os.link(source, target, follow_symlinks=False)
        except OSError:  # a file system without hard links: the same bytes, copied
            shutil.copyfile(source, target, follow_symlinks=False)

    def reuse(self, name: str, key: str) -> bool:
        """Copy the previous build's ``name`` here if it was made from ``key``; whether it was."""
        if not self.unchanged(name, key):
            return False
        self.copy_previous(name)
        return True

    def path(self, name: str) -> Path:
        """The real path for ``name``, after checking it stays inside the folder."""
        target = self._root.joinpath(*safe_parts(name))
        self._make_folders(target.parent, name)
        if target.is_symlink():
            raise OutputError(f"unsafe output file name: {name!r} is a link")
        return target

    def _folder(self, parts: tuple[str, ...], name: str) -> str:
        """The folder of these parts, made if need be (checked once per folder)."""
        found = self._folders.get(parts)
        if found is None:
            folder = self._root.joinpath(*parts)
            self._make_folders(folder, name)
            found = self._folders[parts] = os.fspath(folder)
        return found

    def _make_folders(self, folder: Path, name: str) -> None:
        if folder in self._made:
            return
        current = self._root
        current.mkdir(parents=True, exist_ok=True)  # the folder itself may be a link
        for part in folder.relative_to(self._root).parts:
            current /= part
            if current.is_symlink():
                raise OutputError(f"unsafe output file name: {name!r} goes through a link")
            current.mkdir(exist_ok=True)
            self._made.add(current)

    def write_bytes(self, name: str, data: bytes) -> None:
        """Write ``data`` to the file ``name``."""
        self.write_pieces(name, [data])

    def write_text(self, name: str, text: str) -> None:
        """Write ``text`` to the file ``name`` as UTF-8, as it is (no line ends are changed, so
        the same text gives the same bytes on every system)."""
        self.write_bytes(name, text.encode("utf-8"))

    def write_pieces(self, name: str, pieces: Iterable[bytes]) -> None:
        """Write the file ``name`` piece by piece, so a large file is never whole in memory."""
        target = self.path(name)
        if self._limits is not None:
            self._limits.spend(name, 0)
        if self._keys is not None and self._keys.previous_root is not None:
            _unshare(target)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(target, flags, 0o666), "wb") as handle:
            for piece in pieces:
                if self._limits is not None:
                    self._limits.spend_bytes(name, len(piece))
                handle.write(piece)

    def folder(self, name: str) -> OutputFolder:
        """A sub-folder, for an exporter that runs inside a larger build; same limits."""
        sub = self.path(f"{name}/.keep").parent
        folder = OutputFolder(sub, self._limits, self._keys, f"{self._prefix}{name}/")
        folder._made = self._made
        return folder

    def discard(self) -> None:
        """Remove this folder and everything in it: the output of an exporter that failed."""
        shutil.rmtree(self._root)
        self._made -= {made for made in self._made if made.is_relative_to(self._root)}
        self._folders.clear()
        if self._keys is not None:
            written = self._keys.written
            for name in [name for name in written if name.startswith(self._prefix)]:
                del written[name]

    def recorded(self, prefixes: Sequence[str]) -> tuple[dict[str, str], int]:
        """The keys recorded so far of files whose names start with one of ``prefixes``
        (inside this folder), and how many files this build reused: what a forked worker
        that wrote those files hands back (:meth:`take_over`)."""
        if self._keys is None:
            return {}, 0
        starts = tuple(self._prefix + prefix for prefix in prefixes)
        written = {name: key for name, key in self._keys.written.items() if name.startswith(starts)}
        return written, self._keys.reused

    def take_over(self, written: Mapping[str, str], reused: int) -> None:
        """Record what a forked worker recorded (:meth:`recorded`) as this process's own."""
        if self._keys is not None:
            self._keys.written.update(written)
            self._keys.reused += reused

    def limited(self, limits: OutputLimits) -> OutputFolder:
        """This folder, with ``limits`` on what is written through the result."""
        return OutputFolder(self._root, limits, self._keys, self._prefix)


def _unshare(target: Path) -> None:
    """Remove ``target`` if it is a link to a file of the previous build, before writing it.

    Writing into it would change the previous output, which readers still see.
    """
    try:
        if os.lstat(target).st_nlink > 1:
            target.unlink()
    except FileNotFoundError:
        pass


def write_atomically(
    out: Path,
    fill: Callable[[OutputFolder], None],
    *,
    replaceable: bool = True,
    force: bool = False,
    keys: Keys | None = None,
    keep: Iterable[Path] = (),
) -> None:
    """Replace ``out`` with what ``fill`` writes, all at once.

    ``out`` may be missing, empty, or an earlier output of this library; anything else is
    refused with :class:`OutputError` and left untouched. If ``fill`` raises, ``out`` is as
    it was. With ``replaceable=False`` (files people go on to edit, such as a new plugin) no
    marker is written, and only a missing or empty ``out`` is accepted. ``force=True`` replaces
    a folder of other files too (its contents are lost; nothing outside it is touched). Never
    replaced, not even forced: a folder that is or holds the user's home folder, the working
    folder, or one of ``keep`` (the content folders being read, say).

    The new output is written in a work folder beside ``out`` and swapped with it in one
    step, so even a killed process leaves ``out`` whole: the old output or the new one. Work
    folders that a killed run left behind are removed by the next run for the same ``out``.

    With ``keys``, exporters may reuse files of the previous output (see :class:`Keys`), and
    a manifest of the new keys is written beside the marker.

    What the system refuses (a file where a folder should be, no permission, a full disk) is
    an :class:`OutputError` with its reason, so the command reports it without a traceback.
    """
    out = Path(os.path.abspath(out))
    _refuse_what_must_stay(out, keep)
    try:
        _write_atomically(out, fill, replaceable=replaceable, force=force, keys=keys)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}{where}") from exc


def _refuse_what_must_stay(out: Path, keep: Iterable[Path]) -> None:
    """Refuse an ``out`` whose replacing would take the home, working or a kept folder along.

    Folders are compared by what they are, not by how they are named: also through a link,
    or in other case on a file system that ignores case. An ``out`` not there replaces nothing.
    """
    try:
        found = os.stat(out)
    except OSError:
        return
    guarded = [("your home folder", Path.home()), ("the working folder", Path.cwd())]
    guarded += [("a content folder being read", Path(folder)) for folder in keep]
    for what, given in guarded:
        folder = Path(os.path.abspath(given))
        for above in (folder, *folder.parents):
            with suppress(OSError):
                if os.path.samestat(os.stat(above), found):
                    held = "is" if above == folder else f"holds {folder},"
                    raise OutputError(f"{out} {held} {what}; choose another folder for the output")


def _write_atomically(
    out: Path,
    fill: Callable[[OutputFolder], None],
    *,
    replaceable: bool,
    force: bool,
    keys: Keys | None,
) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    if out.exists() or out.is_symlink():
        if out.is_symlink():
            raise OutputError(f"{out} is a link; name the folder itself (a link is not followed)")
        if not out.is_dir():
            raise OutputError(f"{out} exists and is not a folder")
        ours = replaceable and (force or (out / MARKER).is_file())
        if any(out.iterdir()) and not ours:
            if not replaceable:  # files people edit: never written over, not even forced
                raise OutputError(f"{out} is not empty; choose a new or empty folder")
            raise OutputError(
                f"{out} is not empty and was not written by normaliseren; "
                "choose a new or empty folder, or use --force to replace its contents"
            )
    with _work_folder(out) as work:
        staging = work / "new"
        staging.mkdir()
        fill(OutputFolder(staging, keys=keys))
        if replaceable:
            (staging / MARKER).write_text("written by normaliseren; a new export may replace it\n")
            if keys is not None:
                (staging / MANIFEST).write_bytes(keys.manifest())
        _swap_into_place(staging, out)


def count_files(out: Path) -> int:
    """How many files an output holds, its marker and manifest left out."""
    found = sum(len(names) for _, _, names in os.walk(out))
    return found - sum((out / name).is_file() for name in (MARKER, MANIFEST))


WORK_MARKER = ".normaliseren-work"
"""File in a work folder: it and its folder may be removed once no process holds its lock."""


def _work_name(out: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(out.name)}\.normaliseren-[a-z0-9_]{{8}}")


@contextmanager
def _work_folder(out: Path) -> Iterator[Path]:
    """A locked work folder beside ``out`` (same file system, so renames are atomic)."""
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.normaliseren-", dir=out.parent))
    _working.add(work)
    try:
        with (work / WORK_MARKER).open("w") as marker:
            _lock(marker.fileno(), blocking=True)
            marker.write("work folder of a normaliseren export; removed when the export ends\n")
            marker.flush()
            try:
                yield work
            finally:
                _remove_work(work)
    finally:
        _working.discard(work)


_working: set[Path] = set()
"""Work folders of exports running in this process (a process never conflicts with its own
locks, so these are skipped by name)."""


def clean_leftovers(out: Path) -> list[Path]:
    """Remove the work folders of exports to ``out`` that were killed; return them.

    Only folders named like this library's work folders that hold its work marker (or
    nothing) are removed, and never one whose export is still running (it holds a lock). If
    a killed export left ``out`` missing and the previous output in its work folder, that
    output is put back first.
    """
    removed = []
    pattern = _work_name(out)
    for entry in sorted(out.parent.iterdir()) if out.parent.is_dir() else ():
        if not pattern.fullmatch(entry.name) or entry.is_symlink() or not entry.is_dir():
            continue
        if entry in _working:
            continue
        marker = entry / WORK_MARKER
        try:
            if marker.is_file() and not marker.is_symlink():
                with marker.open("a") as handle:
                    if not _lock(handle.fileno(), blocking=False):
                        continue  # another export is writing here now
                    if not out.exists() and (entry / "old").is_dir():
                        (entry / "old").rename(out)
                    _remove_work(entry)
            elif not any(entry.iterdir()):
                entry.rmdir()
            else:
                continue
        except OSError:  # e.g. a killed export's worker still writing there: next time
            continue
        removed.append(entry)
    return removed


def _remove_work(work: Path) -> None:
    """Remove a work folder so that, if this is killed, what is left is still recognised."""
    for name in ("new", "old"):
        shutil.rmtree(work / name, ignore_errors=True)
    (work / WORK_MARKER).unlink(missing_ok=True)
    work.rmdir()


def _lock(fd: int, *, blocking: bool) -> bool:
    """A POSIX lock on the file of ``fd``, held until this process closes it or dies.

    Unlike ``flock``, such a lock is not shared with forked children, so a worker that
    outlives a killed export does not keep its work folder locked.
    """
    if fcntl is None:  # pragma: no cover - Windows: no lock; a running export is not detected
        return True
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return False
        raise
    return True


def _swap_into_place(staging: Path, out: Path) -> None:
    """Put ``staging`` at ``out``; the previous ``out`` ends up at ``staging``'s path."""
    if not out.exists():
        staging.rename(out)
    elif not _exchange(staging, out):
        # No atomic exchange here: for a moment ``out`` is missing, and the previous output
        # waits in the work folder, where clean_leftovers puts it back after a kill.
        old = staging.parent / "old"
        out.rename(old)
        try:
            staging.rename(out)
        except BaseException:
            old.rename(out)
            raise


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where the system cannot."""
    if sys.platform != "linux":
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # pragma: no cover - a C library without renameat2
        return False
    if (
        renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
        == 0
    ):
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # file system or kernel lacks it
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))
