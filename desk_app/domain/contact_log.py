"""The ICE contact log: presence calls, requests for assistance, notification requests
and administrative warrants, and the rule that decides what the desk may do.

Pittsfield Policy 413 §IV.E.3 (and Haverhill §IV.D.3) say what happens when ICE calls
to say it is operating in town: the command staff is told, the desk asks for the
reason, assists only on a warrant our officers could act on (a civil reason alone is
declined, except for an officer-safety emergency), a dispatch call number is
generated and ICE is asked to call back with the result. The ordinance and trust-act
sources add what may never be given to ICE about a person in custody. The profile
holds who is told and what is withheld; this module holds the words, the rule and the
checks. It is pure Python, so that the service, the GUI and the tests share one rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from desk_app.domain.detainer import CLOCK_DRIFT
from desk_app.domain.errors import FieldError
from desk_app.domain.instants import format_local
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.text_lengths import NOTE


class ContactKind(StrEnum):
    """What ICE did: called about an operation, asked for help, or asked about a person."""

    PRESENCE_CALL = "presence call"
    ASSISTANCE_REQUEST = "assistance request"
    NOTIFICATION_REQUEST = "notification request"
    ADMINISTRATIVE_WARRANT = "administrative warrant"

    @property
    def is_field_operation(self) -> bool:
        """ICE at an address in town: decided under the presence rule, called back."""
        return self in (ContactKind.PRESENCE_CALL, ContactKind.ASSISTANCE_REQUEST)

    @property
    def concerns_person_in_custody(self) -> bool:
        """A request about someone we hold: what was (not) released is recorded."""
        return not self.is_field_operation


class IceUnit(StrEnum):
    """The side of ICE the agent works for (Policy 413 §IV.E.3)."""

    HSI = "HSI"
    ERO = "ERO"


UNIT_NAMES = {
    IceUnit.HSI: "HSI – Homeland Security Investigations (criminal side)",
    IceUnit.ERO: "ERO – Enforcement and Removal Operations (civil side)",
}


class ContactReason(StrEnum):
    """The reason ICE states for wanting the person, as the desk must ascertain it."""

    CRIMINAL_WARRANT = "criminal warrant"
    STATE_WARRANT = "Massachusetts or other state warrant"
    CIVIL_ONLY = "civil / final order only"

    @property
    def is_civil(self) -> bool:
        """No warrant our officers could act on: civil immigration enforcement only."""
        return self is ContactReason.CIVIL_ONLY


REASON_HINTS = {
    ContactReason.CRIMINAL_WARRANT: "A criminal warrant signed by a judge (usually HSI)",
    ContactReason.STATE_WARRANT: "A Massachusetts WMS criminal warrant or another state's "
                                 "warrant, for which our officers have the right of arrest",
    ContactReason.CIVIL_ONLY: "Civil reasons only: a final order of deportation, an "
                              "administrative warrant (I-200, I-203, I-205), a detainer",
}


class ContactDecision(StrEnum):
    """What the desk decided to do about a presence call or a request for assistance."""

    ASSIST = "assist"
    DECLINE = "decline"
    OFFICER_SAFETY_ONLY = "officer-safety assistance only"


class CallbackResult(StrEnum):
    """What ICE reported when it called back (Policy 413 §IV.E.3: "no service, one in
    custody, etc.")."""

    NO_SERVICE = "no service"
    ONE_IN_CUSTODY = "one in custody"
    OTHER = "other"


class ContactRule(NamedTuple):
    """The decisions a stated reason allows, and the section of the profile that says so."""

    allowed: tuple[ContactDecision, ...]
    citation: str


def rule_for(reason: ContactReason, profile: PolicyProfile) -> ContactRule:
    """What the desk may decide when ICE states `reason`, under `profile`.

    A warrant our officers could act on may be assisted (or declined); a civil reason
    alone is declined, with help only if an officer's safety is at risk in an
    emergency and the profile's rule has that exception (Trust Act §2(h) has none). The
    citation is the profile's rule on ICE operations.
    """
    rule = profile.ice_operations
    if reason.is_civil:
        allowed = (ContactDecision.DECLINE,) + (
            (ContactDecision.OFFICER_SAFETY_ONLY,) if rule.officer_safety_exception else ())
        return ContactRule(allowed, rule.citation)
    return ContactRule(tuple(ContactDecision), rule.citation)


def rule_sentence(reason: ContactReason, profile: PolicyProfile) -> str:
    """The rule in the words the form shows beside the decision."""
    rule = rule_for(reason, profile)
    if reason.is_civil and ContactDecision.OFFICER_SAFETY_ONLY not in rule.allowed:
        return f"Civil reasons only: decline to assist; there is no exception ({rule.citation})."
    if reason.is_civil:
        return ("Civil reasons only: decline to assist and do not respond; assist only if "
                "an officer's (agent's) safety is at risk in an emergency call for "
                f"assistance ({rule.citation}).")
    return (f"{reason.value.capitalize()}: a warrant our officers have the right of arrest "
            f"on, so we may assist ({rule.citation}).")


@dataclass(frozen=True)
class ContactForm:
    """One ICE contact as the desk types it in.

    `decision`, `address` and `cad_number` belong to presence calls and assistance
    requests; `detainer_id`, `subject_name`, the information released and withheld
    and `nothing_else_released` belong to notification requests and administrative
    warrants.
    """

    kind: ContactKind
    occurred_at: datetime
    agent_name: str
    unit: IceUnit | None
    reason: ContactReason | None
    agent_phone: str = ""
    decision: ContactDecision | None = None
    address: str = ""
    cad_number: str = ""
    detainer_id: int | None = None
    subject_name: str = ""
    information_released: str = ""
    information_withheld: str = ""
    nothing_else_released: bool = False
    note: str = ""


MAX_LENGTHS = {
    "agent_name": 200, "agent_phone": 60, "address": 300, "cad_number": 60,
    "subject_name": 200, "information_released": NOTE, "information_withheld": NOTE,
    "note": NOTE,
}

FIELD_LABELS = {
    "kind": "Kind", "occurred_at": "When", "agent_name": "Agent", "agent_phone": "Phone",
    "unit": "Unit", "reason": "Reason stated", "decision": "Decision", "address": "Address",
    "cad_number": "CAD call #", "detainer_id": "Detainer", "subject_name": "Person",
    "information_released": "Released", "information_withheld": "Not released",
    "nothing_else_released": "Confirmation", "note": "Note", "recipient": "Recipient",
    "result": "Result", "result_note": "What ICE reported", "at": "When",
}


def check_contact(form: ContactForm, profile: PolicyProfile, now: datetime,
                  ) -> list[FieldError]:
    """Every problem with the form, each naming its field and saying what to do."""
    errors = _required(form, "agent_name",
                       "Agent is required: the ICE agent or supervisory agent who called")
    for name, limit in MAX_LENGTHS.items():
        if len(str(getattr(form, name))) > limit:
            errors.append(FieldError(name, f"is longer than {limit} characters; shorten it"))
    if form.occurred_at.tzinfo is None:
        errors.append(FieldError("occurred_at", "needs a time zone"))
    elif form.occurred_at > now + CLOCK_DRIFT:
        errors.append(FieldError("occurred_at",
                                 "is in the future; enter when ICE actually called"))
    if form.unit is None:
        errors.append(FieldError("unit", "Unit is required: ask whether the agent is HSI "
                                         "or ERO"))
    if form.reason is None:
        errors.append(FieldError("reason", "Reason stated is required: ask ICE for the "
                                           "specific reason it wants the person"))
    if form.kind.is_field_operation:
        errors += _check_field_operation(form, profile)
    else:
        errors += _check_custody_request(form, profile)
    return errors


def _required(form: ContactForm, name: str, message: str) -> list[FieldError]:
    """`message` for `name` when the field is blank, else nothing."""
    return [] if str(getattr(form, name)).strip() else [FieldError(name, message)]


def _check_field_operation(form: ContactForm, profile: PolicyProfile) -> list[FieldError]:
    errors = _required(form, "address", "Address is required: where ICE says it is operating")
    errors += _required(form, "cad_number", "CAD call # is required: have dispatch generate "
                                            "a call number on the Dispatch Log")
    if form.decision is None:
        errors.append(FieldError("decision", "Decision is required: assist, decline or "
                                             "officer-safety assistance only"))
    elif form.reason is not None:
        rule = rule_for(form.reason, profile)
        if form.decision not in rule.allowed:
            allowed = ", ".join(d.value for d in rule.allowed)
            errors.append(FieldError(
                "decision", f"Decision “{form.decision}” is not allowed when the reason "
                            f"is “{form.reason}”; {rule.citation} allows: {allowed}"))
    if form.detainer_id is not None:
        errors.append(FieldError("detainer_id", "can be linked only for a notification "
                                                "request or an administrative warrant"))
    return errors


def _check_custody_request(form: ContactForm, profile: PolicyProfile) -> list[FieldError]:
    errors: list[FieldError] = []
    if form.decision is not None:
        errors.append(FieldError("decision", "applies only to presence calls and "
                                             "assistance requests"))
    if (form.kind is ContactKind.ADMINISTRATIVE_WARRANT and form.reason is not None
            and not form.reason.is_civil):
        errors.append(FieldError(
            "reason", "An administrative warrant (I-200, I-203, I-205) is signed by an "
                      "immigration officer, not a judge: its reason is "
                      f"“{ContactReason.CIVIL_ONLY.value}”"))
    errors += _required(form, "information_released",
                        "Say what was released to ICE (write “nothing” if nothing was)")
    if profile.information is not None and not form.nothing_else_released:
        errors.append(FieldError(
            "nothing_else_released",
            "Confirm that nothing else was released: "
            f"{profile.information.citation} forbids giving ICE "
            + ", ".join(profile.information.not_released)))
    return errors


@dataclass(frozen=True)
class NoticeSnapshot:
    """One person the profile says must be told of the ICE presence, and when they were."""

    id: int
    recipient: str
    method: str
    notified_at: datetime | None
    notified_by: str

    @property
    def done(self) -> bool:
        """True once someone has recorded telling this recipient."""
        return self.notified_at is not None


@dataclass(frozen=True)
class ContactEntry:
    """An ICE contact read back from the store, with its notices and callback."""

    id: int
    version: int
    profile_id: str
    kind: ContactKind
    occurred_at: datetime
    agent_name: str
    agent_phone: str
    unit: IceUnit
    reason: ContactReason
    decision: ContactDecision | None
    rule_citation: str
    address: str
    cad_number: str
    detainer_id: int | None
    detainer_number: str
    subject_name: str
    information_released: str
    information_withheld: str
    nothing_else_released: bool
    information_citation: str
    note: str
    notices: tuple[NoticeSnapshot, ...]
    callback_result: CallbackResult | None
    callback_note: str
    callback_at: datetime | None
    callback_by: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str

    @property
    def pending_recipients(self) -> tuple[str, ...]:
        """Who still has to be told, in the profile's order."""
        return tuple(n.recipient for n in self.notices if not n.done)

    @property
    def callback_text(self) -> str:
        """"no service", "one in custody", or what ICE said; "" while none is recorded."""
        if self.callback_result is None:
            return ""
        if self.callback_result is CallbackResult.OTHER:
            return self.callback_note
        note = f": {self.callback_note}" if self.callback_note else ""
        return f"{self.callback_result.value}{note}"

    def details(self, zone: ZoneInfo) -> list[str]:
        """Everything about the contact, one line per fact, times in `zone`."""
        lines = [f"#{self.id} {self.kind} · logged by {self.created_by} at "
                 f"{format_local(self.created_at, zone)}"]
        if self.kind.is_field_operation:
            lines.append(f"Reason stated: {self.reason} · Decision: {self.decision} "
                         f"(rule: {self.rule_citation})")
            lines += [f"{n.recipient}: notified {format_local(n.notified_at, zone)} by "
                      f"{n.notified_by}" if n.notified_at is not None
                      else f"{n.recipient}: not yet notified ({n.method})"
                      for n in self.notices]
            if self.callback_at is not None:
                lines.append(f"Callback: {self.callback_text} (recorded by "
                             f"{self.callback_by}, {format_local(self.callback_at, zone)})")
        else:
            lines.append(f"Reason stated: {self.reason} · Released: "
                         f"{self.information_released}")
            if self.information_withheld:
                lines.append(f"Not released: {self.information_withheld}")
            if self.information_citation:
                confirmed = "confirmed" if self.nothing_else_released else "NOT confirmed"
                lines.append(f"Nothing else released: {confirmed} "
                             f"({self.information_citation})")
        if self.note:
            lines.append(f"Note: {self.note}")
        return lines
