"""A handful of generated faxes for the tests (the 200-fax measure is bench/intake_bench.py)."""

from __future__ import annotations

import random
from pathlib import Path

from bench.fax_forms import FINE, STANDARD, FaxValues, make_fax, make_values


def one_fax(folder: Path, seed: int, fine: bool = True, suffix: str = ".tif",
            form: str = "I-247A") -> tuple[Path, FaxValues]:
    """One fax of a detainer drawn with `seed`, and the values printed on it."""
    rng = random.Random(seed)
    values = make_values(rng, form)
    path = folder / f"fax-{seed}-{'fine' if fine else 'standard'}{suffix}"
    return make_fax(values, FINE if fine else STANDARD, rng, path), values
