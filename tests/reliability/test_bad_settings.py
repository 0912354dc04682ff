"""Settings are checked on the way in; a stored value out of range starts the default.

`settings warning_hours inf` and `settings lock_minutes 99999999999999999999` used to
be stored, and then no board started anywhere (OverflowError behind the crash dialog).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from desk_app.domain.errors import InvalidFieldsError
from desk_app.domain.time_source import FixedTime
from desk_app.store.desk import Desk, open_desk
from desk_app.store.models import Setting
from desk_app.store.settings_service import RANGES, DeskSettings
from tests.cli_people import add_person, signed_main
from tests.reliability.conftest import ADMIN, SUPERVISOR
from tests.reliability.soak import examples


@pytest.mark.parametrize(("key", "value"), [
    ("warning_hours", "inf"), ("warning_hours", "nan"), ("critical_hours", "1e400"),
    ("lock_minutes", "99999999999999999999"), ("lock_minutes", "0"),
    ("warning_hours", "1e308"), ("backup_every_hours", "0.5"), ("backup_keep_days", "9999")])
def test_command_line_refuses_with_a_sentence(db_path: Path, key: str, value: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{db_path}"
    add_person(url)  # the settings are the administrator's
    status = signed_main(["settings", key, value, "--db", url])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith(f"desk-app: {key}: must be") and \
        err.count("\n") == 1, err
    low, high, _ = RANGES[key]
    assert f"from {low:g} to {high:g}" in err
    status = signed_main(["settings", "--db", url])
    assert status == 0
    assert f"{key} = {getattr(DeskSettings(), key)}" in capsys.readouterr().out


@examples(60, 2000)
@given(key=st.sampled_from(sorted(RANGES)),
       value=st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                       st.integers(min_value=-10**30, max_value=10**30)))
def test_any_number_is_stored_only_within_its_range(desk: Desk, key: str,
                                                    value: float) -> None:
    low, high, _ = RANGES[key]
    text = str(value)
    try:
        saved = desk.apply_settings({key: text}, ADMIN)
    except InvalidFieldsError as exc:
        # the value itself, or the pair (critical must stay below warning)
        assert exc.errors[0].field in {key, "critical_hours"}
        return
    stored = getattr(saved, key)
    assert math.isfinite(stored) and low <= stored <= high
    assert getattr(desk.settings_service.load(), key) == stored


def _store_raw(desk: Desk, key: str, text: str) -> None:
    with desk.db.sessions() as session:  # written by hand or by an older version
        session.merge(Setting(key=key, value=text))
        session.commit()


def test_stored_value_out_of_range_starts_the_default_and_says_so(
        desk: Desk, db_path: Path, clock: FixedTime) -> None:
    _store_raw(desk, "lock_minutes", "99999999999999999999")
    _store_raw(desk, "warning_hours", "inf")
    _store_raw(desk, "backup_keep_days", "fourteen")
    reopened = open_desk(f"sqlite:///{db_path}", clock, "pittsfield-413")
    try:
        assert reopened.settings.lock_minutes == 10
        assert reopened.settings.warning_hours == 12.0
        assert reopened.settings.backup_keep_days == 14
        notices = " ".join(reopened.settings_notices)
        for key in ("lock_minutes", "warning_hours", "backup_keep_days"):
            assert f"The stored setting {key}" in notices
        assert "the default 10 is used" in notices
    finally:
        reopened.db.close()


def test_board_starts_with_the_default_and_shows_the_notice(
        qtbot: QtBot, desk: Desk, db_path: Path, clock: FixedTime) -> None:
    from desk_app.gui.idle_lock import IdleLock
    from desk_app.gui.main_window import MainWindow

    _store_raw(desk, "lock_minutes", "99999999999999999999")
    _store_raw(desk, "warning_hours", "inf")
    reopened = open_desk(f"sqlite:///{db_path}", clock, "pittsfield-413")
    try:
        window = MainWindow(reopened, SUPERVISOR, None)
        qtbot.addWidget(window)
        window.timer.stop()
        window.show()
        IdleLock(reopened.time, reopened.settings.lock_minutes, window)
        window.tick()
        assert window.board.banner.isVisible()
        assert "lock_minutes" in window.board.banner.text()
        assert "warning_hours" in window.board.banner.text()
    finally:
        reopened.db.close()

