"""A scan or fax is checked whole, and measured, before anything decodes it.

A TIFF of 1.16 MB can hold 400 blank pages of 5100 x 6600 pixels: it passes the 25 MB
file limit and needs about 14 GB to decode. Image headers say how many pages there are
and how large each is without decoding a pixel, so those are read first and the file
is refused above the limits below (docs/scans.md). A file still being written (a fax
arriving) does not open as a whole PDF or image, and is refused as incomplete.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from desk_app.domain.errors import DeskError

MAX_PAGES = 100  # a detainer with its attachments is a handful of pages
MAX_PAGE_PIXELS = 40_000_000  # a Letter page at 600 dpi is 33.7 million pixels
MAX_TOTAL_PIXELS = 400_000_000  # about 2 GB of pixels to print, at most


class ScanRefusedError(DeskError, ValueError):
    """A chosen or faxed file cannot be stored as a scan; says why and what to do."""


class IncompleteScanError(ScanRefusedError):
    """The file does not open as a whole: damaged, or still being written."""


@dataclass(frozen=True)
class ScanShape:
    """What the headers say: how many pages, and the pixels of the largest and all."""

    pages: int
    largest_page_pixels: int
    total_pixels: int


def check_scan(name: str, media_type: str, content: bytes) -> ScanShape:
    """The shape of a scan that opens whole and is within the limits; else refused."""
    if media_type == "application/pdf":
        shape = _pdf_shape(name, content)
    else:
        shape = _image_shape(name, content)
    if shape.pages > MAX_PAGES:
        raise ScanRefusedError(f"{name} has {shape.pages} pages; a scan may have at most "
                               f"{MAX_PAGES}. Scan only the detainer's pages.")
    if shape.largest_page_pixels > MAX_PAGE_PIXELS:
        raise ScanRefusedError(f"{name} has a page of {shape.largest_page_pixels / 1e6:.0f} "
                               f"million pixels (at most {MAX_PAGE_PIXELS / 1e6:.0f}); scan "
                               "it again at 300 dpi.")
    if shape.total_pixels > MAX_TOTAL_PIXELS:
        raise ScanRefusedError(f"{name} would need {shape.total_pixels / 1e6:.0f} million "
                               f"pixels to print (at most {MAX_TOTAL_PIXELS / 1e6:.0f}); "
                               "scan it again at 300 dpi, or fewer pages.")
    return shape


def _pdf_shape(name: str, content: bytes) -> ScanShape:
    from pypdf import PdfReader

    if b"%%EOF" not in content[-2048:]:
        raise IncompleteScanError(f"{name} is not a whole PDF (it does not end as a PDF "
                                  "does): it may still be arriving, or be damaged.")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        pages = len(reader.pages)
    except Exception as exc:  # noqa: BLE001 - any parser error means "not a whole PDF"
        raise IncompleteScanError(f"{name} does not open as a PDF ({type(exc).__name__}); "
                                  "it may still be arriving, or be damaged.") from None
    if pages == 0:
        raise IncompleteScanError(f"{name} is a PDF without pages.")
    return ScanShape(pages, 0, 0)


def _tiff_frame_whole(image: object, size: int) -> bool:
    """True when every strip or tile of the current TIFF page lies inside the file."""
    tags = getattr(image, "tag_v2", {})
    for offsets_tag, counts_tag in ((273, 279), (324, 325)):  # strips, tiles
        offsets, counts = tags.get(offsets_tag), tags.get(counts_tag)
        if offsets is None or counts is None:
            continue
        offsets = offsets if isinstance(offsets, tuple) else (offsets,)
        counts = counts if isinstance(counts, tuple) else (counts,)
        if any(o + c > size for o, c in zip(offsets, counts, strict=False)):
            return False
    return True


def _image_shape(name: str, content: bytes) -> ScanShape:
    from PIL import Image

    pages = largest = total = 0
    try:
        with Image.open(io.BytesIO(content)) as image:  # reads headers only
            count = getattr(image, "n_frames", 1)
            if count > MAX_PAGES:
                return ScanShape(count, 0, 0)
            for index in range(count):
                image.seek(index)
                if image.format == "TIFF" and not _tiff_frame_whole(image, len(content)):
                    raise IncompleteScanError(f"{name} is not a whole TIFF image (page "
                                              f"{index + 1} ends past the end of the file): "
                                              "it may still be arriving, or be damaged.")
                pixels = image.width * image.height
                pages += 1
                largest = max(largest, pixels)
                total += pixels
                if total > MAX_TOTAL_PIXELS:
                    return ScanShape(count, largest, total)
            if image.format == "JPEG" and not content.rstrip(b"\x00").endswith(b"\xff\xd9"):
                raise IncompleteScanError(f"{name} is not a whole JPEG image: it may still "
                                          "be arriving, or be damaged.")
        if not content.startswith(b"\x89PNG"):
            return ScanShape(pages, largest, total)
        with Image.open(io.BytesIO(content)) as image:
            image.verify()  # PNG: every chunk and its checksum, without decoding
    except ScanRefusedError:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on a cut file
        raise IncompleteScanError(f"{name} does not open as a whole image "
                                  f"({type(exc).__name__}): it may still be arriving, or "
                                  "be damaged.") from None
    return ScanShape(pages, largest, total)
