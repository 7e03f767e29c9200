"""Read and write content files: YAML front matter between ``---`` lines, then Markdown.

The reference reader is libyaml (C), resolved as YAML 1.2 core schema rather than PyYAML's
YAML 1.1: ``no``, ``on`` and ``2024-01-01`` stay text. Aliases, tags other than the core ones
(``!!str``, ``!!int``, ...) and duplicate keys are refused, and nesting is bounded before
libyaml sees the text, so hostile files end in a clear error instead of a blow-up.

Most front matter is plain: mappings, lists and text. That is read by yaml-rs (Rust), about
five times faster, but only when a conservative screen finds nothing that the two readers
could take differently (see :func:`_read_fast`). Lines are found only when a problem needs
one, by reading the file again with the reference reader.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import yaml

from .errors import ContentError, ContentErrors

MAX_FILE_BYTES = 1024 * 1024
"""Content files larger than this are refused (1 MiB)."""

YAML_SUFFIXES = (".yaml", ".yml")
"""Files that are front matter only (e.g. a lecturer's composed module)."""

MAX_DEPTH = 32
"""Deepest nesting of YAML collections a content file may use."""

FieldPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_CORE_SCHEMA: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), "-+0123456789"),
    (
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+.0123456789",
    ),
)


_BY_FIRST_CHAR: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _first in _CORE_SCHEMA:
    for _char in _first:
        _BY_FIRST_CHAR.setdefault(_char, []).append((_tag, _pattern))


class _CoreResolver:
    """Resolves plain scalars by the YAML 1.2 core schema only.

    Stands in for PyYAML's resolver, whose path-resolver bookkeeping costs time on every node
    and which this library does not use.
    """

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            if value == "":
                return _NULL
            for tag, pattern in _BY_FIRST_CHAR.get(value[0], ()):
                if pattern.match(value):
                    return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _Composer(CParser, _CoreResolver):
        """libyaml's parser and composer with the core-schema resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)

else:  # pragma: no cover - PyYAML wheels ship libyaml; this keeps source builds working

    class _Composer(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _CoreResolver,
    ):
        """PyYAML's pure-Python parser and composer with the core-schema resolver."""

        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


class _Dumper(yaml.SafeDumper):
    """Quotes every string that YAML 1.1 *or* 1.2 would read as something else.

    So a file written by the library reads back the same here and in older YAML tools.
    """


for _tag, _pattern, _first in _CORE_SCHEMA:
    _Dumper.add_implicit_resolver(_tag, _pattern, list(_first))


_YAML_11_BREAKS = frozenset("\x85\u2028\u2029")
"""Characters libyaml reads as line breaks; only double quotes keep them as they are."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None
    if not _YAML_11_BREAKS.isdisjoint(value):
        style = '"'
    elif "\n" in value:
        style = "|"
    return dumper.represent_scalar(_STR, value, style=style)


_Dumper.add_representer(str, _represent_str)


@dataclass(frozen=True)
class ParsedFile:
    """One content file, parsed: front matter data, Markdown body and where each field stands."""

    path: str
    data: dict[str, Any]
    body: str
    body_line: int
    where: Mapping[FieldPath, int] | None = None
    """The line of each field; ``None`` when the fast reader read it (found on demand)."""
    front_matter_only: bool = False
    """A ``.yaml`` file: all of it is front matter, and it has no Markdown body."""
    front: str = field(default="", repr=False)
    offset: int = 2
    """The line the front matter starts on; 0 for a document made in Python, not read from a
    file: it has no lines."""

    @property
    def exact(self) -> bool:
        """Read by the reference reader, which also checks what the fast one leaves out."""
        return self.where is not None

    @cached_property
    def lines(self) -> Mapping[FieldPath, int]:
        if self.where is not None:
            return self.where
        try:
            return _load_front_matter(self.path, self.front, self.offset)[1]
        except ContentErrors:
            return {}

    def reread(self) -> ParsedFile:
        """This file read by the reference reader; raises :class:`ContentErrors` as it does."""
        data, where = _load_front_matter(self.path, self.front, self.offset)
        return replace(self, data=data, where=where)

    def without_data(self) -> ParsedFile:
        """The file's place (path and lines), without its data: what is kept once it is read.

        Thousands of files' data would otherwise stay in memory beside the models made of it.
        """
        return ParsedFile(
            self.path,
            {},
            self.body,
            self.body_line,
            self.where,
            self.front_matter_only,
            self.front,
            self.offset,
        )

    def line_of(self, field: FieldPath) -> int | None:
        """The line of ``field``, else of its nearest parent, else of the front matter;
        ``None`` for a document made in Python."""
        lines = self.lines
        for end in range(len(field), 0, -1):
            line = lines.get(field[:end])
            if line is not None:
                return line
        return self.offset or None

    def place_of(self, field: FieldPath) -> str:
        """``PATH:LINE`` of ``field`` for a message, or ``PATH`` where it has no line."""
        line = self.line_of(field)
        return self.path if line is None else f"{self.path}:{line}"


def _error(
    path: str, code: str, message: str, line: int | None = None, field: str | None = None
) -> ContentErrors:
    return ContentErrors([ContentError(path, line, field, code, message)])


_TOP_KEY = re.compile(
    r"""^(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#:'"\[{\-?][^:\n]*?)) *:(?= |\n|$)""", re.MULTILINE
)
"""A line that starts a top-level field of the front matter (``name: ...``, ``"name": ...``)."""


def _in_front(
    path: str,
    front: str,
    offset: int,
    line: int,
    *,
    code: str,
    message: str,
    within: int | None = None,
) -> ContentErrors:
    """A problem at ``line`` of the file, in the field whose value holds line ``within``.

    A YAML syntax error or a refused nesting has a line but no parsed field; the top-level
    field it stands in (the last one that starts at or before it) tells a contributor where.
    ``within`` is where the value that went wrong starts, if it starts before ``line``: an
    unclosed quote or list is found only where the next field or the end is.
    """
    lines = front.split("\n")
    before = "\n".join(lines[: max(0, (within or line) - offset + 1)])
    keys = ["".join(groups) for groups in _TOP_KEY.findall(before)]
    return _error(path, code, message, line, keys[-1] if keys else None)


_TEXT = re.compile(r"\S")
"""Any character that is not white space, as :meth:`str.strip` counts it."""

_FENCE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
"""The line that ends the front matter."""


def closing_fence(text: str, start: int) -> re.Match[str] | None:
    """The first fence line after position ``start`` (a line end).

    Candidates are found with ``str.find``, which is much faster than searching with the
    regex, and the regex confirms each.
    """
    while True:
        dashes = text.find("\n---", start)
        dots = text.find("\n...", start, dashes if dashes >= 0 else len(text))  # only before
        at = dots if dots >= 0 else dashes
        if at < 0:
            return None
        fence = _FENCE.match(text, at + 1)
        if fence is not None:
            return fence
        start = at + 1


def parse_document(path: str, raw: bytes, *, exact: bool = False) -> ParsedFile:
    """Parse the bytes of one content file, or raise :class:`ContentErrors` naming the line.

    With ``exact``, only the reference reader is used, and every field's line is known.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise _error(path, "file-too-large", f"file is larger than {MAX_FILE_BYTES} bytes", 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _error(path, "not-utf8", "file is not valid UTF-8 text", line) from None
    text = text.removeprefix("\ufeff")
    if "\r" in text:  # a test first: replacing scans slowly even when nothing is found
        # A line ends in CR LF or CR alone too (YAML and CommonMark say so): all in LF, so that
        # every count of lines here agrees with YAML's
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():
        raise _error(path, "empty-file", "file is empty", 1)
    if path.endswith(YAML_SUFFIXES):
        front, offset, body, body_line = text, 1, "", 1
    else:
        first_end = text.find("\n")
        if text[: first_end if first_end >= 0 else None].rstrip() != "---":
            raise _error(path, "no-front-matter", "file must start with a '---' line", 1)
        fence = closing_fence(text, first_end) if first_end >= 0 else None
        if fence is None:
            raise _error(
                path, "unclosed-front-matter", "no closing '---' line after the front matter", 1
            )
        front, offset = text[first_end + 1 : fence.start()], 2  # its lines, ended
        start = fence.end() + 1
        body = text[start:].strip("\n")
        first_text = _TEXT.search(text, start)
        if first_text is not None:  # the body starts on the first line that is not blank
            body_line = text.count("\n", 0, first_text.start()) + 1
        else:  # none: its last line, where a body would follow (an editor can go there)
            body_line = text.count("\n") + (0 if text.endswith("\n") else 1)
    only = offset == 1
    data = None if exact else _read_fast(front)
    if data is not None:
        return ParsedFile(path, data, body, body_line, None, only, front, offset)
    data, where = _load_front_matter(path, front, offset)
    return ParsedFile(path, data, body, body_line, where, only, front, offset)


_GATED_SCREEN = re.compile(
    r"[&*!](?<![^ \n\[{,:][&*!])\S"  # an anchor, alias or tag where a value starts
    r"|[@`](?<![^ \n\[{,:][@`])"  # reserved indicators
    r"|\?(?<![^ \n\[{,]\?)(?=[ \n\]},]|$)"  # a complex key
    r"|%(?<!.%)|<<",  # a directive, a merge key
    re.DOTALL,
)
"""Indicators that yaml-rs and the reference reader might take differently. The regex is
slow, so it is tried only where one of :data:`_GATE` occurs (a substring test is fast)."""

_GATE = ("&", "*", "!", "@", "`", "?", "%", "<")

_SCREENS = tuple(
    (needle, re.compile(pattern, flags))
    for needle, pattern, flags in (
        ("_", r"_(?:(?=[0-9.])|(?<=[0-9.+\-]_))", 0),  # 1_000: yaml-rs reads a number
        (None, r"0(?:(?<![\w.]0)[bBOX]|(?<=[-+]0)[bxo])", 0),  # 0b1, -0x1: other number forms
        (None, r"\n(?:[ \-]{24}|---|\.\.\.)", 0),  # deep block nesting; a second document
        (None, r"\A[ \-]{24}", 0),  # deep nesting on the first line (apart: a regex that
        # also tried the start at each line end would take ten times as long)
        (">", r">[-+0-9]* *\n *(?:\n|$)", 0),  # a block scalar that starts blank
        ("|", r"\|[-+0-9]* *\n *(?:\n|$)", 0),
        ("{", r"\{", 0),  # a flow mapping
        ("[", r"\[(?![ \w,.\-]*\] *$)", re.MULTILINE),  # a flow list, not of words
    )
)
"""What else yaml-rs and the reference reader might read differently: a regex, and a
character it needs, tested first (``in`` is several times faster than a regex search)."""


def _plain(front: str) -> bool:
    """No sign of anything that yaml-rs and the reference reader might read differently.

    Conservative: a file that fails this screen is only read the slow way. Control
    characters, tabs, non-breaking and other special spaces, the BOM and YAML 1.1's line
    breaks are not printable; deep flow nesting fails the screen for flow collections.
    """
    if not front.replace("\n", "").isprintable():
        return False
    if any(marker in front for marker in _GATE) and _GATED_SCREEN.search(front):
        return False
    for needle, pattern in _SCREENS:
        if (needle is None or needle in front) and pattern.search(front):
            return False
    return True


def _yaml_rs() -> Any:
    """yaml-rs where it is safe to use; ``None`` leaves the file to the reference reader.

    yaml-rs 0.1.6 crashes the process when it parses after the thread that imported it has
    ended. So only the main thread imports it, which lasts as long as the process (``import
    normaliseren`` does, on the main thread); until then other threads use the reference
    reader, which is slower but reads the same.
    """
    module = sys.modules.get("yaml_rs")
    if module is None and threading.current_thread() is threading.main_thread():
        import yaml_rs as module
    return module


def _read_fast(front: str) -> dict[str, Any] | None:
    """The front matter as yaml-rs reads it, or ``None`` where the reference reader must."""
    fast = _yaml_rs()
    if fast is None:
        return None
    if not front.endswith("\n") or not _plain(front):  # a last line unended: see the tests
        return None
    try:
        data = fast.loads(front, parse_datetime=False)
    except Exception:  # any complaint is reported, with its line, by the reference reader
        return None
    return data if type(data) is dict else None


def _check_flow_depth(path: str, front: str, offset: int) -> None:
    """Refuse deep flow nesting before libyaml, whose recursion can overflow the C stack."""
    if front.count("[") + front.count("{") <= MAX_DEPTH:
        return
    depth = 0
    line = offset
    for char in front:
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                message = f"nesting deeper than {MAX_DEPTH} levels"
                raise _in_front(path, front, offset, line, code="too-deep", message=message)
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            line += 1


def _load_front_matter(
    path: str, front: str, offset: int = 2
) -> tuple[dict[str, Any], dict[FieldPath, int]]:
    """Parse front matter that starts on line ``offset`` of its file."""
    _check_flow_depth(path, front, offset)
    composer = _Composer(front)
    try:
        node = composer.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None
        if mark is not None:
            line = mark.line + offset
            if mark.index >= len(front):  # its end, perhaps on no line of it: the last there is
                ends = offset + len(front.splitlines())  # a .md file's closing '---'
                line = min(line, max(offset, ends - path.endswith(YAML_SUFFIXES)))
        problem = exc.problem or exc.context or "invalid YAML"
        at_tab = mark is not None and front[mark.index : mark.index + 1] == "\t"
        message = f"YAML syntax error: {problem}"
        if at_tab or "tab character" in problem:
            message += "; indent with spaces, not tabs"
        elif "mapping values are not allowed" in problem:
            message += (
                "; a text that holds ': ' must be put in quotes, and a field starts where the "
                "fields above it start"
            )
        if line is None:
            raise _error(path, "yaml-syntax", message) from None
        if "another document" in problem and path.endswith(YAML_SUFFIXES):  # a '---' line
            message = (
                "a second YAML document starts here; a .yaml file holds front matter only, "
                "without '---' lines around it or a Markdown body after it (for a body, use .md)"
            )
            raise _error(path, "yaml-syntax", message, line) from None
        start = exc.context_mark  # a quoted text or flow list: where it starts, if it does
        within = start.line + offset if start and "block" not in (exc.context or "") else None
        unclosed = "end of stream" in problem or "did not find expected" in problem
        if unclosed and within is not None and within < line:  # found where the next begins
            message += f", {exc.context} that starts on this line (noticed on line {line})"
            line = within
        raise _in_front(
            path, front, offset, line, code="yaml-syntax", message=message, within=within
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. NUL
        line = _prefix(front, exc.position).count("\n") + offset
        message = f"YAML syntax error: {exc.reason} (character {exc.character!r})"
        raise _in_front(path, front, offset, line, code="yaml-syntax", message=message) from None
    except yaml.YAMLError as exc:
        raise _error(path, "yaml-syntax", f"YAML syntax error: {exc}") from None
    finally:
        composer.dispose()
    if node is None or not isinstance(node, yaml.MappingNode):
        raise _error(
            path, "front-matter-not-mapping", "front matter must be a YAML mapping", offset
        )
    where: dict[FieldPath, int] = {}
    data = _Builder(path, where, offset).build(node)
    assert isinstance(data, dict)
    return data, where


def _prefix(front: str, position: int) -> str:
    """The text before ``position``, which libyaml counts in UTF-8 bytes, PyYAML in characters."""
    if yaml.__with_libyaml__:
        return front.encode("utf-8")[:position].decode("utf-8", "ignore")
    return front[:position]  # pragma: no cover - see _Composer


class _Builder:
    """Turns a composed YAML node tree into Python values, recording each field's line.

    Written out instead of PyYAML's constructor: one pass, and every refusal (alias, tag,
    duplicate key, depth) is reported with its line. Recursion is bounded by ``MAX_DEPTH``.
    """

    def __init__(self, path: str, where: dict[FieldPath, int], offset: int) -> None:
        self.path = path
        self.offset = offset
        self.where = where
        self.seen: set[int] = set()

    def fail(self, code: str, message: str, line: int, field: FieldPath) -> ContentErrors:
        name = format_field(field) or None
        return ContentErrors([ContentError(self.path, line, name, code, message)])

    def build(self, node: yaml.Node, field: FieldPath = ()) -> Any:
        if id(node) in self.seen:  # an alias: the node stands where its anchor is
            line = self.where.get(field, node.start_mark.line + self.offset)
            if field and isinstance(field[-1], int):  # a list item: its list's line
                line = self.where.get(field[:-1], line)
            raise self.fail("yaml-alias", "YAML anchors and aliases are not allowed", line, field)
        self.seen.add(id(node))
        if len(field) > MAX_DEPTH:
            line = node.start_mark.line + self.offset
            raise self.fail("too-deep", f"nesting deeper than {MAX_DEPTH} levels", line, field)
        cls = type(node)
        if cls is yaml.ScalarNode:
            return self.scalar(node, field)
        if node.tag not in (_SEQ, _MAP):
            line = node.start_mark.line + self.offset
            raise self.fail("yaml-tag", f"YAML tag {node.tag!r} is not allowed", line, field)
        where = self.where
        if cls is yaml.SequenceNode:
            items = []
            for index, child in enumerate(node.value):
                child_field = (*field, index)
                where[child_field] = child.start_mark.line + self.offset
                items.append(self.build(child, child_field))
            return items
        mapping: dict[str, Any] = {}
        for key_node, child in node.value:
            line = key_node.start_mark.line + self.offset
            if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR:
                raise self.fail("yaml-key", "mapping keys must be plain text", line, field)
            name = key_node.value
            child_field = (*field, name)
            if name in mapping:
                raise self.fail("duplicate-key", f"key {name!r} appears twice", line, child_field)
            where[child_field] = line
            mapping[name] = self.build(child, child_field)
        return mapping

    def scalar(self, node: yaml.Node, field: FieldPath) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() == "true"
        if tag in (_INT, _FLOAT):
            try:
                return _number(tag, text)
            except ValueError:  # an explicit !!int on text, or more digits than Python reads
                line = node.start_mark.line + self.offset
                shown = text if len(text) <= 20 else f"{text[:20]}..."
                message = f"{shown!r} is not a number this library can read"
                raise self.fail("invalid-number", message, line, field) from None
        line = node.start_mark.line + self.offset
        raise self.fail("yaml-tag", f"YAML tag {tag!r} is not allowed", line, field)


def _number(tag: str, text: str) -> int | float:
    if tag == _INT:
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text)
    lowered = text.lower().lstrip("+")
    if lowered in (".inf", "-.inf"):
        return float(lowered.replace(".", ""))
    if lowered == ".nan":
        return float("nan")
    return float(text)


def format_field(field: FieldPath) -> str:
    """``("principles", 0, "id")`` as ``principles[0].id``."""
    out = ""
    for part in field:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def render_document(data: Mapping[str, Any], body: str) -> str:
    """Write front matter and body as a content file that :func:`parse_document` reads back."""
    front = yaml.dump(dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n\n{body.strip(chr(10))}\n"
