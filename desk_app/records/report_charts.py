"""The charts of the printed reports, drawn with reportlab.graphics in the embedded fonts.

Policy 413 §E asks for charts (resident vs. non-resident, reason for detainer, reason
for arrest) that the command staff read on paper. Each chart prints its numbers beside
the bars or in the legend, so a grey-scale copy still says everything, and every label
goes through the record fonts, so an offense typed in any script prints as typed. The
charts only draw what `report_figures` computed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from desk_app.records.fonts import REGULAR, desk_fonts
from desk_app.records.pdf_layout import GRID, INK, MUTED

# Okabe-Ito colours: told apart by readers with colour-blindness, and in grey.
PALETTE = tuple(colors.HexColor(c) for c in (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F7F7F",
    "#F0E442", "#000000"))
LABEL_SIZE = 8.5
VALUE_SIZE = 8.5
BAR = 12.0
BAR_GAP = 5.0
ROW_GAP = 6.0
ELLIPSIS = "…"
EMPTY = "No detainers in this period"

Series = Sequence[tuple[str, Sequence[int]]]


def colour(index: int) -> colors.Color:
    """The palette colour of the `index`-th slice or series."""
    return PALETTE[index % len(PALETTE)]


def text_width(text: str, size: float = LABEL_SIZE, bold: bool = False) -> float:
    """Printed width of one line of any script, in points."""
    return desk_fonts().width(text, size, bold)


def fit(text: str, width: float, size: float = LABEL_SIZE, bold: bool = False) -> str:
    """`text`, cut short with an ellipsis if it would print wider than `width`."""
    if text_width(text, size, bold) <= width + 0.01:  # no ellipsis for a rounding error
        return text
    while text and text_width(text + ELLIPSIS, size, bold) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def label(x: float, y: float, text: str, size: float = LABEL_SIZE, anchor: str = "start",
          bold: bool = False, fill: colors.Color = INK) -> Group:
    """One line of text in as many embedded fonts as its scripts need.

    `anchor` is "start", "middle" or "end", as for a reportlab `String`.
    """
    fonts = desk_fonts()
    runs = fonts.runs(fonts.visual_order(text), bold)
    total = sum(pdfmetrics.stringWidth(r.text, r.font, size) for r in runs)
    x -= {"start": 0.0, "middle": total / 2, "end": total}[anchor]
    group = Group()
    for run in runs:
        group.add(String(x, y, run.text, fontName=run.font, fontSize=size, fillColor=fill))
        x += pdfmetrics.stringWidth(run.text, run.font, size)
    return group


def nice_step(largest: int, ticks: int = 4) -> int:
    """A round gridline step (1, 2, 5, 10, 20...) giving about `ticks` lines."""
    raw = max(largest / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def canvas(width: float, height: float) -> Drawing:
    """An empty drawing whose initial font is the embedded one.

    Without it, reportlab starts every drawing by selecting Helvetica, which is then
    listed (not embedded) in the PDF even though no text is set in it.
    """
    return Drawing(width, height, initialFontName=REGULAR, initialFontSize=LABEL_SIZE)


def box(x: float, y: float, width: float, height: float, fill: colors.Color | None,
        stroke: colors.Color | None = None, stroke_width: float | None = None) -> Rect:
    """A filled and/or outlined rectangle: a legend key, a bar, a frame.

    The colours are set after construction: types-reportlab types `Rect`'s keyword
    arguments as one TypedDict instead of unpacking it, so no keyword checks.
    """
    rect = Rect(x, y, width, height)
    rect.fillColor = fill
    rect.strokeColor = stroke
    if stroke_width is not None:
        rect.strokeWidth = stroke_width
    return rect


def _empty(width: float, height: float) -> Drawing:
    drawing = canvas(width, height)
    drawing.add(box(0, 0, width, height, None, GRID, 0.5))
    drawing.add(label(width / 2, height / 2 - 3, EMPTY, 9, "middle", fill=MUTED))
    return drawing


def pie_chart(data: Sequence[tuple[str, int]], width: float, height: float) -> Drawing:
    """A pie with a legend giving each label, its count and its share."""
    total = sum(n for _, n in data)
    if not total:
        return _empty(width, height)
    drawing = canvas(width, height)
    diameter = min(height - 12, width * 0.45)
    shown = [(i, n) for i, (_, n) in enumerate(data) if n]
    pie = Pie()
    # types-reportlab declares these int; reportlab takes any number (isNumber)
    pie.x, pie.y = 6, (height - diameter) / 2  # type: ignore[assignment]
    pie.width = pie.height = diameter  # type: ignore[assignment]
    pie.data = [n for _, n in shown]
    pie.labels = None
    pie.startAngle = 90
    pie.direction = "clockwise"
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 1
    for slot, (index, _) in enumerate(shown):
        pie.slices[slot].fillColor = colour(index)
    drawing.add(pie)
    left = pie.x + diameter + 14
    line = 26.0
    top = height / 2 + (len(data) - 1) * line / 2
    for index, (text, n) in enumerate(data):
        y = top - index * line
        drawing.add(box(left, y - 1, 9, 9, colour(index)))
        drawing.add(label(left + 14, y, fit(text, width - left - 16, 9), 9, bold=True))
        share = f"{n} ({100 * n / total:.0f}%)"
        drawing.add(label(left + 14, y - 11, share, VALUE_SIZE, fill=MUTED))
    return drawing


def bar_chart(categories: Sequence[str], series: Series, width: float) -> Drawing:
    """Horizontal bars, one row per category (long labels read across), counts at the
    bar ends; with several series, one bar each per row and a legend on top."""
    largest = max((n for _, values in series for n in values), default=0)
    if not categories or not largest:
        return _empty(width, 40)
    label_w = min(width * 0.42, max(text_width(c) for c in categories) + 8)
    value_w = text_width(str(largest), VALUE_SIZE) + 6
    plot_w = width - label_w - value_w
    row_h = len(series) * BAR + (len(series) - 1) * 1.5 + ROW_GAP
    legend_h = 16.0 if len(series) > 1 else 0.0
    height = legend_h + len(categories) * row_h + 4
    drawing = canvas(width, height)
    if legend_h:
        x = label_w
        for index, (name, _) in enumerate(series):
            drawing.add(box(x, height - 10, 8, 8, colour(index)))
            drawing.add(label(x + 12, height - 9, name))
            x += text_width(name) + 30
    step = nice_step(largest)
    scale = plot_w / (math.ceil(largest / step) * step)
    plot_top = height - legend_h
    for tick in range(step, largest + 1, step):
        x = label_w + tick * scale
        drawing.add(Line(x, 2, x, plot_top, strokeColor=GRID, strokeWidth=0.4,
                         strokeDashArray=[2, 2]))
    for row, category in enumerate(categories):
        y = plot_top - (row + 1) * row_h + ROW_GAP / 2
        middle = y + (row_h - ROW_GAP) / 2 - 3
        drawing.add(label(label_w - 6, middle, fit(category, label_w - 8), anchor="end"))
        for index, (_, values) in enumerate(reversed(series)):
            colour_index = len(series) - 1 - index
            bar_y = y + index * (BAR + 1.5)
            length = values[row] * scale
            if length:
                drawing.add(box(label_w, bar_y, length, BAR, colour(colour_index)))
            drawing.add(label(label_w + length + 3, bar_y + 3, str(values[row]), VALUE_SIZE))
    drawing.add(Line(label_w, 0, label_w, plot_top, strokeColor=MUTED, strokeWidth=0.6))
    return drawing


def column_chart(data: Sequence[tuple[str, int]], width: float, height: float) -> Drawing:
    """Vertical bars (months of a period), the count above each, gridlines behind."""
    largest = max((n for _, n in data), default=0)
    drawing = canvas(width, height)
    axis_w, base, head = 24.0, 16.0, 14.0
    plot_w, plot_h = width - axis_w - 4, height - base - head
    step = nice_step(largest)
    top_value = max(math.ceil(largest / step) * step, step)
    scale = plot_h / top_value
    for tick in range(0, top_value + 1, step):
        y = base + tick * scale
        drawing.add(Line(axis_w, y, width - 4, y, strokeColor=GRID if tick else MUTED,
                         strokeWidth=0.4 if tick else 0.6))
        drawing.add(label(axis_w - 4, y - 3, str(tick), 7.5, "end", fill=MUTED))
    slot = plot_w / max(len(data), 1)
    bar_w = min(slot * 0.6, 46)
    for index, (text, n) in enumerate(data):
        centre = axis_w + slot * (index + 0.5)
        if n:
            drawing.add(box(centre - bar_w / 2, base, bar_w, n * scale, PALETTE[0]))
        drawing.add(label(centre, base + n * scale + 3, str(n), VALUE_SIZE, "middle",
                          bold=True))
        drawing.add(label(centre, base - 11, fit(text, slot - 4), LABEL_SIZE, "middle"))
    return drawing

