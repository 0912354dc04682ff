"""Turn ORM rows into the plain values that leave a session."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from desk_app.domain.detainer import AttachmentInfo, DetainerSnapshot, StepSnapshot
from desk_app.store.models import Attachment, ChecklistStep, Detainer

_STEP_FIELDS = [f.name for f in fields(StepSnapshot)]
_ATTACHMENT_FIELDS = [f.name for f in fields(AttachmentInfo)]
_DETAINER_FIELDS = [f.name for f in fields(DetainerSnapshot)
                    if f.name not in ("steps", "attachments")]


def step_snapshot(row: ChecklistStep) -> StepSnapshot:
    """A checklist step as a frozen value."""
    return StepSnapshot(**{name: getattr(row, name) for name in _STEP_FIELDS})


def attachment_info(row: Attachment) -> AttachmentInfo:
    """An attachment's description, without its bytes."""
    return AttachmentInfo(**{name: getattr(row, name) for name in _ATTACHMENT_FIELDS})


def detainer_snapshot(row: Detainer) -> DetainerSnapshot:
    """A detainer with its steps and attachments as frozen values."""
    return DetainerSnapshot(
        **{name: getattr(row, name) for name in _DETAINER_FIELDS},
        steps=tuple(step_snapshot(s) for s in row.steps),
        attachments=tuple(attachment_info(a) for a in row.attachments),
    )


def audit_values(row: Detainer) -> dict[str, Any]:
    """The detainer's own fields, for an audit entry's before/after."""
    return {name: getattr(row, name) for name in _DETAINER_FIELDS
            if name not in ("id", "created_at")}


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any],
                                                                   dict[str, Any]]:
    """Only the fields that differ, so an audit entry says what really changed."""
    keys = [k for k in after if before.get(k) != after[k] and k not in ("version",
                                                                        "updated_at")]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
