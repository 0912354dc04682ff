"""Resolving the layers of law: a prohibition in any layer beats a lower permission."""

from __future__ import annotations

from datetime import date

from desk_app.domain.law_layers import LawRule, resolve
from desk_app.domain.vocabulary import LawLevel, Matter

HOLD = Matter.HOLD_ON_DETAINER


def rule(level: LawLevel, permits: bool, citation: str, effective: date | None = None,
         until: date | None = None, matter: Matter = HOLD) -> LawRule:
    return LawRule(matter, permits, f"text of {citation}", citation, citation, level,
                   f"{level.name} layer", effective, until)


FEDERAL = rule(LawLevel.FEDERAL, True, "8 CFR 287.7(d)", date(1997, 4, 1))
STATE = rule(LawLevel.STATE, False, "Lunn", date(2017, 7, 24))
LOCAL = rule(LawLevel.LOCAL, False, "Ordinance §2(d)")
DEPT = rule(LawLevel.DEPARTMENT, True, "Policy 413 §IV.A.2", date(2017, 4, 30))


def test_state_prohibition_overrides_the_department_permission() -> None:
    """A department's old hold paragraph must lose to state law, and be named as lost."""
    ruling = resolve([FEDERAL, STATE, DEPT], HOLD, date(2026, 1, 5))
    assert ruling is not None and not ruling.permits
    assert ruling.decided_by is STATE
    assert ruling.overridden == (DEPT,)
    assert ruling.supersessions == ("Policy 413 §IV.A.2 is superseded by Lunn: "
                                    "no hold on a detainer alone",)


def test_the_highest_prohibiting_layer_decides() -> None:
    """With state and local both forbidding, the state rule is the one cited first."""
    ruling = resolve([LOCAL, FEDERAL, STATE, DEPT], HOLD, date(2026, 1, 5))
    assert ruling is not None and ruling.decided_by is STATE


def test_without_a_prohibition_the_most_specific_permission_decides() -> None:
    """Before Lunn the department's own paragraph was the rule that applied."""
    ruling = resolve([FEDERAL, STATE, DEPT], HOLD, date(2017, 5, 1))
    assert ruling is not None and ruling.permits and ruling.decided_by is DEPT
    assert ruling.overridden == ()


def test_rules_start_and_end_on_their_dates() -> None:
    """A bill in force from a date changes only detainers received from that date on."""
    bill = rule(LawLevel.STATE, False, "Bill §1", date(2027, 1, 1), date(2028, 1, 1),
                matter=Matter.TELL_ICE_OF_RELEASE)
    tell = rule(LawLevel.FEDERAL, True, "8 CFR 287.7(a)", matter=Matter.TELL_ICE_OF_RELEASE)
    on = resolve([tell, bill], Matter.TELL_ICE_OF_RELEASE, date(2027, 1, 1))
    assert on is not None and not on.permits
    for day in (date(2026, 12, 31), date(2028, 1, 1)):
        off = resolve([tell, bill], Matter.TELL_ICE_OF_RELEASE, day)
        assert off is not None and off.permits


def test_no_layer_speaking_gives_no_ruling() -> None:
    """A question nobody answers must not be answered with an invented default."""
    assert resolve([FEDERAL], Matter.COPY_OF_ICE_REQUESTS, date(2026, 1, 5)) is None
