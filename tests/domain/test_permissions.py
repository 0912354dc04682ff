"""The permission table, cell by cell, against a matrix written out again here.

The expected matrix is typed independently of `desk_app.domain.permissions.TABLE`, so
that changing one cell there without meaning to fails exactly one test here.
"""

from __future__ import annotations

import pytest

from desk_app.domain.actor import SYSTEM, Actor
from desk_app.domain.errors import DeskError
from desk_app.domain.permissions import (
    NotPermittedError,
    Permission,
    allowed,
    permissions_of,
    require,
    roles_with,
)
from desk_app.domain.vocabulary import Role

DESK, SUPER, CLERK, ANALYST, ADMIN = (Role.DESK_OFFICER, Role.SUPERVISOR,
                                      Role.RECORDS_CLERK, Role.ANALYST, Role.ADMINISTRATOR)

# Each permission lists exactly the roles that hold it.
EXPECTED: dict[Permission, set[Role]] = {
    Permission.LOG_DETAINER: {DESK, SUPER, ADMIN},
    Permission.EDIT_DETAINER: {DESK, SUPER, ADMIN},
    Permission.RECORD_STEPS: {DESK, SUPER, ADMIN},
    Permission.CLOSE_DETAINER: {DESK, SUPER, ADMIN},
    Permission.OVERRIDE_CLOSE: {SUPER, ADMIN},
    Permission.VOID_DETAINER: {DESK, SUPER, ADMIN},
    Permission.VIEW_BOARD: {DESK, SUPER, CLERK, ANALYST, ADMIN},
    Permission.VIEW_HISTORY: {DESK, SUPER, CLERK, ANALYST, ADMIN},
    Permission.RECORD_FOLLOW_UP: {SUPER, ANALYST, ADMIN},
    Permission.PRINT_RECORDS: {DESK, SUPER, CLERK, ADMIN},
    Permission.VIEW_TRACKING_SHEET: {SUPER, ANALYST, ADMIN},
    Permission.EXPORT_TRACKING_SHEET: {ANALYST, ADMIN},
    Permission.IMPORT_TRACKING_SHEET: {ANALYST, ADMIN},
    Permission.VIEW_REPORTS: {SUPER, ANALYST, ADMIN},
    Permission.VIEW_CONTACT_LOG: {SUPER, ANALYST, ADMIN},
    Permission.RECORD_CONTACT: {DESK, SUPER, ANALYST, ADMIN},
    Permission.SIGN_HANDOFF: {SUPER, ADMIN},
    Permission.PRINT_HANDOFF: {SUPER, ADMIN},
    Permission.VIEW_AUDIT: {SUPER, ADMIN},
    Permission.MANAGE_PEOPLE: {ADMIN},
    Permission.CHANGE_SETTINGS: {ADMIN},
}

CELLS = [(role, permission) for permission in Permission for role in Role]


def test_the_expected_matrix_covers_every_permission() -> None:
    """A new permission added without deciding who holds it would be granted to nobody."""
    assert set(EXPECTED) == set(Permission)


@pytest.mark.parametrize(("role", "permission"), CELLS,
                         ids=[f"{r.name}-{p.name}" for r, p in CELLS])
def test_cell(role: Role, permission: Permission) -> None:
    """A role would see or be refused something the policy table does not say."""
    assert allowed(role, permission) is (role in EXPECTED[permission])


@pytest.mark.parametrize("role", list(Role))
def test_permissions_of_a_role_match_its_column(role: Role) -> None:
    """The menus built at sign-in would show a different set than the services allow."""
    assert permissions_of(role) == {p for p, roles in EXPECTED.items() if role in roles}


def test_restricted_views_are_hidden_from_desk_officer_and_records_clerk() -> None:
    """The tracking sheet, reports or ICE contact log would open for the booking desk."""
    for permission in (Permission.VIEW_TRACKING_SHEET, Permission.VIEW_REPORTS,
                       Permission.VIEW_CONTACT_LOG):
        assert not allowed(Role.DESK_OFFICER, permission)
        assert not allowed(Role.RECORDS_CLERK, permission)


def test_analyst_never_changes_custody() -> None:
    """An analyst could log, close or void a detainer from the analyst office."""
    custody = {Permission.LOG_DETAINER, Permission.EDIT_DETAINER, Permission.RECORD_STEPS,
               Permission.CLOSE_DETAINER, Permission.OVERRIDE_CLOSE,
               Permission.VOID_DETAINER}
    assert not custody & permissions_of(Role.ANALYST)


def test_override_agrees_with_actor_may_override() -> None:
    """The close dialog would offer an override the service then refuses, or the reverse."""
    for role in Role:
        assert Actor("x", role).may_override is allowed(role, Permission.OVERRIDE_CLOSE)


def test_system_actor_may_do_everything() -> None:
    """An automatic change (expiry, sync) would be refused as if someone lacked a right."""
    for permission in Permission:
        require(SYSTEM, permission)


def test_require_refuses_in_a_plain_sentence() -> None:
    """A refused clerk would see a code instead of who may do it and what to ask."""
    clerk = Actor("M. Dube", Role.RECORDS_CLERK)
    with pytest.raises(NotPermittedError) as caught:
        require(clerk, Permission.VIEW_TRACKING_SHEET)
    message = str(caught.value)
    assert message == ("Not allowed: M. Dube is signed in as a records clerk, who may not "
                       "see the tracking sheet. Ask a supervisor, an analyst or an "
                       "administrator.")
    assert isinstance(caught.value, DeskError)
    assert caught.value.permission is Permission.VIEW_TRACKING_SHEET


def test_require_lets_a_holder_through() -> None:
    """A desk officer would be refused logging a detainer at the booking desk."""
    require(Actor("Ofc. D. Reyes", Role.DESK_OFFICER), Permission.LOG_DETAINER)


def test_roles_with_keeps_table_order() -> None:
    """A refusal would name the roles to ask in a jumbled order."""
    assert roles_with(Permission.MANAGE_PEOPLE) == (Role.ADMINISTRATOR,)
    assert roles_with(Permission.SIGN_HANDOFF) == (Role.SUPERVISOR, Role.ADMINISTRATOR)
