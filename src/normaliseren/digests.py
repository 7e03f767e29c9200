"""Keys of an incremental build: digests of everything an output file is made from.

A key must change whenever the file would. So besides the content a file shows, it covers
what turns content into files: this package's own code, templates and assets (its files, not
only its version number, so a changed checkout rebuilds too), the libraries it renders with,
and the installed plugins. See :class:`normaliseren.output.Keys`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .infographic.models import Infographic
    from .plugins import Plugins

RENDERING_LIBRARIES = (
    "pydantic",
    "Jinja2",
    "MarkupSafe",
    "markdown-it-py",
    "markdown-it-pyrs-abi3",
    "vl-convert-python",
)
"""The installed libraries whose versions can change what the exporters write."""

CODE_SUFFIXES = frozenset({".py", ".html", ".css", ".js", ".json"})


def digest(*parts: str | bytes) -> str:
    """A digest of ``parts`` in order; each is length-prefixed, so two lists never share one."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@cache
def code_digest() -> str:
    """This package's code, templates and assets, and the rendering libraries' versions."""
    root = Path(__file__).parent
    parts: list[str | bytes] = []
    for path in sorted(root.rglob("*")):
        inside = path.relative_to(root)
        if inside.parts[0] != "data" and path.suffix in CODE_SUFFIXES and path.is_file():
            parts += [inside.as_posix(), path.read_bytes()]
    for name in RENDERING_LIBRARIES:
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} missing")
    return digest(*parts)


def plugins_digest(plugins: Plugins | None) -> str:
    """Every installed plugin: name, version, hooks, whether built in."""
    if plugins is None:
        return digest()
    found = sorted([i.name, i.version, list(i.hooks), i.default] for i in plugins.info.values())
    return digest(json.dumps(found))


def folders_digest(folders: Sequence[Traversable]) -> str:
    """Every file in ``folders`` (templates of plugins, say): its place, name and bytes."""
    parts: list[str | bytes] = []

    def add(folder: Traversable, place: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if entry.is_dir():
                add(entry, f"{place}{entry.name}/")
            elif entry.is_file():
                parts.extend((place + entry.name, entry.read_bytes()))

    for index, folder in enumerate(folders):
        add(folder, f"{index}:")
    return digest(*parts)


def drawing_key(infographic: Infographic, kind: str) -> str:
    """The key of a drawing (``svg`` or ``png``) of ``infographic``: its document and the code."""
    from .infographic.render import to_json

    return digest(code_digest(), kind, to_json(infographic))
