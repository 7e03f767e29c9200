"""Interface strings, in one place, in Dutch and English.

Content has its own translations (``X.en.md``); these are the words around it: labels,
notices and summaries of the command line's text and Markdown views.
"""

from __future__ import annotations

from .vocabulary import Lang

STRINGS: dict[str, tuple[str, str]] = {
    "summary": ("Samenvatting", "Summary"),
    "membership": ("Lidmaatschap", "Membership"),
    "target-groups": ("Voor wie", "For whom"),
    "ages": ("Leeftijd", "Ages"),
    "settings": ("Setting", "Setting"),
    "support": ("Soort steun", "Kind of support"),
    "organisations": ("Organisaties", "Organisations"),
    "places": ("Plaatsen", "Places"),
    "website": ("Website", "Website"),
    "principles-read": (
        "Principes (lezing van de bibliotheek)",
        "Principles (the library's reading)",
    ),
    "what-works": ("Wat werkt", "What works"),
    "improvements": ("Verbeterpunten", "Points for improvement"),
    "recognition": ("Erkenning", "Recognition"),
    "sources": ("Bronnen", "Sources"),
    "principle": ("Principe", "Principle"),
    "step": ("Stap", "Step"),
    "label": ("Label", "Label"),
    "products": ("Producten", "Products"),
    "lesson-kind": ("Soort les", "Kind of lesson"),
    "unknown": ("onbekend", "unknown"),
    "not-in-sources": (
        "niet vermeld in de beschikbare bronnen",
        "not stated in the available sources",
    ),
    "years": ("{low}-{high} jaar", "{low}-{high} years"),
    "date-unknown": ("datum onbekend", "date unknown"),
    "collection-status": (
        "{title}: {declared} voorbeelden, waarvan {identified} hier geïdentificeerd "
        "({confirmed} bevestigd, {named} genoemd in het magazine); {unknown} onbekend.",
        "{title}: {declared} examples, of which {identified} are identified here "
        "({confirmed} confirmed, {named} named in the magazine); {unknown} unknown.",
    ),
    "fallback": (
        "Deze tekst is (nog) niet vertaald.",
        "This text is not yet available in English; it is shown in Dutch.",
    ),
}


def t(key: str, lang: Lang = "nl", **values: object) -> str:
    """The interface string ``key`` in ``lang``, with ``values`` filled in."""
    dutch, english = STRINGS[key]
    text = dutch if lang == "nl" else english
    return text.format(**values) if values else text
