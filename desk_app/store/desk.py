"""The booking desk assembled: one database, one profile, one clock, its services.

The composition root: built once at start-up (or per test) and passed to whoever
needs it; there is no global desk object. Every service is built here, once, and
handed out (`desk.detainers`, `desk.custody`, `desk.people`, `desk.contacts`,
`desk.handoffs`, `desk.printouts`, `desk.reports`), so that all of them share one store
context and its change feeds.
The services the board does not need at start-up are built on first use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from desk_app.domain.actor import Actor
from desk_app.domain.clock import DetainerClock
from desk_app.domain.errors import FieldError, InvalidFieldsError
from desk_app.domain.municipality import effective_municipality
from desk_app.domain.policy import PolicyProfile
from desk_app.domain.profiles import find
from desk_app.domain.stations import department_stations
from desk_app.domain.time_source import SystemTime, TimeSource
from desk_app.domain.urgency import Thresholds
from desk_app.resources import policies_dir
from desk_app.settings_file import settings_overrides
from desk_app.store.access_log import AccessLog
from desk_app.store.change import StoreContext
from desk_app.store.custody_service import CustodyService
from desk_app.store.database import DB_URL_ENV, Database, data_folder_url, open_database
from desk_app.store.detainer_service import DetainerService
from desk_app.store.outbox import queue_tracking_sheet
from desk_app.store.server_time import Scheduler, ServerTime
from desk_app.store.server_time import server_clock as read_server_clock
from desk_app.store.settings_service import DeskSettings, SettingsService

if TYPE_CHECKING:  # built on first use: imported then, not at start-up
    from desk_app.store.contact_service import ContactLogService
    from desk_app.store.handoff_service import HandoffService
    from desk_app.store.intake_service import IntakeService
    from desk_app.store.outbox_queue import OutboxQueue
    from desk_app.store.people_service import PeopleService
    from desk_app.store.printouts import Printouts
    from desk_app.store.reports import Reports


@dataclass
class Desk:
    """Everything the GUI, the CLI and the records code call into.

    Only `settings` changes after start-up (through `apply_settings`)."""

    db: Database
    profile: PolicyProfile
    clock: DetainerClock
    settings: DeskSettings
    ctx: StoreContext
    detainers: DetainerService
    custody: CustodyService
    settings_service: SettingsService
    # Settings this workstation's settings files fix (DeskSettings names): they win
    # over the database's, and cannot be changed from the program.
    fixed_settings: dict[str, str] = field(default_factory=dict)
    # Stored settings that could not be used at start-up (the default was), in words.
    settings_notices: list[str] = field(default_factory=list)
    # This workstation's station (its settings file's `station`, or --station); "" when
    # none is set: the board then shows the whole department (docs/stations.md).
    station: str = ""

    def apply_settings(self, changes: dict[str, object], actor: Actor,
                       based_on: DeskSettings | None = None) -> DeskSettings:
        """Save changed settings (audited) and use them from now on; `based_on`: the
        values the person was editing (refused if someone changed them since)."""
        fixed = sorted(set(changes) & set(self.fixed_settings))
        if fixed:
            raise InvalidFieldsError([FieldError(
                key, "is set by the settings file of this workstation; change it there "
                     "(see docs/packaging.md)") for key in fixed])
        old_folder = self.settings.records_folder
        self.settings = overridden(self.settings_service.save(
            changes, actor, self.time.now(), based_on, self.zone), self.fixed_settings)
        self.ctx.exports = bool(self.settings.records_folder)
        if self.settings.records_folder and self.settings.records_folder != old_folder:
            with self.db.sessions() as session:  # a new folder starts with a fresh sheet
                queue_tracking_sheet(session, now=self.time.now())
                session.commit()
        return self.settings

    @cached_property
    def outbox(self) -> OutboxQueue:
        """The exports waiting for the records folder, as the records sync works them."""
        from desk_app.store.outbox_queue import OutboxQueue

        return OutboxQueue(self.db, self.time)

    @cached_property
    def people(self) -> PeopleService:
        """Sign-in and the accounts of the people who use the desk."""
        from desk_app.store.people_service import PeopleService

        return PeopleService(self.db, self.time, self.zone)

    @cached_property
    def contacts(self) -> ContactLogService:
        """The ICE contact log, under this desk's profile."""
        from desk_app.store.contact_service import ContactLogService

        return ContactLogService(self.ctx, self.profile)

    @cached_property
    def handoffs(self) -> HandoffService:
        """The shift handoff, signed by people of this desk."""
        from desk_app.store.handoff_service import HandoffService

        return HandoffService(self, self.people)

    @cached_property
    def intake(self) -> IntakeService:
        """The department's intake queue of faxed documents, shared by every board."""
        from desk_app.store.intake_service import IntakeService

        return IntakeService(self)

    @cached_property
    def printouts(self) -> Printouts:
        """The plain values a record sheet or an arrestee's copy prints."""
        from desk_app.store.printouts import Printouts

        return Printouts(self.ctx, self.detainers, self.clock, lambda: self.municipality)

    @cached_property
    def reports(self) -> Reports:
        """The plain values a periodic report or a handoff sheet prints."""
        from desk_app.store.reports import Reports

        return Reports(self.detainers, self.contacts, self.handoffs, self.profile,
                       self.clock, self.time, lambda: self.stations,
                       lambda: self.municipality)

    @property
    def access(self) -> AccessLog:
        """The gate every restricted read, print and export goes through (audited)."""
        return AccessLog(self.db, self.ctx.time)

    @property
    def time(self) -> TimeSource:
        """Where "now" comes from for this desk."""
        return self.ctx.time

    def measure_clock_with(self, schedule: Scheduler) -> None:
        """On PostgreSQL, re-read the server's clock through `schedule` (the board: a
        worker thread) rather than inside `time.now()`; nothing to do on SQLite."""
        if isinstance(self.ctx.time, ServerTime):
            self.ctx.time.measure_with(schedule)

    def clock_warning(self) -> str:
        """A sentence when this workstation's clock is off the server's, else ""."""
        time = self.ctx.time
        return time.skew_warning() if isinstance(time, ServerTime) else ""

    @property
    def stations(self) -> tuple[str, ...]:
        """The department's stations: the setting, the intake folders', this one's."""
        return department_stations(self.settings.stations, self.settings.intake_folders,
                                   self.station)

    @property
    def thresholds(self) -> Thresholds:
        """When the board warns: the warning and critical hours from the settings."""
        return Thresholds(warning=timedelta(hours=self.settings.warning_hours),
                          critical=timedelta(hours=self.settings.critical_hours))

    @property
    def zone(self) -> ZoneInfo:
        """The department's time zone, for showing instants."""
        return self.clock.zone

    @property
    def municipality(self) -> str:
        """The department's municipality: the setting, or the profile's own; "" while a
        template profile's "[city or town]" is not filled in."""
        return effective_municipality(self.settings.municipality, self.profile.municipality)


def overridden(settings: DeskSettings, fixed: Mapping[str, str]) -> DeskSettings:
    """`settings` with the values a settings file fixes (each a text setting) put in."""
    return replace(settings, **dict[str, Any](fixed))


def open_desk(url: str | None = None, time: TimeSource | None = None,
              profile_id: str | None = None, files: Mapping[str, str] | None = None,
              server_clock: bool | None = None, station: str | None = None) -> Desk:
    """Open the database, read the settings and load the active profile.

    `files` holds the values of the settings files (`load_settings_files()`), which
    the command line and the board pass in: their `database_url` is used when neither
    `url` (--db) nor DESK_DB_URL is given; their records folder, profile and
    municipality override the ones stored in the database.

    On PostgreSQL the desk's time is the server's clock (`server_time.ServerTime`) read
    through `time` (the system clock when None); `server_clock=False` keeps `time` as it
    is, which is the default when a `time` is given (tests at a fixed instant).

    `station` is this workstation's station (--station); None takes the settings file's.
    """
    files = files or {}
    if url is None and not os.environ.get(DB_URL_ENV):
        url = files.get("database_url") or data_folder_url(files.get("data_folder"))
    db = open_database(url)
    settings_service = SettingsService(db)
    fixed = settings_overrides(dict(files))
    stored, notices = settings_service.load_checked()
    settings = overridden(stored, fixed)
    profile = find(policies_dir(), profile_id or settings.profile_id)
    clock = profile.clock.build()
    if server_clock is None:
        server_clock = time is None
    time = time or SystemTime()
    if server_clock and db.engine.dialect.name == "postgresql":
        time = ServerTime(time, read_server_clock(db))
    ctx = StoreContext(db, time, clock.zone,
                       exports=bool(settings.records_folder))
    return Desk(db=db, profile=profile, clock=clock, settings=settings, ctx=ctx,
                detainers=DetainerService(ctx, profile), custody=CustodyService(ctx, profile),
                settings_service=settings_service, fixed_settings=fixed,
                settings_notices=notices,
                station=(station if station is not None else files.get("station", "")).strip())
