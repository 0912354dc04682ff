"""Reading the words on a fax page, on this computer, with RapidOCR's ONNX models.

`rapidocr-onnxruntime` ships its detection and recognition models inside the wheel and
runs them with ONNX Runtime on Windows and Linux alike, so nothing is downloaded and
nothing leaves the desk (docs/intake.md says why it was chosen). To stay within a few
seconds a page on two cores, the text is found on a reduced copy of the page, and only
the words the form reader needs are recognised: every box in the header and subject
block, and the first words of each line below it (enough to know which checkbox line or
request it is), plus the short boxes there (the phone number, the officer's name).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from PIL import Image

from desk_app.domain.form_reading import TextBox

DETECT_WIDTH = 860  # pixels across the reduced copy the text boxes are found on
HEAD_SHARE = 0.32  # the top of the page that holds the header and the subject block
LONG_BOX = 3.2  # inches: a box wider than this below the head is a line of the form's text
FIRST_WORDS = 1.4  # inches of such a line that are recognised
RULE_INCHES = 0.3  # a straight run of ink this long is a printed rule, not a letter

_lock = threading.Lock()
_engine: Any = None


def _ocr() -> Any:
    """The recogniser, loaded once (about half a second) and shared by every reading."""
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]  # no stubs

        _engine = RapidOCR(use_cls=False)
    return _engine


def read_words(page: Image.Image, dpi: float) -> list[TextBox]:
    """The boxes of text on `page` (greyscale, square pixels at `dpi`), with their words."""
    import cv2

    with _lock:
        engine = _ocr()
        full = np.asarray(without_rules(page, dpi).convert("RGB"))
        scale = min(1.0, DETECT_WIDTH / full.shape[1])
        small = cv2.resize(full, (round(full.shape[1] * scale), round(full.shape[0] * scale)),
                           interpolation=cv2.INTER_AREA)
        found, _elapsed = engine.text_det(small)
        if found is None or len(found) == 0:
            return []
        corners = [np.asarray(box, dtype=np.float32) / scale for box in found]
        crops = engine.get_crop_img_list(full, corners)
        crops = [_needed_part(crop, box, full.shape[0], dpi)
                 for crop, box in zip(crops, corners, strict=True)]
        words, _elapsed = engine.text_rec(crops, return_word_box=True)
    return [TextBox(str(line[0]), float(line[1]), tuple((float(x), float(y)) for x, y in box),
                    letter_scores(line))
            for box, line in zip(corners, words, strict=True)]


def letter_scores(line: tuple[Any, ...]) -> tuple[float, ...]:
    """The recogniser's score of each character of a line it read (asked with
    `return_word_box`, RapidOCR adds them after the text and the mean score), or none
    when they do not match the text: the mean hides one doubtful letter among many."""
    text = str(line[0])
    scores = line[2][4] if len(line) > 2 and len(line[2]) > 4 else []
    if len(scores) != len(text):
        return ()
    return tuple(float(s) for s in scores)


def without_rules(page: Image.Image, dpi: float) -> Image.Image:
    """The page with its printed rules (the lines names and dates are typed on) taken
    out: a rule touching the letters above it lowers the recogniser's score."""
    import cv2

    gray = np.asarray(page.convert("L"))
    ink = (gray < 128).astype(np.uint8)
    run = max(20, round(RULE_INCHES * dpi))
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    if not rules.any():
        return page
    rules = cv2.dilate(rules, np.ones((3, 1), np.uint8))
    cleaned = gray.copy()
    cleaned[rules > 0] = 255
    return Image.fromarray(cleaned)


def _needed_part(crop: np.ndarray, box: np.ndarray, height: int, dpi: float) -> np.ndarray:
    """The part of a box worth recognising: all of it in the head of the page or when it
    is short; the first words of a long line of the form's printed text."""
    top = float(box[:, 1].min())
    if top < HEAD_SHARE * height or crop.shape[1] <= LONG_BOX * dpi:
        return crop[:, : round(LONG_BOX * dpi * 1.3)]
    return crop[:, : round(FIRST_WORDS * dpi)]


Quad = tuple[tuple[float, float], ...]


def recognise(page: Image.Image, regions: list[Quad], dpi: float
              ) -> list[tuple[str, float, tuple[float, ...]]]:
    """The words in each region of `page` (four corners, clockwise from the top left;
    a skewed region is straightened), recognised without looking for text first: the
    second look at a field whose words the detector missed or cut short."""
    if not regions:
        return []
    with _lock:
        engine = _ocr()
        full = np.asarray(without_rules(page, dpi).convert("RGB"))
        crops = engine.get_crop_img_list(full, [np.asarray(q, dtype=np.float32)
                                                for q in regions])
        words, _elapsed = engine.text_rec(crops, return_word_box=True)
    return [(str(line[0]), float(line[1]), letter_scores(line)) for line in words]
