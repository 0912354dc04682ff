"""The restricted tracking sheet never lands in the shared records folder (issue 13,
finding 5: the first sync wrote it there, readable by every desk account).

Pittsfield Policy 413 §E: "The Tracking Sheet shall have restricted access on the
department's SharePoint Intranet". The sheet goes only to the restricted records folder
the department sets; until then it waits, and says why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.records.sync import RecordsSync
from desk_app.store.desk import Desk
from desk_app.store.outbox import TRACKING_SHEET_NAME

NOW = datetime(2026, 11, 25, 19, tzinfo=UTC)
ADMIN = Actor("Lt. A. Okafor", Role.ADMINISTRATOR)
OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)


@pytest.fixture
def desk(open_test_desk: Callable[..., Desk], tmp_path: Path) -> Desk:
    """A desk with a shared records folder and one detainer logged."""
    opened = open_test_desk(FixedTime(NOW))
    (tmp_path / "records").mkdir()
    opened.apply_settings({"records_folder": str(tmp_path / "records")}, ADMIN)
    form = DetainerForm("D26-0001", FormType.I_247A, "26-0001-AR", "José Ñúñez", NOW)
    opened.detainers.log(form, OFFICER)
    return opened


def test_the_first_sync_keeps_the_sheet_out_of_the_shared_folder(desk: Desk) -> None:
    """With no restricted folder set, the sheet waits, saying why, and the share has none."""
    shared = Path(desk.settings.records_folder)
    sync = RecordsSync(desk, shared)
    result = sync.run_once()
    assert result.written == 0 and result.waiting == 1
    assert not (shared / TRACKING_SHEET_NAME).exists()
    (pending,) = sync.pending()
    assert "restricted access (Pittsfield Policy 413 §E" in pending.last_error
    assert pending.attempts == 0  # waiting for a setting is not a failure


def test_the_sheet_goes_to_the_restricted_folder_once_set(desk: Desk, tmp_path: Path) -> None:
    """The department's restricted folder gets the sheet; the shared folder never does."""
    restricted = tmp_path / "restricted"
    restricted.mkdir()
    desk.apply_settings({"restricted_records_folder": str(restricted)}, ADMIN)
    shared = Path(desk.settings.records_folder)
    assert RecordsSync(desk, shared).run_once().written == 1
    assert (restricted / TRACKING_SHEET_NAME).stat().st_size > 0
    assert not (shared / TRACKING_SHEET_NAME).exists()
