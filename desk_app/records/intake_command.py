"""`desk-app intake read FILE [--json]`: what the form reader reads off a fax.

For scripts and checks: it opens only the file (no database, no sign-in), reads the
form on it and prints each field with its confidence; a field that was not read
confidently is shown empty (JSON null), never guessed.
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


def add_intake_commands(sub: Any) -> None:
    """Add `intake read` to the command line's subcommands."""
    intake = sub.add_parser("intake", help="read a faxed ICE form (no database needed)")
    actions = intake.add_subparsers(dest="action", required=True)
    read = actions.add_parser("read", help="print the fields read off a fax, with "
                              "confidences")
    read.add_argument("file", type=Path, metavar="FILE", help="the fax: PDF, TIFF, PNG or JPEG")
    read.add_argument("--json", action="store_true", help="print JSON for a script")
    read.set_defaults(run=run_intake_read)


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
