"""Text folding for search: Dutch text matched case- and accent-insensitively."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents: ``Ervaringscafé`` matches ``ervaringscafe``."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    marks = {ord(c): None for c in set(decomposed) if unicodedata.combining(c)}
    return decomposed.translate(marks).casefold()  # each distinct character looked up once


def matches_all(folded_text: str, folded_words: list[str]) -> bool:
    """Whether every word occurs in the text (both already folded)."""
    return all(word in folded_text for word in folded_words)
