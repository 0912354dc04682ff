"""Reading a faxed ICE detainer: which form it is and what its fields say, with confidences.

`read_fax(path)` opens the fax, reads its pages in order until one carries a form title
(the form is normally the first page; the detainee-notice pages that follow need no
reading), and returns a `FaxReading`: the form, the page count, and each field as a
`FieldReading` whose value is None when it was not read confidently. Nothing here
touches the database; the desk's intake queue and `desk-app intake read` both use it.
"""

from __future__ import annotations

import re
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image

from desk_app.domain import form_values as fv
from desk_app.domain.form_reading import (
    THRESHOLDS,
    FieldReading,
    TextBox,
    citizenship_beside_birth,
    form_type,
    label_spots,
    labelled_values,
    page_skew,
    printed_lines,
    read_known_word,
    read_labelled,
    straight,
)
from desk_app.records.checkbox_marks import read_checkbox
from desk_app.records.fax_pages import READ_DPI, fax_pages, page_count
from desk_app.records.page_ocr import read_words, recognise
from desk_app.records.second_look import second_look, strip
from desk_app.resources import resource_path

PHONE_WORDS = r"\(?[\dOolISB]{3}\)?[\s.\-]*[\dOolISB]{3}[\s.\-]*[\dOolISB]{4}"
FORM_PAGES_TRIED = 3  # a cover sheet or two may come before the form
JSON_FIELDS = ("subject_name", "date_of_birth", "citizenship", "sex", "file_number",
               "subject_id", "event_number", "date", "issuing_office", "office_phone",
               "grounds", "requests", "signing_officer")


@dataclass(frozen=True)
class FormWords:
    """The words of the forms the reader knows (resources/intake/form_words.toml)."""

    titles: Mapping[str, Sequence[str]]
    grounds: Mapping[str, str]
    requests: Mapping[str, str]
    countries: tuple[str, ...]
    offices: tuple[str, ...]


@cache
def form_words() -> FormWords:
    """The shipped form words, read once."""
    data = tomllib.loads(resource_path("intake", "form_words.toml").read_text("utf-8"))
    return FormWords(titles=data["forms"], grounds=data["checkboxes"]["grounds"],
                     requests=data["checkboxes"]["requests"],
                     countries=tuple(data["words"]["citizenship"]),
                     offices=tuple(data["words"]["issuing_office"]))


@dataclass
class FaxReading:
    """What was read off one fax: the form, its pages, its fields, and the page image
    the fields were read on (for the crops the New detainer form shows)."""

    form: str | None
    form_confidence: float
    pages: int
    form_page: int | None = None
    fields: dict[str, FieldReading] = field(default_factory=dict)
    page_image: Image.Image | None = None
    seconds: float = 0.0  # the whole reading, wall time
    fields_seconds: float | None = None  # until the form page's fields were read
    pages_read: int = 0  # pages recognised to find the form (the notice pages never are)

    def as_json(self) -> dict[str, Any]:
        """The object `desk-app intake read --json` prints."""
        fields = {}
        for name in JSON_FIELDS:
            reading = self.fields.get(name, FieldReading(None, 0.0))
            fields[name] = {"value": reading.value,
                            "confidence": round(float(reading.confidence), 3)}
        return {"form": self.form, "pages": self.pages, "fields": fields}

    def crop(self, name: str, margin: int = 6) -> Image.Image | None:
        """The part of the page a field was read from, or None."""
        reading = self.fields.get(name)
        if reading is None or not reading.boxes or self.page_image is None:
            return None
        left = int(min(b.left for b in reading.boxes)) - margin
        top = int(min(b.top for b in reading.boxes)) - margin
        right = int(max(b.right for b in reading.boxes)) + margin
        bottom = int(max(b.bottom for b in reading.boxes)) + margin
        return self.page_image.crop((max(left, 0), max(top, 0), right, bottom))


def read_fax(path: Path, progress: Callable[[str], None] | None = None) -> FaxReading:
    """Read the form in the fax at `path` (PDF or TIFF/PNG/JPEG)."""
    started = time.perf_counter()
    pages = page_count(path)
    reading = FaxReading(None, 0.0, pages)
    for number, page in enumerate(fax_pages(path)):
        if number >= FORM_PAGES_TRIED:
            break
        if progress is not None:
            progress(f"Reading page {number + 1} of {pages}…")
        boxes = read_words(page, READ_DPI)
        reading.pages_read += 1
        head = [b for b in boxes if b.top < 0.2 * page.height]
        form, confidence = form_type(head, form_words().titles)
        if form is None:
            continue
        reading.form, reading.form_confidence = form, round(confidence, 3)
        reading.form_page, reading.page_image = number, page
        reading.fields = read_form_fields(page, boxes, number)
        reading.fields_seconds = time.perf_counter() - started
        break
    reading.seconds = time.perf_counter() - started
    return reading


def read_form_fields(page: Image.Image, boxes: Sequence[TextBox], number: int
                     ) -> dict[str, FieldReading]:
    """Every field of the form on `page` (whose words are `boxes`)."""
    words = form_words()
    fields = read_labelled(boxes, number)
    skew = page_skew(boxes)
    lines = printed_lines(boxes, skew)
    raw = labelled_values(lines, skew)
    if "citizenship" in raw:
        text, sources = raw["citizenship"]
        fields["citizenship"] = read_known_word("citizenship", text, sources,
                                                words.countries, number)
    elif "date_of_birth" in raw:
        beside = citizenship_beside_birth(*raw["date_of_birth"], words.countries, number)
        if beside is not None:
            fields["citizenship"] = beside
    second_look(page, READ_DPI, skew, label_spots(lines, skew), fields, number,
                words.countries)
    fields["issuing_office"] = issuing_office(boxes, words.offices, number, page.height)
    fields["office_phone"] = _office_phone(page, boxes, skew, number)
    fields["signing_officer"] = _signing_officer(boxes, number)
    fields["grounds"] = _checked(page, boxes, words.grounds, "grounds", number)
    fields["requests"] = _checked(page, boxes, words.requests, "requests", number)
    return fields


def _squeezed(text: str) -> str:
    return re.sub(r"[^a-z]", "", fv.plain(text).lower())


def _starts_like(box: TextBox, phrase: str) -> bool:
    """True when the box's words begin like `phrase` (a checkbox or a speck before them
    may be read as a letter or two)."""
    wanted = _squeezed(phrase)
    text = _squeezed(box.text)
    for skip in range(3):
        # Only the first words of a long line are recognised: compare as much as there is.
        length = min(len(wanted), len(text) - skip)
        if length < min(12, len(wanted)):
            continue
        if SequenceMatcher(None, text[skip: skip + length], wanted[:length]).ratio() >= 0.8:
            return True
    return False


ICE_OFFICE_LINE = re.compile(r"^\W*[1l|IJ]CE\s*(?:ERO|ER0|HSI)?\s*", re.IGNORECASE)
OFFICE_BAND = (0.12, 0.4)  # shares of the page's height between which the FROM block lies


def issuing_office(boxes: Sequence[TextBox], offices: tuple[str, ...], number: int,
                    height: int) -> FieldReading:
    """The first line under 'FROM: (DHS Office Address)', less 'ICE ERO'; when that small
    print was read too badly to be found ("FROM. (tOHS Oico Addruss)"), the line that
    begins 'ICE ERO' in the FROM block's part of the page (below the fax header, which
    names the office too)."""
    first = _under_from_label(boxes)
    if first is None:
        top, bottom = (share * height for share in OFFICE_BAND)
        lines = [b for b in boxes if top < b.top < bottom and _ice_office_line(b)]
        first = min(lines, key=lambda b: b.top, default=None)
    if first is None:
        return FieldReading(None, 0.0, page=number)
    text = ICE_OFFICE_LINE.sub("", fv.plain(first.text))
    return read_known_word("issuing_office", text, (first,), offices, number)


def _ice_office_line(box: TextBox) -> bool:
    """Whether the box's words begin 'ICE ERO' (or 'ICE HSI') and go on."""
    match = ICE_OFFICE_LINE.match(fv.plain(box.text))
    return match is not None and bool(fv.plain(box.text)[match.end():].strip())


def _under_from_label(boxes: Sequence[TextBox]) -> TextBox | None:
    """The box just under the FROM label, if the label is found."""
    anchors = [b for b in boxes if _starts_like(b, "FROM DHS Office")
               or re.match(r"\W*f?r[o0q]m\W*\(?\s*d[hn]s\b", fv.plain(b.text), re.IGNORECASE)]
    if not anchors:
        return None
    anchor = anchors[0]
    height = anchor.bottom - anchor.top
    middle = (anchor.top + anchor.bottom) / 2
    below = [b for b in boxes if b is not anchor and abs(b.left - anchor.left) < 4 * height
             and middle + 0.5 * height < (b.top + b.bottom) / 2 < middle + 2.5 * height]
    return min(below, key=lambda b: b.top + b.bottom, default=None)


def _office_phone(page: Image.Image, boxes: Sequence[TextBox], skew: float, number: int
                  ) -> FieldReading:
    """The number after 'Please notify DHS by calling ... at' (its own box, or, when the
    detector ran it into the line's words, read again from the whole line)."""
    anchors = [b for b in boxes if re.search(r"by\s*ca[l1I|]{1,2}[il1|]*n", fv.plain(b.text), re.I)
               or _starts_like(b, "DHS by calling U.S.")]
    if not anchors:
        return FieldReading(None, 0.0, page=number)
    anchor = anchors[0]
    middle, height = straight(anchor, skew)[1], anchor.bottom - anchor.top
    beside = [b for b in boxes if b is not anchor and b.left > anchor.right - height
              and abs(straight(b, skew)[1] - middle) < 0.4 * height]
    if beside:
        phone = min(beside, key=lambda b: b.left)
    else:
        phone = _whole_line(page, anchor, skew)
        found = re.findall(PHONE_WORDS, fv.plain(phone.text))
        phone = TextBox(found[-1] if found else "", phone.score, phone.corners)
    parsed = fv.parse_phone(phone.text)
    if parsed is None:
        return FieldReading(None, 0.0, phone.text, (phone,), number)
    value, fit = parsed
    confidence = round(phone.score * fit, 3)
    return FieldReading(value if confidence >= THRESHOLDS["office_phone"] else None,
                        confidence, phone.text, (phone,), number, value)


def _whole_line(page: Image.Image, anchor: TextBox, skew: float) -> TextBox:
    """The anchor's line recognised whole, and a little beyond its box."""
    (x0, y0), (x3, y3) = anchor.corners[0], anchor.corners[3]
    start = ((x0 + x3) / 2, (y0 + y3) / 2)
    length = anchor.right - anchor.left + 1.2 * READ_DPI
    region = strip(start, length, 0.62 * (anchor.bottom - anchor.top), skew)
    [(text, score, letters)] = recognise(page, [region], READ_DPI)
    return TextBox(text, score, region, letters)


def _signing_officer(boxes: Sequence[TextBox], number: int) -> FieldReading:
    """The typed line above '(Name and title of Immigration Officer)'."""
    anchors = [b for b in boxes if _starts_like(b, "(Name and title of Immigration")]
    if not anchors:
        return FieldReading(None, 0.0, page=number)
    anchor = anchors[0]
    height = anchor.bottom - anchor.top
    above = [b for b in boxes if anchor.top - 3 * height < b.top < anchor.top - 0.3 * height
             and abs(b.left - anchor.left) < 3 * height]
    if not above:
        return FieldReading(None, 0.0, page=number)
    line = max(above, key=lambda b: b.top)
    text = re.sub(r"\s+", " ", fv.plain(line.text)).strip(" .;:")
    confidence = round(line.score, 3)
    return FieldReading(text if confidence >= THRESHOLDS["signing_officer"] else None,
                        confidence, line.text, (line,), number, text)


def _checked(page: Image.Image, boxes: Sequence[TextBox], phrases: Mapping[str, str],
             name: str, number: int) -> FieldReading:
    """The keys of the marked checkboxes among `phrases`, or None when any one of them
    could not be found or read surely."""
    marked: list[str] = []
    confidence = 1.0
    sources: list[TextBox] = []
    for key, phrase in phrases.items():
        lines = [b for b in boxes if _starts_like(b, phrase)]
        mark = read_checkbox(page, lines[0], READ_DPI) if lines else None
        if mark is None:
            return FieldReading(None, 0.0, page=number)
        confidence = min(confidence, mark.confidence)
        sources.append(lines[0])
        if mark.marked:
            marked.append(key)
    confidence = round(confidence, 3)
    value = marked if confidence >= THRESHOLDS[name] else None
    return FieldReading(value, confidence, ", ".join(marked), tuple(sources), number, marked)
