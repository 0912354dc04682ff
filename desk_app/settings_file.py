"""The department's and the user's settings files, read before anything is opened.

A department installs one system-wide file on every workstation (the database server,
the records share, the policy profile, the municipality's name); a user may add their
own file, whose values win key by key. Both are TOML with flat keys:

    database_url = "postgresql+psycopg://desk@records-srv/detainers"
    data_folder = 'C:\\ProgramData\\detainer-desk\\data'
    records_folder = '\\\\records-srv\\ice-detainers'
    records_marker = "DETAINER-DESK-SHARE.txt"
    profile = "pittsfield-413"
    municipality = "City of Pittsfield"
    station = "District 2"

`station` is this workstation's own station (docs/stations.md): its board shows that
station's detainers by default and the New detainer form proposes it. It is never
stored in the database; `--station` on the command line wins over it.

Where (from `platformdirs`, application name `detainer-desk`):

- system-wide: `site_config_path()/desk.toml`, e.g. `/etc/xdg/detainer-desk/desk.toml`
  on Linux, `C:\\ProgramData\\detainer-desk\\desk.toml` on Windows;
- per user: `user_config_path()/desk.toml`, e.g. `~/.config/detainer-desk/desk.toml`,
  `%LOCALAPPDATA%\\detainer-desk\\desk.toml`.

`data_folder` is where the default SQLite database and the logs live when no
`database_url` is given: a per-machine install (the Windows installer) names a folder
every desk account may change, so that each officer signing in to the shared desk PC
sees the same board instead of an empty one under their own account.

A missing file is no error. A file that is there but wrong stops the start-up with one
sentence naming the file and the key, so nobody runs against a database or a records
folder they did not mean. `--db` and `DESK_DB_URL` still win over `database_url`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from platformdirs import site_config_path, user_config_path

from desk_app.domain.errors import DeskError
from desk_app.domain.text_lengths import LENGTHS

APP_NAME = "detainer-desk"
FILE_NAME = "desk.toml"
KEYS = ("database_url", "data_folder", "records_folder", "records_marker",
        "restricted_records_folder", "profile", "municipality", "station")
MAX_MUNICIPALITY = LENGTHS["municipality"]


class SettingsFileError(DeskError):
    """A settings file cannot be used; names the file, the key and what to do."""

    def __init__(self, path: Path, key: str | None, reason: str) -> None:
        where = f"{path}: key '{key}'" if key else str(path)
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.key = key
        self.reason = reason


def site_settings_path() -> Path:
    """The department's file, shared by everyone who signs in on this workstation."""
    return site_config_path(APP_NAME, appauthor=False) / FILE_NAME


def user_settings_path() -> Path:
    """The signed-in user's own file; its keys override the department's."""
    return user_config_path(APP_NAME, appauthor=False) / FILE_NAME


def settings_file_paths() -> tuple[Path, Path]:
    """Both files, in the order they are read (later wins)."""
    return site_settings_path(), user_settings_path()


def load_settings_files() -> dict[str, str]:
    """The settings of the system-wide file overridden key by key by the user's file.

    Keys are among `KEYS`; a key set in neither file is absent from the result.
    """
    merged: dict[str, str] = {}
    for path in settings_file_paths():
        merged.update(read_settings_file(path))
    return merged


def read_settings_file(path: Path) -> dict[str, str]:
    """The checked settings of one file; an absent file gives an empty dict."""
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SettingsFileError(path, None, "is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise SettingsFileError(path, None, f"cannot be read ({exc.strerror or exc}); "
                                            "check that it is a file you may read") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsFileError(path, None, f"is not valid TOML ({exc}); text values "
                                            "need quotes, e.g. profile = \"pittsfield-413\"") \
            from None
    values: dict[str, str] = {}
    for key, value in data.items():
        check = _CHECKS.get(key)
        if check is None:
            raise SettingsFileError(path, key, "is not a setting; the settings are "
                                               + ", ".join(KEYS))
        if not isinstance(value, str):
            raise SettingsFileError(path, key, "must be text in quotes, e.g. "
                                               f'{key} = "{_EXAMPLES[key]}"')
        if not value.strip():
            raise SettingsFileError(path, key, "is empty; delete the line to use the "
                                               "default")
        try:
            values[key] = check(value.strip())
        except ValueError as exc:
            raise SettingsFileError(path, key, str(exc)) from None
    return values


def settings_overrides(files: dict[str, str]) -> dict[str, str]:
    """The file values under the names of `DeskSettings` fields (profile -> profile_id)."""
    names = {"records_folder": "records_folder", "records_marker": "records_marker",
             "restricted_records_folder": "restricted_records_folder",
             "profile": "profile_id", "municipality": "municipality"}
    return {names[key]: value for key, value in files.items() if key in names}


# -- checks: each returns the value to use or raises ValueError with the reason ----------


def _database_url(value: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        make_url(value).get_dialect()
    except NoSuchModuleError:  # before ArgumentError, its base class
        raise ValueError("names a database driver this build does not have; use "
                         "sqlite:///... or postgresql+psycopg://...") from None
    except (ArgumentError, ValueError):
        # Never repeat the URL: it may hold a password.
        raise ValueError("is not a database URL; write it like "
                         f'"{_EXAMPLES["database_url"]}"') from None
    return value


def _full_path(value: str) -> str:
    folder = os.path.expanduser(os.path.expandvars(value))
    if not Path(folder).is_absolute():
        raise ValueError("must be a full path (a drive or share on Windows, starting with "
                         "/ elsewhere), not one relative to wherever the program starts")
    return folder


def _records_marker(value: str) -> str:
    if any(ord(c) < 32 for c in value):
        raise ValueError("must be a file name such as DETAINER-DESK-SHARE.txt")
    return value


def _profile(value: str) -> str:
    from desk_app.domain.profiles import load_all
    from desk_app.resources import policies_dir

    known = sorted(load_all(policies_dir()))
    if value not in known:
        raise ValueError(f"'{value}' is not an installed policy profile; choose one of "
                         + ", ".join(known))
    return value


def _station(value: str) -> str:
    from desk_app.domain.stations import check_station

    problem = check_station(value)
    if problem:
        raise ValueError(problem)
    return value


def _municipality(value: str) -> str:
    if len(value) > MAX_MUNICIPALITY:
        raise ValueError(f"is longer than {MAX_MUNICIPALITY} characters")
    return value


_CHECKS: dict[str, Callable[[str], str]] = {
    "database_url": _database_url,
    "data_folder": _full_path,
    "records_folder": _full_path,
    "records_marker": _records_marker,
    "restricted_records_folder": _full_path,
    "profile": _profile,
    "municipality": _municipality,
    "station": _station,
}
_EXAMPLES = {
    "database_url": "postgresql+psycopg://desk@records-srv/detainers",
    "data_folder": "/var/lib/detainer-desk",
    "records_folder": "/srv/records/ice-detainers",
    "records_marker": "DETAINER-DESK-SHARE.txt",
    "restricted_records_folder": "/srv/records/ice-detainers-restricted",
    "profile": "pittsfield-413",
    "municipality": "City of Pittsfield",
    "station": "District 2",
}
