"""Plugin for normaliseren: the library as open data, in the form Dutch governments publish it.

The exporter ``opendata`` writes a Frictionless Tabular Data Package: ``datapackage.json`` and
the CSV files ``examples.csv``, ``principles.csv``, ``example_principles.csv`` and
``sources.csv``, ready for an open data portal such as data.overheid.nl.
"""

from __future__ import annotations

from normaliseren import Exporter, hookimpl

from .datapackage import TABLES, descriptor, write_opendata

__all__ = ["EXPORTER", "TABLES", "descriptor", "register_exporters", "write_opendata"]

EXPORTER = Exporter(
    "opendata",
    "Open data: a Frictionless Data Package (datapackage.json) with CSV tables.",
    write_opendata,
)


@hookimpl
def register_exporters() -> list[Exporter]:
    """Offer ``normaliseren export opendata`` and a subfolder of ``normaliseren build``."""
    return [EXPORTER]
