"""Content Markdown renders safely, and the fast renderer writes what the reference writes.

The fast renderer (markdown-it.rs) and the reference (markdown-it-py) are two builds of one
parser. On the Markdown content is written in they agree byte for byte; on odd input (lazy
continuation lines after a block quote, say) they may place a paragraph differently, and then
the safety rules still hold.
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from normaliseren.builtins.content import shipped_data
from normaliseren.frontmatter import parse_document
from normaliseren.markdown import (
    as_shown,
    as_text,
    is_safe_link,
    make_reference_renderer,
    make_renderer,
    placed_under,
    plain_text,
)

fast = make_renderer()
reference = make_reference_renderer().render
EXAMPLES = int(os.environ.get("MARKDOWN_EXAMPLES", "400"))

HOSTILE_PIECES = (
    *("# ", "## ", "> ", "- ", "1. ", "* ", "```\n", "    ", "---\n", "***", "___", "\n", "\n\n"),
    *("[a](", ")", "](", "[a]: ", "<", ">", "![i](", "http://x.nl", "https://x.nl/a?b=c&d"),
    *("mailto:a@b.nl", "javascript:alert(1)", "JaVaScRiPt:x", "data:image/png;base64,AA"),
    *("vbscript:x", "ftp://x", "tel:123", "&#106;avascript:x", "&amp;", "&#58;", "%6a", "\\"),
    *("`", "*", "_", '"', "'", "<script>", "</script>", "<b onclick=x>", "<!-- x -->", " "),
    *("<svg onload=alert(1)>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>"),
    *("tekst", "één", "\u2028", "\t", "\xa0", "|", "~~", "[^1]", "<https://x.nl>", "<a@b.nl>"),
)
hostile_markdown = st.one_of(
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=30).map("".join),
    st.text(st.characters(codec="utf-8"), max_size=60),
)

MARKDOWN_TAGS = {
    *("p", "em", "strong", "code", "pre", "a", "img", "ul", "ol", "li", "blockquote", "hr"),
    *("br", "h1", "h2", "h3", "h4", "h5", "h6"),
}
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
ATTRIBUTE = re.compile(r' ([a-z]+)="([^"]*)"')


@settings(max_examples=EXAMPLES, deadline=None)
@given(hostile_markdown)
@example("[a](javascript:alert(1)) [b](https://x.nl) <script>alert(1)</script>")
@example("![i](data:image/png;base64,AA) [c](ftp://x) [d](tel:1) [e](x.html)")
@example("[a]: &#106;avascript:alert(1)\n\n[a]")
@example("> [a](```\n- ")
def test_html_holds_only_markdown_elements_and_safe_links(text: str) -> None:
    html = fast(text)
    for _closing, name, attributes in TAG.findall(html):
        assert name.lower() in MARKDOWN_TAGS, (text, html)
        found = dict(ATTRIBUTE.findall(attributes))
        assert set(found) <= {"href", "src", "alt", "title", "class", "start"}, (text, html)
        for key in ("href", "src"):
            if key in found:
                assert is_safe_link(found[key].replace("&amp;", "&")), (text, html)


words = st.sampled_from(
    ["ouders", "jongeren", "buurt", "school", "één", "normaliseren", "steun", "wijk", "2024"]
)
sentence = st.lists(words, min_size=1, max_size=8).map(" ".join)
inline = st.one_of(
    sentence,
    sentence.map(lambda s: f"*{s}*"),
    sentence.map(lambda s: f"**{s}**"),
    sentence.map(lambda s: f"`{s}`"),
    st.tuples(sentence, st.sampled_from(["https://x.nl/a", "mailto:a@b.nl", "../p.html"])).map(
        lambda pair: f"[{pair[0]}]({pair[1]})"
    ),
)
paragraph = st.lists(inline, min_size=1, max_size=5).map(" ".join)
block = st.one_of(
    paragraph,
    st.tuples(st.integers(1, 3), sentence).map(lambda pair: f"{'#' * pair[0]} {pair[1]}"),
    st.lists(paragraph, min_size=1, max_size=4).map(lambda ps: "\n".join(f"- {p}" for p in ps)),
    st.lists(paragraph, min_size=1, max_size=4).map(
        lambda ps: "\n".join(f"{i}. {p}" for i, p in enumerate(ps, 1))
    ),
    paragraph.map(lambda p: f"> {p}"),
    sentence.map(lambda s: f"```\n{s}\n```"),
)
prose = st.lists(block, min_size=1, max_size=8).map("\n\n".join)


@settings(max_examples=EXAMPLES, deadline=None)
@given(prose)
def test_written_markdown_renders_the_same_both_ways(text: str) -> None:
    assert fast(text) == reference(text)


def test_shipped_bodies_render_the_same_both_ways() -> None:
    root = Path(str(shipped_data()))
    bodies = [parse_document(str(p), p.read_bytes()).body for p in sorted(root.rglob("*.md"))]
    assert len(bodies) > 100
    assert [fast(b) for b in bodies] == [reference(b) for b in bodies]


def test_what_the_renderers_take_differently_goes_to_the_reference() -> None:
    for text in ("tekst\xa0", "[a]: ftp://x\n\n[a]", "[x](ftp://x)", "a\tb"):
        assert fast(text) == reference(text + "\n")


permissive = MarkdownIt("commonmark")
"""A renderer that passes raw HTML on, as many learning environments' Markdown does."""


def assert_no_live_markup(html: str, text: str) -> None:
    for _closing, name, attributes in TAG.findall(html):
        assert name.lower() in MARKDOWN_TAGS, (text, html)
        found = dict(ATTRIBUTE.findall(attributes))
        for key in ("href", "src"):
            if key in found:
                assert is_safe_link(unescape(found[key])), (text, html)


@settings(max_examples=EXAMPLES, deadline=None)
@given(hostile_markdown)
@example("<<svg onload=alert(1)>")  # mdformat 1.0 escapes only the first of two
@example("[a](javascript:alert(1)) <img src=x onerror=alert(1)> `<b>`")
def test_markdown_written_back_passes_no_html_on(text: str) -> None:
    assert_no_live_markup(permissive.render(as_shown(text)), text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(prose)
def test_markdown_written_back_means_what_the_site_shows(text: str) -> None:
    assert reference(as_shown(text)) == reference(text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(hostile_markdown, st.text()))
@example("<<https://x.nl>")
@example("a\n~~~\nb")  # mdformat 1.0 leaves a line of tildes, which opens a code block
@example("a\r# kop")  # a carriage return ends a line in Markdown
def test_plain_text_written_as_markdown_shows_just_text(text: str) -> None:
    html = permissive.render(as_text(text))
    assert {name for _closing, name, _ in TAG.findall(html)} <= {"p", "br"}, (text, html)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1))
@example("*Normaliseren* in de <b>praktijk</b> [met](https://x.nl) `code`")
def test_plain_text_reads_back_a_line_written_as_markdown(text: str) -> None:
    """What :func:`as_text` writes to show a line, :func:`plain_text` reads back as that
    line: the text without its markup, for fields that take no Markdown."""
    line = " ".join(text.split())
    if line:
        assert plain_text(as_text(line)) == line


def test_plain_text_leaves_the_markup_out_and_the_words_in() -> None:
    markdown = "## Kop\n\nEen *module* over [de visie](https://x.nl),\nmet `code`.\n\n- een\n"
    assert plain_text(markdown) == "Kop\n\nEen module over de visie, met code.\n\neen"
    assert plain_text("Zie ![een foto](x.png) hier.") == "Zie een foto hier."
    assert plain_text("Voor:\n\n```\nregel 1\nregel 2\n```\n") == "Voor:\n\nregel 1\nregel 2"


def heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])>", html)]


@settings(max_examples=EXAMPLES, deadline=None)
@given(prose, st.integers(min_value=1, max_value=5))
@example("# Een\n\n### Twee\n\n## Drie\n", 3)
def test_content_headings_stay_below_the_part_they_stand_in(text: str, level: int) -> None:
    """Wherever a page places content, its headings come below that part's heading, in the
    same order and as far apart as written (until h6), and nothing else changes."""
    html = fast(text)
    placed = placed_under(html, level)
    before, after = heading_levels(html), heading_levels(placed)
    assert len(after) == len(before)
    assert all(level < found <= 6 for found in after)
    if before:
        shift = max(0, level + 1 - min(before))
        assert after == [min(6, found + shift) for found in before]
    assert re.sub(r"<(/?)h[1-6]>", "", placed) == re.sub(r"<(/?)h[1-6]>", "", html)
