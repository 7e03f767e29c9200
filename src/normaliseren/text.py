"""Text folding for search: Dutch text matched case- and accent-insensitively."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents: ``Ervaringscafé`` matches ``ervaringscafe``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matches_all(folded_text: str, folded_words: list[str]) -> bool:
    """Whether every word occurs in the text (both already folded)."""
    return all(word in folded_text for word in folded_words)
