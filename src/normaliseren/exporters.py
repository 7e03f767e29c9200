"""What an exporter is: a name, a description and a function that writes the library."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping
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
    exporter: Exporter,
    library: Library,
    out: OutputFolder,
    plugins: Plugins,
    info: PluginInfo,
    *,
    report: bool = True,
) -> PluginProblem | None:
    """Write ``exporter``'s output into ``out``, within :class:`~normaliseren.output.OutputLimits`.

    An installed plugin's exporter runs like a hook (time limit, bounded printing); if it
    fails, the problem is returned (and reported, unless ``report`` is false: the caller
    says it), and what it wrote should be thrown away. A built-in exporter's failure is a
    bug of the library and is raised.
    """
    from .output import OutputLimits
    from .plugins import EXPORTER_PREFIX

    limited = out.limited(OutputLimits.for_documents(document_count(library)))
    if info.default:
        exporter.write(library, limited)
        return None
    run = plugins.attempt if report else plugins.tried
    problem, _ = run(info, f"{EXPORTER_PREFIX}{exporter.name}", exporter.write, library, limited)
    return problem


SITE = "html"
"""The exporter made in the building process itself: it spreads its pages over every core."""


def run_exporters(
    library: Library,
    out: OutputFolder,
    plugins: Plugins,
    exporters: Mapping[str, tuple[Exporter, PluginInfo]],
) -> list[str]:
    """Every exporter into its own folder of ``out``; the names of those whose output is there.

    The site is made in this process while a second one makes the rest, one after the
    other (:func:`normaliseren.workers.alongside`): the other exporters run on one core, and
    the site's own work keeps a core busy only part of the time. What an exporter that
    failed wrote is left out. Where no second process can be had, or it ends without a
    result, this process makes the rest itself.
    """
    from .plugins import PluginWarning
    from .workers import alongside

    def run(name: str) -> PluginProblem | None:
        exporter, info = exporters[name]
        sub = out.folder(name)
        problem = run_exporter(exporter, library, sub, plugins, info)
        if problem is not None:
            sub.discard()  # what a failed plugin wrote is left out of the build
        return problem

    rest = [name for name in exporters if name != SITE]
    if SITE not in exporters or not rest:  # nothing to make meanwhile
        return [name for name in exporters if run(name) is None]

    def run_rest() -> tuple[dict[str, PluginProblem | None], dict[str, str], int]:
        _, reused_before = out.recorded([])
        with warnings.catch_warnings():  # problems are reported by the process that asked
            warnings.simplefilter("ignore", PluginWarning)
            problems = {name: run(name) for name in rest}
        written, reused = out.recorded([f"{name}/" for name in rest])
        return problems, written, reused - reused_before

    with alongside(run_rest) as wait:
        problems = {SITE: run(SITE)}
        finished, outcome = wait()
    if finished and outcome is not None:
        found, written, reused = outcome
        problems.update(found)
        out.take_over(written, reused)
        for problem in found.values():
            if problem is not None:
                plugins.report(problem)
    else:
        for name in rest:  # anything the other process left is thrown away first
            out.folder(name).discard()
            problems[name] = run(name)
    return [name for name in exporters if problems[name] is None]
