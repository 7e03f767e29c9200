"""Test helpers for plugin authors; a pytest plugin that does nothing unless used.

Registered through the ``pytest11`` entry point, so with normaliseren installed a test can ask
for the ``normaliseren_library`` fixture, or call :func:`check_exporter` on its exporter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

try:
    import pytest
except ModuleNotFoundError:  # not a dependency: a script may use check_exporter without it
    pytest = None  # type: ignore[assignment]

from .hookspecs import hookimpl

if TYPE_CHECKING:  # imported on use, so pytest starts fast with this plugin installed
    from .exporters import Exporter
    from .library import Library
    from .models import Example

HOSTILE_TEXTS: tuple[str, ...] = (
    "<script>alert('normaliseren')</script>",
    '<img src=x onerror="alert(1)">',
    "[klik hier](javascript:alert(1))",
    "<svg onload=alert(1)><circle/></svg>",
    "</p></div><b>niet afgesloten",
    "& &amp; \" ' < > {{ }} {% %} ${x}",
    "Ünïcödé ✓ 🙂 שלום عربى",
)
"""Text that must come out of an exporter escaped, never as live markup."""

_LIVE_MARKUP = re.compile(
    r"<script>alert|<img[^>]*onerror|<svg[^>]*onload|href\s*=\s*[\"']?\s*javascript:",
    re.IGNORECASE,
)
_MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".svg", ".xml")


def _name_of(plugin: object) -> str:
    """The name the plugin has when installed (its entry point's), else its module's name.

    So a test names a plugin as the command line does.
    """
    from .plugins import installed_entry_points

    name = str(getattr(plugin, "__name__", type(plugin).__name__))
    return next((p.name for p in installed_entry_points() if p.value == name), name)


def make_library(
    plugins: Sequence[object] = (), content_dirs: Iterable[Path] = (), *, strict: bool = True
) -> Library:
    """A library of the shipped content plus ``plugins`` and ``content_dirs`` only.

    Installed plugins are not loaded, so a test sees exactly what it names. Strict by default:
    a broken plugin fails the test.
    """
    from .load import assemble, build_library
    from .plugins import load_plugins

    extra = [(_name_of(plugin), plugin) for plugin in plugins]
    loaded = load_plugins(entry_point_plugins=False, extra=extra, strict=strict)
    return build_library(assemble(loaded, list(content_dirs)))


def _library_fixture() -> Callable[..., Library]:
    """Build an isolated library: ``normaliseren_library(plugins=[my_plugin])``."""
    return make_library


if pytest is not None:  # the helpers work without pytest; the fixture is for its tests
    normaliseren_library = pytest.fixture(_library_fixture, name="normaliseren_library")


class _HostileExamples:
    """A plugin that adds examples full of hostile text."""

    __name__ = "normaliseren-hostile-examples"

    def __init__(self, base: Example) -> None:
        self.base = base

    @hookimpl
    def register_examples(self) -> list[Example]:
        from .vocabulary import Membership

        return [
            self.base.model_copy(
                update={
                    "id": f"vijandig-{index}",
                    "name": f"{text} {index}",
                    "summary": text,
                    "description": f"{text}\n\n{text}",
                    "organisations": (text,),
                    "membership": Membership.RELATED,  # a plugin's: not among the thirteen
                }
            )
            for index, text in enumerate(HOSTILE_TEXTS)
        ]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _mentioned(example: Example, text: str) -> bool:
    """Whether ``text`` names ``example``: by id, or by name as written or escaped for HTML."""
    import html

    names = {example.name, html.escape(example.name), html.escape(example.name, quote=False)}
    return example.id in text or any(name in text for name in names)


def check_exporter(
    exporter: Exporter,
    tmp_path: Path,
    *,
    mentions_examples: bool = True,
    plugins: Sequence[object] = (),
) -> None:
    """Conformance of an exporter; raises ``AssertionError`` saying what is wrong.

    It runs on the shipped library (with ``plugins``, such as the exporter's own, so that
    their examples are in it) and on one with generated hostile examples too; its output
    is byte-identical across runs; it writes nothing beside its output folder; hostile text
    never comes out as live markup in HTML, SVG or XML files; and (unless
    ``mentions_examples`` is false) every example's id or name (as written, or escaped for
    HTML) appears in the output.
    """
    from .output import write_atomically

    shipped = make_library(plugins)
    base = next(e for e in shipped.examples if shipped.origin(e.id).kind == "core")
    hostile = make_library([*plugins, _HostileExamples(base)])
    for label, library in (("shipped", shipped), ("hostile", hostile)):
        work = tmp_path / f"conformance-{exporter.name}-{label}"
        work.mkdir(parents=True)
        first, second = work / "first", work / "second"
        for out in (first, second):
            write_atomically(out, partial(exporter.write, library))
        assert sorted(p.name for p in work.iterdir()) == ["first", "second"], (
            f"{exporter.name} wrote outside its output folder"
        )
        output = _tree(first)
        assert output == _tree(second), f"{exporter.name}: output differs between two runs"
        text = "\n".join(data.decode("utf-8", "replace") for data in output.values())
        if mentions_examples:
            missing = [e.id for e in library.examples if not _mentioned(e, text)]
            assert not missing, f"{exporter.name}: examples missing from the output: {missing}"
        for name, data in output.items():
            if name.endswith(_MARKUP_SUFFIXES):
                live = _LIVE_MARKUP.search(data.decode("utf-8", "replace"))
                assert live is None, f"{exporter.name}: live markup in {name}: {live.group(0)!r}"
