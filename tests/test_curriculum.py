"""The curriculum exporter: cartridges that pass the CC 1.1 schemas and the spec's own rules."""

from __future__ import annotations

import json
import os
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from normaliseren import Library, load_library
from normaliseren.cli import main
from normaliseren.curriculum.cartridge import NS, NS_LOM_RESOURCE, NS_WEBLINK, manifest
from normaliseren.curriculum.pages import lesson_file, notes_file
from normaliseren.markdown import plain_text
from normaliseren.testing import HOSTILE_TEXTS

from .browser import ROOT
from .conftest import VALID_EXAMPLE
from .test_markdown import assert_no_live_markup, permissive

SCHEMAS = ROOT.parent / "shared" / "schemas" / "imscc-1.1"
MODULE = "normaliseren-in-de-praktijk"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("curriculum") / "out"
    assert main(["export", "curriculum", "--out", str(out)]) == 0
    return out


def composed(tmp_path: Path, fields: str, lang: str = "nl") -> Path:
    """The export of a module a lecturer composed (``mijn-module``) with ``fields``."""
    module = tmp_path / "module.yaml"
    title = "" if "title:" in fields else "title: Mijn module\n"
    text = f"type: module\nid: mijn-module\n{title}description: Een les.\nlevel: hbo-bachelor\n"
    module.write_text(text + fields, encoding="utf-8")
    out = tmp_path / "out"
    argv = ["--lang", lang, "export", "curriculum", "--module", str(module), "--out", str(out)]
    assert main(argv) == 0
    return out


def nth_lesson(library: Library, number: int, suffix: str = ".html") -> str:
    """The file of the shipped module's lesson ``number`` (from 1)."""
    lesson = library.course_lesson(library.module(MODULE).lessons[number - 1])
    return lesson_file(lesson, suffix)


def cartridges(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*.imscc"))
    assert found
    return found


def schema_or_skip() -> object:
    if not SCHEMAS.is_dir():
        message = f"the CC 1.1 schemas are not at {SCHEMAS}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    import xmlschema

    return xmlschema.XMLSchema(str(SCHEMAS / "ccv1p1_imscp_v1p2_v1p0.xsd"), allow="local")


def test_the_shipped_module_is_exported(exported: Path, library: Library) -> None:
    assert [m.id for m in library.modules] == [MODULE]
    assert (exported / f"{MODULE}.imscc").is_file()
    assert (exported / MODULE / "html" / "index.html").is_file()
    assert (exported / MODULE / "markdown" / "index.md").is_file()


def test_every_manifest_passes_the_cc_11_schemas(exported: Path) -> None:
    schema = schema_or_skip()
    for cartridge in cartridges(exported):
        with zipfile.ZipFile(cartridge) as archive:
            text = archive.read("imsmanifest.xml").decode("utf-8")
        errors = [f"{e.path}: {e.reason}" for e in schema.iter_errors(text)]  # type: ignore[attr-defined]
        assert errors == [], cartridge.name


def test_every_web_link_passes_its_schema(exported: Path) -> None:
    schema_or_skip()
    import xmlschema

    weblink = xmlschema.XMLSchema(str(SCHEMAS / "ccv1p1_imswl_v1p1.xsd"), allow="local")
    for cartridge in cartridges(exported):
        with zipfile.ZipFile(cartridge) as archive:
            for name in archive.namelist():
                if name.startswith("bronnen/"):
                    assert list(weblink.iter_errors(archive.read(name).decode())) == [], name


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def test_the_rules_that_xsd_does_not_enforce(exported: Path) -> None:
    for cartridge in cartridges(exported):
        with zipfile.ZipFile(cartridge) as archive:
            names = archive.namelist()
            assert names[0] == "imsmanifest.xml"  # at the root, first
            for name in names:  # safe entry names
                assert not name.startswith("/"), name
                assert ".." not in name.split("/"), name
                assert posixpath.normpath(name) == name
            root = ET.fromstring(archive.read("imsmanifest.xml"))
            identifiers = [e.get("identifier") for e in root.iter() if e.get("identifier")]
            assert len(identifiers) == len(set(identifiers)), "identifiers must be unique"
            resources = {r.get("identifier"): r for r in root.iter(q("resource"))}
            referenced = set()
            for resource in resources.values():
                for file in resource.iter(q("file")):
                    href = file.get("href") or ""
                    assert href in names, f"{href} is not in the package"
                    referenced.add(href)
                for dependency in resource.iter(q("dependency")):
                    assert dependency.get("identifierref") in resources
                if resource.get("type") == "webcontent" and resource.get("href"):
                    files = [f.get("href") for f in resource.iter(q("file"))]
                    assert resource.get("href") in files  # the launch page is one of its files
                if resource.get("type") == "imswl_xmlv1p1":
                    assert resource.get("href") is None
                    (file,) = resource.iter(q("file"))
                    link = ET.fromstring(archive.read(file.get("href") or ""))
                    assert link.tag == f"{{{NS_WEBLINK}}}webLink"
                    url = link.find(f"{{{NS_WEBLINK}}}url")
                    assert url is not None
                    assert re.match(r"^https?://", url.get("href") or "")
            assert set(names) - {"imsmanifest.xml"} == referenced, "files outside the manifest"
            for item in root.iter(q("item")):
                ref = item.get("identifierref")
                assert item.find(q("title")) is not None or ref is None
                if ref is not None:
                    assert ref in resources
                    assert not list(item.iter(q("item")))[1:], "a leaf item has no children"


def test_teacher_notes_are_for_instructors_only(exported: Path) -> None:
    role = f"{{{NS_LOM_RESOURCE}}}intendedEndUserRole"
    for cartridge in cartridges(exported):
        with zipfile.ZipFile(cartridge) as archive:
            root = ET.fromstring(archive.read("imsmanifest.xml"))
        for resource in root.iter(q("resource")):
            notes = "docent-" in (resource.get("href") or "")
            roles = [
                value.text
                for r in resource.iter(role)
                for value in r.iter(f"{{{NS_LOM_RESOURCE}}}value")
            ]
            assert roles == (["Instructor"] if notes else []), resource.get("href")


def test_teacher_notes_are_linked_in_the_folders_but_not_in_the_cartridge(
    exported: Path, library: Library
) -> None:
    """Outside a learning environment nothing else leads to them; inside, its role hides them."""
    folder = exported / MODULE
    html = (folder / "html" / "index.html").read_text(encoding="utf-8")
    markdown = (folder / "markdown" / "index.md").read_text(encoding="utf-8")
    lessons = [library.course_lesson(i) for i in library.module(MODULE).lessons]
    assert len(list((folder / "html").glob("docent-les-*.html"))) == len(lessons)
    for lesson in lessons:
        assert f'href="{notes_file(lesson)}"' in html
        assert f"]({notes_file(lesson, '.md')})" in markdown
    with zipfile.ZipFile(exported / f"{MODULE}.imscc") as archive:
        assert "docent-les-" not in archive.read(f"{MODULE}/index.html").decode("utf-8")


def test_an_untranslated_module_title_is_labelled_dutch(tmp_path: Path) -> None:
    out = composed(tmp_path, "title: Mijn eigen module\nlessons: [zes-principes]\n", "en")
    with zipfile.ZipFile(out / "mijn-module.en.imscc") as archive:
        xml = archive.read("imsmanifest.xml").decode("utf-8")
    assert '<lomm:title><lomm:string language="nl">Mijn eigen module<' in xml
    assert "<lomm:language>en</lomm:language>" in xml


def test_output_is_byte_identical(tmp_path: Path) -> None:
    for out in (tmp_path / "a", tmp_path / "b"):
        assert main(["export", "curriculum", "--out", str(out)]) == 0
    first = {
        str(p.relative_to(tmp_path / "a")): p.read_bytes()
        for p in (tmp_path / "a").rglob("*")
        if p.is_file()
    }
    second = {
        str(p.relative_to(tmp_path / "b")): p.read_bytes()
        for p in (tmp_path / "b").rglob("*")
        if p.is_file()
    }
    assert first == second


def test_pages_carry_learning_resource_json_ld(exported: Path) -> None:
    import json

    pages = sorted((exported / MODULE / "html").glob("*.html"))
    assert len(pages) >= 13
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        assert found is not None
        data = json.loads(found.group(1))
        assert data["@type"] == "LearningResource"
        assert data["inLanguage"] == "nl"
        assert data["educationalLevel"]
        assert data["teaches"]
        assert data["audience"]["@type"] == "EducationalAudience"


def test_a_lecturers_own_material_is_shown_as_theirs(tmp_path: Path, library: Library) -> None:
    """Provenance: the pages name the folder of a lesson and activity of one's own, and the
    footer does not credit the network alone for them."""
    folder = tmp_path / "eigen"
    folder.mkdir()
    (folder / "opdracht.md").write_text(
        "---\ntype: activity\nid: eigen-opdracht\nkind: reflection-question\ntitle: Eigen\n"
        "minutes: 15\nprinciples: [informele-steun]\n---\n\nDenk na.\n",
        encoding="utf-8",
    )
    (folder / "les.md").write_text(
        "---\ntype: course-lesson\nid: eigen-les\ntitle: Eigen les\noutcomes:\n"
        "  - id: eigen-uitkomst\n    text: Je kunt iets.\n    principles: [informele-steun]\n"
        "activities: [eigen-opdracht]\nsources: [magazine]\n---\n\nInleiding.\n",
        encoding="utf-8",
    )
    module = tmp_path / "mijn-module.yaml"
    module.write_text(
        "type: module\nid: mijn-module\ntitle: Mijn module\ndescription: Kort.\n"
        "level: hbo-bachelor\nlessons: [zes-principes, eigen-les]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    argv = ["--content-dir", str(folder), "export", "curriculum", "--module", str(module)]
    assert main([*argv, "--out", str(out)]) == 0
    pages = out / "mijn-module" / "html"
    shipped_lesson = (pages / "les-zes-principes.html").read_text(encoding="utf-8")
    own_lesson = (pages / "les-eigen-les.html").read_text(encoding="utf-8")
    assert 'class="origin"' not in shipped_lesson
    assert own_lesson.count('<span class="origin">Herkomst: map eigen</span>') == 2
    footer = "met eigen materiaal van bestand mijn-module.yaml, map eigen; de rest is gebaseerd"
    assert footer in shipped_lesson
    assert str(tmp_path) not in own_lesson + shipped_lesson
    ours = load_library([folder, module])
    assert {key: o.kind for key, o in ours.curriculum_origins.items()} == {
        "activity:eigen-opdracht": "folder",
        "course-lesson:eigen-les": "folder",
        "module:mijn-module": "folder",
    }
    assert ours.origin_of(ours.course_lesson("zes-principes")).kind == "core"


def test_a_criterions_outcomes_are_a_list_within_it(exported: Path, library: Library) -> None:
    from markdown_it import MarkdownIt

    criteria = library.module(MODULE).assessment
    markdown = (exported / MODULE / "markdown" / "index.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").render(markdown[markdown.index("\n## Beoordeling") :])
    page = (exported / MODULE / "html" / "index.html").read_text(encoding="utf-8")
    for text in (html, page[page.index('id="toetsing"') :]):
        nested = re.findall(r"<li>.*?<ul[^>]*>(.*?)</ul>", text, re.S)
        assert [len(re.findall("<li>", items)) for items in nested[: len(criteria)]] == [
            len(c.outcomes) for c in criteria
        ]


def test_the_shipped_modules_footer_credits_the_network(exported: Path, library: Library) -> None:
    page = (exported / MODULE / "html" / nth_lesson(library, 1)).read_text(encoding="utf-8")
    assert "op basis van het werk van het Leernetwerk Normaliseren" in page
    assert "eigen materiaal" not in page


def test_a_module_file_in_the_content_folder_is_exported_by_itself(
    tmp_path: Path, library: Library
) -> None:
    folder = tmp_path / "eigen"
    folder.mkdir()
    module = folder / "mijn-module.yaml"
    module.write_text(
        "type: module\nid: mijn-module\ntitle: Mijn module\ndescription: Kort.\n"
        f"level: hbo-bachelor\nlessons: [{library.module(MODULE).lessons[0]}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    argv = ["--content-dir", str(folder), "export", "curriculum", "--module", str(module)]
    assert main([*argv, "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "mijn-module",
        "mijn-module.imscc",
    ]


def test_a_lecturer_composes_a_module_from_a_yaml_file(tmp_path: Path, library: Library) -> None:
    first, second = library.module(MODULE).lessons[:2]
    composed = tmp_path / "mijn-module.yaml"
    composed.write_text(
        "type: module\nid: mijn-module\ntitle: Mijn module normaliseren\n"
        "description: Een korte module, samengesteld uit de bibliotheek.\n"
        f"level: hbo-bachelor\naudience: [Social Work]\nlessons: [{second}, {first}]\n"
        "principles: [informele-steun]\nexamples: [buurtgezinnen]\n",
        encoding="utf-8",
    )
    assert main(["validate", str(composed)]) == 0
    out = tmp_path / "out"
    assert main(["export", "curriculum", "--module", str(composed), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "mijn-module",
        "mijn-module.imscc",
    ]
    with zipfile.ZipFile(out / "mijn-module.imscc") as archive:
        names = archive.namelist()
    assert "mijn-module/principe-informele-steun.html" in names
    assert "mijn-module/voorbeeld-buurtgezinnen.html" in names
    index = (out / "mijn-module" / "html" / "index.html").read_text(encoding="utf-8")
    assert index.index(load_library().course_lesson(second).title) < index.index(
        load_library().course_lesson(first).title
    )


def test_a_composed_module_with_mistakes_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    composed = tmp_path / "kapot.yaml"
    composed.write_text(
        "type: module\nid: kapot\ntitle: Kapot\ndescription: x\nlevel: hbo-bachelor\n"
        "lessons: [bestaat-niet]\nexamples: [buurtgezin]\n",
        encoding="utf-8",
    )
    assert main(["validate", str(composed)]) == 1
    out = capsys.readouterr().out
    assert f"{composed}:6: lessons[0]: unknown course-lesson 'bestaat-niet'" in out
    assert (
        f"{composed}:7: examples[0]: unknown example 'buurtgezin'; did you mean 'buurtgezinnen'?"
        in out
    )


def test_a_case_assignment_lists_its_sources_once(exported: Path) -> None:
    cases = 0
    for page in sorted((exported / MODULE / "html").glob("les-*.html")):
        text = page.read_text(encoding="utf-8")
        for case, after in re.findall(
            r"(<div class=\"case\".*?</ul>\s*</div>)(.*?)</section>", text, re.S
        ):
            cases += 1
            assert 'role="group"' in case  # part of the activity, not a landmark of its own
            (inside,) = re.findall(r"<li>.*?</li>", case)[:1] or [""]
            assert inside, page.name  # the case names its sources
            assert inside not in after, page.name  # and the activity does not again
    assert cases


def test_cases_and_example_pages_show_the_principles_the_library_links(
    exported: Path, library: Library, tmp_path: Path
) -> None:
    """A case assignment asks students for the principles the library names with the example."""
    lesson = (exported / MODULE / "html" / nth_lesson(library, 3)).read_text(encoding="utf-8")
    case = library.example("buurtgezinnen")
    for link in case.principles:
        assert f"{library.principle(link.id).title}</span>: <span>{link.rationale}" in lesson
    out = composed(tmp_path, "lessons: [zes-principes]\nexamples: [buurtgezinnen]\n")
    page = (out / "mijn-module" / "html" / "voorbeeld-buurtgezinnen.html").read_text("utf-8")
    for link in case.principles:
        assert f"{library.principle(link.id).title}</span>: <span>{link.rationale}" in page


def test_reading_pages_have_their_sources_as_web_links(tmp_path: Path, library: Library) -> None:
    schema = schema_or_skip()
    fields = "lessons: [zes-principes]\nprinciples: [informele-steun]\nexamples: [buurtgezinnen]\n"
    out = composed(tmp_path, fields)
    with zipfile.ZipFile(out / "mijn-module.imscc") as archive:
        text = archive.read("imsmanifest.xml").decode("utf-8")
        names = set(archive.namelist())
    errors = [f"{e.path}: {e.reason}" for e in schema.iter_errors(text)]  # type: ignore[attr-defined]
    assert errors == []
    root = ET.fromstring(text)
    items = {item.get("identifier"): item for item in root.iter(q("item"))}
    for key, document in (
        ("I__MIJN_MODULE__VOORBEELD__BUURTGEZINNEN", library.example("buurtgezinnen")),
        ("I__MIJN_MODULE__PRINCIPE__INFORMELE_STEUN", library.principle("informele-steun")),
    ):
        linked = {c.get("identifier") for c in items[key].iter(q("item"))}
        for source in document.sources:
            if source.url is not None:
                assert f"{key}__BRON__{source.id.upper().replace('-', '_')}" in linked
                assert f"mijn-module/bronnen/{source.id}.xml" in names


def test_the_markdown_folder_holds_what_the_pages_hold(tmp_path: Path, library: Library) -> None:
    """Reading pages, the sources of cases, and the note on text shown in Dutch."""
    fields = "lessons: [casussen-steun-rond-het-gezin]\nprinciples: [informele-steun]\n"
    out = composed(tmp_path, fields + "examples: [buurtgezinnen]\n", "en")
    folder = out / "mijn-module" / "markdown"
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "This text is not yet available in English; it is shown in Dutch." in index
    for name in ("principe-informele-steun.md", "voorbeeld-buurtgezinnen.md"):
        assert f"]({name})" in index
        assert (folder / name).is_file()
    english = library.in_language("en")
    case = english.example("buurtgezinnen")
    reading = (folder / "voorbeeld-buurtgezinnen.md").read_text(encoding="utf-8")
    for link in case.principles:
        assert f"- {english.principle(link.id).title}: {link.rationale}" in reading
    lesson = (folder / "les-casussen-steun-rond-het-gezin.md").read_text(encoding="utf-8")
    box = lesson.split(f"{case.name}**", 1)[1]
    for source in case.sources:
        assert f"{source.publisher}" in box
    for link in case.principles:  # the case's box holds what the page's does
        assert f"> - {english.principle(link.id).title}: {link.rationale}" in box
    assert "> " + case.description.split("\n")[0][:40] in box


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (JSON's form is one, for text in the BMP)."""
    return json.dumps(text, ensure_ascii=False)


def test_the_markdown_folder_passes_no_markup_of_the_content_on(tmp_path: Path) -> None:
    """Learning environments often render Markdown with raw HTML allowed: the folder's Markdown
    must then show content text as text, as the pages do, and link only to safe targets."""
    hostile = " ".join(HOSTILE_TEXTS)
    folder = tmp_path / "inhoud"
    folder.mkdir()
    example = VALID_EXAMPLE.replace("name: Mijn voorbeeld", f"name: {quoted(hostile)}")
    example = example.replace(
        "summary: Een voorbeeld uit onze gemeente.", f"summary: {quoted(hostile)}"
    )
    example = example.replace("rationale: Buren helpen elkaar.", f"rationale: {quoted(hostile)}")
    (folder / "voorbeeld.md").write_text(example + "\n\n".join(HOSTILE_TEXTS) + "\n")
    first = load_library().module(MODULE).lessons[0]
    module = tmp_path / "module.yaml"
    module.write_text(
        f"type: module\nid: mijn-module\ntitle: {quoted(hostile)}\n"
        f"description: {quoted(chr(10).join(HOSTILE_TEXTS))}\nlevel: hbo-bachelor\n"
        f"lessons: [{first}]\nprinciples: [informele-steun]\nexamples: [mijn-voorbeeld]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    argv = ["--content-dir", str(folder), "export", "curriculum", "--module", str(module)]
    assert main([*argv, "--out", str(out)]) == 0
    written = sorted((out / "mijn-module" / "markdown").glob("*.md"))
    assert "voorbeeld-mijn-voorbeeld.md" in [path.name for path in written]
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert_no_live_markup(permissive.render(text), path.name)
    reading = (out / "mijn-module" / "markdown" / "voorbeeld-mijn-voorbeeld.md").read_text()
    assert "\\<script>alert('normaliseren')\\</script>" in reading  # shown, as text


def test_the_english_cartridge_shares_no_identifier_with_the_dutch_one(library: Library) -> None:
    """So a course can hold both: Canvas matches items by identifier and would replace them."""
    english = load_library(lang="en")
    module = library.modules[0]
    dutch_xml, _ = manifest(library, module, ["assets/style.css"])
    english_xml, _ = manifest(english, english.module(module.id), ["assets/style.css"])

    def ids(xml: str, attribute: str = "identifier") -> set[str]:
        return set(re.findall(rf' {attribute}="([^"]+)"', xml))

    assert ids(dutch_xml) & ids(english_xml) == set()
    assert {i.removeprefix("EN_") for i in ids(english_xml)} == ids(dutch_xml)
    assert ids(english_xml, "identifierref") <= ids(english_xml)  # each still resolves


def test_no_two_sources_of_a_lesson_look_the_same_in_the_cartridge(library: Library) -> None:
    """An item names its source's publisher and kind: titles alone repeat (a report and its
    web page, the same title at two publishers)."""
    xml, _ = manifest(library, library.modules[0], ["assets/style.css"])
    for lesson in library.modules[0].lessons:
        key = lesson.upper().replace("-", "_")
        pattern = (
            rf'<item identifier="I__[A-Z_]+__LES__{key}__BRON__[A-Z_]+" identifierref="[^"]+">'
        )
        titles = re.findall(pattern + r"<title>([^<]*)</title>", xml)
        assert titles
        assert len(set(titles)) == len(titles), titles
    assert "(Werkplaats SAMEN, publicatie)" in xml


def test_an_activitys_own_sources_do_not_join_a_list_of_its_instructions(
    library: Library,
) -> None:
    """In Markdown a list right after another, a blank line between, is one list: the label
    before an activity's sources is a paragraph of its own, so their list starts anew."""
    from markdown_it import MarkdownIt

    from normaliseren.curriculum.pages import module_markdown

    label = "Bronnen bij deze opdracht:"
    lessons = module_markdown(library, library.modules[0])
    shown = [text for name, text in lessons.items() if name.startswith("les-") and label in text]
    assert shown  # the shipped module has activities with sources of their own
    for text in shown:
        html = MarkdownIt("commonmark").render(text)
        assert html.count(f"<p>{label}</p>\n<ul>") == text.count(label)


def test_cartridge_pages_leave_the_frame_to_the_learning_environment(exported: Path) -> None:
    """The folder's pages carry the site's header, menu and policy; the cartridge's, which a
    learning environment shows in its own frame, only the page itself: the same main part."""
    folder = exported / MODULE / "html"
    with zipfile.ZipFile(exported / f"{MODULE}.imscc") as archive:
        pages = [name for name in archive.namelist() if name.endswith(".html")]
        assert pages
        for name in pages:
            inside = archive.read(name).decode("utf-8")
            outside = (folder / name.removeprefix(f"{MODULE}/")).read_text(encoding="utf-8")
            for frame in ("<header", "default-src 'none'", 'class="skip-link"'):
                assert frame in outside, name
                assert frame not in inside, name
            assert """content="img-src 'self' data:">""" in inside  # no picture from elsewhere

            def main_part(page: str) -> str:
                return page[page.index("<main") : page.index("</main>")]

            # In the frame, a link to elsewhere opens a window of its own, and says so.
            framed = main_part(inside)
            external = re.findall(r'<a href="https?://[^"]*"[^>]*>', framed)
            assert all('target="_blank" rel="noopener"' in link for link in external), name
            assert framed.count("(opent in een nieuw venster)") == len(external), name
            unframed = re.sub(NEW_WINDOW, "", framed)
            if name != f"{MODULE}/index.html":  # the folder's also links lessons, teacher notes
                assert unframed == main_part(outside), name
            else:  # the environment's menu leads to the lessons: no link between its files
                assert re.findall(r'href="(?!https?:)', framed) == [], name
            assert "<footer" in inside  # the attribution stays


NEW_WINDOW = re.compile(
    r' target="_blank" rel="noopener"'
    r'|<span class="visually-hidden"> \(opent in een nieuw venster\)</span>'
)
"""What the cartridge's pages add to a link to elsewhere."""


def test_a_title_that_looks_like_an_identifier_stays_as_written(tmp_path: Path) -> None:
    title = 'Mijn identifier="I__MIJN_MODULE" module'
    out = composed(tmp_path, f"title: '{title}'\nlessons: [zes-principes]\n", "en")
    with zipfile.ZipFile(out / "mijn-module.en.imscc") as archive:
        xml = archive.read("imsmanifest.xml").decode("utf-8")
    assert title in xml  # only the manifest's own identifiers get EN_
    assert ' identifier="EN_I__MIJN_MODULE"' in xml


def test_two_modules_share_no_identifier_and_a_lesson_keeps_its_own(library: Library) -> None:
    """A course may hold the shipped module and one of its own: Canvas matches items by
    identifier and would replace one module's items with the other's. And a lesson moved to
    another place in the module keeps its identifiers, so a second import updates it."""
    shipped = library.module(MODULE)
    first, second, *rest = shipped.lessons
    ours = shipped.model_copy(update={"id": "mijn-module", "lessons": (second, first, *rest)})
    with_ours = library.model_copy(update={"modules": (*library.modules, ours)})

    def ids(module_id: str) -> set[str]:
        xml, _ = manifest(with_ours, with_ours.module(module_id), ["assets/style.css"])
        return set(re.findall(r' identifier="([^"]+)"', xml))

    theirs, mine = ids(MODULE), ids("mijn-module")
    assert theirs & mine == set()
    assert {i.replace("MIJN_MODULE", "") for i in mine} == {
        i.replace(MODULE.upper().replace("-", "_"), "") for i in theirs
    }


def test_links_with_the_same_text_go_to_the_same_place_in_the_course(exported: Path) -> None:
    """WCAG 2.4.4: a lesson and its teacher notes are not two links of one text."""
    from .test_html import assert_links_tell_their_places_apart

    assert_links_tell_their_places_apart((exported / MODULE / "html").glob("*.html"))


def test_cartridges_of_two_modules_or_languages_share_no_file(
    exported: Path, tmp_path: Path, library: Library
) -> None:
    """A learning environment keeps the files of every import in one file area and finds a
    page's links there by path: a second module, or the other language, must not take the
    place of the first's files. A lesson's file keeps its name when it moves."""
    shipped = library.module(MODULE)
    first, second = shipped.lessons[:2]
    (tmp_path / "mine").mkdir()
    mine = composed(tmp_path / "mine", f"lessons: [{second}, {first}]\n")
    english = tmp_path / "en"
    assert main(["--lang", "en", "export", "curriculum", "--out", str(english)]) == 0
    paths = {}
    for cartridge in (
        exported / f"{MODULE}.imscc",
        english / f"{MODULE}.en.imscc",
        mine / "mijn-module.imscc",
    ):
        with zipfile.ZipFile(cartridge) as archive:
            names = set(archive.namelist())
            root = ET.fromstring(archive.read("imsmanifest.xml"))
        folder = cartridge.name.removesuffix(".imscc")
        assert {n for n in names if not n.startswith(f"{folder}/")} == {"imsmanifest.xml"}
        paths[folder] = names - {"imsmanifest.xml"}
        hrefs = {r.get("href") for r in root.iter(q("resource")) if r.get("href")}
        assert f"{folder}/{lesson_file(library.course_lesson(first))}" in hrefs
    assert paths[MODULE].isdisjoint(paths[f"{MODULE}.en"])
    assert paths[MODULE].isdisjoint(paths["mijn-module"])


def test_the_overview_is_a_module_of_its_own_with_a_description(exported: Path) -> None:
    """Canvas puts an item directly under the root in a "Misc Module" that every cartridge of
    the course shares; Moodle takes the description as the course's summary."""
    with zipfile.ZipFile(exported / f"{MODULE}.imscc") as archive:
        root = ET.fromstring(archive.read("imsmanifest.xml"))
    (top,) = root.iter(q("organization"))
    (course,) = top.findall(q("item"))
    for item in course.findall(q("item")):
        assert item.get("identifierref") is None  # a folder: a module in Canvas
        assert item.findall(q("item"))
    overview = course.findall(q("item"))[0]
    assert overview.findtext(q("title")) == load_library().module(MODULE).title
    lom = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}"
    description = root.findtext(f".//{lom}description/{lom}string") or ""
    assert description == plain_text(load_library().module(MODULE).description)
    assert description.startswith("Over deze module\n\nNormaliseren in de praktijk is")
