"""Content cannot steer the terminal through what the command line prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normaliseren.cli import main
from normaliseren.terminal import STEERING, in_json, on_one_line, shown

from .conftest import VALID_EXAMPLE

STEERING_CHARACTER = re.compile(f"[{STEERING}]")

HOSTILE_NAME = "Gewis\\e[2Jt \\e]0;titel\\a \\u202eomgekeerd \\x85 \\x7f"
"""A name as YAML writes it: clear the screen, set the title, reverse the text, C1, DEL."""


@given(st.text())
def test_shown_text_holds_no_steering_character_and_keeps_its_lines(text: str) -> None:
    result = shown(text)
    assert not STEERING_CHARACTER.search(result)
    assert result.count("\n") == text.count("\n")
    assert result.count("\t") == text.count("\t")


@given(st.text())
def test_text_on_one_line_stays_one_line(text: str) -> None:
    result = on_one_line(text)
    assert not STEERING_CHARACTER.search(result)
    assert "\n" not in result
    assert "\t" not in result


@given(st.recursive(st.text() | st.integers() | st.none(), st.lists))
def test_json_with_steering_characters_escaped_reads_back_the_same(value: object) -> None:
    text = in_json(json.dumps(value, ensure_ascii=False))
    assert not STEERING_CHARACTER.search(text)
    assert json.loads(text) == value


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inhoud"
    folder.mkdir()
    example = VALID_EXAMPLE.replace("name: Mijn voorbeeld", f'name: "{HOSTILE_NAME}"')
    (folder / "voorbeeld.md").write_text(example, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ["show", "mijn-voorbeeld"],
        ["show", "mijn-voorbeeld", "--format", "markdown"],
        ["list", "examples"],
        ["search", "gewis"],
    ],
)
def test_show_list_and_search_print_steering_characters_as_escapes(
    hostile_folder: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    assert main(["--content-dir", str(hostile_folder), *command]) == 0
    out, err = capsys.readouterr()
    assert not STEERING_CHARACTER.search(out + err)
    assert "\\x1b[2J" in out


@pytest.mark.parametrize(
    "command",
    [["show", "mijn-voorbeeld", "--format", "json"], ["list", "examples", "--format", "json"]],
)
def test_json_output_escapes_steering_characters_and_keeps_the_text(
    hostile_folder: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    assert main(["--content-dir", str(hostile_folder), *command]) == 0
    out, _ = capsys.readouterr()
    assert not STEERING_CHARACTER.search(out)
    names = re.findall(r'"name": ("Gewis[^"]*")', out)
    assert names
    assert json.loads(names[0]) == "Gewis\x1b[2Jt \x1b]0;titel\x07 \u202eomgekeerd \x85 \x7f"


def test_main_runs_where_there_is_no_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """A program without a console (``pythonw``) has no standard output or error."""
    monkeypatch.setattr("sys.stdout", None)
    monkeypatch.setattr("sys.stderr", None)
    assert main(["list", "principles"]) == 0
