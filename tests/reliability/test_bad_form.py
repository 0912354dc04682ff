"""Anything typed into the detainer form: refused field by field, or stored as typed.

`check_form` must never raise and must name each field it refuses with what is
expected; the service must either log the detainer as typed (trimmed; the detainer
number in its canonical spelling) or
refuse with a DeskError, leaving everything already stored as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from datetime import UTC

import pytest
from hypothesis import given

from desk_app.domain.detainer import DetainerForm, check_form
from desk_app.domain.errors import DeskError, InvalidFieldsError
from desk_app.domain.identifiers import canonical_number
from desk_app.store.desk import Desk
from tests.reliability import workers
from tests.reliability.conftest import NOW, OFFICER, Dump, dumper
from tests.reliability.soak import examples
from tests.reliability.strategies import forms

FIELDS = {f.name for f in fields(DetainerForm)}


@given(form=forms())
@examples(500, 5000)
def test_check_form_names_every_refused_field(form: DetainerForm) -> None:
    """A strange value would crash the form, or be refused without saying where."""
    for error in check_form(form, NOW):
        assert error.field in FIELDS
        assert len(error.message) > 10 and len(error.message) < 200


@given(form=forms())
@examples(300, 3000)
def test_service_logs_as_typed_or_changes_nothing(desk: Desk, dump: Callable[[], Dump],
                                                  form: DetainerForm) -> None:
    """A bad form would reach the database half-written, or show a traceback."""
    log_or_refuse(desk, dump, form)


@given(form=forms())
@examples(60, 600)
def test_service_on_postgresql_logs_as_typed_or_changes_nothing(
        pg_desk: Desk, form: DetainerForm) -> None:
    """On the shared server a value SQLite accepts (a NUL) would raise a traceback."""
    log_or_refuse(pg_desk, dumper(pg_desk), form)


def log_or_refuse(desk: Desk, dump: Callable[[], Dump], form: DetainerForm) -> None:
    """Log `form`: stored as typed, or refused with nothing changed."""
    before = dump()
    try:
        saved = desk.detainers.log(form, OFFICER)
    except InvalidFieldsError as refused:
        assert refused.errors and all(e.field in FIELDS | {"attachment"}
                                      for e in refused.errors)
        assert dump() == before
        return
    except DeskError:
        assert dump() == before
        return
    assert not check_form(form, NOW)
    # The number in its one canonical spelling (identifiers.py), so near-duplicates meet.
    assert saved.detainer_number == canonical_number(form.detainer_number)
    for name in ("subject_name", "case_number", "offenses", "arrest_location"):
        typed = getattr(form, name)
        assert getattr(saved, name) in (typed, typed.strip()), name  # as typed, or trimmed
    # (compared in UTC: an aware time in the repeated DST hour never equals another zone's)
    assert saved.received_at == form.received_at.astimezone(UTC)
    assert saved.date_of_birth == form.date_of_birth


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_nul_character_is_refused_by_field(request: pytest.FixtureRequest,
                                           backend: str) -> None:
    """A NUL pasted into a name would be stored on SQLite but crash PostgreSQL."""
    desk = request.getfixturevalue("desk" if backend == "sqlite" else "pg_desk")
    form = workers.new_form("NUL-00001", NOW)
    form = replace(form, subject_name="Ana\x00Lopez", offenses="OUI\x00")
    before = dumper(desk)()
    with pytest.raises(InvalidFieldsError) as refused:
        desk.detainers.log(form, OFFICER)
    assert {e.field for e in refused.value.errors} == {"subject_name", "offenses"}
    assert dumper(desk)() == before
