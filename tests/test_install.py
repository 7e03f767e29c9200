"""A plugin made by ``new-plugin`` installs for real into a virtual environment and works."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def borrowing_venv(venv: Path) -> Path:
    """A new virtual environment that borrows this one's dependencies (no network needed);
    its own packages come first. Returns its Python."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Last ("zz"), also after the path to src/ that an editable install adds.
    Path(site, "zz_borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def pip_install(python: Path, *targets: str) -> None:
    """Install ``targets`` from source into the environment of ``python``, as a user would."""
    pip = [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*pip, *targets], check=True)


def test_a_new_plugin_installs_and_runs(tmp_path: Path) -> None:
    from normaliseren.cli import main

    assert main(["new-plugin", "proefgemeente", "--out", str(tmp_path)]) == 0
    venv = tmp_path / "venv"
    python = borrowing_venv(venv)
    pip_install(python, str(ROOT), str(tmp_path / "proefgemeente"))

    def run(*argv: str) -> str:
        done = subprocess.run(
            [venv / "bin" / "normaliseren", *argv], capture_output=True, text=True, check=True
        )
        return done.stdout

    assert "proefgemeente 0.1.0: register_content_dirs, register_exporters" in run("plugins")
    assert "proefgemeente-voorbeeld" in run("list", "examples")
    run("export", "proefgemeente-lijst", "--out", str(tmp_path / "out"))
    listing = (tmp_path / "out" / "voorbeelden.tsv").read_text(encoding="utf-8")
    row = "proefgemeente-voorbeeld\tVoorbeeld van proefgemeente (sjabloon)"
    assert f"{row}\tplugin proefgemeente 0.1.0" in listing
    tests = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path / "proefgemeente")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout
    typed = subprocess.run(  # as a typed project checks it, its tests included
        [python, "-m", "mypy", "--strict", "src", "tests"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path / "proefgemeente",
    )
    assert typed.returncode == 0, typed.stdout + typed.stderr


def test_an_editable_install_reads_the_repositorys_content(tmp_path: Path) -> None:
    """``pip install -e .``, as a contributor sets up: the package is read from ``src/``, the
    content from the repository's ``data/``, which only the wheel copies into the package."""
    from normaliseren import load_library

    venv = tmp_path / "venv"
    python = borrowing_venv(venv)
    pip_install(python, "--editable", str(ROOT))
    code = (
        "import normaliseren; print(normaliseren.__file__); "
        "print(len(normaliseren.load_library().examples))"
    )
    done = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    where, count = done.stdout.split()
    assert Path(where).is_relative_to(ROOT / "src")
    assert int(count) == len(load_library().examples)


def test_plugins_depend_on_this_version_up_to_the_next_minor_one() -> None:
    """A plugin made for these hooks is not installed beside a version that may change them."""
    import tomllib

    from packaging.requirements import Requirement

    from normaliseren import __version__
    from normaliseren.scaffold import requirement

    shipped = [
        tomllib.loads(path.read_text(encoding="utf-8"))["project"]["dependencies"][0]
        for path in sorted(ROOT.glob("plugins/*/pyproject.toml"))
    ]
    assert len(shipped) == 2
    for wanted in [requirement(), *shipped]:
        specifier = Requirement(wanted).specifier
        assert specifier.contains(__version__, prereleases=True), wanted
        major, minor = (int(part) for part in __version__.split(".")[:2])
        following = f"0.{minor + 1}.0" if major == 0 else f"{major + 1}.0.0"
        assert not specifier.contains(following, prereleases=True), wanted
