"""Fields the form reader finds by their place on the page, and the recogniser's scores."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from desk_app.domain.form_reading import TextBox
from desk_app.records.fax_pages import READ_DPI
from desk_app.records.form_reader import form_words, issuing_office
from desk_app.records.page_ocr import read_words
from desk_app.resources import resource_path

PAGE_HEIGHT = 2200  # a letter page at 200 dpi


def box(text: str, left: float, top: float, width: float = 400) -> TextBox:
    return TextBox(text, 0.95, ((left, top), (left + width, top), (left + width, top + 28),
                                (left, top + 28)))


def test_the_office_is_read_under_its_label() -> None:
    boxes = [box("FROM: (DHS Office Address)", 915, 401),
             box("ICE ERO Newark Fleld.Oflce", 915, 433), box("970 Broad Street", 915, 467)]
    office = issuing_office(boxes, form_words().offices, 0, PAGE_HEIGHT)
    assert office.value == "Newark Field Office"  # look-alike glyphs folded
    boxes[1] = box("JCE ERO Hartford Sub-Office.", 915, 433)  # measured: a J for the I
    assert issuing_office(boxes, form_words().offices, 0, PAGE_HEIGHT).value == \
        "Hartford Sub-Office"


def test_the_office_is_found_when_its_small_label_was_read_too_badly() -> None:
    boxes = [box("DEC-01-2026 10:12 FROM: ICE ERO NEWARK (973) 645-3666", 60, 30, 1400),
             box("FROM. (tOHS Oico Addruss)", 913, 401),
             box("ICE ERO Boston Field Office ", 913, 433),
             box("Boston Police Department, District B-2", 109, 431)]
    office = issuing_office(boxes, form_words().offices, 0, PAGE_HEIGHT)
    assert office.value == "Boston Field Office"
    assert office.boxes[0].top == 433


def test_the_fax_header_never_stands_for_the_office() -> None:
    """The sending machine's line names the office too, above the form's title."""
    boxes = [box("FROM: ICE ERO NEWARK", 600, 30), box("FROM. (tOHS Oico Addruss)", 913, 401)]
    assert issuing_office(boxes, form_words().offices, 0, PAGE_HEIGHT).value is None


def test_the_recogniser_scores_each_letter_it_reads() -> None:
    page = Image.new("L", (1700, 300), 255)
    font = ImageFont.truetype(str(resource_path("fonts", "DejaVuSans.ttf")), 34)
    ImageDraw.Draw(page).text((100, 120), "SILVA ALI, PAULO", fill=0, font=font)
    [read] = [b for b in read_words(page, READ_DPI) if "PAULO" in b.text.upper()]
    assert len(read.letters) == len(read.text)
    assert all(0.0 < s <= 1.0 for s in read.letters)
    assert min(read.letters) <= read.score <= max(read.letters)

