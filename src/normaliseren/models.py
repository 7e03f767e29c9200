"""The content model: frozen, strict pydantic models for everything the network produced.

Text fields are plain ``str`` on purpose: the Dutch text is the source, and the English
translation (:mod:`normaliseren.translation`, ``docs/translations.md``) is a separate layer
that yields the same models in the other language, so code written against these fields
works in both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path, PureWindowsPath
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import did_you_mean
from .vocabulary import (
    ActivityKind,
    Certainty,
    EducationalLevel,
    Lang,
    LessonKind,
    Membership,
    RecognitionLevel,
    Setting,
    SourceKind,
    SupportKind,
    TargetGroup,
)

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN, max_length=64)]
"""An identifier: lower-case words of letters and digits joined by single hyphens."""

Text = Annotated[str, StringConstraints(strict=True, pattern=r"\S")]
"""Text that is not blank."""

Line = Annotated[str, StringConstraints(strict=True, pattern=r"^[^\n]*\S[^\n]*$")]
"""Text on one line that is not blank."""


def _trim_blank_lines(text: str) -> str:
    return text.strip("\n")


Markdown = Annotated[
    str, StringConstraints(strict=True, pattern=r"\S"), AfterValidator(_trim_blank_lines)
]
"""CommonMark text, not blank; leading and trailing empty lines carry no meaning and go."""

Year = Annotated[StrictInt, Field(ge=1900, le=2100)]
Age = Annotated[StrictInt, Field(ge=0, le=120)]
Number = Annotated[StrictInt, Field(ge=1, le=99)]


class ContentModel(BaseModel):
    """Base of every content model: immutable and closed to unknown fields.

    Every field is written on export, defaults included, so the schema of what is written
    (``mode="serialization"``) requires every field: a reader may count on each key.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=False,
        json_schema_serialization_defaults_required=True,
    )


class Source(ContentModel):
    """A document a fact comes from."""

    id: Slug
    title: Text
    publisher: Text
    year: Year | None = None
    url: HttpUrl | None = None
    kind: SourceKind
    lang: Lang = "nl"
    """The language of its title, so that a page in another language marks it as such."""


def _source_named(value: Any, info: ValidationInfo) -> Any:
    """A content file names a source by its id; the reader passes the sources it knows.

    Models made in Python take :class:`Source` models, and no context.
    """
    known = info.context.get("sources") if isinstance(info.context, dict) else None
    if known is None or isinstance(value, Source):
        return value
    if isinstance(value, str):
        source = known.get(value)
        if source is None:
            message = f"unknown source {value!r}{did_you_mean(value, known)}"
            raise PydanticCustomError("unknown_source", message)
        return source
    message = "a source is named by its id (a text), defined in a sources file"
    raise PydanticCustomError("source_not_named", message)


SourceRef = Annotated[Source, BeforeValidator(_source_named)]
"""A source: in a content file, its id."""

Sources = Annotated[tuple[SourceRef, ...], Field(min_length=1)]


class Statement(ContentModel):
    """One claim with the sources that carry it."""

    text: Text
    sources: Sources


class Document(ContentModel):
    """A content model that is written as one file: front matter plus a Markdown body."""

    content_type: ClassVar[str]
    """The value of ``type:`` in the file's front matter."""
    body_field: ClassVar[str]
    """The field that the Markdown body of the file fills."""


class Vision(Document):
    """The network's shared vision on normaliseren."""

    content_type: ClassVar[str] = "vision"
    body_field: ClassVar[str] = "body"

    title: Text
    statements: Annotated[tuple[Statement, ...], Field(min_length=1)]
    body: Markdown
    sources: Sources


class Principle(Document):
    """One of the six principles of normaliseren."""

    content_type: ClassVar[str] = "principle"
    body_field: ClassVar[str] = "explanation"

    id: Slug
    number: Number
    title: Line
    statement: Text
    explanation: Markdown
    sources: Sources


class Product(ContentModel):
    """What a step of the network's route produced."""

    title: Text
    url: HttpUrl | None = None
    sources: Sources


class StepLabel(ContentModel):
    """A label from the magazine's route graphic, with how sure its pairing to the step is."""

    text: Line
    certainty: Certainty


class RouteStep(Document):
    """One of the four steps the network took."""

    content_type: ClassVar[str] = "route-step"
    body_field: ClassVar[str] = "description"

    id: Slug
    number: Number
    title: Line
    products: tuple[Product, ...] = ()
    label: StepLabel | None = None
    description: Markdown
    sources: Sources


class Lesson(Document):
    """Something the network learned, setbacks included."""

    content_type: ClassVar[str] = "lesson"
    body_field: ClassVar[str] = "body"

    id: Slug
    title: Line
    kind: LessonKind
    body: Markdown
    sources: Sources


class AgeRange(ContentModel):
    """The ages a practice is for, in years; an open end is unknown or unbounded."""

    min: Age | None = None
    max: Age | None = None

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class PrincipleLink(ContentModel):
    """That an example embodies a principle, in the library's own editorial reading."""

    id: Slug
    rationale: Line
    basis: Literal["editorial"] = "editorial"
    """Always ``editorial``: the link is the library's reading, not a claim of the sources."""


class Recognition(ContentModel):
    """A recognition of a practice in the Dutch databases of interventions."""

    level: RecognitionLevel
    date: dt.date | None = None
    committee: Text | None = None
    database_url: HttpUrl | None = None


def each_once(values: tuple[str, ...]) -> tuple[str, ...]:
    """``values``, or a :class:`ValueError` naming each one that is listed more than once."""
    if len(set(values)) == len(values):
        return values
    repeated = sorted({str(v) for v in values if values.count(v) > 1})
    raise ValueError(f"lists {', '.join(map(repr, repeated))} more than once")


class Example(Document):
    """A practice example of normaliseren."""

    content_type: ClassVar[str] = "example"
    body_field: ClassVar[str] = "description"

    id: Slug
    name: Line
    summary: Text
    description: Markdown
    target_groups: tuple[TargetGroup, ...] = ()
    ages: AgeRange | None = None
    settings: tuple[Setting, ...] = ()
    """Where the practice takes place; empty where no source says."""
    support: SupportKind | None = None
    """Informal, formal or both; ``None`` where no source says."""
    organisations: tuple[Line, ...] = ()
    places: tuple[Line, ...] = ()
    website: HttpUrl | None = None
    principles: Annotated[tuple[PrincipleLink, ...], Field(min_length=1)]
    what_works: tuple[Statement, ...] = ()
    """What works, only where a source says so."""
    improvements: tuple[Statement, ...] = ()
    """Points for improvement, only where a source says so."""
    recognition: Recognition | None = None
    membership: Membership
    sources: Sources
    replaces: bool = False
    """Set by a plugin or folder whose example deliberately replaces one with the same id."""

    @field_validator("target_groups", "settings", "organisations", "places")
    @classmethod
    def _no_repeated_values(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return each_once(values)

    @field_validator("principles")
    @classmethod
    def _no_repeated_principles(cls, links: tuple[PrincipleLink, ...]) -> tuple[PrincipleLink, ...]:
        ids = [link.id for link in links]
        if len(set(ids)) == len(ids):
            return links
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"links principle {', '.join(map(repr, repeated))} more than once")
        return links


class Collection(Document):
    """A publication that groups examples: *De Kracht van het Gewone* and its thirteen."""

    content_type: ClassVar[str] = "collection"
    body_field: ClassVar[str] = "description"

    id: Slug
    title: Text
    year: Year | None = None
    declared_size: Annotated[StrictInt, Field(ge=1)]
    description: Markdown
    sources: Sources


Minutes = Annotated[StrictInt, Field(ge=1, le=6000)]


class Activity(Document):
    """Something students do: a reflection, a case, a conversation or a field assignment."""

    content_type: ClassVar[str] = "activity"
    body_field: ClassVar[str] = "instructions"

    id: Slug
    kind: ActivityKind
    title: Line
    minutes: Minutes
    instructions: Markdown
    principles: Annotated[tuple[Slug, ...], Field(min_length=1)]
    example: Annotated[Slug | None, Field(validate_default=True)] = None
    """The practice example a case assignment is built on."""
    teacher_notes: Text | None = None
    """For instructors only."""
    sources: tuple[SourceRef, ...] = ()

    @field_validator("example")
    @classmethod
    def _case_needs_example(cls, example: str | None, info: ValidationInfo) -> str | None:
        """Checked with the fields, not after them: so also said when another field fails."""
        if example is None and info.data.get("kind") == ActivityKind.CASE_ASSIGNMENT:
            raise PydanticCustomError(
                "case_needs_example",
                "a case-assignment names the example it is built on (normaliseren list "
                "examples); or give the activity another kind",
            )
        return example


class LearningOutcome(ContentModel):
    """What a student can do after a lesson, tied to the principles it is about."""

    id: Slug
    text: Line
    principles: Annotated[tuple[Slug, ...], Field(min_length=1)]


class CourseLesson(Document):
    """One lesson of a curriculum module: an introduction, outcomes and activities."""

    content_type: ClassVar[str] = "course-lesson"
    body_field: ClassVar[str] = "introduction"

    id: Slug
    title: Line
    introduction: Markdown
    outcomes: Annotated[tuple[LearningOutcome, ...], Field(min_length=1)]
    activities: Annotated[tuple[Slug, ...], Field(min_length=1)]
    teacher_notes: Text | None = None
    """For instructors only."""
    sources: Sources

    @field_validator("activities")
    @classmethod
    def _activities_once(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return each_once(values)


class AssessmentCriterion(ContentModel):
    """A criterion for assessing students, and the outcomes it assesses."""

    text: Line
    outcomes: Annotated[tuple[Slug, ...], Field(min_length=1)]


class Module(Document):
    """A curriculum module: lessons in order, assessment, and the pages it adds."""

    content_type: ClassVar[str] = "module"
    body_field: ClassVar[str] = "description"

    id: Slug
    title: Line
    description: Markdown
    level: EducationalLevel
    audience: tuple[Line, ...] = ()
    """The programmes it is written for, e.g. Social Work, Educatie."""
    lessons: Annotated[tuple[Slug, ...], Field(min_length=1)]
    principles: tuple[Slug, ...] = ()
    """Principles added as reading pages, for a lecturer's own composition."""
    examples: tuple[Slug, ...] = ()
    """Examples added as case pages, for a lecturer's own composition."""
    assessment: tuple[AssessmentCriterion, ...] = ()
    sources: tuple[SourceRef, ...] = ()

    @field_validator("audience", "lessons", "principles", "examples")
    @classmethod
    def _each_once(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        """A lesson or page named twice would be made twice (and clash in a cartridge)."""
        return each_once(values)


class Origin(ContentModel):
    """Where a document came from: the core, a plugin (with its version) or a folder."""

    kind: Literal["core", "plugin", "folder"]
    name: Text
    version: str | None = None

    def label(self) -> str:
        """``core``, ``plugin NAME VERSION`` or ``folder PATH``, for messages."""
        if self.kind == "core":
            return "core"
        return " ".join(part for part in (self.kind, self.name, self.version) if part)

    def published(self) -> Origin:
        """The origin as exports show it: a content folder by its own name only.

        The rest of its path is where the builder keeps the folder: not for publishing, and
        no reason for the same content to give other bytes.
        """
        if self.kind != "folder":
            return self
        found = _by_own_name(self.name, self.version)
        if found is None:  # named from inside it, as ".": its name is where that is now
            return self.model_copy(update={"name": Path(self.name).resolve().name or self.name})
        return found


@lru_cache(maxsize=256)
def _by_own_name(path: str, version: str | None) -> Origin | None:
    """A folder's origin named by the folder's own name; ``None`` where that is not in it.

    Kept, as exports ask for the origin of each of thousands of examples, mostly the same
    (by strings: they compare much faster than models).
    """
    name = PureWindowsPath(path.rstrip("/\\")).name  # a path of either system
    if name in ("", ".", ".."):
        return None
    return Origin.model_construct(kind="folder", name=name, version=version)  # as it was read


CORE = Origin(kind="core", name="normaliseren")
"""The origin of the shipped content and the built-in exporters."""


class Replacement(ContentModel):
    """A record that one origin's example replaced another's with the same id."""

    id: Slug
    by: Origin
    replaced: Origin


DOCUMENT_TYPES: tuple[type[Document], ...] = (
    Vision,
    Principle,
    RouteStep,
    Lesson,
    Example,
    Collection,
    Activity,
    CourseLesson,
    Module,
)
"""Every kind of content file, by model."""


def _holds_sources(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, ContentModel):
        return annotation is Source or bool(_fields_with_sources(annotation))
    return any(_holds_sources(arg) for arg in get_args(annotation))


@cache
def _fields_with_sources(model: type[ContentModel]) -> tuple[str, ...]:
    """The fields of ``model`` that can hold sources, at any depth (the rest need no walk)."""
    return tuple(
        name for name, info in model.model_fields.items() if _holds_sources(info.annotation)
    )


def used_sources(models: Iterable[ContentModel]) -> tuple[Source, ...]:
    """Every source the models refer to, once each, sorted by id."""
    found: dict[str, Source] = {}
    stack: list[Any] = list(models)
    while stack:
        value = stack.pop()
        if isinstance(value, Source):
            found[value.id] = value
        elif isinstance(value, ContentModel):
            stack.extend(getattr(value, name) for name in _fields_with_sources(type(value)))
        elif isinstance(value, tuple):
            stack.extend(value)
    return tuple(found[key] for key in sorted(found))
