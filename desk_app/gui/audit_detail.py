"""An audit entry's before and after values as lines a supervisor reads.

The store keeps each change as JSON with UTC instants; shown raw, a bail decision at
19:20 on 6 Dec reads "2026-12-07T00:20:00+00:00". Here each changed field becomes one
line, "Bail decision: — → held until court", instants in department time.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from desk_app.domain.instants import NONE, format_instant

# Words that are initials or names, kept in capitals when a field name is spelled out.
CAPITALS = {"ero": "ERO", "ice": "ICE", "id": "ID", "dhs": "DHS", "pdf": "PDF"}


def field_words(name: str) -> str:
    """"ero_notified_at" -> "ERO notified at": a stored field name in words."""
    words = [CAPITALS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def value_words(value: object, zone: ZoneInfo) -> str:
    """One stored value as the desk reads it: instants in department time, yes/no."""
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        instant = _instant(value)
        return format_instant(instant, zone) if instant is not None else value
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def change_lines(before: str, after: str, zone: ZoneInfo) -> str:
    """Every field the entry changed, one per line ("Field: before → after"); a new
    record lists its values; text that is not JSON is shown as it is."""
    old, new = _fields(before), _fields(after)
    if old is None or new is None:
        return f"Before: {before or NONE}\nAfter: {after or NONE}"
    if not old and not new:
        return "No values recorded for this entry."
    lines = []
    for name in [*new, *(key for key in old if key not in new)]:
        if name in old and name in new:
            if old[name] == new[name]:
                continue
            lines.append(f"{field_words(name)}: {value_words(old[name], zone)} → "
                         f"{value_words(new[name], zone)}")
        elif name in new:
            lines.append(f"{field_words(name)}: {value_words(new[name], zone)}")
        else:
            lines.append(f"{field_words(name)}: {value_words(old[name], zone)} → removed")
    return "\n".join(lines) or "No value changed."


def _fields(text: str) -> dict[str, object] | None:
    """The JSON object in `text` ({} when blank); None when it is not one."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _instant(text: str) -> datetime | None:
    """An ISO instant with its offset ("2026-12-07T00:20:00+00:00"), else None."""
    if len(text) < 20 or text[4:5] != "-" or "T" not in text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None
