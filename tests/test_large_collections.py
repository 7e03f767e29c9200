"""What keeps a large collection within memory: files written in pieces, forks that share."""

from __future__ import annotations

import gc
import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normaliseren import Library, workers
from normaliseren.builtins.json_export import library_json
from normaliseren.output import OutputError, OutputFolder, OutputLimits


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_library_json_in_pieces_is_the_whole_dump(library: Library, lang: str) -> None:
    edition = library.in_language("en") if lang == "en" else library
    whole = json.dumps(edition.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert "".join(library_json(edition)) == whole


def test_library_json_of_empty_lists_is_the_whole_dump(library: Library) -> None:
    bare = library.model_copy(update={"modules": (), "course_lessons": (), "activities": ()})
    whole = json.dumps(bare.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert "".join(library_json(bare)) == whole


def test_a_file_in_pieces_counts_every_piece_against_the_limit(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path).limited(OutputLimits(files=2, bytes=5))
    folder.write_pieces("a", [b"12", b"3"])
    assert (tmp_path / "a").read_bytes() == b"123"
    with pytest.raises(OutputError, match="more than 5 bytes written"):
        folder.write_pieces("b", [b"4", b"56"])


def test_forked_workers_do_not_scan_the_parents_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)

    def note(index: int) -> None:
        (tmp_path / str(index)).write_text(str(gc.get_freeze_count()))

    workers.in_parallel(note, range(workers.PARALLEL_FROM))
    counts = {int(p.read_text()) for p in tmp_path.iterdir()}
    assert len(list(tmp_path.iterdir())) == workers.PARALLEL_FROM
    assert min(counts) > 0  # the parent's objects were frozen when the workers were forked
    assert gc.get_freeze_count() == 0  # and are scanned again in the parent afterwards


def test_a_slow_item_does_not_hold_up_the_items_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)

    def note(index: int) -> None:
        deadline = time.monotonic() + 10
        while index == 0 and time.monotonic() < deadline:  # slow, as the list of all examples
            if len(list(tmp_path.iterdir())) >= workers.PARALLEL_FROM / 2:
                break  # until the other process has done half the items (or 10 s passed)
            time.sleep(0.01)
        (tmp_path / str(index)).write_text(str(os.getpid()))

    workers.in_parallel(note, range(workers.PARALLEL_FROM))
    doers = [p.read_text() for p in tmp_path.iterdir()]
    assert len(doers) == workers.PARALLEL_FROM
    slow = (tmp_path / "0").read_text()
    # Halves fixed in advance would leave it 100 items; taking the next item when done, the
    # other process does 100 while it waits, and the two share the 99 after: about 51 each.
    assert doers.count(slow) < workers.PARALLEL_FROM * 3 / 8


@given(text=st.text())
def test_library_json_writes_any_text_as_json_does(library: Library, text: str) -> None:
    example = library.examples[0].model_copy(update={"name": text, "places": (text,)})
    changed = library.model_copy(update={"examples": (example,)})
    whole = json.dumps(changed.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    assert "".join(library_json(changed)) == whole
