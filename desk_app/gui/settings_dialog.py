"""The department's settings: records folder, municipality, alert thresholds, profile."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.errors import DeskError, InvalidFieldsError
from desk_app.domain.municipality import is_template_name
from desk_app.domain.profiles import load_all
from desk_app.domain.stations import parse_stations
from desk_app.domain.text_lengths import LENGTHS
from desk_app.gui.discard_check import input_state, may_close
from desk_app.gui.input_limits import cap_fields
from desk_app.resources import policies_dir
from desk_app.store.desk import Desk


class SettingsDialog(QDialog):
    """Edit the settings; saved and audited only when OK is pressed."""

    def __init__(self, desk: Desk, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._desk = desk
        self._actor = actor
        current = desk.settings
        self._opened_with = current  # a save over a newer change is refused
        self.records_folder = QLineEdit(current.records_folder)
        self.records_folder.setPlaceholderText("A network share or synced folder")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        self.restricted_folder = QLineEdit(current.restricted_records_folder)
        self.restricted_folder.setPlaceholderText(
            "Only the analyst and command staff can open it (tracking sheet, §E)")
        self.fax_inbox = QLineEdit(current.fax_inbox)
        self.fax_inbox.setPlaceholderText("Folder where the fax machine saves received faxes")
        self.intake_folders = QLineEdit("; ".join(current.intake_folders.splitlines()))
        self.intake_folders.setPlaceholderText("District B-2 = /srv/fax/b2; District C-11 = ...")
        self.intake_folders.setToolTip("Each station's fax folder, watched for the intake "
                                       "queue: Station = folder, separated by ';'")
        self.stations = QLineEdit("; ".join(parse_stations(current.stations)))
        self.stations.setPlaceholderText("Headquarters; District 2; District 3")
        self.stations.setToolTip("The department's stations, separated by ';' (the fax "
                                 "folders' stations count too); each workstation's own "
                                 "is in its settings file (docs/stations.md)")
        self.municipality = QLineEdit(current.municipality)
        self.warning_hours = self._hours(current.warning_hours)
        self.critical_hours = self._hours(current.critical_hours)
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(1, 240)
        self.lock_minutes.setValue(current.lock_minutes)
        self.lock_minutes.setSuffix(" minutes")
        self.shift_starts = QLineEdit(current.shift_starts)
        self.backup_folder = QLineEdit(current.backup_folder)
        self.backup_folder.setPlaceholderText("Default: backups in the records folder")
        self.backup_every_hours = QDoubleSpinBox()
        self.backup_every_hours.setRange(1, 24)
        self.backup_every_hours.setSuffix(" hours, and at each shift change")
        self.backup_every_hours.setValue(current.backup_every_hours)
        self.backup_keep_days = QSpinBox()
        self.backup_keep_days.setRange(1, 366)
        self.backup_keep_days.setSuffix(" days, then one a month")
        self.backup_keep_days.setValue(current.backup_keep_days)
        self.profile = QComboBox()
        self._profiles = load_all(policies_dir())
        for profile in self._profiles.values():
            self.profile.addItem(profile.title, profile.id)
        self.profile.setCurrentIndex(max(self.profile.findData(current.profile_id), 0))
        # What the chosen profile means for a hold, after the layers of law above it.
        self.profile_rule = QLabel()
        self.profile_rule.setObjectName("profileRule")
        self.profile_rule.setWordWrap(True)
        self.profile.currentIndexChanged.connect(lambda _index: self._show_profile_rule())
        self._show_profile_rule()
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setStyleSheet("color: #a00000;")
        self.error.setWordWrap(True)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.records_folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        folder_caption = QLabel("&Records folder:")  # a row of two: name the field itself
        folder_caption.setBuddy(self.records_folder)
        form.addRow(folder_caption, folder_row)
        form.addRow("Restricted f&older:", self.restricted_folder)
        form.addRow("&Fax inbox:", self.fax_inbox)
        form.addRow("Station fax fol&ders:", self.intake_folders)
        form.addRow("Sta&tions:", self.stations)
        form.addRow("&Municipality:", self.municipality)
        form.addRow("&Warning under:", self.warning_hours)
        form.addRow("&Critical under:", self.critical_hours)
        form.addRow("&Lock after:", self.lock_minutes)
        form.addRow("S&hifts start at:", self.shift_starts)
        form.addRow("&Policy profile:", self.profile)
        form.addRow("", self.profile_rule)
        form.addRow("&Backup folder:", self.backup_folder)
        form.addRow("Back up &every:", self.backup_every_hours)
        form.addRow("&Keep backups:", self.backup_keep_days)
        note = QLabel("A new policy profile applies to detainers logged after the next "
                      "start of the application.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        cap_fields({"records_folder": self.records_folder,
                    "restricted_records_folder": self.restricted_folder,
                    "fax_inbox": self.fax_inbox, "intake_folders": self.intake_folders,
                    "stations": self.stations,
                    "municipality": self.municipality, "shift_starts": self.shift_starts,
                    "backup_folder": self.backup_folder}, LENGTHS)
        self.resize(640, self.sizeHint().height())
        self._pristine = input_state(self)

    def reject(self) -> None:
        """Escape or Cancel: close, but ask first if a changed setting would be lost."""
        if may_close(self, self._pristine):
            super().reject()

    def _show_profile_rule(self) -> None:
        """The chosen profile's effective rule on holds, and what it overrides."""
        profile = self._profiles.get(self.profile.currentData())
        if profile is None:
            self.profile_rule.setText("")
            return
        self.municipality.setPlaceholderText(
            "required with this profile: your city or town"
            if is_template_name(profile.municipality) else profile.municipality)
        ruling = profile.hold(profile.local_day(self._desk.time.now()))
        answer = "permitted" if ruling.permits else "NOT permitted"
        self.profile_rule.setText(f"Holding on a detainer alone: {answer}. "
                                  f"{ruling.explanation()}")

    @staticmethod
    def _hours(value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0.25, 48)
        box.setSingleStep(0.5)
        box.setSuffix(" counted hours left")
        box.setValue(value)
        return box

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Records folder",
                                                  self.records_folder.text())
        if folder:
            self.records_folder.setText(folder)

    def changes(self) -> dict[str, Any]:
        """The settings that differ from the current ones."""
        current = self._desk.settings
        wanted: dict[str, Any] = {
            "records_folder": self.records_folder.text().strip(),
            "restricted_records_folder": self.restricted_folder.text().strip(),
            "fax_inbox": self.fax_inbox.text().strip(),
            "intake_folders": self.intake_folders.text().strip(),
            "stations": "\n".join(parse_stations(self.stations.text())),
            "municipality": self.municipality.text().strip(),
            "warning_hours": self.warning_hours.value(),
            "critical_hours": self.critical_hours.value(),
            "lock_minutes": self.lock_minutes.value(),
            "shift_starts": self.shift_starts.text().strip(),
            "profile_id": self.profile.currentData(),
            "backup_folder": self.backup_folder.text().strip(),
            "backup_every_hours": self.backup_every_hours.value(),
            "backup_keep_days": self.backup_keep_days.value(),
        }
        return {k: v for k, v in wanted.items() if getattr(current, k) != v}

    def save(self) -> None:
        """Save through the desk (audited); keep the dialog open on a refusal."""
        changes = self.changes()
        if not changes:
            self.accept()
            return
        try:
            self._desk.apply_settings(changes, self._actor, based_on=self._opened_with)
        except InvalidFieldsError as exc:
            self.error.setText("\n".join(f"{e.field.replace('_', ' ')}: {e.message}"
                                         for e in exc.errors))
            return
        except DeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
