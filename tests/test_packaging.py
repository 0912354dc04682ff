"""The install instructions, the Makefile and the start-up check name the same packages,
and the shipped files are package data of `desk_app` (what a wheel carries)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from desk_app import __version__
from desk_app.gui.platform_check import XCB_LIBRARIES
from desk_app.resources import migrations_dir, policies_dir, resource_path

ROOT = Path(__file__).resolve().parent.parent


def apt_line(text: str) -> list[str]:
    """The packages of the one `apt-get install -y ...` line in a document."""
    lines = [line for line in text.splitlines() if "apt-get install -y python3" in line]
    assert len(lines) == 1, lines
    return lines[0].split("apt-get install -y", 1)[1].split()


def test_readme_makefile_and_docs_name_the_same_system_packages() -> None:
    """A fresh machine set up from one of them would lack what another one names."""
    readme = apt_line((ROOT / "README.md").read_text("utf-8"))
    docs = (ROOT / "docs" / "packaging.md").read_text("utf-8")
    docs_line = next(line for line in docs.splitlines() if "apt-get install python3" in line)
    makefile = (ROOT / "Makefile").read_text("utf-8")
    block = re.search(r"DEB_PACKAGES := (.*?)\n\n", makefile, re.S)
    assert block is not None
    make_packages = block.group(1).replace("\\\n", " ").split()
    assert readme == make_packages == docs_line.split("apt-get install", 1)[1].split()
    # Every library the start-up check looks for is installed by that line.
    assert set(XCB_LIBRARIES.values()) <= set(readme)
    assert {"python3-venv", "make"} <= set(readme)


def test_the_shipped_files_are_package_data() -> None:
    """Outside the package they would be missing from the wheel (the old failure)."""
    package = ROOT / "desk_app"
    for folder in (policies_dir(), resource_path("fonts"), migrations_dir()):
        assert package in folder.parents, folder
    assert len(list(policies_dir().glob("*.toml"))) >= 5
    assert (migrations_dir() / "env.py").is_file()
    assert not (ROOT / "resources").exists() and not (ROOT / "db").exists()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["desk_app"]
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    data = [path for folder in ("resources", "migrations")
            for path in (package / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
            and path.name != "__init__.py"]
    assert len(data) > 20
    for path in data:
        assert path in shipped, f"{path.relative_to(ROOT)} is not in the wheel"


def test_one_version_everywhere() -> None:
    """The version is written once (pyproject.toml) and the program reports that one."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert __version__ == config["project"]["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"## {__version__}" in changelog
    for path in (ROOT / "desk_app").rglob("*.py"):
        assert not re.search(r"""version\s*=\s*["']\d+\.\d+""", path.read_text("utf-8")), path
