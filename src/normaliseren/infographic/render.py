"""Draw an infographic as a poster-style SVG (readable at A4) and as a PNG, offline.

Charts are drawn by Vega-Lite through ``vl-convert`` (no browser needed); text blocks by our
own layout. All text is escaped, and the SVG carries ``lang``, ``title`` and ``desc``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from normaliseren.strings import t
from normaliseren.vocabulary import Lang
from normaliseren.xmltext import xml_text

from .models import Chart, Infographic, KeyFigure, ListBlock, Statement, Steps, source_name

WIDTH = 794
"""A4 width at 96 dpi; the poster keeps A4's proportions or grows taller."""
A4_HEIGHT = 1123
MARGIN = 48
INNER = WIDTH - 2 * MARGIN
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
INK, MUTED, ACCENT, TINT = "#1b1b1f", "#4a4a55", "#1d4f91", "#f3f1ec"


def _em(char: str) -> float:
    """A generous width of one character, in em, for a DejaVu-like sans-serif font."""
    if char in "mwMW@%":
        return 1.05
    if char in "iljI.,:;'!|":
        return 0.34
    if char in 'frt()[]{}-"/ ':
        return 0.48
    if char.isascii():
        return 0.82 if char.isupper() else 0.66
    if unicodedata.east_asian_width(char) in "WF" or unicodedata.category(char) == "So":
        return 1.3
    return 0.8 if unicodedata.combining(char) == 0 else 0.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` may be, in pixels, erring on the wide side."""
    return sum(map(_em, text)) * size * (1.1 if bold else 1.0)


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` that fit ``width`` pixels at font ``size``; long words are broken."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:  # a word too long for a line is broken where it must be
                if line and text_width(line + char, size, bold) > width:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


@dataclass
class Canvas:
    """SVG elements stacked from the top; ``y`` is where the next one goes."""

    y: float = MARGIN
    parts: list[str] = field(default_factory=list)

    def text(
        self,
        text: str,
        size: float,
        *,
        weight: str = "normal",
        colour: str = INK,
        x: float = MARGIN,
        width: float = INNER,
        gap: float = 0.4,
    ) -> None:
        line_height = size * 1.35
        for line in wrap(text, size, width, bold=weight == "bold"):
            self.y += line_height
            self.parts.append(
                f'<text x="{x:g}" y="{self.y:.1f}" font-size="{size:g}" font-weight="{weight}" '
                f'fill="{colour}">{xml_text(line)}</text>'
            )
        self.y += size * gap

    def space(self, pixels: float) -> None:
        self.y += pixels


_vega = {"started": False}
"""Whether Vega has run in this process: a process with Vega's threads must not be forked
for more Vega work (the child would wait forever on them)."""


def vega_started() -> bool:
    """Whether this process has run Vega (see :func:`normaliseren.site.build`)."""
    return _vega["started"]


def _chart_svg(chart: Chart) -> tuple[str, float, float]:
    import vl_convert

    _vega["started"] = True
    svg = str(vl_convert.vegalite_to_svg(chart.spec))
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    width, height = (float(match.group(1)), float(match.group(2))) if match else (INNER, 300.0)
    inner = re.sub(r"^\s*<\?xml[^>]*>\s*", "", svg)
    return inner, width, height


def _block(canvas: Canvas, block: object, sources: dict[str, str], lang: Lang) -> None:
    if isinstance(block, KeyFigure):
        qualifier = f"{block.qualifier} " if block.qualifier else ""
        canvas.text(f"{qualifier}{block.value:g}{block.unit}", 56, weight="bold", colour=ACCENT)
        canvas.text(block.label, 20)
        source = sources.get(block.source, block.source)
        canvas.text(t("ig-source", lang, source=source), 13, colour=MUTED)
    elif isinstance(block, ListBlock):
        canvas.text(block.title, 24, weight="bold")
        for item in block.items:
            canvas.text(
                item.label, 18, weight="bold", colour=ACCENT, x=MARGIN + 12, width=INNER - 12
            )
            canvas.text(item.text, 16, x=MARGIN + 12, width=INNER - 12, gap=0.9)
    elif isinstance(block, Steps):
        canvas.text(block.title, 24, weight="bold")
        for step in block.steps:
            top = canvas.y + 6
            canvas.text(step.title, 18, weight="bold", x=MARGIN + 24, width=INNER - 24)
            canvas.text(step.text, 16, x=MARGIN + 24, width=INNER - 24, gap=0.9)
            canvas.parts.append(
                f'<rect x="{MARGIN}" y="{top:.1f}" width="6" height="{canvas.y - top - 8:.1f}" '
                f'fill="{ACCENT}"/>'
            )
    elif isinstance(block, Statement):
        canvas.text(block.text, 18, colour=INK)
        if block.source:
            source = sources.get(block.source, block.source)
            canvas.text(t("ig-source", lang, source=source), 13, colour=MUTED)
    elif isinstance(block, Chart):
        canvas.text(block.title, 22, weight="bold")
        svg, width, height = _chart_svg(block)
        scale = min(1.0, INNER / width)
        canvas.parts.append(
            f'<g transform="translate({MARGIN},{canvas.y + 8:.1f}) scale({scale:.4f})" '
            f'aria-hidden="true">{svg}</g>'
        )
        canvas.space(height * scale + 16)
        canvas.text(block.description, 14, colour=MUTED)
    canvas.space(20)


def to_svg(infographic: Infographic) -> str:
    """The poster as SVG text; the same document always gives the same text."""
    sources = {s.id: source_name(s) for s in infographic.sources}
    canvas = Canvas()
    canvas.text(infographic.title, 34, weight="bold", gap=0.5)
    canvas.text(infographic.description, 18, colour=MUTED, gap=1.2)
    for block in infographic.blocks:
        _block(canvas, block, sources, infographic.lang)
    listed = "; ".join(sources[s.id] for s in infographic.sources)
    canvas.text(t("ig-sources", infographic.lang, sources=listed), 12, colour=MUTED)
    height = max(A4_HEIGHT, canvas.y + MARGIN)
    title, desc = xml_text(infographic.title), xml_text(infographic.text_alternative)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" lang="{infographic.lang}" role="img" '
        'aria-labelledby="titel beschrijving" '
        f'font-family="{xml_text(FONT)}">\n'
        f'<title id="titel">{title}</title>\n<desc id="beschrijving">{desc}</desc>\n'
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>\n'
        f'<rect width="{WIDTH}" height="12" fill="{ACCENT}"/>\n'
        + "\n".join(canvas.parts)
        + "\n</svg>\n"
    )


def to_png(svg: str) -> bytes:
    """The poster as PNG, at twice the size for print."""
    import vl_convert

    _vega["started"] = True
    return bytes(vl_convert.svg_to_png(svg, scale=2.0))


def to_json(infographic: Infographic) -> str:
    """The document as JSON text."""
    return json.dumps(infographic.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
