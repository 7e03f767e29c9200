"""What an exporter is: a name, a description and a function that writes the library."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .library import Library
    from .output import OutputFolder

_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Exporter:
    """An output format, contributed through the ``register_exporters`` hook.

    ``write`` gets the library and an :class:`~normaliseren.output.OutputFolder`; it must write
    the same bytes for the same library, and only through that folder.
    """

    name: str
    """The format's name on the command line (``normaliseren export NAME``): a slug."""
    description: str
    """One line for ``normaliseren export --list``."""
    write: Callable[[Library, OutputFolder], None]

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise ValueError(f"exporter name must be a slug like 'open-data', got {self.name!r}")
        if not isinstance(self.description, str) or not self.description.strip():
            raise ValueError(f"exporter {self.name!r} needs a one-line description")
        if not callable(self.write):
            raise ValueError(f"exporter {self.name!r}: write must be callable")
