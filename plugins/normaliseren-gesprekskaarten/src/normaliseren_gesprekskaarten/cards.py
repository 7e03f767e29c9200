"""The HTML page of conversation cards: one card per principle and one per example.

Everything is built from the library with ``html.escape`` on every piece of text, because
content comes from many hands (plugins, local folders). The page carries its own stylesheet
and loads nothing, so it works offline, from a USB stick or printed.
"""

from __future__ import annotations

from html import escape

from normaliseren import Document, Example, Lang, Library, Origin, Principle, Source

from .questions import questions_for

FILE_NAME = "kaarten.html"
"""The one file the exporter writes."""

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Gesprekskaarten normaliseren", "Conversation cards on normalising"),
    "intro": (
        "Kaarten om het gesprek over normaliseren te beginnen en gaande te houden: in een"
        " team, een opleiding, een ouderavond of een overleg over beleid. De principes van het"
        " netwerk hebben open vragen zonder goed of fout antwoord. Bij elk voorbeeld staat hoe"
        " het zich verhoudt tot de voorbeelden uit {collection}.",
        "Cards to start the conversation about normalising and to keep it going: in a team,"
        " a course, a parents' evening or a policy meeting. The network's principles come with"
        " open questions that have no right or wrong answer. Each example says how it relates"
        " to the examples of {collection}.",
    ),
    "print": (
        "Print op A4 op ware grootte: elk vel geeft vier kaarten van A6 om langs de"
        " stippellijnen te knippen.",
        "Print on A4 at actual size: each sheet gives four A6 cards to cut along the dotted lines.",
    ),
    "principles": ("Principes", "Principles"),
    "examples": ("Praktijkvoorbeelden", "Practice examples"),
    "principle": ("Principe {number}", "Principle {number}"),
    "example": ("Praktijkvoorbeeld", "Practice example"),
    "questions": ("Om over te praten", "To talk about (in Dutch)"),
    "sources": ("Bronnen", "Sources"),
    "origin": ("Herkomst: {origin}", "Origin: {origin}"),
    "plugin": ("plugin", "plugin"),
    "folder": ("map", "folder"),
}
"""The cards' own words, in Dutch and English. The questions are in Dutch only."""


def say(key: str, lang: Lang, **values: str) -> str:
    """The cards' text ``key`` in ``lang``, with ``values`` filled in."""
    dutch, english = WORDS[key]
    return (dutch if lang == "nl" else english).format(**values)


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
  overflow-wrap: break-word;
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


def render_page(library: Library) -> str:
    """The whole page, in the library's language; the same library always gives the same text."""
    lang = library.lang
    title = escape(say("title", lang))
    collection = (
        f"<cite{_in_dutch(library, library.collection)}>{escape(library.collection.title)}</cite>"
    )
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        "<style>",
        STYLE.rstrip("\n"),
        "</style>",
        "</head>",
        "<body>",
        "<main>",
        '<header class="inleiding">',
        f"<h1>{title}</h1>",
        f"<p>{escape(say('intro', lang, collection='{}')).format(collection)}</p>",
        f"<p>{escape(say('print', lang))}</p>",
        "</header>",
        *_section(
            "principes",
            say("principles", lang),
            [_principle_card(library, p) for p in library.principles],
        ),
        *_section(
            "voorbeelden",
            say("examples", lang),
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


def _in_dutch(library: Library, document: Document) -> str:
    """`` lang="nl"`` on the text of a document shown in Dutch for lack of a translation."""
    return ' lang="nl"' if library.falls_back(document) else ""


def _principle_card(library: Library, principle: Principle) -> list[str]:
    """Number, title, statement and, where this plugin has them, the questions."""
    lang = library.lang
    anchor = escape(f"principe-{principle.id}")
    text = _in_dutch(library, principle)
    lines = [
        f'<article class="kaart principe" aria-labelledby="{anchor}">',
        f'<p class="soort">{escape(say("principle", lang, number=str(principle.number)))}</p>',
        f'<h3 id="{anchor}"{text}>{escape(principle.title)}</h3>',
        f'<p class="stelling"{text}>{escape(principle.statement)}</p>',
    ]
    questions = questions_for(principle.id)
    if questions:
        dutch = "" if lang == "nl" else ' lang="nl"'
        lines += [
            f"<h4>{escape(say('questions', lang))}</h4>",
            f'<ul class="vragen"{dutch}>',
            *(f"<li>{escape(question)}</li>" for question in questions),
            "</ul>",
        ]
    lines += [
        f"<h4>{escape(say('sources', lang))}</h4>",
        "<ul>",
        *(f"<li>{_source(source, library.lang)}</li>" for source in principle.sources),
        "</ul>",
        "</article>",
    ]
    return lines


def _example_card(library: Library, example: Example) -> list[str]:
    """Name, summary, membership, principles, sources and, if not from the core, origin."""
    lang = library.lang
    anchor = escape(f"voorbeeld-{example.id}")
    linked = {link.id for link in example.principles}
    text = _in_dutch(library, example)
    lines = [
        f'<article class="kaart voorbeeld" aria-labelledby="{anchor}">',
        f'<p class="soort">{escape(say("example", lang))}</p>',
        f'<h3 id="{anchor}"{text}>{escape(example.name)}</h3>',
        f'<p><span class="lid">{escape(example.membership.label(lang))}</span></p>',
        f"<p{text}>{escape(example.summary)}</p>",
        f"<h4>{escape(say('principles', lang))}</h4>",
        "<ul>",
        *(
            f"<li{_in_dutch(library, p)}>{escape(p.title)}</li>"
            for p in library.principles
            if p.id in linked
        ),
        "</ul>",
        f"<h4>{escape(say('sources', lang))}</h4>",
        "<ul>",
        *(f"<li>{_source(source, library.lang)}</li>" for source in example.sources),
        "</ul>",
    ]
    origin = library.origin(example.id)
    if origin.kind != "core":
        named = _origin(origin.published(), lang)
        lines.append(f'<p class="herkomst">{escape(say("origin", lang, origin=named))}</p>')
    lines.append("</article>")
    return lines


def _source(source: Source, lang: Lang) -> str:
    """Publisher and title, so a reader can find the source again on paper; a title in
    another language than the page's is marked as such."""
    year = f" ({source.year})" if source.year is not None else ""
    marked = f' lang="{source.lang}"' if source.lang != lang else ""
    return f"{escape(source.publisher)}, <cite{marked}>{escape(source.title)}</cite>{year}"


def _origin(origin: Origin, lang: Lang) -> str:
    """The origin in the cards' words; ``Origin.label()`` has English ones for messages."""
    kind = say(origin.kind, lang) if origin.kind in WORDS else origin.kind
    return " ".join(part for part in (kind, origin.name, origin.version) if part)
