"""Closed vocabularies of the content model, each value with a Dutch and an English label.

The values are the stable identifiers written in content files; the labels are for people.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

Lang = Literal["nl", "en"]
"""A language the library can show labels in."""


class LabelledEnum(StrEnum):
    """A string enum whose members carry a label per language."""

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        raise NotImplementedError

    def label(self, lang: Lang = "nl") -> str:
        """The member's label in ``lang`` ("nl" or "en")."""
        dutch, english = self._labels()[self.value]
        return dutch if lang == "nl" else english


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

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return {
            "school": ("school", "school"),
            "kinderopvang": ("kinderopvang", "childcare"),
            "wijk": ("wijk", "neighbourhood"),
            "thuis": ("thuis", "at home"),
            "online": ("online", "online"),
            "inlooplocatie": ("inlooplocatie", "walk-in location"),
            "zorg": ("zorg", "health and youth care"),
            "beleid": ("beleid", "policy"),
        }


class TargetGroup(LabelledEnum):
    """Who a practice is for."""

    OUDERS = "ouders"
    KINDEREN = "kinderen"
    JONGEREN = "jongeren"
    GEZINNEN = "gezinnen"
    PROFESSIONALS = "professionals"
    BELEIDSMAKERS = "beleidsmakers"
    VRIJWILLIGERS = "vrijwilligers"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return {
            "ouders": ("ouders", "parents"),
            "kinderen": ("kinderen", "children"),
            "jongeren": ("jongeren", "young people"),
            "gezinnen": ("gezinnen", "families"),
            "professionals": ("professionals", "professionals"),
            "beleidsmakers": ("beleidsmakers", "policy makers"),
            "vrijwilligers": ("vrijwilligers", "volunteers"),
        }


class SupportKind(LabelledEnum):
    """Whether support comes from people around a family, from professionals, or both."""

    INFORMAL = "informal"
    FORMAL = "formal"
    BOTH = "both"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return {
            "informal": ("informeel", "informal"),
            "formal": ("formeel", "formal"),
            "both": ("informeel en formeel", "informal and formal"),
        }


class Membership(LabelledEnum):
    """How an example relates to the thirteen of *De Kracht van het Gewone*.

    ``confirmed``: a public source states it is one of the thirteen. ``named-in-magazine``: the
    magazine shows it among the network's examples. ``related``: a practice the sources mention
    whose membership of the thirteen is not established.
    """

    CONFIRMED = "confirmed"
    NAMED_IN_MAGAZINE = "named-in-magazine"
    RELATED = "related"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return {
            "confirmed": ("bevestigd lid van de dertien", "confirmed member of the thirteen"),
            "named-in-magazine": (
                "genoemd in het magazine",
                "named in the magazine",
            ),
            "related": ("verwante praktijk", "related practice"),
        }


class RecognitionLevel(LabelledEnum):
    """Levels of the Dutch recognition of interventions, lowest first."""

    GOED_BESCHREVEN = "goed-beschreven"
    GOED_ONDERBOUWD = "goed-onderbouwd"
    EERSTE_AANWIJZINGEN = "eerste-aanwijzingen"
    GOEDE_AANWIJZINGEN = "goede-aanwijzingen"
    STERKE_AANWIJZINGEN = "sterke-aanwijzingen"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return {
            "goed-beschreven": ("goed beschreven", "well described"),
            "goed-onderbouwd": ("goed onderbouwd", "well founded"),
            "eerste-aanwijzingen": (
                "eerste aanwijzingen voor effectiviteit",
                "first indications of effectiveness",
            ),
            "goede-aanwijzingen": (
                "goede aanwijzingen voor effectiviteit",
                "good indications of effectiveness",
            ),
            "sterke-aanwijzingen": (
                "sterke aanwijzingen voor effectiviteit",
                "strong indications of effectiveness",
            ),
        }


class SourceKind(LabelledEnum):
    """What kind of document a source is."""

    MAGAZINE = "magazine"
    REPORT = "report"
    WEBPAGE = "webpage"
    DATABASE = "database"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return {
            "magazine": ("tijdschrift", "magazine"),
            "report": ("publicatie", "publication"),
            "webpage": ("webpagina", "web page"),
            "database": ("databank", "database"),
        }


class LessonKind(LabelledEnum):
    """What sort of lesson the network drew."""

    INSIGHT = "insight"
    SETBACK = "setback"
    NEXT_STEP = "next-step"
    PARTICIPANT_VIEW = "participant-view"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return {
            "insight": ("inzicht", "insight"),
            "setback": ("tegenvaller", "setback"),
            "next-step": ("volgende stap", "next step"),
            "participant-view": ("ervaring van deelnemers", "participants' view"),
        }


class Certainty(LabelledEnum):
    """How sure the sources let us be of a recorded fact."""

    CERTAIN = "certain"
    UNCERTAIN = "uncertain"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return {
            "certain": ("zeker", "certain"),
            "uncertain": ("onzeker", "uncertain"),
        }
