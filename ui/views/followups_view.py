"""Follow-ups due today (and overdue): tick them off with an outcome."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netcapture.desk import FollowUpItem


class FollowUpsView(QWidget):
    doneRequested = Signal(int, str)  # follow-up id, outcome
    contactActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Follow-ups")
        self.heading = QLabel("Follow-ups due today", self)
        self.heading.setObjectName("pageHeading")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Follow-ups due")
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._open)
        self.empty = QLabel("Nothing due today. Well done.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("hint")
        self.done_button = QPushButton("Mark done…", self)
        self.done_button.setToolTip("Record the outcome and tick this follow-up off")
        self.done_button.clicked.connect(self._mark_done)
        self.open_button = QPushButton("Open contact", self)
        self.open_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)

    def set_items(self, items: list[FollowUpItem]) -> None:
        self.list.clear()
        for entry in items:
            when = "overdue since " + entry.due.strftime("%a %d %b") if entry.overdue else "today"
            who = entry.name + (f" — {entry.company}" if entry.company else "")
            item = QListWidgetItem(f"{who}\n{entry.summary or 'Follow up'} · {when}")
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, entry.contact_id)
            if entry.overdue:
                item.setForeground(Qt.GlobalColor.red)
            self.list.addItem(item)
        has_items = bool(items)
        self.list.setVisible(has_items)
        self.empty.setVisible(not has_items)
        self.done_button.setEnabled(has_items)
        self.open_button.setEnabled(has_items)
        if has_items:
            self.list.setCurrentRow(0)
        self.heading.setText(f"Follow-ups due today ({len(items)})" if items else "Follow-ups due today")

    def _mark_done(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        outcome, ok = QInputDialog.getText(self, "Follow-up done", "Outcome (optional):")
        if ok:
            self.doneRequested.emit(item.data(Qt.ItemDataRole.UserRole), outcome.strip())

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.contactActivated.emit(item.data(Qt.ItemDataRole.UserRole + 1))
