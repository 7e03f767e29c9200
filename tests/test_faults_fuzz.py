"""Fuzzed content: any bytes, YAML or Markdown ends in a model or located problems, nothing else.

The loader is driven through its public functions (``read_content``, ``validate_paths`` and the
``validate`` command). Every problem must name the file it is about and a line inside it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from normaliseren import ContentError, render_markdown, validate_paths
from normaliseren.cli import main
from normaliseren.content import REFERENCES, ContentSet, Contribution, read_content
from normaliseren.models import Origin

from .conftest import VALID_EXAMPLE, shipped_content

FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
ORIGIN = Origin(kind="folder", name="fuzz")

HOSTILE_KEYS = st.sampled_from(
    [
        "type",
        "id",
        "__class__",
        "__init__",
        "model_config",
        "model_fields",
        "__proto__",
        "constructor",
        "sources",
        "principles",
        "description",
        "",
        " ",
        "<<",
        "a.b",
        "../x",
        "\u202e",
        "é",
    ]
)
TYPES = st.sampled_from(
    [
        "example",
        "principle",
        "vision",
        "collection",
        "lesson",
        "route-step",
        "module",
        "activity",
        "course-lesson",
        "translation",
        "sources",
        "Example",
        "",
    ]
)
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40) | HOSTILE_KEYS
)
YAML_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(HOSTILE_KEYS | st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
MARKDOWN = st.text(
    st.sampled_from(list("#*_`[]()<>!-+=|\\:/\n \t&;\"'x1é\u2028\u0085\x00")) | st.characters(),
    max_size=300,
)


def read_one(name: str, raw: bytes, tmp_path: Path) -> tuple[ContentSet, Path]:
    path = tmp_path / name
    path.write_bytes(raw)
    contribution = Contribution(ORIGIN, files=[(str(path), path)])
    return read_content([contribution], base=shipped_content()), path


def assert_located(problems: list[ContentError], path: Path) -> None:
    """Every problem names ``path`` and a line of it.

    Line 2 (the front matter) may be named in a shorter file; an empty body is named at the
    last line, where it would follow.
    """
    raw = path.read_bytes()
    lines = max(raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1), 2)
    for problem in problems:
        assert problem.path == str(path), problem.format()
        assert problem.line is not None, problem.format()
        assert 1 <= problem.line <= lines, problem.format()
        assert problem.message.strip(), problem.format()


REFERENCE_CODES = {f"unknown-{kind}" for refs in REFERENCES.values() for _, kind in refs}
"""Problems found between files: the file itself is a valid model, the library is not."""


def assert_model_or_errors(content: ContentSet, path: Path) -> None:
    errors = [e for e in content.errors if e.is_error]
    assert_located(content.errors, path)
    if any(e.code not in REFERENCE_CODES for e in errors):
        assert content.items == [], "a file with errors must not give a model"
    else:
        assert len(content.items) == 1 or _only_sources(path)


def _only_sources(path: Path) -> bool:
    text = path.read_text(encoding="utf-8", errors="replace")
    return "type: sources" in text or "'type': sources" in text


def document(front: Any, body: str) -> bytes:
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n\n{body}\n".encode("utf-8", "surrogatepass")


@FUZZ
@given(raw=st.binary(max_size=600))
def test_arbitrary_bytes(tmp_path: Path, raw: bytes) -> None:
    content, path = read_one("bytes.md", raw, tmp_path)
    assert_model_or_errors(content, path)


@FUZZ
@given(
    front=st.text(st.sampled_from(list("-:[]{}&*!|>'\"%@`#,?\n  \tabc01.~")), max_size=200),
    suffix=st.sampled_from([".md", ".yaml"]),
)
@example(front="?\n0", suffix=".yaml")  # its end was marked on the line after the last
def test_yaml_like_text(tmp_path: Path, front: str, suffix: str) -> None:
    raw = (f"---\n{front}\n---\nbody\n" if suffix == ".md" else front).encode()
    content, path = read_one(f"yaml{suffix}", raw, tmp_path)
    assert_model_or_errors(content, path)


@FUZZ
@given(
    front=st.dictionaries(HOSTILE_KEYS | st.text(max_size=10), YAML_VALUES, max_size=6),
    kind=TYPES | st.integers() | st.none(),
    body=MARKDOWN,
)
def test_arbitrary_front_matter(
    tmp_path: Path, front: dict[str, Any], kind: Any, body: str
) -> None:
    content, path = read_one("front.md", document({"type": kind, **front}, body), tmp_path)
    assert_model_or_errors(content, path)


VALID_FRONT: dict[str, Any] = yaml.safe_load(VALID_EXAMPLE.split("---")[1])


@FUZZ
@given(
    where=st.lists(
        st.sampled_from(
            [*VALID_FRONT, "principles.0", "principles.0.id", "principles.0.rationale"]
        ),
        min_size=1,
        max_size=3,
    ),
    value=YAML_VALUES,
    body=MARKDOWN,
)
def test_a_valid_example_with_fields_replaced(
    tmp_path: Path, where: list[str], value: Any, body: str
) -> None:
    """Deeper paths: one valid example with some fields swapped for anything."""
    front = yaml.safe_load(VALID_EXAMPLE.split("---")[1])
    for field in where:
        replace(front, field.split("."), value)
    content, path = read_one("example.md", document(front, body), tmp_path)
    assert_model_or_errors(content, path)


def replace(value: Any, steps: list[str], new: Any) -> None:
    """Set the field at ``steps`` to ``new``, if an earlier change left it there."""
    head, rest = steps[0], steps[1:]
    if isinstance(value, list) and head.isdigit() and int(head) < len(value):
        key: Any = int(head)
    elif isinstance(value, dict) and head in value:
        key = head
    else:
        return
    if rest:
        replace(value[key], rest, new)
    else:
        value[key] = new


@FUZZ
@given(body=MARKDOWN)
def test_arbitrary_markdown_body_validates_and_renders(tmp_path: Path, body: str) -> None:
    raw = VALID_EXAMPLE.replace("Een korte beschrijving van het voorbeeld.", body)
    content, path = read_one("body.md", raw.encode("utf-8", "surrogatepass"), tmp_path)
    assert_model_or_errors(content, path)
    readable = not any("\ud800" <= char <= "\udfff" for char in body)
    if readable and any(char.isascii() and char.isalpha() for char in body):
        assert [e for e in content.errors if e.is_error] == []
    for item in content.items:
        html = render_markdown(getattr(item.model, item.model.body_field))
        assert "<script" not in html.lower()


@settings(max_examples=40, deadline=None)
@given(
    files=st.lists(
        st.binary(max_size=200)
        | st.builds(document, st.dictionaries(HOSTILE_KEYS, YAML_VALUES, max_size=4), MARKDOWN),
        min_size=1,
        max_size=6,
    )
)
def test_validate_paths_and_the_command_report_every_problem(
    tmp_path_factory: pytest.TempPathFactory, files: list[bytes]
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for index, raw in enumerate(files):
        (folder / f"f{index}.md").write_bytes(raw)
    problems = validate_paths([folder])
    paths = {str(folder / f"f{index}.md") for index in range(len(files))}
    for problem in problems:
        assert problem.path in paths, problem.format()
        assert problem.line is not None, problem.format()
    errors = [p for p in problems if p.is_error]
    assert main(["validate", str(folder), "--format", "json"]) == (1 if errors else 0)


HOSTILE_FILES: dict[str, bytes] = {
    "nul.md": b"---\ntype: example\nid: a\x00b\n---\nbody\n",
    "big-int.md": b"---\ntype: example\nid: " + b"9" * 5000 + b"\n---\nbody\n",
    "big-int.yaml": b"type: module\nid: " + b"1" * 5000 + b"\n",
    "bom-crlf.md": b"\xef\xbb\xbf---\r\ntype: example\r\n---\r\n\r\nbody\r\n",
    "only-dashes.md": b"---\n---\n",
    "tabs.md": b"---\n\ttype: example\n---\nx\n",
    "tag.md": b"---\ntype: !!python/object/apply:os.system [ls]\n---\nx\n",
    "binary-key.md": b"---\n? !!binary aGVsbG8=\n: x\n---\nx\n",
    "merge-key.md": b"---\n<<: {type: example}\n---\nx\n",
    "int-tag.md": b"---\ntype: example\nid: !!int abc\n---\nx\n",
    "float-tag.md": b"---\ntype: example\nid: !!float 1_0\n---\nx\n",
    "set.md": b"---\ntype: !!set {a, b}\n---\nx\n",
    "timestamp.md": b"---\ntype: example\nid: !!timestamp 2001-12-14\n---\nx\n",
    "latin1.md": "---\ntype: example\nname: caf\xe9\n---\nx\n".encode("latin-1"),
    "utf16.md": "---\ntype: example\n---\nx\n".encode("utf-16"),
    "deep.yaml": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "deep-first-line.yaml": b"- " * 100_000 + b"x\n",
    "deep-first-line.md": b"---\n" + b"- " * 100_000 + b"x\n---\nx\n",
    "many-keys.md": b"---\n" + b"".join(b"k%d: %d\n" % (i, i) for i in range(5000)) + b"---\nx\n",
    "long-line.md": b"---\ntype: example\nname: " + b"x" * 900_000 + b"\n---\nx\n",
}


def test_the_command_never_shows_a_traceback(tmp_path: Path) -> None:
    """One real process over a folder of hostile files: exit 1, every problem located."""
    folder = tmp_path / "vijandig"
    folder.mkdir()
    for name, raw in HOSTILE_FILES.items():
        (folder / name).write_bytes(raw)
    done = subprocess.run(
        [sys.executable, "-m", "normaliseren.cli", "validate", str(folder), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert {Path(p["path"]).name for p in errors} == set(HOSTILE_FILES)
    for problem in errors:
        assert isinstance(problem["line"], int), problem
        assert problem["line"] >= 1, problem


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        ("big-int.md", "invalid-number", 3),
        ("big-int.yaml", "invalid-number", 2),
        ("int-tag.md", "invalid-number", 3),
        ("nul.md", "yaml-syntax", 3),
    ],
)
def test_numbers_and_characters_python_refuses_are_located(
    tmp_path: Path, name: str, code: str, line: int
) -> None:
    content, path = read_one(name, HOSTILE_FILES[name], tmp_path)
    (problem,) = content.errors
    assert (problem.path, problem.code, problem.line) == (str(path), code, line)


@given(path=st.text(max_size=20), field=st.text(max_size=20), message=st.text(max_size=40))
def test_a_problem_as_text_holds_no_control_characters(path: str, field: str, message: str) -> None:
    """Content can hold ESC and the like (a YAML ``"\\e"``): printed, it would steer the
    terminal (clear it, set its title, hide the lines above), or forge a line of its own."""
    text = ContentError(path, 3, field, "code", message).format()
    assert not [c for c in text if unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS], text


BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_validate_escapes_terminal_controls_from_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inhoud"
    folder.mkdir()
    (folder / "\x1b[2Jnaam.md").write_text(
        '---\ntype: example\n"\\e]0;titel\\a\\e[2J": x\nsettings: "\\e[1A\\e[2K"\n---\nx\n'
    )
    assert main(["validate", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err
    assert "\\x1b]0;titel\\x07\\x1b[2J: unknown field" in captured.out
