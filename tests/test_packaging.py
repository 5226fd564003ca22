"""One installable package whose layers import one way (issue 11).

The checks a user installing akhbar next to other software relies on: the wheel
holds only ``akhbar/``; the repository's layer folders cannot be imported as
top-level packages; ``akhbar --version`` and ``python -m akhbar`` work; and
importing one layer loads nothing of the layers above it. Each check runs in a
fresh interpreter, since this test process has long imported everything.
"""
from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
LAYER_FOLDERS = {"cli": "akhbar.cli", "scrapers": "akhbar.scrapers", "storage": "akhbar.storage"}


def python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def loaded_after(statement: str, cwd: Path) -> set[str]:
    """The modules a fresh interpreter holds after running ``statement``."""
    done = python(f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))", cwd)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def under(modules: set[str], *roots: str) -> set[str]:
    return {m for m in modules if any(m == r or m.startswith(r + ".") for r in roots)}


def package_folders() -> set[str]:
    """Every folder of the three layers that holds an ``__init__.py``, as an import name."""
    names = {"akhbar"}
    for folder, package in LAYER_FOLDERS.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            names.add(".".join([package, *relative.parts]))
    return names


def test_every_package_folder_is_listed_in_pyproject() -> None:
    assert set(PYPROJECT["tool"]["setuptools"]["packages"]) == package_folders()


def test_the_wheel_holds_only_the_akhbar_package(tmp_path: Path) -> None:
    pytest.importorskip("setuptools", reason="building the wheel needs setuptools (the test extra)")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(tmp_path), str(REPO)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("akhbar-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"akhbar", next(t for t in tops if t.endswith(".dist-info"))}
    for package in sorted(package_folders()):
        assert f"{package.replace('.', '/')}/__init__.py" in names
    assert "akhbar/__main__.py" in names
    assert not any("/tests/" in name or "sample_pages" in name for name in names)


def test_layer_folders_are_not_top_level_packages(tmp_path: Path) -> None:
    for folder in LAYER_FOLDERS:
        outside = python(f"import {folder}", tmp_path)  # not installed under that name
        assert outside.returncode != 0 and "ModuleNotFoundError" in outside.stderr
        checkout = python(f"import {folder}", REPO)  # the folder is on the path here: refused
        assert checkout.returncode != 0
        assert f"the {folder}/ folder is the package akhbar.{folder}" in checkout.stderr


@pytest.mark.parametrize("command", [["akhbar"], [sys.executable, "-m", "akhbar"]])
def test_version_from_the_script_and_python_m(command: list[str], tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("akhbar") if command == ["akhbar"] else None
    argv = [str(script)] if script else command
    done = subprocess.run([*argv, "--version"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"akhbar {PYPROJECT['project']['version']}"


def test_extraction_loads_no_network_database_terminal_or_cli_code(tmp_path: Path) -> None:
    modules = loaded_after("from akhbar.scrapers import extract", tmp_path)
    assert "akhbar.scrapers" in modules  # the statement ran
    assert under(modules, "httpx", "sqlite3", "sqlite_utils", "rich", "typer",
                 "akhbar.storage", "akhbar.cli", "akhbar.scrapers.fetch") == set()


def test_storage_loads_no_fetching_or_http_code(tmp_path: Path) -> None:
    modules = loaded_after("import akhbar.storage", tmp_path)
    assert "akhbar.storage.archive" in modules
    assert under(modules, "httpx", "akhbar.scrapers.fetch", "akhbar.cli", "typer") == set()


def test_the_purity_contract_names_every_extraction_module() -> None:
    """import-linter's extraction contract lists modules one by one (fetching is a
    sibling inside the same package): a new extraction module must join the list."""
    contracts = PYPROJECT["tool"]["importlinter"]["contracts"]
    (pure,) = [c for c in contracts if c["name"].startswith("extraction is pure")]
    children = {f"akhbar.scrapers.{p.stem}" for p in (REPO / "scrapers").glob("*.py")
                if p.stem != "__init__"}
    children |= {f"akhbar.scrapers.{p.parent.name}" for p in (REPO / "scrapers").glob("*/__init__.py")}
    assert set(pure["source_modules"]) == children - {"akhbar.scrapers.fetch"}


def test_the_scrapers_init_imports_only_extraction() -> None:
    """``akhbar/scrapers/__init__`` is what ``from akhbar.scrapers import extract`` runs."""
    tree = ast.parse((REPO / "scrapers" / "__init__.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(m and m.startswith("fetch") for m in imported)
