"""Write a folder of output all at once: a temporary folder renamed into place.

A reader sees the old output or the new one, never a mix. A folder that holds files the
library did not write is never replaced or deleted.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

MARKER = ".normaliseren-output"
"""File that marks a folder as written by this library, so a later export may replace it."""


class OutputError(Exception):
    """The output folder cannot be written without risking someone's files."""


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(p in ("..", ".", "") for p in path.parts):
        raise OutputError(f"unsafe output file name: {name!r}")
    return path


def write_tree(out: Path, files: Mapping[str, bytes]) -> None:
    """Replace ``out`` with exactly ``files`` (relative POSIX names to contents), atomically.

    ``out`` may be missing, empty, or an earlier output of this library; anything else is
    refused with :class:`OutputError` and left untouched.
    """
    out = Path(os.path.abspath(out))
    names = {name: _safe_name(name) for name in files}
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_dir():
            raise OutputError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise OutputError(
                f"{out} is not empty and was not written by normaliseren; "
                "choose a new or empty folder"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; outputs are for sharing
        for name in sorted(names):
            target = staging.joinpath(*names[name].parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
        (staging / MARKER).write_text("written by normaliseren; safe to replace by a new export\n")
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
