"""Benchmark: import time, first load, and folder validation against pydantic alone.

Prints figures and ratios measured in one run, so they compare like with like on any machine.

    python benchmarks/bench_core.py [--count 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generate import as_records, write_examples


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by other work)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def python(code: str) -> Callable[[], object]:
    return lambda: subprocess.run([sys.executable, "-c", code], check=True)


def first_load_seconds(repeat: int) -> tuple[float, float]:
    """The first ``load_library()`` in a fresh process: with and without importing pydantic."""
    code = (
        "import time, normaliseren as n\n"
        "t0 = time.perf_counter(); f = n.load_library; t1 = time.perf_counter()\n"
        "f(); t2 = time.perf_counter()\n"
        "print(t2 - t1, t2 - t0)\n"
    )
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        )
        content, total = map(float, out.stdout.split())
        runs.append((content, total))
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000, help="generated example files")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best counts")
    args = parser.parse_args()

    bare = best_of(args.repeat * 3, python("pass"))
    imported = best_of(args.repeat * 3, python("import normaliseren"))
    print(f"interpreter start            {bare * 1000:8.1f} ms")
    extra = (imported - bare) * 1000
    print(f"import normaliseren          {imported * 1000:8.1f} ms  (+{extra:.1f} ms)")

    content, total = first_load_seconds(args.repeat)
    print(f"first load_library()        {content * 1000:8.1f} ms  (content only)")
    print(f"  with pydantic import        {total * 1000:8.1f} ms")

    from normaliseren import Example, validate_paths

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        examples = write_examples(folder, args.count)
        records = as_records(examples)
        as_written, sources = as_files_hold_them(examples)
        errors = [p for p in validate_paths([folder]) if p.is_error]
        assert errors == [], errors[:3]
        ours = best_of(args.repeat, lambda: validate_paths([folder]))
        one_process = best_of(args.repeat, lambda: validate_in_one_process(folder))
        # The loader pauses the cycle collector while it reads; so does the baseline, to
        # compare like with like (with it running, pydantic alone is slower here).
        gc.disable()
        try:
            alone = best_of(args.repeat, lambda: [Example.model_validate(r) for r in records])
            context = {"sources": sources}
            with_ids = best_of(
                args.repeat,
                lambda: [Example.model_validate(r, context=context) for r in as_written],
            )
            read, parse = floor_parts(folder, args.repeat)
            handed_over = unpickling_seconds(records, args.repeat)
        finally:
            gc.enable()
    per_file = statistics.fmean([ours / args.count]) * 1e6
    print(f"validate {args.count} files      {ours:8.3f} s   ({per_file:.0f} µs per file)")
    print(f"pydantic alone, same records {alone:8.3f} s")
    print(f"ratio folder / pydantic      {ours / alone:8.2f} x")
    print(f"  in one process             {one_process:8.3f} s   ({one_process / alone:.2f} x)")
    print(f"pydantic alone, source ids   {with_ids:8.3f} s   (records as the files hold them)")
    print(f"ratio folder / that          {ours / with_ids:8.2f} x")
    floor = read + parse + alone
    print(f"  reading the files alone    {read:8.3f} s")
    print(f"  yaml-rs alone, same fronts {parse:8.3f} s")
    print(f"  floor: read + YAML + pydantic, no checks {floor / alone:.2f} x")
    print(f"unpickling the validated models {handed_over:8.3f} s   ({handed_over / alone:.2f} x)")


def as_files_hold_them(examples: list[Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The records with sources named by id, as in the files, and the sources they name.

    This is what the loader hands pydantic: ids, resolved through the validation context.
    """
    from normaliseren.content import _source_ids
    from normaliseren.models import used_sources

    records = []
    for example in examples:
        record = _source_ids(example.model_dump(mode="json"))
        records.append(record)
    return records, {source.id: source for source in used_sources(examples)}


def unpickling_seconds(records: list[dict[str, Any]], repeat: int) -> float:
    """Seconds to unpickle the models validated from ``records``: what taking them over from a
    second process that validated them would cost this one, at the least (the reason it
    validates them itself). Validated anew, so that they share no parts, as loaded ones do not.
    """
    import pickle

    from normaliseren import Example

    validated = [Example.model_validate(record) for record in records]
    data = pickle.dumps(validated, protocol=pickle.HIGHEST_PROTOCOL)
    return best_of(repeat, lambda: pickle.loads(data))


def validate_in_one_process(folder: Path) -> None:
    """Validation with every file parsed in this process (see ``normaliseren.reading``)."""
    from normaliseren import reading, validate_paths

    shipped = reading.PARALLEL_FROM
    reading.PARALLEL_FROM = sys.maxsize
    try:
        validate_paths([folder])
    finally:
        reading.PARALLEL_FROM = shipped


def floor_parts(folder: Path, repeat: int) -> tuple[float, float]:
    """Seconds to read every file, and for yaml-rs to parse their front matter, alone.

    With pydantic alone they make the least any folder validation could take: the floor.
    """
    import yaml_rs

    files = sorted(folder.glob("*.md"))
    read = best_of(repeat, lambda: [path.read_bytes() for path in files])
    fronts = [path.read_text(encoding="utf-8").split("\n---\n", 1)[0][4:] + "\n" for path in files]
    parse = best_of(
        repeat, lambda: [yaml_rs.loads(front, parse_datetime=False) for front in fronts]
    )
    return read, parse


if __name__ == "__main__":
    main()
