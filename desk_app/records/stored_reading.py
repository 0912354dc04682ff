"""A fax's reading as the intake queue keeps it, and back: every board shows one reading.

The workstation that takes a fax in reads it once (off the GUI thread) and keeps the
reading with the intake item; every other board shows that reading instead of reading
the fax again. `stored_json` is `FaxReading.as_json()` (the object `desk-app intake read
--json` prints) with what the New detainer form needs besides: the page the form is on,
and for each field its raw words and where on that page they were, so the crops beside
the fields can be cut again. `reading_from_json` is its inverse (it also takes the plain
`as_json()` object: no crops then); `with_form_page` draws the form's page again from
the stored copy of the fax, for those crops.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from itertools import islice
from typing import Any

from desk_app.domain.form_reading import FIELD_NAMES, FieldReading, TextBox
from desk_app.records.fax_pages import UnreadableFaxError, fax_copy, fax_pages
from desk_app.records.form_reader import FaxReading


class StoredReadingError(ValueError):
    """The kept reading is not one this version can read back (read the fax again)."""


def stored_json(reading: FaxReading) -> dict[str, Any]:
    """The reading as the intake item keeps it: `as_json()` plus the form's page, its
    confidence, and each field's words and boxes."""
    data = reading.as_json()
    data["form_confidence"] = round(float(reading.form_confidence), 3)
    data["form_page"] = reading.form_page
    data["seconds"] = round(float(reading.seconds), 3)
    fields: dict[str, dict[str, Any]] = data["fields"]
    for name, field in reading.fields.items():
        kept = fields.setdefault(name, {"value": field.value,
                                        "confidence": round(float(field.confidence), 3)})
        kept["raw"] = field.raw
        kept["page"] = field.page
        kept["boxes"] = [[box.text, round(float(box.score), 4),
                          [[round(float(x), 1), round(float(y), 1)] for x, y in box.corners]]
                         for box in field.boxes]
    return data


def reading_from_json(data: Mapping[str, Any] | str) -> FaxReading:
    """The `FaxReading` a kept reading (or `as_json()`'s object, or its text) stands for,
    without its page image (`with_form_page` adds it). A field that was not read
    confidently comes back with no value, as it was kept."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise StoredReadingError(f"the kept reading is not JSON ({exc.msg})") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("fields", {}), Mapping):
        raise StoredReadingError("the kept reading is not a reading of a fax")
    try:
        form = data.get("form")
        form_page = data.get("form_page")
        reading = FaxReading(
            form=str(form) if form is not None else None,
            form_confidence=float(data.get("form_confidence", 1.0 if form else 0.0)),
            pages=int(data.get("pages", 0)),
            form_page=int(form_page) if form_page is not None else None,
            seconds=float(data.get("seconds", 0.0)))
        for name, field in data.get("fields", {}).items():
            if name in FIELD_NAMES and isinstance(field, Mapping) and _was_read(field):
                reading.fields[name] = _field(field, reading.form_page or 0)
    except (TypeError, ValueError) as exc:
        raise StoredReadingError(f"the kept reading has a wrong value ({exc})") from None
    return reading


def _was_read(field: Mapping[str, Any]) -> bool:
    """Whether the reader looked for the field (`as_json` lists every field, those the
    reader never found with no value and no confidence; a kept one has its words)."""
    return "raw" in field or field.get("value") is not None or bool(field.get("confidence"))


def _field(field: Mapping[str, Any], form_page: int) -> FieldReading:
    value = field.get("value")
    if isinstance(value, list):
        value = [str(v) for v in value]
    boxes = tuple(TextBox(str(text), float(score),
                          tuple((float(x), float(y)) for x, y in corners))
                  for text, score, corners in field.get("boxes", []))
    return FieldReading(value, float(field.get("confidence", 0.0)), str(field.get("raw", "")),
                        boxes, int(field.get("page", form_page)))


def with_form_page(reading: FaxReading, file_name: str, content: bytes) -> FaxReading:
    """The reading with the page its form is on drawn again from the fax's stored copy
    (the crops beside the read fields are cut from it); unchanged when the fax has no
    form page or that page cannot be drawn."""
    if reading.form_page is None or reading.page_image is not None:
        return reading
    with fax_copy(file_name, content) as path:
        pages = fax_pages(path)
        try:
            page = next(islice(pages, reading.form_page, None), None)
        except UnreadableFaxError:
            return reading
        finally:
            close = getattr(pages, "close", None)  # the file, before its folder goes
            if close is not None:
                close()
    if page is not None:
        reading.page_image = page
    return reading


def kept_reading(file_name: str, content: bytes, kept: str) -> FaxReading:
    """The reading kept with an intake item, with its form's page drawn again from the
    stored copy of the fax (for the crops beside the read fields); StoredReadingError
    when it cannot be read back."""
    return with_form_page(reading_from_json(kept), file_name, content)


def kept_form(kept: str) -> str:
    """The form a kept reading names (the queue's "Read as" column), "" if none."""
    if not kept:
        return ""
    try:
        return reading_from_json(kept).form or ""
    except StoredReadingError:
        return ""
