"""Dollars as the desk types them: exact to the cent, never a float.

A bail amount and a federal reimbursement are money: "$1,250.50", "1250.5" and "500"
are read as exact decimals; "five hundred", a negative amount or a fraction of a cent is
refused with a sentence the person can act on.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from desk_app.domain.errors import FieldError

CENT = Decimal("0.01")
MOST = Decimal("9999999999.99")  # Numeric(12, 2)
_DOLLARS = re.compile(r"^\$?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$")


def parse_dollars(text: str, field: str) -> Decimal:
    """The amount in `text` as exact dollars and cents; FieldError naming `field`."""
    cleaned = text.strip()
    if not _DOLLARS.match(cleaned):
        raise FieldError(field, f'"{text.strip()}" is not an amount of dollars; type it in '
                                "figures, such as 500 or $1,250.50")
    try:
        amount = Decimal(cleaned.lstrip("$").strip().replace(",", ""))
    except InvalidOperation:
        raise FieldError(field, "is not an amount of dollars such as 500") from None
    # Before rounding: forty typed digits are more than the decimal context can round.
    if amount > MOST:
        raise FieldError(field, "is larger than any amount the desk can record; check it")
    if amount != amount.quantize(CENT):
        raise FieldError(field, "has a fraction of a cent; round it to the cent")
    return amount.quantize(CENT)


def dollars_text(amount: Decimal) -> str:
    """"$1,250.50": how an amount is shown and printed."""
    return f"${amount:,.2f}"


def check_received_on(received_on: date | None, today: date) -> list[FieldError]:
    """A reimbursement needs the day it was received, and that day is not in the future."""
    if received_on is None:
        return [FieldError("received_on", "say on which day the money was received")]
    if received_on > today:
        return [FieldError("received_on", "is in the future; enter the day it was received")]
    return []


def stored_amount_text(stored: str) -> str:
    """A stored bail amount as "$500.00"; one typed as words before amounts were checked
    is shown as it was typed."""
    try:
        return dollars_text(Decimal(stored)) if stored else ""
    except InvalidOperation:
        return stored
