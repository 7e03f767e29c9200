"""The plugin system: every hook, every failure, loading rules and order independence."""

from __future__ import annotations

import importlib.metadata
import itertools
import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normaliseren import (
    Exporter,
    Library,
    OutputFolder,
    PluginError,
    PluginWarning,
    hookimpl,
    load_library,
    validate_paths,
)
from normaliseren import load as load_module
from normaliseren import plugins as plugins_module
from normaliseren.builtins.content import shipped_data
from normaliseren.cli import main
from normaliseren.load import registered_exporters
from normaliseren.markdown import make_renderer
from normaliseren.plugins import load_plugins
from normaliseren.testing import check_exporter, make_library

from .conftest import VALID_EXAMPLE, words_printed_by
from .conftest import InstallPlugins as Plugins

# Broken plugins warn; the tests assert on the recorded problems instead.
pytestmark = [
    pytest.mark.filterwarnings("ignore::normaliseren.plugins.PluginWarning"),
    pytest.mark.usefixtures("fresh_caches"),
]


HEADER = """
from importlib.resources.abc import Traversable
from pathlib import Path
from normaliseren import hookimpl, Exporter, LibraryFinding
"""


def content_plugin(folder: Path, *files: tuple[str, str]) -> str:
    for name, text in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return (
        HEADER
        + f"""
@hookimpl
def register_content_dirs():
    return [Path({str(folder)!r})]
"""
    )


# --- each hook ------------------------------------------------------------------------


def test_register_content_dirs_adds_examples_with_their_origin(
    installed: Plugins, tmp_path: Path
) -> None:
    installed({"gemeente": content_plugin(tmp_path / "c", ("a.md", VALID_EXAMPLE))})
    library = load_library()
    assert library.example("mijn-voorbeeld").name == "Mijn voorbeeld"
    origin = library.origin("mijn-voorbeeld")
    assert (origin.kind, origin.name) == ("plugin", "gemeente")
    assert library.origin("buurtgezinnen").kind == "core"
    assert library.origins["mijn-voorbeeld"] == origin


def install_giz_copy(installed: Plugins, name: str, fields: str) -> None:
    """Install plugin ``name``, whose ``register_examples`` gives a copy of GIZ with
    ``fields`` (Python source of a dict) changed."""
    installed(
        {
            name: HEADER
            + f"""
from normaliseren import PrincipleLink
from normaliseren.testing import make_library

@hookimpl
def register_examples():
    return [make_library().example("giz").model_copy(update={fields})]
"""
        }
    )


def test_register_examples_adds_models(installed: Plugins) -> None:
    install_giz_copy(
        installed, "modellen", '{"id": "giz-kopie", "name": "GIZ (kopie)", "membership": "related"}'
    )
    library = load_library()
    assert library.example("giz-kopie").name == "GIZ (kopie)"
    assert library.origin("giz-kopie").name == "modellen"


def test_a_made_example_that_names_an_unknown_principle_skips_its_plugin(
    installed: Plugins,
) -> None:
    link = 'PrincipleLink(id="informele-stuen", rationale="Verkeerd gespeld.")'
    fields = f'{{"id": "giz-kopie", "principles": ({link},), "membership": "related"}}'
    install_giz_copy(installed, "slordig", fields)
    (problem,) = problems_of()
    assert problem.startswith("plugin slordig, hook register_examples: 1 content problem:\n")
    assert "unknown principle 'informele-stuen'; did you mean 'informele-steun'?" in problem
    assert "giz-kopie" not in {e.id for e in load_library().examples}


def test_a_made_example_is_placed_by_its_id_without_a_line(installed: Plugins) -> None:
    install_giz_copy(installed, "kopie", '{"membership": "related"}')
    (problem,) = problems_of()
    assert "\n  plugin kopie: example giz: id: example id 'giz' is also used at " in problem


def test_a_made_example_of_wrong_values_is_said_as_a_files_would_be(installed: Plugins) -> None:
    install_giz_copy(installed, "slordig", '{"name": "twee\\nregels", "settings": ("wijkk",)}')
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none of pydantic's own about the values
        (problem,) = problems_of()
    assert problem.startswith(
        "plugin slordig, hook register_examples: returned the wrong thing: an example does not "
        "validate: example 'giz': name: must be one line of text"
    )
    assert "did you mean 'wijk'?" in problem
    assert "errors.pydantic.dev" not in problem


def test_a_finding_is_placed_at_the_file_of_its_item_or_at_the_library(
    installed: Plugins, write: Callable[[str, str], Path]
) -> None:
    installed(
        {
            "regels": HEADER
            + """
@hookimpl
def check_library(library):
    return [
        LibraryFinding(code="geheel", message="over alles"),
        LibraryFinding(code="onbekend", message="over iets", item="bestaat-niet"),
        LibraryFinding(code="bron", message="over een bron", item="magazine"),
        LibraryFinding(code="visie", message="over de visie", item="vision"),
    ]
"""
        }
    )
    problems = validate_paths([write("a.md", VALID_EXAMPLE)])
    found = {p.code: (Path(p.path).name, p.line, p.message) for p in problems if p.is_error}
    assert found["geheel"] == ("(library)", None, "over alles (rule of plugin regels)")
    assert found["onbekend"][:2] == ("(library)", None)
    assert found["onbekend"][2].endswith("; it names 'bestaat-niet', which is not in the library")
    assert (found["bron"][0], found["visie"][0]) == ("sources.md", "vision.md")
    sources = (shipped_data() / "sources.md").read_text(encoding="utf-8")
    assert found["bron"][1] == sources.splitlines().index("  - id: magazine") + 1


def test_export_leaves_another_plugins_problem_a_warning(
    installed: Plugins, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    installed(
        {
            "thema": HEADER
            + """
@hookimpl
def register_template_dirs():
    raise RuntimeError("kapot thema")
"""
        }
    )
    assert main(["export", "html", "--out", str(tmp_path / "uit")]) == 0
    err = capsys.readouterr().err
    assert err.count("kapot thema") == 1
    assert "warning: plugin thema, hook register_template_dirs: raised RuntimeError" in err
    assert (tmp_path / "uit" / "index.html").is_file()


def test_the_hook_with_an_argument_it_is_not_passed_is_named() -> None:
    class Mixed:
        @hookimpl
        def check_library(self, library: object, verbose: bool = False) -> list[object]:
            return []  # a default: pluggy allows it, the hook does not pass it

        @hookimpl(specname="register_examples")
        def our_examples(self, lib: object) -> list[object]:
            return []

    with pytest.warns(PluginWarning) as warned:
        load_plugins(entry_point_plugins=False, extra=[("gemengd", Mixed())])
    assert [str(w.message) for w in warned] == [
        "plugin gemengd, hook register_examples: takes 'lib', but the hook passes nothing"
    ]


def test_an_exporter_that_raises_is_reported_with_its_line(
    installed: Plugins, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    installed(
        {
            "stuk": HEADER
            + """
def write(library, out):
    out.write_text("a.txt", b"bytes".encode())

@hookimpl
def register_exporters():
    return [Exporter("stuk", "Breekt.", write)]
"""
        }
    )
    assert main(["export", "stuk", "--out", str(tmp_path / "uit")]) == 1
    err = capsys.readouterr().err
    line = HEADER.count("\n") + 3  # the line of write() that raised
    said = r"plugin stuk, exporter stuk: raised AttributeError: .*\(at fake_stuk_\d+\.py:(\d+)\)"
    assert [int(n) for n in re.findall(said, err)] == [line]


def test_register_exporters_and_build(installed: Plugins, tmp_path: Path) -> None:
    installed(
        {
            "telling": HEADER
            + """
def write(library, out):
    out.write_text("aantal.txt", f"{len(library.examples)}\\n")

@hookimpl
def register_exporters():
    return [Exporter("telling", "Counts the examples.", write)]
"""
        }
    )
    out = tmp_path / "build"
    assert main(["build", "--out", str(out)]) == 0
    assert (out / "telling" / "aantal.txt").read_text() == f"{len(load_library().examples)}\n"
    assert (out / "json" / "library.json").is_file()


def test_check_library_findings_are_reported_by_validate(
    installed: Plugins, write: Callable[[str, str], Path]
) -> None:
    installed(
        {
            "regels": HEADER
            + """
@hookimpl
def check_library(library):
    return [
        LibraryFinding(code="needs-website", message="geen website", item=e.id)
        for e in library.examples if e.website is None and e.id == "mijn-voorbeeld"
    ]
"""
        }
    )
    path = write("a.md", VALID_EXAMPLE)
    problems = [p for p in validate_paths([path]) if p.is_error]
    assert [(p.path, p.line, p.code) for p in problems] == [(str(path), 3, "needs-website")]
    assert "rule of plugin regels" in problems[0].message


def test_extend_markdown_extends_but_never_unlocks_html() -> None:
    class Strike:
        @hookimpl
        def extend_markdown(self, md: Any) -> None:
            md.enable("strikethrough")
            md.options["html"] = True  # ignored: raw HTML stays off

    plugins = load_plugins(entry_point_plugins=False, extra=[("strike", Strike())])
    html = make_renderer(plugins)(
        "~~weg~~ <script>x</script> [a](javascript:alert(1)) [b](https://x.nl)"
    )
    assert "<s>weg</s>" in html
    assert "<script>" not in html
    assert 'href="javascript' not in html
    assert 'href="https://x.nl"' in html


# --- failures -------------------------------------------------------------------------


def problems_of(strict: bool = False) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plugins = load_module.get_plugins(strict)
        load_library(strict=strict)
        registered_exporters(plugins)
    assert all(issubclass(w.category, PluginWarning) for w in caught)
    return [p.format() for p in plugins.problems]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import does_not_exist\n", "plugin kapot: failed to import: raised ModuleNotFoundError"),
        (
            HEADER + "@hookimpl\ndef register_exporters():\n    raise RuntimeError('oeps')\n",
            "plugin kapot, hook register_exporters: raised RuntimeError: oeps",
        ),
        (
            HEADER + "@hookimpl\ndef register_exporters():\n    return 'json'\n",
            "plugin kapot, hook register_exporters: returned the wrong thing: expected a list",
        ),
        (
            HEADER + "@hookimpl\ndef register_examples():\n    return [{'id': 'x'}]\n",
            "plugin kapot, hook register_examples: returned the wrong thing: expected Example",
        ),
        (
            HEADER + "@hookimpl\ndef register_exporter():\n    return []\n",
            "plugin kapot, hook register_exporter: implements unknown hook 'register_exporter';"
            " did you mean 'register_exporters'",
        ),
        (
            HEADER + "@hookimpl\ndef check_library(library, extra):\n    return []\n",
            "plugin kapot, hook check_library: takes 'extra', but the hook passes 'library'",
        ),
    ],
    ids=["import", "raises", "wrong-return", "wrong-item", "misspelled-hook", "wrong-args"],
)
def test_a_broken_plugin_is_skipped_with_a_warning(
    installed: Plugins, code: str, expected: str
) -> None:
    installed(
        {"kapot": code, "heel": HEADER + "@hookimpl\ndef register_exporters():\n    return []\n"}
    )
    problems = problems_of()
    assert len(problems) == 1
    assert problems[0].startswith(expected)
    assert "heel" in load_module.get_plugins().info  # the rest still works
    assert load_library().example("buurtgezinnen")


def test_strict_mode_turns_a_broken_plugin_into_an_error(
    installed: Plugins, capsys: pytest.CaptureFixture[str]
) -> None:
    installed({"kapot": "import does_not_exist\n"})
    with pytest.raises(PluginError, match="plugin kapot: failed to import"):
        problems_of(strict=True)
    assert main(["--strict", "list", "examples"]) == 1
    assert "plugin kapot: failed to import" in capsys.readouterr().err


def test_strict_from_the_environment(installed: Plugins, monkeypatch: pytest.MonkeyPatch) -> None:
    installed({"kapot": "import does_not_exist\n"})
    monkeypatch.setenv("NORMALISEREN_STRICT_PLUGINS", "1")
    assert main(["list", "examples"]) == 1


def test_cli_warns_and_goes_on(installed: Plugins, capsys: pytest.CaptureFixture[str]) -> None:
    installed({"kapot": "import does_not_exist\n"})
    assert main(["list", "principles"]) == 0
    out, err = capsys.readouterr()
    assert "onzekerheid-hoort-erbij" in out
    assert "normaliseren: warning: plugin kapot: failed to import" in err


def test_plugin_content_that_does_not_validate_skips_the_plugin(
    installed: Plugins, tmp_path: Path
) -> None:
    broken = VALID_EXAMPLE.replace("support: informal", "support: medisch")
    installed({"slordig": content_plugin(tmp_path / "c", ("a.md", broken))})
    problems = problems_of()
    assert len(problems) == 1
    assert problems[0].startswith("plugin slordig, hook register_content_dirs: 1 content problem")
    assert "support" in problems[0]


def test_every_content_problem_of_a_plugin_is_named_in_line_order(
    installed: Plugins, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = VALID_EXAMPLE.replace("support: informal", "support: medisch").replace(
        "membership: related", "membership: lid"
    )
    installed({"slordig": content_plugin(tmp_path / "c", ("a.md", broken))})
    (problem,) = problems_of()
    lines = [broken.splitlines().index(f) + 1 for f in ("membership: lid", "support: medisch")]
    assert problem.startswith("plugin slordig, hook register_content_dirs: 2 content problems:\n")
    assert problem.index(f"a.md:{min(lines)}:") < problem.index(f"a.md:{max(lines)}:")
    assert main(["plugins"]) == 0  # the plugins command reads their content too
    out = capsys.readouterr().out
    assert "problem: plugin slordig, hook register_content_dirs: 2 content problems:" in out
    assert not any(line.startswith("slordig") for line in out.splitlines())  # not as fine


def test_same_id_different_content_names_both_origins(installed: Plugins, tmp_path: Path) -> None:
    clash = VALID_EXAMPLE.replace("id: mijn-voorbeeld", "id: giz")
    installed({"dubbel": content_plugin(tmp_path / "c", ("giz.md", clash))})
    problems = problems_of()
    assert len(problems) == 1
    assert (
        "example id 'giz' is also used at normaliseren/data/examples/giz.md:3 (core)" in problems[0]
    )
    assert load_library().example("giz").membership.value == "named-in-magazine"


def test_same_id_identical_content_is_merged(installed: Plugins, tmp_path: Path) -> None:
    installed(
        {
            "een": content_plugin(tmp_path / "a", ("x.md", VALID_EXAMPLE)),
            "twee": content_plugin(tmp_path / "b", ("x.md", VALID_EXAMPLE)),
        }
    )
    assert problems_of() == []
    assert load_library().origin("mijn-voorbeeld").name == "een"


def test_a_declared_replacement_wins_and_is_recorded(installed: Plugins, tmp_path: Path) -> None:
    mine = VALID_EXAMPLE.replace("id: mijn-voorbeeld", "id: giz").replace(
        "sources: [magazine]", "sources: [magazine]\nreplaces: true"
    )
    installed({"vervanger": content_plugin(tmp_path / "c", ("giz.md", mine))})
    assert problems_of() == []
    library = load_library()
    assert library.example("giz").name == "Mijn voorbeeld"
    (replacement,) = library.replacements
    assert (replacement.id, replacement.by.name, replacement.replaced.kind) == (
        "giz",
        "vervanger",
        "core",
    )


def test_two_plugins_may_not_share_an_exporter_name(installed: Plugins) -> None:
    exporter = (
        HEADER + "@hookimpl\ndef register_exporters():\n    return [Exporter('json', 'x', print)]\n"
    )
    installed({"nabootser": exporter})
    problems = problems_of()
    assert problems == [
        "plugin nabootser, hook register_exporters: exporter name 'json' is already used by "
        "plugin normaliseren.builtins.json_export"
    ]


# --- loading rules ---------------------------------------------------------------------


def test_load_plugins_allow_list(installed: Plugins, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = HEADER + "@hookimpl\ndef register_exporters():\n    return []\n"
    installed({"een": empty, "twee": empty})
    monkeypatch.setenv("NORMALISEREN_LOAD_PLUGINS", "twee")
    assert [n for n, i in load_module.get_plugins().info.items() if not i.default] == ["twee"]
    load_module.clear_cache()
    monkeypatch.setenv("NORMALISEREN_LOAD_PLUGINS", "")
    assert [n for n, i in load_module.get_plugins().info.items() if not i.default] == []


def test_an_allow_list_that_names_no_installed_plugin_says_so(
    installed: Plugins, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = HEADER + "@hookimpl\ndef register_exporters():\n    return []\n"
    installed({"partner": empty})
    monkeypatch.setenv("NORMALISEREN_LOAD_PLUGINS", "partner_plugin, partner")
    assert problems_of() == [
        "plugin partner_plugin: NORMALISEREN_LOAD_PLUGINS names it, but no plugin of that name"
        " is installed (installed: partner)"
    ]
    assert "partner" in load_module.get_plugins().info
    with pytest.raises(PluginError, match="partner_plugin"):
        problems_of(strict=True)


def test_the_test_kit_names_an_installed_plugin_as_the_command_line_does(
    installed: Plugins,
) -> None:
    import importlib

    from normaliseren import testing

    installed({"partner": "x = 1\n"})
    (point,) = plugins_module.installed_entry_points()
    module = importlib.import_module(point.value)
    assert testing._name_of(module) == "partner"
    assert testing._name_of(importlib) == "importlib"  # not installed: its module's name


def test_plugins_command(installed: Plugins, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    installed(
        {
            "kapot": "import does_not_exist\n",
            "heel": HEADER + "@hookimpl\ndef register_exporters():\n    return []\n",
        }
    )
    assert main(["plugins", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["plugins"] == [
        {"name": "heel", "version": None, "hooks": ["register_exporters"], "default": False}
    ]
    assert report["problems"][0]["plugin"] == "kapot"
    assert main(["plugins", "--all"]) == 0
    out = capsys.readouterr().out
    assert "normaliseren.builtins.content (built in): register_content_dirs" in out
    assert "problem: plugin kapot: failed to import" in out


def test_content_dirs_option_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "een", tmp_path / "twee"
    first.mkdir()
    second.mkdir()
    (first / "a.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    (second / "b.md").write_text(
        VALID_EXAMPLE.replace("mijn-voorbeeld", "tweede"), encoding="utf-8"
    )
    monkeypatch.setenv("NORMALISEREN_CONTENT_DIRS", str(first))
    assert main(["list", "examples", "--content-dir", str(second)]) == 0
    out = capsys.readouterr().out
    assert "mijn-voorbeeld" in out
    assert f"(folder {first})" in out
    assert f"(folder {second})" in out


def test_content_dir_errors_use_the_same_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.md").write_text(VALID_EXAMPLE.replace("name: Mijn voorbeeld", "name: [a]"))
    assert main(["--content-dir", str(folder), "list", "examples"]) == 1
    assert f"{folder}/a.md:4: name: Input should be a valid string" in capsys.readouterr().err


def test_order_of_installation_never_changes_the_library(tmp_path: Path) -> None:
    made = []
    for index in range(4):
        folder = tmp_path / f"p{index}"
        folder.mkdir()
        text = VALID_EXAMPLE.replace("mijn-voorbeeld", f"voorbeeld-{index % 3}")
        if index == 3:
            text = text.replace("sources: [magazine]", "sources: [magazine]\nreplaces: true")
            text = text.replace("Mijn voorbeeld", "Vervangen")
        (folder / "x.md").write_text(text, encoding="utf-8")

        class Plugin:
            def __init__(self, path: Path) -> None:
                self.path = path

            @hookimpl
            def register_content_dirs(self) -> list[Path]:
                return [self.path]

        made.append((f"plugin-{index}", Plugin(folder)))

    def build(order: Sequence[tuple[str, object]]) -> Library:
        plugins = load_plugins(entry_point_plugins=False, extra=order, strict=True)
        return load_module.build_library(load_module.assemble(plugins, []))

    reference = build(made)
    assert reference.example("voorbeeld-0").name == "Vervangen"

    @settings(max_examples=24, deadline=None)
    @given(st.permutations(made))
    def same(order: Sequence[tuple[str, object]]) -> None:
        assert build(order) == reference

    same()


def test_import_and_help_do_not_load_plugins() -> None:
    import subprocess
    import sys

    code = (
        "import sys, normaliseren, normaliseren.cli\n"
        "try:\n    normaliseren.cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('pluggy', 'pydantic', 'normaliseren.plugins')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


# --- the test kit and the scaffold ----------------------------------------------------


def test_make_library_is_isolated_and_strict(installed: Plugins) -> None:
    installed({"kapot": "import does_not_exist\n"})
    assert make_library() == make_library()

    class Broken:
        @hookimpl
        def register_examples(self) -> str:
            return "nope"

    with pytest.raises(PluginError):
        make_library([Broken()])


def test_check_exporter_accepts_the_json_exporter(tmp_path: Path) -> None:
    exporter = registered_exporters(load_plugins(entry_point_plugins=False))["json"][0]
    check_exporter(exporter, tmp_path)


def test_check_exporter_catches_live_markup(tmp_path: Path) -> None:
    def unsafe(library: Library, out: OutputFolder) -> None:
        out.write_text("index.html", "".join(f"<p>{e.name}</p>" for e in library.examples))

    with pytest.raises(AssertionError, match="live markup"):
        check_exporter(Exporter("onveilig", "Writes names unescaped.", unsafe), tmp_path)


def test_check_exporter_catches_unstable_output(tmp_path: Path) -> None:

    counter = itertools.count()

    def unstable(library: Library, out: OutputFolder) -> None:
        out.write_text("x.txt", f"{next(counter)} " + " ".join(e.id for e in library.examples))

    with pytest.raises(AssertionError, match="differs between two runs"):
        check_exporter(Exporter("wisselend", "Changes every run.", unstable), tmp_path)


def test_output_folder_refuses_names_outside(tmp_path: Path) -> None:
    from normaliseren import OutputError

    folder = OutputFolder(tmp_path)
    for name in ("../x", "/etc/x", "a/../../x", "", "a\\b", ".normaliseren-output"):
        with pytest.raises(OutputError):
            folder.write_text(name, "x")
    assert list(tmp_path.iterdir()) == []


def test_new_plugin_refuses_the_name_of_an_installed_plugin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], installed: Plugins
) -> None:
    installed({"buurt": "x = 1\n"})
    assert main(["new-plugin", "buurt", "--out", str(tmp_path / "uit")]) == 1
    assert "'buurt' is taken: an installed plugin uses it already" in capsys.readouterr().err
    assert not (tmp_path / "uit").exists()


def test_two_installed_plugins_of_one_name_are_both_reported_and_neither_loaded(
    installed: Plugins,
) -> None:
    installed({"opendata": "x = 1\n", "buurt": "x = 1\n"})
    points = plugins_module.installed_entry_points()  # buurt, opendata
    twin = importlib.metadata.EntryPoint("buurt", points[0].value, "normaliseren")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plugins_module, "entry_points", lambda group: [*points, twin])
        with pytest.warns(PluginWarning) as warned:
            plugins = load_plugins()
    assert "opendata" in plugins.info
    assert "buurt" not in plugins.info
    (said,) = [str(w.message) for w in warned]
    assert said.startswith("plugin buurt: 2 installed plugins use this entry-point name: ")
    assert said.endswith(
        "none of them is loaded; rename the entry point in the pyproject.toml of all but one"
    )


def test_new_plugin_refuses_bad_names_and_existing_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-plugin", "Mijn Plugin", "--out", str(tmp_path)]) == 1
    assert "starting with a letter" in capsys.readouterr().err
    assert main(["new-plugin", "kwaad\n", "--out", str(tmp_path)]) == 1  # a line end too
    assert "starting with a letter" in capsys.readouterr().err
    assert main(["new-plugin", "normaliseren", "--out", str(tmp_path)]) == 1
    assert "is taken: a module 'normaliseren' is installed here already" in capsys.readouterr().err
    assert main(["new-plugin", "jinja2", "--out", str(tmp_path)]) == 1
    assert main(["new-plugin", "json", "--out", str(tmp_path)]) == 1
    assert list(tmp_path.iterdir()) == []
    assert main(["new-plugin", "mijn-plugin", "--out", str(tmp_path)]) == 0
    (tmp_path / "mijn-plugin" / "README.md").write_text("eigen werk")
    capsys.readouterr()
    assert main(["new-plugin", "mijn-plugin", "--out", str(tmp_path)]) == 1
    assert (tmp_path / "mijn-plugin" / "README.md").read_text() == "eigen werk"
    err = capsys.readouterr().err
    assert "is not empty; choose a new or empty folder" in err
    assert "--force" not in err  # new-plugin has no such option: it never writes over files


def test_the_test_kit_works_without_pytest() -> None:
    """pytest is not a dependency: a partner's script may still check its exporter."""
    code = (
        "import sys\n"
        "sys.modules['pytest'] = None  # as if it were not installed\n"
        "from normaliseren.testing import check_exporter, make_library\n"
        "import normaliseren.testing as kit\n"
        "print(callable(check_exporter), make_library().example('giz').id,"
        " hasattr(kit, 'normaliseren_library'))\n"
    )
    assert words_printed_by(code) == ["True", "giz", "False"]


def test_check_exporter_finds_names_escaped_for_html(tmp_path: Path) -> None:
    import html

    from normaliseren import Exporter

    def names_only(library: Library, out: OutputFolder) -> None:
        items = "".join(f"<li>{html.escape(e.name)}</li>" for e in library.examples)
        out.write_text("index.html", f"<ul>{items}</ul>\n")

    check_exporter(Exporter("namen", "Every example's name.", names_only), tmp_path)
