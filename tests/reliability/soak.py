"""How hard the reliability tests push: a quick pass in the suite, the full one in soak.

`make soak` sets DESK_SOAK=1; every count below then takes its soak value.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SOAK = os.environ.get("DESK_SOAK", "") == "1"


def scale(in_suite: int, in_soak: int) -> int:
    """`in_soak` under `make soak`, else `in_suite`."""
    return in_soak if SOAK else in_suite


def examples(in_suite: int, in_soak: int) -> settings:
    """Hypothesis settings: that many examples, no per-example deadline."""
    return settings(max_examples=scale(in_suite, in_soak), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])
