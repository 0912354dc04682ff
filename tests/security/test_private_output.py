"""Printing and viewing use a private folder that is removed afterwards (issue 13,
finding 7: the handoff sheet went to a shared /tmp/detainer-desk that another account
could plant a link in, and scans stayed there, readable, forever)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from desk_app.records.atomic_file import OutputFileError, write_replacing
from desk_app.records.private_output import private_output_folder, remove_private_output


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and links")
def test_the_folder_is_private_and_cannot_be_planted(tmp_path: Path) -> None:
    """A link planted where the old shared folder was must change nothing."""
    shared = Path(tempfile.gettempdir()) / "detainer-desk"
    folder = private_output_folder()
    assert folder != shared and folder.parent == Path(tempfile.gettempdir())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    victim = tmp_path / "victim.txt"
    victim.write_text("mode-600 file\n")
    victim.chmod(0o600)
    target = folder / "handoff-2026-11-25-1500.pdf"
    write_replacing(target, lambda temporary: temporary.write_bytes(b"%PDF-1.4 sheet"))
    assert target.read_bytes() == b"%PDF-1.4 sheet"
    assert victim.read_text() == "mode-600 file\n"


def test_everything_printed_is_removed_at_the_end() -> None:
    """Scans and sheets opened for viewing must not outlive the program."""
    folder = private_output_folder()
    (folder / "scan-D26-0001.pdf").write_bytes(b"%PDF-1.4 scan")
    remove_private_output()
    assert not folder.exists()
    assert private_output_folder() != folder  # a new one when needed again


def test_the_program_removes_it_when_it_ends() -> None:
    """A program that printed and then quit leaves no folder behind."""
    script = ("from desk_app.records.private_output import private_output_folder\n"
              "folder = private_output_folder()\n"
              "(folder / 'record-D26-0001.pdf').write_bytes(b'%PDF-1.4')\n"
              "print(folder)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=120)
    folder = Path(done.stdout.strip())
    assert folder.name.startswith("detainer-desk-") and not folder.exists()


@pytest.mark.skipif(os.name != "posix", reason="FIFOs: POSIX")
def test_a_device_or_pipe_is_never_replaced(tmp_path: Path) -> None:
    """Saving "to /dev/null" as root replaced the device with a file; a pipe stands in
    for the device here (making one needs no root)."""
    pipe = tmp_path / "tracking.csv"
    os.mkfifo(pipe)
    with pytest.raises(OutputFileError, match="is a device or a pipe, not a file"):
        write_replacing(pipe, lambda temporary: temporary.write_text("sheet"))
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["tracking.csv"]  # no temporary left
