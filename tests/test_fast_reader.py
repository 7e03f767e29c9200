"""The fast front matter reader (yaml-rs) never reads a file differently from the reference.

It may decline a file (the reference reader then reads it); what it accepts, it must read
exactly as the reference reader does: the same values of the same types.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from normaliseren import validate_paths
from normaliseren.builtins.content import shipped_data
from normaliseren.errors import ContentErrors
from normaliseren.frontmatter import (
    _FENCE,
    _load_front_matter,
    _read_fast,
    closing_fence,
    parse_document,
    render_document,
)

from .conftest import VALID_EXAMPLE


def same(a: Any, b: Any) -> bool:
    """Equal, with equal types all the way down (so ``1 == True`` and ``1 == 1.0`` differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def agrees(front: str) -> None:
    fast = _read_fast(front)
    if fast is None:
        return  # declined: the reference reader reads it
    try:
        reference = _load_front_matter("x.md", front)[0]
    except ContentErrors as exc:
        pytest.fail(f"fast reader accepted what the reference refuses: {exc}\n{front!r}")
    assert same(fast, reference), (front, fast, reference)


def shipped_files() -> list[Path]:
    root = Path(str(shipped_data()))
    return sorted(p for p in root.rglob("*") if p.suffix in (".md", ".yaml"))


def test_every_shipped_file_reads_the_same_both_ways() -> None:
    declined = 0
    for path in shipped_files():
        fast = parse_document(str(path), path.read_bytes())
        exact = parse_document(str(path), path.read_bytes(), exact=True)
        assert same(fast.data, exact.data), path
        assert (fast.body, fast.body_line) == (exact.body, exact.body_line), path
        declined += fast.exact
    assert declined < len(shipped_files()) / 5, "the screen declines too much plain content"


# Scalars near every rule of YAML 1.2 core resolution, and the spellings other readers take.
SCALAR_WORDS = (
    *("no", "on", "off", "yes", "y", "n", "Yes", "NO", "null", "Null", "NULL", "~", "true"),
    *("True", "TRUE", "false", "FALSE", "0", "-0", "+1", "007", "0o17", "0O17", "-0o7"),
    *("0x1F", "0X1F", "+0x1", "0b101", "1_000", "_.0", "1_", ".5", "5.", "1e5", "1E+5"),
    *("-1.5e-3", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "2024-01-02", "12:30", "1:20"),
    *("2001-12-14t21:59:43.10-05:00", "0.1.2", "tekst", "Jeugd&Gezin", "a#b", "", " "),
)
scalar_text = st.one_of(
    st.sampled_from(SCALAR_WORDS),
    st.text(" \n:-?[]{},#&*!|>'\"%@`\\0123456789abexEn._+~\u00e9\u2028", max_size=15),
    st.text(st.characters(codec="utf-8"), max_size=12),
)
quoting = st.sampled_from(
    ["{}", "'{}'", '"{}"', "[{}]", "{{a: {}}}", "- {}", ">-\n  {}", "|\n  {}"]
)


@settings(max_examples=int(os.environ.get("FAST_READER_EXAMPLES", "400")), deadline=None)
@given(st.lists(st.tuples(scalar_text, quoting), min_size=1, max_size=6))
@example([("1_000", "{}")])
@example([("&a x", "{}")])
@example([("0B1", "{}")])
def test_yaml_like_text_is_read_the_same_or_declined(
    entries: list[tuple[str, str]],
) -> None:
    front = "".join(
        f"k{index}: {style.format(text)}\n" for index, (text, style) in enumerate(entries)
    )
    agrees(front)


values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.sampled_from(SCALAR_WORDS),
        st.text(st.characters(codec="utf-8"), max_size=40),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(st.characters(codec="ascii"), min_size=1), inner, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True), values, min_size=1))
def test_written_files_read_back_the_same_both_ways(data: dict[str, Any]) -> None:
    text = render_document(data, "Tekst.")
    front = text.split("\n---\n", 1)[0].removeprefix("---\n") + "\n"
    agrees(front)
    fast = parse_document("x.md", text.encode())
    assert same(fast.data, data)


def test_lines_are_found_when_a_problem_needs_them(tmp_path: Path) -> None:
    text = VALID_EXAMPLE.replace("id: informele-steun", "id: onbekend")
    (tmp_path / "voorbeeld.md").write_text(text, encoding="utf-8")
    assert parse_document("voorbeeld.md", text.encode()).exact is False
    problems = [p for p in validate_paths([tmp_path]) if p.is_error]
    line = text.split("\n").index("  - id: onbekend") + 1
    assert [(p.code, p.line, p.field) for p in problems] == [
        ("unknown-principle", line, "principles[0].id")
    ]


def test_what_the_fast_reader_declines_is_refused_with_its_line(tmp_path: Path) -> None:
    text = VALID_EXAMPLE.replace("support: informal", "support: &steun informal\nx: *steun")
    (tmp_path / "voorbeeld.md").write_text(text, encoding="utf-8")
    problems = [p for p in validate_paths([tmp_path]) if p.is_error]
    line = text.split("\n").index("x: *steun") + 1
    assert [(p.code, p.line) for p in problems] == [("yaml-alias", line)]


FENCE_LINES = st.sampled_from(["---", "...", "--- ", "...\t", "----", " ---", "a---", "x", ""])


@given(st.lists(FENCE_LINES, max_size=12), st.data())
def test_the_closing_fence_is_the_line_the_regex_finds(
    lines: list[str], data: st.DataObject
) -> None:
    text = "\n".join(["---", *lines])
    line_ends = [at for at, char in enumerate(text) if char == "\n"] or [len(text)]
    start = data.draw(st.sampled_from(line_ends))
    fast, slow = closing_fence(text, start), _FENCE.search(text, start + 1)
    assert (fast and fast.span()) == (slow and slow.span())
