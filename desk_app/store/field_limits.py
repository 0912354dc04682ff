"""Text longer than its column is refused by name before it reaches the database.

PostgreSQL refuses a value longer than its `VARCHAR(n)` with a raw DataError; SQLite
stores it anyway. So that both say the same thing, and say it in words, every session
checks the text of each row it is about to write against its column's length and
refuses the whole change (nothing is written) naming each field: "bail amount: is 41
characters long; at most 40 fit".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from desk_app.domain.errors import FieldError, InvalidFieldsError


class ValueTooLongError(InvalidFieldsError):
    """One or more typed values are longer than the database keeps; nothing was saved."""


def too_long(row: Any) -> list[FieldError]:
    """The text fields of `row` longer than their columns allow."""
    errors = []
    for column in inspect(row).mapper.column_attrs:
        kind = column.expression.type
        if not isinstance(kind, String) or not kind.length:
            continue
        value = getattr(row, column.key, None)
        if isinstance(value, str) and len(value) > kind.length:
            errors.append(FieldError(column.key, f"is {len(value)} characters long; at most "
                                                 f"{kind.length} fit, so nothing was saved"))
    return errors


def _check_before_flush(session: Session, _context: object, _instances: object) -> None:
    errors = [error for row in (*session.new, *session.dirty) for error in too_long(row)]
    if errors:
        raise ValueTooLongError(errors)


def check_lengths(sessions: sessionmaker[Session]) -> None:
    """Make every session of `sessions` refuse over-long text before flushing."""
    event.listen(sessions, "before_flush", _check_before_flush)


def text_limit(table: str, column: str) -> int | None:
    """The most characters `table.column` keeps (None: any length), read from the ORM
    column, so that a form can stop typing where the save would refuse."""
    from desk_app.store import contact_models, handoff_models, models  # noqa: F401 (tables)

    kind = models.Base.metadata.tables[table].columns[column].type
    return kind.length if isinstance(kind, String) and kind.length else None
