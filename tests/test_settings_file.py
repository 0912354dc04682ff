"""The department and user settings files: where they are, who wins, what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app import settings_file
from desk_app.domain.errors import DeskError
from desk_app.settings_file import (
    SettingsFileError,
    load_settings_files,
    settings_overrides,
)


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The system-wide and per-user configuration folders, both empty, under tmp_path."""
    site, user = tmp_path / "etc" / "detainer-desk", tmp_path / "home" / "detainer-desk"
    seen: list[tuple[str, object]] = []

    def site_path(name: str, appauthor: object = None) -> Path:
        seen.append((name, appauthor))
        return site

    def user_path(name: str, appauthor: object = None) -> Path:
        seen.append((name, appauthor))
        return user

    monkeypatch.setattr(settings_file, "site_config_path", site_path)
    monkeypatch.setattr(settings_file, "user_config_path", user_path)
    return site, user


def write(folder: Path, text: str) -> Path:
    """Put `text` in `folder/desk.toml`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "desk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(folders: tuple[Path, Path]) -> SettingsFileError:
    """The error that loading the files raises."""
    with pytest.raises(SettingsFileError) as caught:
        load_settings_files()
    return caught.value


def test_no_files_means_no_settings(folders: tuple[Path, Path]) -> None:
    """A workstation without settings files would refuse to start."""
    assert load_settings_files() == {}


def test_paths_are_the_platform_folders_of_detainer_desk() -> None:
    """IT would put the department's file where the program never looks."""
    site, user = settings_file.settings_file_paths()
    assert site.parts[-2:] == ("detainer-desk", "desk.toml")
    assert user.parts[-2:] == ("detainer-desk", "desk.toml")
    assert site != user


def test_site_file_is_read(folders: tuple[Path, Path], tmp_path: Path) -> None:
    """The department's database and records share would be ignored."""
    write(folders[0], f"""
database_url = "postgresql+psycopg://desk@records-srv/detainers"
records_folder = "{tmp_path / 'records'}"
profile = "haverhill"
municipality = "City of Haverhill"
""")
    assert load_settings_files() == {
        "database_url": "postgresql+psycopg://desk@records-srv/detainers",
        "records_folder": str(tmp_path / "records"),
        "profile": "haverhill",
        "municipality": "City of Haverhill",
    }


def test_user_file_overrides_site_file_key_by_key(folders: tuple[Path, Path]) -> None:
    """A user's own database would replace the department's name and profile too."""
    write(folders[0], 'database_url = "sqlite:////srv/desk.sqlite3"\n'
                      'municipality = "Town of Westborough"\nprofile = "westborough"\n')
    write(folders[1], 'database_url = "sqlite:////home/me/test.sqlite3"\n')
    assert load_settings_files() == {"database_url": "sqlite:////home/me/test.sqlite3",
                                     "municipality": "Town of Westborough",
                                     "profile": "westborough"}


def test_user_file_alone_is_read(folders: tuple[Path, Path]) -> None:
    """A home install without a department file would ignore the user's choice."""
    write(folders[1], 'municipality = "Pittsfield"\n')
    assert load_settings_files() == {"municipality": "Pittsfield"}


def test_unknown_key_names_file_and_key(folders: tuple[Path, Path]) -> None:
    """A typo such as 'datbase_url' would silently open the wrong database."""
    path = write(folders[0], 'datbase_url = "sqlite:////srv/desk.sqlite3"\n')
    error = refused(folders)
    assert (error.path, error.key) == (path, "datbase_url")
    assert str(error).startswith(f"{path}: key 'datbase_url': is not a setting")
    assert "database_url" in str(error)


def test_value_that_is_not_text_is_refused(folders: tuple[Path, Path]) -> None:
    """A municipality typed without quotes would crash the start-up with a traceback."""
    path = write(folders[1], "municipality = 413\n")
    error = refused(folders)
    assert str(error) == (f"{path}: key 'municipality': must be text in quotes, e.g. "
                          'municipality = "City of Pittsfield"')


def test_broken_toml_names_the_file_and_line(folders: tuple[Path, Path]) -> None:
    """IT would be told nothing useful about a missing quote."""
    path = write(folders[0], 'profile = "pittsfield-413"\nmunicipality = Pittsfield\n')
    error = refused(folders)
    assert error.path == path and error.key is None
    assert "is not valid TOML" in str(error) and "line 2" in str(error)


def test_file_that_is_not_utf8_is_refused(folders: tuple[Path, Path]) -> None:
    """A file saved as Windows-1252 would be read with mangled names."""
    folders[0].mkdir(parents=True)
    (folders[0] / "desk.toml").write_bytes('municipality = "Chicopée"\n'.encode("cp1252"))
    assert "is not UTF-8 text" in str(refused(folders))


def test_bad_database_url_is_refused_without_echoing_it(folders: tuple[Path, Path]) -> None:
    """A mistyped URL would print the database password in the error."""
    path = write(folders[0], 'database_url = "postgres ql://desk:s3cret@srv/db"\n')
    error = refused(folders)
    assert (error.path, error.key) == (path, "database_url")
    assert "s3cret" not in str(error)


def test_unknown_database_driver_is_refused(folders: tuple[Path, Path]) -> None:
    """A driver the build does not ship would fail later, far from the file's name."""
    write(folders[0], 'database_url = "oracle+nosuchdriver://desk@srv/db"\n')
    error = refused(folders)
    assert error.key == "database_url" and "driver" in error.reason


def test_unknown_profile_lists_the_installed_ones(folders: tuple[Path, Path]) -> None:
    """A misspelt profile would leave the desk on the wrong department's checklist."""
    write(folders[0], 'profile = "pittsfield"\n')
    error = refused(folders)
    assert error.key == "profile"
    assert "'pittsfield' is not an installed policy profile" in error.reason
    assert "pittsfield-413" in error.reason and "haverhill" in error.reason


def test_relative_records_folder_is_refused(folders: tuple[Path, Path]) -> None:
    """Exports would land in whatever folder the program happened to start in."""
    write(folders[0], 'records_folder = "records/ice"\n')
    error = refused(folders)
    assert error.key == "records_folder" and "full path" in error.reason


def test_records_folder_expands_home_and_variables(folders: tuple[Path, Path],
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    """A per-user '~/records' would be used literally, as a folder named '~'."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("DESK_SHARE", "/srv/share")
    write(folders[1], 'records_folder = "~/records"\n')
    assert load_settings_files()["records_folder"] == str(tmp_path / "records")
    write(folders[1], 'records_folder = "$DESK_SHARE/ice"\n')
    assert load_settings_files()["records_folder"] == "/srv/share/ice"


def test_empty_value_is_refused(folders: tuple[Path, Path]) -> None:
    """An empty municipality would blank the name on every printed record."""
    write(folders[0], 'municipality = "  "\n')
    error = refused(folders)
    assert error.key == "municipality" and "is empty" in error.reason


def test_error_in_user_file_is_named_even_when_site_file_is_fine(
        folders: tuple[Path, Path]) -> None:
    """The department's file would be blamed for the user's mistake."""
    write(folders[0], 'profile = "pittsfield-413"\n')
    path = write(folders[1], 'profile = 7\n')
    assert refused(folders).path == path


def test_error_is_a_desk_error(folders: tuple[Path, Path]) -> None:
    """The command line would show a traceback instead of one sentence."""
    write(folders[0], "[database]\nurl = 'x'\n")
    assert isinstance(refused(folders), DeskError)


def test_overrides_use_the_desk_settings_names() -> None:
    """The profile in the file would never reach the desk's settings."""
    files = {"database_url": "sqlite://", "profile": "haverhill",
             "municipality": "Haverhill", "records_folder": "/srv/r"}
    assert settings_overrides(files) == {"profile_id": "haverhill",
                                         "municipality": "Haverhill",
                                         "records_folder": "/srv/r"}


def test_workstation_station_from_the_file_and_the_command_line(
        folders: tuple[Path, Path], tmp_path: Path) -> None:
    """The District 2 desk would show the whole department, or another station's board,
    if its file's station were lost or --station did not win over it."""
    from desk_app.store.desk import open_desk

    write(folders[0], 'station = "District 2"\n')
    files = load_settings_files()
    assert files == {"station": "District 2"}
    assert settings_overrides(files) == {}  # the workstation's own, never the database's
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    for station, expected in ((None, "District 2"), ("Headquarters", "Headquarters")):
        desk = open_desk(url, files=files, station=station)
        try:
            assert desk.station == expected and expected in desk.stations
        finally:
            desk.db.close()
    write(folders[1], 'station = "District\\n2"\n')
    error = refused(folders)
    assert error.key == "station" and "one line" in error.reason
