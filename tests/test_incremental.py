"""A build that reuses the previous one writes what a full build writes, byte for byte.

The content is a copy of the shipped content (so principles and translations can change too),
a folder with examples of its own and a plugin with a template; after any mix of changes, a
build into the previous output must equal a full build into an empty folder.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normaliseren.builtins import content as shipped_content
from normaliseren.builtins.content import shipped_data
from normaliseren.builtins.infographic_export import write_infographics
from normaliseren.hookspecs import hookimpl
from normaliseren.library import Library
from normaliseren.load import assemble, build_library
from normaliseren.output import MANIFEST, Keys, OutputError, OutputFolder, write_atomically
from normaliseren.plugins import Plugins, load_plugins
from normaliseren.site import build as site_build
from normaliseren.site.build import search_parts, write_site

from .conftest import VALID_EXAMPLE

BRAND = '<p class="site-name"><a href="{{ root }}index.html">Gemeente Voorbeeld</a></p>\n'


def own_example(id_: str, text: str = "", setting: str = "wijk", summary: str = "") -> str:
    """An example of the folder, its name and body, setting or summary changed."""
    example = VALID_EXAMPLE.replace("mijn-voorbeeld", id_).replace("[wijk]", f"[{setting}]")
    example = example.replace("gemeente.", f"gemeente {summary}.")
    return example.replace("name: Mijn voorbeeld", f"name: Mijn voorbeeld {text}") + text + "\n"


class Place:
    """Where one case keeps its content, template plugin and outputs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.folder = root / "inhoud"
        self.theme = root / "thema"
        self.themed = True

    def reset(self, *, themed: bool = True) -> None:
        """The content as it starts: the shipped content, two examples of ours, a brand.

        Without ``themed``, no plugin adds the brand: the built-in templates render.
        """
        self.themed = themed
        for path in (self.data, self.folder, self.theme):
            shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(str(shipped_data()), self.data)
        self.folder.mkdir()
        (self.folder / "eigen.md").write_text(own_example("eigen"), encoding="utf-8")
        (self.folder / "blijft.md").write_text(own_example("blijft"), encoding="utf-8")
        self.theme.mkdir()
        (self.theme / "brand.html").write_text(BRAND, encoding="utf-8")

    def plugins(self) -> Plugins:
        theme = self.theme

        class Brand:
            @hookimpl
            def register_template_dirs(self) -> list[Path]:
                return [theme]

        extra = [("merk", Brand())] if self.themed else []
        return load_plugins(entry_point_plugins=False, extra=extra, strict=True)

    def build(self, out: Path, *, reuse: bool) -> Keys:
        """The site and the infographics into ``out``, reusing what the previous build made."""
        plugins = self.plugins()
        library: Library = build_library(assemble(plugins, [self.folder]))
        keys = Keys.of_previous(out) if reuse else Keys()

        def fill(folder: OutputFolder) -> None:
            write_site(library, folder.folder("html"), plugins)
            write_infographics(library, folder.folder("infographic"))

        write_atomically(out, fill, keys=keys)
        return keys


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def _replace_line(path: Path, field: str, value: str) -> None:
    old = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"^{field}: .*$", f"{field}: {value}", old, count=1, flags=re.M))


Change = Callable[[Place, str], object]
CHANGES: dict[str, Change] = {
    "example description": lambda p, text: _append(p.data / "examples" / "giz.md", text),
    "example name": lambda p, text: _replace_line(p.data / "examples" / "ease.md", "name", text),
    "own example": lambda p, text: (p.folder / "eigen.md").write_text(own_example("eigen", text)),
    "own example setting": lambda p, _: (p.folder / "eigen.md").write_text(
        own_example("eigen", setting="school")
    ),
    "own example summary": lambda p, text: (p.folder / "eigen.md").write_text(
        own_example("eigen", summary=text)
    ),
    "example added": lambda p, text: (p.folder / f"nieuw-{text}.md").write_text(
        own_example(f"nieuw-{text}", text)
    ),
    "example removed": lambda p, _: (p.folder / "eigen.md").unlink(missing_ok=True),
    "principle explanation": lambda p, text: _append(
        p.data / "principles" / "3-informele-steun.md", text
    ),
    "principle title": lambda p, text: _replace_line(
        p.data / "principles" / "3-informele-steun.md", "title", text
    ),
    "translation": lambda p, text: _append(p.data / "examples" / "giz.en.md", text),
    "translation removed": lambda p, _: (p.data / "examples" / "ease.en.md").unlink(
        missing_ok=True
    ),
    "template": lambda p, text: (p.theme / "brand.html").write_text(BRAND.replace("</a>", text)),
}


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Place]:
    """One place for every case: origins name the folder, so its path stays the same."""
    root = tmp_path_factory.mktemp("incremental")
    found = Place(root)

    @hookimpl
    def register_content_dirs() -> list[Traversable]:
        return [found.data]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shipped_content, "register_content_dirs", register_content_dirs)
        patch.setattr(site_build, "SEARCH_PART_SIZE", 4)  # a search index of several parts
        for themed in (True, False):
            found.reset(themed=themed)
            found.build(root / f"start-{themed}", reuse=False)
        yield found


def assert_reuse_equals_full(place: Place, themed: bool, changes: list[tuple[str, str]]) -> None:
    """Make ``changes`` to the starting content; compare a reusing build with a full one."""
    place.reset(themed=themed)
    incremental, full = place.root / "incremental", place.root / "full"
    for out in (incremental, full):
        shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(place.root / f"start-{themed}", incremental)
    for name, text in changes:
        CHANGES[name](place, text)
    place.build(incremental, reuse=True)
    place.build(full, reuse=False)
    assert tree(incremental) == tree(full)


@pytest.mark.parametrize("themed", [True, False], ids=["plugin templates", "built-in templates"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_after_each_kind_of_change_a_build_that_reuses_equals_a_full_build(
    place: Place, themed: bool, change: str
) -> None:
    assert_reuse_equals_full(place, themed, [(change, "anders")])


@settings(max_examples=10)
@given(
    themed=st.booleans(),
    changes=st.lists(
        st.tuples(st.sampled_from(sorted(CHANGES)), st.text("abcdefgh", min_size=1, max_size=6)),
        min_size=2,
        max_size=4,
    ),
)
def test_after_any_changes_a_build_that_reuses_equals_a_full_build(
    place: Place, themed: bool, changes: list[tuple[str, str]]
) -> None:
    assert_reuse_equals_full(place, themed, changes)


def test_an_unchanged_page_keeps_its_file_and_a_changed_one_is_new(place: Place) -> None:
    place.reset()
    out = place.root / "inodes"
    shutil.rmtree(out, ignore_errors=True)
    place.build(out, reuse=False)
    page = Path("html", "voorbeelden")
    before = {name: (out / page / name).stat().st_ino for name in ("giz.html", "eigen.html")}
    CHANGES["own example"](place, "gewijzigd")
    keys = place.build(out, reuse=True)
    assert (out / page / "giz.html").stat().st_ino == before["giz.html"]
    assert (out / page / "eigen.html").stat().st_ino != before["eigen.html"]
    assert "gewijzigd" in (out / page / "eigen.html").read_text(encoding="utf-8")
    assert 0 < keys.reused < len(keys.written)


def test_a_changed_example_makes_only_its_part_of_the_search_index_new(place: Place) -> None:
    place.reset()
    out = place.root / "search-parts"
    shutil.rmtree(out, ignore_errors=True)
    place.build(out, reuse=False)
    before = {path: path.stat().st_ino for path in out.rglob("zoekindex-*.js")}
    parts = search_parts(build_library(assemble(place.plugins(), [place.folder])))
    assert len(parts) > 2
    holding = next(name for name, examples in parts if "giz" in {e.id for e in examples})
    CHANGES["example description"](place, "gewijzigd")
    place.build(out, reuse=True)
    after = {path: path.stat().st_ino for path in out.rglob("zoekindex-*.js")}
    assert after.keys() == before.keys()
    new = sorted(path.relative_to(out).as_posix() for path in after if after[path] != before[path])
    assert new == [f"html/assets/{holding}", f"html/en/assets/{holding}"]


@pytest.mark.parametrize(
    "manifest",
    [
        None,
        b"{",
        b"[" * 100_000,
        b'{"format": 1, "version": "0.0.1", "files": {}}',
        b'{"format": 99}',
        b'{"format": 1, "version": "VERSION", "files": {"../buiten.html": "KEY"}}',
        b'{"format": 1, "version": "VERSION", "files": {"html/index.html": 1}}',
    ],
)
def test_a_missing_or_broken_manifest_means_a_full_build(
    place: Place, manifest: bytes | None
) -> None:
    from normaliseren import __version__

    place.reset()
    out = place.root / "kapot"
    shutil.rmtree(out, ignore_errors=True)
    place.build(out, reuse=False)
    if manifest is None:
        (out / MANIFEST).unlink()
    else:
        (out / MANIFEST).write_bytes(manifest.replace(b"VERSION", __version__.encode()))
    keys = place.build(out, reuse=True)
    assert keys.reused == 0
    assert keys.previous_root is None
    assert (out / MANIFEST).is_file()


def test_a_previous_file_that_became_a_link_is_not_reused(place: Place) -> None:
    place.reset()
    out = place.root / "link"
    shutil.rmtree(out, ignore_errors=True)
    place.build(out, reuse=False)
    secret = place.root / "geheim.txt"
    secret.write_text("geheim\n")
    page = out / "html" / "voorbeelden" / "giz.html"
    expected = page.read_bytes()
    page.unlink()
    page.symlink_to(secret)
    place.build(out, reuse=True)
    assert not page.is_symlink()
    assert page.read_bytes() == expected


def test_writing_over_a_reused_file_leaves_the_previous_build_alone(tmp_path: Path) -> None:
    previous, new = tmp_path / "vorige", tmp_path / "nieuw"

    def first(out: OutputFolder) -> None:
        out.unchanged("a.txt", "sleutel")
        out.write_text("a.txt", "oud\n")

    def second(out: OutputFolder) -> None:
        assert out.reuse("a.txt", "sleutel")
        out.write_text("a.txt", "nieuw\n")

    write_atomically(previous, first, keys=Keys())
    write_atomically(new, second, keys=Keys.of_previous(previous))
    assert (previous / "a.txt").read_text() == "oud\n"
    assert (new / "a.txt").read_text() == "nieuw\n"


@pytest.mark.parametrize("name", ["../buiten.html", "/etc/x", MANIFEST, ""])
def test_a_key_for_a_name_outside_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    folder = OutputFolder(tmp_path, keys=Keys())
    with pytest.raises(OutputError):
        folder.unchanged(name, "sleutel")
