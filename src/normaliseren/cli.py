"""The ``normaliseren`` command: read, search, validate, export and extend the library.

Exit codes: 0 success, 1 content or plugin problems or nothing found, 2 wrong usage.
Heavy modules load inside the commands, so ``normaliseren --help`` stays fast.
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import os
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import ContentError

EPILOG = """\
examples:
  normaliseren list examples
  normaliseren show buurtgezinnen
  normaliseren search buurt gezin
  normaliseren validate mijn-voorbeelden/
  normaliseren --content-dir mijn-voorbeelden/ list examples
  normaliseren build --out build
"""

LISTS = ("examples", "principles", "route", "lessons", "modules", "course-lessons", "activities")
"""What ``normaliseren list`` lists: each the :class:`Library` field of that name."""

SCHEMA_CHOICES = (
    "vision",
    "principle",
    "route-step",
    "lesson",
    "example",
    "collection",
    "activity",
    "course-lesson",
    "module",
    "translation",
    "sources",
    "library",
    "infographic",
)
"""The schemas ``normaliseren schema`` prints; spelled out so ``--help`` needs no pydantic."""


_CONTENT_DIRS_AFTER = "content_dir_after_command"


def _common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # The same options before or after the command; only the top level sets defaults. Folders
    # after the command are kept apart (a command's parser would replace the list), then added.
    default: Any = argparse.SUPPRESS
    parser.add_argument(
        "--content-dir",
        action="append",
        type=Path,
        metavar="DIR",
        dest="content_dir" if top else _CONTENT_DIRS_AFTER,
        default=[] if top else default,
        help="also read the content files in DIR (repeatable; adds to NORMALISEREN_CONTENT_DIRS)",
    )
    parser.add_argument(
        "--lang",
        choices=["nl", "en"],
        default="nl" if top else default,
        help="the language of the content (default nl; en falls back to Dutch where a "
        "translation is missing)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        default=False if top else default,
        help="fail when a plugin is broken instead of skipping it "
        "(also NORMALISEREN_STRICT_PLUGINS=1)",
    )


def _format_option(parser: argparse.ArgumentParser, *, markdown: bool = False) -> None:
    choices = ["text", "json", "markdown"] if markdown else ["text", "json"]
    also = "; markdown for documents" if markdown else ""
    parser.add_argument(
        "--format",
        choices=choices,
        default="text",
        help=f"text for people (default); json for programs{also}",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="normaliseren",
        description="The vision, principles and practice examples of the Leernetwerk "
        "Normaliseren: list, show, search, validate, export and extend them.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    _common_options(parser, top=True)
    common = argparse.ArgumentParser(add_help=False)
    _common_options(common, top=False)
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", help="what to do; COMMAND --help tells more"
    )

    def command(name: str, summary: str, *examples: str) -> argparse.ArgumentParser:
        shown = "\n".join(f"  {example}" for example in examples)
        return commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=f"example{'s' if len(examples) > 1 else ''}:\n{shown}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[common],
        )

    listing = command(
        "list",
        "List the examples, principles, route steps or lessons; or, for composing a course "
        "module, the modules, course lessons or activities.",
        "normaliseren list examples --format json",
        "normaliseren list course-lessons",
    )
    listing.add_argument("what", choices=LISTS, help="what to list")
    _format_option(listing)

    show = command(
        "show",
        "Show one example, principle, route step or lesson by its id.",
        "normaliseren show giz --format markdown",
    )
    show.add_argument("id", help="the id, e.g. buurtgezinnen")
    _format_option(show, markdown=True)

    search = command(
        "search",
        "Find examples whose name, summary or description holds every word "
        "(case and accents do not matter).",
        "normaliseren search buurt gezin",
    )
    search.add_argument("words", nargs="+", help="words to look for")
    _format_option(search)

    validate = command(
        "validate",
        "Check content files or folders written by others, together with everything "
        "installed; report every problem with its file, line and field. Exits 1 when any "
        "error is found; warnings (such as a missing translation) do not count.",
        "normaliseren validate voorbeelden/ --format json",
    )
    validate.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="a content file, or a folder of them"
    )
    _format_option(validate)
    validate.add_argument(
        "--all-warnings",
        action="store_true",
        help=f"show every warning in text; by default the first {WARNINGS_SHOWN} of each kind "
        "are shown and the rest counted (errors are always shown, json always lists all)",
    )

    schema = command(
        "schema",
        "Print the JSON Schema of a content file's front matter, or of the exported "
        "library, for editor completion and checks (draft-07, which editors understand; the "
        "infographic's schema is 2020-12).",
        "normaliseren schema example > example.schema.json",
    )
    schema.add_argument(
        "name", choices=SCHEMA_CHOICES, help="a content type, library or infographic"
    )

    export = command(
        "export",
        "Run one exporter into --out, replacing an earlier export at once (never a folder "
        "of other files). --list names the exporters, built in and from plugins.",
        "normaliseren export json --out json-export",
        "normaliseren export curriculum --module mijn-module.yaml --out build/module",
        "normaliseren export --list",
    )
    export.add_argument("format", nargs="?", metavar="FORMAT", help="an exporter's name")
    export.add_argument("--out", type=Path, metavar="DIR", help="the output folder")
    export.add_argument("--list", action="store_true", help="name every exporter")
    export.add_argument(
        "--force", action="store_true", help="replace --out even if it holds other files"
    )
    export.add_argument(
        "--module",
        type=Path,
        metavar="FILE",
        help="with curriculum: export only the module composed in FILE (.yaml or .md)",
    )

    build = command(
        "build",
        "The main job: run every exporter, each into its own subfolder of --out, all written "
        "at once. Files that an earlier build into --out made from the same content, code "
        "and plugins are reused, not written again.",
        "normaliseren build --out build",
        "normaliseren build --out build --full",
    )
    build.add_argument(
        "--out", type=Path, metavar="DIR", required=True, help="the output folder (required)"
    )
    build.add_argument(
        "--force", action="store_true", help="replace --out even if it holds other files"
    )
    build.add_argument(
        "--full",
        action="store_true",
        help="write every file anew, reusing nothing of the build in --out (the result is "
        "the same; use it after changing a plugin's code without changing its version)",
    )

    plugins = command(
        "plugins",
        "List the installed plugins: name, version, hooks, and load problems.",
        "normaliseren plugins --all --format json",
    )
    plugins.add_argument("--all", action="store_true", help="include the built-in plugins")
    _format_option(plugins)

    translations = command(
        "translations",
        "Work with translation files: 'stamp' records in each translation which Dutch "
        "text it translates, after you have checked that it matches.",
        "normaliseren translations stamp data/",
    )
    translations.add_argument("action", choices=["stamp"], help="stamp: record the Dutch text")
    translations.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="a translation file (X.en.md), or a folder of them",
    )

    new_plugin = command(
        "new-plugin",
        "Write a ready-to-use plugin package: its pyproject with the entry point, one "
        "example content file, a working exporter and a passing test.",
        "normaliseren new-plugin mijn-gemeente --out .",
    )
    new_plugin.add_argument("name", help="the plugin's name, a slug such as mijn-gemeente")
    new_plugin.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        required=True,
        help="the folder to write the package into, as a new subfolder NAME (required)",
    )
    return parser


def _print_json(value: Any) -> None:
    """JSON as text; escaped to ASCII where standard output is not UTF-8, so it stays JSON,
    and control characters escaped, so it cannot steer the terminal."""
    encoding = getattr(sys.stdout, "encoding", None)  # None: a text buffer, which holds all
    only_ascii = encoding is not None and codecs.lookup(encoding).name != "utf-8"
    from .terminal import in_json

    sys.stdout.write(in_json(json.dumps(value, ensure_ascii=only_ascii, indent=2)) + "\n")


def _fail(message: str, code: int = 1) -> int:
    print(f"normaliseren: {message}", file=sys.stderr)
    return code


def _usage_error(command: str, message: str) -> int:
    """Wrong usage, said the way argparse says it, with its exit code 2."""
    print(
        f"normaliseren {command}: error: {message} (see: normaliseren {command} --help)",
        file=sys.stderr,
    )
    return 2


def _library(args: argparse.Namespace) -> Any:
    from .load import load_library

    return load_library(args.content_dir, lang=args.lang, strict=args.strict or None)


def _cmd_list(args: argparse.Namespace) -> int:
    from .strings import t

    library = _library(args)
    items: Sequence[Any] = getattr(library, args.what.replace("-", "_"))
    if args.format == "json":
        _print_json([item.model_dump(mode="json") for item in items])
        return 0
    width = max((len(item.id) for item in items), default=0)
    for item in items:
        if args.what == "examples":
            origin = library.origin(item.id)
            where = "" if origin.kind == "core" else f"  ({origin.label()})"
            membership = item.membership.label(library.lang)
            print(f"{item.id:<{width}} {item.name}  [{membership}]{where}")
        elif args.what in ("principles", "route"):
            print(f"{item.number}. {item.id:<{width}} {item.title}")
        elif args.what == "lessons":
            print(f"{item.id:<{width}} {item.title}  [{item.kind.label(library.lang)}]")
        else:  # the curriculum: the ids a lecturer names in a module of their own
            print(f"{item.id:<{width}} {item.title}")
    if args.what == "examples":
        status = library.collection_status()
        summary = t(
            "collection-status",
            library.lang,
            title=status.collection.title,
            declared=status.declared_size,
            identified=status.identified,
            confirmed=len(status.confirmed),
            named=len(status.named_in_magazine),
            unknown=status.unidentified,
        )
        print(f"\n{summary}")
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from .errors import UnknownIdError
    from .present import as_markdown, as_text

    library = _library(args)
    pools: list[Sequence[Any]] = [
        library.examples,
        library.principles,
        library.route,
        library.lessons,
    ]
    found = [item for pool in pools for item in pool if item.id == args.id]
    curriculum = {
        **{m.id: "module" for m in library.modules},
        **{c.id: "course lesson" for c in library.course_lessons},
        **{a.id: "activity" for a in library.activities},
    }
    if not found and args.id in curriculum:
        return _fail(
            f"{args.id!r} is a {curriculum[args.id]} of the curriculum; show shows examples, "
            "principles, route steps and lessons (export curriculum writes the curriculum)"
        )
    if not found:
        known = [item.id for pool in pools for item in pool]
        return _fail(str(UnknownIdError("item", args.id, known)))
    item = found[0]
    if library.falls_back(item):
        from .strings import t

        print(f"normaliseren: {t('fallback', library.lang)}", file=sys.stderr)
    if args.format == "json":
        _print_json(item.model_dump(mode="json"))
    elif args.format == "markdown":
        sys.stdout.write(as_markdown(item, library.lang))
    else:
        sys.stdout.write(as_text(item, library.lang))
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    found = _library(args).find(text=" ".join(args.words))
    if args.format == "json":
        _print_json([{"id": e.id, "name": e.name, "summary": e.summary} for e in found])
    else:
        width = max((len(e.id) for e in found), default=0)
        for example in found:
            print(f"{example.id:<{width}} {example.name}")
    if not found:
        print("no examples match", file=sys.stderr)
    return 0 if found else 1


def _cmd_validate(args: argparse.Namespace) -> int:
    from .load import validate_paths

    problems = validate_paths(args.paths, content_dirs=args.content_dir, strict=args.strict or None)
    errors = [p for p in problems if p.is_error]
    if args.format == "json":
        _print_json({"valid": not errors, "problems": [p.to_dict() for p in problems]})
    else:
        limit = None if args.all_warnings else WARNINGS_SHOWN
        shown, counted = _within_limit(problems, limit)
        for problem in shown:
            print(problem.format())
        for code, count in counted.items():
            print(f"... and {count} more warnings [{code}] (--all-warnings shows every one)")
        noun = "problem" if len(errors) == 1 else "problems"
        summary = f"{len(errors)} {noun} found" if errors else "all content is valid"
        warnings_found = len(problems) - len(errors)
        if warnings_found:
            summary += f" ({warnings_found} warning{'s' if warnings_found != 1 else ''})"
        print(summary, file=sys.stderr)
    return 1 if errors else 0


WARNINGS_SHOWN = 10
"""Warnings of one kind that ``validate`` shows in text before it counts the rest: a folder
of a thousand Dutch-only examples would otherwise print a thousand lines alike."""


def _within_limit(
    problems: Sequence[ContentError], limit: int | None
) -> tuple[list[ContentError], dict[str, int]]:
    """Every error, and at most ``limit`` warnings of each code; how many warnings were left."""
    seen: Counter[str] = Counter()
    shown = []
    for problem in problems:
        if not problem.is_error and limit is not None:
            seen[problem.code] += 1
            if seen[problem.code] > limit:
                continue
        shown.append(problem)
    left = {
        code: count - limit for code, count in seen.items() if limit is not None and count > limit
    }
    return shown, left


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import schema_for

    _print_json(schema_for(args.name))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .exporters import run_exporter
    from .load import get_plugins, registered_exporters
    from .output import OutputFolder, write_atomically
    from .plugins import PluginError

    plugins = get_plugins(args.strict or None)
    exporters = registered_exporters(plugins)
    if args.list:
        width = max(len(name) for name in exporters)
        for name, (exporter, info) in exporters.items():
            where = "" if info.default else f"  (plugin {info.name})"
            print(f"{name:<{width}}  {exporter.description}{where}")
        return 0
    if args.format is None or args.out is None:
        return _usage_error("export", "give a FORMAT and --out DIR, or --list")
    if args.format not in exporters:
        from .errors import did_you_mean

        hint = did_you_mean(args.format, exporters) or f"; installed: {', '.join(exporters)}"
        return _fail(f"no exporter called {args.format!r}{hint} (export --list describes them)")
    if args.module is not None:
        return _export_composed_module(args)
    library = _library(args)
    exporter, info = exporters[args.format]

    def fill(folder: OutputFolder) -> None:
        problem = run_exporter(exporter, library, folder, plugins, info, report=False)
        if problem is not None:  # the command's failure: said once, as its error
            raise PluginError([problem])

    write_atomically(args.out, fill, force=args.force, keep=_read_from(args))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _read_from(args: argparse.Namespace) -> list[Path]:
    """The content folders a command reads, which its output may not replace."""
    from .load import content_dirs_from_env

    return [*content_dirs_from_env(), *args.content_dir]


def _export_composed_module(args: argparse.Namespace) -> int:
    from .curriculum.export import write_modules
    from .load import get_plugins, load_library
    from .output import write_atomically

    if args.format != "curriculum":
        return _fail("--module goes with the curriculum exporter")
    strict = args.strict or None
    library = load_library([*args.content_dir, args.module], lang=args.lang, strict=strict)
    named = _module_ids_in(args.module)  # also where a content folder holds the file
    composed = sorted(m.id for m in library.modules if m.id in named)
    if not composed:
        return _fail(f"{args.module} holds no module")
    plugins = get_plugins(strict)
    write_atomically(
        args.out,
        lambda folder: write_modules(library, folder, plugins, composed),
        force=args.force,
        keep=[*_read_from(args), args.module],
    )
    print(f"wrote {args.out}: {', '.join(composed)}", file=sys.stderr)
    return 0


def _module_ids_in(path: Path) -> set[str]:
    """The ids of the modules that the file or folder ``path`` defines (it has validated)."""
    from .content import iter_content_files
    from .reading import read_file

    found = set()
    for shown, entry in iter_content_files(path, str(path)):
        parsed = read_file(shown, entry)
        if not isinstance(parsed, list) and parsed.data.get("type") == "module":
            found.add(str(parsed.data.get("id")))
    return found


def _cmd_build(args: argparse.Namespace) -> int:
    from .exporters import run_exporters
    from .load import get_plugins, registered_exporters
    from .output import Keys, OutputFolder, count_files, write_atomically
    from .workers import frozen_for_collector

    plugins = get_plugins(args.strict or None)
    exporters = registered_exporters(plugins)
    library = _library(args)
    written = []

    def fill(folder: OutputFolder) -> None:
        written.extend(run_exporters(library, folder, plugins, exporters))

    with frozen_for_collector():  # the library lives to the end: scanning it once is enough
        keys = Keys() if args.full else Keys.of_previous(args.out)
        write_atomically(args.out, fill, force=args.force, keys=keys, keep=_read_from(args))
    print(f"wrote {args.out}: {', '.join(written)}", file=sys.stderr)
    files = count_files(args.out)
    if keys.previous_root is not None:
        reused = f"reused {keys.reused} unchanged files of the previous build"
        print(f"{reused}; wrote {files - keys.reused}", file=sys.stderr)
    else:
        why = "--full" if args.full else f"{args.out} held no build of this version"
        print(f"wrote {files} files (nothing reused: {why})", file=sys.stderr)
    return 0


def _cmd_plugins(args: argparse.Namespace) -> int:
    from .errors import ContentErrors
    from .load import get_plugins
    from .plugins import LOAD_PLUGINS_ENV

    plugins = get_plugins(args.strict or None)
    with suppress(ContentErrors):  # problems in content folders are for validate to name
        _library(args)  # reads every plugin's content: one that does not validate is named
    shown = [info for _, info in sorted(plugins.info.items()) if args.all or not info.default]
    problems = [p for p in plugins.problems if args.all or p.plugin not in plugins.info]
    if args.format == "json":
        _print_json(
            {
                "plugins": [
                    {
                        "name": i.name,
                        "version": i.version,
                        "hooks": list(i.hooks),
                        "default": i.default,
                    }
                    for i in shown
                ],
                "problems": [
                    {"plugin": p.plugin, "hook": p.hook, "cause": p.cause} for p in problems
                ],
            }
        )
        return 0
    if not shown and os.environ.get(LOAD_PLUGINS_ENV) is not None and not args.all:
        print(f"no plugins loaded ({LOAD_PLUGINS_ENV} limits which plugins load)")
    elif not shown:
        print("no plugins installed" + ("" if args.all else " (--all shows the built-in ones)"))
    for info in shown:
        version = f" {info.version}" if info.version else ""
        kind = " (built in)" if info.default else ""
        print(f"{info.name}{version}{kind}: {', '.join(info.hooks) or 'no hooks'}")
    for problem in problems:
        print(f"problem: {problem.format()}")
    return 0


def _cmd_translations(args: argparse.Namespace) -> int:
    from .stamping import stamp

    stamped = stamp(args.paths)
    for path in stamped.changed:
        print(f"stamped {path}")
    for problem in stamped.problems:
        print(problem.format(), file=sys.stderr)
    errors = [p for p in stamped.problems if p.is_error]
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        print(f"{len(errors)} {noun} found; the files they name were not stamped", file=sys.stderr)
    return 1 if errors else 0


def _cmd_new_plugin(args: argparse.Namespace) -> int:
    from .scaffold import write_plugin

    try:
        folder = write_plugin(args.name, args.out)
    except ValueError as exc:
        return _fail(str(exc))
    print(f"wrote {folder}", file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": _cmd_list,
    "show": _cmd_show,
    "search": _cmd_search,
    "validate": _cmd_validate,
    "schema": _cmd_schema,
    "export": _cmd_export,
    "build": _cmd_build,
    "plugins": _cmd_plugins,
    "translations": _cmd_translations,
    "new-plugin": _cmd_new_plugin,
}


def _show_warning(  # noqa: PLR0917 (the signature of warnings.showwarning)
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    print(f"normaliseren: warning: {message}", file=sys.stderr)


@contextmanager
def _replacing_what_cannot_be_written() -> Iterator[None]:
    """Write characters the terminal's encoding lacks, and control characters, as escapes.

    A file name that is not UTF-8, or Dutch text on a Latin-1 terminal, is then still shown,
    and the exit code still tells what was found. Content that holds control characters
    (``"\\e[2J"`` in YAML) cannot steer the terminal through what ``show``, ``list`` or
    ``search`` print. The streams are put back afterwards, for programs that call
    :func:`main`.
    """
    changed = []
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            changed.append((stream, stream.errors))
            stream.reconfigure(errors="backslashreplace")
    streams = sys.stdout, sys.stderr
    if streams[0] is not None and streams[1] is not None:  # None: a program without a console
        sys.stdout, sys.stderr = _Escaping(streams[0]), _Escaping(streams[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = streams
        for stream, errors in changed:
            stream.reconfigure(errors=errors)


class _Escaping:
    """A text stream that writes steering characters as escapes (:mod:`normaliseren.terminal`)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` escaped; the length returned is that of ``text``, as streams do."""
        from .terminal import shown

        self._stream.write(shown(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    with _replacing_what_cannot_be_written():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    args.content_dir = [*args.content_dir, *getattr(args, _CONTENT_DIRS_AFTER, [])]
    if args.version:
        from . import __version__

        print(__version__)
        return 0
    if args.command is None:
        parser.print_help()
        return 2
    from .errors import ContentErrors
    from .output import OutputError
    from .plugins import PluginError, PluginSettingError, PluginWarning

    with warnings.catch_warnings():
        warnings.simplefilter("always", PluginWarning)  # a skipped plugin is always said
        warnings.showwarning = _show_warning
        try:
            return COMMANDS[args.command](args)
        except ContentErrors as exc:
            return _fail(f"the content does not validate\n{exc}")
        except PluginError as exc:
            return _fail(f"a plugin is broken\n{exc}")
        except PluginSettingError as exc:  # wrong usage, like a wrong option
            return _fail(str(exc), 2)
        except OutputError as exc:
            return _fail(str(exc))
        except BrokenPipeError:
            return 0


if __name__ == "__main__":
    raise SystemExit(main())
