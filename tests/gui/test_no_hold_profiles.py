"""No-hold profiles: a template's "[city or town]" never shows, and "held until court"
says what it means where no one may be held on a detainer alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.domain.actor import Actor
from desk_app.domain.errors import InvalidFieldsError
from desk_app.domain.municipality import effective_municipality, is_template_name
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, Role
from desk_app.gui.custody_dialogs import BailDecisionDialog
from desk_app.gui.settings_dialog import SettingsDialog
from desk_app.store.desk import Desk, open_desk
from tests.gui.conftest import OFFICER, log_detainer

ADMIN = Actor("Lt. A. Okafor", Role.ADMINISTRATOR)


@pytest.mark.parametrize(("setting", "profile", "expected"), [
    ("", "Pittsfield", "Pittsfield"), ("Lenox", "Pittsfield", "Lenox"),
    ("", "[city or town]", ""), ("", "[city]", ""), ("Amherst", "[city]", "Amherst"),
    ("  ", "[city]", ""), ("[city]", "[city]", ""),
])
def test_the_municipality_a_page_may_name(setting: str, profile: str, expected: str) -> None:
    """The setting wins; a template's bracketed blank is never a name."""
    assert effective_municipality(setting, profile) == expected
    assert is_template_name(profile) is (profile.startswith("["))


def test_switching_to_a_template_profile_needs_the_municipality(
        qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Choosing the Trust Act with no municipality is refused in the dialog, in words
    that say what to type; with the town's name it is saved."""
    dialog = SettingsDialog(desk, ADMIN)
    qtbot.addWidget(dialog)
    dialog.profile.setCurrentIndex(dialog.profile.findData("trust-act"))
    assert "required" in dialog.municipality.placeholderText()
    assert "[" not in dialog.municipality.placeholderText()
    dialog.save()
    assert "municipality: is needed with the profile" in dialog.error.text()
    assert "Type the name of your city or town" in dialog.error.text()
    assert desk.settings_service.load().profile_id == "pittsfield-413"
    qtbot.keyClicks(dialog.municipality, "Northampton")
    dialog.save()
    saved = desk.settings_service.load()
    assert (saved.profile_id, saved.municipality) == ("trust-act", "Northampton")


def test_the_service_refuses_clearing_it_too(desk: Desk) -> None:
    """The command line and scripts meet the same rule as the dialog."""
    desk.apply_settings({"profile_id": "ma-welcoming-ordinance", "municipality": "Easthampton"},
                        ADMIN)
    with pytest.raises(InvalidFieldsError) as refused:
        desk.apply_settings({"municipality": ""}, ADMIN)
    assert refused.value.errors[0].field == "municipality"


def test_no_bracketed_blank_in_the_window_or_the_form(
        qtbot: QtBot, tmp_path: Path, clock: FixedTime) -> None:
    """A desk opened on a template profile (a settings file chose it) says the
    municipality is not set; it never shows "[city or town]"."""
    from desk_app.gui.detainer_form import DetainerFormDialog
    from desk_app.gui.main_window import MainWindow

    desk = open_desk(f"sqlite:///{tmp_path / 'ordinance.sqlite3'}", clock,
                     "ma-welcoming-ordinance")
    try:
        window = MainWindow(desk, Actor("Sgt. M. Kim", Role.SUPERVISOR))
        qtbot.addWidget(window)
        assert "[" not in window.windowTitle()
        assert "municipality not set" in window.windowTitle()
        form = DetainerFormDialog(desk, OFFICER)
        qtbot.addWidget(form)
        assert form.resident.text() == "Resident of the municipality"
    finally:
        desk.db.close()


def test_held_until_court_is_explained_with_the_law(qtbot: QtBot, desk: Desk) -> None:
    """Under Pittsfield's profile (no hold, by Lunn) the choice says custody is on the
    charge, ends when court releases, and cites the case."""
    detainer_id = log_detainer(desk)
    dialog = BailDecisionDialog(desk, OFFICER, detainer_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    note = dialog.held_words
    assert note.isVisible()
    assert "on the criminal charge" in note.text()
    assert "may not be kept for ICE" in note.text()
    assert "(Lunn v. Commonwealth, 477 Mass. 517 (2017))" in note.text()
    radio = dialog.radios[BailDecision.HELD_UNTIL_COURT]
    assert note.geometry().top() >= radio.geometry().bottom()
    assert note.height() >= note.heightForWidth(note.width())  # no line cut off
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert desk.detainers.get(detainer_id).bail_decision is BailDecision.HELD_UNTIL_COURT
