"""Render content Markdown to HTML safely, with the renderer extensions plugins add.

Content is written by many hands, so raw HTML is never passed through and links may only go
to http, https, mailto or relative targets, whatever a plugin changes.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from .plugins import Plugins

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    """Whether a link target is http, https, mailto or relative (no other scheme)."""
    scheme = _SCHEME.match(url.strip())
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def make_renderer(plugins: Plugins | None = None) -> MarkdownIt:
    """A CommonMark renderer with raw HTML off, extended by every ``extend_markdown`` plugin."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    if plugins is not None:
        plugins.call("extend_markdown", lambda value: [value], md=md)
    md.options["html"] = False
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    return md


@cache
def _default_renderer() -> MarkdownIt:
    from .load import get_plugins

    return make_renderer(get_plugins())


def render_markdown(text: str) -> str:
    """HTML for a piece of content Markdown, with the installed plugins' extensions."""
    html: str = _default_renderer().render(text)
    return html
