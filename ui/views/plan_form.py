"""The plan for an evening: name, date, venue, why I'm going, who I'm looking for, my ask, and a
target range of real conversations (5-8 unless changed). Used to create an event and to edit it."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netcapture.desk import EventPlan
from ui.views.date_field import DateField


def _text_box(parent: QWidget, accessible: str, placeholder: str, lines: int = 2) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setAccessibleName(accessible)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class PlanForm(QWidget):
    """The fields of an EventPlan; values() gives one back (None without a name)."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        today = today or date.today()
        self._id: int | None = None
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Event name")
        self.name.setPlaceholderText("e.g. Chamber of Commerce mixer")
        self.when = DateField(QDate(today.year, today.month, today.day), self)
        self.when.setAccessibleName("Event date")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy")
        self.venue = QLineEdit(self)
        self.venue.setAccessibleName("Venue")
        self.why = _text_box(self, "Why I'm going", "e.g. meet owners of small manufacturing firms in the region")
        self.looking_for = _text_box(self, "Who I'm looking for",
                                     "the kind of prospect — and the signs that someone could lead to them")
        self.ask = QLineEdit(self)
        self.ask.setAccessibleName("My ask for tonight")
        self.ask.setPlaceholderText("the one thing to ask for, e.g. an introduction to a hospital buyer")
        self.target_min = QSpinBox(self)
        self.target_min.setAccessibleName("Target: fewest real conversations")
        self.target_max = QSpinBox(self)
        self.target_max.setAccessibleName("Target: most real conversations")
        for box, value in ((self.target_min, 5), (self.target_max, 8)):
            box.setRange(1, 99)
            box.setValue(value)
        self.target_min.valueChanged.connect(lambda v: self.target_max.setValue(max(v, self.target_max.value())))
        self.target_max.valueChanged.connect(lambda v: self.target_min.setValue(min(v, self.target_min.value())))
        target = QHBoxLayout()
        target.addWidget(self.target_min)
        target.addWidget(QLabel("to", self))
        target.addWidget(self.target_max)
        target.addWidget(QLabel("real conversations", self))
        target.addStretch(1)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Name", self.name)
        form.addRow("&Date", self.when)
        form.addRow("&Venue", self.venue)
        form.addRow("&Why I’m going", self.why)
        form.addRow("Who I’m &looking for", self.looking_for)
        form.addRow("My &ask tonight", self.ask)
        target_label = QLabel("&Target", self)
        target_label.setBuddy(self.target_min)
        form.addRow(target_label, target)
        self.target_hint = QLabel("Quality over quantity: five to eight real conversations make a good "
                                  "evening. A contact counts once you write a note about them.", self)
        self.target_hint.setObjectName("hint")
        self.target_hint.setWordWrap(True)
        form.addRow(self.target_hint)

    def set_plan(self, plan: EventPlan) -> None:
        self._id = plan.id
        self.name.setText(plan.name)
        if plan.date is not None:
            self.when.setDate(QDate(plan.date.year, plan.date.month, plan.date.day))
        self.venue.setText(plan.venue)
        self.why.setPlainText(plan.why)
        self.looking_for.setPlainText(plan.looking_for)
        self.ask.setText(plan.ask)
        self.target_max.setValue(plan.target_max)
        self.target_min.setValue(plan.target_min)

    def values(self) -> EventPlan | None:
        name = self.name.text().strip()
        if not name:
            return None
        qd = self.when.date()
        return EventPlan(name=name, date=date(qd.year(), qd.month(), qd.day()), venue=self.venue.text().strip(),
                         why=self.why.toPlainText().strip(), looking_for=self.looking_for.toPlainText().strip(),
                         ask=self.ask.text().strip(), target_min=self.target_min.value(),
                         target_max=self.target_max.value(), id=self._id)


class EventPlanDialog(QDialog):
    """Edit an event's plan (or write one for a new event)."""

    def __init__(self, plan: EventPlan | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Plan a new event" if plan is None else "Edit the event’s plan")
        self.setAccessibleName("Event plan")
        self.setMinimumWidth(560)
        self.form = PlanForm(self)
        if plan is not None:
            self.form.set_plan(plan)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.name.textChanged.connect(
            lambda t: self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(t.strip())))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(self.form.name.text().strip()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.form.name.setFocus()

    def plan(self) -> EventPlan | None:
        return self.form.values()
