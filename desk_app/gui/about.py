"""Help > About: which version this is, under which licence, on which rules and database.

A supervisor reporting a problem, or IT checking a roll-out, needs the version and the
database in one place; the database URL is shown with its password masked.
"""

from __future__ import annotations

from html import escape

from PySide6 import __version__ as qt_binding_version

from desk_app import __version__
from desk_app.store.desk import Desk
from desk_app.store.startup_failure import masked_url


def about_text(desk: Desk) -> str:
    """The About box's rich text."""
    url = masked_url(desk.db.engine.url.render_as_string(hide_password=False))
    rows = [
        ("Version", __version__),
        ("Policy profile", desk.profile.title),
        ("Municipality", desk.settings.municipality or "not set"),
        ("Database", url),
        ("Qt for Python", qt_binding_version),
    ]
    table = "".join(f"<tr><td><b>{escape(label)}</b></td><td>{escape(value)}</td></tr>"
                    for label, value in rows)
    return (f"<h3>Detainer Desk {escape(__version__)}</h3>"
            "<p>The live ACTIVE ICE DETAINERS board of the booking desk.</p>"
            f"<table cellspacing='4'>{table}</table>"
            "<p>Licensed under the Apache License 2.0. Fonts: DejaVu (Bitstream Vera "
            "licence), Droid Sans Fallback (Apache 2.0), Noto Sans (SIL Open Font "
            "Licence 1.1).</p>")
