"""A build makes the site in its own process and the other exporters in a second one.

The output is the same as when one process makes everything, also when the second process
cannot be had or ends without a result; a plugin's problem there is reported here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from contextlib import nullcontext, suppress
from pathlib import Path

import pytest

from normaliseren import workers
from normaliseren.exporters import Exporter, run_exporters
from normaliseren.hookspecs import hookimpl
from normaliseren.library import Library
from normaliseren.load import registered_exporters
from normaliseren.output import Keys, OutputFolder
from normaliseren.plugins import PluginError, PluginProblem, Plugins, PluginWarning, load_plugins
from normaliseren.testing import make_library

from .test_incremental import tree

PARENT = os.getpid()


def in_a_worker() -> bool:
    return os.getpid() != PARENT


@pytest.fixture
def may_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker is forked even where an earlier test left threads of Vega running (the
    function forked here does not use them), and on one core."""
    monkeypatch.setattr(workers, "_threads", lambda: 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


@pytest.mark.usefixtures("may_fork")
def test_alongside_gives_what_the_function_returns_in_another_process() -> None:
    with workers.alongside(os.getpid) as wait:
        finished, pid = wait()
    assert finished
    assert pid not in (None, os.getpid())


@pytest.mark.usefixtures("may_fork")
def test_alongside_raises_again_what_the_function_raises() -> None:
    problem = PluginProblem("kapot", "exporter kapot", "raised ValueError: nee")

    def fails() -> None:
        raise PluginError([problem])

    with workers.alongside(fails) as wait, pytest.raises(PluginError) as raised:
        wait()
    assert raised.value.problems == (problem,)


@pytest.mark.usefixtures("may_fork")
def test_a_worker_that_ends_without_a_result_leaves_the_work_here() -> None:
    with workers.alongside(lambda: os._exit(3)) as wait:
        assert wait() == (False, None)


def test_where_no_worker_may_be_forked_the_work_is_left_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    with workers.alongside(os.getpid) as wait:
        assert wait() == (False, None)


class Exporters:
    """A plugin with an exporter that writes a file, and one that misbehaves in a worker."""

    def __init__(self, misbehaving: str, ran: Path | None = None) -> None:
        self.misbehaving = misbehaving
        self.ran = ran

    @hookimpl
    def register_exporters(self) -> list[Exporter]:
        def write(library: Library, out: OutputFolder) -> None:
            out.unchanged("aantal.txt", "sleutel")  # its key recorded, as reusing exporters do
            out.write_text("aantal.txt", f"{len(library.examples)}\n")
            if self.ran is not None:  # where it ran, outside the output
                with self.ran.open("a", encoding="utf-8") as ran:
                    ran.write("worker\n" if in_a_worker() else "here\n")

        def misbehave(library: Library, out: OutputFolder) -> None:
            if self.misbehaving == "raises at once":  # nothing written to throw away
                raise ValueError("kapot")
            out.write_text("half.txt", "half")
            if self.misbehaving == "dies" and in_a_worker():
                os._exit(9)  # the second process is killed, say
            if self.misbehaving == "raises":
                raise ValueError("kapot")

        return [Exporter("telling", "a count", write), Exporter("zz-laatste", "last", misbehave)]


def build(out: Path, plugins: Plugins) -> tuple[list[str], dict[str, str]]:
    """Every exporter into ``out``, as ``normaliseren build`` fills its folder."""
    library = make_library()
    keys = Keys()
    out.mkdir()
    # Not the infographic, drawn with Vega: an earlier build in this process may have started
    # Vega's threads, and a worker forked then (as the test makes one) could not draw.
    exporters = {
        name: found
        for name, found in registered_exporters(plugins).items()
        if name != "infographic"
    }
    names = run_exporters(library, OutputFolder(out, keys=keys), plugins, exporters)
    return names, keys.written


@pytest.mark.parametrize("misbehaving", ["dies", "raises", "raises at once", "no"])
def test_a_build_is_the_same_made_in_two_processes_or_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, misbehaving: str
) -> None:
    ran = tmp_path / "ran"

    def plugins() -> Plugins:
        extra = [("proef", Exporters(misbehaving, ran))]
        return load_plugins(entry_point_plugins=False, extra=extra, strict=False)

    with pytest.MonkeyPatch.context() as alone:
        alone.setattr(workers, "can_fork", lambda: False)
        with pytest.warns(PluginWarning) if "raises" in misbehaving else nullcontext():
            one = build(tmp_path / "een", plugins())
    ran.unlink()
    monkeypatch.setattr(workers, "_threads", lambda: 1)  # no Vega in the worker: it may fork
    with pytest.warns(PluginWarning) if "raises" in misbehaving else nullcontext():
        two = build(tmp_path / "twee", plugins())
    assert ran.read_text().split()[0] == "worker"  # made in the second process, at first
    assert two == one
    assert tree(tmp_path / "twee") == tree(tmp_path / "een")
    assert "telling" in one[0]
    assert one[1]["telling/aantal.txt"] == "sleutel"
    assert ("zz-laatste" in one[0]) == ("raises" not in misbehaving)
    assert (tmp_path / "twee" / "telling" / "aantal.txt").is_file()


def test_in_strict_mode_a_plugins_problem_in_the_worker_stops_the_build(tmp_path: Path) -> None:
    extra = [("proef", Exporters("raises"))]
    plugins = load_plugins(entry_point_plugins=False, extra=extra, strict=True)
    with pytest.raises(PluginError) as raised:
        build(tmp_path / "uit", plugins)
    assert [p.plugin for p in raised.value.problems] == ["proef"]


@pytest.mark.usefixtures("may_fork")
def test_a_worker_killed_while_it_sends_its_result_leaves_the_work_here(tmp_path: Path) -> None:
    told = tmp_path / "pid"

    def large() -> bytes:
        told.write_text(str(os.getpid()))
        return bytes(4 * 1024 * 1024)  # more than a pipe holds: sending it takes a while

    with workers.alongside(large) as wait:
        for _ in range(3000):
            if told.exists() and told.read_text():
                break
            time.sleep(0.01)
        time.sleep(0.5)  # the worker is writing into the full pipe
        os.kill(int(told.read_text()), signal.SIGKILL)
        assert wait() == (False, None)


@pytest.mark.usefixtures("may_fork")
def test_a_process_the_worker_leaves_running_does_not_hold_up_its_result() -> None:
    def leaves_one() -> int:
        process = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
        process.start()  # a plugin's helper, say, that outlives the exporter
        return process.pid or 0

    start = time.monotonic()
    with workers.alongside(leaves_one) as wait:
        finished, left = wait()
    assert finished
    assert time.monotonic() - start < 30
    assert left
    os.kill(left, signal.SIGKILL)


@pytest.mark.usefixtures("may_fork")
def test_a_worker_that_dies_without_a_result_is_noticed_while_its_helper_runs(
    tmp_path: Path,
) -> None:
    told = tmp_path / "helper"

    def dies_leaving_one() -> None:
        process = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
        process.start()  # it holds the pipe the result would come through
        told.write_text(str(process.pid))
        os.kill(os.getpid(), signal.SIGKILL)

    start = time.monotonic()
    with workers.alongside(dies_leaving_one) as wait:
        assert wait() == (False, None)
    assert time.monotonic() - start < 30
    os.kill(int(told.read_text()), signal.SIGKILL)


def tells(text: str) -> None:
    os.write(2, text.encode())  # past Python's streams, as a program it starts would


@pytest.mark.usefixtures("may_fork")
def test_what_the_worker_prints_is_printed_here_where_it_can_be_captured(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def prints() -> int:
        print("gemaakt")
        print("let op", file=sys.stderr)
        helper = multiprocessing.get_context("fork").Process(target=tells, args=("helper\n",))
        helper.start()
        helper.join()
        return os.getpid()

    with workers.alongside(prints) as wait:
        finished, pid = wait()
    assert finished
    assert pid != os.getpid()
    assert capsys.readouterr() == ("gemaakt\n", "let op\nhelper\n")


@pytest.mark.usefixtures("may_fork")
def test_a_flood_from_the_worker_is_cut_off_and_said(capsys: pytest.CaptureFixture[str]) -> None:
    def floods() -> None:
        tells("x" * (workers._PRINTED_LIMIT + 10))

    with workers.alongside(floods) as wait:
        assert wait() == (True, None)
    err = capsys.readouterr().err
    assert err.startswith("x" * 100)
    assert err.endswith(f"output cut off after {workers._PRINTED_LIMIT} bytes\n")
    assert len(err) < workers._PRINTED_LIMIT + 200


@pytest.mark.usefixtures("may_fork")
def test_a_worker_is_waited_for_whatever_number_its_pipe_has() -> None:
    """``select.select`` refuses descriptors from 1024 on; many open files make them so."""
    opened: list[int] = []
    try:
        while not opened or opened[-1] < 1100:
            opened.append(os.open(os.devnull, os.O_RDONLY))
    except OSError:
        pytest.skip("this system allows too few open files")
    try:
        with workers.alongside(lambda: 42) as wait:
            assert wait() == (True, 42)
    finally:
        for fd in opened:
            os.close(fd)


def pipes_for_writing() -> set[int]:
    """The descriptors of this process that write into a pipe (Linux: listed in /proc)."""
    import fcntl
    import stat

    found = set()
    for name in os.listdir("/proc/self/fd"):
        with suppress(OSError):
            fd = int(name)
            writes = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY
            if writes and stat.S_ISFIFO(os.fstat(fd).st_mode):
                found.add(fd)
    return found


def result_pipe(before: set[int]) -> int:
    """In the worker: the pipe it sends its result on, the one pipe it has that its parent
    had not (``before``), and not the test runner's (a terminal piped into ``tail``)."""
    (fd,) = pipes_for_writing() - before  # raised again in the test if not just one
    return fd


def babble(fd: int) -> None:
    """Write into the result pipe without end, as a process an exporter started might."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with suppress(OSError):
            os.write(fd, b"\xff" * 4096)
        time.sleep(0.001)


@pytest.mark.skipif(sys.platform != "linux", reason="finds the pipe in /proc")
@pytest.mark.usefixtures("may_fork")
def test_a_process_writing_into_the_result_pipe_does_not_hold_the_build(tmp_path: Path) -> None:
    told = tmp_path / "helper"
    before = pipes_for_writing()

    def starts_a_babbler() -> int:
        context = multiprocessing.get_context("fork")
        helper = context.Process(target=babble, args=(result_pipe(before),), daemon=False)
        helper.start()
        told.write_text(str(helper.pid))
        time.sleep(0.2)  # it is writing
        return 42

    start = time.monotonic()
    try:
        with workers.alongside(starts_a_babbler) as wait:
            finished, value = wait()
        assert time.monotonic() - start < 30
        assert (finished, value) in {(True, 42), (False, None)}  # never its bytes as a result
    finally:
        with suppress(ProcessLookupError, FileNotFoundError, ValueError):
            os.kill(int(told.read_text()), signal.SIGKILL)


@pytest.mark.skipif(sys.platform != "linux", reason="finds the pipe in /proc")
@pytest.mark.usefixtures("may_fork")
def test_a_forged_result_in_the_pipe_is_no_result() -> None:
    import pickle

    before = pipes_for_writing()

    def forges() -> int:
        forged = pickle.dumps(("not", "what", "the", "worker sends"))
        os.write(result_pipe(before), len(forged).to_bytes(8, "big") + forged)
        return 42

    with workers.alongside(forges) as wait:
        assert wait() == (False, None)  # the work is then done here, not a traceback
