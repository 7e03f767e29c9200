"""The HTML page of conversation cards: one card per principle and one per example.

Everything is built from the library with ``html.escape`` on every piece of text, because
content comes from many hands (plugins, local folders). The page carries its own stylesheet
and loads nothing, so it works offline, from a USB stick or printed.
"""

from __future__ import annotations

from html import escape

from normaliseren import Example, Library, Origin, Principle, Source

from .questions import questions_for

FILE_NAME = "kaarten.html"
"""The one file the exporter writes."""

TITLE = "Gesprekskaarten normaliseren"

# Print: an A4 sheet cut in four is exactly four A6 cards (105 x 148 mm), so the sheet has no
# page margin of its own; the 10 mm that keeps text away from the printer's unprintable edge
# is the cards' padding instead. A page margin on top of that would leave too little room for
# four A6 cards (2 x 105 mm does not fit in 210 - 2 x 10 mm). Examples start on a sheet of their
# own, so the two sets of cards stay apart once cut.
STYLE = """\
:root { color-scheme: light; }
*, *::before, *::after { box-sizing: border-box; }
body {
  margin: 0;
  font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1rem;
  line-height: 1.5;
  color: #1b1b1b;
  background: #ffffff;
}
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1, h2, h3 { color: #1d4f91; line-height: 1.25; }
h1 { font-size: 1.9rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 1rem; }
.inleiding p { max-width: 45rem; }
.kaarten {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(min(20rem, 100%), 1fr));
  gap: 1rem;
}
.kaart {
  border: 1px solid #6b6b6b;
  border-radius: 0.5rem;
  padding: 1rem 1.25rem;
  background: #ffffff;
  break-inside: avoid;
  page-break-inside: avoid;
}
.kaart p, .kaart ul { margin: 0 0 0.5rem; }
.kaart ul { padding-left: 1.25rem; }
.kaart li { margin-bottom: 0.2rem; }
.kaart h3 { font-size: 1.25rem; margin: 0.1rem 0 0.5rem; }
.kaart h4 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; color: #1b1b1b; }
.soort {
  font-size: 0.8rem;
  font-weight: 700;
  letter-spacing: 0.04em;
  text-transform: uppercase;
  color: #4a4a4a;
}
.stelling { font-weight: 600; }
.lid {
  display: inline-block;
  padding: 0 0.4rem;
  border: 1px solid #6b6b6b;
  border-radius: 0.25rem;
  font-size: 0.9rem;
}
.herkomst { font-size: 0.85rem; color: #4a4a4a; }
@page { size: A4; margin: 0; }
@media print {
  body { font-size: 10pt; line-height: 1.35; }
  main { max-width: none; margin: 0; padding: 0; }
  .inleiding, h2 { display: none; }
  section + section { break-before: page; }
  .kaarten { display: flex; flex-wrap: wrap; gap: 0; width: 210mm; }
  .kaart {
    width: 105mm;
    min-height: 148mm;
    padding: 10mm;
    border: 0.3mm dashed #6b6b6b;
    border-radius: 0;
    break-inside: avoid;
  }
  .kaart h3 { font-size: 14pt; }
  .kaart h4 { font-size: 10.5pt; margin-top: 3mm; }
  .soort { font-size: 8pt; }
  .lid { font-size: 9pt; }
  .herkomst { font-size: 9pt; }
}
"""

_ORIGIN_KINDS = {"plugin": "plugin", "folder": "map"}


def render_page(library: Library) -> str:
    """The whole page; the same library always gives the same text."""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(TITLE)}</title>",
        "<style>",
        STYLE.rstrip("\n"),
        "</style>",
        "</head>",
        "<body>",
        "<main>",
        '<header class="inleiding">',
        f"<h1>{escape(TITLE)}</h1>",
        "<p>Kaarten om het gesprek over normaliseren te beginnen en gaande te houden: in een"
        " team, een opleiding, een ouderavond of een overleg over beleid. De principes van het"
        " netwerk hebben open vragen zonder goed of fout antwoord. Bij elk voorbeeld staat hoe"
        " het zich verhoudt tot de voorbeelden uit"
        f" <cite>{escape(library.collection.title)}</cite>.</p>",
        "<p>Print op A4 op ware grootte: elk vel geeft vier kaarten van A6 om langs de"
        " stippellijnen te knippen.</p>",
        "</header>",
        *_section("principes", "Principes", [_principle_card(p) for p in library.principles]),
        *_section(
            "voorbeelden",
            "Praktijkvoorbeelden",
            [_example_card(library, e) for e in library.examples],
        ),
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def _section(anchor: str, heading: str, cards: list[list[str]]) -> list[str]:
    """A titled group of cards, so that screen readers can jump between the groups."""
    return [
        f'<section aria-labelledby="{anchor}">',
        f'<h2 id="{anchor}">{escape(heading)}</h2>',
        '<div class="kaarten">',
        *(line for card in cards for line in card),
        "</div>",
        "</section>",
    ]


def _principle_card(principle: Principle) -> list[str]:
    """Number, title, statement and, where this plugin has them, the questions."""
    anchor = escape(f"principe-{principle.id}")
    lines = [
        f'<article class="kaart principe" aria-labelledby="{anchor}">',
        f'<p class="soort">Principe {principle.number}</p>',
        f'<h3 id="{anchor}">{escape(principle.title)}</h3>',
        f'<p class="stelling">{escape(principle.statement)}</p>',
    ]
    questions = questions_for(principle.id)
    if questions:
        lines += [
            "<h4>Om over te praten</h4>",
            '<ul class="vragen">',
            *(f"<li>{escape(question)}</li>" for question in questions),
            "</ul>",
        ]
    lines += [
        "<h4>Bronnen</h4>",
        "<ul>",
        *(f"<li>{_source(source)}</li>" for source in principle.sources),
        "</ul>",
        "</article>",
    ]
    return lines


def _example_card(library: Library, example: Example) -> list[str]:
    """Name, summary, membership, principles, sources and, if not from the core, origin."""
    anchor = escape(f"voorbeeld-{example.id}")
    linked = {link.id for link in example.principles}
    lines = [
        f'<article class="kaart voorbeeld" aria-labelledby="{anchor}">',
        '<p class="soort">Praktijkvoorbeeld</p>',
        f'<h3 id="{anchor}">{escape(example.name)}</h3>',
        f'<p><span class="lid">{escape(example.membership.label())}</span></p>',
        f"<p>{escape(example.summary)}</p>",
        "<h4>Principes</h4>",
        "<ul>",
        *(f"<li>{escape(p.title)}</li>" for p in library.principles if p.id in linked),
        "</ul>",
        "<h4>Bronnen</h4>",
        "<ul>",
        *(f"<li>{_source(source)}</li>" for source in example.sources),
        "</ul>",
    ]
    origin = library.origin(example.id)
    if origin.kind != "core":
        lines.append(f'<p class="herkomst">Herkomst: {escape(_origin(origin.published()))}</p>')
    lines.append("</article>")
    return lines


def _source(source: Source) -> str:
    """Publisher and title, so a reader can find the source again on paper."""
    year = f" ({source.year})" if source.year is not None else ""
    return f"{escape(source.publisher)}, <cite>{escape(source.title)}</cite>{year}"


def _origin(origin: Origin) -> str:
    """The origin in Dutch words; ``Origin.label()`` only has English ones."""
    kind = _ORIGIN_KINDS.get(origin.kind, origin.kind)
    return " ".join(part for part in (kind, origin.name, origin.version) if part)
