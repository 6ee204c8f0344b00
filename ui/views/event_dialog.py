"""Pick tonight's event or create a new one (name, date, venue, goal)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
)

from netcapture.desk import EventInfo
from ui.views.date_field import DateField


class EventDialog(QDialog):
    """Returns either chosen_event_id() (an existing event) or new_event() (fields for a new one)."""

    def __init__(self, events: list[EventInfo], parent=None, today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle("Choose tonight’s event")
        self.setAccessibleName("Choose event")
        self.setMinimumWidth(460)
        today = today or date.today()

        self.existing = QListWidget(self)
        self.existing.setAccessibleName("Existing events")
        for event_id, name, when in ((e.id, e.name, e.date) for e in events):
            item = QListWidgetItem(f"{name}   —   {when:%a %d %b %Y}" if when else name)
            item.setData(Qt.ItemDataRole.UserRole, event_id)
            self.existing.addItem(item)
        self.existing.itemDoubleClicked.connect(lambda _item: self.accept())
        self.existing.currentRowChanged.connect(lambda _row: self._validate())

        self.name = QLineEdit(self)
        self.name.setAccessibleName("Event name")
        self.name.setPlaceholderText("e.g. Chamber of Commerce mixer")
        self.name.textChanged.connect(self._name_typed)
        self.when = DateField(QDate(today.year, today.month, today.day), self)
        self.when.setAccessibleName("Event date")
        self.when.setCalendarPopup(True)
        self.venue = QLineEdit(self)
        self.venue.setAccessibleName("Venue")
        self.goal = QPlainTextEdit(self)
        self.goal.setAccessibleName("Goal for the evening")
        self.goal.setPlaceholderText("e.g. meet 5–8 quality people; find a printer")
        self.goal.setTabChangesFocus(True)
        self.goal.setFixedHeight(self.goal.fontMetrics().lineSpacing() * 3 + 12)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Date", self.when)
        form.addRow("&Venue", self.venue)
        form.addRow("&Goal", self.goal)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if events:
            layout.addWidget(QLabel("Continue an event:", self))
            layout.addWidget(self.existing)
            layout.addWidget(QLabel("…or start a new one:", self))
        else:
            self.existing.hide()
            layout.addWidget(QLabel("Start by naming tonight’s event. Every card you capture is filed "
                                    "under it.", self))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if events:
            self.existing.setCurrentRow(0)
        else:
            self.name.setFocus()
        self._validate()

    def _name_typed(self, text: str) -> None:
        if text.strip():
            self.existing.clearSelection()
            self.existing.setCurrentRow(-1)
        self._validate()

    def _validate(self) -> None:
        ok = bool(self.name.text().strip()) or self.existing.currentRow() >= 0
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def chosen_event_id(self) -> int | None:
        if self.name.text().strip():
            return None
        item = self.existing.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def new_event(self) -> dict | None:
        name = self.name.text().strip()
        if not name:
            return None
        qd = self.when.date()
        return {"name": name, "date": date(qd.year(), qd.month(), qd.day()),
                "venue": self.venue.text().strip(), "goal": self.goal.toPlainText().strip()}
