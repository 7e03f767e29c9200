"""A plugin that hangs, writes without end or floods the terminal is stopped and reported.

The export is then written without it (``build``) or not at all (``export`` of that one
exporter, or ``--strict``), and the previous output stays as it was.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from normaliseren import output
from normaliseren.cli import main
from normaliseren.exporters import document_count
from normaliseren.load import clear_cache, get_plugins, load_library
from normaliseren.output import MANIFEST, OutputLimits
from normaliseren.plugins import PRINT_LIMIT, TIMEOUT_ENV

from .conftest import InstallPlugins

pytestmark = [
    pytest.mark.filterwarnings("ignore::normaliseren.plugins.PluginWarning"),
    pytest.mark.usefixtures("fresh_caches"),
]

HEADER = "import time\nfrom normaliseren import hookimpl, Exporter\n"

SLEEPING_HOOK = (
    HEADER
    + """
@hookimpl
def register_examples():
    time.sleep(60)
    return []
"""
)

STUBBORN_HOOK = (
    HEADER
    + """
@hookimpl
def register_examples():
    try:
        time.sleep(60)
    except BaseException:
        pass  # swallows the first interruption, and sleeps again
    time.sleep(60)
    return []
"""
)


def exporter_plugin(body: str) -> str:
    return (
        HEADER
        + f"""
def write(library, out):
{body}

@hookimpl
def register_exporters():
    return [Exporter("lastig", "Misbehaves.", write)]
"""
    )


@pytest.mark.parametrize("code", [SLEEPING_HOOK, STUBBORN_HOOK])
def test_a_hook_that_hangs_is_stopped_and_skipped(
    installed: InstallPlugins, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "0.3")
    installed({"traag": code})
    started = time.perf_counter()
    library = load_library()
    assert time.perf_counter() - started < 10
    (problem,) = get_plugins(None).problems  # the plugins load_library used
    assert (problem.plugin, problem.hook) == ("traag", "register_examples")
    assert "took longer than 0.3 s and was stopped" in problem.cause
    assert library.example("buurtgezinnen")


def test_the_time_limit_leaves_the_alarm_as_it_was(
    installed: InstallPlugins, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    monkeypatch.setenv(TIMEOUT_ENV, "0.3")
    installed({"traag": SLEEPING_HOOK})
    before = signal.getsignal(signal.SIGALRM)
    load_library()
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_programs_own_alarm_is_not_taken_over(installed: InstallPlugins) -> None:
    import signal

    installed({"snel": HEADER + "\n@hookimpl\ndef register_examples():\n    return []\n"})

    def own(signum: int, frame: object) -> None:
        raise AssertionError("the program's own alarm went off during the test")

    previous = signal.signal(signal.SIGALRM, own)
    signal.setitimer(signal.ITIMER_REAL, 100.0)
    try:
        load_library()
        assert signal.getsignal(signal.SIGALRM) is own
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def files_of(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def previous_build(out: Path) -> dict[str, bytes]:
    assert main(["build", "--out", str(out)]) == 0
    return files_of(out)


MISBEHAVIOURS = {  # what the exporter does, and how it is reported
    "hangs": ("    out.write_text('half.txt', 'x')\n    time.sleep(60)", "took longer than 2 s"),
    "endless files": (
        "    for i in range(10**9):\n        out.write_text(f'{i}.txt', 'x')",
        "raised OutputError: more than {files} files written",
    ),
    "endless bytes": (
        "    for i in range(10**9):\n        out.write_bytes(f'{i}.bin', bytes(10**6))",
        "raised OutputError: more than {bytes} bytes written",
    ),
    "exits": (
        "    out.write_text('half.txt', 'x')\n    raise SystemExit(0)",
        "raised SystemExit: 0",
    ),
    "raises a BaseException": (
        "    class Odd(BaseException):\n        pass\n    raise Odd('odd')",
        "raised Odd: odd",
    ),
}


def misbehaviour(kind: str) -> tuple[str, str]:
    """What the exporter does, and how it is reported: past the limits of this library."""
    from normaliseren.exporters import document_count
    from normaliseren.testing import make_library

    body, cause = MISBEHAVIOURS[kind]
    limits = output.OutputLimits.for_documents(document_count(make_library()))  # no caches
    return body, cause.format(files=limits.files, bytes=limits.bytes)


def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A time limit of 2 s, and output limits small enough to keep the tests quick."""
    monkeypatch.setenv(TIMEOUT_ENV, "2")
    monkeypatch.setattr(output, "FILES_BASE", 500)
    monkeypatch.setattr(output, "FILES_PER_DOCUMENT", 1)
    monkeypatch.setattr(output, "BYTES_BASE", 8 << 20)
    monkeypatch.setattr(output, "BYTES_PER_DOCUMENT", 1 << 16)


@pytest.mark.parametrize("kind", sorted(MISBEHAVIOURS))
def test_a_misbehaving_exporter_is_left_out_of_the_build(
    installed: InstallPlugins,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    kind: str,
) -> None:
    small_limits(monkeypatch)
    work = tmp_path / "werk"
    out = work / "build"
    installed({})  # the built-in exporters only
    before = previous_build(out)
    capsys.readouterr()
    clear_cache()
    body, cause = misbehaviour(kind)
    installed({"lastig": exporter_plugin(body)})
    assert main(["build", "--out", str(out), "--force"]) == 0
    err = capsys.readouterr().err
    assert f"plugin lastig, exporter lastig: {cause}" in err
    assert "wrote" in err
    assert "lastig" not in err.split("wrote")[-1]
    after = files_of(out)
    del after[MANIFEST], before[MANIFEST]  # its keys count every installed plugin
    assert after == before
    assert sorted(p.name for p in work.iterdir()) == ["build"]

    forced = files_of(out)
    clear_cache()
    assert main(["build", "--out", str(out), "--strict"]) == 1
    assert "a plugin is broken" in capsys.readouterr().err
    assert files_of(out) == forced
    assert sorted(p.name for p in work.iterdir()) == ["build"]


def everything_in(out: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (``None``) below ``out``, marker included."""
    return {
        p.relative_to(out).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in sorted(out.rglob("*"))
    }


WELL_BEHAVED = "    out.write_text('goed.txt', 'goed')\n    out.write_text('map/ook.txt', 'ook')"


@pytest.mark.parametrize("kind", sorted(MISBEHAVIOURS))
def test_a_misbehaving_exporter_leaves_the_previous_export_as_it_was(
    installed: InstallPlugins,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    kind: str,
) -> None:
    small_limits(monkeypatch)
    work = tmp_path / "werk"
    out = work / "lastig"
    installed({"lastig": exporter_plugin(WELL_BEHAVED)})  # the version before
    assert main(["export", "lastig", "--out", str(out)]) == 0
    before = everything_in(out)
    assert {"goed.txt", "map/ook.txt", output.MARKER} <= before.keys()
    capsys.readouterr()
    clear_cache()
    body, cause = misbehaviour(kind)
    installed({"lastig": exporter_plugin(body)})  # the next version misbehaves
    for force in ([], ["--force"]):
        assert main(["export", "lastig", "--out", str(out), *force]) == 1
        err = capsys.readouterr().err
        assert "a plugin is broken" in err
        assert f"plugin lastig, exporter lastig: {cause}" in err
        assert everything_in(out) == before
        assert sorted(p.name for p in work.iterdir()) == ["lastig"]
        clear_cache()


def test_limits_stop_writing_at_the_first_file_past_them(tmp_path: Path) -> None:
    limits = OutputLimits(files=3, bytes=10)
    folder = output.OutputFolder(tmp_path).limited(limits)
    folder.write_text("a", "12345")
    folder.folder("sub").write_text("b", "12345")
    with pytest.raises(output.OutputError, match="more than 10 bytes written"):
        folder.write_text("c", "1")
    with pytest.raises(output.OutputError, match="more than 0 files written"):
        output.OutputFolder(tmp_path).limited(OutputLimits(0, 10)).write_text("d", "")


def test_the_built_in_exporters_stay_far_below_the_limits(tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert main(["build", "--out", str(out)]) == 0
    limits = OutputLimits.for_documents(document_count(load_library()))
    for folder in out.iterdir():
        if folder.is_dir():
            files = [p for p in folder.rglob("*") if p.is_file()]
            assert len(files) * 10 < limits.files, folder.name
            assert sum(p.stat().st_size for p in files) * 10 < limits.bytes, folder.name


FLOODING = (
    HEADER
    + """
import sys

@hookimpl
def register_examples():
    for _ in range(2000):
        print("x" * 1000)
        sys.stderr.write("y" * 1000)
    return []
"""
)


def test_a_plugin_that_prints_never_mixes_into_json_and_is_cut_short(
    installed: InstallPlugins, capsys: pytest.CaptureFixture[str]
) -> None:
    installed({"prater": FLOODING})
    assert main(["list", "principles", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert [p["id"] for p in json.loads(out)]
    assert len(err) < PRINT_LIMIT + 1000
    # 2000 lines of 1000 x and a line end, and 2000 times 1000 y
    assert f"plugin prater printed {4_002_000 - PRINT_LIMIT} more characters, not shown" in err
