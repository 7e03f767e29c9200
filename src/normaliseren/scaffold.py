"""``normaliseren new-plugin``: a plugin package that installs, runs and passes its test."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from .output import OutputFolder, write_atomically
from .plugins import installed_entry_points

_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


_PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "{name}"
version = "0.1.0"
description = "Plugin for normaliseren: {name}"
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["{requirement}"]
classifiers = ["Programming Language :: Python :: 3", "Typing :: Typed"]

[project.optional-dependencies]
test = ["pytest"]

[project.entry-points.normaliseren]
{name} = "{module}"

[tool.hatch.build.targets.wheel]
packages = ["src/{module}"]
"""

_MODULE = '''\
"""Plugin for normaliseren: {name}."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from normaliseren import Exporter, Library, OutputFolder, hookimpl


@hookimpl
def register_content_dirs() -> list[Traversable]:
    """Our own examples: every Markdown file in the folder content/."""
    return [files("{module}") / "content"]


def write_list(library: Library, out: OutputFolder) -> None:
    """A plain list of every example, with where it came from."""
    lines = [
        f"{{example.id}}\\t{{example.name}}\\t{{library.origin(example.id).label()}}"
        for example in library.examples
    ]
    out.write_text("voorbeelden.tsv", "\\n".join(lines) + "\\n")


EXPORTER = Exporter("{name}-lijst", "A plain list of every example (tab-separated).", write_list)


@hookimpl
def register_exporters() -> list[Exporter]:
    return [EXPORTER]
'''

_EXAMPLE = """\
---
type: example
id: {name}-voorbeeld
name: Voorbeeld van {name} (sjabloon)
summary: Vervang dit sjabloon door een praktijkvoorbeeld uit uw eigen omgeving.
settings: [wijk]
support: informal
membership: related
principles:
  - id: informele-steun
    rationale: Vervang deze regel door uw eigen lezing van het voorbeeld.
sources: [magazine]
---

Dit is een sjabloon, geen echt voorbeeld. Beschrijf hier wat het voorbeeld doet, voor wie
het is en waar het plaatsvindt. Noem alleen wat een bron zegt, en noem die bron onder
`sources`.
"""

_TEST = """\
from collections.abc import Callable
from pathlib import Path

from normaliseren import Library
from normaliseren.testing import check_exporter

import {module}


def test_our_example_is_in_the_library(normaliseren_library: Callable[..., Library]) -> None:
    library = normaliseren_library(plugins=[{module}])
    assert library.example("{name}-voorbeeld").membership.value == "related"


def test_our_exporter_conforms(tmp_path: Path) -> None:
    check_exporter({module}.EXPORTER, tmp_path, plugins=[{module}])
"""

_README = """\
# {name}

A plugin for normaliseren: examples in `src/{module}/content/` and an exporter
`{name}-lijst`. Install normaliseren first, then this plugin, editable, so that what you
change in `src/` counts at once:

    pip install -e '.[test]'
    pytest
    normaliseren plugins
    normaliseren export {name}-lijst --out build/{name}-lijst
"""


def requirement() -> str:
    """``normaliseren`` as a plugin depends on it: this version, up to the next that may change
    the hooks (the next minor version before 1.0, the next major one after)."""
    from . import __version__

    release = re.match(r"(?:\d+!)?(\d+)(?:\.(\d+))?", __version__)  # PEP 440: [N!]N(.N)*...
    assert release is not None, __version__
    major, minor = int(release[1]), int(release[2] or 0)
    upper = f"0.{minor + 1}" if major == 0 else f"{major + 1}"
    return f"normaliseren>={__version__},<{upper}"


def write_plugin(name: str, out: Path) -> Path:
    """Write the package for plugin ``name`` into ``out/name`` (which must not hold other files)."""
    if not _NAME.fullmatch(name) or len(name) > 40:
        rule = "lower-case letters, digits and single hyphens, starting with a letter, at most 40"
        raise ValueError(f"plugin name must be {rule}, such as 'mijn-gemeente'; got {name!r}")
    module = name.replace("-", "_")
    if importlib.util.find_spec(module) is not None:  # installing the plugin would replace it
        raise ValueError(
            f"plugin name {name!r} is taken: a module {module!r} is installed here already"
        )
    if any(point.name == name for point in installed_entry_points()):  # neither would load
        raise ValueError(f"plugin name {name!r} is taken: an installed plugin uses it already")
    values = {"name": name, "module": module, "requirement": requirement()}
    files = {
        "pyproject.toml": _PYPROJECT,
        "README.md": _README,
        f"src/{module}/__init__.py": _MODULE,
        f"src/{module}/py.typed": "",
        f"src/{module}/content/{name}-voorbeeld.md": _EXAMPLE,
        "tests/test_plugin.py": _TEST,
    }
    target = out / name

    def fill(folder: OutputFolder) -> None:
        for path, text in files.items():
            folder.write_text(path, text.format(**values))

    write_atomically(target, fill, replaceable=False)
    return target
