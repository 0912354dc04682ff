"""The numbers behind the six-monthly ordinance report (ordinance §4, Trust Act §4).

Pure functions of detainer snapshots and the clock, like the quarterly figures in
`report_figures`, whose period and reason definitions they share: ICE holds,
administrative warrants and notification requests by reason; people detained on a hold;
people transferred to ICE custody; reimbursements by case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desk_app.domain.clock import DetainerClock
from desk_app.domain.detainer import DetainerSnapshot
from desk_app.domain.search_text import fold
from desk_app.domain.vocabulary import BailDecision, FormType, Outcome
from desk_app.records.report_figures import (
    RELEASED,
    Period,
    Row,
    Tally,
    detainer_reasons,
    first_names,
    in_period,
    label_rows,
    money_text,
    reason_tally,
)

HOLDS, WARRANTS, NOTIFICATIONS = ("ICE holds", "Administrative warrants",
                                  "Notification requests")


@dataclass(frozen=True)
class Reimbursement:
    """Money received from the federal government for one detainer (ordinance §4(d))."""

    case_number: str
    detainer_number: str
    form_type: FormType
    amount: float


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
    detained_until_court: int
    detained_after_eligible: int
    transferred: int
    reimbursements: tuple[Reimbursement, ...]

    @property
    def total_reimbursed(self) -> float:
        """Sum of every reimbursement, to the cent."""
        return round(sum(r.amount for r in self.reimbursements), 2)

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
            ("Reimbursements received", money_text(self.total_reimbursed)),
        )

    def to_rows(self) -> list[Row]:
        """Every figure as (section, label, value) CSV rows."""
        rows: list[Row] = [("Period", "Received", self.period.label())]
        for kind in self.kinds:
            rows += [("Requests lodged", kind.label, str(kind.total))]
            rows += label_rows(f"{kind.label} by reason", kind.reasons)
        rows += label_rows("Individuals", (
            ("Detained on an ICE hold or administrative warrant", self.detained),
            ("of whom held until court by the bail clerk", self.detained_until_court),
            ("of whom kept after release eligibility", self.detained_after_eligible),
            ("Transferred to ICE custody", self.transferred)))
        rows += [("Reimbursements", f"Case {r.case_number} / detainer {r.detainer_number}",
                  f"{r.amount:.2f}") for r in self.reimbursements]
        return rows + [("Reimbursements", "Total", f"{self.total_reimbursed:.2f}")]


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
    "notification request) whom the bail clerk ordered held until court, or who stayed in "
    "police custody after becoming eligible for release and then left other than by "
    "release (transferred to ICE or to court, or the detainer expired or was lifted while "
    "they were held). A person released on bail or recognizance is not counted, however "
    "long the release paperwork took.")


def detained_on_hold(d: DetainerSnapshot) -> bool:
    """Whether the person was detained on an ICE hold or administrative warrant.

    As `DETAINED_ON_HOLD` words it. Held until court counts because the bail clerk
    decides whether the arrestee is "held in police custody via the Immigration
    Detainer until court is next in session" (Policy 413 §IV.A.2). Entries closed as
    entered in error never count; an active one counts by that test only.
    """
    if request_kind(d.form_type) == NOTIFICATIONS or d.outcome is Outcome.ENTERED_IN_ERROR:
        return False
    return d.bail_decision is BailDecision.HELD_UNTIL_COURT or _kept_after_eligible(d)


def person_key(d: DetainerSnapshot) -> tuple[str, ...]:
    """Who the detainer is about: the DHS subject ID, else the folded name and birth date.

    Two detainers for one person in a period count as one individual.
    """
    if d.subject_id.strip():
        return ("id", d.subject_id.strip().casefold())
    born = d.date_of_birth.isoformat() if d.date_of_birth else ""
    return ("name", " ".join(fold(d.subject_name).split()), born)


def ordinance_figures(detainers: Iterable[DetainerSnapshot], first: date, last: date,
                      clock: DetainerClock) -> OrdinanceFigures:
    """The six-monthly figures of the detainers received from `first` to `last`."""
    period = Period.of_days(first, last, clock)
    ds = in_period(detainers, period)
    groups = {label: [d for d in ds if request_kind(d.form_type) == label]
              for label in (HOLDS, WARRANTS, NOTIFICATIONS)}
    names = first_names(ds, detainer_reasons)
    kinds = tuple(RequestKind(label, len(group), reason_tally(group, names))
                  for label, group in groups.items())
    detained = [d for d in ds if detained_on_hold(d)]
    until_court = [d for d in detained if d.bail_decision is BailDecision.HELD_UNTIL_COURT]
    transferred = [d for d in ds if d.outcome is Outcome.TRANSFERRED_TO_ICE]
    paid = sorted((d for d in ds if d.reimbursement_amount > 0),
                  key=lambda d: (d.case_number, d.detainer_number))
    return OrdinanceFigures(
        period=period, kinds=kinds,
        detained=_people(detained), detained_until_court=_people(until_court),
        detained_after_eligible=_people(d for d in detained if _kept_after_eligible(d)),
        transferred=_people(transferred),
        reimbursements=tuple(Reimbursement(d.case_number, d.detainer_number, d.form_type,
                                           round(d.reimbursement_amount, 2)) for d in paid),
    )


def _kept_after_eligible(d: DetainerSnapshot) -> bool:
    return (d.closed_at is not None and d.release_eligible_at is not None
            and d.outcome not in RELEASED and d.closed_at > d.release_eligible_at)


def _people(detainers: Iterable[DetainerSnapshot]) -> int:
    return len({person_key(d) for d in detainers})
