"""The layers the design relies on, checked on the source: gui -> store/records -> domain.

`domain/` is pure Python (the standard library and `holidays` only), Qt is imported only
under `gui/`, and nothing below the GUI imports it. A walk over every module's import
statements, so a new import that breaks a layer fails here, not in review.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desk_app"
DOMAIN_MAY_IMPORT = {"holidays", "desk_app"}


def imports_of(path: Path) -> set[str]:
    """Every module name `path` imports (absolute names; relative ones resolved)."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-node.level]
                names.add(".".join([*base, node.module or ""]).rstrip("."))
            elif node.module:
                names.add(node.module)
    return names


def modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py")) if folder else sorted(PACKAGE.rglob("*.py"))


def top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("path", modules("domain"), ids=lambda p: p.name)
def test_domain_imports_only_the_standard_library_and_holidays(path: Path) -> None:
    outside = {name for name in imports_of(path)
               if top(name) not in sys.stdlib_module_names and top(name) not in DOMAIN_MAY_IMPORT}
    # desk_app.resources finds the shipped files (importlib.resources, nothing else).
    inner = {name for name in imports_of(path)
             if top(name) == "desk_app" and not name.startswith("desk_app.domain")
             and name != "desk_app.resources"}
    assert not outside and not inner, (outside, inner)


@pytest.mark.parametrize("path", [p for p in modules("") if "gui" not in
                                  p.relative_to(PACKAGE).parts[:1]], ids=lambda p: p.name)
def test_only_the_gui_imports_qt_or_the_gui(path: Path) -> None:
    """The command line's start commands (`cli/start_commands.py`) start the board and
    the wall display: they alone outside gui/ may import `desk_app.gui`."""
    names = imports_of(path)
    assert not {n for n in names if top(n) in ("PySide6", "shiboken6")}, path
    if path != PACKAGE / "cli" / "start_commands.py":
        assert not {n for n in names if n.startswith("desk_app.gui")}, path


def test_the_walk_sees_real_imports() -> None:
    """The check itself: it finds Qt in the GUI and SQLAlchemy in the store."""
    assert "PySide6.QtWidgets" in imports_of(PACKAGE / "gui" / "app.py")
    assert any(top(n) == "sqlalchemy" for n in imports_of(PACKAGE / "store" / "database.py"))


def session_calls(path: Path) -> list[int]:
    """The lines of `path` that open a database session or import SQLAlchemy."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    lines = [node.lineno for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr in ("sessions", "connect", "begin")
             and isinstance(node.func.value, ast.Attribute) and node.func.value.attr in
             ("db", "engine")]
    lines += [node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.Import | ast.ImportFrom)
              and any(top(name) == "sqlalchemy" for name in imports_of_node(node))]
    return lines


def imports_of_node(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return [node.module or ""]


@pytest.mark.parametrize("path", modules("gui"), ids=lambda p: p.name)
def test_the_gui_never_opens_a_database_session(path: Path) -> None:
    """A widget reading the database itself would bypass the services' permission
    checks and hold a session on the GUI thread."""
    assert not session_calls(path), (path, session_calls(path))


def test_the_session_walk_sees_real_sessions() -> None:
    """The check itself: it finds the sessions the store opens."""
    assert session_calls(PACKAGE / "store" / "audit_query.py")


# records/ renders from plain values it is given (docs/architecture.md): these renderers
# import nothing of the store, so they cannot read the database or the desk.
RENDERED_FROM_VALUES = ("record_sheet.py", "arrestee_copy.py", "report_quarterly.py",
                        "report_ordinance.py", "handoff_sheet.py", "tracking_sheet.py")
# Renderers that still open a session or use the ORM themselves, until they are given
# plain values too: none now (the tracking sheet's lines come from the store as well).
STILL_READ_THE_DATABASE: set[str] = set()


@pytest.mark.parametrize("name", RENDERED_FROM_VALUES)
def test_the_printed_record_renders_from_plain_values(name: str) -> None:
    """The record sheet and the arrestee's copy are given a `PrintedRecord` that the
    store gathered (desk.printouts), the reports their figures and a `ReportHeading`,
    the handoff sheet a `HandoffPrintout`, the tracking sheet a `TrackingSheet`
    (desk.reports); they read nothing themselves."""
    path = PACKAGE / "records" / name
    store = {n for n in imports_of(path) if n.startswith("desk_app.store")}
    assert not store and not session_calls(path), (name, store, session_calls(path))


def orm_use(path: Path) -> list[int]:
    """Sessions opened, SQLAlchemy or the ORM models imported, by line."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    models = [node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module is not None
              and node.module.endswith("_models") or isinstance(node, ast.ImportFrom)
              and node.module == "desk_app.store.models"]
    return session_calls(path) + models


@pytest.mark.parametrize("path", modules("records"), ids=lambda p: p.name)
def test_records_reads_no_rows_itself_but_where_listed(path: Path) -> None:
    """records/ reads and writes rows through store/ services; the list of the
    exceptions only shrinks (a listed module that no longer reads rows fails too)."""
    assert bool(orm_use(path)) == (path.name in STILL_READ_THE_DATABASE), (
        path.name, orm_use(path))


# The records/ modules that hold the desk, each for a reason: they check, audit and call
# services, and hand plain values to the renderers; they lay nothing out themselves.
# Every other module under records/ is given plain values and may not import the desk.
ORCHESTRATE_WITH_THE_DESK = {
    "commands.py": "the records clerk's commands: the sign-in's permission, then the "
                   "services and the checked outputs below",
    "restricted_output.py": "the access gate: checks and audits who prints, views or "
                            "exports (desk.access) before asking desk.reports or "
                            "desk.printouts for the values",
    "sync.py": "drains the outbox (desk.outbox) and asks desk.reports or desk.printouts "
               "for each queued file's values",
    "tracking_import.py": "creates detainers through desk.detainers, the one way to "
                          "create them, audited the same way",
}


@pytest.mark.parametrize("path", modules("records"), ids=lambda p: p.name)
def test_records_renders_without_the_desk_but_where_listed(path: Path) -> None:
    """A renderer holding the desk could read what nobody checked or audited; the list
    of the modules that may hold it only shrinks (a listed module that no longer
    imports the desk fails too)."""
    holds_the_desk = "desk_app.store.desk" in imports_of(path)
    assert holds_the_desk == (path.name in ORCHESTRATE_WITH_THE_DESK), path.name
