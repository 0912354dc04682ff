"""Why the desk could not open, in a sentence and a next step, with no password shown.

The board and the command line meet the same failures when they open the desk: the
database server unreachable, a database URL that is not one, a folder that cannot be
written, a schema a newer version migrated, a wrong settings file. Both say them the
same way, from here; a database URL is always shown with its password masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from desk_app.domain.errors import DeskError
from desk_app.settings_file import SettingsFileError
from desk_app.store.db_errors import ServerUnreachableError
from desk_app.store.schema_guard import SchemaTooNewError

ASK_ADMINISTRATOR = ("If it happens again, tell the system administrator; the log file "
                     "desk.log has the details.")
_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


@dataclass(frozen=True)
class StartupFailure:
    """What went wrong (one sentence), what to do next, and the line for the log."""

    sentence: str
    what_to_do: str
    log_text: str


def masked_url(url: str) -> str:
    """The URL as it may be shown or logged: the password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _PASSWORD.sub(r"\1***@", url)


def _first_line(error: BaseException) -> str:
    """The driver's own first line (host, port, reason), with any URL masked."""
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return _PASSWORD.sub(r"\1***@", lines[0]) if lines else type(original).__name__


def explain_startup_failure(error: BaseException, url: str | None) -> StartupFailure | None:
    """The failure said for a person, or None for an error that is a bug (re-raised)."""
    where = f"the database {masked_url(url)}" if url else "the desk's database"
    if isinstance(error, SchemaTooNewError):
        return StartupFailure(str(error), "Install the version of Detainer Desk that the "
                              "other workstations use (ask the administrator), then start "
                              "it again. Nothing was changed.", str(error))
    if isinstance(error, ServerUnreachableError):
        sentence = f"{where} cannot be reached (the server is down or the network is out)."
        return StartupFailure(sentence, "Check that this workstation is on the network and "
                              "that the database server is running, then start Detainer "
                              "Desk again. " + ASK_ADMINISTRATOR, sentence)
    if isinstance(error, SettingsFileError):
        return StartupFailure(str(error), "Correct the settings file named above, or ask "
                              "the administrator who installed it.", str(error))
    if isinstance(error, DeskError):
        return StartupFailure(str(error), ASK_ADMINISTRATOR, str(error))
    if isinstance(error, (ArgumentError, NoSuchModuleError)):
        sentence = (f"{where} is not a database address Detainer Desk can use "
                    "(a URL such as postgresql+psycopg://desk@server/detainers).")
        return StartupFailure(sentence, "Correct --db, DESK_DB_URL or database_url in "
                              "the settings file.", sentence)
    if isinstance(error, DBAPIError):
        reason = _first_line(error)
        sentence = f"{where} cannot be reached ({reason})."
        return StartupFailure(sentence, "Check that this workstation is on the network and "
                              "that the database server is running, then start Detainer "
                              "Desk again. " + ASK_ADMINISTRATOR, sentence)
    if isinstance(error, OSError):
        place = f" {error.filename}" if error.filename else ""
        sentence = (f"the folder or file{place} cannot be used "
                    f"({error.strerror or type(error).__name__}).")
        return StartupFailure(sentence, "Ask the administrator to give your account "
                              "write access to it, or point Detainer Desk elsewhere (--db, "
                              "DESK_DB_URL or the settings file).", sentence)
    return None
