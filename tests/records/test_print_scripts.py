"""Names in the scripts that combine and reorder letters print as the person writes them.

Devanagari (राहुल शर्मा is a demo name), Bengali, Thai, Hebrew, Ethiopic and Khmer were
printed as empty boxes: no embedded font had them. Devanagari, Bengali, Thai and Khmer
also need shaping (a conjunct, a reph, a vowel sign drawn before its consonant).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerForm
from desk_app.domain.time_source import FixedTime
from desk_app.domain.vocabulary import FormType, Role
from desk_app.records.arrestee_copy import render_arrestee_copy
from desk_app.records.fonts import REGULAR, SHAPED, desk_fonts, shaped_glyphs
from desk_app.records.record_sheet import render_record_sheet
from desk_app.store.desk import Desk, open_desk

RECEIVED = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
OFFICER = Actor("Ofc. Reyes", Role.DESK_OFFICER)

# name, the font its letters must be set in, the embedded font file's name
SCRIPTS = {
    "devanagari": ("राहुल शर्मा", "DeskDevanagari", "NotoSansDevanagari"),
    "bengali": ("রবীন্দ্রনাথ ঠাকুর", "DeskBengali", "NotoSansBengali"),
    "thai": ("สมชาย ใจดี", "DeskThai", "NotoSansThai"),
    "hebrew": ("דוד כהן", REGULAR, "DejaVuSans"),
    "ethiopic": ("አበበ ቢቂላ", "DeskEthiopic", "NotoSansEthiopic"),
    "khmer": ("សុខ ស្រីពេជ្រ", "DeskKhmer", "NotoSansKhmer"),
}


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    """A fresh desk an hour after the fax arrived."""
    return open_desk(f"sqlite:///{tmp_path}/t.sqlite3", FixedTime(RECEIVED + timedelta(hours=1)))


def embedded_fonts(path: Path) -> set[str]:
    """The base names of the fonts the first page uses ("NotoSansThai", not "AAAAAA+...")."""
    page = PdfReader(path).pages[0]
    fonts = page["/Resources"].get_object()["/Font"].get_object()
    return {str(ref.get_object()["/BaseFont"]).split("+")[-1] for ref in fonts.values()}


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_letter_has_a_real_glyph(script: str) -> None:
    """A letter in a font without it is an empty box (glyph 0) on the printed page."""
    name, font, _file = SCRIPTS[script]
    fonts = desk_fonts()
    runs = fonts.runs(fonts.visual_order(name))
    letters = [run for run in runs if run.text.strip()]
    assert {run.font for run in letters} == {font}
    for run in runs:
        face = pdfmetrics.getFont(run.font).face
        boxes = [c for c in run.text if face.charToGlyph.get(ord(c), 0) == 0]
        assert not boxes, (script, run)


@pytest.mark.parametrize("script", SCRIPTS)
def test_name_is_printed_in_its_font_on_both_records(desk: Desk, tmp_path: Path,
                                                     script: str) -> None:
    """The record sheet and the arrestee's copy embed the font of the name's script."""
    name, _font, file = SCRIPTS[script]
    form = DetainerForm(f"D-{script}", FormType.I_247A, "26-100", name, RECEIVED)
    detainer = desk.detainers.log(form, OFFICER)
    record = render_record_sheet(desk.printouts.record_sheet(detainer.id, "Clerk Ana"),
                                 tmp_path / "record.pdf")
    copy = render_arrestee_copy(desk.printouts.arrestee_copy(detainer.id, "Ofc. Reyes"),
                                tmp_path / "copy.pdf")
    for path in (record, copy):
        used = embedded_fonts(path)
        assert any(font.split("-")[0] == file for font in used), (script, path.name, used)


def test_bengali_vowel_sign_is_drawn_before_its_consonant() -> None:
    """কি is written ক then ি, but ি is drawn to the left of ক: unshaped, it is misplaced."""
    assert shaped_glyphs("DeskBengali", "কি") == "িক"


def test_devanagari_conjunct_and_reph_are_shaped() -> None:
    """र्म is one cluster (reph above म): not the three letters side by side."""
    shaped = shaped_glyphs("DeskDevanagari", "शर्मा")
    assert shaped != "शर्मा"
    assert "्" not in shaped  # the virama is consumed by the conjunct, never drawn bare
    assert shaped.startswith("श")


def test_only_the_combining_scripts_are_shaped() -> None:
    """Latin, Arabic (shaped by arabic-reshaper) and CJK keep their tested path."""
    assert SHAPED == {"DeskDevanagari", "DeskBengali", "DeskThai", "DeskKhmer"}
