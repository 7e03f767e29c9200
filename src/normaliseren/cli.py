"""The ``normaliseren`` command: read, search, validate and export the library.

Exit codes: 0 success, 1 content problems or nothing found, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import ContentErrors

EPILOG = """\
examples:
  normaliseren list examples
  normaliseren show buurtgezinnen
  normaliseren search buurt gezin
  normaliseren validate mijn-voorbeelden/
  normaliseren export json --out build/json
"""


SCHEMA_CHOICES = (
    "vision",
    "principle",
    "route-step",
    "lesson",
    "example",
    "collection",
    "sources",
    "library",
)
"""The schemas ``normaliseren schema`` prints; spelled out so ``--help`` needs no pydantic."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="normaliseren",
        description="The vision, principles and practice examples of the Leernetwerk "
        "Normaliseren: list, show, search, validate and export them.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, example: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    listing = command(
        "list",
        "List the examples, principles, route steps or lessons.",
        "normaliseren list examples --format json",
    )
    listing.add_argument("what", choices=["examples", "principles", "route", "lessons"])
    listing.add_argument("--format", choices=["text", "json"], default="text")

    show = command(
        "show",
        "Show one example, principle, route step or lesson by its id.",
        "normaliseren show giz --format markdown",
    )
    show.add_argument("id", help="the id, e.g. buurtgezinnen")
    show.add_argument("--format", choices=["text", "json", "markdown"], default="text")

    search = command(
        "search",
        "Find examples whose name, summary or description holds every word "
        "(case and accents do not matter).",
        "normaliseren search buurt gezin",
    )
    search.add_argument("words", nargs="+", help="words to look for")
    search.add_argument("--format", choices=["text", "json"], default="text")

    validate = command(
        "validate",
        "Check content files or folders written by others; report every problem with its "
        "file, line and field. Exits 1 when any problem is found.",
        "normaliseren validate voorbeelden/ --format json",
    )
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.add_argument("--format", choices=["text", "json"], default="text")

    schema = command(
        "schema",
        "Print the JSON Schema (draft-07) of a content file's front matter, or of the "
        "exported library, for editor completion and checks.",
        "normaliseren schema example > example.schema.json",
    )
    schema.add_argument("name", choices=SCHEMA_CHOICES)

    export = command(
        "export",
        "Export the library. 'json' writes library.json and library.schema.json into "
        "--out, replacing an earlier export at once (never a folder of other files).",
        "normaliseren export json --out build/json",
    )
    export.add_argument("format", choices=["json"])
    export.add_argument("--out", type=Path, required=True, metavar="DIR")
    return parser


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _cmd_list(args: argparse.Namespace) -> int:
    from . import load_library

    library = load_library()
    items: Sequence[Any] = {
        "examples": library.examples,
        "principles": library.principles,
        "route": library.route,
        "lessons": library.lessons,
    }[args.what]
    if args.format == "json":
        _print_json([item.model_dump(mode="json") for item in items])
        return 0
    width = max((len(item.id) for item in items), default=0)
    for item in items:
        if args.what == "examples":
            line = f"{item.id:<{width}} {item.name}  [{item.membership.label()}]"
        elif args.what in ("principles", "route"):
            line = f"{item.number}. {item.id:<{width}} {item.title}"
        else:
            line = f"{item.id:<{width}} {item.title}  [{item.kind.label()}]"
        print(line)
    if args.what == "examples":
        status = library.collection_status()
        print(
            f"\n{status.collection.title}: {status.declared_size} voorbeelden, waarvan "
            f"{status.identified} hier geïdentificeerd ({len(status.confirmed)} bevestigd, "
            f"{len(status.named_in_magazine)} genoemd in het magazine); "
            f"{status.unidentified} onbekend."
        )
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from . import load_library
    from .errors import UnknownIdError
    from .present import as_markdown, as_text

    library = load_library()
    pools: list[Sequence[Any]] = [
        library.examples,
        library.principles,
        library.route,
        library.lessons,
    ]
    found = [item for pool in pools for item in pool if item.id == args.id]
    if not found:
        known = [item.id for pool in pools for item in pool]
        print(f"normaliseren: {UnknownIdError('item', args.id, known)}", file=sys.stderr)
        return 1
    item = found[0]
    if args.format == "json":
        _print_json(item.model_dump(mode="json"))
    elif args.format == "markdown":
        sys.stdout.write(as_markdown(item))
    else:
        sys.stdout.write(as_text(item))
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from . import load_library

    found = load_library().find(text=" ".join(args.words))
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

    problems = validate_paths(args.paths)
    if args.format == "json":
        _print_json({"valid": not problems, "problems": [p.to_dict() for p in problems]})
    else:
        for problem in problems:
            print(problem.format())
        noun = "problem" if len(problems) == 1 else "problems"
        print(
            f"{len(problems)} {noun} found" if problems else "all content is valid", file=sys.stderr
        )
    return 1 if problems else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import schema_for

    _print_json(schema_for(args.name))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .atomic import OutputError, write_tree
    from .export_json import export_json
    from .load import load_library

    try:
        write_tree(args.out, export_json(load_library()))
    except OutputError as exc:
        print(f"normaliseren: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


COMMANDS = {
    "list": _cmd_list,
    "show": _cmd_show,
    "search": _cmd_search,
    "validate": _cmd_validate,
    "schema": _cmd_schema,
    "export": _cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from . import __version__

        print(__version__)
        return 0
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except ContentErrors as exc:
        print(f"normaliseren: the shipped content does not validate\n{exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
