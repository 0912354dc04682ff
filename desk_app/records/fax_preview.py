"""One page of a stored fax as a small picture, for the intake queue's preview.

The queue keeps each fax's file in the database; the preview shows a page of it without
reading the form: the page drawn as the reader sees it (square pixels, greyscale),
scaled to the height asked for, as PNG bytes the screen can show. Runs off the GUI
thread; nothing here touches Qt or the database.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from itertools import islice

from PIL import Image

from desk_app.records.fax_pages import UnreadableFaxError, fax_copy, fax_pages, page_count


@dataclass(frozen=True)
class PagePicture:
    """One page drawn for the screen: PNG bytes, which page it is, and of how many."""

    png: bytes
    number: int  # from 0
    pages: int


def page_picture(file_name: str, content: bytes, number: int, height: int) -> PagePicture:
    """Page `number` (from 0) of the fax whose file is `content`, `height` pixels high."""
    with fax_copy(file_name, content) as path:
        pages = page_count(path)
        if not 0 <= number < pages:
            raise UnreadableFaxError(f"{file_name} has no page {number + 1}.")
        page = next(islice(fax_pages(path), number, None))
    width = max(1, round(page.width * height / page.height))
    small = page.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    small.save(buffer, "PNG", optimize=False)
    return PagePicture(buffer.getvalue(), number, pages)
