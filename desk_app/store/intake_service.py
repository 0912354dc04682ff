"""The department's intake queue: take in each faxed document, and decide what it is.

`take_in` copies the file into the database (the folder's file may then be moved or
deleted: nothing is lost) and audits its arrival. An item leaves the queue only through
one of four audited decisions: `mark_logged` (a new detainer was logged from it),
`attach_to` (a re-fax or amendment of a detainer: the file becomes one of its
attachments), `file_as_contact` (a notification request or warrant: an entry in the ICE contact
log, linked to the item that holds the fax), or `dismiss`
(with a reason, never without). Every board reads the same table, so each sees the same
queue: each change is told to the desk's `intake_feed` here, and to the other
workstations by the database's change notices. Only plain values leave this module.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.contact_log import ContactEntry, ContactForm
from desk_app.domain.errors import ConflictError, FieldError, InvalidFieldsError, NotFoundError
from desk_app.domain.intake import IntakeEntry, IntakeState
from desk_app.domain.permissions import Permission, require
from desk_app.domain.person_names import name_words
from desk_app.domain.refax import RefaxMatch, matches
from desk_app.domain.text_lengths import LENGTHS
from desk_app.store.audit import write_audit
from desk_app.store.contact_service import ContactLogService
from desk_app.store.db_errors import StorageError
from desk_app.store.detainer_service import MAX_ATTACHMENT_BYTES, HistoryFilter
from desk_app.store.intake_models import IntakeItem

if TYPE_CHECKING:
    from desk_app.store.desk import Desk

MIN_REASON = 4  # letters: "junk" at least; a dismissal must say why


class IntakeService:
    """The intake queue of the department, shared by every board (built once by the
    `Desk`: `desk.intake`)."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.ctx = desk.ctx

    def take_in(self, station: str, source_path: str, file_name: str, media_type: str,
                content: bytes, actor: Actor) -> IntakeEntry:
        """Copy a new document into the queue (once: the same file from the same folder
        again is the item already taken in)."""
        if not content or len(content) > MAX_ATTACHMENT_BYTES:
            raise InvalidFieldsError([FieldError(
                "file", "is empty" if not content else "is larger than 25 MB")])
        digest = hashlib.sha256(content).hexdigest()
        now = self.ctx.time.now()
        with self.ctx.db.sessions() as session:
            known = session.scalar(select(IntakeItem).where(
                IntakeItem.sha256 == digest, IntakeItem.source_path == source_path))
            if known is not None:
                return _entry(known)
            row = IntakeItem(station=station[:LENGTHS["station"]],
                             source_path=source_path[:LENGTHS["source_path"]],
                             file_name=file_name[:LENGTHS["file_name"]], media_type=media_type,
                             sha256=digest, size_bytes=len(content), content=content,
                             arrived_at=now, state=IntakeState.WAITING, reading="",
                             read_fields="", typed_fields="", decided_by="", reason="")
            session.add(row)
            session.flush()
            write_audit(session, at=now, actor=actor.name, action=AuditAction.INTAKE_RECEIVED,
                        detainer_id=None, summary=f"{file_name} arrived at {station} "
                        f"(sha256 {digest[:12]})", after={"intake_item": row.id,
                                                         "station": station})
            session.commit()
            entry = _entry(row)
        self.ctx.intake_feed.publish(entry.id)
        return entry

    def waiting(self, station: str | None = None) -> list[IntakeEntry]:
        """The queue, oldest first (one station's items, or the whole department's).

        Any failure to read it is a StorageError in words: the queue is looked at again
        every few seconds, so a board says so and tries again."""
        try:
            with self.ctx.db.sessions() as session:
                query = select(IntakeItem).where(IntakeItem.state == IntakeState.WAITING)
                if station is not None:
                    query = query.where(IntakeItem.station == station)
                rows = session.scalars(query.order_by(IntakeItem.arrived_at, IntakeItem.id))
                return [_entry(row) for row in rows]
        except SQLAlchemyError as exc:
            raise StorageError(f"The intake queue could not be read: {exc}") from exc

    def entry(self, item_id: int) -> IntakeEntry:
        """One item, whatever its state."""
        with self.ctx.db.sessions() as session:
            return _entry(_load(session, item_id))

    def content(self, item_id: int) -> bytes:
        """The stored copy of the item's file."""
        with self.ctx.db.sessions() as session:
            return bytes(_load(session, item_id).content)

    def save_reading(self, item_id: int, reading: Mapping[str, object], actor: Actor) -> bool:
        """Keep what the form reader read off the item, so that every board shows it
        without reading the fax again; audited (an SQLite board hears it so). The first
        reading kept stays: a second board that read the same fax meanwhile changes
        nothing. True when this reading was kept."""
        with self.ctx.db.sessions() as session:
            row = _load(session, item_id)
            if row.reading:
                return False
            row.reading = json.dumps(reading, ensure_ascii=False)
            now = self.ctx.time.now()
            session.flush()
            write_audit(session, at=now, actor=actor.name, action=AuditAction.INTAKE_READ,
                        detainer_id=None, summary=f"{row.file_name}: {_read_summary(reading)}",
                        after={"intake_item": item_id, "station": row.station})
            session.commit()
        self.ctx.intake_feed.publish(item_id)
        return True

    def refax_matches(self, fields: Mapping[str, object]) -> list[RefaxMatch]:
        """The logged detainers a fax with these read fields may be a copy of: every
        active one, and the closed ones found by each word of the name."""
        logged = {d.id: d for d in self.desk.detainers.active()}
        name = fields.get("subject_name")
        for word in name_words(name) if isinstance(name, str) else []:
            if len(word) > 2:
                for found in self.desk.detainers.history(HistoryFilter(text=word, limit=200)):
                    logged.setdefault(found.id, found)
        return matches(fields, list(logged.values()))

    def dismiss(self, item_id: int, reason: str, actor: Actor,
                expected_version: int | None = None) -> IntakeEntry:
        """Take an item out of the queue as nothing for the desk; the reason is required."""
        reason = " ".join(reason.split())
        if len(reason) < MIN_REASON:
            raise InvalidFieldsError([FieldError(
                "reason", "say why this fax is dismissed (for example: a duplicate page, "
                          "not an ICE document, sent to the wrong department)")])
        with self._decide(item_id, actor, IntakeState.DISMISSED, expected_version,
                          AuditAction.INTAKE_DISMISSED, f"dismissed: {reason}") as row:
            row.reason = reason
        return self.entry(item_id)

    def attach_to(self, item_id: int, detainer_id: int, actor: Actor,
                  expected_version: int | None = None) -> IntakeEntry:
        """A re-fax or amendment: the file becomes an attachment of the detainer."""
        entry = self.entry(item_id)
        if entry.state is not IntakeState.WAITING:
            raise ConflictError(_decided(entry))
        self.desk.detainers.attach(detainer_id, entry.file_name, entry.media_type,
                                   self.content(item_id), actor)
        with self._decide(item_id, actor, IntakeState.ATTACHED, expected_version,
                          AuditAction.INTAKE_ATTACHED, "attached to the detainer as a re-fax or "
                          "amendment", detainer_id) as row:
            row.detainer_id = detainer_id
        return self.entry(item_id)

    def mark_logged(self, item_id: int, detainer_id: int, read_fields: Sequence[str],
                    typed_fields: Sequence[str], actor: Actor) -> IntakeEntry:
        """A detainer was logged from this item: its file becomes the detainer's scan,
        and the item keeps which fields were read off the fax (and confirmed) and which
        were typed."""
        entry = self.entry(item_id)
        if entry.state is not IntakeState.WAITING:
            raise ConflictError(_decided(entry))
        self.desk.detainers.attach(detainer_id, entry.file_name, entry.media_type,
                                   self.content(item_id), actor)
        summary = (f"logged as a detainer; read from the fax and confirmed: "
                   f"{', '.join(read_fields) or 'none'}; typed: "
                   f"{', '.join(typed_fields) or 'none'}")
        with self._decide(item_id, actor, IntakeState.LOGGED, None, AuditAction.INTAKE_LOGGED,
                          summary, detainer_id) as row:
            row.detainer_id = detainer_id
            row.read_fields = ",".join(read_fields)
            row.typed_fields = ",".join(typed_fields)
        return self.entry(item_id)

    def file_as_contact(self, item_id: int, form: ContactForm, actor: Actor,
                        expected_version: int | None = None
                        ) -> tuple[IntakeEntry, ContactEntry]:
        """A notification request or warrant: logged in the ICE contact log (through the
        desk's contact service, as the New contact dialog does, audited there) with the
        fax named in its note, and the item filed with a link to that entry."""
        require(actor, Permission.LOG_DETAINER)
        entry = self.entry(item_id)
        if entry.state is not IntakeState.WAITING or (
                expected_version is not None and entry.version != expected_version):
            raise ConflictError(_decided(entry))
        fax = (f"Faxed document {entry.file_name} from the intake queue (item {item_id}, "
               f"{entry.station}).")
        note = f"{form.note.strip()}\n{fax}" if form.note.strip() else fax
        contact = self.desk.contacts.log_contact(replace(form, note=note), actor)
        with self._decide(item_id, actor, IntakeState.FILED, entry.version,
                          AuditAction.INTAKE_FILED,
                          f"filed as ICE contact {contact.id} ({contact.kind.value})",
                          form.detainer_id, contact_id=contact.id) as row:
            row.contact_id = contact.id
            row.reason = form.note.strip()
        return self.entry(item_id), contact

    def contact_fax(self, contact_id: int) -> IntakeEntry | None:
        """The faxed document an ICE contact was filed from, if it came from the queue."""
        with self.ctx.db.sessions() as session:
            row = session.scalar(select(IntakeItem).where(IntakeItem.contact_id == contact_id))
            return _entry(row) if row is not None else None

    @contextmanager
    def _decide(self, item_id: int, actor: Actor, state: IntakeState,
                expected_version: int | None, action: AuditAction, summary: str,
                detainer_id: int | None = None, **audited: object) -> Iterator[IntakeItem]:
        """Yield the waiting item to change; on exit record the decision, audit it in
        the same transaction, commit, and tell the boards about the detainer."""
        require(actor, Permission.LOG_DETAINER)
        with self.ctx.db.sessions() as session:
            row = _load(session, item_id)
            if row.state is not IntakeState.WAITING or (
                    expected_version is not None and row.version != expected_version):
                raise ConflictError(_decided(_entry(row)))
            yield row
            row.state = state
            row.decided_at = now = self.ctx.time.now()
            row.decided_by = actor.name
            try:
                session.flush()
                write_audit(session, at=now, actor=actor.name, action=action,
                            detainer_id=detainer_id, summary=f"{row.file_name}: {summary}",
                            after={"intake_item": item_id, "state": state.value,
                                   "station": row.station, **audited})
                session.commit()
            except StaleDataError:
                session.rollback()
                raise ConflictError(_decided(_entry(_load(session, item_id)))) from None
        self.ctx.intake_feed.publish(item_id)
        if detainer_id is not None:
            self.ctx.feed.publish(detainer_id)


def _load(session: Session, item_id: int) -> IntakeItem:
    row = session.get(IntakeItem, item_id)
    if row is None:
        raise NotFoundError(f"no intake item with id {item_id}")
    return row


def _read_summary(reading: Mapping[str, object]) -> str:
    """What the reader found, in a line of the audit log (no value read: those are the
    officer's to confirm)."""
    fields = reading.get("fields")
    read = [name for name, field in fields.items()
            if isinstance(field, Mapping) and field.get("value") is not None
            ] if isinstance(fields, Mapping) else []
    return (f"read as {reading.get('form') or 'no known form'}, {reading.get('pages')} "
            f"page(s); fields read surely: {', '.join(read) or 'none'}")


def _decided(entry: IntakeEntry) -> str:
    if entry.state is IntakeState.WAITING:
        return "This fax was changed at another workstation; look at the queue again."
    return (f"This fax was already {entry.state.value} by {entry.decided_by or 'someone'}; "
            "it is no longer in the queue.")


def _entry(row: IntakeItem) -> IntakeEntry:
    return IntakeEntry(id=row.id, version=row.version, station=row.station,
                       file_name=row.file_name, media_type=row.media_type,
                       size_bytes=row.size_bytes, arrived_at=row.arrived_at,
                       state=row.state, reading=row.reading, decided_at=row.decided_at,
                       decided_by=row.decided_by, reason=row.reason,
                       detainer_id=row.detainer_id)


class IntakeContactFiling(ContactLogService):
    """The ICE contact log as one faxed document of the queue files into it: the New
    contact dialog given this service logs the contact and files the fax with it in
    one step (`IntakeService.file_as_contact`). `filed` is the item once filed."""

    def __init__(self, queue: IntakeService, item_id: int,
                 expected_version: int | None = None) -> None:
        contacts = queue.desk.contacts
        super().__init__(contacts.ctx, contacts.profile)
        self.queue = queue
        self.item_id = item_id
        self.expected_version = expected_version
        self.filed: IntakeEntry | None = None

    def log_contact(self, form: ContactForm, actor: Actor) -> ContactEntry:
        """Log the contact and file the fax with it."""
        self.filed, contact = self.queue.file_as_contact(self.item_id, form, actor,
                                                         self.expected_version)
        return contact
