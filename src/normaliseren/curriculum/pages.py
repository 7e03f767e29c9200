"""The pages of one curriculum module, as HTML (with LearningResource JSON-LD) and Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from normaliseren.library import Library
from normaliseren.models import Activity, CourseLesson, Module, Source
from normaliseren.site.build import Page


def duration(minutes: int) -> str:
    """``95`` as ``1 uur en 35 minuten``."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} uur")
    if rest or not hours:
        parts.append(f"{rest} minuten" if rest != 1 else "1 minuut")
    return " en ".join(parts)


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


def lesson_file(number: int) -> str:
    return f"les-{number}.html"


def notes_file(number: int) -> str:
    return f"docent-les-{number}.html"


def _learning_resource(
    module: Module,
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
        "inLanguage": "nl",
        "learningResourceType": kind,
        "educationalLevel": module.level.label(),
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


def module_pages(library: Library, module: Module) -> list[Page]:
    """Every page of a module: overview, lessons, teacher notes and reading pages."""
    planned = plan(library, module)
    outcomes = {o.id: o.text for lesson, _ in planned.lessons for o in lesson.outcomes}
    extra = [(p.title, f"principe-{p.id}.html") for p in map(library.principle, module.principles)]
    extra += [(e.name, f"voorbeeld-{e.id}.html") for e in map(library.example, module.examples)]
    common = {"module": module}
    pages = [
        Page(
            "index.html",
            "course_module.html",
            module.title,
            f"Module voor {', '.join(module.audience) or 'het hbo'}.",
            _learning_resource(
                module,
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
                    (lesson, lesson_file(n), lesson_minutes(acts))
                    for n, (lesson, acts) in enumerate(planned.lessons, 1)
                ],
                "extra": extra,
                "outcome_titles": lambda ids: [outcomes[i] for i in ids],
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
            "principle_titles": lambda ids: [library.principle(i).title for i in ids],
        }
        teaches = [o.text for o in lesson.outcomes]
        pages.append(
            Page(
                lesson_file(number),
                "course_lesson.html",
                lesson.title,
                f"Les {number} van {module.title}.",
                _learning_resource(
                    module,
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
                notes_file(number),
                "course_notes.html",
                f"Docentnotities: {lesson.title}",
                f"Notities voor docenten bij les {number} van {module.title}.",
                _learning_resource(
                    module,
                    name=f"Docentnotities: {lesson.title}",
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
                path=f"principe-{principle.id}.html",
                kicker="principe",
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
                path=f"voorbeeld-{example.id}.html",
                kicker="casus",
                heading=example.name,
                lead=example.summary,
                badge=example.membership.label(),
                body=example.description,
                sources=example.sources,
            )
        )
    return pages


def _reading(
    module: Module,
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
            module, name=heading, minutes=None, teaches=[lead], sources=sources, kind="reading"
        ),
        {
            "module": module,
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
    return [("index.html", "Overzicht")] + [
        (lesson_file(n), f"Les {n}") for n in range(1, len(planned.lessons) + 1)
    ]


def _cite(source: Source) -> str:
    year = f" ({source.year})" if source.year else ""
    title = f"[{source.title}]({source.url})" if source.url else f"*{source.title}*"
    return f"- {source.publisher}{year}: {title}"


def module_markdown(library: Library, module: Module) -> dict[str, str]:
    """The same module as Markdown files, for teachers without a learning environment."""
    planned = plan(library, module)
    files: dict[str, str] = {}
    overview = [f"# {module.title}", "", f"Niveau: {module.level.label()}  "]
    overview += [f"Voor: {', '.join(module.audience)}  ", f"Tijd: {duration(planned.minutes)}", ""]
    overview += [module.description, "", "## Lessen", ""]
    for number, (lesson, activities) in enumerate(planned.lessons, 1):
        overview.append(
            f"{number}. [{lesson.title}](les-{number}.md) ({duration(lesson_minutes(activities))})"
        )
    outcomes = {o.id: o.text for lesson, _ in planned.lessons for o in lesson.outcomes}
    overview += ["", "## Beoordeling", ""]
    overview += [
        f"{n}. {c.text} (leerdoelen: {'; '.join(outcomes[i] for i in c.outcomes)})"
        for n, c in enumerate(module.assessment, 1)
    ] or ["_Deze module noemt geen beoordelingscriteria._"]
    if module.sources:
        overview += ["", "## Bronnen", "", *map(_cite, module.sources)]
    files["index.md"] = "\n".join(overview) + "\n"
    for number, (lesson, activities) in enumerate(planned.lessons, 1):
        text = [
            f"# Les {number}: {lesson.title}",
            "",
            f"Tijd: {duration(lesson_minutes(activities))}",
            "",
            "## Leerdoelen",
            "",
        ]
        text += [f"- {o.text}" for o in lesson.outcomes]
        text += ["", lesson.introduction, "", "## Activiteiten", ""]
        notes = [
            f"# Docentnotities: les {number}, {lesson.title}",
            "",
            lesson.teacher_notes or "_Geen notities bij deze les._",
            "",
        ]
        for index, activity in enumerate(activities, 1):
            text += [
                f"### {index}. {activity.title}",
                "",
                f"{activity.kind.label()}, {duration(activity.minutes)}",
                "",
                activity.instructions,
                "",
            ]
            if activity.example:
                case = library.example(activity.example)
                text += [
                    f"> **Casus: {case.name}** ({case.membership.label()})",
                    ">",
                    f"> {case.summary}",
                    "",
                ]
            notes += [
                f"## {index}. {activity.title}",
                "",
                activity.teacher_notes or "_Geen notities._",
                "",
            ]
        text += ["## Bronnen", "", *map(_cite, lesson.sources)]
        files[f"les-{number}.md"] = "\n".join(text) + "\n"
        files[f"docent-les-{number}.md"] = "\n".join(notes)
    return files
