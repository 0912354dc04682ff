"""Where the shipped files live: policies, fonts, icons, style sheet and migrations.

They are package data of `desk_app` (`desk_app/resources/...` and
`desk_app/migrations/`), found through `importlib.resources`, so a source checkout, an
installed wheel and a PyInstaller bundle (which keeps the package's files under
`sys._MEIPASS/desk_app/`) all read them the same way and no other module needs to know
where it runs from.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package_folder(package: str) -> Path:
    """The folder of an installed package's files; a real folder, since Alembic and
    reportlab open files by path (a wheel installs unzipped, a bundle unpacks)."""
    folder = files(package)
    if not isinstance(folder, Path):
        raise RuntimeError(f"{package} is installed zipped; Detainer Desk needs its files "
                           "unpacked (install it with pip, not as a zip)")
    return folder


def resource_path(*parts: str) -> Path:
    """A file or folder under `desk_app/resources/`."""
    return _package_folder("desk_app.resources").joinpath(*parts)


def policies_dir() -> Path:
    """The folder of the shipped policy profiles."""
    return resource_path("policies")


def migrations_dir() -> Path:
    """The Alembic migrations folder (`desk_app/migrations/`)."""
    return _package_folder("desk_app").joinpath("migrations")
