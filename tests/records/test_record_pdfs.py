"""The printed detainer record and arrestee copy: names in every script, pages, scans.

Reading the PDFs back: text is extracted with pypdf and compared after two documented
steps, neither of which can hide a mangled name:

- Arabic is printed shaped (presentation forms such as U+FEE3 ARABIC LETTER MEEM
  INITIAL FORM) in visual order. pypdf's text extraction puts right-to-left runs back
  in logical order by itself; Unicode NFKC normalisation then folds each presentation
  form to its plain letter. A name drawn unshaped, or left to right, or with a letter
  dropped, does not compare equal.
- Whitespace runs are collapsed to one space, because a table cell may wrap a long
  value (a name, a citation) onto two lines.
"""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.pdfgen.canvas import Canvas

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm, DetainerSnapshot
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import BailDecision, FormType, Role
from desk_app.records.arrestee_copy import render_arrestee_copy
from desk_app.records.fonts import CJK, REGULAR, desk_fonts
from desk_app.records.record_sheet import render_record_sheet
from desk_app.store.custody_service import EroNotice
from desk_app.store.desk import Desk, open_desk

OFFICER = Actor("Ofc. Reyes", Role.DESK_OFFICER)
SERGEANT = Actor("Sgt. Kim", Role.SUPERVISOR)
# Wed 25 Nov 2026 14:00 EST, the day before Thanksgiving.
RECEIVED = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)

NAMES = {
    "vietnamese": "Nguyễn Thị Minh Khai",
    "arabic": "محمد عبد الله",
    "cyrillic": "Ольга Петрова",
    "chinese": "王小明",
    "spanish": "José Ñúñez",
    "japanese": "山田太郎",
    "korean": "김민준",
}

STANDARD_14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
               "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
               "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol",
               "ZapfDingbats"}


@pytest.fixture
def time() -> FixedTime:
    """A desk clock an hour after the fax arrived."""
    return FixedTime(RECEIVED + timedelta(hours=1))


@pytest.fixture
def desk(tmp_path: Path, time: FixedTime) -> Desk:
    """A fresh desk on its own SQLite file, with the default (Pittsfield) profile."""
    return open_desk(f"sqlite:///{tmp_path}/t.sqlite3", time)


def log(desk: Desk, name: str, number: str = "D-1", **extra: object) -> DetainerSnapshot:
    """Log an I-247A for `name`, received at RECEIVED."""
    form = DetainerForm(number, FormType.I_247A, "26-100", name, RECEIVED, **extra)
    return desk.detainers.log(form, OFFICER)


def page_texts(path: Path) -> list[str]:
    """Each page's text as a reader sees it: NFKC-normalised, whitespace collapsed."""
    texts = []
    for page in PdfReader(path).pages:
        text = unicodedata.normalize("NFKC", page.extract_text())
        texts.append(re.sub(r"\s+", " ", text))
    return texts


def fonts_on(path: Path, pages: slice = slice(None)) -> dict[str, DictionaryObject]:
    """Every font used on the chosen pages, by its PDF base font name."""
    found: dict[str, DictionaryObject] = {}
    for page in PdfReader(path).pages[pages]:
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).get_object().values():
            font = ref.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def assert_all_fonts_embedded(path: Path, pages: slice = slice(None)) -> set[str]:
    """No standard-14 font, and every font carries its own glyphs (FontFile2)."""
    fonts = fonts_on(path, pages)
    assert fonts, "no fonts at all"
    for name, font in fonts.items():
        assert name.lstrip("/").split("+")[-1] not in STANDARD_14, name
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
    return {name.split("+")[-1] for name in fonts}


def two_page_pdf() -> bytes:
    """A stand-in for a scanned two-page detainer received as a PDF."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for number in (1, 2):
        canvas.drawString(72, 720, f"DHS FORM I-247A SCAN PAGE {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def fax_image(fmt: str, frames: int = 1) -> bytes:
    """A stand-in for a faxed detainer as an image (PNG, JPEG or multi-page TIFF)."""
    pages = []
    for number in range(frames):
        image = Image.new("L", (850, 1100), 255)
        draw = ImageDraw.Draw(image)
        draw.rectangle((40, 40, 810, 1060), outline=0, width=3)
        draw.text((60, 60 + 20 * number), "IMMIGRATION DETAINER - NOTICE OF ACTION", fill=0)
        pages.append(image)
    buffer = io.BytesIO()
    pages[0].save(buffer, fmt, save_all=frames > 1, append_images=pages[1:])
    return buffer.getvalue()


@pytest.mark.parametrize("script", NAMES)
def test_name_prints_exactly_on_record_sheet(desk: Desk, tmp_path: Path, script: str) -> None:
    """The records clerk would see the arrestee's name garbled, reversed or as boxes."""
    name = NAMES[script]
    detainer = log(desk, name)
    out = render_record_sheet(desk.printouts.record_sheet(detainer.id, "Clerk Ana"),
                              tmp_path / "record.pdf")
    assert name in page_texts(out)[0]


@pytest.mark.parametrize("script", NAMES)
def test_name_prints_exactly_on_arrestee_copy(desk: Desk, tmp_path: Path, script: str) -> None:
    """The arrestee would be handed a copy whose cover misspells or drops their name."""
    name = NAMES[script]
    detainer = log(desk, name)
    out = render_arrestee_copy(desk.printouts.arrestee_copy(detainer.id, "Ofc. Reyes"),
                               tmp_path / "copy.pdf")
    assert name in page_texts(out)[0]


def test_fonts_are_embedded_and_cover_cjk(desk: Desk, tmp_path: Path) -> None:
    """A records-office printer without these fonts would print the names as boxes."""
    detainer = log(desk, "王小明 / 김민준 / 山田太郎 / Nguyễn / محمد")
    record = render_record_sheet(desk.printouts.record_sheet(detainer.id, "Clerk Ana"),
                                 tmp_path / "record.pdf")
    copy = render_arrestee_copy(desk.printouts.arrestee_copy(detainer.id, "Ofc. Reyes"),
                                tmp_path / "copy.pdf")
    for path in (record, copy):
        used = assert_all_fonts_embedded(path, slice(0, 1))
        assert "DejaVuSans" in used and "DroidSansFallback" in used


def test_every_record_page_uses_embedded_fonts_only(desk: Desk, tmp_path: Path) -> None:
    """A page of the record set in Helvetica would drop every non-Latin character."""
    detainer = log(desk, "Ольга Петрова")
    out = render_record_sheet(desk.printouts.record_sheet(detainer.id, "Clerk Ana"),
                              tmp_path / "record.pdf")
    assert_all_fonts_embedded(out)


def test_no_character_of_any_name_falls_in_a_font_without_it() -> None:
    """Tofu: a name split into runs must never put a letter in a font that lacks it."""
    fonts = desk_fonts()
    for name in NAMES.values():
        for run in fonts.runs(fonts.visual_order(name)):
            missing = [c for c in run.text if not fonts.has_glyph(run.font, c)]
            assert not missing, (name, run)
    mixed = fonts.runs("Lê 王小明 Kim")
    assert [run.font for run in mixed] == [REGULAR, CJK, REGULAR]


def test_arabic_is_printed_shaped_and_right_to_left(desk: Desk, tmp_path: Path) -> None:
    """Unjoined or left-to-right Arabic letters would make the name unreadable."""
    detainer = log(desk, NAMES["arabic"])
    out = render_record_sheet(desk.printouts.record_sheet(detainer.id, "Clerk Ana"),
                              tmp_path / "record.pdf")
    raw = PdfReader(out).pages[0].extract_text()
    assert re.search("[\ufe70-\ufeff]", raw), "Arabic letters were not shaped"
    visual = desk_fonts().visual_order(NAMES["arabic"])
    assert unicodedata.normalize("NFKC", visual[::-1]) == NAMES["arabic"]


def test_long_arabic_name_wraps_in_reading_order(desk: Desk, tmp_path: Path) -> None:
    """A long Arabic name wrapping in its box would print its last words on top."""
    name = "محمد بن عبد الله بن عبد الرحمن بن فيصل بن تركي آل سعود الهاشمي القرشي"
    fonts = desk_fonts()
    assert fonts.width(name, 8.5) > 200, "the name must be long enough to wrap"
    detainer = log(desk, name)
    out = render_record_sheet(desk.printouts.record_sheet(detainer.id, "Clerk Ana"),
                              tmp_path / "record.pdf")
    assert name in page_texts(out)[0]


def test_decomposed_accents_print_composed(desk: Desk, tmp_path: Path) -> None:
    """A name typed with combining accents would print the accents beside the letters."""
    typed = unicodedata.normalize("NFD", NAMES["vietnamese"])
    detainer = log(desk, typed)
    out = render_record_sheet(desk.printouts.record_sheet(detainer.id, "Clerk Ana"),
                              tmp_path / "record.pdf")
    raw = PdfReader(out).pages[0].extract_text()  # no NFKC here: it would compose too
    assert NAMES["vietnamese"] in raw
    assert not any(unicodedata.combining(c) for c in raw)


def test_record_pages_are_numbered_and_signed(desk: Desk, tmp_path: Path) -> None:
    """Loose pages of a record could not be put back in order or traced to who printed."""
    detainer = log(desk, "José Ñúñez")
    out = render_record_sheet(desk.printouts.record_sheet(detainer.id, "Clerk Ana"),
                              tmp_path / "record.pdf")
    texts = page_texts(out)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "Pittsfield Police Department" in text
        assert "Printed by Clerk Ana at Wed 25 Nov 2026 15:00 EST" in text


def test_record_shows_checklist_clock_and_audit(desk: Desk, tmp_path: Path,
                                               time: FixedTime) -> None:
    """A court could not see who did each step, under which section, or when time ran out."""
    detainer = log(desk, "Ольга Петрова", date_of_birth=date(1990, 3, 4),
                   issuing_office="ERO Boston", ground_biometric_match=True)
    desk.custody.complete_step(detainer.id, "inform_bail_clerk", OFFICER,
                               note="told Clerk Doyle")
    desk.custody.record_bail_decision(detainer.id, BailDecision.PERSONAL_RECOGNIZANCE,
                                      OFFICER)
    desk.custody.record_ero_notice(detainer.id, EroNotice(time.now(), "phone",
                                                          "ERO duty officer", "bailed"),
                                   SERGEANT, step_id="notify_ero_if_bailed")
    out = render_record_sheet(desk.printouts.record_sheet(detainer.id, "Clerk Ana"),
                              tmp_path / "record.pdf")
    text = " ".join(page_texts(out))
    for step in desk.profile.steps:
        assert step.citation in text, step.citation
        assert step.text in text, step.text
    assert desk.profile.title in text
    assert "Wed 25 Nov 2026 14:00 EST" in text  # received, in the department's zone
    assert "Mon 30 Nov 2026 14:00 EST" in text  # expiry past Thanksgiving and a weekend
    assert "Thanksgiving" in text
    assert "4 Mar 1990" in text and "ERO Boston" in text
    assert "told Clerk Doyle" in text and "Sgt. Kim" in text and "ERO duty officer" in text
    assert "Done: Inform the bail clerk" in text  # the audit extract
    assert "Bail decision: personal recognizance" in text


def test_arrestee_copy_appends_pdf_scan_pages(desk: Desk, tmp_path: Path) -> None:
    """The arrestee would get a cover sheet without the detainer pages behind it."""
    detainer = log(desk, "王小明")
    desk.detainers.attach(detainer.id, "scan.pdf", "application/pdf", two_page_pdf(), OFFICER)
    out = render_arrestee_copy(desk.printouts.arrestee_copy(detainer.id, "Ofc. Reyes"),
                               tmp_path / "copy.pdf")
    texts = page_texts(out)
    assert len(texts) == 3
    assert "Page 1 of 3" in texts[0] and "pages 2–3: scan.pdf" in texts[0]
    assert "DHS FORM I-247A SCAN PAGE 1" in texts[1]
    assert "DHS FORM I-247A SCAN PAGE 2" in texts[2]


def test_arrestee_copy_places_png_scan_on_its_own_page(desk: Desk, tmp_path: Path) -> None:
    """A faxed image left out of the copy would leave the arrestee without the detainer."""
    detainer = log(desk, "김민준")
    desk.detainers.attach(detainer.id, "fax.png", "image/png", fax_image("PNG"), OFFICER)
    out = render_arrestee_copy(desk.printouts.arrestee_copy(detainer.id, "Ofc. Reyes"),
                               tmp_path / "copy.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    assert list(reader.pages[1].images), "the scan is not on the second page"
    assert "Page 2 of 2" in page_texts(out)[1]


def test_arrestee_copy_prints_every_page_of_a_fax_tiff(desk: Desk, tmp_path: Path) -> None:
    """The second page of a multi-page fax would silently go missing from the copy."""
    detainer = log(desk, "山田太郎")
    desk.detainers.attach(detainer.id, "fax.tiff", "image/tiff", fax_image("TIFF", 2),
                          OFFICER)
    out = render_arrestee_copy(desk.printouts.arrestee_copy(detainer.id, "Ofc. Reyes"),
                               tmp_path / "copy.pdf")
    assert len(PdfReader(out).pages) == 3


def test_arrestee_copy_without_scan_says_so(desk: Desk, tmp_path: Path) -> None:
    """An officer would hand over a bare cover sheet believing the detainer was in it."""
    detainer = log(desk, "José Ñúñez")
    out = render_arrestee_copy(desk.printouts.arrestee_copy(detainer.id, "Ofc. Reyes"),
                               tmp_path / "copy.pdf")
    texts = page_texts(out)
    assert len(texts) == 1
    assert "The scanned detainer is NOT attached" in texts[0]
    assert "Photocopy the original detainer" in texts[0]


def test_arrestee_copy_cover_explains_and_has_signatures(desk: Desk, tmp_path: Path,
                                                        time: FixedTime) -> None:
    """The arrestee would not know what the paper is, or there'd be no proof it was served."""
    detainer = log(desk, "Ольга Петрова")
    desk.custody.record_copy_served(detainer.id, OFFICER, step_id="give_arrestee_copy")
    out = render_arrestee_copy(desk.printouts.arrestee_copy(detainer.id, "Ofc. Reyes"),
                               tmp_path / "copy.pdf")
    text = page_texts(out)[0]
    assert "Immigration and Customs Enforcement (DHS-ICE)" in text
    assert "25 Nov 2026" in text  # the date it was served
    assert "Pittsfield Police Department" in text
    assert "Signature of Ofc. Reyes" in text
    assert "Signature of Ольга Петрова" in text
    assert "I received a copy of this document" in text


@pytest.mark.parametrize("profile_id", ["pittsfield-413", "haverhill", "westborough",
                                        "ma-welcoming-ordinance", "trust-act"])
def test_no_printed_page_says_a_massachusetts_hold_is_permitted(
        tmp_path: Path, time: FixedTime, profile_id: str) -> None:
    """A copy telling the arrestee they may be kept on the request alone is wrong since Lunn."""
    desk = open_desk(f"sqlite:///{tmp_path}/{profile_id}.sqlite3", time, profile_id)
    detainer = log(desk, "José Ñúñez")
    copy = " ".join(page_texts(render_arrestee_copy(
        desk.printouts.arrestee_copy(detainer.id, "Ofc. Reyes"), tmp_path / "copy.pdf")))
    assert "a person may not be kept in custody on this request alone" in copy
    assert "may be kept in custody on this request alone" not in copy
    record = " ".join(page_texts(render_record_sheet(
        desk.printouts.record_sheet(detainer.id, "Clerk Ana"), tmp_path / "record.pdf")))
    assert "NOT permitted" in record and "Lunn v. Commonwealth" in record
    assert "Permitted:" not in record
    assert "[city" not in copy and "[city" not in record  # a template's blank to fill
    if profile_id == "pittsfield-413":
        assert ("Policy 413 §IV.A.2 is superseded by Lunn v. Commonwealth (2017): "
                "no hold on a detainer alone") in record
    desk.db.close()
