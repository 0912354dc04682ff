"""Where the shipped files live: policies, fonts, icons, migrations.

Works from a source checkout, an installed package and a PyInstaller bundle alike, so
no other module needs to know where it runs from.
"""

from __future__ import annotations

import sys
from pathlib import Path


def project_root() -> Path:
    """The folder that holds `resources/` and `db/` (the bundle folder when frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A file or folder under `resources/`."""
    return project_root().joinpath("resources", *parts)


def policies_dir() -> Path:
    """The folder of the shipped policy profiles."""
    return resource_path("policies")


def migrations_dir() -> Path:
    """The Alembic migrations folder (`db/`)."""
    return project_root() / "db"
