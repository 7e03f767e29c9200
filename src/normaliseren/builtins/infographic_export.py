"""Default plugin: the infographics as JSON documents, SVG posters and PNG pictures."""

from __future__ import annotations

import json

from normaliseren.exporters import Exporter
from normaliseren.hookspecs import hookimpl
from normaliseren.library import Library
from normaliseren.output import OutputFolder


def write_infographics(library: Library, out: OutputFolder) -> None:
    """``ID.json``, ``ID.svg`` and ``ID.png`` per infographic, and the format's schema.

    Drawings made from the same document as in the previous build are reused: drawing
    starts Vega, the slow part.
    """
    from normaliseren.digests import drawing_key
    from normaliseren.infographic.build import infographics
    from normaliseren.infographic.models import infographic_schema
    from normaliseren.infographic.render import to_json, to_png, to_svg

    for infographic in infographics(library):
        out.write_text(f"{infographic.id}.json", to_json(infographic))
        svg_name, png_name = f"{infographic.id}.svg", f"{infographic.id}.png"
        svg_reused = out.reuse(svg_name, drawing_key(infographic, "svg"))
        png_reused = out.reuse(png_name, drawing_key(infographic, "png"))
        if svg_reused and png_reused:
            continue
        svg = to_svg(infographic)
        if not svg_reused:
            out.write_text(svg_name, svg)
        if not png_reused:
            out.write_bytes(png_name, to_png(svg))
    schema = json.dumps(infographic_schema(), ensure_ascii=False, indent=2) + "\n"
    out.write_text("infographic.schema.json", schema)


@hookimpl
def register_exporters() -> list[Exporter]:
    return [
        Exporter(
            "infographic",
            "Infographics as JSON (a versioned format), SVG posters and PNG pictures.",
            write_infographics,
        )
    ]
