from __future__ import annotations

import functools
import importlib.metadata
import itertools
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from normaliseren import Library, clear_cache, load_library
from normaliseren.builtins.content import shipped_data
from normaliseren.content import ContentSet, Contribution, iter_content_files, read_content
from normaliseren.models import CORE

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci")

VALID_EXAMPLE = """\
---
type: example
id: mijn-voorbeeld
name: Mijn voorbeeld
summary: Een voorbeeld uit onze gemeente.
settings: [wijk]
support: informal
membership: related
principles:
  - id: informele-steun
    rationale: Buren helpen elkaar.
sources: [magazine]
---

Een korte beschrijving van het voorbeeld.
"""


@functools.cache
def shipped_content() -> ContentSet:
    """The shipped content files, read on their own (no plugins, no folders)."""
    folder = shipped_data()
    return read_content([Contribution(CORE, files=list(iter_content_files(folder, "data")))])


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file below a fresh content folder and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Plugins load once per process; a test that installs some starts and ends clean."""

    def clear() -> None:
        clear_cache()

    clear()
    yield
    clear()


InstallPlugins = Callable[[dict[str, str]], None]
_UNIQUE = itertools.count()


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> InstallPlugins:
    """Install fake plugin modules as entry points: ``installed({"name": "source code"})``."""

    def install(modules: dict[str, str]) -> None:
        folder = tmp_path / "site"
        folder.mkdir(exist_ok=True)
        points = []
        for name, code in modules.items():
            module = f"fake_{name.replace('-', '_')}_{next(_UNIQUE)}"  # fresh for every test
            (folder / f"{module}.py").write_text(textwrap.dedent(code), encoding="utf-8")
            points.append(importlib.metadata.EntryPoint(name, module, "normaliseren"))
        monkeypatch.syspath_prepend(str(folder))

        def fake_entry_points(*, group: str) -> list[importlib.metadata.EntryPoint]:
            return points if group == "normaliseren" else []

        monkeypatch.setattr("normaliseren.plugins.entry_points", fake_entry_points)

    return install


def words_printed_by(code: str) -> list[str]:
    """What a fresh interpreter running ``code`` prints, in words; it must end well."""
    import subprocess
    import sys

    run = [sys.executable, "-c", code]
    done = subprocess.run(run, check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()
