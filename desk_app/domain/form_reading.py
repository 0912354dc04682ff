"""Finding the fields of an ICE form among the lines of text read off its page.

The recogniser gives boxes of text with a score; this module straightens them (a fax is
skewed by up to a few degrees), groups them into printed lines, finds each label of the
form ("Subject ID:", "Name of Alien:", "Date of Birth:"...) and takes the words after it
up to the next label as its value. A value that does not fit its field (a date that is
no date, an A-number without nine digits) is not a reading. Each field's confidence is
the recogniser's score times how well the words fitted; `FieldReading.value` is None
below the field's threshold, so the officer types it instead of trusting a guess.
"""

from __future__ import annotations

import difflib
import math
import re
import statistics
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from desk_app.domain import form_values as fv

FIELD_NAMES = ("subject_name", "date_of_birth", "citizenship", "sex", "file_number",
               "subject_id", "event_number", "date", "issuing_office", "office_phone",
               "grounds", "requests", "signing_officer")

# Below these the value is not offered (tuned on the generated faxes: bench/intake_bench.py).
THRESHOLDS: dict[str, float] = {
    "subject_name": 0.60, "date_of_birth": 0.82, "citizenship": 0.70, "sex": 0.80,
    "file_number": 0.90, "subject_id": 0.85, "event_number": 0.90, "date": 0.82,
    "issuing_office": 0.80, "office_phone": 0.82, "grounds": 0.80, "requests": 0.80,
    "signing_officer": 0.85,
}

# label -> field; each label is matched at the start of a word, case-insensitively.
LABELS: dict[str, str] = {
    r"su[bh]j[eo]ct\W*[il1|]\s*[d0o]\s*[:;.]?": "subject_id",
    r"(?:eve[nm][il1|]?t\W*[#*]?|ev[a-z]{1,4}t\W{0,2}[#*])\s*[:;.]?": "event_number",
    r"f[il1|]{1,2}e\W*n[o0]\s*[:;.]?": "file_number",
    r"da[tl][eoa]\W*[o0][ft]\W*b[il1|]r[tl]h\s*[:;.]?": "date_of_birth",
    r"da[tl][eo]\s*[:;.]": "date",
    r"na(?:rn|[rm]{1,2})[eo]\W*[o0][ft]\W*(?:a[l1|I]{1,2}[a-z]{1,2}[nm]|subj[eo]ct)\s*[:;.]?":
        "subject_name",
    r"c[il1|h]{1,2}t[il1|h]{0,2}[tz][eoa]n\W*sh[il1|]{1,2}p\s*[:;.]?": "citizenship",
    r"s[eo]x(?![a-z])\s*[:;.]?": "sex",
}
LABEL_PATTERN = re.compile("|".join(f"(?P<l{n}>{p})" for n, p in enumerate(LABELS)),
                           re.IGNORECASE)
PARSERS: dict[str, Callable[[str], fv.Parsed]] = {
    "subject_id": fv.parse_digits, "event_number": fv.parse_event_number,
    "file_number": fv.parse_file_number, "date_of_birth": fv.parse_date,
    "date": fv.parse_date, "subject_name": fv.parse_name, "sex": fv.parse_sex,
    "office_phone": fv.parse_phone,
}


@dataclass(frozen=True)
class TextBox:
    """One box of text the recogniser read: its corners on the page image (clockwise
    from the top left), the text, the recogniser's score (the mean of its characters')
    and, when the recogniser gave them, each character's score."""

    text: str
    score: float
    corners: tuple[tuple[float, float], ...]
    letters: tuple[float, ...] = ()

    @property
    def left(self) -> float:
        return min(x for x, _ in self.corners)

    @property
    def right(self) -> float:
        return max(x for x, _ in self.corners)

    @property
    def top(self) -> float:
        return min(y for _, y in self.corners)

    @property
    def bottom(self) -> float:
        return max(y for _, y in self.corners)

    @property
    def angle(self) -> float:
        """The slope of the box's top edge, radians."""
        (x0, y0), (x1, y1) = self.corners[0], self.corners[1]
        return math.atan2(y1 - y0, x1 - x0) if x1 != x0 else 0.0


@dataclass(frozen=True)
class FieldReading:
    """What was read for one field: the value (None when not confident), the confidence,
    the raw words and where on the page they were (for the crop shown beside the field)."""

    value: object
    confidence: float
    raw: str = ""
    boxes: tuple[TextBox, ...] = ()
    page: int = 0
    candidate: object = None  # the value even below the threshold, to measure thresholds
    letters: tuple[float, ...] = ()  # the recogniser's score of each letter and digit read


@dataclass
class _Line:
    boxes: list[TextBox] = field(default_factory=list)
    middle: float = 0.0

    def text_and_spans(self, skew: float) -> tuple[str, list[tuple[int, int, TextBox]]]:
        text, spans = "", []
        for box in sorted(self.boxes, key=lambda b: straight(b, skew)[0]):
            piece = fv.plain(box.text).strip()
            if text:
                text += "  "
            spans.append((len(text), len(text) + len(piece), box))
            text += piece
        return text, spans


def page_skew(boxes: Sequence[TextBox]) -> float:
    """The page's skew, radians: the median slope of the wide boxes."""
    wide = [b.angle for b in boxes if b.right - b.left > 6 * (b.bottom - b.top)]
    return statistics.median(wide) if wide else 0.0


def straight(box: TextBox, skew: float) -> tuple[float, float]:
    """The box's middle in the page's own frame (the skew turned back)."""
    x = sum(c[0] for c in box.corners) / len(box.corners)
    y = sum(c[1] for c in box.corners) / len(box.corners)
    cos, sin = math.cos(skew), math.sin(skew)
    return x * cos + y * sin, -x * sin + y * cos


def printed_lines(boxes: Sequence[TextBox], skew: float) -> list[_Line]:
    """The boxes grouped into printed lines, top to bottom."""
    heights = [b.bottom - b.top for b in boxes] or [1.0]
    tolerance = 0.45 * statistics.median(heights)
    lines: list[_Line] = []
    for box in sorted(boxes, key=lambda b: straight(b, skew)[1]):
        middle = straight(box, skew)[1]
        if lines and abs(lines[-1].middle - middle) <= tolerance:
            line = lines[-1]
            line.boxes.append(box)
            line.middle = statistics.fmean(straight(b, skew)[1] for b in line.boxes)
        else:
            lines.append(_Line([box], middle))
    return lines


def _label_matches(lines: Sequence[_Line], skew: float
                   ) -> Iterator[tuple[str, int, int, list[tuple[int, int, TextBox]], str]]:
    """Each label found on each line, the first time its field is named: the field, where
    its value starts and ends in the line's text, the line's boxes by place, the text."""
    named: set[str] = set()
    for line in lines:
        text, spans = line.text_and_spans(skew)
        matches = [m for m in LABEL_PATTERN.finditer(text)
                   if m.start() == 0 or not text[m.start() - 1].isalnum()]
        for n, match in enumerate(matches):
            name = LABELS[list(LABELS)[int(str(match.lastgroup)[1:])]]
            end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
            if name in named or not text[match.end():end].strip(" .:;_'"):
                continue
            named.add(name)
            yield name, match.end(), end, spans, text


def labelled_values(lines: Sequence[_Line], skew: float
                    ) -> dict[str, tuple[str, tuple[TextBox, ...]]]:
    """Each labelled field's words (up to the next label) and the boxes they came from."""
    found: dict[str, tuple[str, tuple[TextBox, ...]]] = {}
    for name, start, end, spans, text in _label_matches(lines, skew):
        boxes = tuple(box for first, stop, box in spans if first < end and stop > start)
        found[name] = (text[start:end].strip(" .:;_'"), boxes)
    return found


def labelled_letters(lines: Sequence[_Line], skew: float) -> dict[str, tuple[float, ...]]:
    """The recogniser's score of each letter and digit of each labelled field's words
    (a field whose boxes came without them is left out)."""
    found: dict[str, tuple[float, ...]] = {}
    for name, start, end, spans, _text in _label_matches(lines, skew):
        scores = _letters_between(spans, start, end)
        if scores is not None:
            found[name] = scores
    return found


def _letters_between(spans: Sequence[tuple[int, int, TextBox]], start: int, end: int
                     ) -> tuple[float, ...] | None:
    """The scores of the letters and digits from `start` to `end` of a line's text."""
    scores: list[float] = []
    for first, stop, box in spans:
        if first >= end or stop <= start:
            continue
        if not box.letters or fv.plain(box.text) != box.text:
            return None
        lead = len(box.text) - len(box.text.lstrip())
        for at in range(max(first, start), min(stop, end)):
            if box.text[at - first + lead].isalnum():
                scores.append(box.letters[at - first + lead])
    return tuple(scores)


@dataclass(frozen=True)
class LabelSpot:
    """Where a label's words end on the page and how far its value may run: the start
    of the second look at a field whose value was not read surely."""

    end: tuple[float, float]  # the middle of the line just after the label, pixels
    height: float  # of the label's box
    room: float | None  # pixels to the next label on the same line, if any


def label_spots(lines: Sequence[_Line], skew: float) -> dict[str, LabelSpot]:
    """Each label found on the page and where its value should be."""
    spots: dict[str, LabelSpot] = {}
    for line in lines:
        text, spans = line.text_and_spans(skew)
        matches = [m for m in LABEL_PATTERN.finditer(text)
                   if m.start() == 0 or not text[m.start() - 1].isalnum()]
        ends = [_x_at(spans, m.end()) for m in matches]
        starts = [_x_at(spans, m.start()) for m in matches]
        for n, match in enumerate(matches):
            name = LABELS[list(LABELS)[int(str(match.lastgroup)[1:])]]
            found = ends[n]
            if name in spots or found is None:
                continue
            box, x = found
            following = starts[n + 1] if n + 1 < len(starts) else None
            room = max(0.0, following[1] - x) if following is not None else None
            (x0, y0), (x1, y1) = box.corners[0], box.corners[1]
            (x2, y2), (x3, y3) = box.corners[2], box.corners[3]
            middle_left = ((x0 + x3) / 2, (y0 + y3) / 2)
            middle_right = ((x1 + x2) / 2, (y1 + y2) / 2)
            share = (x - box.left) / max(box.right - box.left, 1.0)
            end = (middle_left[0] + share * (middle_right[0] - middle_left[0]),
                   middle_left[1] + share * (middle_right[1] - middle_left[1]))
            spots[name] = LabelSpot(end, box.bottom - box.top, room)
    return spots


def _x_at(spans: Sequence[tuple[int, int, TextBox]], position: int
          ) -> tuple[TextBox, float] | None:
    """The box holding the character at `position` of a line's text and its x there
    (estimated from the share of the box's characters before it)."""
    for start, stop, box in spans:
        if start <= position <= stop:
            share = (position - start) / max(stop - start, 1)
            return box, box.left + share * (box.right - box.left)
    return None


def read_labelled(boxes: Sequence[TextBox], page: int = 0) -> dict[str, FieldReading]:
    """The labelled fields of the form's page, each parsed and scored."""
    skew = page_skew(boxes)
    lines = printed_lines(boxes, skew)
    readings: dict[str, FieldReading] = {}
    letters = labelled_letters(lines, skew)
    for name, (words, sources) in labelled_values(lines, skew).items():
        if name == "citizenship":
            continue
        parsed = PARSERS[name](words)
        readings[name] = scored(name, parsed, words, sources, page, letters.get(name, ()))
    return readings


def box_letters(box: TextBox) -> tuple[float, ...]:
    """The scores of the letters and digits of a box's words."""
    if len(box.letters) != len(box.text):
        return ()
    return tuple(s for c, s in zip(box.text, box.letters, strict=True) if c.isalnum())


def scored(name: str, parsed: fv.Parsed, words: str, sources: tuple[TextBox, ...],
           page: int, letters: tuple[float, ...] = ()) -> FieldReading:
    """The field's reading: the value when the recogniser's score times the parse's
    fit reaches the field's threshold, else only the candidate."""
    # A box holding only a speck read as punctuation says nothing of the words' score.
    worded = [b for b in sources if any(c.isalnum() for c in b.text)] or sources
    score = min((b.score for b in worded), default=0.0)
    if parsed is None:
        return FieldReading(None, 0.0, words, sources, page, letters=letters)
    value, fit = parsed
    confidence = round(score * fit, 3)
    shown = value if confidence >= THRESHOLDS[name] else None
    return FieldReading(shown, confidence, words, sources, page, value, letters)


def read_known_word(name: str, words: str, sources: tuple[TextBox, ...],
                    known: tuple[str, ...], page: int = 0) -> FieldReading:
    """A field whose values are listed (citizenship, issuing office): the nearest listed
    word when it is near, else the words as read, less sure."""
    parsed = fv.closest(words, known)
    if parsed is None:
        cleaned = re.sub(r"\s+", " ", fv.plain(words)).strip(" .:;,'")
        parsed = (cleaned, 0.75) if re.fullmatch(r"[A-Za-z .,'\-]{3,60}", cleaned) else None
    return scored(name, parsed, words, sources, page)


BIRTH_DATE = re.compile(r"^\W*[\dOoIl|]{1,2}\W{1,2}[\dOoIl|]{1,2}\W{1,2}[\dOoIl|]{4}")
UNLABELLED = 0.95  # a listed word found where its label should have been: a little less sure


def citizenship_beside_birth(words: str, sources: tuple[TextBox, ...],
                             countries: tuple[str, ...], page: int = 0
                             ) -> FieldReading | None:
    """The citizenship when its label was read too badly to be found ("Cltzenhp"): the
    form prints it on the birth date's line, so the words read for the date of birth
    run on to it. After the date, the words past the garbled label's colon, or else the
    last three, two or one words, when they are near a listed country (never a word
    that is not listed: without its label, only a country is a citizenship)."""
    rest = BIRTH_DATE.sub("", fv.plain(words)).strip()
    tokens = rest.rsplit(":", 1)[-1].split()
    for count in (3, 2, 1):
        if len(tokens) < count:
            continue
        tail = " ".join(tokens[-count:])
        parsed = fv.closest(tail, countries, cutoff=0.85)
        if parsed is not None:
            return scored("citizenship", (parsed[0], parsed[1] * UNLABELLED), tail, sources,
                          page)
    return None


def form_type(boxes: Sequence[TextBox], titles: Mapping[str, Sequence[str]]
              ) -> tuple[str | None, float]:
    """Which form the page is, from its title words, and how sure (a title read with a
    letter or two wrong, "NOTICE OF.ACTLON", still names its form, less surely)."""
    best: tuple[str | None, float] = (None, 0.0)
    for box in boxes:
        text = re.sub(r"[^A-Z]", "", fv.plain(box.text).upper())
        for form, phrases in titles.items():
            for phrase in phrases:
                wanted = re.sub(r"[^A-Z]", "", phrase.upper())
                fit = title_fit(text, wanted)
                if not fit:
                    continue
                score = box.score * fit
                if score > best[1] or (score == best[1] and len(wanted) > 10):
                    best = (form, score)
    return best


def title_fit(text: str, wanted: str, least: float = 0.86) -> float:
    """How nearly `text` holds the title `wanted` (letters only): 1.0 when it holds it
    whole, the best likeness of a stretch of the same length when that reaches
    `least`, else 0.0."""
    if not wanted or len(text) < len(wanted) - 2:
        return 0.0
    if wanted in text:
        return 1.0
    best = max(difflib.SequenceMatcher(None, text[start: start + len(wanted)], wanted).ratio()
               for start in range(max(1, len(text) - len(wanted) + 1)))
    return round(best, 3) if best >= least else 0.0
