"""The numbers behind the six-monthly ordinance report (ordinance §4, Trust Act §4).

Pure functions of detainer snapshots and the clock, like the quarterly figures in
`report_figures`, whose period and reason definitions they share: ICE holds,
administrative warrants and notification requests by reason; people detained on a hold;
people transferred to ICE custody; reimbursements by case.

Counted from the effective rules: (a) every request lodged, the detainers and the
notification requests and administrative warrants written in the ICE contact log; (b)
only people held on the detainer itself, never a person the bail clerk held until court
(custody on the criminal charge); an entry closed as "entered in error" counts nowhere;
(d) reimbursements as exact money, in the period in which they were received.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desk_app.domain.clock import DetainerClock
from desk_app.domain.contact_log import ContactEntry, ContactKind
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.lifecycle import kept_after_eligibility
from desk_app.domain.money import dollars_text
from desk_app.domain.report_figures import (
    NOT_STATED,
    Period,
    Row,
    StationTable,
    Tally,
    detainer_reasons,
    first_names,
    in_period,
    label_rows,
    reason_tally,
    sentence,
    station_rows,
)
from desk_app.domain.search_text import fold
from desk_app.domain.vocabulary import FormType, Outcome

HOLDS, WARRANTS, NOTIFICATIONS = ("ICE holds", "Administrative warrants",
                                  "Notification requests")
CONTACT_KINDS = {ContactKind.ADMINISTRATIVE_WARRANT: WARRANTS,
                 ContactKind.NOTIFICATION_REQUEST: NOTIFICATIONS}


@dataclass(frozen=True)
class Reimbursement:
    """Money received from the federal government for one detainer (ordinance §4(d));
    `received_on` None: entered before the day received was recorded."""

    case_number: str
    detainer_number: str
    form_type: FormType
    amount: Decimal
    received_on: date | None


@dataclass(frozen=True)
class RequestKind:
    """One kind of ICE request (hold, administrative warrant, notification) and why."""

    label: str
    total: int
    reasons: Tally


@dataclass(frozen=True)
class OrdinanceFigures:
    """Every figure of the six-monthly report (ordinance §4, Trust Act §4).

    `detained` counts individuals detained on an ICE hold or administrative warrant
    (see `detained_on_hold`); `transferred` counts individuals whose detainer closed as
    transferred to ICE custody. Individuals are told apart by `person_key`.
    """

    period: Period
    kinds: tuple[RequestKind, ...]
    detained: int
    transferred: int
    reimbursements: tuple[Reimbursement, ...]
    # As in the quarterly figures: one station's (None: every station's), and then the
    # figures station by station.
    station: str | None = None
    by_station: StationTable | None = None

    @property
    def total_reimbursed(self) -> Decimal:
        """Sum of every reimbursement, exact to the cent."""
        return sum((r.amount for r in self.reimbursements), Decimal("0.00"))

    def kind_chart(self) -> Tally:
        """Requests lodged, by kind."""
        return tuple((k.label, k.total) for k in self.kinds)

    def reason_matrix(self) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[int, ...]], ...]]:
        """Reasons (each given by at least one request) and, per kind, its count of each."""
        labels: list[str] = []
        for kind in self.kinds:
            labels += [label for label, n in kind.reasons if n and label not in labels]
        series = tuple((k.label, tuple(dict(k.reasons).get(lb, 0) for lb in labels))
                       for k in self.kinds)
        return tuple(labels), series

    def totals(self) -> tuple[tuple[str, str], ...]:
        """The key figures, as label and printed value, for the summary tables."""
        return (
            *((f"{k.label} lodged", str(k.total)) for k in self.kinds),
            ("Individuals detained on a hold or warrant", str(self.detained)),
            ("Individuals transferred to ICE custody", str(self.transferred)),
            ("Reimbursements received", dollars_text(self.total_reimbursed)),
        )

    def to_rows(self) -> list[Row]:
        """Every figure as (section, label, value) CSV rows."""
        rows: list[Row] = [("Period", "Received", self.period.label())]
        for kind in self.kinds:
            rows += [("Requests lodged", kind.label, str(kind.total))]
            rows += label_rows(f"{kind.label} by reason", kind.reasons)
        rows += label_rows("Individuals", (
            ("Detained on an ICE hold or administrative warrant", self.detained),
            ("Transferred to ICE custody", self.transferred)))
        rows += [("Reimbursements", f"Case {r.case_number} / detainer {r.detainer_number}"
                  f" / received {received_words(r.received_on)}", f"{r.amount:.2f}")
                 for r in self.reimbursements]
        rows += [("Reimbursements", "Total", f"{self.total_reimbursed:.2f}")]
        return station_rows(rows, self.station, self.by_station)


def request_kind(form_type: FormType) -> str:
    """Hold (I-247A, I-247, I-247D), administrative warrant (I-200, I-203, I-205) or
    notification request (the notification request form and I-247N)."""
    if form_type.asks_for_hold:
        return HOLDS
    if form_type.is_administrative_warrant:
        return WARRANTS
    return NOTIFICATIONS


DETAINED_ON_HOLD = (
    "Detained on a hold: a person on an ICE hold or administrative warrant (not a "
    "notification request) who stayed in police custody after becoming eligible for "
    "release (Trust Act §1) and then left other than by release (transferred to ICE or to "
    "court, or the detainer expired or was lifted while they were held). A person the bail "
    "clerk held until court, or whose bail was not paid, was in custody on the criminal "
    "charge and is not counted; nor is a person released on bail or recognizance, however "
    "long the release paperwork took.")


def detained_on_hold(d: DetainerSnapshot) -> bool:
    """Whether the person was detained on an ICE hold or administrative warrant itself.

    As `DETAINED_ON_HOLD` words it: only custody after release eligibility is a hold on
    the detainer; custody on the criminal charge (held until court) is not. Entries
    closed as entered in error never count.
    """
    if request_kind(d.form_type) == NOTIFICATIONS or d.outcome is Outcome.ENTERED_IN_ERROR:
        return False
    return _kept_after_eligible(d)


def received_words(day: date | None) -> str:
    """The day a reimbursement was received, or that it was not recorded."""
    return day.isoformat() if day else "date not recorded"


def contact_requests(contacts: Iterable[ContactEntry], period: Period) -> list[ContactEntry]:
    """Notification requests and administrative warrants written in the ICE contact log
    in the period and not already counted as a logged detainer."""
    return [c for c in contacts
            if c.kind in CONTACT_KINDS and c.detainer_id is None
            and period.contains(c.occurred_at)]


def person_key(d: DetainerSnapshot) -> tuple[str, ...]:
    """Who the detainer is about: the DHS subject ID, else the folded name and birth date.

    Two detainers for one person in a period count as one individual.
    """
    if d.subject_id.strip():
        return ("id", d.subject_id.strip().casefold())
    born = d.date_of_birth.isoformat() if d.date_of_birth else ""
    return ("name", " ".join(fold(d.subject_name).split()), born)


def ordinance_figures(detainers: Iterable[DetainerSnapshot], first: date, last: date,
                      clock: DetainerClock, contacts: Iterable[ContactEntry] = (),
                      reimbursed: Iterable[DetainerSnapshot] = ()) -> OrdinanceFigures:
    """The six-monthly figures of the requests lodged from `first` to `last`.

    `contacts` are ICE contact-log entries (those in the period count under (a));
    `reimbursed` are detainers whatever their receipt, whose reimbursement counts if it
    was received in the period (one recorded without its day counts with its detainer).
    """
    period = Period.of_days(first, last, clock)
    ds = in_period(detainers, period)
    logged = contact_requests(contacts, period)
    groups = {label: [d for d in ds if request_kind(d.form_type) == label]
              for label in (HOLDS, WARRANTS, NOTIFICATIONS)}
    names = first_names(ds, detainer_reasons)
    kinds = tuple(RequestKind(label, len(group) + len(extra),
                              _with_contacts(reason_tally(group, names), extra))
                  for label, group in groups.items()
                  for extra in ([c for c in logged if CONTACT_KINDS[c.kind] == label],))
    detained = [d for d in ds if detained_on_hold(d)]
    transferred = [d for d in ds if d.outcome is Outcome.TRANSFERRED_TO_ICE]
    in_this_period = {d.id for d in ds}
    paid = sorted({d.id: d for d in [*ds, *reimbursed] if _reimbursed_in(
        d, first, last, in_this_period)}.values(),
        key=lambda d: (d.case_number, d.detainer_number))
    return OrdinanceFigures(
        period=period, kinds=kinds, detained=_people(detained),
        transferred=_people(transferred),
        reimbursements=tuple(Reimbursement(d.case_number, d.detainer_number, d.form_type,
                                           d.reimbursement_amount, d.reimbursement_received_on)
                             for d in paid),
    )


def _reimbursed_in(d: DetainerSnapshot, first: date, last: date,
                   in_this_period: set[int]) -> bool:
    if d.reimbursement_amount <= 0 or d.voided_at is not None \
            or d.outcome is Outcome.ENTERED_IN_ERROR:
        return False
    if d.reimbursement_received_on is None:
        return d.id in in_this_period
    return first <= d.reimbursement_received_on <= last


def _with_contacts(tally: Tally, contacts: list[ContactEntry]) -> Tally:
    """The detainers' reasons, then the reasons the contact-log requests gave."""
    counts = dict(tally)
    added: dict[str, int] = {}
    for c in contacts:
        label = sentence(c.reason.value)
        if label in counts:
            counts[label] += 1
        else:
            added[label] = added.get(label, 0) + 1
    head = [(label, n) for label, n in counts.items() if label != NOT_STATED]
    return (*head, *added.items(), (NOT_STATED, counts.get(NOT_STATED, 0)))


def _kept_after_eligible(d: DetainerSnapshot) -> bool:
    return kept_after_eligibility(d)


def _people(detainers: Iterable[DetainerSnapshot]) -> int:
    return len({person_key(d) for d in detainers})
