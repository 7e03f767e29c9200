"""The pages of one curriculum module, as HTML (with LearningResource JSON-LD) and Markdown."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from normaliseren.library import Library
from normaliseren.markdown import as_shown, as_text
from normaliseren.models import Activity, CourseLesson, Document, Example, Module, Source
from normaliseren.site.build import Page, principles_reading
from normaliseren.strings import t
from normaliseren.vocabulary import Lang


def duration(minutes: int, lang: Lang = "nl") -> str:
    """``95`` as ``1 uur en 35 minuten`` (or ``1 hour and 35 minutes``)."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(t("hour", lang) if hours == 1 else t("hours", lang, n=hours))
    if rest or not hours:
        parts.append(t("minute", lang) if rest == 1 else t("minutes", lang, n=rest))
    return f" {t('and', lang)} ".join(parts)


def iso_duration(minutes: int) -> str:
    """Minutes as an ISO 8601 duration, as schema.org's ``timeRequired`` wants."""
    return f"PT{minutes}M"


@dataclass(frozen=True)
class ModulePlan:
    """A module with everything it refers to, looked up once."""

    module: Module
    lessons: tuple[tuple[CourseLesson, tuple[Activity, ...]], ...]

    @property
    def minutes(self) -> int:
        return sum(lesson_minutes(activities) for _, activities in self.lessons)


def lesson_minutes(activities: tuple[Activity, ...]) -> int:
    return sum(activity.minutes for activity in activities)


def plan(library: Library, module: Module) -> ModulePlan:
    lessons = tuple(
        (lesson, tuple(library.activity(a) for a in lesson.activities))
        for lesson in (library.course_lesson(i) for i in module.lessons)
    )
    return ModulePlan(module, lessons)


def own_sources(library: Library, activity: Activity) -> tuple[Source, ...]:
    """The sources of an activity that its case (if any) does not already list."""
    if activity.example is None:
        return activity.sources
    shown = {source.id for source in library.example(activity.example).sources}
    return tuple(source for source in activity.sources if source.id not in shown)


def with_notes_linked(library: Library, module: Module, overview: Page) -> Page:
    """The overview of :func:`module_pages`, ending with links to the teacher notes."""
    lessons = [lesson for lesson, _ in plan(library, module).lessons]
    notes = [(lesson, notes_file(lesson)) for lesson in lessons]
    return replace(overview, context=overview.context | {"notes": notes})


def lesson_file(lesson: CourseLesson, suffix: str = ".html") -> str:
    """A lesson's page, named by the lesson's id: it keeps its name when lessons move, and a
    re-import into a learning environment updates the same file."""
    return f"les-{lesson.id}{suffix}"


def notes_file(lesson: CourseLesson, suffix: str = ".html") -> str:
    """The page of a lesson's teacher notes, named as :func:`lesson_file` names the lesson's."""
    return f"docent-{lesson_file(lesson, suffix)}"


def _learning_resource(
    module: Module,
    lang: Lang,
    *,
    name: str,
    minutes: int | None,
    teaches: list[str],
    sources: tuple[Source, ...],
    kind: str,
    role: str = "student",
) -> dict[str, Any]:
    return {
        "@type": "LearningResource",
        "name": name,
        "inLanguage": lang,
        "learningResourceType": kind,
        "educationalLevel": module.level.label(lang),
        "teaches": teaches,
        **({"timeRequired": iso_duration(minutes)} if minutes else {}),
        "audience": {
            "@type": "EducationalAudience",
            "educationalRole": role,
            "audienceType": ", ".join(module.audience) or None,
        },
        "isPartOf": {"@type": "Course", "name": module.title},
        "citation": [
            {"@type": "CreativeWork", "name": s.title, "publisher": s.publisher}
            | ({"url": str(s.url)} if s.url else {})
            for s in sources
        ],
    }


def numbered_outcomes(planned: ModulePlan) -> dict[str, str]:
    """Each learning outcome's id to ``N.I Text``: outcome I of lesson N, as the lessons
    number them, so that an assessment criterion can name its outcomes briefly."""
    return {
        outcome.id: f"{number}.{index} {outcome.text}"
        for number, (lesson, _) in enumerate(planned.lessons, 1)
        for index, outcome in enumerate(lesson.outcomes, 1)
    }


def module_pages(library: Library, module: Module) -> list[Page]:
    """Every page of a module: overview, lessons, teacher notes and reading pages.

    The overview links no teacher notes: in a learning environment only teachers see them.
    :func:`with_notes_linked` gives the overview of the HTML folder, which links them.
    """
    planned = plan(library, module)
    lang = library.lang
    outcomes = {o.id: o.text for lesson, _ in planned.lessons for o in lesson.outcomes}
    numbered = numbered_outcomes(planned)
    owners = {o.id: lesson for lesson, _ in planned.lessons for o in lesson.outcomes}
    extra: list[tuple[Document, str, str]] = [
        (p, p.title, f"principe-{p.id}.html") for p in map(library.principle, module.principles)
    ]
    extra += [(e, e.name, f"voorbeeld-{e.id}.html") for e in map(library.example, module.examples)]
    common = {"module": module, "duration": lambda minutes: duration(minutes, lang)}
    audience = ", ".join(module.audience) or t("higher-education", lang)
    pages = [
        Page(
            "index.html",
            "course_module.html",
            module.title,
            t("module-for", lang, audience=audience),
            _learning_resource(
                module,
                lang,
                name=module.title,
                minutes=planned.minutes,
                teaches=list(outcomes.values()),
                sources=module.sources,
                kind="course",
            ),
            common
            | {
                "minutes": planned.minutes,
                "lessons": [
                    (lesson, lesson_file(lesson), lesson_minutes(acts))
                    for lesson, acts in planned.lessons
                ],
                "extra": extra,
                "outcome_titles": lambda ids: [(numbered[i], owners[i]) for i in ids],
                "notes": [],
            },
        )
    ]
    for number, (lesson, activities) in enumerate(planned.lessons, 1):
        minutes = lesson_minutes(activities)
        context = common | {
            "lesson": lesson,
            "activities": activities,
            "number": number,
            "minutes": minutes,
            "principles_named": lambda ids: [library.principle(i) for i in ids],
            "own_sources": partial(own_sources, library),
        }
        teaches = [o.text for o in lesson.outcomes]
        pages.append(
            Page(
                lesson_file(lesson),
                "course_lesson.html",
                lesson.title,
                t("lesson-of", lang, number=number, module=module.title),
                _learning_resource(
                    module,
                    lang,
                    name=lesson.title,
                    minutes=minutes,
                    teaches=teaches,
                    sources=lesson.sources,
                    kind="lesson",
                ),
                context,
            )
        )
        pages.append(
            Page(
                notes_file(lesson),
                "course_notes.html",
                f"{t('teacher-notes', lang)}: {lesson.title}",
                t("teacher-notes-of", lang, number=number, module=module.title),
                _learning_resource(
                    module,
                    lang,
                    name=f"{t('teacher-notes', lang)}: {lesson.title}",
                    minutes=minutes,
                    teaches=teaches,
                    sources=lesson.sources,
                    kind="lesson plan",
                    role="teacher",
                ),
                context,
            )
        )
    for principle in map(library.principle, module.principles):
        pages.append(
            _reading(
                module,
                principle,
                lang,
                common,
                path=f"principe-{principle.id}.html",
                kicker=t("principle", lang).lower(),
                heading=principle.title,
                lead=principle.statement,
                badge=None,
                body=principle.explanation,
                sources=principle.sources,
            )
        )
    for example in map(library.example, module.examples):
        pages.append(
            _reading(
                module,
                example,
                lang,
                common,
                path=f"voorbeeld-{example.id}.html",
                kicker=t("case", lang).lower(),
                heading=example.name,
                lead=example.summary,
                badge=example.membership.label(lang),
                body=example.description,
                sources=example.sources,
            )
        )
    return pages


def _reading(
    module: Module,
    document: Document,
    lang: Lang,
    common: dict[str, Any],
    *,
    path: str,
    kicker: str,
    heading: str,
    lead: str,
    badge: str | None,
    body: str,
    sources: tuple[Source, ...],
) -> Page:
    return Page(
        path,
        "course_reading.html",
        heading,
        lead,
        _learning_resource(
            module,
            lang,
            name=heading,
            minutes=None,
            teaches=[lead],
            sources=sources,
            kind="reading",
        ),
        common
        | {
            "document": document,
            "kicker": kicker,
            "heading": heading,
            "lead": lead,
            "badge": badge,
            "body": body,
            "sources": sources,
        },
    )


def navigation(library: Library, module: Module) -> list[tuple[str, str]]:
    """Links between the student pages of a module (teacher notes are not in it)."""
    planned = plan(library, module)
    lang = library.lang
    return [("index.html", t("overview", lang))] + [
        (lesson_file(lesson), t("lesson-number", lang, number=n))
        for n, (lesson, _) in enumerate(planned.lessons, 1)
    ]


def _cite(lang: Lang, source: Source) -> str:
    """A source as a Markdown list item, as the pages cite it; its texts escaped, as
    everything content says."""
    year = f" ({source.year})" if source.year else ""
    title = f"*{as_text(source.title)}*"
    if source.url:
        url = str(source.url)
        target = f"<{url}>" if "(" in url or ")" in url else url  # a ")" would end the link
        title = f"[{as_text(source.title)}]({target})"
    return f"- {as_text(source.publisher)}{year}: {title} ({source.kind.label(lang)})"


def _fallback_note(library: Library, document: Document) -> list[str]:
    """The note that a text is shown in Dutch for lack of a translation, as Markdown lines."""
    return [f"_{t('fallback', library.lang)}_", ""] if library.falls_back(document) else []


def _principle_lines(library: Library, example: Example) -> list[str]:
    """The principles the library links to ``example``, each with its reason, as a list."""
    return [
        f"- {as_text(library.principle(link.id).title)}: {as_text(link.rationale)}"
        for link in example.principles
    ]


def _quoted(lines: list[str]) -> list[str]:
    """Lines inside a block quote, a case's box in Markdown (its empty lines as ``>``)."""
    return [f"> {line}".rstrip() for text in lines for line in text.split("\n")]


def _readings_markdown(library: Library, module: Module) -> dict[str, tuple[str, str]]:
    """The reading pages a module adds, as Markdown: file name to (title, text)."""
    lang = library.lang
    say, cite = partial(t, lang=lang), partial(_cite, lang)
    found: dict[str, tuple[str, str]] = {}
    for principle in map(library.principle, module.principles):
        text = [f"# {as_text(principle.title)}", "", *_fallback_note(library, principle)]
        text += [as_text(principle.statement), "", as_shown(principle.explanation), ""]
        text += [f"## {say('sources')}", "", *map(cite, principle.sources)]
        found[f"principe-{principle.id}.md"] = (principle.title, "\n".join(text) + "\n")
    for example in map(library.example, module.examples):
        text = [f"# {as_text(example.name)}", "", *_fallback_note(library, example)]
        text += [f"_{example.membership.label(lang)}_", ""]
        text += [as_text(example.summary), "", as_shown(example.description), ""]
        reading = as_text(principles_reading(library, example))
        text += [f"## {say('principles')}", "", f"_{reading}_", ""]
        text += _principle_lines(library, example)
        text += ["", f"## {say('sources')}", "", *map(cite, example.sources)]
        found[f"voorbeeld-{example.id}.md"] = (example.name, "\n".join(text) + "\n")
    return found


def module_markdown(library: Library, module: Module) -> dict[str, str]:
    """The same module as Markdown files, for teachers without a learning environment."""
    planned = plan(library, module)
    lang = library.lang
    say, cite = partial(t, lang=lang), partial(_cite, lang)

    files: dict[str, str] = {}
    overview = [f"# {as_text(module.title)}", "", *_fallback_note(library, module)]
    overview += [f"{say('level')}: {module.level.label(lang)}  "]
    overview += [f"{say('for')}: {as_text(', '.join(module.audience))}  "]
    overview += [f"{say('time')}: {duration(planned.minutes, lang)}", ""]
    overview += [as_shown(module.description), "", f"## {say('nav-lessons')}", ""]
    for number, (lesson, activities) in enumerate(planned.lessons, 1):
        minutes = duration(lesson_minutes(activities), lang)
        overview.append(
            f"{number}. [{as_text(lesson.title)}]({lesson_file(lesson, '.md')}) ({minutes})"
        )
    readings = _readings_markdown(library, module)
    if readings:
        overview += ["", f"## {say('to-read')}", ""]
        overview += [f"- [{as_text(title)}]({name})" for name, (title, _) in readings.items()]
        files.update((name, text) for name, (_, text) in readings.items())
    outcomes = {key: as_text(text) for key, text in numbered_outcomes(planned).items()}
    overview += ["", f"## {say('assessment')}", ""]
    for n, criterion in enumerate(module.assessment, 1):  # its outcomes a list within its item
        within = " " * len(f"{n}. ")
        overview.append(f"{n}. {as_text(criterion.text)} {say('outcomes')}:")
        overview += ["", *(f"{within}- {outcomes[i]}" for i in criterion.outcomes), ""]
    if not module.assessment:
        overview.append(f"_{say('no-assessment')}_")
    if module.sources:
        overview += ["", f"## {say('sources')}", "", *map(cite, module.sources)]
    overview += ["", f"## {say('teacher-notes')}", ""]
    overview += [
        f"- [{as_text(lesson.title)}]({notes_file(lesson, '.md')})" for lesson, _ in planned.lessons
    ]
    files["index.md"] = "\n".join(overview) + "\n"
    for number, (lesson, activities) in enumerate(planned.lessons, 1):
        text = [
            f"# {say('lesson-number', number=number)}: {as_text(lesson.title)}",
            "",
            *_fallback_note(library, lesson),
            f"{say('time')}: {duration(lesson_minutes(activities), lang)}",
            "",
            f"## {say('outcomes')}",
            "",
        ]
        text += [f"- {number}.{i} {as_text(o.text)}" for i, o in enumerate(lesson.outcomes, 1)]
        text += ["", as_shown(lesson.introduction), "", f"## {say('activities')}", ""]
        notes = [
            f"# {say('teacher-notes')}: {as_text(lesson.title)}",
            "",
            as_shown(lesson.teacher_notes)
            if lesson.teacher_notes
            else f"_{say('no-lesson-notes')}_",
            "",
        ]
        for index, activity in enumerate(activities, 1):
            text += [
                f"### {index}. {as_text(activity.title)}",
                "",
                *_fallback_note(library, activity),
                f"{activity.kind.label(lang)}, {duration(activity.minutes, lang)}",
                "",
                as_shown(activity.instructions),
                "",
            ]
            if activity.example:
                case = library.example(activity.example)
                box = [
                    f"**{say('case')}: {as_text(case.name)}** ({case.membership.label(lang)})",
                    "",
                    as_text(case.summary),
                    "",
                    as_shown(case.description),
                    "",
                    f"**{say('principles')}** _{as_text(principles_reading(library, case))}_",
                    "",
                    *_principle_lines(library, case),
                    "",
                    say("case-sources"),
                    "",
                    *map(cite, case.sources),
                ]
                text += [*_quoted(box), ""]
            own = own_sources(library, activity)
            if own:  # labelled: right after the instructions' own list, it would join it
                text += [say("activity-sources"), "", *map(cite, own), ""]
            notes += [
                f"## {index}. {as_text(activity.title)}",
                "",
                as_shown(activity.teacher_notes)
                if activity.teacher_notes
                else f"_{say('no-notes')}_",
                "",
            ]
        text += [f"## {say('sources')}", "", *map(cite, lesson.sources)]
        files[lesson_file(lesson, ".md")] = "\n".join(text) + "\n"
        files[notes_file(lesson, ".md")] = "\n".join(notes)
    return files
