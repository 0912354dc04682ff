"""A detainer comes into being one way: logged at the desk or imported from an old
tracking sheet, the same row-making, the same audit entry, the same change feed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.tracking_rows import COLUMNS
from desk_app.domain.vocabulary import Role
from desk_app.records.tracking_import import import_tracking
from desk_app.store.desk import Desk
from desk_app.store.models import AuditEntry
from tests.reliability.test_bad_import import good_row, write_sheet

ANALYST = Actor("A. Analyst", Role.ANALYST)


def test_logged_and_imported_detainers_are_made_and_audited_alike(
        desk: Desk, log_detainer: Callable[..., DetainerSnapshot], tmp_path: Path,
        audit_entries: Callable[..., list[AuditEntry]], published: list[int]) -> None:
    """The form's log and the import both go through DetainerService.insert,
    audit_created and publish_created: one entry each, every value, on the feed."""
    logged = log_detainer()
    sheet = write_sheet(tmp_path, list(COLUMNS[:12]), [good_row(7, "Maria Lopez")], False)
    report = import_tracking(desk, sheet, ANALYST)
    assert report.imported == 1, report.lines()
    imported = desk.detainers.by_number("BIG-7")
    first, second = (audit_entries(d.id) for d in (logged, imported))
    assert [e.action for e in first] == [AuditAction.DETAINER_LOGGED.value]
    assert [e.action for e in second] == [AuditAction.DETAINER_IMPORTED.value]
    assert first[0].summary.startswith(f"Logged {logged.form_type} {logged.detainer_number}")
    assert second[0].summary == (f"Imported {imported.form_type} BIG-7 for Maria Lopez from "
                                 f"{sheet.name}, row 2")
    # The same shape: every value the row was created with.
    assert set(json.loads(first[0].after)) == set(json.loads(second[0].after))
    assert json.loads(second[0].after)["subject_name"] == "Maria Lopez"
    assert second[0].actor == ANALYST.name and imported.closed_by == ANALYST.name
    assert published == [logged.id, imported.id]
    # A logged detainer has its checklist; imported history has none and is closed.
    assert logged.steps and not imported.steps and imported.closed_at is not None
