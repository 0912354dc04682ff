"""A fax's reading kept with its intake item and read back: what another board shows
and pre-fills must be what the reading board read, crops included."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from desk_app.domain.form_reading import FieldReading, TextBox
from desk_app.records.form_reader import FaxReading
from desk_app.records.stored_reading import (
    StoredReadingError,
    kept_form,
    kept_reading,
    reading_from_json,
    stored_json,
)

NAME_BOX = TextBox("GARCÍA LÓPEZ, JOSÉ", 0.97, ((300.0, 410.5), (620.0, 412.0),
                                                (620.0, 440.0), (300.0, 438.5)))
NUMBER_BOX = TextBox("A123456789", 0.99, ((900.0, 300.0), (1100.0, 300.0),
                                          (1100.0, 330.0), (900.0, 330.0)))


def a_reading(page: Image.Image | None = None) -> FaxReading:
    """A reading of an I-247A on its second page: values read surely, one not (its
    candidate is not kept), a list of grounds, a field with no boxes."""
    return FaxReading("I-247A", 0.968, 3, 1, {
        "subject_name": FieldReading("GARCÍA LÓPEZ, JOSÉ", 0.97, "GARCÍA LÓPEZ, JOSÉ",
                                     (NAME_BOX,), 1, "GARCÍA LÓPEZ, JOSÉ"),
        "file_number": FieldReading("A123456789", 0.99, "A123456789", (NUMBER_BOX,), 1,
                                    "A123456789"),
        "citizenship": FieldReading(None, 0.41, "PERV", (NAME_BOX,), 1, "PERV"),
        "grounds": FieldReading(["final_order", "statements"], 0.93, "final_order, statements",
                                (NAME_BOX, NUMBER_BOX), 1),
        "office_phone": FieldReading(None, 0.0, page=1),
    }, page, 4.2)


def test_a_kept_reading_reads_back_as_it_was_read() -> None:
    """Another board would show other values, lose the grounds, or offer a value the
    reader was not sure of."""
    reading = a_reading()
    text = json.dumps(stored_json(reading), ensure_ascii=False)
    back = reading_from_json(text)
    assert (back.form, back.form_confidence, back.pages, back.form_page) == \
        ("I-247A", 0.968, 3, 1)
    assert back.seconds == pytest.approx(4.2)
    for name, field in reading.fields.items():
        restored = back.fields[name]
        assert (restored.value, restored.confidence, restored.raw, restored.page) == \
            (field.value, field.confidence, field.raw, field.page), name
        assert restored.boxes == field.boxes, name
    assert back.fields["citizenship"].value is None  # not read surely: still not offered
    assert back.page_image is None
    assert stored_json(back) == stored_json(reading)  # and round again, unchanged


def test_the_printed_json_reads_back_without_crops() -> None:
    """`desk-app intake read --json`'s object (no boxes) is a reading as well."""
    back = reading_from_json(a_reading().as_json())
    assert back.form == "I-247A" and back.pages == 3
    assert back.fields["file_number"].value == "A123456789"
    assert back.fields["grounds"].value == ["final_order", "statements"]
    assert back.fields["file_number"].boxes == () and back.crop("file_number") is None


def test_the_crops_are_cut_from_the_faxs_stored_copy() -> None:
    """The reading board's crops would be missing beside the fields at another board."""
    pages = [Image.new("L", (1700, 2200), 255) for _ in range(3)]
    pages[1].paste(0, (320, 415, 600, 435))  # the form's page has the name's ink
    content = io.BytesIO()
    pages[0].save(content, "TIFF", save_all=True, append_images=pages[1:], dpi=(200, 200))
    kept = json.dumps(stored_json(a_reading()))
    back = kept_reading("ice-0001.tif", content.getvalue(), kept)
    assert back.page_image is not None and back.page_image.size == (1700, 2200)
    crop = back.crop("subject_name")
    assert crop is not None and crop.getextrema() == (0, 255)  # the ink, from page 2
    assert kept_form(kept) == "I-247A"


@pytest.mark.parametrize("kept", ["not json", "[1, 2]", '{"fields": [1]}',
                                  '{"pages": "many", "fields": {}}'])
def test_a_damaged_kept_reading_is_refused_in_words(kept: str) -> None:
    """A board would crash on a reading it cannot read back, instead of reading the fax."""
    with pytest.raises(StoredReadingError):
        reading_from_json(kept)
    assert kept_form(kept) == ""
