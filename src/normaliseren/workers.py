"""When this process may fork a worker, and what a forked worker does first.

Loading a large folder and building a large site use both cores with forked workers: a
fork shares the parent's modules and content without copying or pickling them.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading

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
    """Whether this platform can fork a worker at all (not Windows, for one)."""
    return "fork" in multiprocessing.get_all_start_methods()


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
