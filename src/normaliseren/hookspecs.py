"""The plugin hooks of normaliseren.

Every hook is a collector: each plugin's implementation is called on its own, its result is
validated, and results from all plugins are combined (no first result wins). A plugin whose
implementation raises or returns the wrong thing is reported by name and hook, and skipped.
The shipped content and the built-in exporters use these same hooks.

Write implementations with ``from normaliseren import hookimpl``. Do not give implementation
arguments default values: pluggy never passes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from .exporters import Exporter
    from .library import Library, LibraryFinding
    from .models import Example

PROJECT = "normaliseren"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_content_dirs() -> Iterable[Traversable]:
    """Folders of content files (Markdown with YAML front matter) to add to the library.

    Return folders, for example ``[importlib.resources.files("my_plugin") / "content"]``.
    Their files are read and validated exactly like the shipped content; examples record the
    plugin (name and version) as their origin. They may hold examples, sources, translations
    and curriculum material, but no principle, route step or lesson: those are the network's
    own. All results are used.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def register_examples() -> Iterable[Example]:
    """Examples made in Python, as :class:`~normaliseren.Example` models.

    Their sources must be defined (by id, with equal fields) in some content folder, or be
    new. All results are used.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def register_exporters() -> Iterable[Exporter]:
    """Output formats, as :class:`~normaliseren.Exporter` objects.

    Each becomes ``normaliseren export NAME`` and a subfolder of ``normaliseren build``. Two
    plugins may not use one name. All results are used.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def check_library(library: Library) -> Iterable[LibraryFinding]:
    """Extra validation rules: return a finding for every problem in ``library``.

    ``normaliseren validate`` reports the findings with the plugin's name and fails on them.
    All results are used.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def extend_markdown(md: MarkdownIt) -> None:
    """Extend the Markdown renderer, e.g. ``md.use(some_markdown_it_plugin)``.

    Called once per renderer, for every plugin. Raw HTML stays disabled and link targets stay
    limited to http, https, mailto and relative ones, whatever a plugin changes.

    .. versionadded:: 0.1
    """
    raise NotImplementedError


@hookspec
def register_template_dirs() -> Iterable[Traversable]:
    """Folders of Jinja2 templates that override the website's built-in ones by name.

    Put e.g. ``brand.html`` (the name or logo at the top of every page, included by
    ``base.html``) and ``theme.css`` in a folder and return it, for a partner's logo and
    colours; the curriculum's HTML pages use the same templates. Folders of plugins come
    before the built-in ones. All results are used.

    .. versionadded:: 0.1
    """
    raise NotImplementedError
