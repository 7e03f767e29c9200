"""Default plugin: the shipped content of the Leernetwerk Normaliseren."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from normaliseren.hookspecs import hookimpl


@hookimpl
def register_content_dirs() -> list[Traversable]:
    return [files("normaliseren") / "data"]
