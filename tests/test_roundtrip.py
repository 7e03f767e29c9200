"""Round trips: models through JSON, and through content files, come back equal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from normaliseren import (
    AgeRange,
    Example,
    Membership,
    PrincipleLink,
    Recognition,
    RecognitionLevel,
    Setting,
    Source,
    SourceKind,
    Statement,
    SupportKind,
    TargetGroup,
)
from normaliseren.content import (
    Contribution,
    dump_content_file,
    dump_sources_file,
    iter_content_files,
    read_content,
)
from normaliseren.models import CORE, used_sources

from .conftest import shipped_content

slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}\Z")
# Text a contributor might write, YAML 1.1 traps and markup included; line ends as the loader
# normalises them (\r\n becomes \n), and no lone surrogates, which UTF-8 cannot carry.
_alphabet = st.characters(blacklist_categories=["Cs"], blacklist_characters="\r")
traps = st.sampled_from(
    [
        "no",
        "on",
        "yes",
        "off",
        "2024-01-01",
        "1e3",
        "0o17",
        "0x1F",
        "~",
        "null",
        ".inf",
        "12:30",
        "- item",
        "# kop",
        "regel\n",
        "\n\nna witregels",
        "  ingesprongen",
        "a: b",
        "'quoted'",
        '"dq"',
        "@ease",
        "*ster",
        "&anker",
        "!tag",
        "---",
        "...",
    ]
)
texts = st.one_of(traps, st.text(_alphabet, min_size=1, max_size=40)).filter(lambda s: s.strip())
lines = texts.filter(lambda s: "\n" not in s)
urls = st.one_of(st.none(), st.sampled_from(["https://example.org/a", "http://voorbeeld.nl/x?y=1"]))

sources = st.builds(
    Source,
    id=slugs,
    title=texts,
    publisher=texts,
    year=st.one_of(st.none(), st.integers(1900, 2100)),
    url=urls,
    kind=st.sampled_from(SourceKind),
)


@st.composite
def examples(
    draw: st.DrawFn, principle_ids: tuple[str, ...] = ("informele-steun", "brede-context")
) -> Example:
    pool = draw(st.lists(sources, min_size=1, max_size=3, unique_by=lambda s: s.id))
    some_sources = st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True).map(tuple)
    statements = st.builds(Statement, text=texts, sources=some_sources)
    low = draw(st.one_of(st.none(), st.integers(0, 30)))
    ages = (
        None
        if low is None
        else AgeRange(min=low, max=draw(st.one_of(st.none(), st.integers(low, 40))))
    )
    recognition = draw(
        st.one_of(
            st.none(),
            st.builds(
                Recognition,
                level=st.sampled_from(RecognitionLevel),
                date=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))),
                committee=st.one_of(st.none(), texts),
                database_url=urls,
            ),
        )
    )
    return Example(
        id=draw(slugs),
        name=draw(lines),
        summary=draw(texts),
        description=draw(texts),
        target_groups=tuple(draw(st.lists(st.sampled_from(TargetGroup), unique=True))),
        ages=ages,
        settings=tuple(draw(st.lists(st.sampled_from(Setting), min_size=1, unique=True))),
        support=draw(st.sampled_from(SupportKind)),
        organisations=tuple(draw(st.lists(lines, unique=True, max_size=2))),
        places=tuple(draw(st.lists(lines, unique=True, max_size=2))),
        website=draw(urls),
        principles=tuple(
            PrincipleLink(id=pid, rationale=draw(lines))
            for pid in draw(st.lists(st.sampled_from(principle_ids), min_size=1, unique=True))
        ),
        what_works=tuple(draw(st.lists(statements, max_size=2))),
        improvements=tuple(draw(st.lists(statements, max_size=2))),
        recognition=recognition,
        membership=draw(st.sampled_from(Membership)),
        sources=draw(some_sources),
    )


@given(examples())
def test_model_json_round_trip(example: Example) -> None:
    assert Example.model_validate_json(example.model_dump_json()) == example


@given(examples())
def test_model_python_round_trip(example: Example) -> None:
    assert Example.model_validate(example.model_dump()) == example


@given(examples())
def test_content_file_round_trip(example: Example) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        used = used_sources([example])  # also those of what works and of improvements
        (root / "sources.md").write_text(dump_sources_file(used), encoding="utf-8")
        (root / "example.md").write_text(dump_content_file(example), encoding="utf-8")
        files = list(iter_content_files(root, "data"))  # as shipped: of any membership
        content = read_content([Contribution(CORE, files=files)], base=shipped_content())
        assert [e.format() for e in content.errors if e.is_error] == []
        assert [item.model for item in content.items] == [example]


def test_shipped_files_round_trip(tmp_path: Path) -> None:
    """Writing every shipped document back out and reading it again changes nothing."""
    core = shipped_content()
    (tmp_path / "sources.md").write_text(
        dump_sources_file(s for s, _ in core.sources.values()), encoding="utf-8"
    )
    for index, item in enumerate(core.items):
        (tmp_path / f"{index:03}.md").write_text(dump_content_file(item.model), encoding="utf-8")
    files = list(iter_content_files(tmp_path, "data"))  # read back as the shipped content
    again = read_content([Contribution(CORE, files=files)])
    assert again.errors == []
    assert [i.model for i in again.items] == [i.model for i in core.items]
