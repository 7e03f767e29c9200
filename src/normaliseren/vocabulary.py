"""Closed vocabularies of the content model, each value with a Dutch and an English label.

The values are the stable identifiers written in content files; the labels are for people.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, get_args

Lang = Literal["nl", "en"]
"""A language the library can show labels in."""


def check_lang(lang: object) -> None:
    """Refuse a language the library does not have, before any work is done for it."""
    if lang not in get_args(Lang):
        raise ValueError(f"lang must be one of {', '.join(get_args(Lang))}; got {lang!r}")


class LabelledEnum(StrEnum):
    """A string enum whose members carry a label per language."""

    def label(self, lang: Lang = "nl") -> str:
        """The member's label in ``lang`` ("nl" or "en")."""
        dutch, english = _LABELS[self]
        if lang == "nl":
            return dutch
        if lang != "en":
            check_lang(lang)  # refused, as everywhere else
        return english


class Setting(LabelledEnum):
    """Where a practice takes place."""

    SCHOOL = "school"
    KINDEROPVANG = "kinderopvang"
    WIJK = "wijk"
    THUIS = "thuis"
    ONLINE = "online"
    INLOOPLOCATIE = "inlooplocatie"
    ZORG = "zorg"
    BELEID = "beleid"


class TargetGroup(LabelledEnum):
    """Who a practice is for."""

    OUDERS = "ouders"
    KINDEREN = "kinderen"
    JONGEREN = "jongeren"
    GEZINNEN = "gezinnen"
    PROFESSIONALS = "professionals"
    BELEIDSMAKERS = "beleidsmakers"
    VRIJWILLIGERS = "vrijwilligers"


class SupportKind(LabelledEnum):
    """Whether support comes from people around a family, from professionals, or both."""

    INFORMAL = "informal"
    FORMAL = "formal"
    BOTH = "both"


class Membership(LabelledEnum):
    """How an example relates to the thirteen of *De Kracht van het Gewone*.

    ``confirmed``: a public source states it is one of the thirteen. ``named-in-magazine``: the
    magazine shows it among the network's examples. ``related``: a practice the sources mention
    whose membership of the thirteen is not established.
    """

    CONFIRMED = "confirmed"
    NAMED_IN_MAGAZINE = "named-in-magazine"
    RELATED = "related"


class RecognitionLevel(LabelledEnum):
    """Levels of the Dutch recognition of interventions, lowest first."""

    GOED_BESCHREVEN = "goed-beschreven"
    GOED_ONDERBOUWD = "goed-onderbouwd"
    EERSTE_AANWIJZINGEN = "eerste-aanwijzingen"
    GOEDE_AANWIJZINGEN = "goede-aanwijzingen"
    STERKE_AANWIJZINGEN = "sterke-aanwijzingen"


class SourceKind(LabelledEnum):
    """What kind of document a source is."""

    MAGAZINE = "magazine"
    REPORT = "report"
    WEBPAGE = "webpage"
    DATABASE = "database"


class LessonKind(LabelledEnum):
    """What sort of lesson the network drew."""

    INSIGHT = "insight"
    SETBACK = "setback"
    NEXT_STEP = "next-step"
    PARTICIPANT_VIEW = "participant-view"


class ActivityKind(LabelledEnum):
    """What students do in a curriculum activity."""

    REFLECTION_QUESTION = "reflection-question"
    CASE_ASSIGNMENT = "case-assignment"
    CONVERSATION_EXERCISE = "conversation-exercise"
    FIELD_ASSIGNMENT = "field-assignment"


class EducationalLevel(LabelledEnum):
    """The level a curriculum module is written for."""

    AD = "ad"
    HBO_BACHELOR = "hbo-bachelor"
    HBO_MASTER = "hbo-master"


class Certainty(LabelledEnum):
    """How sure the sources let us be of a recorded fact."""

    CERTAIN = "certain"
    UNCERTAIN = "uncertain"


_LABELS: dict[LabelledEnum, tuple[str, str]] = {
    Setting.SCHOOL: ("school", "school"),
    Setting.KINDEROPVANG: ("kinderopvang", "childcare"),
    Setting.WIJK: ("wijk", "neighbourhood"),
    Setting.THUIS: ("thuis", "at home"),
    Setting.ONLINE: ("online", "online"),
    Setting.INLOOPLOCATIE: ("inlooplocatie", "walk-in location"),
    Setting.ZORG: ("zorg", "health and youth care"),
    Setting.BELEID: ("beleid", "policy"),
    TargetGroup.OUDERS: ("ouders", "parents"),
    TargetGroup.KINDEREN: ("kinderen", "children"),
    TargetGroup.JONGEREN: ("jongeren", "young people"),
    TargetGroup.GEZINNEN: ("gezinnen", "families"),
    TargetGroup.PROFESSIONALS: ("professionals", "professionals"),
    TargetGroup.BELEIDSMAKERS: ("beleidsmakers", "policy makers"),
    TargetGroup.VRIJWILLIGERS: ("vrijwilligers", "volunteers"),
    SupportKind.INFORMAL: ("informeel", "informal"),
    SupportKind.FORMAL: ("formeel", "formal"),
    SupportKind.BOTH: ("informeel en formeel", "informal and formal"),
    Membership.CONFIRMED: ("bevestigd lid van de dertien", "confirmed member of the thirteen"),
    Membership.NAMED_IN_MAGAZINE: ("genoemd in het magazine", "named in the magazine"),
    Membership.RELATED: ("verwante praktijk", "related practice"),
    RecognitionLevel.GOED_BESCHREVEN: ("goed beschreven", "well described"),
    RecognitionLevel.GOED_ONDERBOUWD: ("goed onderbouwd", "well founded"),
    RecognitionLevel.EERSTE_AANWIJZINGEN: (
        "eerste aanwijzingen voor effectiviteit",
        "first indications of effectiveness",
    ),
    RecognitionLevel.GOEDE_AANWIJZINGEN: (
        "goede aanwijzingen voor effectiviteit",
        "good indications of effectiveness",
    ),
    RecognitionLevel.STERKE_AANWIJZINGEN: (
        "sterke aanwijzingen voor effectiviteit",
        "strong indications of effectiveness",
    ),
    SourceKind.MAGAZINE: ("tijdschrift", "magazine"),
    SourceKind.REPORT: ("publicatie", "publication"),
    SourceKind.WEBPAGE: ("webpagina", "web page"),
    SourceKind.DATABASE: ("databank", "database"),
    LessonKind.INSIGHT: ("inzicht", "insight"),
    LessonKind.SETBACK: ("tegenvaller", "setback"),
    LessonKind.NEXT_STEP: ("volgende stap", "next step"),
    LessonKind.PARTICIPANT_VIEW: ("ervaring van deelnemers", "participants' view"),
    ActivityKind.REFLECTION_QUESTION: ("reflectievraag", "reflection question"),
    ActivityKind.CASE_ASSIGNMENT: ("casusopdracht", "case assignment"),
    ActivityKind.CONVERSATION_EXERCISE: ("gespreksoefening", "conversation exercise"),
    ActivityKind.FIELD_ASSIGNMENT: ("veldopdracht", "field assignment"),
    EducationalLevel.AD: ("Associate degree", "Associate degree"),
    EducationalLevel.HBO_BACHELOR: ("hbo-bachelor", "bachelor (university of applied sciences)"),
    EducationalLevel.HBO_MASTER: ("hbo-master", "master (university of applied sciences)"),
    Certainty.CERTAIN: ("zeker", "certain"),
    Certainty.UNCERTAIN: ("onzeker", "uncertain"),
}
"""Dutch and English label of every member of every vocabulary."""
