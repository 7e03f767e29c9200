"""Default plugin: curriculum modules as IMS Common Cartridges, HTML and Markdown."""

from __future__ import annotations

from normaliseren.exporters import Exporter
from normaliseren.hookspecs import hookimpl
from normaliseren.library import Library
from normaliseren.output import OutputFolder


def write_curriculum(library: Library, out: OutputFolder) -> None:
    """Every module of the library; see :func:`normaliseren.curriculum.export.write_modules`."""
    from normaliseren.curriculum.export import write_modules
    from normaliseren.load import get_plugins

    write_modules(library, out, get_plugins(), [m.id for m in library.modules])


@hookimpl
def register_exporters() -> list[Exporter]:
    return [
        Exporter(
            "curriculum",
            "Course modules for Brightspace, Canvas and Moodle (Common Cartridge 1.1), "
            "HTML and Markdown.",
            write_curriculum,
        )
    ]
