"""A second look at the fields the first reading missed or was not sure of.

The text detector works on a reduced copy of the page to stay fast; at standard fax
resolution (204x98 dpi, every other line of the page missing) it sometimes misses a
short value ("F" after "Sex:"), cuts a line short, or joins a value to its label badly.
For each labelled field whose value was not read surely, the strip of the page right of
its label is recognised on its own, straightened along the page's skew, at full
resolution and at two heights; the reading that parses into the field's form with the
highest confidence is kept, and only if it beats the first one. The same thresholds
apply, so a second look can fill a field, never make a guess look sure. The subject's
name, which no list can check, is read again whenever it was not read surely, and
offered only when two readings agree (desk_app/domain/name_agreement.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from PIL import Image

from desk_app.domain.form_reading import (
    PARSERS,
    FieldReading,
    LabelSpot,
    TextBox,
    box_letters,
    read_known_word,
    scored,
)
from desk_app.domain.name_agreement import agreed, needs_second_reading
from desk_app.records.page_ocr import Quad, recognise

# How far right of its label a field's value may run, inches (when no label follows).
ROOM_INCHES = {"subject_id": 1.7, "event_number": 2.1, "file_number": 2.1, "date": 1.7,
               "date_of_birth": 1.6, "subject_name": 3.6, "citizenship": 2.6, "sex": 0.7}
HEIGHTS = (0.62, 0.85)  # half-heights of the strips tried, in label-box heights


def second_look(page: Image.Image, dpi: float, skew: float, spots: Mapping[str, LabelSpot],
                fields: dict[str, FieldReading], number: int,
                countries: tuple[str, ...]) -> None:
    """Read again each labelled field of `fields` whose value is None, in place
    (`countries`: the known words of the citizenship field)."""
    wanted = [name for name in ROOM_INCHES if name in spots and (
        needs_second_reading(fields.get(name)) if name == "subject_name"
        else fields.get(name) is None or fields[name].value is None)]
    regions: list[Quad] = []
    for name in wanted:
        regions += [_strip(spots[name], name, skew, dpi, half) for half in HEIGHTS]
    words = recognise(page, regions, dpi)
    for n, name in enumerate(wanted):
        tried = zip(regions[n * len(HEIGHTS): (n + 1) * len(HEIGHTS)],
                    words[n * len(HEIGHTS): (n + 1) * len(HEIGHTS)], strict=True)
        again = [_parsed(name, TextBox(text, score, region, letters), number, countries)
                 for region, (text, score, letters) in tried]
        first = fields.get(name)
        if name == "subject_name":
            fields[name] = agreed(([first] if first is not None else []) + again)
            continue
        best = first
        for reading in again:
            if reading.candidate is not None and (
                    best is None or reading.confidence > best.confidence):
                best = reading
        if best is not None:
            fields[name] = best


def _strip(spot: LabelSpot, name: str, skew: float, dpi: float, half: float) -> Quad:
    """The strip right of a label, as far as its value may run."""
    room = ROOM_INCHES[name] * dpi
    if spot.room is not None:
        room = min(room, spot.room - 0.05 * dpi)
    room = max(room, 0.3 * dpi)
    gap = 0.1 * spot.height
    start = (spot.end[0] + math.cos(skew) * gap, spot.end[1] + math.sin(skew) * gap)
    return strip(start, room, half * spot.height, skew)


def strip(start: tuple[float, float], length: float, half: float, skew: float) -> Quad:
    """The four corners of a strip of the page starting at `start` (the middle of its
    left side), `length` long along the page's skew and `2 * half` high."""
    ux, uy = math.cos(skew), math.sin(skew)
    nx, ny = -uy, ux
    sx, sy = start
    ex, ey = sx + ux * length, sy + uy * length
    return ((sx - nx * half, sy - ny * half), (ex - nx * half, ey - ny * half),
            (ex + nx * half, ey + ny * half), (sx + nx * half, sy + ny * half))


def _parsed(name: str, box: TextBox, number: int, countries: tuple[str, ...]
            ) -> FieldReading:
    """The field as read from the strip's words, scored as the first reading is."""
    words = re.sub(r"^[\W_]+|[\W_]+$", "", box.text)  # the rule's dots, a speck's quote
    if name == "citizenship":
        return read_known_word(name, words, (box,), countries, number)
    return scored(name, PARSERS[name](words), words, (box,), number, box_letters(box))
