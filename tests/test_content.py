"""The shipped content: valid as a whole, sourced, and honest about what is unknown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normaliseren import (
    Example,
    Library,
    Membership,
    PluginError,
    PluginWarning,
    hookimpl,
    validate_paths,
)
from normaliseren.builtins.content import shipped_data
from normaliseren.models import used_sources

from .conftest import VALID_EXAMPLE, shipped_content


def test_every_shipped_file_validates() -> None:
    content = shipped_content()
    # All problems at once, so a contributor sees everything to fix in one run.
    assert [e.format() for e in content.errors] == []


def test_the_six_principles_in_order(library: Library) -> None:
    assert [p.number for p in library.principles] == [1, 2, 3, 4, 5, 6]
    assert [p.id for p in library.principles] == [
        "onzekerheid-hoort-erbij",
        "verantwoordelijkheid-laten",
        "informele-steun",
        "laagdrempelig-dichtbij",
        "gelijkwaardig-samenwerken",
        "brede-context",
    ]


def test_every_principle_is_embodied_by_at_least_two_examples(library: Library) -> None:
    matrix = library.matrix()
    thin = {p.id: len(matrix.examples_for(p.id)) for p in library.principles}
    assert {k: v for k, v in thin.items() if v < 2} == {}


def test_every_practice_of_the_facts_sheet_with_its_membership(library: Library) -> None:
    membership = {e.id: e.membership for e in library.examples}
    assert membership == {
        "moeders-informeren-moeders": Membership.CONFIRMED,
        "buurtgezinnen": Membership.CONFIRMED,
        "het-begint-bij-mij": Membership.CONFIRMED,
        "beleid-pijnacker-nootdorp": Membership.CONFIRMED,
        "ouderkamer": Membership.NAMED_IN_MAGAZINE,
        "ease": Membership.NAMED_IN_MAGAZINE,
        "giz": Membership.NAMED_IN_MAGAZINE,
        "ervaringscafe": Membership.RELATED,
        "pbs-in-de-wijk": Membership.RELATED,
        "voorleesexpress": Membership.RELATED,
        "expex": Membership.RELATED,
    }


def test_the_thirteen_are_declared_and_never_padded(library: Library) -> None:
    status = library.collection_status()
    assert status.declared_size == 13
    assert status.identified == 7
    assert status.unidentified == 6
    members = {e.id for e in library.examples if e.membership is not Membership.RELATED}
    assert set(status.confirmed) | set(status.named_in_magazine) == members


def claiming(folder: Path, count: int, membership: str) -> list[tuple[str, str, str]]:
    """``count`` examples of a folder of one's own that claim ``membership``: the problems
    of membership that ``validate`` finds, as (file name, code, severity)."""
    folder.mkdir()
    for number in range(count):
        text = VALID_EXAMPLE.replace("id: mijn-voorbeeld", f"id: eigen-{number}")
        (folder / f"e{number}.md").write_text(text.replace("related", membership))
    return [
        (Path(p.path).name, p.code, p.severity)
        for p in validate_paths([folder])
        if p.field == "membership"
    ]


@pytest.mark.parametrize("membership", ["confirmed", "named-in-magazine"])
def test_an_example_of_ones_own_may_not_claim_membership(tmp_path: Path, membership: str) -> None:
    assert claiming(tmp_path / "c", 1, membership) == [("e0.md", "membership-claim", "error")]
    assert claiming(tmp_path / "r", 1, "related") == []


def test_a_plugin_may_not_claim_membership_either() -> None:
    from normaliseren.testing import make_library

    class Claims:
        __name__ = "claims"

        @hookimpl
        def register_examples(self) -> list[Example]:
            base = make_library().example("buurtgezinnen")
            return [base.model_copy(update={"id": "ons-lid"})]  # confirmed, as buurtgezinnen

    with pytest.raises(PluginError) as raised:
        make_library([Claims()])
    (problem,) = raised.value.problems
    assert "[membership-claim]" in problem.cause


SHIPPED_DATA = Path(str(shipped_data()))


@pytest.mark.parametrize(
    "shipped",
    [
        "principles/3-informele-steun.md",
        "route/1-taal-ontwikkelen.md",
        "lessons/veilige-omgeving.md",
    ],
)
def test_a_folder_may_not_add_to_the_networks_own_work(tmp_path: Path, shipped: str) -> None:
    """A principle, route step or lesson of one's own would be shown as the network's."""
    text = (SHIPPED_DATA / shipped).read_text(encoding="utf-8")
    copy, own = tmp_path / "copy", tmp_path / "own"
    copy.mkdir()
    own.mkdir()
    (copy / "x.md").write_text(text, encoding="utf-8")  # the same document: read as that one
    assert [p.code for p in validate_paths([copy])] == []
    new_id = re.sub(r"^id: .*$", "id: eigen-document", text, count=1, flags=re.MULTILINE)
    new_number = re.sub(r"^number: .*$", "number: 7", new_id, count=1, flags=re.MULTILINE)
    (own / "x.md").write_text(new_number, encoding="utf-8")
    problems = [(p.code, p.field, p.line) for p in validate_paths([own]) if p.is_error]
    assert problems == [("network-document", "type", 2)]


def test_a_plugin_may_not_add_a_principle_either(tmp_path: Path) -> None:
    from normaliseren.testing import make_library

    folder = tmp_path / "inhoud"
    folder.mkdir()
    text = (SHIPPED_DATA / "principles/3-informele-steun.md").read_text(encoding="utf-8")
    text = text.replace("id: informele-steun", "id: eigen-principe").replace(
        "number: 3", "number: 7"
    )
    (folder / "7.md").write_text(text, encoding="utf-8")

    class Adds:
        __name__ = "adds"

        @hookimpl
        def register_content_dirs(self) -> list[Path]:
            return [folder]

    with pytest.raises(PluginError) as raised:
        make_library([Adds()])
    (problem,) = raised.value.problems
    assert "[network-document]" in problem.cause
    with pytest.warns(PluginWarning, match="network-document"):
        skipped = make_library([Adds()], strict=False)
    assert skipped.principles == make_library().principles


def test_the_shipped_files_given_to_validate_are_valid_without_a_warning() -> None:
    shipped = Path(str(shipped_data()))  # as a contributor checks a change
    assert [p.format() for p in validate_paths([shipped])] == []


def test_an_example_that_replaces_a_member_may_keep_its_membership(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    own = VALID_EXAMPLE.replace("id: mijn-voorbeeld", "id: buurtgezinnen\nreplaces: true")
    (folder / "b.md").write_text(own.replace("related", "confirmed"))
    assert [p.code for p in validate_paths([folder]) if p.field == "membership"] == []
    (folder / "b.md").write_text(own.replace("related", "named-in-magazine"))  # not as shipped
    assert [p.code for p in validate_paths([folder]) if p.field == "membership"] == [
        "membership-claim"
    ]


def test_what_works_and_improvements_stay_empty_without_a_source(library: Library) -> None:
    # The sources available name no findings of the publication itself.
    assert all(not e.what_works and not e.improvements for e in library.examples)


def test_recognitions_are_the_ones_the_sources_give(library: Library) -> None:
    recognised = {
        e.id: (e.recognition.level.value, e.recognition.date and e.recognition.date.isoformat())
        for e in library.examples
        if e.recognition
    }
    assert recognised == {
        "giz": ("goed-onderbouwd", "2018-03-29"),
        "pbs-in-de-wijk": ("goed-onderbouwd", None),
    }


def test_route_labels_are_recorded_as_uncertain(library: Library) -> None:
    assert [s.title for s in library.route] == [
        "Taal ontwikkelen",
        "Visie op normaliseren",
        "Visie in de praktijk",
        "Verbinding met andere domeinen",
    ]
    assert all(s.label is not None and s.label.certainty == "uncertain" for s in library.route)


def test_lessons_include_setbacks(library: Library) -> None:
    assert {lesson.kind.value for lesson in library.lessons} >= {"insight", "setback", "next-step"}


def test_every_source_is_used_and_every_used_source_is_listed(library: Library) -> None:
    items = (
        library.vision,
        *library.principles,
        *library.examples,
        *library.route,
        *library.lessons,
        library.collection,
    )
    assert set(used_sources(items)) == set(library.sources)


def test_web_sources_have_addresses_and_the_magazine_has_none(library: Library) -> None:
    assert library.source("magazine").url is None
    assert all(s.url for s in library.sources if s.kind.value in ("webpage", "database"))


def test_every_content_file_ships_inside_the_package() -> None:
    from pathlib import Path

    repo_data = Path(__file__).resolve().parent.parent / "data"
    shipped = shipped_data()
    names = sorted(str(p.relative_to(repo_data)) for p in repo_data.rglob("*.md"))
    assert names
    for name in names:
        installed = shipped.joinpath(*name.split("/"))
        assert installed.is_file(), name
        assert installed.read_bytes() == (repo_data / name).read_bytes(), name
