"""Reading one table of a TOML rules file, naming the file and the key in every error.

The department profiles and the layers of law share it, so every mistake in any rules
file is reported the same way: the file, the key and what is allowed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from desk_app.domain.errors import PolicyFileError

E = TypeVar("E", bound=StrEnum)

TOML_NAMES = {"str": "string", "bool": "true or false", "float": "number",
               "int": "whole number", "list": "list", "dict": "table"}



class TableReader:
    """Reads one table of a TOML rules file, naming the file and key in every error."""

    def __init__(self, path: Path, table: Mapping[str, Any], prefix: str = "") -> None:
        self.path = path
        self.table = table
        self.prefix = prefix

    def fail(self, key: str, message: str) -> PolicyFileError:
        return PolicyFileError(f"{self.path.name}: key '{self.prefix}{key}': {message}")

    def get(self, key: str, kind: type | tuple[type, ...], required: bool = True,
            default: Any = None, longest: int | None = None) -> Any:
        if key not in self.table:
            if required:
                raise self.fail(key, "is missing")
            return default
        value = self.table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(
                k.__name__ for k in kind)
            raise self.fail(key, f"must be a {TOML_NAMES.get(names, names)}")
        if isinstance(value, str) and not value.strip():
            raise self.fail(key, "must not be empty")
        if longest is not None and isinstance(value, str) and len(value) > longest:
            raise self.fail(key, f"is longer than {longest} characters; shorten it")
        return value

    def choice(self, key: str, enum: type[E], required: bool = True,
               default: E | None = None) -> E:
        raw = self.get(key, str, required=required, default=None)
        if raw is None:
            assert default is not None
            return default
        try:
            return enum(raw)
        except ValueError:
            allowed = ", ".join(f'"{m.value}"' for m in enum)
            raise self.fail(key, f'"{raw}" is not allowed; use one of {allowed}') from None

    def strings(self, key: str, required: bool = True) -> tuple[str, ...]:
        values = self.get(key, list, required=required, default=[])
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise self.fail(key, "must be a list of non-empty strings")
        if required and not values:
            raise self.fail(key, "must list at least one entry")
        return tuple(values)

    def sub(self, key: str, required: bool = True) -> TableReader | None:
        table = self.get(key, dict, required=required)
        if table is None:
            return None
        return TableReader(self.path, table, f"{self.prefix}{key}.")

    def only(self, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in self.table:
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                raise self.fail(key, f"is not a known key; known keys here: {names}")

    def day(self, key: str, required: bool = True) -> date | None:
        """A calendar day such as 2017-07-24 (a date and time is refused)."""
        value: date | None = self.get(key, date, required=required)
        if isinstance(value, datetime):  # a datetime never equals a calendar day
            raise self.fail(key, "must be a date without a time, such as 2017-07-24")
        return value



def read_toml(path: Path) -> dict[str, Any]:
    """The tables of a TOML file; PolicyFileError naming the file and line if it is bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyFileError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise PolicyFileError(f"{path.name}: is not valid TOML ({exc})") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyFileError(
            f"{path.name}: is not valid TOML ({exc}){_near_line(text, str(exc))}") from exc


def _near_line(text: str, message: str) -> str:
    """The line a TOML error points at, quoted, so the message shows the key to fix."""
    match = re.search(r"at line (\d+)", message)
    lines = text.splitlines()
    if not match or not 0 < int(match.group(1)) <= len(lines):
        return ""
    line = lines[int(match.group(1)) - 1].strip()
    return f" near: {line}" if line else ""
