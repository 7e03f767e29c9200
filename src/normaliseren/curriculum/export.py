"""Write modules: per module a ``.imscc`` cartridge, an HTML folder and a Markdown folder."""

from __future__ import annotations

from collections.abc import Sequence

from normaliseren.library import Library
from normaliseren.output import OutputFolder
from normaliseren.plugins import Plugins
from normaliseren.site.build import make_renderer_for
from normaliseren.strings import t

from .cartridge import cartridge_folder, cartridge_name, manifest, package
from .pages import module_markdown, module_pages, navigation, with_notes_linked


def write_modules(
    library: Library, out: OutputFolder, plugins: Plugins | None, module_ids: Sequence[str]
) -> None:
    """``ID.imscc`` (``ID.LANG.imscc`` in a translation), ``ID/html/`` and ``ID/markdown/`` for
    each module named."""
    renderer = make_renderer_for(library, plugins)
    for module_id in module_ids:
        module = library.module(module_id)
        links, label = navigation(library, module), t("module-lessons", library.lang)
        pages = module_pages(library, module)
        html = {p.path: renderer.render(p, links, label).encode("utf-8") for p in pages}
        overview = with_notes_linked(library, module, pages[0])  # the folder's, not the LMS's
        folder = html | {overview.path: renderer.render(overview, links, label).encode("utf-8")}
        embedded = {p.path: renderer.render(p, embedded=True).encode("utf-8") for p in pages}
        asset_files = {f"assets/{name}": data for name, data in renderer.assets().items()}
        for name, data in {**folder, **asset_files}.items():
            out.write_bytes(f"{module.id}/html/{name}", data)
        for name, text in module_markdown(library, module).items():
            out.write_text(f"{module.id}/markdown/{name}", text)
        xml, weblinks = manifest(library, module, sorted(asset_files))
        within = cartridge_folder(module, library.lang)
        files = {"imsmanifest.xml": xml.encode("utf-8")}
        files.update(
            (f"{within}/{name}", data) for name, data in {**embedded, **asset_files}.items()
        )
        files.update((name, text.encode("utf-8")) for name, text in weblinks.items())
        out.write_bytes(cartridge_name(module, library.lang), package(files))
