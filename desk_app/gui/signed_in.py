"""Who is signed in at this workstation: the one source every view acts for.

The main window owns one `SignedIn`; the board's views, the print and sheet actions
and the dialogs they open read the person from it when they act, so a sign-in after
the lock (a hand-over to the next shift) changes every one of them at once, and the
`changed` signal lets a view redraw what the new person may do.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desk_app.domain.actor import Actor


class SignedIn(QObject):
    """The signed-in person, and a signal when someone else signs in."""

    changed = Signal(object)  # the Actor now signed in

    def __init__(self, person: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._person = person

    @property
    def person(self) -> Actor:
        """Who acts at this workstation now."""
        return self._person

    def sign_in(self, person: Actor) -> None:
        """`person` signed in (after a lock, or at a hand-over): tell every view."""
        self._person = person
        self.changed.emit(person)


def signed_in_source(who: Actor | SignedIn) -> SignedIn:
    """`who` as a source: the window's own, or one that always names the one person a
    view was built for (a view on its own: a test, the command line's board check)."""
    return who if isinstance(who, SignedIn) else SignedIn(who)


class ActsForSignedIn:
    """A part of the window that saves, prints or reads in the signed-in person's name:
    its `actor` is always who is signed in now."""

    signed_in: SignedIn

    @property
    def actor(self) -> Actor:
        """Who is signed in, read from the workstation's one source."""
        return self.signed_in.person
