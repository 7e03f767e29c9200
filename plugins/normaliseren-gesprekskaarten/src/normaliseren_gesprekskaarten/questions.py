"""Open conversation questions per principle, written for these cards.

They are kept apart from the library's content because they are not facts from a source: they
state nothing, name no one and copy no source, so they can sit beside sourced content without
being mistaken for it. Each is meant for anyone at the table: a lecturer, a professional, a
parent or a policy maker.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

QUESTIONS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "onzekerheid-hoort-erbij": (
            "Welke twijfels over opvoeden of opgroeien heb jij zelf als gewoon leren zien?",
            "Wanneer voelt het veilig om hardop te zeggen dat je iets niet weet?",
            "Hoe reageer jij als iemand vertelt dat hij of zij twijfelt, en wat zou je daar"
            " anders aan willen doen?",
            "Hoe kun je in een opleiding of een team oefenen met praten over onzekerheid?",
        ),
        "verantwoordelijkheid-laten": (
            "Waar ligt voor jou de grens tussen meedenken en het overnemen?",
            "Hoe merk je dat iemand zelf de keuzes over zijn of haar leven wil blijven maken?",
            "Wanneer heb je de neiging het zelf op te lossen, en wat doe je dan met die neiging?",
            "Wat heeft een gezin nodig om ook in een lastige tijd zelf te blijven beslissen?",
        ),
        "informele-steun": (
            "Bij wie in je eigen omgeving klop je aan als het even niet lukt?",
            "Welke steun van buren, familie of vrienden raakt in jouw werk snel uit beeld?",
            "Hoe maak je ruimte voor hulp uit de eigen kring, zonder die te willen regelen?",
            "Wanneer is gewone steun genoeg, en waaraan merk je dat?",
        ),
        "laagdrempelig-dichtbij": (
            "Waar zou jij met een vraag over je kind zonder afspraak binnen durven lopen?",
            "Wat maakt dat iemand de stap zet om een vraag te stellen, of die juist laat?",
            "Welke drempels ervaren mensen bij jou of je werkplek die je zelf misschien niet"
            " opmerkt?",
            "Welke keuzes in beleid brengen steun dichterbij, en welke zetten haar verder weg?",
        ),
        "gelijkwaardig-samenwerken": (
            "Hoe ziet een gesprek eruit waarin jouw kennis en die van de ander even zwaar wegen?",
            "Wat doe je als jouw beeld van wat er speelt verschilt van dat van het gezin?",
            "Wanneer voelde jij je echt gehoord door iemand die je hielp of met wie je werkte?",
            "Welke woorden of gewoonten maken een gesprek ongelijk, zonder dat iemand dat bedoelt?",
        ),
        "brede-context": (
            "Wat in de omgeving van een kind of gezin geeft kracht en houvast?",
            "Welke vragen helpen je om ook te zien wat er buiten het gezin speelt?",
            "Hoe houd je oog voor wat goed gaat, als de zorgen alle aandacht vragen?",
            "Wat kunnen school, buurt en beleid samen doen om gewone zorgen gewoon te houden?",
        ),
    }
)
"""Principle id to its questions, in the order they appear on the card."""


def questions_for(principle_id: str) -> tuple[str, ...]:
    """The questions for a principle; none for one this plugin has no questions for yet.

    A principle added by another plugin must still get its card, so a missing id is not an
    error here.
    """
    return QUESTIONS.get(principle_id, ())
