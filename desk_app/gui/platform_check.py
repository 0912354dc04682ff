"""Can this machine show a window? Asked before Qt is started, because Qt cannot answer.

When Qt finds no display, or its X11 plugin lacks a system library, the
`QApplication` constructor aborts the whole process (exit 134) with a hint that is
often wrong (it names `libxcb-cursor0` even when there is no display at all). A person
who clicked the menu entry then sees nothing. This module looks first and returns one
sentence that says what to do; `cli.run_gui` prints it, logs it and exits 2.

Only Linux (and other X11/Wayland systems) is checked: Windows and macOS always have
their platform plugin's libraries.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping

# The shared libraries Qt's X11 ("xcb") platform plugin loads, and the Debian/Ubuntu
# package that has each (README: the one `apt-get install` line).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

# Platforms that need no display server at all.
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc")


def loadable(library: str) -> bool:
    """Whether the dynamic loader finds `library` on this machine."""
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def display_problem(environ: Mapping[str, str], platform: str = sys.platform,
                    can_load: Callable[[str], bool] = loadable) -> str | None:
    """One sentence saying why no window can be shown here, or None when one can."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    requested = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if requested.startswith(HEADLESS_PLATFORMS):
        return None
    if requested.startswith("wayland") or (not requested and environ.get("WAYLAND_DISPLAY")):
        return None  # Qt's Wayland plugin falls back to xcb itself when it must
    if not environ.get("DISPLAY"):
        return ("there is no display to show the board on (DISPLAY and WAYLAND_DISPLAY "
                "are not set): start Detainer Desk from the desktop session of the "
                "workstation; the commands (desk-app --help) work without one.")
    missing = sorted({package for library, package in XCB_LIBRARIES.items()
                      if not can_load(library)})
    if missing:
        return ("this machine lacks the system libraries the board's window needs: "
                f"ask the administrator to run 'apt-get install {' '.join(missing)}' "
                "(Debian or Ubuntu; see the README).")
    return None
