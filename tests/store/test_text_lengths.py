"""Every stored text has one length, written once, in the domain.

The database columns, the forms' caps and the services' refusals all read it there, so
that a form cannot stop typing at 120 while the column keeps 80, nor a service accept
what PostgreSQL refuses. These tests read the ORM's columns and compare them with the
domain's tables, never with numbers written again here.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from sqlalchemy import Column, Enum, String, Text

import desk_app.store
from desk_app.domain import contact_log, detainer, text_lengths
from desk_app.domain.errors import FieldError
from desk_app.store.desk import Desk
from desk_app.store.field_limits import column_limit
from desk_app.store.models import Base
from desk_app.store.settings_service import DeskSettings

FORMS = {"detainers": detainer.MAX_LENGTHS, "ice_contacts": contact_log.MAX_LENGTHS}


def every_column() -> list[tuple[str, Column[object]]]:
    """Each column of each table of the desk's database, with its table's name."""
    for module in pkgutil.iter_modules(desk_app.store.__path__):
        importlib.import_module(f"desk_app.store.{module.name}")
    return [(table.name, column) for table in Base.metadata.sorted_tables
            for column in table.columns]


def domain_limit(table: str, column: str) -> int | None:
    """The domain's length for `table.column`: its form's, else the shared table's."""
    return FORMS.get(table, {}).get(column, text_lengths.LENGTHS.get(column))


def test_every_text_column_takes_its_length_from_the_domain() -> None:
    """A column written String(61) while the form stops at 60 would refuse or cut."""
    checked, wrong = 0, []
    for table, column in every_column():
        kind = column.type
        if not isinstance(kind, String) or isinstance(kind, Enum | Text):
            continue  # an enum's width is its words'; Text has no length
        checked += 1
        if kind.length != domain_limit(table, column.name):
            wrong.append(f"{table}.{column.name}: {kind.length} in the database, "
                         f"{domain_limit(table, column.name)} in the domain")
    assert wrong == []
    assert checked >= 70, "fewer text columns than the desk has: were the tables loaded?"


def test_form_limits_of_text_columns_are_the_columns() -> None:
    """The detainer and contact forms' limits are those of the columns they fill."""
    columns = {(t, c.name): c for t, c in every_column()}
    for table, limits in FORMS.items():
        for name, limit in limits.items():
            column = columns.get((table, name))
            if column is not None and not isinstance(column.type, Enum):
                assert column_limit(column) in (limit, None), f"{table}.{name}"


def test_typed_notes_have_a_limit_the_store_checks() -> None:
    """A note, reason or message people type is limited like a VARCHAR column, so
    both databases refuse the same text (PostgreSQL's TEXT would take any length)."""
    typed = {"detainers": {"offenses", "receipt_correction_reason", "ero_message",
                           "close_note", "override_reason", "void_reason"},
             "checklist_steps": {"note"}, "intake_items": {"reason"},
             "ice_contacts": {"callback_note", "information_released",
                              "information_withheld", "note"},
             "handoff_notes": {"note"}}
    limits = {(t, c.name): column_limit(c) for t, c in every_column()}
    for table, names in typed.items():
        for name in names:
            assert limits[(table, name)] in (text_lengths.NOTE, text_lengths.HANDOFF_NOTE), \
                f"{table}.{name} has no limit"


def test_people_service_refuses_past_the_domains_lengths(desk: Desk) -> None:
    """The username and the name the audit log shows: one past the limit is refused,
    the limit itself is kept."""
    username, shown = text_lengths.LENGTHS["username"], text_lengths.LENGTHS["actor"]
    password = "correct horse battery staple 42"
    with pytest.raises(FieldError, match=f"at most {username} characters"):
        desk.people.first_administrator("u" * (username + 1), "IT admin", password)
    with pytest.raises(FieldError, match=f"at most {shown} characters"):
        desk.people.first_administrator("admin", "A" * (shown + 1), password)
    admin = desk.people.first_administrator("u" * username, "A" * shown, password)
    assert (len(admin.username), len(admin.name)) == (username, shown)


def test_settings_longer_than_their_limit_are_refused() -> None:
    """A municipality or folder longer than kept would be cut or refused by the server."""
    for name in ("municipality", "records_folder", "shift_starts", "intake_folders"):
        limit = text_lengths.LENGTHS[name]
        too_long = DeskSettings(**{name: "x" * (limit + 1)})
        assert any(e.field == name and f"longer than {limit}" in e.message
                   for e in too_long.check()), name
