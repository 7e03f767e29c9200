"""Plugin for normaliseren: printable conversation cards for every principle and example.

The network advises starting the conversation about normaliseren and keeping it going; these
cards put each principle with open questions, and each example with its provenance, on the
table in A6 form.
"""

from __future__ import annotations

from normaliseren import Exporter, Library, OutputFolder, hookimpl

from .cards import FILE_NAME, render_page
from .questions import QUESTIONS, questions_for

__all__ = ["EXPORTER", "QUESTIONS", "questions_for", "register_exporters", "write_cards"]
__version__ = "0.1.0"


def write_cards(library: Library, out: OutputFolder) -> None:
    """Write ``kaarten.html``: one page, so it can be mailed, opened and printed as it is."""
    out.write_text(FILE_NAME, render_page(library))


EXPORTER = Exporter(
    "gesprekskaarten",
    "Printable conversation cards (HTML, four A6 cards per A4) per principle and example.",
    write_cards,
)


@hookimpl
def register_exporters() -> list[Exporter]:
    """The cards as ``normaliseren export gesprekskaarten``."""
    return [EXPORTER]
