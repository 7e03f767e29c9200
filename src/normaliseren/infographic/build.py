"""The library's infographics, built from its data, so added examples show up in them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from normaliseren.library import Library
from normaliseren.models import Source
from normaliseren.vocabulary import Setting, SupportKind

from .models import (
    VEGA_LITE_SCHEMA,
    Block,
    Chart,
    Infographic,
    InfographicSource,
    KeyFigure,
    ListBlock,
    ListItem,
    Statement,
    Step,
    Steps,
)


def _sources(sources: Iterable[Source]) -> tuple[InfographicSource, ...]:
    unique = {s.id: s for s in sources}
    return tuple(
        InfographicSource(
            id=s.id, title=s.title, publisher=s.publisher, url=str(s.url) if s.url else None
        )
        for s in sorted(unique.values(), key=lambda s: s.id)
    )


def text_alternative(description: str, blocks: Iterable[Block]) -> str:
    """The whole infographic in words: its description, then every block in order."""
    parts = [description]
    for block in blocks:
        if isinstance(block, KeyFigure):
            qualifier = f"{block.qualifier} " if block.qualifier else ""
            parts.append(f"{qualifier}{block.value:g}{block.unit} {block.label}")
        elif isinstance(block, ListBlock):
            parts.append(f"{block.title}: " + " ".join(f"{i.label}: {i.text}" for i in block.items))
        elif isinstance(block, Steps):
            parts.append(
                f"{block.title}: "
                + " ".join(f"{n}. {s.title}: {s.text}" for n, s in enumerate(block.steps, 1))
            )
        elif isinstance(block, Statement):
            parts.append(block.text)
        else:
            parts.append(f"{block.title}: {block.description}")
    return "\n\n".join(parts)


def _document(
    id_: str, title: str, description: str, blocks: list[Block], sources: Iterable[Source]
) -> Infographic:
    return Infographic(
        id=id_,
        lang="nl",
        title=title,
        description=description,
        text_alternative=text_alternative(description, blocks),
        sources=_sources(sources),
        blocks=tuple(blocks),
    )


def _bar_chart(title: str, description: str, rows: list[dict[str, Any]], axis: str) -> Chart:
    spec = {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "data": {"values": rows},
        "mark": {"type": "bar", "color": "#1d4f91"},
        "width": 440,
        "height": {"step": 28},
        "encoding": {
            "y": {"field": "categorie", "type": "nominal", "sort": None, "title": axis},
            "x": {
                "field": "aantal",
                "type": "quantitative",
                "title": "Aantal voorbeelden",
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "tooltip": [{"field": "categorie"}, {"field": "aantal"}],
        },
        "config": {"font": "DejaVu Sans", "axis": {"labelFontSize": 13, "titleFontSize": 13}},
    }
    return Chart(title=title, description=description, spec=spec)


def _counts(labels: list[str], counts: Counter[str]) -> list[dict[str, Any]]:
    return [{"categorie": label, "aantal": counts[label]} for label in labels if counts[label]]


def infographics(library: Library) -> list[Infographic]:
    """Every infographic of the library, in a fixed order."""
    principles = _document(
        "zes-principes",
        "De zes principes van normaliseren",
        "Het Leernetwerk Normaliseren vatte zijn visie samen in zes principes.",
        [
            ListBlock(
                title="Zes principes",
                items=tuple(
                    ListItem(label=f"{p.number}. {p.title}", text=p.statement)
                    for p in library.principles
                ),
            )
        ],
        (s for p in library.principles for s in p.sources),
    )
    route = _document(
        "route-van-het-leernetwerk",
        "De route van het leernetwerk",
        "In vier stappen werkte het leernetwerk van een gedeelde taal naar verbinding met "
        "andere domeinen.",
        [
            Steps(
                title="Vier stappen",
                steps=tuple(
                    Step(
                        title=f"{s.number}. {s.title}",
                        text="Opbrengst: " + "; ".join(p.title for p in s.products)
                        if s.products
                        else "Het magazine noemt bij deze stap geen product.",
                    )
                    for s in library.route
                ),
            ),
            Statement(
                text="Welk label uit het magazine (Samen opstarten, Samen begrijpen, Samen "
                "leren, Samen werken) bij welke stap hoort, is niet zeker.",
                source="magazine",
            ),
        ],
        (s for step in library.route for s in step.sources),
    )
    settings = Counter(s.label() for e in library.examples for s in e.settings)
    support = Counter(e.support.label() for e in library.examples)
    examples = _document(
        "voorbeelden-per-setting-en-steun",
        "Praktijkvoorbeelden naar setting en soort steun",
        f"De bibliotheek beschrijft {len(library.examples)} praktijkvoorbeelden. Een "
        "voorbeeld kan in meer dan één setting plaatsvinden.",
        [
            _bar_chart(
                "Voorbeelden per setting",
                "Aantal voorbeelden per setting: "
                + ", ".join(f"{k} {v}" for k, v in sorted(settings.items()))
                + ".",
                _counts([s.label() for s in Setting], settings),
                "Setting",
            ),
            _bar_chart(
                "Voorbeelden per soort steun",
                "Aantal voorbeelden per soort steun: "
                + ", ".join(f"{k} {v}" for k, v in sorted(support.items()))
                + ".",
                _counts([s.label() for s in SupportKind], support),
                "Soort steun",
            ),
        ],
        (s for e in library.examples for s in e.sources),
    )
    magazine = library.source("magazine")
    key_figure = _document(
        "formele-ondersteuning",
        "Formele ondersteuning bij opgroeien en opvoeden",
        "Hoeveel jeugdigen en gezinnen formele ondersteuning krijgen, volgens het magazine van "
        "Werkplaats SAMEN.",
        [
            KeyFigure(
                qualifier="meer dan",
                value=10,
                unit="%",
                label="van de jeugdigen en gezinnen in Nederland krijgt formele hulp of steun "
                "bij opgroeien en opvoeden.",
                source="magazine",
            ),
            Statement(
                text="Binnen de regio's waar Werkplaats SAMEN werkt, ligt het aandeel hoger.",
                source="magazine",
            ),
        ],
        [magazine],
    )
    return [principles, route, examples, key_figure]
