"""The "New ICE contact" dialog: a presence call, a request for assistance, a
notification request or an administrative warrant, typed in while ICE is on the line.

Left: the call (kind, when, agent, unit, the reason ICE states). Right: for a presence
call or assistance request, the address, the rule the reason brings (with the
profile's section), the decision, the CAD call number and who must be told; for a
notification request or administrative warrant, the person, what was and was not
released and, where the profile forbids releasing information to ICE, the list of
what may not be given and the confirmation that nothing else was. Every edit re-runs
`check_contact`; "Log contact" stays off until nothing is wrong, and a refusal from
the store marks the field it names and keeps everything typed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from desk_app.domain.actor import Actor
from desk_app.domain.contact_log import (
    FIELD_LABELS,
    MAX_LENGTHS,
    REASON_HINTS,
    UNIT_NAMES,
    ContactDecision,
    ContactEntry,
    ContactForm,
    ContactKind,
    ContactReason,
    IceUnit,
    check_contact,
    rule_sentence,
)
from desk_app.domain.errors import DeskError, FieldError
from desk_app.gui.checked_form import CheckedFormDialog
from desk_app.gui.checked_form import sentence as checked_sentence
from desk_app.gui.dialog_parts import wrapped
from desk_app.gui.form_fields import (
    FieldSlot,
    LinesEdit,
    ReceiptTimeEdit,
    check,
    combo,
    group,
    line_edit,
)
from desk_app.gui.time_typing import typing_hint
from desk_app.store.contact_service import ContactLogService
from desk_app.store.desk import Desk

log = logging.getLogger(__name__)
E = TypeVar("E", bound=StrEnum)

KIND_WORDS = {
    ContactKind.PRESENCE_CALL: "Presence call (ICE operating in town)",
    ContactKind.ASSISTANCE_REQUEST: "Request for assistance",
    ContactKind.NOTIFICATION_REQUEST: "Notification request (person in custody)",
    ContactKind.ADMINISTRATIVE_WARRANT: "Administrative warrant (I-200, I-203, I-205)",
}
CHOOSE = "— choose —"


def sentence(field: str, message: str) -> str:
    """A field error in the words of this form's labels ("When is in the future")."""
    return checked_sentence(field, message, FIELD_LABELS)


def chosen(box: QComboBox, kind: type[E]) -> E | None:
    """The enum member a drop-down holds (Qt hands a StrEnum back as a plain str)."""
    data = box.currentData()
    return None if data is None else kind(data)


def choice(items: list[tuple[str, object]], tips: Mapping[Any, str] | None = None,
           ) -> QComboBox:
    """A drop-down that starts on "— choose —" (None), so nothing is picked by default."""
    box = combo([(CHOOSE, None), *items])
    for position, (_text, value) in enumerate(items, start=1):
        if tips and value in tips:
            box.setItemData(position, tips[value], Qt.ItemDataRole.ToolTipRole)
    return box


class ContactDialog(CheckedFormDialog):
    """Log one ICE contact, checked as it is typed.

    Each input is an attribute named after its `ContactForm` field, so errors from
    `check_contact` or the store land on the right input. `saved` is the logged entry
    after `accept()`. Private: `_slots` maps field names to their `FieldSlot`;
    `_server_errors` keeps the store's refusals with the form they were about while
    that field is unchanged; `_touched` turns the marks on at the first edit, so a
    blank form opens calm; `_pristine` is the blank form (Escape asks first once
    anything differs).
    """

    NOUN = "ICE contact"
    LIMITS = MAX_LENGTHS

    def __init__(self, desk: Desk, actor: Actor, service: ContactLogService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("New ICE contact", parent)
        self.desk = desk
        self.actor = actor
        self.service = service or desk.contacts
        self.profile = self.service.profile
        self.saved: ContactEntry | None = None
        self._server_errors: list[tuple[FieldError, ContactForm]] = []
        self._build()
        self._pristine = self._raw_values()
        self._connect()
        self.resize(self._fitting_size())
        self._kind_changed()
        self._touched = False
        self._validate()

    # --- layout ------------------------------------------------------------------------

    def _build(self) -> None:
        self.field_box, self.custody_box = self._field_section(), self._custody_section()
        self._lay_out([(1, [self._call_section(), self._note_section()]),
                       (1, [self.field_box, self.custody_box])],
                      "Log contact", "Log the contact (Ctrl+S)")
        for slot in self._slots.values():  # a one-line message sits right under its field
            slot.error_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

    def _fitting_size(self) -> QSize:
        """Room for the taller kind of contact and a few messages, inside the screen."""
        self.ensurePolished()  # the style sheet's font decides every height
        heights = []
        for field_kind in (True, False):
            self.field_box.setVisible(field_kind)
            self.custody_box.setVisible(not field_kind)
            layout = self._content.layout()
            if layout is not None:
                layout.activate()
            heights.append(self._content.sizeHint().height())
        spare = self.fontMetrics().lineSpacing() * 8  # for the messages under fields
        wanted = QSize(max(self._content.sizeHint().width() + 40, 1000),
                       max(heights) + spare + 80)
        return self._bounded(wanted)

    def _call_section(self) -> QWidget:
        box, form = group("1. The call")
        self.kind = self._field(form, "kind", "&Kind",
                                combo([(KIND_WORDS[k], k) for k in ContactKind]))
        self.zone_label = QLabel(self.desk.time.now().astimezone(self.desk.zone).tzname())
        when = ReceiptTimeEdit(self.desk.time.now(), self.desk.zone)
        self.occurred_at = self._field(form, "occurred_at", "&When", when,
                                       beside=self.zone_label)
        # A time typed whole from the first key ("1330"), read back on its own line.
        self.when_hint = typing_hint(
            when, lambda: self.desk.time.now().astimezone(self.desk.zone).date())
        self.when_hint.setProperty("role", "hint")
        self.when_hint.setMinimumHeight(self.when_hint.fontMetrics().height())
        form.addRow("", self.when_hint)
        self.agent_name = self._field(form, "agent_name", "&Agent",
                                      line_edit("name and title of the ICE agent"),
                                      required=True)
        self.agent_phone = self._field(form, "agent_phone", "Agent's &phone",
                                       line_edit("to call back"))
        self.unit = self._field(form, "unit", "&Unit",
                                choice([(UNIT_NAMES[u], u) for u in IceUnit]), required=True)
        self.reason = self._field(
            form, "reason", "&Reason stated",
            choice([(r.value.capitalize(), r) for r in ContactReason], REASON_HINTS),
            required=True)
        return box

    def _note_section(self) -> QWidget:
        box, form = group("3. Note")
        self.note = self._field(form, "note", "N&ote",
                                LinesEdit(3, "anything else the desk should know"))
        return box

    def _field_section(self) -> QWidget:
        box, form = group("2. ICE at an address")
        self.address = self._field(form, "address", "A&ddress",
                                   line_edit("where ICE says it is operating"), required=True)
        self.rule_label = wrapped("")
        self.rule_label.setObjectName("contactRule")
        form.addRow(self.rule_label)
        self.decision = self._field(form, "decision", "D&ecision",
                                    choice([(d.value.capitalize(), d) for d in ContactDecision]),
                                    required=True)
        self.cad_number = self._field(form, "cad_number", "&CAD call #",
                                      line_edit("from the Dispatch Log"), required=True)
        form.addRow(wrapped(self._notify_text()))
        return box

    def _notify_text(self) -> str:
        notice = self.profile.presence_notice
        if notice is None:
            return "This department's policy names nobody to be told of an ICE presence."
        return (f"To be told: {', '.join(notice.recipients)}, by {notice.method} "
                f"({notice.citation}). Mark each one with “Mark notified…” once told.")

    def _custody_section(self) -> QWidget:
        box, form = group("2. Person in custody")
        detainers = [(f"{d.detainer_number} · {d.subject_name}", d.id)
                     for d in self.desk.detainers.active()]
        self.detainer_id = self._field(form, "detainer_id", "&Detainer",
                                       combo([("(not linked)", None), *detainers]))
        self.subject_name = self._field(form, "subject_name", "&Person",
                                        line_edit("whom ICE is asking about"))
        self.information_released = self._field(
            form, "information_released", "Re&leased to ICE",
            LinesEdit(2, "what was given; “nothing” if nothing"), required=True)
        self.information_withheld = self._field(
            form, "information_withheld", "&Not released",
            LinesEdit(2, "what ICE asked for and did not get"))
        rule = self.profile.information
        self.nothing_else_released = check("Nothing else was released to ICE")
        if rule is not None:
            items = "".join(f"<li>{item}</li>" for item in rule.not_released)
            self.forbidden_label = wrapped("")
            self.forbidden_label.setText(f"<b>May not be given to ICE</b> ({rule.citation}):"
                                         f"<ul style='margin:0'>{items}</ul>")
            form.addRow(self.forbidden_label)
            slot = FieldSlot(self.nothing_else_released)
            slot.add_to(form, None)
            self._slots["nothing_else_released"] = slot
        else:
            self.nothing_else_released.hide()
        return box

    def _text_inputs(self) -> dict[str, QLineEdit]:
        """The one-line inputs, by their `ContactForm` field."""
        return {"agent_name": self.agent_name, "agent_phone": self.agent_phone,
                "address": self.address, "cad_number": self.cad_number,
                "subject_name": self.subject_name}

    def _long_inputs(self) -> dict[str, LinesEdit]:
        """The inputs of several lines, by their `ContactForm` field."""
        return {"information_released": self.information_released,
                "information_withheld": self.information_withheld, "note": self.note}

    def _choices(self) -> tuple[QComboBox, ...]:
        """The drop-downs, in the order Escape compares them."""
        return self.kind, self.unit, self.reason, self.decision, self.detainer_id

    def _connect(self) -> None:
        for edit in self._text_inputs().values():
            edit.textChanged.connect(self._edited)
        for lines in self._long_inputs().values():
            lines.textChanged.connect(self._edited)
        for box in self._choices()[1:]:
            box.currentIndexChanged.connect(self._edited)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.occurred_at.dateTimeChanged.connect(self._edited)
        self.nothing_else_released.toggled.connect(self._edited)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        chain: list[QWidget] = [
                 self.kind, self.occurred_at, self.agent_name, self.agent_phone, self.unit,
                 self.reason, self.address, self.decision, self.cad_number, self.detainer_id,
                 self.subject_name, self.information_released, self.information_withheld,
                 self.nothing_else_released, self.note, self.save_button, self.cancel_button]
        if self.profile.information is None:
            chain.remove(self.nothing_else_released)  # not shown: no rule to confirm
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.kind.setFocus()

    # --- reading and checking ------------------------------------------------------------

    def current_form(self) -> ContactForm:
        """The contact as typed so far; the other kind's fields are left out."""
        kind = ContactKind(self.kind.currentData())
        field_kind = kind.is_field_operation
        texts = {name: edit.text().strip() for name, edit in self._text_inputs().items()}
        longs = {name: edit.toPlainText().strip()
                 for name, edit in self._long_inputs().items()}
        if field_kind:
            texts["subject_name"] = longs["information_released"] = ""
            longs["information_withheld"] = ""
        else:
            texts["address"] = texts["cad_number"] = ""
        return ContactForm(
            kind=kind, occurred_at=self.occurred_at.instant(), unit=chosen(self.unit, IceUnit),
            reason=chosen(self.reason, ContactReason),
            decision=chosen(self.decision, ContactDecision) if field_kind else None,
            detainer_id=None if field_kind else self.detainer_id.currentData(),
            nothing_else_released=not field_kind and self.nothing_else_released.isChecked(),
            **texts, **longs)

    def errors(self) -> list[FieldError]:
        """Everything that stops the contact being logged right now."""
        form = self.current_form()
        standing = [error for error, then in self._server_errors
                    if getattr(form, error.field, None) == getattr(then, error.field, None)]
        return check_contact(form, self.profile, self.desk.time.now()) + standing

    def _validate(self) -> list[FieldError]:
        errors = self.errors()
        messages: dict[str, str] = {}
        for error in errors:
            messages.setdefault(error.field, sentence(error.field, error.message))
        if "nothing_else_released" in messages and self.profile.information is not None:
            # The list is right above the box: say what to do, not the list again.
            messages["nothing_else_released"] = (
                "Tick this once you are sure nothing on the list above was given to ICE "
                f"({self.profile.information.citation})")
        reason = chosen(self.reason, ContactReason)
        self.rule_label.setText(rule_sentence(reason, self.profile) if reason else
                                "Ask ICE for the specific reason; the rule for it shows here.")
        self._show_messages(messages, "Ready to log (Ctrl+S).")
        return errors

    def _raw_values(self) -> tuple[object, ...]:
        return (*(edit.text() for edit in self._text_inputs().values()),
                *(edit.toPlainText() for edit in self._long_inputs().values()),
                *(box.currentIndex() for box in self._choices()),
                self.occurred_at.local(), self.nothing_else_released.isChecked())

    # --- reacting ------------------------------------------------------------------------

    def _edited(self) -> None:
        self._touched = True
        self._validate()

    def _kind_changed(self) -> None:
        kind = ContactKind(self.kind.currentData())
        self.field_box.setVisible(kind.is_field_operation)
        self.custody_box.setVisible(kind.concerns_person_in_custody)
        if kind is ContactKind.ADMINISTRATIVE_WARRANT:
            # An administrative warrant is civil by definition: say so rather than refuse.
            self.reason.setCurrentIndex(self.reason.findData(ContactReason.CIVIL_ONLY))
        self._edited()

    def save(self) -> None:
        """Log the contact; on a refusal mark the fields named and keep everything typed."""
        if not self._ready_to_save():
            return
        form = self.current_form()
        try:
            entry = self.service.log_contact(form, self.actor)
        except DeskError as exc:
            self._show_refusal(exc, form, self._slots, sentence)
            return
        log.info("ICE contact %s logged by %s", entry.id, self.actor.name)
        self.saved = entry
        self.accept()
