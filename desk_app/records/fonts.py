"""Fonts for the printed records, so that no arrestee's name is ever mangled.

Names come from every language. ReportLab embeds TrueType (glyf) fonts only, and no
single free TrueType font covers Latin, Vietnamese, Cyrillic, Arabic and CJK, so the
records use several (files and licences in `desk_app/resources/fonts/`):

- DejaVu Sans (regular and bold): Latin with diacritics, Vietnamese, Cyrillic, Greek,
  Hebrew and Arabic, including the Arabic presentation forms that shaping needs;
- Droid Sans Fallback: Chinese, Japanese kana and Korean Hangul (no bold weight);
- Noto Sans Devanagari, Bengali, Thai, Ethiopic and Khmer (regular only; bold text in
  these scripts is set in the regular weight).

Text is split into runs by which font has each character (read from the font's cmap),
so "Lê Văn 王 / 김민준" is set in as many fonts as it needs and never shows tofu boxes.

Devanagari, Bengali and Khmer letters change shape and order as they combine (a
conjunct, a reph above the next letter, a vowel sign drawn before its consonant), which
ReportLab's simple text drawing does not do. A run in one of those fonts is shaped by
HarfBuzz (`uharfbuzz`, through ReportLab's `shapeStr`) into the glyphs it is drawn
with; glyphs that stand for no single character (conjuncts) are given private-use
code points in the embedded font. Such text prints right and extracts as glyphs, not
as the typed letters.

ReportLab neither shapes Arabic nor reorders right-to-left text. `visual_order` does
both before the text reaches ReportLab: `arabic-reshaper` replaces each Arabic letter
by its joined (initial, medial, final or isolated) presentation form, and `python-bidi`
applies the Unicode bidirectional algorithm to put the characters in the order they are
drawn, left to right. The PDF therefore holds presentation forms in visual order: a
reader that extracts text (pypdf does this by default) puts right-to-left runs back in
logical order, and Unicode NFKC normalisation folds each presentation form back to the
plain letter, giving the name exactly as it was typed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

# arabic-reshaper and python-bidi ship no type hints: what they return is typed below.
from arabic_reshaper import ArabicReshaper  # type: ignore[import-untyped]
from arabic_reshaper.ligatures import (  # type: ignore[import-untyped]
    LETTERS_LIGATURES,
    SENTENCES_LIGATURES,
    WORDS_LIGATURES,
)
from bidi import get_display  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.pdfgen.canvas import Canvas

from desk_app.resources import resource_path

log = logging.getLogger(__name__)

REGULAR = "DeskSans"
BOLD = "DeskSans-Bold"
CJK = "DeskCJK"

FONT_FILES: dict[str, str] = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CJK: "DroidSansFallback.ttf",
    "DeskDevanagari": "NotoSansDevanagari-Regular.ttf",
    "DeskBengali": "NotoSansBengali-Regular.ttf",
    "DeskThai": "NotoSansThai-Regular.ttf",
    "DeskEthiopic": "NotoSansEthiopic-Regular.ttf",
    "DeskKhmer": "NotoSansKhmer-Regular.ttf",
}
# Fonts after the main one, in the order a character missing from it is looked for.
FALLBACKS: tuple[str, ...] = tuple(name for name in FONT_FILES if name not in (REGULAR, BOLD))
# Scripts whose letters combine and reorder: their runs are shaped by HarfBuzz.
SHAPED: frozenset[str] = frozenset({"DeskDevanagari", "DeskBengali", "DeskThai",
                                    "DeskKhmer"})

# Hebrew, Arabic, Syriac, Thaana, NKo... and the Hebrew/Arabic presentation forms:
# text without any of these needs no shaping and no reordering.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@dataclass(frozen=True)
class TextRun:
    """A stretch of text set in one font: the unit ReportLab can draw."""

    font: str
    text: str


class FontSet:
    """The registered fonts and the characters each has, to pick a font per run."""

    def __init__(self, coverage: dict[str, frozenset[int]]) -> None:
        self._coverage = coverage
        self._reshaper = ArabicReshaper(configuration=_reshaper_config(coverage[REGULAR]))

    def has_glyph(self, font: str, char: str) -> bool:
        """Whether `font` has a glyph for `char` (its cmap maps the code point)."""
        return ord(char) in self._coverage[font]

    def visual_order(self, text: str) -> str:
        """NFC-composed text with Arabic shaped and every line in drawing order."""
        text = unicodedata.normalize("NFC", text)
        if not _RTL.search(text):
            return text
        return "\n".join(self._visual_line(line) for line in text.split("\n"))

    def _visual_line(self, line: str) -> str:
        if not _RTL.search(line):
            return line
        words = []
        for word in line.split(" "):
            shaped = self._reshaper.reshape(word)
            # A joined form the font lacks would print as tofu: keep the plain
            # letters of that word instead (legible, only not joined).
            words.append(shaped if all(self.has_glyph(REGULAR, c) for c in shaped
                                       if _RTL.match(c)) else word)
        visual: str = get_display(" ".join(words))
        return visual

    def runs(self, text: str, bold: bool = False) -> list[TextRun]:
        """Split already visual-ordered text into runs, each in a font that has it.

        A character stays in the current run's font when that font has it (so spaces
        and digits do not break runs); otherwise it goes to the first font, in order of
        preference, that has it; a character no font has stays in the main font.
        """
        main = BOLD if bold else REGULAR
        order = (main, *FALLBACKS)
        runs: list[TextRun] = []
        current = ""
        buffer: list[str] = []
        for char in text:
            if current and (self.has_glyph(current, char) or _is_mark(char)):
                buffer.append(char)
                continue
            font = next((f for f in order if self.has_glyph(f, char)), main)
            if font != current and buffer:
                runs.append(TextRun(current, "".join(buffer)))
                buffer = []
            current = font
            buffer.append(char)
        if buffer:
            runs.append(TextRun(current, "".join(buffer)))
        return [TextRun(run.font, shaped_glyphs(run.font, run.text)) if run.font in SHAPED
                else run for run in runs]

    def markup(self, text: str, bold: bool = False, width: float | None = None,
               size: float = 9) -> str:
        """Paragraph markup for any text: shaped, reordered, escaped, a font per run.

        ReportLab wraps a paragraph after we have reordered it, which would put the
        end of a long right-to-left name on its first line. Given the `width` it is
        set in, text holding right-to-left script is wrapped here in logical order
        first, and each line is then reordered on its own.
        """
        lines: list[str] = []
        for line in unicodedata.normalize("NFC", text).split("\n"):
            if width and _RTL.search(line):
                lines += self._wrap_logical(line, width, size, bold)
            else:
                lines.append(line)
        parts = []
        for line in lines:
            parts.append("".join(f'<font face="{run.font}">{escape(run.text)}</font>'
                                 for run in self.runs(self.visual_order(line), bold)))
        return "<br/>".join(parts)

    def _wrap_logical(self, line: str, width: float, size: float, bold: bool) -> list[str]:
        """Greedy word wrap of one logical-order line to `width` points."""
        lines: list[str] = []
        current = ""
        for word in line.split():
            candidate = f"{current} {word}" if current else word
            if current and self.width(candidate, size, bold) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        return [*lines, current]

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The printed width of one line of text, in points."""
        return sum(pdfmetrics.stringWidth(run.text, run.font, size)
                   for run in self.runs(self.visual_order(text), bold))

    def draw(self, canvas: Canvas, x: float, y: float, text: str, size: float,
             bold: bool = False, align: str = "left") -> None:
        """Draw one line straight on a canvas (headers, footers, the cover sheet)."""
        if align == "right":
            x -= self.width(text, size, bold)
        elif align == "centre":
            x -= self.width(text, size, bold) / 2
        for run in self.runs(self.visual_order(text), bold):
            canvas.setFont(run.font, size)
            canvas.drawString(x, y, run.text)
            x += pdfmetrics.stringWidth(run.text, run.font, size)


@lru_cache(maxsize=4096)
def shaped_glyphs(font: str, text: str) -> str:
    """`text` as the glyphs HarfBuzz draws it with in `font`, one character per glyph.

    Reordered and combined (a conjunct is one private-use character that the embedded
    font maps to its glyph), so ReportLab can draw it as plain text.
    """
    return str(shapeStr(text, font, 10))


def _is_mark(char: str) -> bool:
    """Combining marks stay with their base letter's font whatever happens."""
    return unicodedata.category(char).startswith("M")


def _reshaper_config(covered: frozenset[int]) -> dict[str, object]:
    """Shape Arabic without ever changing what the name says.

    Harakat (vowel marks) are kept, because deleting them changes a name. Only the
    letter ligatures (the obligatory lam-alef) that DejaVu has are used; word and
    sentence ligatures such as "Allah" or "Mohammad" as one glyph are off: DejaVu lacks
    most of them, and a name should be printed letter by letter.
    """
    config: dict[str, object] = {"delete_harakat": False, "support_ligatures": True}
    for name, _ligature in (*SENTENCES_LIGATURES, *WORDS_LIGATURES):
        config[name] = False
    for name, (_match, forms) in LETTERS_LIGATURES:
        config[name] = all(ord(f) in covered for f in forms if f)
    return config


@lru_cache(maxsize=1)
def desk_fonts() -> FontSet:
    """Register the record fonts with ReportLab once, and say what each one covers."""
    coverage: dict[str, frozenset[int]] = {}
    for name, file_name in FONT_FILES.items():
        path = resource_path("fonts", file_name)
        font = TTFont(name, str(path), shapable=name in SHAPED)
        pdfmetrics.registerFont(font)
        coverage[name] = frozenset(font.face.charToGlyph)
        log.debug("registered %s from %s (%d characters)", name, path, len(coverage[name]))
    # So that <b> inside Paragraph markup picks the embedded bold, never Helvetica.
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)
    for name in FALLBACKS:
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name,
                                      boldItalic=name)
    return FontSet(coverage)
