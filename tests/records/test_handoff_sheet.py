"""The printed shift handoff: names in every script, both signatures, at most two pages.

A busy desk is built the way it happens: twelve detainers logged over two days (the
clock moves to each receipt), steps done here and there, a bail decision and a bail
posted during the ending shift, two handoff notes. Text is read back with pypdf and
compared after NFKC normalisation and whitespace collapsing, as in test_record_pdfs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, FormType, Role
from desk_app.records.handoff_sheet import render_handoff_sheet
from desk_app.records.sync import ExportJob, RecordsSync, handoff_renderer
from desk_app.store.desk import Desk, open_desk
from desk_app.store.handoff_service import HandoffService
from desk_app.store.outbox_models import ExportKind
from desk_app.store.people_service import PeopleService

OFFICER = Actor("Ofc. D. Reyes", Role.DESK_OFFICER)
SERGEANT = Actor("Sgt. M. Kim", Role.SUPERVISOR)
# Wed 25 Nov 2026 14:00 EST: the day shift hands over to the 15:00-23:00 shift.
NOW = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
NAMES = ["José Ñúñez", "Nguyễn Thị Minh Khai", "محمد عبد الله", "Ольга Петрова", "王小明",
         "山田太郎", "김민준", "Mary-Kate O'Sullivan-Fitzgerald",
         "Ana Lúcia Gonçalves da Silva", "Oluwaseun Adebayo", "Dmitri Ivanovich Sokolov",
         "Li Wei"]
LONG_NOTE = ("Court is closed Thursday (Thanksgiving): arraignment Friday 09:00 in "
             "Central District Court. Call ERO at once if bail is set; the family has "
             "asked twice about visiting hours.")


def text_of(path: Path) -> str:
    """The whole document's text as a reader sees it: NFKC, whitespace collapsed."""
    pages = [page.extract_text() or "" for page in PdfReader(path).pages]
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", " ".join(pages)))


@pytest.fixture
def clock() -> FixedTime:
    """The desk's clock; moved to each event as the scenario is built."""
    return FixedTime(NOW)


@pytest.fixture
def desk(tmp_path: Path, clock: FixedTime) -> Iterator[Desk]:
    """A Pittsfield desk with a dozen active detainers and two supervisors."""
    opened = open_desk(f"sqlite:///{tmp_path}/t.sqlite3", clock)
    people = PeopleService(opened.db, clock, opened.zone)
    admin = people.first_administrator("admin", "Lt. A. Okafor", "admin-pass-phrase")
    people.add("jlee", "Sgt. J. Lee", Role.SUPERVISOR, "lee-pass-phrase", admin)
    ids = []
    for i, name in enumerate(NAMES):
        received = NOW - timedelta(hours=3 + 4 * i)
        clock.set(received + timedelta(minutes=4))
        form = DetainerForm(f"D26-{i + 1:04d}", FormType.I_247A, f"26-{100 + i}-AR", name,
                            received)
        detainer = opened.detainers.log(form, OFFICER)
        ids.append(detainer.id)
        for step in detainer.steps[: (i % 5) * 2]:
            if step.due_at is not None:
                opened.custody.complete_step(detainer.id, step.step_id, OFFICER)
    clock.set(NOW - timedelta(hours=1))
    opened.custody.record_bail_decision(ids[2], BailDecision.MONETARY_BAIL, OFFICER,
                                        amount="$500")
    opened.custody.record_bail_posted(ids[2], OFFICER)
    opened.custody.record_bail_decision(ids[5], BailDecision.HELD_UNTIL_COURT, OFFICER)
    clock.set(NOW)
    service = HandoffService(opened, people)
    service.set_note(ids[0], LONG_NOTE, SERGEANT)
    service.set_note(ids[2], "Bail posted: ERO must be told before release.", SERGEANT)
    yield opened
    opened.db.close()


@pytest.fixture
def handoffs(desk: Desk) -> HandoffService:
    """The handoff service of the busy desk."""
    return HandoffService(desk)


@pytest.fixture
def signed_id(handoffs: HandoffService) -> int:
    """The handoff signed out by Sgt. Kim and in by Sgt. Lee."""
    out = handoffs.sign_outgoing(SERGEANT)
    return handoffs.sign_incoming(out.id, "jlee", "lee-pass-phrase").id


def test_signed_sheet_shows_names_notes_and_both_signatures(
        desk: Desk, signed_id: int, tmp_path: Path) -> None:
    """A name would print mangled, a note vanish, or a signature be missing."""
    out = tmp_path / "handoff.pdf"
    pages = render_handoff_sheet(desk.reports.handoff_sheet(signed_id, "Sgt. J. Lee"), out)
    text = text_of(out)
    for name in NAMES:
        assert name in text, name
    assert "Court is closed Thursday (Thanksgiving)" in text
    assert "Signed electronically by Sgt. M. Kim, supervisor" in text
    assert "Sgt. J. Lee (jlee), supervisor" in text
    assert "Incoming shift Wed 25 Nov 15:00–23:00" in text
    assert "ending shift Wed 25 Nov 07:00–15:00" in text
    assert "DRAFT" not in text
    assert HandoffService(desk).get(signed_id).content_sha256 in text.replace(" ", "")
    assert pages == len(PdfReader(out).pages)


def test_a_dozen_detainers_fit_on_two_pages(desk: Desk, signed_id: int,
                                            tmp_path: Path) -> None:
    """The incoming supervisor would be handed a third page that nobody reads."""
    out = tmp_path / "handoff.pdf"
    assert render_handoff_sheet(desk.reports.handoff_sheet(signed_id, "Sgt. J. Lee"), out) <= 2
    text = text_of(out)
    assert "Active detainers (12)" in text
    assert "Page 1 of 2" in text or "Page 1 of 1" in text


def test_sections_carry_the_figures(desk: Desk, signed_id: int, tmp_path: Path) -> None:
    """The ERO notice owed, the bail posted or what expires tonight would be missing."""
    out = tmp_path / "handoff.pdf"
    render_handoff_sheet(desk.reports.handoff_sheet(signed_id, "Sgt. J. Lee"), out)
    text = text_of(out)
    assert "ICE ERO notifications still owed" in text
    assert "monetary bail" in text
    assert "Release-eligible and still in custody" in text
    # Lunn: the sheet must never tell the incoming shift that the hold is permitted.
    assert "RELEASE DUE. Holding on the detainer alone is NOT permitted" in text
    assert "superseded by Lunn v. Commonwealth (2017)" in text
    assert "is permitted:" not in text
    assert "Left (wall clock)" in text
    assert "Detainer expires (48 hours counted)" in text
    assert "D26-0012" in text and "Bail posted" in text
    assert "Open checklist steps" in text and "OPEN" in text


def test_draft_prints_as_a_draft(desk: Desk, handoffs: HandoffService,
                                 tmp_path: Path) -> None:
    """An unsigned handoff could be filed as if it had been signed."""
    out = tmp_path / "draft.pdf"
    render_handoff_sheet(desk.reports.handoff_draft(handoffs.preview(), "Sgt. M. Kim"), out)
    text = text_of(out)
    assert "DRAFT: not signed" in text
    assert text.count("not signed") >= 3  # the banner and both signature lines


def test_reprint_is_the_signed_content_not_today(desk: Desk, clock: FixedTime,
                                                 signed_id: int, tmp_path: Path) -> None:
    """A reprint next week would show next week's board instead of what was signed."""
    desk.custody.record_bail_decision(1, BailDecision.PERSONAL_RECOGNIZANCE, OFFICER)
    clock.advance(timedelta(days=7))
    out = tmp_path / "reprint.pdf"
    render_handoff_sheet(desk.reports.handoff_sheet(signed_id, "Records"), out)
    text = text_of(out)
    assert "Incoming shift Wed 25 Nov 15:00–23:00" in text
    assert "personal recognizance" not in text


def test_renderer_writes_the_sheet_to_the_records_folder(desk: Desk, handoffs: HandoffService,
                                                         tmp_path: Path) -> None:
    """The queued handoff would wait forever, or the file would not be a PDF."""
    desk.ctx.exports = True
    out = handoffs.sign_outgoing(SERGEANT)
    handoffs.sign_incoming(out.id, "jlee", "lee-pass-phrase")
    data = handoff_renderer(desk)(ExportJob(ExportKind.HANDOFF, "h.pdf", None, str(out.id)))
    assert data.startswith(b"%PDF")
    folder = tmp_path / "records"
    folder.mkdir()
    result = RecordsSync(desk, folder, {ExportKind.HANDOFF: handoff_renderer(desk)}).run_once()
    assert result.errors == ()
    written = folder / "handoff-2026-11-25-1500.pdf"
    assert "Sgt. J. Lee (jlee)" in text_of(written)


def test_renderer_refuses_a_job_without_a_handoff(desk: Desk) -> None:
    """A malformed queue item would print some other shift's handoff."""
    with pytest.raises(ValueError, match="names no handoff"):
        handoff_renderer(desk)(ExportJob(ExportKind.HANDOFF, "h.pdf", None, ""))
