"""Whether two written names are the same person's name, however they were written.

ICE prints "GARCIA LOPEZ, JUAN CARLOS"; the desk may have typed "Juan Carlos García
López". A name's key folds case and accents, drops punctuation, and ignores the order
of the family and given names, so both give the same key.
"""

from __future__ import annotations

import re

from desk_app.domain.search_text import fold


def name_words(name: str) -> list[str]:
    """The words of a name, folded (no case, no accents), without punctuation."""
    return [w for w in re.split(r"[\s,.\-'’]+", fold(name)) if w]


def name_key(name: str) -> tuple[str, ...]:
    """The same for every way of writing one name: its folded words, sorted."""
    return tuple(sorted(name_words(name)))


def same_name(first: str, second: str) -> bool:
    """True when the two names have the same words (in any order, case or accents)."""
    key = name_key(first)
    return bool(key) and key == name_key(second)
