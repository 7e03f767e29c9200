"""Views of content items for people: a plain-text card and a Markdown document.

Both are built from one list of labelled fields, so the two formats never disagree. Fields
that the sources leave empty are shown as unknown rather than left out.
"""

from __future__ import annotations

from .models import Example, Lesson, Principle, RouteStep, Source, Statement
from .strings import t
from .vocabulary import Lang

Item = Example | Principle | RouteStep | Lesson


def cite(source: Source) -> str:
    """A one-line citation: publisher, year, title and address where known."""
    parts = [source.publisher]
    if source.year is not None:
        parts.append(f"({source.year})")
    text = " ".join(parts) + f". {source.title}."
    return f"{text} {source.url}" if source.url else text


def _statements(items: tuple[Statement, ...]) -> list[str]:
    return [f"{s.text} [{', '.join(src.id for src in s.sources)}]" for s in items]


def _recognition(item: Example, lang: Lang) -> list[str]:
    r = item.recognition
    if r is None:
        return []
    date = f"({r.date.isoformat()})" if r.date else f"({t('date-unknown', lang)})"
    parts = (r.level.label(lang), date, str(r.database_url) if r.database_url else "")
    return [" ".join(part for part in parts if part)]


def fields(item: Item, lang: Lang = "nl") -> list[tuple[str, list[str]]]:
    """The item's labelled fields (keys of :data:`STRINGS`), in reading order.

    An empty list means unknown.
    """
    if isinstance(item, Example):
        ages = []
        if item.ages is not None:
            low = "?" if item.ages.min is None else str(item.ages.min)
            high = "?" if item.ages.max is None else str(item.ages.max)
            ages = [t("years", lang, low=low, high=high)]
        return [
            ("summary", [item.summary]),
            ("membership", [item.membership.label(lang)]),
            ("target-groups", [g.label(lang) for g in item.target_groups]),
            ("ages", ages),
            ("settings", [s.label(lang) for s in item.settings]),
            ("support", [item.support.label(lang)] if item.support else []),
            ("organisations", list(item.organisations)),
            ("places", list(item.places)),
            ("website", [str(item.website)] if item.website else []),
            ("principles-read", [f"{link.id}: {link.rationale}" for link in item.principles]),
            ("what-works", _statements(item.what_works)),
            ("improvements", _statements(item.improvements)),
            ("recognition", _recognition(item, lang)),
            ("sources", [cite(s) for s in item.sources]),
        ]
    if isinstance(item, Principle):
        return [
            ("principle", [f"{item.number}. {item.statement}"]),
            ("sources", [cite(s) for s in item.sources]),
        ]
    if isinstance(item, RouteStep):
        label = []
        if item.label is not None:
            label = [f"{item.label.text} ({item.label.certainty.label(lang)})"]
        return [
            ("step", [str(item.number)]),
            ("label", label),
            ("products", [p.title + (f" {p.url}" if p.url else "") for p in item.products]),
            ("sources", [cite(s) for s in item.sources]),
        ]
    return [
        ("lesson-kind", [item.kind.label(lang)]),
        ("sources", [cite(s) for s in item.sources]),
    ]


def _title(item: Item) -> str:
    return item.name if isinstance(item, Example) else item.title


def _body(item: Item) -> str:
    return str(getattr(item, type(item).body_field))


def _empty(key: str, lang: Lang) -> str:
    return t("not-in-sources" if key in ("what-works", "improvements") else "unknown", lang)


def as_text(item: Item, lang: Lang = "nl") -> str:
    """A plain-text card for the terminal."""
    lines = [_title(item), "=" * len(_title(item))]
    for key, values in fields(item, lang):
        label = t(key, lang)
        if len(values) <= 1:
            lines.append(f"{label}: {values[0] if values else _empty(key, lang)}")
        else:
            lines.append(f"{label}:")
            lines.extend(f"  - {value}" for value in values)
    lines += ["", _body(item)]
    return "\n".join(lines) + "\n"


def as_markdown(item: Item, lang: Lang = "nl") -> str:
    """A Markdown document with the body first and the fields after it."""
    lines = [f"# {_title(item)}", "", _body(item), ""]
    for key, values in fields(item, lang):
        lines += [f"## {t(key, lang)}", ""]
        lines += [f"- {value}" for value in values] if values else [f"_{_empty(key, lang)}_"]
        lines.append("")
    return "\n".join(lines)
