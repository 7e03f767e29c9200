"""The whole library: every model, with indexes, look-ups and queries."""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, Literal, Self, TypeVar

from pydantic import Field, model_validator

from .errors import UnknownIdError, did_you_mean
from .models import (
    CORE,
    Activity,
    Collection,
    ContentModel,
    CourseLesson,
    Document,
    Example,
    Lesson,
    Module,
    Origin,
    Principle,
    PrincipleLink,
    Replacement,
    RouteStep,
    Slug,
    Source,
    Text,
    Vision,
    used_sources,
)
from .text import fold, matches_all
from .translation import TRANSLATABLE, document_key
from .vocabulary import (
    LabelledEnum,
    Lang,
    Membership,
    Setting,
    SupportKind,
    TargetGroup,
    check_lang,
)


class LibraryFinding(ContentModel):
    """A problem that a ``check_library`` plugin found in the library."""

    code: Slug
    """A short, stable name for the rule, e.g. ``needs-website``."""
    message: Text
    item: Slug | None = None
    """The id of the example, principle, step or lesson concerned, if any."""


class CollectionStatus(ContentModel):
    """How much of a collection the library has identified, so that it never pads the set."""

    collection: Collection
    confirmed: tuple[str, ...]
    """Ids of examples that a public source confirms as members."""
    named_in_magazine: tuple[str, ...]
    """Ids of examples that the magazine shows among the network's examples."""

    @property
    def declared_size(self) -> int:
        """How many examples the publication says it has (13)."""
        return self.collection.declared_size

    @property
    def identified(self) -> int:
        """How many of them this library can name."""
        return len(self.confirmed) + len(self.named_in_magazine)

    @property
    def unidentified(self) -> int:
        """How many members are not known from the available sources."""
        return max(0, self.declared_size - self.identified)


@dataclass(frozen=True)
class PrincipleMatrix:
    """Which example embodies which principle: rows are examples, columns principles."""

    principles: tuple[Principle, ...]
    examples: tuple[Example, ...]
    links: Mapping[tuple[str, str], PrincipleLink]
    """``(example id, principle id)`` to the link, for every cell that is filled."""

    def embodies(self, example_id: str, principle_id: str) -> bool:
        """Whether the example embodies the principle, in the library's reading."""
        return (example_id, principle_id) in self.links

    def rows(self) -> tuple[tuple[Example, tuple[bool, ...]], ...]:
        """Each example with one flag per principle, in column order."""
        return tuple(
            (example, tuple(self.embodies(example.id, p.id) for p in self.principles))
            for example in self.examples
        )

    def examples_for(self, principle_id: str) -> tuple[Example, ...]:
        """The examples that embody one principle."""
        return tuple(e for e in self.examples if self.embodies(e.id, principle_id))


DOCUMENT_LISTS = (
    *("principles", "examples", "route", "lessons", "sources", "modules", "course_lessons"),
    "activities",
)
"""The kinds of document a library holds in lists (beside its one vision and collection)."""


EnumT = TypeVar("EnumT", bound=LabelledEnum)


def _member(vocabulary: type[EnumT], value: EnumT | str | None, name: str) -> EnumT | None:
    """``value`` as a member of ``vocabulary``; a :class:`ValueError` names the known values."""
    if value is None:
        return None
    try:
        return vocabulary(value)
    except ValueError:
        known = [member.value for member in vocabulary]
        hint = did_you_mean(str(value), known)
        message = f"unknown {name} {value!r}{hint} (known: {', '.join(known)})"
        raise ValueError(message) from None


_NOT_COPIED = ("_examples", "_fallbacks", "_principles", "_search", "_maker")
"""What a library keeps besides its fields: indexes of them, and the loader's link."""


class Library(ContentModel):
    """The vision, principles, examples, route, lessons and sources, validated as a whole."""

    vision: Vision
    principles: tuple[Principle, ...]
    examples: tuple[Example, ...]
    route: tuple[RouteStep, ...]
    lessons: tuple[Lesson, ...]
    collection: Collection
    sources: tuple[Source, ...]
    lang: Literal["nl", "en"] = "nl"
    """The language of the texts; ``fallbacks`` lists what is shown in Dutch instead."""
    fallbacks: tuple[str, ...] = ()
    """Documents (``kind:id``) without a current translation into ``lang``, shown in Dutch."""
    modules: tuple[Module, ...] = ()
    course_lessons: tuple[CourseLesson, ...] = ()
    activities: tuple[Activity, ...] = ()
    origins: dict[str, Origin] = Field(default_factory=dict)
    """Example id to where the example came from; an example missing here is from the core."""
    curriculum_origins: dict[str, Origin] = Field(default_factory=dict)
    """Curriculum documents (``kind:id`` of modules, course lessons and activities) to where
    they came from; one missing here is from the core."""
    replacements: tuple[Replacement, ...] = ()
    """Examples that a plugin or folder replaced on purpose, and whose they replaced."""

    @model_validator(mode="after")
    def _consistent(self) -> Library:
        for name in DOCUMENT_LISTS:
            ids = [item.id for item in getattr(self, name)]
            doubles = sorted(i for i, n in Counter(ids).items() if n > 1)
            if doubles:
                raise ValueError(f"{name}: ids used twice: {', '.join(doubles)}")
        principle_ids = {p.id for p in self.principles}
        for example in self.examples:
            for link in example.principles:
                if link.id not in principle_ids:
                    raise ValueError(f"example {example.id!r}: unknown principle {link.id!r}")
        self._check_curriculum(principle_ids)
        listed = {s.id: s for s in self.sources}
        missing = [
            s.id
            for s in used_sources(
                (
                    self.vision,
                    *self.principles,
                    *self.examples,
                    *self.route,
                    *self.lessons,
                    self.collection,
                )
            )
            if listed.get(s.id) is not s and listed.get(s.id) != s  # mostly the same object
        ]
        if missing:
            raise ValueError(f"sources used but not listed: {', '.join(missing)}")
        return self

    def _check_curriculum(self, principle_ids: set[str]) -> None:
        example_ids = {e.id for e in self.examples}
        activity_ids = {a.id for a in self.activities}
        lessons = {lesson.id: lesson for lesson in self.course_lessons}
        for activity in self.activities:
            unknown = set(activity.principles) - principle_ids
            if activity.example is not None and activity.example not in example_ids:
                unknown.add(activity.example)
            if unknown:
                raise ValueError(f"activity {activity.id!r}: unknown ids {sorted(unknown)}")
        for lesson in self.course_lessons:
            unknown = set(lesson.activities) - activity_ids
            unknown |= {p for o in lesson.outcomes for p in o.principles} - principle_ids
            if unknown:
                raise ValueError(f"course lesson {lesson.id!r}: unknown ids {sorted(unknown)}")
        for module in self.modules:
            unknown = set(module.lessons) - set(lessons)
            unknown |= set(module.principles) - principle_ids
            unknown |= set(module.examples) - example_ids
            outcomes = {o.id for i in module.lessons if i in lessons for o in lessons[i].outcomes}
            unknown |= {o for c in module.assessment for o in c.outcomes} - outcomes
            if unknown:
                raise ValueError(f"module {module.id!r}: unknown ids {sorted(unknown)}")

    # Indexes are cached properties, not private attributes: pydantic compares private
    # attributes in ``==``, and a cache must never make two equal libraries differ.
    @cached_property
    def _examples(self) -> dict[str, Example]:
        return {e.id: e for e in self.examples}

    @cached_property
    def _fallbacks(self) -> frozenset[str]:
        return frozenset(self.fallbacks)

    @cached_property
    def _principles(self) -> dict[str, Principle]:
        return {p.id: p for p in self.principles}

    @cached_property
    def _search(self) -> dict[str, str]:
        return {}

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy whose indexes are made again from its own fields, which ``update`` may change."""
        copy = super().model_copy(update=update, deep=deep)
        for name in _NOT_COPIED:
            copy.__dict__.pop(name, None)
        return copy

    def __getstate__(self) -> dict[Any, Any]:
        """What pickle keeps: the fields; indexes are made again, and the loader's link is not
        kept (an unpickled library is one the loader did not make: see :meth:`in_language`)."""
        state = super().__getstate__()
        fields = state["__dict__"]
        state["__dict__"] = {k: v for k, v in fields.items() if k not in _NOT_COPIED}
        return state

    def made_by(self, make: Callable[[Lang], Library]) -> Library:
        """This library, told how to make itself in another language (the loader tells it)."""
        self.__dict__["_maker"] = _Maker(self, make)
        return self

    def in_language(self, lang: Lang) -> Library:
        """This library in ``lang``, made once from the content it was built from.

        Exporters use it to write both languages from one reading of the files. A library the
        loader did not make (read from JSON, or changed with ``model_copy``) has no
        translations to draw on: in English it keeps the Dutch text and lists every document
        as a fallback; a Dutch library cannot be made from an English one.
        """
        check_lang(lang)
        if lang == self.lang:
            return self
        maker = self.__dict__.get("_maker")
        if isinstance(maker, _Maker) and maker.owner() is self:
            return maker.make(lang)
        if self.lang != "nl":
            raise ValueError(f"this {self.lang} library was not loaded: no Dutch text to show")
        documents = (
            self.vision,
            self.collection,
            *self.principles,
            *self.examples,
            *self.route,
            *self.lessons,
            *self.modules,
            *self.course_lessons,
            *self.activities,
        )
        keys = (document_key(d) for d in documents)
        every = sorted(f"{kind}:{id_}" for kind, id_ in keys if kind in TRANSLATABLE)
        return self.model_copy(update={"lang": lang, "fallbacks": tuple(every)})

    def falls_back(self, document: Document) -> bool:
        """Whether ``document`` is shown in Dutch here for lack of a current translation."""
        kind, id_ = document_key(document)
        return f"{kind}:{id_}" in self._fallbacks  # a set: asked once per page and example

    def lang_of(self, document: Document) -> Lang:
        """The language ``document``'s text is in here: the library's, or Dutch where it
        falls back (for a ``lang`` mark in what an exporter writes)."""
        return "nl" if self.falls_back(document) else self.lang

    def origin(self, example_id: str) -> Origin:
        """Where an example came from: the core, a plugin (name and version) or a folder."""
        self.example(example_id)
        return self.origins.get(example_id, CORE)

    def origin_of(self, document: Document) -> Origin:
        """Where a document came from: an example as :meth:`origin` says, a curriculum
        document as :attr:`curriculum_origins` does; the rest is the core's."""
        if isinstance(document, Example):
            return self.origin(document.id)
        kind, id_ = document_key(document)
        return self.curriculum_origins.get(f"{kind}:{id_}", CORE)

    def example(self, example_id: str) -> Example:
        """The example with this id; :class:`UnknownIdError` suggests close ids otherwise."""
        try:
            return self._examples[example_id]
        except KeyError:
            raise UnknownIdError("example", example_id, self._examples) from None

    def principles_of(self, example_id: str) -> tuple[Principle, ...]:
        """The principles an example embodies, in the order of the principles."""
        linked = {link.id for link in self.example(example_id).principles}
        return tuple(p for p in self.principles if p.id in linked)

    def principle(self, principle_id: str) -> Principle:
        """The principle with this id; :class:`UnknownIdError` suggests close ids otherwise."""
        try:
            return self._principles[principle_id]
        except KeyError:
            raise UnknownIdError("principle", principle_id, self._principles) from None

    def find(
        self,
        *,
        principle: str | None = None,
        setting: Setting | str | None = None,
        target_group: TargetGroup | str | None = None,
        support: SupportKind | str | None = None,
        membership: Membership | str | None = None,
        text: str | None = None,
    ) -> tuple[Example, ...]:
        """Examples that meet every given condition, in library order.

        ``text`` matches every word, case- and accent-insensitively, in the name, summary and
        description. Unknown principle ids and vocabulary values raise a clear error.
        """
        if principle is not None:
            self.principle(principle)
        wanted_setting = _member(Setting, setting, "setting")
        wanted_group = _member(TargetGroup, target_group, "target group")
        wanted_support = _member(SupportKind, support, "kind of support")
        wanted_membership = _member(Membership, membership, "membership")
        words = fold(text).split() if text else []
        return tuple(
            example
            for example in self.examples
            if (principle is None or any(link.id == principle for link in example.principles))
            and (wanted_setting is None or wanted_setting in example.settings)
            and (wanted_group is None or wanted_group in example.target_groups)
            and (wanted_support is None or example.support == wanted_support)
            and (wanted_membership is None or example.membership == wanted_membership)
            and (not words or matches_all(self._folded(example), words))
        )

    def _folded(self, example: Example) -> str:
        folded = self._search.get(example.id)
        if folded is None:
            folded = fold(" ".join((example.name, example.summary, example.description)))
            self._search[example.id] = folded
        return folded

    def matrix(self) -> PrincipleMatrix:
        """Which example embodies which principle."""
        links = {
            (example.id, link.id): link for example in self.examples for link in example.principles
        }
        return PrincipleMatrix(self.principles, self.examples, links)

    def collection_status(self) -> CollectionStatus:
        """Which members of the collection are identified, and how many are not."""
        return CollectionStatus(
            collection=self.collection,
            confirmed=self._ids_with(Membership.CONFIRMED),
            named_in_magazine=self._ids_with(Membership.NAMED_IN_MAGAZINE),
        )

    def _ids_with(self, membership: Membership) -> tuple[str, ...]:
        return tuple(e.id for e in self.examples if e.membership == membership)

    def module(self, module_id: str) -> Module:
        """The curriculum module with this id."""
        return _find(self.modules, "module", module_id)

    def course_lesson(self, lesson_id: str) -> CourseLesson:
        """The curriculum lesson with this id."""
        return _find(self.course_lessons, "course lesson", lesson_id)

    def activity(self, activity_id: str) -> Activity:
        """The curriculum activity with this id."""
        return _find(self.activities, "activity", activity_id)

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise UnknownIdError("source", source_id, (s.id for s in self.sources))


class _Maker:
    """How a loaded library makes itself in other languages, each once.

    Kept beside the fields like a cached property; it compares by identity, so it never
    makes two equal libraries differ, and it knows its owner, so a copy does not use it.
    """

    def __init__(self, owner: Library, make: Callable[[Lang], Library]) -> None:
        self.owner = weakref.ref(owner)
        self.make = cache(make)


_T = TypeVar("_T", Module, CourseLesson, Activity)


def _find(items: tuple[_T, ...], kind: str, wanted: str) -> _T:
    for item in items:
        if item.id == wanted:
            return item
    raise UnknownIdError(kind, wanted, (item.id for item in items))
