"""Bad content ends in clear problems naming file, line and field, never a traceback."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from normaliseren import ContentError, ContentErrors, Library, load_library, validate_paths
from normaliseren.builtins.content import shipped_data
from normaliseren.cli import main
from normaliseren.frontmatter import MAX_FILE_BYTES
from normaliseren.testing import make_library

from .conftest import VALID_EXAMPLE

Write = Callable[[str, str | bytes], Path]


def errors(paths: list[Path]) -> list[ContentError]:
    """The errors among the problems (a Dutch-only file also gets a translation warning).

    Found through the library and through ``normaliseren validate --format json``, which
    must report the same and exit 1 exactly when there are errors, without a traceback.
    """
    found = [p for p in validate_paths(paths) if p.is_error]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["validate", *map(str, paths), "--format", "json"])
    assert code == (1 if found else 0), err.getvalue()
    assert "Traceback" not in out.getvalue() + err.getvalue()
    reported = [ContentError(**p) for p in json.loads(out.getvalue())["problems"]]
    assert [p for p in reported if p.is_error] == found
    return found


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
        (("membership: related\n", ""), 2, "membership", "missing-field"),
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


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        ("ages: 4-12", "ages", "must be a mapping with the fields min, max (got text '4-12')"),
        (
            "what_works: [Het werkt goed]",
            "what_works[0]",
            "must be a mapping with the fields text, sources; required: text, sources",
        ),
        ("website: www.gemeente.nl", "website", "did you mean 'https://www.gemeente.nl'?"),
        ("website: javascript:alert(1)", "website", "https:// (got 'javascript:alert(1)')"),
        ("target_groups: [ouder]", "target_groups[0]", "(got 'ouder'); did you mean 'ouders'?"),
        ("target_groups: ouders", "target_groups", "must be a list, such as [ouders] (got text"),
        ("sources: []", "sources", "must list at least 1 value(s) (got [])"),
    ],
)
def test_a_wrong_value_says_what_to_write(
    write: Write, line: str, field: str, expected: str
) -> None:
    key = line.split(":", maxsplit=1)[0]
    lines = [x for x in VALID_EXAMPLE.splitlines() if not x.startswith(f"{key}:")]
    lines.insert(lines.index("support: informal"), line)
    problem = only(errors([write("a.md", "\n".join(lines) + "\n")]))
    assert (problem.field, problem.line) == (field, lines.index(line) + 1)
    assert expected in problem.message


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
        ("---\ntype: example\nname: [a, b\n---\nbody\n", "yaml-syntax", 3),
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
    assert problem.line == text.count("\n")  # the last line: one the file has


def test_an_empty_body_after_blank_lines_is_named_at_the_last_line(write: Write) -> None:
    text = VALID_EXAMPLE.split("---\n\n")[0] + "---\n\n\n"
    problem = only(errors([write("a.md", text)]))
    assert problem.line == text.count("\n")


def test_an_address_with_another_scheme_gets_no_https_suggested(write: Write) -> None:
    text = VALID_EXAMPLE.replace(
        "support: informal", "website: javascript:alert(1)\nsupport: informal"
    )
    problem = only(errors([write("a.md", text)]))
    assert problem.field == "website"
    assert "did you mean" not in problem.message


def test_a_yaml_file_written_like_a_markdown_file_is_told_how_it_differs(write: Write) -> None:
    text = "---\ntype: module\nid: mijn-module\ntitle: Een module\n---\n\nOver de module.\n"
    problem = only(errors([write("mijn-module.yaml", text)]))
    assert (problem.code, problem.line, problem.field) == ("yaml-syntax", 5, None)
    assert "a .yaml file holds front matter only" in problem.message


def test_not_utf8_names_the_line(write: Write) -> None:
    raw = VALID_EXAMPLE.replace("Een korte", "Een \udcff korte").encode("utf-8", "surrogateescape")
    problem = only(errors([write("a.md", raw)]))
    assert (problem.code, problem.line) == ("not-utf8", 15)


def test_file_over_one_mebibyte_is_refused(write: Write) -> None:
    path = write("big.md", VALID_EXAMPLE + "x" * MAX_FILE_BYTES)
    problem = only(errors([path]))
    assert (problem.code, problem.line, problem.field) == ("file-too-large", 1, None)


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
    assert (problem.code, problem.line, problem.field) == ("too-deep", 3, "name")


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
    assert (problem.code, problem.line, problem.field) == ("yaml-alias", 3, "a1[0]")


def test_duplicate_id_names_both_files(write: Write) -> None:
    first = write("a.md", VALID_EXAMPLE)
    second = write("b.md", VALID_EXAMPLE.replace("name: Mijn voorbeeld", "name: Een ander"))
    problem = only(errors([first.parent]))
    assert (problem.path, problem.code, problem.line) == (str(second), "duplicate-id", 3)
    assert problem.field == "id"
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


def test_an_id_used_twice_is_reported_with_the_files_other_errors(write: Write) -> None:
    text = VALID_EXAMPLE.replace("id: mijn-voorbeeld", "id: buurtgezinnen")
    text = text.replace("sources: [magazine]", "sources: [magazine, onbekende-bron]")
    found = sorted((p.code, p.line) for p in errors([write("a.md", text)]))
    assert found == [("duplicate-id", 3), ("unknown-source", 12)]


def test_two_files_with_errors_and_one_id_are_both_reported(write: Write) -> None:
    broken = VALID_EXAMPLE.replace("support: informal", "support: beide")
    first = write("a.md", broken)
    write("b.md", broken.replace("name: Mijn voorbeeld", "name: Een ander"))
    found = sorted((Path(p.path).name, p.code) for p in errors([first.parent]))
    assert found == [("a.md", "invalid-value"), ("b.md", "duplicate-id"), ("b.md", "invalid-value")]


def test_what_refers_to_a_document_with_errors_is_not_told_it_does_not_exist(
    write: Write,
) -> None:
    """The document is there: its own errors are reported, and nothing false besides."""
    write("a.md", VALID_EXAMPLE.replace("support: informal", "support: beide"))
    translation = (
        "---\ntype: translation\nlang: en\nkind: example\nof: mijn-voorbeeld\n"
        "fields:\n  summary: An example.\n---\n\nA short description.\n"
    )
    write("a.en.md", translation)
    activity = (
        "---\ntype: activity\nid: mijn-opdracht\nkind: case-assignment\ntitle: Een casus\n"
        "minutes: 10\nprinciples: [informele-steun]\nexample: mijn-voorbeeld\n---\n\nDoe iets.\n"
    )
    folder = write("c.md", activity).parent
    assert [(Path(p.path).name, p.code) for p in errors([folder])] == [("a.md", "invalid-value")]


def test_an_outcome_of_a_lesson_with_errors_is_not_unknown_to_a_module(write: Write) -> None:
    lesson = (
        "---\ntype: course-lesson\nid: mijn-les\ntitle: Mijn les\nonbekend: x\noutcomes:\n"
        "  - id: mijn-uitkomst\n    text: Je kunt iets.\n    principles: [informele-steun]\n"
        "activities: [principes-in-eigen-woorden]\nsources: [magazine]\n---\n\nInleiding.\n"
    )
    write("les.md", lesson)
    module = (
        "type: module\nid: mijn-module\ntitle: Mijn module\ndescription: Over iets.\n"
        "level: hbo-bachelor\naudience: [Social Work]\nlessons: [mijn-les]\nassessment:\n"
        "  - text: De student kan iets.\n    outcomes: [mijn-uitkomst]\n"
    )
    folder = write("module.yaml", module).parent
    found = [(Path(p.path).name, p.code) for p in errors([folder])]
    assert found == [("les.md", "unknown-field")]


@pytest.mark.parametrize(
    ("old", "new", "field", "said"),
    [
        (
            "settings: [wijk]",
            "settings: [wijk]\nrecognition: {level: goed-onderbouwd, date: 29-03-2018}",
            "recognition.date",
            "must be a date written as YYYY-MM-DD",
        ),
        (
            "settings: [wijk]",
            "settings: [wijk]\nrecognition: {level: goed-onderbouwd, date: 2018-02-30}",
            "recognition.date",
            "is not a date that exists (got '2018-02-30')",
        ),
        (
            "sources: [magazine]",
            "sources: [magazine]\nages: {min: '4'}",
            "ages.min",
            "must be a number, written without quotes (got text '4')",
        ),
        ("id: informele-steun", "id: iets-anders", "principles[0].id", "the principles are '"),
        (
            "summary: Een voorbeeld uit onze gemeente.",
            "summary: Let op: iets",
            "summary",
            "a text that holds ': ' must be put in quotes",
        ),
        ("  - id: informele-steun", "\t- id: informele-steun", "principles", "not tabs"),
        ("    rationale:", "\t  rationale:", "principles", "not tabs"),
    ],
    ids=["date", "no-such-date", "quoted-number", "principle", "colon", "tab", "tab-within"],
)
def test_the_mistakes_editors_make_most_say_how_to_fix_them(
    write: Write, old: str, new: str, field: str | None, said: str
) -> None:
    problem = only(errors([write("a.md", VALID_EXAMPLE.replace(old, new))]))
    assert (problem.field, said in problem.message) == (field, True), problem.format()


@pytest.mark.parametrize("start", [b"", "\ufeff".encode()])
def test_a_yaml_error_in_a_file_of_carriage_returns_is_at_its_line_and_field(
    write: Write, start: bytes
) -> None:
    problem = only(errors([write("a.yaml", start + b"type: module\rid: [x\r")]))
    assert (problem.code, problem.line, problem.field) == ("yaml-syntax", 2, "id")


def test_a_case_assignment_without_its_example_is_said_beside_other_errors(
    write: Write,
) -> None:
    activity = (
        "---\ntype: activity\nid: mijn-opdracht\nkind: case-assignment\ntitle: Een casus\n"
        "minutes: twintig\nprinciples: [informele-steun]\n---\n\nDoe iets.\n"
    )
    found = {(p.field, p.code): p.message for p in errors([write("a.md", activity)])}
    assert set(found) == {("example", "missing-field"), ("minutes", "wrong-type")}
    assert "(normaliseren list examples)" in found["example", "missing-field"]
    assert found["minutes", "wrong-type"].startswith("must be a whole number, such as 20")


def test_a_module_may_assess_only_outcomes_of_its_own_lessons(write: Write) -> None:
    module = (
        "type: module\nid: mijn-module\ntitle: Mijn module\ndescription: Over iets.\n"
        "level: hbo-bachelor\naudience: [Social Work]\nlessons: [zes-principes]\nassessment:\n"
        "  - text: De student kan iets.\n"
        "    outcomes: [principes-verwoorden, eigen-praktijk-verkennen]\n"
    )
    problem = only(errors([write("module.yaml", module)]))
    assert (problem.code, problem.line, problem.field) == (
        "outcome-not-in-module",
        10,
        "assessment[0].outcomes[1]",
    )
    assert "course lesson 'normaliseren-in-je-eigen-praktijk', which this module" in problem.message


def test_an_outcome_id_is_used_once_across_course_lessons(write: Write) -> None:
    lesson = (
        "---\ntype: course-lesson\nid: mijn-les\ntitle: Mijn les\noutcomes:\n"
        "  - id: mijn-uitkomst\n    text: Je kunt iets.\n    principles: [informele-steun]\n"
        "  - id: principes-verwoorden\n    text: Je kunt meer.\n    principles: [informele-steun]\n"
        "activities: [principes-in-eigen-woorden]\nsources: [magazine]\n---\n\nInleiding.\n"
    )
    problem = only(errors([write("les.md", lesson)]))
    assert (problem.code, problem.line, problem.field) == (
        "duplicate-outcome",
        9,
        "outcomes[1].id",
    )
    assert "(course lesson 'zes-principes')" in problem.message


def test_an_outcome_id_twice_in_one_lesson_is_an_error_too(write: Write) -> None:
    lesson = (
        "---\ntype: course-lesson\nid: mijn-les\ntitle: Mijn les\noutcomes:\n"
        "  - id: dubbel\n    text: Je kunt iets.\n    principles: [informele-steun]\n"
        "  - id: dubbel\n    text: Je kunt meer.\n    principles: [informele-steun]\n"
        "activities: [principes-in-eigen-woorden]\nsources: [magazine]\n---\n\nInleiding.\n"
    )
    path = write("les.md", lesson)
    problem = only(errors([path]))
    assert (problem.code, problem.line) == ("duplicate-outcome", 9)
    assert f"is also used at {path}:6;" in problem.message


def test_a_module_with_a_lesson_that_reuses_an_outcome_id_is_not_told_to_add_another(
    write: Write,
) -> None:
    lesson = (
        "---\ntype: course-lesson\nid: mijn-les\ntitle: Mijn les\noutcomes:\n"
        "  - id: principes-verwoorden\n    text: Je kunt iets.\n    principles: [informele-steun]\n"
        "activities: [principes-in-eigen-woorden]\nsources: [magazine]\n---\n\nInleiding.\n"
    )
    write("les.md", lesson)
    module = (
        "type: module\nid: mijn-module\ntitle: Mijn module\ndescription: Over iets.\n"
        "level: hbo-bachelor\nlessons: [mijn-les]\nassessment:\n"
        "  - text: De student kan iets.\n    outcomes: [principes-verwoorden]\n"
    )
    folder = write("module.yaml", module).parent
    assert [p.code for p in errors([folder])] == ["duplicate-outcome"]


def test_a_rule_of_the_whole_library_is_a_content_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: object, principle_ids: set[str]) -> None:
        raise ValueError("module 'x': unknown ids ['y']")

    monkeypatch.setattr(Library, "_check_curriculum", broken)
    with pytest.raises(ContentErrors) as raised:
        make_library()
    assert [(e.path, e.code, e.message) for e in raised.value.errors] == [
        ("(library)", "invalid-library", "module 'x': unknown ids ['y']")
    ]


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

    folder = shipped_data()
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


def test_warnings_are_named_only_for_the_files_given(tmp_path: Path) -> None:
    """Another folder's (or a plugin's) warnings are not the user's to act on; errors are."""
    other, own = tmp_path / "elders", tmp_path / "eigen"
    other.mkdir()
    own.mkdir()
    (other / "ander.md").write_text(VALID_EXAMPLE.replace("id: mijn-voorbeeld", "id: ander"))
    (own / "eigen.md").write_text(VALID_EXAMPLE)
    problems = validate_paths([own], content_dirs=[other])
    assert [(Path(p.path).name, p.code) for p in problems] == [("eigen.md", "missing-translation")]
    (other / "kapot.md").write_text("---\ntype: example\nid: kapot\n---\n")
    problems = validate_paths([own], content_dirs=[other])
    assert {Path(p.path).name for p in problems if p.is_error} == {"kapot.md"}
    assert [Path(p.path).name for p in problems if not p.is_error] == ["eigen.md"]


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


@pytest.mark.parametrize(
    ("front", "line", "field"),
    [
        ("type: example\nname: [a, b\n", 3, "name"),  # unclosed: where it starts
        ("type: example\nsummary: x\nsupport: informal: formal\nname: y\n", 4, "support"),
        ("type: example\nname: a\n  bad indent: x\n", 4, "name"),
        ('type: lesson\ntitle: "open\nkind: insight\nsources: [m]\n', 3, "title"),
        ("type: lesson\nsources: [m,\nkind: insight\n", 3, "sources"),
        ('type: lesson\ntitle: "a\nnote: b \\q"\nkind: insight\n', 4, "title"),
        ('type: lesson\n"title": a\nkind: insight: b\n', 4, "kind"),
        ("type: lesson\n'title': a\n  b: c\n", 4, "title"),
    ],
)
def test_a_yaml_syntax_error_names_the_field_it_stands_in(
    write: Write, front: str, line: int, field: str
) -> None:
    problem = only(errors([write("a.md", f"---\n{front}---\nbody\n")]))
    assert (problem.code, problem.line, problem.field) == ("yaml-syntax", line, field)


def test_an_unclosed_quote_is_placed_where_it_starts(write: Write) -> None:
    front = 'type: lesson\ntitle: "open\nkind: insight\nsources: [m]\n'
    problem = only(errors([write("a.md", f"---\n{front}---\nbody\n")]))
    assert problem.line == 3
    assert problem.message.endswith("that starts on this line (noticed on line 6)")


def test_an_example_id_taken_by_another_origin_says_how_to_go_on(write: Write) -> None:
    path = write("giz.md", VALID_EXAMPLE.replace("id: mijn-voorbeeld", "id: giz"))
    problem = only(errors([path]))
    assert problem.code == "duplicate-id"
    assert "add 'replaces: true' to replace that example" in problem.message


def test_a_second_vision_names_its_type(write: Write) -> None:
    vision = load_library().vision
    from normaliseren.content import dump_content_file

    text = dump_content_file(vision) + "\nEen andere visie.\n"  # not the same document
    problem = only(errors([write("visie.md", text)]))
    assert (problem.code, problem.field, problem.line) == ("duplicate-id", "type", 2)


def test_a_named_pipe_is_reported_not_waited_for(write: Write) -> None:
    folder = write("a.md", VALID_EXAMPLE).parent
    os.mkfifo(folder / "pijp.md")  # nothing ever writes to it: reading it would wait forever
    problem = only(errors([folder]))
    assert (problem.path, problem.code, problem.line) == (str(folder / "pijp.md"), "not-a-file", 1)


def test_a_folder_with_no_content_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    (tmp_path / "map.md").mkdir()  # a folder, though its name ends in .md
    (tmp_path / "map.md" / "README.md").write_text("# Lees mij\n", encoding="utf-8")
    for folder in (tmp_path / "leeg", tmp_path / "map.md"):
        problem = only(errors([folder]))
        assert (problem.path, problem.code) == (str(folder), "no-content-files")


def test_folders_nested_deeper_than_python_recurses_are_walked(write: Write) -> None:
    folder = write("a.md", VALID_EXAMPLE).parent
    deepest = folder
    for _ in range(1200):  # deeper than the interpreter's recursion limit
        deepest /= "d"
        deepest.mkdir()
    bad = VALID_EXAMPLE.replace("id: mijn-voorbeeld", "id: diep").replace("name: Mijn", "name: [")
    (deepest / "diep.md").write_text(bad, encoding="utf-8")
    try:
        problem = only(errors([folder]))
        assert (problem.path, problem.code) == (str(deepest / "diep.md"), "yaml-syntax")
    finally:  # pytest's clean-up recurses per level too: remove the levels one by one
        (deepest / "diep.md").unlink()
        while deepest != folder:
            deepest.rmdir()
            deepest = deepest.parent


@pytest.mark.parametrize(
    ("opening_too", "code", "words"),
    [(True, "unreadable", "Permission denied"), (False, "not-a-file", "could not be listed")],
)
def test_a_folder_that_cannot_be_listed_is_reported(
    write: Write, monkeypatch: pytest.MonkeyPatch, opening_too: bool, code: str, words: str
) -> None:
    folder = write("a.md", VALID_EXAMPLE).parent
    (folder / "geheim").mkdir()
    listing = os.scandir

    def refused(path: str | os.PathLike[str]) -> object:  # as for a folder of another user
        if Path(path).name == "geheim":
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refused)
    if opening_too:
        monkeypatch.setattr(os, "open", _refusing(os.open, "geheim"))
    problem = only(errors([folder]))
    assert (problem.path, problem.code) == (str(folder / "geheim"), code)
    assert words in problem.message


def _refusing(opener: Callable[..., int], name: str) -> Callable[..., int]:
    def refused(path: str | os.PathLike[str], *args: int) -> int:
        if Path(path).name == name:
            raise PermissionError(13, "Permission denied", str(path))
        return opener(path, *args)

    return refused


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "ascii"])
def test_names_and_text_the_terminal_cannot_write_are_escaped(
    tmp_path: Path, encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "inhoud"
    folder.mkdir()
    text = VALID_EXAMPLE.replace("name: Mijn voorbeeld", "name: [→]")
    (folder / os.fsdecode(b"naam-\xff.md")).write_text(text, encoding="utf-8")
    for fmt in ("text", "json"):
        out = io.TextIOWrapper(io.BytesIO(), encoding=encoding)  # strict, as a real terminal
        monkeypatch.setattr("sys.stdout", out)
        monkeypatch.setattr("sys.stderr", io.TextIOWrapper(io.BytesIO(), encoding=encoding))
        assert main(["validate", str(folder), "--format", fmt]) == 1
        out.flush()
        shown = out.buffer.getvalue().decode(encoding)
        assert "naam-\\udcff.md" in shown
        if fmt == "json":
            (error,) = [p for p in json.loads(shown)["problems"] if p["severity"] == "error"]
            assert error["field"] == "name"


def test_find_names_the_known_values_of_a_vocabulary() -> None:
    with pytest.raises(ValueError, match=r"unknown target group 'ouder'; did you mean 'ouders'"):
        load_library().find(target_group="ouder")


@pytest.mark.parametrize("arguments", [["export"], ["export", "json"], ["export", "--out", "x"]])
def test_export_without_format_or_out_is_wrong_usage(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == 2
    assert "give a FORMAT and --out DIR, or --list" in capsys.readouterr().err


def test_a_second_collection_names_both_files(write: Write) -> None:
    from normaliseren.content import dump_content_file

    text = dump_content_file(load_library().collection).replace("id: ", "id: nog-een-", 1)
    path = write("collectie.md", text)
    problem = only(errors([path]))
    assert (problem.path, problem.line, problem.field) == (str(path), 2, "type")
    assert problem.code == "too-many"
    assert "normaliseren/data/collection.md:2" in problem.message


@pytest.mark.parametrize("field", ["lessons", "principles", "examples"])
def test_a_module_that_names_something_twice_is_refused(write: Write, field: str) -> None:
    """It would make the same page twice, with one identifier: a cartridge LMSs refuse."""
    named = {
        "lessons": "zes-principes",
        "principles": "informele-steun",
        "examples": "buurtgezinnen",
    }[field]
    text = (
        "type: module\nid: mijn-module\ntitle: Mijn module\ndescription: Twee lessen.\n"
        "level: hbo-bachelor\nlessons: [zes-principes]\n"
    ).replace(f"{field}: [zes-principes]\n", "") + f"{field}: [{named}, {named}]\n"
    problem = only(errors([write("module.yaml", text)]))
    assert (problem.field, problem.code) == (field, "invalid-value")
    assert problem.message.startswith(f"lists {named!r} more than once")


def test_a_document_marker_inside_markdown_front_matter_is_a_plain_syntax_error(
    write: Write,
) -> None:
    text = VALID_EXAMPLE.replace("support: informal\n", "support: informal\n--- x\n")
    problem = only(errors([write("a.md", text)]))
    assert problem.code == "yaml-syntax"
    assert ".yaml" not in problem.message
