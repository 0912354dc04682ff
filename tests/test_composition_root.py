"""One composition root: the `Desk` builds every store service once and hands it out.

A walk over every module's calls: a service class constructed anywhere else would be a
second copy that the others cannot hear (its own change feed, its own cache), which the
design forbids. The one exception is listed with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "desk_app"
ROOT = "store/desk.py"

# Where a service may be built besides the Desk, and why.
ALLOWED = {
    # The demo writes two years of history at past instants: its services run on a
    # clock of their own (FixedTime, moved forward detainer by detainer), not the desk's.
    "store/demo.py": {"DetainerService", "CustodyService"},
}


def service_classes() -> set[str]:
    """The names of the store's service classes (`class …Service`)."""
    names: set[str] = set()
    for path in (PACKAGE / "store").glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        names.update(node.name for node in tree.body
                     if isinstance(node, ast.ClassDef) and node.name.endswith("Service"))
    return names


def constructions(path: Path, classes: set[str]) -> set[str]:
    """The service classes `path` calls directly."""
    tree = ast.parse(path.read_text("utf-8"))
    return {node.func.id for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in classes}


def test_the_store_has_its_services() -> None:
    assert {"DetainerService", "CustodyService", "PeopleService", "ContactLogService",
            "HandoffService", "IntakeService", "SettingsService"} <= service_classes()


def test_services_are_built_only_by_the_desk() -> None:
    classes = service_classes()
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        built = constructions(path, classes) - ALLOWED.get(name, set())
        if name != ROOT and built:
            found[name] = built
    assert found == {}, f"services built outside the Desk: {found}"


def test_every_exception_is_still_needed() -> None:
    classes = service_classes()
    for name, allowed in ALLOWED.items():
        assert constructions(PACKAGE / name, classes) >= allowed, name
