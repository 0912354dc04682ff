"""Search that finds a name however it is typed: any case, any script, with or without
accents ("nunez" finds "Ñúñez", "ольга" finds "Ольга")."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case-folded, accent-free form of `text` used for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_key(*parts: str) -> str:
    """The folded text a record is found by (name, case #, detainer #...)."""
    return " | ".join(fold(p) for p in parts if p)
