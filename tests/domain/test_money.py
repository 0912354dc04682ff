"""Dollars typed at the desk are exact to the cent; words and fractions of a cent are not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desk_app.domain.errors import FieldError
from desk_app.domain.money import check_received_on, dollars_text, parse_dollars


@pytest.mark.parametrize(("text", "amount"), [
    ("500", Decimal("500.00")), ("$1,250.50", Decimal("1250.50")),
    ("1250.5", Decimal("1250.50")), (" $ 0.10 ", Decimal("0.10")), ("0", Decimal("0.00"))])
def test_amounts_in_figures_are_exact(text: str, amount: Decimal) -> None:
    """0.1 + 0.2 in floats is not 0.3: a report's total must add up to the cent."""
    assert parse_dollars(text, "amount") == amount
    assert parse_dollars(text, "amount").as_tuple().exponent == -2


@pytest.mark.parametrize("text", ["five hundred", "-5", "12.345", "1,25", "", "$", "1e3"])
def test_anything_but_dollars_is_refused_by_field(text: str) -> None:
    """"five hundred" stored as a bail amount can be neither added nor compared."""
    with pytest.raises(FieldError) as refused:
        parse_dollars(text, "bail_amount")
    assert refused.value.field == "bail_amount"


def test_money_prints_with_cents_and_commas() -> None:
    """The report prints $1,250.50, never 1250.5."""
    assert dollars_text(Decimal("1250.5")) == "$1,250.50"


def test_received_day_is_needed_and_not_in_the_future() -> None:
    """A reimbursement with no day cannot be put in a report period."""
    today = date(2026, 10, 15)
    assert [e.field for e in check_received_on(None, today)] == ["received_on"]
    assert [e.field for e in check_received_on(date(2026, 10, 16), today)] == ["received_on"]
    assert check_received_on(today, today) == []
