"""Interface strings, in one place, in Dutch and English.

Content has its own translations (``X.en.md``); these are the words around it: labels,
notices and summaries of the command line's views, the website's templates and script, the
curriculum's pages and cartridges, and the infographics' own texts. Templates look them up
as ``s["key"]``, or call ``t(key, name=value)`` for a string with values to fill in, in the
language of the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from .vocabulary import Lang

STRINGS: dict[str, tuple[str, str]] = {
    "summary": ("Samenvatting", "Summary"),
    "membership": ("Lidmaatschap", "Membership"),
    "target-groups": ("Voor wie", "For whom"),
    "ages": ("Leeftijd", "Ages"),
    "settings": ("Setting", "Setting"),
    "support": ("Soort steun", "Kind of support"),
    "organisations": ("Organisaties", "Organisations"),
    "places": ("Plaatsen", "Places"),
    "website": ("Website", "Website"),
    "principles-read": (
        "Principes (lezing van de bibliotheek)",
        "Principles (the library's reading)",
    ),
    "what-works": ("Wat werkt", "What works"),
    "improvements": ("Verbeterpunten", "Points for improvement"),
    "recognition": ("Erkenning", "Recognition"),
    "sources": ("Bronnen", "Sources"),
    "principle": ("Principe", "Principle"),
    "step": ("Stap", "Step"),
    "label": ("Label", "Label"),
    "products": ("Producten", "Products"),
    "lesson-kind": ("Soort les", "Kind of lesson"),
    "unknown": ("onbekend", "unknown"),
    "not-in-sources": (
        "niet vermeld in de beschikbare bronnen",
        "not stated in the available sources",
    ),
    "years": ("{low}-{high} jaar", "{low}-{high} years"),
    "date-unknown": ("datum onbekend", "date unknown"),
    "collection-status": (
        "{title}: {declared} voorbeelden, waarvan {identified} hier geïdentificeerd "
        "({confirmed} bevestigd, {named} genoemd in het magazine); {unknown} onbekend.",
        "{title}: {declared} examples, of which {identified} are identified here "
        "({confirmed} confirmed, {named} named in the magazine); {unknown} unknown.",
    ),
    "fallback": (
        "Deze tekst is (nog) niet vertaald.",
        "This text is not yet available in English; it is shown in Dutch.",
    ),
    "fallback-short": ("in het Nederlands", "in Dutch"),
    # The website: layout, navigation, page titles and descriptions.
    "skip-link": ("Direct naar de inhoud", "Skip to the content"),
    "main-menu": ("Hoofdmenu", "Main menu"),
    "language-name": ("Nederlands", "English"),
    "language-switch": ("Taal", "Language"),
    "footer": (
        "De inhoud komt van het Leernetwerk Normaliseren (Werkplaats SAMEN) en de bronnen die "
        "bij elk onderdeel staan. Wat de bronnen niet zeggen, staat hier als onbekend.",
        "The content comes from the Leernetwerk Normaliseren (Werkplaats SAMEN) and the sources "
        "given with each part. What the sources do not say is shown here as unknown.",
    ),
    "nav-vision": ("Visie", "Vision"),
    "nav-examples": ("Voorbeelden", "Examples"),
    "nav-matrix": ("Voorbeelden en principes", "Examples and principles"),
    "nav-route": ("Route", "Route"),
    "nav-lessons": ("Lessen", "Lessons"),
    "nav-infographics": ("Infographics", "Infographics"),
    "index-description": (
        "De visie, principes en praktijkvoorbeelden van het Leernetwerk Normaliseren.",
        "The vision, principles and practice examples of the Leernetwerk Normaliseren.",
    ),
    "examples-title": ("Praktijkvoorbeelden", "Practice examples"),
    "examples-description": (
        "Praktijkvoorbeelden van normaliseren, te filteren en doorzoeken.",
        "Practice examples of normalising, to filter and search.",
    ),
    "matrix-description": (
        "Welk voorbeeld welk principe in zich draagt.",
        "Which example embodies which principle.",
    ),
    "route-description": (
        "De vier stappen van het leernetwerk en wat die opleverden.",
        "The four steps of the learning network and what they produced.",
    ),
    "route-heading": ("De route van het leernetwerk", "The route of the learning network"),
    "lessons-description": (
        "Wat het leernetwerk leerde, tegenvallers inbegrepen.",
        "What the learning network learned, setbacks included.",
    ),
    "lessons-heading": ("Wat het leernetwerk leerde", "What the learning network learned"),
    "infographics-description": (
        "De visie, de route en de voorbeelden in beeld, met tekstalternatief.",
        "The vision, the route and the examples in pictures, with a text alternative.",
    ),
    "sources-description": ("De bronnen van alle inhoud.", "The sources of all content."),
    "principles-set": ("De zes principes van normaliseren", "The six principles of normalising"),
    # The website's pages.
    "vision-in-brief": ("De visie in het kort", "The vision in brief"),
    "source-lower": ("bron", "source"),
    "six-principles": ("De zes principes", "The six principles"),
    "collection-known": (
        "De publicatie beschrijft {declared} voorbeelden. Deze site kent er {identified} van: "
        "{confirmed} bevestigd door een openbare bron en {named} genoemd in het magazine. Van "
        "{unknown} voorbeelden is uit de beschikbare bronnen niet bekend welke het zijn.",
        "The publication describes {declared} examples. This site knows {identified} of them: "
        "{confirmed} confirmed by a public source and {named} named in the magazine. For "
        "{unknown} examples, the available sources do not say which they are.",
    ),
    "all-examples": ("Alle praktijkvoorbeelden", "All practice examples"),
    "all-examples-after": (
        ", ook verwante praktijken, met filters en zoeken.",
        ", related practices included, with filters and search.",
    ),
    "examples-lead-before": (
        "Voorbeelden van normaliseren in beleid en praktijk: de bekende leden van",
        "Examples of normalising in policy and practice: the known members of",
    ),
    "examples-lead-after": (
        "en verwante praktijken. Bij elk voorbeeld staat waar het vandaan komt.",
        "and related practices. Each example says where it comes from.",
    ),
    "filter-and-search": ("Filteren en zoeken", "Filter and search"),
    "search-words": ("Zoekwoorden", "Search words"),
    "examples-list": ("De voorbeelden", "The examples"),
    "all": ("Alle", "All"),
    "count-one": ("1 voorbeeld getoond", "1 example shown"),
    "count-many": ("{n} voorbeelden getoond", "{n} examples shown"),
    "practice-example": ("Praktijkvoorbeeld", "Practice example"),
    "origin": ("Herkomst: {origin}", "Origin: {origin}"),
    "origin-core": ("de bibliotheek zelf", "the library itself"),
    "origin-plugin": ("plugin {name}", "plugin {name}"),
    "origin-folder": ("map {name}", "folder {name}"),
    "origin-file": ("bestand {name}", "file {name}"),
    "details": ("Gegevens", "Details"),
    "recognition-database": (
        "databank erkende interventies",
        "database of recognised interventions",
    ),
    "none-known": ("geen bekend", "none known"),
    "principles": ("Principes", "Principles"),
    "principles-reading": (
        "De koppeling aan principes is de lezing van deze bibliotheek.",
        "The link to principles is this library's reading.",
    ),
    "principles-reading-of": (
        "De koppeling aan principes is de lezing van wie dit voorbeeld toevoegde ({origin}).",
        "The link to principles is the reading of whoever added this example ({origin}).",
    ),
    "replaces": (
        "vervangt het voorbeeld met deze id uit {origin}",
        "replaces the example with this id from {origin}",
    ),
    "works-and-better": ("Wat werkt en wat beter kan", "What works and what could be better"),
    "infographics-lead": (
        "De visie, de route en de voorbeelden in beeld, om door te geven. Onder elk beeld staat "
        "dezelfde inhoud in tekst.",
        "The vision, the route and the examples in pictures, to pass on. Below each picture, the "
        "same content is given as text.",
    ),
    "text-alternative": ("Tekstalternatief", "Text alternative"),
    "lessons-lead": (
        "Inzichten, volgende stappen, ervaringen van deelnemers en ook de tegenvallers.",
        "Insights, next steps, participants' experiences and the setbacks too.",
    ),
    "matrix-lead": (
        "Welk voorbeeld welk principe in zich draagt, in de lezing van deze bibliotheek.",
        "Which example embodies which principle, in this library's reading.",
    ),
    "matrix-caption": (
        "Voorbeelden (rijen) en de principes die ze in zich dragen (kolommen)",
        "Examples (rows) and the principles they embody (columns)",
    ),
    "example": ("Voorbeeld", "Example"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "principle-examples": (
        "Voorbeelden die dit principe in zich dragen",
        "Examples that embody this principle",
    ),
    "principle-reading": (
        "Welke voorbeelden bij welk principe horen, is de lezing van deze bibliotheek, niet een "
        "uitspraak van de bronnen.",
        "Which examples belong with which principle is this library's reading, not a statement "
        "of the sources.",
    ),
    "no-examples-yet": ("Nog geen voorbeelden.", "No examples yet."),
    "route-summary": (
        "In vier stappen werkte het leernetwerk van een gedeelde taal naar verbinding met "
        "andere domeinen.",
        "In four steps, the learning network worked from a shared language towards connection "
        "with other domains.",
    ),
    "route-results-lead": (
        "Bij elke stap staat wat die opleverde.",
        "Each step shows what it produced.",
    ),
    "route-labels-note": (
        "De afbeelding in het magazine noemt ook vier labels (Samen opstarten, Samen begrijpen, "
        "Samen leren, Samen werken). Welk label bij welke stap hoort, is niet zeker; de koppeling "
        "hieronder is gemarkeerd als onzeker.",
        "The picture in the magazine also names four labels (Samen opstarten, Samen begrijpen, "
        "Samen leren, Samen werken). Which label belongs to which step is not certain; the link "
        "below is marked as uncertain.",
    ),
    "route-results": ("Opbrengst", "Results"),
    "no-product": (
        "Het magazine noemt geen product bij deze stap.",
        "The magazine names no product for this step.",
    ),
    "sources-lead": (
        "Elke uitspraak op deze site noemt een of meer van deze bronnen. Titels van webpagina's "
        "zijn afgeleid van hun adres; een jaartal staat er alleen bij als een bron het noemt.",
        "Every statement on this site names one or more of these sources. Titles of web pages "
        "are derived from their address; a year is given only where a source states it.",
    ),
    "no-address": ("geen adres bekend", "no address known"),
    # The curriculum: pages, Markdown and cartridge.
    "course-footer": (
        "Lesmateriaal bij de bibliotheek normaliseren, op basis van het werk van het "
        "Leernetwerk Normaliseren (Werkplaats SAMEN). Bij elke les staan de bronnen.",
        "Course material with the normaliseren library, based on the work of the Leernetwerk "
        "Normaliseren (Werkplaats SAMEN). Each lesson lists its sources.",
    ),
    "course-footer-own": (
        "Lesmateriaal bij de bibliotheek normaliseren, met eigen materiaal van {origins}; de "
        "rest is gebaseerd op het werk van het Leernetwerk Normaliseren (Werkplaats SAMEN). Bij "
        "elke les staan de bronnen.",
        "Course material with the normaliseren library, with material of its own from "
        "{origins}; the rest is based on the work of the Leernetwerk Normaliseren (Werkplaats "
        "SAMEN). Each lesson lists its sources.",
    ),
    "module": ("Module", "Module"),
    "module-for": ("Module voor {audience}.", "Module for {audience}."),
    "higher-education": ("het hbo", "higher professional education"),
    "module-lessons": ("Lessen van deze module", "Lessons of this module"),
    "about-module": ("Over deze module", "About this module"),
    "new-window": ("opent in een nieuw venster", "opens in a new window"),
    "overview": ("Overzicht", "Overview"),
    "lesson-number": ("Les {number}", "Lesson {number}"),
    "lesson-of": ("Les {number} van {module}.", "Lesson {number} of {module}."),
    "level": ("Niveau", "Level"),
    "for": ("Voor", "For"),
    "time": ("Tijd", "Time"),
    "to-read": ("Om te lezen", "To read"),
    "assessment": ("Beoordeling", "Assessment"),
    "outcomes": ("Leerdoelen", "Learning outcomes"),
    "principles-lower": ("principes", "principles"),
    "no-assessment": (
        "Deze module noemt geen beoordelingscriteria.",
        "This module names no assessment criteria.",
    ),
    "activities": ("Activiteiten", "Activities"),
    "case": ("Casus", "Case"),
    "case-sources": ("Bronnen van deze casus:", "Sources of this case:"),
    "activity-sources": ("Bronnen bij deze opdracht:", "Sources for this activity:"),
    "teachers-only": ("Alleen voor docenten", "For teachers only"),
    "teacher-notes": ("Docentnotities", "Teacher notes"),
    "teacher-notes-of": (
        "Notities voor docenten bij les {number} van {module}.",
        "Notes for teachers with lesson {number} of {module}.",
    ),
    "no-lesson-notes": ("Geen notities bij deze les.", "No notes for this lesson."),
    "no-notes": ("Geen notities.", "No notes."),
    "on-activities": ("Bij de activiteiten", "On the activities"),
    "source-item": ("Bron: {title} ({publisher}, {kind})", "Source: {title} ({publisher}, {kind})"),
    "hour": ("1 uur", "1 hour"),
    "hours": ("{n} uur", "{n} hours"),
    "minute": ("1 minuut", "1 minute"),
    "minutes": ("{n} minuten", "{n} minutes"),
    "and": ("en", "and"),
    # The infographics' own texts.
    "ig-principles-description": (
        "Het Leernetwerk Normaliseren vatte zijn visie samen in zes principes.",
        "The Leernetwerk Normaliseren summed up its vision in six principles.",
    ),
    "ig-six-principles": ("Zes principes", "Six principles"),
    "ig-four-steps": ("Vier stappen", "Four steps"),
    "ig-results": ("Opbrengst: {products}", "Results: {products}"),
    "ig-route-labels": (
        "Welk label uit het magazine (Samen opstarten, Samen begrijpen, Samen leren, Samen "
        "werken) bij welke stap hoort, is niet zeker.",
        "Which label from the magazine (Samen opstarten, Samen begrijpen, Samen leren, Samen "
        "werken) belongs to which step is not certain.",
    ),
    "ig-examples-title": (
        "Praktijkvoorbeelden naar setting en soort steun",
        "Practice examples by setting and kind of support",
    ),
    "ig-examples-description": (
        "De bibliotheek beschrijft {count} praktijkvoorbeelden. Een voorbeeld kan in meer dan "
        "één setting plaatsvinden.",
        "The library describes {count} practice examples. An example can take place in more "
        "than one setting.",
    ),
    "ig-per-setting": ("Voorbeelden per setting", "Examples per setting"),
    "ig-per-setting-description": (
        "Aantal voorbeelden per setting: {counts}.",
        "Number of examples per setting: {counts}.",
    ),
    "ig-per-support": ("Voorbeelden per soort steun", "Examples per kind of support"),
    "ig-per-support-description": (
        "Aantal voorbeelden per soort steun: {counts}.",
        "Number of examples per kind of support: {counts}.",
    ),
    "ig-number-of-examples": ("Aantal voorbeelden", "Number of examples"),
    "ig-support-title": (
        "Formele ondersteuning bij opgroeien en opvoeden",
        "Formal support with growing up and parenting",
    ),
    "ig-support-description": (
        "Hoeveel kinderen en jongeren, met hun gezin, formele steun krijgen, volgens het "
        "magazine van Werkplaats SAMEN.",
        "How many children and young people, with their families, receive formal support, "
        "according to the magazine of Werkplaats SAMEN.",
    ),
    "ig-more-than": ("meer dan", "more than"),
    "ig-source": ("Bron: {source}", "Source: {source}"),
    "ig-sources": ("Bronnen: {sources}", "Sources: {sources}"),
    "ig-support-figure": (
        "van de kinderen en jongeren in Nederland krijgt, met hun gezin, formele steun bij "
        "opgroeien of opvoeden.",
        "of children and young people in the Netherlands receive, with their families, formal "
        "support with growing up or parenting.",
    ),
    "ig-support-regions": (
        "Binnen de regio's waar Werkplaats SAMEN werkt, ligt het aandeel hoger.",
        "Within the regions where Werkplaats SAMEN works, the share is higher.",
    ),
}


def t(key: str, lang: Lang = "nl", **values: object) -> str:
    """The interface string ``key`` in ``lang``, with ``values`` filled in."""
    dutch, english = STRINGS[key]
    text = dutch if lang == "nl" else english
    return text.format(**values) if values else text


@cache
def strings_in(lang: Lang) -> Mapping[str, str]:
    """Every interface string in ``lang``, by key: for templates, where a lookup is cheaper
    than a call (``s["key"]``; :func:`t` fills in values)."""
    return MappingProxyType({key: t(key, lang) for key in STRINGS})
