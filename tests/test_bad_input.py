"""Bad content ends in clear problems naming file, line and field, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from normaliseren import ContentError, load_library, validate_paths
from normaliseren.cli import main
from normaliseren.frontmatter import MAX_FILE_BYTES

from .conftest import VALID_EXAMPLE

Write = Callable[[str, str | bytes], Path]


def errors(paths: list[Path]) -> list[ContentError]:
    """The errors among the problems (a Dutch-only file also gets a translation warning)."""
    return [p for p in validate_paths(paths) if p.is_error]


def only(problems: list[ContentError]) -> ContentError:
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def test_valid_example_has_no_problems(write: Write) -> None:
    assert errors([write("a.md", VALID_EXAMPLE)]) == []


@pytest.mark.parametrize(
    ("change", "line", "field", "code"),
    [
        (("name: Mijn voorbeeld", "name: [a, b]"), 4, "name", "wrong-type"),
        (("name: Mijn voorbeeld", "name: 12"), 4, "name", "wrong-type"),
        (("summary: Een", "sumary: Een"), 5, "sumary", "unknown-field"),
        (("support: informal\n", ""), 2, "support", "missing-field"),
        (("support: informal", "support: medisch"), 7, "support", "invalid-value"),
        (("id: mijn-voorbeeld", "id: Mijn_Voorbeeld"), 3, "id", "invalid-value"),
        (
            ("id: informele-steun", "id: informele-stuen"),
            10,
            "principles[0].id",
            "unknown-principle",
        ),
        (("sources: [magazine]", "sources: [magazien]"), 12, "sources[0]", "unknown-source"),
        (
            ("rationale: Buren helpen elkaar.", "rationale: ''"),
            11,
            "principles[0].rationale",
            "invalid-value",
        ),
        (("type: example", "type: exampel"), 2, "type", "unknown-type"),
        (("settings: [wijk]", "settings: [wijk, wijk]"), 6, "settings", "invalid-value"),
    ],
)
def test_field_problems_name_line_and_field(
    write: Write, change: tuple[str, str], line: int, field: str | None, code: str
) -> None:
    path = write("voorbeeld.md", VALID_EXAMPLE.replace(*change))
    problem = only(errors([path]))
    assert (problem.path, problem.line, problem.field, problem.code) == (
        str(path),
        line,
        field,
        code,
    )
    assert problem.message


def test_unknown_field_suggests_the_right_one(write: Write) -> None:
    path = write("a.md", VALID_EXAMPLE.replace("summary:", "sumary:"))
    assert "did you mean 'summary'" in only(errors([path])).message


def test_all_problems_reported_at_once(write: Write) -> None:
    text = VALID_EXAMPLE.replace("name: Mijn voorbeeld", "name: [a]").replace(
        "support: informal", "support: medisch"
    )
    first = write("a.md", text)
    second = write("b.md", "no front matter here\n")
    problems = errors([first.parent])
    assert {(p.path, p.code) for p in problems} == {
        (str(first), "wrong-type"),
        (str(first), "invalid-value"),
        (str(second), "no-front-matter"),
    }


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        ("", "empty-file", 1),
        ("   \n\n", "empty-file", 1),
        ("# Alleen Markdown\n", "no-front-matter", 1),
        ("---\ntype: example\n", "unclosed-front-matter", 1),
        ("---\ntype: example\nname: [a, b\n---\nbody\n", "yaml-syntax", 4),
        ("---\n- a\n- b\n---\nbody\n", "front-matter-not-mapping", 2),
        ("---\ntype: example\ntype: lesson\n---\nbody\n", "duplicate-key", 3),
        ("---\ntype: example\nname: !!python/name:os.system x\n---\nb\n", "yaml-tag", 3),
        ("---\nbody: &a x\ntitle: *a\n---\nbody\n", "yaml-alias", 3),
        ("---\nsummary: hallo\n---\nbody\n", "missing-field", 2),
    ],
)
def test_file_problems(write: Write, content: str, code: str, line: int) -> None:
    path = write("f.md", content)
    problem = only(errors([path]))
    assert (problem.code, problem.line, problem.path) == (code, line, str(path))


def test_body_field_in_front_matter_is_refused(write: Write) -> None:
    text = VALID_EXAMPLE.replace("summary:", "description: dubbel\nsummary:")
    problem = only(errors([write("a.md", text)]))
    assert (problem.code, problem.field, problem.line) == ("body-in-front-matter", "description", 5)


def test_empty_body_names_the_markdown_body(write: Write) -> None:
    text = VALID_EXAMPLE.split("---\n\n")[0] + "---\n"
    problem = only(errors([write("a.md", text)]))
    assert problem.field == "description (the Markdown body)"
    assert problem.code == "invalid-value"


def test_not_utf8_names_the_line(write: Write) -> None:
    raw = VALID_EXAMPLE.replace("Een korte", "Een \udcff korte").encode("utf-8", "surrogateescape")
    problem = only(errors([write("a.md", raw)]))
    assert (problem.code, problem.line) == ("not-utf8", 15)


def test_file_over_one_mebibyte_is_refused(write: Write) -> None:
    path = write("big.md", VALID_EXAMPLE + "x" * MAX_FILE_BYTES)
    assert only(errors([path])).code == "file-too-large"


def test_yaml_11_traps_stay_text(write: Write) -> None:
    text = (
        VALID_EXAMPLE.replace("name: Mijn voorbeeld", "name: no")
        .replace("summary: Een voorbeeld uit onze gemeente.", "summary: on")
        .replace("places: []", "")
        .replace("sources: [magazine]", "places: [2024-01-01, yes, off]\nsources: [magazine]")
    )
    path = write("a.md", text)
    assert errors([path]) == []
    example = load_library([path]).example("mijn-voorbeeld")
    assert (example.name, example.summary) == ("no", "on")
    assert example.places == ("2024-01-01", "yes", "off")


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deep_nesting_is_refused_without_blowing_up(write: Write, depth: int) -> None:
    text = "---\ntype: example\nname: " + "[" * depth + "]" * depth + "\n---\nbody\n"
    problem = only(errors([write("deep.md", text)]))
    assert (problem.code, problem.line) == ("too-deep", 3)


def test_deep_block_nesting_is_refused(write: Write) -> None:
    lines = (
        ["---", "type: example"]
        + [" " * i + f"k{i}:" for i in range(40)]
        + [" " * 40 + "x", "---", "b"]
    )
    problem = only(errors([write("deep.md", "\n".join(lines) + "\n")]))
    assert problem.code == "too-deep"


def test_alias_bomb_is_refused(write: Write) -> None:
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    problem = only(errors([write("bomb.md", "\n".join([*lines, "---", "b"]) + "\n")]))
    assert problem.code == "yaml-alias"


def test_duplicate_id_names_both_files(write: Write) -> None:
    first = write("a.md", VALID_EXAMPLE)
    second = write("b.md", VALID_EXAMPLE.replace("name: Mijn voorbeeld", "name: Een ander"))
    problem = only(errors([first.parent]))
    assert (problem.path, problem.code, problem.line) == (str(second), "duplicate-id", 3)
    assert f"{first}:3" in problem.message


def test_identical_documents_are_one(write: Write) -> None:
    first = write("a.md", VALID_EXAMPLE)
    write("b.md", VALID_EXAMPLE)
    assert errors([first.parent]) == []


def test_an_id_of_the_core_with_other_content_is_a_duplicate(write: Write) -> None:
    text = VALID_EXAMPLE.replace("id: mijn-voorbeeld", "id: buurtgezinnen")
    problem = only(errors([write("a.md", text)]))
    assert (problem.code, problem.line) == ("duplicate-id", 3)
    assert "normaliseren/data/examples/buurtgezinnen.md:3" in problem.message


def test_a_source_of_the_core_cannot_be_redefined(write: Write) -> None:
    text = "---\ntype: sources\nsources:\n  - id: magazine\n    title: Iets anders\n"
    text += "    publisher: Wij\n    kind: magazine\n---\n"
    problem = only(errors([write("sources.md", text)]))
    assert (problem.code, problem.line, problem.field) == ("duplicate-id", 4, "sources[0].id")


@pytest.mark.parametrize("sources_file", ["0-bronnen.md", "z-bronnen.md"])
def test_a_source_defined_in_any_file_of_the_folder_is_found(
    write: Write, sources_file: str
) -> None:
    """Files are validated as they are read; one whose source comes later is tried again."""
    text = "---\ntype: sources\nsources:\n  - id: eigen-bron\n    title: Een eigen bron\n"
    text += "    publisher: Wij\n    kind: webpage\n    url: https://example.org/\n---\n"
    folder = write(sources_file, text).parent
    write("m-voorbeeld.md", VALID_EXAMPLE.replace("sources: [magazine]", "sources: [eigen-bron]"))
    write(
        "n-voorbeeld.md",
        VALID_EXAMPLE.replace("mijn-voorbeeld", "ander").replace(
            "sources: [magazine]", "sources: [geen-bron]"
        ),
    )
    problem = only(errors([folder]))
    assert (problem.path.endswith("n-voorbeeld.md"), problem.code) == (True, "unknown-source")


def test_the_shipped_folder_validates_against_itself() -> None:
    from importlib.resources import files

    folder = files("normaliseren") / "data"
    assert errors([Path(str(folder))]) == []


def test_every_problem_of_a_file_at_once(write: Write) -> None:
    text = (
        VALID_EXAMPLE.replace("summary:", "sumary:")
        .replace("support: informal", "support: informeel")
        .replace("id: informele-steun", "id: informele-hulp")
    )
    codes = sorted(p.code for p in errors([write("a.md", text)]))
    assert codes == ["invalid-value", "unknown-field", "unknown-principle"]


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    assert only(errors([tmp_path / "nope"])).code == "not-found"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_cli_reports_and_exits_1_without_traceback(
    write: Write, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    path = write("a.md", VALID_EXAMPLE.replace("name: Mijn voorbeeld", "name: [a]"))
    assert main(["validate", str(path), "--format", fmt]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if fmt == "json":
        import json

        report = json.loads(out)
        assert report["valid"] is False
        (error,) = [p for p in report["problems"] if p["severity"] == "error"]
        assert error == {
            "path": str(path),
            "line": 4,
            "field": "name",
            "code": "wrong-type",
            "message": error["message"],
            "severity": "error",
        }
    else:
        assert out.startswith(f"{path}:4: name: ")


def test_cli_exits_0_for_valid_content(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(write("a.md", VALID_EXAMPLE))]) == 0
    assert "all content is valid" in capsys.readouterr().err


def test_dutch_only_content_is_valid_with_a_visible_warning(
    write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write("a.md", VALID_EXAMPLE)
    (warning,) = validate_paths([path])
    assert (warning.code, warning.severity) == ("missing-translation", "warning")
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "warning: no en translation" in out
    assert "all content is valid (1 warning)" in err


def test_text_output_counts_warnings_of_a_kind_beyond_ten(
    write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    for index in range(12):  # Dutch-only examples: a missing-translation warning each
        folder = write(f"v{index:02}.md", VALID_EXAMPLE.replace("mijn-voorbeeld", f"v{index}"))
    folder = folder.parent

    def lines(*options: str) -> list[str]:
        assert main(["validate", str(folder), *options]) == 0
        return capsys.readouterr().out.splitlines()

    shown = lines()
    assert sum("[missing-translation]" in line for line in shown) == 11
    assert shown[-1] == (
        "... and 2 more warnings [missing-translation] (--all-warnings shows every one)"
    )
    every = lines("--all-warnings")
    assert sum(line.endswith("[missing-translation]") for line in every) == 12
    import json

    reported = json.loads("\n".join(lines("--format", "json")))
    assert len(reported["problems"]) == 12
