"""Translations: the shipped ones are complete and current; stale and missing ones are said."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from normaliseren import load_library, validate_paths
from normaliseren.builtins.content import shipped_data
from normaliseren.cli import main

from .conftest import VALID_EXAMPLE, shipped_content

TRANSLATION_CODES = {"missing-translation", "stale-translation", "invalid-translation"}


def test_the_shipped_content_has_no_stale_or_missing_translation() -> None:
    problems = [e.format() for e in shipped_content().errors if e.code in TRANSLATION_CODES]
    assert problems == []


def test_the_library_in_english(library: object) -> None:
    dutch, english = load_library(), load_library(lang="en")
    assert (dutch.lang, english.lang) == ("nl", "en")
    assert english.fallbacks == ()
    assert english.example("buurtgezinnen").summary != dutch.example("buurtgezinnen").summary
    assert english.example("buurtgezinnen").name == "Buurtgezinnen"  # names stay as they are
    assert [p.id for p in english.principles] == [p.id for p in dutch.principles]
    assert english.principles[0].title != dutch.principles[0].title
    assert english.sources == dutch.sources
    assert english.example("giz").principles[0].id == dutch.example("giz").principles[0].id


def own_copy(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A shipped example and its translation, under a new id, with one Dutch sentence more."""
    folder = tmp_path / "c"
    folder.mkdir()
    data = shipped_data() / "examples"
    dutch, english = folder / f"{name}.md", folder / f"{name}.en.md"
    text = (data / f"{name}.md").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^membership: .*$", "membership: related", text)  # ours: not a member
    dutch.write_text(text.replace(f"id: {name}", "id: onze-kopie") + "\nEen extra zin.\n")
    text = (data / f"{name}.en.md").read_text(encoding="utf-8")
    english.write_text(text.replace(f"of: {name}", "of: onze-kopie"))
    return folder, english


def test_a_changed_dutch_text_makes_its_translation_stale(tmp_path: Path) -> None:
    folder, english = own_copy(tmp_path, "ouderkamer")
    problems = validate_paths([folder])
    assert [(p.code, p.severity, p.path) for p in problems] == [
        ("stale-translation", "warning", str(english))
    ]
    assert load_library([folder], lang="en").fallbacks == ("example:onze-kopie",)


def test_stamp_records_the_dutch_text_and_changes_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, english = own_copy(tmp_path, "ease")
    before = english.read_text(encoding="utf-8").splitlines()
    assert main(["translations", "stamp", str(folder)]) == 0
    assert f"stamped {english}" in capsys.readouterr().out
    after = english.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1
    assert changed[0][1].startswith("translates: ")
    assert [p for p in validate_paths([folder]) if p.code in TRANSLATION_CODES] == []
    assert load_library([folder], lang="en").fallbacks == ()


@pytest.mark.parametrize("translation", [".en.md", ".en.yaml"])
def test_stamp_of_a_dutch_yaml_file_is_the_stamp_validate_expects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], translation: str
) -> None:
    folder, english = own_copy(tmp_path, "ease")
    dutch = folder / "ease.md"

    def as_yaml(path: Path, body_field: str) -> Path:
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        indented = "".join(f"  {line}" if line.strip() else line for line in body.splitlines(True))
        path.unlink()
        path = path.with_suffix(".yaml")
        path.write_text(f"{front}{body_field}: |\n{indented}", encoding="utf-8")
        return path

    as_yaml(dutch, "description")
    if translation == ".en.yaml":
        english = as_yaml(english, "body")
    assert [p.code for p in validate_paths([folder])] == ["stale-translation"]
    assert main(["translations", "stamp", str(folder)]) == 0
    assert f"stamped {english}" in capsys.readouterr().out
    assert validate_paths([folder]) == []
    assert load_library([folder], lang="en").fallbacks == ()


def test_stamp_of_one_translation_file_reads_the_dutch_file_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, english = own_copy(tmp_path, "ease")
    assert main(["translations", "stamp", str(english)]) == 0
    assert f"stamped {english}" in capsys.readouterr().out
    assert [p for p in validate_paths([folder]) if p.code in TRANSLATION_CODES] == []


def test_a_translation_that_does_not_fit_is_an_error_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    (folder / "a.en.md").write_text(
        "---\ntype: translation\nlang: en\nkind: example\nof: mijn-voorbeeld\ntranslates: null\n"
        "fields:\n  summary: An example.\n  principles: []\n  places: [Nowhere]\n---\n\nText.\n",
        encoding="utf-8",
    )
    errors = sorted((p.line, p.field, p.code) for p in validate_paths([folder]) if p.is_error)
    assert errors == [
        (9, "fields.principles", "invalid-translation"),
        (10, "fields.places", "invalid-translation"),
    ]


def test_dutch_only_content_falls_back_visibly(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    english = load_library([folder], lang="en")
    assert english.fallbacks == ("example:mijn-voorbeeld",)
    assert english.example("mijn-voorbeeld").summary == "Een voorbeeld uit onze gemeente."


def test_cli_lang(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "list", "principles"]) == 0
    english = capsys.readouterr().out
    assert main(["list", "principles"]) == 0
    assert capsys.readouterr().out != english


def test_interface_strings_exist_in_both_languages() -> None:
    from normaliseren.strings import STRINGS

    for key, (dutch, english) in STRINGS.items():
        assert dutch.strip(), key
        assert english.strip(), key
        assert dutch.count("{") == english.count("{"), key


def test_show_in_english_uses_english_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "show", "ervaringscafe"]) == 0
    out = capsys.readouterr().out
    assert "Membership: related practice" in out
    assert "What works: not stated in the available sources" in out


def test_show_says_when_it_falls_back_to_dutch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    assert main(["--lang", "en", "--content-dir", str(folder), "show", "mijn-voorbeeld"]) == 0
    assert "not yet available in English" in capsys.readouterr().err


def test_a_replacing_example_without_translation_is_said_to_miss_one(tmp_path: Path) -> None:
    from normaliseren.content import dump_content_file

    core = load_library().example("buurtgezinnen")
    own = core.model_copy(update={"replaces": True, "name": "Buurtgezinnen bij ons"})
    (tmp_path / "buurtgezinnen.md").write_text(dump_content_file(own), encoding="utf-8")
    problems = [(p.path, p.code) for p in validate_paths([tmp_path])]
    assert problems == [(str(tmp_path / "buurtgezinnen.md"), "missing-translation")]
    english = load_library([tmp_path], lang="en")  # the core's translation is not for it
    assert "example:buurtgezinnen" in english.fallbacks
    assert english.example("buurtgezinnen").name == "Buurtgezinnen bij ons"


def test_stamp_reports_a_path_that_is_not_there_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nergens"
    assert main(["translations", "stamp", str(missing)]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err
    assert "[not-found]" in err
    assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_stamp_reports_a_named_pipe_instead_of_waiting_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, english = own_copy(tmp_path, "ease")
    os.mkfifo(folder / "pijp.md")
    assert main(["translations", "stamp", str(folder)]) == 1
    captured = capsys.readouterr()
    assert f"stamped {english}" in captured.out  # the rest is stamped
    assert "[not-a-file]" in captured.err


def test_stamp_leaves_a_link_as_it_is_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, english = own_copy(tmp_path, "ease")
    outside = tmp_path / "elders.en.md"
    english.rename(outside)
    english.symlink_to(outside)
    before = outside.read_bytes()
    assert main(["translations", "stamp", str(folder)]) == 1
    assert "[symlink]" in capsys.readouterr().err
    assert english.is_symlink()
    assert outside.read_bytes() == before
    assert main(["translations", "stamp", str(english)]) == 1  # given itself, too
    assert "[symlink]" in capsys.readouterr().err
    assert english.is_symlink()
    assert outside.read_bytes() == before


@pytest.mark.parametrize(
    ("translation", "code"),
    [
        ("---\ntype: translation\nlang: en\nkind: example\nof: [kapot\n---\n", "yaml-syntax"),
        ("", "empty-file"),
        (
            "---\ntype: translation\nlang: en\nkind: example\nof: elders\n---\n\nText.\n",
            "not-found",
        ),
    ],
)
def test_a_translation_stamp_cannot_stamp_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], translation: str, code: str
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    (folder / "a.en.md").write_text(translation, encoding="utf-8")
    assert main(["translations", "stamp", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "a.en.md" in err
    assert f"[{code}]" in err
    assert "not stamped" in err


def test_stamp_reads_a_file_named_twice_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, english = own_copy(tmp_path, "ease")
    assert main(["translations", "stamp", str(english), str(folder)]) == 0
    assert capsys.readouterr().out.count("stamped") == 1


def test_a_translation_of_a_dutch_file_that_cannot_be_read_gets_no_second_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = own_copy(tmp_path, "ease")
    (folder / "ease.md").write_text("---\ntype: example\nid: [kapot\n---\n", encoding="utf-8")
    assert main(["translations", "stamp", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "ease.md:" in err
    assert "[yaml-syntax]" in err
    assert "not among the files given" not in err


def test_stamp_changes_the_front_matter_only_and_keeps_line_ends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, english = own_copy(tmp_path, "ease")
    lines = english.read_text(encoding="utf-8").split("\n")
    lines = [line for line in lines if not line.startswith("translates:")]  # never stamped
    lines.append("translates: a line of the body that looks like the stamp")
    english.write_bytes("\r\n".join(lines).encode("utf-8"))
    assert main(["translations", "stamp", str(folder)]) == 0
    after = english.read_bytes().decode("utf-8")
    assert after.endswith("\r\ntranslates: a line of the body that looks like the stamp")
    assert after.count("\n") == after.count("\r\n")  # every line still ends as it did
    front = after.split("\r\n---\r\n", 1)[0]
    assert front.startswith("---\r\ntranslates: ")
    assert [p for p in validate_paths([folder]) if p.code in TRANSLATION_CODES] == []
    assert f"stamped {english}" in capsys.readouterr().out


def test_a_file_that_cannot_be_written_is_reported_and_the_rest_stamped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from normaliseren import stamping

    folder, english = own_copy(tmp_path, "ease")
    (tmp_path / "tweede").mkdir()
    _, other = own_copy(tmp_path / "tweede", "ouderkamer")
    real = stamping._replace

    def refuses(path: Path, data: bytes) -> None:
        if path == english:
            raise PermissionError(13, "Permission denied", str(path))
        real(path, data)

    monkeypatch.setattr(stamping, "_replace", refuses)
    assert main(["translations", "stamp", str(folder), str(other.parent)]) == 1
    captured = capsys.readouterr()
    assert f"stamped {other}" in captured.out
    assert "[unwritable]" in captured.err
    assert "Permission denied" in captured.err


def yaml_translation(tmp_path: Path, front: str) -> tuple[Path, Path]:
    """An own copy of a shipped example with its translation as a .yaml file of ``front``."""
    folder, english = own_copy(tmp_path, "ease")
    english.unlink()
    translation = folder / "ease.en.yaml"
    translation.write_text(front, encoding="utf-8")
    return folder, translation


@pytest.mark.parametrize("head", ["", "---\n", "\ufeff", "%YAML 1.2\n---\n"])
def test_a_yaml_translation_is_stamped_after_its_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], head: str
) -> None:
    front = "type: translation\nlang: en\nkind: example\nof: onze-kopie\nfields: {}\n"
    folder, translation = yaml_translation(tmp_path, head + front)
    assert main(["translations", "stamp", str(folder)]) == 0
    assert f"stamped {translation}" in capsys.readouterr().out
    stale = [p for p in validate_paths([folder]) if p.code == "stale-translation"]
    assert stale == []
    assert main(["translations", "stamp", str(folder)]) == 0  # and it stays so
    assert "stamped" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "line",
    ["translates:\n  oud", "translates: >-\n  oud", '"translates": oud', "translates : oud"],
)
def test_a_stamp_that_cannot_be_put_in_is_reported_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str
) -> None:
    front = f"type: translation\nlang: en\nkind: example\nof: onze-kopie\n{line}\nfields: {{}}\n"
    folder, translation = yaml_translation(tmp_path, front)
    assert main(["translations", "stamp", str(folder)]) == 1
    assert "[not-stamped]" in capsys.readouterr().err
    assert translation.read_text(encoding="utf-8") == front
