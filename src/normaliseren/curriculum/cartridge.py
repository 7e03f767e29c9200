"""IMS Common Cartridge 1.1: the package format every learning environment imports.

Moodle imports Common Cartridge 1.0 and 1.1 only, and checks the manifest against the 1.1
schemas; Canvas and Brightspace import 1.1 as well. Each lesson is a web content page; teacher
notes are marked for instructors only; every source with an address is a web link.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from normaliseren.library import Library
from normaliseren.markdown import plain_text
from normaliseren.models import Module, Principle, Source
from normaliseren.output import safe_parts
from normaliseren.strings import t
from normaliseren.vocabulary import Lang
from normaliseren.xmltext import xml_attribute, xml_text

from .pages import lesson_file, notes_file, plan

NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
NS_LOM_MANIFEST = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
NS_LOM_RESOURCE = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
NS_WEBLINK = "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every zip entry carries this time, so the same module gives the same bytes."""

SOURCE_LANG: Lang = "nl"
"""The language the content is written in: its cartridge keeps the plain names and ids."""

_TAG = re.compile(r"<[^>]+>")
"""A tag of the manifest: its texts are escaped, so they hold no ``<`` or ``>``."""

_IDENTIFIER = re.compile(r'( identifier(?:ref)?=")([A-Z0-9_]+")')


def cartridge_name(module: Module, lang: Lang) -> str:
    """``ID.imscc``, or ``ID.LANG.imscc`` in a translation: two files an import tells apart."""
    return f"{cartridge_folder(module, lang)}.imscc"


def cartridge_folder(module: Module, lang: Lang) -> str:
    """The folder of a cartridge's files (all but the manifest): ``ID``, or ``ID.LANG``.

    A learning environment keeps the files of every import in one file area, and finds a
    page's links there by path: files of two modules, or of two languages, never share one.
    """
    return module.id if lang == SOURCE_LANG else f"{module.id}.{lang}"


def _in_language(xml: str, lang: Lang) -> str:
    """Every identifier of a translation's manifest starts with ``LANG_``: an environment that
    matches items by identifier (Canvas) then keeps both languages in one course, instead of
    replacing one with the other. The source language's start with a letter and ``_``."""
    if lang == SOURCE_LANG:
        return xml
    prefix = rf"\g<1>{lang.upper()}_\g<2>"
    return _TAG.sub(lambda tag: _IDENTIFIER.sub(prefix, tag.group()), xml)


def _weblink(source: Source) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<webLink xmlns="{NS_WEBLINK}">\n'
        f"  <title>{xml_text(source.title)}</title>\n"
        f'  <url href={xml_attribute(str(source.url))} target="_blank"/>\n'
        "</webLink>\n"
    )


def _instructor_only() -> str:
    return (
        "<metadata><lomr:lom><lomr:educational><lomr:intendedEndUserRole>"
        "<lomr:source>IMSGLC_CC_Rolesv1p1</lomr:source><lomr:value>Instructor</lomr:value>"
        "</lomr:intendedEndUserRole></lomr:educational></lomr:lom></metadata>"
    )


def _item(identifier: str, title: str, ref: str | None = None, children: str = "") -> str:
    attribute = f' identifierref="{ref}"' if ref else ""
    return (
        f'<item identifier="{identifier}"{attribute}><title>{xml_text(title)}</title>'
        f"{children}</item>"
    )


def _key(slug: str) -> str:
    """An id as a part of an identifier: ``zes-principes`` is ``ZES_PRINCIPES``."""
    return slug.upper().replace("-", "_")


def _identifier(kind: str, *parts: str) -> str:
    """``I`` (item) or ``R`` (resource) and its parts, joined by ``__``: a slug holds no two
    hyphens in a row, so no two different identifiers are written alike."""
    return "__".join([kind, *parts])


def _webcontent(identifier: str, href: str, assets: str, metadata: str = "") -> str:
    return (
        f'<resource identifier="{identifier}" type="webcontent" href="{href}">{metadata}'
        f'<file href="{href}"/><dependency identifierref="{assets}"/></resource>'
    )


@dataclass(frozen=True)
class _Where:
    """What every item and file of one cartridge shares: its scope, folder and language."""

    scope: str
    folder: str
    lang: Lang


def _source_items(
    parent: str,
    sources: Iterable[Source],
    weblinks: dict[str, str],
    resources: list[str],
    *,
    where: _Where,
) -> list[str]:
    """An item for each source with an address, under ``parent``; its web link is added once."""
    found = []
    lang = where.lang
    for source in sorted(sources, key=lambda s: s.id):
        if source.url is None:
            continue
        key = _key(source.id)
        resource = _identifier("R", where.scope, "BRON", key)
        path = f"{where.folder}/bronnen/{source.id}.xml"
        if path not in weblinks:
            weblinks[path] = _weblink(source)
            resources.append(
                f'<resource identifier="{resource}" type="imswl_xmlv1p1">'
                f'<file href="{path}"/></resource>'
            )
        found.append(
            _item(
                f"{parent}__BRON__{key}",
                t(
                    "source-item",
                    lang,
                    title=source.title,
                    publisher=source.publisher,
                    kind=source.kind.label(lang),
                ),
                resource,
            )
        )
    return found


def manifest(
    library: Library, module: Module, asset_names: list[str]
) -> tuple[str, dict[str, str]]:
    """The ``imsmanifest.xml`` of a module, and the web link files it refers to, by path.

    Every path but the manifest's is in the folder of :func:`cartridge_folder`; ``asset_names``
    and the pages are named as within it.
    """
    planned = plan(library, module)
    lang = library.lang
    folder = cartridge_folder(module, lang)
    scope = _key(module.id)  # two modules in one course share no identifier
    where = _Where(scope, folder, lang)
    assets_id = _identifier("R", scope, "ASSETS")
    weblinks: dict[str, str] = {}
    overview = _identifier("R", scope, "OVERZICHT")
    about = _item(_identifier("I", scope, "OVERZICHT"), t("about-module", lang), overview)
    # In a folder of its own, titled as the module: directly under the root, Canvas would put
    # it in one "Misc Module" that every cartridge imported into the course shares.
    items = [_item(_identifier("I", scope, "MODULE"), module.title, None, about)]
    resources = [_webcontent(overview, f"{folder}/index.html", assets_id)]
    for number, (lesson, activities) in enumerate(planned.lessons, 1):
        key = (scope, "LES", _key(lesson.id))  # by the lesson, not its place: kept on a reorder
        page, notes = _identifier("R", *key), _identifier("R", *key, "DOCENT")
        children = [
            _item(_identifier("I", *key, "PAGINA"), lesson.title, page),
            _item(_identifier("I", *key, "DOCENT"), t("teacher-notes", lang), notes),
        ]
        resources.append(_webcontent(page, f"{folder}/{lesson_file(lesson)}", assets_id))
        notes_path = f"{folder}/{notes_file(lesson)}"
        resources.append(_webcontent(notes, notes_path, assets_id, _instructor_only()))
        cited = {s.id: s for s in lesson.sources}
        for activity in activities:
            cited.update((s.id, s) for s in activity.sources)
            if activity.example:
                cited.update((s.id, s) for s in library.example(activity.example).sources)
        item = _identifier("I", *key)
        children += _source_items(item, cited.values(), weblinks, resources, where=where)
        title = f"{t('lesson-number', lang, number=number)}: {lesson.title}"
        items.append(_item(item, title, None, "".join(children)))
    for kind, ids in (("PRINCIPE", module.principles), ("VOORBEELD", module.examples)):
        for reading in ids:
            path = f"{kind.lower()}-{reading}.html"
            key = (scope, kind, _key(reading))
            document = (
                library.principle(reading) if kind == "PRINCIPE" else library.example(reading)
            )
            title = document.title if isinstance(document, Principle) else document.name
            item, resource = _identifier("I", *key), _identifier("R", *key)
            page = _item(_identifier("I", *key, "PAGINA"), title, resource)
            links = _source_items(item, document.sources, weblinks, resources, where=where)
            items.append(_item(item, title, None, "".join([page, *links])))
            resources.append(_webcontent(resource, f"{folder}/{path}", assets_id))
    assets = "".join(f'<file href="{folder}/{name}"/>' for name in asset_names)
    resources.append(f'<resource identifier="{assets_id}" type="webcontent">{assets}</resource>')
    title_lang = library.lang_of(module)
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest identifier="{_identifier("M", scope)}" xmlns="{NS}" '
        f'xmlns:lomm="{NS_LOM_MANIFEST}" xmlns:lomr="{NS_LOM_RESOURCE}">'
        "<metadata><schema>IMS Common Cartridge</schema><schemaversion>1.1.0</schemaversion>"
        "<lomm:lom><lomm:general>"
        f'<lomm:title><lomm:string language="{title_lang}">'
        f"{xml_text(module.title)}</lomm:string></lomm:title>"
        f"<lomm:language>{lang}</lomm:language>"
        f'<lomm:description><lomm:string language="{title_lang}">'
        f"{xml_text(plain_text(module.description))}</lomm:string></lomm:description>"
        "</lomm:general></lomm:lom></metadata>"
        f'<organizations><organization identifier="{_identifier("O", scope)}" '
        'structure="rooted-hierarchy">'
        f'<item identifier="{_identifier("I", scope)}">{"".join(items)}</item>'
        "</organization></organizations>"
        f"<resources>{''.join(resources)}</resources>"
        "</manifest>\n"
    )
    return _in_language(text, lang), weblinks


def package(files: Mapping[str, bytes]) -> bytes:
    """A zip with the manifest first and every other entry sorted, at a fixed time.

    Entry names are checked like output file names, so unpacking never leaves the folder.
    """
    buffer = io.BytesIO()
    names = sorted(files, key=lambda name: (name != "imsmanifest.xml", name))
    for name in names:
        safe_parts(name)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()
