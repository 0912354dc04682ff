"""Scans that are not what they claim: refused when picked, named when printed.

`load_scan` (the form's "Attach scan…") must refuse any file that is not a PDF, PNG,
JPEG or TIFF of at most 25 MB with a sentence naming the file; the service must store
an attachment or refuse it with a DeskError naming the field, changing nothing; and
the arrestee's copy must be printed even when a stored "PDF" is corrupt, saying on the
cover that the scan could not be read, never stopping on a traceback.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from desk_app.domain.errors import DeskError, InvalidFieldsError
from desk_app.gui.scan_picker import SCAN_KINDS, ScanRefusedError, load_scan
from desk_app.records.arrestee_copy import render_arrestee_copy
from desk_app.store.desk import Desk
from tests.reliability import workers
from tests.reliability.conftest import OFFICER, Dump, dumper
from tests.reliability.soak import examples

_names = iter(range(10**9))


def small_pdf(pages: int = 2) -> bytes:
    """A real, tiny PDF (as a scanner would make, minus the picture)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for page in range(pages):
        canvas.drawString(72, 720, f"U.S. Department of Homeland Security, page {page + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


PDF = small_pdf()
SIGNATURES = [s for _, _, sigs in SCAN_KINDS.values() for s in sigs]


@st.composite
def corrupt_pdfs(draw: st.DrawFn) -> bytes:
    """A real PDF truncated, bit-flipped, cut, padded or with its numbers changed."""
    data = bytearray(PDF)
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(st.sampled_from(["truncate", "flip", "cut", "junk", "numbers", "key"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if edit == "truncate":
            del data[max(at, 8):]
        elif edit == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "cut":
            del data[at:at + draw(st.integers(1, 200))]
        elif edit == "junk":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif edit == "numbers":
            data = bytearray(bytes(data).replace(
                draw(st.sampled_from([b"/Count 2", b"/Length", b" 0 obj", b" 0 R", b"xref"])),
                draw(st.sampled_from([b"/Count 999999999", b"/Length 99999999", b" 9 obj",
                                      b" 1 R", b"", b"xref\n0 999999999"])), 1))
        else:
            data = bytearray(bytes(data).replace(
                draw(st.sampled_from([b"/Type /Page", b"/Kids", b"/Root", b"/Pages"])),
                draw(st.sampled_from([b"/Type /Catalog", b"/Kids [1 0 R 1 0 R]", b"/Root 1 0 R",
                                      b"/Pages 3 0 R", b""])), 1))
    if not bytes(data).startswith(b"%PDF-"):
        data[0:0] = b"%PDF-1.4\n"
    return bytes(data)


@given(suffix=st.sampled_from([*SCAN_KINDS, ".PDF", ".exe", ".txt", "", ".pdf.exe"]),
       content=st.one_of(st.binary(max_size=200), st.sampled_from(SIGNATURES).flatmap(
           lambda sig: st.binary(max_size=100).map(lambda rest: sig + rest)),
           corrupt_pdfs()),
       stem=st.text(alphabet=st.characters(blacklist_characters="/\x00",
                                           blacklist_categories=("Cs",)),
                    min_size=1, max_size=40))
@examples(300, 3000)
def test_picking_any_file_as_scan_keeps_it_or_says_why(tmp_path: Path, suffix: str,
                                                       content: bytes, stem: str) -> None:
    """An odd file picked as the scan would crash the form."""
    path = tmp_path / f"{next(_names)}-{stem.strip('.') or 'x'}{suffix}"
    try:
        path.write_bytes(content)
    except OSError:  # a name the file system refuses (too long): nothing to pick
        return
    try:
        scan = load_scan(path)
    except ScanRefusedError as refused:
        assert path.name in str(refused)
        return
    assert scan.content == content and content.startswith(tuple(SIGNATURES))


def log_one(desk: Desk) -> int:
    """A detainer to attach scans to."""
    return desk.detainers.log(workers.new_form(f"ATT-{next(_names):05d}", desk.time.now()),
                              OFFICER).id


@given(name=st.text(max_size=300), media=st.text(max_size=120),
       content=st.binary(max_size=300))
@examples(150, 1500)
def test_service_stores_an_attachment_or_changes_nothing(
        desk: Desk, dump: Callable[[], Dump], name: str, media: str,
        content: bytes) -> None:
    """A scan with an odd name or type would be half stored, or raise a traceback."""
    attach_or_refuse(desk, dump, name, media, content)


@given(name=st.text(max_size=300), media=st.text(max_size=120),
       content=st.binary(max_size=300))
@examples(40, 400)
def test_service_on_postgresql_stores_or_changes_nothing(
        pg_desk: Desk, name: str, media: str, content: bytes) -> None:
    """On the shared server a 300-character file name would raise a database error."""
    attach_or_refuse(pg_desk, dumper(pg_desk), name, media, content)


def attach_or_refuse(desk: Desk, dump: Callable[[], Dump], name: str, media: str,
                     content: bytes) -> None:
    """Attach: stored with its size, or refused naming the field, nothing changed."""
    detainer_id = log_one(desk)
    before = dump()
    try:
        saved = desk.detainers.attach(detainer_id, name, media, content, OFFICER)
    except InvalidFieldsError as refused:
        assert {e.field for e in refused.errors} <= {"attachment"}
        assert dump() == before
        return
    (stored,) = saved.attachments
    assert (stored.file_name, stored.media_type, stored.size_bytes) == (name, media,
                                                                          len(content))


@given(content=corrupt_pdfs())
@examples(40, 1000)
def test_arrestee_copy_prints_even_with_a_corrupt_pdf(desk: Desk, tmp_path: Path,
                                                      content: bytes) -> None:
    """A damaged scan would stop the arrestee's copy from printing at all."""
    detainer_id = log_one(desk)
    desk.detainers.attach(detainer_id, "scan.pdf", "application/pdf", content, OFFICER)
    out = tmp_path / f"copy-{next(_names)}.pdf"
    try:
        render_arrestee_copy(desk.printouts.arrestee_copy(detainer_id, "Ofc. D. Reyes"), out)
    except DeskError:
        return
    reader = PdfReader(out)
    assert len(reader.pages) >= 1
    cover = reader.pages[0].extract_text()
    assert "Copy of an immigration detainer" in cover


@pytest.mark.parametrize("content", [b"%PDF-1.4\n", b"%PDF-" + b"\x00" * 1000,
                                     PDF[: len(PDF) // 2], PDF.replace(b"/Root", b"/Ruut")],
                         ids=["header-only", "zeros", "half", "no-root"])
def test_unreadable_scan_is_named_on_the_cover(desk: Desk, tmp_path: Path,
                                               content: bytes) -> None:
    """The officer would hand over a cover sheet believing the detainer is behind it."""
    detainer_id = log_one(desk)
    desk.detainers.attach(detainer_id, "fax 0412.pdf", "application/pdf", content, OFFICER)
    out = render_arrestee_copy(desk.printouts.arrestee_copy(detainer_id, "Ofc. D. Reyes"),
                               tmp_path / "copy.pdf")
    reader = PdfReader(out)
    text = " ".join(page.extract_text() for page in reader.pages)
    if len(reader.pages) == 1:
        assert "fax 0412.pdf" in text and "cannot be read" in text, text
