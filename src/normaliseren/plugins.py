"""Finding, loading and calling plugins, so that one broken plugin never breaks the rest.

Plugins are the entry points of the group ``normaliseren``, plus the default plugins that
provide the shipped content and the built-in exporters through the same hooks. They load
once, on first use; ``NORMALISEREN_LOAD_PLUGINS`` (comma-separated names, empty for none)
limits which installed plugins load.
"""

from __future__ import annotations

import importlib
import inspect
import io
import itertools
import math
import os
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from importlib.resources.abc import Traversable
from typing import Any, TextIO

import pluggy

from . import hookspecs
from .errors import did_you_mean
from .models import CORE, Origin

GROUP = "normaliseren"
"""The entry-point group plugins register under."""

DEFAULT_PLUGINS: tuple[str, ...] = (
    "normaliseren.builtins.content",
    "normaliseren.builtins.json_export",
    "normaliseren.builtins.html_export",
    "normaliseren.builtins.curriculum_export",
    "normaliseren.builtins.infographic_export",
)
"""Modules that provide the core through the public hooks."""

LOAD_PLUGINS_ENV = "NORMALISEREN_LOAD_PLUGINS"
STRICT_ENV = "NORMALISEREN_STRICT_PLUGINS"
TIMEOUT_ENV = "NORMALISEREN_PLUGIN_TIMEOUT"

DEFAULT_TIMEOUT = 600.0
"""Seconds one call into an installed plugin may take: its import, a hook, or an exporter's
whole run."""

MAX_TIMEOUT = 24 * 60 * 60.0
"""The longest limit ``NORMALISEREN_PLUGIN_TIMEOUT`` may set: one day, far below what the
system's timer can hold (``0`` sets none)."""

PRINT_LIMIT = 64 * 1024
"""Characters an installed plugin may print in one call (or its import); the rest is counted,
not shown."""


def list_of(kind: type) -> Callable[[object], list[Any]]:
    """A check for :meth:`Plugins.call`: the hook returned a list of ``kind``."""

    def check(value: object) -> list[Any]:
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            raise TypeError(f"expected a list of {kind.__name__}, got {type(value).__name__}")
        items = list(value)
        for item in items:
            if not isinstance(item, kind):
                raise TypeError(f"expected {kind.__name__}, got {type(item).__name__}")
        return items

    return check


def folder_list(value: object) -> list[Traversable]:
    """A check for :meth:`Plugins.call`: the hook returned a list of existing folders."""
    found: list[Traversable] = list_of(Traversable)(value)
    for folder in found:
        if not folder.is_dir():
            raise ValueError(f"{folder} is not a folder")
    return found


class PluginWarning(UserWarning):
    """A plugin was skipped because it is broken; the rest of the library works."""


EXPORTER_PREFIX = "exporter "
"""How :attr:`PluginProblem.hook` names an exporter that failed: ``exporter NAME``."""


@dataclass(frozen=True)
class PluginProblem:
    """What went wrong with one plugin: its name, the hook (if any) and the cause."""

    plugin: str
    hook: str | None
    cause: str

    def format(self) -> str:
        """``plugin NAME, hook HOOK: CAUSE`` (``exporter NAME`` where an exporter failed)."""
        where = ""
        if self.hook:
            where = self.hook if self.hook.startswith(EXPORTER_PREFIX) else f"hook {self.hook}"
            where = f", {where}"
        return f"plugin {self.plugin}{where}: {self.cause}"


class PluginSettingError(ValueError):
    """A setting of the environment for plugins is invalid; the message names it."""


class PluginTimeout(BaseException):
    """A call into a plugin ran out of time.

    Not an ``Exception``, so that a plugin's own ``except Exception`` does not swallow it.
    """


class _BoundedPrinting(io.TextIOBase):
    """Where a plugin's ``print`` goes: standard error, up to :data:`PRINT_LIMIT` characters.

    So a plugin never mixes text into the JSON that commands print on standard output, and a
    flood of text ends in one line saying how much was left out.
    """

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.left = PRINT_LIMIT
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        shown = text[: max(self.left, 0)]
        self.left -= len(shown)
        self.dropped += len(text) - len(shown)
        if shown:
            self.target.write(shown)
        return len(text)

    def flush(self) -> None:
        self.target.flush()


@contextmanager
def _printing_bounded(plugin: str) -> Iterator[None]:
    stream = _BoundedPrinting(sys.stderr)
    try:
        with redirect_stdout(stream), redirect_stderr(stream):
            yield
    finally:
        if stream.dropped:
            note = f"plugin {plugin} printed {stream.dropped} more characters, not shown"
            print(f"normaliseren: {note}", file=sys.stderr)


_timing = threading.local()


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the code inside with :class:`PluginTimeout` after ``seconds``, and every
    second after that if it catches it.

    Works in the main thread on POSIX (``SIGALRM``), where the command line runs; elsewhere,
    inside another limit, with ``seconds <= 0``, or where the program already uses
    ``SIGALRM`` or its timer (the library does not take them over) there is no limit. Code
    that never returns to Python (a C loop) cannot be interrupted.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not getattr(_timing, "active", False)
        and signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        if getattr(_timing, "active", False):
            raise PluginTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    try:  # the limit counts as active only once its timer is set; all is undone if that fails
        signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
        _timing.active = True
        yield
    finally:
        try:
            _timing.active = False  # a signal after this line does nothing
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


class PluginError(Exception):
    """Raised in strict mode when any plugin is broken."""

    def __init__(self, problems: Sequence[PluginProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its problems, so it crosses from a forked worker."""
        return (type(self), (self.problems,))


@dataclass(frozen=True)
class PluginInfo:
    """A loaded plugin: its name, version, the hooks it implements, and whether it is built in."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    default: bool

    @property
    def origin(self) -> Origin:
        """The origin recorded on what this plugin contributes."""
        if self.default:
            return CORE
        return Origin(kind="plugin", name=self.name, version=self.version)


@dataclass
class Plugins:
    """A set of loaded plugins, with the problems met while loading and calling them."""

    manager: pluggy.PluginManager
    info: dict[str, PluginInfo] = field(default_factory=dict)
    problems: list[PluginProblem] = field(default_factory=list)
    strict: bool = False
    timeout: float = DEFAULT_TIMEOUT
    """Seconds one call into an installed (not built-in) plugin, or its import, may take; 0 for
    no limit."""

    def report(self, problem: PluginProblem) -> None:
        """Record a problem: an error in strict mode, else a warning and the plugin is skipped."""
        self._record(problem)
        plugin = self.manager.get_plugin(problem.plugin)
        if plugin is not None:
            self.manager.unregister(plugin)
        self.info.pop(problem.plugin, None)

    def _record(self, problem: PluginProblem) -> None:
        """Record a problem: an error in strict mode, else a warning."""
        self.problems.append(problem)
        if self.strict:
            raise PluginError([problem])
        warnings.warn(problem.format(), PluginWarning, stacklevel=4)

    def call(
        self,
        hook: str,
        check: Callable[[Any], list[Any]],
        **kwargs: Any,
    ) -> list[tuple[PluginInfo, list[Any]]]:
        """Call ``hook`` on every plugin on its own, built-in ones first, then by name.

        Results are validated with ``check``.

        ``check`` turns a plugin's return value into a list, or raises ``TypeError`` or
        ``ValueError`` saying what is wrong. A plugin that raises or fails the check is
        reported and skipped.
        """
        results: list[tuple[PluginInfo, list[Any]]] = []
        for name in sorted(self.info, key=lambda n: (not self.info[n].default, n)):
            plugin = self.manager.get_plugin(name)
            function = getattr(plugin, hook, None)
            if plugin is None or function is None or hook not in self.info[name].hooks:
                continue
            info = self.info[name]
            problem, value = self.attempt(info, hook, function, **kwargs)
            if problem is not None:
                continue
            try:
                results.append((info, check(value)))
            except (TypeError, ValueError) as exc:
                self.report(PluginProblem(name, hook, f"returned the wrong thing: {exc}"))
        return results

    def attempt(
        self, info: PluginInfo, hook: str, function: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> tuple[PluginProblem | None, Any]:
        """Call a plugin's ``function``; a problem (reported) if it raises or runs out of time.

        An installed plugin runs within :attr:`timeout`, and what it prints goes to standard
        error, bounded by :data:`PRINT_LIMIT`.
        """
        problem, value = self.tried(info, hook, function, *args, **kwargs)
        if problem is not None:
            self.report(problem)
        return problem, value

    def tried(
        self, info: PluginInfo, hook: str, function: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> tuple[PluginProblem | None, Any]:
        """As :meth:`attempt`, but the problem is left to the caller to say."""
        cause, value = self.bounded(info, function, *args, **kwargs)
        return (None, value) if cause is None else (PluginProblem(info.name, hook, cause), None)

    def bounded(
        self, info: PluginInfo, function: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> tuple[str | None, Any]:
        """Call a plugin's ``function`` within its bounds: ``(None, value)``, or why it failed.

        One place for hooks, exporters and imports alike, so all are bounded the same way.
        """
        guard = nullcontext() if info.default else self._guarded(info.name)
        try:
            with guard:
                return None, function(*args, **kwargs)
        except PluginTimeout:
            return f"took longer than {self.timeout:g} s and was stopped ({TIMEOUT_ENV})", None
        except KeyboardInterrupt:  # the user's, not the plugin's: the command stops
            raise
        except BaseException as exc:  # a plugin's bug, or its sys.exit(), must not end the command
            return f"raised {type(exc).__name__}: {exc}{_where_raised(exc, function)}", None

    @contextmanager
    def _guarded(self, plugin: str) -> Iterator[None]:
        with _printing_bounded(plugin), _time_limit(self.timeout):
            yield

    def register(self, name: str, plugin: object, version: str | None, *, default: bool) -> None:
        """Register one plugin object, or report why it cannot be."""
        if self.manager.has_plugin(name):  # the one registered first stays
            cause = f"another plugin is registered under the name {name!r} already; skipped"
            self._record(PluginProblem(name, None, cause))
            return
        try:
            self.manager.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            hook, cause = _arguments_not_passed(self.manager, plugin) or (None, str(exc))
            self.report(PluginProblem(name, hook, cause))
            return
        except ValueError as exc:
            self.report(PluginProblem(name, None, str(exc)))
            return
        hooks = []
        for caller in self.manager.get_hookcallers(plugin) or []:
            if caller.spec is None:
                known = sorted(_hook_names())
                cause = f"implements unknown hook {caller.name!r}" + (
                    did_you_mean(caller.name, known) or f" (known hooks: {', '.join(known)})"
                )
                self.info[name] = PluginInfo(name, version, (), default)
                self.report(PluginProblem(name, caller.name, cause))
                return
            hooks.append(caller.name)
        self.info[name] = PluginInfo(name, version, tuple(sorted(hooks)), default)


def _arguments_not_passed(manager: pluggy.PluginManager, plugin: object) -> tuple[str, str] | None:
    """The first hook of ``plugin`` that takes arguments its hook does not pass, and why:
    pluggy's own message shows its internals."""
    for attribute in dir(plugin):
        options = manager.parse_hookimpl_opts(plugin, attribute)
        if options is None:
            continue
        hook = options.get("specname") or attribute
        spec = getattr(getattr(manager.hook, hook, None), "spec", None)
        if spec is None:
            continue
        needed = [  # as pluggy counts them: what a call must pass, by name
            parameter.name
            for parameter in inspect.signature(getattr(plugin, attribute)).parameters.values()
            if parameter.default is parameter.empty
            and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        ]
        extra = [name for name in needed if name not in spec.argnames]
        if extra:
            offered = ", ".join(map(repr, spec.argnames)) or "nothing"
            return hook, f"takes {', '.join(map(repr, extra))}, but the hook passes {offered}"
    return None


def _where_raised(exc: BaseException, function: Callable[..., Any]) -> str:
    """`` (at PACKAGE/FILE.py:LINE)``: the last line of the plugin's own code that ``exc``
    passed through, so its author knows where to look; empty where none did."""
    package = sys.modules.get(str(getattr(function, "__module__", "")).partition(".")[0])
    file = getattr(package, "__file__", None)
    if package is None or not file or package.__name__ in ("normaliseren", "importlib"):
        return ""
    root = os.path.dirname(file) if os.path.basename(file) == "__init__.py" else file
    last = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if name == root or name.startswith(root + os.sep):
            last = f"{os.path.relpath(name, os.path.dirname(root))}:{line}"
    return f" (at {last})" if last else ""


def _hook_names() -> set[str]:
    return {
        name
        for name in dir(hookspecs)
        if getattr(getattr(hookspecs, name), "normaliseren_spec", None) is not None
    }


def new_manager() -> pluggy.PluginManager:
    """A plugin manager that knows the hooks and nothing else."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


def strict_setting(strict: bool | None) -> bool:
    """``strict``, or where it is ``None``, what ``NORMALISEREN_STRICT_PLUGINS`` says now."""
    if strict is None:
        return os.environ.get(STRICT_ENV, "") not in ("", "0")
    return strict


def load_plugins(
    *,
    entry_point_plugins: bool = True,
    extra: Iterable[tuple[str, object]] = (),
    strict: bool | None = None,
) -> Plugins:
    """Load the default plugins, the installed ones (unless told not to), and ``extra``.

    ``extra`` is ``(name, plugin)`` pairs, for tests and for programs that embed the library.
    ``strict`` defaults to ``NORMALISEREN_STRICT_PLUGINS``.
    """
    plugins = Plugins(new_manager(), strict=strict_setting(strict), timeout=_timeout_from_env())
    for module in DEFAULT_PLUGINS:
        plugins.register(module, importlib.import_module(module), None, default=True)
    if entry_point_plugins:
        _load_entry_points(plugins)
    for name, plugin in extra:
        plugins.register(name, plugin, None, default=False)
    return plugins


def _timeout_from_env() -> float:
    """``NORMALISEREN_PLUGIN_TIMEOUT``, checked here: a value the timer cannot hold (``inf``,
    ``1e300``) would otherwise fail in the middle of a plugin's call, as if the plugin had.
    """
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if seconds == 0 or 0 < seconds <= MAX_TIMEOUT:  # NaN fails both
        return seconds
    raise PluginSettingError(
        f"{TIMEOUT_ENV}={value!r} is not a valid time limit: give seconds greater than 0 and"
        f" at most {MAX_TIMEOUT:g} (one day), or 0 for no limit"
    )


def installed_entry_points() -> list[EntryPoint]:
    """The entry points of the installed plugins, by name."""
    return sorted(entry_points(group=GROUP), key=lambda p: p.name)


def _load_entry_points(plugins: Plugins) -> None:
    allowed = os.environ.get(LOAD_PLUGINS_ENV)
    names = None if allowed is None else {n.strip() for n in allowed.split(",") if n.strip()}
    points = installed_entry_points()
    for name, same in itertools.groupby(points, key=lambda p: p.name):
        if names is not None and name not in names:
            continue
        (point, *others) = same
        if others:  # which one is meant cannot be told: neither is loaded
            cause = (
                f"{len(others) + 1} installed plugins use this entry-point name: "
                f"{', '.join(map(_installed_as, (point, *others)))}; none of them is loaded; "
                f"rename the entry point in the pyproject.toml of all but one"
            )
            plugins.report(PluginProblem(name, None, cause))
            continue
        _load_entry_point(plugins, point)
    installed = [point.name for point in points]
    for name in sorted((names or set()) - set(installed)):  # a typo would load nothing
        cause = (
            f"{LOAD_PLUGINS_ENV} names it, but no plugin of that name is installed"
            f" (installed: {', '.join(installed) or 'none'})"
        )
        plugins.report(PluginProblem(name, None, cause))


def _installed_as(point: EntryPoint) -> str:
    """``DISTRIBUTION VERSION (module MODULE)``, for a message that tells plugins apart."""
    dist = point.dist
    package = f"{dist.name} {dist.version}" if dist is not None else "a package"
    return f"{package} (module {point.module})"


def _load_entry_point(plugins: Plugins, point: EntryPoint) -> None:
    """Import one installed plugin and register it; its import is bounded like its hooks.

    A plugin that fails to import, runs out of time importing, or prints while it imports
    must not break the rest, nor mix text into what a command prints.
    """
    version = point.dist.version if point.dist is not None else None
    info = PluginInfo(point.name, version, (), False)
    cause, plugin = plugins.bounded(info, point.load)
    if cause is not None:  # a plugin that fails to import is skipped, not fatal
        plugins.info[point.name] = info
        plugins.report(PluginProblem(point.name, None, f"failed to import: {cause}"))
        return
    plugins.register(point.name, plugin, version, default=False)
