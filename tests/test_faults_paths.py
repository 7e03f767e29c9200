"""Hostile names and links: nothing is ever written outside the output folder.

Names come from plugins and content (ids, file names, zip entries); links can stand in the
output folder, above it, or in a content folder. The output side is tested through
:class:`OutputFolder`, the commands and a hostile exporter plugin; the content side through
``validate``.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path, PureWindowsPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normaliseren import OutputError, OutputFolder, validate_paths
from normaliseren.cli import main
from normaliseren.curriculum.cartridge import package
from normaliseren.load import clear_cache, get_plugins, load_library
from normaliseren.output import safe_parts, write_atomically

from .conftest import VALID_EXAMPLE, InstallPlugins

pytestmark = [
    pytest.mark.filterwarnings("ignore::normaliseren.plugins.PluginWarning"),
    pytest.mark.usefixtures("fresh_caches"),
]

HOSTILE_NAMES = [
    "../buiten.txt",
    "a/../../buiten.txt",
    "/buiten.txt",
    "//buiten.txt",
    "a\\..\\..\\buiten.txt",
    "C:\\buiten.txt",
    "C:/buiten.txt",
    "C:buiten.txt",
    "a/C:/buiten.txt",
    "a/c:buiten.txt",
    "a/\0/b",
    "",
    ".",
    "./",
    "..",
    ".normaliseren-output",
    ".normaliseren-output/x",
]


def everything_below(root: Path) -> set[Path]:
    return set(root.rglob("*"))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_output_folder_refuses_names_that_leave_it(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="unsafe output file name"):
        OutputFolder(out).write_text(name, "x")
    assert everything_below(tmp_path) <= {out}


@settings(max_examples=300, deadline=None)
@given(name=st.text(st.sampled_from(list("./\\\0a.é ~-")), max_size=14) | st.text(max_size=20))
def test_any_name_is_written_inside_or_refused(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    base = tmp_path_factory.mktemp("naam")
    out = base / "out"
    try:
        OutputFolder(out).write_text(name, "x")
    except OutputError:
        pass
    except OSError:
        pass  # e.g. a name too long for the file system: refused by the system
    real_out = out.resolve()
    for path in everything_below(base):
        assert path == out or path.resolve().is_relative_to(real_out), path


@settings(max_examples=300, deadline=None)
@given(name=st.text(st.sampled_from(list("./\\:aCz")), max_size=10) | st.text(max_size=20))
def test_a_name_that_is_accepted_stays_inside_on_windows_too(name: str) -> None:
    """A drive letter in any part would move a Windows path, or a zip entry, to that drive."""
    try:
        parts = safe_parts(name)
    except OutputError:
        return
    joined = PureWindowsPath("uit").joinpath(*parts)
    assert not joined.drive, joined
    assert joined.parts[0] == "uit", joined
    assert ".." not in joined.parts, joined


def test_links_inside_the_output_folder_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "buiten"
    outside.mkdir()
    out = OutputFolder(tmp_path / "out")
    out.write_text("a.txt", "a")
    out.path("map").symlink_to(outside)
    out.path("bestand.txt").symlink_to(outside / "x.txt")
    with pytest.raises(OutputError, match="goes through a link"):
        out.write_text("map/x.txt", "x")
    with pytest.raises(OutputError, match="is a link"):
        out.write_text("bestand.txt", "x")
    assert list(outside.iterdir()) == []


def test_an_output_folder_below_a_link_is_written_where_the_link_points(tmp_path: Path) -> None:
    real = tmp_path / "echt"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert main(["export", "json", "--out", str(tmp_path / "link" / "out")]) == 0
    assert (real / "out" / "library.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["echt", "link"]
    assert sorted(p.name for p in real.iterdir()) == ["out"]


def test_an_output_folder_that_is_a_link_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "echt"
    real.mkdir()
    (tmp_path / "out").symlink_to(real)
    assert main(["export", "json", "--out", str(tmp_path / "out")]) == 1
    assert "is a link; name the folder itself" in capsys.readouterr().err
    assert list(real.iterdir()) == []


HOSTILE_EXPORTER = """
from normaliseren import hookimpl, Exporter

def escape(library, out):
    out.write_text("eerst.txt", "binnen")
    out.write_text({name!r}, "ONTSNAPT")

@hookimpl
def register_exporters():
    return [Exporter("ontsnapper", "Tries to write outside its folder.", escape)]
"""


@pytest.mark.parametrize("name", ["../../buiten.txt", "../json/library.json", "ABSOLUTE"])
def test_a_hostile_exporter_plugin_cannot_leave_its_folder(
    installed: InstallPlugins, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    site = tmp_path / "werk"
    site.mkdir()
    name = name.replace("ABSOLUTE", str(site / "buiten.txt"))
    installed({"ontsnapper": HOSTILE_EXPORTER.format(name=name)})
    out = site / "build"
    assert main(["build", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "plugin ontsnapper, exporter ontsnapper: raised OutputError" in err
    assert "ontsnapper" not in {p.name for p in out.iterdir()}
    assert b"ONTSNAPT" not in (out / "json" / "library.json").read_bytes()
    assert sorted(p.name for p in site.iterdir()) == ["build"]
    clear_cache()  # a new command: the plugin loads again
    assert main(["export", "ontsnapper", "--out", str(site / "alleen")]) == 1
    assert "a plugin is broken" in capsys.readouterr().err
    assert sorted(p.name for p in site.iterdir()) == ["build"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_zip_entries_of_a_cartridge_are_checked(name: str) -> None:
    with pytest.raises(OutputError):
        package({"imsmanifest.xml": b"<manifest/>", name: b"x"})


def test_every_entry_of_the_shipped_cartridges_stays_inside(tmp_path: Path) -> None:
    assert main(["export", "curriculum", "--out", str(tmp_path / "c")]) == 0
    cartridges = sorted((tmp_path / "c").glob("*.imscc"))
    assert cartridges
    for cartridge in cartridges:
        with zipfile.ZipFile(io.BytesIO(cartridge.read_bytes())) as archive:
            for name in archive.namelist():
                assert safe_parts(name), name


def test_links_in_a_content_folder_are_reported_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "geheim.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    folder = tmp_path / "inhoud"
    (folder / "sub").mkdir(parents=True)
    (folder / "naar-buiten.md").symlink_to(outside / "geheim.md")
    (folder / "map").symlink_to(outside)
    (folder / "sub" / "lus").symlink_to(folder)
    (folder / "logo.png").symlink_to(outside / "logo.png")  # not content: ignored, as files are
    problems = [p for p in validate_paths([folder]) if p.is_error]
    assert sorted((Path(p.path).name, p.code) for p in problems) == [
        ("lus", "symlink"),
        ("map", "symlink"),
        ("naar-buiten.md", "symlink"),
    ]
    assert all("not followed" in p.message for p in problems)


def test_a_folder_or_file_named_by_the_user_may_be_a_link(tmp_path: Path) -> None:
    real = tmp_path / "echt"
    real.mkdir()
    (real / "a.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    (tmp_path / "map").symlink_to(real)
    (tmp_path / "a.md").symlink_to(real / "a.md")
    for named in (tmp_path / "map", tmp_path / "a.md"):
        assert [p for p in validate_paths([named]) if p.is_error] == []


def test_a_content_file_swapped_for_a_link_after_listing_is_not_read(tmp_path: Path) -> None:
    from normaliseren.content import folder_contribution, read_content

    outside = tmp_path / "geheim.md"
    outside.write_text(VALID_EXAMPLE, encoding="utf-8")
    folder = tmp_path / "map"
    folder.mkdir()
    listed = folder / "a.md"
    listed.write_text(VALID_EXAMPLE, encoding="utf-8")
    contribution = folder_contribution(folder)
    listed.unlink()  # between listing and reading, the file becomes a link
    listed.symlink_to(outside)

    content = read_content([contribution])
    assert [(e.path, e.code) for e in content.errors] == [(f"{folder}/a.md", "symlink")]
    assert content.items == []


def test_write_atomically_never_touches_a_folder_of_other_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "eigen.txt").write_text("van iemand\n")
    with pytest.raises(OutputError, match="not written by normaliseren"):
        write_atomically(out, lambda folder: folder.write_text("x", "x"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (out / "eigen.txt").read_text() == "van iemand\n"


def test_links_in_a_plugins_content_folder_are_refused_as_in_a_users(
    installed: InstallPlugins, tmp_path: Path
) -> None:
    outside = tmp_path / "buiten"
    (outside / "map").mkdir(parents=True)
    for name, id_ in (("geheim.md", "geheim"), ("map/ook.md", "ook-geheim")):
        (outside / name).write_text(VALID_EXAMPLE.replace("mijn-voorbeeld", id_), encoding="utf-8")
    folder = tmp_path / "plugin-inhoud"
    folder.mkdir()
    (folder / "eigen.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    (folder / "naar-buiten.md").symlink_to(outside / "geheim.md")
    (folder / "map").symlink_to(outside / "map")
    plugin = f"""
from pathlib import Path
from normaliseren import hookimpl

@hookimpl
def register_content_dirs():
    return [Path({str(folder)!r})]
"""
    installed({"linker": plugin})
    problems = [p for p in validate_paths([]) if p.is_error]
    assert problems == []  # the broken plugin is left out, and reported
    (problem,) = get_plugins(None).problems
    assert (problem.plugin, problem.hook) == ("linker", "register_content_dirs")
    assert problem.cause.startswith("2 content problems:\n")
    assert f"{folder}/map:1: a link inside a content folder is not followed" in problem.cause
    assert problem.cause.endswith("[symlink]")
    ids = {example.id for example in load_library().examples}
    assert not ids & {"geheim", "ook-geheim", "mijn-voorbeeld"}
    assert "buurtgezinnen" in ids


ESCAPING_EXAMPLE = """
from normaliseren import hookimpl
from normaliseren.testing import make_library

@hookimpl
def register_examples():
    base = make_library().example("giz")
    return [base.model_copy(update={"id": "../../x", "name": "Ontsnapt"})]
"""


def test_a_plugin_example_with_a_hostile_id_is_refused(
    installed: InstallPlugins, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    installed({"ontsnapper": ESCAPING_EXAMPLE})
    site = tmp_path / "werk" / "a" / "b"
    site.mkdir(parents=True)
    assert main(["build", "--out", str(site / "build")]) == 0
    err = capsys.readouterr().err
    assert "plugin ontsnapper, hook register_examples: " in err
    (problem,) = get_plugins(None).problems
    assert (problem.plugin, problem.hook) == ("ontsnapper", "register_examples")
    assert problem.cause.startswith(
        "returned the wrong thing: an example does not validate: example '../../x': id: must be "
        "an id"
    )
    assert "(got '../../x')" in problem.cause
    assert "../../x" not in {example.id for example in load_library().examples}
    outside = [p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "build" not in p.parts]
    assert sorted(p.as_posix() for p in outside if p.parts[0] != "site") == [
        "werk",
        "werk/a",
        "werk/a/b",
    ]  # "site" holds the plugin's module
    built = [path for path in (site / "build").rglob("*") if path.is_file()]
    assert not [path for path in built if b"Ontsnapt" in path.read_bytes()]


def test_where_the_builder_keeps_a_content_folder_is_never_published(tmp_path: Path) -> None:
    """Pages, open data, cards and library.json name a folder by its own name only."""
    hidden = tmp_path / "privé-map-van-de-bouwer"
    folder = hidden / "voorbeelden-gemeente"
    folder.mkdir(parents=True)
    (folder / "eigen.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    own_giz = VALID_EXAMPLE.replace("id: mijn-voorbeeld", "id: giz\nreplaces: true")
    (folder / "giz.md").write_text(own_giz, encoding="utf-8")  # a replacement names its origin
    (folder / "opdracht.md").write_text(  # its origin is in library.json too
        "---\ntype: activity\nid: eigen-opdracht\nkind: reflection-question\ntitle: Eigen\n"
        "minutes: 15\nprinciples: [informele-steun]\n---\n\nDenk na.\n",
        encoding="utf-8",
    )
    out = tmp_path / "build"
    assert main(["--content-dir", str(folder), "build", "--out", str(out)]) == 0
    published = json.loads((out / "json" / "library.json").read_text(encoding="utf-8"))
    assert published["curriculum_origins"]["activity:eigen-opdracht"]["name"] == folder.name
    assert published["replacements"][0]["by"]["name"] == folder.name
    seen = 0
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert str(hidden).encode() not in data, path
            assert hidden.name.encode() not in data, path
            seen += b"voorbeelden-gemeente" in data
    assert seen >= 3  # the folder's own name is shown (site pages, open data, cards, JSON)
