"""`desk-app counts FILE --facility CODE`: ICE's count beside the desk's, month by month."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.cli import main
from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.ice_counts import month_by_month
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.store.desk import open_desk
from desk_app.store.models import AuditEntry
from tests.cli_people import add_person, signed_main


def test_months_without_records_are_counted_as_zero() -> None:
    months = month_by_month([date(2025, 11, 3), date(2026, 1, 9), date(2026, 1, 20)],
                            [date(2026, 1, 10), date(2025, 6, 1)])
    assert [(m.month, m.ice_sent, m.desk_logged, m.missing) for m in months] == [
        ("2025-11", 1, 0, 1), ("2025-12", 0, 0, 0), ("2026-01", 2, 1, 1)]


def test_counts_compare_ice_records_with_the_desk(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    desk = open_desk(url, FixedTime(datetime(2026, 1, 12, 16, tzinfo=UTC)))
    officer = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
    desk.detainers.log(DetainerForm(detainer_number="D26-0001", form_type=FormType.I_247A,
                                    case_number="26-1-AR", subject_name="Ana Silva",
                                    received_at=datetime(2026, 1, 12, 15, tzinfo=UTC)),
                       officer)
    desk.db.close()
    add_person(url, "lopez", Role.ANALYST, "lopez-password-1")
    table = tmp_path / "detainers.csv"
    table.write_text("detainer_prepare_date,detention_facility_code,detainer_type\n"
                     "2026-01-10,PITTSMA,I-247A\n2026-01-11 08:00:00,PITTSMA,I-247A\n"
                     "2026-01-11,BOSTNMA,I-247A\n02/03/2026,PITTSMA,I-247A\n",
                     encoding="utf-8")
    # The desk's detainers are read only by someone who may see reports, and audited.
    assert main(["counts", str(table), "--facility", "PITTSMA", "--db", url]) == 2
    assert "--user" in capsys.readouterr().err
    assert signed_main(["counts", str(table), "--facility", "PITTSMA", "--db", url,
                        "--json"], "lopez", "lopez-password-1") == 0
    assert json.loads(capsys.readouterr().out) == [
        {"month": "2026-01", "ice_sent": 2, "desk_logged": 1, "missing": 1},
        {"month": "2026-02", "ice_sent": 1, "desk_logged": 0, "missing": 1}]
    assert signed_main(["counts", str(table), "--facility", "pittsma", "--db", url],
                       "lopez", "lopez-password-1") == 0
    assert capsys.readouterr().out.splitlines()[-1].split() == ["total", "3", "1", "2"]
    desk = open_desk(url)
    try:
        with desk.db.sessions() as session:
            reads = session.execute(select(AuditEntry.actor, AuditEntry.summary).where(
                AuditEntry.action == "report viewed")).all()
    finally:
        desk.db.close()
    assert reads == [("Lopez", f"Report viewed: ICE detainer counts for {code}")
                     for code in ("PITTSMA", "pittsma")]


def test_a_table_without_the_columns_is_refused_in_a_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "other.csv"
    table.write_text("name,when\nx,2026-01-01\n", encoding="utf-8")
    assert main(["counts", str(table), "--facility", "X",
                 "--db", f"sqlite:///{tmp_path / 'd.sqlite3'}"]) == 2
    assert "has no column whose name holds 'prepare' and 'date'" in capsys.readouterr().err
