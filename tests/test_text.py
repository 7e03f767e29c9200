"""Folding text for search: case and accents do not matter, and nothing else changes."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from normaliseren.text import fold


@given(st.text())
def test_fold_is_the_decomposed_text_without_marks_case_folded(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text)
    expected = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    assert fold(text) == expected


def test_fold_matches_dutch_words_without_accents() -> None:
    assert fold("Ervaringscafé en ÉÉN Ouderkamer") == "ervaringscafe en een ouderkamer"
