"""Near-duplicate detainer numbers are one detainer; direction controls stay out of names.

The same number typed in another case, with a zero-width space, with U+2010 for '-',
or in full-width letters used to make five detainers (one per spelling), on the desk and
through an import. RTL override characters were stored in names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.errors import DeskError, InvalidFieldsError
from desk_app.domain.identifiers import DIRECTION_CONTROLS, canonical_number
from desk_app.domain.tracking_rows import COLUMNS
from desk_app.records.tracking_import import import_tracking
from desk_app.store.desk import Desk
from tests.reliability import workers
from tests.reliability.conftest import ADMIN, FIGURES, NOW, OFFICER, Dump
from tests.reliability.soak import examples
from tests.reliability.test_bad_import import good_row, write_sheet

SPELLINGS = [
    "D26-00417",
    "d26-00417",  # case
    "D26\u200b-00417",  # zero-width space
    "D26\u201000417",  # U+2010 HYPHEN for '-'
    "\uff24\uff12\uff16\uff0d\uff10\uff10\uff14\uff11\uff17",  # full-width
    "\u202aD26-00417\u202c",  # wrapped in a left-to-right embedding
    " D26\u201100417 ",  # non-breaking hyphen, spaces around
]


def test_every_spelling_is_the_same_number() -> None:
    assert {canonical_number(s) for s in SPELLINGS} == {"D26-00417"}


@pytest.mark.parametrize("where", ["sqlite", "postgresql"])
def test_desk_refuses_each_near_duplicate(where: str, request: pytest.FixtureRequest,
                                          ) -> None:
    desk: Desk = request.getfixturevalue("desk" if where == "sqlite" else "pg_desk")
    first = desk.detainers.log(workers.new_form(SPELLINGS[1], NOW), OFFICER)
    assert first.detainer_number == "D26-00417"
    refused = 0
    for spelling in SPELLINGS:
        with pytest.raises(DeskError) as error:
            desk.detainers.log(workers.new_form(spelling, NOW), OFFICER)
        assert "D26-00417" in str(error.value) or "already" in str(error.value)
        refused += 1
    assert [d.detainer_number for d in desk.detainers.active()] == ["D26-00417"]
    assert desk.detainers.by_number("d26\u200b-00417").id == first.id
    FIGURES.append(f"identifiers ({where}): {refused} near-duplicate spellings refused, "
                   "1 detainer")


def test_import_of_near_duplicates_is_one_row_or_refused(
        desk: Desk, dump: Callable[[], Dump], tmp_path: Path) -> None:
    rows = []
    for spelling in SPELLINGS[:5]:
        row = good_row(0)
        row[COLUMNS.index("Detainer #")] = spelling
        rows.append(row)
    report = import_tracking(desk, write_sheet(tmp_path, list(COLUMNS[:12]), rows, False),
                             ADMIN)
    assert report.imported == 0 and len(report.errors) == 4
    assert all("is also on row 2" in p.reason for p in report.errors)
    report = import_tracking(desk, write_sheet(tmp_path, list(COLUMNS[:12]), rows[:1],
                                               False), ADMIN)
    assert report.imported == 1
    again = import_tracking(desk, write_sheet(tmp_path, list(COLUMNS[:12]), rows[4:5],
                                              False), ADMIN)
    assert (again.imported, again.already_present) == (0, 1)


@pytest.mark.parametrize("control", sorted(DIRECTION_CONTROLS))
def test_direction_controls_are_refused_in_names(desk: Desk, control: str) -> None:
    form = replace(workers.new_form("D26-00418", NOW), subject_name=f"Smith{control}htims")
    with pytest.raises(InvalidFieldsError) as error:
        desk.detainers.log(form, OFFICER)
    assert [e.field for e in error.value.errors] == ["subject_name"]
    assert "direction-control" in str(error.value)
    assert desk.detainers.active() == []


@examples(200, 5000)
@given(st.text(max_size=30))
def test_canonical_form_is_stable_and_visible(text: str) -> None:
    once = canonical_number(text)
    assert canonical_number(once) == once
    assert not any(char in DIRECTION_CONTROLS or char == "\u200b" for char in once)
    assert once == once.strip()
