"""Render content Markdown to HTML safely, with the renderer extensions plugins add.

Content is written by many hands, so raw HTML is never passed through and links may only go
to http, https, mailto or relative targets, whatever a plugin changes.

markdown-it-py is the reference renderer, and the one plugins extend. Where no plugin extends
it, markdown-it.rs (the Rust port of the same parser, through markdown-it-pyrs) renders
instead: about fifteen times faster, and the same HTML on Markdown as content is written
(tests compare the two). A page whose HTML links to anything but a safe target is rendered
again by the reference, which leaves such links out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from html import unescape
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from markdown_it_pyrs import MarkdownIt as FastMarkdownIt

    from .plugins import Plugins

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    """Whether a link target is http, https, mailto or relative (no other scheme)."""
    scheme = _SCHEME.match(url.strip())
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def make_reference_renderer(plugins: Plugins | None = None) -> MarkdownIt:
    """markdown-it-py in CommonMark mode, raw HTML off, extended by ``extend_markdown`` plugins."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    if plugins is not None:
        plugins.call("extend_markdown", lambda value: [value], md=md)
    md.options["html"] = False
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    return md


def make_renderer(plugins: Plugins | None = None) -> Callable[[str], str]:
    """A function from content Markdown to safe HTML, with the plugins' extensions."""
    if plugins is not None and any("extend_markdown" in i.hooks for i in plugins.info.values()):
        return make_reference_renderer(plugins).render
    fast = _fast_renderer()

    def render(text: str) -> str:
        text = text if text.endswith("\n") else text + "\n"  # an open code block ends the same
        if _FOR_REFERENCE.search(text) is None:
            out = _render_fast(fast, text)
            if out is not None and all(is_safe_link(unescape(t)) for t in _TARGETS.findall(out)):
                return out
        html: str = _reference().render(text)
        return html

    # A site renders an untranslated text in each of its languages, one right after the
    # other (see normaliseren.site.build): the second time costs a lookup.
    return lru_cache(maxsize=RECENT_TEXTS)(render)


def placed_under(html: str, level: int) -> str:
    """Rendered content placed in a page under a heading of ``level``: its headings moved down
    together, as far as needed for the highest to come right below that one (``h6`` is the
    lowest: under an ``h5`` or lower, levels that would pass it merge there).

    Content is written by many hands and shown in several places (a description under a
    page's ``h1``, and again under a case's ``h4``): a heading in it never rises to or above
    the heading of the part it stands in, so the page's outline holds (WCAG 1.3.1).
    """
    levels = [int(found) for closing, found in _HEADING_TAG.findall(html) if not closing]
    shift = level + 1 - min(levels) if levels else 0
    if shift <= 0:
        return html
    return _HEADING_TAG.sub(lambda tag: f"<{tag[1]}h{min(6, int(tag[2]) + shift)}", html)


_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])")
"""A heading's tags in rendered content: raw HTML is off, so the renderer wrote them all."""


RECENT_TEXTS = 64
"""How many recently rendered texts the renderer keeps, with their HTML."""


_FOR_REFERENCE = re.compile(r"[^\S \n]|\]:")
"""What the two renderers take differently: white space other than spaces and line ends
(trimmed differently), and link reference definitions (whose targets each checks its way)."""
_TARGETS = re.compile(r' (?:href|src)="([^"]*)"')
"""Link and image targets in rendered HTML; with raw HTML off, the renderer wrote them all."""


def _render_fast(md: FastMarkdownIt, text: str) -> str | None:
    """markdown-it.rs's HTML, or ``None`` where it fails (a panic in its Rust code included)."""
    try:
        return md.render(text)
    except BaseException as exc:
        if isinstance(exc, Exception) or type(exc).__name__ == "PanicException":
            return None
        raise


@cache
def _fast_renderer() -> FastMarkdownIt:
    """markdown-it.rs with the CommonMark rules but ``html_block`` and ``html_inline``."""
    from markdown_it_pyrs import MarkdownIt

    md = MarkdownIt("zero")
    md.enable_many(
        [
            *("blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph"),
            *("reference", "autolink", "backticks", "emphasis", "entity", "escape", "image"),
            *("link", "newline"),
        ]
    )
    return md


@cache
def _default_renderer() -> Callable[[str], str]:
    from .load import get_plugins

    return make_renderer(get_plugins())


def forget_renderer() -> None:
    """Make the renderer again on next use, with the plugins then installed."""
    _default_renderer.cache_clear()


def render_markdown(text: str) -> str:
    """HTML for a piece of content Markdown, with the installed plugins' extensions."""
    return _default_renderer()(text)


def as_shown(text: str) -> str:
    """Content Markdown written back as Markdown that means what the site shows of it.

    For Markdown that leaves this library (the curriculum's Markdown folder), read by tools
    that may pass raw HTML on: raw HTML, which the site shows as text, is escaped, and so is
    a link to an unsafe target, which the site leaves as text. The reference renderer reads
    it and mdformat writes it back, with what was markup kept as markup. Text without ``<``,
    ``](`` or ``]:`` holds neither raw HTML nor a link: it stays as it is.
    """
    if _MAY_PASS_ON.search(text) is None:
        return text
    return _written(_reference().parse(text))


_MAY_PASS_ON = re.compile(r"<|\]\(|\]:")
"""What raw HTML and autolinks need (``<``), and inline links and link definitions: a link
text is followed right away by its target, a label by the colon of its definition."""


def as_text(text: str) -> str:
    """Plain content text (a title, a name) as Markdown that shows just that text.

    Markup characters are escaped where they would mean something (``1\\. Begin``,
    ``\\<b>``); line ends stay. Text in which no character could mean markup stays as it is.
    """
    if _MAY_MEAN_MARKUP.search(text) is None:
        return text
    from markdown_it import MarkdownIt

    return _written(MarkdownIt("zero").parse(text))


def plain_text(text: str) -> str:
    """Content Markdown as plain text: its words without markup, one paragraph (or list item,
    or heading) after another. For fields that hold text only, such as a cartridge's
    description, which a learning environment shows as it is."""
    parts = []
    for token in _reference().parse(text):
        if token.type == "inline":
            words = (
                " " if child.type in _BREAKS else child.content
                for child in token.children or ()
                if child.type in _WORDS
            )
            parts.append(" ".join("".join(words).split()))
        elif token.type in ("fence", "code_block"):
            parts.append(token.content.strip("\n"))
    return "\n\n".join(part for part in parts if part)


_BREAKS = ("softbreak", "hardbreak")
_WORDS = (*_BREAKS, "text", "code_inline", "image")  # an image's content is its alt text


_MAY_MEAN_MARKUP = re.compile(r"[\\`*_\[\]<>&~\t\n\r]|  |^[\s#>+\-=|0-9]|\s$")
"""A character that is markup anywhere, or at the start of a line, or white space that
Markdown would not keep."""


@cache
def _reference() -> MarkdownIt:
    """The reference renderer without plugins, made when first needed (about 45 ms)."""
    return make_reference_renderer()


def _written(tokens: list[Token]) -> str:
    from mdformat.renderer import MDRenderer

    options = {"parser_extension": [_Escaping], "mdformat": {"number": True}}
    return MDRenderer().render(tokens, options, {}).rstrip("\n")


_UNESCAPED_LESS_THAN = re.compile(r"(?<!\\)((?:\\\\)*)<(?! )")
"""A ``<`` after no backslash or an escaped one, not followed by a space: it could open a
tag or an autolink."""


def _text(node: Any, context: Any) -> str:
    """Text as mdformat writes it, and every ``<`` that could open a tag escaped.

    mdformat 1.0 escapes one ``<`` of two in a row: ``<<svg onload=...>`` would come out as
    ``\\<<svg onload=...>``, a live tag for a tool that passes HTML on.
    """
    from mdformat.renderer import DEFAULT_RENDERERS

    written: str = DEFAULT_RENDERERS["text"](node, context)
    return _UNESCAPED_LESS_THAN.sub(r"\1\\<", written)


_TILDE_FENCE = re.compile(r"^(?=~~~)", re.MULTILINE)


def _paragraph(text: str, node: Any, context: Any) -> str:
    """A paragraph as mdformat writes it, with no line that opens a code block.

    mdformat 1.0 escapes a line of three backticks, but not one of three tildes.
    """
    return _TILDE_FENCE.sub("\\\\", text)


class _Escaping:
    """An mdformat extension that escapes what mdformat 1.0 leaves (:func:`_text`,
    :func:`_paragraph`)."""

    RENDERERS: ClassVar[dict[str, Any]] = {"text": _text}
    POSTPROCESSORS: ClassVar[dict[str, Any]] = {"paragraph": _paragraph}

    @staticmethod
    def update_mdit(mdit: Any) -> None:
        """Nothing to add to the parser: the tokens come parsed."""
