"""Assemble the library from every plugin and folder, and validate content of others.

The shipped content arrives through the same hook as any plugin's content. Content folders
come from ``--content-dir`` or ``NORMALISEREN_CONTENT_DIRS`` (separated like ``PATH``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .content import (
    ContentSet,
    Contribution,
    collector_paused,
    folder_contribution,
    iter_content_files,
    made_problems,
    read_content,
    source_path,
)
from .errors import ContentError, ContentErrors
from .exporters import Exporter
from .library import Library, LibraryFinding
from .models import (
    CORE,
    Activity,
    Collection,
    CourseLesson,
    Document,
    Example,
    Lesson,
    Module,
    Origin,
    Principle,
    Replacement,
    RouteStep,
    Source,
    Vision,
)
from .plugins import (
    PluginInfo,
    PluginProblem,
    Plugins,
    folder_list,
    list_of,
    load_plugins,
    strict_setting,
)
from .translation import TRANSLATABLE, Translation, document_key, text_hash, translate
from .vocabulary import Lang, check_lang

CORE_LABEL = "normaliseren/data"
"""How files of the shipped content are named in messages."""

CONTENT_DIRS_ENV = "NORMALISEREN_CONTENT_DIRS"

NO_CONTENT_MESSAGE = (
    "no content files in this folder (.md, .yaml or .yml; READMEs and names that start "
    "with '.' or '_' are left out)"
)


def content_dirs_from_env() -> tuple[Path, ...]:
    """The folders named in ``NORMALISEREN_CONTENT_DIRS``."""
    value = os.environ.get(CONTENT_DIRS_ENV, "")
    return tuple(Path(part) for part in value.split(os.pathsep) if part)


def get_plugins(strict: bool | None = None) -> Plugins:
    """The installed plugins, loaded once (for each strictness), on first use.

    ``None`` is what ``NORMALISEREN_STRICT_PLUGINS`` says, so it shares the plugins of that.
    """
    return _plugins(strict_setting(strict))


@cache
def _plugins(strict: bool) -> Plugins:
    return load_plugins(strict=strict)


def _validated_examples(value: object) -> list[Example]:
    """Examples validated again: ``model_copy(update=...)`` can make models that skip it."""
    examples: list[Example] = list_of(Example)(value)
    validated = []
    for example in examples:
        try:  # without pydantic's warnings about values of the wrong type: they are reported
            validated.append(Example.model_validate(example.model_dump(warnings=False)))
        except ValidationError as exc:
            said = "; ".join(made_problems(f"example {example.id!r}", exc, Example))
            raise ValueError(f"an example does not validate: {said}") from None
    return validated


def plugin_contributions(plugins: Plugins) -> list[Contribution]:
    """What every plugin contributes through ``register_content_dirs`` and ``register_examples``."""
    contributions = []
    for info, folders in plugins.call("register_content_dirs", folder_list):
        for folder in folders:
            label = (
                CORE_LABEL
                if info.default
                else (str(folder) if isinstance(folder, Path) else f"{info.name}/{folder.name}")
            )
            contributions.append(
                Contribution(info.origin, files=list(iter_content_files(folder, label)))
            )
    for info, examples in plugins.call("register_examples", _validated_examples):
        contributions.append(Contribution(info.origin, models=examples))
    return contributions


def assemble(plugins: Plugins, content_dirs: Sequence[Path | Contribution]) -> ContentSet:
    """Read everything together; a plugin whose content does not validate is left out.

    A content folder may come listed already, as a :class:`Contribution`.
    """
    folders = [d if isinstance(d, Contribution) else folder_contribution(d) for d in content_dirs]
    contributions = [*plugin_contributions(plugins), *folders]
    while True:
        content = read_content(contributions)
        broken = _broken_plugins(contributions, content.errors)
        if not broken:
            content.errors.extend(  # a folder named by mistake would add nothing without a word
                ContentError(folder.origin.name, None, None, "no-content-files", NO_CONTENT_MESSAGE)
                for folder in folders
                if not folder.files and Path(folder.origin.name).is_dir()
            )
            return content
        files = {shown for c in contributions for shown, _ in c.files}
        for origin, errors in sorted(broken.items(), key=lambda pair: pair[0].name):
            in_files = any(error.path in files for error in errors)
            hook = "register_content_dirs" if in_files else "register_examples"
            plugins.report(PluginProblem(origin.name, hook, _named(errors)))
        contributions = [c for c in contributions if c.origin not in broken]


SHOWN_CONTENT_PROBLEMS = 10
"""How many of a plugin's content problems its warning names; it counts the rest."""


def _named(errors: Sequence[ContentError]) -> str:
    """A plugin's content problems, in the order of its files and lines, for one warning."""
    ordered = sorted(errors)
    lines = [f"  {e.format()}" for e in ordered[:SHOWN_CONTENT_PROBLEMS]]
    more = len(ordered) - SHOWN_CONTENT_PROBLEMS
    if more > 0:
        lines.append(f"  and {more} more")
    counted = f"{len(ordered)} content problem{'' if len(ordered) == 1 else 's'}"
    return "\n".join([f"{counted}:", *lines])


def _broken_plugins(
    contributions: Sequence[Contribution], errors: Sequence[ContentError]
) -> dict[Origin, list[ContentError]]:
    owner: dict[str, Origin] = {}
    for contribution in contributions:
        for shown, _ in contribution.files:
            owner[shown] = contribution.origin
    broken: dict[Origin, list[ContentError]] = {}
    for error in (e for e in errors if e.is_error):
        origin = owner.get(error.path)
        if origin is None:
            origin = next(
                (c.origin for c in contributions if error.path.startswith(f"{c.origin.label()}:")),
                None,
            )
        if origin is not None and origin.kind == "plugin":
            broken.setdefault(origin, []).append(error)
    return broken


@dataclass(frozen=True)
class _Reading:
    """What a library is made from, in every language: the documents read and who gave each.

    Unlike a :class:`ContentSet` it leaves out the parsed files, kept there for messages
    about lines; a loaded library keeps this, so about half as much memory stays in use.
    """

    documents: tuple[tuple[Document, Origin], ...]
    sources: tuple[Source, ...]
    replacements: tuple[Replacement, ...]


def _in_language(reading: _Reading, lang: str) -> tuple[list[Any], list[str]]:
    """Every document in ``lang`` where a current translation exists; what falls back."""
    translations = {
        (t.kind, t.of): t
        for t, _ in reading.documents
        if isinstance(t, Translation) and t.lang == lang
    }
    documents: list[Any] = []
    fallbacks: list[str] = []
    for model, _ in reading.documents:
        if isinstance(model, Translation):
            continue
        key = document_key(model)
        found = translations.get(key)
        if lang == "nl" or key[0] not in TRANSLATABLE:
            documents.append(model)
        elif found is not None and found.translates == text_hash(model):
            documents.append(translate(model, found))
        else:
            documents.append(model)
            fallbacks.append(f"{key[0]}:{key[1]}")
    return documents, sorted(fallbacks)


def build_library(content: ContentSet, lang: Lang = "nl") -> Library:
    """Assemble a :class:`Library` from validated content, in ``lang``; raise if it is broken.

    Documents without a current translation keep their Dutch text and are listed in
    ``Library.fallbacks``.
    """
    problems = [e for e in content.errors if e.is_error]
    for kind, model in (("vision", Vision), ("collection", Collection)):
        found = [item.file for item in content.items if isinstance(item.model, model)]
        if not found and not problems:
            problems.append(ContentError("(library)", None, None, "missing", f"no {kind} file"))
        for extra in found[1:]:
            at = found[0].place_of(("type",))
            message = f"the library holds one {kind}; another is at {at}"
            line = extra.line_of(("type",))
            problems.append(ContentError(extra.path, line, "type", "too-many", message))
    if problems:
        raise ContentErrors(problems)
    reading = _Reading(
        tuple((item.model, item.origin) for item in content.items),
        tuple(sorted((s for s, _ in content.sources.values()), key=lambda s: s.id)),
        tuple(sorted(content.replacements, key=lambda r: r.id)),
    )
    return _library_in(reading, lang)


def _library_in(reading: _Reading, lang: Lang) -> Library:
    """The library in ``lang``, able to make itself in the other languages from ``reading``."""
    documents, fallbacks = _in_language(reading, lang)
    try:
        library = _library_of(reading, lang, documents, fallbacks)
    except ValidationError as exc:  # a rule of the whole that the checks of files missed
        raise ContentErrors(
            [
                ContentError("(library)", None, None, "invalid-library", message)
                for message in sorted(
                    e["msg"].removeprefix("Value error, ") for e in exc.errors(include_url=False)
                )
            ]
        ) from None
    return library.made_by(partial(_library_in, reading))


def _library_of(
    reading: _Reading, lang: Lang, documents: list[Any], fallbacks: list[str]
) -> Library:
    """The library of ``documents``, each kind in the order its field keeps."""

    def models(kind: type[Any]) -> list[Any]:
        return [d for d in documents if type(d) is kind]

    return Library(
        lang=lang,
        fallbacks=tuple(fallbacks),
        vision=models(Vision)[0],
        principles=tuple(sorted(models(Principle), key=lambda p: p.number)),
        examples=tuple(sorted(models(Example), key=lambda e: e.id)),
        route=tuple(sorted(models(RouteStep), key=lambda s: s.number)),
        lessons=tuple(sorted(models(Lesson), key=lambda lesson: lesson.id)),
        collection=models(Collection)[0],
        sources=reading.sources,
        modules=tuple(sorted(models(Module), key=lambda m: m.id)),
        course_lessons=tuple(sorted(models(CourseLesson), key=lambda c: c.id)),
        activities=tuple(sorted(models(Activity), key=lambda a: a.id)),
        origins={
            model.id: origin
            for model, origin in sorted(reading.documents, key=lambda d: getattr(d[0], "id", ""))
            if isinstance(model, Example) and origin.kind != CORE.kind  # the core's are implied
        },
        curriculum_origins={
            "{}:{}".format(*document_key(model)): origin
            for model, origin in sorted(reading.documents, key=lambda d: document_key(d[0]))
            if isinstance(model, Module | CourseLesson | Activity) and origin.kind != CORE.kind
        },
        replacements=reading.replacements,
    )


@cache
def _load(content_dirs: tuple[Path, ...], strict: bool, lang: Lang, cwd: str) -> Library:
    """The library; ``cwd`` is part of the key only where a folder is given relative to it.

    No defaults: the cache keys on the arguments as passed.
    """
    if lang != "nl":  # from the same reading as the Dutch library
        return _load(content_dirs, strict, "nl", cwd).in_language(lang)
    return build_library(assemble(get_plugins(strict), content_dirs), lang)


def load_library(
    content_dirs: Iterable[Path | str] = (),
    *,
    lang: Lang = "nl",
    strict: bool | None = None,
) -> Library:
    """The library: shipped content, installed plugins and content folders; cached.

    ``content_dirs`` adds folders of content files, after those in
    ``NORMALISEREN_CONTENT_DIRS``. ``lang`` is ``nl`` (the original) or ``en``; where a
    translation is missing or stale the Dutch text is used and the document is listed in
    ``Library.fallbacks``. Raises :class:`ContentErrors` listing every problem if the
    content does not validate. A broken plugin is skipped with a :class:`PluginWarning`, or
    raises :class:`PluginError` when ``strict`` (default: ``NORMALISEREN_STRICT_PLUGINS``).
    """
    check_lang(lang)
    _many("content_dirs", content_dirs)
    strict = strict_setting(strict)  # one key, and one reading, for None and what it means
    folders = (*content_dirs_from_env(), *(Path(d) for d in content_dirs))
    place = ""  # the same key, with the same arguments as passed, for the same library
    if not all(folder.is_absolute() for folder in folders):
        try:
            place = os.getcwd()
        except OSError:  # the working directory is gone: read without keeping the result
            return _load.__wrapped__(folders, strict, lang, place)
    with _LOADING:  # threads asking at once for the same library read it once, and share it
        return _load(folders, strict, lang, place)


_LOADING = threading.RLock()


def clear_cache() -> None:
    """Forget every loaded library and the loaded plugins.

    For a long-running process (a web service, a notebook) after content files changed or a
    plugin was installed: the next :func:`load_library` reads everything again.
    """
    from .markdown import forget_renderer

    with _LOADING:
        _load.cache_clear()
        _plugins.cache_clear()
    forget_renderer()


def validate_paths(
    paths: Iterable[Path | str],
    *,
    content_dirs: Iterable[Path | str] = (),
    strict: bool | None = None,
) -> list[ContentError]:
    """Every problem in the given content files and folders, checked with everything else.

    The files are read together with the shipped content, the plugins' content and the
    content folders, with the same rules; then every ``check_library`` plugin runs. Errors
    are reported wherever they are, warnings only in the files and folders given.
    """
    _many("paths", paths)
    _many("content_dirs", content_dirs)
    with collector_paused():  # what is read is dropped before the collector runs again
        return _validate_paths([Path(p) for p in paths], map(Path, content_dirs), strict)


def _many(name: str, value: object) -> None:
    """Refuse one path where a list of them is wanted: a ``str`` would be read letter by letter,
    each letter a folder (``/`` among them), and type checkers let it pass as ``Iterable[str]``.
    """
    if isinstance(value, str | os.PathLike):
        raise TypeError(f"{name} takes a list of paths, not one: write [{str(value)!r}]")


def _validate_paths(
    paths: list[Path], content_dirs: Iterable[Path], strict: bool | None
) -> list[ContentError]:
    problems = [
        ContentError(str(p), None, None, "not-found", "no such file or folder")
        for p in paths
        if not p.exists()
    ]
    given = {p: folder_contribution(p) for p in paths if p.exists()}  # listed once
    plugins = get_plugins(strict)
    content = assemble(plugins, [*content_dirs_from_env(), *content_dirs, *given.values()])
    named = {shown for listed in given.values() for shown, _ in listed.files}
    named |= {i.file.path for i in content.items if i.origin.kind == CORE.kind}
    # Warnings about content of others (a plugin's, another folder's) are not the user's to
    # act on. Those about the shipped content are kept: a file given that is the same as a
    # shipped one is read as that one. An error anywhere is kept: it stops the check.
    problems.extend(e for e in content.errors if e.is_error or e.path in named)
    if not any(p.is_error for p in problems):
        try:  # what holds for the library as a whole: one vision, one collection
            library = build_library(content)
        except ContentErrors as exc:
            problems.extend(exc.errors)
        else:
            problems.extend(_findings(plugins, library, content))
    return sorted(problems, key=lambda e: (e.path, e.line or 0, e.code))


def _findings(plugins: Plugins, library: Library, content: ContentSet) -> list[ContentError]:
    """What ``check_library`` plugins find, each at the file of the item it names (an
    example's, where an id is also another document's or a source's), or at ``(library)``."""
    places = {key: (doc, source_path(doc, key)) for key, (_, doc) in content.sources.items()}
    for item in content.items:
        _, found = document_key(item.model)  # the vision's is "vision"
        if isinstance(item.model, Example) or found not in places:
            places[found] = (item.file, ("id",))
    problems = []
    for info, findings in plugins.call("check_library", list_of(LibraryFinding), library=library):
        for finding in findings:
            place = places.get(finding.item) if finding.item is not None else None
            path, line = "(library)", None
            if place is not None:
                path, line = place[0].path, place[0].line_of(place[1])
            message = f"{finding.message} (rule of plugin {info.name})"
            if finding.item is not None and place is None:
                message += f"; it names {finding.item!r}, which is not in the library"
            problems.append(ContentError(path, line, None, finding.code, message))
    return problems


def registered_exporters(plugins: Plugins) -> dict[str, tuple[Exporter, PluginInfo]]:
    """Every exporter by name; a name that a second plugin also uses is reported."""
    found: dict[str, tuple[Exporter, PluginInfo]] = {}
    for info, exporters in plugins.call("register_exporters", list_of(Exporter)):
        for exporter in exporters:
            if exporter.name in found:
                other = found[exporter.name][1].name
                cause = f"exporter name {exporter.name!r} is already used by plugin {other}"
                plugins.report(PluginProblem(info.name, "register_exporters", cause))
                continue
            found[exporter.name] = (exporter, info)
    return dict(sorted(found.items()))
