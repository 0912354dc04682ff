"""What "held until court" means where no one may be held on a detainer alone.

The bail clerk's "held until court is next in session" keeps the person in custody on
the criminal charge, which is lawful; the detainer adds nothing to it. Where a layer of
law forbids a hold on the detainer alone (in Massachusetts, Lunn v. Commonwealth), the
officer must know that custody ends when the charge no longer holds the person.
"""

from __future__ import annotations

from desk_app.domain.law_layers import Ruling


def held_until_court_words(hold: Ruling) -> str:
    """The explanation shown beside "Held until court" under a no-hold ruling; "" where
    a hold on the detainer is permitted (the choice then needs no warning)."""
    if hold.permits:
        return ""
    return ("The person stays in custody on the criminal charge, by the bail clerk's "
            "order, not because of the detainer. When court releases them, bail is "
            "posted or the charge is dropped, custody ends at once: they may not be "
            "kept for ICE, because no one may be held on a civil immigration detainer "
            f"alone ({hold.citation}).")
