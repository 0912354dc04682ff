"""A value longer than its column is refused by name on SQLite and PostgreSQL alike.

PostgreSQL used to answer a bail amount over 40 characters or an ERO contact over 200
with a raw DataError (the crash dialog) while SQLite stored it; now both refuse before
writing, name the field and keep everything as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from desk_app.domain.errors import InvalidFieldsError
from desk_app.domain.vocabulary import BailDecision
from desk_app.store.custody_service import EroNotice
from desk_app.store.desk import Desk
from desk_app.store.field_limits import ValueTooLongError
from tests.reliability import workers
from tests.reliability.conftest import NOW, OFFICER, SUPERVISOR, Dump, dumper


def _refusals(desk: Desk) -> list[tuple[str, Callable[[int], object]]]:
    return [
        ("ero_contact", lambda i: desk.custody.record_ero_notice(
            i, EroNotice(at=NOW - timedelta(minutes=5), method="phone",
                         contact="Duty officer " + "x" * 200, message=""), SUPERVISOR)),
    ]


@pytest.mark.parametrize("where", ["sqlite", "postgresql"])
def test_too_long_is_refused_by_name_and_nothing_changes(
        where: str, request: pytest.FixtureRequest) -> None:
    desk: Desk = request.getfixturevalue("desk" if where == "sqlite" else "pg_desk")
    detainer_id = desk.detainers.log(workers.new_form("D26-LONG1", NOW), OFFICER).id
    dump: Callable[[], Dump] = dumper(desk)
    before = dump()
    for field, call in _refusals(desk):
        with pytest.raises(ValueTooLongError) as refused:
            call(detainer_id)
        assert [e.field for e in refused.value.errors] == [field]
        assert "at most" in str(refused.value) and "nothing was saved" in str(refused.value)
        assert dump() == before
    # A bail amount is dollars (the law-layers rules): forty digits are refused by name
    # as an amount too large to be real, not as text too long, and nothing changes.
    with pytest.raises(InvalidFieldsError) as too_large:
        desk.custody.record_bail_decision(detainer_id, BailDecision.MONETARY_BAIL, OFFICER,
                                          amount="$" + "9" * 40)
    assert [e.field for e in too_large.value.errors] == ["bail_amount"]
    assert dump() == before
    desk.custody.record_bail_decision(detainer_id, BailDecision.MONETARY_BAIL, OFFICER,
                                      amount="$9,999,999,999.99")  # the largest it keeps
    assert desk.detainers.get(detainer_id).bail_amount == "9999999999.99"
