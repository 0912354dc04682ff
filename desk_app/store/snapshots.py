"""Turn ORM rows into the plain values that leave a session."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

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


def fetch_snapshots(session: Session, query: Select[Detainer]) -> list[DetainerSnapshot]:
    """Snapshots of the detainers `query` selects, in its order, read as plain rows.

    One query for the detainers' columns, then their steps and their attachments
    (without the bytes) by id, a few hundred ids at a time.
    """
    rows = session.execute(query.with_only_columns(*_DETAINER_COLUMNS)).all()
    ids = [row[0] for row in rows]
    steps: defaultdict[int, list[StepSnapshot]] = defaultdict(list)
    attachments: defaultdict[int, list[AttachmentInfo]] = defaultdict(list)
    for first in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[first:first + _IDS_PER_QUERY]
        for row in session.execute(
                select(ChecklistStep.detainer_id, *_STEP_COLUMNS)
                .where(ChecklistStep.detainer_id.in_(chunk))
                .order_by(ChecklistStep.detainer_id, ChecklistStep.position)):
            steps[row[0]].append(StepSnapshot(*row[1:]))
        for row in session.execute(
                select(Attachment.detainer_id, *_ATTACHMENT_COLUMNS)
                .where(Attachment.detainer_id.in_(chunk)).order_by(Attachment.id)):
            attachments[row[0]].append(AttachmentInfo(*row[1:]))
    return [DetainerSnapshot(**dict(zip(_DETAINER_FIELDS, row, strict=True)),
                             steps=tuple(steps.get(row[0], ())),
                             attachments=tuple(attachments.get(row[0], ())))
            for row in rows]


# Columns in the order of the snapshots' fields, for building them from plain rows.
_STEP_COLUMNS = [getattr(ChecklistStep, name) for name in _STEP_FIELDS]
_ATTACHMENT_COLUMNS = [getattr(Attachment, name) for name in _ATTACHMENT_FIELDS]
_DETAINER_COLUMNS = [getattr(Detainer, name) for name in _DETAINER_FIELDS]
_IDS_PER_QUERY = 500  # well under every database's limit of bound parameters
assert _DETAINER_FIELDS[0] == "id"  # fetch_snapshots reads the id as row[0]


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
