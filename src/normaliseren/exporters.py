"""What an exporter is: a name, a description and a function that writes the library."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .library import Library
    from .output import OutputFolder
    from .plugins import PluginInfo, PluginProblem, Plugins

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


def document_count(library: Library) -> int:
    """How many documents ``library`` holds: what the output limits grow with."""
    from .library import DOCUMENT_LISTS

    return 2 + sum(len(getattr(library, kind)) for kind in DOCUMENT_LISTS)


def run_exporter(
    exporter: Exporter, library: Library, out: OutputFolder, plugins: Plugins, info: PluginInfo
) -> PluginProblem | None:
    """Write ``exporter``'s output into ``out``, within :class:`~normaliseren.output.OutputLimits`.

    An installed plugin's exporter runs like a hook (time limit, bounded printing); if it
    fails, the problem is reported and returned, and what it wrote should be thrown away.
    A built-in exporter's failure is a bug of the library and is raised.
    """
    from .output import OutputLimits

    limited = out.limited(OutputLimits.for_documents(document_count(library)))
    if info.default:
        exporter.write(library, limited)
        return None
    problem, _ = plugins.attempt(
        info, f"exporter {exporter.name}", exporter.write, library, limited
    )
    return problem
