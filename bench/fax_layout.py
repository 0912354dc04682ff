"""The layout and wording of the ICE forms as DHS publishes them, drawn with reportlab.

Form I-247A (3/17) page 1: the header with Subject ID, Event #, File No and Date, the TO
and FROM blocks, the subject's name, date of birth, citizenship and sex, Box 1 (probable
cause, four grounds with a box each), Box 2, the requests, the officer's name and
signature, and the notice to the law enforcement agency; then the notice to the
detainee. The older I-247D/N/X share the header and subject block under their own
titles; the I-200/I-205 warrants are drawn in their own short layout.
"""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

if TYPE_CHECKING:
    from bench.fax_forms import FaxValues

TOP = letter[1]
LEFT = 40.0
BOX = 8.0  # side of a checkbox, points

GROUND_TEXT = {
    "final_order": ["a final order of removal against the alien;"],
    "pending_proceedings": ["the pendency of ongoing removal proceedings against the alien;"],
    "biometric_match": [
        "biometric confirmation of the alien's identity and a records check of federal "
        "databases that affirmatively",
        "indicate, by themselves or in addition to other reliable information, that the "
        "alien either lacks immigration",
        "status or notwithstanding such status is removable under U.S. immigration law; "
        "and/or"],
    "statements": [
        "statements made by the alien to an immigration officer and/or other reliable "
        "evidence that affirmatively",
        "indicate the alien either lacks immigration status or notwithstanding such status "
        "is removable under U.S. law."],
}
REQUEST_TEXT = {
    "notify_death_transfer": "Notify this office in the event of the inmate's death, "
                             "hospitalization or transfer to another institution.",
    "on_conviction_only": "Consider this request for a detainer operative only upon the "
                          "subject's conviction of the offense.",
    "cancel_previous": "Cancel the detainer related to this alien previously submitted "
                       "to you on the date shown.",
}


def draw_form_pages(values: FaxValues, file_number: str, fax_header: str) -> bytes:
    """The PDF of the whole fax: the form page, then the notice page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter)
    canvas.setTitle(values.form)
    if values.form in ("I-200", "I-205"):
        _warrant_page(canvas, values, file_number, fax_header)
    else:
        _detainer_page(canvas, values, file_number, fax_header)
    canvas.showPage()
    _notice_page(canvas, values, fax_header.replace("P.001", "P.002"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _text(canvas: Canvas, x: float, top: float, text: str, size: float = 9,
          bold: bool = False, centred: bool = False) -> None:
    canvas.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    if centred:
        canvas.drawCentredString(x, TOP - top, text)
    else:
        canvas.drawString(x, TOP - top, text)


def _box(canvas: Canvas, x: float, top: float, marked: bool) -> None:
    """A checkbox whose bottom sits on the text line at `top`; an X typed in it if marked."""
    canvas.setLineWidth(0.8)
    canvas.rect(x, TOP - top - 1, BOX, BOX, stroke=1, fill=0)
    if marked:
        canvas.setLineWidth(1.3)
        canvas.line(x + 1.2, TOP - top, x + BOX - 1.2, TOP - top + BOX - 2)
        canvas.line(x + 1.2, TOP - top + BOX - 2, x + BOX - 1.2, TOP - top)


def _header(canvas: Canvas, values: FaxValues, file_number: str, fax_header: str) -> None:
    if fax_header:
        canvas.setFont("Courier", 8)
        canvas.drawString(24, TOP - 16, fax_header)
    _text(canvas, letter[0] / 2, 44, "DEPARTMENT OF HOMELAND SECURITY (DHS)", 11, True, True)
    from bench.fax_forms import FORM_TITLES

    _text(canvas, letter[0] / 2, 60, FORM_TITLES[values.form], 11, True, True)
    right = 380.0
    _text(canvas, right, 84, "Subject ID:", 9, True)
    _text(canvas, right + 62, 84, values.subject_id, 10)
    _text(canvas, right, 100, "Event #:", 9, True)
    _text(canvas, right + 62, 100, values.event_number, 10)
    _text(canvas, right, 116, "File No:", 9, True)
    _text(canvas, right + 62, 116, file_number, 10)
    _text(canvas, right, 132, "Date:", 9, True)
    _text(canvas, right + 62, 132, values.date.strftime("%m/%d/%Y"), 10)


def _subject(canvas: Canvas, values: FaxValues, top: float, label: str) -> None:
    _text(canvas, LEFT, top, label, 9, True)
    _text(canvas, LEFT + 82, top, values.subject_name, 10)
    canvas.line(LEFT + 80, TOP - top - 2, 572, TOP - top - 2)
    _text(canvas, LEFT, top + 20, "Date of Birth:", 9, True)
    _text(canvas, LEFT + 70, top + 20, values.date_of_birth.strftime("%m/%d/%Y"), 10)
    _text(canvas, LEFT + 190, top + 20, "Citizenship:", 9, True)
    _text(canvas, LEFT + 250, top + 20, values.citizenship, 10)
    _text(canvas, LEFT + 420, top + 20, "Sex:", 9, True)
    _text(canvas, LEFT + 445, top + 20, values.sex, 10)


def _to_from(canvas: Canvas, values: FaxValues, top: float) -> None:
    _text(canvas, LEFT, top, "TO: (Name and Title of Institution - OR Any Subsequent Law "
          "Enforcement Agency)", 7)
    _text(canvas, LEFT, top + 14, values.station, 9)
    _text(canvas, 330, top, "FROM: (DHS Office Address)", 7)
    _text(canvas, 330, top + 14, f"ICE ERO {values.issuing_office}", 9)
    _text(canvas, 330, top + 26, values.office_lines[0], 9)
    _text(canvas, 330, top + 38, values.office_lines[1], 9)


def _detainer_page(canvas: Canvas, values: FaxValues, file_number: str,
                   fax_header: str) -> None:
    _header(canvas, values, file_number, fax_header)
    _to_from(canvas, values, 152)
    _subject(canvas, values, 214, "Name of Alien:")
    top = 262.0
    _box(canvas, LEFT, top, True)
    _text(canvas, LEFT + 14, top, "1. DHS HAS DETERMINED THAT PROBABLE CAUSE EXISTS THAT "
          "THE SUBJECT IS A REMOVABLE ALIEN.", 8.5, True)
    _text(canvas, LEFT + 14, top + 11, "THIS DETERMINATION IS BASED ON (complete box 1 or 2):",
          8.5, True)
    top += 28
    for ground, lines in GROUND_TEXT.items():
        _box(canvas, LEFT + 14, top, ground in values.grounds)
        for n, line in enumerate(lines):
            _text(canvas, LEFT + 28, top + 11 * n, line, 8)
        top += 11 * len(lines) + 7
    top += 6
    _box(canvas, LEFT, top, False)
    _text(canvas, LEFT + 14, top, "2. DHS TRANSFERRED THE ALIEN TO YOUR CUSTODY FOR A "
          "PROCEEDING OR INVESTIGATION (complete box 1 or 2).", 8.5, True)
    _text(canvas, LEFT + 14, top + 11, "Upon completion of the proceeding or investigation "
          "for which the alien was transferred to your custody, DHS intends to", 8)
    _text(canvas, LEFT + 14, top + 22, "resume custody of the alien to complete processing "
          "and/or make an admissibility determination.", 8)
    top += 44
    _text(canvas, LEFT, top, "IT IS THEREFORE REQUESTED THAT YOU:", 9, True)
    _text(canvas, LEFT, top + 14, "Notify DHS as early as practicable (at least 48 hours, "
          "if possible) before the alien is released from your custody. Please notify", 8)
    _text(canvas, LEFT, top + 25, "DHS by calling U.S. Immigration and Customs Enforcement "
          "(ICE) at", 8)
    _text(canvas, LEFT + 262, top + 25, values.office_phone, 10)
    _text(canvas, LEFT, top + 38, "Maintain custody of the alien for a period NOT TO "
          "EXCEED 48 HOURS beyond the time when he/she would otherwise have been", 8)
    _text(canvas, LEFT, top + 49, "released from your custody to allow DHS to assume "
          "custody. Relay this detainer to any other law enforcement agency.", 8)
    top += 68
    for request, text in REQUEST_TEXT.items():
        _box(canvas, LEFT, top, request in values.requests)
        _text(canvas, LEFT + 14, top, text, 8)
        top += 15
    top += 14
    _text(canvas, LEFT, top, values.signing_officer, 10)
    canvas.line(LEFT, TOP - top - 3, 330, TOP - top - 3)
    _text(canvas, LEFT, top + 10, "(Name and title of Immigration Officer)", 7)
    canvas.setFont("Times-Italic", 16)
    canvas.drawString(360, TOP - top, values.signing_officer.split(",")[0].title())
    canvas.line(350, TOP - top - 3, 572, TOP - top - 3)
    _text(canvas, 350, top + 10, "(Signature of Immigration Officer)", 7)
    top += 34
    _text(canvas, LEFT, top, "Notice: If the alien may be the victim of a crime or you "
          "want the alien to remain in the United States for a law enforcement", 7)
    _text(canvas, LEFT, top + 9, "purpose, notify the ICE Law Enforcement Support Center "
          "at (802) 872-6020.", 7)
    _text(canvas, LEFT, TOP - 40, f"DHS Form {values.form} {FORM_EDITIONS_FOR(values)}", 8)
    _text(canvas, 500, TOP - 40, "Page 1 of 2", 8)


def FORM_EDITIONS_FOR(values: FaxValues) -> str:  # noqa: N802 - reads as the form's edition
    from bench.fax_forms import FORM_EDITIONS

    return FORM_EDITIONS[values.form]


def _warrant_page(canvas: Canvas, values: FaxValues, file_number: str,
                  fax_header: str) -> None:
    _header(canvas, values, file_number, fax_header)
    _to_from(canvas, values, 152)
    _subject(canvas, values, 214, "Name of Alien:")
    body = ("To any immigration officer authorized to serve warrants: you are commanded "
            "to take into custody and" if values.form == "I-200" else
            "To any officer of the United States Immigration and Customs Enforcement: "
            "you are commanded to remove")
    _text(canvas, LEFT, 270, body, 8)
    _text(canvas, LEFT, 281, "the alien named above, pursuant to the Immigration and "
          "Nationality Act and the regulations under it.", 8)
    _text(canvas, LEFT, 330, values.signing_officer, 10)
    _text(canvas, LEFT, 340, "(Name and title of Immigration Officer)", 7)
    _text(canvas, LEFT, TOP - 40, f"Form {values.form} {FORM_EDITIONS_FOR(values)}", 8)


def _notice_page(canvas: Canvas, values: FaxValues, fax_header: str) -> None:
    if fax_header:
        canvas.setFont("Courier", 8)
        canvas.drawString(24, TOP - 16, fax_header)
    _text(canvas, letter[0] / 2, 50, "NOTICE TO THE DETAINEE", 11, True, True)
    text = ("The Department of Homeland Security (DHS) has placed an immigration detainer "
            "on you. An immigration detainer is a notice that DHS intends to assume custody "
            "of you after you otherwise would be released from custody. If you have a "
            "complaint regarding this detainer, please contact the ICE Joint Intake Center "
            "at 1-877-246-8253.")
    top = 80.0
    for line in textwrap.wrap(text, 110):
        _text(canvas, LEFT, top, line, 8)
        top += 11
    top += 10
    _text(canvas, LEFT, top, "NOTIFICACION A LA PERSONA DETENIDA", 9, True)
    spanish = ("El Departamento de Seguridad Nacional (DHS) ha emitido una orden de "
               "detencion de inmigracion en su contra.")
    for line in textwrap.wrap(spanish, 110):
        top += 12
        _text(canvas, LEFT, top, line, 8)
    _text(canvas, LEFT, TOP - 40, f"DHS Form {values.form} {FORM_EDITIONS_FOR(values)}", 8)
    _text(canvas, 500, TOP - 40, "Page 2 of 2", 8)
