"""Pick tonight's event or plan a new one (name, date, venue, why, who, my ask, target)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from netcapture.desk import EventInfo, EventPlan
from ui.views.plan_form import PlanForm


class EventDialog(QDialog):
    """Returns either chosen_event_id() (an existing event) or new_event() (the plan of a new one)."""

    def __init__(self, events: list[EventInfo], parent=None, today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle("Choose tonight’s event")
        self.setAccessibleName("Choose event")
        self.setMinimumWidth(560)

        self.existing = QListWidget(self)
        self.existing.setAccessibleName("Existing events")
        for event_id, name, when in ((e.id, e.name, e.date) for e in events):
            item = QListWidgetItem(f"{name}   —   {when:%a %d %b %Y}" if when else name)
            item.setData(Qt.ItemDataRole.UserRole, event_id)
            self.existing.addItem(item)
        self.existing.setMaximumHeight(self.existing.sizeHintForRow(0) * 5 + 8 if events else 0)
        self.existing.itemDoubleClicked.connect(lambda _item: self.accept())
        self.existing.currentRowChanged.connect(lambda _row: self._validate())

        self.plan = PlanForm(self, today)
        self.name, self.when, self.venue = self.plan.name, self.plan.when, self.plan.venue
        self.name.textChanged.connect(self._name_typed)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if events:
            layout.addWidget(QLabel("Continue an event:", self))
            layout.addWidget(self.existing)
            layout.addWidget(QLabel("…or plan a new one:", self))
        else:
            self.existing.hide()
            intro = QLabel("Start by naming tonight’s event, and give it a purpose: every card you capture "
                           "is filed under it, and its results tell you whether it was worth going.", self)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addWidget(self.plan)
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

    def new_event(self) -> EventPlan | None:
        return self.plan.values()
