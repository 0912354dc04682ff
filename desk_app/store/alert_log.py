"""The audit of alerts acknowledged at the board: who read which alert, and when.

That an alert was shown is recorded by the custody service (`record_alert`); this adds
the other half, so a supervisor can see both when the desk was told and who took it in.
"""

from __future__ import annotations

from desk_app.domain.actor import Actor
from desk_app.domain.audit_actions import AuditAction
from desk_app.store.change import StoreContext


class AlertLog:
    """Writes 'alert acknowledged' entries to the audit log."""

    def __init__(self, ctx: StoreContext) -> None:
        self.ctx = ctx

    def acknowledged(self, detainer_id: int, state: str, actor: Actor) -> None:
        """Audit that `actor` acknowledged the `state` alert of one detainer."""
        with self.ctx.db.sessions() as session:
            self.ctx.audit(session, actor, AuditAction.ALERT_ACKNOWLEDGED,
                           f"Alert acknowledged: {state}", detainer_id=detainer_id,
                           state=state)
            session.commit()
