"""A plugin's import is bounded like its hooks, and the time limit's setting is checked.

Importing an installed plugin runs its code: what it prints must not mix into the JSON that
commands print, and an import that hangs must be stopped and reported like a hook that hangs.
"""

from __future__ import annotations

import json
import signal
import time

import pytest

from normaliseren.cli import main
from normaliseren.load import clear_cache, get_plugins, load_library
from normaliseren.plugins import PRINT_LIMIT, TIMEOUT_ENV, PluginInfo, load_plugins

from .conftest import InstallPlugins

pytestmark = [
    pytest.mark.filterwarnings("ignore::normaliseren.plugins.PluginWarning"),
    pytest.mark.usefixtures("fresh_caches"),
]

HEALTHY = "from normaliseren import hookimpl\n@hookimpl\ndef register_examples():\n    return []\n"

NOISY_IMPORT = 'print("IMPORT-TIME NOISE")\n' + HEALTHY

FLOODING_IMPORT = (
    "import sys\n"
    "for _ in range(2000):\n"
    "    print('x' * 1000)\n"
    "    sys.stderr.write('y' * 1000)\n" + HEALTHY
)

SLEEPING_IMPORT = "import time\ntime.sleep(60)\n" + HEALTHY

STUBBORN_IMPORT = (  # swallows the first interruption, and sleeps again
    "import time\ntry:\n    time.sleep(60)\nexcept BaseException:\n    pass\ntime.sleep(60)\n"
    + HEALTHY
)


def test_what_a_plugin_prints_while_it_imports_never_mixes_into_json(
    installed: InstallPlugins, capsys: pytest.CaptureFixture[str]
) -> None:
    installed({"lawaai": NOISY_IMPORT})
    assert main(["list", "principles", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert [p["id"] for p in json.loads(out)]
    assert "IMPORT-TIME NOISE" in err
    assert "lawaai" in get_plugins().info  # printing is allowed, only bounded
    assert not get_plugins().problems


def test_a_plugin_that_floods_while_it_imports_is_cut_short_and_named(
    installed: InstallPlugins, capsys: pytest.CaptureFixture[str]
) -> None:
    installed({"prater": FLOODING_IMPORT})
    assert main(["list", "principles", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert [p["id"] for p in json.loads(out)]
    assert len(err) < PRINT_LIMIT + 1000
    # 2000 lines of 1000 x and a line end, and 2000 times 1000 y
    assert f"plugin prater printed {4_002_000 - PRINT_LIMIT} more characters, not shown" in err


@pytest.mark.parametrize("code", [SLEEPING_IMPORT, STUBBORN_IMPORT], ids=["sleeps", "stubborn"])
def test_an_import_that_hangs_is_stopped_and_reported(
    installed: InstallPlugins,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: str,
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "0.3")
    installed({"traag": code, "heel": HEALTHY})
    started = time.perf_counter()
    library = load_library()
    assert time.perf_counter() - started < 10
    plugins = get_plugins(None)  # the plugins load_library used
    (problem,) = plugins.problems
    assert problem.format() == (
        f"plugin traag: failed to import: took longer than 0.3 s and was stopped ({TIMEOUT_ENV})"
    )
    assert sorted(n for n in plugins.info if not plugins.info[n].default) == ["heel"]
    assert library.example("buurtgezinnen")
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

    clear_cache()
    assert main(["--strict", "list", "examples"]) == 1
    assert "plugin traag: failed to import: took longer than 0.3 s" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["inf", "1e300", "-1", "nan", "abc", "86401"])
def test_an_invalid_time_limit_is_a_clear_error(
    installed: InstallPlugins,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    value: str,
) -> None:
    installed({"heel": HEALTHY})
    monkeypatch.setenv(TIMEOUT_ENV, value)
    assert main(["list", "principles", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"normaliseren: {TIMEOUT_ENV}={value!r} is not a valid time limit: give seconds greater"
        " than 0 and at most 86400 (one day), or 0 for no limit\n"
    )
    with pytest.raises(ValueError, match=TIMEOUT_ENV):  # PluginSettingError
        load_plugins()


@pytest.mark.parametrize(
    ("value", "seconds"), [("", 600), (" ", 600), ("0", 0), ("0.5", 0.5), (" 86400 ", 86400)]
)
def test_valid_time_limits_are_taken(
    monkeypatch: pytest.MonkeyPatch, value: str, seconds: float
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, value)
    assert load_plugins(entry_point_plugins=False).timeout == seconds


def test_a_timer_that_cannot_be_set_leaves_the_next_call_limited() -> None:
    plugins = load_plugins(entry_point_plugins=False)
    info = PluginInfo("traag", None, (), default=False)
    plugins.timeout = 1e300  # more than the system's timer holds; the environment cannot set it
    problem, _ = plugins.attempt(info, "register_examples", list)
    assert problem is not None
    assert "OverflowError" in problem.cause
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

    plugins.timeout = 0.3
    started = time.perf_counter()
    problem, _ = plugins.attempt(info, "register_examples", time.sleep, 5)
    assert time.perf_counter() - started < 3
    assert problem is not None
    assert "took longer than 0.3 s and was stopped" in problem.cause
