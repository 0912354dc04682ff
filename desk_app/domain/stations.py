"""Stations: where a detainer's fax was received, and which board it belongs to.

A department may take detainers at several stations (district stations, each with its
fax line). Every detainer belongs to one station; a workstation is at one station (its
settings file, `station = "..."`, or `--station`) and its board shows that station's
detainers by default, the whole department's on demand. A detainer logged before
stations existed, or at a workstation with no station set, has no station (""): it is
shown as "(no station)", and every station's board shows it, so that nothing active
falls off every board when a department starts using stations.

The department's stations are its `stations` setting (one name per line) followed by
the stations its intake folders are named for (`intake_folders`), each once.
"""

from __future__ import annotations

from collections.abc import Iterable

from desk_app.domain.intake import station_folders
from desk_app.domain.text_lengths import LENGTHS

NO_STATION = "(no station)"
ALL_STATIONS = "All stations"
MAX_STATION = LENGTHS["station"]  # the stations' columns (detainers, intake items)


def parse_stations(setting: str) -> tuple[str, ...]:
    """The names in a `stations` setting: one per line (or separated by ';'), each once."""
    return unique(part.strip() for part in setting.replace(";", "\n").splitlines())


def unique(names: Iterable[str]) -> tuple[str, ...]:
    """Each non-empty name once, in the order first seen (case kept as typed)."""
    seen: dict[str, str] = {}
    for name in names:
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return tuple(seen.values())


def department_stations(stations: str, intake_folders: str,
                        workstation: str = "") -> tuple[str, ...]:
    """The department's stations: the `stations` setting, then the intake folders'
    stations, then this workstation's own (a station set only in its settings file)."""
    return unique([*parse_stations(stations),
                   *(station for station, _ in station_folders(intake_folders)),
                   workstation.strip()])


def station_label(station: str) -> str:
    """The station as the board and the reports print it ("(no station)" for "")."""
    return station or NO_STATION


def check_station(name: str) -> str:
    """Why `name` cannot be a station's name, or "" if it can."""
    if len(name) > MAX_STATION:
        return f"is longer than {MAX_STATION} characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "must be a name on one line, without control characters"
    if name.strip() != name:
        return "must not begin or end with spaces"
    return ""


def belongs_to_view(detainer_station: str, shown: str | None) -> bool:
    """Whether a detainer of `detainer_station` is on a board showing `shown` (None: the
    department view, every station). A detainer without a station is on every board."""
    return shown is None or not detainer_station or detainer_station == shown


def report_stations(known: Iterable[str], found: Iterable[str]) -> tuple[str, ...]:
    """The stations a report lists one by one: the department's, then any other a
    detainer names (an old or renamed station), and "" (no station) last if any has it."""
    found = list(found)
    named = unique([*known, *sorted({s for s in found if s}, key=str.casefold)])
    return (*named, "") if "" in found else named
