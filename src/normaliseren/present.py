"""Views of content items for people: a plain-text card and a Markdown document.

Both are built from one list of labelled fields, so the two formats never disagree. Fields
that the sources leave empty are shown as unknown rather than left out.
"""

from __future__ import annotations

from .models import Example, Lesson, Principle, RouteStep, Source, Statement

Item = Example | Principle | RouteStep | Lesson
UNKNOWN = "onbekend"
NOT_IN_SOURCES = "niet vermeld in de beschikbare bronnen"


def cite(source: Source) -> str:
    """A one-line citation: publisher, year, title and address where known."""
    parts = [source.publisher]
    if source.year is not None:
        parts.append(f"({source.year})")
    text = " ".join(parts) + f". {source.title}."
    return f"{text} {source.url}" if source.url else text


def _statements(items: tuple[Statement, ...]) -> list[str]:
    return [f"{s.text} [{', '.join(src.id for src in s.sources)}]" for s in items]


def fields(item: Item) -> list[tuple[str, list[str]]]:
    """The item's labelled fields, in reading order; an empty list means unknown."""
    if isinstance(item, Example):
        ages = ""
        if item.ages is not None:
            low = "?" if item.ages.min is None else str(item.ages.min)
            high = "?" if item.ages.max is None else str(item.ages.max)
            ages = f"{low}-{high} jaar"
        recognition = []
        if item.recognition is not None:
            r = item.recognition
            recognition.append(
                " ".join(
                    part
                    for part in (
                        r.level.label(),
                        f"({r.date.isoformat()})" if r.date else "(datum onbekend)",
                        str(r.database_url) if r.database_url else "",
                    )
                    if part
                )
            )
        return [
            ("Samenvatting", [item.summary]),
            ("Lidmaatschap", [item.membership.label()]),
            ("Voor wie", [g.label() for g in item.target_groups]),
            ("Leeftijd", [ages] if ages else []),
            ("Setting", [s.label() for s in item.settings]),
            ("Soort steun", [item.support.label()]),
            ("Organisaties", list(item.organisations)),
            ("Plaatsen", list(item.places)),
            ("Website", [str(item.website)] if item.website else []),
            (
                "Principes (lezing van de bibliotheek)",
                [f"{link.id}: {link.rationale}" for link in item.principles],
            ),
            ("Wat werkt", _statements(item.what_works)),
            ("Verbeterpunten", _statements(item.improvements)),
            ("Erkenning", recognition),
            ("Bronnen", [cite(s) for s in item.sources]),
        ]
    if isinstance(item, Principle):
        return [
            ("Principe", [f"{item.number}. {item.statement}"]),
            ("Bronnen", [cite(s) for s in item.sources]),
        ]
    if isinstance(item, RouteStep):
        label = []
        if item.label is not None:
            label = [f"{item.label.text} ({item.label.certainty.label()})"]
        return [
            ("Stap", [str(item.number)]),
            ("Label", label),
            ("Producten", [p.title + (f" {p.url}" if p.url else "") for p in item.products]),
            ("Bronnen", [cite(s) for s in item.sources]),
        ]
    return [
        ("Soort les", [item.kind.label()]),
        ("Bronnen", [cite(s) for s in item.sources]),
    ]


def _title(item: Item) -> str:
    return item.name if isinstance(item, Example) else item.title


def _body(item: Item) -> str:
    return str(getattr(item, type(item).body_field))


def _empty(label: str) -> str:
    return NOT_IN_SOURCES if label in ("Wat werkt", "Verbeterpunten") else UNKNOWN


def as_text(item: Item) -> str:
    """A plain-text card for the terminal."""
    lines = [_title(item), "=" * len(_title(item))]
    for label, values in fields(item):
        if len(values) <= 1:
            lines.append(f"{label}: {values[0] if values else _empty(label)}")
        else:
            lines.append(f"{label}:")
            lines.extend(f"  - {value}" for value in values)
    lines += ["", _body(item)]
    return "\n".join(lines) + "\n"


def as_markdown(item: Item) -> str:
    """A Markdown document with the body first and the fields after it."""
    lines = [f"# {_title(item)}", "", _body(item), ""]
    for label, values in fields(item):
        lines += [f"## {label}", ""]
        lines += [f"- {value}" for value in values] if values else [f"_{_empty(label)}_"]
        lines.append("")
    return "\n".join(lines)
