"""Filing a faxed document of the intake queue as an ICE contact.

A notification request or an I-200/I-205 warrant is not a detainer: it goes in the ICE
contact log. The queue opens the same New contact dialog the desk uses, filled with
what was read off the fax (the kind from the form, the signing officer, the office's
phone, the person's name, a note naming the fax), and its service files the fax with
the contact in one step (`IntakeContactFiling`), so the contact-log entry is linked to
the item that holds the fax and both are audited.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk_app.domain.actor import Actor
from desk_app.domain.contact_log import ContactKind, ContactReason, IceUnit
from desk_app.domain.intake import IntakeEntry
from desk_app.gui.contact_dialog import ContactDialog
from desk_app.records.form_reader import FaxReading
from desk_app.store.desk import Desk
from desk_app.store.intake_service import IntakeContactFiling, IntakeService

WARRANTS = ("I-200", "I-205")


def contact_kind(reading: FaxReading | None) -> ContactKind:
    """An I-200/I-205 is an administrative warrant; anything else filed is a request."""
    if reading is not None and reading.form in WARRANTS:
        return ContactKind.ADMINISTRATIVE_WARRANT
    return ContactKind.NOTIFICATION_REQUEST


def filing_dialog(desk: Desk, actor: Actor, queue: IntakeService, entry: IntakeEntry,
                  reading: FaxReading | None, parent: QWidget | None = None
                  ) -> ContactDialog:
    """The New contact dialog for `entry`, filled with what was read (not yet shown)."""
    service = IntakeContactFiling(queue, entry.id, entry.version)
    dialog = ContactDialog(desk, actor, service, parent)
    dialog.setWindowTitle(f"File {entry.file_name} as an ICE contact")
    dialog.kind.setCurrentIndex(dialog.kind.findData(contact_kind(reading)))
    read = {} if reading is None else {n: r.value for n, r in reading.fields.items()}
    for name, edit in (("signing_officer", dialog.agent_name),
                       ("office_phone", dialog.agent_phone),
                       ("subject_name", dialog.subject_name)):
        value = read.get(name)
        if isinstance(value, str) and value:
            edit.setText(value)
    if reading is not None and reading.form is not None:  # an ICE form: ERO, civil
        dialog.unit.setCurrentIndex(dialog.unit.findData(IceUnit.ERO))
        dialog.reason.setCurrentIndex(dialog.reason.findData(ContactReason.CIVIL_ONLY))
    form = reading.form if reading is not None and reading.form else "document"
    dialog.note.setPlainText(f"{form} received by fax at {entry.station}.")
    return dialog
