"""Logging, editing, voiding and finding detainers; each change audited.

The checklist, bail, ERO notice and closing live in `custody_service`; this module is
the record itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.detainer import (
    DetainerForm,
    DetainerSnapshot,
    check_form,
    reported_reason,
)
from desk_app.domain.errors import (
    FieldError,
    InvalidFieldsError,
    NotFoundError,
    RuleRefusedError,
)
from desk_app.domain.identifiers import canonical_number
from desk_app.domain.money import check_received_on, dollars_text
from desk_app.domain.permissions import Permission, require
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.search_text import fold
from desk_app.domain.vocabulary import Outcome, StepState, Trigger
from desk_app.store.audit import write_audit
from desk_app.store.change import StoreContext
from desk_app.store.models import Attachment, ChecklistStep, Detainer
from desk_app.store.snapshots import audit_values, fetch_snapshots
from desk_app.store.tracking_source import TrackedLine, tracking_lines

FORM_FIELDS = tuple(f.name for f in fields(DetainerForm))
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


# Who "did" a step the law withholds: the rules themselves, not a person.
WITHHELD_BY = "the rules in force"


# The close note of an imported row names where it came from (tracking_import.py).
_IMPORTED_FROM = re.compile(r"^Imported from the tracking sheet (.*), row (\d+)\.")


@dataclass(frozen=True)
class NewDetainer:
    """One detainer to create: its column values; for a closed row of history (an old
    tracking sheet's) the close note saying where it came from. A detainer logged at
    the desk (`history_note` None) gets the checklist in force on its day of receipt;
    history gets no steps and is closed by whoever brought it in."""

    values: Mapping[str, Any]
    history_note: str | None = None


@dataclass(frozen=True)
class HistoryFilter:
    """What the history search narrows by; empty values match everything."""

    text: str = ""
    received_from: datetime | None = None
    received_to: datetime | None = None
    outcome: Outcome | None = None
    include_active: bool = False
    limit: int = 500
    # One station's detainers ("" = those without one); None: every station's.
    station: str | None = None


class DetainerService:
    """The detainer record: log it, correct it, void it, attach the scan, find it."""

    def __init__(self, ctx: StoreContext, profile: PolicyProfile) -> None:
        self.ctx = ctx
        self.profile = profile

    def log(self, form: DetainerForm, actor: Actor,
            old_receipt_confirmed: bool = False) -> DetainerSnapshot:
        """Record a detainer the minute the fax arrives; its receipt steps become due.
        A receipt more than 30 days old needs `old_receipt_confirmed`."""
        require(actor, Permission.LOG_DETAINER)
        now = self.ctx.time.now()
        form = replace(form, detainer_number=canonical_number(form.detainer_number))
        self._check(form, now, old_receipt_confirmed)
        values = {name: getattr(form, name) for name in FORM_FIELDS}
        values["detainer_number"] = form.detainer_number.strip()
        values["reason_for_detainer"] = form.reason_text()
        values["clock_start_rule"] = self.profile.clock.starts_at
        with self.ctx.db.sessions() as session:
            self._refuse_duplicate(session, form.detainer_number)
            [row] = self.insert(session, [NewDetainer(values)], actor, now)
            self.audit_created(session, [row], actor, now)
            self.ctx.queue_exports(session, row)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                raise self._duplicate_error(form.detainer_number) from None
            detainer_id = row.id
        self.publish_created([detainer_id])
        return self.ctx.snapshot(detainer_id)

    # --- creating: the one way, for the form's log and the import's batches -------------

    def insert(self, session: Session, new: Sequence[NewDetainer], actor: Actor,
               now: datetime) -> list[Detainer]:
        """Add the rows of `new` to `session` (flushed: they have ids), not committed.

        Every detainer comes into being here; `audit_created` writes its audit entry
        (in this transaction for a logged detainer, in a later one for an import's
        rows, which can still be undone until then) and `publish_created` tells the
        board once committed."""
        rows = []
        for item in new:
            row = Detainer(**item.values, profile_id=self.profile.id, created_at=now,
                           updated_at=now, updated_by=actor.name)
            if item.history_note is None:
                row.steps = self._checklist(row.received_at, now)
            else:
                row.closed_by = actor.name
                row.close_note = item.history_note
            session.add(row)
            rows.append(row)
        session.flush()
        return rows

    def audit_created(self, session: Session, rows: Iterable[Detainer], actor: Actor,
                      now: datetime) -> None:
        """The audit entry of each new detainer: every value it was created with, as
        "Logged I-247A D26-00412 for Name" (or "Imported ... from FILE, row N")."""
        for row in rows:
            imported = row.closed_at is not None  # only history is closed when created
            found = _IMPORTED_FROM.match(row.close_note or "") if imported else None
            where = f" from {found.group(1)}, row {found.group(2)}" if found else ""
            write_audit(session, at=now, actor=actor.name,
                        action=(AuditAction.DETAINER_IMPORTED if imported
                                else AuditAction.DETAINER_LOGGED),
                        detainer_id=row.id,
                        summary=f"{'Imported' if imported else 'Logged'} {row.form_type} "
                                f"{row.detainer_number} for {row.subject_name}{where}",
                        after=audit_values(row))

    def publish_created(self, detainer_ids: Iterable[int]) -> None:
        """Tell the board (and every view on the desk's feed) of committed new rows."""
        for detainer_id in detainer_ids:
            self.ctx.feed.publish(detainer_id)

    def edit(self, detainer_id: int, expected_version: int, changes: dict[str, Any],
             actor: Actor) -> DetainerSnapshot:
        """Correct typed fields; refused if someone else saved first (version check)."""
        require(actor, Permission.EDIT_DETAINER)
        unknown = set(changes) - set(FORM_FIELDS)
        if unknown:
            raise InvalidFieldsError([FieldError(k, "cannot be edited here")
                                      for k in sorted(unknown)])
        current = self.ctx.snapshot(detainer_id)
        if isinstance(changes.get("detainer_number"), str):
            changes = {**changes,
                       "detainer_number": canonical_number(changes["detainer_number"])}
        form = replace(self._form_of(current), **changes)
        corrected = form.received_at != current.received_at
        if corrected and not str(changes.get("receipt_correction_reason", "")).strip():
            raise InvalidFieldsError([FieldError(
                "receipt_correction_reason", "say why the receipt time is being corrected")])
        now = self.ctx.time.now()
        # A workstation clock set back (NTP) may put the stored receipt time "in the
        # future"; only a receipt time being corrected is checked against the clock.
        # A corrected receipt comes with the reason for the correction: that confirms it.
        self._check(form, now if corrected else max(now, current.received_at), True)
        if "detainer_number" in changes:
            with self.ctx.db.sessions() as session:
                self._refuse_duplicate(session, form.detainer_number, detainer_id)
        with self.ctx.change(detainer_id, actor, AuditAction.DETAINER_EDITED,
                             "Corrected " + ", ".join(sorted(changes)),
                             expected_version) as edit:
            row = edit.row
            for name, value in changes.items():
                setattr(row, name, value.strip() if isinstance(value, str) else value)
            row.reason_for_detainer = reported_reason(self._form_of(current), form, changes)
            if "received_at" in changes:
                for step in row.steps:
                    if step.trigger is Trigger.ON_RECEIPT:
                        step.due_at = form.received_at
        return self.ctx.snapshot(detainer_id)

    def void(self, detainer_id: int, reason: str, actor: Actor,
             expected_version: int | None = None) -> DetainerSnapshot:
        """Take a mistaken entry off the board; nothing is deleted, the reason is kept.
        Refused if someone else changed the detainer since `expected_version`."""
        require(actor, Permission.VOID_DETAINER)
        if not reason.strip():
            raise InvalidFieldsError([FieldError("void_reason", "say why it is voided")])
        with self.ctx.change(detainer_id, actor, AuditAction.DETAINER_VOIDED,
                             f"Voided: {reason.strip()}",
                             expected_version) as edit:
            row = edit.row
            if row.voided_at is not None or row.closed_at is not None:
                raise RuleRefusedError(f"Detainer {row.detainer_number} is already "
                                       f"{'voided' if row.voided_at else 'closed'}; it "
                                       "stays in history as it is.")
            row.voided_at = self.ctx.time.now()
            row.void_reason = reason.strip()
        return self.ctx.snapshot(detainer_id)

    def set_follow_up(self, detainer_id: int, deported: bool | None, actor: Actor,
                      expected_version: int | None = None) -> DetainerSnapshot:
        """Record the Administrative Services follow-up: was the person deported?
        Refused if someone else changed the detainer since `expected_version`."""
        require(actor, Permission.RECORD_FOLLOW_UP)
        word = {True: "deported", False: "not deported", None: "unknown"}[deported]
        with self.ctx.change(detainer_id, actor, AuditAction.FOLLOW_UP_RECORDED,
                             f"Follow-up: {word}", expected_version) as edit:
            row = edit.row
            row.deported = deported
        return self.ctx.snapshot(detainer_id)

    def record_reimbursement(self, detainer_id: int, amount: Decimal,
                             received_on: date | None, actor: Actor,
                             expected_version: int | None = None) -> DetainerSnapshot:
        """Money the federal government paid for this request (ordinance §4(d), Trust Act
        §4(d)), exact to the cent, with the day it was received; 0 clears it. Refused if
        someone else changed the detainer since `expected_version`."""
        require(actor, Permission.RECORD_FOLLOW_UP)
        today = self.profile.local_day(self.ctx.time.now())
        errors = [] if amount == 0 else check_received_on(received_on, today)
        if amount < 0:
            errors.append(FieldError("amount", "must not be negative"))
        if errors:
            raise InvalidFieldsError(errors)
        summary = (f"Reimbursement: {dollars_text(amount)} received {received_on}"
                   if amount else "Reimbursement cleared")
        with self.ctx.change(detainer_id, actor, AuditAction.REIMBURSEMENT_RECORDED,
                             summary, expected_version) as edit:
            row = edit.row
            row.reimbursement_amount = amount
            row.reimbursement_received_on = received_on if amount else None
        return self.ctx.snapshot(detainer_id)

    def attach(self, detainer_id: int, file_name: str, media_type: str, content: bytes,
               actor: Actor) -> DetainerSnapshot:
        """Store the scanned detainer with its SHA-256, so a copy can be proven."""
        require(actor, Permission.EDIT_DETAINER)
        if not content:
            raise InvalidFieldsError([FieldError("attachment", "the file is empty")])
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise InvalidFieldsError([FieldError(
                "attachment", "is larger than 25 MB; scan at a lower resolution")])
        if "\x00" in file_name + media_type:  # PostgreSQL cannot store it
            raise InvalidFieldsError([FieldError(
                "attachment", "has a NUL character in its name or type; rename the file")])
        digest = hashlib.sha256(content).hexdigest()
        with self.ctx.change(detainer_id, actor, AuditAction.SCAN_ATTACHED,
                             f"Attached {file_name} (sha256 {digest[:12]})") as edit:
            row, session = edit.row, edit.session
            session.add(Attachment(detainer_id=row.id, file_name=file_name,
                                   media_type=media_type, sha256=digest,
                                   size_bytes=len(content), content=content,
                                   added_at=self.ctx.time.now(), added_by=actor.name))
        return self.ctx.snapshot(detainer_id)

    def attachment_content(self, attachment_id: int) -> bytes:
        """The stored bytes of one attachment."""
        with self.ctx.db.sessions() as session:
            row = session.get(Attachment, attachment_id)
            if row is None:
                raise NotFoundError(f"no attachment with id {attachment_id}")
            return row.content

    def get(self, detainer_id: int) -> DetainerSnapshot:
        """One detainer by id."""
        return self.ctx.snapshot(detainer_id)

    def by_number(self, detainer_number: str) -> DetainerSnapshot:
        """One detainer by its detainer number (as printed on the form)."""
        with self.ctx.db.sessions() as session:
            found = session.scalar(select(Detainer.id).where(Detainer.detainer_number.in_(
                {canonical_number(detainer_number), detainer_number.strip()})).limit(1))
        if found is None:
            raise NotFoundError(f"no detainer numbered {detainer_number!r}")
        return self.ctx.snapshot(found)

    def reimbursed_between(self, first: date, last: date) -> list[DetainerSnapshot]:
        """Detainers whose reimbursement was received from `first` to `last` (days)."""
        return self._fetch(select(Detainer).where(
            Detainer.reimbursement_received_on >= first,
            Detainer.reimbursement_received_on <= last).order_by(Detainer.id))

    def active(self, station: str | None = None) -> list[DetainerSnapshot]:
        """Every detainer on the board: not closed and not voided. With `station`, the
        board of that station: its detainers and those without a station
        (domain/stations.py, `belongs_to_view`)."""
        query = select(Detainer).where(Detainer.closed_at.is_(None),
                                       Detainer.voided_at.is_(None))
        if station is not None:
            query = query.where(Detainer.station.in_((station, "")))
        return self._fetch(query)

    def tracking_lines(self, station: str | None = None) -> Iterator[TrackedLine]:
        """The tracking sheet's lines as plain values, oldest first: every station's, or
        only `station`'s (store/tracking_source.py)."""
        return tracking_lines(self.ctx.db, station)

    def history(self, where: HistoryFilter) -> list[DetainerSnapshot]:
        """Detainers matching a search, newest first."""
        query = select(Detainer)
        if not where.include_active:
            query = query.where(or_(Detainer.closed_at.is_not(None),
                                    Detainer.voided_at.is_not(None)))
        if where.station is not None:
            query = query.where(Detainer.station == where.station)
        if where.text.strip():
            query = query.where(Detainer.search_key.contains(fold(where.text.strip()),
                                                              autoescape=True))
        if where.received_from:
            query = query.where(Detainer.received_at >= where.received_from)
        if where.received_to:
            query = query.where(Detainer.received_at < where.received_to)
        if where.outcome:
            query = query.where(Detainer.outcome == where.outcome)
        query = query.order_by(Detainer.received_at.desc()).limit(where.limit)
        return self._fetch(query)

    def _fetch(self, query: Select[Detainer]) -> list[DetainerSnapshot]:
        """The detainers `query` selects (in its order), with their steps and scans.

        Read as plain rows, one query per table, never as ORM objects: a history search
        or a quarter's report reads hundreds of detainers and thousands of steps, which
        the ORM takes four times as long to build; and a scan's bytes are not read.
        """
        with self.ctx.db.sessions() as session:
            return fetch_snapshots(session, query)

    def _check(self, form: DetainerForm, now: datetime, old_receipt_confirmed: bool) -> None:
        errors = check_form(form, now, old_receipt_confirmed)
        if errors:
            raise InvalidFieldsError(errors)

    def _refuse_duplicate(self, session: Any, number: str, own_id: int | None = None) -> None:
        found = session.scalar(select(Detainer.id).where(
            Detainer.detainer_number == number.strip()))
        if found is not None and found != own_id:
            raise self._duplicate_error(number)

    @staticmethod
    def _duplicate_error(number: str) -> InvalidFieldsError:
        return InvalidFieldsError([FieldError(
            "detainer_number", f"{number.strip()} is already logged; open that detainer "
            "instead of logging it twice")])

    def _checklist(self, received_at: datetime, now: datetime) -> list[ChecklistStep]:
        """The steps in force on the day of receipt; a step doing what a layer of law
        forbids (telling ICE of a release) is withheld, with the section that forbids it."""
        day = self.profile.local_day(received_at)
        rows = []
        for position, rule in enumerate(self.profile.steps_on(day)):
            row = self._step_row(position, rule, received_at)
            ruling = self.profile.withheld(rule, day)
            if ruling is not None:
                row.state = StepState.NOT_APPLICABLE
                row.done_at = now
                row.done_by = WITHHELD_BY
                row.note = f"Withheld: {ruling.matter.refusal} ({ruling.citation})"
            rows.append(row)
        return rows

    @staticmethod
    def _step_row(position: int, rule: Any, received_at: datetime) -> ChecklistStep:
        due = received_at if rule.trigger is Trigger.ON_RECEIPT else None
        return ChecklistStep(step_id=rule.id, position=position, text=rule.text,
                             duty=rule.duty, trigger=rule.trigger, blocking=rule.blocking,
                             citation=rule.citation,
                             when_bail=",".join(d.value for d in rule.when_bail),
                             state=StepState.PENDING, due_at=due)

    @staticmethod
    def _form_of(snapshot: DetainerSnapshot) -> DetainerForm:
        return DetainerForm(**{name: getattr(snapshot, name) for name in FORM_FIELDS})

