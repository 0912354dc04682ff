"""Exports, prints and reports replace the old file whole, or leave it as it was.

A worker exports the tracking sheet (or prints a record) over an existing good file in
a loop and is SIGKILLed at random moments: after every kill the file is a whole
export, never a fragment (a CSV cut at a row boundary looks complete, so the rows are
counted). A write that runs out of room (the file-size limit of the process, a real
EFBIG from the kernel), a refused name and a full disk leave the old file byte for
byte and say so.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import random
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk_app.domain.time_source import SystemTime
from desk_app.records.atomic_file import OutputFileError, write_replacing
from desk_app.store.demo import DEMO_PASSWORD, fill_demo
from desk_app.store.desk import Desk, open_desk
from tests.cli_people import add_person, signed_main
from tests.reliability import workers
from tests.reliability.conftest import FIGURES
from tests.reliability.soak import scale
from tests.reliability.test_crash import run_and_kill

KILLS = scale(16, 200)


def _whole_csv(path: Path, rows: int) -> bool:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return len(list(csv.reader(handle))) == rows + 1


def _whole_pdf(path: Path) -> bool:
    data = path.read_bytes()
    return data.rstrip().endswith(b"%%EOF") and len(PdfReader(path).pages) >= 1


@pytest.mark.parametrize("suffix", [".csv", ".pdf"])
def test_killed_export_leaves_a_whole_file(tmp_path: Path, suffix: str) -> None:
    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    desk = open_desk(url, SystemTime(), "pittsfield-413")
    closed = scale(30, 300)
    fill_demo(desk, closed_count=closed)
    rows = len(desk.detainers.active()) + closed
    desk.db.close()
    out = tmp_path / f"sheet{suffix}"
    first = tmp_path / "first.out"  # the good file that was there before the kills
    run_and_kill(workers.crash_export, url, str(out), str(first), 1, rng=random.Random(0),
                 report=first)
    assert out.is_file()
    rng = random.Random(14)
    exports = 0
    for kill in range(KILLS):
        report = tmp_path / f"export-{kill}.out"
        exports += len(run_and_kill(workers.crash_export, url, str(out), str(report), kill,
                                    rng=rng, report=report))
        assert out.is_file(), "the kill removed the old file"
        assert (_whole_csv(out, rows) if suffix == ".csv" else _whole_pdf(out)), \
            f"kill {kill} left a fragment ({out.stat().st_size} bytes)"
    assert exports > 0
    FIGURES.append(f"kill -9 mid {suffix} export: {KILLS} kills survived, {exports} whole "
                   "exports, never a fragment")


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_export_that_runs_out_of_room_keeps_the_old_sheet(desk: Desk, db_path: Path,
                                                          tmp_path: Path) -> None:
    fill_demo(desk, closed_count=300)  # a sheet of about 110 kB; its admin signs in
    desk.db.close()  # its write-ahead log folded in: the export's own sign-in writes one
    out = tmp_path / "sheet.csv"
    out.write_text("the old sheet, still needed\n", encoding="utf-8")
    old = hashlib.sha256(out.read_bytes()).hexdigest()
    script = ("import sys; from desk_app.cli import main; sys.exit(main(sys.argv[1:]))")
    # Opening the database reads it, maps a 32 kB index file and writes the sign-in's
    # audit entries to a small write-ahead log, so an 80 kB limit lets the desk open and
    # stops the sheet half-way.
    result = subprocess.run(
        [sys.executable, "-c", script, "--user", "admin", "export", "tracking", "--out",
         str(out), "--db", f"sqlite:///{db_path}"], capture_output=True, text=True,
        timeout=120, input=f"{DEMO_PASSWORD}\n",
        preexec_fn=lambda: _limit_file_size(80_000))
    assert result.returncode == 2, result.stderr
    assert "the disk is full" in result.stderr
    assert "the old sheet.csv is intact" in result.stderr
    assert "Traceback" not in result.stderr
    assert hashlib.sha256(out.read_bytes()).hexdigest() == old
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".sheet")) == []


def test_full_disk_and_refused_names_say_the_old_file_is_intact(tmp_path: Path) -> None:
    out = tmp_path / "Q3: 2026.pdf"
    out.write_bytes(b"old report")

    def fails(code: int) -> object:
        def write(temporary: Path) -> None:
            temporary.write_bytes(b"half a rep")
            raise OSError(code, "simulated")
        return write

    for code, words in ((errno.ENOSPC, "the disk is full"),
                        (errno.EINVAL, "the name is not allowed there")):
        with pytest.raises(OutputFileError) as refused:
            write_replacing(out, fails(code))
        assert words in str(refused.value)
        assert "the old Q3: 2026.pdf is intact" in str(refused.value)
        assert out.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["Q3: 2026.pdf"]
    with pytest.raises(OutputFileError, match="nothing was written"):
        write_replacing(tmp_path / "new.csv", fails(errno.ENOSPC))


def test_report_to_a_missing_folder_or_long_name_is_one_sentence(
        desk: Desk, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk.db.close()
    add_person(f"sqlite:///{db_path}")
    for out in (tmp_path / ("x" * 300 + ".csv"), tmp_path / "a-file" / "r.csv"):
        (tmp_path / "a-file").write_text("not a folder")
        status = signed_main(["report", "quarterly", "--year", "2026", "--quarter", "3",
                           "--out", str(out), "--db", f"sqlite:///{db_path}"])
        err = capsys.readouterr().err
        assert status == 2 and err.count("\n") == 1 and "Traceback" not in err, err
