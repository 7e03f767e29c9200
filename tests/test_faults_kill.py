"""A killed export leaves the previous output or the new one, whole; the next run tidies up.

Exports run in real processes that are killed with SIGKILL; after every kill the output
folder must equal, file for file and byte for byte, one of the two complete exports. Some kills
land at delays spread over the time the whole process takes (start-up, loading, the swap and
after). Most of that time is the interpreter starting, so the others wait until the export's
work folder appears and then land at delays spread over the measured time it writes there,
before the swap: enough of them must find the work folder still there, or the test did not
interrupt any writing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from normaliseren.output import MARKER, clean_leftovers, write_atomically

from .conftest import VALID_EXAMPLE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS_OVER_THE_PROCESS = 8
KILLS_WHILE_WRITING = 12
WRITING_KILLS_NEEDED = 4  # of KILLS_WHILE_WRITING that must land before the swap
POLL = 0.0005
Tree = dict[str, str]


def tree(root: Path) -> Tree:
    """Every file and folder below ``root`` with the SHA-256 of its bytes."""
    found: Tree = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        found[name] = "folder" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def export(fmt: str, out: Path, *content_dirs: Path) -> list[str]:
    """The command that exports ``fmt``, or for ``build`` builds, reusing what it can."""
    job = ["build"] if fmt == "build" else ["export", fmt]
    command = [sys.executable, "-m", "normaliseren.cli", *job, "--out", str(out)]
    for folder in content_dirs:
        command += ["--content-dir", str(folder)]
    return [*command, "--force"]


def environment() -> dict[str, str]:
    return {**os.environ, "NORMALISEREN_LOAD_PLUGINS": ""}


def work_folders(out: Path) -> set[str]:
    """The names beside ``out`` that may be work folders of an export to it."""
    return {
        name for name in os.listdir(out.parent) if name.startswith(f".{out.name}.normaliseren-")
    }


def inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:  # between the two renames of the fallback
        return None


def launch(command: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def until_work_folder(process: subprocess.Popen[bytes], out: Path, before: set[str]) -> bool:
    """Wait until the export's work folder appears beside ``out``: whether it did."""
    while process.poll() is None:
        if work_folders(out) - before:
            return True
        time.sleep(POLL)
    return False


def writing_time(command: list[str], out: Path) -> float:
    """How long the export writes in its work folder: from its appearance to the swap."""
    before, previous = work_folders(out), inode(out)
    process = launch(command)
    assert until_work_folder(process, out, before), "the export wrote no work folder"
    appeared = time.perf_counter()
    while inode(out) == previous and process.poll() is None:
        time.sleep(POLL)
    writing = time.perf_counter() - appeared
    assert process.wait() == 0
    assert inode(out) != previous, "the output folder was not swapped"
    return writing


@pytest.mark.parametrize("fmt", ["json", "html", "build"])
def test_a_killed_export_leaves_one_whole_output(tmp_path: Path, fmt: str) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "mijn-voorbeeld.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    previous, new = tmp_path / "previous", tmp_path / "new"
    subprocess.run(export(fmt, previous), env=environment(), check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run(export(fmt, new, extra), env=environment(), check=True, capture_output=True)
    duration = time.perf_counter() - started
    old_tree, new_tree = tree(previous), tree(new)
    assert old_tree != new_tree
    assert {n for n, h in old_tree.items() if h != new_tree.get(n)}, "the exports must differ"

    site = tmp_path / "site"
    site.mkdir()
    (site / "notities.txt").write_text("van iemand anders\n")
    look_alike = site / f".out.normaliseren-{'x' * 8}"  # named like a work folder, not one
    look_alike.mkdir()
    (look_alike / "eigen.txt").write_text("blijft staan\n")
    out = site / "out"
    command = export(fmt, out, extra)
    shutil.copytree(previous, out)
    writing = writing_time(command, out)
    delays = [
        *(
            (True, writing * 1.2 * i / (KILLS_WHILE_WRITING - 1))
            for i in range(KILLS_WHILE_WRITING)
        ),
        *(
            (False, duration * 1.2 * i / (KILLS_OVER_THE_PROCESS - 1))
            for i in range(KILLS_OVER_THE_PROCESS)
        ),
    ]
    outcomes = {"previous": 0, "new": 0}
    while_writing = 0  # kills that found the work folder and left the previous output
    for after_work_folder, delay in delays:
        shutil.rmtree(out)
        shutil.copytree(previous, out)
        before = work_folders(out)
        process = launch(command)
        if after_work_folder:
            assert until_work_folder(process, out, before), "the export wrote no work folder"
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = tree(out)
        since = "its work folder appeared" if after_work_folder else "it started"
        moment = f"killed {delay:.3f} s after {since}"
        assert found in (old_tree, new_tree), f"{moment}: a mixed output"
        outcomes["previous" if found == old_tree else "new"] += 1
        if after_work_folder and found == old_tree and work_folders(out) - before:
            while_writing += 1
    assert while_writing >= WRITING_KILLS_NEEDED, (
        f"only {while_writing} kills landed while the export wrote ({writing:.3f} s): {outcomes}"
    )

    subprocess.run(export(fmt, out, extra), env=environment(), check=True, capture_output=True)
    assert tree(out) == new_tree
    assert sorted(p.name for p in site.iterdir()) == sorted(
        ["notities.txt", look_alike.name, "out"]
    )
    assert (look_alike / "eigen.txt").read_text() == "blijft staan\n"


KILL_BETWEEN_RENAMES = """
import os, sys
from pathlib import Path
from normaliseren import output

output._exchange = lambda first, second: False  # a system without an atomic exchange
rename = Path.rename

def killed_after_first(self, target):
    result = rename(self, target)
    if Path(target).name == "old":
        os.kill(os.getpid(), 9)
    return result

Path.rename = killed_after_first
output.write_atomically(Path(sys.argv[1]), lambda out: out.write_text("b.txt", "nieuw\\n"))
"""


def test_without_an_atomic_exchange_the_next_run_puts_the_previous_output_back(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write_atomically(out, lambda folder: folder.write_text("a.txt", "oud\n"))
    before = tree(out)
    script = textwrap.dedent(KILL_BETWEEN_RENAMES)
    done = subprocess.run([sys.executable, "-c", script, str(out)], check=False)
    assert done.returncode == -signal.SIGKILL
    assert not out.exists()
    (work,) = [p for p in tmp_path.iterdir() if p.name.startswith(".out.normaliseren-")]
    assert clean_leftovers(out) == [work]
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_running_export_keeps_its_work_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen: list[list[Path]] = []

    def fill(folder: object) -> None:
        seen.append(clean_leftovers(out))  # as a second export starting now would
        seen.append([p for p in tmp_path.iterdir() if p.name.startswith(".out.")])

    write_atomically(out, fill)
    assert seen[0] == []
    assert len(seen[1]) == 1
    assert (out / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_leftovers_of_other_kinds_are_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    empty = tmp_path / ".out.normaliseren-abcd1234"
    empty.mkdir()
    theirs = tmp_path / ".out.normaliseren-efgh5678"
    theirs.mkdir()
    (theirs / "werk.txt").write_text("van iemand\n")
    link = tmp_path / ".out.normaliseren-ijkl9012"
    link.symlink_to(theirs)
    other = tmp_path / ".ander.normaliseren-mnop3456"
    other.mkdir()
    assert clean_leftovers(out) == [empty]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [theirs.name, link.name, other.name]
    )


FORKING = """
import os, sys, tempfile, time
from pathlib import Path

how, reports = sys.argv[1], Path(sys.argv[2])


def work(item: object) -> str:
    (reports / str(os.getpid())).touch()  # after die_with_parent, which a worker runs first
    time.sleep(120)  # a worker that would go on long after its parent
    return ""


if how == "site workers":
    from normaliseren import workers

    os.cpu_count = lambda: 2  # one forked worker beside this process, whatever the machine
    workers.in_parallel(work, range(workers.PARALLEL_FROM))
elif how == "site worker beside":
    from normaliseren import workers

    with workers.beside(work, [1]):
        time.sleep(120)
elif how == "parse child":
    from normaliseren import reading

    reading.read_file = lambda shown, entry: work(entry)
    reading._Child([("a.md", Path("a.md"))], tempfile.TemporaryFile())
    time.sleep(120)
"""


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie that nobody reaped has ended)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("how", ["site workers", "site worker beside", "parse child"])
def test_forked_workers_end_when_their_export_is_killed(tmp_path: Path, how: str) -> None:
    reports = tmp_path / "pids"
    reports.mkdir()
    parent = subprocess.Popen([sys.executable, "-c", FORKING, how, str(reports)])
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not children and parent.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
            children = {int(p.name) for p in reports.iterdir()} - {parent.pid}
        assert children, f"{how}: no forked worker started"
        assert all(map(alive, children))
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while any(map(alive, children)) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not any(map(alive, children)), f"{how}: a worker outlived its killed parent"
    finally:
        parent.kill()
        parent.wait()
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
