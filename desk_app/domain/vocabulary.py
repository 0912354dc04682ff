"""The fixed sets of the booking desk, in its own words (forms, outcomes, roles...)."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class FormType(StrEnum):
    """The DHS document that arrived by fax."""

    I_247A = "I-247A"
    I_247 = "I-247"
    I_247D = "I-247D"
    I_247N = "I-247N"
    I_200 = "I-200"
    I_203 = "I-203"
    I_205 = "I-205"
    NOTIFICATION_REQUEST = "notification request"

    @property
    def is_administrative_warrant(self) -> bool:
        """I-200, I-203 and I-205 are signed by an immigration officer, not a judge."""
        return self in (FormType.I_200, FormType.I_203, FormType.I_205)

    @property
    def asks_for_hold(self) -> bool:
        """A detainer form asks to keep the person; a notification request does not."""
        return self in (FormType.I_247A, FormType.I_247, FormType.I_247D)


class CustodyStatus(StrEnum):
    """Where the person is now, as the board shows it."""

    IN_CUSTODY = "in custody"
    BAIL_SET = "bail set"
    BAILED = "bailed"
    HELD_UNTIL_COURT = "held until court"
    RELEASED = "released"
    TRANSFERRED = "transferred"


class BailDecision(StrEnum):
    """What the bail clerk decided (Policy 413 §IV.A.2)."""

    MONETARY_BAIL = "monetary bail"
    PERSONAL_RECOGNIZANCE = "personal recognizance"
    HELD_UNTIL_COURT = "held until court"

    @property
    def makes_release_eligible(self) -> bool:
        """Bail or recognizance means the person would otherwise be released."""
        return self is not BailDecision.HELD_UNTIL_COURT


class Outcome(StrEnum):
    """How a detainer left the board."""

    RELEASED_ON_BAIL = "released on bail"
    RELEASED_ON_RECOGNIZANCE = "released on personal recognizance"
    RELEASED_OTHERWISE = "released otherwise"
    TRANSFERRED_TO_ICE = "transferred to ICE custody"
    TRANSFERRED_TO_COURT = "transferred to court"
    EXPIRED = "expired"
    LIFTED_BY_ICE = "lifted or cancelled by ICE"
    ENTERED_IN_ERROR = "entered in error"


class StepState(StrEnum):
    """Where a checklist step stands."""

    PENDING = "pending"
    DONE = "done"
    NOT_APPLICABLE = "not applicable"


class Trigger(StrEnum):
    """The event that makes a checklist step due."""

    ON_RECEIPT = "on_receipt"
    ON_BAIL_DECISION = "on_bail_decision"
    ON_RELEASE = "on_release"
    ON_TRANSFER = "on_transfer"


class ClockStart(StrEnum):
    """Which instant starts the 48 hours."""

    RECEIPT = "receipt"
    RELEASE_ELIGIBLE = "release_eligible"


class Duty(StrEnum):
    """Who does a checklist step, in the policies' words."""

    OFFICER_IN_CHARGE = "officer in charge"
    DESK_OFFICER = "desk officer"
    DESK_SERGEANT = "desk sergeant"
    ARRESTING_OFFICER = "arresting officer"
    BOOKING_OFFICER = "booking officer"
    SHIFT_SUPERVISOR = "shift supervisor"
    RECORDS_CLERK = "records clerk"
    CRIME_ANALYST = "crime analyst"
    COMMANDING_OFFICER = "commanding officer"


class Role(StrEnum):
    """What a signed-in person is allowed to be."""

    DESK_OFFICER = "desk officer"
    SUPERVISOR = "supervisor"
    RECORDS_CLERK = "records clerk"
    ANALYST = "analyst"
    ADMINISTRATOR = "administrator"


class DetainerReason(StrEnum):
    """Box 1 of Form I-247A: the ground for DHS's probable cause."""

    FINAL_ORDER = "final order of removal"
    PENDING_PROCEEDINGS = "pending removal proceedings"
    BIOMETRIC_MATCH = "biometric confirmation and records checks"
    STATEMENTS = "statements or other reliable evidence"
    TRANSFERRED_FROM_DHS = "transferred from DHS custody (Box 2)"
    OTHER = "other"


class StepRecord(StrEnum):
    """A step whose completion is a structured record, opened by its own prompt."""

    ERO_NOTICE = "ero_notice"
    COPY_SERVED = "copy_served"


class LawLevel(IntEnum):
    """Where a rule of law comes from; a larger value is a higher authority."""

    DEPARTMENT = 0
    LOCAL = 1
    STATE = 2
    FEDERAL = 3


class Matter(StrEnum):
    """A question that more than one layer of law answers (may the desk do this?)."""

    HOLD_ON_DETAINER = "hold_on_detainer"
    TELL_ICE_OF_RELEASE = "tell_ice_of_release"
    COPY_OF_ICE_REQUESTS = "copy_of_ice_requests"

    @property
    def words(self) -> str:
        """The act in the desk's words, for 'no hold on a detainer alone'."""
        return _MATTER_WORDS[self][0]

    @property
    def refusal(self) -> str:
        """What the desk must not do when a layer forbids the act."""
        return _MATTER_WORDS[self][1]


_MATTER_WORDS = {
    Matter.HOLD_ON_DETAINER: ("holding a person on a detainer alone",
                              "no hold on a detainer alone"),
    Matter.TELL_ICE_OF_RELEASE: ("telling ICE of a pending release",
                                 "ICE is not told of a pending release"),
    Matter.COPY_OF_ICE_REQUESTS: ("giving the person a copy of an ICE request",
                                  "no copy of an ICE request is given"),
}


class ReleaseGround(StrEnum):
    """Trust Act §1 (a)-(g): the events that end custody on the criminal charge, so that
    the person would otherwise be released (release eligibility)."""

    CHARGES_DISMISSED = "charges dropped or dismissed"
    ACQUITTED = "acquitted of all charges"
    SENTENCE_SERVED = "sentence served"
    BAIL_POSTED = "bail or bond posted"
    RECOGNIZANCE = "personal recognizance"
    DIVERSION = "referred to pre-trial diversion"
    ALTERNATIVE_SENTENCE = "alternative to incarceration"
    COURT_ORDERED = "court-ordered release"
    OTHERWISE_ELIGIBLE = "otherwise eligible under the law"

    @property
    def section(self) -> str:
        """The paragraph of Trust Act §1 ("Released from local custody") it comes from."""
        return f"Trust Act §1({_GROUND_PARAGRAPHS[self]})"


_GROUND_PARAGRAPHS = {
    ReleaseGround.CHARGES_DISMISSED: "a", ReleaseGround.ACQUITTED: "b",
    ReleaseGround.SENTENCE_SERVED: "c", ReleaseGround.BAIL_POSTED: "d",
    ReleaseGround.RECOGNIZANCE: "d", ReleaseGround.DIVERSION: "e",
    ReleaseGround.ALTERNATIVE_SENTENCE: "f", ReleaseGround.COURT_ORDERED: "g",
    ReleaseGround.OTHERWISE_ELIGIBLE: "g",
}


class EroMethod(StrEnum):
    """How ICE ERO was told that the person is no longer in custody (§IV.A.3(g))."""

    PHONE = "phone"
    FAX = "fax"
    EMAIL = "email"


class ExportKind(StrEnum):
    """What an outbox item produces; each kind has its own renderer."""

    TRACKING_SHEET = "tracking_sheet"
    RECORD_PDF = "record_pdf"
    HANDOFF = "handoff"
    REPORT = "report"
