"""Render the library as a static website: relative links, no external resources, no inline
script, the same bytes for the same library.

The site holds both languages: the library's own language at the root, the other in a folder
named after it (``en/`` beside a Dutch root), each page linked to its counterpart. Interface
text comes from :mod:`normaliseren.strings` through ``t(key)`` in the templates.

Templates are Jinja2 with autoescaping; a plugin can override any template (for a partner's
logo and colours) through the ``register_template_dirs`` hook.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, partial
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from markupsafe import Markup, escape

from normaliseren.digests import code_digest, digest, drawing_key, folders_digest, plugins_digest
from normaliseren.frontmatter import YAML_SUFFIXES
from normaliseren.infographic.models import Infographic
from normaliseren.infographic.render import vega_started
from normaliseren.library import Library
from normaliseren.markdown import make_renderer, placed_under
from normaliseren.models import (
    CORE,
    Document,
    Example,
    Module,
    Origin,
    Principle,
    PrincipleLink,
    Source,
)
from normaliseren.output import OutputFolder
from normaliseren.plugins import Plugins, folder_list
from normaliseren.strings import strings_in, t
from normaliseren.text import fold
from normaliseren.vocabulary import LabelledEnum, Lang, Setting, SupportKind, TargetGroup
from normaliseren.workers import beside, in_parallel

SITE_NAME = "Normaliseren"

NAV = (
    ("index.html", "nav-vision"),
    ("voorbeelden/index.html", "nav-examples"),
    ("matrix.html", "nav-matrix"),
    ("route.html", "nav-route"),
    ("lessen.html", "nav-lessons"),
    ("infographics.html", "nav-infographics"),
    ("bronnen.html", "sources"),
)
"""The site's menu: each page and the key of its label in :data:`~normaliseren.strings.STRINGS`."""

LANGS: tuple[Lang, ...] = ("nl", "en")


class TraversableLoader(BaseLoader):
    """Loads templates from folders that may live inside installed packages."""

    def __init__(self, folders: Sequence[Traversable]) -> None:
        self.folders = list(folders)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        for folder in self.folders:
            candidate = folder.joinpath(*template.split("/"))
            if candidate.is_file():
                return candidate.read_text(encoding="utf-8"), None, lambda: True
        raise TemplateNotFound(template)


def template_dirs(plugins: Plugins | None) -> list[Traversable]:
    """Plugins' template folders first (they override), then the built-in ones."""
    folders: list[Traversable] = []
    if plugins is not None:
        for _, found in plugins.call("register_template_dirs", folder_list):
            folders.extend(found)
    folders.append(files("normaliseren.site") / "templates")
    return folders


@dataclass(frozen=True)
class Page:
    """One page of the site: where it goes, its template and what it shows."""

    path: str
    template: str
    title: str
    description: str
    jsonld: dict[str, Any]
    context: dict[str, Any]

    @property
    def root(self) -> str:
        """The relative way back to the site's root, so the site works from any sub-path."""
        return "../" * self.path.count("/")


def _ages(example: Example, lang: Lang) -> str:
    if example.ages is None:
        return ""
    low = "?" if example.ages.min is None else str(example.ages.min)
    high = "?" if example.ages.max is None else str(example.ages.max)
    return t("years", lang, low=low, high=high)


def origin_text(origin: Origin, lang: Lang) -> str:
    """Where an example came from, as a page in ``lang`` says it to its readers.

    Unlike :meth:`Origin.label`, which messages use, it names a content folder by its own
    name only: the rest of its path is where the builder keeps it, not for publishing.
    """
    if origin.kind == "core":
        return t("origin-core", lang)
    if origin.kind == "plugin":
        return t("origin-plugin", lang, name=origin.name)
    name = origin.published().name
    given_as_file = name.endswith((".md", *YAML_SUFFIXES))  # such as export's --module FILE
    return t("origin-file" if given_as_file else "origin-folder", lang, name=name)


def own_material(library: Library, module: Module) -> str:
    """The plugins and folders whose material a module holds (it, its lessons, their
    activities), as its pages name them; empty for a module of the shipped content only."""
    lessons = [library.course_lesson(lesson) for lesson in module.lessons]
    activities = [library.activity(a) for lesson in lessons for a in lesson.activities]
    origins = map(library.origin_of, [module, *lessons, *activities])
    return ", ".join(sorted({origin_text(o, library.lang) for o in origins if o.kind != CORE.kind}))


def principles_reading(library: Library, example: Example) -> str:
    """Whose reading the links of ``example`` to the principles are: this library's, or that
    of the plugin or folder that added the example."""
    origin, lang = library.origin(example.id), library.lang
    if origin.kind == "core":
        return t("principles-reading", lang)
    return t("principles-reading-of", lang, origin=origin_text(origin, lang))


def support_values(support: SupportKind | None) -> list[str]:
    """The kinds of support a filter on ``support`` finds an example under: an example of
    both kinds is found under each kind too."""
    if support is None:
        return []
    if support is SupportKind.BOTH:
        return [SupportKind.BOTH.value, SupportKind.INFORMAL.value, SupportKind.FORMAL.value]
    return [support.value]


def _jsonld(data: dict[str, Any]) -> Markup:
    """JSON-LD that cannot end its script element early, whatever the content says."""
    text = json.dumps(
        {"@context": "https://schema.org", **data}, ensure_ascii=False, sort_keys=True
    )
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _citations(sources: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {"@type": "CreativeWork", "name": s.title, "publisher": s.publisher}
        | ({"url": str(s.url)} if s.url else {})
        for s in sources
    ]


@dataclass(frozen=True)
class PageMaker:
    """A page of the site before it is made: where it goes, what it shows, how to make it.

    A page is made only when it is written, so a site of 100,000 examples never holds all
    its pages (their JSON-LD and context) at once; and only when it has changed, in a build
    that reuses the previous one (:class:`SiteKeys`).
    """

    path: str
    make: Callable[[], Page]
    examples: tuple[Example, ...] | None = None
    """The examples the page shows, besides what every page shares; None: any part of the
    library (a page of several kinds of document)."""
    cards: bool = False
    """Whether the built-in templates show only :data:`CARD_FIELDS` of these examples."""


CARD_FIELDS = frozenset(
    {"id", "name", "summary", "membership", "settings", "target_groups", "support", "principles"}
)
"""What the built-in templates show of an example on a page of many: its card, its row in
the matrix. Their pages need not change when only the rest of an example does."""

CARD_PAGES = frozenset({"voorbeelden/index.html", "matrix.html"})
"""Fixed pages that show every example as a card or row, and otherwise what all pages share."""


def page_makers(library: Library, infographics: Sequence[Infographic] = ()) -> list[PageMaker]:
    """Every page of the site, in a fixed order."""
    status = library.collection_status()
    matrix = library.matrix()
    lang = library.lang
    term_set = {"@type": "DefinedTermSet", "name": t("principles-set", lang)}
    pages = [
        Page(
            "index.html",
            "index.html",
            library.vision.title,
            t("index-description", lang),
            {
                "@type": "Article",
                "headline": library.vision.title,
                "inLanguage": library.lang,
                "citation": _citations(library.vision.sources),
            },
            {"status": status},
        ),
        Page(
            "voorbeelden/index.html",
            "examples.html",
            t("examples-title", lang),
            t("examples-description", lang),
            {"@type": "CollectionPage", "name": t("examples-title", lang), "inLanguage": lang},
            {
                "status": status,
                "facets": _facets(library),
                "search_index": [part for part, _ in search_parts(library)],
            },
        ),
        Page(
            "matrix.html",
            "matrix.html",
            t("nav-matrix", lang),
            t("matrix-description", lang),
            {"@type": "Dataset", "name": t("nav-matrix", lang), "inLanguage": lang},
            {"matrix": matrix},
        ),
        Page(
            "route.html",
            "route.html",
            t("nav-route", lang),
            t("route-description", lang),
            {"@type": "Article", "headline": t("route-heading", lang), "inLanguage": lang},
            {},
        ),
        Page(
            "lessen.html",
            "lessons.html",
            t("nav-lessons", lang),
            t("lessons-description", lang),
            {"@type": "Article", "headline": t("lessons-heading", lang), "inLanguage": lang},
            {},
        ),
        Page(
            "infographics.html",
            "infographics.html",
            t("nav-infographics", lang),
            t("infographics-description", lang),
            {"@type": "CollectionPage", "name": t("nav-infographics", lang), "inLanguage": lang},
            {"infographics": infographics},
        ),
        Page(
            "bronnen.html",
            "sources.html",
            t("sources", lang),
            t("sources-description", lang),
            {"@type": "CollectionPage", "name": t("sources", lang), "inLanguage": lang},
            {},
        ),
    ]
    result = [
        PageMaker(page.path, partial(_as_made, page))
        if page.path not in CARD_PAGES
        else PageMaker(page.path, partial(_as_made, page), library.examples, cards=True)
        for page in pages
    ]
    by_principle = _examples_by_principle(library)
    for principle in library.principles:
        examples = by_principle.get(principle.id, [])
        result.append(
            PageMaker(
                f"principes/{principle.id}.html",
                partial(_principle_page, library, principle, term_set, examples),
                tuple(example for example, _ in examples),
                cards=True,
            )
        )
    for example in library.examples:
        result.append(
            PageMaker(
                f"voorbeelden/{example.id}.html",
                partial(_example_page, library, example),
                (example,),
            )
        )
    return result


def _as_made(page: Page) -> Page:
    """A page that needs no making (the few fixed pages, made with their makers)."""
    return page


def _examples_by_principle(library: Library) -> dict[str, list[tuple[Example, PrincipleLink]]]:
    """Principle id to the examples that embody it, each with its link, in library order."""
    found: dict[str, list[tuple[Example, PrincipleLink]]] = {}
    for example in library.examples:
        for link in example.principles:
            found.setdefault(link.id, []).append((example, link))
    return found


def _principle_page(
    library: Library,
    principle: Principle,
    term_set: dict[str, Any],
    examples: list[tuple[Example, PrincipleLink]],
) -> Page:
    return Page(
        f"principes/{principle.id}.html",
        "principle.html",
        principle.title,
        principle.statement,
        {
            "@type": "DefinedTerm",
            "name": principle.title,
            "description": principle.statement,
            "termCode": principle.id,
            "inDefinedTermSet": term_set,
            "inLanguage": library.lang,
        },
        {"principle": principle, "examples": examples},
    )


def _example_page(library: Library, example: Example) -> Page:
    by_id = {p.id: p for p in library.principles}
    principles = [(by_id[link.id], link) for link in example.principles]
    return Page(
        f"voorbeelden/{example.id}.html",
        "example.html",
        example.name,
        example.summary,
        {
            "@type": "CreativeWork",
            "name": example.name,
            "abstract": example.summary,
            "inLanguage": library.lang,
            "about": [{"@type": "DefinedTerm", "name": p.title} for p, _ in principles],
            "citation": _citations(example.sources),
        }
        | ({"url": str(example.website)} if example.website else {}),
        {
            "example": example,
            "principles": principles,
            "ages": _ages(example, library.lang),
            "origin": library.origin(example.id),
            "replaced": next(
                (r.replaced for r in library.replacements if r.id == example.id), None
            ),
        },
    )


def _facets(library: Library) -> list[dict[str, Any]]:
    """The filters of the list of examples: each option's value, label, and the document its
    label comes from (for its language), if any."""
    lang = library.lang
    vocabularies: tuple[tuple[str, str, type[LabelledEnum]], ...] = (
        ("setting", "settings", Setting),
        ("groep", "target-groups", TargetGroup),
        ("steun", "support", SupportKind),
    )
    shown = {  # a value no example has would only ever find nothing
        "setting": {s.value for e in library.examples for s in e.settings},
        "groep": {g.value for e in library.examples for g in e.target_groups},
        "steun": {v for e in library.examples for v in support_values(e.support)},
    }
    facets = [
        {
            "key": key,
            "label": t(label, lang),
            "options": [(v.value, v.label(lang), None) for v in kind if v.value in shown[key]],
        }
        for key, label, kind in vocabularies
    ]
    principles = [(p.id, f"{p.number}. {p.title}", p) for p in library.principles]
    return [*facets, {"key": "principe", "label": t("principle", lang), "options": principles}]


SEARCH_PART_SIZE = 500
"""Examples per part of the search index. A build that reuses the previous one makes only
the parts whose examples changed: one part, not the whole index, after one example did."""

SEARCH_INDEX = "NORMALISEREN_ZOEKINDEX"
"""The name of the search index in the page's scripts; each part adds its examples to it."""


def search_parts(library: Library) -> list[tuple[str, tuple[Example, ...]]]:
    """The parts of the search index: each one's file name in ``assets/``, and its examples.

    Examples go by id, :data:`SEARCH_PART_SIZE` to a part. There is always a part, also for
    a library without examples, so the filter page always finds the index.
    """
    examples = sorted(library.examples, key=lambda e: e.id)
    starts = range(0, len(examples), SEARCH_PART_SIZE) or range(1)
    return [
        (f"zoekindex-{number}.js", tuple(examples[start : start + SEARCH_PART_SIZE]))
        for number, start in enumerate(starts, 1)
    ]


def search_index(examples: Sequence[Example], lang: Lang) -> Iterator[bytes]:
    """The text of ``examples``, folded for matching, as a script that adds it to the index.

    Made piece by piece, so that the index of a large library is never whole in memory.
    """
    yield f"Object.assign(window.{SEARCH_INDEX} = window.{SEARCH_INDEX} || {{}}, {{".encode()
    for index, e in enumerate(examples):
        labels = [v.label(lang) for v in (*e.target_groups, *e.settings)]  # "ouders" finds them
        words = (e.name, e.summary, e.description, *e.places, *e.organisations, *labels)
        text = fold(" ".join(words))
        entry = f"{', ' if index else ''}{json.dumps(e.id)}: {json.dumps(text, ensure_ascii=False)}"
        yield entry.replace("<", "\\u003c").encode("utf-8")
    yield b"});\n"


@dataclass(frozen=True)
class Counterpart:
    """The same page in another language: its language and the relative link to it."""

    lang: Lang
    href: str

    @property
    def name(self) -> str:
        """The language's name in that language, as a language switch shows it."""
        return t("language-name", self.lang)


@dataclass(frozen=True)
class Renderer:
    """Templates, Markdown and theme for one export, shared by the site and the curriculum.

    The templates are compiled once; ``library`` says the language and content of the pages
    rendered, and :meth:`in_language` gives a renderer for the other language.
    """

    environment: Environment
    theme: Traversable | None
    library: Library

    def in_language(self, lang: Lang) -> Renderer:
        """The same templates, rendering the library in ``lang``."""
        return replace(self, library=self.library.in_language(lang))

    def render(
        self,
        page: Page,
        nav: Sequence[tuple[str, str]] | None = None,
        nav_label: str | None = None,
        counterparts: Sequence[Counterpart] = (),
        *,
        embedded: bool = False,
    ) -> str:
        """The HTML of one page, with ``nav`` (href, label) as its menu (default: the site's).

        ``counterparts`` are the page in every language, this one included, the first the
        default (``hreflang="x-default"``). An ``embedded`` page goes inside another site's
        frame, a learning environment's: without the header, its menu and the skip link,
        which that frame has, and with only the images rule of the Content Security Policy
        (no picture from elsewhere, such as a tracking pixel in content), which leaves what a
        lecturer adds in the environment alone.
        """
        library = self.library
        lang = library.lang
        template = self.environment.get_template(page.template)
        menu = nav if nav is not None else [(href, t(key, lang)) for href, key in NAV]
        context: dict[str, Any] = {
            "root": page.root,
            "current": page.path,
            "nav": [{"href": href, "label": label} for href, label in menu],
            "nav_label": nav_label or t("main-menu", lang),
            "title": page.title,
            "description": page.description,
            "jsonld": _jsonld(page.jsonld),
            "library": library,
            "lang": lang,
            "t": partial(t, lang=lang),
            "s": strings_in(lang),
            "labels": lambda values: [value.label(lang) for value in values],
            "origin": library.origin,
            "origin_of": library.origin_of,
            "origin_text": partial(origin_text, lang=lang),
            "principles_reading": partial(principles_reading, library),
            "own_material": partial(own_material, library),
            "support_values": support_values,
            "lang_attr": partial(_lang_attr, library),
            "title_lang": partial(_title_lang, lang),
            "card": partial(_example_card, library),
            "filter_data": _filter_data,
            "matrix_row": partial(_matrix_row, library),
            "counterparts": counterparts,
            "embedded": embedded,
        }
        return template.render({**context, **page.context})  # a page's own values win

    def assets(self) -> dict[str, bytes]:
        """The stylesheet, and a plugin's theme, by file name."""
        found = {"style.css": (files("normaliseren.site") / "assets" / "style.css").read_bytes()}
        if self.theme is not None:
            found["theme.css"] = self.theme.read_bytes()
        return found


def _title_lang(lang: Lang, source: Source) -> Markup:
    """`` lang="X"`` on a source's title where it is not in the language of the page."""
    return Markup(f' lang="{source.lang}"') if source.lang != lang else Markup("")


def _lang_attr(library: Library, document: Document) -> Markup:
    """`` lang="nl"`` on the element of a document shown in Dutch for lack of a translation."""
    return Markup(' lang="nl"') if library.falls_back(document) else Markup("")


def _example_card(library: Library, example: Example, root: str, origin: Origin) -> Markup:
    """An example's card (``example_card`` of ``macros.html``): name, summary, badges.

    Made here rather than in the template: the pages that list examples show thousands of
    cards, and a card made in Python takes half the time.
    """
    lang = library.lang
    attr = _lang_attr(library, example)
    id_ = escape(example.id)
    kind, label = escape(example.membership.value), escape(example.membership.label(lang))
    meta = f'<span class="badge badge-{kind}">{label}</span>'
    if attr:
        meta += f' <span class="badge fallback">{escape(t("fallback-short", lang))}</span>'
    if origin.kind != "core":
        said = t("origin", lang, origin=origin_text(origin, lang))
        meta += f' <span class="origin">{escape(said)}</span>'
    return Markup(
        f'<article class="card" aria-labelledby="kaart-{id_}">\n'
        f'  <h3 id="kaart-{id_}"><a href="{escape(root)}voorbeelden/{id_}.html"{attr}>'
        f"{escape(example.name)}</a></h3>\n"
        f"  <p{attr}>{escape(example.summary)}</p>\n"
        f'  <p class="meta">{meta}</p>\n'
        "</article>"
    )


def _matrix_row(library: Library, example: Example, flags: Sequence[bool]) -> Markup:
    """An example's row in the matrix: its name, then a cell for each principle.

    Made here rather than in the template, as the example cards are: the matrix has a row
    for every example.
    """
    words = strings_in(library.lang)
    attr = _lang_attr(library, example)
    badge = (
        f' <span class="badge fallback">{escape(words["fallback-short"])}</span>' if attr else ""
    )
    cells = [  # by flag: no, yes
        f'<td><span aria-hidden="true">{mark}</span>'
        f'<span class="visually-hidden">{escape(word)}</span></td>'
        for mark, word in (("·", words["no"]), ("✓", words["yes"]))
    ]
    return Markup(
        f'<th scope="row"><a href="voorbeelden/{escape(example.id)}.html"{attr}>'
        f"{escape(example.name)}</a>{badge}</th>\n" + "".join([cells[flag] for flag in flags])
    )


def _filter_data(example: Example) -> Markup:
    """The ``data-`` attributes by which ``filter.js`` filters an example's item in a list."""
    values = (
        ("setting", [s.value for s in example.settings]),
        ("groep", [g.value for g in example.target_groups]),
        ("steun", support_values(example.support)),
        ("principe", [link.id for link in example.principles]),
    )
    return Markup(" ".join(f'data-{key}="{escape(" ".join(found))}"' for key, found in values))


def make_renderer_for(library: Library, plugins: Plugins | None) -> Renderer:
    """A renderer with the plugins' templates, theme and Markdown extensions."""
    markdown = make_renderer(plugins)
    folders = template_dirs(plugins)
    theme = next((f / "theme.css" for f in folders if (f / "theme.css").is_file()), None)
    environment = Environment(
        loader=TraversableLoader(folders),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        site_name=SITE_NAME,
        has_theme=theme is not None,
        # ``under``: the level of the heading the text stands under on its page.
        markdown=lambda text, under=1: Markup(placed_under(markdown(text), under)),
    )
    return Renderer(environment, theme, library)


def folder_of(lang: Lang, root_lang: Lang) -> str:
    """Where the site in ``lang`` goes: the root for the library's language, else ``lang/``."""
    return "" if lang == root_lang else f"{lang}/"


def counterparts(path: str, lang: Lang, root_lang: Lang) -> list[Counterpart]:
    """The page at ``path`` in every language, linked from its copy in ``lang``; root first."""
    up = "../" * path.count("/") + ("../" if lang != root_lang else "")
    order = [root_lang, *(other for other in LANGS if other != root_lang)]
    return [Counterpart(other, up + folder_of(other, root_lang) + path) for other in order]


class SiteKeys:
    """The key of every page of one language of the site, for a build that reuses pages.

    A page's key covers what every page shares (the library but its examples, the
    environment: code, plugins, templates) and the examples it shows (:class:`PageMaker`):
    each example with its origin and whether it falls back to Dutch. A template of a page of
    one example is taken to show that example and what all pages share, nothing of others.
    With a plugin's templates, a page of cards counts every field of its examples.

    ``documents`` holds digests of example objects, shared between languages: an example
    without a translation is the same object in both.
    """

    def __init__(
        self,
        library: Library,
        environment: str,
        documents: dict[tuple[int, bool], tuple[Example, str]],
        *,
        built_in_templates: bool,
    ) -> None:
        own = [entry for entry in library.fallbacks if not entry.startswith(_EXAMPLE_KEY)]
        shared = library.model_dump_json(exclude={"examples", "origins", "fallbacks"})
        self.shared = digest(environment, library.lang, shared, json.dumps(own))
        self._library = library
        self._built_in_templates = built_in_templates
        self._shown: dict[bool, dict[str, str]] = {False: {}, True: {}}
        origins: dict[int, str] = {}  # by identity: a model's own hash is slow
        for example in library.examples:
            origin = library.origin(example.id)
            if id(origin) not in origins:
                origins[id(origin)] = digest(origin.model_dump_json())
            rest = origins[id(origin)] + ("1" if library.falls_back(example) else "0")
            for card in (False, True):
                known = documents.get((id(example), card))
                if known is None:
                    text = example.model_dump_json(include=set(CARD_FIELDS) if card else None)
                    known = (example, digest(text))  # kept, so its id stays its own
                    documents[id(example), card] = known
                self._shown[card][example.id] = known[1] + rest  # all of one length

    @cached_property
    def every_example(self) -> str:
        """What a page of any part of the library shows: this and every example in order."""
        return digest(self.shared, "".join(self._shown[False].values()))

    def page(self, maker: PageMaker) -> str:
        """The key of the page ``maker`` makes (its path is where the manifest keeps it)."""
        if maker.examples is None:
            return self.every_example
        return self.showing(maker.examples, cards=maker.cards)

    def showing(self, examples: Sequence[Example], *, cards: bool = False) -> str:
        """The key of a file that shows ``examples`` (as cards: :data:`CARD_FIELDS`)."""
        shown = self._shown[cards and self._built_in_templates]
        text = "".join([shown[e.id] for e in examples])
        return self.shared + text if len(examples) == 1 else digest(self.shared, text)


_EXAMPLE_KEY = "example:"
"""How :attr:`Library.fallbacks` names examples (``example:ID``)."""


def site_environment(plugins: Plugins | None, root_lang: Lang) -> str:
    """What every page of the site is made with besides the library: code, plugins, templates."""
    return digest(
        code_digest(), plugins_digest(plugins), folders_digest(template_dirs(plugins)), root_lang
    )


_Job = tuple[str, bool, Callable[[], Iterable[bytes]]]
"""A file of the site: its name, whether the previous build's can be reused, how to make it."""


def write_site(library: Library, out: OutputFolder, plugins: Plugins | None = None) -> None:
    """Write every page and asset of the site, in both languages, into ``out``.

    The library's language goes at the root, every other language in a folder of its name;
    all are made from the content read once (:meth:`Library.in_language`). Where ``out``
    keeps keys, pages and pictures made from the same as in the previous build are reused.
    """
    from normaliseren.infographic.build import infographics
    from normaliseren.infographic.render import to_svg

    root_lang = library.lang
    renderer = make_renderer_for(library, plugins)
    renderers = {lang: renderer.in_language(lang) for lang in LANGS}
    drawn = {lang: infographics(r.library) for lang, r in renderers.items()}
    environment = site_environment(plugins, root_lang) if out.keeps_keys else ""
    to_draw = []
    for lang in LANGS:
        for item in drawn[lang]:
            name = f"{folder_of(lang, root_lang)}infographics/{item.id}.svg"
            if out.keeps_keys and out.reuse(name, drawing_key(item, "svg")):
                continue
            to_draw.append((name, item))
    documents: dict[tuple[int, bool], tuple[Example, str]] = {}
    built_in = len(template_dirs(plugins)) == 1
    keys = {
        lang: SiteKeys(edition.library, environment, documents, built_in_templates=built_in)
        for lang, edition in renderers.items()
        if out.keeps_keys
    }
    drawings = [item for _, item in to_draw]
    with beside(to_svg, drawings, fork=not vega_started()) as pictures:  # Vega starts slowly
        groups: list[list[_Job]] = []
        for lang, edition in renderers.items():  # first: the workers' shares start even
            for part, examples in search_parts(edition.library):
                name = f"{folder_of(lang, root_lang)}assets/{part}"
                unchanged = lang in keys and out.unchanged(name, keys[lang].showing(examples))
                groups.append([(name, unchanged, partial(search_index, examples, lang))])
        editions = list(renderers.items())
        makers = [page_makers(edition.library, drawn[lang]) for lang, edition in editions]
        for same_page in zip(*makers, strict=True):
            # The page of an example in every language, made one after the other by the same
            # worker: the Markdown of a text that is not translated is then rendered once. A
            # page that lists examples is made in each language apart: such pages take the
            # longest, and the workers are done sooner when they share them out evenly.
            group: list[_Job] = []
            for (lang, edition), maker in zip(editions, same_page, strict=True):
                name = folder_of(lang, root_lang) + maker.path
                unchanged = lang in keys and out.unchanged(name, keys[lang].page(maker))
                group.append((name, unchanged, partial(_page_html, edition, maker, root_lang)))
            one_example = same_page[0].examples is not None and len(same_page[0].examples) == 1
            groups.extend([group] if one_example else [[job] for job in group])

        def write(group: list[_Job]) -> None:
            for name, unchanged, make in group:
                if unchanged:
                    out.copy_previous(name)
                else:
                    out.write_pieces(name, make())

        in_parallel(write, groups)
        for (name, _), svg in zip(to_draw, pictures(), strict=True):
            out.write_text(name, svg)
    filter_js = (files("normaliseren.site") / "assets" / "filter.js").read_bytes()
    for lang, edition in renderers.items():
        prefix = folder_of(lang, root_lang)
        for name, data in {**edition.assets(), "filter.js": filter_js}.items():
            out.write_bytes(f"{prefix}assets/{name}", data)


def _page_html(renderer: Renderer, maker: PageMaker, root_lang: Lang) -> tuple[bytes]:
    """The HTML of the page ``maker`` makes, in the language of ``renderer``, to write."""
    page = maker.make()
    lang = renderer.library.lang
    html = renderer.render(page, counterparts=counterparts(page.path, lang, root_lang))
    return (html.encode("utf-8"),)
