"""The scanned detainer kept with the record, with a checksum that proves the copy."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from desk_app.domain.actor import Actor
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.errors import InvalidFieldsError
from desk_app.store.desk import Desk
from desk_app.store.models import Attachment, AuditEntry, Detainer

SCAN = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def test_attachment_is_stored_with_its_checksum(
        desk: Desk, officer: Actor, log_detainer: Callable[..., DetainerSnapshot],
        stored: Callable[[int], Detainer], audit_entries: Callable[..., list[AuditEntry]]
) -> None:
    """A records clerk could not prove the stored scan is the fax that arrived."""
    snap = log_detainer()
    after = desk.detainers.attach(snap.id, "I-247A D26-00001.pdf", "application/pdf", SCAN,
                                  officer)
    digest = hashlib.sha256(SCAN).hexdigest()
    row = stored(snap.id)
    assert len(row.attachments) == 1
    scan = row.attachments[0]
    assert (scan.file_name, scan.media_type, scan.sha256, scan.size_bytes) == (
        "I-247A D26-00001.pdf", "application/pdf", digest, len(SCAN))
    assert scan.added_by == officer.name
    assert scan.content == SCAN
    assert [a.sha256 for a in after.attachments] == [digest]
    entry = audit_entries()[-1]
    assert entry.action == "scan attached" and digest[:12] in entry.summary


def test_attachment_content_round_trips(desk: Desk, officer: Actor,
                                        log_detainer: Callable[..., DetainerSnapshot]) -> None:
    """The scan printed from the record would differ from the one stored."""
    snap = log_detainer()
    after = desk.detainers.attach(snap.id, "scan.tiff", "image/tiff", SCAN, officer)
    assert desk.detainers.attachment_content(after.attachments[0].id) == SCAN


def test_empty_file_is_refused(desk: Desk, officer: Actor,
                               log_detainer: Callable[..., DetainerSnapshot],
                               count_rows: Callable[[type], int],
                               published: list[int]) -> None:
    """A failed scan would be kept as if it were the detainer."""
    snap = log_detainer()
    with pytest.raises(InvalidFieldsError) as refused:
        desk.detainers.attach(snap.id, "scan.pdf", "application/pdf", b"", officer)
    assert [e.field for e in refused.value.errors] == ["attachment"]
    assert count_rows(Attachment) == 0
    assert count_rows(AuditEntry) == 1
    assert published == [snap.id]
