"""Generated content for the benchmarks: example files made from the shipped examples.

Shared by the benchmarks so each measures the same kind of collection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def generated_examples(count: int) -> list[Any]:
    """``count`` examples copied round-robin from the shipped ones, with ids of their own.

    Related practices, as a local collection's are: only thirteen can be members of *De
    kracht van het gewone*.
    """
    from normaliseren import Membership, load_library

    shipped = load_library().examples
    return [
        shipped[index % len(shipped)].model_copy(
            update={"id": f"voorbeeld-{index}", "membership": Membership.RELATED}
        )
        for index in range(count)
    ]


def as_records(examples: list[Any]) -> list[dict[str, object]]:
    """The examples as the loader hands them to pydantic.

    Plain values as YAML gives them (text for enums, addresses and dates), with sources
    already resolved to ``Source`` models.
    """
    records = []
    for example in examples:
        record = example.model_dump(mode="json")
        record["sources"] = list(example.sources)
        records.append(record)
    return records


def write_examples(folder: Path, count: int) -> list[Any]:
    """Write ``count`` generated example files and a sources file into ``folder``; return them."""
    from normaliseren import load_library
    from normaliseren.content import dump_content_file, dump_sources_file

    folder.mkdir(parents=True, exist_ok=True)
    sources = dump_sources_file(load_library().sources)
    (folder / "sources.md").write_text(sources, encoding="utf-8")
    examples = generated_examples(count)
    for index, example in enumerate(examples):
        (folder / f"voorbeeld-{index:06}.md").write_text(
            dump_content_file(example), encoding="utf-8"
        )
    return examples
