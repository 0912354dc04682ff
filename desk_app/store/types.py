"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator


def ensure_utc_text(value: str) -> datetime:
    """Stored text with or without an offset, as a UTC instant (naive text is UTC)."""
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An instant stored in UTC and always read back as an aware UTC datetime."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite keeps no offset: store naive UTC there.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        """On SQLite, one C call per value: the stored text read as a UTC instant.

        Ten years of detainers hold a quarter of a million instants; parsing the text
        and then attaching the zone in Python doubled the time of a tracking sheet.
        """
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def utc_instant(value: str | None) -> datetime | None:
            if value is None:
                return None
            try:  # the desk stores naive UTC text: "2026-11-25 19:00:00.000000"
                return datetime.fromisoformat(value + "+00:00")
            except ValueError:  # text written some other way, with its own offset
                return ensure_utc_text(value)

        return utc_instant

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
