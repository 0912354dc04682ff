"""How large the wall display's type can be: every row in view, the screen filled.

A board row is long and low: seven columns of names, dates and words on one line. On a
1920x1080 screen with a dozen rows the width runs out long before the height (the type
stopped at about 12 pt and the lower half of the screen stayed empty), so each row may
also be set on two lines: the long cells split at the space nearest their middle ("Tue
8 Dec / 04:35", "D26-A005 / I-247A", a name on two lines), which halves the width they
need. `best_fit` tries both and keeps the larger type; the rows then share out what
height is left, so a short board fills the screen and a long one shrinks, and pages
when even the smallest type cannot hold it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

LARGEST_PT, SMALLEST_PT = 48, 11
SPLIT_FROM = 12  # characters: shorter texts ("1 d 23 h", "00:39:35") stay on one line
ROW_SPACING = 0.35  # of a line: the gap between the text and the row's grid line
HEADER_SPACING = 0.6
GROW_AT_MOST = 0.5  # a row may grow by half its height to fill the screen, no more


class Fit(NamedTuple):
    """The type size, the lines per row, and the row and header heights in pixels."""

    points: int
    lines: int
    row: int
    header: int


def two_lines(text: str) -> str:
    """`text` on two lines, split at the space nearest its middle (at a " · " the dot
    goes; never inside brackets); texts under SPLIT_FROM characters, or without a space,
    stay whole."""
    if len(text) < SPLIT_FROM or "\n" in text:
        return text
    best: tuple[int, str] | None = None
    for position, char in enumerate(text):
        if char != " " or text.count("(", 0, position) > text.count(")", 0, position):
            continue
        first, second = text[:position].rstrip(" ·"), text[position + 1:].lstrip(" ·")
        if not first or not second:
            continue
        longest = max(len(first), len(second))
        if best is None or longest <= best[0]:  # a tie: the longer first line
            best = (longest, f"{first}\n{second}")
    return text if best is None else best[1]


def shown(text: str, lines: int) -> str:
    """What a cell or a header says when rows have `lines` lines."""
    return two_lines(text) if lines == 2 else text


def text_width(texts: Sequence[str], advance: Callable[[str], float]) -> float:
    """The widest line among `texts` (each may hold several lines)."""
    return max((advance(line) for text in texts for line in text.split("\n")), default=0.0)


def heights(line: float, lines: int) -> tuple[int, int]:
    """The row and header heights for a font whose line is `line` pixels high."""
    return int(line * (lines + ROW_SPACING)), int(line * (lines + HEADER_SPACING))


def best_fit(rows: int, room: int, width_room: int,
             widths: dict[int, float], line_at: Callable[[int], float],
             reference_pt: int) -> Fit:
    """The largest type at which `rows` rows and the header fit `room` pixels high
    and the columns `width_room` wide, on one line or two (one when both give the
    same); `widths[lines]` is what the columns need at `reference_pt`. The rows then
    grow into the height left, by GROW_AT_MOST at most. Too many rows for even the
    smallest type: the smallest type on one line (the rows page)."""
    chosen: Fit | None = None
    for lines in (1, 2):
        for points in range(LARGEST_PT, SMALLEST_PT - 1, -1):
            row, header = heights(line_at(points), lines)
            wide_enough = widths[lines] * points / reference_pt <= width_room
            if header + rows * row <= room and wide_enough:
                if chosen is None or points > chosen.points:
                    chosen = Fit(points, lines, row, header)
                break
    if chosen is None:
        row, header = heights(line_at(SMALLEST_PT), 1)
        return Fit(SMALLEST_PT, 1, row, header)
    spare = room - chosen.header - rows * chosen.row
    if rows and spare > 0:
        grown = chosen.row + min(spare // rows, int(chosen.row * GROW_AT_MOST))
        chosen = chosen._replace(row=grown)
    return chosen
