"""One detainer number, however it was typed, pasted or imported.

A number copied from a fax, a PDF or a spreadsheet may come with a different case,
full-width letters, a Unicode hyphen (U+2010) instead of '-', or invisible characters
(a zero-width space, a direction mark). Each of those used to make a second detainer
for the same person. `canonical_number` gives the one form that is stored and compared:
NFKC, every dash as '-', invisible format and direction-control characters removed,
upper case, no outer spaces.

Direction controls (U+202A-U+202E, U+2066-U+2069, marks) in a name make it display
differently from what is stored (an RTL override turns "Smith" around on screen), so
names that hold them are refused (`direction_controls`).
"""

from __future__ import annotations

import unicodedata

# Explicit embeddings, overrides, isolates and the direction marks.
DIRECTION_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                               "\u2066\u2067\u2068\u2069")
# Dashes NFKC leaves alone: hyphen, non-breaking hyphen, figure dash, en and em dash,
# horizontal bar, minus sign, small and full-width hyphen-minus (NFKC maps the last two).
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")


def canonical_number(text: str) -> str:
    """The stored and compared form of an identifier such as a detainer number."""
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for char in text:
        if char in DASHES:
            kept.append("-")
        elif unicodedata.category(char) == "Cf":  # zero-width, direction, soft hyphen
            continue
        else:
            kept.append(char)
    # Upper case can make a letter NFKC composes differently: normalise once more.
    return unicodedata.normalize("NFKC", "".join(kept).upper()).strip()


def direction_controls(text: str) -> bool:
    """True when `text` holds a character that changes the direction text is shown in."""
    return any(char in DIRECTION_CONTROLS for char in text)
