"""The shift handoff: preview it, write notes, sign it out and in, read it back.

One handoff per shift change (the incoming shift's start is unique). The outgoing
supervisor, signed in, writes a note per detainer if needed and signs: the content is
computed at that instant, stored as canonical JSON with its SHA-256, and frozen. The
incoming supervisor then countersigns with their own username and password (checked
by `PeopleService.sign`, which refuses them while they must choose a new password),
must hold SIGN_HANDOFF and be someone else. After that nothing changes. Every change
is one transaction with its audit entry; when a records folder is set, the handoff sheet
is queued in the signing transaction.

The ICE contacts of the ending shift come from the contact log (`ContactLogService`);
a different source (a test, another log) can be passed as `contacts`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.errors import (
    ConflictError,
    FieldError,
    InvalidFieldsError,
    NotFoundError,
    RuleRefusedError,
)
from desk_app.domain.handoff import (
    LATE_HANDOFF,
    SHIFT_ACTIONS,
    AuditFact,
    ContactFact,
    HandoffContent,
    HandoffNote,
    HandoffRecord,
    ShiftWindow,
    Signature,
    SignedHandoffError,
    compute_handoff,
    handoff_sheet_name,
    handoff_shifts,
)
from desk_app.domain.handoff_json import content_digest, content_from_json, content_to_json
from desk_app.domain.instants import format_local
from desk_app.domain.permissions import Access, Permission, require
from desk_app.domain.text_lengths import HANDOFF_NOTE
from desk_app.domain.time_source import ensure_utc
from desk_app.domain.urgency import Thresholds
from desk_app.domain.vocabulary import ExportKind
from desk_app.store.audit import write_audit
from desk_app.store.desk import Desk
from desk_app.store.handoff_models import Handoff, HandoffNoteRow
from desk_app.store.models import AuditEntry, Detainer
from desk_app.store.outbox import queue_export
from desk_app.store.people_service import PeopleService

log = logging.getLogger(__name__)

ContactSource = Callable[[datetime, datetime], Sequence[ContactFact]]
MAX_NOTE = HANDOFF_NOTE


def contact_log_source(desk: Desk) -> ContactSource:
    """ICE contacts from the desk's contact log, as facts for the handoff."""
    service = desk.contacts

    def read(start: datetime, end: datetime) -> list[ContactFact]:
        facts = []
        for c in service.entries(start, end + timedelta(microseconds=1)):
            decided = f": {c.decision}" if c.decision else ""
            facts.append(ContactFact(
                at=c.occurred_at, actor=c.created_by,
                summary=f"{str(c.kind).capitalize()} ({c.unit}, {c.reason}){decided}",
                detainer_id=c.detainer_id, detainer_number=c.detainer_number,
                subject_name=c.subject_name))
        return facts

    return read


class HandoffService:
    """The handoff at the desk's shift change; GUI, records and CLI call it alike."""

    def __init__(self, desk: Desk, people: PeopleService | None = None,
                 contacts: ContactSource | None = None,
                 late: timedelta = LATE_HANDOFF) -> None:
        self.desk = desk
        self.people = people or desk.people
        self.contacts = contacts or contact_log_source(desk)
        self.late = late

    # --- reading -------------------------------------------------------------------------

    def shifts(self) -> tuple[ShiftWindow, ShiftWindow]:
        """(ending shift, incoming shift) at the desk's current instant."""
        return handoff_shifts(self.desk.time.now(), self.desk.settings.shift_times(),
                              self.desk.zone, self.late)

    def preview(self) -> HandoffContent:
        """The handoff as it would be signed now, with the draft's notes."""
        current = self.current()
        notes = current.notes if current is not None else ()
        with self.desk.db.sessions() as session:
            return self._compute(session, notes)

    def current(self) -> HandoffRecord | None:
        """The handoff of the shift change at hand (any state), or None if not begun."""
        _ending, incoming = self.shifts()
        with self.desk.db.sessions() as session:
            row = session.scalar(self._query().where(Handoff.shift_start == incoming.start))
            return self._record(session, row) if row is not None else None

    def get(self, handoff_id: int) -> HandoffRecord:
        """One handoff by id, or NotFoundError."""
        with self.desk.db.sessions() as session:
            return self._record(session, self._load(session, handoff_id))

    def history(self, limit: int = 60) -> list[HandoffRecord]:
        """Handoffs signed at least by the outgoing supervisor, newest first."""
        query = (self._query().where(Handoff.outgoing_signed_at.is_not(None))
                 .order_by(Handoff.shift_start.desc()).limit(limit))
        with self.desk.db.sessions() as session:
            return [self._record(session, row) for row in session.scalars(query)]

    def verify(self, handoff_id: int) -> bool:
        """True when the stored content still matches the SHA-256 taken at signing."""
        with self.desk.db.sessions() as session:
            row = self._load(session, handoff_id)
            return bool(row.content_json) and content_digest(row.content_json) == \
                row.content_sha256

    # --- changes ------------------------------------------------------------------------

    def set_note(self, detainer_id: int, text: str, actor: Actor,
                 based_on: str | None = None) -> HandoffRecord:
        """Write (or clear, with "") the note on one active detainer before signing.

        `based_on` is the note as the writer's editor loaded it: if someone else changed
        it since, the save is refused (ConflictError naming who, when and what the note
        now says) and nothing is written."""
        require(actor, Permission.SIGN_HANDOFF)
        text = text.strip()
        if len(text) > MAX_NOTE:
            raise InvalidFieldsError([FieldError(
                "note", f"is longer than {MAX_NOTE} characters; shorten it")])
        detainer = self.desk.detainers.get(detainer_id)
        if not detainer.is_active:
            raise InvalidFieldsError([FieldError(
                "note", f"detainer {detainer.detainer_number} is no longer on the board")])
        now = self.desk.time.now()
        with self.desk.db.sessions() as session:
            row = self._current_row(session, actor, now)
            self._refuse_if_signed(row)
            note = next((n for n in row.notes if n.detainer_id == detainer_id), None)
            before = note.note if note is not None else ""
            if based_on is not None and before != based_on.strip():
                raise self._note_conflict(note, detainer.detainer_number)
            if before == text:
                self._commit(session)  # keeps a draft begun just now
                return self.get(row.id)
            if note is None:
                note = HandoffNoteRow(detainer_id=detainer_id, note="")
                row.notes.append(note)
            note.note, note.updated_at, note.updated_by = text, now, actor.name
            row.updated_at, row.updated_by = now, actor.name
            write_audit(session, at=now, actor=actor.name, action=AuditAction.HANDOFF_NOTE,
                        detainer_id=detainer_id,
                        summary=f"Handoff note on {detainer.detainer_number} for the "
                                f"{self._shift_words(row)} shift"
                                + ("" if text else " cleared"),
                        before={"handoff_id": row.id, "note": before} if before else None,
                        after={"handoff_id": row.id, "note": text})
            self._commit(session)
            return self.get(row.id)

    def sign_outgoing(self, actor: Actor) -> HandoffRecord:
        """The signed-in outgoing supervisor signs; the content is frozen from now."""
        require(actor, Permission.SIGN_HANDOFF)
        now = self.desk.time.now()
        with self.desk.db.sessions() as session:
            row = self._current_row(session, actor, now)
            self._refuse_if_signed(row)
            notes = self._record(session, row).notes
            text = content_to_json(self._compute(session, notes))
            row.content_json, row.content_sha256 = text, content_digest(text)
            row.outgoing_by, row.outgoing_role, row.outgoing_signed_at = \
                actor.name, actor.role, now
            row.updated_at, row.updated_by = now, actor.name
            write_audit(session, at=now, actor=actor.name,
                        action=AuditAction.HANDOFF_SIGNED_BY_OUTGOING, detainer_id=None,
                        summary=f"Signed the handoff to the {self._shift_words(row)} shift "
                                f"as outgoing supervisor (sha256 {row.content_sha256[:12]})",
                        after={"handoff_id": row.id, "content_sha256": row.content_sha256,
                               "notes": len(notes)})
            self._queue_sheet(session, row, now)
            self._commit(session)
            log.info("handoff %d signed by the outgoing supervisor %s", row.id, actor.name)
            return self.get(row.id)

    def sign_incoming(self, handoff_id: int, username: str, password: str) -> HandoffRecord:
        """The incoming supervisor countersigns with their own sign-in."""
        waiting = self.get(handoff_id)
        if waiting.outgoing is None:
            raise RuleRefusedError("The outgoing supervisor signs first; then the incoming "
                                   "supervisor countersigns.")
        if waiting.incoming_signature is not None:
            raise self._signed_error(waiting.incoming_signature, "incoming")
        incoming = self.people.sign(username, password)  # refused while a change is due
        require(incoming, Permission.SIGN_HANDOFF)
        if _same_person(incoming.name, waiting.outgoing.name):
            raise RuleRefusedError(
                f"{incoming.name} signed this handoff as the outgoing supervisor; the "
                "incoming supervisor must sign with their own username and password.")
        now = self.desk.time.now()
        with self.desk.db.sessions() as session:
            row = self._load(session, handoff_id)
            if row.version != waiting.version or row.incoming_signed_at is not None:
                raise ConflictError("Someone else signed this handoff meanwhile; look at "
                                    "it again.")
            row.incoming_by, row.incoming_role, row.incoming_signed_at = \
                incoming.name, incoming.role, now
            row.incoming_username = username.strip().lower()
            row.updated_at, row.updated_by = now, incoming.name
            write_audit(session, at=now, actor=incoming.name,
                        action=AuditAction.HANDOFF_SIGNED_BY_INCOMING, detainer_id=None,
                        summary=f"Took over the {self._shift_words(row)} shift from "
                                f"{row.outgoing_by} (sha256 {row.content_sha256[:12]})",
                        after={"handoff_id": row.id, "content_sha256": row.content_sha256})
            self._queue_sheet(session, row, now)
            self._commit(session)
            log.info("handoff %d countersigned by %s", row.id, incoming.name)
            return self.get(row.id)

    def record_print(self, actor: Actor, content: HandoffContent,
                     record: HandoffRecord | None) -> None:
        """Check that `actor` may print a handoff sheet, and audit it, before anything is
        laid out: the signed sheet of `record`, or (record None) the unsigned draft
        `content`. Refused (NotPermittedError, nothing written) for a role without
        PRINT_HANDOFF (`desk.access`, as every restricted print)."""
        shift = content.incoming.label(self.desk.zone)
        what = (f"the signed handoff sheet of the {shift} shift (handoff {record.id})"
                if record is not None else
                f"the DRAFT handoff sheet of the {shift} shift, not signed")
        self.desk.access.check(actor, Access.HANDOFF_PRINTED, what)

    # --- inside --------------------------------------------------------------------------

    def _compute(self, session: Session, notes: Sequence[HandoffNote]) -> HandoffContent:
        now = self.desk.time.now()
        ending, incoming = self.shifts()
        settings = self.desk.settings
        thresholds = Thresholds(warning=timedelta(hours=settings.warning_hours),
                                critical=timedelta(hours=settings.critical_hours))
        return compute_handoff(
            self.desk.detainers.active(), profile=self.desk.profile, clock=self.desk.clock,
            thresholds=thresholds, now=now, ending=ending, incoming=incoming,
            zone=self.desk.zone, municipality=self.desk.municipality,
            audit=self._audit_facts(session, ending.start, now),
            contacts=self.contacts(ending.start, now), notes=notes)

    @staticmethod
    def _audit_facts(session: Session, since: datetime, until: datetime) -> list[AuditFact]:
        query = (select(AuditEntry, Detainer.detainer_number, Detainer.subject_name)
                 .outerjoin(Detainer, Detainer.id == AuditEntry.detainer_id)
                 .where(AuditEntry.at >= ensure_utc(since), AuditEntry.at <= ensure_utc(until),
                        AuditEntry.action.in_(list(SHIFT_ACTIONS)))
                 .order_by(AuditEntry.id))
        return [AuditFact(at=e.at, actor=e.actor, action=e.action, summary=e.summary,
                          detainer_id=e.detainer_id, detainer_number=number or "",
                          subject_name=name or "")
                for e, number, name in session.execute(query)]

    @staticmethod
    def _query() -> Select[Handoff]:
        return select(Handoff).options(selectinload(Handoff.notes))

    def _load(self, session: Session, handoff_id: int) -> Handoff:
        row = session.scalar(self._query().where(Handoff.id == handoff_id))
        if row is None:
            raise NotFoundError(f"no handoff with id {handoff_id}")
        return row

    def _current_row(self, session: Session, actor: Actor, now: datetime) -> Handoff:
        """The row of the shift change at hand, created (as a draft) if need be."""
        ending, incoming = self.shifts()
        row = session.scalar(self._query().where(Handoff.shift_start == incoming.start))
        if row is not None:
            return row
        row = Handoff(profile_id=self.desk.profile.id, ending_start=ending.start,
                      shift_start=incoming.start, shift_end=incoming.end, created_at=now,
                      created_by=actor.name, updated_at=now, updated_by=actor.name,
                      content_json="", content_sha256="", outgoing_by="", incoming_by="",
                      incoming_username="")
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            raise ConflictError("Another workstation began this handoff at the same "
                                "moment; look at it again and repeat.") from None
        write_audit(session, at=now, actor=actor.name, action=AuditAction.HANDOFF_STARTED,
                    detainer_id=None,
                    summary=f"Began the handoff to the {self._shift_words(row)} shift",
                    after={"handoff_id": row.id, "shift_start": row.shift_start})
        return row

    def _note_conflict(self, note: HandoffNoteRow | None, number: str) -> ConflictError:
        """Refusal of a note written over another person's newer one."""
        if note is None:  # the draft itself was begun again meanwhile
            return ConflictError("Not saved: someone else changed this handoff meanwhile; "
                                 "your note is still in the editor, save it again.")
        shown = note.note if len(note.note) <= 200 else note.note[:200] + "…"
        now_reads = f"it now reads: “{shown}”" if note.note else "they cleared it"
        return ConflictError(
            f"Not saved: {note.updated_by} changed the handoff note on {number} at "
            f"{format_local(note.updated_at, self.desk.zone)} after you began writing; "
            f"{now_reads}. Your text is still in the editor: combine the two and save "
            "again.")

    def _refuse_if_signed(self, row: Handoff) -> None:
        if row.outgoing_signed_at is not None:
            raise self._signed_error(Signature(row.outgoing_by, "", row.outgoing_signed_at),
                                     "outgoing")

    def _signed_error(self, signature: Signature, side: str) -> SignedHandoffError:
        return SignedHandoffError(
            f"This handoff was signed by {signature.name} as {side} supervisor at "
            f"{format_local(signature.at, self.desk.zone)}; a signed handoff cannot be "
            "changed. Write anything new in the next shift's handoff.")

    def _queue_sheet(self, session: Session, row: Handoff, now: datetime) -> None:
        if self.desk.ctx.exports:
            queue_export(session, ExportKind.HANDOFF,
                         handoff_sheet_name(row.shift_start, self.desk.zone),
                         now=now, payload=str(row.id))

    @staticmethod
    def _commit(session: Session) -> None:
        try:
            session.commit()
        except StaleDataError:
            session.rollback()
            raise ConflictError("Someone else changed this handoff meanwhile; look at it "
                                "again and repeat.") from None

    def _shift_words(self, row: Handoff) -> str:
        return ShiftWindow(row.shift_start, row.shift_end).label(self.desk.zone)

    def _record(self, session: Session, row: Handoff) -> HandoffRecord:
        named: dict[int, tuple[str, str]] = {}
        if row.notes:
            query = select(Detainer.id, Detainer.detainer_number, Detainer.subject_name) \
                .where(Detainer.id.in_([n.detainer_id for n in row.notes]))
            named = {i: (number, name) for i, number, name in session.execute(query)}
        notes = tuple(HandoffNote(n.detainer_id, *named.get(n.detainer_id, ("", "")),
                                  n.note, n.updated_by, n.updated_at)
                      for n in row.notes if n.note)
        outgoing = incoming = None
        if row.outgoing_signed_at is not None:
            outgoing = Signature(row.outgoing_by, str(row.outgoing_role or ""),
                                 row.outgoing_signed_at)
        if row.incoming_signed_at is not None:
            incoming = Signature(row.incoming_by, str(row.incoming_role or ""),
                                 row.incoming_signed_at, row.incoming_username)
        return HandoffRecord(
            id=row.id, version=row.version, ending_start=row.ending_start,
            incoming=ShiftWindow(row.shift_start, row.shift_end), created_at=row.created_at,
            created_by=row.created_by, notes=notes,
            content=content_from_json(row.content_json) if row.content_json else None,
            content_sha256=row.content_sha256, outgoing=outgoing,
            incoming_signature=incoming)


def _same_person(a: str, b: str) -> bool:
    """Display names compared without regard to case or spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
