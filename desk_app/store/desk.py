"""The booking desk assembled: one database, one profile, one clock, its services.

Built once at start-up (or per test) and passed to whoever needs it; there is no
global desk object.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from desk_app.domain.clock import DetainerClock
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.profiles import find
from desk_app.domain.time_source import SystemTime, TimeSource
from desk_app.resources import policies_dir
from desk_app.store.change import StoreContext
from desk_app.store.custody_service import CustodyService
from desk_app.store.database import Database, open_database
from desk_app.store.detainer_service import DetainerService
from desk_app.store.settings_service import DeskSettings, SettingsService


@dataclass(frozen=True)
class Desk:
    """Everything the GUI, the CLI and the records code call into."""

    db: Database
    profile: PolicyProfile
    clock: DetainerClock
    settings: DeskSettings
    ctx: StoreContext
    detainers: DetainerService
    custody: CustodyService
    settings_service: SettingsService

    @property
    def time(self) -> TimeSource:
        """Where "now" comes from for this desk."""
        return self.ctx.time

    @property
    def zone(self) -> ZoneInfo:
        """The department's time zone, for showing instants."""
        return self.clock.zone

    @property
    def municipality(self) -> str:
        """The department's municipality: the setting, or the profile's own."""
        return self.settings.municipality or self.profile.municipality


def open_desk(url: str | None = None, time: TimeSource | None = None,
              profile_id: str | None = None) -> Desk:
    """Open the database, read the settings and load the active profile."""
    db = open_database(url)
    settings_service = SettingsService(db)
    settings = settings_service.load()
    profile = find(policies_dir(), profile_id or settings.profile_id)
    clock = profile.clock.build()
    ctx = StoreContext(db, time or SystemTime(), clock.zone,
                       exports=bool(settings.records_folder))
    return Desk(db=db, profile=profile, clock=clock, settings=settings, ctx=ctx,
                detainers=DetainerService(ctx, profile), custody=CustodyService(ctx),
                settings_service=settings_service)
