"""The command line: every command, its output and its exit code."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from normaliseren import Library
from normaliseren.cli import COMMANDS, SCHEMA_CHOICES, _parser, main
from normaliseren.schema import SCHEMA_NAMES

from .conftest import VALID_EXAMPLE

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_examples_text_ends_with_the_thirteen(capsys: Capture, library: Library) -> None:
    code, out, _ = run(capsys, "list", "examples")
    assert code == 0
    assert out.count("\n") >= len(library.examples)
    assert "13 voorbeelden, waarvan 7 hier geïdentificeerd" in out
    assert "6 onbekend" in out


@pytest.mark.parametrize("what", ["examples", "principles", "route", "lessons"])
def test_list_json_is_the_models(capsys: Capture, library: Library, what: str) -> None:
    code, out, _ = run(capsys, "list", what, "--format", "json")
    assert code == 0
    expected = {"route": library.route}.get(what, getattr(library, what))
    assert json.loads(out) == [item.model_dump(mode="json") for item in expected]


def test_show_text_shows_unknowns_as_unknown(capsys: Capture) -> None:
    code, out, _ = run(capsys, "show", "ervaringscafe")
    assert code == 0
    assert out.startswith("Ervaringscafé\n=============\n")
    assert "Organisaties: onbekend" in out
    assert "Wat werkt: niet vermeld in de beschikbare bronnen" in out


def test_show_markdown_and_json(capsys: Capture, library: Library) -> None:
    code, out, _ = run(capsys, "show", "giz", "--format", "markdown")
    assert code == 0
    assert out.startswith("# Gezamenlijk Inschatten van Zorgbehoeften (GIZ)\n")
    assert "## Erkenning\n\n- goed onderbouwd (2018-03-29)" in out
    code, out, _ = run(capsys, "show", "giz", "--format", "json")
    assert json.loads(out) == library.example("giz").model_dump(mode="json")


def test_show_principle_and_route_step(capsys: Capture) -> None:
    assert run(capsys, "show", "brede-context")[1].startswith("Oog voor de brede context\n")
    assert "Label: Samen opstarten (onzeker)" in run(capsys, "show", "taal-ontwikkelen")[1]


def test_show_unknown_id_suggests_and_exits_1(capsys: Capture) -> None:
    code, out, err = run(capsys, "show", "buurtgezin")
    assert (code, out) == (1, "")
    assert "did you mean 'buurtgezinnen'" in err


def test_search_is_case_and_accent_insensitive(capsys: Capture) -> None:
    code, out, _ = run(capsys, "search", "ERVARINGSCAFE")
    assert (code, out.split()[0]) == (0, "ervaringscafe")
    code, out, err = run(capsys, "search", "woorddatnergensstaat")
    assert (code, out) == (1, "")
    assert "no examples match" in err


def test_search_json(capsys: Capture) -> None:
    code, out, _ = run(capsys, "search", "steungezin", "--format", "json")
    assert code == 0
    assert [hit["id"] for hit in json.loads(out)] == ["buurtgezinnen"]


def test_schema_choices_match_the_schemas() -> None:
    assert set(SCHEMA_CHOICES) == set(SCHEMA_NAMES)


def test_export_json_is_byte_identical_and_complete(
    tmp_path: Path, capsys: Capture, library: Library
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert run(capsys, "export", "json", "--out", str(first))[0] == 0
    assert run(capsys, "export", "json", "--out", str(second))[0] == 0
    names = sorted(p.name for p in first.iterdir())
    assert names == [".normaliseren-output", "library.json", "library.schema.json"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()
    assert Library.model_validate_json((first / "library.json").read_bytes()) == library


def test_export_replaces_its_own_output(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "out"
    assert run(capsys, "export", "json", "--out", str(out))[0] == 0
    (out / "stale.txt").write_text("from an earlier export")
    assert run(capsys, "export", "json", "--out", str(out))[0] == 0
    assert not (out / "stale.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_export_never_touches_a_folder_of_other_files(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mijn aantekeningen")
    code, _, err = run(capsys, "export", "json", "--out", str(out))
    assert code == 1
    assert "not empty and was not written by normaliseren" in err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


@pytest.mark.parametrize("command", ["export", "build"])
@pytest.mark.parametrize(
    "out",
    ["home", "working", "above working", "content", "above content", "working through a link"],
)
def test_not_even_force_replaces_the_home_working_or_a_content_folder(
    tmp_path: Path,
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    out: str,
) -> None:
    """--force replaces a folder of other files, but never one the user stands in, lives in,
    or reads from: a mistyped ``--out . --force`` would take a project with it."""
    home, working, content = tmp_path / "thuis", tmp_path / "werk" / "map", tmp_path / "inhoud"
    for folder in (home, working, content / "sub"):
        folder.mkdir(parents=True)
    (content / "sub" / "voorbeeld.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    (working / "notities.txt").write_text("van mij", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(working)
    (tmp_path / "link").symlink_to(working.parent)  # the same folder by another path
    target = {
        "home": home,
        "working": working,
        "above working": working.parent,
        "content": content,
        "above content": tmp_path,
        "working through a link": tmp_path / "link" / "map",
    }[out]
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    export = ["json"] if command == "export" else []
    argv = ["--content-dir", str(content), command, *export, "--out", str(target), "--force"]
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert "choose another folder for the output" in err
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("command", ["export", "build"])
def test_an_output_folder_the_system_refuses_is_reported(
    tmp_path: Path, capsys: Capture, command: str
) -> None:
    """A file where a folder of --out should be: a message with the reason, no traceback."""
    (tmp_path / "bestand").write_text("mijn bestand")
    out = tmp_path / "bestand" / "uit"
    code, _, err = run(
        capsys, command, *(["json"] if command == "export" else []), "--out", str(out)
    )
    assert code == 1
    assert f"cannot write {out}" in err
    assert (tmp_path / "bestand").read_text() == "mijn bestand"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bestand"]


@pytest.mark.parametrize("command", [[], *([name] for name in sorted(COMMANDS))])
def test_every_help_explains_with_an_example(capsys: Capture, command: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out
    assert "normaliseren " in out.split("example", 1)[1]


def test_every_argument_of_every_command_is_explained() -> None:
    parser = _parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert sorted(commands.choices) == sorted(COMMANDS)
    for name, command in [("normaliseren", parser), *commands.choices.items()]:
        unexplained = [a.dest for a in command._actions if not a.help]
        assert unexplained == [], name


def test_usage_errors_exit_2(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "dingen"])
    assert exit_info.value.code == 2


def test_console_script_is_installed() -> None:
    result = subprocess.run(
        [Path(sys.executable).parent / "normaliseren", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip()


@pytest.mark.usefixtures("fresh_caches")
def test_build_reuses_its_previous_output_and_says_so(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NORMALISEREN_LOAD_PLUGINS", "")
    out = tmp_path / "build"
    page = out / "html" / "voorbeelden" / "giz.html"
    assert main(["build", "--out", str(out)]) == 0
    assert f"(nothing reused: {out} held no build of this version)" in capsys.readouterr().err
    first = page.stat().st_ino
    assert main(["build", "--out", str(out)]) == 0
    said = capsys.readouterr().err.splitlines()[-1]
    reused, written = (int(word) for word in said.split() if word.isdigit())
    assert said == f"reused {reused} unchanged files of the previous build; wrote {written}"
    assert reused > written > 0
    assert page.stat().st_ino == first
    assert main(["build", "--out", str(out), "--full"]) == 0
    assert capsys.readouterr().err.endswith("(nothing reused: --full)\n")
    assert page.stat().st_ino != first


def test_main_puts_the_streams_back_as_it_found_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import io

    (tmp_path / "pijl→.md").write_text("geen front matter\n", encoding="utf-8")
    streams = [io.TextIOWrapper(io.BytesIO(), encoding="latin-1") for _ in range(2)]
    monkeypatch.setattr("sys.stdout", streams[0])
    monkeypatch.setattr("sys.stderr", streams[1])
    assert main(["validate", str(tmp_path)]) == 1  # the arrow is not Latin-1: it is escaped
    assert [stream.errors for stream in streams] == ["strict", "strict"]
    streams[0].flush()
    assert "pijl\\u2192.md:1: file must start" in streams[0].buffer.getvalue().decode("latin-1")


@pytest.mark.parametrize(
    ("what", "attribute"),
    [("modules", "modules"), ("course-lessons", "course_lessons"), ("activities", "activities")],
)
def test_list_gives_the_ids_a_lecturer_names_in_a_module(
    capsys: Capture, library: Library, what: str, attribute: str
) -> None:
    code, out, _ = run(capsys, "list", what)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [
        item.id for item in getattr(library, attribute)
    ]
    code, out, _ = run(capsys, "list", what, "--format", "json")
    assert [item["id"] for item in json.loads(out)] == [
        item.id for item in getattr(library, attribute)
    ]


@pytest.mark.parametrize("where", ["before", "after", "both"])
def test_content_dirs_before_and_after_the_command_are_all_read(
    tmp_path: Path, capsys: Capture, where: str
) -> None:
    folders = []
    for name in ("een", "twee"):
        folder = tmp_path / name
        folder.mkdir()
        text = VALID_EXAMPLE.replace("id: mijn-voorbeeld", f"id: voorbeeld-{name}")
        (folder / "voorbeeld.md").write_text(text, encoding="utf-8")
        folders.append(str(folder))
    first, second = (["--content-dir", folder] for folder in folders)
    before, after = {
        "before": ([*first, *second], []),
        "after": ([], [*first, *second]),
        "both": (first, second),
    }[where]
    code, out, _ = run(capsys, *before, "list", "examples", "--format", "json", *after)
    assert code == 0
    ids = {example["id"] for example in json.loads(out)}
    assert {"voorbeeld-een", "voorbeeld-twee"} <= ids


def test_an_unknown_exporter_lists_the_installed_ones(capsys: Capture, tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "nope", "--out", str(tmp_path / "uit"))
    assert code == 1
    assert "no exporter called 'nope'; installed: " in err
    assert "json" in err
    code, _, err = run(capsys, "export", "jsn", "--out", str(tmp_path / "uit"))
    assert "did you mean 'json'?" in err
    assert not (tmp_path / "uit").exists()


def test_show_says_that_a_curriculum_id_is_not_shown_here(capsys: Capture) -> None:
    code, out, err = run(capsys, "show", "zes-principes")
    assert (code, out) == (1, "")
    assert "'zes-principes' is a course lesson of the curriculum" in err


def test_plugins_says_when_the_setting_loads_none(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from normaliseren.load import clear_cache

    monkeypatch.setenv("NORMALISEREN_LOAD_PLUGINS", "")
    clear_cache()
    try:
        code, out, _ = run(capsys, "plugins")
    finally:
        monkeypatch.delenv("NORMALISEREN_LOAD_PLUGINS")
        clear_cache()
    assert code == 0
    assert "no plugins loaded (NORMALISEREN_LOAD_PLUGINS limits which plugins load)" in out
