"""The ICE contact log: log a contact, mark each notice sent, record ICE's callback.

Every call changes one contact in one transaction together with its audit entry (the
linked detainer, if any, is named on the entry so it shows in that detainer's
history), then tells the listeners of the desk's contact feed which contact changed.
Only plain values leave this module.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.contact_log import (
    CallbackResult,
    ContactEntry,
    ContactForm,
    ContactKind,
    NoticeSnapshot,
    check_contact,
    rule_for,
)
from desk_app.domain.detainer import CLOCK_DRIFT
from desk_app.domain.errors import (
    FieldError,
    InvalidFieldsError,
    NotFoundError,
    RuleRefusedError,
)
from desk_app.domain.instants import format_local
from desk_app.domain.law_layers import Ruling
from desk_app.domain.permissions import Permission, require
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.text_lengths import LENGTHS, NOTE
from desk_app.domain.time_source import ensure_utc
from desk_app.domain.vocabulary import Matter
from desk_app.store.audit import write_audit
from desk_app.store.change import RecordKind, StoreContext
from desk_app.store.contact_models import IceContact, IceContactNotice
from desk_app.store.models import AuditEntry, Detainer

# Columns an audit entry records (the row's own bookkeeping is left out).
# The "recipient" of the copy-to-the-person step of a contact-log request.
PERSON_COPY = "the person (copy of the request)"
_AUDITED = tuple(c.name for c in IceContact.__table__.columns
                 if c.name not in ("id", "version", "created_at", "updated_at", "updated_by"))


class ContactLogService:
    """ICE presence calls, requests for assistance, notification requests, warrants.

    Built once by the desk (`desk.contacts`) on its store context, under the profile
    whose rules apply.
    """

    def __init__(self, ctx: StoreContext, profile: PolicyProfile) -> None:
        self.ctx = ctx
        self.profile = profile
        self.feed = self.ctx.contact_feed
        # Changed the one way every record is (StoreContext.change_record).
        self.kind = RecordKind(load=self._load, audited=_audit_values,
                               detainer_of=lambda row: row.detainer_id,
                               conflict=self._conflict_message, feed=self.feed)

    # --- changes -------------------------------------------------------------------------

    def log_contact(self, form: ContactForm, actor: Actor) -> ContactEntry:
        """Log a contact; a presence call lists the profile's people to be told."""
        require(actor, Permission.RECORD_CONTACT)
        now = self.ctx.time.now()
        errors = check_contact(form, self.profile, now)
        with self.ctx.db.sessions() as session:
            if form.detainer_id is not None and session.get(Detainer, form.detainer_id) is None:
                errors.append(FieldError("detainer_id", f"no detainer has id {form.detainer_id}"
                                                        "; choose one from the list"))
            if errors:
                raise InvalidFieldsError(errors)
            row = self._new_row(form, actor, now)
            session.add(row)
            session.flush()
            after = {"contact_id": row.id, **_audit_values(row),
                     "notify": [n.recipient for n in row.notices]}
            decided = f": {row.decision}" if row.decision else ""
            write_audit(session, at=now, actor=actor.name, action=AuditAction.CONTACT_LOGGED,
                        detainer_id=row.detainer_id,
                        summary=f"Logged ICE {row.kind} #{row.id} ({row.unit}, "
                                f"{row.reason}){decided}", after=after)
            session.commit()
            contact_id = row.id
        self.feed.publish(contact_id)
        return self.entry(contact_id)

    def mark_notified(self, entry_id: int, recipient: str, actor: Actor,
                      at: datetime | None = None, expected_version: int | None = None,
                      ) -> ContactEntry:
        """Record that `recipient` was told of the ICE presence, by `actor`, at `at`."""
        require(actor, Permission.RECORD_CONTACT)
        when = self._past_instant(at, "at")
        with self.ctx.change_record(self.kind, entry_id, actor,
                                    AuditAction.CONTACT_NOTICE_SENT, "",
                                    expected_version) as edit:
            row = edit.row
            notice = next((n for n in row.notices if n.recipient == recipient), None)
            if notice is None:
                listed = ", ".join(n.recipient for n in row.notices) or "nobody"
                raise InvalidFieldsError([FieldError(
                    "recipient", f"{recipient} is not on this contact's list ({listed})")])
            if notice.notified_at is not None:
                raise RuleRefusedError(
                    f"{recipient} was already marked notified by {notice.notified_by} at "
                    f"{format_local(notice.notified_at, self.ctx.zone)}")
            notice.notified_at = when
            notice.notified_by = actor.name
            edit.summary = (f"ICE {row.kind} #{row.id}: {recipient} notified "
                            f"({notice.method})")
            edit.after = {"contact_id": row.id, "recipient": recipient,
                          "method": notice.method, "notified_at": when}
        return self.entry(entry_id)

    def record_callback(self, entry_id: int, result: CallbackResult, actor: Actor,
                        note: str = "", at: datetime | None = None,
                        expected_version: int | None = None) -> ContactEntry:
        """Record what ICE reported when it called back, for the Dispatch Log.

        A second call corrects the first; the audit entry keeps what it replaced.
        """
        require(actor, Permission.RECORD_CONTACT)
        note = note.strip()
        if result is CallbackResult.OTHER and not note:
            raise InvalidFieldsError([FieldError(
                "result_note", "Say what ICE reported (e.g. “two in custody”)")])
        if len(note) > NOTE:
            raise InvalidFieldsError([FieldError(
                "result_note", f"is longer than {NOTE} characters; shorten it")])
        when = self._past_instant(at, "at")
        with self.ctx.change_record(self.kind, entry_id, actor,
                                    AuditAction.CONTACT_CALLBACK, "",
                                    expected_version) as edit:
            row = edit.row
            if not row.kind.is_field_operation:
                raise RuleRefusedError(f"A callback is recorded for presence calls and "
                                       f"assistance requests, not for a {row.kind}")
            before = {"callback_result": row.callback_result, "callback_note":
                      row.callback_note, "callback_at": row.callback_at,
                      "callback_by": row.callback_by}
            row.callback_result = result
            row.callback_note = note
            row.callback_at = when
            row.callback_by = actor.name
            shown = note if result is CallbackResult.OTHER else result.value
            edit.summary = f"ICE {row.kind} #{row.id}: ICE called back: {shown}"
            edit.before = ({"contact_id": row.id, **before}
                           if before["callback_result"] is not None else None)
            edit.after = {"contact_id": row.id, "callback_result": result,
                          "callback_note": note, "callback_at": when,
                          "callback_by": actor.name}
        return self.entry(entry_id)

    # --- reading -------------------------------------------------------------------------

    def entry(self, entry_id: int) -> ContactEntry:
        """One contact as it stands, or NotFoundError."""
        with self.ctx.db.sessions() as session:
            return _snapshots(session, [self._load(session, entry_id)])[0]

    def entries(self, start: datetime, end: datetime) -> list[ContactEntry]:
        """Contacts that happened from `start` up to (not including) `end`, newest first."""
        query = (select(IceContact)
                 .where(IceContact.occurred_at >= ensure_utc(start),
                        IceContact.occurred_at < ensure_utc(end))
                 .options(selectinload(IceContact.notices))
                 .order_by(IceContact.occurred_at.desc(), IceContact.id.desc()))
        with self.ctx.db.sessions() as session:
            return _snapshots(session, list(session.scalars(query)))

    # --- inside ----------------------------------------------------------------------------

    def _new_row(self, form: ContactForm, actor: Actor, now: datetime) -> IceContact:
        assert form.reason is not None and form.unit is not None  # check_contact passed
        field_kind = form.kind.is_field_operation
        information = self.profile.information
        presence = self.profile.presence_notice
        row = IceContact(
            profile_id=self.profile.id, kind=form.kind, occurred_at=form.occurred_at,
            agent_name=form.agent_name.strip(), agent_phone=form.agent_phone.strip(),
            unit=form.unit, reason=form.reason, decision=form.decision,
            rule_citation=rule_for(form.reason, self.profile).citation if field_kind else "",
            address=form.address.strip(), cad_number=form.cad_number.strip(),
            detainer_id=form.detainer_id, subject_name=form.subject_name.strip(),
            information_released=form.information_released.strip(),
            information_withheld=form.information_withheld.strip(),
            nothing_else_released=form.nothing_else_released,
            information_citation=information.citation
            if information is not None and not field_kind else "",
            note=form.note.strip(), created_at=now, created_by=actor.name,
            updated_at=now, updated_by=actor.name, callback_note="", callback_by="")
        if field_kind and presence is not None:
            row.notices = [IceContactNotice(position=i, recipient=name, method=presence.method,
                                            notified_by="")
                           for i, name in enumerate(presence.recipients)]
        copy = self._copy_rule(form)
        if copy is not None:
            # Ordinance §2(g), Trust Act §2(f): the person gets a copy of the ICE request;
            # marking this "notice" done records who gave it and when.
            row.notices = [IceContactNotice(position=0, recipient=PERSON_COPY,
                                            method=f"copy of the ICE request "
                                                   f"({copy.citation})"[:LENGTHS["method"]],
                                            notified_by="")]
        return row

    def _copy_rule(self, form: ContactForm) -> Ruling | None:
        """The layer asking that the person be given a copy of this request, if any."""
        if form.kind not in (ContactKind.NOTIFICATION_REQUEST,
                             ContactKind.ADMINISTRATIVE_WARRANT):
            return None
        ruling = self.profile.ruling(Matter.COPY_OF_ICE_REQUESTS,
                                     self.profile.local_day(form.occurred_at))
        return ruling if ruling is not None and ruling.permits else None

    def _past_instant(self, at: datetime | None, field: str) -> datetime:
        now = self.ctx.time.now()
        if at is None:
            return now
        if at.tzinfo is None:
            raise InvalidFieldsError([FieldError(field, "needs a time zone")])
        if at > now + CLOCK_DRIFT:
            raise InvalidFieldsError([FieldError(field, "is in the future; enter when it "
                                                        "actually happened")])
        return ensure_utc(at)

    def _load(self, session: Session, entry_id: int) -> IceContact:
        row = session.scalar(select(IceContact).where(IceContact.id == entry_id)
                             .options(selectinload(IceContact.notices)))
        if row is None:
            raise NotFoundError(f"no ICE contact with id {entry_id}")
        return row

    def _conflict_message(self, session: Session, row: IceContact) -> str:
        """Who changed the contact, when, and what (its newest audit entry)."""
        latest = session.scalar(select(AuditEntry.summary).where(
            AuditEntry.action.like("ICE contact%"),
            AuditEntry.summary.like(f"ICE % #{row.id}:%")).order_by(
            AuditEntry.id.desc()).limit(1))
        what = f" Their change: {latest.split(': ', 1)[-1]}." if latest else ""
        return (f"Not recorded: this ICE contact was changed by "
                f"{row.updated_by or 'someone else'} at "
                f"{format_local(row.updated_at, self.ctx.zone)}.{what} Look at it again; "
                "what you typed is offered again when you repeat.")


def _audit_values(row: IceContact) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _AUDITED}


def _snapshots(session: Session, rows: list[IceContact]) -> list[ContactEntry]:
    """Plain values of `rows`, with the number of each linked detainer."""
    linked = {row.detainer_id for row in rows if row.detainer_id is not None}
    numbers: dict[int, str] = {}
    if linked:
        query = select(Detainer.id, Detainer.detainer_number).where(Detainer.id.in_(linked))
        numbers = {detainer_id: number for detainer_id, number in session.execute(query)}
    return [_snapshot(row, numbers) for row in rows]


def _snapshot(row: IceContact, numbers: dict[int, str]) -> ContactEntry:
    return ContactEntry(
        id=row.id, version=row.version, profile_id=row.profile_id, kind=row.kind,
        occurred_at=row.occurred_at, agent_name=row.agent_name, agent_phone=row.agent_phone,
        unit=row.unit, reason=row.reason, decision=row.decision,
        rule_citation=row.rule_citation, address=row.address, cad_number=row.cad_number,
        detainer_id=row.detainer_id,
        detainer_number=numbers.get(row.detainer_id, "") if row.detainer_id else "",
        subject_name=row.subject_name, information_released=row.information_released,
        information_withheld=row.information_withheld,
        nothing_else_released=row.nothing_else_released,
        information_citation=row.information_citation, note=row.note,
        notices=tuple(NoticeSnapshot(n.id, n.recipient, n.method, n.notified_at,
                                     n.notified_by) for n in row.notices),
        callback_result=row.callback_result, callback_note=row.callback_note,
        callback_at=row.callback_at, callback_by=row.callback_by,
        created_at=row.created_at, created_by=row.created_by, updated_at=row.updated_at,
        updated_by=row.updated_by)
