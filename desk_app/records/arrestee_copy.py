"""The arrestee's copy: a plain-words cover sheet, then the detainer exactly as received.

Policy 413 §IV.A.3(h) (and ICE's own guidance) says the arrestee is always given a copy
of the detainer. The cover says what the paper is, when it was served and by whom, and
has room for the officer's signature and the arrestee's acknowledgement. Behind it
come the stored scans: a PDF's own pages untouched, an image (PNG, JPEG, or each page of
a multi-page fax TIFF) scaled onto its own Letter page. With no scan stored, the cover
says so plainly, so that nobody hands over a cover sheet without the detainer.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageSequence
from pypdf import PdfReader, PdfWriter
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from desk_app.domain.detainer import AttachmentInfo
from desk_app.domain.instants import format_instant
from desk_app.domain.printed_record import PrintedRecord
from desk_app.domain.vocabulary import FormType
from desk_app.records.fonts import REGULAR, desk_fonts
from desk_app.records.pdf_layout import (
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    PAGE_SIZE,
    PageDecor,
    Writer,
    build_pdf,
    department_name,
    draw_decor,
    format_date,
    table_style,
)
from desk_app.records.scan_check import ScanRefusedError, check_scan

log = logging.getLogger(__name__)

PDF_TYPES = {"application/pdf"}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/jpg", "image/tiff", "image/tif"}


@dataclass(frozen=True)
class _Scan:
    """One stored attachment, read and sorted into what can go in the packet."""

    info: AttachmentInfo
    pdf: PdfReader | None = None
    frames: tuple[Image.Image, ...] = ()
    problem: str = ""

    @property
    def pages(self) -> int:
        """How many pages it adds behind the cover."""
        if self.pdf is not None:
            return len(self.pdf.pages)
        return len(self.frames)


def render_arrestee_copy(record: PrintedRecord, out: Path) -> Path:
    """Write the cover sheet and the scanned detainer to `out` (a PDF); return the path;
    `record` (desk.printouts.arrestee_copy) holds everything it prints.

    The cover names the officer recorded as serving the copy, never whoever prints it;
    before the copy is served the name is left for the serving officer to write in."""
    detainer = record.detainer
    scans = [_read_scan(scan.info, scan.content) for scan in record.scans]
    pages_after = sum(scan.pages for scan in scans)
    decor = PageDecor(department=department_name(record.municipality),
                      document=f"Arrestee copy · {detainer.form_type} "
                               f"{detainer.detainer_number}",
                      printed=f"Printed by {record.printed_by} at "
                              f"{format_instant(record.printed_at, record.zone)}")
    cover_pages = 1  # the cover is one page unless a very long name or note pushes it on
    for _attempt in range(3):  # the cover lists page numbers: lay out until they agree
        cover = io.BytesIO()
        story = _Cover(record, scans, cover_pages).story()
        built = build_pdf(cover, decor, story, pages_after=pages_after,
                          title=f"Arrestee copy {detainer.detainer_number}")
        if built == cover_pages:
            break
        cover_pages = built
    writer = PdfWriter()
    writer.append(PdfReader(cover))
    page = cover_pages
    total = cover_pages + pages_after
    for scan in scans:
        if scan.pdf is not None:
            writer.append(scan.pdf)
        elif scan.frames:
            writer.append(PdfReader(_image_pages(scan, decor, page, total)))
        page += scan.pages
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as stream:
        writer.write(stream)
    log.info("arrestee copy of detainer %s written to %s (%d pages)",
             detainer.detainer_number, out, total)
    return out


def _kind(info: AttachmentInfo, content: bytes) -> str:
    """"pdf", "image" or "": by the stored media type, else by the file's first bytes."""
    media = info.media_type.lower().split(";")[0].strip()
    if media in PDF_TYPES or content.startswith(b"%PDF"):
        return "pdf"
    if media in IMAGE_TYPES or content[:4] in (b"\x89PNG", b"II*\x00", b"MM\x00*") \
            or content[:3] == b"\xff\xd8\xff":
        return "image"
    return ""


def _read_scan(info: AttachmentInfo, content: bytes) -> _Scan:
    """Open one attachment; a file that cannot be read is named on the cover instead."""
    kind = _kind(info, content)
    try:
        if kind == "pdf":
            reader = PdfReader(io.BytesIO(content))
            if reader.is_encrypted and not reader.decrypt(""):
                return _Scan(info, problem="the PDF is password-protected")
            if not reader.pages:
                return _Scan(info, problem="the PDF has no pages")
            return _Scan(info, pdf=_copied_whole(reader))
        if kind == "image":
            try:  # pages and pixels read from the headers before anything is decoded
                check_scan(info.file_name, info.media_type, content)
            except ScanRefusedError as refused:
                return _Scan(info, problem=str(refused))
            image = Image.open(io.BytesIO(content))
            frames = tuple(_printable(frame) for frame in ImageSequence.Iterator(image))
            return _Scan(info, frames=frames)
    except Exception as exc:  # noqa: BLE001 - whatever a parser raises on a damaged file
        log.warning("attachment %s (%s) cannot be read: %r", info.id, info.file_name, exc)
        return _Scan(info, problem="the file cannot be read")
    return _Scan(info, problem=f"a {info.media_type or 'file'} cannot be printed here")


def _copied_whole(reader: PdfReader) -> PdfReader:
    """The PDF copied page by page now, so that damage deep in the file is found here
    (and named on the cover) rather than half-way through writing the copy."""
    probe = PdfWriter()
    probe.append(reader)
    buffer = io.BytesIO()
    probe.write(buffer)
    buffer.seek(0)
    return PdfReader(buffer)


def _printable(frame: Image.Image) -> Image.Image:
    """A copy of one image frame in a mode every PDF viewer shows (fax TIFFs are 1-bit)."""
    if frame.mode in ("RGB", "L"):
        return frame.copy()
    if frame.mode in ("1", "I;16", "I", "F"):
        return frame.convert("L")
    return frame.convert("RGB")


def _image_pages(scan: _Scan, decor: PageDecor, before: int, total: int) -> io.BytesIO:
    """Each frame of a scanned image scaled onto its own Letter page, numbered."""
    fonts = desk_fonts()
    buffer = io.BytesIO()
    # types-reportlab declares initialFontName a float; reportlab takes the font's name
    canvas = Canvas(buffer, pagesize=PAGE_SIZE,
                    initialFontName=REGULAR)  # type: ignore[arg-type]
    width, height = PAGE_SIZE
    box_w, box_h = width - 2 * MARGIN, height - 2 * MARGIN - 40
    for number, frame in enumerate(scan.frames, start=1):
        scale = min(box_w / frame.width, box_h / frame.height)
        w, h = frame.width * scale, frame.height * scale
        x, y = (width - w) / 2, MARGIN + 24 + (box_h - h) / 2
        canvas.drawImage(ImageReader(frame), x, y, w, h)
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.3)
        canvas.rect(x, y, w, h)
        canvas.setFillColor(MUTED)
        fonts.draw(canvas, width / 2, MARGIN + 6,
                   f"Scanned detainer: {scan.info.file_name}, image {number} of "
                   f"{len(scan.frames)} (SHA-256 {scan.info.sha256[:16]}…)", 7.5,
                   align="centre")
        draw_decor(canvas, decor, before + number, total)
        canvas.showPage()
    canvas.save()
    buffer.seek(0)
    return buffer


class _Cover:
    """The cover sheet: what this is, who it concerns, service, signatures."""

    def __init__(self, record: PrintedRecord, scans: list[_Scan], cover_pages: int) -> None:
        self.record = record
        self.d = detainer = record.detainer
        self.served_by = detainer.copy_served_by if detainer.copy_served_at else ""
        self.scans = scans
        self.cover_pages = cover_pages
        self.w = Writer()

    def story(self) -> list[Flowable]:
        """The cover, top to bottom."""
        w = self.w
        return [w.para("Copy of an immigration detainer", w.styles.title, bold=True),
                w.para("Keep this copy. It is yours.", w.styles.subtitle),
                *self.what_it_is(), w.heading("About you"), self.details(),
                *self.contents(), *self.signatures()]

    def what_it_is(self) -> list[Flowable]:
        """Plain words: a request from DHS-ICE, what it asks, and the local rule."""
        d, w, profile = self.d, self.w, self.record.profile
        dept = department_name(self.record.municipality)
        if d.form_type.is_administrative_warrant:
            kind = (f"an administrative warrant (Form {d.form_type}) from the U.S. Department "
                    "of Homeland Security, Immigration and Customs Enforcement (DHS-ICE). "
                    "It is signed by an immigration officer, not by a judge.")
        elif d.form_type is FormType.NOTIFICATION_REQUEST:
            kind = ("a request for notification from the U.S. Department of Homeland "
                    "Security, Immigration and Customs Enforcement (DHS-ICE). It asks to be "
                    "told when you are released. It does not ask that you be held.")
        else:
            kind = (f"a request (Form {d.form_type}, an immigration detainer) from the U.S. "
                    "Department of Homeland Security, Immigration and Customs Enforcement "
                    "(DHS-ICE). It was not issued by a court and it is not a criminal "
                    "charge.")
        asks = [text for ticked, text in (
            (d.request_notify, f"that the {dept} tell ICE before you are released"),
            (d.request_hold, "that you be kept in custody for up to 48 hours after you "
                             "would otherwise be released, not counting Saturdays, Sundays "
                             "and holidays, so that ICE can take custody of you"),
            (d.request_serve_copy, "that you be given a copy of it")) if ticked]
        story: list[Flowable] = [w.heading("What this document is"),
                                 w.para(f"This is {kind}")]
        if asks and d.form_type is not FormType.NOTIFICATION_REQUEST:
            story += [w.gap(4), w.para("ICE asks " + "; ".join(asks) + ".")]
        ruling = profile.hold(profile.local_day(d.received_at))
        rule = ("may" if ruling.permits else "may not")
        story += [w.gap(4), w.para(
            f"Under the law that applies to the {dept}, a person {rule} be kept in custody "
            f"on this request alone ({ruling.citation}).")]
        return story

    def details(self) -> Table:
        """Who the detainer names and when it reached the department and was served."""
        d = self.d
        zone = self.record.zone
        served = (format_date(d.copy_served_at.astimezone(zone).date())
                  if d.copy_served_at else "to be written in by the serving officer below")
        rows = [("Name on the detainer", d.subject_name),
                ("Date of birth", format_date(d.date_of_birth)),
                ("Form", f"{d.form_type}, number {d.detainer_number}"),
                ("Case number", d.case_number),
                ("Received by the department", format_instant(d.received_at, zone)),
                ("Date served on you", served),
                ("Department", department_name(self.record.municipality)),
                ("Served by", self.served_by
                 or "to be written in by the serving officer below")]
        return self.w.fields(rows, pairs_per_row=1, label_width=2.0 * inch)

    def contents(self) -> list[Flowable]:
        """What follows the cover, or a plain warning that the scan is missing."""
        w = self.w
        printable = [s for s in self.scans if s.pages]
        story: list[Flowable] = [w.heading("The detainer itself")]
        if printable:
            story.append(w.para("The pages after this cover are the detainer as the "
                                "department received it:"))
            first = self.cover_pages + 1
            for scan in printable:
                last = first + scan.pages - 1
                pages = f"page {first}" if first == last else f"pages {first}–{last}"
                story.append(w.para(f"•  {pages}: {scan.info.file_name} "
                                    f"(SHA-256 {scan.info.sha256[:16]}…)"))
                first = last + 1
        for scan in self.scans:
            if not scan.pages:
                story.append(w.para(f"•  {scan.info.file_name} is NOT included: "
                                    f"{scan.problem}.", bold=True))
        if not printable:
            story += [w.gap(2), w.para(
                "The scanned detainer is NOT attached to this copy. Photocopy the original "
                "detainer and staple the copy behind this cover sheet before it is given "
                "to the arrestee.", bold=True)]
        return story

    def signatures(self) -> list[Flowable]:
        """Lines for the serving officer and for the arrestee's acknowledgement."""
        w = self.w
        line = "_" * 44
        short = "_" * 20

        def block(title: str, who: str) -> Table:
            rows: list[list[Flowable | str]] = [
                    [w.para(title, w.styles.cell, bold=True), ""],
                    [w.para(line), w.para(short)],
                    [w.para(who, w.styles.note), w.para("Date", w.styles.note)]]
            table = Table(rows, colWidths=[CONTENT_WIDTH * 0.62, CONTENT_WIDTH * 0.38],
                          hAlign="LEFT")
            table.setStyle(table_style([("SPAN", (0, 0), (1, 0)),
                                        ("TOPPADDING", (0, 1), (-1, 1), 18),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            return table

        return [w.heading("Service"),
                block("Served by the officer",
                      f"Signature of {self.served_by}" if self.served_by
                      else "Name and signature of the serving officer"),
                w.gap(8),
                block("Acknowledgement: I received a copy of this document.",
                      f"Signature of {self.d.subject_name}"),
                w.gap(6),
                w.para("☐ The arrestee refused to sign.   Officer's initials: ______   "
                       "Language / interpreter used: ____________________",
                       w.styles.note)]
