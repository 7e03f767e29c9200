"""A large folder is parsed by two processes, with the same results as by one."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from normaliseren import reading, validate_paths, workers
from normaliseren.content import iter_content_files
from normaliseren.frontmatter import MAX_FILE_BYTES

from .conftest import VALID_EXAMPLE, words_printed_by

KINDS_OF_FILE: list[tuple[str, bytes]] = [
    ("goed.md", VALID_EXAMPLE.encode()),
    ("kapot.md", b"---\ntype: [example\n---\n"),
    ("leeg.md", b""),
    ("geen-kop.md", b"Alleen tekst.\n"),
    ("latin1.md", "---\nname: caf\u00e9\n---\n".encode("latin-1")),
    ("te-groot.md", b"---\ntype: example\n---\n" + b"x" * MAX_FILE_BYTES),
    ("alleen.yaml", b"type: example\nid: alleen\n"),
    ("anker.md", b"---\na: &x 1\nb: *x\n---\n"),
    ("tabs.md", b"---\nname:\tdit\n---\n"),
]


@pytest.fixture
def many_kinds(tmp_path: Path) -> list[tuple[str, Path]]:
    """A folder of every kind of file, good and bad, three times, and a link."""
    for copy in range(3):
        for name, data in KINDS_OF_FILE:
            (tmp_path / f"{copy}-{name}").write_bytes(data)
    (tmp_path / "9-link.md").symlink_to(tmp_path / "0-goed.md")
    return list(iter_content_files(tmp_path, "map"))  # type: ignore[arg-type]


def forking(patch: pytest.MonkeyPatch) -> None:
    """Fork from four files on, on two cores, whatever threads earlier tests left running.

    Vega, drawing the infographics of earlier tests, leaves threads of its own in this
    process; a real load would then not fork, but the child here only parses.
    """
    patch.setattr(reading, "PARALLEL_FROM", 4)
    patch.setattr(os, "cpu_count", lambda: 2)
    patch.setattr(workers, "_threads", lambda: 1)


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Parse from four files on with a child; the process ids of the children started."""
    forking(monkeypatch)
    started: list[int] = []
    start = reading._Child.__init__

    def counted(child: reading._Child, *args: object) -> None:
        start(child, *args)  # type: ignore[arg-type]
        started.append(child.pid)

    monkeypatch.setattr(reading._Child, "__init__", counted)
    return started


def in_one_process(files: list[tuple[str, Path]]) -> str:
    return as_text(reading.read_file(shown, entry) for shown, entry in files)


def as_text(results: Iterable[reading.Parsed]) -> str:
    """Every field of every result, also those ``==`` leaves out, and NaN equal to itself."""
    return repr([reading._row(parsed) for parsed in results])


def test_two_processes_read_what_one_does(
    many_kinds: list[tuple[str, Path]], children: list[int]
) -> None:
    assert as_text(reading.read_files(many_kinds)) == in_one_process(many_kinds)
    assert len(children) == 1


def test_a_child_that_fails_is_stood_in_for(
    many_kinds: list[tuple[str, Path]], children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(fd: int, data: bytes, offset: int) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(reading, "_write_all", broken)  # only the child writes
    assert as_text(reading.read_files(many_kinds)) == in_one_process(many_kinds)
    assert len(children) == 1


@pytest.mark.parametrize("whole", [1, 3])
def test_a_child_that_stops_midway_is_taken_over_where_it_stopped(
    many_kinds: list[tuple[str, Path]],
    children: list[int],
    monkeypatch: pytest.MonkeyPatch,
    whole: int,
) -> None:
    """Its batches announced before it stopped are used; the files after them are read here."""
    write = reading._write_all
    written: list[int] = []

    def stopping(fd: int, data: bytes, offset: int) -> None:
        if len(written) == whole:
            os._exit(0)  # a sound exit status: only the announcements count
        write(fd, data, offset)
        written.append(offset)

    monkeypatch.setattr(reading, "_BATCH", 4)
    monkeypatch.setattr(reading, "_write_all", stopping)
    read_here: list[str] = []
    read_file = reading.read_file

    def counted(shown: str, entry: Path) -> reading.Parsed:
        read_here.append(shown)
        return read_file(shown, entry)

    expected = in_one_process(many_kinds)
    results = reading.read_files(many_kinds)
    monkeypatch.setattr(reading, "read_file", counted)  # in this process, from here on
    assert as_text(results) == expected
    split = reading._split(many_kinds)
    assert split is not None
    left = [*many_kinds[:split], *many_kinds[split + whole * 4 :]]  # its own part, and after
    assert read_here == [shown for shown, _ in left]


def test_a_refused_fork_leaves_every_file_to_this_process(
    many_kinds: list[tuple[str, Path]], children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    assert as_text(reading.read_files(many_kinds)) == in_one_process(many_kinds)
    assert children == []


def test_reading_stopped_early_ends_the_child(
    many_kinds: list[tuple[str, Path]], children: list[int]
) -> None:
    results = reading.read_files(many_kinds)
    next(results)
    results.close()
    with pytest.raises(ChildProcessError):  # ended and reaped: no zombie is left
        os.waitpid(children[0], os.WNOHANG)


def test_validation_of_a_folder_is_the_same_with_two_processes(
    many_kinds: list[tuple[str, Path]], tmp_path: Path, children: list[int]
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "PARALLEL_FROM", 10**9)
        alone = validate_paths([tmp_path])
    assert validate_paths([tmp_path]) == alone
    assert len(children) == 1
    assert any(p.code == "yaml-syntax" for p in alone)  # the bad files are reported


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert workers._threads() >= 2  # not "one more than before": Vega's threads come and go
        assert not workers.can_fork()
    finally:
        stop.set()
        other.join()


def test_fork_needs_two_cores_and_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "_threads", lambda: 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert workers.can_fork()
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not workers.can_fork()


FRONT_MATTER = st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    max_size=4,
).map(lambda data: "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n\nTekst.\n")
CONTENTS = st.lists(st.binary(max_size=60) | FRONT_MATTER.map(str.encode), min_size=4, max_size=9)


@settings(max_examples=25)
@given(contents=CONTENTS)
def test_any_files_read_the_same_in_two_processes(contents: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        forking(patch)
        for index, data in enumerate(contents):
            (Path(folder) / f"{index:02}.md").write_bytes(data)
        files: list[tuple[str, Path]] = [
            (f"{folder}/{index:02}.md", Path(folder) / f"{index:02}.md")
            for index in range(len(contents))
        ]
        assert as_text(reading.read_files(files)) == in_one_process(files)


def test_a_child_reaped_by_others_is_not_trusted(
    many_kinds: list[tuple[str, Path]], children: list[int]
) -> None:
    import signal

    ignored = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped at once
    try:
        assert as_text(reading.read_files(many_kinds)) == in_one_process(many_kinds)
    finally:
        signal.signal(signal.SIGCHLD, ignored)
    assert len(children) == 1


@pytest.mark.parametrize("imported_by", ["the main thread", "a thread that ends"])
def test_reading_from_threads_that_end_does_not_crash(tmp_path: Path, imported_by: str) -> None:
    """yaml-rs crashes a process that parses after the thread that imported it has ended.

    A web service may load content in one request's thread, and again in another's.
    """
    (tmp_path / "a.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    code = (
        "import threading\n"
        + ("import normaliseren\n" if imported_by == "the main thread" else "")
        + "def read():\n"
        "    import normaliseren\n"
        f"    print(len(normaliseren.validate_paths([{str(tmp_path)!r}])))\n"
        "for _ in range(3):\n"
        "    thread = threading.Thread(target=read)\n"
        "    thread.start()\n"
        "    thread.join()\n"
    )
    assert words_printed_by(code) == ["1", "1", "1"]  # the Dutch-only warning, each time
