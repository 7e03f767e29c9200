"""Turn content files into validated models, collecting every problem with its location.

The shipped content and any folder a user validates go through the same code, so a
municipality gets exactly the checks and messages the core content gets.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import partial
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, TypeVar, get_args

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .errors import ContentError, ContentErrors, close_matches, did_you_mean
from .frontmatter import (
    YAML_SUFFIXES,
    FieldPath,
    ParsedFile,
    format_field,
    render_document,
)
from .models import (
    CORE,
    DOCUMENT_TYPES,
    SLUG_PATTERN,
    ContentModel,
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
    used_sources,
)
from .reading import read_files
from .translation import (
    TRANSLATABLE,
    TRANSLATED_LANGS,
    TRANSLATION_TYPE,
    Translation,
    document_key,
    problems_with,
    text_hash,
)
from .vocabulary import Membership

_SLUG = re.compile(SLUG_PATTERN)

DocumentT = TypeVar("DocumentT", bound=Document)

SOURCES_TYPE = "sources"
"""``type:`` of a file that defines sources rather than referring to them."""

MODELS_BY_TYPE: Mapping[str, type[Document]] = {
    **{m.content_type: m for m in DOCUMENT_TYPES},
    TRANSLATION_TYPE: Translation,
}


@dataclass(frozen=True)
class Item:
    """A validated document, the file it came from, and who contributed it."""

    model: Document
    file: ParsedFile
    origin: Origin


class Unvalidated(NamedTuple):
    """A document with errors, as far as the checks between files need it."""

    kind: str
    id: str | None
    replaces: bool
    outcomes: tuple[str, ...]
    """The ids of a course lesson's learning outcomes, which a module's assessment names."""
    file: ParsedFile
    origin: Origin

    @classmethod
    def of(cls, doc: ParsedFile, place: ParsedFile, origin: Origin) -> Unvalidated:
        data = doc.data
        key = data.get("id") if data.get("type") != TRANSLATION_TYPE else None
        document_id = key if isinstance(key, str) and _SLUG.fullmatch(key) else None
        outcomes = tuple(
            value
            for _, value in _at(data, ("outcomes", "*", "id"))
            if isinstance(value, str) and _SLUG.fullmatch(value)
        )
        kind, replaces = str(data.get("type")), data.get("replaces") is True
        return cls(kind, document_id, replaces, outcomes, place, origin)


@dataclass(frozen=True)
class Contribution:
    """Content from one origin: files to read, and models made in Python."""

    origin: Origin
    files: Sequence[tuple[str, Traversable]] = ()
    models: Sequence[Document] = ()


@dataclass
class ContentSet:
    """Everything read from a set of content files: valid items, sources and problems."""

    items: list[Item] = field(default_factory=list)
    sources: dict[str, tuple[Source, ParsedFile]] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)
    replacements: list[Replacement] = field(default_factory=list)
    unvalidated: list[Unvalidated] = field(default_factory=list)
    """Documents that did not validate: their errors are in ``errors``; the checks between
    files still count their ids, so that one run reports every problem, and nothing twice."""

    def models(self, model: type[DocumentT]) -> list[DocumentT]:
        """The validated models of one type, in file order."""
        return [item.model for item in self.items if isinstance(item.model, model)]


def iter_content_files(root: Traversable, label: str) -> Iterator[tuple[str, Traversable]]:
    """Every ``*.md`` file below ``root`` except READMEs, sorted, with a display path.

    Links inside ``root`` to folders or content files are listed as they are (not followed),
    so that reading them reports them; ``root`` itself may be a link.
    """
    if not root.is_dir():
        yield label, _followed(root) if isinstance(root, Path) else root
    elif isinstance(root, Path):
        yield from _scan(root, label)
    else:  # a folder inside an installed package, perhaps in a zip: it holds no links
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            shown = f"{label}/{entry.name}"
            if _skipped(entry.name):
                continue
            if entry.is_dir():
                yield from iter_content_files(entry, shown)
            elif _is_content(entry.name):
                yield shown, entry


def _followed(path: Path) -> Path:
    """The file a path the user named leads to, if it is a link; as it is if that fails."""
    try:
        return path.resolve()
    except OSError:  # the working directory is gone, say: reading it tells what is wrong
        return path


def _scan(folder: Path, label: str) -> Iterator[tuple[str, Path]]:
    """:func:`iter_content_files` on disk, where listing a folder tells what is a link.

    Depth first with a stack of listings rather than recursion, so that no nesting of
    folders is too deep to walk.
    """
    stack = [iter(_entries(folder, label))]
    while stack:
        for shown, path, enter in stack[-1]:
            if enter:
                stack.append(iter(_entries(path, shown)))
                break
            yield shown, path
        else:
            stack.pop()


def _entries(folder: Path, label: str) -> list[tuple[str, Path, bool]]:
    """``(shown, path, a folder to enter)`` for what in ``folder`` is to be read, by name.

    A folder that cannot be listed is listed as itself, so that reading it tells why. Paths
    are made as ``folder / name``, which is twice as fast as parsing each entry's path.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return [(label, folder, False)]
    found = []
    for entry in entries:
        name = entry.name
        if _skipped(name):
            continue
        shown = f"{label}/{name}"
        if entry.is_symlink():
            if _is_content(name) or _is_folder(entry, follow=True):
                found.append((shown, folder / name, False))
        elif _is_folder(entry, follow=False):
            found.append((shown, folder / name, True))
        elif _is_content(name):
            found.append((shown, folder / name, False))
    return found


def _is_folder(entry: os.DirEntry[str], *, follow: bool) -> bool:
    try:
        return entry.is_dir(follow_symlinks=follow)
    except OSError:  # it can't be looked at: read as a file, which says why
        return False


def _skipped(name: str) -> bool:
    return name.startswith((".", "_"))


def _is_content(name: str) -> bool:
    return name.endswith((".md", *YAML_SUFFIXES)) and name.lower() != "readme.md"


def folder_contribution(path: Path) -> Contribution:
    """The content files of a folder (or one file) that a user names."""
    origin = Origin(kind="folder", name=str(path))
    return Contribution(origin, files=list(iter_content_files(path, str(path))))


def read_content(
    contributions: Iterable[Contribution], base: ContentSet | None = None
) -> ContentSet:
    """Read and validate content from every origin together.

    Origins are taken in a fixed order (core, plugins, folders; by name), so the result never
    depends on the order in which plugins were installed. References may also point into
    ``base``, and ids may not clash with it.
    """
    with collector_paused():
        return _read_content(contributions, base)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while thousands of small objects are made and kept.

    Content makes no reference cycles worth collecting, and on large folders the collector
    otherwise rescans everything kept so far, again and again. Work whose objects are gone by
    the end (as in :func:`normaliseren.validate_paths`) leaves the collector nothing to do.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_content(contributions: Iterable[Contribution], base: ContentSet | None) -> ContentSet:
    result = ContentSet()
    ordered = sorted(contributions, key=lambda c: _ORIGIN_ORDER[c.origin.kind])
    files = sorted(  # core, plugins, folders; by name: the order never depends on installing
        ((shown, entry, c.origin) for c in ordered for shown, entry in c.files),
        key=lambda file: (_ORIGIN_ORDER[file[2].kind], file[2].name, file[0]),
    )
    sources = {key: source for key, (source, _) in (base.sources if base else {}).items()}
    later: list[tuple[ParsedFile, Origin, ParsedFile]] = []
    references: list[Reference] = []
    with closing(read_files([(shown, entry) for shown, entry, _ in files])) as parsed:
        for (_, _, origin), doc in zip(files, parsed, strict=True):  # validated as read
            if isinstance(doc, list):
                result.errors.extend(doc)
                continue
            if doc.data.get("type") == SOURCES_TYPE:
                _exactly(doc, result, partial(_read_sources, result=result, base=base))
                sources.update((key, source) for key, (source, _) in result.sources.items())
                continue
            place = doc.without_data()
            references.extend(_references(doc, place))
            outcome = _validated(doc, sources, origin, place)
            if isinstance(outcome, Item):
                result.items.append(outcome)
            else:  # perhaps for a source a later file defines: tried again once all are read
                later.append((doc, origin, place))
    made = [
        (model, made_place(_made_label(model, c.origin)), c.origin)
        for c in ordered
        for model in c.models
    ]
    for model, doc, _ in made:
        for source in used_sources([model]):
            _add_source(source, doc, ("sources",), result, base)
        data = {"type": model.content_type, **model.model_dump(mode="json")}
        references.extend(_references(made_place(doc.path, data), doc))
    sources.update((key, source) for key, (source, _) in result.sources.items())
    for doc, origin, place in later:
        read = partial(_read_item, sources=sources, origin=origin, result=result, place=place)
        validated = len(result.items)
        used = _exactly(doc, result, read)
        if len(result.items) == validated and used is not None:
            result.unvalidated.append(Unvalidated.of(used, place, origin))
    result.items.extend(Item(model, doc, origin) for model, doc, origin in made)
    result.items.sort(key=lambda i: (_ORIGIN_ORDER[i.origin.kind], i.origin.name, i.file.path))
    _check_memberships(result, base)  # before replaced examples are dropped
    _check_ids(result, base)
    _check_network_documents(result)  # after _check_ids: copies are gone, clashes reported
    _check_references(references, result, base)
    _check_outcomes(result, base)
    _check_translations(result, base)
    return result


MEMBER_CLAIMS = (Membership.CONFIRMED, Membership.NAMED_IN_MAGAZINE)
"""Memberships that count an example among the thirteen of *De kracht van het gewone*."""


def _check_memberships(result: ContentSet, base: ContentSet | None) -> None:
    """Keep the collection's provenance true: which examples are among its thirteen is for the
    shipped content to say, from public sources, so that no folder or plugin pads the set.

    An example of a plugin or folder may claim membership only where a shipped example of
    its id is a member the same way: it is a copy of that one (the shipped files given to
    ``validate``), replaces it, or clashes with it (an error of its own).
    """
    items = [*(base.items if base else []), *result.items]
    shipped = {
        i.model.id: i.model.membership
        for i in items
        if isinstance(i.model, Example) and i.origin.kind == CORE.kind
    }
    for item in result.items:
        model = item.model
        if (
            isinstance(model, Example)
            and item.origin.kind != CORE.kind
            and model.membership in MEMBER_CLAIMS
            and shipped.get(model.id) != model.membership
        ):
            message = (
                f"{model.membership.value!r} counts an example among the thirteen of De kracht "
                "van het gewone, which the shipped content records from public sources; use "
                "'related' (and propose a member of the thirteen for the shipped content)"
            )
            result.errors.append(_problem(item.file, ("membership",), "membership-claim", message))


NETWORK_DOCUMENTS: Mapping[type[Document], str] = {
    Principle: "the principles are the six of the Leernetwerk Normaliseren",
    RouteStep: "the route is the four steps the Leernetwerk Normaliseren took",
    Lesson: "the lessons are what the Leernetwerk Normaliseren learned",
}
"""The network's own documents, by type: only the shipped content, from its sources, has them."""


def _check_network_documents(result: ContentSet) -> None:
    """Keep the network's own work its own: a folder or plugin that added a principle, a route
    step or a lesson would have it shown as the network's (the six principles on the site, in
    the infographics). Examples, sources, translations and curriculum material may be added.
    """
    for item in result.items:
        whose = NETWORK_DOCUMENTS.get(type(item.model))
        if whose is None or item.origin.kind == CORE.kind:
            continue
        message = (
            f"{whose}, as the shipped content records from public sources; a {item.origin.kind} "
            "cannot add one. Write a practice of your own as an example, and teaching material "
            "as a course lesson or activity. (Changing the shipped content itself? Check it "
            "with the package installed from your checkout: pip install -e .)"
        )
        result.errors.append(_problem(item.file, ("type",), "network-document", message))


def made_place(label: str, data: dict[str, Any] | None = None) -> ParsedFile:
    """Where a document made in Python is, for messages: a label, and no file or lines."""
    return ParsedFile(label, data or {}, "", 0, {}, front_matter_only=True, offset=0)


def made_problems(label: str, exc: ValidationError, model: type[ContentModel]) -> list[str]:
    """Why a document made in Python does not validate, said as for a file's."""
    return [problem.format() for problem in _pydantic_problems(made_place(label), exc, model)]


def _made_label(model: Document, origin: Origin) -> str:
    return f"{origin.label()}: {model.content_type} {getattr(model, 'id', '')}".strip()


def _check_translations(result: ContentSet, base: ContentSet | None) -> None:
    """Translations must fit their document and be current; documents should have them."""
    items = [*(base.items if base else []), *result.items]
    documents = {document_key(i.model): i for i in items if not isinstance(i.model, Translation)}
    with_errors = {(u.kind, u.id or u.kind) for u in result.unvalidated}  # errors reported
    replaced = {r.id for r in result.replacements}

    def of_replaced(item: Item, model: Translation) -> bool:
        """Whether ``model`` translates a document that another origin replaced."""
        target = documents.get((model.kind, model.of))
        return target is not None and target.origin != item.origin and model.of in replaced

    for item in result.items:
        model = item.model
        if not isinstance(model, Translation) or of_replaced(item, model):
            continue
        target = documents.get((model.kind, model.of))
        if target is None and (model.kind, model.of) in with_errors:
            continue
        if target is None:
            same_kind = [key for kind, key in documents if kind == model.kind]
            hint = did_you_mean(model.of, same_kind)
            message = f"translates {model.kind} {model.of!r}, which does not exist{hint}"
            result.errors.append(_problem(item.file, ("of",), "unknown-document", message))
            continue
        for path, message in problems_with(model, target.model):
            result.errors.append(_problem(item.file, path, "invalid-translation", message))
        current = text_hash(target.model)
        if model.translates != current:
            message = (
                f"the Dutch text changed since this translation was stamped (stamp "
                f"{model.translates}, the Dutch text's is now {current})"
                if model.translates
                else f"not stamped with the Dutch text it translates (its stamp: {current})"
            ) + "; check the translation, then run: normaliseren translations stamp PATH"
            stale = _problem(item.file, ("translates",), "stale-translation", message)
            result.errors.append(dataclasses.replace(stale, severity="warning"))
    available = {  # stale ones are reported as stale, not again as missing
        (i.model.kind, i.model.of, i.model.lang)
        for i in items
        if isinstance(i.model, Translation) and not of_replaced(i, i.model)
    }
    for item in result.items:
        kind, key = document_key(item.model)
        if kind not in TRANSLATABLE:
            continue
        for lang in TRANSLATED_LANGS:
            if (kind, key, lang) not in available:
                message = f"no {lang} translation; readers in {lang} see the Dutch text"
                result.errors.append(
                    ContentError(item.file.path, 1, None, "missing-translation", message, "warning")
                )


_ORIGIN_ORDER = {"core": 0, "plugin": 1, "folder": 2}


def _exactly(
    doc: ParsedFile, result: ContentSet, read: Callable[[ParsedFile], None]
) -> ParsedFile | None:
    """``read(doc)``; where it finds a problem in a fast-read file, read that file again.

    The reference reader then has the last word: it refuses what the fast reader lets through
    (see :mod:`normaliseren.frontmatter`), and the problems are reported as it reads them.
    Returns the file as last read, or ``None`` where the reference reader refused it.
    """
    before = len(result.errors)
    read(doc)
    if doc.exact or len(result.errors) == before:
        return doc
    del result.errors[before:]
    try:
        exact = doc.reread()
    except ContentErrors as exc:
        result.errors.extend(exc.errors)
        return None
    read(exact)
    return exact


def _problem(doc: ParsedFile, field_path: FieldPath, code: str, message: str) -> ContentError:
    return ContentError(
        doc.path, doc.line_of(field_path), format_field(field_path) or None, code, message
    )


class SourceFile(ContentModel):
    """The front matter of a ``type: sources`` file."""

    sources: tuple[Source, ...]


def _read_sources(doc: ParsedFile, result: ContentSet, base: ContentSet | None) -> None:
    data = {k: v for k, v in doc.data.items() if k != "type"}
    try:
        listing = SourceFile.model_validate(data)
    except ValidationError as exc:
        result.errors.extend(_pydantic_problems(doc, exc, SourceFile))
        return
    for index, source in enumerate(listing.sources):
        _add_source(source, doc, ("sources", index, "id"), result, base)


def _add_source(
    source: Source, doc: ParsedFile, where: FieldPath, result: ContentSet, base: ContentSet | None
) -> None:
    """Register a source; the same source twice is one, a different one with its id an error."""
    earlier = result.sources.get(source.id) or (base.sources.get(source.id) if base else None)
    if earlier is None:
        result.sources[source.id] = (source, doc)
    elif earlier[0] != source:
        first = earlier[1]
        at = first.place_of(source_path(first, source.id))
        message = (
            f"source {source.id!r} is also defined, differently, at {at}; give yours another "
            "id, or cite that one as it is"
        )
        result.errors.append(_problem(doc, where, "duplicate-id", message))


def source_path(doc: ParsedFile, source_id: str) -> FieldPath:
    """Where in the sources file ``doc`` the source ``source_id`` is defined: its ``id``."""
    for index, entry in enumerate(doc.data.get("sources", [])):
        if isinstance(entry, dict) and entry.get("id") == source_id:
            return ("sources", index, "id")
    return ("sources",)


def _read_item(
    doc: ParsedFile,
    sources: Mapping[str, Source],
    origin: Origin,
    result: ContentSet,
    place: ParsedFile,
) -> None:
    """Validate one document into ``result``: its item, or its problems."""
    outcome = _validated(doc, sources, origin, place)
    if isinstance(outcome, Item):
        result.items.append(outcome)
    else:
        result.errors.extend(outcome)


def _validated(
    doc: ParsedFile, sources: Mapping[str, Source], origin: Origin, place: ParsedFile
) -> Item | list[ContentError]:
    """One document validated; its item keeps ``place`` (the file without its data)."""
    kind = doc.data.get("type")
    model = MODELS_BY_TYPE.get(kind) if isinstance(kind, str) else None
    if model is None:
        known = sorted([*MODELS_BY_TYPE, SOURCES_TYPE])
        if kind is None:
            message = f"front matter needs a 'type' field, one of: {', '.join(known)}"
            return [ContentError(doc.path, 2, "type", "missing-field", message)]
        hint = did_you_mean(str(kind), known) or f"; use one of: {', '.join(known)}"
        message = f"unknown content type {kind!r}{hint}"
        return [_problem(doc, ("type",), "unknown-type", message)]
    data = dict(doc.data)
    del data["type"]
    if doc.front_matter_only:
        pass  # a .yaml file names its body field like any other
    elif model.body_field in data:
        message = f"{model.body_field!r} is the Markdown body of the file, not a front matter field"
        return [_problem(doc, (model.body_field,), "body-in-front-matter", message)]
    else:
        data[model.body_field] = doc.body
    try:
        item = model.model_validate(data, context={"sources": sources})
    except ValidationError as exc:
        return list(_pydantic_problems(doc, exc, model))
    return Item(item, place, origin)


_WRONG_TYPE = ("_type", "_parsing")
_OWN_CODES = {
    "unknown_source": "unknown-source",
    "source_not_named": "wrong-type",
    "case_needs_example": "missing-field",
}
"""The models' own errors, by pydantic error type."""


class _Messages:
    """Plain-language messages for the pydantic errors contributors meet most."""

    patterns: ClassVar[dict[str, str]] = {
        SLUG_PATTERN: (
            "must be an id: lower-case letters and digits in words joined by single hyphens"
        ),
        r"\S": "must not be empty",
        r"^[^\n]*\S[^\n]*$": "must be one line of text, not empty",
    }

    @classmethod
    def of(cls, error: ErrorDetails, model: type[ContentModel]) -> tuple[str, str]:
        kind = error["type"]
        value = error.get("input")
        if kind in _OWN_CODES:
            return _OWN_CODES[kind], error["msg"]
        if kind == "extra_forbidden":
            name = str(error["loc"][-1])
            hint = did_you_mean(name, _all_fields(model))
            return "unknown-field", f"unknown field {name!r}{hint}"
        if kind == "missing":
            return "missing-field", "required field is missing"
        if kind == "model_type":
            return "wrong-type", cls._mapping_of(error, model)
        if kind in ("tuple_type", "list_type"):
            shown = _short(value)
            message = f"must be a list, such as [{value}]" if isinstance(value, str) else ""
            return "wrong-type", f"{message or 'must be a list'} (got {_type_name(value)} {shown})"
        if kind == "too_short":
            least = (error.get("ctx") or {}).get("min_length", 1)
            return "invalid-value", f"must list at least {least} value(s) (got {_short(value)})"
        if kind in ("url_parsing", "url_scheme"):
            return "invalid-value", cls._web_address(value)
        if kind == "enum":
            allowed = re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))
            hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
            return "invalid-value", f"{error['msg']} (got {_short(value)}){hint}"
        if kind == "string_pattern_mismatch":
            pattern = str((error.get("ctx") or {}).get("pattern", ""))
            message = cls.patterns.get(pattern, error["msg"])
            return "invalid-value", f"{message} (got {_short(value)})"
        if kind.startswith(("date_", "datetime_")):
            if _DATE.fullmatch(str(value)):  # written as asked, but no such day
                return "invalid-value", f"is not a date that exists (got {_short(value)})"
            return (
                "wrong-type",
                f"must be a date written as YYYY-MM-DD, such as 2023-10-31 (got {_short(value)})",
            )
        if kind == "int_type" and isinstance(value, str) and value.strip().isdigit():
            return (
                "wrong-type",
                f"must be a number, written without quotes (got text {_short(value)})",
            )
        if kind in ("int_type", "int_parsing", "int_from_float"):
            got = f"{_type_name(value)} {_short(value)}"
            return "wrong-type", f"must be a whole number, such as 20 (got {got})"
        if kind.endswith(_WRONG_TYPE):
            return "wrong-type", f"{error['msg']} (got {_type_name(value)} {_short(value)})"
        message = error["msg"].removeprefix("Value error, ")
        return "invalid-value", f"{message} (got {_short(value)})"

    @staticmethod
    def _mapping_of(error: ErrorDetails, model: type[ContentModel]) -> str:
        """What to write where a mapping is wanted: its fields, the required ones named."""
        name = (error.get("ctx") or {}).get("class_name")
        wanted = next((m for m in _models_in(model) if m.__name__ == name), None)
        got = f"(got {_type_name(error.get('input'))} {_short(error.get('input'))})"
        if wanted is None:
            return f"{error['msg']} {got}"
        fields = wanted.model_fields
        required = [field for field, info in fields.items() if info.is_required()]
        needs = f"; required: {', '.join(required)}" if required else ""
        return f"must be a mapping with the fields {', '.join(fields)}{needs} {got}"

    @staticmethod
    def _web_address(value: Any) -> str:
        """A web address must be whole: with its scheme, which is most often left out."""
        hint = ""
        if isinstance(value, str) and _HOST_ONLY.fullmatch(value.strip()):
            hint = f"; did you mean 'https://{value.strip()}'?"
        return f"must be a full web address that starts with https:// (got {_short(value)}){hint}"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
"""A date written as asked (``YYYY-MM-DD``), if perhaps not one that exists."""

_HOST_ONLY = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?")
"""An address without its scheme (``www.ease.nl/over``), to which ``https://`` is suggested."""


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer of more digits than Python will write
        return "a number too long to show"
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    return {
        str: "text",
        int: "number",
        float: "number",
        bool: "true/false",
        list: "list",
        dict: "mapping",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _all_fields(model: type[ContentModel]) -> set[str]:
    names: set[str] = set()
    stack: list[type[ContentModel]] = [model]
    while stack:
        current = stack.pop()
        for name, info in current.model_fields.items():
            if name not in names:
                names.add(name)
                stack.extend(_nested_models(info.annotation))
    return names


def _models_in(model: type[ContentModel]) -> Iterator[type[ContentModel]]:
    """``model`` and every model its fields hold, at any depth."""
    seen: set[type[ContentModel]] = set()
    stack = [model]
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            yield current
            for info in current.model_fields.values():
                stack.extend(_nested_models(info.annotation))


def _nested_models(annotation: Any) -> Iterator[type[ContentModel]]:
    if isinstance(annotation, type) and issubclass(annotation, ContentModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _nested_models(arg)


def _pydantic_problems(
    doc: ParsedFile, exc: ValidationError, model: type[ContentModel]
) -> Iterator[ContentError]:
    """Map pydantic's errors to content problems, leaving out the ones that only echo others.

    An unknown field that is a misspelling of a missing one is reported once, as unknown; a
    list that is too short only because its items failed is not reported on its own.
    """
    errors = exc.errors(include_url=False)
    located = [tuple(e["loc"]) for e in errors if e["type"] != "too_short"]
    misspelled = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            *parent, name = error["loc"]
            for close in close_matches(str(name), _all_fields(model))[:1]:
                misspelled.add((*parent, close))
    body_field = getattr(model, "body_field", None)
    for error in errors:
        loc: FieldPath = tuple(error["loc"])
        if error["type"] == "missing" and loc in misspelled:
            continue
        if error["type"] == "too_short" and any(
            len(other) > len(loc) and other[: len(loc)] == loc for other in located
        ):
            continue
        code, message = _Messages.of(error, model)
        if loc and loc[0] == body_field and not doc.front_matter_only:
            name = f"{body_field} (the Markdown body)"
            yield ContentError(doc.path, doc.body_line, name, code, message)
        else:
            yield ContentError(doc.path, doc.line_of(loc), format_field(loc) or None, code, message)


def _keys(model: Document) -> list[tuple[str, object]]:
    """What must be unique among documents of one type: the id, or the document itself."""
    if isinstance(model, Translation):
        return [("of", f"{model.kind}:{model.of}:{model.lang}")]
    keys: list[tuple[str, object]] = [("id", getattr(model, "id", None))]
    if isinstance(model, Principle | RouteStep):
        keys.append(("number", model.number))
    return keys


def _check_ids(result: ContentSet, base: ContentSet | None) -> None:
    """Refuse an id (or the number of a principle or step) that two documents of a type use.

    Identical documents are one document. An example that declares ``replaces: true`` takes
    the place of the other and the replacement is recorded; otherwise both origins are named in
    an error. ``base`` (the core) counts as read first.
    """
    seen: dict[tuple[str, str, object], Item] = {}
    dropped: set[int] = set()
    for item in [*(base.items if base else []), *result.items]:
        kind = item.model.content_type
        keys = [(kind, attribute, value) for attribute, value in _keys(item.model)]
        clash = next((key for key in keys if key in seen), None)
        if clash is None:
            seen.update(dict.fromkeys(keys, item))
            continue
        earlier = seen[clash]
        if earlier.model == item.model:
            dropped.add(id(item))
            continue
        winner = _replacing(earlier, item)
        if winner is not None:
            loser = item if winner is earlier else earlier
            dropped.add(id(loser))
            seen.update(dict.fromkeys(keys, winner))
            replaced = Replacement(id=clash[2], by=winner.origin, replaced=loser.origin)
            result.replacements.append(replaced)
            continue
        dropped.add(id(item))
        attribute, value = clash[1], clash[2]
        result.errors.append(_clash(kind, attribute, value, earlier, item))
    result.items = [item for item in result.items if id(item) not in dropped]
    taken: dict[tuple[str, str, object], Item | Unvalidated] = dict(seen)
    for document in result.unvalidated:  # an id used twice, also in a file with other errors
        key = (document.kind, "id", document.id)
        if document.id is None or document.replaces:
            continue
        if key in taken:
            result.errors.append(_clash(document.kind, "id", document.id, taken[key], document))
        else:
            taken[key] = document


def _clash(
    kind: str, attribute: str, value: object, earlier: Item | Unvalidated, item: Item | Unvalidated
) -> ContentError:
    """The error for ``item``, which uses the ``attribute`` that ``earlier`` uses too."""
    where: FieldPath = (attribute,) if value is not None else ("type",)
    at = earlier.file.place_of(where)
    if earlier.origin != item.origin:
        at += f" ({earlier.origin.label()})"
    if value is None:
        message = f"there can be only one {kind}; another is at {at}"
    else:
        message = f"{kind} {attribute} {value!r} is also used at {at}"
        if kind == Example.content_type and earlier.origin != item.origin:
            message += "; choose another id, or add 'replaces: true' to replace that example"
    return _problem(item.file, where, f"duplicate-{attribute}", message)


def _replacing(first: Item, second: Item) -> Item | None:
    """The one of two clashing examples that declares it replaces the other, if just one does."""
    claims = [i for i in (first, second) if isinstance(i.model, Example) and i.model.replaces]
    return claims[0] if len(claims) == 1 and first.origin != second.origin else None


REFERENCES: Mapping[str, tuple[tuple[FieldPath, str], ...]] = {
    "example": ((("principles", "*", "id"), "principle"),),
    "activity": ((("principles", "*"), "principle"), (("example",), "example")),
    "course-lesson": (
        (("outcomes", "*", "principles", "*"), "principle"),
        (("activities", "*"), "activity"),
    ),
    "module": (
        (("lessons", "*"), "course-lesson"),
        (("principles", "*"), "principle"),
        (("examples", "*"), "example"),
        (("assessment", "*", "outcomes", "*"), "outcome"),
    ),
}
"""Fields that name other documents by id: (path, where ``*`` is any list index; kind)."""


def _at(value: Any, pattern: FieldPath) -> list[tuple[FieldPath, Any]]:
    """The values at ``pattern`` in raw front matter, with their paths."""
    found: list[tuple[FieldPath, Any]] = [((), value)]
    for head in pattern:
        if head == "*":
            found = [
                ((*where, index), item)
                for where, items in found
                if isinstance(items, list)
                for index, item in enumerate(items)
            ]
        else:
            found = [
                ((*where, head), parent[head])
                for where, parent in found
                if isinstance(parent, dict) and head in parent
            ]
    return found


def _check_outcomes(result: ContentSet, base: ContentSet | None) -> None:
    """A module's assessment names outcomes by id: each id is one outcome, of a course lesson
    of that module."""
    ours = {id(item) for item in result.items}  # base's are checked already
    owners: dict[str, list[tuple[Item, CourseLesson, int]]] = {}  # by outcome id: where used
    for item in [*(base.items if base else []), *result.items]:
        lesson = item.model
        if not isinstance(lesson, CourseLesson):
            continue
        for index, outcome in enumerate(lesson.outcomes):
            earlier = owners.setdefault(outcome.id, [])
            if earlier and id(item) in ours:
                first, first_lesson, place = earlier[0]
                at = first.file.place_of(("outcomes", place, "id"))
                if first is not item:
                    at += f" (course lesson {first_lesson.id!r})"
                message = (
                    f"outcome id {outcome.id!r} is also used at {at}; a module's assessment "
                    "names outcomes by id, so give this one an id of its own"
                )
                where: FieldPath = ("outcomes", index, "id")
                result.errors.append(_problem(item.file, where, "duplicate-outcome", message))
            earlier.append((item, lesson, index))
    for item in result.items:
        if not isinstance(item.model, Module):
            continue
        included = set(item.model.lessons)
        for index, criterion in enumerate(item.model.assessment):
            for number, wanted in enumerate(criterion.outcomes):
                lessons = [lesson.id for _, lesson, _ in owners.get(wanted, [])]
                if not lessons or included.intersection(lessons):
                    continue  # unknown: reported as such; or in the module, as it should be
                message = (
                    f"outcome {wanted!r} belongs to course lesson {lessons[0]!r}, which this "
                    "module does not include; add that lesson to 'lessons', or name an outcome "
                    "of the module's own lessons"
                )
                where = ("assessment", index, "outcomes", number)
                result.errors.append(_problem(item.file, where, "outcome-not-in-module", message))


def _known_ids(result: ContentSet, base: ContentSet | None) -> dict[str, set[str]]:
    known: dict[str, set[str]] = {}
    for item in [*(base.items if base else []), *result.items]:
        model_id = getattr(item.model, "id", None)
        if isinstance(model_id, str):
            known.setdefault(item.model.content_type, set()).add(model_id)
        if isinstance(item.model, CourseLesson):
            known.setdefault("outcome", set()).update(o.id for o in item.model.outcomes)
    for document in result.unvalidated:  # there, with errors of its own: not unknown
        if document.id is not None:
            known.setdefault(document.kind, set()).add(document.id)
        known.setdefault("outcome", set()).update(document.outcomes)
    return known


class Reference(NamedTuple):
    """An id that a file names at ``path``, to be checked once every id is known.

    A named tuple: one is made for every id every file names, and tuples are made fastest.
    """

    file: ParsedFile
    path: FieldPath
    kind: str
    wanted: str


def _references(doc: ParsedFile, place: ParsedFile) -> list[Reference]:
    """Every id ``doc`` names, also in a file with other problems; ``place`` locates them."""
    return [
        Reference(place, path, kind, wanted)
        for pattern, kind in REFERENCES.get(str(doc.data.get("type")), ())
        for path, wanted in _at(doc.data, pattern)
        if isinstance(wanted, str)
    ]


def _check_references(
    references: list[Reference], result: ContentSet, base: ContentSet | None
) -> None:
    known = _known_ids(result, base)
    for ref in references:
        ids = known.get(ref.kind, set())
        if ref.wanted not in ids and _SLUG.fullmatch(ref.wanted):
            hint = did_you_mean(ref.wanted, ids)
            if not hint and ref.kind == Principle.content_type:  # six: all can be named
                hint = f"; the principles are {', '.join(map(repr, sorted(ids)))}"
            message = f"unknown {ref.kind} {ref.wanted!r}{hint}"
            result.errors.append(_problem(ref.file, ref.path, f"unknown-{ref.kind}", message))


def dump_content_file(model: Document) -> str:
    """Write a model as a content file that :func:`read_content` reads back as an equal model.

    Sources are written as ids; a file of ``type: sources`` must define them.
    """
    data = model.model_dump(mode="json", exclude={model.body_field})
    body: str = getattr(model, model.body_field)
    return render_document({"type": model.content_type, **_source_ids(data)}, body)


def _source_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: [s["id"] for s in child] if key == "sources" else _source_ids(child)
            for key, child in value.items()
        }
    if isinstance(value, list):
        return [_source_ids(child) for child in value]
    return value


def dump_sources_file(sources: Iterable[Source]) -> str:
    """Write sources as a ``type: sources`` content file."""
    listing = [source.model_dump(mode="json", exclude_none=True) for source in sources]
    return render_document({"type": SOURCES_TYPE, "sources": listing}, "")
