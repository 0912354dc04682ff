"""How well and how fast the form reader reads faxed detainers (part of `make bench`).

    .venv/bin/python -m bench.intake_bench                 # 100 fine + 100 standard faxes
    .venv/bin/python -m bench.intake_bench --faxes 20 --save /tmp/reads.json

Generates faxes of Form I-247A from known values (bench/fax_forms.py), reads each with
`read_fax`, and compares field by field. A field is exact when the value read equals the
value printed, empty when the reader left it for the officer (not confident), and
confidently wrong when a value was offered that is not the printed one. Budgets: 98 % of
fields exact at fine resolution, 95 % at standard, and no field confidently wrong in
more than 1 % of faxes; each is printed with PASS or FAIL. Exits 1 when a budget is
missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.fax_forms import FINE, STANDARD, make_fax, make_values

FIELDS = ("subject_name", "date_of_birth", "citizenship", "sex", "file_number",
          "subject_id", "event_number", "date", "issuing_office", "office_phone", "grounds")
BUDGET_EXACT = {"fine": 0.98, "standard": 0.95}
BUDGET_WRONG = 0.01
BUDGET_SECONDS = 5.0  # the form's fields on screen within 5 s of opening a fax (two cores)


def same(name: str, read: Any, printed: Any) -> bool:
    """Whether the value read is the printed one (grounds: the same set)."""
    if name == "grounds":
        return isinstance(read, list) and sorted(read) == sorted(printed)
    return bool(read == printed)


def run(faxes: int, seed: int, folder: Path, save: Path | None = None,
        resolutions: tuple[str, ...] = ("fine", "standard")) -> list[dict[str, Any]]:
    """Make and read `faxes` faxes at each resolution; one record per fax (written to
    `save` as they come, so a long run can be looked at before it ends)."""
    from desk_app.records.form_reader import read_fax

    records = []
    rngs = {label: random.Random(f"{seed}-{label}") for label in ("fine", "standard")}
    for n in range(faxes):  # the two resolutions in turn: a partial run covers both
        for label, resolution in (("fine", FINE), ("standard", STANDARD)):
            if label not in resolutions:
                continue
            rng = rngs[label]
            values = make_values(rng)
            path = make_fax(values, resolution, rng, folder / f"{label}-{n:04d}.tif")
            wall, cpu = time.perf_counter(), time.process_time()
            reading = read_fax(path)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            expected = values.expected()
            fields = {}
            for name in FIELDS:
                got = reading.fields.get(name)
                fields[name] = {
                    "value": got.value if got else None,
                    "candidate": got.candidate if got else None,
                    "confidence": got.confidence if got else 0.0,
                    "raw": got.raw if got else "",
                    "expected": expected[name]}
            records.append({"resolution": label, "form": reading.form,
                            "seconds": wall, "cpu_seconds": cpu,
                            "fields_seconds": reading.fields_seconds,
                            "pages_read": reading.pages_read,
                            "load": os.getloadavg()[0], "fields": fields})
            print(f"  {label} {n + 1}/{faxes}: {wall:.1f} s ({cpu:.1f} s CPU), "
                  f"load {os.getloadavg()[0]:.1f}", file=sys.stderr)
            if save is not None:
                save.write_text(json.dumps(records, indent=1), encoding="utf-8")
    return records


def outcome(name: str, field: dict[str, Any]) -> str:
    """'exact', 'empty' (left for the officer) or 'wrong' (offered, and not printed)."""
    if field["value"] is None:
        return "empty"
    return "exact" if same(name, field["value"], field["expected"]) else "wrong"


def summary(records: list[dict[str, Any]]) -> bool:
    """Print accuracy by resolution, then each field's figures, each budget with PASS or
    FAIL, then the speed; True when every accuracy budget is met."""
    met = True
    print(f"{'resolution':<10} {'faxes':>5} {'exact':>7} {'empty':>7} {'wrong':>7}  budget")
    labels = [label for label in ("fine", "standard")
              if any(r["resolution"] == label for r in records)]
    for label in labels:
        rows = [r for r in records if r["resolution"] == label]
        counts = Counter(outcome(n, f) for row in rows for n, f in row["fields"].items())
        total = len(rows) * len(FIELDS)
        exact = counts["exact"] / total
        ok = exact >= BUDGET_EXACT[label]
        met &= ok
        print(f"{label:<10} {len(rows):>5} {exact:>7.1%} {counts['empty'] / total:>7.1%} "
              f"{counts['wrong'] / total:>7.1%}  {'PASS' if ok else 'FAIL'} "
              f"(at least {BUDGET_EXACT[label]:.0%} of fields exact)")
    print(f"\neach field, exact (and confidently wrong) in its share of faxes; budget: no "
          f"field confidently wrong in more than {BUDGET_WRONG:.0%} of faxes")
    print(f"{'field':<16}" + "".join(f"{label:>22}" for label in labels) + "  budget")
    for name in FIELDS:
        cells, ok = "", True
        for label in labels:
            rows = [r for r in records if r["resolution"] == label]
            seen = Counter(outcome(name, r["fields"][name]) for r in rows)
            wrong = seen["wrong"] / len(rows)
            ok &= wrong <= BUDGET_WRONG
            cells += f"{seen['exact'] / len(rows):>13.1%} ({wrong:>5.1%})"
        met &= ok
        print(f"{name:<16}{cells}  {'PASS' if ok else 'FAIL'}")
    speed(records, labels)
    return met


def speed(records: list[dict[str, Any]], labels: list[str]) -> None:
    """Print the time to the form's fields (the form page read: the notice pages after
    it are never read), wall and CPU, and the load the machine was under: the 5-second
    budget on two cores is judged on the wall time, which another program's load
    inflates, so the CPU time is printed beside it."""
    print(f"\ntime to the form's fields (the page holding the form read), seconds; "
          f"budget: on screen within {BUDGET_SECONDS:.0f} s on two cores")
    print(f"{'resolution':<10} {'wall median':>12} {'wall worst':>11} {'CPU median':>11} "
          f"{'CPU worst':>10} {'pages read':>11} {'wall per page':>14}")
    for label in labels:
        rows = [r for r in records if r["resolution"] == label]
        wall = [r.get("fields_seconds") or r["seconds"] for r in rows]
        cpu = [r["cpu_seconds"] for r in rows if "cpu_seconds" in r]
        cpu_cells = (f"{statistics.median(cpu):>10.2f}s {max(cpu):>9.2f}s" if cpu
                     else f"{'-':>11} {'-':>10}")
        pages = sum(r.get("pages_read", 1) for r in rows)
        print(f"{label:<10} {statistics.median(wall):>11.2f}s {max(wall):>10.2f}s "
              f"{cpu_cells} {pages / len(rows):>11.2f} "
              f"{sum(r['seconds'] for r in rows) / pages:>13.2f}s")
    wall = [r.get("fields_seconds") or r["seconds"] for r in records]
    loads = [r["load"] for r in records if "load" in r]
    load = (f"load average (1 min) during the run: median {statistics.median(loads):.1f}, "
            f"highest {max(loads):.1f}" if loads else "load average not recorded")
    verdict = "PASS" if statistics.median(wall) <= BUDGET_SECONDS else "FAIL"
    print(f"{verdict} (median wall time to the fields {statistics.median(wall):.2f} s); "
          f"{os.cpu_count()} cores, {load}. Reported, not part of the exit status: a "
          f"loaded machine's wall time says little of a desk workstation's.")


def main(argv: list[str] | None = None) -> int:
    """Run the reading benchmark; exit 1 when a budget is missed."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--faxes", type=int, default=100, help="faxes per resolution")
    parser.add_argument("--seed", type=int, default=247)
    parser.add_argument("--save", type=Path, help="write every reading as JSON here")
    parser.add_argument("--resolution", choices=("fine", "standard"),
                        help="only this resolution (the same faxes as in a run of both: "
                             "two runs, one each, summarised together with --load)")
    parser.add_argument("--load", type=Path, nargs="+",
                        help="summarise readings saved earlier (one run, or several "
                             "runs of different seeds together)")
    args = parser.parse_args(argv)
    if args.load:
        records = [record for path in args.load
                   for record in json.loads(path.read_text(encoding="utf-8"))]
    else:
        with tempfile.TemporaryDirectory(prefix="desk-intake-bench-") as folder:
            chosen = (args.resolution,) if args.resolution else ("fine", "standard")
            records = run(args.faxes, args.seed, Path(folder), args.save, chosen)
    met = summary(records)
    print(f"\n{len(records)} faxes; form reading budgets: {'PASS' if met else 'FAIL'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
