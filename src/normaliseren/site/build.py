"""Render the library as a static website: relative links, no external resources, no inline
script, the same bytes for the same library.

Templates are Jinja2 with autoescaping; a plugin can override any template (for a partner's
logo and colours) through the ``register_template_dirs`` hook.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from markupsafe import Markup

from normaliseren.infographic.models import Infographic
from normaliseren.infographic.render import vega_started
from normaliseren.library import Library
from normaliseren.markdown import make_renderer
from normaliseren.models import Example, Principle
from normaliseren.output import OutputFolder
from normaliseren.plugins import Plugins, folder_list
from normaliseren.text import fold
from normaliseren.vocabulary import LabelledEnum, Setting, SupportKind, TargetGroup

SITE_NAME = "Normaliseren"

NAV = (
    ("index.html", "Visie"),
    ("voorbeelden/index.html", "Voorbeelden"),
    ("matrix.html", "Voorbeelden en principes"),
    ("route.html", "Route"),
    ("lessen.html", "Lessen"),
    ("infographics.html", "Infographics"),
    ("bronnen.html", "Bronnen"),
)


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


def _labels(values: Iterable[LabelledEnum]) -> list[str]:
    return [value.label() for value in values]


def _ages(example: Example) -> str:
    if example.ages is None:
        return ""
    low = "?" if example.ages.min is None else str(example.ages.min)
    high = "?" if example.ages.max is None else str(example.ages.max)
    return f"{low} tot {high} jaar"


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


def pages(library: Library, infographics: Sequence[Infographic] = ()) -> list[Page]:
    """Every page of the site, in a fixed order."""
    status = library.collection_status()
    matrix = library.matrix()
    term_set = {"@type": "DefinedTermSet", "name": "De zes principes van normaliseren"}
    result = [
        Page(
            "index.html",
            "index.html",
            library.vision.title,
            "De visie, principes en praktijkvoorbeelden van het Leernetwerk Normaliseren.",
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
            "Praktijkvoorbeelden",
            "Praktijkvoorbeelden van normaliseren, te filteren en doorzoeken.",
            {"@type": "CollectionPage", "name": "Praktijkvoorbeelden", "inLanguage": library.lang},
            {"status": status, "facets": _facets(library)},
        ),
        Page(
            "matrix.html",
            "matrix.html",
            "Voorbeelden en principes",
            "Welk voorbeeld welk principe in zich draagt.",
            {"@type": "Dataset", "name": "Voorbeelden en principes", "inLanguage": library.lang},
            {"matrix": matrix},
        ),
        Page(
            "route.html",
            "route.html",
            "Route",
            "De vier stappen van het leernetwerk en wat die opleverden.",
            {
                "@type": "Article",
                "headline": "De route van het leernetwerk",
                "inLanguage": library.lang,
            },
            {},
        ),
        Page(
            "lessen.html",
            "lessons.html",
            "Lessen",
            "Wat het leernetwerk leerde, tegenvallers inbegrepen.",
            {
                "@type": "Article",
                "headline": "Wat het leernetwerk leerde",
                "inLanguage": library.lang,
            },
            {},
        ),
        Page(
            "infographics.html",
            "infographics.html",
            "Infographics",
            "De visie, de route en de voorbeelden in beeld, met tekstalternatief.",
            {"@type": "CollectionPage", "name": "Infographics", "inLanguage": library.lang},
            {"infographics": infographics},
        ),
        Page(
            "bronnen.html",
            "sources.html",
            "Bronnen",
            "De bronnen van alle inhoud.",
            {"@type": "CollectionPage", "name": "Bronnen", "inLanguage": library.lang},
            {},
        ),
    ]
    for principle in library.principles:
        result.append(_principle_page(library, principle, term_set))
    for example in library.examples:
        result.append(_example_page(library, example))
    return result


def _principle_page(library: Library, principle: Principle, term_set: dict[str, Any]) -> Page:
    examples = [
        (example, link)
        for example in library.examples
        for link in example.principles
        if link.id == principle.id
    ]
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
            "ages": _ages(example),
            "origin": library.origin(example.id),
        },
    )


def _facets(library: Library) -> list[dict[str, Any]]:
    return [
        {"key": "setting", "label": "Setting", "options": [(s.value, s.label()) for s in Setting]},
        {
            "key": "groep",
            "label": "Voor wie",
            "options": [(g.value, g.label()) for g in TargetGroup],
        },
        {
            "key": "steun",
            "label": "Soort steun",
            "options": [(s.value, s.label()) for s in SupportKind],
        },
        {
            "key": "principe",
            "label": "Principe",
            "options": [(p.id, f"{p.number}. {p.title}") for p in library.principles],
        },
    ]


def search_index(library: Library) -> str:
    """The text of every example, folded for matching, as a script the filter page loads."""
    index = {
        e.id: fold(" ".join((e.name, e.summary, e.description, *e.places, *e.organisations)))
        for e in library.examples
    }
    data = json.dumps(index, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f"window.NORMALISEREN_ZOEKINDEX = {data};\n"


PARALLEL_FROM = 200
"""Sites with at least this many pages are rendered on every core."""

_shared: dict[str, tuple[Callable[[Any], None], Sequence[Any], int]] = {}
"""The job that forked workers inherit (closures cannot be pickled, but fork copies them)."""


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Start of a forked worker: on Linux, end it when the export's process is killed.

    Otherwise a worker of a killed export goes on writing into the abandoned work folder.
    """
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _run_share(worker: int) -> None:
    function, items, workers = _shared["job"]
    for item in items[worker::workers]:
        function(item)


def in_parallel(function: Callable[[Any], None], items: Sequence[Any]) -> None:
    """Call ``function`` on every item, spread over the machine's cores when it pays.

    Workers are forked, so they share the parent's templates and library without copying;
    each item's output depends only on the item, so the result is the same as in one process.
    """
    workers = min(os.cpu_count() or 1, 8)
    methods = multiprocessing.get_all_start_methods()
    if len(items) < PARALLEL_FROM or workers < 2 or "fork" not in methods:
        for item in items:
            function(item)
        return
    _shared["job"] = (function, items, workers)
    try:
        with multiprocessing.get_context("fork").Pool(workers, _die_with_parent) as pool:
            pool.map(_run_share, range(workers))
    finally:
        _shared.clear()


@dataclass(frozen=True)
class Renderer:
    """Templates, Markdown and theme for one export, shared by the site and the curriculum."""

    environment: Environment
    theme: Traversable | None

    def render(
        self, page: Page, nav: Sequence[tuple[str, str]] = NAV, nav_label: str = "Hoofdmenu"
    ) -> str:
        """The HTML of one page, with ``nav`` as its menu."""
        template = self.environment.get_template(page.template)
        return template.render(
            root=page.root,
            current=page.path,
            nav=[{"href": href, "label": label} for href, label in nav],
            nav_label=nav_label,
            title=page.title,
            description=page.description,
            jsonld=_jsonld(page.jsonld),
            **page.context,
        )

    def assets(self) -> dict[str, bytes]:
        """The stylesheet, and a plugin's theme, by file name."""
        found = {"style.css": (files("normaliseren.site") / "assets" / "style.css").read_bytes()}
        if self.theme is not None:
            found["theme.css"] = self.theme.read_bytes()
        return found

    def write_assets(self, out: OutputFolder) -> None:
        """The stylesheet (and a plugin's theme) in ``assets/`` next to the pages."""
        for name, data in self.assets().items():
            out.write_bytes(f"assets/{name}", data)


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
        library=library,
        labels=_labels,
        origin=library.origin,
        markdown=lambda text: Markup(markdown.render(text)),
    )
    return Renderer(environment, theme)


@contextmanager
def _beside(
    function: Callable[[Any], str], items: Sequence[Any]
) -> Iterator[Callable[[], list[str]]]:
    """Run ``function`` over ``items`` in a forked process while the caller goes on.

    Yields a function that waits for the results. Without fork, the work runs on demand.
    """
    if not items or "fork" not in multiprocessing.get_all_start_methods() or vega_started():
        yield lambda: [function(item) for item in items]
        return
    with multiprocessing.get_context("fork").Pool(1, _die_with_parent) as pool:
        pending = pool.map_async(function, items)
        yield lambda: list(pending.get())


def write_site(library: Library, out: OutputFolder, plugins: Plugins | None = None) -> None:
    """Write every page and asset of the site into ``out``."""
    from normaliseren.infographic.build import infographics
    from normaliseren.infographic.render import to_svg

    drawn = infographics(library)
    with _beside(to_svg, drawn) as pictures:  # Vega starts slowly: let it run alongside
        renderer = make_renderer_for(library, plugins)
        every_page = pages(library, drawn)
        in_parallel(lambda page: out.write_text(page.path, renderer.render(page)), every_page)
        for infographic, svg in zip(drawn, pictures(), strict=True):
            out.write_text(f"infographics/{infographic.id}.svg", svg)
    renderer.write_assets(out)
    out.write_bytes(
        "assets/filter.js", (files("normaliseren.site") / "assets" / "filter.js").read_bytes()
    )
    out.write_text("assets/zoekindex.js", search_index(library))
