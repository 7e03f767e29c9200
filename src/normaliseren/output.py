"""Write a folder of output all at once: a temporary folder renamed into place.

A reader sees the old output or the new one, never a mix. A folder that holds files the
library did not write is never replaced or deleted. Exporters write through
:class:`OutputFolder`, which keeps every file inside the folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

MARKER = ".normaliseren-output"
"""File that marks a folder as written by this library, so a later export may replace it."""


class OutputError(Exception):
    """The output folder cannot be written without risking someone's files."""


class OutputFolder:
    """The folder an exporter writes into; names are relative POSIX paths inside it."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def path(self, name: str) -> Path:
        """The real path for ``name``, after checking it stays inside the folder."""
        parts = PurePosixPath(name).parts
        if (
            not name
            or "\\" in name
            or "\0" in name
            or PurePosixPath(name).is_absolute()
            or any(part in ("..", ".") for part in parts)
            or parts[0] == MARKER
        ):
            raise OutputError(f"unsafe output file name: {name!r}")
        target = self._root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_bytes(self, name: str, data: bytes) -> None:
        """Write ``data`` to the file ``name``."""
        self.path(name).write_bytes(data)

    def write_text(self, name: str, text: str) -> None:
        """Write ``text`` as UTF-8 with ``\\n`` line ends to the file ``name``."""
        self.write_bytes(name, text.encode("utf-8"))

    def folder(self, name: str) -> OutputFolder:
        """A sub-folder, for an exporter that runs inside a larger build."""
        sub = self.path(f"{name}/.keep").parent
        return OutputFolder(sub)


def write_atomically(
    out: Path,
    fill: Callable[[OutputFolder], None],
    *,
    replaceable: bool = True,
    force: bool = False,
) -> None:
    """Replace ``out`` with what ``fill`` writes, all at once.

    ``out`` may be missing, empty, or an earlier output of this library; anything else is
    refused with :class:`OutputError` and left untouched. If ``fill`` raises, ``out`` is as
    it was. With ``replaceable=False`` (files people go on to edit, such as a new plugin) no
    marker is written, and only a missing or empty ``out`` is accepted. ``force=True`` replaces
    a folder of other files too (its contents are lost; nothing outside it is touched).
    """
    out = Path(os.path.abspath(out))
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_dir():
            raise OutputError(f"{out} exists and is not a folder")
        ours = replaceable and (force or (out / MARKER).is_file())
        if any(out.iterdir()) and not ours:
            raise OutputError(
                f"{out} is not empty and was not written by normaliseren; "
                "choose a new or empty folder, or use --force to replace its contents"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; outputs are for sharing
        fill(OutputFolder(staging))
        if replaceable:
            (staging / MARKER).write_text("written by normaliseren; a new export may replace it\n")
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap_into_place(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)
        raise
    shutil.rmtree(retired)
