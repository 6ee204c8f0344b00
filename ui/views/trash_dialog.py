"""The Trash: deleted contacts and events, to restore or to delete for good."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from netcapture.desk import TrashedItem


class TrashDialog(QDialog):
    restoreRequested = Signal(list)  # TrashedItems
    emptyRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Trash")
        self.setMinimumSize(480, 360)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Deleted contacts and events")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.hint = QLabel("Deleted contacts keep their notes, follow-ups and cards until the Trash is emptied.",
                           self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.restore_button = QPushButton("&Restore", self)
        self.restore_button.clicked.connect(self._restore)
        self.empty_button = QPushButton("&Empty Trash…", self)
        self.empty_button.clicked.connect(self._empty)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.set_items([])

    def set_items(self, items: list[TrashedItem]) -> None:
        self.list.clear()
        for entry in items:
            kind = "Event" if entry.kind == "event" else "Contact"
            item = QListWidgetItem(f"{entry.name}  ·  {kind}, deleted {entry.deleted_at:%d %b %H:%M}")
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.list.addItem(item)
        if items:
            self.list.setCurrentRow(0)
        self.restore_button.setEnabled(bool(items))
        self.empty_button.setEnabled(bool(items))
        if not items:
            self.list.addItem("The Trash is empty.")

    def _restore(self) -> None:
        chosen = [i.data(Qt.ItemDataRole.UserRole) for i in self.list.selectedItems()
                  if i.data(Qt.ItemDataRole.UserRole) is not None]
        if chosen:
            self.restoreRequested.emit(chosen)

    def _empty(self) -> None:
        if QMessageBox.question(self, "Empty Trash", "Delete everything in the Trash for good?") == \
                QMessageBox.StandardButton.Yes:
            self.emptyRequested.emit()
