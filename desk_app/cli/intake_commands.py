"""`desk-app intake read FILE [--json]` and `desk-app counts FILE --facility CODE`.

`intake read` is for scripts and checks: it opens only the file (no database, no
sign-in), reads the form on it and prints each field with its confidence; a field that
was not read confidently is shown empty (JSON null), never guessed. `counts` reads the
desk's detainers beside ICE's published ones, so it signs in as someone who may see
reports, and the reading is audited.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

FIELD_WORDS = {
    "subject_name": "Name", "date_of_birth": "Date of birth", "citizenship": "Citizenship",
    "sex": "Sex", "file_number": "File No. (A-number)", "subject_id": "Subject ID",
    "event_number": "Event #", "date": "Date of the form", "issuing_office": "Issuing office",
    "office_phone": "Office phone", "grounds": "Box 1 grounds", "requests": "Requests",
    "signing_officer": "Signing officer",
}


def add_intake_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `intake read` and `counts` to the command line's subcommands."""
    intake = sub.add_parser("intake", help="read a faxed ICE form (no database needed)")
    actions = intake.add_subparsers(dest="action", required=True)
    read = actions.add_parser("read", help="print the fields read off a fax, with "
                              "confidences")
    read.add_argument("file", type=Path, metavar="FILE", help="the fax: PDF, TIFF, PNG or JPEG")
    read.add_argument("--json", action="store_true", help="print JSON for a script")
    read.set_defaults(run=run_intake_read)
    counts = sub.add_parser("counts", parents=[common],
                            help="ICE's published detainer counts for the department's "
                                 "facilities, month by month, beside the desk's")
    counts.add_argument("file", type=Path, metavar="FILE",
                        help="ICE's detainer table (Deportation Data Project), CSV or XLSX")
    counts.add_argument("--facility", action="append", required=True, metavar="CODE",
                        help="a facility code of the department (repeat for several)")
    counts.add_argument("--json", action="store_true", help="print JSON for a script")
    counts.set_defaults(run=run_counts)


def run_intake_read(args: argparse.Namespace) -> int:
    """Read the fax named on the command line and print what was read."""
    from desk_app.records.form_reader import read_fax

    path: Path = args.file
    if not path.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    reading = read_fax(path)
    result = reading.as_json()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    form = result["form"] or "not recognised (no I-247A, I-247D/N/X, I-200 or I-205 title)"
    print(f"Form: {form}   pages: {result['pages']}   read in {reading.seconds:.1f} s")
    for name, field in result["fields"].items():
        value = field["value"]
        shown = ("(not read surely: type it)" if value is None else
                 ", ".join(value) or "(none marked)" if isinstance(value, list) else value)
        print(f"  {FIELD_WORDS[name]:<22} {shown!s:<48} {field['confidence']:.2f}")
    return 0


def run_counts(args: argparse.Namespace) -> int:
    """Month by month: detainers ICE says it sent to the facilities, and the desk's."""
    from desk_app.cli.sign_in import signed_in_desk
    from desk_app.domain.ice_counts import month_by_month
    from desk_app.domain.permissions import Access, Permission
    from desk_app.records.ice_records import prepare_dates
    from desk_app.store.detainer_service import HistoryFilter

    path: Path = args.file
    if not path.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    ice_days = prepare_dates(path, args.facility)
    with signed_in_desk(args, Permission.VIEW_REPORTS, "counts") as (desk, actor):
        desk.access.check(actor, Access.REPORT_VIEWED,
                          f"ICE detainer counts for {', '.join(args.facility)}")
        logged = desk.detainers.history(HistoryFilter(include_active=True, limit=10**7))
        desk_days = [d.received_at.astimezone(desk.zone).date() for d in logged
                     if d.voided_at is None]
    months = month_by_month(ice_days, desk_days)
    if args.json:
        print(json.dumps([{"month": m.month, "ice_sent": m.ice_sent,
                           "desk_logged": m.desk_logged, "missing": m.missing}
                          for m in months]))
        return 0
    if not months:
        print(f"No detainer in {path.name} was sent to {', '.join(args.facility)}.")
        return 0
    print(f"{'month':<8} {'ICE sent':>9} {'desk logged':>12} {'not logged':>11}")
    for m in months:
        print(f"{m.month:<8} {m.ice_sent:>9} {m.desk_logged:>12} {m.missing:>11}")
    print(f"{'total':<8} {sum(m.ice_sent for m in months):>9} "
          f"{sum(m.desk_logged for m in months):>12} {sum(m.missing for m in months):>11}")
    return 0
