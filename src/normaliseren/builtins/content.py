"""Default plugin: the shipped content of the Leernetwerk Normaliseren."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from normaliseren.hookspecs import hookimpl


def shipped_data() -> Traversable:
    """The shipped content: the ``data`` folder that the wheel puts inside the package.

    An editable install (``pip install -e .``) imports the package from ``src/``, which holds
    no ``data``: the content is then the repository's own ``data/`` folder, so a contributor's
    change to it is what the library reads.
    """
    inside = files("normaliseren") / "data"
    if (inside / "sources.md").is_file():
        return inside
    here = Path(__file__).resolve()  # src/normaliseren/builtins/content.py in a checkout
    checkout = here.parents[3]
    if here.parents[2].name == "src" and (checkout / "pyproject.toml").is_file():
        return checkout / "data"
    return inside  # missing: loading says what is not there


@hookimpl
def register_content_dirs() -> list[Traversable]:
    return [shipped_data()]
