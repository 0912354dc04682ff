"""Where PDFs and scans go to be viewed or printed: this run's own private folder.

Reproduced before (issue 13, finding 7): the handoff sheet was written into a shared
`/tmp/detainer-desk`, which any account could create first, fill with a link to a
mode-600 file, or read; scans opened for viewing stayed in their folder forever. Now each
run of the program gets one folder of its own, made by `tempfile.mkdtemp` (mode 0700, a
random name, so nothing can be planted in it in advance or read by another account),
and the folder and everything in it is removed when the program ends.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

_FOLDERS: list[Path] = []


def private_output_folder() -> Path:
    """This run's private folder for files to view or print (created on first use)."""
    if not _FOLDERS or not _FOLDERS[-1].is_dir():
        _FOLDERS.append(Path(tempfile.mkdtemp(prefix="detainer-desk-")))
    return _FOLDERS[-1]


def remove_private_output() -> None:
    """Delete the private folders and what was printed or viewed from them."""
    while _FOLDERS:
        shutil.rmtree(_FOLDERS.pop(), ignore_errors=True)


atexit.register(remove_private_output)
