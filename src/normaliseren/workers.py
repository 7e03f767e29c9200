"""Forked workers: when this process may fork one, what one does first, and how work is
spread over them.

Loading a large folder and building a large site use both cores with forked workers: a
fork shares the parent's modules and content without copying or pickling them.
"""

from __future__ import annotations

import ctypes
import gc
import io
import multiprocessing
import os
import pickle
import select
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout, suppress
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Start of a forked worker: on Linux, end it when the process that forked it is killed.

    Otherwise a worker of a killed export goes on writing into the abandoned work folder.
    """
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def can_fork() -> bool:
    """Whether forking a worker pays and is safe here.

    It needs a second core and a platform that forks. And no other thread may run: the
    child has only the thread that forked, so a lock another thread held stays locked.
    """
    return (os.cpu_count() or 1) >= 2 and platform_forks() and _threads() == 1


def platform_forks() -> bool:
    """Whether this platform forks a worker safely: Linux. Windows cannot; on macOS system
    libraries may run threads of their own that a child would lack, which Python's own
    documentation warns of, and no ``/proc`` tells this process about them."""
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def _threads() -> int:
    """The threads of this process: on Linux also those that Python did not start."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return threading.active_count()


PARALLEL_FROM = 200
"""Lists of at least this many items are spread over every core by :func:`in_parallel`."""

_shared: dict[str, tuple[Callable[[Any], None], Sequence[Any], Any]] = {}
"""The job that forked workers inherit (closures cannot be pickled, but fork copies them)."""


@contextmanager
def frozen_for_collector() -> Iterator[None]:
    """Keep the objects that exist now out of the cycle collector's sight meanwhile.

    Each full collection scans every object: with a large library loaded, later work that
    makes many objects pays for it again and again. And a forked process shares the
    parent's memory until it writes to it, while a collection writes to every object it
    scans: without this, each worker soon holds its own copy of a large library. Frozen
    objects are not scanned (see :func:`gc.freeze`). What was frozen before stays frozen.
    """
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def _run_share(worker: int) -> None:
    """Take the next item of the job until none is left (``worker`` only tells them apart)."""
    function, items, taken = _shared["job"]
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value = index + 1
        if index >= len(items):
            return
        function(items[index])


def in_parallel(function: Callable[[Any], None], items: Sequence[Any]) -> None:
    """Call ``function`` on every item, spread over the machine's cores when it pays.

    Workers are forked, so they share the parent's templates and library without copying;
    each item's output depends only on the item, so the result is the same as in one process.
    The parent takes a share itself: one copy of its memory fewer than a waiting parent. Each
    process takes the next item when it is done with one (a counter in shared memory), so a
    few large items, such as the list of every example, do not leave a core waiting.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_FROM or workers < 2 or not platform_forks():
        for item in items:
            function(item)
        return
    context = multiprocessing.get_context("fork")
    _shared["job"] = (function, items, context.Value("q", 0))
    try:
        with frozen_for_collector(), context.Pool(workers - 1, die_with_parent) as pool:
            others = pool.map_async(_run_share, range(1, workers))
            _run_share(0)
            others.get()
    finally:
        _shared.clear()


@contextmanager
def beside(
    function: Callable[[Any], str], items: Sequence[Any], *, fork: bool = True
) -> Iterator[Callable[[], list[str]]]:
    """Run ``function`` over ``items`` in a forked process while the caller goes on.

    Yields a function that waits for the results. Without ``fork``, or where the platform
    does not fork, the work runs on demand.
    """
    if not items or not fork or not platform_forks():
        yield lambda: [function(item) for item in items]
        return
    with (
        frozen_for_collector(),
        multiprocessing.get_context("fork").Pool(1, die_with_parent) as pool,
    ):
        pending = pool.map_async(function, items)
        pool.close()  # the worker ends when done, not holding a copy of the parent meanwhile
        yield lambda: list(pending.get())


@contextmanager
def alongside(function: Callable[[], T]) -> Iterator[Callable[[], tuple[bool, T | None]]]:
    """Run ``function`` in a forked process while the caller goes on.

    Yields a function that waits for it: ``(True, result)``, or ``(False, None)`` where no
    worker may be forked (:func:`can_fork`) or the process ended without a result (it was
    killed, say); the caller then does the work itself. What ``function`` raises is raised
    again by the waiting function, and what it prints on standard output and standard error
    (processes it starts included, while it runs; up to a limit) is printed there too, by
    this process: so it goes where this process's printing goes (captured, say), and is not
    printed twice when the work is done again here. Unlike a process pool's, the worker may
    fork workers of its own.
    """
    if not can_fork():
        yield lambda: (False, None)
        return
    for stream in (sys.stdout, sys.stderr):  # else the worker would write it out again
        if stream is not None:
            stream.flush()
    results, send = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(results)
        os.close(send)
        yield lambda: (False, None)
        return
    if pid == 0:
        _run_alongside(function, results, send)
    os.close(send)
    done = False

    def wait() -> tuple[bool, T | None]:
        nonlocal done
        data, reaped = _received(results, pid)
        done = True
        if not reaped:  # it has sent all it will send, or is refused: it may write no more
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with suppress(ChildProcessError):  # reaped by others (SIGCHLD ignored)
                os.waitpid(pid, 0)
        outcome = _unpacked(data)
        if outcome is None:  # none, cut off (the worker was killed), or not what it sent
            return False, None
        finished, value, printed, warned = outcome
        for text, stream in ((printed, sys.stdout), (warned, sys.stderr)):
            if text and stream is not None:
                stream.write(text)
        if not finished:
            raise value
        return True, value

    try:
        yield wait
    finally:
        if not done:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with suppress(ChildProcessError):
                os.waitpid(pid, 0)
        os.close(results)


_SIZE = 8
"""Bytes of the length that comes before the result :func:`alongside` sends."""

_WATCH_SECONDS = 0.05
"""How often :func:`_received` looks whether the worker has ended, while nothing comes."""


def _received(results: int, pid: int) -> tuple[bytes | None, bool]:
    """The result the worker ``pid`` sends on ``results`` (``None`` if it ends without it
    whole), and whether the worker was reaped here meanwhile.

    The length comes first, so the result is whole without waiting for the pipe to close,
    and the worker itself is watched, not only the pipe: a process the worker started may
    hold the pipe open, or write into it, long after the worker ended. So once the worker
    has ended, only what is in the pipe already counts, and no length over
    :data:`_RESULT_LIMIT` is believed.
    """
    received = bytearray()
    ended = False
    poller = select.poll()  # unlike select.select, for any descriptor number
    poller.register(results, select.POLLIN)
    while True:
        if len(received) >= _SIZE:
            size = int.from_bytes(received[:_SIZE], "big")
            if size > _RESULT_LIMIT:
                return None, ended
            if len(received) >= _SIZE + size:
                return bytes(received[_SIZE : _SIZE + size]), ended
        if not ended:
            try:
                ended = os.waitpid(pid, os.WNOHANG)[0] != 0
            except ChildProcessError:  # reaped by others: it has ended
                ended = True
        # Data, or every writer closed it (POLLHUP); once it has ended, nothing more waited for
        if poller.poll(0 if ended else _WATCH_SECONDS * 1000):
            if chunk := os.read(results, min(1 << 20, _SIZE + _RESULT_LIMIT - len(received))):
                received += chunk
                continue
            return None, ended  # closed by every process that held it, result not whole
        if ended:  # what it wrote before it ended was in the pipe, and has been read
            return None, ended


def _unpacked(data: bytes | None) -> tuple[bool, Any, str, str] | None:
    """The outcome the worker sends, or ``None``: none came, or what came is not of its making
    (a process it started wrote into the pipe as well)."""
    if data is None:
        return None
    try:
        finished, value, printed, warned = pickle.loads(data)
    except Exception:
        return None
    if not isinstance(printed, str) or not isinstance(warned, str):
        return None
    if finished is not True and not (finished is False and isinstance(value, BaseException)):
        return None
    return finished, value, printed, warned


_RESULT_LIMIT = 256 << 20
"""The largest result :func:`alongside` takes (the exporters beside the site send a few KiB)."""


_PRINTED_LIMIT = 1 << 20
"""Bytes of each stream :func:`alongside` passes on; a flood ends in a line saying so."""


@contextmanager
def _printing_captured() -> Iterator[list[str]]:
    """Capture what this process and the processes it starts print; the texts of standard
    output and standard error are in the list afterwards.

    At the level of the file descriptors, so that what a process started meanwhile prints
    is captured too (it inherits them), and in Python, where ``sys.stdout`` may write
    elsewhere (into a test's capture). Where no file can be had, nothing is captured.
    """
    texts: list[str] = []
    try:
        spools = [tempfile.TemporaryFile(), tempfile.TemporaryFile()]  # noqa: SIM115
    except OSError:
        yield texts
        return
    for stream in (sys.stdout, sys.stderr):  # anything buffered goes out before fds change
        if stream is not None:
            with suppress(Exception):
                stream.flush()
    for fd, spool in enumerate(spools, 1):
        os.dup2(spool.fileno(), fd)
    out, err = (
        io.TextIOWrapper(
            io.FileIO(fd, "w", closefd=False), "utf-8", "backslashreplace", line_buffering=True
        )
        for fd in (1, 2)
    )
    try:
        with redirect_stdout(out), redirect_stderr(err):
            yield texts
    finally:
        for stream in (out, err):
            with suppress(Exception):
                stream.flush()
        for spool in spools:
            spool.seek(0)
            data = spool.read(_PRINTED_LIMIT + 1)
            text = data[:_PRINTED_LIMIT].decode("utf-8", "replace")
            if len(data) > _PRINTED_LIMIT:
                text += f"\nnormaliseren: output cut off after {_PRINTED_LIMIT} bytes\n"
            texts.append(text)
            spool.close()


def _run_alongside(function: Callable[[], Any], results: int, send: int) -> NoReturn:
    """The forked worker of :func:`alongside`: run, send the outcome pickled, and end."""
    status = 1
    try:
        die_with_parent()
        os.close(results)
        with _printing_captured() as texts:
            try:
                outcome: tuple[bool, Any] = (True, function())
            except BaseException as exc:  # raised again in the parent
                outcome = (False, exc)
        texts += [""] * (2 - len(texts))  # where nothing could be captured
        try:
            data = pickle.dumps((*outcome, *texts))
        except Exception as exc:  # an exception that cannot be pickled: its text then
            failed = RuntimeError(f"{type(exc).__name__}: {outcome[1]}")
            data = pickle.dumps((False, failed, *texts))
        with os.fdopen(send, "wb") as pipe:
            pipe.write(len(data).to_bytes(_SIZE, "big"))
            pipe.write(data)
        status = 0
    finally:
        for stream in (sys.stdout, sys.stderr):
            with suppress(Exception):
                stream.flush()
        os._exit(status)
