"""Starting the board must not load the PDF and spreadsheet libraries.

reportlab, pypdf, openpyxl and XlsxWriter add about a third of a second to the start-up
budget (bench/README.md) and are needed only when something is printed or exported, so
the modules that use them are imported where they are first needed.
"""

from __future__ import annotations

import subprocess
import sys

LATE = ("reportlab", "pypdf", "openpyxl", "xlsxwriter")


def test_the_main_window_and_the_command_line_load_no_pdf_or_sheet_library() -> None:
    probe = ("import sys\n"
             "import desk_app.cli, desk_app.gui.main_window\n"
             f"print(sorted(m for m in {LATE!r} if m in sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=120, check=True)
    assert run.stdout.strip() == "[]", run.stdout
