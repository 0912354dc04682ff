"""The SQLite file stops taking writes under a running board: it says so, then recovers.

The database file is moved away (as when it is deleted or its drive goes), every
connection is made read-only (`PRAGMA query_only`, since the tests may run as root, who
ignores file permissions), or the file may not grow (SQLite's `max_page_count` at its
current size, as on a full disk; and, where the tests may mount a small tmpfs, a really
full disk). Each time the board says why in its banner and greys out what would save;
a dialog left open keeps what was typed and its save is refused in a sentence; once the
file can be written again the board is editable by itself and the same save goes
through, into the file (read back by another workstation).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import event, text

from desk_app.domain.time_source import FixedTime
from desk_app.gui.custody_dialogs import EroNoticeDialog
from desk_app.gui.main_window import MainWindow
from desk_app.store.db_errors import StorageError
from desk_app.store.desk import Desk, open_desk
from desk_app.store.write_check import MIN_FREE_BYTES, WriteCheck
from tests.reliability import workers
from tests.reliability.conftest import FIGURES, NOW, OFFICER, SUPERVISOR, dumper

SAID = "No longer in our custody. " * 120  # long enough to need new pages in the file


@dataclass(frozen=True)
class Fault:
    """How the file stops taking writes and is mended, and the words that say so."""

    cause: Callable[[Desk, Path], Any]
    mend: Callable[[Desk, Path, Any], None]
    banner: str
    refusal: str


def _move_away(_desk: Desk, path: Path) -> Path:
    away = path.with_name("moved-away.sqlite3")
    path.rename(away)
    return away


def _move_back(_desk: Desk, path: Path, away: Path) -> None:
    away.rename(path)


def _on_every_connection(desk: Desk, pragma: str) -> Callable[[Any, Any], None]:
    def listener(connection: Any, _record: Any) -> None:
        connection.execute(pragma)

    event.listen(desk.db.engine, "connect", listener)
    desk.db.engine.dispose()
    return listener


def _unlisten(desk: Desk, _path: Path, listener: Callable[[Any, Any], None]) -> None:
    event.remove(desk.db.engine, "connect", listener)
    desk.db.engine.dispose()


def _query_only(desk: Desk, _path: Path) -> Callable[[Any, Any], None]:
    return _on_every_connection(desk, "PRAGMA query_only=ON")


def _no_room(desk: Desk, _path: Path) -> Callable[[Any, Any], None]:
    with desk.db.engine.connect() as connection:
        connection.execute(text("VACUUM"))
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        pages = connection.execute(text("PRAGMA page_count")).scalar_one()
    return _on_every_connection(desk, f"PRAGMA max_page_count={pages}")


FAULTS = {
    "file gone": Fault(_move_away, _move_back, "is missing (deleted, moved, or its drive "
                       "went away)", "Nothing was saved and what you typed is kept"),
    "read-only": Fault(_query_only, _unlisten, "is read-only for this workstation",
                       "The database is read-only for this workstation, so nothing was "
                       "saved"),
    "disk full": Fault(_no_room, _unlisten, "has reached its size limit",
                       "The disk holding the database is full, so nothing was saved"),
}


@pytest.fixture
def board(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, desk: Desk) -> MainWindow:
    """The board on the desk's SQLite file, shown, with one detainer on it."""
    monkeypatch.setattr(QMessageBox, "question",  # closing with typing left, at the end
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    desk.detainers.log(workers.new_form("D26-60001", NOW), OFFICER)
    window = MainWindow(desk, SUPERVISOR, None)
    qtbot.addWidget(window)
    window.timer.stop()
    window.show()
    return window


def _checked(qtbot: QtBot, window: MainWindow, read_only: bool) -> None:
    """Ask the watch now (it would ask within seconds anyway) and wait for the board."""
    window.storage.check()
    qtbot.waitUntil(lambda: window.read_only is read_only, timeout=15_000)


def _typed_notice(qtbot: QtBot, window: MainWindow, desk: Desk) -> EroNoticeDialog:
    (row,) = desk.detainers.active()
    dialog = EroNoticeDialog(desk, SUPERVISOR, row.id, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.method_radios["phone"].setChecked(True)
    dialog.contact_edit.setText("SDDO Boston")
    dialog.message_edit.setPlainText(SAID)
    return dialog


def _stored_elsewhere(path: Path) -> str:
    """The ERO contact as another workstation opening the file reads it."""
    other = open_desk(f"sqlite:///{path}", FixedTime(NOW), "pittsfield-413")
    try:
        (row,) = other.detainers.active()
        return row.ero_contact
    finally:
        other.db.close()


@pytest.mark.parametrize("name", list(FAULTS))
def test_board_goes_read_only_keeps_the_typing_and_comes_back(
        qtbot: QtBot, board: MainWindow, desk: Desk, db_path: Path, name: str) -> None:
    """A save into a deleted file, or a driver error, would lose the officer's typing."""
    fault = FAULTS[name]
    _checked(qtbot, board, read_only=False)
    assert board.new_action.isEnabled()
    dialog = _typed_notice(qtbot, board, desk)

    undo = fault.cause(desk, db_path)
    _checked(qtbot, board, read_only=True)
    banner = board.board.banner.text()
    assert fault.banner in banner and "Nothing typed is lost" in banner, banner
    assert not board.new_action.isEnabled()
    assert not any(action.isEnabled() for action in board.detainer_actions)
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.result_snapshot is None
    assert fault.refusal in dialog.error_label.text(), dialog.error_label.text()
    assert dialog.contact_edit.text() == "SDDO Boston"
    assert dialog.message_edit.toPlainText() == SAID
    with pytest.raises(StorageError):  # a new detainer with a long list of offenses
        desk.detainers.log(replace(workers.new_form("D26-60002", NOW),
                                   offenses="Larceny over $1200; " * 150), OFFICER)

    fault.mend(desk, db_path, undo)
    _checked(qtbot, board, read_only=False)
    assert board.new_action.isEnabled() and not board.board.banner.isVisible()
    dialog.ok_button.click()
    assert dialog.result_snapshot is not None, dialog.error_label.text()
    assert _stored_elsewhere(db_path) == "SDDO Boston"
    FIGURES.append(f"SQLite {name}: board read-only with the reason, save refused with the "
                   "typing kept, editable again and saved once mended")


def test_a_replaced_file_is_refused_until_the_board_restarts(
        desk: Desk, db_path: Path) -> None:
    """A file restored under a running board would take no saves, or lose them silently."""
    desk.detainers.log(workers.new_form("D26-60003", NOW), OFFICER)
    check = WriteCheck(desk.db.engine)  # as the board's watch, made at start-up
    assert check.problem() is None
    shutil.copy(db_path, db_path.with_name("copy.sqlite3"))
    db_path.unlink()
    db_path.with_name("copy.sqlite3").rename(db_path)
    assert "was replaced by another file" in (check.problem() or "")
    with pytest.raises(StorageError, match="was replaced by another file"):
        desk.detainers.log(workers.new_form("D26-60004", NOW), OFFICER)


def _mount_tmpfs(folder: Path, megabytes: int) -> bool:
    """Mount a small RAM disk at `folder`; False where this account may not mount."""
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs",
                           str(folder)], capture_output=True, check=False)
    return done.returncode == 0


@contextmanager
def _board_typing_a_notice(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, path: Path,
                           number: str) -> Iterator[tuple[Desk, MainWindow, EroNoticeDialog]]:
    """The start of each storage failure below: the board on a new database at `path`
    with detainer `number` on it, writable, and an ERO notice typed but not saved; the
    desk is closed at the end."""
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    desk = open_desk(f"sqlite:///{path}", FixedTime(NOW), "pittsfield-413")
    try:
        desk.detainers.log(workers.new_form(number, NOW), OFFICER)
        window = MainWindow(desk, SUPERVISOR, None)
        qtbot.addWidget(window)
        window.timer.stop()
        window.show()
        _checked(qtbot, window, read_only=False)
        yield desk, window, _typed_notice(qtbot, window, desk)
    finally:
        desk.db.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB RAM disk, unmounted afterwards (skipped where mounting is not allowed)."""
    folder = tmp_path / "small-disk"
    if not _mount_tmpfs(folder, 16):
        pytest.skip("mounting a RAM disk needs root with the mount capability")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_really_full_disk(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                            small_disk: Path) -> None:
    """A full disk would show as a crash, or the board would offer saves that fail."""
    path = small_disk / "detainers.sqlite3"
    with _board_typing_a_notice(qtbot, monkeypatch, path, "D26-60005") as (_, window, dialog):
        filler = small_disk / "filler"
        with filler.open("wb") as stream:  # fill the disk to the last block
            try:
                while True:
                    stream.write(b"\0" * 65536)
                    stream.flush()
            except OSError:
                pass
        _checked(qtbot, window, read_only=True)
        assert f"is full (less than {MIN_FREE_BYTES // 2**20} MB free)" in \
            window.board.banner.text()
        dialog.ok_button.click()
        assert dialog.isVisible() and dialog.result_snapshot is None
        assert "full" in dialog.error_label.text(), dialog.error_label.text()
        assert dialog.message_edit.toPlainText() == SAID
        filler.unlink()
        _checked(qtbot, window, read_only=False)
        dialog.ok_button.click()
        assert dialog.result_snapshot is not None, dialog.error_label.text()
        window.close()
    assert _stored_elsewhere(path) == "SDDO Boston"
    FIGURES.append("a really full disk (16 MB RAM disk): board read-only, save refused with "
                   "the typing kept, saved once space was freed")


def _remount(folder: Path, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", "-o", f"remount,bind,{mode}", str(folder)],
                          capture_output=True, text=True, check=False)


@pytest.fixture
def share(tmp_path: Path) -> Iterator[Path]:
    """A folder bind-mounted onto itself, so that it can be made a read-only filesystem
    (as IT remounting a drive read-only) and writable again; unmounted afterwards.
    Skipped, with the reason, only where this account may not mount."""
    folder = tmp_path / "share"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip(f"a read-only mount needs root (running as uid {os.geteuid()})")
    if shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")
    done = subprocess.run(["mount", "--bind", str(folder), str(folder)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"mounting is not permitted here: {done.stderr.strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def _make_read_only(qtbot: QtBot, window: MainWindow, desk: Desk, folder: Path) -> None:
    """Remount the share read-only. The kernel refuses while a file on it is open for
    writing, so the board's connections are closed first, as between two saves; the
    board opens new ones by itself (and finds the drive read-only)."""
    window.live.stop()
    for _attempt in range(50):
        desk.db.engine.dispose()
        qtbot.wait(100)  # a connection closing in the background
        done = _remount(folder, "ro")
        if done.returncode == 0:
            break
    assert done.returncode == 0, done.stderr
    window.live.start()


def test_a_read_only_mount(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                           share: Path) -> None:
    """A drive remounted read-only: every open of the file fails, and the raw driver
    error ("unable to open database file") reached the person as the crash dialog."""
    path = share / "detainers.sqlite3"
    with _board_typing_a_notice(qtbot, monkeypatch, path, "D26-60006") as (desk, window, dialog):
        before = dumper(desk)()

        _make_read_only(qtbot, window, desk, share)
        assert os.statvfs(share).f_flag & os.ST_RDONLY
        _checked(qtbot, window, read_only=True)
        # The live updates may find the file unopenable before the storage watch's own
        # check answers (off the GUI thread); the banner then names the file once it has.
        qtbot.waitUntil(lambda: "is read-only for this workstation"
                        in window.board.banner.text(), timeout=15_000)
        banner = window.board.banner.text()
        assert "Nothing typed is lost" in banner and "server" not in banner, banner
        assert not window.new_action.isEnabled()
        assert not any(action.isEnabled() for action in window.detainer_actions)
        dialog.ok_button.click()
        assert dialog.isVisible() and dialog.result_snapshot is None
        refusal = dialog.error_label.text()
        assert refusal.startswith("The database file cannot be written"), refusal
        assert "nothing was saved" in refusal
        assert dialog.contact_edit.text() == "SDDO Boston"
        assert dialog.message_edit.toPlainText() == SAID
        with pytest.raises(StorageError, match="The database file cannot be written"):
            desk.detainers.log(workers.new_form("D26-60007", NOW), OFFICER)

        assert _remount(share, "rw").returncode == 0
        _checked(qtbot, window, read_only=False)
        assert window.new_action.isEnabled() and not window.board.banner.isVisible()
        assert dumper(desk)() == before, "something changed while the drive was read-only"
        dialog.ok_button.click()
        assert dialog.result_snapshot is not None, dialog.error_label.text()
        window.close()
    assert _stored_elsewhere(path) == "SDDO Boston"
    FIGURES.append("a read-only mount (bind mount remounted ro): board read-only, save "
                   "refused in words with the typing kept, nothing changed, saved once "
                   "writable again")
