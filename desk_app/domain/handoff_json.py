"""The signed handoff's content as canonical JSON, and the digest that seals it.

`HandoffContent` is what both supervisors sign: it is stored as canonical JSON
(`content_to_json`) whose SHA-256 (`content_digest`) proves it was not changed later,
and read back exactly (`content_from_json`). Imports only the standard library and the
domain.
"""

from __future__ import annotations

import hashlib
import json
import types
from dataclasses import fields, is_dataclass
from datetime import datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

from desk_app.domain.handoff import CONTENT_FORMAT, HandoffContent
from desk_app.domain.time_source import ensure_utc


def content_to_json(content: HandoffContent) -> str:
    """Canonical JSON: sorted keys, UTC ISO instants, no spaces; hashed as it stands."""
    return json.dumps(_plain(content), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def content_from_json(text: str) -> HandoffContent:
    """The content stored by `content_to_json`, read back exactly."""
    raw = json.loads(text)
    if raw.get("format") != CONTENT_FORMAT:
        raise ValueError(f"handoff content format {raw.get('format')!r} is not known")
    content: HandoffContent = _build(HandoffContent, raw)
    return content


def content_digest(text: str) -> str:
    """SHA-256 (hex) of the stored JSON text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, datetime):
        return ensure_utc(value).isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _build(kind: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        inner = [k for k in get_args(kind) if k is not type(None)]
        return _build(inner[0], raw)
    if origin is tuple:
        return tuple(_build(get_args(kind)[0], v) for v in raw)
    if kind is datetime:
        return ensure_utc(datetime.fromisoformat(raw))
    if isinstance(kind, type) and is_dataclass(kind):
        hints = get_type_hints(kind)
        return kind(**{f.name: _build(hints[f.name], raw[f.name])
                       for f in fields(kind) if f.name in raw})
    return raw

