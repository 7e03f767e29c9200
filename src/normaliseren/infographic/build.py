"""The library's infographics, built from its data, so added examples show up in them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import partial
from typing import Any

from normaliseren.library import Library
from normaliseren.models import Source
from normaliseren.strings import t
from normaliseren.vocabulary import Lang, Setting, SupportKind

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
    one_line,
    source_name,
)


def _sources(sources: Iterable[Source]) -> tuple[InfographicSource, ...]:
    unique = {s.id: s for s in sources}
    return tuple(
        InfographicSource(
            id=s.id, title=s.title, publisher=s.publisher, url=str(s.url) if s.url else None
        )
        for s in sorted(unique.values(), key=lambda s: s.id)
    )


def _sentence(text: str) -> str:
    """``text`` with a capital first letter, as a sentence in running text starts."""
    return text[:1].upper() + text[1:]


def _listed(title: str, items: Iterable[tuple[str, str]]) -> str:
    return "\n".join(
        [f"{one_line(title)}:", *(one_line(f"{label}: {text}") for label, text in items)]
    )


def text_alternative(
    description: str,
    blocks: Iterable[Block],
    sources: tuple[InfographicSource, ...],
    lang: Lang,
) -> str:
    """The whole infographic in words: its description, then every block in order, then its
    sources, as the picture says them.

    Blocks are paragraphs apart (a blank line); a list's or the steps' items each have a
    line of their own after the title's, so a page can show them as a list. Each part is said
    once, as the picture shows it: a step's title and a list item's label carry their number,
    a key figure and a statement name their source, and a chart's description says what it
    counts without its title.
    """
    named = {s.id: source_name(s) for s in sources}

    def with_source(text: str, source: str | None) -> str:
        if source is None:
            return one_line(text)
        return one_line(f"{text} ({t('ig-source', lang, source=named.get(source, source))})")

    parts = [one_line(description)]
    for block in blocks:
        if isinstance(block, KeyFigure):
            qualifier = f"{block.qualifier} " if block.qualifier else ""
            figure = _sentence(f"{qualifier}{block.value:g}{block.unit} {block.label}")
            parts.append(with_source(figure, block.source))
        elif isinstance(block, ListBlock):
            parts.append(_listed(block.title, ((i.label, i.text) for i in block.items)))
        elif isinstance(block, Steps):
            parts.append(_listed(block.title, ((s.title, s.text) for s in block.steps)))
        elif isinstance(block, Statement):
            parts.append(with_source(block.text, block.source))
        else:
            parts.append(one_line(block.description))
    listed = "; ".join(named[s.id] for s in sources)
    parts.append(one_line(t("ig-sources", lang, sources=listed)))
    return "\n\n".join(parts)


def _document(
    id_: str,
    title: str,
    description: str,
    blocks: list[Block],
    sources: Iterable[Source],
    *,
    lang: Lang,
) -> Infographic:
    listed = _sources(sources)
    return Infographic(
        id=id_,
        lang=lang,
        title=title,
        description=description,
        text_alternative=text_alternative(description, blocks, listed, lang),
        sources=listed,
        blocks=tuple(blocks),
    )


def _bar_chart(
    lang: Lang, title: str, description: str, rows: list[dict[str, Any]], axis: str
) -> Chart:
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
                "title": t("ig-number-of-examples", lang),
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "tooltip": [
                {"field": "categorie", "title": axis},
                {"field": "aantal", "title": t("ig-number-of-examples", lang)},
            ],
        },
        "config": {"font": "DejaVu Sans", "axis": {"labelFontSize": 13, "titleFontSize": 13}},
    }
    return Chart(title=title, description=description, spec=spec)


def _counts(labels: list[str], counts: Counter[str]) -> list[dict[str, Any]]:
    return [{"categorie": label, "aantal": counts[label]} for label in labels if counts[label]]


def infographics(library: Library) -> list[Infographic]:
    """Every infographic of the library, in a fixed order, in the library's language."""
    lang = library.lang
    say = partial(t, lang=lang)
    document = partial(_document, lang=lang)

    principles = document(
        "zes-principes",
        say("principles-set"),
        say("ig-principles-description"),
        [
            ListBlock(
                title=say("ig-six-principles"),
                items=tuple(
                    ListItem(label=f"{p.number}. {p.title}", text=p.statement)
                    for p in library.principles
                ),
            )
        ],
        (s for p in library.principles for s in p.sources),
    )
    route = document(
        "route-van-het-leernetwerk",
        say("route-heading"),
        say("route-summary"),
        [
            Steps(
                title=say("ig-four-steps"),
                steps=tuple(
                    Step(
                        title=f"{s.number}. {s.title}",
                        text=say("ig-results", products="; ".join(p.title for p in s.products))
                        if s.products
                        else say("no-product"),
                    )
                    for s in library.route
                ),
            ),
            Statement(text=say("ig-route-labels"), source="magazine"),
        ],
        (s for step in library.route for s in step.sources),
    )
    unknown = say("unknown")  # an example no source gives a setting or kind of support
    settings = Counter(s.label(lang) for e in library.examples for s in e.settings)
    settings.update(unknown for e in library.examples if not e.settings)
    support = Counter(e.support.label(lang) if e.support else unknown for e in library.examples)
    examples = document(
        "voorbeelden-per-setting-en-steun",
        say("ig-examples-title"),
        say("ig-examples-description", count=len(library.examples)),
        [
            _bar_chart(
                lang,
                say("ig-per-setting"),
                say(
                    "ig-per-setting-description",
                    counts=", ".join(f"{k} {v}" for k, v in sorted(settings.items())),
                ),
                _counts([*(s.label(lang) for s in Setting), unknown], settings),
                say("settings"),
            ),
            _bar_chart(
                lang,
                say("ig-per-support"),
                say(
                    "ig-per-support-description",
                    counts=", ".join(f"{k} {v}" for k, v in sorted(support.items())),
                ),
                _counts([*(s.label(lang) for s in SupportKind), unknown], support),
                say("support"),
            ),
        ],
        (s for e in library.examples for s in e.sources),
    )
    magazine = library.source("magazine")
    key_figure = document(
        "formele-ondersteuning",
        say("ig-support-title"),
        say("ig-support-description"),
        [
            KeyFigure(
                qualifier=say("ig-more-than"),
                value=10,
                unit="%",
                label=say("ig-support-figure"),
                source="magazine",
            ),
            Statement(text=say("ig-support-regions"), source="magazine"),
        ],
        [magazine],
    )
    return [principles, route, examples, key_figure]
