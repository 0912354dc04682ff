"""A supervisor's override is a signature, not a typed name, and not a name passed in.

Closing a detainer past open blocking steps needs a supervisor (Permission.OVERRIDE_CLOSE).
When the person at the desk is not one, the supervisor signs in on the spot with their
own name and password: the same check as a sign-in (a wrong password counts toward the
account's lockout, an unknown name gets the same answer; refused while they must choose a
new password), and their role must allow the override.

What the signing gives back is an `OverrideApproval`, the proof `CustodyService.close`
asks for: made only here, after the password was checked, for one detainer, valid once
and for two minutes. The close redeems it against what was issued (`redeem`); an
approval made up by the caller (a forged supervisor), altered, used a second time, too
old or signed for another detainer is refused and the refusal audited. So the close no
longer trusts whatever approver its caller names.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.domain.errors import RuleRefusedError
from desk_app.domain.permissions import Permission, allowed
from desk_app.domain.time_source import TimeSource
from desk_app.store.audit import write_audit
from desk_app.store.database import Database

if TYPE_CHECKING:
    from desk_app.store.people_service import PeopleService

APPROVAL_LIFETIME = timedelta(minutes=2)


@dataclass(frozen=True)
class OverrideApproval:
    """Proof that a supervisor signed one override on the spot (`OverrideSignatures.sign`)."""

    approver: Actor
    detainer_id: int
    signed_at: datetime
    seal: str = field(repr=False)  # random; what the issuing service recognises


class OverrideSignatures:
    """Issues override approvals after a sign-in and redeems each once.

    Private state:
        _issued: approvals signed and not yet redeemed, by seal.
        _lock: the close may run on another thread than the signing.
    """

    def __init__(self, db: Database, time: TimeSource,
                 lifetime: timedelta = APPROVAL_LIFETIME) -> None:
        self.db = db
        self.time = time
        self.lifetime = lifetime
        self._issued: dict[str, OverrideApproval] = {}
        self._lock = threading.Lock()

    def sign(self, people: PeopleService, username: str, password: str,
             detainer_id: int) -> OverrideApproval:
        """The supervisor signs the override of one detainer's close: an approval, or
        SignInError / RuleRefusedError in plain words."""
        supervisor = people.sign(username, password)
        if not allowed(supervisor.role, Permission.OVERRIDE_CLOSE):
            raise RuleRefusedError(
                f"{supervisor.name} signed in as {supervisor.role.value}, who may not "
                f"{Permission.OVERRIDE_CLOSE.value}. A supervisor or an administrator must "
                "sign the override.")
        now = self.time.now()
        approval = OverrideApproval(supervisor, detainer_id, now, secrets.token_urlsafe(32))
        with self._lock:
            self._issued = {seal: kept for seal, kept in self._issued.items()
                            if now - kept.signed_at <= self.lifetime}
            self._issued[approval.seal] = approval
        return approval

    def redeem(self, approval: OverrideApproval, detainer_id: int, actor: Actor) -> Actor:
        """The supervisor who signed `approval`, once; a forged, altered, reused, expired
        or another detainer's approval is refused (RuleRefusedError) and audited."""
        with self._lock:
            issued = self._issued.pop(approval.seal, None)
        reason = self._fault(issued, approval, detainer_id)
        if issued is None or reason:
            self._audit_refusal(approval, detainer_id, actor, reason)
            raise RuleRefusedError(f"Not closed: the supervisor's signature for this "
                                   f"override is not valid ({reason}). The supervisor "
                                   "signs again, with their username and password.")
        return issued.approver

    def _fault(self, issued: OverrideApproval | None, approval: OverrideApproval,
               detainer_id: int) -> str:
        """Why an approval is not good for this close, or "" when it is."""
        if issued is None:
            return "it was not signed here, or it was used already"
        if issued != approval or issued.approver.username != approval.approver.username:
            return "it was changed after the supervisor signed"
        if issued.detainer_id != detainer_id:
            return "it was signed for another detainer"
        age = self.time.now() - issued.signed_at
        if age > self.lifetime or age < timedelta(0):
            return (f"it is older than {int(self.lifetime.total_seconds() // 60)} minutes")
        return ""

    def _audit_refusal(self, approval: OverrideApproval, detainer_id: int, actor: Actor,
                       reason: str) -> None:
        with self.db.sessions() as session:
            write_audit(session, at=self.time.now(), actor=actor.name,
                        action=AuditAction.SIGNATURE_REFUSED, detainer_id=detainer_id,
                        summary=f"Override signature in the name of "
                                f"{approval.approver.name} refused: {reason}",
                        after={"approver": approval.approver.name,
                               "signed_for": approval.detainer_id, "reason": reason})
            session.commit()
