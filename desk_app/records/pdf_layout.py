"""The look shared by every printed record: page, header, footer, tables, wording.

US Letter, the department's name at the top of every page, "Printed by ... at ..."
and "Page N of M" at the foot, section headings and light-grid tables, every piece of
text set through `FontSet.markup` so that any script prints. No Qt here: the GUI
calls these functions off its own thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desk_app import __version__
from desk_app.domain.instants import NONE as NONE  # shared with the sheets
from desk_app.records.fonts import BOLD, REGULAR, FontSet, desk_fonts

PAGE_SIZE = LETTER
MARGIN = 0.6 * inch
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN
GRID = colors.HexColor("#b8bec6")
SHADE = colors.HexColor("#eef1f4")
INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#59616b")
CELL_PAD = 12  # a table cell's left and right padding (ReportLab's 6 pt each)


def format_date(day: date | None) -> str:
    """A calendar date without a time: "3 Mar 1990"."""
    if day is None:
        return NONE
    return f"{day.day} {day:%b %Y}"


def yes_no(value: bool | None) -> str:
    """Yes, No, or "unknown" for a follow-up nobody has recorded yet."""
    if value is None:
        return "unknown"
    return "Yes" if value else "No"


def text_or_none(value: str) -> str:
    """The value, or a dash so that an empty box reads as empty, not as forgotten."""
    return value.strip() or NONE


@dataclass(frozen=True)
class PageDecor:
    """What the header and footer of every page say."""

    department: str
    document: str
    printed: str


class Styles:
    """The paragraph styles of the records, all in the embedded fonts."""

    def __init__(self) -> None:
        base = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=11.5,
                              textColor=INK)
        self.body = base
        self.title = ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16,
                                    leading=20, spaceAfter=2)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13,
                                       textColor=MUTED, spaceAfter=6)
        self.heading = ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=11,
                                      leading=14, spaceBefore=10, spaceAfter=4,
                                      keepWithNext=True)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5)
        self.label = ParagraphStyle("label", parent=self.cell, textColor=MUTED)
        self.note = ParagraphStyle("note", parent=base, fontSize=8, leading=10,
                                   textColor=MUTED)
        self.large = ParagraphStyle("large", parent=base, fontSize=12, leading=16)


class Writer:
    """Builds the flowables of a record: paragraphs, headings and tables of any text."""

    def __init__(self) -> None:
        self.fonts: FontSet = desk_fonts()
        self.styles = Styles()

    def para(self, text: str, style: ParagraphStyle | None = None, bold: bool = False,
             width: float = CONTENT_WIDTH) -> Paragraph:
        """A paragraph of plain text (never markup), in whatever scripts it holds.

        `width` is the width it is set in, so that right-to-left text wraps correctly.
        """
        style = style or self.styles.body
        return Paragraph(self.fonts.markup(text, bold, width, style.fontSize), style)

    def rich(self, parts: Sequence[tuple[str, bool]],
             style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of short plain-text pieces, each bold or not, on one line."""
        style = style or self.styles.body
        return Paragraph("".join(self.fonts.markup(t, b, CONTENT_WIDTH, style.fontSize)
                                 for t, b in parts), style)

    def heading(self, text: str) -> Paragraph:
        """A section heading."""
        return self.para(text, self.styles.heading, bold=True)

    def fields(self, rows: Sequence[tuple[str, str]], pairs_per_row: int = 2,
               label_width: float | None = None) -> Table:
        """Label/value pairs in a light grid, `pairs_per_row` pairs across the page."""
        label_w = label_width or (1.25 * inch if pairs_per_row == 2 else 1.6 * inch)
        value_w = CONTENT_WIDTH / pairs_per_row - label_w
        data: list[list[Any]] = []
        for start in range(0, len(rows), pairs_per_row):
            line: list[Any] = []
            for label, value in rows[start:start + pairs_per_row]:
                line += [self.para(label, self.styles.label, width=label_w - CELL_PAD),
                         self.para(value, self.styles.cell, width=value_w - CELL_PAD)]
            line += ["", ""] * (pairs_per_row - len(rows[start:start + pairs_per_row]))
            data.append(line)
        widths = [label_w, value_w] * pairs_per_row
        table = Table(data, colWidths=widths, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        commands += [("BACKGROUND", (c, 0), (c, -1), SHADE)
                     for c in range(0, 2 * pairs_per_row, 2)]
        table.setStyle(table_style(commands))
        return table

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]],
             widths: Sequence[float]) -> Table:
        """A table with a shaded header row repeated on every page it runs onto."""
        scale = CONTENT_WIDTH / sum(widths)
        cols = [w * scale for w in widths]
        data: list[list[Any]] = [[self.para(h, self.styles.cell, bold=True, width=w - CELL_PAD)
                                  for h, w in zip(header, cols, strict=True)]]
        data += [[self.para(cell, self.styles.cell, width=w - CELL_PAD)
                  for cell, w in zip(row, cols, strict=True)] for row in rows]
        table = Table(data, colWidths=cols, repeatRows=1, hAlign="LEFT")
        table.setStyle(table_style([
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        return table

    def gap(self, points: float = 6) -> Spacer:
        """Vertical space between blocks."""
        return Spacer(1, points)


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A table style whose plain-string cells (even empty ones) use the embedded font.

    Without it ReportLab sets such cells in Helvetica, a standard-14 font that is not
    embedded and has no glyph outside Latin-1.
    """
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


class NumberedCanvas(Canvas):
    """A canvas that holds its pages back until the end, to print "Page N of M"."""

    def __init__(self, *args: Any, decor: PageDecor, pages_after: int = 0,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._pages_after = pages_after
        self._pages: list[dict[str, Any]] = []
        self.page_count = 0

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        """Keep the finished page; it is drawn once the page count is known."""
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own, not in its stubs

    def save(self) -> None:
        """Draw header and footer on every kept page, then write the file."""
        count = len(self._pages)
        total = count + self._pages_after
        for state in self._pages:
            self.__dict__.update(state)  # also rewinds page_count: set it after
            number: int = self._pageNumber  # type: ignore[attr-defined]  # as _startPage
            draw_decor(self, self._decor, number, total)
            super().showPage()
        self.page_count = count
        super().save()


def draw_decor(canvas: Canvas, decor: PageDecor, page: int, total: int) -> None:
    """Header (department, document) and footer (who printed it, page N of M)."""
    fonts = desk_fonts()
    width, height = PAGE_SIZE
    left, right = MARGIN, width - MARGIN
    canvas.saveState()
    canvas.setFillColor(INK)
    top = height - MARGIN + 14
    fonts.draw(canvas, left, top, decor.department, 10, bold=True)
    canvas.setFillColor(MUTED)
    fonts.draw(canvas, right, top, decor.document, 9, align="right")
    canvas.setStrokeColor(GRID)
    canvas.setLineWidth(0.6)
    canvas.line(left, top - 5, right, top - 5)
    bottom = MARGIN - 22
    canvas.line(left, bottom + 11, right, bottom + 11)
    fonts.draw(canvas, left, bottom, decor.printed, 8)
    # The version that printed the page: a records clerk can tell which rules applied.
    fonts.draw(canvas, right, bottom, f"Detainer Desk {__version__} · Page {page} of {total}",
               8, align="right")
    canvas.restoreState()


def build_pdf(out: Path | BinaryIO, decor: PageDecor, story: list[Flowable], title: str,
              pages_after: int = 0) -> int:
    """Lay out `story` on Letter pages with header and footer; return its page count.

    `pages_after` counts pages that will be appended to this document later (the
    scanned detainer behind a cover sheet), so that "Page N of M" counts them too.
    """
    desk_fonts()  # registered before the canvas names its initial font
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
    canvases: list[NumberedCanvas] = []

    def make_canvas(*args: Any, **kwargs: Any) -> NumberedCanvas:
        canvas = NumberedCanvas(*args, decor=decor, pages_after=pages_after, **kwargs)
        canvases.append(canvas)
        return canvas

    doc = SimpleDocTemplate(
        str(out) if isinstance(out, Path) else out, pagesize=PAGE_SIZE,
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 14,
        bottomMargin=MARGIN + 8, title=title, author=decor.department,
        creator=f"Detainer Desk {__version__}", initialFontName=REGULAR)
    doc.build(story, canvasmaker=make_canvas)
    return canvases[-1].page_count


def department_name(municipality: str) -> str:
    """The name at the top of every page, e.g. "Pittsfield Police Department"."""
    return f"{municipality.strip()} Police Department" if municipality.strip() else \
        "Police Department"
