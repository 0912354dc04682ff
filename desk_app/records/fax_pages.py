"""The pages of a received fax as greyscale images at one resolution both ways.

A fax server writes a multi-page TIFF (often 204x98 dots per inch, "standard", or
204x196, "fine") or a PDF; a scanner writes PDF, PNG or JPEG. The reader wants square
pixels near 200 dpi, so a standard-resolution page is stretched to its height on paper
and a PDF page is rasterised (pypdfium2) at that resolution. Pages are produced one at
a time so that the page holding the form is read before the rest are even drawn.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageSequence

from desk_app.domain.errors import DeskError

READ_DPI = 200.0
PDF_SUFFIXES = (".pdf",)
MAX_PAGES = 40


class UnreadableFaxError(DeskError):
    """The file is not a fax page the reader can open (not a PDF or image, or damaged)."""


@contextmanager
def fax_copy(file_name: str, content: bytes) -> Iterator[Path]:
    """A fax kept in the database as a file again, under its own name (its suffix says
    PDF or TIFF) in a private temporary folder that is removed after use: the readers
    of pages take a path."""
    with tempfile.TemporaryDirectory(prefix="desk-fax-") as folder:
        path = Path(folder) / Path(file_name).name
        path.write_bytes(content)
        yield path


def page_count(path: Path) -> int:
    """How many pages the document has."""
    if path.suffix.lower() in PDF_SUFFIXES:
        import pypdfium2  # type: ignore[import-untyped]  # no stubs

        try:
            document = pypdfium2.PdfDocument(path)
        except pypdfium2.PdfiumError as exc:
            raise UnreadableFaxError(f"{path.name} is not a readable PDF ({exc}).") from None
        try:
            return len(document)
        finally:
            document.close()
    try:
        with Image.open(path) as image:
            return int(getattr(image, "n_frames", 1))
    except (OSError, ValueError) as exc:
        raise UnreadableFaxError(f"{path.name} is not a readable image ({exc}).") from None


def fax_pages(path: Path) -> Iterator[Image.Image]:
    """Each page of the document as a greyscale image of about READ_DPI, square pixels."""
    if path.suffix.lower() in PDF_SUFFIXES:
        yield from _pdf_pages(path)
        return
    try:
        with Image.open(path) as image:
            for n, frame in enumerate(ImageSequence.Iterator(image)):
                if n >= MAX_PAGES:
                    return
                yield square_page(frame)
    except (OSError, ValueError) as exc:
        raise UnreadableFaxError(f"{path.name} is not a readable image ({exc}).") from None


def square_page(frame: Image.Image) -> Image.Image:
    """One image page, stretched to square pixels and scaled to about READ_DPI."""
    dpi = frame.info.get("dpi") or (READ_DPI, READ_DPI)
    x_dpi, y_dpi = (float(dpi[0]) or READ_DPI), (float(dpi[1]) or READ_DPI)
    if x_dpi < 50 or y_dpi < 40:  # no usable resolution recorded: judge by the shape
        x_dpi = y_dpi = frame.width / 8.5
    page = frame.convert("L")
    width = round(page.width * READ_DPI / x_dpi)
    height = round(page.height * READ_DPI / y_dpi)
    if (width, height) != page.size:
        page = page.resize((width, height), Image.Resampling.BILINEAR)
    return page


def _pdf_pages(path: Path) -> Iterator[Image.Image]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        raise UnreadableFaxError(f"{path.name} is not a readable PDF ({exc}).") from None
    try:
        for n in range(min(len(document), MAX_PAGES)):
            page = document[n]
            try:
                bitmap = page.render(scale=READ_DPI / 72, grayscale=True)
                yield bitmap.to_pil().convert("L")
            finally:
                page.close()
    finally:
        document.close()
