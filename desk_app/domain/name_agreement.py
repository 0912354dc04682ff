"""Offering the subject's name only when two readings of it agree.

A name is on no list the reader could check it against, and one wrong letter makes a
wrong record: "SILVA ALL, PAULO" read for "SILVA ALI, PAULO" at standard fax resolution,
where every other line of the page is missing and the foot of an L can go with it. The
recogniser's score is the mean of its letters' scores, so one doubtful letter hides
among sure ones. A name read less than surely is therefore read again (the second
look's strips, at two heights) and offered only when two readings spell it the same. A
glyph that stands for either of two capitals in a name printed in capitals (a lowercase
"l", "|", "1" or "!" for an I or an L; "rn" for an M), or a letter the recogniser was
hardly sure of, settles nothing: such a reading neither is offered nor backs another.
What is not agreed is left empty for the officer, with the reading kept as the
candidate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from desk_app.domain import form_values as fv
from desk_app.domain.form_reading import THRESHOLDS, FieldReading

NAME_SURE = 0.9  # a name read this surely, with no doubtful glyph, is not read again
LETTER_DOUBT = 0.45  # a letter the recogniser scored lower than this is read again
DOUBTFUL = re.compile(r"[l|!1]|rn")  # glyphs that stand for either of two capitals
ALTERNATIVES = {"l": "[IL]", "|": "[IL]", "!": "[IL]", "1": "[IL]", "rn": "(?:RN|M)"}
GLYPH = re.compile(r"rn|.", re.DOTALL)
UNAGREED = 0.5  # the confidence of a name no second reading agreed with, times its own


def doubtful(reading: FieldReading) -> bool:
    """Whether the reading's words hold a glyph that could be either of two capitals, or
    a letter the recogniser was hardly sure of."""
    weakest = min(reading.letters, default=1.0)
    return bool(DOUBTFUL.search(reading.raw)) or weakest < LETTER_DOUBT


def needs_second_reading(reading: FieldReading | None) -> bool:
    """Whether the name must be read again before it is offered."""
    return (reading is None or reading.value is None or reading.confidence < NAME_SURE
            or doubtful(reading))


def backs(other: FieldReading, offered: FieldReading) -> bool:
    """Whether the words `other` read spell the name exactly as `offered` does, word by
    word, whether or not they parse as a name (a comma lost, a "1" for an I): each
    doubtful glyph stands for either capital it may be, and nothing else is forgiven (a
    letter doubled or merged, a space added or lost: "OLIIVEIRA" read beside
    "OLIVEIRA", "CARLO S" beside "CARLOS", either may be the slip)."""
    if offered.candidate is None or not other.raw.strip():
        return False
    return spelled_as(other.raw).fullmatch(_words(str(offered.candidate))) is not None


def contradicts(other: FieldReading, offered: FieldReading) -> bool:
    """Whether `other` reads the name with a look-alike letter where `offered` has its
    twin ("SILVA ALI" against "SILVA ALL"): the same once look-alike glyphs are folded,
    and still not backing it."""
    if offered.candidate is None:
        return False
    return (_words(fv.look_alike(other.raw)) == _words(fv.look_alike(str(offered.candidate)))
            and not backs(other, offered))


def spelled_as(raw: str) -> re.Pattern[str]:
    """The names the words `raw` can stand for: each letter as its capital, a doubtful
    glyph as either capital it may be, any run of other marks as one space."""
    parts: list[str] = []
    for glyph in GLYPH.findall(fv.plain(raw)):
        if glyph in ALTERNATIVES or glyph.isalpha():
            parts.append(ALTERNATIVES.get(glyph, re.escape(glyph.upper())))
        elif parts and parts[-1] != " ":
            parts.append(" ")
    while parts and parts[-1] == " ":
        parts.pop()
    return re.compile("".join(parts))


def _words(name: str) -> str:
    return re.sub(r"[^A-Z\u00c0-\u024f]+", " ", name.upper()).strip()


def agreed(readings: Sequence[FieldReading]) -> FieldReading:
    """The name to offer among several readings of it (the first reading first): the
    surest reading that reaches the name's threshold, that another reading (parsed as a
    name or not) backs, and that none contradicts; else the first reading that gave a
    name, with no value and its confidence halved, so the officer types the name."""
    threshold = THRESHOLDS["subject_name"]
    read = [r for r in readings if r.candidate is not None]
    for offered in sorted(read, key=lambda r: r.confidence, reverse=True):
        others = [r for r in readings if r is not offered]
        if (offered.confidence >= threshold and any(backs(r, offered) for r in others)
                and not any(contradicts(r, offered) for r in others)):
            return replace(offered, value=offered.candidate)
    if not read:
        return readings[0] if readings else FieldReading(None, 0.0)
    first = read[0]
    return replace(first, value=None, confidence=round(first.confidence * UNAGREED, 3))
