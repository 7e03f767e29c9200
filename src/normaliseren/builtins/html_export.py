"""Default plugin: the library as an accessible, static website."""

from __future__ import annotations

from normaliseren.exporters import Exporter
from normaliseren.hookspecs import hookimpl
from normaliseren.library import Library
from normaliseren.output import OutputFolder


def write_html(library: Library, out: OutputFolder) -> None:
    """The site, with the installed plugins' templates and Markdown extensions."""
    from normaliseren.load import get_plugins
    from normaliseren.site.build import write_site

    write_site(library, out, get_plugins())


@hookimpl
def register_exporters() -> list[Exporter]:
    return [
        Exporter("html", "A static website: accessible, searchable, works offline.", write_html)
    ]
