"""The Python API: look-ups, queries, the matrix and the public names."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

import normaliseren
from normaliseren import (
    ContentError,
    ContentErrors,
    Library,
    Setting,
    UnknownIdError,
    load_library,
    validate_paths,
)
from normaliseren.models import Origin

from .conftest import VALID_EXAMPLE


def test_load_library_is_cached() -> None:
    assert load_library() is load_library()


def test_threads_asking_at_once_share_one_reading(tmp_path: Path) -> None:
    import threading

    (tmp_path / "a.md").write_text(VALID_EXAMPLE, encoding="utf-8")
    ready = threading.Barrier(6)
    found: list[Library] = []

    def load() -> None:
        ready.wait()
        found.append(normaliseren.load_library([tmp_path]))

    threads = [threading.Thread(target=load) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 6
    assert len({id(library) for library in found}) == 1


@pytest.mark.parametrize("one", ["docs/examples", Path("docs/examples")])
def test_one_path_where_a_list_is_wanted_is_refused(one: str | Path) -> None:
    with pytest.raises(
        TypeError, match=r"content_dirs takes a list of paths, not one: write \[.docs"
    ):
        normaliseren.load_library(one)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^paths takes a list of paths"):
        normaliseren.validate_paths(one)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^content_dirs takes"):
        normaliseren.validate_paths([], content_dirs=one)  # type: ignore[arg-type]


def test_collections_are_tuples_in_stable_order(library: Library) -> None:
    for name in ("principles", "examples", "route", "lessons", "sources"):
        assert isinstance(getattr(library, name), tuple)
    assert [e.id for e in library.examples] == sorted(e.id for e in library.examples)


def test_example_lookup(library: Library) -> None:
    assert library.example("buurtgezinnen").name == "Buurtgezinnen"


def test_unknown_id_suggests_close_ids(library: Library) -> None:
    with pytest.raises(UnknownIdError) as info:
        library.example("buurtgezin")
    assert info.value.suggestions[0] == "buurtgezinnen"
    assert "did you mean 'buurtgezinnen'" in str(info.value)
    assert isinstance(info.value, LookupError)


def test_find_by_principle_and_setting(library: Library) -> None:
    found = library.find(principle="informele-steun", setting="wijk")
    assert found
    for example in found:
        assert Setting.WIJK in example.settings
        assert "informele-steun" in {link.id for link in example.principles}


def test_find_text_ignores_case_and_accents(library: Library) -> None:
    assert [e.id for e in library.find(text="ERVARINGSCAFE")] == ["ervaringscafe"]
    assert library.find(text="zzzz-niet-aanwezig") == ()


def test_find_rejects_unknown_values(library: Library) -> None:
    with pytest.raises(UnknownIdError):
        library.find(principle="informele-stuen")
    with pytest.raises(ValueError, match="sportclub"):
        library.find(setting="sportclub")


def test_find_without_conditions_returns_everything(library: Library) -> None:
    assert library.find() == library.examples


def test_matrix_matches_the_examples(library: Library) -> None:
    matrix = library.matrix()
    for example, flags in matrix.rows():
        linked = {link.id for link in example.principles}
        assert {p.id for p, flag in zip(matrix.principles, flags, strict=True) if flag} == linked


def test_labels_in_both_languages() -> None:
    assert Setting.WIJK.label() == "wijk"
    assert Setting.WIJK.label("en") == "neighbourhood"


def test_all_lists_exactly_the_public_names() -> None:
    lazy = normaliseren._LAZY  # what ``import normaliseren`` can hand out on first use
    assert sorted(normaliseren.__all__) == sorted([*lazy, "__version__"])
    assert len(set(normaliseren.__all__)) == len(normaliseren.__all__)
    for name in normaliseren.__all__:
        assert getattr(normaliseren, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        normaliseren.Nothing  # type: ignore[attr-defined]  # noqa: B018 (only __all__'s names)


def test_every_model_a_library_holds_is_public() -> None:
    from pydantic import BaseModel

    def models(annotation: object) -> set[type[BaseModel]]:
        inner = {model for arg in get_args(annotation) for model in models(arg)}
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            inner.add(annotation)
        return inner

    held = {m for info in Library.model_fields.values() for m in models(info.annotation)}
    assert {m.__name__ for m in held} - set(normaliseren.__all__) == set()


def test_import_is_lazy() -> None:
    import subprocess
    import sys

    code = "import sys, normaliseren; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_models_are_frozen(library: Library) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        library.example("giz").name = "x"  # type: ignore[misc]


def test_queries_do_not_change_equality(library: Library) -> None:
    fresh = Library.model_validate(library.model_dump())
    library.find(text="buurt")
    library.example("giz")
    assert fresh == library
    assert hash(fresh.model_dump_json()) == hash(library.model_dump_json())


def test_every_vocabulary_member_has_both_labels() -> None:
    from normaliseren.vocabulary import LabelledEnum

    vocabularies = LabelledEnum.__subclasses__()
    assert len(vocabularies) == 10
    for vocabulary in vocabularies:
        for member in vocabulary:
            assert member.label("nl").strip()
            assert member.label("en").strip()


def test_principles_of_an_example(library: Library) -> None:
    titles = [p.id for p in library.principles_of("buurtgezinnen")]
    assert titles == ["verantwoordelijkheid-laten", "informele-steun"]


def test_an_unknown_language_is_refused_before_loading() -> None:
    with pytest.raises(ValueError, match="lang must be one of nl, en; got 'de'"):
        load_library(lang="de")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="got 'fr'"):
        load_library().in_language("fr")  # type: ignore[arg-type]


def test_a_relative_folder_is_read_from_the_working_directory_of_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for place, example_id in (("een", "eerste-plek"), ("twee", "tweede-plek")):
        folder = tmp_path / place / "inhoud"
        folder.mkdir(parents=True)
        text = VALID_EXAMPLE.replace("mijn-voorbeeld", example_id)
        (folder / "voorbeeld.md").write_text(text, encoding="utf-8")
    found = []
    for place in ("een", "twee"):
        monkeypatch.chdir(tmp_path / place)
        found.append(
            {e.id for e in load_library(["inhoud"]).examples} & {"eerste-plek", "tweede-plek"}
        )
    assert found == [{"eerste-plek"}, {"tweede-plek"}]


def test_a_missing_folder_is_not_found_in_loading_and_validating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentErrors) as raised:
        load_library(["geen-map"])
    expected = ContentError("geen-map", None, None, "not-found", "no such file or folder")
    assert raised.value.errors == (expected,)
    assert validate_paths(["geen-map"]) == [expected]


def test_a_folder_without_content_files_is_an_error_in_loading_and_validating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder named by mistake would otherwise give the shipped library without a word."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leeg").mkdir()
    (tmp_path / "leeg" / "notities.txt").write_text("geen inhoud")
    with pytest.raises(ContentErrors) as raised:
        load_library(["leeg"])
    ((path, code),) = [(e.path, e.code) for e in raised.value.errors]
    assert (path, code) == ("leeg", "no-content-files")
    assert [(e.path, e.code) for e in validate_paths(["leeg"])] == [("leeg", "no-content-files")]
    problems = validate_paths([], content_dirs=["leeg"])
    assert [(e.path, e.code) for e in problems] == [("leeg", "no-content-files")]


def test_a_relative_folder_in_a_working_directory_that_is_gone_is_not_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "weg"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    with pytest.raises(ContentErrors) as raised:
        load_library(["inhoud"])
    assert [(e.path, e.code) for e in raised.value.errors] == [("inhoud", "not-found")]


def test_clear_cache_reads_changed_files_again(tmp_path: Path) -> None:
    from normaliseren import clear_cache

    path = tmp_path / "voorbeeld.md"
    path.write_text(VALID_EXAMPLE, encoding="utf-8")
    assert load_library([tmp_path]).example("mijn-voorbeeld").name == "Mijn voorbeeld"
    path.write_text(VALID_EXAMPLE.replace("Mijn voorbeeld", "Ons voorbeeld"), encoding="utf-8")
    assert load_library([tmp_path]).example("mijn-voorbeeld").name == "Mijn voorbeeld"  # kept
    clear_cache()
    assert load_library([tmp_path]).example("mijn-voorbeeld").name == "Ons voorbeeld"


def test_strict_none_is_what_the_environment_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NORMALISEREN_STRICT_PLUGINS", raising=False)
    assert load_library() is load_library(strict=False)  # read once, not twice
    monkeypatch.setenv("NORMALISEREN_STRICT_PLUGINS", "1")
    assert load_library() is load_library(strict=True)
    assert load_library() is not load_library(strict=False)


def test_errors_cross_to_other_processes_whole() -> None:
    """A process pool pickles what a worker raises: it must arrive as raised."""
    import pickle

    from normaliseren import ContentError, ContentErrors, UnknownIdError

    with pytest.raises(UnknownIdError) as raised:
        normaliseren.load_library().example("buurtgezin")
    again = pickle.loads(pickle.dumps(raised.value))
    assert (str(again), again.kind, again.suggestions) == (
        str(raised.value),
        "example",
        ("buurtgezinnen",),
    )
    problems = [ContentError("b.md", 3, "id", "x", "m"), ContentError("a.md", None, None, "y", "n")]
    errors = pickle.loads(pickle.dumps(ContentErrors(problems)))
    assert errors.errors == ContentErrors(problems).errors
    assert str(errors) == str(ContentErrors(problems))


def test_problems_sort_with_and_without_lines() -> None:
    from normaliseren import ContentError

    later = ContentError("a.md", 3, None, "x", "m")
    first = ContentError("a.md", None, None, "x", "m")
    assert sorted([later, first]) == [first, later]


def test_a_label_in_an_unknown_language_is_refused() -> None:
    from normaliseren import Setting

    assert Setting.WIJK.label("en") == "neighbourhood"
    with pytest.raises(ValueError, match="lang must be one of nl, en; got 'de'"):
        Setting.WIJK.label("de")  # type: ignore[arg-type]


def test_a_changed_copy_answers_from_its_own_fields(library: Library) -> None:
    library.example("giz")  # the original's index is made
    small = library.model_copy(update={"examples": library.examples[:1]})
    assert [e.id for e in small.examples] == [library.examples[0].id]
    with pytest.raises(UnknownIdError):
        small.example("giz")
    renamed = library.example("giz").model_copy(update={"name": "Andere naam"})
    others = tuple(e for e in library.examples if e.id != "giz")
    changed = library.model_copy(update={"examples": (*others, renamed)})
    assert changed.example("giz").name == "Andere naam"
    assert [e.id for e in changed.find(text="andere naam")] == ["giz"]


def test_a_library_pickles(library: Library) -> None:
    import pickle

    library.example("giz")
    again = pickle.loads(pickle.dumps(library))
    assert again == library
    assert again.example("giz") == library.example("giz")


@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("/data/gemeente/voorbeelden", "voorbeelden"),
        ("C:\\data\\mijn map\\", "mijn map"),
        ("a/   ", "   "),
    ],
)
def test_a_folder_is_published_by_its_own_name(name: str, published: str) -> None:
    origin = Origin(kind="folder", name=name, version=None)
    assert origin.published() == Origin.model_construct(kind="folder", name=published, version=None)
    assert origin.published() is origin.published()  # asked for each example: kept
